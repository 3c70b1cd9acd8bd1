"""What kgraph needs to know about a SPARQL text before an engine runs it.

The pre-declared prefixes, the query form (so updates are refused before any engine
sees them, and the server can negotiate a content type up front), reading a query
from a ``.rq`` file, and syntax errors that point at the user's line and column.

The prefixes are handed to each engine as initial bindings (Oxigraph's ``prefixes=``,
rdflib's ``initNs``) rather than pasted in front of the text: a ``PREFIX`` the query
declares itself still wins, and line numbers in errors are the user's own.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal

from ..errors import QueryError

__all__ = [
    "PREFIXES",
    "QueryForm",
    "QuerySyntaxError",
    "UpdateRefused",
    "oxigraph_syntax_error",
    "query_form",
    "read_query",
    "undeclared_prefix_error",
    "uses_service",
]

#: Prefixes every query may use without declaring them (see the export contract).
PREFIXES: dict[str, str] = {
    "kg": "https://w3id.org/kgraph/vocab#",
    "schema": "http://schema.org/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "prov": "http://www.w3.org/ns/prov#",
    "dcterms": "http://purl.org/dc/terms/",
    "wd": "http://www.wikidata.org/entity/",
    "wdt": "http://www.wikidata.org/prop/direct/",
}

QueryForm = Literal["select", "ask", "construct", "describe", "update"]

_QUERY_FORMS = {"SELECT": "select", "ASK": "ask", "CONSTRUCT": "construct", "DESCRIBE": "describe"}
_UPDATE_WORDS = frozenset(
    {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"}
)
_SKIP = re.compile(r"(?:\s+|#[^\n]*)*")
_DECLARATION = re.compile(r"BASE\s*<[^>]*>|PREFIX\s+[^\s:]*:\s*<[^>]*>", re.IGNORECASE)
_WORD = re.compile(r"[A-Za-z]+")
_OXIGRAPH_POSITION = re.compile(r"^error at (\d+):(\d+):\s*(.*)$", re.DOTALL)
_QUERY_SUFFIXES = (".rq", ".sparql")
# Strings, IRIs and comments, blanked out before looking for prefixed names.
_MASKED = re.compile(
    r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\''
    r"|<[^<>\"{}|^`\\\s]*>|#[^\n]*"
)
_PREFIX_DECLARATION = re.compile(r"PREFIX\s+([A-Za-z][\w.-]*)?:", re.IGNORECASE)
_SERVICE = re.compile(r"(?<![\w?$:.-])SERVICE\b", re.IGNORECASE)
_PREFIXED_NAME = re.compile(r"(?<![\w?$.:-])([A-Za-z](?:[\w.-]*\w)?)?:")


class QuerySyntaxError(QueryError):
    """The query does not parse; ``line`` and ``column`` are 1-based, in the user's text."""

    def __init__(self, message: str, *, line: int | None = None, column: int | None = None):
        where = f" at line {line}, column {column}" if line is not None else ""
        super().__init__(f"SPARQL syntax error{where}: {message}")
        self.line = line
        self.column = column
        self.detail = message

    def __reduce__(self) -> tuple[object, ...]:  # keyword arguments survive pickling
        return (_rebuild_syntax_error, (self.detail, self.line, self.column))


def _rebuild_syntax_error(message: str, line: int | None, column: int | None) -> QuerySyntaxError:
    return QuerySyntaxError(message, line=line, column=column)


class UpdateRefused(QueryError):
    """A SPARQL Update was sent where only queries are allowed."""


