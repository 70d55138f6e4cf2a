"""The named filters of the text pipeline. Each marks the lines it removes with its own name, never edits text.

A filter is `f(lines, options) -> list[Line]`. Single-line rules are predicates wrapped by
`@line_filter(name)`; rules that need to see several lines are registered with `@page_filter(name)`.
`DEFAULT_ORDER` is the pipeline, top to bottom; the first filter to drop a line gives the reason.
"""
from __future__ import annotations

import re
from dataclasses import replace
from typing import Callable, Sequence

from . import articles, classifier, patterns
from .model import Filter, Line, Options, Predicate

REGISTRY: dict[str, Filter] = {}
DATE_MAX_CHARS = 40  # a longer line is a sentence that mentions a date, not a date
TEMPLATE_MIN_GAP = 8  # lines between the copies of a template line, at the median


def line_filter(name: str) -> Callable[[Predicate], Predicate]:
    """Register a per-line predicate (on the line's match key) as filter `name`; return it unchanged."""
    def register(is_boilerplate: Predicate) -> Predicate:
        def apply(lines: Sequence[Line], options: Options) -> list[Line]:
            return [ln.drop(name) if ln.kept and not ln.blank and is_boilerplate(ln.key) else ln for ln in lines]
        apply.__doc__ = is_boilerplate.__doc__
        REGISTRY[name] = apply
        return is_boilerplate
    return register


def page_filter(name: str) -> Callable[[Filter], Filter]:
    """Register a whole-page filter as `name`; return it unchanged."""
    def register(func: Filter) -> Filter:
        REGISTRY[name] = func
        return func
    return register


def drop_at(lines: Sequence[Line], indexes: set[int], reason: str) -> list[Line]:
    """A copy of `lines` with the kept lines at `indexes` dropped for `reason`."""
    return [ln.drop(reason) if i in indexes and ln.kept else ln for i, ln in enumerate(lines)]


def content_indexes(lines: Sequence[Line]) -> list[int]:
    """Indexes of the non-blank lines, whatever their verdict: the page's real lines."""
    return [i for i, ln in enumerate(lines) if not ln.blank]


def words(text: str) -> list[str]:
    return text.split()


# ---------------------------------------------------------------------------------------------
# Single lines
# ---------------------------------------------------------------------------------------------

@page_filter("blank-line")
def blank_lines(lines: Sequence[Line], options: Options) -> list[Line]:
    """Blank or whitespace-only lines: they separate blocks but hold no text."""
    return [ln.drop("blank-line") if ln.blank and ln.kept else ln for ln in lines]


@line_filter("stock-phrase")
def is_stock_phrase(key: str) -> bool:
    """A whole line that is a widget label: 'Source link', 'Continue Reading', 'Connect with us', 'Advertisement'."""
    if key in patterns.STOCK_PHRASES or key.rstrip(" :»›>→…").strip() in patterns.STOCK_PHRASES:
        return True
    if key.startswith(patterns.LABEL_PREFIXES):
        return len(key.split()) <= patterns.LEGAL_MAX_WORDS
    return key.startswith(patterns.STOCK_PREFIXES) and _label_not_sentence(key)


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


@line_filter("share-bar")
def is_share_bar(key: str) -> bool:
    """A line made only of network names and share verbs: 'Share on Facebook', 'Tweet | Pin | Email'."""
    tokens = re.findall(r"[\w+@-]+|[|·•/]", key)
    return bool(tokens) and all(t in patterns.SHARE_WORDS for t in tokens) and any(
        t not in ("on", "via", "to", "|", "·", "•", "/", "link", "line", "copy", "feed", "mail") for t in tokens)


@line_filter("media-file")
def is_media_file(key: str) -> bool:
    """An image or video file name left by the scraper: 'SK_Deepfakes_HZ.00_00_36_01.Still001.jpg'."""
    return bool(patterns.IMAGE_FILE.match(key))


