"""Cut a filtered page into articles: find each story's header, its title and category, and its body."""
from __future__ import annotations

import math
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from itertools import accumulate
from typing import Iterable, Iterator, Sequence

from . import classifier, metadata, patterns
from .language import cjk_pairs, word_count
from .model import Article, Line

# What the splitter marks lines as, besides the filters' reasons: `cleaner filters` lists these too.
ROLES: dict[str, str] = {
    "title": "The story's headline: metadata, not body.",
    "category": "The section label above a headline ('Asia'): metadata, not body.",
    "before-first-article": "Text above the first story of a page that holds several: page chrome.",
    "duplicate-article": "A second copy of an article on the same page, same title and text (a print version).",
}
# Reasons that mark a story's header: the lines between a title and its body.
HEADER_REASONS = frozenset({"published-on", "byline", "dateline", "date-line"})
# Reasons that mark a reader comment thread: no metadata of the story is read below where one begins.
THREAD_REASONS = frozenset({"comment-thread", "comment-form"})
# Lines dropped as chrome can never be a title or a category.
NEVER_TITLE = frozenset({"comment-form", "stock-phrase", "share-bar", "media-file", "video-duration",
                         "media-title", "punctuation-only", "pull-quote", "caption-run"} | HEADER_REASONS)
TITLE_MAX_WORDS = 30
CATEGORY_MAX_WORDS = 4
LOOKBACK = 8  # real lines searched above a body for its title
PROSE_LINE_WORDS = 8  # a line this long may be prose
MIN_STORY_WORDS = 40  # prose words a story needs under its header
MIN_DATED_STORY_WORDS = 150  # under a bare date, as teaser lists have one too
MIN_CONTAINER_WORDS = 15  # words an HTML <article> needs to count as a story of its own
BODY_LINE_WORDS = 200  # words of each body line compared with a headline
DUPLICATE_SHARE = 0.9  # of a story's distinct words found in an earlier story: a copy (distinct ones share < 0.7)
_WORD = re.compile(r"\w+")


@dataclass
class Story:
    """Where one story sits on a page: its first line, title, category and header lines (indexes)."""

    start: int  # index of the first line of the story (category, title or header)
    title: int | None
    category: int | None
    header: list[int]


def split_articles(lines: Sequence[Line], language: str | None = None) -> tuple[list[Article], list[Line]]:
    """The page's articles, and its lines with titles, categories and stray lines marked as not body. The page's
    `language` tells how its numeric dates read (12/05/2025 is 12 May outside English)."""
    lines = list(lines)
    per_container = split_by_container(lines, language)
    if per_container is not None:
        return per_container
    heads = _header_indexes(lines)
    stories = _find_stories(lines, heads)
    if not stories:
        story = _headless_story(lines, len(lines))
        if story is None:
            return [], lines
        stories = [story]
        if story.title is not None:
            lines = _drop_span(lines, 0, story.title, "before-first-article")
    elif len(stories) > 1:
        stories = _place_opening(lines, stories)
        lines = _drop_span(lines, 0, stories[0].start, "before-first-article")
    articles: list[Article] = []
    by_title: dict[str, list[Article]] = {}  # the articles so far under each casefolded title
    words: dict[Article, set[str]] = {}  # the distinct words of the articles a namesake was compared with
    for k, story in enumerate(stories):
        end = stories[k + 1].start if k + 1 < len(stories) else len(lines)
        lines = _mark_roles(lines, story)
        begin = story.start if len(stories) > 1 else 0  # a lone story owns the whole page
        article = _build(lines, story, begin, end, heads, language)
        if not article.paragraphs:
            continue
        namesakes = by_title.setdefault((article.title or "").casefold(), [])
        if _is_copy(article, namesakes, words):
            # a second copy (a print or mobile version, the page loaded twice): the first alone is the article
            lines = _drop_span(lines, begin, end, "duplicate-article")
            continue
        articles.append(article)
        namesakes.append(article)
    return articles, lines


