"""Measure how much a line looks like article text, by its own features and its place on the page.

Measuring only: the filters in `filters.py` decide with these scores and named thresholds.
The main-content search follows the idea of Body Text Extraction (Finn et al., 2001): every
line of prose adds its words, every line break and every short or stopword-poor line costs,
and the article is the stretch of the page with the best total.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache, partial
from itertools import accumulate, chain, compress
from typing import Callable, Sequence

from . import language, patterns
from .model import CELL_TAGS, Line

GOOD_MIN_WORDS = 8          # fewer words than this is never prose on its own
GOOD_MIN_STOPWORDS = 0.2    # share of stopwords that prose in the page's language reaches
LINE_COST = 6.0             # what each line break costs, in words
SENTENCE_MIN_WORDS = 5      # a complete sentence this long may be a one-line paragraph
SENTENCE_COST = 4.0          # what a line break costs after a complete sentence
BARRIER_COST = 40.0         # what a section change ('Comments', 'Related posts') costs
LONG_PARAGRAPH_WORDS = 30   # words of a line that count in full only past this many
SHORT_PROSE_SHARE = 0.5     # what each word of a shorter line of prose counts
EDGE_SHARE = 0.1            # the top and bottom tenth of a page are its edges
EDGE_MIN_UNITS = 30         # pages shorter than this have no edges to discount
EDGE_FLOOR = 0.3            # what prose counts at the very first or last line
AFTER_BARRIER_SHARE = 0.3   # what prose counts under a 'Related posts' heading
SECONDARY_MIN_WEIGHT = 30.0    # and at least this much
MIN_PROSE_WEIGHT = 20.0      # a best stretch with less prose weight than this is no article: the page is a list
SHORT_ARTICLE_MAX_GAP = 3      # kept lines between two sentences of one short article: a link, a label, a share button
PROSE_CONCENTRATION = 0.5      # a short article holds at least this share of its page's prose weight
NAME_MAX_WORDS = 3             # a line this short between prose is a name, label or link
TEASER_MAX_PERIOD = 5          # lines in one teaser of a list
TEASER_MIN_REPEATS = 3         # teasers in a row that make a list
COMMENT_LOOKBACK_LINES = 30  # how far above a comment heading that prose must stand
MIN_ARTICLE_WORDS = 60      # prose words a story needs above a comment heading for the heading to end it


@dataclass(frozen=True, slots=True)
class LineScore:
    """A line's features: words, stopword share, whether it ends like a sentence, its weight, and whether
    it is a section barrier (see `_barrier_key`; its weight is BARRIER_COST then)."""

    words: int
    stopwords: float
    sentence: bool
    weight: float
    barrier: bool = False

    @property
    def prose(self) -> bool:
        return self.weight > 0


def page_language(lines: Sequence[Line]) -> str | None:
    """The language of the page's text lines (see `language.detect`)."""
    # a list, not a generator: join makes one of its argument anyway
    return language.detect("\n".join([ln.text for ln in lines if not ln.blank]))


def score_line(line: Line, lang: str | None) -> LineScore:
    """Score one line: positive (its words) for prose, negative for chrome-like lines."""
    if line.blank:
        return LineScore(0, 0.0, False, 0.0)
    return _score(line.text, line.key, line.dropped_by, lang)


@lru_cache(maxsize=65536)  # pages repeat lines, and several filters score the same ones
def _score(text: str, key: str, dropped_by: str | None, lang: str | None) -> LineScore:
    stop = language.stopwords(lang)
    text = text.strip()
    words = language.word_count(text)
    share = language.stopword_share(text, stop) if stop else 0.0
    # SENTENCE_END is anchored at the end of the stripped text: only its last character is searched
    sentence = bool(patterns.SENTENCE_END.search(text[-1:])) or (
        not text.isascii() and any(p in text for p in "。！？"))
    if _barrier_key(key, dropped_by):
        return LineScore(words, share, sentence, -BARRIER_COST, barrier=True)
    if dropped_by is not None:
        return LineScore(words, share, sentence, -LINE_COST)
    prose_like = share >= GOOD_MIN_STOPWORDS if stop else sentence
    if words >= GOOD_MIN_WORDS and prose_like:
        # a teaser's one-sentence summary counts less than a paragraph of the article
        full = min(words, LONG_PARAGRAPH_WORDS) * SHORT_PROSE_SHARE + max(0, words - LONG_PARAGRAPH_WORDS)
        return LineScore(words, share, sentence, full - (SENTENCE_COST if sentence else LINE_COST))
    if words >= SENTENCE_MIN_WORDS and prose_like and sentence:
        # a short complete sentence: a list item or a one-line paragraph, costs little
        return LineScore(words, share, sentence, words * SHORT_PROSE_SHARE - SENTENCE_COST)
    if words >= GOOD_MIN_WORDS:  # long but no function words: lists of names, tags, keywords
        return LineScore(words, share, sentence, -LINE_COST - words * 0.5)
    return LineScore(words, share, sentence, -LINE_COST)


