"""Tests for the named filters: lines each one drops, with its name as the reason, and real sentences it keeps.

Every case runs through the whole default pipeline, set between ordinary body paragraphs, because what
matters is the verdict a line gets on a page: which filter drops it first, or that none does.
"""
from __future__ import annotations

import re

import pytest

from cleaner import filters
from cleaner.filters import DEFAULT_ORDER, REGISTRY, run
from cleaner.model import Line
from cleaner.pipeline import filter_names, to_lines

# Body paragraphs around each case: separated by blank lines, as most dumps are, and enough of them
# (twelve) for the page-level filters to see an ordinary article.
BEFORE = [
    "The regional council approved a plan on Tuesday to rebuild the old harbor wall, which was badly damaged in last winter's storms.",
    "Engineers have warned for years that the wall, built in the 1890s, could give way in a severe storm and flood the streets behind it.",
    "Under the plan, the work will begin in the spring and is expected to take about two years, with the busiest stretch closed in stages.",
    "Fishing crews who moor in the harbor said they welcomed the decision but worried about where they would keep their boats in the meantime.",
    "The council said it would rent space in a neighboring port and pay part of the extra fuel costs for crews who have to travel further.",
    "A public meeting to explain the timetable will be held at the town library on the first Monday of next month, starting at seven.",
]
AFTER = [
    "Residents of the streets nearest the water have been asked to sign up for flood warnings by text message while the work goes on.",
    "The project will cost about 14 million euros, most of it paid by the national government from a fund for coastal defenses.",
    "Local businesses along the seafront said they hoped the construction would not keep summer visitors away from the promenade.",
    "Several older residents recalled the great flood of 1953, when water reached the steps of the town hall and hundreds were evacuated.",
    "The council's engineer said the new wall would be a meter higher than the old one, allowing for the sea level rise expected this century.",
    "Contracts for the work are expected to be signed before the end of the year, after a tender that drew bids from four companies.",
]


def verdicts(block: str) -> list[Line]:
    """The non-blank lines of `block`, as the default pipeline leaves them, with body paragraphs around it."""
    text = "\n\n".join(BEFORE) + "\n\n" + block + "\n\n" + "\n\n".join(AFTER)
    lines = run(to_lines(text))
    first = 2 * len(BEFORE)
    return [ln for ln in lines[first:first + block.count("\n") + 1] if not ln.blank]


def drops(reason: str, block: str, id: str, reasons: list[str | None] | None = None):  # noqa: A002
    """A DROPS case: every non-blank line of `block` is dropped for `reason` (or, line by line, for `reasons`)."""
    return pytest.param(reason, block, reasons, id=f"{reason}: {id}")


def keeps(reason: str, block: str, id: str, reasons: list[str | None] | None = None):  # noqa: A002
    """A KEEPS case: `block` tempts filter `reason`, yet every line is kept (or, line by line, as `reasons` says)."""
    return pytest.param(reason, block, reasons, id=f"{reason}: {id}")


