"""Batches: clean many pages in worker processes, learn each site's template first, write results as they come.

The library side of `cleaner clean`. `prepare` checks the paths and plans every output, raising `Refused`
when the run must not start (nothing is written then). `run` cleans the pages, tells a `Listener` about each
one, and returns a `Summary`; it raises `Interrupted`, `Aborted` or `OutputClosed` when the run stops early,
leaving only complete output files behind. Nothing here prints or exits: the CLI does.
"""
from __future__ import annotations

import errno
import functools
import json
import os
import sys
import time
from collections import Counter, defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from enum import IntEnum
from pathlib import Path
from typing import Any, Callable, Iterator, Protocol, Sequence

from . import templates
from .files import (MAX_INPUT_BYTES, AtomicFile, Found, describe_os_error, display_name, inode_of, output_names,
                    probe_writable, read_file, read_stream, scan)
from .model import CleanerError, Line, Result
from .pipeline import clean, removal_counts
from .report import reject_records
from .workers import Lost, Pool
from .writers import EXTENSIONS, WRITERS, article_record

# Write errors that no other page would escape either: the run stops (exit 3) rather than fail page by page.
ENVIRONMENT_ERRORS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EIO, errno.ENOENT, errno.EBADF})
STDIN_NAME = "-"


class ExitStatus(IntEnum):
    """The exit codes of `cleaner clean`, as the README's "Exit codes and messages" documents them."""

    OK = 0  # every input cleaned (zero articles included)
    SOME_FAILED = 1  # the run finished, but some inputs could not be cleaned; each is listed
    USAGE = 2  # bad option or refused to start; nothing written
    ENVIRONMENT = 3  # stopped by the environment: disk full, output folder gone, stdout unwritable
    INTERRUPTED = 130  # SIGINT (Ctrl-C): 128 + 2, as shells report it
    TERMINATED = 143  # SIGTERM: 128 + 15


class Refused(Exception):
    """The run must not start; `problems` are (name, '<what>; <what to try>') pairs."""

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        super().__init__("; ".join(f"{name}: {what}" for name, what in problems))
        self.problems = problems


class Aborted(Exception):
    """The environment stopped the run (a full disk, the output folder gone) after `done` of `total` pages."""

    def __init__(self, name: str, message: str, done: int = 0, total: int = 0) -> None:
        super().__init__(f"{name}: {message}")
        self.name, self.message, self.done, self.total = name, message, done, total


class Interrupted(Exception):
    """A signal stopped the run after `done` of `total` pages; only complete outputs were left."""

    def __init__(self, signum: int, done: int, total: int) -> None:
        super().__init__(f"interrupted after {done} of {total} pages")
        self.signum, self.done, self.total = signum, done, total


class OutputClosed(Exception):
    """The reader of stdout went away (`| head`): the run stopped early, as asked."""


