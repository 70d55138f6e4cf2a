"""The data cleaner passes around: lines, articles, a page's result, and the one error type."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Callable, Sequence

from .language import word_count

# Characters that hide inside words without showing: stripped from match keys so
# that "Sha\u200bre this" is still recognised as a share label.
_INVISIBLE = re.compile("[\u00ad\u200b-\u200f\u2060-\u2064\ufeff\u202a-\u202e\u2066-\u2069]")


def match_key(text: str) -> str:
    """The form of a line used to compare it with phrases: invisible marks gone, spaces collapsed, casefolded."""
    return plain_text(text).casefold()


def plain_text(text: str) -> str:
    """`text` with its invisible marks gone and its spaces collapsed: its match key before casefolding."""
    if not text.isascii():  # the invisible marks are not ASCII: most lines need no search
        text = _INVISIBLE.sub("", text)
    return collapse_spaces(text)


def collapse_spaces(text: str) -> str:
    """`text` with each run of spaces made one space, none at its ends: `" ".join(text.split())`.

    Nearly every line is already so; this tells it at a third of the cost of splitting and joining: every space
    but " " is unprintable, so a printable text without two spaces in a row or at its ends has none to fold.
    (str.split and the \\s of `re` know the same spaces.)
    """
    if text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        return text
    return " ".join(text.split())


@dataclass(slots=True, unsafe_hash=True, init=False)
class Line:
    """One input line: its 1-based number, its text as read, and the filter that dropped it (None if kept).

    A Line is never changed once built (a convention, not enforced): a filter drops one by making a new Line
    (`drop`). It is not a frozen dataclass because building a frozen one costs five times as much, and the
    filters build hundreds of lines a page; `kept` and `blank` are stored for the same reason (the filters ask
    them thousands of times a page).
    Equality and the hash ignore `key`, which follows from `text`, and the two stored answers.
    """

    number: int
    text: str
    dropped_by: str | None
    key: str = field(compare=False, repr=False)
    tag: str  # the HTML block element the line came from ("p", "h2", "li"…); "" for text input
    container: int  # for HTML input: which <article> element holds the line (0: none)
    kept: bool = field(init=False, compare=False, repr=False)  # dropped_by is None
    blank: bool = field(init=False, compare=False, repr=False)  # no text once spaces and invisible marks are gone

    def __init__(self, number: int, text: str, dropped_by: str | None = None, key: str = "", tag: str = "",
                 container: int = 0) -> None:
        self.number = number
        self.text = text
        self.dropped_by = dropped_by
        self.key = key
        self.tag = tag
        self.container = container
        self.kept = dropped_by is None
        self.blank = not key

    def __getstate__(self) -> list[object]:
        # pickled as the frozen Line of earlier versions was (its fields' values, in order), so that a worker and
        # a driver of different versions still exchange results; `kept` and `blank` are rebuilt on loading
        return [self.number, self.text, self.dropped_by, self.key, self.tag, self.container]

    def __setstate__(self, state: list[Any]) -> None:
        self.__init__(*state)  # type: ignore[misc]

    @classmethod
    def of(cls, number: int, text: str, tag: str = "", container: int = 0) -> Line:
        return cls(number, text, None, match_key(text), tag, container)

    def key_as_written(self, start: int = 0) -> str:
        """The line's key from position `start` on, in the case the line is written in: dates need it ('EST' is a
        time zone, 'est' is not). Casefolding never shortens a text, so where it kept the length it kept every
        position; where it did not ('ß' is 'ss'), the key itself is given."""
        plain = plain_text(self.text)
        return plain[start:] if len(plain) == len(self.key) else self.key[start:]

    def drop(self, reason: str) -> Line:
        # the constructor, not dataclasses.replace: filters drop lines by the thousand and replace is slow
        return Line(self.number, self.text, reason, self.key, self.tag, self.container)


@dataclass(frozen=True, slots=True)
class Options:
    """Settings the filters may read. `favor` trades precision against recall."""

    favor: str = "balanced"  # "precision" | "balanced" | "recall"
    language: str | None = None  # the page's language (ISO 639-1, "cjk"); `filters.run` detects it when None
    template: frozenset[str] = frozenset()  # keys of the site's template lines, learned in a batch (templates.py)


# The tags of simple table cells' paragraphs (see Article): the first cell of a row carries a "+".
CELL_TAGS = frozenset({"td", "th", "td+", "th+"})
TABLE_MAX_COLUMNS = 10  # a simple table has 2 to this many columns


@dataclass(frozen=True, slots=True)
class Article:
    """One story found on a page: its metadata and its body paragraphs, verbatim.

    HTML input also gives, per paragraph and for the Markdown writer only (the other formats and `paragraphs`
    stay plain text):
    - `tags`: the block tag each paragraph came from ("p", "h2", "li", "pre"…). The cells of a simple table
      (see htmlwalk._mark_table) are tagged "td" or "th", and the first cell of each row "td+" or "th+": a run
      of cell paragraphs that opens with a "+" cell and splits into rows of equal width is a table.
    - `links`: when cleaning was asked for links (`links=True`), the (start, end, href) character spans of
      each paragraph's text that are links (http(s) or relative hrefs only); empty when none was asked.
    """

    title: str | None
    paragraphs: tuple[str, ...]
    category: str | None = None
    published: str | None = None
    author: str | None = None
    dateline: str | None = None
    source: str | None = None
    first_line: int = 0
    last_line: int = 0
    url: str | None = None  # HTML input: the page's canonical address
    tags: tuple[str, ...] = ()  # HTML input: the block tag of each paragraph ("p", "h2", "li", "td+"…), for the writers
    links: tuple[tuple[tuple[int, int, str], ...], ...] = ()  # HTML input with links=True: link spans per paragraph

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)

    @property
    def word_count(self) -> int:
        """Words of the body; Chinese, Japanese and Korean text, written without spaces, by its characters
        (see language.word_count)."""
        return sum(map(word_count, self.paragraphs))


@dataclass(frozen=True, slots=True)
class Result:
    """What cleaning one page gives: its articles, and every input line with its verdict."""

    articles: tuple[Article, ...]
    lines: tuple[Line, ...]
    warnings: tuple[str, ...] = ()

    @property
    def dropped(self) -> list[Line]:
        """The lines a filter removed, blank lines left out."""
        return [ln for ln in self.lines if not ln.kept and not ln.blank]


class CleanerError(Exception):
    """An input that cannot be cleaned (unreadable, binary, undecodable); the message says what to try."""


Filter = Callable[[Sequence[Line], Options], list[Line]]
Predicate = Callable[[str], bool]
