"""Any name round-trips through every export (property-based, hypothesis).

Entity names, aliases, evidence sentences, headlines, source paths and URLs are drawn
from all of Unicode: control characters, NUL, lone surrogates (which a file name with
undecodable bytes becomes under ``os.fsdecode``), quotes, ``<>&%``, RTL marks, emoji,
U+FFFE/U+FFFF and names thousands of characters long. For every registered exporter
the file must parse in the strict readers of its media type, and the names must come
back from ``kgraph.load`` unchanged or normalised on purpose:

* RDF (Turtle, N-Triples, N-Quads, TriG): a lone surrogate becomes U+FFFD (it cannot
  be encoded in UTF-8); every other character survives. A URL is exported only if it
  is a valid absolute IRI.
* GraphML and GEXF: every character XML 1.0 forbids (C0 controls other than tab, LF
  and CR; lone surrogates; U+FFFE, U+FFFF) becomes U+FFFD. List columns (aliases,
  topics, sources) are `` | ``-joined, so a value containing `` | `` comes back split.
  A fact keeps one evidence sentence.
* JSON: lossless, lone surrogates included (as ``\\udXXX`` escapes); only a high
  surrogate directly followed by a low one reads back as the character the pair
  encodes (JSON strings are UTF-16 code units).
"""

from __future__ import annotations

import functools
import io
import json
import re
import shutil
import subprocess
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from tempfile import TemporaryDirectory

import igraph
import networkx as nx
import pyoxigraph
import pytest
import rdflib
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from kgraph.config import DEFAULT_BASE_IRI, ExportConfig
from kgraph.export._rebuild import LIST_SEPARATOR
from kgraph.export._xml import clean_xml_chars
from kgraph.export.iri import is_valid_iri
from kgraph.export.registry import Exporter, ExportOptions, exporters
from kgraph.graph.knowledge import KnowledgeGraph
from kgraph.graph.load import load
from kgraph.graph.schema import article_node_id
from kgraph.graph.slugs import assign_slugs
from kgraph.model import ENTITY_TYPES, Provenance
from kgraph.predicates import BUILTIN_PREDICATES

from .conftest import SCHEMAS

OPTIONS = ExportOptions(base_iri=DEFAULT_BASE_IRI, export=ExportConfig())
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
RDF_FORMATS = {
    # exporter name: (pyoxigraph format, rdflib format, rapper input syntax)
    "ttl": (pyoxigraph.RdfFormat.TURTLE, "turtle", "turtle"),
    "nt": (pyoxigraph.RdfFormat.N_TRIPLES, "nt", "ntriples"),
    "nq": (pyoxigraph.RdfFormat.N_QUADS, "nquads", "nquads"),
    "trig": (pyoxigraph.RdfFormat.TRIG, "trig", "trig"),
}
RAPPER = shutil.which("rapper")

