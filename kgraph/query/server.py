"""A read-only SPARQL 1.1 Protocol endpoint at ``/sparql``, as a WSGI application.

The HTTP layer is the standard library's ``wsgiref`` server (threaded): no request
parsing of our own. Queries run in a :class:`~kgraph.query.worker.WorkerPool` of child
processes, so a query past its time limit is killed while the server keeps answering.
A ``--graph`` file is first loaded into a temporary on-disk store, which every worker
opens read-only; a ``--store`` is opened read-only directly. Update requests (the
``update`` form field, ``application/sparql-update``, or update text sent as a query)
are refused with 403 and never reach a writable store; so are ``SERVICE`` clauses,
which would make the server send HTTP requests on a client's behalf.

Status codes: 400 malformed request or query, 403 update refused, 404 unknown path,
405 method, 406 no acceptable result format, 413 request too large, 415 unknown
request content type, 422 result larger than the limit, 503 query timed out.
"""

from __future__ import annotations

import logging
import shutil
import socket
import socketserver
import tempfile
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer

from ..errors import KGraphError, QueryError
from .formats import ResultFormat, format_result, get_format
from .result import QueryResult, ResultKind, ResultLimitExceeded
from .store import load_store
from .syntax import QuerySyntaxError, query_form, uses_service
from .worker import DatasetSpec, QueryTimeout, WorkerDied, WorkerPool

__all__ = [
    "DEFAULT_HOST",
    "DEFAULT_MAX_RESULTS",
    "DEFAULT_PORT",
    "DEFAULT_TIMEOUT",
    "SparqlApp",
    "SparqlServer",
    "make_server",
]

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 7878
DEFAULT_TIMEOUT = 30.0
DEFAULT_MAX_RESULTS = 100_000
MAX_REQUEST_BYTES = 1 << 20
_UPDATE_REFUSED = "SPARQL Update refused: this endpoint is read-only"

_log = logging.getLogger(__name__)

#: Formats offered per result kind, the default (for ``*/*`` or no Accept) first.
_OFFERS: dict[ResultKind, tuple[str, ...]] = {
    "select": ("json", "xml", "csv", "tsv"),
    "ask": ("json", "xml"),
    "graph": ("ttl", "nt"),
}
_FORM_KIND: dict[str, ResultKind] = {
    "select": "select",
    "ask": "ask",
    "construct": "graph",
    "describe": "graph",
}

Runner = Callable[..., QueryResult]
StartResponse = Callable[[str, list[tuple[str, str]]], Any]


class _HttpError(Exception):
    def __init__(self, status: str, message: str) -> None:
        super().__init__(message)
        self.status = status


def _accepted(header: str) -> list[tuple[str, float, int]]:
    """Parse an Accept header into (media range, quality, order)."""
    ranges = []
    for order, part in enumerate(header.split(",")):
        fields = [f.strip() for f in part.split(";")]
        if not fields[0]:
            continue
        quality = 1.0
        for param in fields[1:]:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        ranges.append((fields[0].lower(), quality, order))
    return ranges


def negotiate(accept: str | None, kind: ResultKind) -> ResultFormat:
    """Choose the result format for ``kind`` that the ``Accept`` header prefers.

    Raises:
        QueryError: no offered format is acceptable.

    >>> negotiate("text/csv;q=0.5, application/sparql-results+xml", "select").name
    'xml'
    >>> negotiate(None, "graph").name
    'ttl'
    """
    offers = [get_format(name) for name in _OFFERS[kind]]
    if not accept or not accept.strip():
        return offers[0]
    best: tuple[float, int, int, int] | None = None
    chosen: ResultFormat | None = None
    for rank, fmt in enumerate(offers):
        types = (fmt.media_type, *fmt.aliases)
        for media_range, quality, order in _accepted(accept):
            if media_range in types:
                specificity = 2
            elif media_range == "*/*" or (
                media_range.endswith("/*") and fmt.media_type.startswith(media_range[:-1])
            ):
                specificity = 0 if media_range == "*/*" else 1
            else:
                continue
            if quality <= 0:
                continue
            key = (quality, specificity, -order, -rank)
            if best is None or key > best:
                best, chosen = key, fmt
    if chosen is None:
        valid = ", ".join(f.media_type for f in offers)
        raise QueryError(f"no acceptable format for this result; this endpoint offers: {valid}")
    return chosen