DROPS = [
    # stock-phrase: widget labels of common themes, in several languages
    drops("stock-phrase", "Source link", "source link"),
    drops("stock-phrase", "Continue Reading", "continue reading"),
    drops("stock-phrase", "Connect with us", "connect with us"),
    drops("stock-phrase", "Read more »", "read more with arrow"),
    drops("stock-phrase", "Share this:", "share this"),
    drops("stock-phrase", "Sha\u200bre this", "zero-width space inside"),
    drops("stock-phrase", "Related posts", "related posts"),
    drops("stock-phrase", "You may also like", "you may also like"),
    drops("stock-phrase", "Advertisement", "advertisement"),
    drops("stock-phrase", "Subscribe to our newsletter", "newsletter"),
    drops("stock-phrase", "Follow us", "follow us"),
    drops("stock-phrase", "Trending", "trending"),
    drops("stock-phrase", "Most read", "most read"),
    drops("stock-phrase", "Tags: politics, europe", "tag list"),
    drops("stock-phrase", "© 2025 The Daily Courier. All rights reserved.", "copyright"),
    drops("cookie-notice", "We use cookies to improve your experience.", "short cookie notice"),
    drops("cookie-notice", "We use cookies to improve your experience on our site. By continuing to use this site you "
                          "agree to our use of cookies.", "full cookie notice"),
    drops("stock-phrase", "Weiterlesen", "German read more"),
    drops("stock-phrase", "Teilen", "German share"),
    drops("stock-phrase", "Lire la suite", "French read more"),
    drops("stock-phrase", "Lesen Sie auch", "German read also"),
    drops("stock-phrase", "[edit]", "a wiki section link"),
    drops("stock-phrase", "Photographs by Teodor Mak", "photo credit"),
    drops("stock-phrase", "Читайте также", "Russian read also"),
    # share-bar: network names and share verbs only
    drops("share-bar", "Facebook", "one network"),
    drops("share-bar", "Facebook Twitter LinkedIn", "networks in a row"),
    drops("share-bar", "Tweet | Pin | Email", "verbs with bars"),
    drops("share-bar", "Facebook · X · Reddit", "networks with dots"),
    drops("share-bar", "Artikel teilen: Facebook WhatsApp E-Mail", "German, with the word article"),
    # media-file and video-duration
    drops("media-file", "SK_Deepfakes_HZ.00_00_36_01.Still001.jpg", "seed still"),
    drops("media-file", "IMG_2041.JPG", "camera file"),
    drops("media-file", "hero-image.webp?w=1200", "query string"),
    drops("media-file", "interview_clip.mp4", "video file"),
    drops("video-duration", "03:55", "minutes"),
    drops("video-duration", "1:02:17", "hours"),
    drops("media-title", "SK_Deepfakes.jpg\n\nVictim of AI-generated revenge porn tells CNN incident changed her "
                         "‘whole personality’\n\n03:55", "between file and duration",
          ["media-file", "media-title", "video-duration"]),
    # punctuation-only
    drops("punctuation-only", "* * *", "asterisms"),
    drops("punctuation-only", "•••", "bullets"),
    drops("punctuation-only", "|", "bar"),
    drops("punctuation-only", "»", "guillemet"),
    # comment-form: the whole form, field labels included
    drops("comment-form", "Leave a Reply\n\nYour email address will not be published. Required fields are marked *\n\n"
                          "Comment *\n\nName *\n\nEmail *\n\nWebsite\n\nSave my name, email, and website in this "
                          "browser for the next time I comment.\n\nPost Comment", "WordPress form"),
    drops("comment-form", "Click to comment\n\nLeave a Reply\n\nYour email address will not be published. Required "
                          "fields are marked *", "seed form"),
    drops("comment-form", "Leave a Reply Cancel reply\n\nComment\n\nName\n\nEmail\n\nWebsite\n\nPost Comment",
          "form with cancel link"),
    drops("comment-form", "Kommentar schreiben\n\nIhre E-Mail-Adresse wird nicht veröffentlicht. Erforderliche "
                          "Felder sind mit * markiert\n\nKommentar abschicken", "German form"),
    # published-on: the header and its date slot, empty or not
    drops("published-on", "Published\n\non", "empty date slot"),
    drops("published-on", "Published\n\non\n\nApril 29, 2025", "date in the slot"),
    drops("published-on", "Posted on April 29, 2025", "date on the same line"),
    drops("published-on", "Updated: 29 April 2025", "updated"),
    drops("published-on", "Veröffentlicht\n\nam\n\n12. März 2024", "German date in the slot"),
    drops("published-on", "Data publikacji: 03.06.2025, 14:20", "Polish label"),
    drops("published-on", "Опубликовано: 3 июня 2025", "Russian label"),
    drops("published-on", "Posted on March 3, 2024 by Anna Berg", "date and author on one line"),
    drops("published-on", "Updated: Nov. 20, 2019, 9:28 AM UTC", "time zone on the same line"),
    drops("published-on", "Published\n\non\n\nNov 19, 2019, 8:15 pm CST", "time zone in the slot"),
    # date-line: a line that is only a date, a time and its zone in capitals as written ('est' is no zone)
    drops("date-line", "November 19, 2019, 6:21 AM EST", "US date, time and zone"),
    drops("date-line", "12:03 GMT, Nov 20, 2019", "time first"),
    drops("date-line", "03.05.2024, 14:32 Uhr", "dotted date and a German time"),
    # byline
    drops("byline", "By Jane Doe", "name"),
    drops("byline", "By Jane Doe, CNN", "name and organisation"),
    drops("byline", "By Jane Doe and John Smith", "two names"),
    drops("byline", "BY JANE DOE", "capitals"),
    drops("byline", "Written by Anna Berg", "written by"),
    drops("byline", "Von Katrin Vogel", "German"),
    drops("byline", "Par Jean Dupont", "French"),
    # dateline: place, source and the dash that opens the body
    drops("dateline", "Seoul, South Korea\nCNN\n\u00a0—\u00a0", "place, source, dash"),
    drops("dateline", "CNN\n — ", "source and dash"),
    # repeated-line: a short line the page repeats as a template
    drops("repeated-line", "\n".join(line for rep in range(3) for line in ["Asia", *(f"Item {rep}.{n}" for n in range(9))]),
          "category label three times, far apart", (["repeated-line"] + ["outside-main"] * 9) * 3),
    # pull-quote: a sentence the body says too, and its attribution
    drops("pull-quote", "“This is something that has been delayed for far too long.”\n\nWon Eun-ji, Activist & "
                        "Journalist\n\nWon welcomed this move, but with some skepticism. “This is something that has "
                        "been delayed for far too long,” she said.", "seed pull quote",
          ["pull-quote", "pull-quote", None]),
    # caption-run: touching one-sentence lines on a page whose paragraphs are apart
    drops("caption-run", "A banner promoting patriotic education on the bustling Barkhor Street in Lhasa.\n"
                         "Tourists flock to the bustling Barkhor Street in Lhasa, the Tibetan capital.", "gallery"),
]

