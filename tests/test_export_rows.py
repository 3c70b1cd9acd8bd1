"""Rows of the graph-file exporters: edge order and streaming (no list of every edge)."""

from __future__ import annotations

import json

import networkx as nx
import pytest

from kgraph.config import DEFAULT_BASE_IRI, ExportConfig
from kgraph.errors import ExportError
from kgraph.export._rows import graph_rows, sorted_edges
from kgraph.export.jsongraph import generate_json
from kgraph.export.registry import ExportOptions
from kgraph.graph.knowledge import KnowledgeGraph


def _options(**changes: object) -> ExportOptions:
    return ExportOptions(base_iri=DEFAULT_BASE_IRI, export=ExportConfig(**changes))  # type: ignore[arg-type]


def test_sorted_edges_is_the_order_of_a_full_sort() -> None:
    # Node ids whose str() ties (1 and "1") and parallel edges keep the graph's order,
    # as Python's stable sort of every edge would.
    g = nx.MultiDiGraph()
    g.add_edge("b", "a", key="y", n=1)
    g.add_edge(1, "c", key="x", n=2)
    g.add_edge("1", "c", key="x", n=3)
    g.add_edge("1", "a", key="z", n=4)
    g.add_edge(1, "a", key="z", n=5)
    g.add_edge("b", "a", key="x", n=6)
    g.add_edge("b", 2, key=0, n=7)
    g.add_edge("b", "2", key="0", n=8)
    g.add_edge("a", "b", key="x", n=9)
    expected = sorted(
        g.edges(keys=True, data=True), key=lambda e: (str(e[0]), str(e[1]), str(e[2]))
    )
    assert list(sorted_edges(g)) == expected
    assert [d["n"] for *_, d in sorted_edges(g)] == [5, 4, 2, 3, 9, 7, 8, 6, 1]


def test_edge_rows_are_counted_and_numbered_in_order(sample_kg: KnowledgeGraph) -> None:
    for options in (_options(), _options(articles=False), _options(cooccurrence=False)):
        nodes, edges = graph_rows(sample_kg, options)
        rows = list(edges)
        assert len(edges) == len(rows) > 0
        assert [r.id for r in rows] == [f"e{i}" for i in range(len(rows))]
        kept = {n.id for n in nodes}
        assert all(r.source in kept and r.target in kept for r in rows)
        assert rows == sorted(rows, key=lambda r: (r.source, r.target, r.key))


def test_edge_rows_are_built_as_they_are_written(sample_kg: KnowledgeGraph) -> None:
    # An edge that cannot be written stops the export when it is reached: the rows
    # before it were already produced one by one, not collected into a list first.
    g = sample_kg.to_networkx()
    mentions = [(u, v, k) for u, v, k, d in sorted_edges(g) if d["kind"] == "mentions"]
    g.edges[mentions[-1]]["count"] = 0
    _, edges = graph_rows(KnowledgeGraph(g), _options())
    rows = iter(edges)
    first = next(rows)
    assert first.id == "e0"
    with pytest.raises(ExportError, match="weight is 0"):
        list(rows)


@pytest.mark.parametrize("changes", [{}, {"cooccurrence": False}, {"articles": False}])
def test_json_links_are_comma_separated_whatever_the_filters_drop(
    sample_kg: KnowledgeGraph, changes: dict[str, object]
) -> None:
    text = "".join(generate_json(sample_kg, options=_options(**changes)))
    links = json.loads(text)["links"]
    assert len(links) == len(text.split('"links": [\n')[1].split("\n],")[0].splitlines())
    # The last kept link ends the list, whatever kind it is.
    g = sample_kg.to_networkx()
    g.remove_edges_from(list(g.edges(keys=True)))
    assert json.loads("".join(generate_json(KnowledgeGraph(g))))["links"] == []
