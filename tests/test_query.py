"""kgraph query: engines agree, prefixes, syntax errors, formats, limits, read-only."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pyoxigraph
import pytest

from kgraph.cli import main
from kgraph.config import DEFAULT_BASE_IRI, ExportConfig
from kgraph.errors import InputError, QueryError
from kgraph.export.registry import ExportOptions, get_exporter, write_export
from kgraph.graph.knowledge import KnowledgeGraph
from kgraph.query import (
    IRI,
    Literal,
    QueryResult,
    QuerySyntaxError,
    QueryTimeout,
    ResultLimitExceeded,
    UpdateRefused,
    engines,
    format_result,
    query_form,
    result_formats,
    run_query,
)

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "tests" / "data" / "contract_sample.ttl"
QUERIES = sorted((REPO / "queries").glob("*.rq"))
ENGINES = [e.name for e in engines()]
XSD = "http://www.w3.org/2001/XMLSchema#"
NUMERIC = {f"{XSD}{t}" for t in ("integer", "decimal", "double", "float", "long", "int")}
TEMPORAL = {f"{XSD}dateTime", f"{XSD}date"}
KG = "https://w3id.org/kgraph/vocab#"
ENTITY = "https://w3id.org/kgraph/id/entity/"
CARTESIAN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


def _term_key(term: object) -> tuple[str, ...]:
    """A comparable form of a term that ignores engine-specific lexical spellings."""
    if term is None:
        return ("unbound",)
    if isinstance(term, Literal):
        if term.datatype in NUMERIC:
            try:
                return ("number", str(Decimal(term.value).normalize()))
            except InvalidOperation:
                pass
        if term.datatype in TEMPORAL:
            # rdflib re-spells "…Z" as "…+00:00"; compare the instants.
            return ("time", dt.datetime.fromisoformat(term.value).isoformat())
        return ("literal", term.value, term.datatype, term.language or "")
    if isinstance(term, IRI):
        return ("iri", term.value)
    return ("bnode",)  # labels are local to one result


def normalised(result: QueryResult) -> object:
    """The result with order normalised (engines may order ties differently)."""
    if result.kind == "ask":
        return result.boolean
    if result.kind == "select":
        rows = sorted(tuple(_term_key(t) for t in row) for row in result.rows)
        return (result.variables, rows)
    return sorted(
        (_term_key(t.subject), _term_key(t.predicate), _term_key(t.object)) for t in result.triples
    )


@pytest.fixture(scope="module")
def exported_sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The conftest sample graph written by kgraph's own Turtle exporter."""
    from tests.conftest import build_sample_kg

    kg: KnowledgeGraph = build_sample_kg()
    options = ExportOptions(base_iri=DEFAULT_BASE_IRI, export=ExportConfig())
    return write_export(kg, get_exporter("ttl"), tmp_path_factory.mktemp("ttl"), options)


def test_there_are_example_queries_for_every_topic() -> None:
    names = {q.stem for q in QUERIES}
    assert {
        "who_leads_xiaomi",
        "microsoft_partners",
        "fact_evidence",
        "top_entities_by_type",
        "lei_jun_two_hops",
        "facts_by_date",
        "articles_by_publisher_topic",
    } <= names


@pytest.mark.parametrize("query_file", QUERIES, ids=lambda p: p.stem)
def test_every_example_query_gives_the_same_answer_under_every_engine(query_file: Path) -> None:
    text = query_file.read_text(encoding="utf-8")
    results = {e: run_query(text, graph=SAMPLE, engine=e) for e in ENGINES}
    first = results[ENGINES[0]]
    assert len(first) > 0, f"{query_file.name} finds nothing in the contract sample"
    for engine, result in results.items():
        assert normalised(result) == normalised(first), engine


@pytest.mark.parametrize("query_file", QUERIES, ids=lambda p: p.stem)
def test_example_queries_agree_on_the_turtle_exporters_output(
    query_file: Path, exported_sample: Path
) -> None:
    text = query_file.read_text(encoding="utf-8")
    answers = [normalised(run_query(text, graph=exported_sample, engine=e)) for e in ENGINES]
    assert all(a == answers[0] for a in answers)


