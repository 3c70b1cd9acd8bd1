"""Typed results of a SPARQL query, the same whichever engine answered it.

A result is one of three shapes, after the query form: a table of solutions
(``SELECT``), a boolean (``ASK``) or a set of triples (``CONSTRUCT``/``DESCRIBE``).
Terms are small frozen dataclasses, so results pickle across processes (the query
worker sends them back through a pipe) and compare by value.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Literal as TypingLiteral

from ..errors import QueryError

__all__ = [
    "IRI",
    "XSD_STRING",
    "BlankNode",
    "Literal",
    "QueryResult",
    "ResultKind",
    "ResultLimitExceeded",
    "Term",
    "Triple",
]

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"

ResultKind = TypingLiteral["select", "ask", "graph"]


class ResultLimitExceeded(QueryError):
    """The query produced more rows or triples than the configured limit allows."""


@dataclass(frozen=True, slots=True)
class IRI:
    """An IRI (``NamedNode``)."""

    value: str

    def n3(self) -> str:
        """Return the term in N-Triples syntax.

        >>> IRI("http://schema.org/Person").n3()
        '<http://schema.org/Person>'
        """
        return f"<{self.value}>"


@dataclass(frozen=True, slots=True)
class BlankNode:
    """A blank node; ``value`` is its label, meaningful within one result only."""

    value: str

    def n3(self) -> str:
        """Return the term in N-Triples syntax."""
        return f"_:{self.value}"


@dataclass(frozen=True, slots=True)
class Literal:
    """A literal: its lexical form, datatype IRI and language tag (if any)."""

    value: str
    datatype: str = XSD_STRING
    language: str | None = None

    def n3(self) -> str:
        r"""Return the term in N-Triples syntax.

        >>> Literal('say "hi"\n').n3()
        '"say \\"hi\\"\\n"'
        >>> Literal("7", "http://www.w3.org/2001/XMLSchema#integer").n3()
        '"7"^^<http://www.w3.org/2001/XMLSchema#integer>'
        """
        text = (
            self.value.replace("\\", "\\\\")
            .replace('"', '\\"')
            .replace("\n", "\\n")
            .replace("\r", "\\r")
        )
        if self.language:
            return f'"{text}"@{self.language}'
        if self.datatype in (XSD_STRING, ""):
            return f'"{text}"'
        return f'"{text}"^^<{self.datatype}>'


Term = IRI | BlankNode | Literal


@dataclass(frozen=True, slots=True)
class Triple:
    """One triple of a ``CONSTRUCT`` or ``DESCRIBE`` result."""

    subject: IRI | BlankNode
    predicate: IRI
    object: Term


@dataclass(frozen=True, slots=True)
class QueryResult:
    """The answer to one SPARQL query.

    Attributes:
        kind: ``select`` (``variables`` and ``rows``), ``ask`` (``boolean``) or
            ``graph`` (``triples``, for CONSTRUCT and DESCRIBE).
        variables: Projected variable names, without ``?``, in query order.
        rows: One tuple per solution, aligned with ``variables``; ``None`` is unbound.
        boolean: The answer of an ASK query.
        triples: The triples of a CONSTRUCT or DESCRIBE query.
    """

    kind: ResultKind
    variables: tuple[str, ...] = ()
    rows: tuple[tuple[Term | None, ...], ...] = ()
    boolean: bool | None = None
    triples: tuple[Triple, ...] = field(default=())

    def __len__(self) -> int:
        """Number of rows, triples, or 1 for an ASK answer."""
        if self.kind == "select":
            return len(self.rows)
        if self.kind == "graph":
            return len(self.triples)
        return 1

    def bindings(self) -> Iterator[Mapping[str, Term]]:
        """Yield each solution as a mapping of bound variable names to terms."""
        for row in self.rows:
            yield {v: t for v, t in zip(self.variables, row, strict=True) if t is not None}
