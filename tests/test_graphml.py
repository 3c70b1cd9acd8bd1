"""GraphML export: schema validity, two independent readers, Gephi naming rules."""

from __future__ import annotations

import dataclasses
import io
import re
from pathlib import Path

import igraph
import networkx as nx
import pytest
from lxml import etree

from kgraph.config import DEFAULT_BASE_IRI, ExportConfig
from kgraph.errors import ExportError
from kgraph.export.graphml import generate_graphml, read_graphml, write_graphml
from kgraph.export.registry import ExportOptions, get_exporter
from kgraph.graph.knowledge import KnowledgeGraph

from .conftest import SCHEMAS, build_sample_kg

NS = {"g": "http://graphml.graphdrawing.org/xmlns"}
NMTOKEN = re.compile(r"[\w.\-:]+")
# Names Gephi's ImporterGraphML maps to its own properties (key id or attr.name).
GEPHI_NODE_SPECIALS = {"label", "d3", "x", "y", "xpos", "ypos", "z", "size", "r", "g", "b", "color"}
GEPHI_EDGE_SPECIALS = {"label", "edgelabel", "d7", "weight", "Edge Weight", "id", "edgeid"}
GEPHI_EDGE_SPECIALS |= {"r", "g", "b", "color"}


def _options(**changes: object) -> ExportOptions:
    return ExportOptions(base_iri=DEFAULT_BASE_IRI, export=ExportConfig(**changes))  # type: ignore[arg-type]


def _write(kg: KnowledgeGraph, path: Path, **changes: object) -> Path:
    write_graphml(kg, path, options=_options(**changes))
    return path


@pytest.fixture(scope="module")
def schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMAS / "graphml.xsd")))


@pytest.mark.parametrize(
    "changes",
    [{}, {"visual": False}, {"articles": False}, {"cooccurrence": False, "min_weight": 2}],
)
def test_validates_against_graphml_schema(
    sample_kg: KnowledgeGraph, tmp_path: Path, schema: etree.XMLSchema, changes: dict[str, object]
) -> None:
    doc = etree.parse(str(_write(sample_kg, tmp_path / "g.graphml", **changes)))
    assert schema.validate(doc), schema.error_log


def test_schema_rejects_what_we_guard_against(tmp_path: Path, schema: etree.XMLSchema) -> None:
    # The validator is only useful if it catches repeated edge ids (networkx's bug).
    g = nx.MultiDiGraph()
    g.add_edge("a", "b", key=0)
    g.add_edge("a", "c", key=0)
    path = tmp_path / "nx.graphml"
    nx.write_graphml(g, path)
    assert not schema.validate(etree.parse(str(path)))


def test_networkx_and_igraph_read_the_same_counts(
    sample_kg: KnowledgeGraph, tmp_path: Path
) -> None:
    path = _write(sample_kg, tmp_path / "g.graphml")
    g_nx = nx.read_graphml(path, force_multigraph=True)
    g_ig = igraph.Graph.Read_GraphML(str(path))
    expected_edges = sample_kg.graph.number_of_edges()
    assert g_nx.number_of_nodes() == g_ig.vcount() == sample_kg.graph.number_of_nodes() == 11
    assert g_nx.number_of_edges() == g_ig.ecount() == expected_edges == 19
    assert g_ig.is_directed()
    assert sorted(g_ig.es["predicate"]) == sorted(d["predicate"] for *_, d in g_nx.edges(data=True))


def test_edge_ids_unique_weights_positive_ids_nmtokens(
    sample_kg: KnowledgeGraph, tmp_path: Path
) -> None:
    root = etree.parse(str(_write(sample_kg, tmp_path / "g.graphml"))).getroot()
    edge_ids = [e.get("id") for e in root.iterfind(".//g:edge", NS)]
    assert len(edge_ids) == len(set(edge_ids)) == 19
    weights = [float(d.text) for d in root.iterfind(".//g:edge/g:data[@key='e_weight']", NS)]
    assert len(weights) == 19 and min(weights) > 0
    node_ids = [n.get("id") for n in root.iterfind(".//g:node", NS)]
    assert "article:seeds-000" in node_ids
    assert all(NMTOKEN.fullmatch(i) for i in node_ids + edge_ids)