class Stop(BaseException):
    """Raised from a signal handler (SIGTERM) to stop a run the way Ctrl-C does."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


# --------------------------------------------------------------------------- what to do


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


@dataclass(frozen=True)
class Request:
    """What the user asked for: the inputs, where results go, and how the run behaves."""

    paths: tuple[str, ...]
    settings: Settings = Settings()
    output: Path | None = None
    globs: tuple[str, ...] = ()
    jobs: int = 1
    templates: bool = True
    skip_existing: bool = False
    errors: Path | None = None
    rejects: Path | None = None
    timeout: float | None = 120.0


@dataclass(frozen=True, slots=True)
class Job:
    """One page of a batch: its shown name, its path (None: stdin), its site folder, its output (folder mode)."""

    name: str
    path: str | None
    site: str
    out: str | None = None
    walked: bool = False
    todo: bool = True  # False when --skip-existing found its output up to date


@dataclass
class Plan:
    """A checked request: every page with its output, and what the scan noted or could not read."""

    request: Request
    jobs: list[Job]
    mode: str  # "folder" (one output file per page), "file" (all into -o FILE) or "stdout"
    notes: list[tuple[str, str]] = field(default_factory=list)
    errors: list[tuple[str, str]] = field(default_factory=list)

    @property
    def todo(self) -> list[Job]:
        return [job for job in self.jobs if job.todo]


@dataclass(frozen=True, slots=True)
class Outcome:
    """What cleaning one page gave: its rendered output and counts, or the error that stopped it."""

    rendered: str = ""
    articles: int = 0
    removed: tuple[tuple[str, int], ...] = ()
    warnings: tuple[str, ...] = ()
    dropped: tuple[tuple[int, str, str], ...] = ()  # (line, reason, text), when Settings.details
    error: str | None = None


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
        return self.cleaned + len(self.failed)

    @property
    def status(self) -> ExitStatus:
        return ExitStatus.SOME_FAILED if self.failed else ExitStatus.OK

    def add(self, name: str, outcome: Outcome) -> None:
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


# --------------------------------------------------------------------------- preparing


def prepare(request: Request) -> Plan:
    """Check the request and plan every output; Refused (nothing written) when the run must not start."""
    missing = [(p, "no such file or folder; check the path") for p in request.paths
               if p != STDIN_NAME and not os.path.lexists(p)]
    if missing:
        raise Refused(missing)
    found = scan([p for p in request.paths if p != STDIN_NAME], request.globs,
                 exclude=[request.output] if request.output else [])
    _refuse_overwriting_inputs(request, {page.inode for page in found.pages})
    pages = _with_stdin(request.paths, found.pages)
    mode = _mode(request, len(pages))
    # one stream (stdout, -o FILE) holds all pages' JSON as one array: workers render array items
    request = replace(request, settings=replace(request.settings, json_items=mode != "folder"))
    _refuse_unwritable(request, mode)
    jobs = _jobs(request, pages, mode)
    return Plan(request, jobs, mode, found.notes, found.errors)


def _with_stdin(paths: Sequence[str], pages: list[Found]) -> list[Found | None]:
    """The scanned pages with stdin (None) where `-` was given: it is cleaned first, then the files."""
    return ([None] if STDIN_NAME in paths else []) + list(pages)


def _mode(request: Request, count: int) -> str:
    """Folder mode when -o is a folder, or there are several pages or a folder input; else one file or stdout."""
    out = request.output
    if out is None:
        return "stdout"
    folders = any(os.path.isdir(p) for p in request.paths if p != STDIN_NAME)
    return "folder" if out.is_dir() or count > 1 or folders else "file"


def _refuse_overwriting_inputs(request: Request, pages: set[tuple[int, int]]) -> None:
    """An output that is an input (given or found in a folder), or an output folder that is an input folder,
    is refused; files are compared by inode, so links and other spellings of a path are caught too."""
    inputs = pages | {inode_of(p) for p in request.paths if p != STDIN_NAME and os.path.exists(p)}
    targets = [("-o", request.output), ("--errors", request.errors), ("--rejects", request.rejects)]
    problems = []
    for option, target in targets:
        if target is None or not target.exists():
            continue
        if inode_of(target) in inputs:
            problems.append((str(target), f"the {option} output is also an input; choose another path"))
        elif option != "-o" and target.is_dir():
            problems.append((str(target), f"is a folder; give {option} a file name"))
    if problems:
        raise Refused(problems)


def _refuse_unwritable(request: Request, mode: str) -> None:
    """Check, before any work, that every output can be created."""
    folders = [request.output] if mode == "folder" and request.output else []
    folders += [p.parent for p in (request.output if mode == "file" else None, request.errors, request.rejects)
                if p is not None]
    problems = []
    for folder in folders:
        try:
            probe_writable(folder)
        except OSError as err:
            problems.append((str(folder), f"cannot write there ({describe_os_error(err)})"))
    if request.skip_existing and mode != "folder":
        problems.append(("--skip-existing", "needs an output folder; give one with -o DIR"))
    if problems:
        raise Refused(problems)


def _jobs(request: Request, pages: list[Found | None], mode: str) -> list[Job]:
    """A Job per page: its output path in folder mode, and whether --skip-existing leaves it."""
    if mode != "folder" or request.output is None:
        return [_job(page, None, True) for page in pages]
    relatives = [page.relative if page else "stdin" for page in pages]
    names = output_names(relatives, EXTENSIONS[request.settings.fmt])
    inputs = {page.inode for page in pages if page}
    jobs = []
    for page, name in zip(pages, names, strict=True):
        out = os.path.join(request.output, name)
        existing = _stat(out)
        if existing is not None and (existing.st_dev, existing.st_ino) in inputs:
            raise Refused([(out, "this output would overwrite an input; choose another output folder")])
        fresh = page is not None and existing is not None and existing.st_mtime_ns >= page.mtime_ns
        jobs.append(_job(page, out, not (request.skip_existing and fresh)))
    return jobs


def _job(page: Found | None, out: str | None, todo: bool) -> Job:
    if page is None:
        return Job(STDIN_NAME, None, "", out, todo=todo)
    return Job(display_name(page.path), page.path, os.path.dirname(page.path), out, page.walked, todo)


def _stat(path: str) -> os.stat_result | None:
    try:
        return os.stat(path)
    except OSError:
        return None


# --------------------------------------------------------------------------- in the workers


@dataclass(frozen=True, slots=True)
class Task:
    """What a worker needs to clean one page: the page, and its folder's templates by host."""

    name: str
    path: str | None
    walked: bool
    templates: dict[str | None, frozenset[str]] | None = None
    data: bytes | None = None  # stdin, read by the parent
    error: str | None = None  # stdin could not be read


