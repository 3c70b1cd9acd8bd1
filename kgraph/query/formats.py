"""The registry of result formats: the CLI's ``--format`` and the server's content types.

Each format writes a :class:`~kgraph.query.result.QueryResult` of the kinds it supports
to a binary stream. The SPARQL ones follow the W3C result formats (JSON, XML, CSV,
TSV); graph results are written by pyoxigraph's serialisers (Turtle, N-Triples);
``table`` is for people: aligned columns, literals shown plainly, IRIs shortened with
the pre-declared prefixes.
"""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import IO, Any
from xml.sax.saxutils import escape, quoteattr

from ..errors import QueryError
from .result import IRI, XSD_STRING, BlankNode, Literal, QueryResult, ResultKind, Term
from .syntax import PREFIXES

__all__ = [
    "DISPLAY_PREFIXES",
    "ResultFormat",
    "format_result",
    "get_format",
    "result_formats",
    "shorten",
]

#: Prefixes used to shorten IRIs for display: the pre-declared ones and kgraph's
#: default data namespaces.
DISPLAY_PREFIXES: dict[str, str] = {
    **PREFIXES,
    "entity": "https://w3id.org/kgraph/id/entity/",
    "article": "https://w3id.org/kgraph/id/article/",
    "statement": "https://w3id.org/kgraph/id/statement/",
}
_TABLE_CELL_MAX = 80
_SIMPLE_LOCAL = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-")

WriteFn = Callable[[QueryResult, IO[bytes]], None]


@dataclass(frozen=True, slots=True)
class ResultFormat:
    """One registered result format.

    Attributes:
        name: Name used by ``--format``.
        media_type: The IANA media type served over HTTP.
        kinds: Result kinds it can write (``select``, ``ask``, ``graph``).
        write: Writes a result to a binary stream.
        aliases: Other media types that select it in content negotiation.
    """

    name: str
    media_type: str
    kinds: frozenset[ResultKind]
    write: WriteFn
    aliases: tuple[str, ...] = ()


_REGISTRY: dict[str, ResultFormat] = {}


def register_format(fmt: ResultFormat) -> ResultFormat:
    """Add ``fmt`` to the registry."""
    _REGISTRY[fmt.name] = fmt
    return fmt


def result_formats(kind: ResultKind | None = None) -> tuple[ResultFormat, ...]:
    """Return the registered formats (those that can write ``kind``), in registry order."""
    return tuple(f for f in _REGISTRY.values() if kind is None or kind in f.kinds)


def get_format(name: str) -> ResultFormat:
    """Return the format registered as ``name`` (or with ``name`` as media type).

    Raises:
        QueryError: no such format; the message lists the valid ones.
    """
    key = name.strip().lower()
    for fmt in _REGISTRY.values():
        if key in (fmt.name, fmt.media_type, *fmt.aliases):
            return fmt
    raise QueryError(f"unknown result format {name!r}; valid formats are: {', '.join(_REGISTRY)}")


def format_result(result: QueryResult, fmt: str | ResultFormat) -> bytes:
    """Return ``result`` written in ``fmt``.

    Raises:
        QueryError: the format cannot write this kind of result (the message names
            the formats that can).

    >>> from kgraph.query.result import QueryResult
    >>> format_result(QueryResult(kind="ask", boolean=True), "json")
    b'{"head": {}, "boolean": true}\\n'
    """
    chosen = get_format(fmt) if isinstance(fmt, str) else fmt
    if result.kind not in chosen.kinds:
        valid = ", ".join(f.name for f in result_formats(result.kind))
        what = {"select": "a SELECT", "ask": "an ASK", "graph": "a CONSTRUCT/DESCRIBE"}
        raise QueryError(
            f"format {chosen.name!r} cannot write {what[result.kind]} result; use one of: {valid}"
        )
    out = io.BytesIO()
    chosen.write(result, out)
    return out.getvalue()


