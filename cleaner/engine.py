"""Scale-out on Dask distributed: `cleaner clean FOLDER --engine dask [--scheduler ADDRESS]`.

`DaskRunner` takes the place of the worker processes of `workers.Pool`: a batch plans, learns site templates
and writes its outputs exactly as on one machine, and only the cleaning of pages (both passes) runs on the
cluster's workers. So the output is the same, byte for byte. Pages travel as small tasks (a path, and for a
WARC or JSON Lines file the record's offset): the workers read the pages themselves, so every input path must
be readable on every worker (a shared file system) and cleaner must be installed there at the same version.

Without a scheduler address, a LocalCluster starts on 127.0.0.1 with one single-threaded worker process per
`-j` (default: all cores). Dask is an optional extra: `pip install 'cleaner[dask]'`.
"""
from __future__ import annotations

import importlib.util
import logging
import signal
import threading
from collections import deque
from typing import Any, Callable, Iterator, Sequence

from . import __version__
from .plan import Refused
from .workers import TICK_SECONDS, Lost, chunk_size

INSTALL_HINT = "pip install 'cleaner[dask]' (or pip install 'dask[distributed]')"
CONNECT_SECONDS = 10


def missing() -> str | None:
    """Why --engine dask cannot run here ('<what>; <what to try>'), or None when Dask distributed is installed."""
    if importlib.util.find_spec("dask") is None or importlib.util.find_spec("distributed") is None:
        return f"Dask distributed is not installed; install it with {INSTALL_HINT}"
    return None


def run_chunk(work: Callable[[Any], Any], chunk: list[tuple[int, Any]]) -> list[tuple[int, Any]]:
    """What a Dask worker runs: `work` over a few (index, task) pairs."""
    return [(index, work(task)) for index, task in chunk]


def worker_version() -> str:
    """The cleaner version a worker has (checked when the run starts)."""
    return __version__


class DaskRunner:
    """Runs a batch's work on a Dask cluster: the one at `scheduler`, or a local one of `jobs` workers."""

    def __init__(self, jobs: int, scheduler: str | None = None) -> None:
        self.jobs, self.scheduler = jobs, scheduler
        self.client: Any = None
        self.cluster: Any = None

    def __enter__(self) -> DaskRunner:
        from dask.distributed import Client, LocalCluster

        try:
            if self.scheduler is None:
                self.cluster = _local_cluster(LocalCluster, self.jobs)
                self.client = Client(self.cluster)
            else:
                self.client = Client(self.scheduler, timeout=CONNECT_SECONDS)
        except (OSError, TimeoutError, RuntimeError) as err:  # RuntimeError: a local worker failed to start
            self.__exit__()
            if self.scheduler is None:
                raise Refused([("--engine dask", f"cannot start a local Dask cluster ({err}); run cleaner with "
                                                 "--engine local, or give a --scheduler")]) from None
            raise Refused([(self.scheduler, f"cannot reach the Dask scheduler ({err}); check the address, or "
                                            "leave out --scheduler to start a local cluster")]) from None
        self._check_workers()
        return self

    def _check_workers(self) -> None:
        """Refuse to start when a worker lacks cleaner, or has another version of it."""
        try:
            versions = self.client.run(worker_version)
        except Exception as err:  # noqa: BLE001 - a worker without cleaner cannot even unpickle the call
            versions = {"a worker": f"none ({type(err).__name__}: {err})"}
        wrong = {worker: v for worker, v in versions.items() if v != __version__}
        if wrong:
            self.__exit__()
            worker, version = next(iter(wrong.items()))
            raise Refused([(str(worker), f"has cleaner {version}, not {__version__}; install this cleaner on "
                                         "every worker")])

    def __exit__(self, *exc: object) -> None:
        for part in (self.client, self.cluster):
            if part is not None:
                part.close()
        self.client = self.cluster = None

    def run(self, work: Callable[[Any], Any], tasks: Sequence[Any],
            window: int | None = None) -> Iterator[tuple[int, Any] | None]:
        """Yield (index, work(task) or Lost) for every task as chunks finish, and None when a tick passes.

        Chunks are submitted in order, a few per worker thread at a time; with `window`, none starts more
        than `window` places ahead of the first unfinished task (an ordered consumer holds no more)."""
        from dask.distributed import wait

        threads = max(1, sum(self.client.nthreads().values()))
        size = chunk_size(len(tasks), threads)  # a Dask task holds a chunk: fewer round trips through the scheduler
        queue = deque([(i, task) for i, task in enumerate(tasks)][k:k + size] for k in range(0, len(tasks), size))
        running: dict[Any, list[tuple[int, Any]]] = {}
        while queue or running:
            self._submit(work, queue, running, 2 * threads, window)
            try:
                done = wait(list(running), timeout=TICK_SECONDS, return_when="FIRST_COMPLETED").done
            except TimeoutError:
                yield None
                continue
            for future in done:
                yield from _results(future, running.pop(future))

    def _submit(self, work: Callable[[Any], Any], queue: deque[list[tuple[int, Any]]],
                running: dict[Any, list[tuple[int, Any]]], limit: int, window: int | None) -> None:
        """Send the next chunks, keeping `limit` in flight and within the window."""
        while queue and len(running) < limit:
            first = min([chunk[0][0] for chunk in running.values()] + [queue[0][0][0]])
            if window is not None and queue[0][0][0] >= first + window:
                return
            chunk = queue.popleft()
            running[self.client.submit(run_chunk, work, chunk, pure=False)] = chunk


def _local_cluster(cluster: Any, jobs: int) -> Any:
    """`jobs` single-threaded worker processes on 127.0.0.1. They start ignoring Ctrl-C, as the worker processes
    of a local batch do: a terminal sends it to them too, and the command decides how the run stops."""
    main = threading.current_thread() is threading.main_thread()  # only the main thread may set handlers
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN) if main else None
    try:
        return cluster(n_workers=jobs, threads_per_worker=1, processes=True, host="127.0.0.1",
                       dashboard_address="127.0.0.1:0", silence_logs=logging.ERROR)
    finally:
        if main:
            signal.signal(signal.SIGINT, previous)


def _results(future: Any, chunk: list[tuple[int, Any]]) -> Iterator[tuple[int, Any]]:
    """A finished chunk's results; every page of it Lost when its worker died or the chunk failed."""
    try:
        yield from future.result()
    except Exception as err:  # noqa: BLE001 - KilledWorker, a lost connection: the pages fail, the run goes on
        reason = (f"the Dask task cleaning it failed ({type(err).__name__}: {str(err)[:160]}); clean it on its "
                  "own to see more")
        for index, _ in chunk:
            yield index, Lost(reason)
