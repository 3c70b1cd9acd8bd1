"""Turtle export (``graph.ttl``) and reader, written without rdflib's serializer.

rdflib's pretty Turtle serializer is far too slow for large graphs, so the file is
spelled here from the shared triple model (:mod:`kgraph.export.rdf_model`):
``@prefix`` lines, then one block per subject with ``;`` between predicates and
``,`` between objects. Output is streamed block by block and is byte-identical for
the same graph: subjects come in the model's fixed order, and within a block the
predicates and objects are sorted (``a`` first).
"""

from __future__ import annotations

import itertools
import os
import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO

from ..graph.knowledge import KnowledgeGraph
from ._output import write_chunks
from .rdf_model import graph_triples, paused_gc
from .rdf_reader import read_rdf
from .rdf_terms import (
    IRI,
    NEEDS_ESCAPE,
    XSD_DECIMAL,
    XSD_INTEGER,
    XSD_STRING,
    BNode,
    Literal,
    Term,
    Triple,
    escape_string,
    nt_term,
)
from .registry import Exporter, ExportOptions, register_exporter
from .vocab import PREFIXES, RDF

__all__ = [
    "TurtleTerms",
    "data_prefixes",
    "generate_turtle",
    "read_turtle",
    "turtle_blocks",
    "write_turtle",
]

_RDF_TYPE = IRI(RDF + "type")
# Local names written as prefixed names: a cautious subset of Turtle's PN_LOCAL (no
# dots, no escapes) that every parser (rdflib, Oxigraph, raptor) reads the same way.
_LOCAL = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_-]*")
_INTEGER = re.compile(r"[+-]?[0-9]+")
_DECIMAL = re.compile(r"[+-]?[0-9]*\.[0-9]+")
_CHUNK_BLOCKS = 512


def data_prefixes(base: str) -> dict[str, str]:
    """Return every prefix a kgraph RDF file declares: the vocabulary and the data.

    >>> data_prefixes("https://example.org/kg/")["entity"]
    'https://example.org/kg/entity/'
    """
    return {
        **PREFIXES,
        "entity": f"{base}entity/",
        "article": f"{base}article/",
        "statement": f"{base}statement/",
    }


class TurtleTerms:
    """Spells terms the Turtle way, remembering every IRI and blank node it spelled.

    Used by the Turtle and TriG writers. IRIs are validated the first time they are
    seen. Typed literals (counts, offsets, confidences, dates) repeat a lot and are
    remembered too; plain strings (labels, evidence sentences) are not, so memory
    grows with the number of nodes and distinct values, not with the text.
    """

    def __init__(self, prefixes: dict[str, str]) -> None:
        self._prefix_of = {ns: prefix for prefix, ns in prefixes.items()}
        #: Spelling of every IRI, blank node and typed literal seen so far.
        self.remembered: dict[Term, str] = {}
        #: Spelling of every predicate seen so far.
        self.predicates: dict[IRI, str] = {_RDF_TYPE: "a"}

    def header(self) -> str:
        """The ``@prefix`` lines."""
        lines = [f"@prefix {p}: {nt_term(IRI(ns))} .\n" for ns, p in self._prefix_of.items()]
        return "".join(lines) + "\n"

    def _iri(self, term: IRI) -> str:
        full = nt_term(term)  # validates
        value = term.value
        cut = max(value.rfind("/"), value.rfind("#")) + 1
        prefix = self._prefix_of.get(value[:cut])
        if prefix is not None and _LOCAL.fullmatch(value, cut):
            return f"{prefix}:{value[cut:]}"
        return full

    def _literal(self, term: Literal) -> str:
        lexical, datatype = term
        if datatype == XSD_STRING:
            return f'"{escape_string(lexical)}"'
        if (datatype == XSD_INTEGER and _INTEGER.fullmatch(lexical)) or (
            datatype == XSD_DECIMAL and _DECIMAL.fullmatch(lexical)
        ):
            return lexical
        return f'"{escape_string(lexical)}"^^{self.term(IRI(datatype))}'

    def term(self, term: Term) -> str:
        """Return the Turtle spelling of a subject or object."""
        text = self.remembered.get(term)
        if text is not None:
            return text
        if isinstance(term, Literal):
            text = self._literal(term)
            if term.datatype == XSD_STRING:
                return text
        else:
            text = self._iri(term) if isinstance(term, IRI) else nt_term(term)
        self.remembered[term] = text
        return text

    def predicate(self, term: IRI) -> str:
        """Return the Turtle spelling of a predicate (``a`` for ``rdf:type``)."""
        text = self.predicates.get(term)
        if text is None:
            text = self.predicates[term] = self._iri(term)
        return text


