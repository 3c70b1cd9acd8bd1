"""``kgraph serve``: a read-only SPARQL 1.1 endpoint at ``http://HOST:PORT/sparql``."""

from __future__ import annotations

import argparse
import ipaddress
import logging
import sys

from ..query.server import (
    DEFAULT_HOST,
    DEFAULT_MAX_RESULTS,
    DEFAULT_PORT,
    DEFAULT_TIMEOUT,
    make_server,
)
from ._base import Command
from .query import DEFAULT_GRAPH, add_source_arguments

__all__ = ["COMMAND"]

_log = logging.getLogger(__name__)


def _add_arguments(parser: argparse.ArgumentParser) -> None:
    add_source_arguments(parser, verb="serve")
    parser.add_argument(
        "--host",
        default=DEFAULT_HOST,
        help=f"address to listen on (default {DEFAULT_HOST}: this machine only)",
    )
    parser.add_argument(
        "--port", type=int, default=DEFAULT_PORT, help=f"port (default {DEFAULT_PORT})"
    )
    parser.add_argument(
        "--timeout",
        metavar="S",
        type=float,
        default=DEFAULT_TIMEOUT,
        help=f"stop a query after S seconds with HTTP 503 (default {DEFAULT_TIMEOUT:g})",
    )
    parser.add_argument(
        "--max-results",
        metavar="N",
        type=int,
        default=DEFAULT_MAX_RESULTS,
        help=f"refuse results of more than N rows or triples with HTTP 422 "
        f"(default {DEFAULT_MAX_RESULTS})",
    )
    parser.add_argument(
        "--workers",
        metavar="N",
        type=int,
        default=2,
        help="query worker processes: queries that can run at once (default 2)",
    )


def _is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


def _run(args: argparse.Namespace) -> int:
    graph = None if args.store is not None else (args.graph or DEFAULT_GRAPH)
    server = make_server(
        graph=graph,
        store=args.store,
        host=args.host,
        port=args.port,
        timeout=args.timeout,
        max_results=args.max_results,
        workers=args.workers,
    )
    if not _is_loopback(args.host):
        _log.warning("listening on %s: anyone who can reach it can query the graph", args.host)
    print(f"kgraph: read-only SPARQL endpoint at {server.url} (Ctrl-C to stop)", file=sys.stderr)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        print("kgraph: endpoint stopped", file=sys.stderr)
    finally:
        server.close()
    return 0


COMMAND = Command(
    name="serve",
    help="serve the graph or a store as a read-only SPARQL endpoint",
    add_arguments=_add_arguments,
    run=_run,
    order=51,
)