settings.register_profile(
    "kgraph-roundtrip",
    max_examples=40,
    deadline=None,
    derandomize=True,  # the same examples on every run and in CI
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
PROFILE = settings.get_profile("kgraph-roundtrip")

# --- strategies --------------------------------------------------------------------

#: Every code point, lone surrogates and unassigned ones included.
ANY_CHAR = st.characters(codec=None, exclude_categories=())
TRICKY = st.sampled_from(
    [
        'AT&T <"odd"> 100% \t C#',
        "\x00\x01\x1b\x7f\x85\u2028\u2029",
        "\ud800\udfff\udc80",  # lone surrogates, as os.fsdecode makes of bad bytes
        "\ufffe\uffff\ufeff",
        "שלום \u202eabc\u202c مرحبا",  # RTL text and an override
        "👩\u200d👩\u200d👧 🇯🇵 ☃",
        "e\u0301 \u00e9 ﬁ Å Å",  # NFC/NFD/compatibility forms stay as written
        "  padded  ",
        "]]> --> <!-- &amp; &#1; \\u0041 \\",
        "\"\"\" ''' \" ' ` ${x} %(y)s {z}",
        "a | b",  # the list separator of GraphML/GEXF
        "\r\n\r",
        "x" * 5000,
    ]
)
TEXT = st.one_of(TRICKY, st.text(ANY_CHAR, min_size=1, max_size=40))
LONG_TEXT = st.text(ANY_CHAR, min_size=200, max_size=1000)
NAME = st.one_of(TEXT, LONG_TEXT)
URL = st.one_of(
    st.none(),
    TEXT,
    st.text(ANY_CHAR, max_size=30).map(lambda s: "https://example.org/" + s),
    st.sampled_from(["https://kfgo.com/news/1?a=b&c=d#x", "http://例え.jp/パス?q=ü"]),
)
PREDICATES = {p.name: p for p in BUILTIN_PREDICATES}


@st.composite
def graphs(draw: st.DrawFn) -> KnowledgeGraph:
    """A small KnowledgeGraph, following kgraph.graph.schema, with hostile strings."""
    labels = draw(st.lists(NAME, min_size=1, max_size=5, unique=True))
    keys = assign_slugs(labels)
    g = nx.MultiDiGraph()
    for label in labels:
        aliases = draw(st.lists(TEXT, max_size=3, unique=True))
        g.add_node(
            keys[label],
            kind="entity",
            label=label,
            type=draw(st.sampled_from(ENTITY_TYPES)),
            aliases=tuple(sorted(a for a in aliases if a != label)),
            mentions=draw(st.integers(1, 10**6)),
            documents=draw(st.integers(1, 1000)),
            first_seen=None,
        )
    doc_ids = draw(st.lists(NAME, min_size=1, max_size=3, unique=True))
    article_slugs = assign_slugs(doc_ids)
    articles: list[tuple[str, str]] = []
    for doc_id in doc_ids:
        node = article_node_id(article_slugs[doc_id])
        source = draw(st.one_of(st.just(doc_id), NAME))
        articles.append((node, source))
        g.add_node(
            node,
            kind="article",
            doc_id=doc_id,
            source_path=source,
            headline=draw(st.one_of(st.none(), NAME)),
            published=None,
            url=draw(URL),
            topics=(),
            parent=None,
            publisher=None,
        )
        for label in draw(st.lists(st.sampled_from(labels), min_size=1, unique=True)):
            g.add_edge(node, keys[label], key="mentions", kind="mentions", count=1)
    if len(labels) >= 2:
        pairs = st.tuples(st.sampled_from(labels), st.sampled_from(labels)).filter(
            lambda p: p[0] != p[1]
        )
        for _ in range(draw(st.integers(1, 4))):
            subject, obj = draw(pairs)
            predicate = draw(st.sampled_from(sorted(PREDICATES)))
            u, v = keys[subject], keys[obj]
            if PREDICATES[predicate].symmetric and v < u:
                u, v = v, u
            if g.has_edge(u, v, key=predicate):
                continue
            evidence = []
            for _ in range(draw(st.integers(1, 3))):
                node, source = draw(st.sampled_from(articles))
                sentence = draw(NAME)
                start = draw(st.integers(0, 10**6))
                evidence.append(
                    Provenance(
                        doc_id=g.nodes[node]["doc_id"],
                        source_path=source,
                        sentence=sentence,
                        start=start,
                        end=start + len(sentence),
                        confidence=draw(st.integers(1, 100)) / 100,
                        rule=draw(st.sampled_from(["appositive-title", "svo", "x"])),
                        published=None,
                    )
                )
            unique = tuple(sorted(set(evidence), key=lambda p: (p.source_path, p.start, p.end)))
            g.add_edge(
                u,
                v,
                key=predicate,
                kind="relation",
                predicate=predicate,
                weight=len(unique),
                confidence=max(p.confidence for p in unique),
                evidence=unique,
                first_seen=None,
            )
    return KnowledgeGraph(g)


# --- what each format gives back ---------------------------------------------------

_SURROGATE = re.compile("[\ud800-\udfff]")


def _rdf_text(text: str) -> str:
    return _SURROGATE.sub("\ufffd", text)


def _json_text(text: str) -> str:
    # JSON escapes code units: a high surrogate followed by a low one reads back as
    # the one character the pair encodes (as in UTF-16). Lone surrogates survive.
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "surrogatepass")