def _block(subject: str, pairs: list[tuple[str, str]]) -> str:
    pairs.sort()
    parts = [subject]
    last_p = last_o = None
    for p, o in pairs:
        if p == last_p:
            if o == last_o:
                continue
            parts.append(", ")
        else:
            parts.append(" ;\n    " if last_p is not None else " ")
            parts.append(p)
            parts.append(" ")
        parts.append(o)
        last_p, last_o = p, o
    parts.append(" .\n\n")
    return "".join(parts)


def turtle_blocks(triples: Iterable[Triple], terms: TurtleTerms) -> Iterator[str]:
    """Yield Turtle text for ``triples``, one block per run of triples with one subject.

    Chunks hold several blocks, to keep the number of writes low.
    """
    # The loop runs once per triple of the export: remembered terms and plain
    # strings are spelled inline, without a method call.
    term = terms.term
    predicate = terms.predicate
    remembered = terms.remembered.get
    predicates = terms.predicates.get
    needs_escape = NEEDS_ESCAPE.search
    out: list[str] = []
    subject: IRI | BNode | None = None
    pairs: list[tuple[str, str]] = []
    add = pairs.append
    for s, p, o in triples:
        if s is not subject and s != subject:
            if subject is not None:
                out.append(_block(term(subject), pairs))
                if len(out) >= _CHUNK_BLOCKS:
                    yield "".join(out)
                    out = []
            subject = s
            pairs = []
            add = pairs.append
        if o.__class__ is Literal and o[1] == XSD_STRING:
            lexical = o[0]
            if needs_escape(lexical) is not None:
                lexical = escape_string(lexical)
            add((predicates(p) or predicate(p), f'"{lexical}"'))
        else:
            add((predicates(p) or predicate(p), remembered(o) or term(o)))
    if subject is not None:
        out.append(_block(term(subject), pairs))
    if out:
        yield "".join(out)


def generate_turtle(kg: KnowledgeGraph, *, options: ExportOptions) -> Iterator[str]:
    """Yield the Turtle export of ``kg`` as text chunks.

    Raises:
        ExportError: the base IRI or another IRI is invalid, or the graph breaks
            the contract (unknown entity type, confidence outside (0, 1]).
    """
    terms = TurtleTerms(data_prefixes(options.base_iri))
    triples = graph_triples(kg, options=options)
    first = next(triples, None)  # validates the base IRI before anything is written
    yield terms.header()
    if first is not None:
        yield from turtle_blocks(itertools.chain((first,), triples), terms)


def write_turtle(
    kg: KnowledgeGraph, target: str | os.PathLike[str] | IO[bytes], options: ExportOptions
) -> None:
    """Write the Turtle export of ``kg`` to a path or an open binary file."""
    with paused_gc():
        write_chunks(generate_turtle(kg, options=options), target)


def read_turtle(path: str | os.PathLike[str]) -> KnowledgeGraph:
    """Read a kgraph Turtle export back into a :class:`KnowledgeGraph`.

    Raises:
        ExportError: the file is not valid Turtle or not a kgraph export.
    """
    return read_rdf(Path(path), "turtle")


_write: Callable[[KnowledgeGraph, IO[bytes], ExportOptions], None] = write_turtle

register_exporter(
    Exporter(
        name="ttl",
        filename="graph.ttl",
        media_type="text/turtle",
        aliases=("turtle",),
        write=_write,
        description="RDF Turtle per the export contract (vocabulary, entities, "
        "articles, facts with rdf:Statement provenance)",
        read=read_turtle,
    )
)
