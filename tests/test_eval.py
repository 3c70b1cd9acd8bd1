"""The scoring rules of shared/eval/README.md, one hand-built graph per rule.

Each test builds the smallest KnowledgeGraph that exercises one rule and asserts exact
counts, so a change in the rule changes a number here.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import networkx as nx
import pytest

from kgraph.eval import EvalReport, evaluate, parse_gold
from kgraph.eval.render import format_text, report_to_dict
from kgraph.eval.scoring import source_name
from kgraph.graph.knowledge import KnowledgeGraph
from kgraph.graph.schema import article_node_id
from kgraph.model import Provenance
from kgraph.predicates import BUILTIN_PREDICATES

Ent = tuple[str, str, str, tuple[str, ...]]  # key, label, type, aliases


def make_kg(
    entities: Iterable[Ent],
    articles: Sequence[tuple[str, Sequence[str]]],
    facts: Iterable[tuple[str, str, str, str]] = (),
) -> KnowledgeGraph:
    """Entities; articles as (source_path, mentioned keys); facts as (s, p, o, source_path)."""
    g = nx.MultiDiGraph()
    for key, label, typ, aliases in entities:
        g.add_node(key, kind="entity", label=label, type=typ, aliases=aliases, mentions=1,
                   documents=1, first_seen=None)  # fmt: skip
    for i, (path, keys) in enumerate(articles):
        node = article_node_id(f"a{i}")
        g.add_node(node, kind="article", doc_id=f"{path}#{i}", source_path=path, headline=None,
                   published=None, url=None, topics=(), parent=None, publisher=None)  # fmt: skip
        for key in keys:
            g.add_edge(node, key, key="mentions", kind="mentions", count=1)
    for s, p, o, path in facts:
        prov = Provenance(doc_id=path, source_path=path, sentence="...", start=0, end=3,
                          confidence=0.9, rule="test")  # fmt: skip
        g.add_edge(s, o, key=p, kind="relation", predicate=p, weight=1, confidence=0.9,
                   evidence=(prov,), first_seen=None)  # fmt: skip
    return KnowledgeGraph(g)


def ent(key: str, label: str, typ: str = "ORG", *aliases: str) -> Ent:
    return (key, label, typ, aliases)


def score(kg: KnowledgeGraph, gold_yaml: str) -> EvalReport:
    return evaluate(kg, parse_gold(gold_yaml, source="test.gold.yaml"))


# --- entities ---------------------------------------------------------------------------


def test_label_matches_gold_alias_and_alias_matches_gold_name() -> None:
    kg = make_kg(
        [ent("xiaomi", "Xiaomi"), ent("lj", "L. Jun", "PERSON", "Lei Jun")],
        [("in/a.txt", ["xiaomi", "lj"])],
    )
    report = score(kg, """
documents:
  a.txt:
    entities:
      - {name: Xiaomi Corporation, type: ORG, aliases: [Xiaomi]}
      - {name: Lei Jun, type: PERSON}
""")  # fmt: skip
    e = report.entities
    assert (e.gold, e.gold_matched, e.predicted_matched, e.false_positives) == (2, 2, 2, 0)
    assert report.entity_misses == ()


def test_label_is_tried_before_aliases() -> None:
    # The node's label names Lei Jun; its alias "Xiaomi" is never consulted, so Xiaomi
    # stays a miss rather than the node matching two gold entities.
    kg = make_kg([ent("lj", "Lei Jun", "PERSON", "Xiaomi")], [("a.txt", ["lj"])])
    report = score(kg, """
documents:
  a.txt:
    entities: [{name: Lei Jun, type: PERSON}, {name: Xiaomi, type: ORG}]
""")  # fmt: skip
    assert (report.entities.gold_matched, report.entities.false_positives) == (1, 0)
    assert [m.name for m in report.entity_misses] == ["Xiaomi"]


def test_second_node_for_one_gold_entity_is_a_duplicate_false_positive() -> None:
    # Keys chosen so that key order alone would pick the wrong node.
    kg = make_kg(
        [ent("xm", "Xiaomi"), ent("xiaomi-corp", "Xiaomi Corp")],
        [("a.txt", ["xiaomi-corp", "xm"])],
    )
    report = score(kg, """
