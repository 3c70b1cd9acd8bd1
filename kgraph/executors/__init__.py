"""Executors: where extraction runs (this process, local worker processes, a Dask cluster).

Executors are looked up by name in a registry, the way export formats are; the CLI's
``--executor`` choices come from here. Each public module of this package registers
its executor when imported; the import happens on first lookup, so optional
dependencies (Dask) are only imported by the executor that needs them, when it runs.

>>> {"dask", "local"} <= set(executor_names())
True
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass

from ..errors import ConfigError
from .base import Batch, BatchResult, Executor, ExtractionTask, run_batch

__all__ = [
    "Batch",
    "BatchResult",
    "Executor",
    "ExecutorOptions",
    "ExecutorSpec",
    "ExtractionTask",
    "create_executor",
    "executor_names",
    "get_executor",
    "register_executor",
    "run_batch",
]


@dataclass(frozen=True, slots=True)
class ExecutorOptions:
    """Options an executor is created with.

    Attributes:
        workers: Local worker processes (the ``local`` executor; 1 = this process).
        scheduler: Address of a Dask scheduler (``tcp://host:8786``).
        window: Batches in flight per worker (bounds memory while streaming).
    """

    workers: int = 1
    scheduler: str | None = None
    window: int = 2


@dataclass(frozen=True, slots=True)
class ExecutorSpec:
    """One registered executor: its name, a line of help and its factory."""

    name: str
    description: str
    create: Callable[[ExtractionTask, ExecutorOptions], Executor]


_REGISTRY: dict[str, ExecutorSpec] = {}


def register_executor(spec: ExecutorSpec) -> ExecutorSpec:
    """Add ``spec`` to the registry (a later registration replaces an earlier one)."""
    _REGISTRY[spec.name] = spec
    return spec


def _ensure_builtins() -> None:
    for info in pkgutil.iter_modules(__path__):
        if not info.name.startswith("_") and info.name != "base":
            importlib.import_module(f"{__name__}.{info.name}")


def executor_names() -> tuple[str, ...]:
    """Return the names of the registered executors, sorted."""
    _ensure_builtins()
    return tuple(sorted(_REGISTRY))


def get_executor(name: str) -> ExecutorSpec:
    """Return the executor registered as ``name``.

    Raises:
        ConfigError: no executor has that name; the message lists the valid ones.
    """
    _ensure_builtins()
    spec = _REGISTRY.get(name.strip().lower())
    if spec is None:
        raise ConfigError(
            f"unknown executor {name!r}; valid executors are: {', '.join(sorted(_REGISTRY))}"
        )
    return spec


def create_executor(name: str, task: ExtractionTask, options: ExecutorOptions) -> Executor:
    """Create the executor ``name`` for ``task`` (cheap: workers start on first use)."""
    return get_executor(name).create(task, options)
