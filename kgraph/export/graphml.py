"""GraphML export (``graph.graphml``) and its reader, following the export contract.

The XML is written here, not by networkx: networkx reuses edge keys as GraphML edge
ids, which repeat across node pairs in a MultiDiGraph, and the GraphML schema and
Gephi both reject repeated ids.

What the file holds
    One node per entity (id = slug) and, with ``export.articles``, one per article
    (id = ``article:<slug>``; ``:`` is a legal NMTOKEN character). One edge per
    (subject, predicate, object), ids ``e0``, ``e1``, … unique in the file. Only
    GraphML's own attribute types are used and every ``attr.name`` is an NMTOKEN,
    so the file validates against the GraphML 1.0 schema.

Gephi
    Gephi's GraphML importer maps some column names to its own properties whatever
    their ``<key>`` says: ``label``, ``weight``, ``size``, ``x``/``y``/``z``,
    ``r``/``g``/``b`` (integers), ``color``, ``id``/``edgeid``, and the key ids
    ``d3``/``d7`` (yEd's labels). kgraph uses ``label`` and ``weight`` on purpose
    (Gephi's Label and Weight), ``r``/``g``/``b``/``size`` only for the optional
    visual extras, and key ids of the form ``v_*``/``e_*`` so no data column is
    swallowed by accident. A value that is None or empty gets no ``<data>`` element
    (Gephi would turn an empty value into null anyway). Gephi's GraphML importer
    reads only ``id``, ``source``, ``target`` and ``directed`` from ``<edge>`` and
    sets no edge type, and Gephi merges parallel edges that share source, target and
    edge type: typed facts such as ``founder_of`` and ``ceo_of`` between the same
    pair arrive in Gephi as one edge (weights merged, the first edge's columns
    kept), and no schema-valid GraphML (nor an extra ``<edge label>``) changes that.
    Use ``graph.gexf``, which carries a Gephi edge kind per predicate, to keep them
    apart in Gephi. networkx, igraph, yEd and Cytoscape keep them as separate edges.

What reading back keeps
    :func:`read_graphml` rebuilds entities (label, type, aliases, counts,
    first_seen), articles (when exported), and every edge with its kind, predicate,
    weight and confidence. A fact keeps one evidence statement (the one with the
    highest confidence, with its document, offsets, rule and date) instead of all of
    them; statement modality and qualifiers (``role``, ``amount``) and the merge log
    are not in the file. Aliases containing `` | `` cannot be split back apart.
    Characters XML 1.0 forbids were replaced with U+FFFD when writing.
"""

from __future__ import annotations

import os
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from ..errors import ExportError
from ..graph.knowledge import KnowledgeGraph
from ..graph.schema import NODE_ARTICLE, NODE_ENTITY
from ._output import write_chunks
from ._rebuild import LIST_SEPARATOR, GraphBuilder
from ._rows import TYPE_COLOURS, EdgeRow, NodeRow, default_options, graph_rows, node_size
from ._xml import xml_attr, xml_text
from .registry import Exporter, ExportOptions, register_exporter

__all__ = ["LIST_SEPARATOR", "generate_graphml", "read_graphml", "write_graphml"]

_NS = "http://graphml.graphdrawing.org/xmlns"
_HEADER = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    f'<graphml xmlns="{_NS}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
    f'xsi:schemaLocation="{_NS} http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n'
)
# XML NameChar, as XML 1.0 (fifth edition) defines NMTOKEN.
_NAME_START = (
    ":A-Z_a-z\xc0-\xd6\xd8-\xf6\xf8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c\u200d"
    "\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\U00010000-\U000effff"
)
_NMTOKEN = re.compile(f"[{_NAME_START}\\-.0-9\xb7\u0300-\u036f\u203f-\u2040]+")

