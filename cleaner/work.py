"""What a worker process does with one page of a batch: read it, clean it with its site's template, render it.

Every failure becomes the page's error, never an exception, so one page cannot stop a batch.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, fields, replace
from operator import attrgetter
from typing import Iterator, TypeVar

from . import sources, templates
from .decoding import is_blank
from .files import MAX_INPUT_BYTES, display_name, read_file
from .html import read_as_html
from .model import Article, CleanerError, Result
from .parts import PART_BYTES, Part
from .pipeline import NO_ARTICLE, clean, clean_text_part, clean_text_parts, removal_counts
from .sources import Loaded, Ref
from .writers import WRITERS, to_json_items


_Frozen = TypeVar("_Frozen", bound=type)


def _pickled_by_constructor(cls: _Frozen) -> _Frozen:
    """Pickle a frozen slots dataclass as a call of its constructor with its fields' values.

    dataclasses' own pickling of such a class looks its fields up on every object, and a batch sends a Task
    and an Outcome per page through the workers' pipes: this halves the cost, with the same objects back.
    """
    values = attrgetter(*(f.name for f in fields(cls)))
    setattr(cls, "__reduce__", lambda self: (cls, values(self)))
    return cls


@dataclass(frozen=True)
class Settings:
    """How every page is cleaned and rendered; sent to the workers."""

    fmt: str = "markdown"
    input_type: str = "auto"
    skip: tuple[str, ...] = ()
    favor: str = "balanced"
    max_bytes: int = MAX_INPUT_BYTES
    details: bool = False  # also return the dropped lines (for --explain and --rejects)
    json_items: bool = False  # render JSON as items of one array streamed over all pages
    field: str | None = None  # JSON Lines: the item's field that holds the page (None: "html", else "text")
    links: bool = False  # HTML input in Markdown: render the paragraphs' links (--links)


@_pickled_by_constructor
@dataclass(frozen=True, slots=True)
class Outcome:
    """What cleaning one page gave: its rendered output and counts, or the error that stopped it."""

    rendered: str = ""
    articles: int = 0
    removed: tuple[tuple[str, int], ...] = ()
    warnings: tuple[str, ...] = ()
    dropped: tuple[tuple[int, str, str], ...] = ()  # (line, reason, text), when Settings.details
    error: str | None = None
    part_numbered: bool = False  # a text part's articles, numbered from 0: the sink numbers on (`index` key)


@_pickled_by_constructor
@dataclass(frozen=True, slots=True)
class Task:
    """What a worker needs to clean one page: the page, and its folder's templates by host."""

    name: str
    path: str | None
    walked: bool
    templates: dict[str | None, frozenset[str]] | None = None
    data: bytes | None = None  # stdin, read by the parent
    error: str | None = None  # stdin could not be read
    ref: Ref | None = None  # a page inside the WARC or JSON Lines file at `path`


def survey(settings: Settings, task: Task) -> tuple[str | None, frozenset[str]] | None:
    """First pass: a sampled page's host and template candidates; None when it cannot be read."""
    try:
        page = _load(settings, task)
        lines = templates.page_lines(page.data, page.input_type or settings.input_type)
        return templates.site_host(page.data), templates.candidate_keys(lines)
    except Exception:  # noqa: BLE001 - a page that fails here fails again, with its reason, when it is cleaned
        return None


def clean_page(settings: Settings, task: Task) -> Outcome:
    """Second pass: clean one page and render it; every failure becomes the page's error, never an exception."""
    try:
        page = _load(settings, task)
        data, input_type = page.data, page.input_type or settings.input_type
        if task.ref is not None and task.ref.kind == "text":
            return _part_outcome(settings, task, page)
        if is_blank(data):  # say what it is, rather than "every line looks like boilerplate"
            return _outcome(settings, task, Result((), (), ("empty page: nothing to clean",)), page)
        template = _template(task.templates, data)
        if isinstance(data, bytes) and len(data) > PART_BYTES and not read_as_html(data, input_type):
            parts = clean_text_parts(data, skip=settings.skip, favor=settings.favor, template=template)
            return _outcome_of_parts(settings, task, parts, page)
        links = settings.links and settings.fmt == "markdown"
        result = clean(data, input_type, skip=settings.skip, favor=settings.favor, template=template, links=links)
        return _outcome(settings, task, result, page)
    except CleanerError as err:
        return Outcome(error=str(err))
    except MemoryError:
        return Outcome(error="ran out of memory; clean it on its own, or split it")
    except RecursionError:
        return Outcome(error="nested too deeply to clean; report it with this file")
    except Exception as err:  # noqa: BLE001 - one page's bug must not end the batch; it is listed with its reason
        return Outcome(error=f"internal error ({type(err).__name__}: {str(err)[:200]}); report it with this file")


