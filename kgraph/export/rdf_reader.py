"""Reading a kgraph RDF export back into a :class:`KnowledgeGraph`.

Any of the four RDF formats kgraph writes can be read (graph names are ignored:
the named graphs of N-Quads/TriG only repeat what the statements say). Oxigraph
parses the file, strictly; the graph is rebuilt from the export contract's shapes:

* ``kg:Entity`` subjects become entity nodes (label, type, aliases, counts);
* ``schema:NewsArticle`` subjects become article nodes, with their ``mentions``,
  ``about`` and ``publisher`` edges (the export keeps *which* entities an article
  mentions, not how often, so a read-back ``mentions`` edge has ``count=1``);
* ``rdf:Statement`` subjects become the evidence (:class:`Provenance`) of typed
  facts, and direct ``kg:`` triples between entities the facts themselves.

Open relations, co-occurrence and the merge log are not in the RDF exports and do
not come back.
"""

from __future__ import annotations

import os
from collections import defaultdict
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import networkx as nx

from ..errors import ExportError, InputError
from ..graph.knowledge import KnowledgeGraph
from ..graph.schema import (
    EDGE_ABOUT,
    EDGE_MENTIONS,
    EDGE_PUBLISHER,
    EDGE_RELATION,
    NODE_ARTICLE,
    NODE_ENTITY,
)
from ..model import Provenance
from .iri import article_key, entity_key
from .vocab import DCTERMS, KG, OWL, PROV, RDF, RDFS, SCHEMA, SKOS, TYPE_OF_CLASS, VOCAB_IRI

__all__ = ["graph_from_triples", "read_rdf"]

_FORMATS = {
    "turtle": "TURTLE",
    "ntriples": "N_TRIPLES",
    "nquads": "N_QUADS",
    "trig": "TRIG",
}
_TYPE = RDF + "type"
_QUALIFIERS = {KG + "role": "role", KG + "amount": "amount"}

# subject IRI -> predicate IRI -> objects (pyoxigraph terms)
_Props = dict[str, dict[str, list[Any]]]


def read_rdf(path: str | os.PathLike[str], syntax: str) -> KnowledgeGraph:
    """Parse a kgraph export in ``syntax`` (turtle, ntriples, nquads, trig) into a graph.

    Raises:
        InputError: the file cannot be read.
        ExportError: it is not valid ``syntax`` or not a kgraph export.
    """
    import pyoxigraph

    file = Path(path)
    fmt = getattr(pyoxigraph.RdfFormat, _FORMATS[syntax])
    try:
        quads = pyoxigraph.parse(path=str(file), format=fmt)
        return graph_from_triples((q.subject, q.predicate, q.object) for q in quads)
    except SyntaxError as err:
        raise ExportError(f"{file}: not valid {syntax}: {err}") from err
    except OSError as err:
        raise InputError(f"{file}: cannot read ({err.strerror or err})") from err
    except ExportError as err:
        raise ExportError(f"{file}: {err}") from err


def _one(props: dict[str, list[Any]], prop: str, subject: str, *, required: bool) -> Any:
    values = props.get(prop, ())
    if len(values) > 1:
        raise ExportError(f"<{subject}> has {len(values)} values of <{prop}>, expected one")
    if not values:
        if required:
            raise ExportError(f"<{subject}> has no <{prop}>")
        return None
    return values[0].value


def _entity_node(subject: str, props: dict[str, list[Any]], types: set[str]) -> dict[str, Any]:
    classes = sorted(TYPE_OF_CLASS[t] for t in types if t in TYPE_OF_CLASS)
    if len(classes) != 1:
        raise ExportError(
            f"entity <{subject}> has {len(classes)} entity classes, expected exactly one of "
            + ", ".join(sorted(TYPE_OF_CLASS))
        )
    mentions = _one(props, KG + "mentionCount", subject, required=False)
    documents = _one(props, KG + "documentCount", subject, required=False)
    return {
        "kind": NODE_ENTITY,
        "label": _one(props, RDFS + "label", subject, required=True),
        "type": classes[0],
        "aliases": tuple(sorted(o.value for o in props.get(SKOS + "altLabel", ()))),
        "mentions": int(mentions or 0),
        "documents": int(documents or 0),
        "first_seen": _one(props, KG + "firstSeen", subject, required=False),
    }


def _article_node(subject: str, props: dict[str, list[Any]]) -> dict[str, Any]:
    source = _one(props, KG + "sourcePath", subject, required=True)
    parent = _one(props, DCTERMS + "relation", subject, required=False)
    publisher = sorted(o.value for o in props.get(SCHEMA + "publisher", ()))
    return {
        "kind": NODE_ARTICLE,
        "doc_id": _one(props, KG + "docId", subject, required=False) or source,
        "source_path": source,
        "headline": _one(props, SCHEMA + "headline", subject, required=False),
        "published": _one(props, SCHEMA + "datePublished", subject, required=False),
        "url": _one(props, SCHEMA + "url", subject, required=False),
        "topics": tuple(sorted(o.value for o in props.get(SCHEMA + "keywords", ()))),
        "parent": article_key(parent) if parent else None,
        "publisher": entity_key(publisher[0]) if publisher else None,
    }


