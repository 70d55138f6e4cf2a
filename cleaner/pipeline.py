"""Orchestration: text in, filters run, articles out. The library's main entry points live here."""
from __future__ import annotations

import io
from collections import Counter
from typing import Any, Iterable, Iterator, Sequence

from . import filters, parts, templates  # noqa: F401 - importing templates registers the site-template filter
from .articles import split_articles
from .classifier import page_language
from .decoding import byte_oriented, page_text
from .model import Article, Filter, Line, Options, Result, match_key


NO_ARTICLE = "no article found: every line looks like boilerplate"


def to_lines(text: str, first: int = 1) -> list[Line]:
    """Cut normalised text into numbered lines (only on newlines: NEL and U+2028 stay inside a line)."""
    # the constructor rather than Line.of: a call fewer for each of the page's lines
    return [Line(n, t, None, match_key(t)) for n, t in enumerate(text.split("\n"), start=first)]


def clean_text(text: str | bytes, *, skip: Iterable[str] = (), favor: str = "balanced",
               extra: Sequence[Filter] = (), template: frozenset[str] = frozenset(), first_line: int = 1) -> Result:
    """Clean one page given as a text dump: its articles, and every line with the filter that dropped it.

    `skip` names filters to turn off, `favor` is "precision", "balanced" or "recall", and `extra`
    appends the caller's own filters after the built-in ones. `template` holds the keys of the site's
    template lines (see `templates.learn_from_pages`). Lines are numbered from `first_line`.
    """
    text = page_text(text)
    articles, lines = _filtered_and_split(to_lines(text, first_line), filter_names(skip), favor, template, extra)
    warnings = () if articles else (NO_ARTICLE,)
    return Result(articles=tuple(articles), lines=tuple(lines), warnings=warnings)


def _filtered_and_split(lines: Sequence[Line], names: Sequence[str], favor: str, template: frozenset[str],
                        extra: Sequence[Filter]) -> tuple[list[Article], list[Line]]:
    """The page's lines through the named filters and the caller's, then the splitter: its articles and lines.
    The page's language is guessed here, for the filters and for the dates the splitter reads (filters.run
    guesses again when this finds none: None also means "not guessed" there)."""
    options = Options(favor=favor, language=page_language(lines), template=template)
    return split_articles(filters.run(lines, names, options, extra), options.language)


def clean_text_part(window: bytes, part: parts.Part, **options: Any) -> Result:
    """Clean one part of a large dump from its window (see `parts`): the articles that start in the part, and
    the verdicts on its own lines. (The next part, which sees only the tail of a story begun here, may give
    those lines a verdict of its own, or make an untitled article of them when it finds no other story.)"""
    result = clean_text(window, first_line=part.first_line, **options)
    if parts.is_last(window, part):
        return result
    until = parts.next_line(window, part)
    return Result(articles=tuple(a for a in result.articles if a.first_line < until),
                  lines=tuple(ln for ln in result.lines if ln.number < until), warnings=result.warnings)


def clean_text_parts(data: bytes, part_bytes: int = parts.PART_BYTES, overlap: int = parts.OVERLAP_BYTES,
                     **options: Any) -> Iterator[Result]:
    """Clean a text dump too large to hold at once, part by part (see `parts`), so that the work of one part
    is let go before the next: each part is judged as a page of its own (language, template lines, main text).
    UTF-16 and UTF-32 data cannot be cut at a newline byte and is cleaned whole.
    """
    if not byte_oriented(data):
        yield clean_text(data, **options)
        return
    stream = io.BytesIO(data)
    for part in parts.part_spans(stream, part_bytes):
        yield clean_text_part(parts.read_window(stream, part, overlap), part, **options)


def filter_names(skip: Iterable[str] = ()) -> tuple[str, ...]:
    """The default pipeline without the skipped filters; unknown names raise ValueError."""
    from .html import HTML_REASONS

    skipped = set(skip)
    unknown = skipped - set(filters.REGISTRY) - set(HTML_REASONS)
    if unknown:
        raise ValueError(f"unknown filter(s): {', '.join(sorted(unknown))}; see `cleaner filters`")
    return tuple(name for name in filters.DEFAULT_ORDER if name not in skipped)


def removal_counts(lines: Iterable[Line]) -> Counter[str]:
    """How many non-blank lines each reason removed."""
    return Counter(ln.dropped_by for ln in lines if ln.dropped_by and not ln.blank)


def clean_html(data: str | bytes, *, skip: Iterable[str] = (), favor: str = "balanced",
               extra: Sequence[Filter] = (), template: frozenset[str] = frozenset(), links: bool = False) -> Result:
    """Clean one HTML page: structure marks the chrome, the text filters run on the blocks, metadata fills gaps.

    `skip` may also name the HTML reasons (`html-nav`, `html-caption`, …) to keep what they would drop.
    With `links`, each article carries its paragraphs' http(s) and relative links (`Article.links`), which
    the Markdown writer renders as `[text](href)`; `paragraphs` and the other formats stay plain text.
    """
    from . import html, htmlmeta

    skipped = set(skip)
    page = html.read_html(data, skip=skipped & set(html.HTML_REASONS), favor=favor, links=links)
    # the structural main region (html reason off-main) stands in for the text dump's guess at the main text
    names = tuple(n for n in filter_names(skipped - set(html.HTML_REASONS)) if n not in html.TEXT_FILTERS_REPLACED)
    articles, lines = _filtered_and_split(page.lines, names, favor, template, extra)
    articles, lines = htmlmeta.complete(articles, page.root, lines, page.containers, page.links)
    missing = "no article found: every block looks like boilerplate" if page.lines else "empty: the page has no text"
    warnings = tuple(page.warnings) + (() if articles else (missing,))
    return Result(articles=tuple(articles), lines=tuple(lines), warnings=warnings)


INPUT_TYPES = ("auto", "text", "html")


def clean(data: str | bytes, input_type: str = "auto", *, skip: Iterable[str] = (), favor: str = "balanced",
          extra: Sequence[Filter] = (), template: frozenset[str] = frozenset(), links: bool = False) -> Result:
    """Clean one page, as HTML or as a text dump; "auto" tells them apart by content, not by file name.

    `links` (HTML input only) keeps the paragraphs' links for the Markdown writer (see `clean_html`)."""
    from .html import read_as_html

    if input_type not in INPUT_TYPES:
        raise ValueError(f"unknown input type {input_type!r}; choose one of {', '.join(INPUT_TYPES)}")
    if read_as_html(data, input_type):
        return clean_html(data, skip=skip, favor=favor, extra=extra, template=template, links=links)
    return clean_text(data, skip=skip, favor=favor, extra=extra, template=template)
