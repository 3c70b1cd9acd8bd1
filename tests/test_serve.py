"""kgraph serve: the SPARQL 1.1 Protocol over real HTTP, read-only, with limits."""

from __future__ import annotations

import csv
import io
import json
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph
import pytest

from kgraph.query.server import DEFAULT_HOST, SparqlServer, make_server, negotiate

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "tests" / "data" / "contract_sample.ttl"
TIMEOUT = 1.5
PERSONS = "SELECT ?p ?name WHERE { ?p a schema:Person ; rdfs:label ?name } ORDER BY ?name"
CARTESIAN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


@pytest.fixture(scope="module")
def server() -> Iterator[SparqlServer]:
    srv = make_server(graph=SAMPLE, port=0, timeout=TIMEOUT, max_results=100, workers=2)
    srv.start()
    yield srv
    srv.close()


def request(
    srv: SparqlServer,
    *,
    query: str | None = None,
    accept: str | None = None,
    method: str = "GET",
    body: bytes | None = None,
    content_type: str | None = None,
    params: dict[str, str] | None = None,
    path: str | None = None,
) -> tuple[int, str, bytes]:
    """Send one request with urllib; return (status, content type, body)."""
    fields = dict(params or {})
    if query is not None:
        fields["query"] = query
    url = srv.url if path is None else srv.url.replace("/sparql", path)
    if fields:
        url += "?" + urllib.parse.urlencode(fields)
    headers = {}
    if accept:
        headers["Accept"] = accept
    if content_type:
        headers["Content-Type"] = content_type
    req = urllib.request.Request(url, data=body, headers=headers, method=method)
    try:
        with urllib.request.urlopen(req, timeout=30) as response:
            return response.status, response.headers["Content-Type"], response.read()
    except urllib.error.HTTPError as err:
        with err:
            return err.code, err.headers["Content-Type"], err.read()


def _names(data: bytes, fmt: pyoxigraph.QueryResultsFormat) -> list[str]:
    return [s["name"].value for s in pyoxigraph.parse_query_results(data, fmt)]


@pytest.mark.parametrize(("accept", "fmt"), [
    ("application/sparql-results+json", pyoxigraph.QueryResultsFormat.JSON),
    ("application/sparql-results+xml", pyoxigraph.QueryResultsFormat.XML),
    ("text/tab-separated-values", pyoxigraph.QueryResultsFormat.TSV),
])  # fmt: skip
def test_select_in_each_sparql_results_format(
    server: SparqlServer, accept: str, fmt: pyoxigraph.QueryResultsFormat
) -> None:
    status, content_type, body = request(server, query=PERSONS, accept=accept)
    assert status == 200
    assert content_type == f"{accept}; charset=utf-8"
    assert _names(body, fmt) == ["Lei Jun", "Satya Nadella"]


def test_select_as_csv(server: SparqlServer) -> None:
    status, content_type, body = request(server, query=PERSONS, accept="text/csv")
    assert (status, content_type) == (200, "text/csv; charset=utf-8")
    rows = list(csv.reader(io.StringIO(body.decode(), newline="")))
    assert rows[0] == ["p", "name"] and [r[1] for r in rows[1:]] == ["Lei Jun", "Satya Nadella"]


def test_default_and_weighted_negotiation(server: SparqlServer) -> None:
    for accept in (None, "*/*", "text/html, */*;q=0.1"):
        status, content_type, _ = request(server, query=PERSONS, accept=accept)
        assert (status, content_type) == (200, "application/sparql-results+json; charset=utf-8")
    accept = "text/csv;q=0.5, application/sparql-results+xml;q=0.9"
    assert request(server, query=PERSONS, accept=accept)[1].startswith(
        "application/sparql-results+xml"
    )
    assert negotiate("text/*", "select").name == "csv"


def test_post_form_and_post_sparql_query(server: SparqlServer) -> None:
    form = urllib.parse.urlencode({"query": PERSONS}).encode()
    status, _, body = request(
        server, method="POST", body=form, content_type="application/x-www-form-urlencoded"
    )
    assert status == 200
    assert _names(body, pyoxigraph.QueryResultsFormat.JSON) == ["Lei Jun", "Satya Nadella"]
    status, _, body = request(
        server, method="POST", body=PERSONS.encode(), content_type="application/sparql-query"
    )
    assert status == 200
    assert _names(body, pyoxigraph.QueryResultsFormat.JSON) == ["Lei Jun", "Satya Nadella"]


@pytest.mark.parametrize(("accept", "fmt"), [
    ("text/turtle", pyoxigraph.RdfFormat.TURTLE),
    ("application/n-triples", pyoxigraph.RdfFormat.N_TRIPLES),
])  # fmt: skip
def test_construct_and_describe_as_rdf(
    server: SparqlServer, accept: str, fmt: pyoxigraph.RdfFormat
) -> None:
    status, content_type, body = request(
        server, query="CONSTRUCT WHERE { ?p kg:ceo_of ?o }", accept=accept
    )
    assert (status, content_type) == (200, f"{accept}; charset=utf-8")
    assert len(list(pyoxigraph.parse(body, fmt))) == 2
    wuhan = "<https://w3id.org/kgraph/id/entity/wuhan>"
    status, _, body = request(server, query=f"DESCRIBE {wuhan}", accept=accept)
    assert status == 200 and b'"Wuhan"' in body


def test_ask(server: SparqlServer) -> None:
    status, _, body = request(server, query="ASK { ?x kg:founder_of ?y }")
    assert status == 200 and json.loads(body) == {"head": {}, "boolean": True}