@line_filter("video-duration")
def is_video_duration(key: str) -> bool:
    """A video player's running time on a line of its own: '03:55', '1:02:17'."""
    return bool(patterns.DURATION.match(key))


@page_filter("punctuation-only")
def punctuation_only(lines: Sequence[Line], options: Options) -> list[Line]:
    """A line without a letter or digit: separators such as ' — ', '|', '•••', '»'.

    The full stop or comma that ends a sentence cut by a link ('… on the couch' / '.') is kept:
    it belongs to the sentence above it.
    """
    out: list[Line] = []
    for ln in lines:
        after_text = bool(out) and out[-1].kept and not out[-1].blank
        if ln.kept and not ln.blank and not any(ch.isalnum() for ch in ln.key) and not (
                after_text and patterns.CLOSING_ONLY.match(ln.key)):
            ln = ln.drop("punctuation-only")
        out.append(ln)
    return out


# ---------------------------------------------------------------------------------------------
# Runs of lines
# ---------------------------------------------------------------------------------------------

@page_filter("comment-form")
def comment_form(lines: Sequence[Line], options: Options) -> list[Line]:
    """A comment form as a whole, from 'Leave a Reply' or 'Click to comment' through 'Post Comment'.

    The form ends at the last end marker ('Post Comment', 'Required fields are marked *',
    'Save my name, email, and website…') within a short window; the field labels between go too.
    """
    real = content_indexes(lines)
    doomed: set[int] = set()
    for pos, i in enumerate(real):
        if lines[i].key.rstrip(" :") not in patterns.COMMENT_FORM_START:
            continue
        window = real[pos:pos + patterns.COMMENT_FORM_MAX_LINES]
        ends = [j for j in window if patterns.COMMENT_FORM_END.match(lines[j].key)]
        last = ends[-1] if ends else i
        doomed.update(j for j in window if j <= last)
    return drop_at(lines, doomed, "comment-form")


@page_filter("published-on")
def published_on(lines: Sequence[Line], options: Options) -> list[Line]:
    """'Published' / 'on' / '<date>' headers ('Posted on April 29, 2025'), whose date becomes metadata.

    The date slot is taken only when the next line really is a date; an empty slot stays empty.
    """
    from .metadata import parse_date  # metadata imports patterns only; the cycle is at call time

    real = content_indexes(lines)
    doomed: set[int] = set()
    for pos, i in enumerate(real):
        match = patterns.PUBLISHED_LABEL.match(lines[i].key)
        if not match or not lines[i].kept:
            continue
        rest = match.group("rest")
        if rest and not parse_date(rest, options.language):
            continue  # "Published by the council in 1998 ..." is a sentence, not a header
        doomed.add(i)
        following = real[pos + 1:pos + 3]
        if not rest and following and lines[following[0]].key in patterns.ON_WORD:
            doomed.add(following[0])
            following = following[1:]
        slot = lines[following[0]].key if following and not rest else ""
        if slot and len(slot) <= DATE_MAX_CHARS and parse_date(slot, options.language):
            doomed.add(following[0])
    return drop_at(lines, doomed, "published-on")


@page_filter("date-line")
def date_line(lines: Sequence[Line], options: Options) -> list[Line]:
    """A line that is only a date ('November 19, 2019, 6:21 AM EST'), page furniture whose date becomes metadata."""
    from .metadata import parse_date

    doomed = {i for i, ln in enumerate(lines)
              if ln.kept and not ln.blank and len(ln.key) <= DATE_MAX_CHARS and parse_date(ln.key, options.language)}
    return drop_at(lines, doomed, "date-line")


@page_filter("byline")
def byline(lines: Sequence[Line], options: Options) -> list[Line]:
    """'By Jane Doe' author lines (also 'Written by', 'Von', 'Par'), whose name becomes metadata."""
    real = content_indexes(lines)
    doomed: set[int] = set()
    for pos, i in enumerate(real):
        text = lines[i].text.strip()
        if lines[i].kept and len(text) <= 120 and patterns.BYLINE.match(text) and not patterns.NOT_A_NAME.match(text):
            doomed.add(i)
            # "Posted by Jane Doe" / "on" / "<date>": the lone joining word goes with the byline
            if pos + 1 < len(real) and lines[real[pos + 1]].key in patterns.ON_WORD:
                doomed.add(real[pos + 1])
    return drop_at(lines, doomed, "byline")


