"""Queries in a worker process that can be killed when they run out of time.

Neither pyoxigraph nor rdflib can interrupt a query from Python, and a Python thread
cannot be stopped mid-query, so a time limit is enforced from outside: the dataset
is opened in a child process, each query is sent to it through a socket, and a child
that has not answered in time is killed (SIGKILL) and replaced. The child is a fresh
interpreter (``python -m kgraph.query._worker_child``), not a fork: it shares no
threads or locks with the parent (the server runs threads), and unlike
multiprocessing's ``spawn`` it never re-imports the caller's ``__main__``.
"""

from __future__ import annotations

import contextlib
import os
import queue
import socket
import subprocess
import sys
import threading
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from types import TracebackType
from typing import Any

from ..errors import KGraphError, QueryError
from .engines import DEFAULT_ENGINE, open_dataset
from .result import QueryResult

__all__ = [
    "DatasetSpec",
    "QueryTimeout",
    "QueryWorker",
    "WorkerDied",
    "WorkerPool",
    "serve_worker",
]

_CHILD_MODULE = "kgraph.query._worker_child"
_PACKAGE_ROOT = str(Path(__file__).resolve().parents[2])


class QueryTimeout(QueryError):
    """A query ran past its time limit and was stopped."""


class WorkerDied(QueryError):
    """The worker process ended while running a query (crash or out of memory)."""


@dataclass(frozen=True, slots=True)
class DatasetSpec:
    """What a worker opens: a graph file or a store, with an engine (picklable)."""

    graph: str | None = None
    store: str | None = None
    engine: str = DEFAULT_ENGINE

    @classmethod
    def of(cls, *, graph: str | Path | None, store: str | Path | None, engine: str) -> DatasetSpec:
        """Build a spec from paths."""
        return cls(
            graph=None if graph is None else str(graph),
            store=None if store is None else str(store),
            engine=engine,
        )


def serve_worker(conn: Connection) -> None:
    """The child's loop: open the dataset sent first, then answer queries until EOF."""
    try:
        spec: DatasetSpec = conn.recv()
    except EOFError:
        return  # the parent went away before sending anything
    try:
        dataset = open_dataset(graph=spec.graph, store=spec.store, engine=spec.engine)
    except KGraphError as err:
        conn.send(("error", err))
        return
    conn.send(("ready", None))
    while True:
        try:
            message = conn.recv()
        except EOFError:
            return
        if message is None:
            return
        query, max_results = message
        try:
            conn.send(("ok", dataset.query(query, max_results=max_results)))
        except KGraphError as err:
            conn.send(("error", err))
        except Exception as err:  # an engine bug must not take the worker down silently
            conn.send(("error", QueryError(f"query failed: {type(err).__name__}: {err}")))


class QueryWorker:
    """One child process holding an opened dataset; queries run there with a time limit.

    Use as a context manager, or call :meth:`close`. Not thread-safe: one query at a
    time (the :class:`WorkerPool` hands each worker to one request at a time).
    """

    def __init__(self, spec: DatasetSpec) -> None:
        self.spec = spec
        self._process: Any = None
        self._conn: Connection | None = None

    @property
    def alive(self) -> bool:
        """Whether the child process is running."""
        return self._process is not None and self._process.poll() is None

    def start(self) -> None:
        """Start the child and wait until it has opened the dataset.

        Raises:
            KGraphError: the child could not open the dataset (the child's own error).
        """
        parent, child = socket.socketpair()
        env = dict(os.environ)
        # The child imports kgraph from where this process did, installed or not.
        env["PYTHONPATH"] = os.pathsep.join(
            p for p in (_PACKAGE_ROOT, env.get("PYTHONPATH", "")) if p
        )
        try:
            process = subprocess.Popen(
                [sys.executable, "-m", _CHILD_MODULE, str(child.fileno())],
                pass_fds=(child.fileno(),),
                stdin=subprocess.DEVNULL,
                env=env,
            )
        except OSError as err:
            parent.close()
            raise QueryError(f"cannot start a query worker process: {err}") from err
        finally:
            child.close()
        conn = Connection(parent.detach())
        try:
            conn.send(self.spec)
            status, payload = conn.recv()
        except (EOFError, OSError) as err:
            process.kill()
            code = process.wait()
            conn.close()
            raise QueryError(
                f"the query worker exited while opening the data (exit code {code})"
            ) from err
        if status != "ready":
            process.wait()
            conn.close()
            raise payload
        self._process, self._conn = process, conn

    def query(
        self, query: str, *, timeout: float | None = None, max_results: int | None = None
    ) -> QueryResult:
        """Run ``query`` in the child; kill the child if it takes more than ``timeout`` s.

        Raises:
            QueryTimeout: the time limit was hit (the child is killed; the next query
                starts a fresh one).
            QueryError: the query failed, or the child died.
        """
        if not self.alive:
            self.start()
        conn = self._conn
        assert conn is not None  # set by start()
        conn.send((query, max_results))
        if not conn.poll(timeout):
            self.kill()
            raise QueryTimeout(
                f"query stopped after {timeout:g} s (the time limit); "
                "narrow it, add LIMIT, or raise --timeout"
            )
        try:
            status, payload = conn.recv()
        except EOFError as err:
            self.kill()
            raise WorkerDied("the query worker died while running the query") from err
        if status == "error":
            raise payload
        result: QueryResult = payload
        return result

    def kill(self) -> None:
        """Stop the child at once."""
        if self._process is not None:
            self._process.kill()
            self._process.wait()
        if self._conn is not None:
            self._conn.close()
        self._process = self._conn = None

    def close(self) -> None:
        """Ask the child to exit, and make sure it does."""
        if self._conn is not None and self.alive:
            try:
                self._conn.send(None)
                self._process.wait(timeout=2)
            except (OSError, subprocess.TimeoutExpired):
                pass  # kill() below makes sure
        self.kill()

    def __enter__(self) -> QueryWorker:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


class WorkerPool:
    """A fixed number of :class:`QueryWorker` processes shared by concurrent requests.

    A worker killed by a timeout is restarted in the background while the others
    keep answering.
    """

    def __init__(self, spec: DatasetSpec, *, size: int = 2) -> None:
        if size < 1:
            raise QueryError(f"the number of query workers must be at least 1, not {size}")
        self.spec = spec
        self.size = size
        self._idle: queue.Queue[QueryWorker] = queue.Queue()
        self._workers: list[QueryWorker] = []
        self._closed = False
        for _ in range(size):
            worker = QueryWorker(spec)
            worker.start()
            self._workers.append(worker)
            self._idle.put(worker)

    def query(
        self, query: str, *, timeout: float | None = None, max_results: int | None = None
    ) -> QueryResult:
        """Run ``query`` on the next free worker (waiting at most ``timeout`` for one)."""
        try:
            worker = self._idle.get(timeout=timeout)
        except queue.Empty as err:
            raise QueryTimeout(
                f"all {self.size} query workers stayed busy for {timeout:g} s; try again later"
            ) from err
        try:
            return worker.query(query, timeout=timeout, max_results=max_results)
        finally:
            if worker.alive:
                self._idle.put(worker)
            else:
                threading.Thread(target=self._restart, args=(worker,), daemon=True).start()

    def _restart(self, worker: QueryWorker) -> None:
        if self._closed:
            return
        # If the data vanished, the next query on this worker retries and reports it.
        with contextlib.suppress(KGraphError):
            worker.start()
        if self._closed:  # closed while this worker was starting
            worker.close()
            return
        self._idle.put(worker)

    def close(self) -> None:
        """Stop every worker."""
        self._closed = True
        for worker in self._workers:
            worker.close()