def test_node_id_that_is_no_nmtoken_is_refused(sample_kg: KnowledgeGraph) -> None:
    g = sample_kg.to_networkx()
    nx.relabel_nodes(g, {"wuhan": "wu han"}, copy=False)
    with pytest.raises(ExportError, match="'wu han' is not a valid GraphML id"):
        "".join(generate_graphml(KnowledgeGraph(g)))


def test_contract_columns_and_typed_parallel_edges(
    sample_kg: KnowledgeGraph, tmp_path: Path
) -> None:
    g = nx.read_graphml(_write(sample_kg, tmp_path / "g.graphml"), force_multigraph=True)
    lei = g.nodes["lei-jun"]
    assert (lei["label"], lei["type"], lei["mentions"], lei["documents"]) == (
        "Lei Jun",
        "PERSON",
        7,
        4,
    )
    assert lei["iri"] == "https://w3id.org/kgraph/id/entity/lei-jun"
    assert g.nodes["xiaomi"]["aliases"] == "Xiaomi Corp | Xiaomi Corp."
    between = {d["predicate"]: d for d in g.get_edge_data("lei-jun", "xiaomi").values()}
    assert set(between) == {"founder_of", "ceo_of"}
    founder = between["founder_of"]
    assert founder["label"] == "founder of"
    assert founder["weight"] == 2.0 and founder["confidence"] == 0.9
    assert founder["evidence"] == "Lei Jun, founder of Xiaomi, said."  # highest confidence
    assert founder["sources"] == "seeds/000.txt | seeds/001.txt"
    assert founder["kind"] == "relation"
    kinds = {d["kind"] for *_, d in g.edges(data=True)}
    assert kinds == {"relation", "open", "cooccurrence", "mentions", "about", "publisher"}
    assert g.get_edge_data("lei-jun", "wuhan")[next(iter(g["lei-jun"]["wuhan"]))]["weight"] == 3.0


def test_hostile_text_is_escaped_and_illegal_characters_replaced(
    sample_kg: KnowledgeGraph, tmp_path: Path
) -> None:
    path = _write(sample_kg, tmp_path / "g.graphml")
    raw = path.read_bytes()
    assert b"\x01" not in raw
    g = nx.read_graphml(path, force_multigraph=True)
    assert g.nodes["at-t"]["label"] == 'AT&T <"odd"> 100% \t C#'
    assert g.nodes["at-t"]["aliases"] == "東京 ☃ | Zürich\u200f"
    assert g.nodes["article:seeds-000"]["url"] == "https://kfgo.com/news/1?a=b&c=d"
    develops = next(iter(g.get_edge_data("xiaomi", "milm-13b").values()))
    assert develops["evidence"] == 'Xiaomi built "MiLM-13B" <fast> & small \ufffd.'


def test_carriage_returns_and_surrogates_survive_parsing(tmp_path: Path) -> None:
    g = build_sample_kg().to_networkx()
    g.nodes["kfgo"]["label"] = "line\r\nbreak \ud800 end\ufffe"
    path = _write(KnowledgeGraph(g), tmp_path / "g.graphml")
    back = nx.read_graphml(path)
    assert back.nodes["kfgo"]["label"] == "line\r\nbreak \ufffd end\ufffd"


def test_empty_values_write_no_data_element(sample_kg: KnowledgeGraph, tmp_path: Path) -> None:
    root = etree.parse(str(_write(sample_kg, tmp_path / "g.graphml"))).getroot()

    def keys(node_id: str) -> set[str]:
        node = root.find(f".//g:node[@id='{node_id}']", NS)
        assert node is not None
        return {d.get("key") for d in node.iterfind("g:data", NS)}

    assert "v_aliases" not in keys("kfgo")  # no aliases
    assert "v_headline" not in keys("article:seeds-001")  # headline None
    assert "v_aliases" in keys("xiaomi")
    assert all(d.text for d in root.iterfind(".//g:data", NS))