@page_filter("dateline")
def dateline(lines: Sequence[Line], options: Options) -> list[Line]:
    """A dateline block set apart from the body: 'Seoul, South Korea' / 'CNN' / ' — '.

    A dash alone on a line closes it; the one or two short lines just before the dash are the
    source and the place, and become metadata.
    """
    real = content_indexes(lines)
    doomed: set[int] = set()
    for pos, i in enumerate(real):
        if not patterns.DASH_ONLY.match(lines[i].text):
            continue
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


@page_filter("media-title")
def media_title(lines: Sequence[Line], options: Options) -> list[Line]:
    """The title of an embedded video, between its file name and its running time.

    'SK_Deepfakes.jpg' / 'Victim of AI-generated revenge porn tells CNN…' / '03:55': the middle
    line is the player's label, not body.
    """
    real = content_indexes(lines)
    media = {"media-file", "video-duration"}
    doomed: set[int] = set()
    for pos, i in enumerate(real):
        if lines[i].dropped_by not in media:
            continue
        for end in range(pos + 2, min(pos + 4, len(real))):
            if lines[real[end]].dropped_by in media:
                doomed.update(real[pos + 1:end])
                break
    return drop_at(lines, doomed, "media-title")


def _token_string(text: str) -> str:
    return " " + " ".join(re.findall(r"\w+", text.casefold())) + " "


@page_filter("pull-quote")
def pull_quote(lines: Sequence[Line], options: Options) -> list[Line]:
    """A pull quote that repeats a sentence of the nearby body, and the attribution line under it.

    '“This is something that has been delayed for far too long.”' is dropped because a body
    paragraph says it too; 'Won Eun-ji, Activist & Journalist' below it goes with it.
    """
    real = [i for i in content_indexes(lines) if lines[i].kept]
    # compare with whole paragraphs, as the output will join the pieces of a cut sentence
    units = classifier.paragraphs(lines)
    unit_tokens = [_token_string(classifier.join_fragments([lines[i].text for i in unit])) for unit in units]
    unit_of = {i: k for k, unit in enumerate(units) for i in unit}
    doomed: set[int] = set()
    for pos, i in enumerate(real):
        quote = _token_string(lines[i].text)
        if not 5 <= quote.count(" ") - 1 <= 40 or not lines[i].text.lstrip().startswith(patterns.OPENING_QUOTES):
            continue  # a plain sentence that a longer paragraph begins with is body, not a pull quote
        here = unit_of[i]
        nearby = range(max(0, here - 30), min(len(units), here + 30))
        if any(k != here and len(unit_tokens[k]) > len(quote) and quote in unit_tokens[k] for k in nearby):
            doomed.add(i)
            if pos + 1 < len(real) and _is_attribution(lines[real[pos + 1]].text):
                doomed.add(real[pos + 1])
    return drop_at(lines, doomed, "pull-quote")


def _is_attribution(text: str) -> bool:
    """'Won Eun-ji, Activist & Journalist' or '— Jane Doe': a name and a role, no sentence."""
    parts = words(text)
    text = text.strip()
    return (1 <= len(parts) <= 8 and not patterns.SENTENCE_END.search(text)
            and (text[:1].isupper() or text.startswith(("—", "–", "-"))))