def _provenance(
    subject: str, props: dict[str, list[Any]], articles: dict[str, dict[str, Any]]
) -> Provenance:
    source_iri = _one(props, PROV + "wasDerivedFrom", subject, required=True)
    article = articles.get(source_iri)
    if article is None:  # articles left out of the export
        doc_id, source_path, published = article_key(source_iri), "", None
    else:
        doc_id, source_path = article["doc_id"], article["source_path"]
        published = article["published"]
    attrs = tuple(
        sorted((key, o.value) for prop, key in _QUALIFIERS.items() for o in props.get(prop, ()))
    )
    confidence = _one(props, KG + "confidence", subject, required=True)
    return Provenance(
        doc_id=doc_id,
        source_path=source_path,
        sentence=_one(props, KG + "evidence", subject, required=True),
        start=int(_one(props, KG + "charStart", subject, required=True)),
        end=int(_one(props, KG + "charEnd", subject, required=True)),
        confidence=float(confidence),
        rule=_one(props, KG + "extractor", subject, required=True),
        published=published,
        modality=_one(props, KG + "modality", subject, required=False),
        attrs=attrs,
    )


def _entity_ref(iri: str, entities: dict[str, str], where: str) -> str:
    key = entities.get(iri)
    if key is None:
        raise ExportError(f"{where} refers to <{iri}>, which is not a kg:Entity")
    return key


def graph_from_triples(triples: Any) -> KnowledgeGraph:
    """Rebuild a :class:`KnowledgeGraph` from the (pyoxigraph) triples of an export.

    Raises:
        ExportError: the triples are not a kgraph export, or break its shapes
            (an entity without exactly one class or label, a statement without
            its evidence, a fact between things that are not entities).
    """
    import pyoxigraph

    named = pyoxigraph.NamedNode
    props: _Props = defaultdict(lambda: defaultdict(list))
    for s, p, o in triples:
        if isinstance(s, named):
            props[s.value][p.value].append(o)
    types = {s: {o.value for o in pm.get(_TYPE, ())} for s, pm in props.items()}
    if OWL + "Ontology" not in types.get(VOCAB_IRI, ()):
        raise ExportError(f"not a kgraph RDF export (no <{VOCAB_IRI}> a owl:Ontology)")

    g = nx.MultiDiGraph()
    entities: dict[str, str] = {}
    for subject in sorted(s for s, t in types.items() if KG + "Entity" in t):
        key = entity_key(subject)
        g.add_node(key, **_entity_node(subject, props[subject], types[subject]))
        entities[subject] = key
    articles: dict[str, dict[str, Any]] = {}
    for subject in sorted(s for s, t in types.items() if SCHEMA + "NewsArticle" in t):
        node = article_key(subject)
        articles[subject] = data = _article_node(subject, props[subject])
        g.add_node(node, **data)
        pm = props[subject]
        for o in sorted(o.value for o in pm.get(SCHEMA + "mentions", ())):
            ent = _entity_ref(o, entities, f"article <{subject}>")
            g.add_edge(node, ent, key=EDGE_MENTIONS, kind=EDGE_MENTIONS, count=1)
        for o in sorted(o.value for o in pm.get(SCHEMA + "about", ())):
            ent = _entity_ref(o, entities, f"article <{subject}>")
            g.add_edge(node, ent, key=EDGE_ABOUT, kind=EDGE_ABOUT)
        if data["publisher"] is not None:
            g.add_edge(node, data["publisher"], key=EDGE_PUBLISHER, kind=EDGE_PUBLISHER)

    facts: dict[tuple[str, str, str], list[Provenance]] = defaultdict(list)
    for subject, pm in props.items():
        if subject in entities:  # direct triples: a fact, even without statements
            for prop, objects in pm.items():
                if prop.startswith(KG):
                    for o in objects:
                        if isinstance(o, named):
                            name = unquote(prop[len(KG) :])
                            obj = _entity_ref(o.value, entities, f"<{subject}> <{prop}>")
                            facts.setdefault((entities[subject], name, obj), [])
        elif RDF + "Statement" in types[subject]:
            where = f"statement <{subject}>"
            pred = _one(pm, RDF + "predicate", subject, required=True)
            if not pred.startswith(KG):
                raise ExportError(f"{where} has predicate <{pred}> outside {KG}")
            fact = (
                _entity_ref(_one(pm, RDF + "subject", subject, required=True), entities, where),
                unquote(pred[len(KG) :]),
                _entity_ref(_one(pm, RDF + "object", subject, required=True), entities, where),
            )
            facts[fact].append(_provenance(subject, pm, articles))

    for (s, p, o), found in sorted(facts.items()):
        evidence = tuple(sorted(found, key=lambda v: (v.source_path, v.doc_id, v.start, v.rule)))
        dates = [e.published for e in evidence if e.published]
        g.add_edge(
            s,
            o,
            key=p,
            kind=EDGE_RELATION,
            predicate=p,
            weight=len(evidence),
            confidence=max((e.confidence for e in evidence), default=0.0),
            evidence=evidence,
            first_seen=min(dates) if dates else None,
        )
    return KnowledgeGraph(g)
