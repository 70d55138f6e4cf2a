"""Tests for the metadata extractors: dates, bylines, datelines and sources."""
from __future__ import annotations

import pytest

from cleaner import clean_text
from cleaner import metadata
from cleaner.metadata import inline_dateline, parse_date
from cleaner.model import Article

BODY = [
    "The regional council approved a plan on Tuesday to rebuild the old harbor wall, which was badly damaged in last winter's storms.",
    "Engineers have warned for years that the wall, built in the 1890s, could give way in a severe storm and flood the streets behind it.",
    "Under the plan, the work will begin in the spring and is expected to take about two years, with the busiest stretch closed in stages.",
]


def article(header: str) -> Article:
    """The one article of a page: category, title, then `header` lines, then the body."""
    articles = clean_text("\n\n".join(["Europe", "Harbor wall to be rebuilt", header, *BODY])).articles
    assert len(articles) == 1
    return articles[0]


@pytest.mark.parametrize("text, iso", [
    pytest.param("April 29, 2025", "2025-04-29", id="US long"),
    pytest.param("29 April 2025", "2025-04-29", id="British long"),
    pytest.param("Apr. 29, 2025", "2025-04-29", id="abbreviated month"),
    pytest.param("Tuesday, April 29, 2025", "2025-04-29", id="with weekday"),
    pytest.param("2025-04-29", "2025-04-29", id="ISO"),
    pytest.param(" | April 29, 2025 ", "2025-04-29", id="separator around"),
    pytest.param("Thursday 2 May 2024 19.30 EDT", "2024-05-02", id="British time with a dot"),
    pytest.param("3 mars 2024 à 9 h 15", "2024-03-03", id="French time with an h"),
])
def test_parse_date(text: str, iso: str) -> None:
    assert parse_date(text) == iso


@pytest.mark.parametrize("text", [
    pytest.param("", id="empty"),
    pytest.param("on", id="the word on"),
    pytest.param("3 hours ago", id="relative"),
    pytest.param("Seoul, South Korea", id="place"),
    pytest.param("CNN", id="source"),
    pytest.param("May", id="month alone"),
    pytest.param("Room 101", id="number without a month"),
    pytest.param("03.05.2024 Bahnstreik legt Fernverkehr lahm", id="a dotted date opening a headline"),
    pytest.param("May 2024 12.30", id="a month, a year and a time: no day"),
    pytest.param("2024年5月20日 国产大飞机完成首飞", id="a Chinese date opening a headline"),
    pytest.param("2024年2月30日", id="no such day"),
])
def test_parse_date_rejects_non_dates(text: str) -> None:
    assert parse_date(text) is None


@pytest.mark.parametrize("text, iso", [
    pytest.param("12. März 2024", "2024-03-12", id="German"),
    pytest.param("12 mars 2024", "2024-03-12", id="French"),
    pytest.param("12.03.2024", "2024-03-12", id="dotted numeric is day first"),
    pytest.param("03.05.2024, 14:32 Uhr", "2024-05-03", id="dotted with a time in words"),
    pytest.param("12.11.2023 um 08:15 Uhr", "2023-11-12", id="dotted with a time in words is day first too"),
    pytest.param("2024年5月20日 09:30", "2024-05-20", id="Chinese or Japanese"),
    pytest.param("2024年5月20日（星期一）", "2024-05-20", id="Chinese with its weekday"),
    pytest.param("2024년 5월 20일 오후 3:15", "2024-05-20", id="Korean"),
])
def test_parse_date_other_languages(text: str, iso: str) -> None:
    """Pages in other languages write their dates their own way (issue 2: 'a page in another language')."""
    assert parse_date(text) == iso


@pytest.mark.parametrize("text, allowed", [
    pytest.param("April 2025", (None, "2025-04"), id="month and year"),
    pytest.param("1999", (None, "1999"), id="year alone"),
    pytest.param("Monday, June 2024", (None, "2024-06"), id="weekday, month and year"),
    pytest.param("Sunday, December 2023 10:00", (None, "2023-12"), id="weekday, month, year and time"),
])
def test_parse_date_never_invents_a_day(text: str, allowed: tuple[str | None, ...]) -> None:
    """A date without a day must not gain one ('never invented')."""
    assert parse_date(text) in allowed


@pytest.mark.parametrize(("text", "readable"), [
    ("November 19, 2019, 6:21 AM EST", True),
    ("Tue, 3rd of March 2020 at 10:00 GMT", True),
    ("2024-03-12T10:00Z", True),
    ("3 comments on 12 March 2024", False),
    ("12. März 2024", False),
])
def test_dateutil_is_asked_only_about_words_it_knows(text: str, readable: bool) -> None:
    """dateutil rejects any word it does not know (month and weekday names, 'at', 'of', a time zone): lines
    with another word are not handed to it."""
    assert metadata._dateutil_may_read(text) is readable


