"""Metadata extractors: turn the header lines the filters set aside into title, date, author, dateline, source."""
from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
import warnings
from typing import Iterator, Sequence

from dateutil import parser as dateparser

from . import patterns
from .model import Line

_HAS_DIGIT = re.compile(r"\d")
# Two numbers, or one of six digits or more ('20240429'): the least a line names a date's day and year with (see
# parse_date). Written with its \d first, not as \d\D+\d|\d{6}: a search tries each character, and this way costs
# one test a character, as _HAS_DIGIT does.
_TWO_NUMBERS = re.compile(r"\d(?:\D+\d|\d{5})")
_MONTHS = re.compile(
    r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\b", re.I)
_BY_TAIL = re.compile(r"\s+(?:by|von|par|por|di|door)\s+", re.I)
_DOTTED = re.compile(r"^\d{1,2}\.\d{1,2}\.\d{2,4}\b")
# A time written with a dot or an h ('2 May 2024 19.30', '3 mars 2024 à 9 h 15'), not a piece of a dotted date or
# of a longer number
_WRITTEN_TIME = re.compile(r"(?<![\d.])([01]?\d|2[0-3])(?:\.|\s?h\s?)([0-5]\d)(?![\d.])")
# A Chinese, Japanese or Korean date ('2024年5月20日', '2024년 5월 20일'), perhaps with its weekday and a time, and
# nothing else: no dateutil or dateparser language reads these
_CJK_DATE = re.compile(r"^(?P<year>\d{4})\s*[年년]\s*(?P<month>\d{1,2})\s*[月월]\s*(?P<day>\d{1,2})\s*[日일]"
                       r"[\s\d:：()（）星期周週一二三四五六日天曜月火水木金土요일월화수목금토上下午前後오전후]*$")
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}")
_NUMERIC = re.compile(r"^\d{1,2}[/-]\d{1,2}[/-]\d{2,4}\b")
_YEAR = re.compile(r"\b(19|20)\d{2}\b")
_DAY = re.compile(r"(?<!\d)\d{1,2}(?!\d)")
FOREIGN_DATE_MAX_WORDS = 8
# Languages whose month names dateparser tries; fewer languages, faster answers.
DATE_LANGUAGES = ["en", "de", "fr", "es", "it", "pt", "nl", "ru", "pl", "sv", "da", "nb", "fi", "cs", "tr"]
_LETTERS = re.compile(r"[^\W\d_]{3,}")
_LETTER_RUN = re.compile(r"[^\W\d_]+")
_COUNT = re.compile(r"\(\d+\)")  # 'July 2013 (25)': a number in brackets counts posts, it is no day
_NUMERIC_DATE = re.compile(r"\d{1,4}[./-]\d{1,2}[./-]\d{1,4}")
_RELATIVE = re.compile(r"\b(ago|today|yesterday|hours?|minutes?|mins?)\b", re.I)
_AGENCY_TAIL = re.compile(rf"^(?P<name>.+?),\s*(?P<org>[{patterns.CAPITALS}][{patterns.CAPITALS}&.]{{1,10}}"
                          r"|Reuters|Associated Press|Bloomberg)$")


def parse_date(text: str, language: str | None = None) -> str | None:
    """An ISO 8601 date (YYYY-MM-DD) for a line that is only a date, such as 'April 29, 2025' or
    '12. März 2024'; None when it is not a date or names no day (never invented).

    An English month name that dateutil could not read on an English page is not handed on to the
    slow multilingual parser.
    """
    # A date names its day and its year in digits, and never with one number that has fewer than six: dateutil
    # cuts only a number of 6, 8, 12 or 14 digits into several fields, takes any other number for one field (a
    # day, month or year), and months and weekdays by name; with a field missing its two defaults disagree (see
    # _dateutil). The multilingual path wants a year and a day apart (_maybe_foreign_date). The many lines that
    # fail this are answered before the cache, which they would only crowd.
    return _parse_date(text, language) if may_name_a_date(text) else None


def may_name_a_date(text: str) -> bool:
    """Whether `text` passes the first test of `parse_date` (two numbers, or one of six digits or more): a text
    that fails it is no date, in any case or spacing."""
    return _TWO_NUMBERS.search(text) is not None