def _barrier_key(key: str, dropped_by: str | None) -> bool:
    """Whether a line (by its key and verdict) is a heading that opens a section after an article: 'Related
    posts', 'You may also like…', '34 Comments', a comment form."""
    stripped = key.rstrip(" .…»›>")  # 'Related:' with a colon labels one link inside the text
    return (stripped in patterns.SECTION_BARRIERS or dropped_by == "comment-form"
            or _opens_comment_count(key))


def _opens_comment_count(key: str) -> bool:
    """Whether a line's key opens with a count of comments ('34 comments', see patterns.COMMENT_COUNT). The pattern
    is tried only on a key opening on a digit (its \\d is a decimal digit, which str.isdigit tells too): most lines
    open on none."""
    return key[:1].isdigit() and patterns.COMMENT_COUNT.match(key) is not None


_SENTENCE_BREAK = re.compile(r"[.!?。！？]['’\"”)]?(?=\s+\S)")
_CUT_SHORT = re.compile(r"[\w,]\s?(?:\.\.\.|…)\s*$")  # 'may soon...': an excerpt cut off after a word


def shape(line: Line, score: LineScore) -> str:
    """One letter for a unit's kind: T text (headline or prose), P a paragraph of several sentences,
    E an excerpt cut off after a word ('…may soon...'), N name or label, D date or byline, X another
    dropped line."""
    letter = _rough_shape(line, score)
    # the break is searched for in the text as it is: the pattern's marks and the word after a break are no spaces,
    # so the spaces str.strip takes off neither make nor hide one
    return "P" if letter == "T" and score.prose and _SENTENCE_BREAK.search(line.text) else letter


def _rough_shape(line: Line, score: LineScore) -> str:
    """A unit's shape (see `shape`), with a paragraph of several sentences given as T, text like any other."""
    if not line.kept:
        return _dropped_shape(line)
    if score.words <= NAME_MAX_WORDS and not score.prose:
        return "N"
    return "E" if _cut_short(line.text) else "T"


def _dropped_shape(line: Line) -> str:
    """The shape of a dropped line: D for a date or byline, X for another."""
    return "D" if line.dropped_by in ("date-line", "published-on", "byline") else "X"


def is_paragraph(units: Sequence[Line], lang: str | None, k: int) -> bool:
    """Whether unit `k` of `units` is a paragraph of several sentences (shape P), which `weigh_units` leaves untold."""
    return shape(units[k], score_line(units[k], lang)) == "P"


def weigh_units(units: Sequence[Line], lang: str | None) -> tuple[list[float], list[bool], list[str]]:
    """Each unit's weight, whether it is a section barrier (see `score_line`), and its shape (see `shape`), but T
    for a paragraph of several sentences too: telling one searches its text, and only the few units inside a
    repeating run of teaser shapes need it (see `teaser_runs`, which asks `is_paragraph`).

    A dropped unit weighs a line break, or a barrier's cost, whatever its words: they are not scored, which
    is most of what scoring costs (stopwords are counted word by word). Units are never blank (a paragraph or
    a dropped line with text; see filters.main_text._scoring_units).
    """
    weights: list[float] = []
    barriers: list[bool] = []
    shapes: list[str] = []
    for line in units:
        if line.kept:
            score = score_line(line, lang)
            weights.append(score.weight)
            barriers.append(score.barrier)
            shapes.append(_rough_shape(line, score))
        else:
            barrier = _barrier_key(line.key, line.dropped_by)
            weights.append(-BARRIER_COST if barrier else -LINE_COST)
            barriers.append(barrier)
            shapes.append(_dropped_shape(line))
    return weights, barriers, shapes


