"""Assembly: records + resolution → one networkx MultiDiGraph (see ``schema``)."""

from __future__ import annotations

import gc
import sys
from collections import Counter, defaultdict
from collections.abc import Collection
from itertools import combinations
from typing import Any

import networkx as nx

from ..model import DocRecord, Provenance
from ..normalize import normalize_name
from ..predicates import PredicateRegistry
from ..resolve.entities import Resolution
from .knowledge import KnowledgeGraph
from .schema import (
    EDGE_ABOUT,
    EDGE_COOCCURRENCE,
    EDGE_MENTIONS,
    EDGE_OPEN,
    EDGE_PUBLISHER,
    EDGE_RELATION,
    NODE_ARTICLE,
    NODE_ENTITY,
    OPEN_PREFIX,
    article_node_id,
)
from .slugs import assign_slugs

__all__ = ["assemble"]


def _min_date(a: str | None, b: str | None) -> str | None:
    if a is None:
        return b
    if b is None:
        return a
    return min(a, b)


def assemble(
    records: Collection[DocRecord], resolution: Resolution, predicates: PredicateRegistry
) -> KnowledgeGraph:
    """Build the knowledge graph of ``records`` given their ``resolution``.

    ``records`` is read twice, in order, and never held: it may be a view that
    streams records from disk (the build's record store), so the memory of assembly
    is the graph's own. The records may be compact (text dropped, see
    :mod:`kgraph.compact`).

    CPython's cyclic garbage collector is paused meanwhile: assembly allocates
    millions of containers and creates no reference cycles, and each full collection
    rescans the whole graph built so far (a third of the assembly time at 20,000
    articles). Its previous state is restored on return.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _assemble(records, resolution, predicates)
    finally:
        if enabled:
            gc.enable()


def _assemble(
    records: Collection[DocRecord], resolution: Resolution, predicates: PredicateRegistry
) -> KnowledgeGraph:
    g = nx.MultiDiGraph()
    roots = sorted(set(resolution.canonical.values()))
    labels = dict(resolution.labels)
    types = dict(resolution.types)
    aliases = {r: tuple(resolution.aliases.get(r, ())) for r in roots}

    # Publishers and topics become entities too (matched to existing ones by name).
    by_name: dict[str, str] = {}
    for r in roots:
        by_name.setdefault(normalize_name(labels[r]), r)
        for a in aliases[r]:
            by_name.setdefault(normalize_name(a), r)

    def entity_for(name: str, typ: str) -> str:
        key = normalize_name(name)
        root = by_name.get(key)
        if root is None:
            root = f"{typ}\x00{key}"
            labels[root], types[root], aliases[root] = name, typ, ()
            by_name[key] = root
        return root

    # Pass 1: publishers and topics, document ids, mention statistics.
    extra: list[tuple[str | None, list[str]]] = []
    doc_ids: list[str] = []
    mention_n: Counter[str] = Counter()
    docs_n: Counter[str] = Counter()
    first_seen: dict[str, str | None] = {}
    used: set[str] = set()
    for rec in records:
        doc = rec.document
        pub = entity_for(doc.publisher.name, "ORG") if doc.publisher else None
        topics = [entity_for(t, "TECH") for t in doc.topics]
        extra.append((pub, topics))
        doc_ids.append(doc.doc_id)
        seen: set[str] = set()
        for m in rec.mentions:
            root = resolution.canonical[(m.text, m.type)]
            mention_n[root] += 1
            seen.add(root)
        for root in seen:
            docs_n[root] += 1
            first_seen[root] = _min_date(first_seen.get(root), doc.published)
        used.update(seen)
        if pub:
            used.add(pub)
        used.update(topics)

    all_roots = sorted(labels)
    label_count = Counter(labels[r] for r in all_roots)
    slug_names = {
        r: labels[r] if label_count[labels[r]] == 1 else f"{labels[r]} ({types[r]})"
        for r in all_roots
    }
    slugs = assign_slugs(slug_names.values())
    key_of = {r: slugs[slug_names[r]] for r in all_roots}
    art_slugs = assign_slugs(doc_ids)
    for root in sorted(used, key=lambda r: key_of[r]):
        g.add_node(
            key_of[root],
            kind=NODE_ENTITY,
            label=labels[root],
            type=types[root],
            aliases=aliases[root],
            mentions=mention_n[root],
            documents=docs_n[root],
            first_seen=first_seen.get(root),
        )

    # Pass 2: articles and their edges; facts and co-occurrence are collected and
    # added after every article, in sorted order.
    facts = _Facts()
    for rec, (pub, topics) in zip(records, extra, strict=True):
        _add_article(
            g,
            rec,
            pub=pub,
            topics=topics,
            art_slugs=art_slugs,
            key_of=key_of,
            resolution=resolution,
        )
        facts.collect(g, rec, resolution, key_of, predicates)
    facts.add_to(g)
    g.graph["merge_log"] = resolution.decisions
    return KnowledgeGraph(g)


def _add_article(
    g: nx.MultiDiGraph,
    rec: DocRecord,
    *,
    pub: str | None,
    topics: list[str],
    art_slugs: dict[str, str],
    key_of: dict[str, str],
    resolution: Resolution,
) -> None:
    doc = rec.document
    node = article_node_id(art_slugs[doc.doc_id])
    parent = article_node_id(art_slugs[doc.parent_id]) if doc.parent_id in art_slugs else None
    g.add_node(
        node,
        kind=NODE_ARTICLE,
        doc_id=doc.doc_id,
        source_path=doc.source_path,
        headline=doc.title,
        published=doc.published,
        url=doc.url,
        topics=tuple(doc.topics),
        parent=parent,
        publisher=key_of[pub] if pub else None,
    )
    counts = Counter(key_of[resolution.canonical[(m.text, m.type)]] for m in rec.mentions)
    for ent in sorted(counts):
        g.add_edge(node, ent, key=EDGE_MENTIONS, kind=EDGE_MENTIONS, count=counts[ent])
    for t in sorted({key_of[t] for t in topics}):
        g.add_edge(node, t, key=EDGE_ABOUT, kind=EDGE_ABOUT)
    if pub:
        g.add_edge(node, key_of[pub], key=EDGE_PUBLISHER, kind=EDGE_PUBLISHER)


class _Facts:
    """Relations and co-occurrences, collected record by record, added once at the end.

    Each relation keeps its best evidence per sentence; the edges are added sorted,
    after every article, so the graph's order never depends on when a fact was seen.

    At 100,000 articles there are millions of facts and entity pairs, so what is
    collected is kept small (a list per fact, ``[weight, source, …]`` per pair, the
    repeated strings and confidences of the evidence shared) and each entry is
    released as soon as its edge is added: the collection and the finished graph
    never both exist in full.
    """

    def __init__(self) -> None:
        # Fact → its evidence, at most one statement per (document, sentence start).
        self.facts: dict[tuple[str, str, str, bool], list[Provenance]] = {}
        # Co-occurring pair → [number of sentences, source files in the order seen].
        # Each (document, sentence) is counted once per pair (document ids are unique),
        # so counting replaces a set of every sentence, which grew with the corpus.
        self.cooc: dict[tuple[str, str], list[Any]] = {}
        self._confidences: dict[float, float] = {}

    def collect(
        self,
        g: nx.MultiDiGraph,
        rec: DocRecord,
        resolution: Resolution,
        key_of: dict[str, str],
        predicates: PredicateRegistry,
    ) -> None:
        facts = self.facts
        doc = rec.document
        ents = [key_of[resolution.canonical[(m.text, m.type)]] for m in rec.mentions]
        for rel in rec.relations:
            s, o = ents[rel.subject], ents[rel.object]
            if s == o:
                continue
            if rel.typed:
                pred = predicates.get(rel.predicate)
                if pred is None or not pred.accepts(g.nodes[s]["type"], g.nodes[o]["type"]):
                    continue
                if pred.symmetric and o < s:
                    s, o = o, s
            sent = rec.sentences[rel.sentence]
            confidence = round(rel.confidence, 3)
            if confidence.__class__ is float and 0.0 < confidence <= 1.0:
                confidence = self._confidences.setdefault(confidence, confidence)
            prov = Provenance(
                doc_id=doc.doc_id,
                source_path=doc.source_path,
                sentence=rec.sentence_text(rel.sentence),
                start=sent.start,
                end=sent.end,
                confidence=confidence,
                rule=sys.intern(rel.rule),
                published=doc.published,
                modality=None if rel.modality is None else sys.intern(rel.modality),
                attrs=rel.attrs,
            )
            key = (s, sys.intern(rel.predicate), o, rel.typed)
            evidence = facts.get(key)
            if evidence is None:
                facts[key] = [prov]
                continue
            # The statements of one document are the last ones in the list.
            for i in range(len(evidence) - 1, -1, -1):
                seen = evidence[i]
                if seen.doc_id != prov.doc_id:
                    evidence.append(prov)
                    break
                if seen.start == prov.start:
                    if prov.confidence > seen.confidence:
                        evidence[i] = prov
                    break
            else:
                evidence.append(prov)
        by_sent: dict[int, set[str]] = defaultdict(set)
        for m, e in zip(rec.mentions, ents, strict=True):
            by_sent[m.sentence].add(e)
        cooc = self.cooc
        source = doc.source_path
        for members in by_sent.values():
            for pair in combinations(sorted(members), 2):
                entry = cooc.get(pair)
                if entry is None:
                    cooc[pair] = [1, source]
                else:
                    entry[0] += 1
                    if entry[-1] != source:
                        entry.append(source)

    def add_to(self, g: nx.MultiDiGraph) -> None:
        """Add the collected relations and co-occurrence edges to ``g``, sorted."""
        facts = self.facts
        for s, p, o, typed in sorted(facts):
            evidence = tuple(
                sorted(
                    facts.pop((s, p, o, typed)), key=lambda v: (v.source_path, v.doc_id, v.start)
                )
            )
            first = None
            for ev in evidence:
                first = _min_date(first, ev.published)
            kind = EDGE_RELATION if typed else EDGE_OPEN
            g.add_edge(
                s,
                o,
                key=p if typed else OPEN_PREFIX + p,
                kind=kind,
                predicate=p,
                weight=len(evidence),
                confidence=max(e.confidence for e in evidence),
                evidence=evidence,
                first_seen=first,
            )
        cooc = self.cooc
        for a, b in sorted(cooc):
            weight, *sources = cooc.pop((a, b))
            g.add_edge(
                a,
                b,
                key=EDGE_COOCCURRENCE,
                kind=EDGE_COOCCURRENCE,
                weight=weight,
                sources=tuple(sorted(set(sources))),
            )