@pytest.mark.parametrize(("text", "worth"), [
    ("12. März 2024", True),
    ("3 de abril de 2024", True),
    ("Samstag, 2016-10-08", True),
    ("Seite 3 von 12, 2024", False),  # a day, a year and words, but no month
    ("12 März", False),  # no year
])
def test_the_multilingual_parser_is_asked_only_about_lines_with_a_month(text: str, worth: bool) -> None:
    assert metadata._maybe_foreign_date(text) is worth


@pytest.mark.parametrize(("text", "iso"), [("04. Juni 2020", "2020-06-04"), ("12 mars 2024", "2024-03-12"),
                                         ("Desember 30, 2015 at 4:36 am", "2015-12-30")])
def test_foreign_month_names_put_in_english_are_read_by_dateutil(text: str, iso: str,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """dateparser (slow) is not needed when the month name is the only word dateutil does not know."""
    monkeypatch.setattr(metadata, "_dateparser", lambda text: pytest.fail(f"dateparser asked about {text!r}"))
    assert metadata._foreign_date(text) == iso


def test_a_number_in_brackets_is_a_count_not_a_day() -> None:
    assert parse_date("Juli 2013 (25)", "de") is None and parse_date("March 2012 (7)", "en") is None


def test_published_is_none_when_the_slot_is_empty() -> None:
    assert article("Published\n\non").published is None


def test_published_from_the_date_slot() -> None:
    assert article("Published\n\non\n\nApril 29, 2025").published == "2025-04-29"


def test_published_from_a_posted_on_line() -> None:
    assert article("Posted on April 29, 2025").published == "2025-04-29"


def test_posted_on_date_by_author_line_gives_date_and_author() -> None:
    """WordPress's one-line 'Posted on <date> by <author>' header is metadata, never body."""
    found = article("Posted on March 3, 2024 by Anna Berg")
    assert (found.published, found.author, found.paragraphs) == ("2024-03-03", "Anna Berg", tuple(BODY))


@pytest.mark.parametrize("line, author, source", [
    pytest.param("By Jane Doe", "Jane Doe", None, id="name"),
    pytest.param("By Jane Doe, CNN", "Jane Doe", "CNN", id="name and organisation"),
    pytest.param("By Jane Doe | Reuters", "Jane Doe", "Reuters", id="bar before organisation"),
    pytest.param("By Jane Doe and John Smith", "Jane Doe and John Smith", None, id="two names"),
    pytest.param("Written by Anna Berg", "Anna Berg", None, id="written by"),
    pytest.param("Von Katrin Vogel", "Katrin Vogel", None, id="German"),
])
def test_byline_gives_author_and_source(line: str, author: str, source: str | None) -> None:
    found = article(line)
    assert (found.author, found.source, found.paragraphs) == (author, source, tuple(BODY))


@pytest.mark.parametrize("header, dateline, source", [
    pytest.param("Seoul, South Korea\nCNN\n\u00a0—\u00a0", "Seoul, South Korea", "CNN", id="place and source"),
    pytest.param("CNN\n\u00a0—\u00a0", None, "CNN", id="source only"),
])
def test_dateline_block_gives_place_and_source(header: str, dateline: str | None, source: str) -> None:
    found = article(header)
    assert (found.dateline, found.source, found.paragraphs) == (dateline, source, tuple(BODY))


@pytest.mark.parametrize("paragraph, expected", [
    pytest.param("MADRID (Reuters) — Spain restored power on Tuesday.", ("MADRID", "Reuters"), id="place and agency"),
    pytest.param("SEOUL, South Korea (AP) — The vote was close.", ("SEOUL, South Korea", "AP"), id="place with country"),
    pytest.param("WASHINGTON — Lawmakers met on Monday.", ("WASHINGTON", None), id="place only"),
    pytest.param("PARIS, 3 mai (Reuters) - Le gouvernement a annoncé un plan.", ("PARIS", "Reuters"),
                 id="French date, day first"),
    pytest.param("MÜNCHEN, 3. Mai (dpa) - Der Stadtrat hat entschieden.", ("MÜNCHEN", "dpa"), id="German, umlaut"),
    pytest.param("MADRID, 15 ene (EFE).- El Gobierno ha aprobado la ley.", ("MADRID", "EFE"), id="Spanish '.-'"),
    pytest.param("I went to PARIS - it was fine.", (None, None), id="capitals inside a sentence"),
    pytest.param("TOP 10 tips - how to save money", (None, None), id="a number after capitals is no date"),
    pytest.param("Madrid is the capital of Spain — and its largest city.", (None, None), id="ordinary sentence"),
    pytest.param("The mayor — who was re-elected — spoke first.", (None, None), id="dashes in a sentence"),
])
def test_inline_dateline(paragraph: str, expected: tuple[str | None, str | None]) -> None:
    assert inline_dateline(paragraph) == expected


def test_inline_dateline_fills_an_article_without_a_dateline_block() -> None:
    found = article("By Jane Doe\n\nMADRID (Reuters) — Spain and Portugal restored power to almost every home on Tuesday.")
    assert (found.dateline, found.source) == ("MADRID", "Reuters")


@pytest.mark.parametrize("text", ["April 2024", "Monday, June 2024", "June 5th", "Juni 2024", "mars 2024",
                                  "Posted 12345", "2024", "Sept. 2019 (updated)"])
def test_a_line_with_a_single_number_names_no_date(text: str) -> None:
    """parse_date turns lines with one number of under six digits away before parsing them (a date needs its day
    and year in digits): the parsers behind it, asked directly, agree that they name no date."""
    for language in (None, "en", "de", "fr"):
        assert metadata._parse_date(text, language) is None
        assert parse_date(text, language) is None


def test_a_story_takes_no_date_or_author_from_its_reader_comments() -> None:
    """A comment thread's dates and names are the commenters': a story without a date of its own has none."""
    thread = ["3 Comments", "Mary Holt", "January 9, 2025 at 3:14 pm",
              "Good for them, I hope the other harbors are watching how this goes.", "Reply",
              "By Tom Briggs", "January 10, 2025 at 5:40 pm", "A meter higher is not much for a century.", "Reply"]
    page = "\n".join(["Europe", "Harbor wall to be rebuilt", "By Jane Doe", *BODY, *thread])
    [found] = clean_text(page).articles
    assert (found.title, found.author, found.published) == ("Harbor wall to be rebuilt", "Jane Doe", None)
    dated = page.replace("By Jane Doe", "By Jane Doe\nJanuary 8, 2025")
    assert clean_text(dated).articles[0].published == "2025-01-08"


@pytest.mark.parametrize("line, name", [
    ("By Jane Doe · April 29, 2025", "Jane Doe"), ("By Jane Doe | 29.04.2025, 14:32 Uhr", "Jane Doe"),
    ("By Jane Doe | April 29, 2025 | Updated: April 30, 2025", "Jane Doe"), ("By Jane Doe, April 29, 2025", "Jane Doe"),
    ("Par Élodie Garnier, publié le 29 avril 2025 à 9 h 15", "Élodie Garnier"),
])
def test_a_byline_with_its_date_gives_both(line: str, name: str) -> None:
    found = article(line)
    assert (found.author, found.published, found.paragraphs) == (name, "2025-04-29", tuple(BODY))


def test_the_publication_date_comes_before_an_update_above_it() -> None:
    found = article("Updated: April 30, 2025\n\nPublished: April 29, 2025")
    assert found.published == "2025-04-29"


@pytest.mark.parametrize("line, name", [("Автор: Ольга Смирнова", "Ольга Смирнова"),
                                        ("By Łukasz Nowak", "Łukasz Nowak")])
def test_names_in_other_alphabets_and_with_accented_capitals_are_bylines(line: str, name: str) -> None:
    assert article(line).author == name


@pytest.mark.parametrize("line", ["By Jane Doe | Politics", "Home | News | Sport"])
def test_a_byline_with_other_pieces_than_dates_is_no_dated_byline(line: str) -> None:
    assert metadata.dated_byline(line) is None


@pytest.mark.parametrize("language, iso", [("en", "2025-04-06"), ("pt", "2025-06-04"), (None, "2025-04-06")])
def test_a_numeric_date_is_day_first_outside_english(language: str | None, iso: str) -> None:
    assert parse_date("04/06/2025", language) == iso
    assert parse_date("2025-04-06", language) == "2025-04-06"  # ISO is ISO in every language


@pytest.mark.parametrize("header", ["By Jane Doe | Updated: April 30, 2025\n\nPublished: April 29, 2025",
                                    "Updated:\n\nApril 30, 2025\n\nPublished: April 29, 2025",
                                    "Published: April 29, 2025\n\nUpdated: April 30, 2025"])
def test_an_update_date_gives_way_to_the_publication_date_wherever_it_stands(header: str) -> None:
    assert article(header).published == "2025-04-29"


def test_an_update_date_alone_is_the_date_there_is() -> None:
    assert article("Updated: April 30, 2025").published == "2025-04-30"


@pytest.mark.parametrize("line", ["Von Montag, 3. März 2024", "Par Lundi, 3 mars 2024", "Von Berlin, 3. März 2024"])
def test_a_weekday_or_a_place_before_a_date_is_no_byline(line: str) -> None:
    assert metadata.dated_byline(line) is None


def test_an_agency_in_cyrillic_is_the_source() -> None:
    found = article("Автор: Ольга Смирнова, ТАСС")
    assert (found.author, found.source) == ("Ольга Смирнова", "ТАСС")


def test_a_portuguese_page_reads_its_slashed_date_day_first() -> None:
    body = ["O conselho regional aprovou na terça-feira um plano para reconstruir o antigo muro do porto, que foi "
            "muito danificado pelas tempestades do último inverno.",
            "Os engenheiros avisam há anos que o muro, construído em 1890, pode ceder numa tempestade forte e "
            "inundar as ruas que ficam atrás dele.",
            "Segundo o plano, as obras começam na primavera e devem durar cerca de dois anos, com o troço mais "
            "movimentado fechado por etapas."]
    page = "\n\n".join(["Cidade", "Muro do porto vai ser reconstruído", "Publicado em 04/06/2025", *body])
    [found] = clean_text(page).articles
    assert found.published == "2025-06-04"