def _cut_short(text: str) -> bool:
    """Whether `text` is an excerpt cut off after a word (see _CUT_SHORT). The pattern is searched only in
    lines ending on an ellipsis: searching every line for it, start after start, is slow."""
    return text.rstrip().endswith(("...", "…")) and bool(_CUT_SHORT.search(text))


def teaser_runs(shapes: Sequence[str], paragraph: Callable[[int], bool] | None = None) -> set[int]:
    """Units inside a list of teasers: the same few shapes repeated at least three times, with a date
    or byline in each, a cut-off excerpt in each ('Headline' / 'Summary that stops mid-...'), or a
    name and two texts ('Title' / 'Jane Doe' / 'Summary…', again and again).

    An article's paragraphs with their link fragments alternate text and short lines too, but in
    a cycle of one text and no date. A paragraph (P) counts as a text in the cycle; but a teaser
    holds a title and a one-sentence summary, so names and texts with a paragraph of several
    sentences in every other repeat or more are an article's sections (a short heading over its
    paragraphs, a product name over its review).

    `paragraph(k)`, when given, tells whether unit k is a paragraph (P), and `shapes` may give paragraphs as
    texts (T, as `weigh_units` does): only the units of a run are asked.
    """
    found: set[int] = set()
    if len(shapes) < EDGE_MIN_UNITS:
        return found  # a short text is no web page with teaser lists around an article
    if paragraph is None:
        paragraph = partial(_letter_is_paragraph, shapes)
    letters = "".join(shapes)
    # every text alike; then cut-off excerpts (E) told apart: 'Headline' / 'Excerpt…' (without one, the same again)
    for texts in ("PE", "P") if "E" in letters else ("PE",):
        coarse = letters.translate(_AS_TEXT[texts])
        for period in range(2, TEASER_MAX_PERIOD + 1):
            found.update(_repeated_runs(coarse, period, paragraph))
    return found


def _letter_is_paragraph(shapes: Sequence[str], k: int) -> bool:
    """Whether `shapes` give unit `k` as a paragraph: `teaser_runs`' test when it is given none."""
    return shapes[k] == "P"


_AS_TEXT = {texts: str.maketrans(texts, "T" * len(texts)) for texts in ("PE", "P")}  # the letters read as T


def _repeated_runs(coarse: str, period: int, paragraph: Callable[[int], bool]) -> set[int]:
    """The units of `coarse` in teaser cycles of length `period` repeated TEASER_MIN_REPEATS times or more.

    A run is a stretch where each unit repeats the one `period` before it; the units it covers are
    found at C speed (`_runs_of_repeats`). Inside a run each window of `period` units is a rotation of
    the one before, and whether a cycle is a teaser's does not change under rotation: a run's cycle
    is judged once. A run whose cycle holds no date or excerpt is a teaser list up to its last unit
    where, counted from the run's start, fewer than every other repeat holds a paragraph.
    """
    found: set[int] = set()
    for start, end in _runs_of_repeats(coarse, period):  # units start..end, the first cycle included
        cycle = coarse[end - period + 1:end + 1]
        if not _is_teaser_cycle(cycle):
            continue
        marked = "D" in cycle or "E" in cycle
        # the paragraphs among the run's first units, counted once rather than again for each end tried
        counts = [] if marked else list(accumulate(map(paragraph, range(start, end + 1))))
        ends = range(end, start + period * TEASER_MIN_REPEATS - 2, -1)  # each end with all the repeats, last first
        last = next((k for k in ends
                     if marked or not _paragraph_per_item(counts[k - start], k + 1 - start, period)), None)
        if last is not None:
            found.update(range(start, last + 1))
    return found


# Per period, a run of repeats long enough for TEASER_MIN_REPEATS cycles (the first cycle repeats nothing).
_REPEAT_RUNS = {period: re.compile(rb"\x00{%d,}" % (period * (TEASER_MIN_REPEATS - 1)))
                for period in range(2, TEASER_MAX_PERIOD + 1)}


def _runs_of_repeats(coarse: str, period: int) -> list[tuple[int, int]]:
    """The stretches [start, end] of `coarse` made of one cycle of `period` units repeated
    TEASER_MIN_REPEATS times or more (the cycle may end mid-way)."""
    units = coarse.encode()  # one ASCII letter per unit
    repeats = _xor(units[period:], units[:-period])  # byte j is 0 when unit j + period repeats unit j
    return [(run.start(), run.end() - 1 + period) for run in _REPEAT_RUNS[period].finditer(repeats)]


