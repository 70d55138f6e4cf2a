"""The block classifier as filters: reader comment threads, and everything outside the page's main text."""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from functools import partial
from typing import Sequence

from .. import articles, classifier, patterns
from ..model import Line, Options
from . import drop_at, page_filter


def comment_headings(lines: Sequence[Line]) -> set[int]:
    """The lines where a reader thread begins: '34 Comments', 'Leave a Reply', a comment form. The page is
    scanned in one comprehension rather than a call a line: most lines of most pages are none."""
    return {i for i, ln in enumerate(lines)
            if ln.key.rstrip(" :") in patterns.COMMENT_HEADINGS or ln.dropped_by == "comment-form"
            or patterns.COMMENT_COUNT.match(ln.key)}


@page_filter("comment-thread")
def comment_thread(lines: Sequence[Line], options: Options) -> list[Line]:
    """A reader comment thread: from its heading ('34 Comments', 'Leave a Reply') to the end of the story.

    Comments are not the article. The heading only counts right under a story's prose, so a
    'Comments' link in the top menu cuts nothing.
    """
    headings = comment_headings(lines)
    if not headings:
        return list(lines)  # no thread opens here: the stories need not be found, nor a line scored
    starts = sorted({story.start for story in articles.find_stories(lines)})
    doomed: set[int] = set()
    cut_to = 0  # where the last thread cut ends: a heading above is inside it, cut already
    # only the headings are visited, not every line: a heading's story runs from the last start at or above it
    # to the next start below it, and a thread cut at a heading runs to that next start
    for i in sorted(headings):
        if i < cut_to:
            continue
        at = bisect_right(starts, i)
        top = starts[at - 1] if at else 0
        recent = articles.real_above(lines, i, classifier.COMMENT_LOOKBACK_LINES, top)  # only those get scored
        if _prose_words_above(lines, recent, options.language) >= classifier.MIN_ARTICLE_WORDS:
            cut_to = starts[at] if at < len(starts) else len(lines)
            doomed.update(range(i, cut_to))
    return drop_at(lines, doomed, "comment-thread")


def _prose_words_above(lines: Sequence[Line], recent: Sequence[int], lang: str | None) -> int:
    """Words of the kept prose lines among `recent` (indexes of real lines)."""
    total = 0
    for i in recent:
        if lines[i].kept:  # a dropped line's words never count: it is not scored
            score = classifier.score_line(lines[i], lang)
            total += score.words if score.prose else 0
    return total


@page_filter("outside-main")
def outside_main(lines: Sequence[Line], options: Options) -> list[Line]:
    """Lines outside the page's main text: menus, sidebars, footers, comment threads, teasers.

    Each story's main text is the stretch of lines with the best balance of prose words against
    line breaks, short lines and section changes ('Comments', 'Related posts'); see `classifier`.
    """
    units = _scoring_units(lines)
    joined = _unit_lines(lines, units)
    weights, barriers, shapes = classifier.weigh_units(joined, options.language)
    for k in classifier.teaser_runs(shapes, partial(classifier.is_paragraph, joined, options.language)):
        weights[k] = -classifier.LINE_COST
    weights = classifier.discount_after_barriers(weights, barriers)
    weights = classifier.position_prior(weights)
    stories = articles.find_stories(lines)
    # a story's title and category are its metadata, never body: the search does not count them as page text
    heads = {i for story in stories for i in (story.title, story.category) if i is not None}
    kept = [ln.kept and heads.isdisjoint(unit) for ln, unit in zip(joined, units)]
    labels = classifier.FAVOR[options.favor].labels
    inside: set[int] = set()
    for lo, hi in _story_spans(units, stories):
        for start, end in classifier.main_regions(weights[lo:hi], kept[lo:hi], options.favor, shapes[lo:hi]):
            inside.update(i for k in range(lo + start, lo + end + 1) if labels or shapes[k] != "N" for i in units[k])
    doomed = set(range(len(lines))).difference(inside)
    return drop_at(lines, doomed, "outside-main")


def _scoring_units(lines: Sequence[Line]) -> list[list[int]]:
    """The page as paragraphs of kept lines, with every dropped line a unit of its own, in page order."""
    return classifier.paragraphs(lines, with_dropped=True)


def _unit_lines(lines: Sequence[Line], units: list[list[int]]) -> list[Line]:
    """Each unit as one line to score: a dropped line or a one-line paragraph as it is, a longer paragraph joined."""
    return [lines[unit[0]] if len(unit) == 1
            else Line.of(lines[unit[0]].number, classifier.join_fragments([lines[i].text for i in unit]))
            for unit in units]


def _story_spans(units: list[list[int]], stories: list[articles.Story]) -> list[tuple[int, int]]:
    """Ranges of units, one per story when the page holds several, else the whole page. Above the first
    of several stories is page chrome (the splitter says so too): no range holds it."""
    if len(stories) < 2:
        return [(0, len(units))]
    firsts = [unit[0] for unit in units]  # units are in page order
    cuts = [bisect_left(firsts, story.start) for story in stories]
    return list(zip(cuts, cuts[1:] + [len(units)]))
