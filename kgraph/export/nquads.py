"""N-Quads export (``graph.nq``): the triples plus one named graph per article.

The vocabulary, entities and articles are in the default graph; each article's
statements, and the direct triples its evidence supports, are in the graph named
by the article's IRI (see :func:`kgraph.export.rdf_model.graph_quads`). A direct
triple reported by several articles appears once in each of their graphs.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO

from ..graph.knowledge import KnowledgeGraph
from ._output import write_chunks
from .ntriples import NTriplesTerms, sorted_lines
from .rdf_model import graph_quads, paused_gc
from .rdf_reader import read_rdf
from .registry import Exporter, ExportOptions, register_exporter

__all__ = ["generate_nquads", "read_nquads", "write_nquads"]


def generate_nquads(kg: KnowledgeGraph, *, options: ExportOptions) -> Iterator[str]:
    """Yield the N-Quads export of ``kg`` as text chunks.

    Raises:
        ExportError: as :func:`kgraph.export.turtle.generate_turtle`.
    """
    term = NTriplesTerms()
    rows = (
        (s, f"{term(s)} {term(p)} {term(o)} .\n" if g is None else
            f"{term(s)} {term(p)} {term(o)} {term(g)} .\n")
        for s, p, o, g in graph_quads(kg, options=options)
    )  # fmt: skip
    yield from sorted_lines(rows)


def write_nquads(
    kg: KnowledgeGraph, target: str | os.PathLike[str] | IO[bytes], options: ExportOptions
) -> None:
    """Write the N-Quads export of ``kg`` to a path or an open binary file."""
    with paused_gc():
        write_chunks(generate_nquads(kg, options=options), target)


def read_nquads(path: str | os.PathLike[str]) -> KnowledgeGraph:
    """Read a kgraph N-Quads export back into a :class:`KnowledgeGraph`."""
    return read_rdf(Path(path), "nquads")


_write: Callable[[KnowledgeGraph, IO[bytes], ExportOptions], None] = write_nquads

register_exporter(
    Exporter(
        name="nq",
        filename="graph.nq",
        media_type="application/n-quads",
        aliases=("nquads", "n-quads"),
        write=_write,
        description="RDF N-Quads: the triples, with each article's facts in its own named graph",
        read=read_nquads,
    )
)
