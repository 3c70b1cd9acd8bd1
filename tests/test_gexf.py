"""GEXF export: schema, networkx read-back, Gephi edge kinds and merge rule, timeline."""

from __future__ import annotations

import io
from collections import Counter
from pathlib import Path

import networkx as nx
import pytest
from lxml import etree

from kgraph.config import DEFAULT_BASE_IRI, ExportConfig
from kgraph.errors import ExportError
from kgraph.export.gexf import (
    GEXF_NAMESPACE,
    VIZ_NAMESPACE,
    generate_gexf,
    read_gexf,
    write_gexf,
)
from kgraph.export.graphml import generate_graphml
from kgraph.export.registry import ExportOptions, get_exporter
from kgraph.graph.knowledge import KnowledgeGraph

from .conftest import SCHEMAS, build_sample_kg

NS = {"x": GEXF_NAMESPACE, "viz": VIZ_NAMESPACE}
GEXF_12 = "http://www.gexf.net/1.2draft"
# Column ids Gephi's graph store keeps for itself, and the GEXF edge-type attribute.
GEPHI_RESERVED = {"id", "label", "weight", "timeset", "interval", "kind"}


def _options(**changes: object) -> ExportOptions:
    return ExportOptions(base_iri=DEFAULT_BASE_IRI, export=ExportConfig(**changes))  # type: ignore[arg-type]


def _gexf(kg: KnowledgeGraph, **changes: object) -> bytes:
    return "".join(generate_gexf(kg, options=_options(**changes))).encode("utf-8")


def as_gexf_12draft(data: bytes) -> etree._Element:
    """Map a kgraph GEXF 1.3 file onto GEXF 1.2draft for the shared 1.2draft schema.

    The only 1.3-only thing kgraph writes is the edge ``kind``; it is dropped, the
    namespaces and version are renamed. The bundled 1.2draft schema declares
    ``color``/``size`` in the GEXF namespace itself, so ``viz:*`` maps there.
    """
    root = etree.fromstring(data)
    for el in root.iter():
        el.tag = el.tag.replace(f"{{{VIZ_NAMESPACE}}}", f"{{{GEXF_12}}}")
        el.tag = el.tag.replace(f"{{{GEXF_NAMESPACE}}}", f"{{{GEXF_12}}}")
        el.attrib.pop("kind", None)
    root.set("version", "1.2")
    root.attrib.pop("{http://www.w3.org/2001/XMLSchema-instance}schemaLocation")
    etree.cleanup_namespaces(root)
    return etree.fromstring(etree.tostring(root))


def gephi_surviving_edges(root: etree._Element) -> Counter[tuple[str | None, str, str]]:
    """Group edges as Gephi's ImportContainerImpl does before it merges parallel edges.

    Gephi keys each directed edge by (edge type, source, target) and merges every
    group of more than one edge into one. The GEXF importer takes the edge type from
    the ``kind`` attribute; the GraphML importer sets none (every type is null).
    """
    groups: Counter[tuple[str | None, str, str]] = Counter()
    for edge in root.iter("{*}edge"):
        groups[(edge.get("kind"), edge.get("source", ""), edge.get("target", ""))] += 1
    return groups


@pytest.fixture(scope="module")
def schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMAS / "gexf.xsd")))


@pytest.mark.parametrize("changes", [{}, {"visual": False}, {"articles": False}])
def test_validates_against_gexf_schema(
    sample_kg: KnowledgeGraph, schema: etree.XMLSchema, changes: dict[str, object]
) -> None:
    doc = as_gexf_12draft(_gexf(sample_kg, **changes))
    assert schema.validate(doc), schema.error_log


def test_schema_check_is_not_vacuous(sample_kg: KnowledgeGraph, schema: etree.XMLSchema) -> None:
    data = _gexf(sample_kg).replace(b'mode="dynamic"', b'mode="sometimes"')
    assert not schema.validate(as_gexf_12draft(data))


def test_networkx_reads_nodes_edges_and_attributes(
    sample_kg: KnowledgeGraph, tmp_path: Path
) -> None:
    path = tmp_path / "g.gexf"
    write_gexf(sample_kg, path)
    g = nx.read_gexf(path)
    assert g.is_multigraph() and g.is_directed()
    assert g.number_of_nodes() == 11
    assert g.number_of_edges() == 19
    at_t = g.nodes["at-t"]
    assert at_t["label"] == 'AT&T <"odd"> 100% \t C#'
    assert at_t["aliases"] == "東京 ☃ | Zürich\u200f"
    assert (at_t["type"], at_t["mentions"], at_t["node_kind"]) == ("ORG", 1, "entity")
    assert at_t["viz"]["color"] == {"r": 31, "g": 119, "b": 180, "a": 1.0}
    assert g.nodes["xiaomi"]["viz"]["size"] > g.nodes["lei-jun"]["viz"]["size"]
    predicates = sorted(
        d["predicate"] for *_, d in g.edges(data=True) if d["edge_kind"] == "relation"
    )
    assert predicates == sorted(f.predicate for f in sample_kg.facts())
    develops = next(iter(g.get_edge_data("xiaomi", "milm-13b").values()))
    assert develops["evidence"] == 'Xiaomi built "MiLM-13B" <fast> & small \ufffd.'
    assert develops["confidence"] == 0.8 and develops["label"] == "develops"


def test_every_edge_has_a_gephi_kind_and_positive_weight(sample_kg: KnowledgeGraph) -> None:
    root = etree.fromstring(_gexf(sample_kg))
    edges = root.findall(".//x:edge", NS)
    assert len({e.get("id") for e in edges}) == len(edges) == 19
    assert all(float(e.get("weight", "0")) > 0 for e in edges)
    kinds = {e.get("kind") for e in edges}
    assert {"founder_of", "ceo_of", "partner_of", "open:visit", "cooccurrence", "mentions"} <= kinds


