"""Node-link JSON export (``graph.json``) and its lossless reader.

The document is networkx's node-link layout with a ``kgraph`` header::

    {
    "directed": true,
    "graph": {"merge_log": [...]},
    "kgraph": {"format": 1, "version": "0.1.0"},
    "links": [
    {"source": "lei-jun", "target": "xiaomi", "key": "ceo_of", "kind": "relation", ...},
    ...
    ],
    "multigraph": true,
    "nodes": [
    {"id": "lei-jun", "kind": "entity", "label": "Lei Jun", ...},
    ...
    ]
    }

Every node and edge attribute of :mod:`kgraph.graph.schema` is kept: tuples become
lists, each piece of evidence is an object with every :class:`~kgraph.model.Provenance`
field (qualifiers as ``[name, value]`` pairs), and the merge log is a list of
:class:`~kgraph.model.MergeDecision` objects, so :func:`read_json` rebuilds an equal
graph. Output is deterministic: nodes sorted by id, links by (source, target, key),
object keys sorted, one node or link per line, floats in Python's shortest
round-trip form, non-ASCII kept as UTF-8 and lone surrogates written as ``\\uXXXX``
escapes. The export options' filters (articles, co-occurrence, minimum weight and
confidence) apply as in the other formats; with the defaults nothing is dropped.
"""

from __future__ import annotations

import dataclasses
import json
import math
import os
import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import IO, Any

import networkx as nx

from .. import __version__
from ..errors import ExportError
from ..graph.knowledge import KnowledgeGraph
from ..graph.schema import NODE_ARTICLE
from ..model import MergeDecision, Provenance
from ._output import write_chunks
from ._rows import default_options, edge_kept, sorted_edges
from .registry import Exporter, ExportOptions, register_exporter

__all__ = ["FORMAT_VERSION", "generate_json", "read_json", "write_json"]

#: Version of the JSON layout; bumped on any incompatible change.
FORMAT_VERSION = 1

_SURROGATE = re.compile("[\ud800-\udfff]")


def _plain(value: Any, where: str) -> Any:
    """Return ``value`` as JSON-ready data (tuples as lists, dataclasses as objects)."""
    if value is None or isinstance(value, (str, bool, int)):
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ExportError(f"{where}: {value!r} cannot be written to JSON")
        return value
    if isinstance(value, (Provenance, MergeDecision)):
        return {f.name: _plain(getattr(value, f.name), where) for f in dataclasses.fields(value)}
    if isinstance(value, (tuple, list)):
        return [_plain(v, where) for v in value]
    raise ExportError(
        f"{where}: value of type {type(value).__name__} cannot be written to JSON "
        "(expected str, int, float, bool, None, a tuple of them, or Provenance)"
    )


def _dump(obj: Any) -> str:
    text = json.dumps(obj, sort_keys=True, ensure_ascii=False, allow_nan=False)
    # Lone surrogates cannot be encoded as UTF-8; a JSON escape keeps them exactly.
    return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def generate_json(kg: KnowledgeGraph, *, options: ExportOptions | None = None) -> Iterator[str]:
    """Yield the node-link JSON document for ``kg``, one node or link per line.

    Raises:
        ExportError: an attribute holds a value JSON cannot represent.
    """
    cfg = (options or default_options()).export
    g = kg.graph
    node_ids = sorted(
        (n for n, d in g.nodes(data=True) if cfg.articles or d.get("kind") != NODE_ARTICLE),
        key=str,
    )
    kept = set(node_ids)
    header = {"format": FORMAT_VERSION, "version": __version__}
    graph_attrs = {k: _plain(v, f"graph attribute {k}") for k, v in g.graph.items()}
    yield '{\n"directed": true,\n'
    yield f'"graph": {_dump(graph_attrs)},\n'
    yield f'"kgraph": {_dump(header)},\n'
    yield '"links": [\n'
    # Streamed in order, one link behind, so the last one is written without a comma.
    previous: str | None = None
    for u, v, k, d in sorted_edges(g):
        if u not in kept or v not in kept or not edge_kept(d, cfg):
            continue
        where = f"edge {u} -> {v} ({k})"
        item = {a: _plain(val, f"{where} {a}") for a, val in d.items()}
        item.update(source=u, target=v, key=k)
        if previous is not None:
            yield previous + ",\n"
        previous = _dump(item)
    if previous is not None:
        yield previous + "\n"
    yield '],\n"multigraph": true,\n"nodes": [\n'
    for i, n in enumerate(node_ids):
        item = {a: _plain(val, f"node {n} {a}") for a, val in g.nodes[n].items()}
        item["id"] = n
        yield _dump(item) + (",\n" if i < len(node_ids) - 1 else "\n")
    yield "]\n}\n"


def write_json(
    kg: KnowledgeGraph,
    target: str | os.PathLike[str] | IO[bytes],
    *,
    options: ExportOptions | None = None,
) -> None:
    """Write ``kg`` as node-link JSON (UTF-8) to a path or an open binary file."""
    write_chunks(generate_json(kg, options=options), target)


def _tuples(value: Any) -> Any:
    if isinstance(value, list):
        return tuple(_tuples(v) for v in value)
    return value


def _provenance(data: Mapping[str, Any]) -> Provenance:
    fields = {f.name for f in dataclasses.fields(Provenance)}
    return Provenance(**{k: _tuples(v) for k, v in data.items() if k in fields})


def read_json(path: str | os.PathLike[str]) -> KnowledgeGraph:
    """Read a file written by :func:`write_json` back into an equal KnowledgeGraph.

    Raises:
        ExportError: the file cannot be read, is not JSON, or is not kgraph node-link
            JSON of a known format version.
    """
    p = Path(path)
    try:
        doc = json.loads(p.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
        raise ExportError(f"{p}: cannot read kgraph JSON ({err})") from err
    header = doc.get("kgraph") if isinstance(doc, dict) else None
    if not isinstance(header, dict) or header.get("format") != FORMAT_VERSION:
        raise ExportError(
            f"{p}: not a kgraph JSON export of format {FORMAT_VERSION} "
            f"(header {header!r}); re-export it with this kgraph version"
        )
    try:
        g = nx.MultiDiGraph()
        for key, value in doc.get("graph", {}).items():
            if key == "merge_log":
                g.graph[key] = tuple(MergeDecision(**item) for item in value)
            else:
                g.graph[key] = _tuples(value)
        for node in doc["nodes"]:
            attrs = {k: _tuples(v) for k, v in node.items() if k != "id"}
            g.add_node(node["id"], **attrs)
        for link in doc["links"]:
            attrs = {k: _tuples(v) for k, v in link.items() if k not in ("source", "target", "key")}
            if "evidence" in link:
                attrs["evidence"] = tuple(_provenance(e) for e in link["evidence"])
            g.add_edge(link["source"], link["target"], key=link["key"], **attrs)
    except (KeyError, TypeError, AttributeError) as err:
        raise ExportError(f"{p}: malformed kgraph JSON ({err!r})") from err
    return KnowledgeGraph(g)


def _write(kg: KnowledgeGraph, handle: IO[bytes], options: ExportOptions) -> None:
    write_json(kg, handle, options=options)


register_exporter(
    Exporter(
        name="json",
        filename="graph.json",
        media_type="application/json",
        aliases=("node-link", "nodelink", "json-graph"),
        write=_write,
        description="node-link JSON, lossless (read back with kgraph.load)",
        read=read_json,
    )
)