def _xor(left: bytes, right: bytes) -> bytes:
    """The bytes of `left` XOR those of `right` (of one length), at C speed: as two integers, not byte by byte."""
    return (int.from_bytes(left, "big") ^ int.from_bytes(right, "big")).to_bytes(len(left), "big")


def _paragraph_per_item(paragraph_count: int, units: int, period: int) -> bool:
    """Whether a paragraph of several sentences comes in at least every other repeat of a run of `units` units
    that holds `paragraph_count` of them."""
    return 2 * paragraph_count * period >= units


@lru_cache(maxsize=4096)  # a page asks about the same few cycles thousands of times
def _is_teaser_cycle(cycle: str) -> bool:
    size = len(cycle)
    if any(size % p == 0 and all(cycle[i] == cycle[i % p] for i in range(size)) for p in range(1, size)):
        return False  # a repeat of a shorter cycle, judged at its own period
    texts = cycle.count("T") + cycle.count("E")
    return "D" in cycle and texts > 0 or "E" in cycle and texts >= 2 or ("N" in cycle and texts >= 2)


def discount_after_barriers(weights: Sequence[float], barriers: Sequence[bool]) -> list[float]:
    """Prose after a section heading such as 'Related posts' counts for less: it is most likely teasers.

    The heading only counts right under a stretch of prose, so a 'Read next' link in the top menu
    discounts nothing.
    """
    first = _first_barrier_under_prose(weights, barriers)
    if first is None:
        return list(weights)
    return [*weights[:first], *(w * AFTER_BARRIER_SHARE if w > 0 else w for w in weights[first:])]


def _first_barrier_under_prose(weights: Sequence[float], barriers: Sequence[bool]) -> int | None:
    """The first barrier with MIN_ARTICLE_WORDS of positive weight in the COMMENT_LOOKBACK_LINES units above it.
    Only the barriers' windows are summed: a page holds few barriers, and the weights are whole or half
    words, whose sums are exact in any order."""
    for k in compress(range(len(barriers)), barriers):
        if sum(w for w in weights[max(0, k - COMMENT_LOOKBACK_LINES):k] if w > 0) >= MIN_ARTICLE_WORDS:
            return k
    return None


# Words and marks a line cannot end a sentence on: the sentence goes on in the next line.
_JOINING_WORDS = frozenset(
    "a an the of and or to in on at by for with from via as is are was were that than "
    "der die das und le la les de des et el los y il di e o van het en".split())
_JOINING_WORD_MAX = max(map(len, _JOINING_WORDS))
_JOINING_MARKS = frozenset(",;:([“\"‘'—–-")
# HTML blocks whose lines are never joined: table cells, list items (two items in a row are two lines of one tag),
# and the lines of code, which keep their breaks
_UNJOINED_TAGS = CELL_TAGS | {"li", "pre"}
_QUOTE_MARKS = frozenset("“\"‘'")
_OPENS_QUOTE = frozenset(["", " ", "\u00a0", "(", "["])  # what may stand before a quote mark that opens a quotation
# the last characters of what patterns.LIST_MARKER matches (it ends in optional spaces, which str.rstrip strips)
_LIST_MARKER_ENDS = frozenset(".)•·*▪►–-")
_SENTENCE_DONE = re.compile(r"[.!?。！？]['’\"”)]?$")
FRAGMENT_MAX_WORDS = 5

_CONTINUATION_START = re.compile(f"^\\s*(?:[a-zà-ÿ'-]|[{re.escape(patterns.CLOSING_MARKS)}])")


def continues(previous: str, current: str) -> bool:
    """Whether `current` is the rest of the paragraph `previous` began, cut by an inline link or emphasis:
    it starts in lower case or with punctuation, or `previous` ends on a joining word."""
    return bool(_CONTINUATION_START.match(current)) or _leaves_open(previous)


