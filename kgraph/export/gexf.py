"""GEXF export (``graph.gexf``): Gephi's native format, with a timeline.

kgraph writes GEXF 1.3, the version Gephi itself writes since 0.9, because it is
the first GEXF version whose ``<edge>`` has a ``kind`` attribute. Gephi's GEXF
importer turns ``kind`` into the edge type, and Gephi only merges parallel edges
that share source, target *and* edge type; with ``kind`` set to the predicate,
Lei Jun ``founder_of`` Xiaomi and Lei Jun ``ceo_of`` Xiaomi stay two edges. (GEXF
1.2draft has no way to say this, and Gephi's GraphML importer assigns no edge type
at all.) Apart from ``kind`` and the namespaces, the file uses only what GEXF
1.2draft also has, so it also validates against the 1.2draft schema once the
namespaces are mapped and ``kind`` is dropped; the tests check exactly that.

What the file holds
    Nodes: entities (and articles with ``export.articles``), ``label`` = canonical
    name (headline for articles), data attributes ``node_kind``, ``headline``, ``type``,
    ``mentions``, ``documents``, ``aliases`` (`` | ``-joined), ``iri``,
    ``first_seen`` and the article fields; ``viz:color`` by entity type and
    ``viz:size`` by mention count when ``export.visual`` is on.
    Edges: one per (subject, predicate, object); ``kind`` = predicate (or
    ``cooccurrence``, ``mentions``, ``about``, ``publisher``; ``open:<verb>`` for
    open relations), ``label`` = human label, ``weight`` > 0, data attributes
    ``predicate``, ``confidence``, ``evidence`` (one sentence, with its
    ``evidence_doc``, ``evidence_source``, ``evidence_start``/``evidence_end``,
    ``evidence_published`` and ``extractor``), ``sources``, ``edge_kind``
    (relation, open, cooccurrence, mentions, about, publisher), ``first_seen``.

Reading back
    :func:`read_gexf` keeps what the GraphML reader keeps: entities, articles and
    every edge, with one evidence statement per fact (the most confident); other
    statements, their modality and qualifiers, and the merge log are not in the
    file. Characters XML 1.0 forbids were replaced with U+FFFD when writing.

Time
    The graph is ``mode="dynamic" timeformat="date"``. Each node and edge gets
    ``start`` = the publication date (day precision) of the first article that
    reports it; what has no known date gets no ``start`` and is shown for the whole
    timeline. No ``end`` is written: a fact, once reported, stays on the map.

Names
    No data attribute uses a name Gephi reserves for its own columns (``id``,
    ``label``, ``weight``, ``timeset``/``interval``), and the relation kind column
    is ``edge_kind`` so it cannot be confused with the GEXF ``kind`` edge type.
"""

from __future__ import annotations

import datetime as dt
import os
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from .. import __version__
from ..errors import ExportError
from ..graph.knowledge import KnowledgeGraph
from ..graph.schema import EDGE_OPEN, NODE_ARTICLE, NODE_ENTITY, OPEN_PREFIX
from ._output import write_chunks
from ._rebuild import LIST_SEPARATOR, GraphBuilder
from ._rows import TYPE_COLOURS, EdgeRow, NodeRow, default_options, graph_rows, node_size
from ._xml import xml_attr
from .registry import Exporter, ExportOptions, register_exporter

__all__ = ["GEXF_NAMESPACE", "VIZ_NAMESPACE", "generate_gexf", "read_gexf", "write_gexf"]

GEXF_NAMESPACE = "http://gexf.net/1.3"
VIZ_NAMESPACE = "http://gexf.net/1.3/viz"

_HEADER = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    f'<gexf xmlns="{GEXF_NAMESPACE}" xmlns:viz="{VIZ_NAMESPACE}" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
    f'xsi:schemaLocation="{GEXF_NAMESPACE} http://gexf.net/1.3/gexf.xsd" version="1.3">\n'
    "  <meta>\n"
    f"    <creator>kgraph {xml_attr(__version__)}</creator>\n"
    "    <description>Knowledge graph of news articles: entities, articles and typed "
    "relations; edge kind = predicate</description>\n"
    "  </meta>\n"
    '  <graph defaultedgetype="directed" mode="dynamic" timeformat="date">\n'
)

