"""IRI minting and validation for the RDF exports (kgraph.export.iri), and term spelling."""

from __future__ import annotations

import pyoxigraph
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kgraph.errors import ExportError
from kgraph.export.iri import (
    article_iri,
    article_key,
    check_base_iri,
    entity_iri,
    entity_key,
    is_valid_iri,
    statement_iri,
)
from kgraph.export.rdf_terms import (
    XSD_DATE,
    XSD_DATETIME,
    XSD_STRING,
    date_literal,
    decimal_literal,
    escape_string,
    nt_term,
    string_literal,
)
from kgraph.graph.slugs import assign_slugs
from kgraph.model import Provenance

BASE = "https://w3id.org/kgraph/id/"
HOSTILE = [
    "AT&T",
    "C#",
    "C",
    "C++",
    "Zürich",
    "Zurich",
    "東京",
    "北京",
    'say "hi"',
    "<script>",
    "100%",
    "100",
    "tab\there",
    "new\nline",
    "🚀 Rocket",
    "Lei Jun",
    "lei jun",
    "LEI-JUN",
    "",
    "{a|b}^`\\",
]


def _oxigraph_accepts(iri: str) -> bool:
    try:
        pyoxigraph.NamedNode(iri)
    except ValueError:
        return False
    return True


def test_hostile_names_get_distinct_valid_stable_iris() -> None:
    names = [n for n in HOSTILE if n]
    slugs = assign_slugs(names)
    iris = {name: entity_iri(BASE, slug) for name, slug in slugs.items()}
    assert len(set(iris.values())) == len(names), "names that collide after slugging"
    for name, iri in iris.items():
        assert is_valid_iri(iri), name
        assert _oxigraph_accepts(iri), name
        assert iri.startswith(BASE + "entity/")
    # Same IRIs whatever order the names arrive in.
    again = assign_slugs(list(reversed(names)))
    assert {name: entity_iri(BASE, slug) for name, slug in again.items()} == iris


@pytest.mark.parametrize("key", [n for n in HOSTILE if n] + [".", "..", "a/b", "x\udcff"])
def test_raw_node_ids_are_encoded_validly_and_read_back(key: str) -> None:
    iri = entity_iri(BASE, key)
    assert _oxigraph_accepts(iri)
    assert entity_key(iri) == key
    art = article_iri(BASE, "article:" + key)
    assert _oxigraph_accepts(art)
    assert article_key(art) == "article:" + key


def test_plain_slugs_are_kept_as_they_are() -> None:
    assert entity_iri(BASE, "lei-jun") == BASE + "entity/lei-jun"
    assert article_iri(BASE, "article:seeds-000") == BASE + "article/seeds-000"


def test_empty_node_id_is_refused() -> None:
    with pytest.raises(ExportError, match="empty entity id"):
        entity_iri(BASE, "")


@given(st.text(min_size=1, max_size=30))
@settings(max_examples=300, deadline=None)
def test_any_node_id_gives_a_strictly_valid_iri(key: str) -> None:
    iri = entity_iri(BASE, key)
    assert is_valid_iri(iri)
    assert _oxigraph_accepts(iri)
    assert entity_key(iri) == key


@pytest.mark.parametrize(
    "base",
    [
        "https://example.org/kg",  # no trailing / or #
        "example.org/kg/",  # relative
        "https://example.org/k g/",
        "https://example.org/<kg>/",
        "",
    ],
)
def test_bad_base_iri_is_an_export_error_naming_it(base: str) -> None:
    with pytest.raises(ExportError, match="base IRI"):
        check_base_iri(base)


@pytest.mark.parametrize("base", ["https://example.org/kg/", "https://example.org/kg#", BASE])
def test_good_base_iri_is_accepted(base: str) -> None:
    assert check_base_iri(base) == base


@pytest.mark.parametrize(
    ("iri", "valid"),
    [
        ("https://kfgo.com/news/1?a=b&c=d", True),
        ("http://schema.org/Person", True),
        ("https://de.wikipedia.org/wiki/Zürich", True),
        ("urn:isbn:0451450523", True),
        ("https://example.org/a%20b", True),
        ("not a url", False),
        ("https://example.org/a b", False),
        ("https://example.org/<x>", False),
        ('https://example.org/"q"', False),
        ("https://example.org/{x}", False),
        ("https://example.org/a|b", False),
        ("https://example.org/a^b", False),
        ("https://example.org/a`b", False),
        ("https://example.org/a\\b", False),
        ("https://example.org/a\tb", False),
        ("https://example.org/a\nb", False),
        ("https://example.org/%zz", False),
        ("https://example.org:80a/", False),
        ("https://[::1]/", False),  # IP literals are refused, not half-validated
        ("/relative/path", False),
        ("", False),
    ],
)
def test_is_valid_iri(iri: str, valid: bool) -> None:
    assert is_valid_iri(iri) is valid
    if valid:
        assert _oxigraph_accepts(iri)


