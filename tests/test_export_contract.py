"""The exporter contract, checked for every registered format.

Each exporter in :func:`kgraph.export.registry.exporters` is written with
:func:`write_export`, read back by independent parsers for its media type, and
compared with the in-memory graph: the same entities, the same typed relations,
hostile labels intact, byte-identical output on a second write. A format with no
reader here fails loudly, so a new exporter cannot slip past the contract.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import igraph
import networkx as nx
import pyoxigraph
import pytest
import rdflib
from lxml import etree

from kgraph.config import DEFAULT_BASE_IRI, ExportConfig
from kgraph.export.registry import Exporter, ExportOptions, exporters, write_export
from kgraph.graph.knowledge import KnowledgeGraph

from .conftest import SCHEMAS, build_sample_kg

KG = "https://w3id.org/kgraph/vocab#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
ENTITY_IRI = f"{DEFAULT_BASE_IRI}entity/"
OPTIONS = ExportOptions(base_iri=DEFAULT_BASE_IRI, export=ExportConfig())
HOSTILE = "at-t"  # label 'AT&T <"odd"> 100% \t C#'
# rdflib format name and quads-or-triples, by media type.
RDF_MEDIA = {
    "text/turtle": ("turtle", False),
    "application/n-triples": ("nt", False),
    "application/n-quads": ("nquads", True),
    "application/trig": ("trig", True),
}


@dataclass
class Readback:
    """What one parser saw in an export: entity keys, typed relations, labels."""

    entities: set[str] = field(default_factory=set)
    relations: set[tuple[str, str, str]] = field(default_factory=set)
    labels: dict[str, str] = field(default_factory=dict)
    node_count: int | None = None
    edge_count: int | None = None


def _expected(kg: KnowledgeGraph) -> Readback:
    return Readback(
        entities={e.key for e in kg.entities()},
        relations={(f.subject, f.predicate, f.object) for f in kg.facts(typed=True)},
        labels={e.key: e.label for e in kg.entities()},
    )


def _read_graphml_networkx(path: Path) -> Readback:
    g = nx.read_graphml(path, force_multigraph=True)
    return Readback(
        entities={n for n, d in g.nodes(data=True) if d.get("kind") == "entity"},
        relations={
            (u, d["predicate"], v) for u, v, d in g.edges(data=True) if d["kind"] == "relation"
        },
        labels={n: d["label"] for n, d in g.nodes(data=True) if d.get("kind") == "entity"},
        node_count=g.number_of_nodes(),
        edge_count=g.number_of_edges(),
    )


def _read_graphml_igraph(path: Path) -> Readback:
    g = igraph.Graph.Read_GraphML(str(path))
    names = g.vs["id"]
    return Readback(
        entities={v["id"] for v in g.vs if v["kind"] == "entity"},
        relations={
            (names[e.source], e["predicate"], names[e.target])
            for e in g.es
            if e["kind"] == "relation"
        },
        labels={v["id"]: v["label"] for v in g.vs if v["kind"] == "entity"},
        node_count=g.vcount(),
        edge_count=g.ecount(),
    )


def _read_gexf_networkx(path: Path) -> Readback:
    g = nx.read_gexf(path)
    return Readback(
        entities={n for n, d in g.nodes(data=True) if d["node_kind"] == "entity"},
        relations={
            (u, d["predicate"], v) for u, v, d in g.edges(data=True) if d["edge_kind"] == "relation"
        },
        labels={n: d["label"] for n, d in g.nodes(data=True) if d["node_kind"] == "entity"},
        node_count=g.number_of_nodes(),
        edge_count=g.number_of_edges(),
    )


def _read_json(path: Path) -> Readback:
    import json

    doc = json.loads(path.read_text(encoding="utf-8"))
    assert doc["kgraph"]["format"] == 1
    return Readback(
        entities={n["id"] for n in doc["nodes"] if n["kind"] == "entity"},
        relations={
            (link["source"], link["predicate"], link["target"])
            for link in doc["links"]
            if link["kind"] == "relation"
        },
        labels={n["id"]: n["label"] for n in doc["nodes"] if n["kind"] == "entity"},
        node_count=len(doc["nodes"]),
        edge_count=len(doc["links"]),
    )


def _rdf_readback(triples: set[tuple[str, str, str, bool]]) -> Readback:
    """Build a Readback from (subject, predicate, object, object-is-literal) strings."""
    out = Readback()
    for s, p, o, literal in triples:
        if p == RDF_TYPE and o == KG + "Entity" and s.startswith(ENTITY_IRI):
            out.entities.add(s[len(ENTITY_IRI) :])
        elif p == RDFS_LABEL and literal and s.startswith(ENTITY_IRI):
            out.labels[s[len(ENTITY_IRI) :]] = o
        elif p.startswith(KG) and s.startswith(ENTITY_IRI) and o.startswith(ENTITY_IRI):
            out.relations.add((s[len(ENTITY_IRI) :], p[len(KG) :], o[len(ENTITY_IRI) :]))
    return out


def _read_rdf_rdflib(path: Path, media_type: str) -> Readback:
    fmt, quads = RDF_MEDIA[media_type]
    graph: rdflib.Graph = rdflib.Dataset() if quads else rdflib.Graph()
    with warnings.catch_warnings():
        # rdflib 7.x's own Dataset and TriG parsing call its deprecated
        # default_context and ConjunctiveGraph; nothing here uses either.
        warnings.filterwarnings("ignore", "Dataset.default_context", DeprecationWarning)
        warnings.filterwarnings("ignore", "ConjunctiveGraph is deprecated", DeprecationWarning)
        graph.parse(path, format=fmt)
    rows = graph.quads() if quads else ((s, p, o, None) for s, p, o in graph)  # type: ignore[attr-defined]
    return _rdf_readback(
        {(str(s), str(p), str(o), isinstance(o, rdflib.Literal)) for s, p, o, _ in rows}
    )


def _read_rdf_oxigraph(path: Path, media_type: str) -> Readback:
    fmt = pyoxigraph.RdfFormat.from_media_type(media_type)
    assert fmt is not None, media_type
    return _rdf_readback(
        {
            (
                q.subject.value,
                q.predicate.value,
                q.object.value,
                isinstance(q.object, pyoxigraph.Literal),
            )
            for q in pyoxigraph.parse(path=path, format=fmt)
        }
    )


def _readers(exporter: Exporter) -> dict[str, Callable[[Path], Readback]]:
    media = exporter.media_type
    if media == "application/graphml+xml":
        return {"networkx": _read_graphml_networkx, "igraph": _read_graphml_igraph}
    if media == "application/gexf+xml":
        return {"networkx": _read_gexf_networkx}
    if media == "application/json":
        return {"json": _read_json}
    if media in RDF_MEDIA:
        return {
            "rdflib": lambda p: _read_rdf_rdflib(p, media),
            "pyoxigraph": lambda p: _read_rdf_oxigraph(p, media),
        }
    pytest.fail(f"no contract reader for {exporter.name} ({media}); add one to this test")


ALL = exporters()


def test_the_three_graph_formats_are_registered() -> None:
    assert {"graphml", "gexf", "json"} <= {e.name for e in ALL}


@pytest.fixture(params=ALL, ids=[e.name for e in ALL])
def exporter(request: pytest.FixtureRequest) -> Exporter:
    exp: Exporter = request.param
    return exp


def test_writes_atomically_into_the_output_directory(
    exporter: Exporter, sample_kg: KnowledgeGraph, tmp_path: Path
) -> None:
    path = write_export(sample_kg, exporter, tmp_path, OPTIONS)
    assert path == tmp_path / exporter.filename
    assert sorted(p.name for p in tmp_path.iterdir()) == [exporter.filename]  # no temp file
    path.read_bytes().decode("utf-8")


def test_two_writes_are_byte_identical(exporter: Exporter, tmp_path: Path) -> None:
    first = write_export(build_sample_kg(), exporter, tmp_path / "a", OPTIONS)
    second = write_export(build_sample_kg(), exporter, tmp_path / "b", OPTIONS)
    assert first.read_bytes() == second.read_bytes()


def test_independent_parsers_see_the_in_memory_graph(
    exporter: Exporter, sample_kg: KnowledgeGraph, tmp_path: Path
) -> None:
    path = write_export(sample_kg, exporter, tmp_path, OPTIONS)
    want = _expected(sample_kg)
    assert len(want.entities) == 8 and len(want.relations) == 5
    seen: dict[str, Readback] = {}
    for parser, read in _readers(exporter).items():
        got = read(path)
        assert got.entities == want.entities, parser
        assert got.relations == want.relations, parser
        assert got.labels[HOSTILE] == want.labels[HOSTILE], parser
        seen[parser] = got
    counts = {p: (r.node_count, r.edge_count) for p, r in seen.items()}
    assert len(set(counts.values())) == 1, f"parsers disagree on node/edge counts: {counts}"
    node_count, edge_count = next(iter(counts.values()))
    if node_count is not None:  # graph formats: every node and edge of the graph
        assert (node_count, edge_count) == (
            sample_kg.graph.number_of_nodes(),
            sample_kg.graph.number_of_edges(),
        )


def test_kgraph_reader_round_trip(
    exporter: Exporter, sample_kg: KnowledgeGraph, tmp_path: Path
) -> None:
    if exporter.read is None:
        pytest.skip(f"{exporter.name} has no reader (kgraph.load cannot open it)")
    back = exporter.read(write_export(sample_kg, exporter, tmp_path, OPTIONS))

    def entities(kg: KnowledgeGraph) -> list[tuple[object, ...]]:
        # Alias order is not part of the contract (RDF has none).
        return [
            (e.key, e.label, e.type, sorted(e.aliases), e.mentions, e.documents)
            for e in kg.entities()
        ]

    assert entities(back) == entities(sample_kg)
    assert [(f.subject, f.predicate, f.object, f.weight) for f in back.facts()] == [
        (f.subject, f.predicate, f.object, f.weight) for f in sample_kg.facts()
    ]
    assert all(f.evidence for f in back.facts())


def test_graphml_is_schema_valid(sample_kg: KnowledgeGraph, tmp_path: Path) -> None:
    exporter = next(e for e in ALL if e.name == "graphml")
    path = write_export(sample_kg, exporter, tmp_path, OPTIONS)
    schema = etree.XMLSchema(etree.parse(str(SCHEMAS / "graphml.xsd")))
    assert schema.validate(etree.parse(str(path))), schema.error_log
