"""Where a batch's results go: one output file per page, or one stream (stdout, -o FILE) in input order.

The pages of one WARC or JSON Lines file share one output file (folder mode): written in record order as they
come, through a stream of its own, and put in place when the file's last page is done.

Every file is written under a temporary name and renamed into place: a reader never sees half a file, and an
interrupted run leaves only complete ones. A write the environment refuses (a full disk, the output folder
gone) raises Aborted; a closed stdout raises OutputClosed.
"""
from __future__ import annotations

import errno
import json
import os
import sys
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any, Callable, Generic, Iterator, Protocol, TypeVar

from .files import AtomicFile, describe_os_error, display_name, named_output
from .sources import Ref
from .work import Outcome
from .writers import number_from

# Write errors that no other page would escape either: the run stops (exit 3) rather than fail page by page.
ENVIRONMENT_ERRORS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EIO, errno.ENOENT, errno.EBADF})


class Aborted(Exception):
    """The environment stopped the run (a full disk, the output folder gone) after `done` of `total` pages."""

    def __init__(self, name: str, message: str, done: int = 0, total: int = 0) -> None:
        super().__init__(f"{name}: {message}")
        self.name, self.message, self.done, self.total = name, message, done, total


class OutputClosed(Exception):
    """The reader of stdout went away (`| head`): the run stopped early, as asked."""


class Target(Protocol):
    """A page as the sinks see it: where its output file goes (folder mode), its place among the pages of a
    WARC or JSON Lines file (or the parts of a large text dump) that share that output: (k, n), or None for a
    page of its own; and, for such a page, where it lies in its file (`ref.kind` "text" for a dump's part)."""

    @property
    def out(self) -> str | None: ...

    @property
    def part(self) -> tuple[int, int] | None: ...

    @property
    def ref(self) -> Ref | None: ...


T = TypeVar("T", bound=Target)


class Sink(Protocol[T]):
    """Takes each page's outcome as it comes; returns the pages whose output is now written, in order."""

    def put(self, index: int, job: T, outcome: Outcome) -> list[tuple[T, Outcome]]: ...


class FolderSink(Generic[T]):
    """One output file per page, written atomically as soon as the page is done; the pages of a WARC or JSON
    Lines file go to their file's one output, in order (see `_Group`)."""

    def __init__(self, root: Path, fmt: str = "markdown") -> None:
        self.root, self.fmt = root, fmt
        self.made: set[str] = set()
        self.groups: dict[str, _Group[T]] = {}
        self.failed: dict[str, str] = {}  # shared outputs that could not be written, and why

    def put(self, index: int, job: T, outcome: Outcome) -> list[tuple[T, Outcome]]:
        if job.part is not None and job.out is not None:
            return self._put_part(job, job.part, job.out, outcome)
        if outcome.error is None and job.out is not None:
            try:
                self._write(job.out, outcome.rendered)
            except OSError as err:
                outcome = replace(outcome, error=self._failure(job.out, err))
        return [(job, outcome)]

    def _put_part(self, job: T, part: tuple[int, int], out: str, outcome: Outcome) -> list[tuple[T, Outcome]]:
        """One page of a shared output: written when its turn comes; the file is put in place after its last.
        When the file cannot be written, this page and every other page of it fail with the reason."""
        if out in self.failed:
            return [(job, replace(outcome, error=self.failed[out]))]
        group = self.groups.get(out)
        done: list[tuple[T, Outcome]] = []
        try:
            if group is None:
                self._folder(out)
                group = self.groups[out] = _Group(out, part[1], self.fmt)
            done = group.put(part[0], job, outcome)
            if group.complete:
                del self.groups[out]
                group.finish()
            return done
        except OSError as err:
            self.failed[out] = why = self._failure(out, err)
            if group is None:
                return [(job, replace(outcome, error=why))]
            self.groups.pop(out, None)
            group.discard()
            return [(j, replace(o, error=why)) for j, o in [*done, *group.unreported.values()]]

    def _failure(self, path: str, err: OSError) -> str:
        """Why an output could not be written; Aborted when no other page could be written either."""
        if not self.root.is_dir():
            raise Aborted(str(self.root), "the output folder is gone; recreate it and run again with "
                                          "--skip-existing") from None
        if err.errno in ENVIRONMENT_ERRORS:
            raise Aborted(display_name(path), describe_os_error(err)) from None
        return f"cannot write {display_name(path)} ({describe_os_error(err)})"

    def _folder(self, path: str) -> None:
        """Create the folder of an output file (once), but never recreate an output folder someone removed."""
        folder = os.path.dirname(path)
        if folder not in self.made:
            if not self.root.is_dir():
                raise OSError(errno.ENOENT, "no output folder")
            os.makedirs(folder, exist_ok=True)
            self.made.add(folder)

    def _write(self, path: str, text: str) -> None:
        self._folder(path)
        with AtomicFile(path) as out:
            out.write(text.encode("utf-8", errors="replace"))

    def discard(self) -> None:
        """Remove the temporary files of shared outputs left unfinished (the run stopped early)."""
        for group in self.groups.values():
            group.discard()
        self.groups.clear()


