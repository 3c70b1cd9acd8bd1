"""The :class:`KnowledgeGraph`: kgraph's in-memory graph and its read accessors."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import networkx as nx

from ..model import Entity, MergeDecision, Provenance
from ..predicates import BUILTIN_PREDICATES
from .names import NameIndex
from .schema import EDGE_COOCCURRENCE, EDGE_OPEN, EDGE_RELATION, NODE_ARTICLE, NODE_ENTITY

if TYPE_CHECKING:
    from .lookup import Direction, Hop, Neighbour

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

    The node and edge layout is described in :mod:`kgraph.graph.schema`. Lookups
    (:meth:`entity`, :meth:`neighbours`, :meth:`relations`, :meth:`path`,
    :meth:`subgraph`) are described in :mod:`kgraph.graph.lookup`; they resolve names
    through an index built on first use (see :meth:`name_index`).

    Example:
        >>> import networkx as nx
        >>> g = nx.MultiDiGraph()
        >>> g.add_node("xiaomi", kind="entity", label="Xiaomi", type="ORG",
        ...            aliases=("Xiaomi Corp",), mentions=20)
        >>> g.add_node("wuhan", kind="entity", label="Wuhan", type="PLACE")
        >>> _ = g.add_edge("xiaomi", "wuhan", key="headquartered_in", kind="relation",
        ...                predicate="headquartered_in", weight=1, confidence=0.8, evidence=())
        >>> kg = KnowledgeGraph(g)
        >>> kg.entity("xiaomi corporation").label
        'Xiaomi'
        >>> [(n.entity.label, n.predicate, n.direction) for n in kg.neighbours("Xiaomi")]
        [('Wuhan', 'headquartered_in', 'out')]
        >>> kg.entity("Xiaome")
        Traceback (most recent call last):
        ...
        kgraph.errors.EntityNotFound: no entity named 'Xiaome' in the graph; did you mean: Xiaomi?
    """

    def __init__(self, graph: nx.MultiDiGraph) -> None:
        self._g = graph
        self._names: NameIndex | None = None
        self._names_size = -1
        self._vocabulary: dict[str, frozenset[str]] | None = None

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
        return {d["doc_id"]: n for n, d in self._g.nodes(data=True) if d["kind"] == NODE_ARTICLE}

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

    # -- lookups (kgraph.graph.lookup) ---------------------------------------------

    def name_index(self) -> NameIndex:
        """Return the index from names to entity ids, built on first use.

        It is rebuilt when nodes are added or removed through :attr:`graph`; after
        editing labels or aliases in place, call :meth:`clear_caches`.
        """
        if self._names is None or self._names_size != len(self._g):
            self._names = NameIndex.from_nodes(self._g.nodes(data=True))
            self._names_size = len(self._g)
        return self._names

    def clear_caches(self) -> None:
        """Forget the name index and predicate vocabulary (rebuilt on next use)."""
        self._names = None
        self._vocabulary = None

    def predicate_names(
        self, *, kinds: Iterable[str] = (EDGE_RELATION,), refresh: bool = False
    ) -> frozenset[str]:
        """Return the predicate names valid as filters for edges of ``kinds``.

        Built-in predicates and the typed predicates present in the graph for
        ``relation``; verb lemmas present for ``open``; ``"cooccurrence"`` for
        ``cooccurrence``. ``refresh`` rescans the graph's edges.
        """
        if self._vocabulary is None or refresh:
            found: dict[str, set[str]] = {EDGE_RELATION: {p.name for p in BUILTIN_PREDICATES}}
            found[EDGE_OPEN] = set()
            found[EDGE_COOCCURRENCE] = {EDGE_COOCCURRENCE}
            for _, _, data in self._g.edges(data=True):
                kind = data.get("kind")
                if kind in (EDGE_RELATION, EDGE_OPEN) and "predicate" in data:
                    found[kind].add(str(data["predicate"]))
            self._vocabulary = {kind: frozenset(names) for kind, names in found.items()}
        vocabulary = self._vocabulary
        return frozenset().union(*(vocabulary.get(kind, frozenset()) for kind in kinds))

    def entity(self, name: str | Entity) -> Entity:
        """Return the entity ``name`` designates: label, alias or slug, case-insensitive.

        Raises:
            EntityNotFound: no entity matches (a :class:`~kgraph.errors.LookupFailed`);
                the message and ``suggestions`` list close labels.
        """
        from .lookup import resolve

        return self.get_entity(resolve(self, name))

    def neighbours(
        self,
        name: str | Entity,
        *,
        depth: int = 1,
        predicates: str | Iterable[str] | None = None,
        types: str | Iterable[str] | None = None,
        direction: Direction = "both",
        min_confidence: float = 0.0,
        kinds: str | Iterable[str] = (EDGE_RELATION,),
    ) -> list[Neighbour]:
        """Return the entities around ``name``: see :func:`kgraph.graph.lookup.neighbours`."""
        from .lookup import neighbours

        return neighbours(
            self,
            name,
            depth=depth,
            predicates=predicates,
            types=types,
            direction=direction,
            min_confidence=min_confidence,
            kinds=kinds,
        )

    neighbors = neighbours

    def relations(
        self,
        subject: str | Entity | None = None,
        *,
        predicate: str | None = None,
        object: str | Entity | None = None,
        typed: bool | None = True,
    ) -> list[Fact]:
        """Return the facts matching a pattern: see :func:`kgraph.graph.lookup.relations`."""
        from .lookup import relations

        return relations(self, subject, predicate=predicate, object=object, typed=typed)

    def path(
        self,
        source: str | Entity,
        target: str | Entity,
        *,
        predicates: str | Iterable[str] | None = None,
        min_confidence: float = 0.0,
        kinds: str | Iterable[str] = (EDGE_RELATION,),
        max_depth: int | None = None,
    ) -> tuple[Hop, ...]:
        """Return a shortest chain of facts: see :func:`kgraph.graph.lookup.path`."""
        from .lookup import path

        return path(
            self,
            source,
            target,
            predicates=predicates,
            min_confidence=min_confidence,
            kinds=kinds,
            max_depth=max_depth,
        )

    def subgraph(
        self,
        names: str | Entity | Iterable[str | Entity],
        *,
        depth: int = 1,
        predicates: str | Iterable[str] | None = None,
        min_confidence: float = 0.0,
        kinds: str | Iterable[str] = (EDGE_RELATION,),
    ) -> KnowledgeGraph:
        """Return the graph around ``names``: see :func:`kgraph.graph.lookup.subgraph`."""
        from .lookup import subgraph

        return subgraph(
            self,
            names,
            depth=depth,
            predicates=predicates,
            min_confidence=min_confidence,
            kinds=kinds,
        )

    def to_rdflib(self, *, base_iri: str | None = None) -> Any:
        """Return the graph as an :class:`rdflib.Graph`: see :func:`kgraph.graph.load.to_rdflib`."""
        from .load import to_rdflib

        return to_rdflib(self, base_iri=base_iri)

    def __repr__(self) -> str:
        n_ent = sum(1 for _, d in self._g.nodes(data=True) if d["kind"] == NODE_ENTITY)
        n_rel = sum(1 for _, _, d in self._g.edges(data=True) if d["kind"] == EDGE_RELATION)
        return f"<KnowledgeGraph entities={n_ent} relations={n_rel}>"