KEEPS = [
    keeps("stock-phrase", "Continue reading the report, she said.", "continue reading"),
    keeps("stock-phrase", "The source link was broken.", "source link"),
    keeps("stock-phrase", "Read more books, the librarian urged the children.", "read more"),
    keeps("stock-phrase", "Share this with your friends, the teacher told the class.", "share this"),
    keeps("stock-phrase", "Follow us, the guide said, and stay close to the rope.", "follow us"),
    keeps("stock-phrase", "Subscribe to the local paper, my grandfather always said.", "subscribe to"),
    keeps("stock-phrase", "Leave a reply below if you have tried the recipe yourself.", "leave a reply"),
    keeps("stock-phrase", "Advertisement spending rose 4% last year, the report found.", "advertisement"),
    keeps("stock-phrase", "Trending topics on the site included the election and the weather.", "trending"),
    keeps("stock-phrase", "Most read books this year were thrillers, the survey found.", "most read"),
    keeps("stock-phrase", "Home is where the heart is, she said.", "home"),
    keeps("stock-phrase", "Related posts on the forum were deleted by the moderators within an hour.", "related posts"),
    keeps("stock-phrase", "Copyright law in the country dates back to 1911, the judge noted.", "copyright"),
    keeps("share-bar", "Facebook said on Tuesday that it would appeal the fine.", "facebook"),
    keeps("share-bar", "Email your questions to the newsroom before Friday.", "email"),
    keeps("share-bar", "Twitter was renamed X in 2023.", "twitter"),
    keeps("media-file", "The file was saved as photo.jpg by mistake.", "file name in a sentence"),
    keeps("media-file", "Download the form at city.gov before Friday.", "web address in a sentence"),
    keeps("video-duration", "The train leaves at 7:45.", "time in a sentence"),
    keeps("media-title", "IMG_2041.jpg\n\nThe mayor visited the school on Monday and promised new computers for "
                         "every classroom.", "sentence after a lone file name", ["media-file", None]),
    keeps("punctuation-only", "Why?", "one-word question"),
    keeps("punctuation-only", "“No.”", "one-word quote"),
    keeps("comment-form", "Readers can leave a reply under the article; required fields are marked with a star.",
          "form words in a sentence"),
    keeps("published-on", "Published in 1998, the novel sold a million copies.", "published in"),
    keeps("published-on", "Posted on the noticeboard was a list of names.", "posted on"),
    keeps("published-on", "Updated figures will be released on Monday.", "updated"),
    keeps("published-on", "Date night is back, the restaurant announced.", "date"),
    keeps("byline", "By the way, the mayor disagreed.", "by the way"),
    keeps("byline", "By Tuesday, the river had burst its banks.", "by a weekday"),
    keeps("byline", "By Christmas, the shelves were empty.", "by a holiday"),
    keeps("byline", "By 2030, the city wants every bus to be electric.", "by a year"),
    keeps("byline", "Von Anfang an war klar, dass die Stadt mehr Geld braucht.", "German von"),
    keeps("byline", "Par exemple, la ville a fermé trois écoles.", "French par"),
    keeps("dateline", "Seoul, South Korea, is one of the most wired cities in the world.", "place in a sentence"),
    keeps("dateline", "Officials said the count would take a week.\n—", "sentence before a dash", [None, "dateline"]),
    keeps("repeated-line", "Never again.\n\nNever again.\n\nNever again.", "sentence repeated"),
    keeps("repeated-line", "Asia\n\nAsia", "label twice"),
    keeps("pull-quote", "Police said the man was arrested.\n\nNobody else was hurt, and the station reopened within "
                        "the hour, a spokesperson for the transport company said.\n\nPolice said the man was arrested "
                        "on Friday night near the central station, and charged on Saturday.",
          "paragraph that begins another paragraph"),
    keeps("caption-run", "Ingredients:\n2 cups of flour\n1 teaspoon of salt", "touching list"),
]