# (id = title, GEXF type). None of them is a Gephi-reserved column id.
_NODE_ATTRIBUTES = (
    ("node_kind", "string"),
    ("headline", "string"),
    ("type", "string"),
    ("mentions", "integer"),
    ("documents", "integer"),
    ("aliases", "string"),
    ("iri", "string"),
    ("first_seen", "string"),
    ("doc_id", "string"),
    ("source_path", "string"),
    ("url", "string"),
    ("topics", "string"),
    ("parent", "string"),
    ("publisher", "string"),
)
_EDGE_ATTRIBUTES = (
    ("predicate", "string"),
    ("confidence", "double"),
    ("evidence", "string"),
    ("sources", "string"),
    ("edge_kind", "string"),
    ("first_seen", "string"),
    ("evidence_doc", "string"),
    ("evidence_source", "string"),
    ("evidence_start", "integer"),
    ("evidence_end", "integer"),
    ("evidence_published", "string"),
    ("extractor", "string"),
)

Value = str | int | float | None


def _day(value: str | None) -> str | None:
    """Return the ``YYYY-MM-DD`` day of an ISO date or date-time, or None."""
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10]).isoformat()
    except ValueError:
        return None


def _attvalues(values: dict[str, Value], indent: str) -> str:
    parts = []
    for key, value in values.items():
        if value is None or value == "":
            continue
        text = repr(value) if isinstance(value, float) else str(value)
        parts.append(f'{indent}  <attvalue for="{key}" value="{xml_attr(text)}"/>\n')
    if not parts:
        return ""
    return f"{indent}<attvalues>\n{''.join(parts)}{indent}</attvalues>\n"


def _node(node: NodeRow, visual: bool) -> str:
    start = _day(node.first_seen)
    head = f'      <node id="{xml_attr(node.id)}" label="{xml_attr(node.label)}"'
    head += f' start="{start}">\n' if start else ">\n"
    values: dict[str, Value] = {
        "node_kind": node.kind,
        "headline": node.headline,
        "type": node.type,
        "mentions": node.mentions,
        "documents": node.documents,
        "aliases": LIST_SEPARATOR.join(node.aliases),
        "iri": node.iri,
        "first_seen": node.first_seen,
        "doc_id": node.doc_id,
        "source_path": node.source_path,
        "url": node.url,
        "topics": LIST_SEPARATOR.join(node.topics),
        "parent": node.parent,
        "publisher": node.publisher,
    }
    body = _attvalues(values, "        ")
    if visual:
        r, g, b = TYPE_COLOURS.get(node.type or node.kind, TYPE_COLOURS[NODE_ARTICLE])
        size = node_size(node.mentions) if node.kind == NODE_ENTITY else 5.0
        body += f'        <viz:color r="{r}" g="{g}" b="{b}"/>\n'
        body += f'        <viz:size value="{size!r}"/>\n'
    return head + body + "      </node>\n"


def _edge(edge: EdgeRow) -> str:
    kind = OPEN_PREFIX + edge.predicate if edge.kind == EDGE_OPEN else edge.predicate
    start = _day(edge.first_seen)
    head = (
        f'      <edge id="{edge.id}" source="{xml_attr(edge.source)}" '
        f'target="{xml_attr(edge.target)}" label="{xml_attr(edge.label)}" '
        f'weight="{edge.weight!r}" kind="{xml_attr(kind)}"'
    )
    head += f' start="{start}">\n' if start else ">\n"
    ev = edge.evidence
    values: dict[str, Value] = {
        "predicate": edge.predicate,
        "confidence": edge.confidence,
        "evidence": ev.sentence if ev else None,
        "sources": LIST_SEPARATOR.join(edge.sources),
        "edge_kind": edge.kind,
        "first_seen": edge.first_seen,
        "evidence_doc": ev.doc_id if ev else None,
        "evidence_source": ev.source_path if ev else None,
        "evidence_start": ev.start if ev else None,
        "evidence_end": ev.end if ev else None,
        "evidence_published": ev.published if ev else None,
        "extractor": ev.rule if ev else None,
    }
    return head + _attvalues(values, "        ") + "      </edge>\n"