# (key id, domain, attr.name, attr.type). Key ids never match a Gephi property name.
_NODE_KEYS = (
    ("v_label", "label", "string"),
    ("v_kind", "kind", "string"),
    ("v_type", "type", "string"),
    ("v_mentions", "mentions", "int"),
    ("v_documents", "documents", "int"),
    ("v_aliases", "aliases", "string"),
    ("v_iri", "iri", "string"),
    ("v_first_seen", "first_seen", "string"),
    ("v_headline", "headline", "string"),
    ("v_doc_id", "doc_id", "string"),
    ("v_source_path", "source_path", "string"),
    ("v_url", "url", "string"),
    ("v_topics", "topics", "string"),
    ("v_parent", "parent", "string"),
    ("v_publisher", "publisher", "string"),
)
_VISUAL_KEYS = (
    ("v_r", "r", "int"),
    ("v_g", "g", "int"),
    ("v_b", "b", "int"),
    ("v_size", "size", "double"),
)
_EDGE_KEYS = (
    ("e_predicate", "predicate", "string"),
    ("e_label", "label", "string"),
    ("e_weight", "weight", "double"),
    ("e_confidence", "confidence", "double"),
    ("e_evidence", "evidence", "string"),
    ("e_sources", "sources", "string"),
    ("e_kind", "kind", "string"),
    ("e_first_seen", "first_seen", "string"),
    ("e_evidence_doc", "evidence_doc", "string"),
    ("e_evidence_source", "evidence_source", "string"),
    ("e_evidence_start", "evidence_start", "int"),
    ("e_evidence_end", "evidence_end", "int"),
    ("e_evidence_published", "evidence_published", "string"),
    ("e_extractor", "extractor", "string"),
)

Value = str | int | float | None


def _check_id(value: str, what: str) -> str:
    if not _NMTOKEN.fullmatch(value):
        raise ExportError(
            f"{what} {value!r} is not a valid GraphML id (an XML NMTOKEN: letters, digits, "
            "'.', '-', '_', ':' and no spaces)"
        )
    return value


def _format(value: Value) -> str | None:
    if value is None:
        return None
    if isinstance(value, float):
        return repr(value)
    text = str(value)
    return text or None


def _data(key: str, value: Value, indent: str) -> str:
    text = _format(value)
    if text is None:
        return ""
    return f'{indent}<data key="{key}">{xml_text(text)}</data>\n'


def _node_values(node: NodeRow) -> dict[str, Value]:
    return {
        "v_label": node.label,
        "v_kind": node.kind,
        "v_type": node.type,
        "v_mentions": node.mentions,
        "v_documents": node.documents,
        "v_aliases": LIST_SEPARATOR.join(node.aliases),
        "v_iri": node.iri,
        "v_first_seen": node.first_seen,
        "v_headline": node.headline,
        "v_doc_id": node.doc_id,
        "v_source_path": node.source_path,
        "v_url": node.url,
        "v_topics": LIST_SEPARATOR.join(node.topics),
        "v_parent": node.parent,
        "v_publisher": node.publisher,
    }


def _edge_values(edge: EdgeRow) -> dict[str, Value]:
    ev = edge.evidence
    return {
        "e_predicate": edge.predicate,
        "e_label": edge.label,
        "e_weight": edge.weight,
        "e_confidence": edge.confidence,
        "e_evidence": ev.sentence if ev else None,
        "e_sources": LIST_SEPARATOR.join(edge.sources),
        "e_kind": edge.kind,
        "e_first_seen": edge.first_seen,
        "e_evidence_doc": ev.doc_id if ev else None,
        "e_evidence_source": ev.source_path if ev else None,
        "e_evidence_start": ev.start if ev else None,
        "e_evidence_end": ev.end if ev else None,
        "e_evidence_published": ev.published if ev else None,
        "e_extractor": ev.rule if ev else None,
    }