class StreamSink(Generic[T]):
    """Every page's output, in input order, to one stream (stdout or -o FILE); JSON becomes one array."""

    def __init__(self, write: Callable[[bytes], None], fmt: str) -> None:
        self.write, self.fmt = write, fmt
        self.pending: dict[int, tuple[T, Outcome]] = {}
        self.next = 0
        self.started = False
        self.numbered = 0  # articles written of the earlier parts of the current large text dump
        self.cleaned = 0  # pages written (a failed page writes nothing)
        self.torn = False  # a part of a large text dump failed: the dump's output would miss it

    @property
    def has_output(self) -> bool:
        """Whether the stream stands for something: a page was cleaned (articles or none), and no part of a large
        text dump failed. When every page failed, or there was none to clean, there is no output, as a failed page
        has no file in folder mode; nor for a dump of which a part failed, which is one page (`--skip-existing`
        then cleans it again, rather than keeping it cut)."""
        return self.cleaned > 0 and not self.torn

    def put(self, index: int, job: T, outcome: Outcome) -> list[tuple[T, Outcome]]:
        self.pending[index] = (job, outcome)
        done = []
        while self.next in self.pending:
            job, outcome = self.pending.pop(self.next)
            self.next += 1
            rendered = self._numbered(job, outcome)
            if outcome.error is None and rendered:
                self._emit(rendered)
            if outcome.error is None:
                self.cleaned += 1
            elif job.ref is not None and job.ref.kind == "text":
                self.torn = True
            done.append((job, outcome))
        return done

    def _numbered(self, job: T, outcome: Outcome) -> str:
        """The output of a large dump's part numbers its articles on from those of the parts before it."""
        if job.part is None or job.part[0] == 0:
            self.numbered = 0
        if not outcome.part_numbered:
            return outcome.rendered
        rendered = number_from(outcome.rendered, self.fmt, self.numbered)
        self.numbered += outcome.articles
        return rendered

    def _emit(self, text: str) -> None:
        joint = {"markdown": "\n---\n\n", "json": ",\n"}.get(self.fmt, "") if self.started else ""
        opening = "[\n" if self.fmt == "json" and not self.started else ""
        self.write((opening + joint + text).encode("utf-8", errors="replace"))
        self.started = True

    def close(self) -> None:
        """End the stream: close the JSON array (or write an empty one)."""
        if self.fmt == "json":
            self.write(b"\n]\n" if self.started else b"[]\n")


class _Group(Generic[T]):
    """The output of a WARC or JSON Lines file in folder mode: its pages' outputs in record order, streamed to
    a temporary file that is renamed into place when all `total` pages are in."""

    def __init__(self, path: str, total: int, fmt: str) -> None:
        self.file = AtomicFile(path).__enter__()
        self.stream: StreamSink[T] = StreamSink(self.file.write, fmt)
        self.left = total
        self.unreported: dict[int, tuple[T, Outcome]] = {}  # pages put but not yet written (out of order)
        self.open = True

    @property
    def complete(self) -> bool:
        return self.left == 0

    def put(self, k: int, job: T, outcome: Outcome) -> list[tuple[T, Outcome]]:
        """Take page k; the pages now written, in order."""
        self.left -= 1
        self.unreported[k] = (job, outcome)
        done = self.stream.put(k, job, outcome)
        for written, _ in done:
            self.unreported.pop(written.part[0] if written.part else k, None)
        return done

    def finish(self) -> None:
        """End the stream and put the file in place (the temporary file is removed if that fails)."""
        try:
            self.stream.close()
        except BaseException:
            self.discard()
            raise
        self.open = False
        self.file.keep = self.stream.has_output
        self.file.__exit__(None)

    def discard(self) -> None:
        """Remove the temporary file, once: the output stays as it was."""
        if self.open:
            self.open = False
            self.file.__exit__(OSError)


@contextmanager
def open_sink(mode: str, output: Path | None, fmt: str) -> Iterator[Sink[Any]]:
    """The sink for a mode ("folder", "file" or "stdout"); a single output file is only put in place when the
    run ends well and some page was cleaned (a page with no article included), and so is the shared output of a
    WARC or JSON Lines file."""
    if mode == "folder" and output is not None:
        folder: FolderSink[Any] = FolderSink(output, fmt)
        try:
            yield folder
        finally:
            folder.discard()
        return
    if mode == "file" and output is not None:
        with _named_file(output) as file:
            sink: StreamSink[Any] = StreamSink(_guarded(file.write, str(output)), fmt)
            yield sink
            sink.close()
            file.keep = sink.has_output
        return
    sink = StreamSink(_stdout_writer(), fmt)
    yield sink
    sink.close()


@contextmanager
def open_rejects(path: Path | None) -> Iterator[Callable[[bytes], None] | None]:
    """A writer to the --rejects file, streamed page by page and put in place only when the run ends well."""
    if path is None:
        yield None
        return
    with _named_file(path) as file:
        yield _guarded(file.write, str(path))


@contextmanager
def _named_file(path: Path) -> Iterator[AtomicFile]:
    """An output the user named (see files.named_output), open: a failure to open it is Aborted, as a failure to
    write it would be; it is put in place when the block ends well."""
    file = named_output(path)
    try:
        file.__enter__()
    except OSError as err:
        raise Aborted(str(path), describe_os_error(err)) from None
    try:
        yield file
    except BaseException as stop:
        file.__exit__(type(stop))
        raise
    file.__exit__(None)


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


def write_errors(path: Path, failed: list[tuple[str, str]]) -> None:
    """The --errors report: one JSON object per failed input, {"file": …, "reason": …}."""
    lines = "".join(json.dumps({"file": name, "reason": why}, ensure_ascii=False) + "\n" for name, why in failed)
    try:
        with named_output(path) as out:
            out.write(lines.encode("utf-8", errors="replace"))
    except OSError as err:
        raise Aborted(str(path), describe_os_error(err)) from None
