"""Filters that need several lines: comment forms, embedded media, pull quotes, caption galleries, template lines."""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from typing import Sequence

from .. import classifier, patterns
from ..model import Line, Options
from . import content_indexes, drop_at, page_filter, words

QUOTE_WORDS_TRIED = 4  # the longest, rarest words: enough to tell most quotes from a pull quote
QUOTES_SCANNED = 20  # quotes on a page tried word by word against the whole page (see pull_quote)
TEMPLATE_MIN_GAP = 8  # lines between the copies of a template line, at the median
_WORD = re.compile(r"\w+")


@page_filter("comment-form")
def comment_form(lines: Sequence[Line], options: Options) -> list[Line]:
    """A comment form as a whole, from 'Leave a Reply' or 'Click to comment' through 'Post Comment'.

    The form ends at the last end marker ('Post Comment', 'Required fields are marked *',
    'Save my name, email, and website…') within a short window; the field labels between go too.
    """
    starts = [i for i, ln in enumerate(lines) if ln.key.rstrip(" :") in patterns.COMMENT_FORM_START]
    if not starts:
        return list(lines)  # most pages: the real lines need not be listed
    real = content_indexes(lines)
    doomed: set[int] = set()
    for i in starts:
        pos = bisect_left(real, i)
        window = real[pos:pos + patterns.COMMENT_FORM_MAX_LINES]
        ends = [j for j in window if patterns.COMMENT_FORM_END.match(lines[j].key)]
        last = ends[-1] if ends else i
        doomed.update(j for j in window if j <= last)
    return drop_at(lines, doomed, "comment-form")


@page_filter("media-title")
def media_title(lines: Sequence[Line], options: Options) -> list[Line]:
    """The title of an embedded video, between its file name and its running time.

    'SK_Deepfakes.jpg' / 'Victim of AI-generated revenge porn tells CNN…' / '03:55': the middle
    line is the player's label, not body.
    """
    media = {"media-file", "video-duration"}
    if not any(ln.dropped_by in media for ln in lines):
        return list(lines)  # most pages: no media, and the real lines need not be listed
    real = content_indexes(lines)
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
    return " " + " ".join(_WORD.findall(text.casefold())) + " "


@page_filter("pull-quote")
def pull_quote(lines: Sequence[Line], options: Options) -> list[Line]:
    """A pull quote that repeats a sentence of the nearby body, and the attribution line under it.

    '“This is something that has been delayed for far too long.”' is dropped because a body
    paragraph says it too; 'Won Eun-ji, Activist & Journalist' below it goes with it.
    """
    # only a quoted line of a sentence's length can be a pull quote: a plain sentence that a longer
    # paragraph begins with is body. A line whose text opens with a quote has a key that does (the key loses
    # only spaces and invisible marks, and casefolding keeps quotes): the key rules out most lines, blank ones too.
    quoted = [i for i, ln in enumerate(lines) if ln.kept and ln.key.startswith(patterns.OPENING_QUOTES)
              and ln.text.lstrip().startswith(patterns.OPENING_QUOTES)]
    if not quoted:
        return list(lines)  # most pages: the real lines need not be listed
    real = [i for i, ln in enumerate(lines) if ln.kept and not ln.blank]
    quotes = {bisect_left(real, i): _token_string(lines[i].text) for i in quoted}
    quotes = {pos: quote for pos, quote in quotes.items() if 5 <= quote.count(" ") - 1 <= 40}
    # most quotes say what the page says nowhere else: no need to build its paragraphs. Each test scans the
    # page, so a page with many quotes (a large dump's part) builds its paragraphs at once instead.
    if len(quotes) <= QUOTES_SCANNED:
        # a line break before and after every line, the first and the last too (see _said_elsewhere)
        page = "\n" + "\n".join([lines[i].text for i in real]).casefold() + "\n" if quotes else ""
        quotes = {pos: quote for pos, quote in quotes.items()
                  if _said_elsewhere(quote, lines[real[pos]].text.casefold(), page) and _said_twice(quote, page)}
    if not quotes:
        return list(lines)
    # compare with whole paragraphs, as the output will join the pieces of a cut sentence
    units = classifier.paragraphs(lines)
    unit_starts = [unit[0] for unit in units]
    unit_of = {pos: bisect_right(unit_starts, real[pos]) - 1 for pos in quotes}  # the paragraph holding each quote
    nearby = {pos: range(max(0, unit_of[pos] - 30), min(len(units), unit_of[pos] + 30)) for pos in quotes}
    # a paragraph that says a quote holds its longest word: most paragraphs near a quote are ruled out by that
    # search in their casefolded lines (see _said_elsewhere), without being joined and tokenised
    folded = {k: "\n".join([lines[i].text for i in units[k]]).casefold() for k in set().union(*nearby.values())}
    doomed: set[int] = set()
    for pos, quote in quotes.items():
        longest = max(quote.split(), key=len)
        if any(k != unit_of[pos] and longest in folded[k] and _unit_says(units[k], quote, lines) for k in nearby[pos]):
            doomed.add(real[pos])
            if pos + 1 < len(real) and _is_attribution(lines[real[pos + 1]].text):
                doomed.add(real[pos + 1])
    return drop_at(lines, doomed, "pull-quote")


