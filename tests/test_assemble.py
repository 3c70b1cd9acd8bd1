"""Assembly on hand-built records: evidence per sentence, co-occurrence, compact collection."""

from __future__ import annotations

import networkx as nx

from kgraph.config import Config
from kgraph.graph.assemble import _Facts, assemble
from kgraph.model import DocRecord, Document, Mention, Relation, Sentence
from kgraph.predicates import PredicateRegistry
from kgraph.resolve.entities import resolve


def _record(doc_id: str, source: str, sentences: list[str], relations=()) -> DocRecord:  # type: ignore[no-untyped-def]
    """A record whose sentences each mention "Lei Jun" and then "Xiaomi"."""
    text, spans, mentions = "", [], []
    for i, sentence in enumerate(sentences):
        start = len(text)
        for name, typ in (("Lei Jun", "PERSON"), ("Xiaomi", "ORG")):
            at = start + sentence.index(name)
            mentions.append(Mention(at, at + len(name), name, typ, i))
        text += sentence + " "
        spans.append(Sentence(start, start + len(sentence)))
    return DocRecord(
        Document(doc_id, source, text.rstrip()), tuple(spans), tuple(mentions), tuple(relations)
    )


def _ceo(sentence: int, confidence: float, rule: str) -> Relation:
    # Mentions 2i and 2i+1 are Lei Jun and Xiaomi of sentence i; built strings, so
    # equal rules are distinct objects as they are when records are decoded.
    return Relation(2 * sentence, "ceo_of", 2 * sentence + 1, sentence, confidence, "".join(rule))


def _records() -> list[DocRecord]:
    return [
        _record(
            "a.jsonl#line-1",
            "a.jsonl",
            ["Lei Jun leads Xiaomi.", "Lei Jun runs Xiaomi."],
            relations=[
                _ceo(0, 0.6, "r1"),
                _ceo(0, 0.9, "r2"),
                _ceo(1, 0.7, "r1"),
                _ceo(0, 0.8, "r3"),
            ],
        ),
        _record("b.txt", "b.txt", ["Xiaomi hired Lei Jun."], relations=[_ceo(0, 0.5, "r1")]),
        # The same source file again, after another one: listed once in ``sources``.
        _record("a.jsonl#line-2", "a.jsonl", ["Lei Jun and Xiaomi."]),
    ]


def test_evidence_keeps_the_most_confident_statement_of_each_sentence() -> None:
    recs = _records()
    kg = assemble(recs, resolve(recs, Config()), PredicateRegistry())
    (fact,) = kg.facts()
    assert (fact.subject, fact.predicate, fact.object) == ("lei-jun", "ceo_of", "xiaomi")
    assert [(p.doc_id, p.start, p.confidence, p.rule) for p in fact.evidence] == [
        ("a.jsonl#line-1", 0, 0.9, "r2"),
        ("a.jsonl#line-1", 22, 0.7, "r1"),
        ("b.txt", 0, 0.5, "r1"),
    ]
    assert (fact.weight, fact.confidence) == (3, 0.9)
    assert fact.evidence[1].sentence == "Lei Jun runs Xiaomi."


def test_cooccurrence_counts_sentences_and_lists_each_source_once() -> None:
    recs = _records()
    kg = assemble(recs, resolve(recs, Config()), PredicateRegistry())
    co = kg.graph["lei-jun"]["xiaomi"]["cooccurrence"]
    assert (co["weight"], co["sources"]) == (4, ("a.jsonl", "b.txt"))


def test_the_collection_shares_repeated_values_and_is_released_once_added() -> None:
    # Guards the memory of assembly at scale: equal rules and confidences are one
    # object each, and every collected fact and pair is dropped as its edge is added.
    recs = _records()
    resolution = resolve(recs, Config())
    built = assemble(recs, resolution, PredicateRegistry()).graph
    key_of = {
        root: n
        for n, d in built.nodes(data=True)
        for root, label in resolution.labels.items()
        if d.get("label") == label
    }
    g = nx.MultiDiGraph()
    g.add_nodes_from((n, {"type": d["type"]}) for n, d in built.nodes(data=True) if "type" in d)
    facts = _Facts()
    for rec in recs:
        facts.collect(g, rec, resolution, key_of, PredicateRegistry())
    assert facts.facts and facts.cooc
    facts.add_to(g)
    assert not facts.facts and not facts.cooc
    evidence = g["lei-jun"]["xiaomi"]["ceo_of"]["evidence"]
    r1 = [p.rule for p in evidence if p.rule == "r1"]
    assert len(r1) == 2 and r1[0] is r1[1]