@lru_cache(maxsize=8192)
def _parse_date(text: str, language: str | None) -> str | None:
    text = _BY_TAIL.split(text.strip(), maxsplit=1)[0]
    text = text.strip().strip("|·•-–—,;\"'“”„ ").strip()
    if not _HAS_DIGIT.search(text) or len(text) > 60 or _RELATIVE.search(text) or _COUNT.search(text):
        return None
    cjk = _CJK_DATE.match(text)
    if cjk:
        return _cjk_date(cjk)
    text = _WRITTEN_TIME.sub(r"\1:\2", text)  # '19.30 EDT', '9 h 15': the parsers read neither as a time
    if _DOTTED.match(text):  # 12.03.2024 is day first wherever it is written
        # with words dateutil does not know ('03.05.2024, 14:32 Uhr'), the multilingual parser reads it
        return _dateutil(text, dayfirst=True) or (_dateparser(text, "DMY") if _maybe_foreign_date(text) else None)
    date = None
    if _MONTHS.search(text) or _ISO.match(text) or _NUMERIC.match(text):
        # 04/06/2025 is April 6 in English (as the US write it) and June 4 in the other languages; ISO is ISO
        numeric = _NUMERIC.match(text) is not None
        date = _dateutil(text, dayfirst=numeric and language is not None and language != "en")
    if date is None and not (language == "en" and _MONTHS.search(text)) and _maybe_foreign_date(text):
        date = _foreign_date(text)
    return date


def _cjk_date(match: re.Match[str]) -> str | None:
    """The date of a Chinese, Japanese or Korean date line (see _CJK_DATE), None for no such day."""
    try:
        return dt.date(int(match["year"]), int(match["month"]), int(match["day"])).isoformat()
    except ValueError:
        return None


def _maybe_foreign_date(text: str) -> bool:
    """A short line with a day number, a year and a month (a name, or a numeric date): worth reading as a date
    in another language (see `_foreign_date`)."""
    if len(text.split()) > FOREIGN_DATE_MAX_WORDS or not _YEAR.search(text) or not _DAY.search(text):
        return False
    if not _LETTERS.search(text):
        return False
    return bool(_NUMERIC_DATE.search(text)) or any(w in _month_names() for w in _LETTER_RUN.findall(text.lower()))


def _foreign_date(text: str) -> str | None:
    """A date in another language: its month names put in English for dateutil when every other word is one
    dateutil knows ('04. Juni 2020'); what dateutil cannot read goes to the slow multilingual parser
    ('18. Oktober 2019 um 17:18 Uhr')."""
    names = _month_names()
    english = _LETTER_RUN.sub(lambda m: names.get(m.group().lower(), m.group()), text)
    date = _dateutil(english, dayfirst=True) if english != text and _dateutil_may_read(english) else None
    return date or _dateparser(text)


@lru_cache(maxsize=1)
def _month_names() -> dict[str, str]:
    """The month names and abbreviations dateparser knows in DATE_LANGUAGES, lowercased, with the English name
    of their month; a name that means two months in two languages is left out (loaded on first use)."""
    from dateparser.languages.loader import default_loader  # type: ignore[import-untyped]

    months = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
              "November", "December")
    meanings: dict[str, set[str]] = {}
    for language in DATE_LANGUAGES:
        info = default_loader.get_locale(language).info
        for month in months:
            for name in info.get(month.lower(), ()):
                meanings.setdefault(name.lower(), set()).add(month)
    return {name: month for name, (month, *others) in meanings.items() if not others}


def _dateutil_words() -> frozenset[str]:
    """Every word dateutil's parser knows in any case: month and weekday names, 'at', 'of', 'am'…, lowercased."""
    info = dateparser.parserinfo()
    names = [*info.JUMP, *info.PERTAIN]
    names += [name for group in (*info.WEEKDAYS, *info.MONTHS, *info.HMS, *info.AMPM) for name in group]
    return frozenset(name.lower() for name in names)


_DATEUTIL_WORDS = _dateutil_words()
_ZONES = frozenset(dateparser.parserinfo().UTCZONE)  # 'UTC', 'GMT', 'Z' and 'z': known in this case only


