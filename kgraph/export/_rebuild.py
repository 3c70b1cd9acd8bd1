"""Rebuilding a KnowledgeGraph from the flat columns of a GraphML or GEXF file.

Both readers hand over each node's and edge's values as strings under the column
names the writers use (``kind``, ``label``, ``type``, ``aliases``, ``predicate``,
``weight``, ``evidence``, ``evidence_start``, …). List columns are `` | ``-joined.
"""

from __future__ import annotations

from collections.abc import Mapping

import networkx as nx

from ..errors import ExportError
from ..graph.knowledge import KnowledgeGraph
from ..graph.schema import (
    ARTICLE_PREFIX,
    EDGE_COOCCURRENCE,
    EDGE_MENTIONS,
    EDGE_OPEN,
    EDGE_RELATION,
    NODE_ARTICLE,
    NODE_ENTITY,
    OPEN_PREFIX,
)
from ..model import Provenance

__all__ = ["LIST_SEPARATOR", "GraphBuilder"]

#: How list values (aliases, sources, topics) are joined into one string column.
LIST_SEPARATOR = " | "


def _split(value: str | None) -> tuple[str, ...]:
    return tuple(value.split(LIST_SEPARATOR)) if value else ()


def _int(value: str | None) -> int | None:
    return int(value) if value else None


class GraphBuilder:
    """Collects nodes and edges read from a file; :meth:`graph` returns the result.

    Args:
        where: The file being read, for error messages.
    """

    def __init__(self, where: str) -> None:
        self._where = where
        self._g = nx.MultiDiGraph()

    def add_node(self, node_id: str, d: Mapping[str, str]) -> None:
        """Add an entity or article node from its column values."""
        if not node_id:
            raise ExportError(f"{self._where}: a node has no id")
        kind = d.get("kind") or (
            NODE_ARTICLE if node_id.startswith(ARTICLE_PREFIX) else NODE_ENTITY
        )
        try:
            if kind == NODE_ARTICLE:
                self._g.add_node(
                    node_id,
                    kind=NODE_ARTICLE,
                    doc_id=d.get("doc_id", node_id),
                    source_path=d.get("source_path", ""),
                    headline=d.get("headline"),
                    published=d.get("first_seen"),
                    url=d.get("url"),
                    topics=_split(d.get("topics")),
                    parent=d.get("parent"),
                    publisher=d.get("publisher"),
                )
            else:
                self._g.add_node(
                    node_id,
                    kind=NODE_ENTITY,
                    label=d.get("label", node_id),
                    type=d.get("type", ""),
                    aliases=_split(d.get("aliases")),
                    mentions=_int(d.get("mentions")) or 0,
                    documents=_int(d.get("documents")) or 0,
                    first_seen=d.get("first_seen"),
                )
        except ValueError as err:
            raise ExportError(f"{self._where}: node {node_id!r} has a bad value ({err})") from err

    def add_edge(self, u: str, v: str, d: Mapping[str, str], edge_id: str | None = None) -> None:
        """Add an edge from its column values; both ends must already exist."""
        if u not in self._g or v not in self._g:
            raise ExportError(f"{self._where}: edge {edge_id!r} points at a missing node")
        try:
            self._edge(u, v, d)
        except ValueError as err:
            raise ExportError(f"{self._where}: edge {edge_id!r} has a bad value ({err})") from err

    def _edge(self, u: str, v: str, d: Mapping[str, str]) -> None:
        kind = d.get("kind") or EDGE_RELATION
        weight = round(float(d.get("weight") or 1.0))
        if kind in (EDGE_RELATION, EDGE_OPEN):
            predicate = d.get("predicate", "")
            confidence = float(d.get("confidence") or 0.0)
            evidence: tuple[Provenance, ...] = ()
            if d.get("evidence"):
                source = d.get("evidence_source") or (_split(d.get("sources")) or ("",))[0]
                evidence = (
                    Provenance(
                        doc_id=d.get("evidence_doc") or source,
                        source_path=source,
                        sentence=d["evidence"],
                        start=_int(d.get("evidence_start")) or 0,
                        end=_int(d.get("evidence_end")) or 0,
                        confidence=confidence,
                        rule=d.get("extractor", ""),
                        published=d.get("evidence_published"),
                    ),
                )
            key = predicate if kind == EDGE_RELATION else OPEN_PREFIX + predicate
            self._g.add_edge(u, v, key=key, kind=kind, predicate=predicate, weight=weight,
                             confidence=confidence, evidence=evidence,
                             first_seen=d.get("first_seen"))  # fmt: skip
        elif kind == EDGE_COOCCURRENCE:
            sources = _split(d.get("sources"))
            self._g.add_edge(u, v, key=kind, kind=kind, weight=weight, sources=sources)
        elif kind == EDGE_MENTIONS:
            self._g.add_edge(u, v, key=kind, kind=kind, count=weight)
        else:
            self._g.add_edge(u, v, key=kind, kind=kind)

    def graph(self) -> KnowledgeGraph:
        """Return the KnowledgeGraph built so far."""
        return KnowledgeGraph(self._g)