def test_gephi_special_names_are_used_only_on_purpose(sample_kg: KnowledgeGraph) -> None:
    text = "".join(generate_graphml(sample_kg, options=_options(visual=False)))
    root = etree.fromstring(text.encode())
    node_keys = {(k.get("id"), k.get("attr.name")) for k in root.iterfind("g:key[@for='node']", NS)}
    edge_keys = {(k.get("id"), k.get("attr.name")) for k in root.iterfind("g:key[@for='edge']", NS)}
    assert {n for _, n in node_keys} & GEPHI_NODE_SPECIALS == {"label"}
    assert {n for _, n in edge_keys} & GEPHI_EDGE_SPECIALS == {"label", "weight"}
    assert not {i for i, _ in node_keys} & GEPHI_NODE_SPECIALS
    assert not {i for i, _ in edge_keys} & GEPHI_EDGE_SPECIALS
    types = {k.get("attr.type") for k in root.iterfind("g:key", NS)}
    assert types <= {"boolean", "int", "long", "float", "double", "string"}


def test_visual_attributes_are_extra_integer_columns(sample_kg: KnowledgeGraph) -> None:
    root = etree.fromstring("".join(generate_graphml(sample_kg)).encode())
    visual = {k.get("attr.name"): k.get("attr.type") for k in root.iterfind("g:key", NS)}
    assert visual["r"] == visual["g"] == visual["b"] == "int"
    assert visual["size"] == "double"
    assert {"type", "mentions", "label"} <= set(visual)  # data columns still there
    person = root.find(".//g:node[@id='lei-jun']", NS)
    assert person is not None
    values = {d.get("key"): d.text for d in person.iterfind("g:data", NS)}
    assert (values["v_r"], values["v_g"], values["v_b"]) == ("214", "39", "40")
    org = root.find(".//g:node[@id='xiaomi']", NS)
    assert org is not None
    xiaomi_size = float(next(d.text for d in org if d.get("key") == "v_size"))
    assert xiaomi_size > float(values["v_size"])  # 20 mentions > 7 mentions


def test_options_filter_edges_and_articles(sample_kg: KnowledgeGraph, tmp_path: Path) -> None:
    def edges(**changes: object) -> set[tuple[str, str, str]]:
        g = nx.read_graphml(
            _write(sample_kg, tmp_path / "o.graphml", **changes), force_multigraph=True
        )
        return {(u, v, d["predicate"]) for u, v, d in g.edges(data=True)}

    everything = edges()
    assert ("lei-jun", "wuhan", "cooccurrence") in everything
    assert not any(p == "cooccurrence" for *_, p in edges(cooccurrence=False))
    no_articles = edges(articles=False)
    assert not any(u.startswith("article:") for u, _, _ in no_articles)
    g = nx.read_graphml(_write(sample_kg, tmp_path / "a.graphml", articles=False))
    assert g.number_of_nodes() == 8
    assert edges(min_weight=2) == {
        ("lei-jun", "xiaomi", "founder_of"),
        ("lei-jun", "wuhan", "cooccurrence"),
    } | {e for e in everything if e[0].startswith("article:")}
    confident = {p for _, _, p in edges(min_confidence=0.8, articles=False)}
    assert confident == {"founder_of", "ceo_of", "develops", "headquartered_in", "cooccurrence"}


def test_output_is_deterministic_to_path_and_handle(
    sample_kg: KnowledgeGraph, tmp_path: Path
) -> None:
    first = _write(sample_kg, tmp_path / "1.graphml").read_bytes()
    second = _write(build_sample_kg(), tmp_path / "2.graphml").read_bytes()
    buffer = io.BytesIO()
    write_graphml(sample_kg, buffer, options=_options())
    assert first == second == buffer.getvalue()