@page_filter("caption-run")
def caption_run(lines: Sequence[Line], options: Options) -> list[Line]:
    """Photo captions of a gallery: touching one-sentence lines on a page whose paragraphs are set apart by blanks.

    On such pages body paragraphs never touch; a run of two or more touching sentence lines
    ('Tourists flock to the bustling Barkhor Street in Lhasa, the Tibetan capital.') is a slideshow.
    """
    runs = _touching_runs(lines)
    isolated = sum(1 for run in runs if len(run) == 1)
    touching = [run for run in runs if len(run) > 1]
    if isolated < 10 or sum(len(run) for run in touching) > isolated * 0.25:
        return list(lines)  # paragraphs are not separated by blank lines here
    doomed = {i for run in touching for i in run
              if all(lines[j].text.rstrip().endswith((".", "”", "\"")) and len(words(lines[j].text)) >= 5 for j in run)}
    return drop_at(lines, doomed, "caption-run")


def _touching_runs(lines: Sequence[Line]) -> list[list[int]]:
    """Groups of kept lines with no blank line between them."""
    runs: list[list[int]] = []
    current: list[int] = []
    for i, ln in enumerate(lines):
        if ln.blank:
            if current:
                runs.append(current)
            current = []
        elif ln.kept:
            current.append(i)
    if current:
        runs.append(current)
    return runs


def _inside_sentence(lines: Sequence[Line], i: int) -> bool:
    """Whether line i is a link or emphasis cut out of a sentence that runs on before or after it."""
    before = lines[i - 1] if i > 0 else None
    after = lines[i + 1] if i + 1 < len(lines) else None
    return bool((before and not before.blank and before.kept and classifier.continues(before.text, lines[i].text))
                or (after and not after.blank and after.kept and classifier.continues(lines[i].text, after.text)
                    and after.text[:1].islower()))


