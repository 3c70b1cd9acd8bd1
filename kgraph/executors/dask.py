"""The ``dask`` executor: extraction on a ``dask.distributed`` cluster.

Each batch is one task (:func:`~kgraph.executors.base.run_batch`). A worker process
loads the spaCy pipeline on its first task and keeps it for the following ones
(cached per process by configuration); tasks return encoded records, a few KB per
document. The client keeps a bounded number of tasks in flight (``window`` per
worker thread) so the inputs are read lazily, and takes results back in submission
order, so the merge, and therefore every export, is identical to a local build.

Every worker needs the same kgraph, rules and spaCy pipeline as the client; a
worker that differs fails the build with a message instead of returning records
that do not match the build's fingerprint. Dask is an optional dependency
(``pip install 'kgraph[dask]'``), imported only when this executor starts.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from types import TracebackType
from typing import Any

from ..errors import ConfigError, KGraphError
from . import ExecutorOptions, ExecutorSpec, register_executor
from .base import Batch, BatchResult, ExtractionTask, run_batch

__all__ = ["INSTALL_HINT", "DaskExecutor"]

INSTALL_HINT = "pip install 'kgraph[dask]'"


def _client_class() -> Any:
    try:
        from dask.distributed import Client
    except ImportError as err:
        raise KGraphError(
            f"--executor dask needs Dask's distributed scheduler, which is not installed "
            f"({err}); install it with: {INSTALL_HINT}"
        ) from err
    return Client


class DaskExecutor:
    """Runs batches as tasks on the Dask cluster at ``options.scheduler``."""

    def __init__(self, task: ExtractionTask, options: ExecutorOptions) -> None:
        if not options.scheduler:
            raise ConfigError(
                "--executor dask needs the scheduler's address: --scheduler tcp://HOST:8786"
            )
        _client_class()  # fail early, before any input is read, if Dask is missing
        self.task = task
        self.address = options.scheduler
        self.per_thread = max(1, options.window)
        self.workers = 0
        self._client: Any = None

    def _connect(self) -> Any:
        if self._client is None:
            client_class = _client_class()
            try:
                self._client = client_class(self.address, set_as_default=False, timeout="30s")
            except (OSError, TimeoutError) as err:
                raise KGraphError(
                    f"cannot reach the Dask scheduler at {self.address} ({err})"
                ) from err
        return self._client

    def _window(self, client: Any) -> int:
        self.workers = sum(client.nthreads().values()) or 1
        return self.per_thread * self.workers

    def map(self, batches: Iterable[Batch]) -> Iterator[BatchResult]:
        """Yield the result of each batch, in submission order."""
        pending: deque[Any] = deque()
        window = 0
        for batch in batches:
            client = self._connect()
            window = window or self._window(client)
            pending.append(client.submit(run_batch, self.task, batch, pure=False))
            if len(pending) >= window:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()

    def close(self) -> None:
        """Disconnect from the scheduler (the cluster keeps running)."""
        if self._client is not None:
            self._client.close()
            self._client = None

    def __enter__(self) -> DaskExecutor:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


register_executor(
    ExecutorSpec(
        name="dask",
        description="a dask.distributed cluster (--scheduler ADDRESS)",
        create=DaskExecutor,
    )
)