@dataclass(frozen=True)
class Rules:
    """How one family of formats normalises strings on purpose."""

    text: Callable[[str], str]
    split_lists: bool  # list values are joined with LIST_SEPARATOR in one column
    all_evidence: bool  # every evidence statement is kept (else only the best one)
    url: Callable[[str | None], str | None]


RULES = {
    "rdf": Rules(_rdf_text, False, True, lambda u: u if u and is_valid_iri(u) else None),
    "xml": Rules(clean_xml_chars, True, False, lambda u: clean_xml_chars(u) if u else None),
    "json": Rules(_json_text, False, True, lambda u: _json_text(u) if u else u),
}
FAMILY = {
    "ttl": "rdf",
    "nt": "rdf",
    "nq": "rdf",
    "trig": "rdf",
    "graphml": "xml",
    "gexf": "xml",
    "json": "json",
}


def _aliases(aliases: tuple[str, ...], rules: Rules) -> list[str]:
    if rules.split_lists and aliases:
        aliases = tuple(LIST_SEPARATOR.join(aliases).split(LIST_SEPARATOR))
    return sorted(rules.text(a) for a in aliases)


def _check_round_trip(kg: KnowledgeGraph, back: KnowledgeGraph, rules: Rules) -> None:
    want = {e.key: e for e in kg.entities()}
    got = {e.key: e for e in back.entities()}
    assert sorted(got) == sorted(want)
    for key, entity in want.items():
        assert got[key].label == rules.text(entity.label)
        assert got[key].type == entity.type
        assert sorted(got[key].aliases) == _aliases(entity.aliases, rules)
        assert (got[key].mentions, got[key].documents) == (entity.mentions, entity.documents)
    want_facts = {(f.subject, f.predicate, f.object): f for f in kg.facts(typed=True)}
    got_facts = {(f.subject, f.predicate, f.object): f for f in back.facts(typed=True)}
    assert sorted(got_facts) == sorted(want_facts)
    for triple, fact in want_facts.items():
        sentences = sorted(rules.text(p.sentence) for p in fact.evidence)
        back_sentences = sorted(p.sentence for p in got_facts[triple].evidence)
        if rules.all_evidence:
            assert back_sentences == sentences
            assert sorted(p.source_path for p in got_facts[triple].evidence) == sorted(
                rules.text(p.source_path) for p in fact.evidence
            )
        else:
            assert len(back_sentences) == 1
            assert back_sentences[0] in sentences
    want_articles = {a.key: a for a in kg.articles()}
    got_articles = {a.key: a for a in back.articles()}
    assert sorted(got_articles) == sorted(want_articles)
    for key, article in want_articles.items():
        assert got_articles[key].source_path == rules.text(article.source_path)
        headline = rules.text(article.headline) if article.headline else None
        assert got_articles[key].headline == headline
        assert got_articles[key].url == rules.url(article.url)


# --- strict parsers ------------------------------------------------------------------


def _strict_rdf(name: str, path: Path, kg: KnowledgeGraph) -> None:
    ox_format, rdflib_format, rapper_syntax = RDF_FORMATS[name]
    store = pyoxigraph.Store()
    store.load(path=str(path), format=ox_format)
    labels = {
        str(q.subject.value): q.object.value
        for q in store.quads_for_pattern(None, pyoxigraph.NamedNode(RDFS_LABEL), None)
        if str(q.subject.value).startswith(f"{DEFAULT_BASE_IRI}entity/")
    }
    want = {f"{DEFAULT_BASE_IRI}entity/{e.key}": _rdf_text(e.label) for e in kg.entities()}
    assert labels == want
    with warnings.catch_warnings():
        # rdflib 7.6's own Dataset.parse uses its deprecated ConjunctiveGraph API.
        warnings.filterwarnings(
            "ignore",
            message=r"(ConjunctiveGraph|Dataset\.\w+) is deprecated",
            category=DeprecationWarning,
        )
        if rdflib_format in ("nquads", "trig"):
            dataset = rdflib.Dataset()
            dataset.parse(str(path), format=rdflib_format)
            found = [q[:3] for q in dataset.quads((None, rdflib.RDFS.label, None, None))]
        else:
            graph = rdflib.Graph()
            graph.parse(str(path), format=rdflib_format)
            found = list(graph.triples((None, rdflib.RDFS.label, None)))
    rdflib_labels = {
        str(s): str(o) for s, _, o in found if str(s).startswith(f"{DEFAULT_BASE_IRI}entity/")
    }
    assert rdflib_labels == want
    if RAPPER is not None:
        done = subprocess.run([RAPPER, "-q", "-i", rapper_syntax, "-c", str(path)],
                              capture_output=True, text=True, check=False)  # fmt: skip
        assert done.returncode == 0, done.stderr