def generate_graphml(kg: KnowledgeGraph, *, options: ExportOptions | None = None) -> Iterator[str]:
    """Yield the GraphML document for ``kg``, a few lines at a time.

    The output is deterministic: the same graph and options give the same text.

    Raises:
        ExportError: a node id is not an XML NMTOKEN.
    """
    opts = options or default_options()
    visual = opts.export.visual
    nodes, edges = graph_rows(kg, opts)
    yield _HEADER
    for key_id, name, typ in _NODE_KEYS + (_VISUAL_KEYS if visual else ()):
        yield f'  <key id="{key_id}" for="node" attr.name="{name}" attr.type="{typ}"/>\n'
    for key_id, name, typ in _EDGE_KEYS:
        yield f'  <key id="{key_id}" for="edge" attr.name="{name}" attr.type="{typ}"/>\n'
    yield '  <graph id="G" edgedefault="directed">\n'
    for node in nodes:
        parts = [f'    <node id="{xml_attr(_check_id(node.id, "node id"))}">\n']
        for key_id, value in _node_values(node).items():
            parts.append(_data(key_id, value, "      "))
        if visual:
            r, g, b = TYPE_COLOURS.get(node.type or node.kind, TYPE_COLOURS[NODE_ARTICLE])
            size = node_size(node.mentions) if node.kind == NODE_ENTITY else 5.0
            for key_id, value in (("v_r", r), ("v_g", g), ("v_b", b), ("v_size", size)):
                parts.append(_data(key_id, value, "      "))
        parts.append("    </node>\n")
        yield "".join(parts)
    for edge in edges:
        parts = [
            f'    <edge id="{edge.id}" source="{xml_attr(edge.source)}" '
            f'target="{xml_attr(edge.target)}">\n'
        ]
        for key_id, value in _edge_values(edge).items():
            parts.append(_data(key_id, value, "      "))
        parts.append("    </edge>\n")
        yield "".join(parts)
    yield "  </graph>\n</graphml>\n"


def write_graphml(
    kg: KnowledgeGraph,
    target: str | os.PathLike[str] | IO[bytes],
    *,
    options: ExportOptions | None = None,
) -> None:
    """Write ``kg`` as GraphML (UTF-8) to a path or an open binary file."""
    write_chunks(generate_graphml(kg, options=options), target)


def read_graphml(path: str | os.PathLike[str]) -> KnowledgeGraph:
    """Read a GraphML file written by :func:`write_graphml` back into a KnowledgeGraph.

    See the module docstring for what the file does not keep.

    Raises:
        ExportError: the file cannot be read or is not kgraph GraphML.
    """
    p = Path(path)
    try:
        root = ET.parse(p).getroot()
    except (OSError, ET.ParseError) as err:
        raise ExportError(f"{p}: cannot read GraphML ({err})") from err
    ns = {"g": _NS}
    keys = {
        k.get("id", ""): k.get("attr.name", k.get("id", "")) for k in root.iterfind("g:key", ns)
    }
    graph_el = root.find("g:graph", ns)
    if graph_el is None:
        raise ExportError(f"{p}: not a GraphML file (no <graph> element)")

    def values(el: ET.Element) -> dict[str, str]:
        return {keys.get(d.get("key", ""), ""): d.text or "" for d in el.iterfind("g:data", ns)}

    builder = GraphBuilder(str(p))
    for node_el in graph_el.iterfind("g:node", ns):
        builder.add_node(node_el.get("id", ""), values(node_el))
    for edge_el in graph_el.iterfind("g:edge", ns):
        builder.add_edge(
            edge_el.get("source", ""), edge_el.get("target", ""), values(edge_el), edge_el.get("id")
        )
    return builder.graph()


def _write(kg: KnowledgeGraph, handle: IO[bytes], options: ExportOptions) -> None:
    write_graphml(kg, handle, options=options)


register_exporter(
    Exporter(
        name="graphml",
        filename="graph.graphml",
        media_type="application/graphml+xml",
        aliases=("graphml-xml", "xml-graphml"),
        write=_write,
        description="GraphML for networkx, igraph, yEd, Cytoscape and Gephi (schema-valid)",
        read=read_graphml,
    )
)
