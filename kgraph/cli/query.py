"""``kgraph query QUERY``: run SPARQL over the Turtle export or an on-disk store."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..errors import QueryError
from ..query import (
    DEFAULT_ENGINE,
    QuerySyntaxError,
    UpdateRefused,
    engines,
    format_result,
    query_form,
    read_query,
    result_formats,
    run_query,
    run_update,
)
from ._base import Command

__all__ = ["COMMAND", "DEFAULT_GRAPH", "add_source_arguments"]

DEFAULT_GRAPH = Path("exports") / "graph.ttl"


def add_source_arguments(parser: argparse.ArgumentParser, *, verb: str) -> None:
    """Add the mutually exclusive ``--graph FILE`` and ``--store DIR`` options."""
    source = parser.add_mutually_exclusive_group()
    source.add_argument(
        "--graph",
        metavar="FILE",
        type=Path,
        help=f"RDF file to {verb}: .ttl, .nt, .nq or .trig (default {DEFAULT_GRAPH})",
    )
    source.add_argument(
        "--store", metavar="DIR", type=Path, help="on-disk store made by kgraph build --store"
    )


def _add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "query",
        metavar="QUERY",
        help="a SPARQL query, or the path of a .rq file; prefixes kg:, schema:, rdf:, "
        "rdfs:, xsd:, owl:, skos:, prov:, dcterms:, wd:, wdt: are pre-declared",
    )
    add_source_arguments(parser, verb="query")
    parser.add_argument(
        "--engine",
        choices=[e.name for e in engines()],
        default=DEFAULT_ENGINE,
        help="; ".join(f"{e.name}: {e.description}" for e in engines()),
    )
    parser.add_argument(
        "--format",
        choices=[f.name for f in result_formats()],
        default="table",
        help="output format (default table: aligned columns, long values cut at 80 "
        "characters; use csv, tsv or json for full values)",
    )
    parser.add_argument("--timeout", metavar="S", type=float, help="stop the query after S seconds")
    parser.add_argument(
        "--max-results", metavar="N", type=int, help="refuse results of more than N rows"
    )
    parser.add_argument(
        "--allow-update",
        action="store_true",
        help="allow a SPARQL Update (INSERT/DELETE/...) against --store; never a graph file",
    )


def _run(args: argparse.Namespace) -> int:
    text = read_query(args.query)
    where = f"{args.query.strip()}: " if text is not args.query else ""
    try:
        form = query_form(text)
        if form == "update":
            return _update(text, args)
        graph = args.graph if args.store is not None or args.graph else DEFAULT_GRAPH
        result = run_query(
            text,
            graph=None if args.store is not None else graph,
            store=args.store,
            engine=args.engine,
            timeout=args.timeout,
            max_results=args.max_results,
        )
    except QuerySyntaxError as err:
        if where:  # name the .rq file the line and column refer to
            raise QueryError(f"{where}{err}") from err
        raise
    sys.stdout.buffer.write(format_result(result, args.format))
    sys.stdout.flush()
    return 0


def _update(text: str, args: argparse.Namespace) -> int:
    if not args.allow_update:
        raise UpdateRefused("SPARQL Update refused; pass --store DIR --allow-update to apply it")
    if args.store is None:
        raise UpdateRefused(
            "SPARQL Update applies to a store only (a graph file is never modified); "
            "load one with kgraph build --store DIR and pass --store DIR"
        )
    run_update(text, store=args.store)
    print(f"kgraph: update applied to {args.store}", file=sys.stderr)
    return 0


COMMAND = Command(
    name="query",
    help="run a SPARQL query over the graph export or a store",
    add_arguments=_add_arguments,
    run=_run,
    order=50,
)
