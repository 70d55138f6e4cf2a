"""Filters that judge one line at a time: widget labels, notices, share bars, file names, separators."""
from __future__ import annotations

import re
from typing import Sequence

from .. import patterns
from ..model import Line, Options
from . import line_filter, page_filter


@page_filter("blank-line")
def blank_lines(lines: Sequence[Line], options: Options) -> list[Line]:
    """Blank or whitespace-only lines: they separate blocks but hold no text."""
    return [ln.drop("blank-line") if ln.blank and ln.kept else ln for ln in lines]


def _by_first_character(prefixes: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    """Non-empty prefixes grouped by their first character. str.startswith tries a tuple's prefixes one by one, and
    there are dozens: a key need only be tried against the group of its own first character."""
    groups: dict[str, tuple[str, ...]] = {}
    for prefix in prefixes:
        groups[prefix[0]] = groups.get(prefix[0], ()) + (prefix,)
    return groups


_LABEL_PREFIXES = _by_first_character(patterns.LABEL_PREFIXES)
_STOCK_PREFIXES = _by_first_character(patterns.STOCK_PREFIXES)
# Both lists at once: under 2% of lines start with either, so one test rules out the rest
_ANY_PREFIX = _by_first_character(patterns.LABEL_PREFIXES + patterns.STOCK_PREFIXES)


@line_filter("stock-phrase")
def is_stock_phrase(key: str) -> bool:
    """A whole line that is a widget label: 'Source link', 'Continue Reading', 'Connect with us', 'Advertisement'."""
    if key in patterns.STOCK_PHRASES or key.rstrip(" :»›>→…").strip() in patterns.STOCK_PHRASES:
        return True
    initial = key[:1]
    if not key.startswith(_ANY_PREFIX.get(initial, ())):
        return False
    if key.startswith(_LABEL_PREFIXES.get(initial, ())):
        return len(key.split()) <= patterns.LEGAL_MAX_WORDS
    return key.startswith(_STOCK_PREFIXES.get(initial, ())) and _label_not_sentence(key)


def _label_not_sentence(key: str) -> bool:
    """A short widget label, not a sentence that happens to start like one ('Share this with your friends, …')."""
    size = len(key.split())
    if size > patterns.PREFIX_MAX_WORDS or ", " in key:
        return False
    return size <= patterns.SHORT_LABEL_WORDS or not key.endswith((".", "!", "?"))


@line_filter("cookie-notice")
def is_cookie_notice(key: str) -> bool:
    """A cookie or privacy consent notice: 'This website uses cookies to improve your experience…'."""
    return ("cookie" in key and len(key.split()) <= patterns.NOTICE_MAX_WORDS
            and bool(patterns.COOKIE_NOTICE.search(key)))


_SHARE_TOKEN = re.compile(r"[\w+@-]+|[|·•/]")
_SHARE_WORDS_BY_FIRST = _by_first_character(tuple(sorted(patterns.SHARE_WORDS)))


@line_filter("share-bar")
def is_share_bar(key: str) -> bool:
    """A line made only of network names and share verbs: 'Share on Facebook', 'Tweet | Pin | Email'."""
    initial = key[:1]
    if initial.isalnum() and not key.startswith(_SHARE_WORDS_BY_FIRST.get(initial, ())):
        # most lines: the first token starts at the opening letter or digit, and no share word opens the line
        return False
    first = _SHARE_TOKEN.search(key)
    if first is None or first.group() not in patterns.SHARE_WORDS:
        return False  # every token must be a share word, and the first is not
    tokens = _SHARE_TOKEN.findall(key)
    return bool(tokens) and all(t in patterns.SHARE_WORDS for t in tokens) and any(
        t not in patterns.SHARE_FILLERS for t in tokens)


@line_filter("media-file")
def is_media_file(key: str) -> bool:
    """An image or video file name left by the scraper: 'SK_Deepfakes_HZ.00_00_36_01.Still001.jpg'."""
    # the pattern holds no space: a test in C rules out nearly every line before the regex
    return " " not in key and bool(patterns.IMAGE_FILE.match(key))


@line_filter("video-duration")
def is_video_duration(key: str) -> bool:
    """A video player's running time on a line of its own: '03:55', '1:02:17'."""
    # the pattern opens with a digit (\d: what str.isdecimal calls one): most lines fail on their first character
    return key[:1].isdecimal() and bool(patterns.DURATION.match(key))


# A character for which str.isalnum holds: the \w of `re` is exactly those and "_". One search is cheaper than
# asking each character.
_LETTER_OR_DIGIT = re.compile(r"[^\W_]")


@page_filter("punctuation-only")
def punctuation_only(lines: Sequence[Line], options: Options) -> list[Line]:
    """A line without a letter or digit: separators such as ' — ', '|', '•••', '»'.

    The full stop or comma that ends a sentence cut by a link ('… on the couch' / '.') is kept:
    it belongs to the sentence above it.
    """
    out: list[Line] = []
    after_text = False  # whether the line above, as this filter leaves it, is kept text
    for ln in lines:
        if ln.kept and not ln.blank and not _LETTER_OR_DIGIT.search(ln.key) and not (
                after_text and patterns.CLOSING_ONLY.match(ln.key)):
            ln = ln.drop("punctuation-only")
        out.append(ln)
        after_text = ln.kept and not ln.blank
    return out