_IRI_ALPHABET = st.sampled_from(
    [*list("abcXYZ019-._~:/?#[]@!$&'()*+,;=%<>\"{}|^`\\ \t\n"), "é", "東", "🚀", "\u200f", "\ufffe"]
)


@given(st.text(_IRI_ALPHABET, max_size=25), st.sampled_from(["http://", "https://x.org/", "urn:"]))
@settings(max_examples=500, deadline=None)
def test_what_kgraph_accepts_oxigraph_accepts(tail: str, head: str) -> None:
    """The writer's IRI check is never looser than Oxigraph's (a strict parser)."""
    iri = head + tail
    if is_valid_iri(iri):
        assert _oxigraph_accepts(iri), iri


def _prov(**changes: object) -> Provenance:
    values: dict[str, object] = {
        "doc_id": "seeds/000.txt",
        "source_path": "seeds/000.txt",
        "sentence": "s",
        "start": 10,
        "end": 20,
        "confidence": 0.9,
        "rule": "r",
    }
    values.update(changes)
    return Provenance(**values)  # type: ignore[arg-type]


def test_statement_iri_is_stable_and_separates_evidence() -> None:
    def mint(prov: Provenance, pred: str = "ceo_of") -> str:
        return statement_iri(BASE, subject="a", predicate=pred, object="b", provenance=prov)

    first = mint(_prov())
    assert first == mint(_prov(sentence="other text", confidence=0.5))  # not in the hash
    others = {
        mint(_prov(doc_id="seeds/001.txt")),
        mint(_prov(start=11)),
        mint(_prov(end=21)),
        mint(_prov(rule="other-rule")),
        mint(_prov(), pred="founder_of"),
    }
    assert first not in others and len(others) == 5
    assert first.startswith(BASE + "statement/") and _oxigraph_accepts(first)


def test_string_escaping() -> None:
    assert escape_string('a"b\\c\nd\re\tf\x00g\x1fh\x7fi\x85j') == (
        'a\\"b\\\\c\\nd\\re\\tf\\u0000g\\u001Fh\\u007Fi\\u0085j'
    )
    assert escape_string("Zürich 東京 🚀") == "Zürich 東京 🚀"


def test_lone_surrogates_become_replacement_characters() -> None:
    lit = string_literal("bad\udcff byte and \ud800 high")
    assert lit.lexical == "bad\ufffd byte and \ufffd high"
    nt_term(lit).encode("utf-8")  # would raise on a surrogate


@pytest.mark.parametrize(
    ("value", "lexical"),
    [(0.85, "0.85"), (1.0, "1.0"), (1, "1.0"), (0.1 + 0.2, "0.30000000000000004"),
     (1e-05, "0.00001"), (0.333, "0.333")],
)  # fmt: skip
def test_decimals_are_plain_and_read_back_exactly(value: float, lexical: str) -> None:
    lit = decimal_literal(value)
    assert lit.lexical == lexical
    assert float(lit.lexical) == float(value)


@pytest.mark.parametrize("value", [float("nan"), float("inf")])
def test_non_finite_decimal_is_refused(value: float) -> None:
    with pytest.raises(ExportError, match="finite"):
        decimal_literal(value)


@pytest.mark.parametrize(
    ("text", "datatype"),
    [
        ("2020-01-02T06:47:00Z", XSD_DATETIME),
        ("2020-01-02T06:47:00.123+08:00", XSD_DATETIME),
        ("2020-01-02T06:47:00", XSD_DATETIME),
        ("2020-01-03", XSD_DATE),
        ("2020-02-29", XSD_DATE),
        ("2021-02-29", XSD_STRING),
        ("2020-13-01", XSD_STRING),
        ("2020-01-02T25:00:00Z", XSD_STRING),
        ("2020-01-02T06:47Z", XSD_STRING),
        ("2020-01-02 06:47:00", XSD_STRING),
        ("2020-01-02T06:47:00+15:00", XSD_STRING),
        ("Jan 2, 2020", XSD_STRING),
        ("20200102", XSD_STRING),
    ],
)
def test_dates_are_typed_only_when_valid(text: str, datatype: str) -> None:
    lit = date_literal(text)
    assert lit.datatype == datatype
    assert lit.lexical == text
