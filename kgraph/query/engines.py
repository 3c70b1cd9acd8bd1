"""The registry of SPARQL engines, and opening a graph file or store with one.

An engine opens a :class:`Dataset` (a graph file parsed in memory, or an on-disk
store) that answers queries with kgraph's typed :class:`~kgraph.query.result.QueryResult`,
so every engine gives answers of the same shape. Engines are looked up by name the way
exporters are; the CLI's ``--engine`` choices come from here.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Protocol

from ..errors import QueryError
from .result import QueryResult

__all__ = [
    "DEFAULT_ENGINE",
    "Dataset",
    "Engine",
    "engines",
    "get_engine",
    "open_dataset",
    "register_engine",
]

DEFAULT_ENGINE = "oxigraph"
_BUILTIN_MODULES = ("engine_oxigraph", "engine_rdflib")


class Dataset(Protocol):
    """An opened graph that answers SPARQL queries."""

    def query(self, query: str, *, max_results: int | None = None) -> QueryResult:
        """Run a SELECT, ASK, CONSTRUCT or DESCRIBE query.

        Raises:
            QuerySyntaxError: the query does not parse.
            ResultLimitExceeded: more than ``max_results`` rows or triples.
            QueryError: the engine failed to evaluate it.
        """
        ...

    def update(self, update: str) -> None:
        """Apply a SPARQL Update (only on a store opened writable)."""
        ...

    def close(self) -> None:
        """Release the graph or store."""
        ...


@dataclass(frozen=True, slots=True)
class Engine:
    """One registered SPARQL engine.

    Attributes:
        name: Name used by ``--engine``.
        description: One line for ``--help``.
        open_graph: Parses an RDF file (format from its extension) into a Dataset.
        open_store: Opens an on-disk Oxigraph store (``writable`` for updates), or
            ``None`` when the engine cannot read stores.
    """

    name: str
    description: str
    open_graph: Callable[[Path], Dataset]
    open_store: Callable[[Path, bool], Dataset] | None = None


_REGISTRY: dict[str, Engine] = {}


def register_engine(engine: Engine) -> Engine:
    """Add ``engine`` to the registry (a later registration replaces an earlier one)."""
    _REGISTRY[engine.name] = engine
    return engine


def _ensure_builtins() -> None:
    for module in _BUILTIN_MODULES:
        importlib.import_module(f"{__package__}.{module}")


def engines() -> tuple[Engine, ...]:
    """Return every registered engine, the default first.

    >>> [e.name for e in engines()]
    ['oxigraph', 'rdflib']
    """
    _ensure_builtins()
    return tuple(sorted(_REGISTRY.values(), key=lambda e: (e.name != DEFAULT_ENGINE, e.name)))


def get_engine(name: str) -> Engine:
    """Return the engine registered as ``name``.

    Raises:
        QueryError: no engine has that name; the message lists the valid ones.
    """
    _ensure_builtins()
    engine = _REGISTRY.get(name.strip().lower())
    if engine is None:
        raise QueryError(
            f"unknown SPARQL engine {name!r}; valid engines are: {', '.join(sorted(_REGISTRY))}"
        )
    return engine


class _Closing:
    """Context-manager wrapper so ``with open_dataset(...) as ds:`` closes the dataset."""

    def __init__(self, dataset: Dataset) -> None:
        self._dataset = dataset

    def query(self, query: str, *, max_results: int | None = None) -> QueryResult:
        return self._dataset.query(query, max_results=max_results)

    def update(self, update: str) -> None:
        self._dataset.update(update)

    def close(self) -> None:
        self._dataset.close()

    def __enter__(self) -> _Closing:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def open_dataset(
    *,
    graph: str | Path | None = None,
    store: str | Path | None = None,
    engine: str = DEFAULT_ENGINE,
    writable: bool = False,
) -> _Closing:
    """Open a graph file or an on-disk store with ``engine``, ready for many queries.

    Exactly one of ``graph`` and ``store`` is given. A graph file is parsed in memory
    and never written; a store is opened read-only unless ``writable``.

    Raises:
        QueryError: both or neither source given, or the engine cannot read a store.
        InputError: the graph file or store is missing or unreadable.
    """
    if (graph is None) == (store is None):
        raise QueryError("give exactly one of a graph file or a store directory")
    chosen = get_engine(engine)
    if graph is not None:
        if writable:
            raise QueryError(
                f"{graph}: a graph file is never modified; load it into a store "
                "(kgraph build --store DIR) and update that"
            )
        return _Closing(chosen.open_graph(Path(graph)))
    if chosen.open_store is None:
        raise QueryError(
            f"engine {chosen.name!r} reads graph files only; use --graph FILE or --engine oxigraph"
        )
    return _Closing(chosen.open_store(Path(store), writable))  # type: ignore[arg-type]
