"""The typed values that flow between the stages of kgraph.

``ingest`` yields :class:`Document`; ``nlp`` + ``extract`` turn each into a
:class:`DocRecord` (mentions, relations, sentence offsets: plain values, no spaCy
objects, so records pickle across processes and machines); ``resolve`` turns all
records into :class:`Entity` values; ``graph`` assembles them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = [
    "ENTITY_TYPES",
    "DocRecord",
    "Document",
    "Entity",
    "Mention",
    "MergeDecision",
    "Provenance",
    "Publisher",
    "Relation",
    "Sentence",
]

#: The entity types kgraph produces, in a fixed order (used for tie-breaking votes).
ENTITY_TYPES: tuple[str, ...] = ("ORG", "PERSON", "PLACE", "PRODUCT", "TECH")


@dataclass(frozen=True, slots=True)
class Publisher:
    """The outlet that published an article (front-matter ``provider``)."""

    name: str
    domain: str | None = None


@dataclass(frozen=True, slots=True)
class Document:
    """One article, as read from disk, before any NLP.

    Attributes:
        doc_id: Stable identifier: the source path, plus ``#related-N`` or ``#line-N``
            for articles that live inside another file.
        source_path: Input file, relative to the input root, with ``/`` separators.
        text: The text NLP runs on (page chrome already removed).
        title: Headline, when known.
        url: Source URL, when known.
        published: Publication date/time as an ISO 8601 string, when known and valid.
        publisher: The outlet, when known.
        topics: Front-matter topics.
        parent_id: ``doc_id`` of the document whose front matter listed this one.
        warnings: Problems met while reading that did not stop the document.
    """

    doc_id: str
    source_path: str
    text: str
    title: str | None = None
    url: str | None = None
    published: str | None = None
    publisher: Publisher | None = None
    topics: tuple[str, ...] = ()
    parent_id: str | None = None
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Sentence:
    """Character offsets of one sentence in :attr:`Document.text`."""

    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Mention:
    """One entity mention in a document.

    Attributes:
        start: Character offset of the first character in the document text.
        end: Character offset one past the last character.
        text: The cleaned surface form.
        type: One of :data:`ENTITY_TYPES`.
        sentence: Index into :attr:`DocRecord.sentences`.
        source: What produced it: ``ner``, ``rule`` (gazetteer/shape) or ``alias``.
    """

    start: int
    end: int
    text: str
    type: str
    sentence: int
    source: str = "ner"


@dataclass(frozen=True, slots=True)
class Relation:
    """A relation between two mentions of the same document.

    ``subject`` and ``object`` index :attr:`DocRecord.mentions`. ``predicate`` is a
    typed predicate (``ceo_of``) or, when ``typed`` is false, an open relation's
    verb lemma. ``attrs`` carries statement qualifiers such as ``role`` or
    ``amount``; ``modality`` records hedges such as ``negated`` or ``planned``.
    """

    subject: int
    predicate: str
    object: int
    sentence: int
    confidence: float
    rule: str
    typed: bool = True
    modality: str | None = None
    attrs: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class DocRecord:
    """Everything extraction keeps of one document."""

    document: Document
    sentences: tuple[Sentence, ...] = ()
    mentions: tuple[Mention, ...] = ()
    relations: tuple[Relation, ...] = ()
    #: Same-entity links found in the text: ``(surface, full form, rule)``, e.g.
    #: ``("Lei", "Lei Jun", "short-form")`` or an acronym defined in parentheses.
    links: tuple[tuple[str, str, str], ...] = ()
    #: Weighted type votes of the document: ``(surface, type, weight)``; summed over
    #: the corpus by resolution, so a confident cue in one article outweighs a bare
    #: model label in another.
    type_votes: tuple[tuple[str, str, float], ...] = ()

    def sentence_text(self, index: int) -> str:
        """Return the text of sentence ``index``."""
        sent = self.sentences[index]
        return self.document.text[sent.start : sent.end]


@dataclass(frozen=True, slots=True)
class Provenance:
    """Where one piece of evidence for a fact comes from."""

    doc_id: str
    source_path: str
    sentence: str
    start: int
    end: int
    confidence: float
    rule: str
    published: str | None = None
    modality: str | None = None
    attrs: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class Entity:
    """One real-world entity after resolution.

    Attributes:
        key: Stable identifier (the IRI slug), unique in the graph.
        label: Canonical name.
        type: One of :data:`ENTITY_TYPES`, decided by votes over all mentions.
        aliases: Every other surface form seen, sorted.
        mentions: Number of mentions in the corpus.
        documents: Number of documents mentioning it.
    """

    key: str
    label: str
    type: str
    aliases: tuple[str, ...] = ()
    mentions: int = 0
    documents: int = 0
    first_seen: str | None = None

    @property
    def id(self) -> str:
        """The entity's identifier (its slug); the same as :attr:`key`."""
        return self.key


@dataclass(frozen=True, slots=True)
class MergeDecision:
    """One recorded resolution decision: ``rule`` merged ``surface`` into ``label``."""

    label: str
    surface: str
    rule: str
    type: str
    detail: str = field(default="")
