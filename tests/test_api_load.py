"""``kgraph.graph.load``: loading exports back, equal answers on every format, rdflib view."""

from __future__ import annotations

from pathlib import Path
from typing import IO, Any

import pytest

from kgraph.config import DEFAULT_BASE_IRI, ExportConfig
from kgraph.errors import ExportError, InputError
from kgraph.export import registry
from kgraph.export.registry import (
    Exporter,
    ExportOptions,
    exporters,
    get_exporter,
    write_export,
)
from kgraph.graph.knowledge import KnowledgeGraph
from kgraph.graph.load import load, readable_formats, to_rdflib

from .conftest import build_sample_kg

_OPTIONS = ExportOptions(base_iri=DEFAULT_BASE_IRI, export=ExportConfig())
#: The formats ``kgraph.load`` must read (issue 5: "load works on every export format"),
#: plus every other registered format that has a reader.
LOADABLE = tuple(
    sorted({"ttl", "graphml", "json"} | {e.name for e in exporters() if e.read is not None})
)


def _exporter_or_skip(name: str) -> Exporter:
    try:
        exporter = get_exporter(name)
    except ExportError as err:
        pytest.skip(f"the {name} exporter is not registered yet ({err})")
    return exporter


def _export(kg: KnowledgeGraph, name: str, out_dir: Path) -> Path:
    return write_export(kg, _exporter_or_skip(name), out_dir, _OPTIONS)


def _answers(kg: KnowledgeGraph) -> dict[str, Any]:
    """Lookups whose answers every loadable format preserves."""
    entities = [(e.key, e.label, e.type, tuple(sorted(e.aliases))) for e in kg.entities()]
    by_name = {
        name: kg.entity(name).key
        for name in ("xiaomi corp", "LEI", "Microsoft Corp.", "artificial intelligence", "東京 ☃")
    }
    neighbourhoods = {
        name: [
            (n.distance, n.direction, n.predicate, n.entity.key, n.via, round(n.confidence or 0, 6))
            for n in kg.neighbours(name, depth=2)
        ]
        for name in ("Lei Jun", "Xiaomi", "Wuhan", "Microsoft")
    }
    relations = [(f.subject, f.predicate, f.object) for f in kg.relations()]
    path = [str(h) for h in kg.path("Lei Jun", "Microsoft")]
    backwards = [(h.start.key, h.end.key, h.forward) for h in kg.path("Wuhan", "Lei Jun")]
    return {
        "entities": entities,
        "by_name": by_name,
        "neighbours": neighbourhoods,
        "relations": relations,
        "path": path,
        "backwards": backwards,
    }


@pytest.mark.parametrize("name", LOADABLE)
def test_load_gives_the_same_answers_as_the_graph_it_came_from(name: str, tmp_path: Path) -> None:
    original = build_sample_kg()
    target = _export(original, name, tmp_path)
    if get_exporter(name).read is None:
        pytest.fail(f"the {name} exporter has no reader, so kgraph.load cannot read {target.name}")
    loaded = load(target)
    assert isinstance(loaded, KnowledgeGraph)
    assert _answers(loaded) == _answers(original)


def _printable(text: str) -> str:
    # XML 1.0 cannot carry control characters: GraphML writes U+FFFD in their place.
    return "".join(c for c in text if c.isprintable() and c != "\ufffd")


@pytest.mark.parametrize("name", LOADABLE)
def test_loaded_evidence_comes_from_the_original_statements(name: str, tmp_path: Path) -> None:
    original = build_sample_kg()
    target = _export(original, name, tmp_path)
    if get_exporter(name).read is None:
        pytest.fail(f"the {name} exporter has no reader")
    loaded = load(target)
    sentences = {
        (n.predicate, n.entity.key): {_printable(p.sentence) for p in n.evidence}
        for n in original.neighbours("Xiaomi")
    }
    for n in loaded.neighbours("Xiaomi"):
        got = {_printable(p.sentence) for p in n.evidence}
        # GraphML keeps one sentence per edge; the lossless formats keep them all.
        assert got and got <= sentences[(n.predicate, n.entity.key)]