@functools.cache
def _graphml_schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMAS / "graphml.xsd")))


def _strict_graphml(path: Path, kg: KnowledgeGraph) -> None:
    schema = _graphml_schema()
    assert schema.validate(etree.parse(str(path))), schema.error_log
    g = nx.read_graphml(path, force_multigraph=True)
    labels = {n: d["label"] for n, d in g.nodes(data=True) if d.get("kind") == "entity"}
    assert labels == {e.key: clean_xml_chars(e.label) for e in kg.entities()}
    ig = igraph.Graph.Read_GraphML(str(path))
    assert ig.vcount() == g.number_of_nodes()
    assert ig.ecount() == g.number_of_edges()


def _strict_gexf(path: Path, kg: KnowledgeGraph) -> None:
    g = nx.read_gexf(path)
    labels = {n: d["label"] for n, d in g.nodes(data=True) if d.get("node_kind") == "entity"}
    assert labels == {e.key: clean_xml_chars(e.label) for e in kg.entities()}


def _strict_json(path: Path, kg: KnowledgeGraph) -> None:
    data = json.loads(path.read_bytes().decode("utf-8"))  # strict UTF-8, strict JSON
    labels = {n["id"]: n["label"] for n in data["nodes"] if n.get("kind") == "entity"}
    assert labels == {e.key: _json_text(e.label) for e in kg.entities()}


def _strict(name: str, path: Path, kg: KnowledgeGraph) -> None:
    if name in RDF_FORMATS:
        _strict_rdf(name, path, kg)
    elif name == "graphml":
        _strict_graphml(path, kg)
    elif name == "gexf":
        _strict_gexf(path, kg)
    elif name == "json":
        _strict_json(path, kg)
    else:  # a new format must come with its strict reader here
        pytest.fail(f"no strict reader for the {name} export in this test")


# --- the properties ------------------------------------------------------------------


def _write(kg: KnowledgeGraph, exporter: Exporter, folder: Path) -> Path:
    path = folder / exporter.filename
    buffer = io.BytesIO()
    exporter.write(kg, buffer, OPTIONS)
    path.write_bytes(buffer.getvalue())
    return path


@pytest.mark.parametrize("exporter", exporters(), ids=lambda e: e.name)
def test_any_name_survives_every_export(exporter: Exporter) -> None:
    assert exporter.name in FAMILY, f"{exporter.name}: say how it normalises names"
    rules = RULES[FAMILY[exporter.name]]

    @PROFILE
    @given(kg=graphs())
    def check(kg: KnowledgeGraph) -> None:
        with TemporaryDirectory() as tmp:
            path = _write(kg, exporter, Path(tmp))
            _strict(exporter.name, path, kg)
            _check_round_trip(kg, load(path), rules)

    check()


@pytest.mark.parametrize("exporter", exporters(), ids=lambda e: e.name)
def test_export_of_any_graph_is_deterministic(exporter: Exporter) -> None:
    @settings(PROFILE, max_examples=25)
    @given(kg=graphs())
    def check(kg: KnowledgeGraph) -> None:
        first, second = io.BytesIO(), io.BytesIO()
        exporter.write(kg, first, OPTIONS)
        # The same graph built again, nodes and edges inserted in reverse order.
        g = nx.MultiDiGraph()
        g.graph.update(kg.graph.graph)
        g.add_nodes_from(reversed(list(kg.graph.nodes(data=True))))
        g.add_edges_from(reversed(list(kg.graph.edges(keys=True, data=True))))
        exporter.write(KnowledgeGraph(g), second, OPTIONS)
        assert first.getvalue() == second.getvalue()

    check()