def shorten(iri: str, prefixes: Mapping[str, str] = DISPLAY_PREFIXES) -> str:
    """Return ``iri`` as a prefixed name when a prefix fits, else ``<iri>``.

    >>> shorten("http://schema.org/Person")
    'schema:Person'
    >>> shorten("https://example.org/x y")
    '<https://example.org/x y>'
    """
    best = ""
    best_prefix = ""
    for prefix, namespace in prefixes.items():
        if iri.startswith(namespace) and len(namespace) > len(best):
            local = iri[len(namespace) :]
            if local and set(local) <= _SIMPLE_LOCAL and not local.startswith("-"):
                best, best_prefix = namespace, prefix
    if best:
        return f"{best_prefix}:{iri[len(best) :]}"
    return f"<{iri}>"


def _display(term: Term | None) -> str:
    if term is None:
        return ""
    if isinstance(term, IRI):
        text = shorten(term.value)
    elif isinstance(term, BlankNode):
        text = f"_:{term.value}"
    elif term.language:
        text = f"{term.value}@{term.language}"
    else:
        text = term.value
    text = " ".join(text.split()) if any(c in text for c in "\t\n\r") else text
    text = "".join(
        c if unicodedata.category(c) != "Cc" else "\N{REPLACEMENT CHARACTER}" for c in text
    )
    if len(text) > _TABLE_CELL_MAX:
        text = text[: _TABLE_CELL_MAX - 1] + "…"
    return text


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _table(header: Iterable[str], rows: Iterable[Iterable[str]], footer: str) -> str:
    head = list(header)
    body = [list(r) for r in rows]
    widths = [max([_width(h), *(_width(r[i]) for r in body)]) for i, h in enumerate(head)]

    def line(cells: list[str]) -> str:
        padded = (c + " " * (w - _width(c)) for c, w in zip(cells, widths, strict=True))
        return "  ".join(padded).rstrip()

    lines = [line(head), "  ".join("-" * w for w in widths), *(line(r) for r in body), footer]
    return "\n".join(lines) + "\n"


def _write_table(result: QueryResult, out: IO[bytes]) -> None:
    if result.kind == "ask":
        out.write(b"true\n" if result.boolean else b"false\n")
        return
    if result.kind == "select":
        n = len(result.rows)
        text = _table(
            (f"?{v}" for v in result.variables),
            ([_display(t) for t in row] for row in result.rows),
            f"({n} row{'s' if n != 1 else ''})",
        )
    else:
        n = len(result.triples)
        text = _table(
            ("subject", "predicate", "object"),
            (
                [_display(t.subject), _display(t.predicate), _display(t.object)]
                for t in result.triples
            ),
            f"({n} triple{'s' if n != 1 else ''})",
        )
    out.write(text.encode("utf-8", "replace"))


def _csv_value(term: Term | None) -> str:
    if term is None:
        return ""
    if isinstance(term, BlankNode):
        return f"_:{term.value}"
    return term.value


def _write_csv(result: QueryResult, out: IO[bytes]) -> None:
    text = io.StringIO(newline="")
    writer = csv.writer(text, lineterminator="\r\n")  # CRLF, per SPARQL 1.1 CSV
    writer.writerow(result.variables)
    writer.writerows([_csv_value(t) for t in row] for row in result.rows)
    out.write(text.getvalue().encode("utf-8", "replace"))


def _tsv_value(term: Term | None) -> str:
    if term is None:
        return ""
    text = term.n3()
    return text.replace("\t", "\\t") if isinstance(term, Literal) else text


def _write_tsv(result: QueryResult, out: IO[bytes]) -> None:
    lines = ["\t".join(f"?{v}" for v in result.variables)]
    lines.extend("\t".join(_tsv_value(t) for t in row) for row in result.rows)
    out.write(("\n".join(lines) + "\n").encode("utf-8", "replace"))


def _json_term(term: Term) -> dict[str, str]:
    if isinstance(term, IRI):
        return {"type": "uri", "value": term.value}
    if isinstance(term, BlankNode):
        return {"type": "bnode", "value": term.value}
    data = {"type": "literal", "value": term.value}
    if term.language:
        data["xml:lang"] = term.language
    elif term.datatype != XSD_STRING:
        data["datatype"] = term.datatype
    return data