def _is_copy(article: Article, namesakes: list[Article], words: dict[Article, set[str]]) -> bool:
    """Whether `article` repeats one of the earlier `namesakes` (articles of the same title): DUPLICATE_SHARE of
    its distinct words (stories that share a text under titles of their own, such as job ads, are no copies).
    The words are only gathered for a title met before, which few pages have, and once (kept in `words`): a thread
    of comments all titled 'Re: …' compares each with all before it."""
    if not namesakes:
        return False
    these = _distinct_words(article, words)
    return any(len(these & _distinct_words(other, words)) >= DUPLICATE_SHARE * len(these) for other in namesakes)


def _distinct_words(article: Article, known: dict[Article, set[str]]) -> set[str]:
    """The distinct casefolded words of `article`, from `known` when gathered before."""
    if article not in known:
        known[article] = _folded(_WORD.findall(article.text))
    return known[article]


def _folded(words: Iterable[str]) -> set[str]:
    """The distinct casefolded `words`, folded in one go (casefolding never makes or takes a space)."""
    joined = " ".join(words)
    return set(joined.casefold().split(" ")) if joined else set()


def _drop_span(lines: list[Line], begin: int, end: int, reason: str) -> list[Line]:
    """`lines` with the kept real lines of lines[begin:end] dropped for `reason`. Marked in place, as `_mark_roles`
    does: a new list per story would make a page of many stories (or many copies) quadratic."""
    for k in range(begin, end):
        if lines[k].kept and not lines[k].blank:
            lines[k] = lines[k].drop(reason)
    return lines


def split_by_container(lines: list[Line], language: str | None = None) -> tuple[list[Article], list[Line]] | None:
    """HTML pages with several <article> elements holding text: one article (or more) per element.

    Kept text outside them (archive headings, pagination) is marked 'outside-article'. None when the
    page has fewer than two such elements, or when most of its text lies outside them.
    """
    sizes: dict[int, int] = {}  # words kept in each <article> element
    for ln in lines:
        if ln.container and ln.kept and not ln.blank:
            sizes[ln.container] = sizes.get(ln.container, 0) + word_count(ln.text)
    holding = {c for c, n in sizes.items() if n >= MIN_CONTAINER_WORDS}
    # text input has no elements: the words outside are only counted for a page that has two
    if len(holding) < 2 or sum(sizes.values()) < 2 * _kept_words(ln for ln in lines if not ln.container):
        return None
    articles: list[Article] = []
    out: list[Line] = []
    segments: dict[int, list[Line]] = {}  # each element's lines in one pass (a listing may hold thousands)
    for ln in lines:
        segments.setdefault(ln.container, []).append(ln)
    for container, segment in segments.items():
        if container not in holding:
            out.extend(ln.drop("outside-article") if ln.kept and not ln.blank else ln for ln in segment)
            continue
        found, segment = split_articles(segment, language)
        articles.extend(found)
        out.extend(segment)
    out.sort(key=lambda ln: ln.number)
    return articles, out


def _kept_words(lines: Iterable[Line]) -> int:
    """Words of the kept, non-blank `lines`."""
    return sum(word_count(ln.text) for ln in lines if ln.kept and not ln.blank)


def find_stories(lines: Sequence[Line]) -> list[Story]:
    """One story per header block (a run of header lines) that has a title above it and body below it."""
    return _find_stories(lines, _header_indexes(lines))


def _header_indexes(lines: Sequence[Line]) -> list[int]:
    """Indexes of the header lines (HEADER_REASONS). The splitter's marks (roles, copies, chrome above the first
    story) are given to kept lines only and name no header reason: the list holds for the whole split."""
    return [i for i, ln in enumerate(lines) if ln.dropped_by in HEADER_REASONS]