def _leaves_open(previous: str) -> bool:
    """Whether the next line goes on with `previous` whatever it starts with: `previous` ends on a joining mark
    or word, or is a bare list number or bullet ('2.' / 'Fries taste best…')."""
    tail = previous.rstrip()
    end = tail[-1:]
    if end in _JOINING_MARKS:
        # a quote mark right after a word or a sign closes a quotation ('…for your patience."', "…'most of the
        # day'"): the straight marks, and the German closing marks “ ‘, look the same as the opening marks that,
        # after a space, leave a quotation open ('The mayor called it "' / a link)
        return end not in _QUOTE_MARKS or tail[-2:-1] in _OPENS_QUOTE
    if end in _LIST_MARKER_ENDS:  # no joining word ends on such a mark: a list marker is all that is left
        return patterns.LIST_MARKER.match(previous) is not None
    last = tail[tail.rfind(" ") + 1:]
    # casefolding never shortens a word: a word longer than every joining word is none
    return len(last) <= _JOINING_WORD_MAX and last.casefold() in _JOINING_WORDS


_CLOSING = frozenset(patterns.CLOSING_MARKS)


def paragraph_text(lines: Sequence[Line]) -> str:
    """The text of a paragraph made of `lines` (see `paragraphs`): a line of code (HTML "pre", never joined) keeps
    its indentation; other lines are joined (`join_fragments`)."""
    if len(lines) == 1 and lines[0].tag == "pre":
        return lines[0].text.rstrip()
    return join_fragments([ln.text for ln in lines])


def join_fragments(texts: Sequence[str]) -> str:
    """One paragraph from the lines a dump cut it into: a space between pieces, none before closing punctuation."""
    if len(texts) == 1:  # most paragraphs are one line
        return texts[0].strip()
    parts: list[str] = []
    for piece in map(str.strip, texts):
        if parts and piece[:1] not in _CLOSING:  # [:1]: a piece may be empty, and "" is no mark
            parts.append(" ")
        parts.append(piece)
    return "".join(parts)


def paragraphs(lines: Sequence[Line], with_dropped: bool = False) -> list[list[int]]:
    """Kept lines grouped into paragraphs: a text dump puts each link of a sentence on a line of its own.

    A line joins the paragraph above when that paragraph's last line does not end a sentence and
    either this line starts in lower case or with punctuation, the line above ends on a joining
    word, the line above was itself a short piece cut out of the sentence (a link's text) and this
    one is short too (the next link), or this line is such a piece, known by the line after it
    going on in lower case. That last rule needs running text in the paragraph: a row of menu
    labels is no sentence to cut. A long line in upper case after a short piece starts a sentence
    of its own: 'by Jane Doe' / 'I loved this post, …' are a byline and a comment, not one sentence.
    HTML input's lines join only lines of their own block tag (a paragraph cut by a <br>), and the cells of a
    table (tags "td", "th", and "td+", "th+" where a row starts), list items and lines of code never join.

    With `with_dropped`, each dropped line with text is a unit of its own among the paragraphs, in page order:
    the main-text search's units, built in this one walk rather than added and sorted after it.
    """
    starts_lower = _CONTINUATION_START.match
    groups: list[list[int]] = []
    current: list[int] = []
    above = ""  # the text of the line above, when it is the last of `current`
    fragment = False  # whether the last line joined its paragraph as a short cut-out piece
    running = False  # whether the paragraph holds a piece longer than a link's text: prose, not menu labels
    for i, ln in enumerate(lines):
        if not ln.kept or ln.blank:
            if current:
                groups.append(current)
            if with_dropped and not ln.blank:  # a dropped line with text (a blank line is no unit)
                groups.append([i])
            current, fragment, running = [], False, False
            continue
        text = ln.text
        words = text.split(None, FRAGMENT_MAX_WORDS)  # splits no further than needed
        short = len(words) <= FRAGMENT_MAX_WORDS
        if current:
            # `continues`, inlined as it runs for nearly every line; the cut-piece tests only when it fails, and
            # only for a short line (a cut-out piece is short)
            joins = starts_lower(text) is not None or _leaves_open(above) or (
                short and (fragment or (running and _link_in_sentence(words, lines, i)))
                and not _ends_sentence(above))
            if joins and ln.tag and (ln.tag != lines[i - 1].tag or ln.tag in _UNJOINED_TAGS):
                joins = False  # HTML: a block joins only its own kind (a <br> cut it), never a table cell or code
            if not joins:
                groups.append(current)
                current, running = [], False
            fragment = joins and short
        current.append(i)
        running = running or not short
        above = text
    if current:
        groups.append(current)
    return groups