def _labels(result: QueryResult, variable: str) -> list[str]:
    return sorted(b[variable].value for b in result.bindings() if variable in b)


@pytest.mark.parametrize("engine", ENGINES)
def test_who_leads_xiaomi(engine: str) -> None:
    result = run_query(
        (REPO / "queries/who_leads_xiaomi.rq").read_text(), graph=SAMPLE, engine=engine
    )
    rows = {
        (b["name"].value, b["role"].value, int(b["statements"].value)) for b in result.bindings()
    }
    assert rows == {("Lei Jun", "founder_of", 2), ("Lei Jun", "ceo_of", 1)}


@pytest.mark.parametrize("engine", ENGINES)
def test_microsoft_partners_follow_the_symmetric_relation_both_ways(engine: str) -> None:
    # The sample states "Microsoft partner_of OpenAI" but "Xiaomi/Nvidia partner_of Microsoft".
    text = (REPO / "queries/microsoft_partners.rq").read_text()
    assert _labels(run_query(text, graph=SAMPLE, engine=engine), "name") == [
        "Nvidia",
        "OpenAI",
        "Xiaomi",
    ]


@pytest.mark.parametrize("engine", ENGINES)
def test_fact_evidence_names_sentences_and_source_files(engine: str) -> None:
    result = run_query((REPO / "queries/fact_evidence.rq").read_text(), graph=SAMPLE, engine=engine)
    assert _labels(result, "source") == ["seeds/000_xiaomi.txt", "seeds/001_xiaomi_ai.txt"]
    assert all("Lei Jun" in e for e in _labels(result, "evidence"))
    assert [b["confidence"].value for b in result.bindings()] == ["0.9", "0.85"]  # ORDER BY


@pytest.mark.parametrize("engine", ENGINES)
def test_two_hop_neighbourhood_reaches_past_the_first_hop(engine: str) -> None:
    result = run_query(
        (REPO / "queries/lei_jun_two_hops.rq").read_text(), graph=SAMPLE, engine=engine
    )
    by_distance: dict[int, set[str]] = {}
    for b in result.bindings():
        by_distance.setdefault(int(b["distance"].value), set()).add(b["to"].value)
    assert by_distance == {1: {"Xiaomi"}, 2: {"MiLM", "Beijing", "Microsoft"}}


@pytest.mark.parametrize("engine", ENGINES)
def test_prefixes_are_predeclared_and_a_query_may_redeclare_them(engine: str) -> None:
    short = "SELECT ?p WHERE { ?p a schema:Person }"
    assert len(run_query(short, graph=SAMPLE, engine=engine)) == 2
    # The query's own declaration wins: https://schema.org/ is not the contract's schema:.
    own = "PREFIX schema: <https://schema.org/>\nSELECT ?p WHERE { ?p a schema:Person }"
    assert len(run_query(own, graph=SAMPLE, engine=engine)) == 0
    every = "ASK { ?x a kg:Entity ; rdfs:label ?l ; skos:altLabel ?a . ?s prov:wasDerivedFrom ?d }"
    assert run_query(every, graph=SAMPLE, engine=engine).boolean is True


@pytest.mark.parametrize("engine", ENGINES)
def test_syntax_error_points_at_the_users_line(engine: str) -> None:
    text = "SELECT ?s\nWHERE {\n  ?s ?p ?o FILTR(?o) .\n}\n"
    with pytest.raises(QuerySyntaxError) as info:
        run_query(text, graph=SAMPLE, engine=engine)
    # The pre-declared prefixes are not pasted in front: line 3 is the user's line 3.
    # Each parser reports where it gave up on that line (rdflib: the start of the bad
    # triple; Oxigraph: just past the misspelt keyword).
    assert info.value.line == 3
    assert info.value.column is not None and 3 <= info.value.column <= len("  ?s ?p ?o FILTR(?o) .")
    assert f"at line 3, column {info.value.column}:" in str(info.value)


