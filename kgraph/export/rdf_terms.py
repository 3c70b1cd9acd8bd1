"""RDF terms as small typed values, and their N-Triples / Turtle spelling.

The triple model (:mod:`kgraph.export.rdf_model`) yields ``(subject, predicate,
object)`` tuples of :class:`IRI`, :class:`BNode` and :class:`Literal`; every RDF
serialiser of kgraph spells them with the functions here, so escaping is written once.

Terms are named tuples: cheap to create and to hash, which matters at a million
triples. An :class:`IRI` never equals a :class:`BNode` because absolute IRIs always
contain ``:`` and blank node labels never do.

Literals are cleaned when they are made: lone surrogates (which cannot be encoded
as UTF-8) become U+FFFD, deliberately, so a stray byte in an input file never
corrupts an export. Strings are escaped on output: ``\\"``, ``\\\\``, ``\\n``,
``\\r``, ``\\t`` and every other control character as ``\\uXXXX``.

>>> nt_term(string_literal('say "hi"\\n'))
'"say \\\\"hi\\\\"\\\\n"'
>>> nt_term(decimal_literal(0.85))
'"0.85"^^<http://www.w3.org/2001/XMLSchema#decimal>'
"""

from __future__ import annotations

import datetime as dt
import math
import re
from decimal import Decimal
from typing import NamedTuple

from ..errors import ExportError
from .iri import check_iri

__all__ = [
    "IRI",
    "NEEDS_ESCAPE",
    "XSD_DATE",
    "XSD_DATETIME",
    "XSD_DECIMAL",
    "XSD_INTEGER",
    "XSD_STRING",
    "BNode",
    "Literal",
    "Term",
    "Triple",
    "date_literal",
    "decimal_literal",
    "escape_string",
    "integer_literal",
    "nt_term",
    "string_literal",
]

_XSD = "http://www.w3.org/2001/XMLSchema#"
XSD_STRING = _XSD + "string"
XSD_INTEGER = _XSD + "integer"
XSD_DECIMAL = _XSD + "decimal"
XSD_DATE = _XSD + "date"
XSD_DATETIME = _XSD + "dateTime"


class IRI(NamedTuple):
    """A named node; ``value`` is the absolute IRI."""

    value: str


class BNode(NamedTuple):
    """A blank node; ``id`` is its label in the file (``[A-Za-z0-9_]``, never ``:``)."""

    id: str


class Literal(NamedTuple):
    """A literal: lexical form and datatype IRI (``xsd:string`` for plain strings)."""

    lexical: str
    datatype: str = XSD_STRING


Term = IRI | BNode | Literal
Triple = tuple[IRI | BNode, IRI, Term]

_SURROGATE = re.compile("[\ud800-\udfff]")
#: The characters a quoted N-Triples/Turtle string must escape.
NEEDS_ESCAPE = re.compile('["\\\\\x00-\x1f\x7f-\x9f]')
_ECHAR = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t"}
_BNODE_LABEL = re.compile(r"[A-Za-z0-9_]+")


def _escape_char(match: re.Match[str]) -> str:
    char = match.group()
    return _ECHAR.get(char) or f"\\u{ord(char):04X}"


def escape_string(text: str) -> str:
    """Return ``text`` escaped for a double-quoted N-Triples or Turtle string.

    >>> escape_string('tab\\there "q" \\\\ \\x01')
    'tab\\\\there \\\\"q\\\\" \\\\\\\\ \\\\u0001'
    """
    if text.isprintable():
        # No control characters (they are not printable): only quotes and
        # backslashes to escape, which str.replace does faster than the regex.
        if '"' in text or "\\" in text:
            return text.replace("\\", "\\\\").replace('"', '\\"')
        return text
    return NEEDS_ESCAPE.sub(_escape_char, text)


def string_literal(text: str) -> Literal:
    """Return a plain string literal; lone surrogates become U+FFFD.

    >>> string_literal("a\\udcff").lexical
    'a\ufffd'
    """
    if _SURROGATE.search(text) is not None:
        text = _SURROGATE.sub("\ufffd", text)
    return Literal(text)