def _find_stories(lines: Sequence[Line], heads: list[int]) -> list[Story]:
    """`find_stories`, given the indexes of the header lines (see `_header_indexes`)."""
    blocks = _header_blocks(lines, heads)
    if not blocks:
        return []
    stories: list[Story] = []
    for block in blocks:
        story = _story_for_header(lines, block)
        if story and (not stories or story.start > stories[-1].header[-1]):
            stories.append(story)
    ends = [story.start for story in stories[1:]] + [len(lines)]
    stories = [story for story, end in zip(stories, ends) if _has_body(lines, story, end)]
    return _with_opening(lines, stories)


def _header_blocks(lines: Sequence[Line], heads: list[int]) -> list[list[int]]:
    """The runs of the header lines `heads` with only blank lines between them, as lists of line indexes."""
    blocks: list[list[int]] = []
    for i in heads:
        if blocks and all(lines[k].blank for k in range(blocks[-1][-1] + 1, i)):
            blocks[-1].append(i)
        else:
            blocks.append([i])
    return blocks


def _with_opening(lines: Sequence[Line], stories: list[Story]) -> list[Story]:
    """The stories, headed by the page's opening (all above the first story) when the page holds several and
    the opening holds more prose than any of them: an article whose header was not recognised, above
    stories that are its reader comments or teasers. (With one story, the story owns the whole page
    anyway.) Its span starts at the top of the page; the main-text search and the splitter find its
    stretch and its title within it."""
    if len(stories) < 2:
        return stories
    opening = _prose_words(lines, 0, stories[0].start)
    if opening < MIN_DATED_STORY_WORDS:
        return stories
    ends = [story.start for story in stories[1:]] + [len(lines)]
    # the opening leads when every story holds less prose: a story is counted only until it holds as much
    if any(_prose_words(lines, story.header[-1] + 1, end, opening) >= opening for story, end in zip(stories, ends)):
        return stories
    return [Story(start=0, title=None, category=None, header=[]), *stories]


def _place_opening(lines: list[Line], stories: list[Story]) -> list[Story]:
    """The page's opening story (see `_with_opening`) placed as a story without a header is; gone when the
    filters left none of its lines."""
    if stories[0].header:
        return stories
    opening = _headless_story(lines, stories[1].start)
    return stories[1:] if opening is None else [opening, *stories[1:]]


def _headless_story(lines: list[Line], end: int) -> Story | None:
    """A story without a header in lines[:end]: from its headline (see `_best_title`), or else its first prose
    line, on; None when the filters kept none of its lines."""
    first_body = _first_prose(lines, end)
    if first_body is None:
        return None
    title = _best_title(lines, first_body)
    return Story(start=title if title is not None else first_body, title=title, category=None, header=[])


def _story_for_header(lines: Sequence[Line], block: list[int]) -> Story | None:
    """The story a header block opens: its title is just above (a bare date needs a headline right on top)."""
    strong = any(lines[i].dropped_by != "date-line" for i in block)
    before = real_above(lines, block[0], 3 if strong else 1)
    title = next((i for i in reversed(before) if _title_like(lines[i], 2 if strong else 3)), None)
    if title is None:
        return None
    above = real_above(lines, title, 3)
    category = above[-1] if above and _category_like(lines, above) else None
    return Story(start=category if category is not None else title, title=title, category=category, header=block)


def _has_body(lines: Sequence[Line], story: Story, end: int) -> bool:
    """A story needs prose of its own below its header, up to `end`, not a one-line comment or teaser."""
    strong = any(lines[i].dropped_by != "date-line" for i in story.header)
    wanted = MIN_STORY_WORDS if strong else MIN_DATED_STORY_WORDS
    return _prose_words(lines, story.header[-1] + 1, end, wanted) >= wanted


def _prose_words(lines: Sequence[Line], start: int, end: int, enough: float = math.inf) -> int:
    """Words of the kept lines of lines[start:end] long enough to be prose (PROSE_LINE_WORDS), counted only until
    they reach `enough`: a story's body mostly does in its first paragraphs, and the rest need not be cut into words."""
    words = 0
    for k in range(start, end):
        line = lines[k]
        if line.kept and (n := word_count(line.text)) >= PROSE_LINE_WORDS:
            words += n
            if words >= enough:
                break
    return words


