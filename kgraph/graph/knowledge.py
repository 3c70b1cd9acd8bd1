"""The :class:`KnowledgeGraph`: kgraph's in-memory graph and its read accessors."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import networkx as nx

from ..model import Entity, MergeDecision, Provenance
from .schema import EDGE_OPEN, EDGE_RELATION, NODE_ARTICLE, NODE_ENTITY

__all__ = ["Article", "Fact", "KnowledgeGraph"]


@dataclass(frozen=True, slots=True)
class Fact:
    """A typed (or open) relation aggregated across articles.

    Attributes:
        subject: Entity key of the subject.
        predicate: Predicate name, or verb lemma for an open relation.
        object: Entity key of the object.
        weight: Number of supporting statements.
        confidence: Highest confidence among them.
        evidence: The statements, sorted by source and offset.
        typed: False for open relations.
    """

    subject: str
    predicate: str
    object: str
    weight: int
    confidence: float
    evidence: tuple[Provenance, ...]
    typed: bool = True


@dataclass(frozen=True, slots=True)
class Article:
    """An article node of the graph."""

    key: str
    doc_id: str
    source_path: str
    headline: str | None
    published: str | None
    url: str | None
    topics: tuple[str, ...]
    parent: str | None
    publisher: str | None


class KnowledgeGraph:
    """A knowledge graph: entities, articles and facts over a networkx MultiDiGraph.

    The node and edge layout is described in :mod:`kgraph.graph.schema`.
    """

    def __init__(self, graph: nx.MultiDiGraph) -> None:
        self._g = graph

    @property
    def graph(self) -> nx.MultiDiGraph:
        """The underlying networkx graph (shared, not a copy)."""
        return self._g

    def to_networkx(self) -> nx.MultiDiGraph:
        """Return a copy of the underlying networkx graph."""
        return self._g.copy()

    @property
    def merge_log(self) -> tuple[MergeDecision, ...]:
        """Every alias merge decision taken while resolving entities."""
        return tuple(self._g.graph.get("merge_log", ()))

    def entities(self) -> Iterator[Entity]:
        """Yield every entity, sorted by key."""
        for key in sorted(n for n, d in self._g.nodes(data=True) if d["kind"] == NODE_ENTITY):
            yield self.get_entity(key)

    def get_entity(self, key: str) -> Entity:
        """Return the entity whose node id is ``key`` (raises KeyError if absent)."""
        data = self._g.nodes[key]
        if data.get("kind") != NODE_ENTITY:
            raise KeyError(key)
        return Entity(
            key=key,
            label=data["label"],
            type=data["type"],
            aliases=tuple(data.get("aliases", ())),
            mentions=int(data.get("mentions", 0)),
            documents=int(data.get("documents", 0)),
            first_seen=data.get("first_seen"),
        )

    def articles(self) -> Iterator[Article]:
        """Yield every article, sorted by key."""
        for key in sorted(n for n, d in self._g.nodes(data=True) if d["kind"] == NODE_ARTICLE):
            yield self.get_article(key)

    def get_article(self, key: str) -> Article:
        """Return the article whose node id is ``key``."""
        d = self._g.nodes[key]
        return Article(
            key=key,
            doc_id=d["doc_id"],
            source_path=d["source_path"],
            headline=d.get("headline"),
            published=d.get("published"),
            url=d.get("url"),
            topics=tuple(d.get("topics", ())),
            parent=d.get("parent"),
            publisher=d.get("publisher"),
        )

    def article_index(self) -> dict[str, str]:
        """Return a mapping from each article's ``doc_id`` to its node id."""
        return {
            d["doc_id"]: n for n, d in self._g.nodes(data=True) if d["kind"] == NODE_ARTICLE
        }

    def facts(self, *, typed: bool | None = True) -> Iterator[Fact]:
        """Yield aggregated facts sorted by (subject, predicate, object).

        Args:
            typed: True for typed predicates only, False for open relations only,
                None for both.
        """
        kinds = {True: (EDGE_RELATION,), False: (EDGE_OPEN,), None: (EDGE_RELATION, EDGE_OPEN)}
        wanted = kinds[typed]
        rows = []
        for u, v, d in self._g.edges(data=True):
            if d["kind"] in wanted:
                rows.append(
                    Fact(
                        subject=u,
                        predicate=d["predicate"],
                        object=v,
                        weight=int(d["weight"]),
                        confidence=float(d["confidence"]),
                        evidence=tuple(d.get("evidence", ())),
                        typed=d["kind"] == EDGE_RELATION,
                    )
                )
        rows.sort(key=lambda f: (f.subject, f.predicate, f.object))
        yield from rows

    def __repr__(self) -> str:
        n_ent = sum(1 for _, d in self._g.nodes(data=True) if d["kind"] == NODE_ENTITY)
        n_rel = sum(1 for _, _, d in self._g.edges(data=True) if d["kind"] == EDGE_RELATION)
        return f"<KnowledgeGraph entities={n_ent} relations={n_rel}>"