def survey(settings: Settings, task: Task) -> tuple[str | None, frozenset[str]] | None:
    """First pass: a sampled page's host and template candidates; None when it cannot be read."""
    try:
        data = _read(settings, task)
        return templates.site_host(data), templates.candidate_keys(templates.page_lines(data, settings.input_type))
    except Exception:  # noqa: BLE001 - a page that fails here fails again, with its reason, when it is cleaned
        return None


def clean_page(settings: Settings, task: Task) -> Outcome:
    """Second pass: clean one page and render it; every failure becomes the page's error, never an exception."""
    try:
        data = _read(settings, task)
        if not data.strip():  # say what it is, rather than "every line looks like boilerplate"
            return _outcome(settings, task.name, Result((), (), ("empty page: nothing to clean",)))
        template = _template(task.templates, data)
        result = clean(data, settings.input_type, skip=settings.skip, favor=settings.favor, template=template)
        return _outcome(settings, task.name, result)
    except CleanerError as err:
        return Outcome(error=str(err))
    except MemoryError:
        return Outcome(error="ran out of memory; clean it on its own, or split it")
    except RecursionError:
        return Outcome(error="nested too deeply to clean; report it with this file")
    except Exception as err:  # noqa: BLE001 - one page's bug must not end the batch; it is listed with its reason
        return Outcome(error=f"internal error ({type(err).__name__}: {str(err)[:200]}); report it with this file")


def _read(settings: Settings, task: Task) -> bytes:
    """The page's bytes: stdin's as the parent read them, or the file's, within the size cap."""
    if task.path is not None:
        return read_file(task.path, settings.max_bytes, regular_only=task.walked)
    if task.data is None:
        raise CleanerError(task.error or "cannot read stdin")
    return task.data


def _template(by_host: dict[str | None, frozenset[str]] | None, data: bytes) -> frozenset[str]:
    """The template of the page's site: its folder's, for the host the page states (if any)."""
    if not by_host:
        return frozenset()
    host = templates.site_host(data) if len(by_host) > 1 or None not in by_host else None
    return by_host.get(host, frozenset())


def _outcome(settings: Settings, name: str, result: Result) -> Outcome:
    """The page's output in the chosen format, its counts, and its dropped lines if asked."""
    if settings.fmt == "json" and settings.json_items:
        rendered = ",\n".join(_indented(article_record(a, name, i)) for i, a in enumerate(result.articles))
    else:
        rendered = WRITERS[settings.fmt](result.articles, name)
    dropped = tuple((ln.number, ln.dropped_by or "", ln.text) for ln in result.dropped) if settings.details else ()
    return Outcome(rendered, len(result.articles), tuple(removal_counts(result.lines).items()),
                   tuple(result.warnings), dropped)


def _indented(record: dict[str, Any]) -> str:
    """One record as an item of a JSON array: exactly what json.dumps(records, indent=2) gives for it."""
    return "\n".join("  " + line for line in json.dumps(record, ensure_ascii=False, indent=2).split("\n"))


# --------------------------------------------------------------------------- running


