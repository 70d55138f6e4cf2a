"""Filters for a story's header lines: date, byline and dateline, which the splitter turns into metadata."""
from __future__ import annotations

from bisect import bisect_left
from typing import Sequence

from .. import patterns
from ..metadata import BYLINE_MAX_CHARS, dated_byline, may_name_a_date, parse_date
from ..model import Line, Options
from . import content_indexes, drop_at, page_filter, words

DATE_MAX_CHARS = 40  # a longer line is a sentence that mentions a date, not a date


@page_filter("published-on")
def published_on(lines: Sequence[Line], options: Options) -> list[Line]:
    """'Published' / 'on' / '<date>' headers ('Posted on April 29, 2025'), whose date becomes metadata.

    The date slot is taken only when the next line really is a date; an empty slot stays empty.
    """
    label = patterns.PUBLISHED_LABEL.match
    # a blank line's key "" holds no label
    labelled = {i: match for i, ln in enumerate(lines) if ln.kept and (match := label(ln.key))}
    if not labelled:
        return list(lines)  # most pages: the real lines need not be listed
    real = content_indexes(lines)
    doomed: set[int] = set()
    for i, match in labelled.items():
        rest = lines[i].key_as_written(match.start("rest")) if match.group("rest") else ""
        if rest and not parse_date(rest, options.language):
            continue  # "Published by the council in 1998 ..." is a sentence, not a header
        doomed.add(i)
        pos = bisect_left(real, i)
        following = real[pos + 1:pos + 3]
        if not rest and following and lines[following[0]].key in patterns.ON_WORD:
            doomed.add(following[0])
            following = following[1:]
        slot = lines[following[0]].key_as_written() if following and not rest else ""
        if slot and len(slot) <= DATE_MAX_CHARS and parse_date(slot, options.language):
            doomed.add(following[0])
    return drop_at(lines, doomed, "published-on")


@page_filter("date-line")
def date_line(lines: Sequence[Line], options: Options) -> list[Line]:
    """A line that is only a date ('November 19, 2019, 6:21 AM EST'), page furniture whose date becomes metadata."""
    doomed = {i for i, ln in enumerate(lines)
              if ln.kept and not ln.blank and len(ln.key) <= DATE_MAX_CHARS and may_name_a_date(ln.key)
              and parse_date(ln.key_as_written(), options.language)}
    return drop_at(lines, doomed, "date-line")


# How a byline's match key can begin: the first two letters of the lead words of patterns.BYLINE ('by', 'written
# by', 'author:', 'von', 'par'…), casefolded, as the ignore-case match reads them (its 'i' also takes 'ı', which
# casefolds to itself; tests/test_filters.py checks every letter it takes). A key is its text with the spaces before
# the lead word gone, casefolded: most lines are ruled out by its first two letters, without stripping and
# matching their text.
BYLINE_KEY_STARTS = frozenset({"by", "wr", "wo", "st", "po", "au", "vo", "pa", "di", "dı", "do", "av", "ав"})


@page_filter("byline")
def byline(lines: Sequence[Line], options: Options) -> list[Line]:
    """'By Jane Doe' author lines (also 'Written by', 'Von', 'Par'), whose name becomes metadata; with the date
    after the name ('By Jane Doe · 5 March 2024'), the date too."""
    bylines = [i for i, ln in enumerate(lines) if ln.kept and ln.key[:2] in BYLINE_KEY_STARTS and _is_byline(ln.text)]
    doomed = set(bylines)
    for i in bylines:
        # "Posted by Jane Doe" / "on" / "<date>": the lone joining word goes with the byline
        below = next((j for j in range(i + 1, len(lines)) if not lines[j].blank), None)
        if below is not None and lines[below].key in patterns.ON_WORD:
            doomed.add(below)
    return drop_at(lines, doomed, "byline")


def _is_byline(text: str) -> bool:
    """Whether `text` is an author line: 'By Jane Doe, CNN', but not 'By Monday' or a long sentence."""
    text = text.strip()
    if len(text) > BYLINE_MAX_CHARS or patterns.NOT_A_NAME.match(text):
        return False
    if patterns.BYLINE.match(text):
        return True
    dated = dated_byline(text)  # 'By Jane Doe · 5 March 2024': the date becomes metadata too
    return dated is not None and bool(patterns.BYLINE.match(dated[0]))


@page_filter("dateline")
def dateline(lines: Sequence[Line], options: Options) -> list[Line]:
    """A dateline block set apart from the body: 'Seoul, South Korea' / 'CNN' / ' — '.

    A dash alone on a line closes it; the one or two short lines just before the dash are the
    source and the place, and become metadata.
    """
    # a dash alone keeps a key of one or two characters: the longer lines need no search
    dashes = [i for i, ln in enumerate(lines) if len(ln.key) <= 2 and ln.key and patterns.DASH_ONLY.match(ln.text)]
    if not dashes:
        return list(lines)  # most pages: the real lines need not be listed
    real = content_indexes(lines)
    doomed: set[int] = set()
    for i in dashes:
        pos = bisect_left(real, i)
        if pos + 1 >= len(real) or len(words(lines[real[pos + 1]].text)) < 8:
            continue  # a dateline opens a body; a lone dash elsewhere is just a separator
        doomed.add(i)
        for j in reversed(real[max(0, pos - 2):pos]):
            if not lines[j].kept and lines[j].dropped_by not in ("dateline",):
                break
            if len(words(lines[j].text)) > 5 or patterns.SENTENCE_END.search(lines[j].key):
                break
            if j != real[pos - 1] and not _place_like(lines[j].text):
                break  # above the source only a place belongs to the dateline, not a headline
            doomed.add(j)
    return drop_at(lines, doomed, "dateline")


def _place_like(text: str) -> bool:
    """'Seoul, South Korea', 'Hong Kong', 'LHASA': a few capitalised words, perhaps with a comma."""
    names = text.replace(",", " ").split()
    return 1 <= len(names) <= 4 and all(w[:1].isupper() for w in names)
