"""TriG export (``graph.trig``): Turtle with one named graph per article.

Holds the same quads as the N-Quads export (:func:`kgraph.export.rdf_model.graph_quads`):
the vocabulary, entities and articles in the default graph (written as a
``{ … }`` block, which TriG 1.1 and older TriG readers such as raptor both accept),
then one ``<article-iri> { … }`` block per article, in IRI order, holding that
article's statements and the direct triples its evidence supports. The default
graph is streamed; named-graph triples are gathered first, grouped by graph.
"""

from __future__ import annotations

import itertools
import os
from collections import defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO

from ..graph.knowledge import KnowledgeGraph
from ._output import write_chunks
from .rdf_model import graph_quads, paused_gc
from .rdf_reader import read_rdf
from .rdf_terms import IRI, Triple, nt_term
from .registry import Exporter, ExportOptions, register_exporter
from .turtle import TurtleTerms, data_prefixes, turtle_blocks

__all__ = ["generate_trig", "read_trig", "write_trig"]


def generate_trig(kg: KnowledgeGraph, *, options: ExportOptions) -> Iterator[str]:
    """Yield the TriG export of ``kg`` as text chunks.

    Raises:
        ExportError: as :func:`kgraph.export.turtle.generate_turtle`.
    """
    terms = TurtleTerms(data_prefixes(options.base_iri))
    named: dict[IRI, list[Triple]] = defaultdict(list)

    def default_graph() -> Iterator[Triple]:
        for s, p, o, g in graph_quads(kg, options=options):
            if g is None:
                yield s, p, o
            else:
                named[g].append((s, p, o))

    triples = default_graph()
    first = next(triples, None)  # validates the base IRI before anything is written
    yield terms.header()
    yield "{\n"
    if first is not None:
        yield from turtle_blocks(itertools.chain((first,), triples), terms)
    yield "}\n"
    for graph in sorted(named, key=lambda g: g.value):
        yield f"\n{nt_term(graph)} {{\n"
        yield from turtle_blocks(named[graph], terms)
        yield "}\n"


def write_trig(
    kg: KnowledgeGraph, target: str | os.PathLike[str] | IO[bytes], options: ExportOptions
) -> None:
    """Write the TriG export of ``kg`` to a path or an open binary file."""
    with paused_gc():
        write_chunks(generate_trig(kg, options=options), target)


def read_trig(path: str | os.PathLike[str]) -> KnowledgeGraph:
    """Read a kgraph TriG export back into a :class:`KnowledgeGraph`."""
    return read_rdf(Path(path), "trig")


_write: Callable[[KnowledgeGraph, IO[bytes], ExportOptions], None] = write_trig

register_exporter(
    Exporter(
        name="trig",
        filename="graph.trig",
        media_type="application/trig",
        aliases=(),
        write=_write,
        description="RDF TriG: Turtle with each article's facts in its own named graph",
        read=read_trig,
    )
)