def _part_outcome(settings: Settings, task: Task, page: Loaded) -> Outcome:
    """The outcome of one part of a large text dump (see `parts`). A part without an article, or of blank lines
    only, is no news about the file: it gives no warning."""
    assert task.ref is not None and isinstance(page.data, bytes)
    part = Part(task.ref.offset, task.ref.size, int(task.ref.record))
    template = _template(task.templates, page.data)
    result = clean_text_part(page.data, part, skip=settings.skip, favor=settings.favor, template=template)
    result = replace(result, warnings=tuple(w for w in result.warnings if w != NO_ARTICLE))
    return replace(_outcome(settings, task, result, page), part_numbered=True)


def _load(settings: Settings, task: Task) -> Loaded:
    """The page of a task: a file, stdin, or one record of a WARC or JSON Lines file."""
    if task.ref is not None and task.path is not None:
        return sources.load(task.path, task.ref, settings.field, settings.max_bytes)
    return Loaded(_read(settings, task), "", None, {})


def _read(settings: Settings, task: Task) -> bytes:
    """The page's bytes: stdin's as the parent read them, or the file's, within the size cap."""
    if task.path is not None:
        return read_file(task.path, settings.max_bytes, regular_only=task.walked)
    if task.data is None:
        raise CleanerError(task.error or "cannot read stdin")
    return task.data


def _template(by_host: dict[str | None, frozenset[str]] | None, data: bytes | str) -> frozenset[str]:
    """The template of the page's site: its folder's, for the host the page states (if any)."""
    if not by_host:
        return frozenset()
    host = templates.site_host(data) if len(by_host) > 1 or None not in by_host else None
    return by_host.get(host, frozenset())


def _outcome(settings: Settings, task: Task, result: Result, page: Loaded) -> Outcome:
    """The page's output in the chosen format, its counts, and its dropped lines if asked.

    A record's articles name the file that holds it, carry its address (WARC) and end with its `record` and
    `meta` keys; records are rendered as JSON array items, since their file's output holds many of them.
    """
    name = display_name(task.path) if task.ref is not None and task.path is not None else task.name
    articles = tuple(replace(a, url=page.url) for a in result.articles) if page.url else result.articles
    extra = page.extra or None
    if settings.fmt == "json" and (settings.json_items or task.ref is not None):
        rendered = to_json_items(articles, name, extra)
    else:
        rendered = WRITERS[settings.fmt](articles, name, extra)
    dropped = tuple((ln.number, ln.dropped_by or "", ln.text) for ln in result.dropped) if settings.details else ()
    return Outcome(rendered, len(result.articles), tuple(removal_counts(result.lines).items()),
                   tuple(result.warnings), dropped)


def _outcome_of_parts(settings: Settings, task: Task, parts: Iterator[Result], page: Loaded) -> Outcome:
    """The outcome of a large text dump cleaned part by part: each part's lines are let go once counted,
    so memory holds the articles and one part, never every line of the file."""
    articles: list[Article] = []
    removed: Counter[str] = Counter()
    warnings: list[str] = []
    dropped: list[tuple[int, str, str]] = []
    for result in parts:
        articles.extend(result.articles)
        removed.update(removal_counts(result.lines))
        if settings.details:
            dropped.extend((ln.number, ln.dropped_by or "", ln.text) for ln in result.dropped)
    if not articles:
        warnings.append(NO_ARTICLE)
    rendered = _outcome(settings, task, Result(tuple(articles), (), ()), page).rendered
    return Outcome(rendered, len(articles), tuple(removed.items()), tuple(warnings), tuple(dropped))