def query_form(query: str) -> QueryForm:
    """Return the form of ``query``, read from the first keyword after its prologue.

    Raises:
        QuerySyntaxError: the text starts with no known query or update keyword.

    >>> query_form("PREFIX ex: <http://e/> # a comment\\nselect * { ?s ?p ?o }")
    'select'
    >>> query_form("INSERT DATA { <a:b> <a:c> <a:d> }")
    'update'
    """
    pos = 0
    while True:
        pos = _SKIP.match(query, pos).end()  # type: ignore[union-attr]  # matches ""
        declaration = _DECLARATION.match(query, pos)
        if declaration is None:
            break
        pos = declaration.end()
    word = _WORD.match(query, pos)
    keyword = word.group().upper() if word else ""
    if keyword in _QUERY_FORMS:
        return _QUERY_FORMS[keyword]  # type: ignore[return-value]
    if keyword in _UPDATE_WORDS:
        return "update"
    line, column = _position(query, pos)
    found = repr(keyword) if keyword else repr(query[pos : pos + 10]) if query[pos:] else "end"
    raise QuerySyntaxError(
        f"expected SELECT, ASK, CONSTRUCT or DESCRIBE (or an update), found {found}",
        line=line,
        column=column,
    )


def read_query(text_or_path: str) -> str:
    """Return the SPARQL text: read from a ``.rq``/``.sparql`` file, or ``text_or_path`` itself.

    Raises:
        QueryError: it names a query file that cannot be read.
    """
    stripped = text_or_path.strip()
    if stripped.lower().endswith(_QUERY_SUFFIXES) and "\n" not in stripped:
        path = Path(stripped)
        try:
            return path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as err:
            raise QueryError(f"cannot read query file {path}: {err}") from err
    return text_or_path


def oxigraph_syntax_error(err: SyntaxError, query: str) -> QuerySyntaxError:
    """Translate Oxigraph's ``error at L:C: …`` message into a :class:`QuerySyntaxError`."""
    text = str(err)
    if "Prefix not found" in text:
        undeclared = undeclared_prefix_error(query)
        if undeclared is not None:
            return undeclared
    match = _OXIGRAPH_POSITION.match(text)
    if match is None:
        return QuerySyntaxError(_one_line(text))
    line, column = int(match.group(1)), int(match.group(2))
    message = _one_line(match.group(3))
    # Oxigraph reports the farthest point its parser reached, which can be past the
    # last token; point at the last token then, never at a line the user cannot see.
    end = len(query.rstrip())
    if end and (line, column) > _position(query, end - 1):
        line, column = _position(query, end - 1)
        message = f"unexpected end of query; {message}"
    return QuerySyntaxError(message, line=line, column=column)


def undeclared_prefix_error(query: str) -> QuerySyntaxError | None:
    r"""Return an error naming the first prefix ``query`` uses without declaring it.

    >>> err = undeclared_prefix_error("SELECT * {\n  ?s nope:p ?o }")
    >>> err.line, err.column, err.detail
    (2, 6, "unknown prefix 'nope:'; declare it with PREFIX nope: <...>")
    """
    masked = _MASKED.sub(lambda m: re.sub(r"[^\n]", " ", m.group()), query)
    declared = set(PREFIXES) | {m.group(1) or "" for m in _PREFIX_DECLARATION.finditer(masked)}
    for match in _PREFIXED_NAME.finditer(masked):
        name = match.group(1) or ""
        if name not in declared:
            line, column = _position(query, match.start())
            return QuerySyntaxError(
                f"unknown prefix {name + ':'!r}; declare it with PREFIX {name}: <...>",
                line=line,
                column=column,
            )
    return None


def uses_service(query: str) -> bool:
    """Whether ``query`` has a ``SERVICE`` clause (a federated call to another endpoint).

    >>> uses_service("SELECT * { SERVICE <http://e/sparql> { ?s ?p ?o } }")
    True
    >>> uses_service('SELECT ?service { ?service ex:service "SERVICE" } # SERVICE')
    False
    """
    masked = _MASKED.sub(lambda m: re.sub(r"[^\n]", " ", m.group()), query)
    return _SERVICE.search(masked) is not None


def _one_line(message: str, limit: int = 240) -> str:
    text = " ".join(message.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _position(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, column
