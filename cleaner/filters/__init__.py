"""The named filters of the text pipeline. Each marks the lines it removes with its own name, never edits text.

A filter is `f(lines, options) -> list[Line]`. Single-line rules are predicates wrapped by
`@line_filter(name)`; rules that need to see several lines are registered with `@page_filter(name)`.
`DEFAULT_ORDER` is the pipeline, top to bottom; the first filter to drop a line gives the reason.

The filters live by kind: `labels` (one line at a time: widget labels, file names, separators),
`headers` (a story's date, byline and dateline, which become metadata), `blocks` (comment forms,
media, pull quotes, captions, template lines) and `main_text` (comment threads, and the block
classifier that keeps the main text).
"""
from __future__ import annotations

from dataclasses import replace
from typing import Callable, Sequence

from .. import classifier
from ..model import Filter, Line, Options, Predicate

REGISTRY: dict[str, Filter] = {}


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
    """A copy of `lines` with the kept lines at `indexes` dropped for `reason` (indexes out of range are none)."""
    out = list(lines)
    for i in indexes:  # most filters drop a few lines of a page, if any: only those are visited
        if 0 <= i < len(out) and out[i].kept:
            out[i] = out[i].drop(reason)
    return out


def content_indexes(lines: Sequence[Line]) -> list[int]:
    """Indexes of the non-blank lines, whatever their verdict: the page's real lines."""
    return [i for i, ln in enumerate(lines) if not ln.blank]


def words(text: str) -> list[str]:
    return text.split()


# Importing the modules registers their filters; they need the helpers above, hence the late import.
from . import blocks, headers, labels, main_text  # noqa: E402,F401

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
