"""The RDF exports (Turtle, N-Triples, N-Quads, TriG) against the export contract.

Each format is parsed by three independent parsers (Oxigraph, rdflib, raptor's
``rapper``) that must agree on the triple/quad count; the contract's shapes are
checked with SPARQL over the Oxigraph parse of ``sample_kg``'s export.
"""

from __future__ import annotations

import dataclasses
import io
import re
import shutil
import subprocess
import warnings
from pathlib import Path
from typing import Any

import networkx as nx
import pyoxigraph
import pytest
import rdflib

from kgraph.config import DEFAULT_BASE_IRI, ExportConfig
from kgraph.errors import ExportError
from kgraph.export.rdf_model import graph_quads, graph_triples
from kgraph.export.registry import ExportOptions, get_exporter, write_export
from kgraph.export.turtle import read_turtle
from kgraph.graph.knowledge import KnowledgeGraph
from kgraph.model import Entity
from kgraph.predicates import BUILTIN_PREDICATES, Predicate

from .conftest import build_sample_kg

OPTIONS = ExportOptions(base_iri=DEFAULT_BASE_IRI, export=ExportConfig())
FORMATS = ["ttl", "nt", "nq", "trig"]
QUAD_FORMATS = {"nq", "trig"}
OX_FORMAT = {
    "ttl": pyoxigraph.RdfFormat.TURTLE,
    "nt": pyoxigraph.RdfFormat.N_TRIPLES,
    "nq": pyoxigraph.RdfFormat.N_QUADS,
    "trig": pyoxigraph.RdfFormat.TRIG,
}
RDFLIB_FORMAT = {"ttl": "turtle", "nt": "nt", "nq": "nquads", "trig": "trig"}
RAPPER_FORMAT = {"ttl": "turtle", "nt": "ntriples", "nq": "nquads", "trig": "trig"}
ENT = DEFAULT_BASE_IRI + "entity/"
ART = DEFAULT_BASE_IRI + "article/"
PREFIXES = """
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX schema: <http://schema.org/>
PREFIX kg: <https://w3id.org/kgraph/vocab#>
PREFIX wdt: <http://www.wikidata.org/prop/direct/>
"""


def export(kg: KnowledgeGraph, fmt: str, options: ExportOptions = OPTIONS) -> bytes:
    buffer = io.BytesIO()
    get_exporter(fmt).write(kg, buffer, options)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def sample_exports() -> dict[str, bytes]:
    kg = build_sample_kg()
    return {fmt: export(kg, fmt) for fmt in FORMATS}


@pytest.fixture(scope="module")
def store(sample_exports: dict[str, bytes]) -> pyoxigraph.Store:
    s = pyoxigraph.Store()
    s.load(sample_exports["ttl"], format=pyoxigraph.RdfFormat.TURTLE)
    return s


def rows(store: pyoxigraph.Store, query: str) -> list[tuple[Any, ...]]:
    return [tuple(solution) for solution in store.query(PREFIXES + query)]  # type: ignore[union-attr]


def ask(store: pyoxigraph.Store, query: str) -> bool:
    return bool(store.query(PREFIXES + query))


def values(store: pyoxigraph.Store, query: str) -> list[str]:
    return sorted(str(r[0].value) for r in rows(store, query))


# --- registry -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("alias", "name", "filename"),
    [
        ("ttl", "ttl", "graph.ttl"),
        ("turtle", "ttl", "graph.ttl"),
        ("text/turtle", "ttl", "graph.ttl"),
        ("nt", "nt", "graph.nt"),
        ("ntriples", "nt", "graph.nt"),
        ("application/n-triples", "nt", "graph.nt"),
        ("nquads", "nq", "graph.nq"),
        ("application/n-quads", "nq", "graph.nq"),
        ("trig", "trig", "graph.trig"),
        ("application/trig", "trig", "graph.trig"),
    ],
)
def test_formats_are_registered_under_their_aliases(alias: str, name: str, filename: str) -> None:
    exporter = get_exporter(alias)
    assert (exporter.name, exporter.filename) == (name, filename)
    assert exporter.read is not None


# --- every parser reads every format, and they agree ----------------------------