def _dateutil_may_read(text: str) -> bool:
    """Whether every word of `text` is one dateutil knows, or could be a time zone ('EST'): dateutil (not fuzzy)
    rejects any other word, so the many lines that fail here need not be handed to it (it is slow)."""
    return all(word.lower() in _DATEUTIL_WORDS or word in _ZONES or _could_be_zone(word)
               for word in _LETTER_RUN.findall(text))


def _could_be_zone(word: str) -> bool:
    """'EST', 'CEST': dateutil takes a word of up to five capitals for a time zone's name."""
    return len(word) <= 5 and word.isascii() and word.isupper()


# Two defaults that differ in year, month and day: a field the text lacks shows as a disagreement. Both years are
# leap years, so that 'February 29' reads under both. Their days lie two weeks apart: a weekday without a day
# ('Monday, June 2024') moves each default to the next such day, up to six days on, and from the 1st and the 2nd
# both would reach the same, invented, date.
_DEFAULTS = (dt.datetime(1904, 1, 1), dt.datetime(1908, 2, 15))


def _dateutil(text: str, dayfirst: bool) -> str | None:
    """dateutil's reading, or None when the text lacks a day, month or year (two defaults disagree)."""
    if not _dateutil_may_read(text):
        return None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # time zone names dateutil does not know: the date is still right
        try:
            first, second = _readings(text, dayfirst)
        except (ValueError, OverflowError, TypeError):
            return None
    if first.date() != second.date() or not 1900 <= first.year <= 2100:
        return None
    return first.date().isoformat()


def _readings(text: str, dayfirst: bool) -> list[dt.datetime]:
    """What `dateutil.parser.parse(text, dayfirst=dayfirst)` gives with each of `_DEFAULTS`, the text parsed once:
    these are parse's own steps (its parsing does not depend on the default, only the building does), and the
    parsing is the slow part. Raises ValueError where parse would."""
    parser = dateparser.DEFAULTPARSER
    found, _ = parser._parse(text, dayfirst=dayfirst, fuzzy=False)  # type: ignore[attr-defined]
    if found is None or len(found) == 0:
        raise ValueError(f"no date in {text!r}")
    return [parser._build_tzaware(parser._build_naive(found, default), found, None)  # type: ignore[attr-defined]
            for default in _DEFAULTS]


def _dateparser(text: str, order: str | None = None) -> str | None:
    """Dates in other languages ('12. März 2024', '3 de abril de 2024'), read by the dateparser library; `order`
    ("DMY"…) says how to read numeric dates, which the library otherwise guesses from the language."""
    import dateparser as multilingual  # type: ignore[import-untyped]  # loaded only for the lines that need it

    settings = {"REQUIRE_PARTS": ["day", "month", "year"], **({"DATE_ORDER": order} if order else {})}
    parsed = multilingual.parse(text, languages=DATE_LANGUAGES, settings=settings)
    if not isinstance(parsed, dt.datetime) or not 1900 <= parsed.year <= 2100:
        return None
    return parsed.date().isoformat()


def published(lines: Sequence[Line], language: str | None = None) -> str | None:
    """The date in a 'published-on' or 'date-line' header, or in a byline ('By Jane Doe · 5 March 2024'; HTML's
    byline elements: 'Published 2 May 2022 by Jane Doe'); a publication date before an update's ('Mis à jour le
    4 mars 2024'), whichever comes first; None when its slot is empty (never invented)."""
    update = None
    for text, is_update in _dated_texts(lines):
        date = parse_date(text, language)
        if date and not is_update:
            return date
        update = update or date
    return update


def _dated_texts(lines: Sequence[Line]) -> Iterator[tuple[str, bool]]:
    """The texts of the header lines that may hold the story's date, each with whether it dates an update: by its
    own label, or by the label alone on the line above ('Updated:' / '6 March 2024')."""
    under_update = False  # the header line above was an update label with its date on the next line
    for ln in lines:
        if ln.dropped_by not in ("published-on", "date-line", "byline"):
            continue
        label = patterns.PUBLISHED_LABEL.match(ln.key)
        if label:
            update = bool(patterns.UPDATED_LABEL.match(ln.key))
            yield ln.key_as_written(label.start("rest")), update
            under_update = update and not label.group("rest")
            continue
        if ln.dropped_by == "byline":  # 'November 2, 2012 by Scott McLeod' (parse_date cuts the name off)
            yield ln.text, False
            dated = dated_byline(ln.text.strip())
            yield from dated[1] if dated else ()
        else:
            yield ln.text, under_update
        under_update = False


