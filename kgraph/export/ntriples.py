"""N-Triples export (``graph.nt``): one triple a line, the simplest RDF to stream.

Same triples as the Turtle export (:mod:`kgraph.export.rdf_model`), spelled in full.
Lines come in the model's subject order and are sorted within each subject, so
the file is byte-identical for the same graph and diffs well.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO

from ..graph.knowledge import KnowledgeGraph
from ._output import write_chunks
from .rdf_model import graph_triples, paused_gc
from .rdf_reader import read_rdf
from .rdf_terms import Literal, Term, nt_term
from .registry import Exporter, ExportOptions, register_exporter

__all__ = ["NTriplesTerms", "generate_ntriples", "read_ntriples", "sorted_lines", "write_ntriples"]

_CHUNK_LINES = 4096


class NTriplesTerms:
    """Spells terms the N-Triples way, remembering IRIs and blank nodes (not literals)."""

    def __init__(self) -> None:
        self._cache: dict[Term, str] = {}

    def __call__(self, term: Term) -> str:
        text = self._cache.get(term)
        if text is None:
            text = nt_term(term)
            if not isinstance(term, Literal):
                self._cache[term] = text
        return text


def sorted_lines(rows: Iterable[tuple[Term, str]]) -> Iterator[str]:
    """Yield chunks of ``rows``' lines, sorted and deduplicated within each subject run.

    ``rows`` are ``(subject, line)`` pairs in the model's subject order.
    """
    out: list[str] = []
    run: list[str] = []
    subject: Term | None = None
    for s, line in rows:
        if s != subject:
            out.extend(sorted(set(run)))
            run = []
            subject = s
            if len(out) >= _CHUNK_LINES:
                yield "".join(out)
                out = []
        run.append(line)
    out.extend(sorted(set(run)))
    if out:
        yield "".join(out)


def generate_ntriples(kg: KnowledgeGraph, *, options: ExportOptions) -> Iterator[str]:
    """Yield the N-Triples export of ``kg`` as text chunks.

    Raises:
        ExportError: as :func:`kgraph.export.turtle.generate_turtle`.
    """
    term = NTriplesTerms()
    rows = (
        (s, f"{term(s)} {term(p)} {term(o)} .\n") for s, p, o in graph_triples(kg, options=options)
    )
    yield from sorted_lines(rows)


def write_ntriples(
    kg: KnowledgeGraph, target: str | os.PathLike[str] | IO[bytes], options: ExportOptions
) -> None:
    """Write the N-Triples export of ``kg`` to a path or an open binary file."""
    with paused_gc():
        write_chunks(generate_ntriples(kg, options=options), target)


def read_ntriples(path: str | os.PathLike[str]) -> KnowledgeGraph:
    """Read a kgraph N-Triples export back into a :class:`KnowledgeGraph`."""
    return read_rdf(Path(path), "ntriples")


_write: Callable[[KnowledgeGraph, IO[bytes], ExportOptions], None] = write_ntriples

register_exporter(
    Exporter(
        name="nt",
        filename="graph.nt",
        media_type="application/n-triples",
        aliases=("ntriples", "n-triples"),
        write=_write,
        description="RDF N-Triples: the Turtle export's triples, one per line",
        read=read_ntriples,
    )
)