documents:
  a.txt:
    entities: [{name: Xiaomi, type: ORG, aliases: [Xiaomi Corp]}]
""")  # fmt: skip
    e = report.entities
    assert (e.gold_matched, e.false_positives) == (1, 1)
    assert (e.precision, e.recall) == (0.5, 1.0)
    (fp,) = report.entity_false_positives
    # The node whose label is the canonical gold name is the match; the other duplicates.
    assert (fp.key, fp.reason, fp.duplicate_of) == ("xiaomi-corp", "duplicate", "Xiaomi")


def test_alias_only_nodes_are_paired_to_match_as_many_gold_entities_as_possible() -> None:
    kg = make_kg(
        [ent("foo", "Foo", "ORG", "Alpha", "Beta"), ent("bar", "Bar", "ORG", "Alpha")],
        [("a.txt", ["foo", "bar"])],
    )
    report = score(kg, """
documents:
  a.txt:
    entities: [{name: Alpha, type: ORG}, {name: Beta, type: ORG}]
""")  # fmt: skip
    assert (report.entities.gold_matched, report.entities.false_positives) == (2, 0)


def test_optional_label_is_neither_right_nor_wrong_but_only_by_label() -> None:
    kg = make_kg(
        [ent("reuters", "Reuters"), ent("thomson", "Thomson", "ORG", "Reuters"),
         ent("x", "Xiaomi")],
        [("a.txt", ["reuters", "thomson", "x"])],
    )  # fmt: skip
    report = score(kg, """
documents:
  a.txt:
    entities: [{name: Xiaomi, type: ORG}]
    optional: [The Reuters]
""")  # fmt: skip
    e = report.entities
    assert (e.gold_matched, e.false_positives) == (1, 1)
    assert [(fp.key, fp.reason) for fp in report.entity_false_positives] == [
        ("thomson", "unmatched")
    ]


def test_forbidden_labels_are_false_positives_listed_apart_whatever_their_type() -> None:
    kg = make_kg(
        [ent("twitter", "Twitter"), ent("ar", "AR", "TECH"), ent("x", "Xiaomi")],
        [("a.txt", ["twitter", "ar", "x"])],
    )
    report = score(kg, """
documents:
  a.txt:
    entities: [{name: Xiaomi, type: ORG}]
    technologies: [AI]
    forbidden: [Twitter, AR]
""")  # fmt: skip
    assert (report.entities.gold_matched, report.entities.false_positives) == (1, 2)
    assert report.technologies.false_positives == 0
    assert sorted((h.name, h.key) for h in report.forbidden) == [
        ("AR", "ar"),
        ("Twitter", "twitter"),
    ]
    assert {fp.reason for fp in report.entity_false_positives} == {"forbidden"}


def test_type_accuracy_counts_matched_entities_with_a_gold_type() -> None:
    kg = make_kg(
        [
            ent("xiaomi", "Xiaomi", "PERSON"),  # wrong type
            ent("xiaoice", "Xiaoice", "PRODUCT"),  # one of two accepted types
            ent("xiao-ai", "Xiao Ai", "TECH"),  # a gold PRODUCT typed TECH: a type error
            ent("nadella", "Satya Nadella", "PERSON"),
        ],
        [("a.txt", ["xiaomi", "xiaoice", "xiao-ai", "nadella"])],
    )
    report = score(kg, """
documents:
  a.txt:
    entities:
      - {name: Xiaomi, type: ORG}
      - {name: Microsoft Xiaoice, type: [ORG, PRODUCT], aliases: [Xiaoice]}
      - {name: Xiao Ai, type: PRODUCT}
      - {name: Satya Nadella, type: PERSON}
    technologies: [AI]
