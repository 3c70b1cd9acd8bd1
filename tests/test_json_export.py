"""Node-link JSON export: lossless round trip, deterministic layout, header."""

from __future__ import annotations

import io
import json
import math
from pathlib import Path

import pytest

from kgraph import __version__
from kgraph.config import DEFAULT_BASE_IRI, ExportConfig
from kgraph.errors import ExportError
from kgraph.export.jsongraph import FORMAT_VERSION, generate_json, read_json, write_json
from kgraph.export.registry import ExportOptions, get_exporter
from kgraph.graph.knowledge import KnowledgeGraph
from kgraph.model import Provenance

from .conftest import build_sample_kg


def _options(**changes: object) -> ExportOptions:
    return ExportOptions(base_iri=DEFAULT_BASE_IRI, export=ExportConfig(**changes))  # type: ignore[arg-type]


def _assert_same_graph(a: KnowledgeGraph, b: KnowledgeGraph) -> None:
    assert dict(a.graph.nodes(data=True)) == dict(b.graph.nodes(data=True))
    edges_a = sorted(a.graph.edges(keys=True, data=True), key=lambda e: e[:3])
    edges_b = sorted(b.graph.edges(keys=True, data=True), key=lambda e: e[:3])
    assert edges_a == edges_b
    assert a.graph.graph == b.graph.graph


def test_round_trip_is_lossless(sample_kg: KnowledgeGraph, tmp_path: Path) -> None:
    path = tmp_path / "graph.json"
    write_json(sample_kg, path)
    back = read_json(path)
    _assert_same_graph(sample_kg, back)
    founder = back.graph["lei-jun"]["xiaomi"]["founder_of"]
    assert isinstance(founder["evidence"][0], Provenance)
    assert back.merge_log == sample_kg.merge_log
    assert list(back.facts(typed=None)) == list(sample_kg.facts(typed=None))


def test_every_provenance_field_and_qualifier_survives(tmp_path: Path) -> None:
    g = build_sample_kg().to_networkx()
    prov = Provenance(
        doc_id="d#line-3",
        source_path="d.jsonl",
        sentence="Acme invested $5 million in Beta.",
        start=3,
        end=36,
        confidence=0.7,
        rule="invest-verb",
        published="2021-05-06",
        modality="planned",
        attrs=(("amount", "$5 million"), ("role", "lead")),
    )
    g.add_edge("xiaomi", "ai", key="invests_in", kind="relation", predicate="invests_in",
               weight=1, confidence=0.7, evidence=(prov,), first_seen="2021-05-06")  # fmt: skip
    kg = KnowledgeGraph(g)
    path = tmp_path / "graph.json"
    write_json(kg, path)
    back = read_json(path)
    assert back.graph["xiaomi"]["ai"]["invests_in"]["evidence"] == (prov,)
    _assert_same_graph(kg, back)


def test_layout_header_and_sorting(sample_kg: KnowledgeGraph) -> None:
    text = "".join(generate_json(sample_kg))
    doc = json.loads(text)
    assert doc["kgraph"] == {"format": FORMAT_VERSION, "version": __version__}
    assert list(doc) == sorted(doc)
    assert doc["directed"] is True and doc["multigraph"] is True
    ids = [n["id"] for n in doc["nodes"]]
    assert ids == sorted(ids) and len(ids) == 11
    keys = [(link["source"], link["target"], link["key"]) for link in doc["links"]]
    assert keys == sorted(keys) and len(keys) == 19
    assert "東京 ☃" in text  # ensure_ascii=False
    for line in text.splitlines()[5:]:
        if line.startswith("{"):
            item = json.loads(line.rstrip(","))
            assert list(item) == sorted(item)


def test_deterministic_bytes(sample_kg: KnowledgeGraph, tmp_path: Path) -> None:
    buffer = io.BytesIO()
    write_json(build_sample_kg(), buffer)
    write_json(sample_kg, tmp_path / "g.json")
    assert (tmp_path / "g.json").read_bytes() == buffer.getvalue()


def test_lone_surrogates_and_control_characters_round_trip(tmp_path: Path) -> None:
    g = build_sample_kg().to_networkx()
    g.nodes["kfgo"]["label"] = "bad \ud800 pair \x01 end"
    kg = KnowledgeGraph(g)
    path = tmp_path / "g.json"
    write_json(kg, path)
    path.read_bytes().decode("utf-8")  # valid UTF-8 despite the surrogate
    assert read_json(path).get_entity("kfgo").label == "bad \ud800 pair \x01 end"


def test_options_filter_like_the_other_formats(sample_kg: KnowledgeGraph) -> None:
    doc = json.loads("".join(generate_json(sample_kg, options=_options(articles=False))))
    assert not [n for n in doc["nodes"] if n["kind"] == "article"]
    assert not [link for link in doc["links"] if link["kind"] == "mentions"]
    doc = json.loads(
        "".join(generate_json(sample_kg, options=_options(cooccurrence=False, min_confidence=0.8)))
    )
    kinds = {link.get("predicate", link["kind"]) for link in doc["links"]}
    assert "cooccurrence" not in kinds and "partner_of" not in kinds and "visit" not in kinds
    assert {"founder_of", "ceo_of", "mentions"} <= kinds


def test_values_json_cannot_hold_are_refused(sample_kg: KnowledgeGraph) -> None:
    g = sample_kg.to_networkx()
    g["lei-jun"]["xiaomi"]["ceo_of"]["confidence"] = math.nan
    with pytest.raises(ExportError, match="ceo_of"):
        "".join(generate_json(KnowledgeGraph(g)))
    g["lei-jun"]["xiaomi"]["ceo_of"]["confidence"] = object()
    with pytest.raises(ExportError, match="type object"):
        "".join(generate_json(KnowledgeGraph(g)))


@pytest.mark.parametrize(
    "content",
    ["not json", '{"nodes": [], "links": []}', '{"kgraph": {"format": 99}, "nodes": []}'],
)
def test_read_json_refuses_what_it_cannot_trust(tmp_path: Path, content: str) -> None:
    path = tmp_path / "x.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ExportError, match=r"x\.json"):
        read_json(path)


def test_registered() -> None:
    exporter = get_exporter("json")
    assert (exporter.filename, exporter.media_type) == ("graph.json", "application/json")
    assert exporter.read is read_json
