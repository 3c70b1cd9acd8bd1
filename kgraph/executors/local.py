"""The ``local`` executor: this process, or a pool of worker processes on this machine.

With one worker, batches run in this process. With more, each worker process loads
the spaCy pipeline once (at start-up, in parallel) and runs tasks of a few documents
(a batch cut in :data:`TASK_DOCUMENTS` pieces, so the workers finish together):
parsing *and* extraction, so only small encoded records come back, not parsed ``Doc``
objects, and the main process never becomes the bottleneck. At most ``window``
batches per worker are in flight, so reading stays lazy and memory flat; results
come back in batch order, so the build is the same whatever the number of workers.
"""

from __future__ import annotations

import contextlib
import itertools
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from types import TracebackType

from ..errors import KGraphError
from . import ExecutorOptions, ExecutorSpec, register_executor
from .base import Batch, BatchResult, ExtractionTask, run_batch, warm_up

__all__ = ["TASK_DOCUMENTS", "LocalExecutor"]

#: Documents per task a worker process runs. A batch is cut into tasks this small so
#: the workers finish together: the build's last task keeps one worker busy while the
#: others wait, and 16 articles take under a second (``nlp.pipe`` is no slower per
#: document on 16 than on 64).
TASK_DOCUMENTS = 16


def _start_method() -> str:
    """``fork`` when it is safe (no other thread alive), else ``spawn``.

    A forked worker starts at once and does not re-import the caller's script;
    forking while other threads hold locks (a Dask client, a progress thread) can
    deadlock the child, so then each worker is a fresh interpreter, which needs
    the usual ``if __name__ == "__main__":`` guard in a calling script.
    """
    # Linux only: macOS offers fork, but system libraries there are not fork-safe.
    if sys.platform.startswith("linux") and threading.active_count() == 1:
        return "fork"
    return "spawn"


def _init_worker(task: ExtractionTask) -> None:
    """Start a worker: leave interrupts to the parent, then load the pipeline.

    Ctrl-C reaches every process of the terminal's process group; the parent stops
    the build and shuts the pool down, so a worker ignores SIGINT instead of dying
    with a traceback of its own; the same for SIGHUP. A forked worker would also
    inherit the CLI's SIGTERM handler (which turns termination into KeyboardInterrupt);
    it gets the default back.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if hasattr(signal, "SIGHUP"):  # a lost terminal: the parent stops the pool
        signal.signal(signal.SIGHUP, signal.SIG_IGN)
    threading.Thread(
        target=_exit_with_parent, args=(os.getppid(),), name="kgraph-parent-watch", daemon=True
    ).start()
    warm_up(task)


def _exit_with_parent(parent: int) -> None:
    """End this worker once its parent is gone.

    A parent killed outright (SIGKILL, out-of-memory killer) cannot shut the pool
    down, and a forked worker never sees its task queue close (it holds a copy of
    the writing end itself), so without this it would wait forever, holding a
    loaded pipeline's memory.
    """
    while True:
        time.sleep(1.0)
        if os.getppid() != parent:
            os._exit(1)


def _joined(tasks: list[Future[BatchResult]]) -> BatchResult:
    """The result of a batch from the results of its tasks, in order."""
    parts = [task.result() for task in tasks]
    if len(parts) == 1:
        return parts[0]
    return BatchResult(
        records=tuple(record for part in parts for record in part.records),
        nlp_seconds=sum(part.nlp_seconds for part in parts),
        extract_seconds=sum(part.extract_seconds for part in parts),
        words=sum(part.words for part in parts),
    )


class LocalExecutor:
    """Runs batches in this process (``workers=1``) or in ``workers`` processes."""

    def __init__(self, task: ExtractionTask, options: ExecutorOptions) -> None:
        self.task = task
        self.workers = max(1, options.workers)
        self.window = max(1, options.window) * self.workers
        self._pool: ProcessPoolExecutor | None = None

    def _start(self) -> ProcessPoolExecutor:
        if self._pool is None:
            self._pool = ProcessPoolExecutor(
                max_workers=self.workers,
                mp_context=multiprocessing.get_context(_start_method()),
                initializer=_init_worker,
                initargs=(self.task,),
            )
        return self._pool

    def map(self, batches: Iterable[Batch]) -> Iterator[BatchResult]:
        """Yield the result of each batch, in order."""
        it = iter(batches)
        head = list(itertools.islice(it, 2))
        if self.workers == 1 or len(head) < 2:
            # One batch (a small incremental rebuild) is parsed here: starting
            # worker processes, each loading the pipeline, would cost more than it.
            for batch in itertools.chain(head, it):
                yield run_batch(self.task, batch)
            return
        pending: deque[list[Future[BatchResult]]] = deque()
        try:
            for batch in itertools.chain(head, it):
                pool = self._start()
                pending.append(
                    [
                        pool.submit(run_batch, self.task, batch[i : i + TASK_DOCUMENTS])
                        for i in range(0, len(batch), TASK_DOCUMENTS)
                    ]
                )
                if len(pending) >= self.window:
                    yield _joined(pending.popleft())
            while pending:
                yield _joined(pending.popleft())
        except BrokenProcessPool as err:
            raise KGraphError(
                f"a worker process died ({err}); out of memory? try fewer --workers "
                f"(each loads its own spaCy pipeline) or a smaller --batch-size"
            ) from err

    def close(self) -> None:
        """Stop the worker processes, if any were started."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def __enter__(self) -> LocalExecutor:
        return self

    def _terminate(self) -> None:
        """Stop the workers at once, without waiting for the batches they are running."""
        if self._pool is None:
            return
        # ProcessPoolExecutor has no public way to do this before Python 3.14
        # (terminate_workers); its process table is private but unchanged since 3.2.
        processes = getattr(self._pool, "_processes", None) or {}
        for process in list(processes.values()):
            with contextlib.suppress(OSError, ValueError):
                process.terminate()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        # A build that failed or was interrupted (Ctrl-C, SIGTERM) does not wait for
        # the running batches: waiting made Ctrl-C slow, and a second Ctrl-C during
        # the wait left the pool half shut and the process hanging at exit.
        if exc_type is not None:
            self._terminate()
        self.close()


register_executor(
    ExecutorSpec(
        name="local", description="this machine (--workers processes)", create=LocalExecutor
    )
)