@pytest.mark.parametrize("engine", ENGINES)
def test_syntax_error_position_is_never_past_the_query(engine: str) -> None:
    text = "SELECT ?s\nWHERE {\n  ?s ?p ?o .\n  ?s ?p ?o ?x .\n}\n\n"
    with pytest.raises(QuerySyntaxError) as info:
        run_query(text, graph=SAMPLE, engine=engine)
    assert info.value.line is not None and 4 <= info.value.line <= 5
    assert "\n" not in str(info.value)


@pytest.mark.parametrize("engine", ENGINES)
def test_unknown_prefix_is_located_exactly(engine: str) -> None:
    text = (
        'PREFIX ex: <http://e/>\nSELECT * WHERE {\n  ?s ex:p "a:b", <http://x/y:z> .\n'
        "  ?s nope:x ?o .\n}"
    )
    with pytest.raises(QuerySyntaxError) as info:
        run_query(text, graph=SAMPLE, engine=engine)
    assert (info.value.line, info.value.column) == (4, 6)
    assert "'nope:'" in str(info.value)


def test_syntax_error_from_a_query_file_names_the_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rq = tmp_path / "bad.rq"
    rq.write_text("SELECT *\nWHERE {\n  ?s nope:p ?o\n}\n")
    assert main(["query", str(rq), "--graph", str(SAMPLE)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1  # one line, no traceback
    assert f"{rq}: SPARQL syntax error at line 3, column 6" in err


def test_query_form_reads_past_prologue_and_comments() -> None:
    assert query_form("# hi\nPREFIX a: <http://a/>\nBASE <http://b/>\n ask {}") == "ask"
    assert query_form("PREFIX a: <http://a/> CONSTRUCT WHERE { ?s ?p ?o }") == "construct"
    assert query_form("describe <http://a/>") == "describe"
    for update in ("INSERT DATA {}", "DELETE WHERE { ?s ?p ?o }", "CLEAR ALL", "LOAD <http://a>"):
        assert query_form(f"PREFIX a: <http://a/>\n{update}") == "update"
    with pytest.raises(QuerySyntaxError) as info:
        query_form("\n\n  SELEKT * {}")
    assert (info.value.line, info.value.column) == (3, 3)


@pytest.mark.parametrize("engine", ENGINES)
def test_construct_and_describe_give_triples(engine: str) -> None:
    construct = "CONSTRUCT { ?p kg:leads ?o } WHERE { ?p kg:ceo_of ?o }"
    result = run_query(construct, graph=SAMPLE, engine=engine)
    assert result.kind == "graph"
    assert {(t.subject.value, t.object.value) for t in result.triples} == {
        (f"{ENTITY}lei-jun", f"{ENTITY}xiaomi"),
        (f"{ENTITY}satya-nadella", f"{ENTITY}microsoft"),
    }
    described = run_query(f"DESCRIBE <{ENTITY}wuhan>", graph=SAMPLE, engine=engine)
    labels = {t.object for t in described.triples if t.predicate.value.endswith("#label")}
    assert labels == {Literal("Wuhan")}


@pytest.mark.parametrize("engine", ENGINES)
def test_ask(engine: str) -> None:
    assert run_query("ASK { ?x kg:ceo_of ?y }", graph=SAMPLE, engine=engine).boolean is True
    assert run_query("ASK { ?x kg:acquires ?y }", graph=SAMPLE, engine=engine).boolean is False


@pytest.mark.parametrize("suffix", [".nt", ".nq", ".trig"])
def test_other_rdf_formats_kgraph_writes_are_read_by_extension(
    suffix: str, exported_sample: Path, tmp_path: Path
) -> None:
    from tests.conftest import build_sample_kg

    exporter = get_exporter(suffix[1:])
    options = ExportOptions(base_iri=DEFAULT_BASE_IRI, export=ExportConfig())
    path = write_export(build_sample_kg(), exporter, tmp_path, options)
    assert path.suffix == suffix
    text = (REPO / "queries/who_leads_xiaomi.rq").read_text()
    expected = normalised(run_query(text, graph=exported_sample))
    for engine in ENGINES:
        assert normalised(run_query(text, graph=path, engine=engine)) == expected


def test_update_is_refused_and_a_graph_file_is_never_modified(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    graph = tmp_path / "graph.ttl"
    graph.write_bytes(SAMPLE.read_bytes())
    before = graph.read_bytes()
    update = "INSERT DATA { <http://e/x> <http://e/p> 1 }"
    with pytest.raises(UpdateRefused):
        run_query(update, graph=graph)
    assert main(["query", update, "--graph", str(graph)]) == 2
    assert "--allow-update" in capsys.readouterr().err
    assert main(["query", update, "--graph", str(graph), "--allow-update"]) == 2
    assert "never modified" in capsys.readouterr().err
    assert graph.read_bytes() == before


def test_max_results_refuses_large_results() -> None:
    with pytest.raises(ResultLimitExceeded, match="more than 5 rows"):
        run_query("SELECT * WHERE { ?s ?p ?o }", graph=SAMPLE, max_results=5)
    assert len(run_query("SELECT * WHERE { ?s ?p ?o } LIMIT 5", graph=SAMPLE, max_results=5)) == 5


def test_a_pathological_query_is_stopped_by_the_timeout() -> None:
    start = time.monotonic()
    with pytest.raises(QueryTimeout, match="1 s"):
        run_query(CARTESIAN, graph=SAMPLE, timeout=1)
    assert time.monotonic() - start < 10
    # A quick query under the same limit still runs (in a fresh worker).
    assert run_query("ASK { ?s ?p ?o }", graph=SAMPLE, timeout=5).boolean is True


def test_missing_graph_is_a_one_line_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(InputError, match="no such graph file"):
        run_query("ASK {}", graph=tmp_path / "none.ttl")
    assert main(["query", "ASK {}", "--graph", str(tmp_path / "none.ttl")]) == 2
    assert capsys.readouterr().err.count("\n") == 1


def test_unknown_engine_and_format_name_the_valid_ones() -> None:
    with pytest.raises(QueryError, match="valid engines are: oxigraph, rdflib"):
        run_query("ASK {}", graph=SAMPLE, engine="jena")
    with pytest.raises(QueryError, match="table"):
        format_result(QueryResult(kind="ask", boolean=True), "yaml")
    with pytest.raises(
        QueryError, match="cannot write an ASK result; use one of: table, json, xml"
    ):
        format_result(QueryResult(kind="ask", boolean=True), "csv")


# --- formats ------------------------------------------------------------------------

HOSTILE = "SELECT ?s ?l ?n WHERE { ?s rdfs:label ?l . OPTIONAL { ?s kg:mentionCount ?n } }"


@pytest.fixture(scope="module")
def hostile_result(exported_sample: Path) -> QueryResult:
    """Labels with quotes, <>, &, tabs, CJK and an unbound column."""
    return run_query(HOSTILE, graph=exported_sample)


@pytest.mark.parametrize(("name", "fmt"), [
    ("json", pyoxigraph.QueryResultsFormat.JSON),
    ("xml", pyoxigraph.QueryResultsFormat.XML),
    ("tsv", pyoxigraph.QueryResultsFormat.TSV),
])  # fmt: skip
def test_sparql_result_formats_parse_in_oxigraph(
    name: str, fmt: pyoxigraph.QueryResultsFormat, hostile_result: QueryResult
) -> None:
    data = format_result(hostile_result, name)
    parsed = pyoxigraph.parse_query_results(data, fmt)
    assert [v.value for v in parsed.variables] == ["s", "l", "n"]
    rows = list(parsed)
    assert len(rows) == len(hostile_result.rows)
    labels = {r["l"].value for r in rows}
    assert 'AT&T <"odd"> 100% \t C#' in labels
    counts = {r["n"] for r in rows if r["n"] is not None}
    assert pyoxigraph.Literal("20", datatype=pyoxigraph.NamedNode(f"{XSD}integer")) in counts
    assert any(r["n"] is None for r in rows)  # predicate IRIs have labels, no counts


def test_json_and_xml_follow_the_w3c_shapes(hostile_result: QueryResult) -> None:
    doc = json.loads(format_result(hostile_result, "json"))
    assert doc["head"]["vars"] == ["s", "l", "n"]
    binding = doc["results"]["bindings"][0]
    assert binding["s"]["type"] == "uri"
    ns = "{http://www.w3.org/2005/sparql-results#}"
    root = ET.fromstring(format_result(hostile_result, "xml"))
    assert [v.get("name") for v in root.iter(f"{ns}variable")] == ["s", "l", "n"]
    ask = ET.fromstring(format_result(QueryResult(kind="ask", boolean=False), "xml"))
    assert ask.find(f"{ns}boolean").text == "false"  # type: ignore[union-attr]


def test_csv_has_plain_values_and_crlf(hostile_result: QueryResult) -> None:
    data = format_result(hostile_result, "csv").decode()
    assert data.startswith("s,l,n\r\n")
    rows = list(csv.reader(io.StringIO(data, newline="")))
    assert ["https://w3id.org/kgraph/id/entity/xiaomi", "Xiaomi", "20"] in rows


def test_table_is_aligned_with_plain_literals_and_short_iris(hostile_result: QueryResult) -> None:
    text = format_result(hostile_result, "table").decode()
    lines = text.splitlines()
    assert lines[0].split() == ["?s", "?l", "?n"]
    assert set(lines[1]) == {"-", " "}
    column_starts = [
        i for i, c in enumerate(lines[1]) if c == "-" and (i == 0 or lines[1][i - 1] == " ")
    ]
    xiaomi = next(line for line in lines if line.startswith("entity:xiaomi "))
    assert xiaomi[column_starts[1] :].startswith("Xiaomi ")
    assert xiaomi[column_starts[2] :] == "20"  # no quotes, no ^^xsd:integer
    assert "kg:founder_of" in text and "<https://w3id.org/kgraph/id/" not in text
    assert "\t" not in text  # tabs inside labels do not break the columns
    assert lines[-1] == f"({len(hostile_result.rows)} rows)"


def test_graph_results_serialise_as_turtle_and_ntriples() -> None:
    result = run_query("CONSTRUCT WHERE { ?p kg:ceo_of ?o }", graph=SAMPLE)
    for name, fmt in (("ttl", pyoxigraph.RdfFormat.TURTLE), ("nt", pyoxigraph.RdfFormat.N_TRIPLES)):
        triples = list(pyoxigraph.parse(format_result(result, name), fmt))
        assert len(triples) == 2
    assert b"kg:ceo_of" in format_result(result, "ttl")
    with pytest.raises(QueryError, match="CONSTRUCT/DESCRIBE result; use one of: table, ttl, nt"):
        format_result(result, "json")
    assert {f.name for f in result_formats("graph")} == {"table", "ttl", "nt"}


# --- the command line ---------------------------------------------------------------


@pytest.mark.parametrize("engine", ENGINES)
def test_cli_runs_a_query_file_under_each_engine(
    engine: str, capsys: pytest.CaptureFixture[str]
) -> None:
    rq = REPO / "queries" / "microsoft_partners.rq"
    code = main(["query", str(rq), "--graph", str(SAMPLE), "--engine", engine, "--format", "csv"])
    assert code == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == "partner,name"
    assert {line.split(",")[1] for line in out.splitlines()[1:]} == {"Nvidia", "OpenAI", "Xiaomi"}


def test_cli_defaults_to_exports_graph_ttl(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "exports").mkdir()
    (tmp_path / "exports" / "graph.ttl").write_bytes(SAMPLE.read_bytes())
    monkeypatch.chdir(tmp_path)
    assert (
        main(["query", "SELECT ?n WHERE { ?p a schema:Person ; rdfs:label ?n } ORDER BY ?n"]) == 0
    )
    assert capsys.readouterr().out.splitlines()[2:4] == ["Lei Jun", "Satya Nadella"]


def test_cli_entry_point_runs_in_a_subprocess() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "kgraph", "query", "ASK { ?s kg:founder_of ?o }", "--graph",
         str(SAMPLE), "--format", "json", "--timeout", "20"],
        capture_output=True, text=True, check=False, timeout=60,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {"head": {}, "boolean": True}
