"""SPARQL over kgraph's RDF exports: queries, the embedded store, the HTTP endpoint.

>>> from kgraph.query import PREFIXES
>>> PREFIXES["schema"]
'http://schema.org/'

Main entry points: :func:`run_query` (one query over a graph file or a store),
:func:`open_dataset` (many queries), :func:`load_store` (build the on-disk Oxigraph
store atomically), :func:`format_result` (tables, SPARQL JSON/XML/CSV/TSV, Turtle),
and :func:`kgraph.query.server.make_server` (the read-only SPARQL endpoint).
"""

from __future__ import annotations

from .engines import DEFAULT_ENGINE, Dataset, Engine, engines, get_engine, open_dataset
from .formats import ResultFormat, format_result, get_format, result_formats, shorten
from .result import (
    IRI,
    BlankNode,
    Literal,
    QueryResult,
    ResultLimitExceeded,
    Term,
    Triple,
)
from .run import run_query, run_update
from .store import load_store, open_store
from .syntax import PREFIXES, QuerySyntaxError, UpdateRefused, query_form, read_query
from .worker import QueryTimeout

__all__ = [
    "DEFAULT_ENGINE",
    "IRI",
    "PREFIXES",
    "BlankNode",
    "Dataset",
    "Engine",
    "Literal",
    "QueryResult",
    "QuerySyntaxError",
    "QueryTimeout",
    "ResultFormat",
    "ResultLimitExceeded",
    "Term",
    "Triple",
    "UpdateRefused",
    "engines",
    "format_result",
    "get_engine",
    "get_format",
    "load_store",
    "open_dataset",
    "open_store",
    "query_form",
    "read_query",
    "result_formats",
    "run_query",
    "run_update",
    "shorten",
]