def _ends_sentence(text: str) -> bool:
    """Whether `text` ends a sentence (see _SENTENCE_DONE): a match is at most two characters at the end,
    so only those are searched."""
    return bool(_SENTENCE_DONE.search(text.rstrip()[-2:]))


def _link_in_sentence(words: list[str], lines: Sequence[Line], i: int) -> bool:
    """Whether line `i`, of `words` (at most FRAGMENT_MAX_WORDS: only a short line is asked), is a piece cut out of
    a sentence (a link's or emphasis' text), seen from the line after it, which goes on with that sentence in lower
    case or with punctuation: '…the fourth film in rebooted' / 'Star Trek' / 'film series: Noah Hawley…'."""
    if not words or words[0].casefold() in _JOINING_WORDS:
        return False  # 'The' or 'And' opening a line opens a sentence, it does not go on with one
    following = lines[i + 1] if i + 1 < len(lines) else None
    return (following is not None and following.kept and not following.blank
            and bool(_CONTINUATION_START.match(following.text)))


def position_prior(weights: Sequence[float]) -> list[float]:
    """Weights with prose near the very top or bottom of the page counted down: cookie notices open
    a page, legal and contact notes close it, and an article seldom sits in either place.

    Only the prose units of the edges are visited: past a tenth of the page from either end (and two units more, for
    the rounding of `_edge_share`'s arithmetic) every unit counts in full, and a share of 1.0 changes no weight.
    """
    n = len(weights)
    prior = list(weights)
    if n < EDGE_MIN_UNITS:
        return prior  # a short text has no chrome around it
    width = min(int(n * EDGE_SHARE) + 2, n // 2)  # a tenth of the units and two more, at most half of them
    for k in chain(range(width), range(n - width, n)):  # each unit once: the two edges never overlap
        if prior[k] > 0:
            prior[k] *= _edge_share(k, n)
    return prior


def _edge_share(k: int, n: int) -> float:
    """What prose counts at unit `k` of `n`: EDGE_FLOOR at the first and last, rising to all of it a tenth in."""
    place = k / max(1, n - 1)
    edge = min(place / EDGE_SHARE, (1 - place) / EDGE_SHARE, 1.0)
    return EDGE_FLOOR + (1 - EDGE_FLOOR) * edge


@dataclass(frozen=True, slots=True)
class Favor:
    """How boldly the main-text search keeps text: `--favor precision|balanced|recall`."""

    secondary_share: float  # another stretch is kept when it weighs this share of the best one
    margin: int             # units around a stretch that are taken with it, whatever they weigh
    labels: bool            # whether short stand-alone labels inside a stretch are kept


FAVOR = {
    "precision": Favor(secondary_share=float("inf"), margin=0, labels=False),
    "balanced": Favor(secondary_share=0.5, margin=0, labels=True),
    "recall": Favor(secondary_share=0.2, margin=2, labels=True),
}


def main_regions(weights: Sequence[float], kept: Sequence[bool], favor: str = "balanced",
                 shapes: Sequence[str] = ()) -> list[tuple[int, int]]:
    """The best stretch, and any other stretch strong enough to be text of its own (pages with
    several blocks of content), searched again in what the chosen stretches leave.

    When even the best stretch holds little prose, the page is a list or link page whose items
    are its text, and all of it is kept; unless `shapes` (see `shape`) show a short article among
    labels, which alone is kept (see `short_article`). That is judged on the kept lines alone, so
    the verdict does not change once the filters' chrome is gone (cleaning the output again keeps it all).
    """
    best = best_region(weights)
    if best is None:
        return []
    setting = FAVOR[favor]
    kept_weights = [w for w, k in zip(weights, kept) if k]
    best_kept = best_region(kept_weights)
    if best_kept is None or sum(kept_weights[best_kept[0]:best_kept[1] + 1]) < MIN_PROSE_WEIGHT:
        short = short_article(weights, kept, shapes) if shapes else None
        return [short] if short else [(0, len(weights) - 1)]
    found = [best]
    floor = max(SECONDARY_MIN_WEIGHT, setting.secondary_share * sum(weights[best[0]:best[1] + 1]))
    pending = [(0, best[0]), (best[1] + 1, len(weights))]
    while pending:
        lo, hi = pending.pop()
        region = best_region(weights[lo:hi])
        if region is None or sum(weights[lo + region[0]:lo + region[1] + 1]) < floor:
            continue
        found.append((lo + region[0], lo + region[1]))
        pending += [(lo, lo + region[0]), (lo + region[1] + 1, hi)]
    last = len(weights) - 1
    return sorted((max(0, a - setting.margin), min(last, b + setting.margin)) for a, b in found)


def best_region(weights: Sequence[float]) -> tuple[int, int] | None:
    """The stretch [start, end] with the largest total weight (Kadane's maximum subarray), or None if
    none is positive."""
    best, best_span = 0.0, None
    total, start = 0.0, 0
    for i, w in enumerate(weights):
        if total <= 0:
            total, start = w, i
        else:
            total += w
        if total > best:
            best, best_span = total, (start, i)
    if best_span is None:
        return None
    start, end = best_span
    while start > 0 and weights[start - 1] >= 0:  # neutral neighbours belong with the text they touch
        start -= 1
    while end + 1 < len(weights) and weights[end + 1] >= 0:
        end += 1
    return start, end


def short_article(weights: Sequence[float], kept: Sequence[bool], shapes: Sequence[str]) -> tuple[int, int] | None:
    """The stretch of a short article on a page too poor in prose for the main-text search, or None
    when the page is a list whose items are its text.

    On a list page the prose, what little there is, is spread over its items, and the lines between
    them are items too: several words each. A page holding one short article among chrome has its
    sentences in one place, and around them menus, archive links, counters and buttons: labels of a
    few words. So the article is the cluster of prose lines (each at most SHORT_ARTICLE_MAX_GAP lines
    from the next) with the most prose weight, when it holds at least PROSE_CONCENTRATION of the
    page's prose and, once it takes its title and the partly prose lines next to it (see `_widen`),
    most kept lines outside it are labels ("N"). The labels, the counters and the rest of the page
    are dropped.
    """
    clusters = _prose_clusters(weights, kept)
    if not clusters:
        return None
    best = max(clusters, key=lambda cluster: sum(weights[k] for k in cluster))
    if sum(weights[k] for k in best) < PROSE_CONCENTRATION * sum(weights[k] for c in clusters for k in c):
        return None  # the prose is spread over the page: items of a list
    lo, hi = _widen(best[0], best[-1], weights, kept, shapes)
    outside = [k for k in range(len(weights)) if kept[k] and not lo <= k <= hi]
    if 2 * sum(shapes[k] == "N" for k in outside) <= len(outside):
        return None  # the other lines are items of several words, not labels: a list
    return lo, hi


def _prose_clusters(weights: Sequence[float], kept: Sequence[bool]) -> list[list[int]]:
    """The kept prose units (positive weight), grouped where at most SHORT_ARTICLE_MAX_GAP kept units lie
    between two. Dropped units do not count: the gaps are the same once the filters' chrome is gone."""
    clusters: list[list[int]] = []
    gap = 0  # kept units since the last prose unit
    for k, (weight, keep) in enumerate(zip(weights, kept)):
        if not keep:
            continue
        if weight <= 0:
            gap += 1
            continue
        if clusters and gap <= SHORT_ARTICLE_MAX_GAP:
            clusters[-1].append(k)
        else:
            clusters.append([k])
        gap = 0
    return clusters


def _widen(lo: int, hi: int, weights: Sequence[float], kept: Sequence[bool], shapes: Sequence[str]) -> tuple[int, int]:
    """[lo, hi] grown over the kept lines on either side that are partly prose (they cost less than a
    line break: function words, but no full sentence), then by one text line above: the title. Dropped
    units between them do not stop it, as they are gone once the chrome is."""
    while (k := _next_kept(kept, lo, -1)) is not None and weights[k] > -LINE_COST:
        lo = k
    while (k := _next_kept(kept, hi, 1)) is not None and weights[k] > -LINE_COST:
        hi = k
    title = _next_kept(kept, lo, -1)
    if title is not None and shapes[title] != "N" and weights[title] >= -LINE_COST:
        lo = title
    return lo, hi


def _next_kept(kept: Sequence[bool], k: int, way: int) -> int | None:
    """The next kept unit from `k` going `way` (+1 down, -1 up), or None at the page's end."""
    k += way
    while 0 <= k < len(kept) and not kept[k]:
        k += way
    return k if 0 <= k < len(kept) else None
