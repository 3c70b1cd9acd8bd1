"""The vocabulary of the RDF exports: namespaces, classes, and their declarations.

Namespaces are fixed by the export contract and never derived from the data base
IRI. Note ``schema:`` is ``http://schema.org/`` (http): rdflib's built-in ``SDO``
namespace is https and must not be used.

Every export starts with a declaration of what it uses, so the file explains itself
to a person, a SPARQL user and an OWL tool:

* each relation predicate ``a owl:ObjectProperty`` (plus ``owl:SymmetricProperty``
  for symmetric ones) with ``rdfs:label``, ``rdfs:comment``, ``rdfs:domain``,
  ``rdfs:range`` and its Wikidata alignment (``owl:inverseOf``,
  ``owl:equivalentProperty`` or ``rdfs:subPropertyOf`` a ``wdt:`` property);
* each class (the five entity classes, ``kg:Entity``, ``schema:NewsArticle``)
  ``a owl:Class``;
* each other property the data uses, as ``owl:DatatypeProperty``,
  ``owl:ObjectProperty`` or ``owl:AnnotationProperty`` with a label.

Domains and ranges with more than one class are stated as an anonymous
``owl:unionOf`` class, which OWL reasoners read correctly (several plain
``rdfs:domain`` triples would mean the *intersection*), plus one
``schema:domainIncludes`` / ``schema:rangeIncludes`` triple per class, schema.org's
own non-inferential convention that is easy to query in SPARQL.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from urllib.parse import quote

from ..predicates import Predicate
from .rdf_terms import IRI, XSD_DECIMAL, XSD_INTEGER, XSD_STRING, BNode, Term, Triple
from .rdf_terms import string_literal as _str

__all__ = [
    "CLASS_OF_TYPE",
    "DCTERMS",
    "KG",
    "OWL",
    "PREFIXES",
    "PROV",
    "RDF",
    "RDFS",
    "SCHEMA",
    "SKOS",
    "TYPE_OF_CLASS",
    "VOCAB_IRI",
    "WD",
    "WDT",
    "XSD",
    "predicate_iri",
    "vocabulary_triples",
]

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
OWL = "http://www.w3.org/2002/07/owl#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
PROV = "http://www.w3.org/ns/prov#"
DCTERMS = "http://purl.org/dc/terms/"
SCHEMA = "http://schema.org/"
KG = "https://w3id.org/kgraph/vocab#"
WD = "http://www.wikidata.org/entity/"
WDT = "http://www.wikidata.org/prop/direct/"

#: The ontology IRI: the vocabulary namespace without its ``#``.
VOCAB_IRI = KG.rstrip("#")

#: Prefix → namespace, in the order the serialisers declare them.
PREFIXES: dict[str, str] = {
    "rdf": RDF,
    "rdfs": RDFS,
    "xsd": XSD,
    "owl": OWL,
    "skos": SKOS,
    "prov": PROV,
    "dcterms": DCTERMS,
    "schema": SCHEMA,
    "kg": KG,
    "wd": WD,
    "wdt": WDT,
}

#: Entity type (``Entity.type``) → its class IRI.
CLASS_OF_TYPE: dict[str, str] = {
    "ORG": SCHEMA + "Organization",
    "PERSON": SCHEMA + "Person",
    "PLACE": SCHEMA + "Place",
    "PRODUCT": SCHEMA + "Product",
    "TECH": SCHEMA + "DefinedTerm",
}
TYPE_OF_CLASS: dict[str, str] = {iri: typ for typ, iri in CLASS_OF_TYPE.items()}

_A = IRI(RDF + "type")
_LABEL = IRI(RDFS + "label")
_COMMENT = IRI(RDFS + "comment")
_DOMAIN = IRI(RDFS + "domain")
_RANGE = IRI(RDFS + "range")
_OWL_CLASS = IRI(OWL + "Class")
_OBJECT_PROPERTY = IRI(OWL + "ObjectProperty")
_DATATYPE_PROPERTY = IRI(OWL + "DatatypeProperty")
_ANNOTATION_PROPERTY = IRI(OWL + "AnnotationProperty")
_ALIGNMENT = {
    "inverse": IRI(OWL + "inverseOf"),
    "equivalent": IRI(OWL + "equivalentProperty"),
    "sub": IRI(RDFS + "subPropertyOf"),
}

_CLASSES: tuple[tuple[str, str, str], ...] = (
    (KG + "Entity", "entity", "A real-world thing named in the news: kgraph's node type."),
    (CLASS_OF_TYPE["ORG"], "organization", "A company, institution or other organisation."),
    (CLASS_OF_TYPE["PERSON"], "person", "A person."),
    (CLASS_OF_TYPE["PLACE"], "place", "A city, region, country or other place."),
    (CLASS_OF_TYPE["PRODUCT"], "product", "A product, service, AI model or chip."),
    (CLASS_OF_TYPE["TECH"], "defined term", "A technology or topic such as AI or 5G."),
    (SCHEMA + "NewsArticle", "news article", "One input document or related item."),
)

# (IRI, OWL kind, label, comment, range or None).
_PROPERTIES: tuple[tuple[str, IRI, str, str, str | None], ...] = (
    (SCHEMA + "domainIncludes", _ANNOTATION_PROPERTY, "domain includes",
     "A class whose instances may be the subject of the property.", None),
    (SCHEMA + "rangeIncludes", _ANNOTATION_PROPERTY, "range includes",
     "A class whose instances may be the object of the property.", None),
    (SKOS + "altLabel", _ANNOTATION_PROPERTY, "alternative label",
     "Another surface form of the entity seen in the text.", None),
    (KG + "mentionCount", _DATATYPE_PROPERTY, "mention count",
     "Number of mentions of the entity in the corpus.", XSD_INTEGER),
    (KG + "documentCount", _DATATYPE_PROPERTY, "document count",
     "Number of articles mentioning the entity.", XSD_INTEGER),
    (KG + "firstSeen", _DATATYPE_PROPERTY, "first seen",
     "Publication date of the earliest article mentioning the entity.", None),
    (SCHEMA + "headline", _DATATYPE_PROPERTY, "headline", "Headline of the article.",
     XSD_STRING),
    (SCHEMA + "datePublished", _DATATYPE_PROPERTY, "date published",
     "Publication date or date-time of the article, when known.", None),
    (SCHEMA + "publisher", _OBJECT_PROPERTY, "publisher", "The outlet that published it.",
     None),
    (SCHEMA + "url", _OBJECT_PROPERTY, "url", "Where the article was published.", None),
    (SCHEMA + "about", _OBJECT_PROPERTY, "about", "A topic of the article (front matter).",
     None),
    (SCHEMA + "mentions", _OBJECT_PROPERTY, "mentions",
     "An entity found in the article's text.", None),
    (SCHEMA + "keywords", _DATATYPE_PROPERTY, "keywords",
     "A front-matter topic of the article, as written.", XSD_STRING),
    (DCTERMS + "relation", _OBJECT_PROPERTY, "relation",
     "The article whose front matter lists this related item.", None),
    (KG + "sourcePath", _DATATYPE_PROPERTY, "source path",
     "Input file of the article, relative to the input root.", XSD_STRING),
    (KG + "docId", _DATATYPE_PROPERTY, "document id",
     "kgraph's identifier of the article: its source path, plus #related-N or #line-N "
     "for articles inside another file.", XSD_STRING),
    (PROV + "wasDerivedFrom", _OBJECT_PROPERTY, "was derived from",
     "The article the evidence of the statement is in.", None),
    (KG + "evidence", _DATATYPE_PROPERTY, "evidence",
     "The sentence stating the fact.", XSD_STRING),
    (KG + "confidence", _DATATYPE_PROPERTY, "confidence",
     "How sure the extractor is, in (0, 1].", XSD_DECIMAL),
    (KG + "charStart", _DATATYPE_PROPERTY, "character start",
     "Offset of the evidence's first character in the article text.", XSD_INTEGER),
    (KG + "charEnd", _DATATYPE_PROPERTY, "character end",
     "Offset one past the evidence's last character in the article text.", XSD_INTEGER),
    (KG + "extractor", _DATATYPE_PROPERTY, "extractor",
     "The rule or model that produced the statement.", XSD_STRING),
    (KG + "modality", _DATATYPE_PROPERTY, "modality",
     "A hedge on the statement, such as negated or planned.", XSD_STRING),
    (KG + "role", _DATATYPE_PROPERTY, "role",
     "The role stated for an employee_of statement.", XSD_STRING),
    (KG + "amount", _DATATYPE_PROPERTY, "amount",
     "The amount stated for an invests_in statement.", XSD_STRING),
)  # fmt: skip


def predicate_iri(name: str) -> str:
    """Return the IRI of the relation predicate ``name`` (``kg:founder_of``).

    Names are ASCII identifiers (the configuration checks them); anything else is
    percent-encoded rather than written into the IRI as it is.
    """
    return KG + quote(name, safe="")


def _classes(types: tuple[str, ...], *, owner: str, role: str) -> tuple[list[Triple], list[Triple]]:
    """The domain (``role="domain"``) or range of one predicate.

    Returns the triples about the predicate, and those describing the anonymous
    union class (empty for a single class), kept apart so each subject's triples
    can be written together.
    """
    prop = IRI(predicate_iri(owner))
    link, includes = (
        (_DOMAIN, IRI(SCHEMA + "domainIncludes"))
        if role == "domain"
        else (_RANGE, IRI(SCHEMA + "rangeIncludes"))
    )
    classes = [IRI(CLASS_OF_TYPE[t]) for t in types]
    own: list[Triple] = [(prop, includes, cls) for cls in classes]
    if len(classes) == 1:
        own.append((prop, link, classes[0]))
    if len(classes) <= 1:
        return own, []
    # Blank node labels come from the predicate name, so they are deterministic.
    label = "".join(c if c.isascii() and (c.isalnum() or c == "_") else "_" for c in owner)
    union = BNode(f"{role}_{label}")
    own.append((prop, link, union))
    cells = [BNode(f"{role}_{label}_{i}") for i in range(len(classes))]
    extra: list[Triple] = [(union, _A, _OWL_CLASS), (union, IRI(OWL + "unionOf"), cells[0])]
    for i, (cell, cls) in enumerate(zip(cells, classes, strict=True)):
        rest: Term = cells[i + 1] if i + 1 < len(cells) else IRI(RDF + "nil")
        extra += [(cell, IRI(RDF + "first"), cls), (cell, IRI(RDF + "rest"), rest)]
    return own, extra


def _predicate(predicate: Predicate) -> Iterator[Triple]:
    prop = IRI(predicate_iri(predicate.name))
    yield prop, _A, _OBJECT_PROPERTY
    if predicate.symmetric:
        yield prop, _A, IRI(OWL + "SymmetricProperty")
    yield prop, _LABEL, _str(predicate.label)
    yield prop, _COMMENT, _str(predicate.comment)
    yield prop, IRI(RDFS + "isDefinedBy"), IRI(VOCAB_IRI)
    if predicate.alignment is not None:
        relation, prop_id = predicate.alignment
        yield prop, _ALIGNMENT[relation], IRI(WDT + prop_id)
    domain, domain_union = _classes(predicate.domain, owner=predicate.name, role="domain")
    range_, range_union = _classes(predicate.range, owner=predicate.name, role="range")
    yield from domain
    yield from range_
    yield from domain_union
    yield from range_union


def vocabulary_triples(predicates: Iterable[Predicate]) -> Iterator[Triple]:
    """Yield the declaration of the vocabulary, for the given relation predicates.

    Each subject's triples come together, subjects in a fixed order: the ontology,
    the classes, the predicates (in the order given), the Wikidata properties they
    align with, then the other properties.
    """
    yield IRI(VOCAB_IRI), _A, IRI(OWL + "Ontology")
    yield IRI(VOCAB_IRI), _LABEL, _str("kgraph vocabulary")
    yield (
        IRI(VOCAB_IRI),
        _COMMENT,
        _str("Relations, classes and provenance properties of kgraph's news knowledge graphs."),
    )
    for iri, label, comment in _CLASSES:
        yield IRI(iri), _A, _OWL_CLASS
        yield IRI(iri), _LABEL, _str(label)
        yield IRI(iri), _COMMENT, _str(comment)
    aligned: set[str] = set()
    for predicate in predicates:
        yield from _predicate(predicate)
        if predicate.alignment is not None:
            aligned.add(predicate.alignment[1])
    # OWL tools need every property an axiom mentions to be declared.
    for prop_id in sorted(aligned, key=lambda p: (len(p), p)):
        yield IRI(WDT + prop_id), _A, _OBJECT_PROPERTY
    for iri, kind, label, comment, range_ in _PROPERTIES:
        yield IRI(iri), _A, kind
        yield IRI(iri), _LABEL, _str(label)
        yield IRI(iri), _COMMENT, _str(comment)
        if range_ is not None:
            yield IRI(iri), _RANGE, IRI(range_)
