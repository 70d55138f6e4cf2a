"""Batches: clean many pages in worker processes, learn each site's template first, write results as they come.

The library side of `cleaner clean`. `prepare` checks the paths and plans every output, raising `Refused`
when the run must not start (nothing is written then). `run` cleans the pages, tells a `Listener` about each
one, and returns a `Summary`; it raises `Interrupted`, `Aborted` or `OutputClosed` when the run stops early,
leaving only complete output files behind. Nothing here prints or exits: the CLI does.
"""
from __future__ import annotations

import functools
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from enum import IntEnum
from typing import Any, Callable, ContextManager, Iterator, Protocol, Sequence

from . import sources, templates
from .files import read_stream
from .model import CleanerError, Line
from .plan import Job, Plan, Refused, Request, prepare
from .report import reject_records
from .sinks import Aborted, OutputClosed, Sink, open_rejects, open_sink, write_errors
from .work import Outcome, Settings, Task, clean_page, survey
from .workers import Lost, Pool

# The CLI needs only this module: what it raises and takes comes from the modules it is built on.
__all__ = ["Aborted", "ExitStatus", "Interrupted", "Listener", "OutputClosed", "Plan", "Refused", "Request",
           "Settings", "Stop", "Summary", "prepare", "run"]


class ExitStatus(IntEnum):
    """The exit codes of `cleaner clean`, as the README's "Exit codes and messages" documents them."""

    OK = 0  # every input cleaned (zero articles included)
    SOME_FAILED = 1  # the run finished, but some inputs could not be cleaned; each is listed
    USAGE = 2  # bad option or refused to start; nothing written
    ENVIRONMENT = 3  # stopped by the environment: disk full, output folder gone, stdout unwritable
    INTERRUPTED = 130  # SIGINT (Ctrl-C): 128 + 2, as shells report it
    TERMINATED = 143  # SIGTERM: 128 + 15


class Interrupted(Exception):
    """A signal stopped the run after `done` of `total` pages; only complete outputs were left."""

    def __init__(self, signum: int, done: int, total: int) -> None:
        super().__init__(f"interrupted after {done} of {total} pages")
        self.signum, self.done, self.total = signum, done, total


class Stop(BaseException):
    """Raised from a signal handler (SIGTERM) to stop a run the way Ctrl-C does."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


@dataclass
class Summary:
    """The end of a run: pages cleaned, articles, lines removed by reason, failures, notes, up-to-date pages."""

    cleaned: int = 0
    articles: int = 0
    removed: Counter[str] = field(default_factory=Counter)
    failed: list[tuple[str, str]] = field(default_factory=list)
    notes: list[tuple[str, str]] = field(default_factory=list)
    up_to_date: int = 0
    sites_with_template: int = 0
    seconds: float = 0.0

    @property
    def pages(self) -> int:
        """Pages cleaned or failed (inputs that could not even be listed count as failed)."""
        return self.cleaned + len(self.failed)

    @property
    def status(self) -> ExitStatus:
        """The exit status of a run that finished."""
        return ExitStatus.SOME_FAILED if self.failed else ExitStatus.OK

    def add(self, name: str, outcome: Outcome) -> None:
        """Count one page's outcome."""
        if outcome.error is not None:
            self.failed.append((name, outcome.error))
            return
        self.cleaned += 1
        self.articles += outcome.articles
        self.removed.update(dict(outcome.removed))


class Listener(Protocol):
    """Who hears about a run as it goes (the CLI's progress bar and messages)."""

    def begin(self, phase: str, total: int) -> None: ...
    def advance(self, name: str | None, outcome: Outcome | None) -> None: ...
    def tick(self) -> None: ...
    def problem(self, level: str, name: str, message: str) -> None: ...
    def end(self) -> None: ...


# --------------------------------------------------------------------------- running


def run(plan: Plan, listener: Listener) -> Summary:
    """Learn the sites' templates, clean every page, write each result as it is done; return the summary."""
    request = plan.request
    summary = Summary(notes=list(plan.notes), up_to_date=len(plan.jobs) - len(plan.todo))
    for name, why in plan.notes:
        listener.problem("note", name, why)
    for name, why in plan.errors:
        summary.failed.append((name, why))
        listener.problem("error", name, why)
    start = time.monotonic()
    todo = plan.todo
    try:
        sink: ContextManager[Sink[Job]] = open_sink(plan.mode, request.output, request.settings.fmt)
        with _runner(request, len(todo)) as runner, sink as pages, \
                open_rejects(request.rejects) as rejects:
            learned = _learn(plan, runner, listener) if _learns(request) and todo else {}
            summary.sites_with_template = sum(len(by_host) for by_host in learned.values())
            _clean_all(plan, todo, learned, runner, pages, rejects, listener, summary)
    except (KeyboardInterrupt, Stop) as stop:
        signum = stop.signum if isinstance(stop, Stop) else 2
        raise Interrupted(signum, summary.pages - len(plan.errors), len(todo)) from None
    except Aborted as abort:
        raise Aborted(abort.name, abort.message, summary.pages - len(plan.errors), len(todo)) from None
    finally:
        listener.end()
    summary.seconds = time.monotonic() - start
    if request.errors is not None:
        write_errors(request.errors, summary.failed)
    return summary


def _learns(request: Request) -> bool:
    return request.templates and "site-template" not in request.settings.skip


class Runner(Protocol):
    """Runs work over tasks and yields (index, result) as they finish, None when a tick passes (workers.Pool)."""

    def run(self, work: Callable[[Any], Any], tasks: Sequence[Any],
            window: int | None = None) -> Iterator[tuple[int, Any] | None]: ...
    def __enter__(self) -> Runner: ...
    def __exit__(self, *exc: object) -> None: ...