""")  # fmt: skip
    e = report.entities
    assert (e.gold_matched, e.false_positives, e.type_correct) == (4, 0, 2)
    assert report.type_accuracy == 0.5
    # The two type errors are listed, with the predicted and the gold types.
    assert [(m.name, m.types, m.key, m.type) for m in report.mistyped] == [
        ("Xiaomi", ("ORG",), "xiaomi", "PERSON"),
        ("Xiao Ai", ("PRODUCT",), "xiao-ai", "TECH"),
    ]
    text = format_text(report)
    assert "Type errors (2):" in text
    assert "a.txt  Xiaomi (ORG) typed PERSON [xiaomi]" in text
    assert report_to_dict(report)["mistyped"][0] == {
        "document": "a.txt", "name": "Xiaomi", "types": ["ORG"], "key": "xiaomi",
        "label": "Xiaomi", "type": "PERSON",
    }  # fmt: skip
    # The TECH-typed "Xiao Ai" is scored as the entity it names, not as a technology.
    t = report.technologies
    assert (t.gold, t.gold_matched, t.false_positives) == (1, 0, 0)


def test_technologies_are_scored_apart_from_entities() -> None:
    kg = make_kg(
        [ent("ai", "AI", "TECH", "artificial intelligence"), ent("iot", "IoT", "TECH"),
         ent("5g", "5G", "PRODUCT"), ent("xiaomi", "Xiaomi")],
        [("a.txt", ["ai", "iot", "5g", "xiaomi"])],
    )  # fmt: skip
    report = score(kg, """
documents:
  a.txt:
    entities: [{name: Xiaomi, type: ORG}]
    technologies: [artificial intelligence, 5G, big data]
""")  # fmt: skip
    e, t = report.entities, report.technologies
    assert (e.gold, e.gold_matched, e.false_positives) == (1, 1, 0)
    assert (t.gold, t.gold_matched, t.false_positives, t.type_correct) == (3, 2, 1, 1)
    assert [fp.key for fp in report.technology_false_positives] == ["iot"]
    assert [m.name for m in report.technology_misses] == ["big data"]


def test_unmatched_non_tech_node_is_an_entity_false_positive() -> None:
    kg = make_kg([ent("giants", "Giants"), ent("x", "Xiaomi")], [("a.txt", ["giants", "x"])])
    report = score(kg, "documents: {a.txt: {entities: [{name: Xiaomi, type: ORG}]}}")
    assert report.entities.false_positives == 1
    assert report.entities.precision == 0.5
    assert report.entities.f1 == pytest.approx(2 / 3)


def test_fragmented_entity_across_the_whole_graph() -> None:
    # "Lei" is only in b.txt, yet in a.txt's gold it is an alias of Lei Jun: the
    # graph holds Lei Jun as two nodes. In a.txt itself there is no duplicate.
    kg = make_kg(
        [ent("lei-jun", "Lei Jun", "PERSON"), ent("lei", "Lei", "PERSON"),
         ent("ms", "Microsoft", "ORG", "Microsoft Xiaoice"), ent("xiaoice", "Microsoft Xiaoice")],
        [("a.txt", ["lei-jun", "ms", "xiaoice"]), ("b.txt", ["lei"])],
    )  # fmt: skip
    report = score(kg, """
documents:
  a.txt:
    entities:
      - {name: Lei Jun, type: PERSON, aliases: [Lei]}
      - {name: Microsoft, type: ORG}
      - {name: Microsoft Xiaoice, type: ORG}
  b.txt: {}
""")  # fmt: skip
    assert [(f.name, f.nodes, f.documents) for f in report.fragmented] == [
        ("Lei Jun", ("lei", "lei-jun"), ("a.txt",))
    ]
    assert report.documents[0].entities.false_positives == 0
    # b.txt has no gold entities: its "Lei" is a false positive there.
    assert report.documents[1].entities.false_positives == 1


def test_fragmented_is_reported_once_per_gold_name_over_documents() -> None:
    kg = make_kg(
        [ent("xiaomi", "Xiaomi"), ent("xiaomi-corp", "Xiaomi Corp")],
        [("a.txt", ["xiaomi"]), ("b.txt", ["xiaomi-corp"])],
    )
    gold = """
documents:
  a.txt: {entities: [{name: Xiaomi, type: ORG, aliases: [Xiaomi Corp]}]}
  b.txt: {entities: [{name: Xiaomi, type: ORG, aliases: [Xiaomi Corp.]}]}
