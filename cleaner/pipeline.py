"""Orchestration: text in, filters run, articles out. The library's main entry points live here."""
from __future__ import annotations

from collections import Counter
from typing import Iterable, Sequence

from . import filters, templates  # noqa: F401 - importing templates registers the site-template filter
from .articles import split_articles
from .decoding import bytes_to_text, normalise
from .model import Filter, Line, Options, Result


def to_lines(text: str) -> list[Line]:
    """Cut normalised text into numbered lines (only on newlines: NEL and U+2028 stay inside a line)."""
    return [Line.of(n, t) for n, t in enumerate(text.split("\n"), start=1)]


def clean_text(text: str | bytes, *, skip: Iterable[str] = (), favor: str = "balanced",
               extra: Sequence[Filter] = (), template: frozenset[str] = frozenset()) -> Result:
    """Clean one page given as a text dump: its articles, and every line with the filter that dropped it.

    `skip` names filters to turn off, `favor` is "precision", "balanced" or "recall", and `extra`
    appends the caller's own filters after the built-in ones. `template` holds the keys of the site's
    template lines (see `templates.learn_from_pages`).
    """
    if isinstance(text, bytes):
        text = bytes_to_text(text)
    else:
        text = normalise(text)
    names = filter_names(skip)
    lines = filters.run(to_lines(text), names, Options(favor=favor, template=template), extra)
    articles, lines = split_articles(lines)
    warnings = () if articles else ("no article found: every line looks like boilerplate",)
    return Result(articles=tuple(articles), lines=tuple(lines), warnings=warnings)


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
               extra: Sequence[Filter] = (), template: frozenset[str] = frozenset()) -> Result:
    """Clean one HTML page: structure marks the chrome, the text filters run on the blocks, metadata fills gaps.

    `skip` may also name the HTML reasons (`html-nav`, `html-caption`, …) to keep what they would drop.
    """
    from . import html, htmlmeta

    skipped = set(skip)
    page = html.read_html(data, skip=skipped & set(html.HTML_REASONS), favor=favor)
    # the structural main region (html reason off-main) stands in for the text dump's guess at the main text
    names = tuple(n for n in filter_names(skipped - set(html.HTML_REASONS)) if n not in html.TEXT_FILTERS_REPLACED)
    lines = filters.run(page.lines, names, Options(favor=favor, template=template), extra)
    articles, lines = split_articles(lines)
    articles, lines = htmlmeta.complete(articles, page.root, lines, page.containers)
    missing = "no article found: every block looks like boilerplate" if page.lines else "empty: the page has no text"
    warnings = tuple(page.warnings) + (() if articles else (missing,))
    return Result(articles=tuple(articles), lines=tuple(lines), warnings=warnings)


INPUT_TYPES = ("auto", "text", "html")


def clean(data: str | bytes, input_type: str = "auto", *, skip: Iterable[str] = (), favor: str = "balanced",
          extra: Sequence[Filter] = (), template: frozenset[str] = frozenset()) -> Result:
    """Clean one page, as HTML or as a text dump; "auto" tells them apart by content, not by file name."""
    from .html import looks_like_html

    if input_type not in INPUT_TYPES:
        raise ValueError(f"unknown input type {input_type!r}; choose one of {', '.join(INPUT_TYPES)}")
    if input_type == "html" or (input_type == "auto" and looks_like_html(data)):
        return clean_html(data, skip=skip, favor=favor, extra=extra, template=template)
    return clean_text(data, skip=skip, favor=favor, extra=extra, template=template)
