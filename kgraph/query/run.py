"""Run one SPARQL query or update: the function ``kgraph query`` is a thin layer over."""

from __future__ import annotations

from pathlib import Path

from ..errors import QueryError
from .engines import DEFAULT_ENGINE, open_dataset
from .result import QueryResult
from .syntax import UpdateRefused, query_form
from .worker import DatasetSpec, QueryWorker

__all__ = ["run_query", "run_update"]


def run_query(
    query: str,
    *,
    graph: str | Path | None = None,
    store: str | Path | None = None,
    engine: str = DEFAULT_ENGINE,
    timeout: float | None = None,
    max_results: int | None = None,
) -> QueryResult:
    """Run a SELECT, ASK, CONSTRUCT or DESCRIBE query over a graph file or a store.

    Args:
        query: SPARQL text; the prefixes in :data:`kgraph.query.PREFIXES` are
            pre-declared (a ``PREFIX`` in the query overrides them).
        graph: An RDF file kgraph writes (``.ttl``, ``.nt``, ``.nq``, ``.trig``).
        store: An on-disk store made by :func:`kgraph.query.load_store`.
        engine: ``oxigraph`` (default) or ``rdflib``.
        timeout: Seconds before the query is stopped (runs it in a worker process).
        max_results: Refuse results with more rows or triples than this.

    Raises:
        UpdateRefused: ``query`` is a SPARQL Update (see :func:`run_update`).
        QuerySyntaxError: the query does not parse (with line and column).
        QueryTimeout: the time limit was hit.
        ResultLimitExceeded: the result is larger than ``max_results``.
        QueryError, InputError: bad arguments, missing or unreadable data.

    >>> from pathlib import Path
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     f = Path(tmp) / "g.ttl"
    ...     _ = f.write_text('<http://e/x> a <http://schema.org/Person> .')
    ...     run_query("ASK { ?x a schema:Person }", graph=f).boolean
    True
    """
    if query_form(query) == "update":
        raise UpdateRefused(
            "SPARQL Update refused: queries are read-only; to change a store, "
            "pass --store DIR --allow-update (a graph file is never modified)"
        )
    if timeout is not None and timeout <= 0:
        raise QueryError(f"the timeout must be a positive number of seconds, not {timeout}")
    if timeout is None:
        with open_dataset(graph=graph, store=store, engine=engine) as dataset:
            return dataset.query(query, max_results=max_results)
    # Parse the data in the worker too: only the query itself is timed.
    with QueryWorker(DatasetSpec.of(graph=graph, store=store, engine=engine)) as worker:
        worker.start()
        return worker.query(query, timeout=timeout, max_results=max_results)


def run_update(update: str, *, store: str | Path) -> None:
    """Apply a SPARQL Update to the on-disk store at ``store`` (never to a graph file).

    Raises:
        QueryError: ``update`` is a query, not an update.
        QuerySyntaxError: it does not parse.
        InputError: there is no store at ``store``.
    """
    if query_form(update) != "update":
        raise QueryError("not a SPARQL Update; run queries with run_query")
    with open_dataset(store=store, writable=True) as dataset:
        dataset.update(update)