def test_json_load_is_lossless_for_lookups(tmp_path: Path) -> None:
    original = build_sample_kg()
    loaded = load(_export(original, "json", tmp_path))
    assert loaded.neighbours("Lei Jun", depth=3, kinds=("relation", "open", "cooccurrence")) == (
        original.neighbours("Lei Jun", depth=3, kinds=("relation", "open", "cooccurrence"))
    )


def test_load_with_explicit_format(tmp_path: Path) -> None:
    written = _export(build_sample_kg(), "json", tmp_path)
    renamed = written.rename(tmp_path / "graph.data")
    with pytest.raises(ExportError, match=r"cannot load files ending in '\.data'"):
        load(renamed)
    assert load(renamed, format="json").entity("Xiaomi").key == "xiaomi"


def test_load_errors_name_the_problem(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        load(tmp_path / "missing.json")
    with pytest.raises(InputError, match="not a file"):
        load(tmp_path)
    odd = tmp_path / "graph.xyz"
    odd.write_text("x", encoding="utf-8")
    with pytest.raises(ExportError) as info:
        load(odd)
    for suffix in readable_formats():
        assert suffix in str(info.value)
    with pytest.raises(ExportError, match="unknown export format 'nope'"):
        load(odd, format="nope")


def test_formats_without_reader_are_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def write(kg: KnowledgeGraph, out: IO[bytes], options: ExportOptions) -> None:
        out.write(b"digraph {}")

    exporters()  # register the built-in formats first
    dot = Exporter(name="dot", filename="graph.dot", media_type="text/vnd.graphviz",
                   aliases=(), write=write)  # fmt: skip
    monkeypatch.setitem(registry._REGISTRY, "dot", dot)
    monkeypatch.setitem(registry._ALIASES, "dot", "dot")
    target = write_export(build_sample_kg(), dot, tmp_path, _OPTIONS)
    with pytest.raises(ExportError, match="format 'dot' cannot be read back; readable: "):
        load(target, format="dot")
    with pytest.raises(ExportError, match=r"cannot load files ending in '\.dot'; readable"):
        load(target)
    assert ".dot" not in readable_formats()


def test_readable_formats_come_from_the_registry() -> None:
    readable = readable_formats()
    assert readable == {Path(e.filename).suffix: e for e in exporters() if e.read is not None}
    assert ".json" in readable and readable[".json"].name == "json"


def test_subgraph_exports_with_every_format(tmp_path: Path) -> None:
    sub = build_sample_kg().subgraph(["Xiaomi"], depth=1)
    keys = {e.key for e in sub.entities()}
    assert keys == {"xiaomi", "lei-jun", "wuhan", "microsoft", "milm-13b"}
    for exporter in exporters():
        target = write_export(sub, exporter, tmp_path / exporter.name, _OPTIONS)
        assert target.stat().st_size > 0
        if exporter.read is not None:
            again = exporter.read(target)
            assert {e.key for e in again.entities()} == keys, exporter.name
            assert again.neighbours("Lei Jun") and not again.neighbours("Wuhan", direction="out")


def test_to_rdflib_parses_the_turtle_export() -> None:
    _exporter_or_skip("ttl")
    import rdflib

    kg = build_sample_kg()
    graph = kg.to_rdflib()
    assert isinstance(graph, rdflib.Graph)
    entity = rdflib.Namespace(DEFAULT_BASE_IRI + "entity/")
    vocab = rdflib.Namespace("https://w3id.org/kgraph/vocab#")
    assert (entity["lei-jun"], vocab["founder_of"], entity["xiaomi"]) in graph
    assert (entity["lei-jun"], rdflib.RDFS.label, rdflib.Literal("Lei Jun")) in graph
    other = to_rdflib(kg, base_iri="https://example.org/kg/")
    assert len(other) == len(graph)
    assert (rdflib.URIRef("https://example.org/kg/entity/xiaomi"), None, None) in other