def _title_like(line: Line, min_words: int = 1) -> bool:
    """A headline: a short line, not a sentence ending in a full stop, not chrome or a repeated label."""
    if line.dropped_by in NEVER_TITLE or line.dropped_by == "repeated-line":
        return False
    n = word_count(line.text)
    return (min_words <= n <= TITLE_MAX_WORDS and not line.text.rstrip().endswith(".")
            and any(c.isalpha() for c in line.text))


def _category_like(lines: Sequence[Line], above: list[int]) -> bool:
    """A section label right above a headline ('Asia', 'Europe'): a word or two on its own line,
    repeated as a template or standing alone, not the last item of a menu. `above`: the real lines above the
    headline, the nearest last."""
    line = lines[above[-1]]
    if line.dropped_by not in (None, "repeated-line", "outside-main") or not label_like(line):
        return False
    return line.dropped_by == "repeated-line" or not _ends_menu(lines, above)


def _ends_menu(lines: Sequence[Line], above: list[int]) -> bool:
    """Whether the last of `above` is the last item of a menu: the label above it is another item, with no blank
    line between them, or as far from it as the label above that one (a dump that parts every line with blank
    lines parts a menu's items too; a section label set apart from its menu by a blank line is none of it)."""
    items = [i for i in above if lines[i].dropped_by in (None, "outside-main") and label_like(lines[i])]
    if len(items) < 2 or items[-1] != above[-1] or items[-2] != above[-2]:
        return False
    gap = items[-1] - items[-2]
    return gap == 1 or (len(items) == 3 and items[0] == above[0] and items[1] - items[0] == gap)


def label_like(line: Line) -> bool:
    """A section label or menu item: a few words (Chinese, Japanese and Korean counted by characters), not a
    sentence ('Politics', 'Local News')."""
    return (word_count(line.text) <= CATEGORY_MAX_WORDS and not patterns.SENTENCE_END.search(line.key)
            and not line.key.endswith(("。", "！", "？")))


def _first_prose(lines: list[Line], end: int) -> int | None:
    """The first kept real line of lines[:end] that reads as a sentence or paragraph; else the first kept real line;
    None when none is kept. The search stops at the first prose line: the body below it is long."""
    first_kept: int | None = None
    for i in range(end):
        if lines[i].kept and not lines[i].blank:
            if word_count(lines[i].text) >= PROSE_LINE_WORDS or patterns.SENTENCE_END.search(lines[i].key):
                return i
            if first_kept is None:
                first_kept = i
    return first_kept


def _best_title(lines: list[Line], first_body: int) -> int | None:
    """The heading-like line above the body that shares most words with the body's opening paragraphs."""
    candidates = real_above(lines, first_body, LOOKBACK)
    # a headline stands outside the main text the classifier kept; a kept line is body
    candidates = [i for i in candidates if not lines[i].kept and _title_like(lines[i], 2)]
    if not candidates:
        return None
    title_words = {i: _title_words(lines[i].text) for i in candidates}
    in_body = _words_in_body(set().union(*title_words.values()), [ln.text for ln in lines[first_body:] if ln.kept])
    def overlap(i: int) -> tuple[int, int]:
        return len(title_words[i] & in_body), i
    best = max(candidates, key=overlap)
    return best if overlap(best)[0] > 0 else None


def real_above(lines: Sequence[Line], end: int, count: int, top: int = 0) -> list[int]:
    """Indexes of the last `count` real (non-blank) lines of lines[top:end], in page order: found walking up from
    `end`, as they lie close above it, rather than by listing the page's real lines."""
    found: list[int] = []
    i = end - 1
    while i >= top and len(found) < count:
        if not lines[i].blank:
            found.append(i)
        i -= 1
    return found[::-1]


def _title_words(text: str) -> set[str]:
    """The casefolded words of a headline that may tell it: longer than three letters, no digits; and in Chinese,
    Japanese or Korean, written without spaces, its pairs of characters."""
    words = {w.casefold() for w in _WORD.findall(text) if len(w) > 3 and w.isalpha()}
    return words if text.isascii() else words | cjk_pairs(text)