def _write_json(result: QueryResult, out: IO[bytes]) -> None:
    if result.kind == "ask":
        doc: dict[str, object] = {"head": {}, "boolean": bool(result.boolean)}
    else:
        doc = {
            "head": {"vars": list(result.variables)},
            "results": {
                "bindings": [
                    {k: _json_term(t) for k, t in binding.items()} for binding in result.bindings()
                ]
            },
        }
    out.write((json.dumps(doc, ensure_ascii=False) + "\n").encode("utf-8", "replace"))


def _xml_text(text: str) -> str:
    # XML 1.0 cannot carry most control characters, even escaped.
    return escape("".join(c if c in "\t\n\r" or ord(c) >= 0x20 else "\ufffd" for c in text))


def _xml_term(term: Term) -> str:
    if isinstance(term, IRI):
        return f"<uri>{_xml_text(term.value)}</uri>"
    if isinstance(term, BlankNode):
        return f"<bnode>{_xml_text(term.value)}</bnode>"
    if term.language:
        return f"<literal xml:lang={quoteattr(term.language)}>{_xml_text(term.value)}</literal>"
    if term.datatype != XSD_STRING:
        return f"<literal datatype={quoteattr(term.datatype)}>{_xml_text(term.value)}</literal>"
    return f"<literal>{_xml_text(term.value)}</literal>"


def _write_xml(result: QueryResult, out: IO[bytes]) -> None:
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>\n',
        '<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n<head>',
    ]
    if result.kind == "ask":
        parts.append(f"</head>\n<boolean>{'true' if result.boolean else 'false'}</boolean>\n")
    else:
        parts.extend(f"<variable name={quoteattr(v)}/>" for v in result.variables)
        parts.append("</head>\n<results>\n")
        for binding in result.bindings():
            parts.append("<result>")
            parts.extend(
                f"<binding name={quoteattr(k)}>{_xml_term(t)}</binding>" for k, t in binding.items()
            )
            parts.append("</result>\n")
        parts.append("</results>\n")
    parts.append("</sparql>\n")
    out.write("".join(parts).encode("utf-8", "replace"))


def _oxigraph_term(term: Term) -> Any:
    import pyoxigraph as ox

    if isinstance(term, IRI):
        return ox.NamedNode(term.value)
    if isinstance(term, BlankNode):
        return ox.BlankNode(term.value)
    if term.language:
        return ox.Literal(term.value, language=term.language)
    return ox.Literal(term.value, datatype=ox.NamedNode(term.datatype))


def _rdf_writer(format_name: str) -> WriteFn:
    def write(result: QueryResult, out: IO[bytes]) -> None:
        import pyoxigraph as ox

        triples = [
            ox.Triple(
                _oxigraph_term(t.subject), _oxigraph_term(t.predicate), _oxigraph_term(t.object)
            )
            for t in result.triples
        ]
        fmt = getattr(ox.RdfFormat, format_name)
        prefixes = DISPLAY_PREFIXES if format_name == "TURTLE" else None
        out.write(ox.serialize(triples, format=fmt, prefixes=prefixes) or b"")

    return write


_SELECT_ASK: frozenset[ResultKind] = frozenset({"select", "ask"})
_ALL: frozenset[ResultKind] = frozenset({"select", "ask", "graph"})

for _fmt in (
    ResultFormat("table", "text/plain", _ALL, _write_table),
    ResultFormat(
        "json", "application/sparql-results+json", _SELECT_ASK, _write_json, ("application/json",)
    ),
    ResultFormat("csv", "text/csv", frozenset({"select"}), _write_csv),
    ResultFormat("tsv", "text/tab-separated-values", frozenset({"select"}), _write_tsv),
    ResultFormat(
        "xml",
        "application/sparql-results+xml",
        _SELECT_ASK,
        _write_xml,
        ("application/xml", "text/xml"),
    ),
    ResultFormat(
        "ttl",
        "text/turtle",
        frozenset({"graph"}),
        _rdf_writer("TURTLE"),
        ("turtle", "application/x-turtle"),
    ),
    ResultFormat(
        "nt",
        "application/n-triples",
        frozenset({"graph"}),
        _rdf_writer("N_TRIPLES"),
        ("ntriples", "text/plain+ntriples"),
    ),
):
    register_format(_fmt)