@pytest.mark.parametrize("fmt", FORMATS)
def test_oxigraph_and_rdflib_agree_on_counts(fmt: str, sample_exports: dict[str, bytes]) -> None:
    data = sample_exports[fmt]
    n_ox = sum(1 for _ in pyoxigraph.parse(data, format=OX_FORMAT[fmt]))
    if fmt in QUAD_FORMATS:
        with warnings.catch_warnings():
            # rdflib 7.6's own Dataset.parse uses its deprecated ConjunctiveGraph API.
            warnings.filterwarnings(
                "ignore",
                message=r"(ConjunctiveGraph|Dataset\.\w+) is deprecated",
                category=DeprecationWarning,
            )
            ds = rdflib.Dataset()
            ds.parse(data=data, format=RDFLIB_FORMAT[fmt])
            n_rdflib = sum(1 for _ in ds.quads((None, None, None, None)))
        expected = sum(1 for _ in graph_quads(build_sample_kg(), options=OPTIONS))
    else:
        graph = rdflib.Graph()
        graph.parse(data=data, format=RDFLIB_FORMAT[fmt])
        n_rdflib = len(graph)
        expected = sum(1 for _ in graph_triples(build_sample_kg(), options=OPTIONS))
    assert n_ox == n_rdflib == expected > 300


def test_all_formats_hold_the_same_triples(sample_exports: dict[str, bytes]) -> None:
    def triples(fmt: str) -> set[tuple[str, str, str]]:
        # Blank nodes differ between parses; the vocabulary's unions are compared by count.
        return {
            (str(q.subject), str(q.predicate), str(q.object))
            for q in pyoxigraph.parse(sample_exports[fmt], format=OX_FORMAT[fmt])
            if not isinstance(q.subject, pyoxigraph.BlankNode)
            and not isinstance(q.object, pyoxigraph.BlankNode)
        }

    reference = triples("ttl")
    for fmt in ("nt", "nq", "trig"):
        assert triples(fmt) == reference, fmt


