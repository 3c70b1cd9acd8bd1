"""Shared fixtures: a hand-built KnowledgeGraph that follows kgraph.graph.schema, and the
extractor over the real pipeline with a helper listing the typed facts of a sentence.

The sample holds the shapes every exporter and reader must handle: typed parallel
edges (founder_of + ceo_of between the same two nodes), a symmetric predicate, an open
relation, co-occurrence, a related article with a parent, a publisher, topics, and
names that are hostile to IRIs and XML.
"""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest

from kgraph.extract.patterns import load_rules
from kgraph.extract.records import Extractor
from kgraph.graph.knowledge import KnowledgeGraph
from kgraph.graph.schema import article_node_id
from kgraph.model import Document, MergeDecision, Provenance
from kgraph.nlp.loader import load_pipeline
from kgraph.predicates import PredicateRegistry

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
#: XML schemas the exports are validated against (copies of the published ones).
SCHEMAS = REPO / "tests" / "schemas"
#: The development set's gold annotations.
SEEDS_GOLD = REPO / "eval" / "seeds.gold.yaml"


def _prov(  # noqa: PLR0917 - a terse test helper
    doc: str,
    path: str,
    sentence: str,
    start: int,
    conf: float,
    rule: str,
    published: str | None = "2020-01-02T06:47:00Z",
) -> Provenance:
    return Provenance(
        doc_id=doc,
        source_path=path,
        sentence=sentence,
        start=start,
        end=start + len(sentence),
        confidence=conf,
        rule=rule,
        published=published,
    )


def build_sample_kg() -> KnowledgeGraph:
    """Return a small KnowledgeGraph with every node and edge kind of the schema."""
    g = nx.MultiDiGraph()
    ents = [
        ("lei-jun", "Lei Jun", "PERSON", ("Lei",), 7, 4),
        ("xiaomi", "Xiaomi", "ORG", ("Xiaomi Corp", "Xiaomi Corp."), 20, 5),
        ("microsoft", "Microsoft", "ORG", (), 12, 2),
        ("wuhan", "Wuhan", "PLACE", (), 6, 1),
        ("milm-13b", "MiLM-13B", "PRODUCT", (), 1, 1),
        ("ai", "AI", "TECH", ("artificial intelligence",), 9, 4),
        ("kfgo", "KFGO", "ORG", (), 0, 0),
        ("at-t", 'AT&T <"odd"> 100% \t C#', "ORG", ("東京 ☃", "Zürich\u200f"), 1, 1),
    ]
    for key, label, typ, aliases, mentions, docs in ents:
        g.add_node(
            key,
            kind="entity",
            label=label,
            type=typ,
            aliases=aliases,
            mentions=mentions,
            documents=docs,
            first_seen="2020-01-02T06:47:00Z",
        )
    a1 = article_node_id("seeds-000")
    a2 = article_node_id("seeds-000-related-1")
    a3 = article_node_id("seeds-001")
    g.add_node(
        a1,
        kind="article",
        doc_id="seeds/000.txt",
        source_path="seeds/000.txt",
        headline="Xiaomi to invest $7 billion",
        published="2020-01-02T06:47:00Z",
        url="https://kfgo.com/news/1?a=b&c=d",
        topics=("AI",),
        parent=None,
        publisher="kfgo",
    )
    g.add_node(
        a2,
        kind="article",
        doc_id="seeds/000.txt#related-1",
        source_path="seeds/000.txt",
        headline="Related",
        published="2020-01-03",
        url=None,
        topics=(),
        parent=a1,
        publisher=None,
    )
    g.add_node(
        a3,
        kind="article",
        doc_id="seeds/001.txt",
        source_path="seeds/001.txt",
        headline=None,
        published=None,
        url="not a url",
        topics=(),
        parent=None,
        publisher=None,
    )
    s1 = "Xiaomi founder and chief executive Lei Jun, a Wuhan native, decided."
    p1 = _prov("seeds/001.txt", "seeds/001.txt", s1, 512, 0.85, "appositive-title", None)
    p2 = _prov(
        "seeds/000.txt",
        "seeds/000.txt",
        "Lei Jun, founder of Xiaomi, said.",
        10,
        0.9,
        "appositive-of",
    )
    g.add_edge(
        "lei-jun",
        "xiaomi",
        key="founder_of",
        kind="relation",
        predicate="founder_of",
        weight=2,
        confidence=0.9,
        evidence=(p2, p1),
        first_seen="2020-01-02T06:47:00Z",
    )
    g.add_edge(
        "lei-jun",
        "xiaomi",
        key="ceo_of",
        kind="relation",
        predicate="ceo_of",
        weight=1,
        confidence=0.85,
        evidence=(p1,),
        first_seen=None,
    )
    g.add_edge(
        "xiaomi",
        "wuhan",
        key="headquartered_in",
        kind="relation",
        predicate="headquartered_in",
        weight=1,
        confidence=0.8,
        evidence=(
            _prov(
                "seeds/001.txt",
                "seeds/001.txt",
                "Xiaomi opened its second headquarters in Wuhan.",
                100,
                0.8,
                "hq-open",
                None,
            ),
        ),
        first_seen=None,
    )
    p3 = _prov(
        "seeds/000.txt",
        "seeds/000.txt",
        "Microsoft and Xiaomi will collaborate.",
        40,
        0.75,
        "partner-verb",
    )
    g.add_edge(
        "microsoft",
        "xiaomi",
        key="partner_of",
        kind="relation",
        predicate="partner_of",
        weight=1,
        confidence=0.75,
        evidence=(p3,),
        first_seen="2020-01-02T06:47:00Z",
    )
    g.add_edge(
        "xiaomi",
        "milm-13b",
        key="develops",
        kind="relation",
        predicate="develops",
        weight=1,
        confidence=0.8,
        evidence=(
            _prov(
                "seeds/000.txt",
                "seeds/000.txt",
                'Xiaomi built "MiLM-13B" <fast> & small \x01.',
                70,
                0.8,
                "develop-verb",
            ),
        ),
        first_seen="2020-01-02T06:47:00Z",
    )
    g.add_edge(
        "microsoft",
        "at-t",
        key="open:visit",
        kind="open",
        predicate="visit",
        weight=1,
        confidence=0.5,
        evidence=(
            _prov("seeds/000.txt", "seeds/000.txt", "Microsoft visited AT&T.", 90, 0.5, "svo"),
        ),
        first_seen=None,
    )
    g.add_edge(
        "lei-jun",
        "wuhan",
        key="cooccurrence",
        kind="cooccurrence",
        weight=3,
        sources=("seeds/001.txt",),
    )
    for art, ent, count in [
        (a1, "xiaomi", 5),
        (a1, "lei-jun", 2),
        (a1, "ai", 3),
        (a1, "milm-13b", 1),
        (a1, "microsoft", 1),
        (a1, "at-t", 1),
        (a2, "xiaomi", 1),
        (a3, "xiaomi", 4),
        (a3, "wuhan", 6),
        (a3, "lei-jun", 2),
    ]:
        g.add_edge(art, ent, key="mentions", kind="mentions", count=count)
    g.add_edge(a1, "ai", key="about", kind="about")
    g.add_edge(a1, "kfgo", key="publisher", kind="publisher")
    g.graph["merge_log"] = (
        MergeDecision(label="Xiaomi", surface="Xiaomi Corp", rule="corporate-suffix", type="ORG"),
    )
    return KnowledgeGraph(g)


