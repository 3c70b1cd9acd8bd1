"""Flat node and edge rows for the graph-file exporters (GraphML, GEXF).

Both XML formats need the same decisions: which nodes and edges the options keep,
in which order, with which edge ids, which evidence sentence represents a fact, and
when a node or edge was first reported. They are taken once, here, so the formats
cannot drift apart.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from ..config import DEFAULT_BASE_IRI, ExportConfig
from ..errors import ExportError
from ..graph.knowledge import KnowledgeGraph
from ..graph.schema import (
    ARTICLE_PREFIX,
    EDGE_ABOUT,
    EDGE_COOCCURRENCE,
    EDGE_MENTIONS,
    EDGE_OPEN,
    EDGE_PUBLISHER,
    EDGE_RELATION,
    NODE_ARTICLE,
    NODE_ENTITY,
)
from ..model import Provenance
from ..predicates import BUILTIN_PREDICATES
from .registry import ExportOptions

__all__ = [
    "TYPE_COLOURS",
    "EdgeRow",
    "EdgeRows",
    "NodeRow",
    "default_options",
    "edge_kept",
    "graph_rows",
    "node_size",
    "pick_evidence",
    "sorted_edges",
]

_PREDICATE_LABELS = {p.name: p.label for p in BUILTIN_PREDICATES}
_KIND_LABELS = {
    EDGE_COOCCURRENCE: "co-occurs with",
    EDGE_MENTIONS: "mentions",
    EDGE_ABOUT: "about",
    EDGE_PUBLISHER: "published by",
}

#: Gephi colours (r, g, b) by entity type; articles are grey.
TYPE_COLOURS: dict[str, tuple[int, int, int]] = {
    "ORG": (31, 119, 180),
    "PERSON": (214, 39, 40),
    "PLACE": (44, 160, 44),
    "PRODUCT": (255, 127, 14),
    "TECH": (148, 103, 189),
    NODE_ARTICLE: (127, 127, 127),
}


@dataclass(frozen=True, slots=True)
class NodeRow:
    """One node as the graph files write it (entity or article)."""

    id: str
    kind: str
    label: str
    iri: str
    type: str | None = None
    mentions: int | None = None
    documents: int | None = None
    aliases: tuple[str, ...] = ()
    first_seen: str | None = None
    doc_id: str | None = None
    source_path: str | None = None
    headline: str | None = None
    url: str | None = None
    topics: tuple[str, ...] = ()
    parent: str | None = None
    publisher: str | None = None


@dataclass(frozen=True, slots=True)
class EdgeRow:
    """One edge as the graph files write it; ``id`` is unique in the file."""

    id: str
    source: str
    target: str
    key: str
    kind: str
    predicate: str
    label: str
    weight: float
    confidence: float | None = None
    evidence: Provenance | None = None
    sources: tuple[str, ...] = ()
    first_seen: str | None = None


def default_options() -> ExportOptions:
    """Return the options an exporter uses when the caller gives none."""
    return ExportOptions(base_iri=DEFAULT_BASE_IRI, export=ExportConfig())


def node_size(mentions: int | None) -> float:
    """Return the Gephi node size for an entity mentioned ``mentions`` times.

    >>> node_size(0), node_size(16)
    (10.0, 30.0)
    """
    return round(10.0 + 5.0 * math.sqrt(max(mentions or 0, 0)), 3)


def pick_evidence(evidence: Iterable[Provenance]) -> Provenance | None:
    """Return the statement that represents a fact: highest confidence, then first."""
    best: Provenance | None = None
    for prov in evidence:
        if best is None or prov.confidence > best.confidence:
            best = prov
    return best


def _earliest(dates: Iterable[str | None]) -> str | None:
    # ISO strings of mixed precision ("2020-01-02", "2020-01-02T06:47:00Z") order
    # correctly by (day, full string).
    known = [d for d in dates if d]
    return min(known, key=lambda d: (d[:10], d)) if known else None


def _predicate_label(predicate: str, kind: str, extra: Any = None) -> str:
    if kind == EDGE_RELATION:
        # ``extra``: user predicates from the configuration, when the options carry
        # them (a Mapping or PredicateRegistry of Predicate).
        if extra is not None and predicate in extra:
            return str(extra[predicate].label)
        return _PREDICATE_LABELS.get(predicate, predicate.replace("_", " "))
    if kind == EDGE_OPEN:
        return predicate
    return _KIND_LABELS.get(kind, kind)


def edge_kept(data: Mapping[str, Any], config: ExportConfig) -> bool:
    """Return whether ``config`` keeps an entity-entity edge with these attributes.

    Co-occurrence edges follow ``cooccurrence`` and ``min_weight``; typed and open
    relations follow ``min_weight`` and ``min_confidence``; other kinds are kept.
    """
    kind = data.get("kind")
    try:
        weight = float(data.get("weight", 1))
        confidence = float(data.get("confidence", 0.0))
    except (TypeError, ValueError):
        return True  # not a number: kept, so the writer reports it
    # Written as "not below" so a NaN is kept and reported by the writer, not lost.
    if kind == EDGE_COOCCURRENCE:
        return config.cooccurrence and not weight < config.min_weight
    if kind in (EDGE_RELATION, EDGE_OPEN):
        return not (weight < config.min_weight or confidence < config.min_confidence)
    return True


def _number(value: Any, what: str) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError) as err:
        raise ExportError(f"{what} is {value!r}, not a number") from err
    if not math.isfinite(number):
        raise ExportError(f"{what} is {number!r}, not a finite number")
    return number


def sorted_edges(g: Any) -> Iterator[tuple[Any, Any, Any, dict[str, Any]]]:
    """Yield the edges ``(u, v, key, data)`` of ``g`` sorted by ``(str(u), str(v), str(key))``.

    The same order as sorting ``g.edges(keys=True, data=True)`` (ties keep the graph's
    order), but one source node at a time, so a graph of millions of edges is never
    copied into one big list.
    """
    succ = g.succ
    for _, group in itertools.groupby(sorted(g.nodes, key=str), key=str):
        edges = [(u, v, k, d) for u in group for v, kd in succ[u].items() for k, d in kd.items()]
        edges.sort(key=lambda e: (str(e[1]), str(e[2])))
        yield from edges


class EdgeRows:
    """The edges a graph file writes, streamed in order with their ids; ``len`` counts them.

    Edge rows are built one at a time as the file is written: at a few million edges
    a list of them would cost more memory than the graph itself.
    """

    def __init__(
        self, kg: KnowledgeGraph, options: ExportOptions, nodes: Iterable[NodeRow]
    ) -> None:
        self._kg = kg
        self._options = options
        self._kept = {n.id for n in nodes}
        self._len: int | None = None

    def _selected(self) -> Iterator[tuple[Any, Any, Any, dict[str, Any]]]:
        cfg = self._options.export
        kept = self._kept
        for u, v, key, d in sorted_edges(self._kg.graph):
            if u in kept and v in kept and edge_kept(d, cfg):
                yield u, v, key, d

    def __len__(self) -> int:
        if self._len is None:
            cfg = self._options.export
            kept = self._kept
            self._len = sum(
                1
                for u, v, d in self._kg.graph.edges(data=True)
                if u in kept and v in kept and edge_kept(d, cfg)
            )
        return self._len

    def __iter__(self) -> Iterator[EdgeRow]:
        g = self._kg.graph
        extra_predicates = getattr(self._options, "predicates", None)
        article_dates: dict[str, list[str | None]] = {}
        for _, d in g.nodes(data=True):
            if d.get("kind") == NODE_ARTICLE:
                article_dates.setdefault(d["source_path"], []).append(d.get("published"))
        by_path = {path: _earliest(dates) for path, dates in article_dates.items()}
        del article_dates
        for i, (u, v, key, d) in enumerate(self._selected()):
            kind = d.get("kind")
            where = f"edge {u} -> {v} ({key})"
            weight = _number(d.get("weight", 1), f"{where} weight")
            if kind in (EDGE_RELATION, EDGE_OPEN):
                confidence = _number(d.get("confidence"), f"{where} confidence")
                evidence: tuple[Provenance, ...] = tuple(d.get("evidence", ()))
                first = d.get("first_seen") or _earliest(p.published for p in evidence)
                row = EdgeRow(
                    id=f"e{i}",
                    source=u,
                    target=v,
                    key=key,
                    kind=kind,
                    predicate=d["predicate"],
                    label=_predicate_label(d["predicate"], kind, extra_predicates),
                    weight=weight,
                    confidence=confidence,
                    evidence=pick_evidence(evidence),
                    sources=tuple(sorted({p.source_path for p in evidence})),
                    first_seen=first,
                )
            elif kind == EDGE_COOCCURRENCE:
                sources = tuple(sorted(d.get("sources", ())))
                row = EdgeRow(
                    id=f"e{i}",
                    source=u,
                    target=v,
                    key=key,
                    kind=kind,
                    predicate=kind,
                    label=_predicate_label(kind, kind),
                    weight=weight,
                    sources=sources,
                    first_seen=_earliest(by_path.get(s) for s in sources),
                )
            else:
                # mentions/about/publisher, and any kind added later: written as it is.
                source_path = g.nodes[u].get("source_path")
                amount = d.get("count", 1) if kind == EDGE_MENTIONS else d.get("weight", 1)
                row = EdgeRow(
                    id=f"e{i}",
                    source=u,
                    target=v,
                    key=key,
                    kind=str(kind),
                    predicate=str(kind),
                    label=_predicate_label(str(kind), str(kind)),
                    weight=_number(amount, f"{where} weight"),
                    sources=(source_path,) if source_path else (),
                    first_seen=g.nodes[u].get("published"),
                )
            if row.weight <= 0:
                # Gephi drops edges of weight 0 without a word; refuse to write them.
                raise ExportError(f"{where} weight is {row.weight!r}; edge weights must be > 0")
            yield row


def graph_rows(kg: KnowledgeGraph, options: ExportOptions) -> tuple[list[NodeRow], EdgeRows]:
    """Return the nodes and edges ``options`` keep, sorted, with unique edge ids.

    Entities are always kept. ``export.articles`` keeps article nodes with their
    ``mentions``/``about``/``publisher`` edges; ``export.cooccurrence`` keeps
    co-occurrence edges; ``min_weight`` applies to entity-entity edges and
    ``min_confidence`` to typed and open relations. The nodes are a list; the edges
    are streamed (see :class:`EdgeRows`), and an edge that cannot be written raises
    :class:`~kgraph.errors.ExportError` when the iteration reaches it.
    """
    cfg = options.export
    base = options.base_iri
    g = kg.graph
    nodes: list[NodeRow] = []
    for node_id in sorted(g.nodes, key=str):
        d = g.nodes[node_id]
        if d.get("kind") == NODE_ENTITY:
            ent = kg.get_entity(node_id)
            first = ent.first_seen or _earliest(
                g.nodes[a].get("published")
                for a, _, ed in g.in_edges(node_id, data=True)
                if ed.get("kind") == EDGE_MENTIONS
            )
            nodes.append(
                NodeRow(
                    id=node_id,
                    kind=NODE_ENTITY,
                    label=ent.label,
                    iri=f"{base}entity/{node_id}",
                    type=ent.type,
                    mentions=ent.mentions,
                    documents=ent.documents,
                    aliases=ent.aliases,
                    first_seen=first,
                )
            )
        elif d.get("kind") == NODE_ARTICLE and cfg.articles:
            art = kg.get_article(node_id)
            slug = node_id[len(ARTICLE_PREFIX) :]
            nodes.append(
                NodeRow(
                    id=node_id,
                    kind=NODE_ARTICLE,
                    label=art.headline or art.doc_id,
                    iri=f"{base}article/{slug}",
                    first_seen=art.published,
                    doc_id=art.doc_id,
                    source_path=art.source_path,
                    headline=art.headline,
                    url=art.url,
                    topics=art.topics,
                    parent=art.parent,
                    publisher=art.publisher,
                )
            )
    return nodes, EdgeRows(kg, options, nodes)
