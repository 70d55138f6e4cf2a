"""Worker processes for batches: pages are cleaned in parallel, and a page that crashes or hangs its worker
fails alone while the others go on.

Each worker gets a few tasks at a time and answers each as it finishes, so the parent always knows which
task a worker is on: when a worker dies (a crash, the kernel's out-of-memory killer) or passes the time limit,
that task is reported `Lost`, the worker is replaced, and the rest of its tasks are handed out again.
Workers ignore Ctrl-C: the parent decides how a batch stops, and kills them (they write nothing).
"""
from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import time
from collections import deque
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from typing import Any, Callable, Iterator, Sequence

Work = Callable[[Any], Any]
TICK_SECONDS = 0.25  # how often a quiet batch still hands control back (progress display, time limits)
MAX_CHUNK = 16  # tasks sent at once: fewer round trips, yet results still stream as pages finish


def chunk_size(tasks: int, workers: int) -> int:
    """How many tasks a worker is sent at once: up to MAX_CHUNK, and about four chunks per worker, so that a
    small batch is still shared out."""
    return max(1, min(MAX_CHUNK, tasks // (workers * 4)))


@dataclass(frozen=True, slots=True)
class Lost:
    """A task whose worker died or ran out of time, and why, as '<what>; <what to try>'."""

    reason: str


@dataclass
class _Worker:
    process: Any  # multiprocessing.Process (its type depends on the start method)
    conn: Connection
    tasks: deque[tuple[int, Any]] = field(default_factory=deque)  # sent, not answered; the first is running
    since: float = 0.0  # when the running task started


def _context() -> Any:
    """fork where available: workers start at once and inherit the loaded modules (the parent runs no threads)."""
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


def _serve(conn: Connection, inherited: tuple[int, ...]) -> None:
    """A worker's life: receive (work, tasks), send back (index, result) for each task, until the pipe closes.

    `inherited` are the parent's ends of the pipes, copied by fork: closed, so that the worker sees the end of
    its pipe when the parent dies, instead of waiting forever.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for fd in inherited:
        os.close(fd)
    # never write to the terminal, nor flush a copy of the parent's unwritten output on exit
    sys.stdout = sys.stderr = open(os.devnull, "w")  # noqa: SIM115 - lives as long as the process
    try:
        while True:
            work, tasks = conn.recv()
            for index, task in tasks:
                conn.send((index, work(task)))
    except (EOFError, OSError):
        pass  # the parent closed the pipe or is gone: nothing left to do
    finally:
        os._exit(0)


class Pool:
    """`jobs` worker processes; `run` hands them tasks and yields results as they come."""

    def __init__(self, jobs: int, timeout: float | None = None) -> None:
        self.context = _context()
        self.timeout = timeout or None
        self.workers: list[_Worker] = []
        for _ in range(jobs):
            self.workers.append(self._start())

    def _start(self) -> _Worker:
        parent, child = self.context.Pipe()
        forked = self.context.get_start_method() == "fork"
        inherited = tuple(c.fileno() for c in [parent, *(w.conn for w in self.workers)] if forked and not c.closed)
        process = self.context.Process(target=_serve, args=(child, inherited), daemon=True)
        process.start()
        child.close()
        return _Worker(process, parent)

    def close(self) -> None:
        """Stop every worker at once: they hold no output, so killing them loses nothing."""
        for worker in self.workers:
            worker.conn.close()
            if worker.process.is_alive():
                worker.process.kill()
        for worker in self.workers:
            worker.process.join()
        self.workers = []

    def __enter__(self) -> Pool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def run(self, work: Work, tasks: Sequence[Any], window: int | None = None) -> Iterator[tuple[int, Any] | None]:
        """Yield (index, work(task) or Lost) for every task, in the order they finish, and None when a tick
        passes with nothing done. With `window`, no task is started more than `window` places ahead of the
        first unfinished one, which bounds what an ordered consumer must hold."""
        queue = deque(enumerate(tasks))
        chunk = chunk_size(len(tasks), len(self.workers))
        while queue or any(w.tasks for w in self.workers):
            self._dispatch(work, queue, chunk, window)
            busy = [w for w in self.workers if w.tasks]
            ready = wait([w.conn for w in busy] + [w.process.sentinel for w in busy], self._wait_time(busy))
            if not ready:
                yield None
            for worker in busy:
                yield from self._collect(worker, queue, ready)

    def _dispatch(self, work: Work, queue: deque[tuple[int, Any]], chunk: int, window: int | None) -> None:
        """Give each idle worker its next few tasks."""
        for worker in self.workers:
            if worker.tasks or not queue:
                continue
            first = min([w.tasks[0][0] for w in self.workers if w.tasks] + [queue[0][0]])
            tasks: list[tuple[int, Any]] = []
            while queue and len(tasks) < chunk and (window is None or queue[0][0] < first + window):
                tasks.append(queue.popleft())
            if tasks:
                worker.conn.send((work, tasks))
                worker.tasks.extend(tasks)
                worker.since = time.monotonic()

    def _wait_time(self, busy: list[_Worker]) -> float:
        """Seconds until the next tick, or sooner when a running task reaches the time limit."""
        if self.timeout is None or not busy:
            return TICK_SECONDS
        deadline = min(w.since for w in busy) + self.timeout
        return max(0.0, min(TICK_SECONDS, deadline - time.monotonic()))

    def _collect(self, worker: _Worker, queue: deque[tuple[int, Any]], ready: list[Any]) -> Iterator[tuple[int, Any]]:
        """What the wait found of a worker: its next answer; or, when it died, the answers it sent before and
        its running task as Lost; or, when it overran, its running task as Lost.

        One answer a wake-up, and no question to the pipe or the process beyond what the wait said: each is a
        system call, the parent's cost per page (the next wait finds the next answer; only a dead worker's
        sentinel is ready).
        """
        if worker.process.sentinel in ready:
            while worker.tasks and worker.conn.poll() and (answer := self._answer(worker)) is not None:
                yield answer
            if worker.tasks and not worker.process.is_alive():
                yield self._replace(worker, queue, _death(worker.process.exitcode))
            return
        if worker.conn in ready:
            answer = self._answer(worker)
            if answer is None:
                return  # it died: its sentinel says so on the next wait, and the reason is its death
            yield answer
        if worker.tasks and self.timeout is not None and time.monotonic() - worker.since > self.timeout:
            yield self._replace(worker, queue, f"took longer than {self.timeout:g} s; raise --timeout or clean "
                                               "it on its own")

    @staticmethod
    def _answer(worker: _Worker) -> tuple[int, Any] | None:
        """The next answer in a worker's pipe, for its running task; None when the pipe ended (it died, perhaps
        mid-answer: its sentinel tells)."""
        try:
            index, result = worker.conn.recv()
        except (EOFError, OSError):
            return None
        worker.tasks.popleft()
        worker.since = time.monotonic()
        return index, result

    def _replace(self, worker: _Worker, queue: deque[tuple[int, Any]], reason: str) -> tuple[int, Lost]:
        """Kill `worker`, put its unstarted tasks back in front of the queue, and start a new worker."""
        index, _ = worker.tasks.popleft()
        queue.extendleft(reversed(worker.tasks))
        worker.conn.close()
        worker.process.kill()
        worker.process.join()
        self.workers[self.workers.index(worker)] = self._start()
        return index, Lost(reason)


def _death(exitcode: int | None) -> str:
    """Why a worker process ended, as a page's failure reason."""
    if exitcode is not None and exitcode < 0:
        name = signal.Signals(-exitcode).name if -exitcode in signal.valid_signals() else str(-exitcode)
        hint = "out of memory?" if name == "SIGKILL" else "a crash"
        return f"the worker cleaning it was killed by {name} ({hint}); clean it on its own to see more"
    return f"the worker cleaning it stopped (exit status {exitcode}); clean it on its own to see more"