def run(plan: Plan, listener: Listener, jobs: int | None = None) -> Summary:
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
        with _runner(len(todo), jobs or request.jobs, request.timeout) as runner, _open_sink(plan) as sink, \
                _open_rejects(request.rejects) as rejects:
            learned = _learn(plan, runner, listener) if _learns(request) and todo else {}
            summary.sites_with_template = sum(len(by_host) for by_host in learned.values())
            _clean_all(plan, todo, learned, runner, sink, rejects, listener, summary)
    except (KeyboardInterrupt, Stop) as stop:
        signum = stop.signum if isinstance(stop, Stop) else 2
        raise Interrupted(signum, summary.pages - len(plan.errors), len(todo)) from None
    except Aborted as abort:
        raise Aborted(abort.name, abort.message, summary.pages - len(plan.errors), len(todo)) from None
    finally:
        listener.end()
    summary.seconds = time.monotonic() - start
    if request.errors is not None:
        _write_errors(request.errors, summary.failed)
    return summary


def _learns(request: Request) -> bool:
    return request.templates and "site-template" not in request.settings.skip


class _InProcess:
    """Runs tasks in this process: for a single page, where starting workers would only cost time."""

    def run(self, work: Callable[[Any], Any], tasks: Sequence[Any], window: int | None = None) -> Iterator[Any]:
        for index, task in enumerate(tasks):
            yield index, work(task)

    def __enter__(self) -> _InProcess:
        return self

    def __exit__(self, *exc: object) -> None:
        return None


def _runner(count: int, jobs: int, timeout: float | None) -> Pool | _InProcess:
    return Pool(min(jobs, count), timeout) if count > 1 else _InProcess()


def _learn(plan: Plan, runner: Pool | _InProcess, listener: Listener) -> dict[str, dict[str | None, frozenset[str]]]:
    """First pass: each folder's templates by host, from an even sample of its pages."""
    sampled = _sample(plan)
    if not sampled:
        return {}
    listener.begin("learning site templates", len(sampled))
    work = functools.partial(survey, plan.request.settings)
    tasks = [Task(job.name, job.path, job.walked) for job in sampled]
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
        if job.path is not None:
            folders[job.site].append(job)
    sampled: list[Job] = []
    for pages in folders.values():
        if len(pages) >= templates.MIN_SITE_PAGES and any(job.todo for job in pages):
            sampled.extend(pages[k] for k in templates.sample(len(pages)))
    return sampled


def _clean_all(plan: Plan, todo: list[Job], learned: dict[str, dict[str | None, frozenset[str]]],
               runner: Pool | _InProcess, sink: _Sink, rejects: Callable[[bytes], None] | None, listener: Listener,
               summary: Summary) -> None:
    """Second pass: clean every page; the sink writes each result, the summary and the listener hear of it."""
    listener.begin("cleaning", len(todo))
    tasks = [_task(job, learned.get(job.site), plan.request.settings.max_bytes) for job in todo]
    work = functools.partial(clean_page, plan.request.settings)
    window = None if plan.mode == "folder" else 256  # ordered output holds at most this many pages
    for item in runner.run(work, tasks, window):
        if item is None:
            listener.tick()
            continue
        index, outcome = item
        if isinstance(outcome, Lost):
            outcome = Outcome(error=outcome.reason)
        for job, done in sink.put(index, todo[index], outcome):
            if rejects is not None and done.dropped:
                lines = [Line(n, text, reason) for n, reason, text in done.dropped]
                rejects(reject_records(job.name, lines).encode("utf-8", "replace"))
            summary.add(job.name, done)
            listener.advance(job.name, done)


def _task(job: Job, by_host: dict[str | None, frozenset[str]] | None, max_bytes: int) -> Task:
    """A worker's task for a job; stdin is read here, since workers cannot read it."""
    if job.path is not None:
        return Task(job.name, job.path, job.walked, by_host)
    try:
        return Task(job.name, None, False, data=read_stream(sys.stdin.buffer, max_bytes))
    except (CleanerError, OSError, AttributeError) as err:  # AttributeError: no stdin at all (closed)
        return Task(job.name, None, False, error=str(err) if isinstance(err, CleanerError) else "cannot read stdin")


# --------------------------------------------------------------------------- writing


class _Sink(Protocol):
    def put(self, index: int, job: Job, outcome: Outcome) -> list[tuple[Job, Outcome]]: ...