class _InProcess:
    """Runs tasks in this process: for a single page, where starting workers would only cost time."""

    def run(self, work: Callable[[Any], Any], tasks: Sequence[Any], window: int | None = None) -> Iterator[Any]:
        for index, task in enumerate(tasks):
            yield index, work(task)

    def __enter__(self) -> _InProcess:
        return self

    def __exit__(self, *exc: object) -> None:
        return None


def _runner(request: Request, count: int) -> Runner:
    """Where pages are cleaned: a Dask cluster (--engine dask), worker processes, or this process for one page."""
    if request.engine == "dask" and count:
        from .engine import DaskRunner

        return DaskRunner(request.jobs, request.scheduler)
    return Pool(min(request.jobs, count), request.timeout) if count > 1 else _InProcess()


def _learn(plan: Plan, runner: Runner, listener: Listener) -> dict[str, dict[str | None, frozenset[str]]]:
    """First pass: each folder's templates by host, from an even sample of its pages."""
    sampled = _sample(plan)
    if not sampled:
        return {}
    listener.begin("learning site templates", len(sampled))
    work = functools.partial(survey, plan.request.settings)
    tasks = [Task(job.name, job.path, job.walked, ref=job.ref) for job in sampled]
    remaining = Counter(job.site for job in sampled)
    keys: dict[str, dict[str | None, list[frozenset[str]]]] = defaultdict(lambda: defaultdict(list))
    learned: dict[str, dict[str | None, frozenset[str]]] = {}
    for item in runner.run(work, tasks):
        if item is None:
            listener.tick()
            continue
        index, found = item
        site = sampled[index].site
        if found is not None and not isinstance(found, Lost):
            keys[site][found[0]].append(found[1])
        remaining[site] -= 1
        if not remaining[site]:  # the folder is complete: keep its templates, free its counts
            by_host = {host: templates.learn(pages) for host, pages in keys.pop(site, {}).items()}
            learned[site] = {host: keys_ for host, keys_ in by_host.items() if keys_}
        listener.advance(None, None)
    return {site: by_host for site, by_host in learned.items() if by_host}


def _sample(plan: Plan) -> list[Job]:
    """The pages read to learn templates: an even sample of every folder with pages to clean and enough pages."""
    folders: dict[str, list[Job]] = defaultdict(list)
    for job in plan.jobs:
        # the parts of a large text dump are not pages of its site: they do not say what recurs on the site
        if job.path is not None and (job.ref.kind != "text" if job.ref else sources.kind_of(job.path) is None):
            folders[job.site].append(job)
    sampled: list[Job] = []
    for pages in folders.values():
        if len(pages) >= templates.MIN_SITE_PAGES and any(job.todo for job in pages):
            sampled.extend(pages[k] for k in templates.sample(len(pages)))
    return sampled


def _clean_all(plan: Plan, todo: list[Job], learned: dict[str, dict[str | None, frozenset[str]]],
               runner: Runner, sink: Sink[Job], rejects: Callable[[bytes], None] | None, listener: Listener,
               summary: Summary) -> None:
    """Second pass: clean every page; the sink writes each result, the summary and the listener hear of it."""
    listener.begin("cleaning", len(todo))
    tasks = [_task(job, learned.get(job.site), plan.request.settings.max_bytes) for job in todo]
    work = functools.partial(clean_page, plan.request.settings)
    # ordered output (a stream, or the rejects file) holds at most this many pages
    window = None if plan.mode == "folder" and rejects is None else 256
    in_order = _InOrder(rejects, todo) if rejects is not None else None
    try:
        for item in runner.run(work, tasks, window):
            if item is None:
                listener.tick()
                continue
            index, outcome = item
            if isinstance(outcome, Lost):
                outcome = Outcome(error=outcome.reason)
            for job, done in sink.put(index, todo[index], outcome):
                if in_order is not None:
                    in_order.put(job, [Line(n, text, reason) for n, reason, text in done.dropped])
                summary.add(job.name, done)
                listener.advance(job.name, done)
    finally:
        if in_order is not None:
            in_order.flush()


class _InOrder:
    """Writes each page's rejects records in input order, whatever order the pages finish in, so that two runs
    over the same pages give the same file. It holds the records of the pages done ahead of one still running:
    at most a dispatch window's worth."""

    def __init__(self, write: Callable[[bytes], None], todo: list[Job]) -> None:
        self.write = write
        self.place = {id(job): k for k, job in enumerate(todo)}
        self.held: dict[int, bytes] = {}
        self.next = 0

    def put(self, job: Job, dropped: list[Line]) -> None:
        """Take a page's dropped lines; write them, and those of the pages after it that were waiting, once every
        page before it is written."""
        self.held[self.place[id(job)]] = reject_records(job.name, dropped).encode("utf-8", "replace")
        while self.next in self.held:
            self._write(self.held.pop(self.next))
            self.next += 1

    def flush(self) -> None:
        """Write what is still held, in input order: the run stopped before the pages ahead of these were done."""
        for k in sorted(self.held):
            self._write(self.held.pop(k))

    def _write(self, records: bytes) -> None:
        if records:
            self.write(records)


def _task(job: Job, by_host: dict[str | None, frozenset[str]] | None, max_bytes: int) -> Task:
    """A worker's task for a job; stdin is read here, since workers cannot read it."""
    if job.path is not None:
        return Task(job.name, job.path, job.walked, by_host, ref=job.ref)
    try:
        return Task(job.name, None, False, data=read_stream(sys.stdin.buffer, max_bytes))
    except (CleanerError, OSError, AttributeError) as err:  # AttributeError: no stdin at all (closed)
        return Task(job.name, None, False, error=str(err) if isinstance(err, CleanerError) else "cannot read stdin")