"""
    (frag,) = score(kg, gold).fragmented
    assert (frag.nodes, frag.labels, frag.documents) == (
        ("xiaomi", "xiaomi-corp"),
        ("Xiaomi", "Xiaomi Corp"),
        ("a.txt", "b.txt"),
    )


# --- relations --------------------------------------------------------------------------

_PEOPLE = [
    ent("lei-jun", "Lei Jun", "PERSON"),
    ent("xiaomi", "Xiaomi"),
    ent("microsoft", "Microsoft"),
    ent("wuhan", "Wuhan", "PLACE"),
]
_KEYS = [k for k, *_ in _PEOPLE]
_GOLD_ENTITIES = """
    entities:
      - {name: Lei Jun, type: PERSON, aliases: [Lei]}
      - {name: Xiaomi, type: ORG}
      - {name: Microsoft, type: ORG}
      - {name: Wuhan, type: PLACE}
"""


def rel_report(facts: Iterable[tuple[str, str, str]], relations: str) -> EvalReport:
    kg = make_kg(_PEOPLE, [("a.txt", _KEYS)], [(s, p, o, "a.txt") for s, p, o in facts])
    return score(kg, f"documents:\n  a.txt:{_GOLD_ENTITIES}{relations}")


def test_relation_needs_equal_predicate_and_both_sides() -> None:
    report = rel_report(
        [("lei-jun", "founder_of", "xiaomi"), ("lei-jun", "ceo_of", "microsoft")],
        "    relations: [[Lei Jun, founder_of, Xiaomi], [Lei Jun, ceo_of, Xiaomi]]\n",
    )
    r = report.relations
    assert (r.gold, r.gold_matched, r.predicted_matched, r.false_positives) == (2, 1, 1, 1)
    assert [str(m.relation) for m in report.relation_misses] == ["Lei Jun ceo_of Xiaomi"]
    (fp,) = report.relation_false_positives
    assert (fp.subject, fp.predicate, fp.object) == ("lei-jun", "ceo_of", "microsoft")


def test_symmetric_predicates_match_in_either_order_others_do_not() -> None:
    report = rel_report(
        [("microsoft", "partner_of", "xiaomi"), ("microsoft", "competitor_of", "xiaomi"),
         ("wuhan", "headquartered_in", "xiaomi")],
        "    relations: [[Xiaomi, partner_of, Microsoft], [Xiaomi, competitor_of, Microsoft],"
        " [Xiaomi, headquartered_in, Wuhan]]\n",
    )  # fmt: skip
    r = report.relations
    assert (r.gold_matched, r.predicted_matched, r.false_positives) == (2, 2, 1)


def test_symmetric_set_agrees_with_the_predicate_vocabulary() -> None:
    from kgraph.eval import SYMMETRIC_PREDICATES

    assert {p.name for p in BUILTIN_PREDICATES if p.symmetric} == SYMMETRIC_PREDICATES


def test_any_of_alternatives_and_two_facts_for_one_gold_relation() -> None:
    # Both alternatives are predicted: the gold relation is found once (recall) and
    # both facts are right (precision counts predictions that match gold).
    report = rel_report(
        [("xiaomi", "invests_in", "wuhan"), ("microsoft", "invests_in", "wuhan")],
        "    relations: [[{any_of: [Xiaomi, Microsoft]}, invests_in, Wuhan]]\n",
    )
    r = report.relations
    assert (r.gold, r.gold_matched, r.predicted_matched, r.false_positives) == (1, 1, 2, 0)
    assert (r.precision, r.recall) == (1.0, 1.0)


def test_gold_relations_are_paired_one_to_one_with_facts_to_find_most() -> None:
    # lei-jun's fact matches both gold relations, xiaomi's only the first: a greedy
    # pairing in sorted order would give the first to lei-jun and find one.
    report = rel_report(
        [("lei-jun", "invests_in", "microsoft"), ("xiaomi", "invests_in", "microsoft")],
        "    relations: [[{any_of: [Lei Jun, Xiaomi]}, invests_in, Microsoft],"
        " [Lei Jun, invests_in, Microsoft]]\n",
    )
    assert (report.relations.gold_matched, report.relations.predicted_matched) == (2, 2)


def test_relation_sides_match_through_gold_and_node_aliases() -> None:
    kg = make_kg(
        [ent("lei", "Lei", "PERSON"), ent("xc", "Xiaomi Inc", "ORG", "Xiaomi")],
        [("a.txt", ["lei", "xc"])],
        [("lei", "ceo_of", "xc", "a.txt")],
    )
    report = score(kg, "documents:\n  a.txt:" + _GOLD_ENTITIES + """
    relations: [[Lei Jun, ceo_of, Xiaomi]]
