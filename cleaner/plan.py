"""Planning a batch: check the request, find the pages, name every output, and refuse to start (nothing written)
when the run would be unsafe: a missing input, an output that is an input, an output that cannot be written."""
from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Sequence

from . import parts, sources
from .files import Found, describe_os_error, display_name, inode_of, output_names, probe_writable, scan
from .model import CleanerError
from .sources import Bad, Ref, Skipped
from .work import Settings
from .writers import EXTENSIONS

STDIN_NAME = "-"


class Refused(Exception):
    """The run must not start; `problems` are (name, '<what>; <what to try>') pairs."""

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        super().__init__("; ".join(f"{name}: {what}" for name, what in problems))
        self.problems = problems


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
    engine: str = "local"  # "local" (worker processes) or "dask" (a Dask cluster: see engine.py)
    scheduler: str | None = None  # the Dask scheduler's address; None starts a local cluster


@dataclass(frozen=True, slots=True)
class Job:
    """One page of a batch: its shown name, its path (None: stdin), its site folder, its output (folder mode)."""

    name: str
    path: str | None
    site: str
    out: str | None = None
    walked: bool = False
    todo: bool = True  # False when --skip-existing found its output up to date
    ref: Ref | None = None  # a page inside a WARC or JSON Lines file (`path`)
    part: tuple[int, int] | None = None  # (k, n): the file's k-th page of n, which share one output (`out`)
    size: int = 0  # the file's size when scanned (0: stdin)


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

    @property
    def inputs(self) -> int:
        """The pages and files asked for: a large text dump counts once, not once per part."""
        return sum(1 for job in self.jobs if job.ref is None or job.ref.kind != "text" or job.ref.offset == 0)


def prepare(request: Request) -> Plan:
    """Check the request and plan every output; Refused (nothing written) when the run must not start."""
    missing = [(p, "no such file or folder; check the path") for p in request.paths
               if p != STDIN_NAME and not os.path.lexists(p)]
    if missing:
        raise Refused(missing)
    _refuse_missing_engine(request)
    found = scan([p for p in request.paths if p != STDIN_NAME], request.globs,
                 exclude=[request.output] if request.output else [])
    _refuse_overwriting_inputs(request, {page.inode for page in found.pages})
    pages = _with_stdin(request.paths, found.pages)
    mode = _mode(request, len(pages))
    # one stream (stdout, -o FILE) holds all pages' JSON as one array: workers render array items
    request = replace(request, settings=replace(request.settings, json_items=mode != "folder"))
    _refuse_shared_outputs(request, mode)
    _refuse_unwritable(request, mode)
    jobs, notes, errors = _expand(request, _jobs(request, pages, mode))
    return Plan(request, jobs, mode, found.notes + notes, found.errors + errors)


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


def _refuse_shared_outputs(request: Request, mode: str) -> None:
    """Two outputs named to the same file (-o FILE and --rejects, --rejects and --errors) are refused: one would
    replace the other. A device or a pipe (/dev/null) may take several."""
    named: dict[str, str] = {}
    problems = []
    for option, target in (("-o", request.output if mode == "file" else None), ("--errors", request.errors),
                           ("--rejects", request.rejects)):
        if target is None or (target.exists() and not target.is_file()):
            continue
        real = os.path.realpath(target)
        if real in named:
            problems.append((str(target), f"{named[real]} and {option} name the same file; give each its own"))
        named[real] = option
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
    return Job(display_name(page.path), page.path, os.path.dirname(page.path), out, page.walked, todo,
               size=page.size)


def _refuse_missing_engine(request: Request) -> None:
    """--engine dask needs the optional dask extra: say how to install it."""
    if request.engine == "dask":
        from .engine import missing

        problem = missing()
        if problem:
            raise Refused([("--engine dask", problem)])


def _expand(request: Request, jobs: list[Job]) -> tuple[list[Job], list[tuple[str, str]], list[tuple[str, str]]]:
    """Each WARC or JSON Lines file to clean becomes a job per page it holds; the records skipped are noted and
    the unreadable ones listed as errors. A text dump larger than a part becomes a job per part (see `parts`),
    so that no worker holds it whole and its parts are cleaned in parallel. A file left by --skip-existing is
    not read."""
    expanded: list[Job] = []
    notes: list[tuple[str, str]] = []
    errors: list[tuple[str, str]] = []
    for job in jobs:
        if job.path is None or not job.todo:
            expanded.append(job)
        elif sources.kind_of(job.path) is not None:
            expanded.extend(_records(request.settings, job, notes, errors))
        else:
            expanded.extend(_text_parts(request.settings, job))
    return expanded, notes, errors


def _text_parts(settings: Settings, job: Job) -> list[Job]:
    """The jobs of a large text dump's parts, which share one output; the job itself for any other page (and
    for a file that cannot be read or is over the size cap: cleaning it reports why)."""
    assert job.path is not None
    if not parts.PART_BYTES < job.size <= settings.max_bytes or not os.path.isfile(job.path):
        return [job]
    try:
        refs = sources.text_parts(job.path, settings.input_type, parts.PART_BYTES)
    except CleanerError:
        return [job]
    # the parts keep the file's name: their lines are numbered in the file, as --explain and --rejects show them
    return [replace(job, ref=ref, part=(k, len(refs))) for k, ref in enumerate(refs)] or [job]


def _records(settings: Settings, job: Job, notes: list[tuple[str, str]], errors: list[tuple[str, str]]) -> list[Job]:
    """The jobs of the pages in one WARC or JSON Lines file, read through once (streamed) to list them."""
    assert job.path is not None
    if not os.path.isfile(job.path):
        errors.append((job.name, "not a regular file; WARC and JSON Lines files are read twice (to list their "
                                 "records, then record by record): save it to a file first"))
        return []
    try:
        found = list(sources.index(job.path, settings.field, settings.max_bytes))
    except CleanerError as err:
        errors.append((job.name, str(err)))
        return []
    refs = [entry for entry in found if isinstance(entry, Ref)]
    notes.extend((job.name + entry.label, entry.why) for entry in found if isinstance(entry, Skipped))
    errors.extend((job.name + entry.label, entry.why) for entry in found if isinstance(entry, Bad))
    if not refs:
        notes.append((job.name, "holds no page (no HTML response, WET conversion or JSON item); nothing written"))
    folder = os.path.dirname(job.path)
    return [replace(job, name=job.name + sources.label(ref), site=f"{folder}\n{ref.host}" if ref.host else folder,
                    ref=ref, part=(k, len(refs))) for k, ref in enumerate(refs)]


def _stat(path: str) -> os.stat_result | None:
    try:
        return os.stat(path)
    except OSError:
        return None