def test_gephi_keeps_typed_parallel_edges_from_gexf(sample_kg: KnowledgeGraph) -> None:
    groups = gephi_surviving_edges(etree.fromstring(_gexf(sample_kg)))
    assert groups[("founder_of", "lei-jun", "xiaomi")] == 1
    assert groups[("ceo_of", "lei-jun", "xiaomi")] == 1
    assert max(groups.values()) == 1  # Gephi merges nothing: 19 edges stay 19


def test_gephi_would_merge_them_from_graphml(sample_kg: KnowledgeGraph) -> None:
    # Why the Gephi route is GEXF: the GraphML importer gives every edge a null type.
    root = etree.fromstring("".join(generate_graphml(sample_kg)).encode())
    groups = gephi_surviving_edges(root)
    assert groups[(None, "lei-jun", "xiaomi")] == 2


def test_timeline_start_is_first_reporting_date(sample_kg: KnowledgeGraph) -> None:
    root = etree.fromstring(_gexf(sample_kg))
    graph = root.find("x:graph", NS)
    assert graph is not None
    assert (graph.get("mode"), graph.get("timeformat")) == ("dynamic", "date")
    node_start = {n.get("id"): n.get("start") for n in root.iterfind(".//x:node", NS)}
    assert node_start["lei-jun"] == "2020-01-02"
    assert node_start["article:seeds-000-related-1"] == "2020-01-03"
    assert node_start["article:seeds-001"] is None  # no publication date known
    edge_start = {
        (e.get("source"), e.get("kind"), e.get("target")): e.get("start")
        for e in root.iterfind(".//x:edge", NS)
    }
    assert edge_start[("lei-jun", "founder_of", "xiaomi")] == "2020-01-02"
    assert edge_start[("lei-jun", "ceo_of", "xiaomi")] is None
    assert edge_start[("lei-jun", "cooccurrence", "wuhan")] is None  # only seeds/001, undated
    assert edge_start[("article:seeds-000", "mentions", "xiaomi")] == "2020-01-02"


def test_start_derived_from_evidence_when_first_seen_missing() -> None:
    g = build_sample_kg().to_networkx()
    g.nodes["wuhan"]["first_seen"] = None  # mentioned by seeds-001 only: no date
    g.nodes["ai"]["first_seen"] = None  # mentioned by seeds-000 (2020-01-02)
    g["lei-jun"]["xiaomi"]["founder_of"]["first_seen"] = None
    root = etree.fromstring(_gexf(KnowledgeGraph(g)))
    node_start = {n.get("id"): n.get("start") for n in root.iterfind(".//x:node", NS)}
    assert (node_start["wuhan"], node_start["ai"]) == (None, "2020-01-02")
    founder = root.find(".//x:edge[@kind='founder_of']", NS)
    assert founder is not None and founder.get("start") == "2020-01-02"


def test_no_data_attribute_uses_a_gephi_reserved_name(sample_kg: KnowledgeGraph) -> None:
    root = etree.fromstring(_gexf(sample_kg))
    declared = root.findall(".//x:attributes/x:attribute", NS)
    assert declared
    names = {a.get("id") for a in declared} | {a.get("title") for a in declared}
    assert not names & GEPHI_RESERVED
    types = {a.get("type") for a in declared}
    assert types <= {"integer", "long", "double", "float", "boolean", "string"}


def test_visual_off_writes_no_viz(sample_kg: KnowledgeGraph) -> None:
    assert b"viz:color" in _gexf(sample_kg)
    data = _gexf(sample_kg, visual=False)
    assert b"viz:color" not in data and b"viz:size" not in data
    assert b'for="mentions"' in data


def test_deterministic_bytes(sample_kg: KnowledgeGraph) -> None:
    buffer = io.BytesIO()
    write_gexf(build_sample_kg(), buffer, options=_options())
    assert _gexf(sample_kg) == buffer.getvalue()


def test_registered() -> None:
    exporter = get_exporter("application/gexf+xml")
    assert (exporter.name, exporter.filename) == ("gexf", "graph.gexf")
    assert exporter.read is read_gexf


def test_read_gexf_round_trip(sample_kg: KnowledgeGraph, tmp_path: Path) -> None:
    path = tmp_path / "g.gexf"
    write_gexf(sample_kg, path)
    back = read_gexf(path)
    assert list(back.entities()) == list(sample_kg.entities())
    assert list(back.articles()) == list(sample_kg.articles())
    want = [
        (f.subject, f.predicate, f.object, f.weight, f.confidence, f.typed)
        for f in sample_kg.facts(typed=None)
    ]
    got = [
        (f.subject, f.predicate, f.object, f.weight, f.confidence, f.typed)
        for f in back.facts(typed=None)
    ]
    assert got == want
    founder = back.graph["lei-jun"]["xiaomi"]["founder_of"]
    assert founder["evidence"] == (
        sample_kg.graph["lei-jun"]["xiaomi"]["founder_of"]["evidence"][0],
    )
    assert back.graph["lei-jun"]["wuhan"]["cooccurrence"]["sources"] == ("seeds/001.txt",)
    assert back.graph["article:seeds-000"]["xiaomi"]["mentions"]["count"] == 5


def test_read_gexf_reports_bad_input(tmp_path: Path) -> None:
    path = tmp_path / "bad.gexf"
    path.write_text('<gexf><graph><edges><edge source="a" target="b"/></edges></graph></gexf>')
    with pytest.raises(ExportError, match=r"bad\.gexf: edge None points at a missing node"):
        read_gexf(path)