# What sets a byline's date apart from its name: 'By Jane Doe · 5 March 2024', 'Von Eva Maaß | 07.11.2023, 18:30 Uhr'
_PIECE_SEPARATOR = re.compile(r"\s+[|·•—–-]\s+")
BYLINE_MAX_CHARS = 120  # a longer line is a sentence, not a byline


def dated_byline(text: str) -> tuple[str, list[tuple[str, bool]]] | None:
    """A byline with its dates after it ('By Jane Doe · 5 March 2024 | Updated: 6 March 2024'): the byline, and
    the dates without their labels, each with whether its label dates an update; None unless every piece after
    the first names a date."""
    pieces = _byline_pieces(text)
    if pieces is None:
        return None
    first, rest = pieces
    dates = [_unlabelled(piece) for piece in rest]
    return (first, dates) if all(parse_date(date) for date, _ in dates) else None


def _byline_pieces(text: str) -> tuple[str, list[str]] | None:
    """A byline cut at its separators: the name's piece and the others; None for a single piece. A comma parts a
    name of two words or more from what follows ('Par Élodie Garnier, publié le 3 mars 2024'), not one word
    ('Von Berlin, 3. März 2024', 'Par Lundi, 3 mars 2024' name no author)."""
    if len(text) > BYLINE_MAX_CHARS:  # a separator search over a long run of spaces backtracks badly
        return None
    first, *rest = _PIECE_SEPARATOR.split(text)
    if not rest:
        first, *rest = text.split(", ", 1)
        if len(first.split()) < 3:  # the lead word and a name of one word
            return None
    return (first, rest) if rest else None


def _unlabelled(piece: str) -> tuple[str, bool]:
    """A date without its label, and whether the label dates an update: 'Aktualisiert: 07.11.2023' gives
    ('07.11.2023', True)."""
    folded = piece.casefold()
    label = patterns.PUBLISHED_LABEL.match(folded) if len(folded) == len(piece) else None  # positions kept
    if label is None:
        return piece, False
    return piece[label.start("rest"):], bool(patterns.UPDATED_LABEL.match(folded))


def author(lines: Sequence[Line]) -> tuple[str | None, str | None]:
    """The author's name from a 'byline' line, and an organisation named with it ('By Jane Doe, CNN')."""
    for ln in lines:
        if ln.dropped_by not in ("published-on", "byline"):
            continue
        text = ln.text.strip()
        dated = dated_byline(text) if ln.dropped_by == "byline" else None
        if dated and patterns.BYLINE.match(dated[0]):
            text = dated[0]  # 'By Jane Doe · 5 March 2024'
        elif not patterns.BYLINE.match(text):  # "Posted on March 3, 2024 by Anna Berg"
            parts = _BY_TAIL.split(text, maxsplit=1)
            text = "By " + parts[1] if len(parts) == 2 else ""
        match = patterns.BYLINE.match(text)
        if not match:
            continue
        name, org = match.group("name").strip(), match.group("org")
        tail = _AGENCY_TAIL.match(name)
        if tail and not org:
            name, org = tail.group("name"), tail.group("org")
        return name, org.strip() if org else None
    return None, None


def dateline_and_source(lines: Sequence[Line]) -> tuple[str | None, str | None]:
    """From a 'dateline' block: the place ('Seoul, South Korea') and the source ('CNN') before the dash."""
    block = [ln.text.strip() for ln in lines if ln.dropped_by == "dateline" and not patterns.DASH_ONLY.match(ln.text)]
    if not block:
        return None, None
    source = block[-1]
    place = block[-2] if len(block) >= 2 else None
    return place, source


def inline_dateline(paragraph: str) -> tuple[str | None, str | None]:
    """A wire dateline opening the first paragraph: 'MADRID (Reuters) — …' gives ('MADRID', 'Reuters')."""
    match = patterns.INLINE_DATELINE.match(paragraph)
    if not match:
        return None, None
    return match.group("place").strip(), match.group("source")