@dataclass
class SparqlApp:
    """The WSGI application: SPARQL 1.1 Protocol queries at ``/sparql``, read-only.

    Attributes:
        run: Runs a query: ``run(query, timeout=…, max_results=…) -> QueryResult``
            (normally :meth:`WorkerPool.query`).
        timeout: Seconds a query may run.
        max_results: Largest number of rows or triples returned.
    """

    run: Runner
    timeout: float | None = DEFAULT_TIMEOUT
    max_results: int | None = DEFAULT_MAX_RESULTS
    path: str = "/sparql"

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        """Answer one request."""
        try:
            status, content_type, body = self._handle(environ)
        except _HttpError as err:
            status, content_type, body = err.status, "text/plain", f"{err}\n".encode()
        headers = [
            ("Content-Type", f"{content_type}; charset=utf-8"),
            ("Content-Length", str(len(body))),
            ("Vary", "Accept"),
        ]
        if status.startswith("405"):
            headers.append(("Allow", "GET, POST"))
        start_response(status, headers)
        return [body]

    def _handle(self, environ: dict[str, Any]) -> tuple[str, str, bytes]:
        if environ.get("PATH_INFO", "") != self.path:
            raise _HttpError("404 Not Found", f"no such resource; the endpoint is {self.path}")
        method = environ.get("REQUEST_METHOD", "GET")
        if method not in {"GET", "POST"}:
            raise _HttpError("405 Method Not Allowed", f"{method} not allowed; use GET or POST")
        query = self._read_query(environ, method)
        try:
            form = query_form(query)
        except QuerySyntaxError as err:
            raise _HttpError("400 Bad Request", str(err)) from err
        if form == "update":
            raise _HttpError("403 Forbidden", _UPDATE_REFUSED)
        if uses_service(query):
            # The endpoint must not make HTTP requests on a client's behalf.
            raise _HttpError("403 Forbidden", "SERVICE (federated query) is disabled here")
        try:
            fmt = negotiate(environ.get("HTTP_ACCEPT"), _FORM_KIND[form])
        except QueryError as err:
            raise _HttpError("406 Not Acceptable", str(err)) from err
        try:
            result = self.run(query, timeout=self.timeout, max_results=self.max_results)
        except QueryTimeout as err:
            raise _HttpError("503 Service Unavailable", str(err)) from err
        except ResultLimitExceeded as err:
            raise _HttpError("422 Unprocessable Content", str(err)) from err
        except WorkerDied as err:
            raise _HttpError("500 Internal Server Error", str(err)) from err
        except QueryError as err:
            raise _HttpError("400 Bad Request", str(err)) from err
        except KGraphError as err:
            raise _HttpError("500 Internal Server Error", str(err)) from err
        return "200 OK", fmt.media_type, format_result(result, fmt)

    def _read_query(self, environ: dict[str, Any], method: str) -> str:
        params = parse_qs(environ.get("QUERY_STRING", ""), keep_blank_values=True)
        if method == "POST":
            content_type = environ.get("CONTENT_TYPE", "").split(";")[0].strip().lower()
            body = self._read_body(environ)
            if content_type == "application/sparql-update":
                raise _HttpError("403 Forbidden", _UPDATE_REFUSED)
            if content_type == "application/x-www-form-urlencoded":
                form = parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True)
                params = {**params, **form}
            elif content_type == "application/sparql-query":
                try:
                    params = {**params, "query": [body.decode("utf-8")]}
                except UnicodeDecodeError as err:
                    raise _HttpError("400 Bad Request", "the query is not valid UTF-8") from err
            else:
                raise _HttpError(
                    "415 Unsupported Media Type",
                    "POST a query as application/sparql-query or application/x-www-form-urlencoded",
                )
        if "update" in params:
            raise _HttpError("403 Forbidden", _UPDATE_REFUSED)
        for name in ("default-graph-uri", "named-graph-uri"):
            if name in params:
                raise _HttpError("400 Bad Request", f"{name} is not supported by this endpoint")
        queries: list[str] = params.get("query", [])
        if len(queries) != 1 or not queries[0].strip():
            raise _HttpError("400 Bad Request", "give exactly one non-empty query parameter")
        return queries[0]

    @staticmethod
    def _read_body(environ: dict[str, Any]) -> bytes:
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError as err:
            raise _HttpError("400 Bad Request", "invalid Content-Length") from err
        if length > MAX_REQUEST_BYTES:
            raise _HttpError(
                "413 Content Too Large", f"request body over {MAX_REQUEST_BYTES} bytes"
            )
        data: bytes = environ["wsgi.input"].read(length) if length > 0 else b""
        return data