@pytest.mark.skipif(
    shutil.which("rapper") is None,
    reason="rapper not on PATH: install Debian package raptor2-utils (.ci/run does)",
)
@pytest.mark.parametrize("fmt", FORMATS)
def test_rapper_parses_every_format(
    fmt: str, sample_exports: dict[str, bytes], tmp_path: Path
) -> None:
    path = tmp_path / f"graph.{fmt}"
    path.write_bytes(sample_exports[fmt])
    done = subprocess.run(
        ["rapper", "-i", RAPPER_FORMAT[fmt], "-c", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "error" not in done.stderr.lower() and "warning" not in done.stderr.lower()
    counted = re.search(r"returned (\d+) (?:triples|statements)", done.stderr)
    assert counted is not None, done.stderr
    n_ox = sum(1 for _ in pyoxigraph.parse(sample_exports[fmt], format=OX_FORMAT[fmt]))
    assert int(counted.group(1)) == n_ox


@pytest.mark.parametrize("fmt", FORMATS)
def test_schema_namespace_is_http_everywhere(fmt: str, sample_exports: dict[str, bytes]) -> None:
    text = sample_exports[fmt].decode("utf-8")
    assert "https://schema.org" not in text
    assert "http://schema.org/" in text


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_iri_passes_oxigraph_strict_check(fmt: str, sample_exports: dict[str, bytes]) -> None:
    for quad in pyoxigraph.parse(sample_exports[fmt], format=OX_FORMAT[fmt]):
        for term in (quad.subject, quad.predicate, quad.object, quad.graph_name):
            if isinstance(term, pyoxigraph.NamedNode):
                pyoxigraph.NamedNode(term.value)
                assert term.value.startswith(("http://", "https://")), term


# --- determinism ----------------------------------------------------------------


def _rebuilt_in_reverse(kg: KnowledgeGraph) -> KnowledgeGraph:
    g = nx.MultiDiGraph()
    g.graph.update(kg.graph.graph)
    g.add_nodes_from(reversed(list(kg.graph.nodes(data=True))))
    g.add_edges_from(reversed(list(kg.graph.edges(keys=True, data=True))))
    return KnowledgeGraph(g)


@pytest.mark.parametrize("fmt", FORMATS)
def test_output_is_byte_identical(fmt: str, sample_exports: dict[str, bytes]) -> None:
    kg = build_sample_kg()
    assert export(kg, fmt) == sample_exports[fmt]
    assert export(_rebuilt_in_reverse(kg), fmt) == sample_exports[fmt]


def test_write_export_writes_the_registered_file(tmp_path: Path) -> None:
    path = write_export(build_sample_kg(), get_exporter("turtle"), tmp_path, OPTIONS)
    assert path == tmp_path / "graph.ttl"
    assert path.read_bytes() == export(build_sample_kg(), "ttl")


# --- the contract's shapes, by SPARQL -------------------------------------------


def test_every_statement_has_provenance_and_evidence(store: pyoxigraph.Store) -> None:
    assert len(rows(store, "SELECT ?s WHERE { ?s a rdf:Statement }")) == 6
    assert not ask(
        store,
        """ASK { ?s a rdf:Statement .
                 FILTER NOT EXISTS { ?s prov:wasDerivedFrom ?a . ?a a schema:NewsArticle .
                                     ?s kg:evidence ?e ; rdf:subject ?x ; rdf:predicate ?p ;
                                        rdf:object ?y ; kg:charStart ?b ; kg:charEnd ?c ;
                                        kg:extractor ?r ; kg:confidence ?k } }""",
    )
    # Each statement restates a direct triple of the export.
    assert not ask(
        store,
        """ASK { ?s a rdf:Statement ; rdf:subject ?x ; rdf:predicate ?p ; rdf:object ?y .
                 FILTER NOT EXISTS { ?x ?p ?y } }""",
    )


def test_statement_evidence_and_source(store: pyoxigraph.Store) -> None:
    found = rows(
        store,
        """SELECT ?ev ?start ?end ?rule ?conf WHERE {
             ?s rdf:predicate kg:ceo_of ; prov:wasDerivedFrom ?a ; kg:evidence ?ev ;
                kg:charStart ?start ; kg:charEnd ?end ; kg:extractor ?rule ; kg:confidence ?conf .
             ?a kg:sourcePath "seeds/001.txt" }""",
    )
    assert len(found) == 1
    ev, start, end, rule, conf = (t.value for t in found[0])
    assert ev == "Xiaomi founder and chief executive Lei Jun, a Wuhan native, decided."
    assert (start, end, rule, conf) == ("512", "580", "appositive-title", "0.85")


def test_confidences_are_valid_decimals_in_range(store: pyoxigraph.Store) -> None:
    found = rows(store, "SELECT ?c WHERE { ?s kg:confidence ?c }")
    assert len(found) == 6
    for (c,) in found:
        assert c.datatype.value == "http://www.w3.org/2001/XMLSchema#decimal"
        assert re.fullmatch(r"[0-9]+\.[0-9]+", c.value), c.value
        assert 0 < float(c.value) <= 1


def test_every_article_has_a_source_path(store: pyoxigraph.Store) -> None:
    assert values(store, "SELECT ?p WHERE { ?a a schema:NewsArticle ; kg:sourcePath ?p }") == [
        "seeds/000.txt",
        "seeds/000.txt",
        "seeds/001.txt",
    ]
    assert not ask(
        store, "ASK { ?a a schema:NewsArticle FILTER NOT EXISTS { ?a kg:sourcePath ?p } }"
    )


def test_article_fields(store: pyoxigraph.Store) -> None:
    a1, a2, a3 = ART + "seeds-000", ART + "seeds-000-related-1", ART + "seeds-001"
    assert values(store, f"SELECT ?u WHERE {{ <{a1}> schema:url ?u }}") == [
        "https://kfgo.com/news/1?a=b&c=d"
    ]
    assert not ask(store, f"ASK {{ <{a3}> schema:url ?u }}"), "'not a url' must be left out"
    dates = rows(store, "SELECT ?a ?d WHERE { ?a schema:datePublished ?d }")
    assert {(a.value, d.value, d.datatype.value.rsplit("#")[1]) for a, d in dates} == {
        (a1, "2020-01-02T06:47:00Z", "dateTime"),
        (a2, "2020-01-03", "date"),
    }
    assert values(store, f"SELECT ?p WHERE {{ <{a2}> dcterms:relation ?p }}") == [a1]
    assert values(store, f"SELECT ?p WHERE {{ <{a1}> schema:publisher ?p }}") == [ENT + "kfgo"]
    assert ask(store, f"ASK {{ <{ENT}kfgo> a schema:Organization }}")
    assert values(store, f"SELECT ?t WHERE {{ <{a1}> schema:about ?t }}") == [ENT + "ai"]
    assert values(store, f"SELECT ?e WHERE {{ <{a3}> schema:mentions ?e }}") == [
        ENT + "lei-jun",
        ENT + "wuhan",
        ENT + "xiaomi",
    ]
    assert values(store, f"SELECT ?h WHERE {{ <{a1}> schema:headline ?h }}") == [
        "Xiaomi to invest $7 billion"
    ]


def test_entities_have_one_label_and_one_class(store: pyoxigraph.Store) -> None:
    counts = rows(
        store,
        """SELECT ?e (COUNT(DISTINCT ?l) AS ?labels) (COUNT(DISTINCT ?c) AS ?classes) WHERE {
             ?e a kg:Entity ; rdfs:label ?l ; a ?c .
             VALUES ?c { schema:Organization schema:Person schema:Place schema:Product
                         schema:DefinedTerm } } GROUP BY ?e""",
    )
    assert len(counts) == 8
    assert {(labels.value, classes.value) for _, labels, classes in counts} == {("1", "1")}
    assert values(store, f"SELECT ?c WHERE {{ <{ENT}ai> a ?c }}") == [
        "http://schema.org/DefinedTerm",
        "https://w3id.org/kgraph/vocab#Entity",
    ]
    found = rows(
        store, f"SELECT ?m ?d WHERE {{ <{ENT}lei-jun> kg:mentionCount ?m ; kg:documentCount ?d }}"
    )
    assert [(m.value, m.datatype.value, d.value) for m, d in found] == [
        ("7", "http://www.w3.org/2001/XMLSchema#integer", "4")
    ]


def test_hostile_names_survive_byte_exact(store: pyoxigraph.Store) -> None:
    kg = build_sample_kg()
    hostile = kg.get_entity("at-t")
    assert values(store, f"SELECT ?l WHERE {{ <{ENT}at-t> rdfs:label ?l }}") == [hostile.label]
    assert values(store, f"SELECT ?l WHERE {{ <{ENT}at-t> skos:altLabel ?l }}") == sorted(
        hostile.aliases
    )
    evidence = values(store, "SELECT ?e WHERE { ?s rdf:predicate kg:develops ; kg:evidence ?e }")
    assert evidence == ['Xiaomi built "MiLM-13B" <fast> & small \x01.']


def test_only_typed_facts_become_kg_predicate_triples(store: pyoxigraph.Store) -> None:
    relation_triples = rows(
        store,
        """SELECT ?s ?p ?o WHERE { ?s ?p ?o . ?s a kg:Entity . ?o a kg:Entity .
                                  FILTER(STRSTARTS(STR(?p), STR(kg:))) }""",
    )
    kg = build_sample_kg()
    expected = {
        (ENT + f.subject, "https://w3id.org/kgraph/vocab#" + f.predicate, ENT + f.object)
        for f in kg.facts(typed=True)
    }
    assert {(s.value, p.value, o.value) for s, p, o in relation_triples} == expected
    assert len(expected) == 5
    # The open relation (visit) and co-occurrence appear nowhere as predicates.
    assert not ask(store, "ASK { ?s kg:visit ?o }")
    assert not ask(store, "ASK { ?s kg:cooccurrence ?o }")
    assert not ask(store, f"ASK {{ <{ENT}lei-jun> ?p <{ENT}wuhan> }}")


def test_vocabulary_declares_every_builtin_predicate(store: pyoxigraph.Store) -> None:
    declared = rows(
        store,
        """SELECT ?p ?label ?comment ?domain ?range WHERE {
             ?p a owl:ObjectProperty ; rdfs:label ?label ; rdfs:comment ?comment ;
                rdfs:domain ?domain ; rdfs:range ?range .
             FILTER(STRSTARTS(STR(?p), STR(kg:))) }""",
    )
    names = {p.value.rsplit("#")[1] for p, *_ in declared}
    assert names == {p.name for p in BUILTIN_PREDICATES}
    alignment = {
        (p.value.rsplit("#")[1], rel.value.rsplit("#")[1], wd.value.rsplit("/")[-1])
        for p, rel, wd in rows(
            store,
            """SELECT ?p ?rel ?wd WHERE { ?p ?rel ?wd .
                 FILTER(STRSTARTS(STR(?wd), STR(wdt:))) }""",
        )
    }
    assert ("founder_of", "inverseOf", "P112") in alignment
    assert ("ceo_of", "inverseOf", "P169") in alignment
    assert ("develops", "inverseOf", "P178") in alignment
    assert ("employee_of", "subPropertyOf", "P108") in alignment
    assert ("headquartered_in", "equivalentProperty", "P159") in alignment
    assert ("part_of", "equivalentProperty", "P749") in alignment
    assert len(alignment) == 8
    assert values(store, "SELECT ?p WHERE { ?p a owl:SymmetricProperty }") == [
        "https://w3id.org/kgraph/vocab#competitor_of",
        "https://w3id.org/kgraph/vocab#partner_of",
    ]


def test_multi_class_domain_is_an_owl_union(store: pyoxigraph.Store) -> None:
    members = values(
        store,
        """SELECT ?c WHERE { kg:invests_in rdfs:domain ?u .
                              ?u a owl:Class ; owl:unionOf/rdf:rest*/rdf:first ?c }""",
    )
    assert members == ["http://schema.org/Organization", "http://schema.org/Person"]
    assert values(store, "SELECT ?c WHERE { kg:invests_in schema:rangeIncludes ?c }") == [
        "http://schema.org/DefinedTerm",
        "http://schema.org/Organization",
    ]


def test_every_class_and_property_used_is_declared(store: pyoxigraph.Store) -> None:
    undeclared_classes = values(
        store,
        """SELECT DISTINCT ?c WHERE { ?x a ?c .
             FILTER(?c NOT IN (owl:Class, owl:ObjectProperty, owl:DatatypeProperty,
                               owl:AnnotationProperty, owl:SymmetricProperty, owl:Ontology,
                               rdf:Statement))
             FILTER NOT EXISTS { ?c a owl:Class } }""",
    )
    assert undeclared_classes == []
    undeclared = values(
        store,
        """SELECT DISTINCT ?p WHERE { ?x ?p ?y .
             FILTER(!STRSTARTS(STR(?p), STR(rdf:)) && !STRSTARTS(STR(?p), STR(rdfs:))
                    && !STRSTARTS(STR(?p), STR(owl:)))
             FILTER NOT EXISTS {
               ?p a ?kind .
               VALUES ?kind { owl:ObjectProperty owl:DatatypeProperty owl:AnnotationProperty }
             } }""",
    )
    assert undeclared == []


# --- named graphs ---------------------------------------------------------------


@pytest.mark.parametrize("fmt", sorted(QUAD_FORMATS))
def test_named_graph_per_article(fmt: str, sample_exports: dict[str, bytes]) -> None:
    s = pyoxigraph.Store()
    s.load(sample_exports[fmt], format=OX_FORMAT[fmt])
    graphs = {
        r[0].value
        for r in s.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")  # type: ignore[union-attr]
    }
    assert graphs == {ART + "seeds-000", ART + "seeds-001"}
    # Founder_of is reported by two articles: its direct triple is in both graphs.
    founder = f"<{ENT}lei-jun> <https://w3id.org/kgraph/vocab#founder_of> <{ENT}xiaomi>"
    found = s.query(f"SELECT ?g WHERE {{ GRAPH ?g {{ {founder} }} }}")
    assert sorted(r[0].value for r in found) == [ART + "seeds-000", ART + "seeds-001"]  # type: ignore[union-attr]
    # Each statement is in the graph of the article it was derived from; none is in
    # the default graph, where the vocabulary, entities and articles are.
    assert not ask(
        s,
        """ASK { GRAPH ?g { ?st a rdf:Statement ; prov:wasDerivedFrom ?a } FILTER(?g != ?a) }""",
    )
    default = pyoxigraph.Store()
    default.load(
        b"".join(
            pyoxigraph.serialize(
                [
                    q.triple
                    for q in s.quads_for_pattern(None, None, None, pyoxigraph.DefaultGraph())
                ],
                format=pyoxigraph.RdfFormat.N_TRIPLES,
            )
            or b""
            for _ in [0]
        ),
        format=pyoxigraph.RdfFormat.N_TRIPLES,
    )
    assert not ask(default, "ASK { ?st a rdf:Statement }")
    assert not ask(default, f"ASK {{ {founder} }}")
    assert ask(default, f"ASK {{ <{ENT}lei-jun> a kg:Entity }}")
    assert ask(default, "ASK { ?a a schema:NewsArticle ; kg:sourcePath ?p }")


# --- options and bad input ------------------------------------------------------


def test_configured_and_unknown_predicates_are_declared() -> None:
    kg = build_sample_kg()
    kg.graph.add_edge("xiaomi", "microsoft", key="rivals_with", kind="relation",
                      predicate="rivals_with", weight=1, confidence=0.7,
                      evidence=(kg.facts(typed=True).__next__().evidence[0],),
                      first_seen=None)  # fmt: skip
    supplies = Predicate("supplies", "supplies", "The organisation supplies the other.",
                         ("ORG",), ("ORG", "PRODUCT"))  # fmt: skip
    options = ExportOptions(
        base_iri=DEFAULT_BASE_IRI, export=ExportConfig(), predicates={"supplies": supplies}
    )
    s = pyoxigraph.Store()
    s.load(export(kg, "ttl", options), format=pyoxigraph.RdfFormat.TURTLE)
    for name in ("supplies", "rivals_with"):
        assert ask(
            s,
            f"""ASK {{ kg:{name} a owl:ObjectProperty ; rdfs:label ?l ; rdfs:comment ?c ;
                                 rdfs:domain ?d ; rdfs:range ?r }}""",
        ), name
    assert values(s, "SELECT ?l WHERE { kg:supplies rdfs:comment ?l }") == [
        "The organisation supplies the other."
    ]
    assert ask(s, f"ASK {{ <{ENT}xiaomi> kg:rivals_with <{ENT}microsoft> }}")


def test_filters_and_articles_option() -> None:
    options = ExportOptions(
        base_iri="https://example.org/kg#",
        export=ExportConfig(min_confidence=0.8, articles=False),
    )
    s = pyoxigraph.Store()
    s.load(export(build_sample_kg(), "ttl", options), format=pyoxigraph.RdfFormat.TURTLE)
    assert not ask(s, "ASK { ?a a schema:NewsArticle }")
    assert not ask(s, "ASK { ?s kg:partner_of ?o }"), "confidence 0.75 < 0.8"
    assert ask(s, "ASK { <https://example.org/kg#entity/xiaomi> kg:develops ?o }")


@pytest.mark.parametrize("fmt", FORMATS)
def test_bad_base_iri_fails_before_writing(fmt: str) -> None:
    buffer = io.BytesIO()
    options = ExportOptions(base_iri="https://example.org/kg", export=ExportConfig())
    with pytest.raises(ExportError, match=re.escape("'https://example.org/kg'")):
        get_exporter(fmt).write(build_sample_kg(), buffer, options)
    assert buffer.getvalue() == b""


def test_confidence_outside_range_is_refused() -> None:
    kg = build_sample_kg()
    data = kg.graph.edges["xiaomi", "wuhan", "headquartered_in"]
    data["evidence"] = (data["evidence"][0].__class__(**{
        **{f: getattr(data["evidence"][0], f) for f in data["evidence"][0].__slots__},
        "confidence": 1.5}),)  # fmt: skip
    with pytest.raises(ExportError, match=r"confidence 1\.5"):
        export(kg, "ttl")


def test_control_characters_and_surrogates_in_names() -> None:
    kg = build_sample_kg()
    kg.graph.nodes["wuhan"]["label"] = "Wu\x00han\udcff\u2028\x1b"
    data = export(kg, "ttl")
    s = pyoxigraph.Store()
    s.load(data, format=pyoxigraph.RdfFormat.TURTLE)
    assert values(s, f"SELECT ?l WHERE {{ <{ENT}wuhan> rdfs:label ?l }}") == [
        "Wu\x00han\ufffd\u2028\x1b"
    ]
    graph = rdflib.Graph()
    graph.parse(data=data, format="turtle")
    assert str(graph.value(rdflib.URIRef(ENT + "wuhan"), rdflib.RDFS.label)) == (
        "Wu\x00han\ufffd\u2028\x1b"
    )


@pytest.mark.parametrize("fmt", FORMATS)
def test_hostile_node_ids_are_encoded(fmt: str, tmp_path: Path) -> None:
    kg = build_sample_kg()
    nx.relabel_nodes(kg.graph, {"at-t": 'AT&T <"odd"> 100%', "xiaomi": "xiaomi.corp."}, copy=False)
    data = export(kg, fmt)
    s = pyoxigraph.Store()
    s.load(data, format=OX_FORMAT[fmt])
    query = "SELECT ?e WHERE { ?e rdfs:label ?l FILTER(STRSTARTS(?l, 'AT&T')) }"
    assert values(s, query) == [ENT + "AT%26T%20%3C%22odd%22%3E%20100%25"]
    assert ask(s, f"ASK {{ <{ENT}xiaomi.corp.> a kg:Entity }}")
    if shutil.which("rapper") is not None:
        path = tmp_path / f"graph.{fmt}"
        path.write_bytes(data)
        done = subprocess.run(
            ["rapper", "-i", RAPPER_FORMAT[fmt], "-o", "ntriples", str(path)],
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        assert f"<{ENT}xiaomi.corp.> " in done.stdout


# --- reading back ---------------------------------------------------------------


def _facts(kg: KnowledgeGraph) -> list[Any]:
    return list(kg.facts(typed=True))


def _entities(kg: KnowledgeGraph) -> list[Entity]:
    # RDF values are unordered: aliases come back sorted (as the resolver writes them).
    return [dataclasses.replace(e, aliases=tuple(sorted(e.aliases))) for e in kg.entities()]


@pytest.mark.parametrize("fmt", FORMATS)
def test_round_trip(fmt: str, sample_exports: dict[str, bytes], tmp_path: Path) -> None:
    path = tmp_path / get_exporter(fmt).filename
    path.write_bytes(sample_exports[fmt])
    reader = get_exporter(fmt).read
    assert reader is not None
    back = reader(path)
    kg = build_sample_kg()
    assert _entities(back) == _entities(kg)
    assert _facts(back) == _facts(kg)
    assert list(back.facts(typed=False)) == []  # open relations are not in RDF
    original = {a.key: a for a in kg.articles()}
    for article in back.articles():
        want = original.pop(article.key)
        url_ok = want.url is not None and want.url.startswith("https://")
        assert article == want.__class__(
            **{**{f: getattr(want, f) for f in want.__slots__},
               "url": want.url if url_ok else None}
        )  # fmt: skip
    assert original == {}
    # Exporting the read-back graph gives the same file.
    assert export(back, fmt) == sample_exports[fmt]


def test_kgraph_load_reads_turtle(sample_exports: dict[str, bytes], tmp_path: Path) -> None:
    from kgraph.graph.load import load

    path = tmp_path / "graph.ttl"
    path.write_bytes(sample_exports["ttl"])
    assert _entities(load(path)) == _entities(build_sample_kg())


def test_reader_refuses_other_rdf(tmp_path: Path) -> None:
    path = tmp_path / "other.ttl"
    path.write_text("<http://x.org/a> <http://x.org/b> <http://x.org/c> .\n", encoding="utf-8")
    with pytest.raises(ExportError, match=r"other\.ttl.*not a kgraph RDF export"):
        read_turtle(path)


def test_reader_reports_syntax_errors_with_the_file(tmp_path: Path) -> None:
    path = tmp_path / "broken.ttl"
    path.write_text("<http://x.org/a> <http://x.org/b> .\n", encoding="utf-8")
    with pytest.raises(ExportError, match=r"broken\.ttl: not valid turtle"):
        read_turtle(path)


def test_writers_restore_the_garbage_collector_state() -> None:
    import gc

    from kgraph.export.turtle import write_turtle

    assert gc.isenabled()
    write_turtle(build_sample_kg(), io.BytesIO(), OPTIONS)
    assert gc.isenabled()
    bad = ExportOptions(base_iri="relative/", export=ExportConfig())
    with pytest.raises(ExportError):
        write_turtle(build_sample_kg(), io.BytesIO(), bad)
    assert gc.isenabled()
    gc.disable()
    try:
        write_turtle(build_sample_kg(), io.BytesIO(), OPTIONS)
        assert not gc.isenabled()
    finally:
        gc.enable()


@pytest.mark.parametrize(
    "url", ["https://example.com/a b", "https://example.com/<x>", "https://ex.com/%zz", "//x.org/a"]
)
def test_invalid_article_urls_are_left_out(url: str) -> None:
    kg = build_sample_kg()
    kg.graph.nodes["article:seeds-001"]["url"] = url
    s = pyoxigraph.Store()
    s.load(export(kg, "ttl"), format=pyoxigraph.RdfFormat.TURTLE)
    assert ask(s, f"ASK {{ <{ART}seeds-001> a schema:NewsArticle }}")
    assert not ask(s, f"ASK {{ <{ART}seeds-001> schema:url ?u }}")