def integer_literal(value: int) -> Literal:
    """Return an ``xsd:integer`` literal."""
    return Literal(str(int(value)), XSD_INTEGER)


def decimal_literal(value: float) -> Literal:
    """Return an ``xsd:decimal`` literal in plain positional notation.

    The digits are those of Python's shortest round-tripping ``repr``, the same on
    every platform, so the output is deterministic and reads back to the same float.

    >>> [decimal_literal(x).lexical for x in (0.85, 1.0, 1e-05, 1 / 3)]
    ['0.85', '1.0', '0.00001', '0.3333333333333333']

    Raises:
        ExportError: ``value`` is not a finite number.
    """
    if not isinstance(value, (int, float)) or not math.isfinite(value):
        raise ExportError(f"{value!r} is not a finite number, cannot write it as xsd:decimal")
    text = format(Decimal(repr(float(value))), "f")
    if "." not in text:
        text += ".0"
    return Literal(text, XSD_DECIMAL)


_DATE = re.compile(r"-?[0-9]{4,}-(?P<m>[0-9]{2})-(?P<d>[0-9]{2})")
_TIME = re.compile(r"(?P<h>[0-9]{2}):(?P<mi>[0-9]{2}):(?P<s>[0-9]{2})(?:\.[0-9]+)?")
_ZONE = re.compile(r"(?:Z|[+-](?P<zh>[0-9]{2}):(?P<zm>[0-9]{2}))?")
_DATETIME = re.compile(f"{_DATE.pattern}T{_TIME.pattern}{_ZONE.pattern}")
_DATEONLY = re.compile(f"{_DATE.pattern}{_ZONE.pattern}")


def _valid_day(match: re.Match[str]) -> bool:
    year = int(match.group()[: match.start("m") - match.start() - 1])
    try:
        # Year 2000 stands in for years datetime cannot hold; it is a leap year,
        # so 29 February stays valid exactly when it may be.
        leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
        dt.date(2000 if leap else 2001, int(match.group("m")), int(match.group("d")))
    except ValueError:
        return False
    return True


def _valid_zone(match: re.Match[str]) -> bool:
    hours = match.group("zh")
    if hours is None:
        return True
    minutes = int(match.group("zm"))
    return minutes < 60 and (int(hours) < 14 or (int(hours) == 14 and minutes == 0))


def date_literal(text: str) -> Literal:
    """Return ``text`` as ``xsd:dateTime`` or ``xsd:date`` if it is one, else a string.

    Only the XML Schema lexical forms count (``2020-01-02T06:47:00Z``, ``2020-01-03``),
    with real months, days, hours and zones; anything else stays a plain string
    rather than becoming an ill-typed literal.

    >>> [date_literal(t).datatype.rsplit("#")[1] for t in
    ...  ("2020-01-02T06:47:00Z", "2020-01-03", "2020-02-30", "Jan 2020")]
    ['dateTime', 'date', 'string', 'string']
    """
    match = _DATETIME.fullmatch(text)
    if match is not None:
        ok = (
            _valid_day(match)
            and int(match.group("h")) < 24
            and int(match.group("mi")) < 60
            and int(match.group("s")) < 60
            and _valid_zone(match)
        )
        if ok:
            return Literal(text, XSD_DATETIME)
    match = _DATEONLY.fullmatch(text)
    if match is not None and _valid_day(match) and _valid_zone(match):
        return Literal(text, XSD_DATE)
    return string_literal(text)


def nt_term(term: Term) -> str:
    """Return the N-Triples spelling of ``term`` (IRIs are validated first).

    Raises:
        ExportError: an IRI is not valid, or a blank node label is malformed.
    """
    if isinstance(term, Literal):
        quoted = f'"{escape_string(term.lexical)}"'
        if term.datatype == XSD_STRING:
            return quoted
        return f"{quoted}^^<{check_iri(term.datatype, what='datatype IRI')}>"
    if isinstance(term, BNode):
        if _BNODE_LABEL.fullmatch(term.id) is None:
            raise ExportError(f"blank node label {term.id!r} must match [A-Za-z0-9_]+")
        return f"_:{term.id}"
    return f"<{check_iri(term.value)}>"