@pytest.fixture
def sample_kg() -> KnowledgeGraph:
    """A fresh hand-built KnowledgeGraph (see :func:`build_sample_kg`)."""
    return build_sample_kg()


@pytest.fixture(scope="session")
def extractor() -> Extractor:
    """kgraph's extractor over the real English pipeline, loaded once per session."""
    return Extractor(load_pipeline(), load_rules(), PredicateRegistry())


def mentions_of(extractor: Extractor, text: str) -> set[tuple[str, str]]:
    """The mentions extracted from ``text`` as (surface, type)."""
    rec = extractor.extract(extractor.nlp(text), Document("t.txt", "t.txt", text))
    return {(m.text, m.type) for m in rec.mentions}


def rules_of(extractor: Extractor, text: str) -> set[tuple[str, str, str, str]]:
    """Every relation extracted from ``text`` (typed or open) as (subject, predicate,
    object, rule)."""
    rec = extractor.extract(extractor.nlp(text), Document("t.txt", "t.txt", text))
    return {
        (rec.mentions[r.subject].text, r.predicate, rec.mentions[r.object].text, r.rule)
        for r in rec.relations
    }


def typed_facts(
    extractor: Extractor, text: str, *, missed: str | None = None
) -> set[tuple[str, str, str]]:
    """The typed facts extracted from ``text`` as (subject, predicate, object) surfaces;
    with ``missed``, as if the model had labelled no entity of that text."""
    doc = extractor.nlp(text)
    if missed is not None:
        doc.ents = [e for e in doc.ents if e.text != missed]
    rec = extractor.extract(doc, Document("t.txt", "t.txt", text))
    return {
        (rec.mentions[r.subject].text, r.predicate, rec.mentions[r.object].text)
        for r in rec.relations
        if r.typed
    }