@pytest.mark.parametrize("reason, block, reasons", DROPS)
def test_filter_drops(reason: str, block: str, reasons: list[str | None] | None) -> None:
    if reason not in REGISTRY:
        pytest.skip(f"no filter named {reason}")
    got = [ln.dropped_by for ln in verdicts(block)]
    assert got == (reasons or [reason] * len(got)), f"{block!r} should be dropped by {reason}"


@pytest.mark.parametrize("reason, block, reasons", KEEPS)
def test_filter_keeps(reason: str, block: str, reasons: list[str | None] | None) -> None:
    got = [ln.dropped_by for ln in verdicts(block)]
    assert got == (reasons or [None] * len(got)), f"{block!r} is body; it must be kept (tempts {reason})"


def test_blank_lines_dropped_as_blank_line() -> None:
    """Empty, whitespace-only and no-break-space-only lines all go as 'blank-line'."""
    lines = run(to_lines("First paragraph here.\n\n   \n\u00a0\nSecond paragraph here."))
    assert [ln.dropped_by for ln in lines[1:4]] == ["blank-line"] * 3


def test_caption_run_keeps_touching_lines_on_a_page_without_blank_lines() -> None:
    """When no paragraphs are set apart, touching sentences are ordinary body, not a gallery."""
    lines = run(to_lines("\n".join(BEFORE + AFTER)))
    assert [ln for ln in lines if ln.dropped_by == "caption-run"] == []


def test_first_filter_to_drop_names_the_reason() -> None:
    """'Share on Facebook' is both a stock phrase and a share bar; stock-phrase runs first."""
    assert DEFAULT_ORDER.index("stock-phrase") < DEFAULT_ORDER.index("share-bar")
    assert [ln.dropped_by for ln in verdicts("Share on Facebook")] == ["stock-phrase"]


def test_filters_never_edit_text() -> None:
    source = to_lines("\n\n".join(BEFORE) + "\n\nSource link\n\n  Continue Reading  \n\n\u00a0—\u00a0\n\n" + "\n\n".join(AFTER))
    assert [ln.text for ln in run(source)] == [ln.text for ln in source]


def test_skipped_filter_keeps_its_lines() -> None:
    lines = run(to_lines("\n\n".join(BEFORE) + "\n\nSource link\n\n" + "\n\n".join(AFTER)),
                filter_names(skip=["stock-phrase"]))
    assert [ln for ln in lines if ln.text == "Source link"][0].kept


def test_unknown_skip_name_is_an_error() -> None:
    with pytest.raises(ValueError, match="no-such-filter"):
        filter_names(skip=["no-such-filter"])


