"""The Oxigraph engine (the default): pyoxigraph in memory for files, on disk for stores."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..errors import InputError, QueryError
from .engines import Engine, register_engine
from .result import IRI, BlankNode, Literal, QueryResult, ResultLimitExceeded, Term, Triple
from .store import open_store, rdf_format
from .syntax import PREFIXES, oxigraph_syntax_error

__all__ = ["OxigraphDataset", "from_oxigraph"]


def from_oxigraph(term: Any) -> Term:
    """Convert a pyoxigraph term into kgraph's typed term.

    Raises:
        QueryError: the term is an RDF-star quoted triple (not supported).
    """
    import pyoxigraph as ox

    if isinstance(term, ox.NamedNode):
        return IRI(term.value)
    if isinstance(term, ox.Literal):
        return Literal(term.value, term.datatype.value, term.language)
    if isinstance(term, ox.BlankNode):
        return BlankNode(term.value)
    raise QueryError(f"unsupported RDF term in a result: {term!r}")


def _check_limit(count: int, limit: int | None, what: str) -> None:
    if limit is not None and count > limit:
        raise ResultLimitExceeded(
            f"the result has more than {limit} {what} (the result-size limit); "
            "add LIMIT to the query or raise the limit"
        )


class OxigraphDataset:
    """A pyoxigraph ``Store`` answering queries; the default graph is the union of graphs."""

    def __init__(self, store: Any, *, writable: bool = False) -> None:
        self._store = store
        self._writable = writable

    @property
    def store(self) -> Any:
        """The underlying ``pyoxigraph.Store``."""
        return self._store

    def query(self, query: str, *, max_results: int | None = None) -> QueryResult:
        """Run ``query``; see :class:`kgraph.query.engines.Dataset`."""
        import pyoxigraph as ox

        try:
            answer = self._store.query(query, prefixes=PREFIXES, use_default_graph_as_union=True)
            if isinstance(answer, ox.QueryBoolean):
                return QueryResult(kind="ask", boolean=bool(answer))
            if isinstance(answer, ox.QuerySolutions):
                variables = tuple(v.value for v in answer.variables)
                rows = []
                for solution in answer:
                    rows.append(
                        tuple(
                            None if (t := solution[v]) is None else from_oxigraph(t)
                            for v in variables
                        )
                    )
                    _check_limit(len(rows), max_results, "rows")
                return QueryResult(kind="select", variables=variables, rows=tuple(rows))
            triples = []
            for triple in answer:
                triples.append(
                    Triple(
                        from_oxigraph(triple.subject),  # type: ignore[arg-type]
                        from_oxigraph(triple.predicate),  # type: ignore[arg-type]
                        from_oxigraph(triple.object),
                    )
                )
                _check_limit(len(triples), max_results, "triples")
            return QueryResult(kind="graph", triples=tuple(triples))
        except SyntaxError as err:
            raise oxigraph_syntax_error(err, query) from err
        except (OSError, RuntimeError, ValueError, TypeError) as err:
            raise QueryError(f"query evaluation failed: {err}") from err

    def update(self, update: str) -> None:
        """Apply ``update`` to a store opened writable."""
        if not self._writable:
            raise QueryError("this dataset is read-only; SPARQL Update refused")
        try:
            self._store.update(update, prefixes=PREFIXES)
            self._store.flush()
        except SyntaxError as err:
            raise oxigraph_syntax_error(err, update) from err
        except (OSError, RuntimeError, ValueError) as err:
            raise QueryError(f"update failed: {err}") from err

    def close(self) -> None:
        """Drop the store handle (RocksDB closes when the object is freed)."""
        self._store = None


def _open_graph(path: Path) -> OxigraphDataset:
    import pyoxigraph as ox

    fmt = rdf_format(path)
    store = ox.Store()
    try:
        store.bulk_load(path=str(path), format=fmt)
    except FileNotFoundError as err:
        raise InputError(f"{path}: no such graph file (build one with kgraph build)") from err
    except SyntaxError as err:
        raise InputError(f"{path}: not valid RDF: {err}") from err
    except OSError as err:
        raise InputError(f"{path}: cannot read the graph: {err}") from err
    return OxigraphDataset(store)


def _open_store(path: Path, writable: bool) -> OxigraphDataset:
    return OxigraphDataset(open_store(path, writable=writable), writable=writable)


register_engine(
    Engine(
        name="oxigraph",
        description="pyoxigraph (Rust): fast; reads graph files and on-disk stores",
        open_graph=_open_graph,
        open_store=_open_store,
    )
)
