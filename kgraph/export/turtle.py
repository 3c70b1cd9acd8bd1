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
from operator import itemgetter
from pathlib import Path
from typing import IO, NamedTuple

from ..graph.knowledge import KnowledgeGraph
from ._output import write_chunks
from .iri import check_iri, is_valid_iri
from .rdf_model import graph_triples, paused_gc
from .rdf_reader import read_rdf
from .rdf_terms import (
    IRI,
    XSD_DECIMAL,
    XSD_INTEGER,
    XSD_STRING,
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
_SUBJECT = itemgetter(0)
_MAX_LAYOUTS = 4096


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


class _Spellings(dict[Term, str]):
    """Turtle spelling of terms, made on the first lookup of each.

    A dict so that the writer looks up every object with a C-level ``map``: only
    terms never seen before reach :meth:`__missing__`. Plain strings are spelled on
    every lookup and not kept, so memory does not grow with the text.
    """

    def __init__(self, prefixes: dict[str, str]) -> None:
        super().__init__()
        self.prefix_of = {ns: prefix for prefix, ns in prefixes.items()}
        # Namespaces that are valid IRIs ending in "/" or "#": such a namespace
        # followed by a _LOCAL name is a valid IRI too (the name only adds
        # unreserved characters to a path segment, a query or a fragment), so most
        # IRIs need no full RFC 3987 check. Invalid ones are left to that check.
        self.checked = {
            ns: prefix
            for ns, prefix in self.prefix_of.items()
            if ns.endswith(("/", "#")) and is_valid_iri(ns)
        }

    def iri(self, value: str) -> str:
        """Return the spelling of the IRI ``value``: a prefixed name if it can be one.

        Raises:
            ExportError: ``value`` is not a valid IRI.
        """
        cut = max(value.rfind("/"), value.rfind("#")) + 1
        if _LOCAL.fullmatch(value, cut):
            prefix = self.checked.get(value[:cut])
            if prefix is None and value[:cut] in self.prefix_of:
                check_iri(value)
                prefix = self.prefix_of[value[:cut]]
            if prefix is not None:
                return f"{prefix}:{value[cut:]}"
        return f"<{check_iri(value)}>"

    def __missing__(self, term: Term) -> str:
        if term.__class__ is Literal:
            if term[1] == XSD_STRING:
                # The writer's most frequent miss: inline, and not kept (see above).
                lexical = term[0]
                if '"' in lexical or "\\" in lexical or not lexical.isprintable():
                    lexical = escape_string(lexical)  # printable text needs no escaping
                return f'"{lexical}"'
            lexical, datatype = term
            if (datatype == XSD_INTEGER and _INTEGER.fullmatch(lexical)) or (
                datatype == XSD_DECIMAL and _DECIMAL.fullmatch(lexical)
            ):
                text = lexical
            else:
                text = f'"{escape_string(lexical)}"^^{self[IRI(datatype)]}'
        elif term.__class__ is IRI:
            text = self.iri(term[0])
        else:
            text = nt_term(term)
        self[term] = text
        return text


class TurtleTerms:
    """Spells terms the Turtle way, remembering every IRI and blank node it spelled.

    Used by the Turtle and TriG writers. IRIs are validated the first time they are
    seen. Typed literals (counts, offsets, confidences, dates) repeat a lot and are
    remembered too; plain strings (labels, evidence sentences) are not, so memory
    grows with the number of nodes and distinct values, not with the text.
    """

    def __init__(self, prefixes: dict[str, str]) -> None:
        #: Spelling of every IRI, blank node and typed literal seen so far.
        self.remembered = _Spellings(prefixes)
        #: Spelling of every predicate seen so far.
        self.predicates: dict[IRI, str] = {_RDF_TYPE: "a"}
        #: Layout of a subject block, by its predicates in the order they came.
        self.layouts: dict[tuple[IRI, ...], _Layout] = {}

    def header(self) -> str:
        """The ``@prefix`` lines."""
        lines = [
            f"@prefix {p}: {nt_term(IRI(ns))} .\n" for ns, p in self.remembered.prefix_of.items()
        ]
        return "".join(lines) + "\n"

    def term(self, term: Term) -> str:
        """Return the Turtle spelling of a subject or object."""
        return self.remembered[term]

    def predicate(self, term: IRI) -> str:
        """Return the Turtle spelling of a predicate (``a`` for ``rdf:type``)."""
        text = self.predicates.get(term)
        if text is None:
            text = self.predicates[term] = self.remembered.iri(term.value)
        return text

    def layout(self, predicates: tuple[IRI, ...]) -> _Layout:
        """Return how to write a block whose triples have ``predicates``, in order.

        Layouts are remembered (up to a bound): an export has few distinct
        sequences of predicates, since the model writes every subject of a kind alike.
        """
        found = self.layouts.get(predicates)
        if found is None:
            found = _Layout.of([self.predicate(p) for p in predicates])
            if len(self.layouts) < _MAX_LAYOUTS:
                self.layouts[predicates] = found
        return found


class _Layout(NamedTuple):
    """How to write a subject block, for one sequence of predicates.

    ``pick`` takes the objects in output order (predicates sorted, ``a`` first,
    each predicate's objects together); ``runs`` are the ``[start, end)`` spans of
    predicates with several objects, last first, whose spellings are sorted,
    deduplicated and joined with ``", "``; ``template`` then takes the subject's
    spelling and one ``%s`` per predicate. Sorting the predicates alone and then
    each run gives the order of sorting ``(predicate, object)`` pairs, because
    distinct predicates never share a spelling.
    """

    pick: Callable[[tuple[Term, ...]], tuple[Term, ...]]
    runs: tuple[tuple[int, int], ...]
    template: str

    @classmethod
    def of(cls, predicates: list[str]) -> _Layout:
        groups: dict[str, list[int]] = {}
        for i, p in enumerate(predicates):
            groups.setdefault(p, []).append(i)
        order: list[int] = []
        runs: list[tuple[int, int]] = []
        template: list[str] = []
        for n, p in enumerate(sorted(groups)):
            indices = groups[p]
            if len(indices) > 1:
                runs.append((len(order), len(order) + len(indices)))
            order.extend(indices)
            template.append((" ;\n    " if n else "%s ") + p.replace("%", "%%") + " %s")
        template.append(" .\n\n")
        # itemgetter with one index returns the item itself, not a 1-tuple.
        pick = itemgetter(*order) if len(order) > 1 else itemgetter(slice(0, 1))
        return cls(pick, tuple(reversed(runs)), "".join(template))


def turtle_blocks(triples: Iterable[Triple], terms: TurtleTerms) -> Iterator[str]:
    """Yield Turtle text for ``triples``, one block per run of triples with one subject.

    Within a block predicates are sorted (``a`` first) and so are each predicate's
    objects, duplicates dropped. Chunks hold several blocks, to keep the number of
    writes low.
    """
    # Nothing in Python runs once per triple: the triples of a block are grouped,
    # split and spelled by C-level iterators (groupby, zip, map over the dict of
    # spellings); the Python code runs once per block.
    spell = terms.remembered.__getitem__
    layouts = terms.layouts.get
    layout = terms.layout
    out: list[str] = []
    for subject, block in itertools.groupby(triples, _SUBJECT):
        _, predicates, objects = zip(*block, strict=True)
        pick, runs, template = layouts(predicates) or layout(predicates)
        if runs:
            values = list(map(spell, pick(objects)))
            for start, end in runs:
                values[start:end] = (", ".join(sorted(set(values[start:end]))),)
            out.append(template % (spell(subject), *values))
        else:
            out.append(template % (spell(subject), *map(spell, pick(objects))))
        if len(out) >= _CHUNK_BLOCKS:
            yield "".join(out)
            out = []
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