def generate_gexf(kg: KnowledgeGraph, *, options: ExportOptions | None = None) -> Iterator[str]:
    """Yield the GEXF 1.3 document for ``kg``, one node or edge at a time.

    The output is deterministic: the same graph and options give the same text.
    """
    opts = options or default_options()
    nodes, edges = graph_rows(kg, opts)
    yield _HEADER
    for cls, attributes in (("node", _NODE_ATTRIBUTES), ("edge", _EDGE_ATTRIBUTES)):
        yield f'    <attributes class="{cls}" mode="static">\n'
        for ident, typ in attributes:
            yield f'      <attribute id="{ident}" title="{ident}" type="{typ}"/>\n'
        yield "    </attributes>\n"
    yield f'    <nodes count="{len(nodes)}">\n'
    for node in nodes:
        yield _node(node, opts.export.visual)
    yield f'    </nodes>\n    <edges count="{len(edges)}">\n'
    for edge in edges:
        yield _edge(edge)
    yield "    </edges>\n  </graph>\n</gexf>\n"


def write_gexf(
    kg: KnowledgeGraph,
    target: str | os.PathLike[str] | IO[bytes],
    *,
    options: ExportOptions | None = None,
) -> None:
    """Write ``kg`` as GEXF 1.3 (UTF-8) to a path or an open binary file."""
    write_chunks(generate_gexf(kg, options=options), target)


def read_gexf(path: str | os.PathLike[str]) -> KnowledgeGraph:
    """Read a GEXF file written by :func:`write_gexf` back into a KnowledgeGraph.

    It keeps what :func:`kgraph.export.graphml.read_graphml` keeps: entities,
    articles, every edge with one evidence statement per fact. Element names are
    matched without their namespace, as Gephi does, so GEXF 1.2draft files with the
    same attributes read too.

    Raises:
        ExportError: the file cannot be read or is not kgraph GEXF.
    """
    p = Path(path)
    try:
        root = ET.parse(p).getroot()
    except (OSError, ET.ParseError) as err:
        raise ExportError(f"{p}: cannot read GEXF ({err})") from err
    titles: dict[tuple[str, str], str] = {}
    for block in root.iter("{*}attributes"):
        for attribute in block.iterfind("{*}attribute"):
            ident = attribute.get("id", "")
            titles[(block.get("class", ""), ident)] = attribute.get("title", ident)
    renamed = {"node_kind": "kind", "edge_kind": "kind"}

    def values(el: ET.Element, cls: str) -> dict[str, str]:
        out = {k: el.get(k, "") for k in ("label", "weight") if el.get(k)}
        for att in el.iterfind("{*}attvalues/{*}attvalue"):
            title = titles.get((cls, att.get("for", "")), att.get("for", ""))
            out[renamed.get(title, title)] = att.get("value", "")
        return out

    builder = GraphBuilder(str(p))
    for node_el in root.iterfind("{*}graph/{*}nodes/{*}node"):
        builder.add_node(node_el.get("id", ""), values(node_el, "node"))
    for edge_el in root.iterfind("{*}graph/{*}edges/{*}edge"):
        source, target = edge_el.get("source", ""), edge_el.get("target", "")
        builder.add_edge(source, target, values(edge_el, "edge"), edge_el.get("id"))
    return builder.graph()


def _write(kg: KnowledgeGraph, handle: IO[bytes], options: ExportOptions) -> None:
    write_gexf(kg, handle, options=options)


register_exporter(
    Exporter(
        name="gexf",
        filename="graph.gexf",
        media_type="application/gexf+xml",
        aliases=("gephi",),
        write=_write,
        description="GEXF 1.3 for Gephi: edge kind per predicate, colours, sizes, timeline",
        read=read_gexf,
    )
)