""")  # fmt: skip
    assert (report.relations.gold_matched, report.relations.false_positives) == (1, 0)


def test_employee_of_where_gold_has_ceo_of_or_founder_of_is_neutral() -> None:
    report = rel_report(
        [("lei-jun", "employee_of", "xiaomi"), ("lei-jun", "employee_of", "microsoft")],
        "    relations: [[Lei Jun, ceo_of, Xiaomi]]\n"
        "    optional_relations: [[Lei Jun, founder_of, Microsoft]]\n",
    )
    r = report.relations
    assert (r.gold_matched, r.predicted_matched, r.false_positives) == (0, 0, 0)


def test_employee_of_without_a_ceo_or_founder_gold_is_a_false_positive() -> None:
    report = rel_report(
        [("lei-jun", "employee_of", "xiaomi")],
        "    relations: [[Lei Jun, born_in, Wuhan]]\n",
    )
    assert report.relations.false_positives == 1
    assert report.relations.precision == 0.0


def test_optional_relations_are_neither_right_nor_wrong() -> None:
    report = rel_report(
        [("xiaomi", "located_in", "wuhan"), ("microsoft", "competitor_of", "xiaomi")],
        "    relations: [[Xiaomi, headquartered_in, Wuhan]]\n"
        "    optional_relations: [[Xiaomi, located_in, Wuhan],"
        " [Xiaomi, competitor_of, Microsoft]]\n",
    )
    r = report.relations
    assert (r.gold, r.gold_matched, r.predicted_matched, r.false_positives) == (1, 0, 0, 0)
    assert (r.precision, r.recall, r.f1) == (1.0, 0.0, 0.0)


def test_tech_relations_are_scored_apart() -> None:
    kg = make_kg(
        [ent("xiaomi", "Xiaomi"), ent("ai", "AI", "TECH"), ent("iot", "IoT", "TECH"),
         ent("lei-jun", "Lei Jun", "PERSON")],
        [("a.txt", ["xiaomi", "ai", "iot", "lei-jun"])],
        [("xiaomi", "invests_in", "ai", "a.txt"), ("xiaomi", "invests_in", "iot", "a.txt"),
         ("lei-jun", "ceo_of", "xiaomi", "a.txt")],
    )  # fmt: skip
    report = score(kg, """
documents:
  a.txt:
    entities: [{name: Xiaomi, type: ORG}, {name: Lei Jun, type: PERSON}]
    technologies: [AI, IoT]
    relations: [[Lei Jun, ceo_of, Xiaomi]]
    tech_relations: [[Xiaomi, invests_in, AI], [Xiaomi, invests_in, 5G]]