class _FolderSink:
    """One output file per page, written atomically as soon as the page is done."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.made: set[str] = set()

    def put(self, index: int, job: Job, outcome: Outcome) -> list[tuple[Job, Outcome]]:
        if outcome.error is None and job.out is not None:
            try:
                self._write(job.out, outcome.rendered)
            except OSError as err:
                if not self.root.is_dir():
                    raise Aborted(str(self.root), "the output folder is gone; recreate it and run again with "
                                                  "--skip-existing") from None
                if err.errno in ENVIRONMENT_ERRORS:
                    raise Aborted(display_name(job.out), describe_os_error(err)) from None
                outcome = replace(outcome, error=f"cannot write {display_name(job.out)} ({describe_os_error(err)})")
        return [(job, outcome)]

    def _write(self, path: str, text: str) -> None:
        folder = os.path.dirname(path)
        if folder not in self.made:
            if not self.root.is_dir():  # never recreate an output folder someone removed: stop instead
                raise OSError(errno.ENOENT, "no output folder")
            os.makedirs(folder, exist_ok=True)
            self.made.add(folder)
        with AtomicFile(path) as out:
            out.write(text.encode("utf-8", errors="replace"))


class _StreamSink:
    """Every page's output, in input order, to one stream (stdout or -o FILE); JSON becomes one array."""

    def __init__(self, write: Callable[[bytes], None], fmt: str) -> None:
        self.write, self.fmt = write, fmt
        self.pending: dict[int, tuple[Job, Outcome]] = {}
        self.next = 0
        self.started = False

    def put(self, index: int, job: Job, outcome: Outcome) -> list[tuple[Job, Outcome]]:
        self.pending[index] = (job, outcome)
        done = []
        while self.next in self.pending:
            job, outcome = self.pending.pop(self.next)
            self.next += 1
            if outcome.error is None and outcome.rendered:
                self._emit(outcome.rendered)
            done.append((job, outcome))
        return done

    def _emit(self, text: str) -> None:
        joint = {"markdown": "\n---\n\n", "json": ",\n"}.get(self.fmt, "") if self.started else ""
        opening = "[\n" if self.fmt == "json" and not self.started else ""
        self.write((opening + joint + text).encode("utf-8", errors="replace"))
        self.started = True

    def close(self) -> None:
        """End the stream: close the JSON array (or write an empty one)."""
        if self.fmt == "json":
            self.write(b"\n]\n" if self.started else b"[]\n")


@contextmanager
def _open_sink(plan: Plan) -> Iterator[_Sink]:
    """The sink for the plan's mode; a single output file is only put in place when the run ends well."""
    request = plan.request
    if plan.mode == "folder" and request.output is not None:
        yield _FolderSink(request.output)
        return
    if plan.mode == "file" and request.output is not None:
        with AtomicFile(request.output) as file:
            sink = _StreamSink(_guarded(file.write, str(request.output)), request.settings.fmt)
            yield sink
            sink.close()
        return
    sink = _StreamSink(_stdout_writer(), request.settings.fmt)
    yield sink
    sink.close()


@contextmanager
def _open_rejects(path: Path | None) -> Iterator[Callable[[bytes], None] | None]:
    """A writer to the --rejects file, streamed page by page and put in place only when the run ends well."""
    if path is None:
        yield None
        return
    with AtomicFile(path) as file:
        yield _guarded(file.write, str(path))


def _guarded(write: Callable[[bytes], None], name: str) -> Callable[[bytes], None]:
    """`write`, with a failed write turned into Aborted: the output cannot be completed."""
    def guarded(data: bytes) -> None:
        try:
            write(data)
        except OSError as err:
            raise Aborted(name, describe_os_error(err)) from None
    return guarded


def _stdout_writer() -> Callable[[bytes], None]:
    """A writer to stdout that flushes every page (so `| gzip` streams) and turns a closed pipe into OutputClosed."""
    def write(data: bytes) -> None:
        stream = getattr(sys.stdout, "buffer", None)
        if stream is None:
            raise Aborted("<stdout>", "stdout is closed; give an output with -o")
        try:
            stream.write(data)
            stream.flush()
        except BrokenPipeError:
            raise OutputClosed from None
        except OSError as err:
            raise Aborted("<stdout>", describe_os_error(err)) from None
    return write


def _write_errors(path: Path, failed: list[tuple[str, str]]) -> None:
    """The --errors report: one JSON object per failed input, {"file": …, "reason": …}."""
    lines = "".join(json.dumps({"file": name, "reason": why}, ensure_ascii=False) + "\n" for name, why in failed)
    try:
        with AtomicFile(path) as out:
            out.write(lines.encode("utf-8", errors="replace"))
    except OSError as err:
        raise Aborted(str(path), describe_os_error(err)) from None