class _ThreadingServer(socketserver.ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _ThreadingServer6(_ThreadingServer):
    address_family = socket.AF_INET6


class _LoggingHandler(WSGIRequestHandler):
    """Request log lines go to logging, never straight to stderr."""

    def log_message(self, format: str, *args: Any) -> None:
        _log.info("%s %s", self.address_string(), format % args)


class SparqlServer:
    """A running endpoint: the HTTP server, its worker pool and any temporary store."""

    def __init__(
        self, httpd: WSGIServer, pool: WorkerPool, temp_dir: Path | None, path: str
    ) -> None:
        self.httpd = httpd
        self.pool = pool
        self._temp_dir = temp_dir
        self._path = path
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        """The bound port (useful when asked for port 0)."""
        port: int = self.httpd.server_address[1]
        return port

    @property
    def url(self) -> str:
        """The endpoint's URL."""
        address = self.httpd.server_address[0]
        host = address.decode() if isinstance(address, bytes) else str(address)
        host = f"[{host}]" if ":" in host else host
        return f"http://{host}:{self.port}{self._path}"

    def serve_forever(self) -> None:
        """Serve until :meth:`shutdown` (from another thread) or KeyboardInterrupt."""
        self.httpd.serve_forever(poll_interval=0.2)

    def start(self) -> None:
        """Serve in a background thread."""
        self._thread = threading.Thread(
            target=self.serve_forever, name="kgraph-sparql", daemon=True
        )
        self._thread.start()

    def close(self) -> None:
        """Stop serving, stop the workers, remove the temporary store."""
        if self._thread is not None:
            self.httpd.shutdown()
            self._thread.join()
        self.httpd.server_close()
        self.pool.close()
        if self._temp_dir is not None:
            shutil.rmtree(self._temp_dir, ignore_errors=True)

    def __enter__(self) -> SparqlServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def make_server(
    *,
    graph: str | Path | None = None,
    store: str | Path | None = None,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    timeout: float | None = DEFAULT_TIMEOUT,
    max_results: int | None = DEFAULT_MAX_RESULTS,
    workers: int = 2,
) -> SparqlServer:
    """Open the data and bind the endpoint (not yet serving: call ``serve_forever``).

    Raises:
        QueryError: both or neither of ``graph`` and ``store``; bad limits; the
            address cannot be bound.
        InputError: the graph file or store is missing or invalid.
    """
    if (graph is None) == (store is None):
        raise QueryError("give exactly one of a graph file or a store directory")
    if timeout is not None and timeout <= 0:
        raise QueryError(f"the timeout must be a positive number of seconds, not {timeout}")
    if max_results is not None and max_results < 1:
        raise QueryError(f"the result-size limit must be at least 1, not {max_results}")
    temp_dir: Path | None = None
    if graph is not None:
        temp_dir = Path(tempfile.mkdtemp(prefix="kgraph-serve-"))
        try:
            store = load_store(graph, temp_dir / "store")
        except BaseException:
            shutil.rmtree(temp_dir, ignore_errors=True)
            raise
    try:
        pool = WorkerPool(DatasetSpec.of(graph=None, store=store, engine="oxigraph"), size=workers)
    except BaseException:
        if temp_dir is not None:
            shutil.rmtree(temp_dir, ignore_errors=True)
        raise
    app = SparqlApp(pool.query, timeout=timeout, max_results=max_results)
    server_class = _ThreadingServer6 if ":" in host else _ThreadingServer
    try:
        httpd = server_class((host, port), _LoggingHandler)
    except OSError as err:
        pool.close()
        if temp_dir is not None:
            shutil.rmtree(temp_dir, ignore_errors=True)
        raise QueryError(f"cannot listen on {host}:{port}: {err.strerror or err}") from err
    httpd.set_app(app)
    return SparqlServer(httpd, pool, temp_dir, app.path)