""")  # fmt: skip
    r, t = report.relations, report.tech_relations
    assert (r.gold, r.gold_matched, r.false_positives) == (1, 1, 0)
    assert (t.gold, t.gold_matched, t.predicted_matched, t.false_positives) == (2, 1, 1, 1)
    assert [str(m.relation) for m in report.tech_relation_misses] == ["Xiaomi invests_in 5G"]
    assert [fp.object for fp in report.tech_relation_false_positives] == ["iot"]


def test_open_and_cooccurrence_edges_are_not_scored() -> None:
    kg = make_kg(_PEOPLE, [("a.txt", _KEYS)])
    prov = Provenance(doc_id="a.txt", source_path="a.txt", sentence="s", start=0, end=1,
                      confidence=0.5, rule="svo")  # fmt: skip
    kg.graph.add_edge("xiaomi", "microsoft", key="open:meet", kind="open", predicate="meet",
                      weight=1, confidence=0.5, evidence=(prov,))  # fmt: skip
    kg.graph.add_edge("xiaomi", "wuhan", key="cooccurrence", kind="cooccurrence", weight=1,
                      sources=("a.txt",))  # fmt: skip
    report = score(kg, f"documents:\n  a.txt:{_GOLD_ENTITIES}")
    assert report.relations.false_positives == 0


# --- documents and totals ---------------------------------------------------------------


def test_document_is_the_union_of_articles_sharing_its_file_name() -> None:
    # The related item (second article, same source path) mentions Wuhan; a fact whose
    # evidence is in b.txt does not count for a.txt.
    kg = make_kg(
        _PEOPLE,
        [("x/a.txt", ["xiaomi"]), ("x/a.txt", ["wuhan"]), ("y/b.txt", ["lei-jun", "xiaomi"])],
        [("lei-jun", "ceo_of", "xiaomi", "y/b.txt"),
         ("xiaomi", "headquartered_in", "wuhan", "x/a.txt")],
    )  # fmt: skip
    # Topic and publisher links are not mentions: Microsoft is not in a.txt.
    kg.graph.add_edge(article_node_id("a0"), "microsoft", key="about", kind="about")
    kg.graph.add_edge(article_node_id("a1"), "microsoft", key="publisher", kind="publisher")
    report = score(kg, """
documents:
  a.txt:
    entities: [{name: Xiaomi, type: ORG}, {name: Wuhan, type: PLACE}]
    relations: [[Lei Jun, ceo_of, Xiaomi]]
  b.txt:
    entities: [{name: Lei Jun, type: PERSON}, {name: Xiaomi, type: ORG}]
    relations: [[Lei Jun, ceo_of, Xiaomi]]
""")  # fmt: skip
    a, b = report.documents
    assert a.articles == (article_node_id("a0"), article_node_id("a1"))
    assert (a.entities.gold_matched, a.entities.false_positives) == (2, 0)
    assert (a.relations.gold_matched, a.relations.false_positives) == (0, 1)
    assert (b.relations.gold_matched, b.relations.false_positives) == (1, 0)


def test_totals_are_micro_averaged_over_documents() -> None:
    kg = make_kg(
        [ent("x", "Xiaomi"), ent("h", "Huawei"), ent("g", "Google")],
        [("a.txt", ["x"]), ("b.txt", ["h", "g"])],
    )
    report = score(kg, """
documents:
  a.txt: {entities: [{name: Xiaomi, type: ORG}]}
  b.txt:
    entities: [{name: Huawei, type: ORG}, {name: Apple, type: ORG}, {name: Oppo, type: ORG},
               {name: Vivo, type: ORG}]
""")  # fmt: skip
    assert [d.entities.recall for d in report.documents] == [1.0, 0.25]
    assert report.entities.recall == 0.4  # 2 of 5, not the mean of 1.0 and 0.25
    assert report.entities.precision == pytest.approx(2 / 3)


def test_gold_document_without_articles_is_all_misses_and_extra_sources_are_listed() -> None:
    kg = make_kg([ent("x", "Xiaomi")], [("c.txt", ["x"])])
    report = score(kg, "documents: {a.txt: {entities: [{name: Xiaomi, type: ORG}]}}")
    (doc,) = report.documents
    assert doc.articles == ()
    assert (doc.entities.gold, doc.entities.gold_matched, doc.entities.false_positives) == (1, 0, 0)
    assert report.unscored_sources == ("c.txt",)


def test_empty_denominators_give_one() -> None:
    report = score(make_kg([], [("a.txt", [])]), "documents: {a.txt: {}}")
    assert (report.entities.precision, report.entities.recall, report.entities.f1) == (
        1.0,
        1.0,
        1.0,
    )
    assert report.type_accuracy == 1.0


def test_source_name_is_the_base_name() -> None:
    assert source_name("seeds/sub/000.txt") == "000.txt"
    assert source_name("000.txt") == "000.txt"
