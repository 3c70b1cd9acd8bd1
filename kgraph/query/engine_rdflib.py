"""The rdflib engine: pure Python, slower, an independent second opinion on every answer."""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

from ..errors import InputError, QueryError
from .engines import Engine, register_engine
from .result import (
    IRI,
    XSD_STRING,
    BlankNode,
    Literal,
    QueryResult,
    ResultLimitExceeded,
    Term,
    Triple,
)
from .syntax import PREFIXES, QuerySyntaxError, undeclared_prefix_error

__all__ = ["RdflibDataset", "from_rdflib"]

_RDFLIB_FORMATS = {".ttl": "turtle", ".nt": "nt", ".nq": "nquads", ".trig": "trig"}
_QUAD_FORMATS = frozenset({"nquads", "trig"})
_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


def from_rdflib(term: Any) -> Term:
    """Convert an rdflib term into kgraph's typed term (plain literals are xsd:string)."""
    import rdflib

    if isinstance(term, rdflib.URIRef):
        return IRI(str(term))
    if isinstance(term, rdflib.BNode):
        return BlankNode(str(term))
    if isinstance(term, rdflib.Literal):
        if term.language:
            return Literal(str(term), _LANG_STRING, term.language)
        return Literal(str(term), str(term.datatype) if term.datatype else XSD_STRING)
    raise QueryError(f"unsupported RDF term in a result: {term!r}")


def _limit(count: int, limit: int | None, what: str) -> None:
    if limit is not None and count > limit:
        raise ResultLimitExceeded(
            f"the result has more than {limit} {what} (the result-size limit); "
            "add LIMIT to the query or raise the limit"
        )


class RdflibDataset:
    """An rdflib Graph (or union Dataset for quad formats) answering queries."""

    def __init__(self, graph: Any) -> None:
        self._graph = graph

    def query(self, query: str, *, max_results: int | None = None) -> QueryResult:
        """Run ``query``; see :class:`kgraph.query.engines.Dataset`."""
        from pyparsing import ParseBaseException
        from rdflib.plugins.sparql import prepareQuery

        try:
            prepared = prepareQuery(query, initNs=PREFIXES)
        except ParseBaseException as err:
            raise QuerySyntaxError(err.msg, line=err.lineno, column=err.col) from err
        except Exception as err:  # rdflib raises a bare Exception for an unknown prefix
            located = undeclared_prefix_error(query) if "prefix" in str(err) else None
            raise (located or QuerySyntaxError(str(err))) from err
        try:
            answer = self._graph.query(prepared)
            if answer.type == "ASK":
                return QueryResult(kind="ask", boolean=bool(answer.askAnswer))
            if answer.type == "SELECT":
                variables = tuple(str(v) for v in answer.vars)
                rows = []
                for row in answer:
                    rows.append(tuple(None if t is None else from_rdflib(t) for t in row))
                    _limit(len(rows), max_results, "rows")
                return QueryResult(kind="select", variables=variables, rows=tuple(rows))
            triples = []
            for s, p, o in answer.graph:
                triples.append(Triple(from_rdflib(s), from_rdflib(p), from_rdflib(o)))  # type: ignore[arg-type]
                _limit(len(triples), max_results, "triples")
            return QueryResult(kind="graph", triples=tuple(triples))
        except QueryError:
            raise
        except Exception as err:  # rdflib's evaluator has no error hierarchy of its own
            raise QueryError(f"query evaluation failed: {err}") from err

    def update(self, update: str) -> None:
        """Never: rdflib datasets here are parsed from files, which stay unmodified."""
        raise QueryError("the rdflib engine reads graph files, which are never modified")

    def close(self) -> None:
        """Drop the graph."""
        self._graph = None


def _open_graph(path: Path) -> RdflibDataset:
    import rdflib

    fmt = _RDFLIB_FORMATS.get(path.suffix.lower())
    if fmt is None:
        valid = ", ".join(sorted(_RDFLIB_FORMATS))
        raise InputError(f"{path}: unknown RDF file extension; valid extensions are: {valid}")
    graph = rdflib.Graph()
    try:
        with open(path, "rb") as handle, warnings.catch_warnings():
            if fmt in _QUAD_FORMATS:
                # Queries see the union of the graphs (as with Oxigraph), so the quads
                # are flattened into one Graph; rdflib 7's Dataset.parse and Dataset
                # queries call its own deprecated default_context, hence the filter.
                warnings.filterwarnings("ignore", "Dataset.default_context", DeprecationWarning)
                warnings.filterwarnings(
                    "ignore", "ConjunctiveGraph is deprecated", DeprecationWarning
                )
                quads = rdflib.Dataset()
                quads.parse(handle, format=fmt)
                for s, p, o, _ in quads.quads((None, None, None, None)):
                    graph.add((s, p, o))
            else:
                graph.parse(handle, format=fmt)
    except FileNotFoundError as err:
        raise InputError(f"{path}: no such graph file (build one with kgraph build)") from err
    except OSError as err:
        raise InputError(f"{path}: cannot read the graph: {err}") from err
    except Exception as err:  # rdflib parsers raise assorted exception types
        raise InputError(f"{path}: not valid RDF: {err}") from err
    return RdflibDataset(graph)


register_engine(
    Engine(
        name="rdflib",
        description="rdflib (pure Python): slower; reads graph files only",
        open_graph=_open_graph,
    )
)
