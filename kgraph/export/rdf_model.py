"""The RDF content of a :class:`KnowledgeGraph`, built once for every RDF format.

:func:`graph_triples` and :func:`graph_quads` yield what the export contract says a
knowledge graph is in RDF; the Turtle, N-Triples, N-Quads and TriG writers only
spell it. Subjects come in a fixed order, each subject's triples together:

1. the vocabulary (:func:`kgraph.export.vocab.vocabulary_triples`);
2. entities, by node id: ``a <class>, kg:Entity``, ``rdfs:label``, ``skos:altLabel``,
   ``kg:mentionCount``, ``kg:documentCount``, ``kg:firstSeen``, then the entity's
   typed facts as direct triples (``kg:founder_of …``);
3. articles, by node id (unless ``export.articles`` is off);
4. one ``rdf:Statement`` per piece of evidence of each typed fact.

Only typed facts become ``kg:`` predicate triples: open relations and co-occurrence
never do. Facts below ``export.min_weight`` or ``export.min_confidence`` are left out.

In the quad view the vocabulary, entities and articles are in the default graph; an
article's statements, and the direct triples its evidence supports, are in the named
graph of that article (named by the article's IRI), so ``GRAPH ?article { … }``
answers "which article says so" in any SPARQL store.
"""

from __future__ import annotations

import contextlib
import gc
from collections import defaultdict
from collections.abc import Iterator

from ..errors import ExportError
from ..graph.knowledge import Article, Fact, KnowledgeGraph
from ..graph.schema import ARTICLE_PREFIX, EDGE_ABOUT, EDGE_MENTIONS, EDGE_PUBLISHER
from ..graph.slugs import short_hash, slugify
from ..model import ENTITY_TYPES, Provenance
from ..predicates import Predicate, PredicateRegistry
from .iri import article_iri, check_base_iri, entity_iri, is_valid_iri, statement_iri
from .rdf_terms import (
    IRI,
    BNode,
    Term,
    Triple,
    date_literal,
    decimal_literal,
    integer_literal,
    string_literal,
)
from .registry import ExportOptions
from .vocab import (
    CLASS_OF_TYPE,
    DCTERMS,
    KG,
    PROV,
    RDF,
    RDFS,
    SCHEMA,
    SKOS,
    predicate_iri,
    vocabulary_triples,
)

__all__ = ["Quad", "export_predicates", "graph_quads", "graph_triples", "paused_gc"]

#: A triple and its graph: ``None`` for the default graph, else an article IRI.
Quad = tuple[IRI | BNode, IRI, Term, IRI | None]
# A triple with every graph it belongs to (empty: the default graph).
_Record = tuple[IRI | BNode, IRI, Term, tuple[IRI, ...]]