def test_byline_key_starts_hold_every_way_a_byline_key_begins() -> None:
    """headers.BYLINE_KEY_STARTS rules lines out before the byline pattern is tried: it must hold the first two
    letters of each lead word of patterns.BYLINE, in every character the ignore-case match takes for them,
    casefolded as a match key is."""
    import sys

    from cleaner import patterns
    from cleaner.filters.headers import BYLINE_KEY_STARTS

    lead = re.match(r"\^\(\?i:([^)]*)\)", patterns.BYLINE.pattern)
    assert lead, "BYLINE no longer opens with its (?i:...) lead words: update this test and BYLINE_KEY_STARTS"
    words = lead.group(1).split("|")
    letters = "".join(sorted({letter for word in words for letter in word[:2]}))
    any_letter = re.compile(f"(?i)[{re.escape(letters)}]")
    spellings: dict[str, set[str]] = {letter: set() for letter in letters}
    for char in map(chr, range(sys.maxunicode + 1)):
        if any_letter.fullmatch(char):
            for letter in letters:
                if re.fullmatch(f"(?i){re.escape(letter)}", char):
                    spellings[letter].add(char.casefold())
    for word in words:
        for first in spellings[word[0]]:
            for second in spellings[word[1]]:
                assert (first + second)[:2] in BYLINE_KEY_STARTS, (word, first, second)


class TestRegistry:
    """Meta tests for REGISTRY and DEFAULT_ORDER."""

    @pytest.mark.parametrize("name", sorted(REGISTRY))
    def test_every_filter_has_a_docstring(self, name: str) -> None:
        assert filters.describe(name), f"filter {name} needs a docstring saying what it removes"

    @pytest.mark.parametrize("name", sorted(REGISTRY))
    def test_every_filter_is_in_the_default_order(self, name: str) -> None:
        assert name in DEFAULT_ORDER

    def test_default_order_names_only_registered_filters_once(self) -> None:
        assert sorted(DEFAULT_ORDER) == sorted(set(DEFAULT_ORDER)) and set(DEFAULT_ORDER) <= set(REGISTRY)

    @pytest.mark.parametrize("name", sorted(REGISTRY))
    def test_filter_names_are_kebab_case(self, name: str) -> None:
        assert re.fullmatch(r"[a-z]+(-[a-z]+)*", name)


def test_a_line_pickles_as_the_frozen_line_of_earlier_versions_did() -> None:
    """Results cross processes (workers, a Dask cluster whose machines may run another version): the pickled state
    is the six fields' values, which the frozen Line of earlier versions also wrote and read."""
    import pickle

    line = Line.of(3, "Hello  world", tag="p", container=2).drop("byline")
    assert line.__getstate__() == [3, "Hello  world", "byline", "hello world", "p", 2]
    loaded = pickle.loads(pickle.dumps(line))
    assert (loaded, loaded.key, loaded.kept, loaded.blank) == (line, "hello world", False, False)


def test_comment_thread_runs_from_its_heading_to_the_next_story() -> None:
    """A thread under a story's prose is cut up to the next story's header block, not beyond; a 'Comments'
    link in the menu above the first story's prose cuts nothing."""
    comments = ["3 Comments", "Maria", "Great news for the harbour, thank you for the report.",
                "Tom", "I walked along that wall every day as a child, sad to see it go."]
    story = ["Harbour wall to be rebuilt", "March 3, 2024", *BEFORE]
    second = ["Library to open until midnight", "March 4, 2024", *AFTER]
    page = ["Home", "Comments", "Contact", *story, *comments, *second, "2 Comments", *comments[1:]]
    lines = run(to_lines("\n\n".join(page)))
    cut = [ln.text for ln in lines if ln.dropped_by == "comment-thread"]
    assert cut == [*comments, "2 Comments", *comments[1:]]
    assert all(ln.dropped_by is None for ln in lines if ln.text in BEFORE + AFTER)


def test_key_as_written_is_the_key_in_the_case_of_the_text_where_casefolding_kept_its_length() -> None:
    line = Line.of(1, "Updated:\u200b Nov 20,  2019 9:28 AM UTC")
    assert line.key == "updated: nov 20, 2019 9:28 am utc"
    assert line.key_as_written(9) == "Nov 20, 2019 9:28 AM UTC"
    # 'ß' casefolds to 'ss': the key's positions are not the text's, and the key itself is given
    assert Line.of(1, "Straße 5, 2019").key_as_written(7) == " 5, 2019"
