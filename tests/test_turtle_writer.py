"""The Turtle writer's fast paths give what the plain, general code gives.

The writer (:mod:`kgraph.export.turtle`) spells plain strings inline, escapes
printable text with ``str.replace``, skips the full IRI check for prefixed names
under a checked namespace, and writes each subject block from a remembered layout
(predicates sorted once per sequence of predicates). Each is checked here against
the straightforward version on tricky input.
"""

from __future__ import annotations

import itertools
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kgraph.errors import ExportError
from kgraph.export import turtle
from kgraph.export.iri import is_valid_iri
from kgraph.export.rdf_terms import (
    IRI,
    NEEDS_ESCAPE,
    XSD_DECIMAL,
    XSD_INTEGER,
    BNode,
    Literal,
    Term,
    Triple,
    escape_string,
    nt_term,
)
from kgraph.export.turtle import TurtleTerms, data_prefixes, turtle_blocks
from kgraph.export.vocab import RDF

BASE = "https://example.org/kg/"
PREFIXES = data_prefixes(BASE)

TRICKY = [
    "",
    "plain ascii",
    'say "hi"',
    "back\\slash",
    '\\"',
    "line\nbreak\r\n\ttab",
    "nul\x00 bell\x07 esc\x1b del\x7f c1\x85\x9f",
    "lone \udcff and \ud800 surrogates",
    "non-BMP 🚀 𝄞 \U0010fffd",
    "café Zürich 東京",
    "no-break\u00a0space, line\u2028separator, bom\ufeff",
    'mixed "東京"\\\n🚀\x01',
]
# Any code point, lone surrogates and controls included.
any_text = st.text(st.characters(exclude_categories=()))


def _general_escape(text: str) -> str:
    """The regex path alone, as escape_string did before its fast path."""
    return NEEDS_ESCAPE.sub(lambda m: escape_string(m.group()), text)


def _char_by_char(text: str) -> str:
    named = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t"}
    return "".join(
        named.get(c) or (f"\\u{ord(c):04X}" if re.fullmatch(NEEDS_ESCAPE, c) else c) for c in text
    )


@pytest.mark.parametrize("text", TRICKY)
def test_escaping_fast_path_matches_the_general_path(text: str) -> None:
    assert escape_string(text) == _general_escape(text) == _char_by_char(text)


@settings(max_examples=300)
@given(any_text)
def test_escaping_fast_path_matches_the_general_path_on_any_text(text: str) -> None:
    assert escape_string(text) == _char_by_char(text)


@settings(max_examples=200)
@given(st.one_of(st.sampled_from(TRICKY), any_text))
def test_plain_strings_are_spelled_as_n_triples_spells_them(text: str) -> None:
    terms = TurtleTerms(PREFIXES)
    literal = Literal(text)
    assert terms.term(literal) == nt_term(literal)
    assert literal not in terms.remembered  # plain strings are not kept
    # And inside a written block, through the writer's own lookups.
    subject = IRI(BASE + "entity/x")
    triples = [(subject, IRI(RDF + "value"), literal)]
    assert "".join(turtle_blocks(triples, TurtleTerms(PREFIXES))) == (
        f"entity:x rdf:value {nt_term(literal)} .\n\n"
    )


@settings(max_examples=300)
@given(
    st.sampled_from(
        ["http://a/", "http://a/b/", "urn:x:", "http://", "http://h/p?q=/", "http://h#", "a:/"]
    ).filter(lambda ns: ns.endswith(("/", "#"))),
    st.from_regex(turtle._LOCAL, fullmatch=True),
)
def test_a_checked_namespace_and_a_local_name_make_a_valid_iri(ns: str, local: str) -> None:
    # Why the writer may skip the full IRI check for such prefixed names.
    assert is_valid_iri(ns)
    assert is_valid_iri(ns + local)


def test_prefixed_names_skip_the_check_only_under_a_valid_namespace() -> None:
    terms = TurtleTerms({"ok": "http://ok.example/ns/", "bad": "http://bad example/ns/"})
    assert terms.term(IRI("http://ok.example/ns/thing-1")) == "ok:thing-1"
    assert terms.term(IRI("http://ok.example/ns/a.b")) == "<http://ok.example/ns/a.b>"
    with pytest.raises(ExportError, match="not a valid absolute IRI"):
        terms.term(IRI("http://bad example/ns/thing"))
    with pytest.raises(ExportError, match="not a valid absolute IRI"):
        terms.term(IRI("http://ok.example/ns/ x"))


def _reference_blocks(triples: list[Triple], terms: TurtleTerms) -> str:
    """Sort each subject's (predicate, object) pairs and group them: the plain way."""
    out = []
    for subject, group in itertools.groupby(triples, key=lambda t: t[0]):
        pairs = sorted({(terms.predicate(p), terms.term(o)) for _, p, o in group})
        parts = [terms.term(subject)]
        last = None
        for p, o in pairs:
            if p == last:
                parts.append(f", {o}")
            else:
                parts.append(f"{' ;' + chr(10) + '    ' if last else ' '}{p} {o}")
            last = p
        out.append("".join(parts) + " .\n\n")
    return "".join(out)


_subjects = st.sampled_from(
    [IRI(BASE + "entity/a"), IRI(BASE + "statement/0f"), IRI("http://x.org/%41"), BNode("b0")]
)
_predicates = st.sampled_from(
    [
        IRI(RDF + "type"),
        IRI("https://w3id.org/kgraph/vocab#role"),
        IRI("https://w3id.org/kgraph/vocab#roleX"),
        IRI("http://schema.org/name"),
        IRI("http://x.org/p%20q"),  # spelled in full: a "%" in the template
        IRI("http://x.org/p%25s"),  # "%25s" would be a format spec if not escaped
    ]
)
_objects: st.SearchStrategy[Term] = st.one_of(
    _subjects,
    st.sampled_from([IRI("http://schema.org/Person"), IRI(BASE + "entity/b")]),
    st.sampled_from(TRICKY).map(Literal),
    st.builds(Literal, st.sampled_from(["1", "-2", "x"]), st.just(XSD_INTEGER)),
    st.builds(Literal, st.sampled_from(["0.5", "1e3"]), st.just(XSD_DECIMAL)),
)


@settings(max_examples=300)
@given(st.lists(st.tuples(_subjects, _predicates, _objects), max_size=30), st.booleans())
def test_blocks_match_sorting_every_pair(triples: list[Triple], cache: bool) -> None:
    # Repeated predicates, duplicate triples, predicates that are prefixes of each
    # other, "%" in spellings, and (without the cache) every layout built afresh.
    limit = turtle._MAX_LAYOUTS
    turtle._MAX_LAYOUTS = limit if cache else 0
    try:
        terms = TurtleTerms(PREFIXES)
        written = "".join(turtle_blocks(triples, terms))
        again = "".join(turtle_blocks(triples, terms))  # with remembered layouts
    finally:
        turtle._MAX_LAYOUTS = limit
    assert written == again == _reference_blocks(triples, TurtleTerms(PREFIXES))