def test_read_graphml_round_trip(sample_kg: KnowledgeGraph, tmp_path: Path) -> None:
    back = read_graphml(_write(sample_kg, tmp_path / "g.graphml"))
    assert list(back.entities()) == list(sample_kg.entities())
    assert list(back.articles()) == list(sample_kg.articles())
    for kind in (True, False):
        want = [
            (f.subject, f.predicate, f.object, f.weight, f.confidence)
            for f in sample_kg.facts(typed=kind)
        ]
        got = [
            (f.subject, f.predicate, f.object, f.weight, f.confidence)
            for f in back.facts(typed=kind)
        ]
        assert got == want
    founder = next(f for f in back.facts() if f.predicate == "founder_of")
    original = next(f for f in sample_kg.facts() if f.predicate == "founder_of")
    assert founder.evidence == (original.evidence[0],)  # one statement kept, all its fields
    co = back.graph.get_edge_data("lei-jun", "wuhan")["cooccurrence"]
    assert (co["weight"], co["sources"]) == (3, ("seeds/001.txt",))
    assert back.graph.get_edge_data("article:seeds-001", "wuhan")["mentions"]["count"] == 6


def test_read_graphml_reports_bad_input(tmp_path: Path) -> None:
    path = tmp_path / "bad.graphml"
    path.write_text("<graphml><graph>", encoding="utf-8")
    with pytest.raises(ExportError, match=r"bad\.graphml: cannot read GraphML"):
        read_graphml(path)


def test_registered_under_its_names() -> None:
    exporter = get_exporter("application/graphml+xml")
    assert (exporter.name, exporter.filename) == ("graphml", "graph.graphml")
    assert get_exporter("GraphML") is exporter
    assert exporter.read is read_graphml


def test_base_iri_is_used(sample_kg: KnowledgeGraph) -> None:
    opts = dataclasses.replace(_options(), base_iri="https://example.org/kg/")
    text = "".join(generate_graphml(sample_kg, options=opts))
    assert "https://example.org/kg/entity/lei-jun" in text
    assert "w3id.org/kgraph/id/" not in text


def test_non_numeric_weight_or_confidence_is_refused(sample_kg: KnowledgeGraph) -> None:
    g = sample_kg.to_networkx()
    g["xiaomi"]["wuhan"]["headquartered_in"]["confidence"] = float("inf")
    with pytest.raises(ExportError, match=r"xiaomi -> wuhan \(headquartered_in\) confidence"):
        "".join(generate_graphml(KnowledgeGraph(g)))
    g["xiaomi"]["wuhan"]["headquartered_in"]["confidence"] = 0.8
    g["lei-jun"]["wuhan"]["cooccurrence"]["weight"] = "many"
    with pytest.raises(ExportError, match="weight is 'many', not a number"):
        "".join(generate_graphml(KnowledgeGraph(g)))


def test_zero_weight_is_refused_not_dropped(sample_kg: KnowledgeGraph) -> None:
    # Gephi would silently drop it; the export names it instead.
    g = sample_kg.to_networkx()
    g["article:seeds-000"]["ai"]["mentions"]["count"] = 0
    with pytest.raises(ExportError, match=r"article:seeds-000 -> ai \(mentions\) weight is 0\.0"):
        "".join(generate_graphml(KnowledgeGraph(g)))


def test_an_edge_kind_unknown_to_the_exporter_is_still_written(
    sample_kg: KnowledgeGraph, tmp_path: Path
) -> None:
    g = sample_kg.to_networkx()
    g.add_edge("article:seeds-001", "xiaomi", key="quotes", kind="quotes")
    back = nx.read_graphml(_write(KnowledgeGraph(g), tmp_path / "g.graphml"), force_multigraph=True)
    quotes = [d for u, v, d in back.edges(data=True) if d["kind"] == "quotes"]
    assert quotes == [
        {
            "predicate": "quotes",
            "label": "quotes",
            "weight": 1.0,
            "sources": "seeds/001.txt",
            "kind": "quotes",
        }
    ]
