"""The Python lookup API: names, neighbours, relations, path, subgraph (on ``sample_kg``)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

import networkx as nx
import pytest

from kgraph.errors import (
    ArgumentError,
    EntityNotFound,
    KGraphError,
    LookupFailed,
    PathNotFound,
)
from kgraph.graph import load as load_module
from kgraph.graph import lookup, names
from kgraph.graph.knowledge import Fact, KnowledgeGraph
from kgraph.graph.lookup import Hop, Neighbour
from kgraph.graph.names import NameIndex, strip_corporate_suffixes
from kgraph.graph.schema import NODE_ARTICLE, NODE_ENTITY
from kgraph.model import Entity, Provenance


def _rows(ns: list[Neighbour]) -> list[tuple[int, str, str, str]]:
    return [(n.distance, n.direction, n.predicate, n.entity.key) for n in ns]


# -- names -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "key"),
    [
        ("Xiaomi", "xiaomi"),
        ("xiaomi corp", "xiaomi"),  # alias, other case
        ("XIAOMI CORP.", "xiaomi"),
        ("Xiaomi Corporation", "xiaomi"),  # corporate suffix tolerated
        ("Xiaomi Co., Ltd.", "xiaomi"),
        ("the Xiaomi's", "xiaomi"),
        ("  lei   JUN ", "lei-jun"),
        ("Lei-Jun", "lei-jun"),
        ("lei-jun", "lei-jun"),  # node id
        ("Lei", "lei-jun"),  # alias
        ("artificial intelligence", "ai"),
        ("Microsoft Corp", "microsoft"),
        ("milm 13b", "milm-13b"),
        ("東京 ☃", "at-t"),  # non-Latin alias
        ("zurich", "at-t"),  # accents folded in the last resort
        ('at&t <"odd"> 100% \t c#', "at-t"),
    ],
)
def test_entity_resolves_labels_aliases_slugs_and_suffixes(
    sample_kg: KnowledgeGraph, query: str, key: str
) -> None:
    assert sample_kg.entity(query).key == key


def test_entity_returns_the_full_entity(sample_kg: KnowledgeGraph) -> None:
    entity = sample_kg.entity("xiaomi corp")
    assert entity == Entity(
        key="xiaomi",
        label="Xiaomi",
        type="ORG",
        aliases=("Xiaomi Corp", "Xiaomi Corp."),
        mentions=20,
        documents=5,
        first_seen="2020-01-02T06:47:00Z",
    )
    assert sample_kg.entity(entity) == entity  # an Entity resolves to itself


def test_miss_raises_lookup_failed_with_suggestions(sample_kg: KnowledgeGraph) -> None:
    with pytest.raises(EntityNotFound) as info:
        sample_kg.entity("Xiaomy")
    err = info.value
    assert isinstance(err, LookupFailed) and isinstance(err, KGraphError)
    assert err.suggestions == ("Xiaomi",)
    assert "did you mean: Xiaomi?" in str(err) and "'Xiaomy'" in str(err)
    with pytest.raises(EntityNotFound) as nothing_close:
        sample_kg.entity("Qqqqqqqq")
    assert nothing_close.value.suggestions == ()
    assert "did you mean" not in str(nothing_close.value)


def test_articles_are_not_entities(sample_kg: KnowledgeGraph) -> None:
    with pytest.raises(EntityNotFound):
        sample_kg.entity("article:seeds-000")
    with pytest.raises(EntityNotFound):
        sample_kg.entity("Xiaomi to invest $7 billion")  # a headline


def test_exact_spelling_beats_normalised_collision() -> None:
    # "C#" and "C" normalise alike; the exact spelling decides, and ties go to mentions.
    index = NameIndex.from_nodes(
        [
            ("c", {"kind": "entity", "label": "C", "type": "TECH", "mentions": 1}),
            ("c-sharp", {"kind": "entity", "label": "C#", "type": "TECH", "mentions": 9}),
            ("apple", {"kind": "entity", "label": "Apple", "type": "ORG", "mentions": 50}),
            ("apple-2", {"kind": "entity", "label": "APPLE", "type": "ORG", "mentions": 5}),
        ]
    )
    assert index.find("C#") == "c-sharp"
    assert index.find("C") == "c"
    assert index.find("c.") == "c-sharp"  # no exact hit: more mentions win
    assert index.find("apple") == "apple"
    assert len(index) == 4 and "apple-2" in index and "nope" not in index


def test_label_beats_another_entitys_alias() -> None:
    index = NameIndex.from_nodes(
        [
            ("meta", {"kind": "entity", "label": "Meta", "type": "ORG", "aliases": ("Facebook",)}),
            ("facebook", {"kind": "entity", "label": "Facebook", "type": "PRODUCT"}),
        ]
    )
    assert index.find("facebook") == "facebook"
    assert index.find("FACEBOOK!") == "facebook"


def test_corporate_suffixes_only_stripped_at_the_end() -> None:
    assert strip_corporate_suffixes("xiaomi corp ltd") == "xiaomi"
    assert strip_corporate_suffixes("group lotus") == "group lotus"
    assert strip_corporate_suffixes("inc") == "inc"


def test_name_index_is_built_once_and_follows_added_nodes(
    sample_kg: KnowledgeGraph, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = []
    original = NameIndex.from_nodes.__func__  # type: ignore[attr-defined]

    def counting(cls: type[NameIndex], nodes: object) -> NameIndex:
        calls.append(1)
        return original(cls, nodes)  # type: ignore[no-any-return]

    monkeypatch.setattr(NameIndex, "from_nodes", classmethod(counting))
    for _ in range(3):
        sample_kg.entity("Xiaomi")
        sample_kg.neighbours("Lei Jun")
    assert len(calls) == 1
    sample_kg.graph.add_node("huawei", kind="entity", label="Huawei", type="ORG")
    assert sample_kg.entity("Huawei").key == "huawei"
    assert len(calls) == 2


# -- neighbours ------------------------------------------------------------------------


def test_neighbours_depth_one_typed_only(sample_kg: KnowledgeGraph) -> None:
    rows = sample_kg.neighbours("Lei Jun")
    # Typed parallel edges are two rows; the Wuhan co-occurrence is not a relation.
    assert _rows(rows) == [
        (1, "out", "ceo_of", "xiaomi"),
        (1, "out", "founder_of", "xiaomi"),
    ]
    founder = rows[1]
    assert founder.kind == "relation" and founder.via == "lei-jun"
    assert founder.confidence == 0.9 and founder.weight == 2
    assert founder.entity.label == "Xiaomi" and founder.entity.type == "ORG"
    assert [p.sentence for p in founder.evidence] == [
        "Lei Jun, founder of Xiaomi, said.",
        "Xiaomi founder and chief executive Lei Jun, a Wuhan native, decided.",
    ]
    assert all(isinstance(p, Provenance) for p in founder.evidence)
    assert founder.evidence[0].published == "2020-01-02T06:47:00Z"
    assert founder.evidence[0].source_path == "seeds/000.txt"


def test_neighbours_results_are_frozen(sample_kg: KnowledgeGraph) -> None:
    row = sample_kg.neighbours("Lei Jun")[0]
    with pytest.raises(dataclasses.FrozenInstanceError):
        row.predicate = "x"  # type: ignore[misc]


def test_neighbours_directions(sample_kg: KnowledgeGraph) -> None:
    both = _rows(sample_kg.neighbours("Xiaomi"))
    assert both == [
        (1, "in", "ceo_of", "lei-jun"),
        (1, "out", "develops", "milm-13b"),
        (1, "in", "founder_of", "lei-jun"),
        (1, "out", "headquartered_in", "wuhan"),
        (1, "out", "partner_of", "microsoft"),  # symmetric: reported outwards
    ]
    out = _rows(sample_kg.neighbours("Xiaomi", direction="out"))
    assert out == [r for r in both if r[1] == "out"]
    into = _rows(sample_kg.neighbours("Xiaomi", direction="in"))
    # partner_of is symmetric, so it passes the "in" filter too.
    assert [r[2] for r in into] == ["ceo_of", "founder_of", "partner_of"]


def test_neighbours_depth_two_reports_the_hop_that_reached_each(
    sample_kg: KnowledgeGraph,
) -> None:
    rows = sample_kg.neighbours("Lei Jun", depth=2)
    assert _rows(rows) == [
        (1, "out", "ceo_of", "xiaomi"),
        (1, "out", "founder_of", "xiaomi"),
        (2, "out", "develops", "milm-13b"),
        (2, "out", "headquartered_in", "wuhan"),
        (2, "out", "partner_of", "microsoft"),
    ]
    assert {n.via for n in rows if n.distance == 2} == {"xiaomi"}
    assert rows[2].evidence[0].sentence.startswith("Xiaomi built")


def test_neighbours_filters(sample_kg: KnowledgeGraph) -> None:
    people = sample_kg.neighbours("Xiaomi", types=["PERSON"])
    assert {n.entity.key for n in people} == {"lei-jun"}
    only = sample_kg.neighbours("Xiaomi", predicates="partner_of")
    assert _rows(only) == [(1, "out", "partner_of", "microsoft")]
    confident = sample_kg.neighbours("Xiaomi", min_confidence=0.85)
    assert [n.predicate for n in confident] == ["ceo_of", "founder_of"]
    # types filter the output only: Wuhan is reached through Xiaomi.
    places = sample_kg.neighbours("Lei Jun", depth=2, types="PLACE")
    assert _rows(places) == [(2, "out", "headquartered_in", "wuhan")]
    # predicates restrict the walk itself: no way past Xiaomi via ceo_of.
    walk = sample_kg.neighbours("Lei Jun", depth=3, predicates=["ceo_of"])
    assert _rows(walk) == [(1, "out", "ceo_of", "xiaomi")]


def test_neighbours_optional_kinds(sample_kg: KnowledgeGraph) -> None:
    rows = sample_kg.neighbours("Lei Jun", kinds=("relation", "cooccurrence"))
    co = [n for n in rows if n.kind == "cooccurrence"]
    assert [(n.entity.key, n.predicate, n.confidence, n.weight, n.evidence) for n in co] == [
        ("wuhan", "cooccurrence", None, 3, ())
    ]
    open_rows = sample_kg.neighbours("Microsoft", kinds="open")
    assert _rows(open_rows) == [(1, "out", "visit", "at-t")]
    assert open_rows[0].kind == "open"
    # edges without a confidence cannot pass a confidence threshold
    assert not [
        n for n in sample_kg.neighbours("Lei Jun", kinds=("cooccurrence",), min_confidence=0.1)
    ]


def test_neighbours_alias_and_determinism(sample_kg: KnowledgeGraph) -> None:
    assert sample_kg.neighbors("Xiaomi", depth=2) == sample_kg.neighbours("Xiaomi", depth=2)
    # Insertion order of the networkx graph does not change the answer.
    g = sample_kg.graph
    shuffled = nx.MultiDiGraph()
    shuffled.graph.update(g.graph)
    shuffled.add_nodes_from(reversed(list(g.nodes(data=True))))
    shuffled.add_edges_from(reversed(list(g.edges(keys=True, data=True))))
    assert KnowledgeGraph(shuffled).neighbours("Xiaomi", depth=3) == sample_kg.neighbours(
        "Xiaomi", depth=3
    )


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"direction": "sideways"}, "valid directions are: both, out, in"),
        ({"types": ["COMPANY"]}, "valid types are: ORG, PERSON, PLACE, PRODUCT, TECH"),
        ({"predicates": ["founded"]}, "unknown predicate 'founded'; valid predicates are: "),
        ({"kinds": ["mentions"]}, "valid kinds are: relation, open, cooccurrence"),
        ({"depth": 0}, "depth must be an integer of at least 1, got 0"),
        ({"depth": True}, "depth must be an integer"),
        ({"min_confidence": 1.5}, "min_confidence must be between 0 and 1"),
    ],
)
def test_neighbours_rejects_bad_arguments(
    sample_kg: KnowledgeGraph, kwargs: dict[str, object], message: str
) -> None:
    with pytest.raises(ArgumentError, match=message.replace("(", r"\(")) as info:
        sample_kg.neighbours("Xiaomi", **kwargs)  # type: ignore[arg-type]
    assert isinstance(info.value, ValueError)


def test_predicate_vocabulary_includes_graph_predicates(sample_kg: KnowledgeGraph) -> None:
    # A user-defined predicate present in the graph is valid; the open lemma only
    # with kinds including "open"; a predicate added later is found on a rescan.
    with pytest.raises(ArgumentError, match=r"valid predicates are: .*founder_of"):
        sample_kg.neighbours("Microsoft", predicates="visit")
    assert _rows(sample_kg.neighbours("Microsoft", predicates="visit", kinds="open"))
    sample_kg.graph.add_edge(
        "xiaomi", "ai", key="researches", kind="relation", predicate="researches",
        weight=1, confidence=0.7, evidence=(),
    )  # fmt: skip
    assert _rows(sample_kg.neighbours("Xiaomi", predicates="researches")) == [
        (1, "out", "researches", "ai")
    ]


def test_unknown_name_in_neighbours(sample_kg: KnowledgeGraph) -> None:
    with pytest.raises(LookupFailed, match="Xiaomi"):
        sample_kg.neighbours("Xiaomii")


# -- relations -------------------------------------------------------------------------


def _triples(facts: Iterable[Fact]) -> list[tuple[str, str, str]]:
    return [(f.subject, f.predicate, f.object) for f in facts]


def test_relations_patterns(sample_kg: KnowledgeGraph) -> None:
    assert _triples(sample_kg.relations()) == _triples(sample_kg.facts())
    assert _triples(sample_kg.relations("lei jun")) == [
        ("lei-jun", "ceo_of", "xiaomi"),
        ("lei-jun", "founder_of", "xiaomi"),
    ]
    assert _triples(sample_kg.relations(object="Xiaomi Corp", predicate="founder_of")) == [
        ("lei-jun", "founder_of", "xiaomi")
    ]
    assert _triples(sample_kg.relations(predicate="develops")) == [
        ("xiaomi", "develops", "milm-13b")
    ]
    assert sample_kg.relations("Wuhan") == []  # only ever an object


def test_relations_symmetric_either_way(sample_kg: KnowledgeGraph) -> None:
    assert _triples(sample_kg.relations("Xiaomi", predicate="partner_of")) == [
        ("xiaomi", "partner_of", "microsoft")
    ]
    assert _triples(sample_kg.relations(object="Microsoft", predicate="partner_of")) == [
        ("xiaomi", "partner_of", "microsoft")
    ]
    assert _triples(sample_kg.relations("Microsoft", object="Xiaomi")) == [
        ("microsoft", "partner_of", "xiaomi")
    ]
    # A directed predicate is not reversed.
    assert sample_kg.relations("Xiaomi", object="Lei Jun") == []


def test_relations_typed_switch_and_validation(sample_kg: KnowledgeGraph) -> None:
    assert _triples(sample_kg.relations("Microsoft", typed=False)) == [
        ("microsoft", "visit", "at-t")
    ]
    both = sample_kg.relations("Microsoft", typed=None)
    assert [f.typed for f in both] == [True, False]
    with pytest.raises(ArgumentError, match="unknown predicate 'visit'"):
        sample_kg.relations(predicate="visit")
    with pytest.raises(EntityNotFound):
        sample_kg.relations(subject="Nobody Inc")


# -- path ------------------------------------------------------------------------------


def test_path_with_evidence_per_hop(sample_kg: KnowledgeGraph) -> None:
    hops = sample_kg.path("Lei Jun", "Microsoft")
    assert [str(h) for h in hops] == [
        "Lei Jun -founder_of-> Xiaomi",  # the more confident of the two parallel edges
        "Xiaomi -partner_of-> Microsoft",
    ]
    assert all(isinstance(h, Hop) and h.evidence for h in hops)
    assert hops[1].evidence[0].sentence == "Microsoft and Xiaomi will collaborate."
    assert [h.end.key for h in hops] == ["xiaomi", "microsoft"]


def test_path_crosses_edges_backwards(sample_kg: KnowledgeGraph) -> None:
    hops = sample_kg.path("Wuhan", "Lei Jun")
    assert [(h.start.key, h.predicate, h.end.key, h.forward) for h in hops] == [
        ("wuhan", "headquartered_in", "xiaomi", False),
        ("xiaomi", "founder_of", "lei-jun", False),
    ]
    assert (hops[0].subject.key, hops[0].object.key) == ("xiaomi", "wuhan")


def test_path_errors_and_edge_cases(sample_kg: KnowledgeGraph) -> None:
    assert sample_kg.path("Xiaomi", "xiaomi corp") == ()
    with pytest.raises(PathNotFound, match="no path of relation edges between 'Lei Jun' and 'AI'"):
        sample_kg.path("Lei Jun", "AI")
    with pytest.raises(LookupFailed):
        sample_kg.path("Lei Jun", "AT&T")  # only an open link reaches it
    hops = sample_kg.path("Lei Jun", "東京 ☃", kinds=("relation", "open"))
    assert [h.predicate for h in hops] == ["founder_of", "partner_of", "visit"]
    with pytest.raises(PathNotFound, match="within 2 hops"):
        sample_kg.path("Lei Jun", "東京 ☃", kinds=("relation", "open"), max_depth=2)
    shorter = sample_kg.path("Lei Jun", "Wuhan", kinds=("relation", "cooccurrence"))
    assert [h.kind for h in shorter] == ["cooccurrence"]


# -- subgraph --------------------------------------------------------------------------


def _kinds(kg: KnowledgeGraph, kind: str) -> set[str]:
    return {n for n, d in kg.graph.nodes(data=True) if d["kind"] == kind}


def test_subgraph_depth_and_closure(sample_kg: KnowledgeGraph) -> None:
    small = sample_kg.subgraph(["Lei Jun"], depth=1)
    assert isinstance(small, KnowledgeGraph)
    assert _kinds(small, NODE_ENTITY) == {"lei-jun", "xiaomi"}
    assert _kinds(small, NODE_ARTICLE) == {
        "article:seeds-000",
        "article:seeds-000-related-1",
        "article:seeds-001",
    }
    assert _triples(small.facts()) == [
        ("lei-jun", "ceo_of", "xiaomi"),
        ("lei-jun", "founder_of", "xiaomi"),
    ]
    # Closed: no attribute names a node that is not in the subgraph.
    for _, data in small.graph.nodes(data=True):
        for ref in ("parent", "publisher"):
            assert data.get(ref) is None or data[ref] in small.graph
    assert small.get_article("article:seeds-000").publisher is None  # kfgo left out
    assert small.get_article("article:seeds-000-related-1").parent == "article:seeds-000"
    assert [d.label for d in small.merge_log] == ["Xiaomi"]


def test_subgraph_depth_two_keeps_every_edge_among_kept_nodes(
    sample_kg: KnowledgeGraph,
) -> None:
    sub = sample_kg.subgraph("Xiaomi", depth=2)
    assert _kinds(sub, NODE_ENTITY) == {"xiaomi", "lei-jun", "wuhan", "microsoft", "milm-13b"}
    g = sample_kg.graph
    kept = set(sub.graph)
    expected = {(u, v, k) for u, v, k in g.edges(keys=True) if u in kept and v in kept}
    assert set(sub.graph.edges(keys=True)) == expected
    assert ("lei-jun", "wuhan", "cooccurrence") in expected  # walked or not, it is kept
    assert sub.graph.nodes["xiaomi"] == g.nodes["xiaomi"]


def test_subgraph_is_a_copy(sample_kg: KnowledgeGraph) -> None:
    sub = sample_kg.subgraph(["Wuhan"], depth=0)
    assert _kinds(sub, NODE_ENTITY) == {"wuhan"}
    sub.graph.nodes["wuhan"]["label"] = "Changed"
    assert sample_kg.entity("wuhan").label == "Wuhan"
    assert sub.subgraph(["wuhan"], depth=0).entity("Changed").key == "wuhan"
    with pytest.raises(ArgumentError, match="at least 0"):
        sample_kg.subgraph(["Wuhan"], depth=-1)


# -- module hygiene --------------------------------------------------------------------


@pytest.mark.parametrize("module", [lookup, names, load_module])
def test_all_lists_exactly_the_public_definitions(module: object) -> None:
    exported = module.__all__  # type: ignore[attr-defined]
    assert len(set(exported)) == len(exported)
    assert all(hasattr(module, name) for name in exported)
    defined = {
        name
        for name, value in vars(module).items()
        if not name.startswith("_") and getattr(value, "__module__", None) == module.__name__  # type: ignore[attr-defined]
    }
    assert defined <= set(exported)