def test_updates_are_refused_and_change_nothing(server: SparqlServer) -> None:
    before = request(server, query=COUNT)[2]
    insert = "INSERT DATA { <http://e/x> kg:partner_of <http://e/y> }"
    attempts = [
        request(server, method="POST", body=urllib.parse.urlencode({"update": insert}).encode(),
                content_type="application/x-www-form-urlencoded"),
        request(server, method="POST", body=insert.encode(),
                content_type="application/sparql-update"),
        request(server, params={"update": insert}),
        request(server, query=insert),  # update text sent as a query
        request(server, query="DROP ALL"),
    ]  # fmt: skip
    for status, _, body in attempts:
        assert status == 403 and b"read-only" in body
    assert request(server, query=COUNT)[2] == before
    assert (
        json.loads(request(server, query="ASK { ?x kg:partner_of <http://e/y> }")[2])["boolean"]
        is False
    )


def test_a_pathological_query_times_out_and_the_server_keeps_answering(
    server: SparqlServer,
) -> None:
    answered: list[tuple[int, float]] = []

    def meanwhile() -> None:
        time.sleep(0.3)  # while the cartesian product runs on the other worker
        start = time.monotonic()
        answered.append((request(server, query=PERSONS)[0], time.monotonic() - start))

    helper = threading.Thread(target=meanwhile)
    helper.start()
    start = time.monotonic()
    status, content_type, body = request(server, query=CARTESIAN)
    elapsed = time.monotonic() - start
    helper.join()
    assert status == 503
    assert content_type.startswith("text/plain")
    assert f"query stopped after {TIMEOUT:g} s (the time limit)" in body.decode()
    assert TIMEOUT <= elapsed < TIMEOUT + 5
    assert answered[0][0] == 200 and answered[0][1] < TIMEOUT
    # And afterwards, including on the restarted worker, every query is answered.
    for _ in range(4):
        assert request(server, query=PERSONS)[0] == 200


def test_result_size_limit(server: SparqlServer) -> None:
    status, _, body = request(server, query="SELECT * WHERE { ?s ?p ?o }")
    assert status == 422
    assert b"more than 100 rows (the result-size limit)" in body
    assert request(server, query="SELECT * WHERE { ?s ?p ?o } LIMIT 100")[0] == 200


def test_client_errors(server: SparqlServer) -> None:
    status, _, body = request(server, query="SELECT ?s\nWHERE {\n  ?s nope:p ?o }")
    assert status == 400 and b"line 3, column 6: unknown prefix 'nope:'" in body
    assert request(server, query=PERSONS, accept="image/png")[0] == 406
    assert request(server, query="CONSTRUCT WHERE { ?s ?p ?o }", accept="text/csv")[0] == 406
    assert request(server, query=PERSONS, path="/other")[0] == 404
    assert request(server, query=PERSONS, method="PUT", body=b"")[0] == 405
    assert request(server, method="POST", body=b"x", content_type="text/plain")[0] == 415
    assert request(server)[0] == 400  # no query at all
    dataset = {"default-graph-uri": "http://e/g"}
    assert request(server, query=PERSONS, params=dataset)[0] == 400


def test_loopback_by_default_and_temporary_store_removed() -> None:
    assert DEFAULT_HOST == "127.0.0.1"
    srv = make_server(graph=SAMPLE, port=0, workers=1)
    temp = srv._temp_dir
    try:
        assert srv.httpd.server_address[0] == "127.0.0.1"
        assert temp is not None and temp.exists()
    finally:
        srv.close()
    assert not temp.exists()


def test_kgraph_serve_command(tmp_path: Path) -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "kgraph", "serve", "--graph", str(SAMPLE), "--port", "0",
         "--workers", "1", "--timeout", "5"],
        stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert process.stderr is not None
        line = process.stderr.readline()
        match = re.search(r"read-only SPARQL endpoint at (http://127\.0\.0\.1:\d+/sparql)", line)
        assert match, line
        url = match.group(1) + "?" + urllib.parse.urlencode({"query": "ASK { ?s ?p ?o }"})
        with urllib.request.urlopen(url, timeout=30) as response:
            assert json.loads(response.read())["boolean"] is True
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=20) == 0
        assert "Traceback" not in process.stderr.read()
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        if process.stderr is not None:
            process.stderr.close()


def test_serving_a_store_reads_it_without_the_graph_file(tmp_path: Path) -> None:
    from kgraph.query import load_store

    graph = tmp_path / "graph.ttl"
    graph.write_bytes(SAMPLE.read_bytes())
    store = load_store(graph, tmp_path / "store")
    graph.unlink()
    with make_server(store=store, port=0, workers=1) as srv:
        srv.start()
        status, _, body = request(srv, query=PERSONS, accept="text/tab-separated-values")
        assert status == 200
        assert _names(body, pyoxigraph.QueryResultsFormat.TSV) == ["Lei Jun", "Satya Nadella"]
        assert srv._temp_dir is None  # nothing copied


def test_federated_service_calls_are_refused(server: SparqlServer) -> None:
    service = "SELECT * WHERE { SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }"
    status, _, body = request(server, query=service)
    assert status == 403 and b"SERVICE" in body
    # The word elsewhere (a variable, a string) is fine.
    harmless = 'SELECT ?service WHERE { BIND("SERVICE" AS ?service) }'
    assert request(server, query=harmless)[0] == 200