_A = IRI(RDF + "type")
_ENTITY = IRI(KG + "Entity")
_LABEL = IRI(RDFS + "label")
_ALT_LABEL = IRI(SKOS + "altLabel")
_MENTION_COUNT = IRI(KG + "mentionCount")
_DOCUMENT_COUNT = IRI(KG + "documentCount")
_FIRST_SEEN = IRI(KG + "firstSeen")
_NEWS_ARTICLE = IRI(SCHEMA + "NewsArticle")
_HEADLINE = IRI(SCHEMA + "headline")
_DATE_PUBLISHED = IRI(SCHEMA + "datePublished")
_PUBLISHER = IRI(SCHEMA + "publisher")
_URL = IRI(SCHEMA + "url")
_ABOUT = IRI(SCHEMA + "about")
_MENTIONS = IRI(SCHEMA + "mentions")
_KEYWORDS = IRI(SCHEMA + "keywords")
_RELATION = IRI(DCTERMS + "relation")
_SOURCE_PATH = IRI(KG + "sourcePath")
_DOC_ID = IRI(KG + "docId")
_STATEMENT = IRI(RDF + "Statement")
_SUBJECT = IRI(RDF + "subject")
_PREDICATE = IRI(RDF + "predicate")
_OBJECT = IRI(RDF + "object")
_DERIVED_FROM = IRI(PROV + "wasDerivedFrom")
_EVIDENCE = IRI(KG + "evidence")
_CONFIDENCE = IRI(KG + "confidence")
_CHAR_START = IRI(KG + "charStart")
_CHAR_END = IRI(KG + "charEnd")
_EXTRACTOR = IRI(KG + "extractor")
_MODALITY = IRI(KG + "modality")
#: Statement qualifiers (``Provenance.attrs`` keys) and the properties they become.
_QUALIFIERS = {"role": IRI(KG + "role"), "amount": IRI(KG + "amount")}
_NO_GRAPH: tuple[IRI, ...] = ()


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """Pause CPython's cyclic garbage collector while an export is written.

    Writing allocates millions of short-lived tuples and strings but creates no
    reference cycles; with the collector on, those allocations make it rescan the
    whole graph held in memory again and again (a third of the time on a million
    triples). Reference counting still frees everything at once; the collector's
    previous state is restored on exit.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def export_predicates(kg: KnowledgeGraph, options: ExportOptions) -> tuple[Predicate, ...]:
    """Return the predicates an export declares: built-in, configured, then used.

    A typed fact whose predicate is neither built in nor configured (a graph built
    with another configuration) still gets a declaration, with an open domain and
    range, so no ``kg:`` predicate in the file is undeclared.
    """
    registry = PredicateRegistry().with_extra(options.predicates)
    used = {fact.predicate for fact in kg.facts(typed=True)}
    extra = [
        Predicate(
            name,
            name.replace("_", " "),
            f"Relation {name}, found in the graph but not in the configuration.",
            ENTITY_TYPES,
            ENTITY_TYPES,
        )
        for name in sorted(used - set(registry.names()))
    ]
    return (*registry, *extra)


class _Minter:
    """IRIs of one export, each minted (and validated) once."""

    def __init__(self, kg: KnowledgeGraph, base: str) -> None:
        self.base = base
        self._entities: dict[str, IRI] = {}
        self._articles: dict[str, IRI] = {}
        self._predicates: dict[str, IRI] = {}
        self._docs = kg.article_index()

    def predicate(self, name: str) -> IRI:
        iri = self._predicates.get(name)
        if iri is None:
            iri = self._predicates[name] = IRI(predicate_iri(name))
        return iri

    def entity(self, key: str) -> IRI:
        iri = self._entities.get(key)
        if iri is None:
            iri = self._entities[key] = IRI(entity_iri(self.base, key))
        return iri

    def article(self, node_id: str) -> IRI:
        iri = self._articles.get(node_id)
        if iri is None:
            iri = self._articles[node_id] = IRI(article_iri(self.base, node_id))
        return iri

    def document(self, doc_id: str) -> IRI:
        """The IRI of the article whose ``doc_id`` is given."""
        node = self._docs.get(doc_id)
        if node is None:
            # Evidence from a document that is not an article node (a hand-built or
            # filtered graph): still a stable, distinct IRI for the same doc_id.
            node = f"{ARTICLE_PREFIX}{slugify(doc_id) or 'doc'}-{short_hash(doc_id)}"
        return self.article(node)


def _selected_facts(kg: KnowledgeGraph, options: ExportOptions) -> list[Fact]:
    cfg = options.export
    return [
        fact
        for fact in kg.facts(typed=True)
        if fact.weight >= cfg.min_weight and fact.confidence >= cfg.min_confidence
    ]


def _entities(kg: KnowledgeGraph, facts: list[Fact], mint: _Minter) -> Iterator[_Record]:
    by_subject: dict[str, list[Fact]] = defaultdict(list)
    for fact in facts:
        by_subject[fact.subject].append(fact)
    entity_keys = {entity.key for entity in kg.entities()}
    for key in sorted(entity_keys | by_subject.keys()):
        iri = mint.entity(key)
        if key in entity_keys:
            entity = kg.get_entity(key)
            cls = CLASS_OF_TYPE.get(entity.type)
            if cls is None:
                raise ExportError(
                    f"entity {key!r} has type {entity.type!r}; valid types are: "
                    + ", ".join(CLASS_OF_TYPE)
                )
            yield iri, _A, IRI(cls), _NO_GRAPH
            yield iri, _A, _ENTITY, _NO_GRAPH
            yield iri, _LABEL, string_literal(entity.label), _NO_GRAPH
            for alias in entity.aliases:
                if alias != entity.label:
                    yield iri, _ALT_LABEL, string_literal(alias), _NO_GRAPH
            yield iri, _MENTION_COUNT, integer_literal(entity.mentions), _NO_GRAPH
            yield iri, _DOCUMENT_COUNT, integer_literal(entity.documents), _NO_GRAPH
            if entity.first_seen:
                yield iri, _FIRST_SEEN, date_literal(entity.first_seen), _NO_GRAPH
        for fact in by_subject.get(key, ()):
            graphs = tuple(mint.document(d) for d in sorted({p.doc_id for p in fact.evidence}))
            yield iri, mint.predicate(fact.predicate), mint.entity(fact.object), graphs


def _article(kg: KnowledgeGraph, article: Article, mint: _Minter) -> Iterator[_Record]:
    iri = mint.article(article.key)
    yield iri, _A, _NEWS_ARTICLE, _NO_GRAPH
    yield iri, _DOC_ID, string_literal(article.doc_id), _NO_GRAPH
    yield iri, _SOURCE_PATH, string_literal(article.source_path), _NO_GRAPH
    if article.headline:
        yield iri, _HEADLINE, string_literal(article.headline), _NO_GRAPH
    if article.published:
        yield iri, _DATE_PUBLISHED, date_literal(article.published), _NO_GRAPH
    if article.url and is_valid_iri(article.url):
        yield iri, _URL, IRI(article.url), _NO_GRAPH
    for topic in article.topics:
        yield iri, _KEYWORDS, string_literal(topic), _NO_GRAPH
    if article.parent:
        yield iri, _RELATION, mint.article(article.parent), _NO_GRAPH
    # Edges are sorted by target, so the output does not depend on insertion order.
    targets: dict[str, set[str]] = {EDGE_ABOUT: set(), EDGE_MENTIONS: set(), EDGE_PUBLISHER: set()}
    if article.publisher:
        targets[EDGE_PUBLISHER].add(article.publisher)
    for _, target, kind in kg.graph.out_edges(article.key, data="kind"):
        if kind in targets:
            targets[kind].add(target)
    for kind, prop in (
        (EDGE_ABOUT, _ABOUT),
        (EDGE_MENTIONS, _MENTIONS),
        (EDGE_PUBLISHER, _PUBLISHER),
    ):
        for target in sorted(targets[kind]):
            yield iri, prop, mint.entity(target), _NO_GRAPH


def _confidence(fact: Fact, prov: Provenance) -> Term:
    c = prov.confidence
    if not 0.0 < c <= 1.0:  # also false for NaN
        raise ExportError(
            f"fact {fact.subject} {fact.predicate} {fact.object}: evidence in {prov.doc_id} "
            f"at {prov.start} has confidence {c!r}; a confidence must be in (0, 1]"
        )
    return decimal_literal(c)


def _statements(facts: list[Fact], mint: _Minter) -> Iterator[_Record]:
    seen: set[str] = set()
    for fact in facts:
        subject = mint.entity(fact.subject)
        predicate = mint.predicate(fact.predicate)
        obj = mint.entity(fact.object)
        for prov in fact.evidence:
            value = statement_iri(
                mint.base,
                subject=fact.subject,
                predicate=fact.predicate,
                object=fact.object,
                provenance=prov,
            )
            if value in seen:  # the same evidence recorded twice: one statement
                continue
            seen.add(value)
            st = IRI(value)
            graph = (mint.document(prov.doc_id),)
            yield st, _A, _STATEMENT, graph
            yield st, _SUBJECT, subject, graph
            yield st, _PREDICATE, predicate, graph
            yield st, _OBJECT, obj, graph
            yield st, _DERIVED_FROM, graph[0], graph
            yield st, _EVIDENCE, string_literal(prov.sentence), graph
            yield st, _CONFIDENCE, _confidence(fact, prov), graph
            yield st, _CHAR_START, integer_literal(prov.start), graph
            yield st, _CHAR_END, integer_literal(prov.end), graph
            yield st, _EXTRACTOR, string_literal(prov.rule), graph
            if prov.modality:
                yield st, _MODALITY, string_literal(prov.modality), graph
            for key, value_ in prov.attrs:
                prop = _QUALIFIERS.get(key)
                if prop is not None:
                    yield st, prop, string_literal(value_), graph


def _records(kg: KnowledgeGraph, options: ExportOptions) -> Iterator[_Record]:
    mint = _Minter(kg, check_base_iri(options.base_iri))
    for s, p, o in vocabulary_triples(export_predicates(kg, options)):
        yield s, p, o, _NO_GRAPH
    facts = _selected_facts(kg, options)
    yield from _entities(kg, facts, mint)
    if options.export.articles:
        for article in kg.articles():
            yield from _article(kg, article, mint)
    yield from _statements(facts, mint)


def graph_triples(kg: KnowledgeGraph, *, options: ExportOptions) -> Iterator[Triple]:
    """Yield the triples of ``kg``'s RDF export, each once, grouped by subject.

    Raises:
        ExportError: the base IRI is invalid, an entity has an unknown type, or a
            confidence is outside (0, 1].
    """
    for s, p, o, _ in _records(kg, options):
        yield s, p, o


def graph_quads(kg: KnowledgeGraph, *, options: ExportOptions) -> Iterator[Quad]:
    """Yield the quads of ``kg``'s RDF export (graph ``None`` = the default graph).

    A direct triple supported by several articles is in each of their graphs.
    """
    for s, p, o, graphs in _records(kg, options):
        if not graphs:
            yield s, p, o, None
        else:
            for graph in graphs:
                yield s, p, o, graph