def _said_elsewhere(quote: str, line: str, page: str) -> bool:
    """Whether the longest words of `quote` (the token string of casefolded `line`) are all found in another
    line of `page` (the casefolded kept lines, each between line breaks). A paragraph's words lie within its lines
    (join_fragments joins them at a space or before closing punctuation), so a quote missing this test
    is in no other paragraph.

    The words are looked for before and after the line's first copy on the page, and the search stops at the
    first find (no word or line holds a line break; a line's earlier copy is another line that holds the words)."""
    longest = sorted(dict.fromkeys(quote.split()), key=len, reverse=True)[:QUOTE_WORDS_TRIED]
    start = page.find("\n" + line + "\n") + 1
    end = start + len(line)
    return all(page.find(word, 0, start) >= 0 or page.find(word, end) >= 0 for word in longest)


def _unit_says(unit: list[int], quote: str, lines: Sequence[Line]) -> bool:
    """Whether paragraph `unit` (indexes of `lines`) says `quote` (a token string) and more."""
    said = _token_string(classifier.join_fragments([lines[i].text for i in unit]))
    return len(said) > len(quote) and quote in said


def _said_twice(quote: str, page: str) -> bool:
    """Whether the words of `quote` (a token string) follow one another, with only non-word characters between
    them, at two places of `page` (as in _said_elsewhere): the quote's own line is one. A paragraph holding the
    quote is another: its words are its lines' words in order (see _said_elsewhere), and the page joins its lines
    with line breaks. findall takes the first run it meets and goes on after its end, so two runs of words apart
    (two lines, or lines and a paragraph, never share a word) are two finds."""
    run = re.compile(r"\W+".join(map(re.escape, quote.split())))
    return len(run.findall(page)) >= 2


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
                or (after and not after.blank and after.kept and after.text[:1].islower()
                    and classifier.continues(lines[i].text, after.text)))


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
    real = content_indexes(lines)
    keys = [lines[i].key for i in real]
    # most lines are on the page once or twice: only those met three times have their places listed
    places: dict[str, list[int]] = {key: [] for key, copies in Counter(keys).items() if copies >= 3}
    for position, key in enumerate(keys):
        if key in places:
            places[key].append(position)
    template = [key for key, where in places.items()
                if len(words(key)) <= 8 and not key.endswith(".") and _spread(where)]
    copies = [real[position] for key in template for position in places[key]]
    doomed = {i for i in copies if lines[i].kept and not _inside_sentence(lines, i)}
    return drop_at(lines, doomed, "repeated-line")