def _words_in_body(wanted: set[str], body: list[str]) -> set[str]:
    """Those of the casefolded `wanted` words (none empty) that are among the first BODY_LINE_WORDS words of a
    line of `body`, casefolded; a pair of CJK characters (see _title_words) anywhere in a line. The body is long
    and a headline short, so the body's words are not all gathered: a wanted word is searched for in the folded
    body (casefolding maps each character on its own, so a word folds into a piece of its folded line), and only
    the lines where it turns up are cut into words, each once."""
    folds = list(map(str.casefold, body))
    folded = "".join(folds)  # a word found across two lines is looked for in the first one's words, in vain
    starts = [0, *accumulate(map(len, folds))]  # where each line begins in `folded`
    words_of: dict[int, set[str]] = {}  # the folded words of the lines cut so far, by index in `body`

    def line_words(k: int) -> set[str]:
        if k not in words_of:
            words_of[k] = _folded(_WORD.findall(body[k])[:BODY_LINE_WORDS])
        return words_of[k]

    def in_body(word: str) -> bool:
        if len(word) == 2:  # a pair of CJK characters (the other words are longer, see _title_words): a piece of a line
            return any(word in folds[k] for k in _lines_holding(word, folded, starts))
        return any(word in line_words(k) for k in _lines_holding(word, folded, starts))  # a whole word of a line
    return {word for word in wanted if in_body(word)}


def _lines_holding(piece: str, folded: str, starts: list[int]) -> Iterator[int]:
    """The indexes of the lines of `folded` that hold `piece`, in order (`starts`: where each line begins)."""
    at = folded.find(piece)
    while at >= 0:
        k = bisect_right(starts, at) - 1
        yield k
        at = folded.find(piece, starts[k + 1])


def _mark_roles(lines: list[Line], story: Story) -> list[Line]:
    """The title and category lines are metadata: say so, unless a filter named them chrome first."""
    for index, role in ((story.title, "title"), (story.category, "category")):
        if index is not None and lines[index].dropped_by in (None, "outside-main"):
            lines[index] = lines[index].drop(role)
    return lines


def _thread_start(lines: list[Line], begin: int, end: int) -> int:
    """Where a reader comment thread begins below the first body line of lines[begin:end]; `end` if none does.
    (A 'Comments' link above the body, among the header lines, begins none.)"""
    body = next((i for i in range(begin, end) if lines[i].kept and not lines[i].blank), end)
    return next((i for i in range(body, end) if lines[i].dropped_by in THREAD_REASONS), end)


def _build(lines: list[Line], story: Story, begin: int, end: int, heads: list[int], language: str | None) -> Article:
    """The article of the story in lines[begin:end]; `heads`: the page's header lines (see `_header_indexes`)."""
    segment = lines[begin:end]
    paragraphs = tuple(classifier.paragraph_text([segment[i] for i in group])
                       for group in classifier.paragraphs(segment))
    # the metadata readers look at header lines only: a story's span is long and its header short, so its header
    # lines are taken from the page's list (sorted) rather than looked for in the span; never from the reader
    # comments under its body, whose dates and names are the commenters'
    header = [lines[i] for i in heads[bisect_left(heads, begin):bisect_left(heads, _thread_start(lines, begin, end))]]
    place, source = metadata.dateline_and_source(header)
    name, org = metadata.author(header)
    if paragraphs and not place:
        place, wire = metadata.inline_dateline(paragraphs[0])
        source = source or wire
    return Article(
        title=lines[story.title].text.strip() if story.title is not None else None,
        paragraphs=paragraphs,
        category=lines[story.category].text.strip() if story.category is not None else None,
        published=metadata.published(header, language),
        author=name,
        dateline=place,
        source=source or org,
        first_line=lines[story.start].number,
        last_line=lines[end - 1].number if end > story.start else lines[story.start].number,
    )
