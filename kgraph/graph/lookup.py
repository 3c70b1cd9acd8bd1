"""Neighbourhoods, relations, paths and subgraphs of a :class:`KnowledgeGraph`.

Each function takes the graph first; :class:`~kgraph.graph.knowledge.KnowledgeGraph`
exposes every one of them as a method (``kg.neighbours(...)``). Names are resolved by
the graph's :class:`~kgraph.graph.names.NameIndex`, so ``"xiaomi corp"`` and
``"Xiaomi"`` are the same entity.

Only typed relation edges are walked by default. ``kinds=("relation", "open",
"cooccurrence")`` also walks open subject-verb-object links and same-sentence
co-occurrence; co-occurrence edges have predicate ``"cooccurrence"`` and no
confidence, so they only pass when ``min_confidence`` is 0. Symmetric predicates
(``partner_of``, ``competitor_of``) and co-occurrence hold both ways: they pass every
``direction`` filter and are reported as ``"out"`` from the entity they are reached from.

Example (the tiny graph the examples of this module use):

    >>> import networkx as nx
    >>> from kgraph.graph.knowledge import KnowledgeGraph
    >>> g = nx.MultiDiGraph()
    >>> for key, label, typ in [("lei-jun", "Lei Jun", "PERSON"), ("xiaomi", "Xiaomi", "ORG"),
    ...                         ("microsoft", "Microsoft", "ORG")]:
    ...     g.add_node(key, kind="entity", label=label, type=typ, aliases=(), mentions=1)
    >>> _ = g.add_edge("lei-jun", "xiaomi", key="founder_of", kind="relation",
    ...                predicate="founder_of", weight=1, confidence=0.9, evidence=())
    >>> _ = g.add_edge("microsoft", "xiaomi", key="partner_of", kind="relation",
    ...                predicate="partner_of", weight=1, confidence=0.75, evidence=())
    >>> kg = KnowledgeGraph(g)
    >>> [(n.entity.label, n.predicate, n.direction) for n in kg.neighbours("lei jun")]
    [('Xiaomi', 'founder_of', 'out')]
    >>> [str(hop) for hop in kg.path("Lei Jun", "Microsoft")]
    ['Lei Jun -founder_of-> Xiaomi', 'Xiaomi -partner_of-> Microsoft']
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

import networkx as nx

from ..errors import ArgumentError, EntityNotFound, PathNotFound
from ..model import ENTITY_TYPES, Entity, Provenance
from ..predicates import BUILTIN_PREDICATES
from .knowledge import Fact
from .schema import EDGE_COOCCURRENCE, EDGE_OPEN, EDGE_RELATION, NODE_ARTICLE

if TYPE_CHECKING:
    from .knowledge import KnowledgeGraph

__all__ = [
    "DIRECTIONS",
    "EDGE_KINDS",
    "Direction",
    "Hop",
    "Neighbour",
    "neighbours",
    "path",
    "relations",
    "resolve",
    "subgraph",
]

Direction = Literal["both", "out", "in"]

#: Valid ``direction`` values.
DIRECTIONS: tuple[str, ...] = ("both", "out", "in")
#: Entity-to-entity edge kinds that can be walked, in reporting order.
EDGE_KINDS: tuple[str, ...] = (EDGE_RELATION, EDGE_OPEN, EDGE_COOCCURRENCE)

_SYMMETRIC = frozenset(p.name for p in BUILTIN_PREDICATES if p.symmetric)
_KIND_RANK = {kind: rank for rank, kind in enumerate(EDGE_KINDS)}


@dataclass(frozen=True, slots=True)
class Neighbour:
    """An entity reached from the looked-up one, and the edge that reached it.

    Attributes:
        entity: The neighbouring entity.
        predicate: The edge's predicate (a verb lemma for ``kind="open"``,
            ``"cooccurrence"`` for co-occurrence).
        direction: ``"out"`` when ``via`` is the subject of the edge and ``entity`` its
            object, ``"in"`` the other way round.
        distance: Number of hops from the looked-up entity (1 for direct neighbours).
        via: Node id of the entity at ``distance - 1`` the edge starts from (the
            looked-up entity itself when ``distance`` is 1).
        kind: ``"relation"``, ``"open"`` or ``"cooccurrence"``.
        confidence: Highest confidence among the edge's statements (None for
            co-occurrence).
        weight: Number of supporting statements (sentences for co-occurrence).
        evidence: The statements supporting the edge (sentence, source article,
            publication date, confidence), sorted by source and offset.
    """

    entity: Entity
    predicate: str
    direction: str
    distance: int
    via: str
    kind: str = EDGE_RELATION
    confidence: float | None = None
    weight: int = 1
    evidence: tuple[Provenance, ...] = ()


@dataclass(frozen=True, slots=True)
class Hop:
    """One step of a :func:`path`: a fact, and which way the path crosses it.

    Attributes:
        subject: The fact's subject.
        predicate: The fact's predicate.
        object: The fact's object.
        forward: True when the path goes from ``subject`` to ``object``.
        kind: ``"relation"``, ``"open"`` or ``"cooccurrence"``.
        confidence: Highest confidence among the statements (None for co-occurrence).
        weight: Number of supporting statements.
        evidence: The supporting statements.
    """

    subject: Entity
    predicate: str
    object: Entity
    forward: bool = True
    kind: str = EDGE_RELATION
    confidence: float | None = None
    weight: int = 1
    evidence: tuple[Provenance, ...] = ()

    @property
    def start(self) -> Entity:
        """The entity the path arrives from."""
        return self.subject if self.forward else self.object

    @property
    def end(self) -> Entity:
        """The entity the path continues to."""
        return self.object if self.forward else self.subject

    def __str__(self) -> str:
        return f"{self.subject.label} -{self.predicate}-> {self.object.label}"


@dataclass(frozen=True, slots=True)
class _Filter:
    kinds: frozenset[str]
    predicates: frozenset[str] | None
    direction: str
    min_confidence: float


# (other node, predicate, direction, kind, edge data)
_Edge = tuple[str, str, str, str, Mapping[str, Any]]


def _accept(data: Mapping[str, Any], flt: _Filter, stored: str) -> tuple[str, str] | None:
    kind = data.get("kind")
    if kind not in flt.kinds:
        return None
    predicate = EDGE_COOCCURRENCE if kind == EDGE_COOCCURRENCE else str(data["predicate"])
    if flt.predicates is not None and predicate not in flt.predicates:
        return None
    if flt.min_confidence > 0:
        confidence = data.get("confidence")
        if confidence is None or confidence < flt.min_confidence:
            return None
    if kind == EDGE_COOCCURRENCE or (kind == EDGE_RELATION and predicate in _SYMMETRIC):
        return predicate, "out"
    if flt.direction not in ("both", stored):
        return None
    return predicate, stored


def _edges_at(g: nx.MultiDiGraph, node: str, flt: _Filter) -> Iterator[_Edge]:
    """Yield the entity-to-entity edges at ``node`` that pass ``flt``."""
    for stored, adjacency in (("out", g.succ[node]), ("in", g.pred[node])):
        for other, keyed in adjacency.items():
            if other == node:
                continue
            for data in keyed.values():
                accepted = _accept(data, flt, stored)
                if accepted is not None:
                    yield other, accepted[0], accepted[1], data["kind"], data


def _as_set(values: str | Iterable[str] | None) -> frozenset[str] | None:
    if values is None:
        return None
    if isinstance(values, str):
        return frozenset((values,))
    return frozenset(values)


def _check_kinds(kinds: str | Iterable[str]) -> frozenset[str]:
    wanted = _as_set(kinds) or frozenset()
    bad = sorted(wanted.difference(EDGE_KINDS))
    if bad or not wanted:
        shown = repr(bad[0]) if bad else "nothing"
        raise ArgumentError(f"unknown edge kind {shown}; valid kinds are: {', '.join(EDGE_KINDS)}")
    return wanted


def _check_predicates(
    kg: KnowledgeGraph, predicates: str | Iterable[str] | None, kinds: frozenset[str]
) -> frozenset[str] | None:
    wanted = _as_set(predicates)
    if wanted is None:
        return None
    for refresh in (False, True):
        valid = kg.predicate_names(kinds=kinds, refresh=refresh)
        bad = sorted(wanted.difference(valid))
        if not bad:
            return wanted
    raise ArgumentError(
        f"unknown predicate {bad[0]!r}; valid predicates are: {', '.join(sorted(valid))}"
    )


def _check_types(types: str | Iterable[str] | None) -> frozenset[str] | None:
    wanted = _as_set(types)
    if wanted is not None:
        bad = sorted(wanted.difference(ENTITY_TYPES))
        if bad:
            raise ArgumentError(
                f"unknown entity type {bad[0]!r}; valid types are: {', '.join(ENTITY_TYPES)}"
            )
    return wanted


def _make_filter(
    kg: KnowledgeGraph,
    *,
    predicates: str | Iterable[str] | None,
    direction: str,
    min_confidence: float,
    kinds: str | Iterable[str],
) -> _Filter:
    if direction not in DIRECTIONS:
        raise ArgumentError(
            f"unknown direction {direction!r}; valid directions are: {', '.join(DIRECTIONS)}"
        )
    if not 0.0 <= min_confidence <= 1.0:
        raise ArgumentError(f"min_confidence must be between 0 and 1, got {min_confidence!r}")
    wanted_kinds = _check_kinds(kinds)
    return _Filter(
        kinds=wanted_kinds,
        predicates=_check_predicates(kg, predicates, wanted_kinds),
        direction=direction,
        min_confidence=float(min_confidence),
    )


def _example_graph() -> KnowledgeGraph:
    # The three-entity graph of the module docstring, for the examples.
    from .knowledge import KnowledgeGraph

    g = nx.MultiDiGraph()
    for key, label, typ in [
        ("lei-jun", "Lei Jun", "PERSON"),
        ("xiaomi", "Xiaomi", "ORG"),
        ("microsoft", "Microsoft", "ORG"),
    ]:
        g.add_node(key, kind="entity", label=label, type=typ, aliases=(), mentions=1)
    for u, v, predicate, confidence in [
        ("lei-jun", "xiaomi", "founder_of", 0.9),
        ("microsoft", "xiaomi", "partner_of", 0.75),
    ]:
        g.add_edge(u, v, key=predicate, kind=EDGE_RELATION, predicate=predicate, weight=1,
                   confidence=confidence, evidence=())  # fmt: skip
    return KnowledgeGraph(g)


def _check_depth(depth: int, *, minimum: int) -> None:
    if isinstance(depth, bool) or not isinstance(depth, int) or depth < minimum:
        raise ArgumentError(f"depth must be an integer of at least {minimum}, got {depth!r}")


def resolve(kg: KnowledgeGraph, name: str | Entity) -> str:
    """Return the node id of the entity ``name`` designates.

    Args:
        kg: The graph.
        name: A label, alias, slug or node id (see :mod:`kgraph.graph.names`), or an
            :class:`~kgraph.model.Entity` of this graph.

    Raises:
        EntityNotFound: no entity matches; the message suggests close labels.
    """
    if isinstance(name, Entity):
        if name.key not in kg.name_index():
            raise EntityNotFound(name.key)
        return name.key
    if not isinstance(name, str):
        raise ArgumentError(f"an entity name must be a string, got {name!r}")
    return kg.name_index().find(name)


def _walk(
    kg: KnowledgeGraph, roots: Iterable[str], depth: int, flt: _Filter
) -> Iterator[tuple[int, str, _Edge]]:
    """Breadth-first: yield (distance, via, edge) for each edge into a new layer."""
    g = kg.graph
    seen = set(roots)
    frontier = sorted(seen)
    for distance in range(1, depth + 1):
        found: set[str] = set()
        for via in frontier:
            for edge in _edges_at(g, via, flt):
                if edge[0] not in seen:
                    found.add(edge[0])
                    yield distance, via, edge
        if not found:
            return
        seen.update(found)
        frontier = sorted(found)


def neighbours(
    kg: KnowledgeGraph,
    name: str | Entity,
    *,
    depth: int = 1,
    predicates: str | Iterable[str] | None = None,
    types: str | Iterable[str] | None = None,
    direction: Direction = "both",
    min_confidence: float = 0.0,
    kinds: str | Iterable[str] = (EDGE_RELATION,),
) -> list[Neighbour]:
    """Return the entities within ``depth`` hops of ``name``, with the edges reaching them.

    An entity at distance *d* is listed once per edge that reaches it from an entity
    at distance *d - 1* (Lei Jun is both ``founder_of`` and ``ceo_of`` Xiaomi: two
    rows). Rows are sorted by distance, kind, predicate, entity id, direction, via.

    Args:
        kg: The graph.
        name: The entity to start from (name, alias, slug, or Entity).
        depth: Number of hops, at least 1.
        predicates: Walk only edges with these predicates (a name or several).
        types: Report only neighbours of these entity types; the walk still passes
            through entities of other types.
        direction: ``"out"`` follows edges from subject to object, ``"in"`` the
            reverse, ``"both"`` either.
        min_confidence: Walk only edges at least this confident.
        kinds: Edge kinds to walk: ``"relation"`` (default), ``"open"``,
            ``"cooccurrence"``.

    Raises:
        EntityNotFound: ``name`` matches no entity.
        ArgumentError: an unknown predicate, type, kind or direction, or a bad depth;
            the message lists the valid values.

    Example:
        >>> kg = _example_graph()  # the graph of the module docstring
        >>> [(n.entity.label, n.predicate, n.direction, n.distance)
        ...  for n in neighbours(kg, "Xiaomi", depth=2)]
        [('Lei Jun', 'founder_of', 'in', 1), ('Microsoft', 'partner_of', 'out', 1)]
        >>> neighbours(kg, "Xiaomi", predicates="founded")  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        kgraph.errors.ArgumentError: unknown predicate 'founded'; valid predicates are: ...
    """
    root = resolve(kg, name)
    _check_depth(depth, minimum=1)
    flt = _make_filter(
        kg, predicates=predicates, direction=direction, min_confidence=min_confidence, kinds=kinds
    )
    wanted_types = _check_types(types)
    g = kg.graph
    entities: dict[str, Entity] = {}
    rows: dict[tuple[str, str, str, str, str], Neighbour] = {}
    for distance, via, (other, predicate, dirn, kind, data) in _walk(kg, (root,), depth, flt):
        if wanted_types is not None and g.nodes[other].get("type") not in wanted_types:
            continue
        key = (other, predicate, dirn, kind, via)
        if key in rows:  # a symmetric fact stored both ways
            continue
        entity = entities.get(other)
        if entity is None:
            entity = entities[other] = kg.get_entity(other)
        confidence = data.get("confidence")
        rows[key] = Neighbour(
            entity=entity,
            predicate=predicate,
            direction=dirn,
            distance=distance,
            via=via,
            kind=kind,
            confidence=None if confidence is None else float(confidence),
            weight=int(data.get("weight", 1)),
            evidence=tuple(data.get("evidence", ())),
        )
    return sorted(
        rows.values(),
        key=lambda n: (
            n.distance,
            _KIND_RANK[n.kind],
            n.predicate,
            n.entity.key,
            n.direction,
            n.via,
        ),
    )


def _fact(subject: str, object_: str, data: Mapping[str, Any]) -> Fact:
    return Fact(
        subject=subject,
        predicate=str(data["predicate"]),
        object=object_,
        weight=int(data.get("weight", 1)),
        confidence=float(data.get("confidence", 0.0)),
        evidence=tuple(data.get("evidence", ())),
        typed=data["kind"] == EDGE_RELATION,
    )


def relations(
    kg: KnowledgeGraph,
    subject: str | Entity | None = None,
    *,
    predicate: str | None = None,
    object: str | Entity | None = None,
    typed: bool | None = True,
) -> list[Fact]:
    """Return the facts matching a (subject, predicate, object) pattern; None is a wildcard.

    Symmetric facts (``partner_of``, ``competitor_of``) match either way round and
    are returned oriented as asked: ``relations(kg, "Xiaomi", predicate="partner_of")``
    has Xiaomi as subject even when the graph stores Microsoft first.

    Args:
        kg: The graph.
        subject: Entity name (or Entity) the facts start from.
        predicate: Predicate name (verb lemma for open relations).
        object: Entity name (or Entity) the facts point to.
        typed: True for typed relations, False for open ones, None for both.

    Returns:
        Facts sorted by (subject, predicate, object).

    Raises:
        EntityNotFound: ``subject`` or ``object`` matches no entity.
        ArgumentError: ``predicate`` is not a predicate of the graph's vocabulary.

    Example:
        >>> kg = _example_graph()  # the graph of the module docstring
        >>> [(f.subject, f.predicate, f.object) for f in relations(kg, object="xiaomi corp")]
        [('lei-jun', 'founder_of', 'xiaomi'), ('microsoft', 'partner_of', 'xiaomi')]
        >>> [(f.subject, f.object) for f in relations(kg, "Xiaomi", predicate="partner_of")]
        [('xiaomi', 'microsoft')]
    """
    if typed not in (True, False, None):
        raise ArgumentError(f"typed must be True, False or None, got {typed!r}")
    kinds = {True: (EDGE_RELATION,), False: (EDGE_OPEN,), None: (EDGE_RELATION, EDGE_OPEN)}
    wanted = frozenset(kinds[typed])
    _check_predicates(kg, predicate, wanted)
    s = None if subject is None else resolve(kg, subject)
    o = None if object is None else resolve(kg, object)
    g = kg.graph
    if s is not None:
        edges = [(s, v, d) for v, keyed in g.succ[s].items() for d in keyed.values()]
        edges += [(u, s, d) for u, keyed in g.pred[s].items() for d in keyed.values()]
    elif o is not None:
        edges = [(u, o, d) for u, keyed in g.pred[o].items() for d in keyed.values()]
        edges += [(o, v, d) for v, keyed in g.succ[o].items() for d in keyed.values()]
    else:
        edges = list(g.edges(data=True))
    found: dict[tuple[str, str, str], Fact] = {}
    for stored_u, stored_v, data in edges:
        if data.get("kind") not in wanted or (predicate and data["predicate"] != predicate):
            continue
        u, v = stored_u, stored_v
        symmetric = data["kind"] == EDGE_RELATION and data["predicate"] in _SYMMETRIC
        if symmetric and ((s is not None and u != s) or (s is None and o is not None and v != o)):
            u, v = v, u
        if (s is not None and u != s) or (o is not None and v != o):
            continue
        fact = _fact(u, v, data)
        found.setdefault((fact.subject, fact.predicate, fact.object), fact)
    return [found[key] for key in sorted(found)]


def path(
    kg: KnowledgeGraph,
    source: str | Entity,
    target: str | Entity,
    *,
    predicates: str | Iterable[str] | None = None,
    min_confidence: float = 0.0,
    kinds: str | Iterable[str] = (EDGE_RELATION,),
    max_depth: int | None = None,
) -> tuple[Hop, ...]:
    """Return a shortest chain of facts from ``source`` to ``target``.

    Edges are walked in either direction; each :class:`Hop` says which way it is
    crossed. Among equally short paths the one found first breadth-first, visiting
    entities in id order and preferring the most confident edge, is returned, so
    the answer is deterministic. ``source == target`` gives an empty path.

    Args:
        kg: The graph.
        source: Entity the path starts at.
        target: Entity the path ends at.
        predicates: Walk only edges with these predicates.
        min_confidence: Walk only edges at least this confident.
        kinds: Edge kinds to walk (default: typed relations only).
        max_depth: Give up beyond this many hops (default: no limit).

    Raises:
        EntityNotFound: ``source`` or ``target`` matches no entity.
        PathNotFound: no chain of such edges joins them.
        ArgumentError: an unknown predicate or kind, or a bad ``max_depth``.

    Example:
        >>> kg = _example_graph()  # the graph of the module docstring
        >>> hops = path(kg, "Microsoft", "Lei Jun")
        >>> [(h.start.label, h.predicate, h.end.label, h.forward) for h in hops]
        [('Microsoft', 'partner_of', 'Xiaomi', True), ('Xiaomi', 'founder_of', 'Lei Jun', False)]
    """
    a = resolve(kg, source)
    b = resolve(kg, target)
    if max_depth is not None:
        _check_depth(max_depth, minimum=1)
    flt = _make_filter(
        kg, predicates=predicates, direction="both", min_confidence=min_confidence, kinds=kinds
    )
    if a == b:
        return ()
    g = kg.graph
    parents: dict[str, tuple[str, _Edge]] = {}
    seen = {a}
    frontier = [a]
    depth = 0
    while frontier and b not in seen and (max_depth is None or depth < max_depth):
        depth += 1
        following: list[str] = []
        for via in frontier:
            best: dict[str, tuple[tuple[float, int, str, str], _Edge]] = {}
            for edge in _edges_at(g, via, flt):
                other, predicate, dirn, kind, data = edge
                if other in seen:
                    continue
                rank = (-float(data.get("confidence") or 0.0), _KIND_RANK[kind], predicate, dirn)
                if other not in best or rank < best[other][0]:
                    best[other] = (rank, edge)
            for other in sorted(best):
                parents[other] = (via, best[other][1])
                seen.add(other)
                following.append(other)
        frontier = following
    if b not in seen:
        within = f" within {max_depth} hops" if max_depth is not None else ""
        raise PathNotFound(
            f"no path of {'/'.join(sorted(flt.kinds))} edges{within} between "
            f"{kg.get_entity(a).label!r} and {kg.get_entity(b).label!r}"
        )
    hops: list[Hop] = []
    node = b
    while node != a:
        via, (other, predicate, dirn, kind, data) = parents[node]
        start, end = kg.get_entity(via), kg.get_entity(other)
        forward = dirn == "out"
        confidence = data.get("confidence")
        hops.append(
            Hop(
                subject=start if forward else end,
                predicate=predicate,
                object=end if forward else start,
                forward=forward,
                kind=kind,
                confidence=None if confidence is None else float(confidence),
                weight=int(data.get("weight", 1)),
                evidence=tuple(data.get("evidence", ())),
            )
        )
        node = via
    return tuple(reversed(hops))


def subgraph(
    kg: KnowledgeGraph,
    names: str | Entity | Iterable[str | Entity],
    *,
    depth: int = 1,
    predicates: str | Iterable[str] | None = None,
    min_confidence: float = 0.0,
    kinds: str | Iterable[str] = (EDGE_RELATION,),
) -> KnowledgeGraph:
    """Return the part of the graph around ``names`` as a new, exportable graph.

    Holds the entities within ``depth`` hops of any of ``names`` (walked like
    :func:`neighbours` with ``direction="both"``), every article with an edge to one
    of them, and every edge of the original graph among those nodes (co-occurrence
    and open links included). The result is closed: an article's ``parent`` or
    ``publisher`` that is not part of it becomes None, and the merge log keeps the
    decisions about the kept entities. Node and edge attributes are copied, so
    editing the subgraph leaves ``kg`` unchanged.

    Args:
        kg: The graph.
        names: One entity or several to start from.
        depth: Number of hops; 0 keeps just the named entities.
        predicates: Walk only edges with these predicates.
        min_confidence: Walk only edges at least this confident.
        kinds: Edge kinds to walk (default: typed relations only).

    Raises:
        EntityNotFound: a name matches no entity.
        ArgumentError: an unknown predicate or kind, or a negative depth.

    Example:
        >>> kg = _example_graph()  # the graph of the module docstring
        >>> small = subgraph(kg, ["Lei Jun"], depth=1)
        >>> [e.label for e in small.entities()], len(small.graph.edges)
        (['Lei Jun', 'Xiaomi'], 1)
    """
    if isinstance(names, (str, Entity)):
        names = [names]
    roots = sorted({resolve(kg, name) for name in names})
    _check_depth(depth, minimum=0)
    flt = _make_filter(
        kg, predicates=predicates, direction="both", min_confidence=min_confidence, kinds=kinds
    )
    g = kg.graph
    entities = set(roots)
    entities.update(edge[0] for _, _, edge in _walk(kg, roots, depth, flt))
    articles = {
        node
        for entity in entities
        for node in g.pred[entity]
        if g.nodes[node].get("kind") == NODE_ARTICLE
    }
    keep = entities | articles
    sub = nx.MultiDiGraph()
    sub.graph.update({k: v for k, v in g.graph.items() if k != "merge_log"})
    labels = {g.nodes[e].get("label") for e in entities}
    if "merge_log" in g.graph:
        sub.graph["merge_log"] = tuple(
            d for d in g.graph["merge_log"] if getattr(d, "label", None) in labels
        )
    for node in sorted(entities):
        sub.add_node(node, **dict(g.nodes[node]))
    for node in sorted(articles):
        data = dict(g.nodes[node])
        if data.get("parent") not in articles:
            data["parent"] = None
        if data.get("publisher") not in entities:
            data["publisher"] = None
        sub.add_node(node, **data)
    for u in sorted(keep):
        for v in sorted(n for n in g.succ[u] if n in keep):
            for key, data in g.succ[u][v].items():
                sub.add_edge(u, v, key=key, **dict(data))
    return type(kg)(sub)
