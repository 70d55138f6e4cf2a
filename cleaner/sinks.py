"""Where a batch's results go: one output file per page, or one stream (stdout, -o FILE) in input order.

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

from .files import AtomicFile, describe_os_error, display_name
from .work import Outcome

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
    """A page as the sinks see it: where its output file goes (folder mode)."""

    @property
    def out(self) -> str | None: ...


T = TypeVar("T", bound=Target)


class Sink(Protocol[T]):
    """Takes each page's outcome as it comes; returns the pages whose output is now written, in order."""

    def put(self, index: int, job: T, outcome: Outcome) -> list[tuple[T, Outcome]]: ...


class FolderSink(Generic[T]):
    """One output file per page, written atomically as soon as the page is done."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.made: set[str] = set()

    def put(self, index: int, job: T, outcome: Outcome) -> list[tuple[T, Outcome]]:
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


class StreamSink(Generic[T]):
    """Every page's output, in input order, to one stream (stdout or -o FILE); JSON becomes one array."""

    def __init__(self, write: Callable[[bytes], None], fmt: str) -> None:
        self.write, self.fmt = write, fmt
        self.pending: dict[int, tuple[T, Outcome]] = {}
        self.next = 0
        self.started = False

    def put(self, index: int, job: T, outcome: Outcome) -> list[tuple[T, Outcome]]:
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
def open_sink(mode: str, output: Path | None, fmt: str) -> Iterator[Sink[Any]]:
    """The sink for a mode ("folder", "file" or "stdout"); a single output file is only put in place when the
    run ends well."""
    if mode == "folder" and output is not None:
        yield FolderSink(output)
        return
    if mode == "file" and output is not None:
        with AtomicFile(output) as file:
            sink: StreamSink[Any] = StreamSink(_guarded(file.write, str(output)), fmt)
            yield sink
            sink.close()
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


def write_errors(path: Path, failed: list[tuple[str, str]]) -> None:
    """The --errors report: one JSON object per failed input, {"file": …, "reason": …}."""
    lines = "".join(json.dumps({"file": name, "reason": why}, ensure_ascii=False) + "\n" for name, why in failed)
    try:
        with AtomicFile(path) as out:
            out.write(lines.encode("utf-8", errors="replace"))
    except OSError as err:
        raise Aborted(str(path), describe_os_error(err)) from None