def _spread(where: list[int]) -> bool:
    """Whether a line's copies lie far apart, as a template's do; the labels of a table repeat close together."""
    gaps = sorted(b - a for a, b in zip(where, where[1:]))  # in real lines: blank lines do not count
    return gaps[len(gaps) // 2] >= TEMPLATE_MIN_GAP


@page_filter("repeated-line")
def repeated_line(lines: Sequence[Line], options: Options) -> list[Line]:
    """Short lines the page repeats as a template, three times or more: 'Source link', a category label, 'CNN'.

    Sentences quoted twice are not a template, so only lines of up to eight words without a
    final full stop count, and never a link cut out of a running sentence.
    """
    places: dict[str, list[int]] = {}
    for position, i in enumerate(content_indexes(lines)):
        places.setdefault(lines[i].key, []).append(position)
    template = {key for key, where in places.items() if len(where) >= 3 and _spread(where)}
    doomed = {i for i, ln in enumerate(lines) if ln.kept and not ln.blank and ln.key in template
              and len(words(ln.key)) <= 8 and not ln.key.endswith(".") and not _inside_sentence(lines, i)}
    return drop_at(lines, doomed, "repeated-line")


def is_comment_heading(line: Line) -> bool:
    """'34 Comments', 'Leave a Reply', a comment form: where a reader thread begins."""
    return (line.key.rstrip(" :") in patterns.COMMENT_HEADINGS or line.dropped_by == "comment-form"
            or bool(patterns.COMMENT_COUNT.match(line.key)))


@page_filter("comment-thread")
def comment_thread(lines: Sequence[Line], options: Options) -> list[Line]:
    """A reader comment thread: from its heading ('34 Comments', 'Leave a Reply') to the end of the story.

    Comments are not the article. The heading only counts right under a story's prose, so a
    'Comments' link in the top menu cuts nothing.
    """
    starts = {story.start for story in articles.find_stories(lines)}
    doomed: set[int] = set()
    recent: list[int] = []  # prose words of the last real lines, newest last
    lookback = classifier.COMMENT_LOOKBACK_LINES
    cutting = False
    for i, ln in enumerate(lines):
        if i in starts:
            recent, cutting = [], False
        if cutting:
            doomed.add(i)
        elif is_comment_heading(ln) and sum(recent[-lookback:]) >= classifier.MIN_ARTICLE_WORDS:
            cutting = True
            doomed.add(i)
        elif not ln.blank:
            score = classifier.score_line(ln, options.language)
            recent.append(score.words if ln.kept and score.prose else 0)
    return drop_at(lines, doomed, "comment-thread")


@page_filter("outside-main")
def outside_main(lines: Sequence[Line], options: Options) -> list[Line]:
    """Lines outside the page's main text: menus, sidebars, footers, comment threads, teasers.

    Each story's main text is the stretch of lines with the best balance of prose words against
    line breaks, short lines and section changes ('Comments', 'Related posts'); see `classifier`.
    """
    units = _scoring_units(lines)
    joined = [_joined(lines, unit) for unit in units]
    scores = [classifier.score_line(ln, options.language) for ln in joined]
    shapes = [classifier.shape(ln, sc) for ln, sc in zip(joined, scores)]
    teasers = classifier.teaser_runs(shapes)
    listed = {k for k, unit in enumerate(units) if classifier.run_together([lines[i].text for i in unit])}
    weights = [-classifier.LINE_COST * len(units[k]) if k in teasers or k in listed else sc.weight
               for k, sc in enumerate(scores)]
    weights = classifier.discount_after_barriers(weights, [classifier.is_barrier(ln) for ln in joined])
    weights = classifier.position_prior(weights)
    inside: set[int] = set()
    for lo, hi in _story_spans(units, articles.find_stories(lines)):
        for start, end in classifier.main_regions(weights[lo:hi], [ln.kept for ln in joined[lo:hi]], options.favor):
            inside.update(i for k in range(lo + start, lo + end + 1) for i in units[k]
                          if classifier.FAVOR[options.favor].labels or shapes[k] != "N")
    doomed = {i for i in range(len(lines)) if i not in inside}
    return drop_at(lines, doomed, "outside-main")


def _scoring_units(lines: Sequence[Line]) -> list[list[int]]:
    """The page as paragraphs of kept lines, with every dropped line a unit of its own, in page order."""
    units = classifier.paragraphs(lines) + [[i] for i, ln in enumerate(lines) if not ln.kept and not ln.blank]
    return sorted(units)


def _joined(lines: Sequence[Line], unit: list[int]) -> Line:
    if len(unit) == 1:
        return lines[unit[0]]
    return Line.of(lines[unit[0]].number, classifier.join_fragments([lines[i].text for i in unit]))


def _story_spans(units: list[list[int]], stories: list[articles.Story]) -> list[tuple[int, int]]:
    """Ranges of units, one per story when the page holds several, else the whole page."""
    if len(stories) < 2:
        return [(0, len(units))]
    cuts = [0] + [next((k for k, unit in enumerate(units) if unit[0] >= story.start), len(units))
                  for story in stories[1:]]
    return list(zip(cuts, cuts[1:] + [len(units)]))


DEFAULT_ORDER: tuple[str, ...] = (
    "blank-line",
    "comment-form",
    "published-on",
    "byline",
    "date-line",
    "dateline",
    "stock-phrase",
    "cookie-notice",
    "share-bar",
    "media-file",
    "video-duration",
    "media-title",
    "punctuation-only",
    "repeated-line",
    "pull-quote",
    "caption-run",
    "comment-thread",
    "outside-main",
    # last: the main-region search reads a run of dropped lines as chrome, so template lines dropped
    # before it cut articles short (fixtures/site: F1 0.83 placed after repeated-line, 0.96 here)
    "site-template",
)


def describe(name: str) -> str:
    """The first line of a filter's docstring."""
    doc = REGISTRY[name].__doc__ or ""
    return doc.strip().splitlines()[0] if doc.strip() else ""


def run(lines: Sequence[Line], names: Sequence[str] = DEFAULT_ORDER, options: Options = Options(),
        extra: Sequence[Filter] = ()) -> list[Line]:
    """Apply the named filters in order, then any extra filters; the first filter to drop a line names the reason."""
    result = list(lines)
    if options.language is None:  # detected once here, read by every filter
        options = replace(options, language=classifier.page_language(result))
    for name in names:
        result = REGISTRY[name](result, options)
    for custom in extra:
        result = custom(result, options)
    return result
