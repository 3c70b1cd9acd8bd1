"""The result of :func:`kgraph.eval.evaluate`: scores, per-document detail and error lists.

Every value is a frozen dataclass of plain numbers and strings, so a report compares,
pickles and serialises (:func:`kgraph.eval.render.report_to_dict`) without surprises.
A ratio whose denominator is zero is 1.0: predicting nothing is never wrong
(precision), nothing to find is never missed (recall), no matched entity is never
mistyped (type accuracy).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from .gold import GoldRelation

__all__ = [
    "DocumentReport",
    "EntityFalsePositive",
    "EntityMiss",
    "EntityScore",
    "EvalReport",
    "ForbiddenHit",
    "FragmentedEntity",
    "Mistyped",
    "RelationFalsePositive",
    "RelationMiss",
    "Score",
]


def _ratio(numerator: int, denominator: int) -> float:
    return numerator / denominator if denominator else 1.0


@dataclass(frozen=True, slots=True)
class Score:
    """Counts and precision/recall/F1 of one kind of prediction.

    Precision and recall have different numerators, as the eval README defines them:
    recall counts gold items found, precision counts predictions that match gold. They
    differ only for relations, where two predicted facts may match the same gold relation
    (both count as right; the gold relation is found once).

    Attributes:
        gold: Gold items.
        gold_matched: Gold items matched by at least one prediction.
        predicted_matched: Predictions that match a gold item.
        false_positives: Predictions that match nothing (optional ones excluded).

    >>> s = Score(gold=4, gold_matched=3, predicted_matched=3, false_positives=1)
    >>> s.precision, s.recall, s.f1
    (0.75, 0.75, 0.75)
    """

    gold: int = 0
    gold_matched: int = 0
    predicted_matched: int = 0
    false_positives: int = 0

    @property
    def misses(self) -> int:
        """Gold items no prediction matched."""
        return self.gold - self.gold_matched

    @property
    def precision(self) -> float:
        """Matching predictions / (matching predictions + false positives)."""
        return _ratio(self.predicted_matched, self.predicted_matched + self.false_positives)

    @property
    def recall(self) -> float:
        """Gold items matched / gold items."""
        return _ratio(self.gold_matched, self.gold)

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall (0.0 when both are 0)."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __add__(self, other: Score) -> Score:
        return Score(
            gold=self.gold + other.gold,
            gold_matched=self.gold_matched + other.gold_matched,
            predicted_matched=self.predicted_matched + other.predicted_matched,
            false_positives=self.false_positives + other.false_positives,
        )

    @staticmethod
    def total(scores: Iterable[Score]) -> Score:
        """Micro-average: the sum of the counts."""
        result = Score()
        for score in scores:
            result = result + score
        return result


@dataclass(frozen=True, slots=True)
class EntityScore(Score):
    """A :class:`Score` of entities, with type accuracy.

    Attributes:
        type_correct: Matched entities whose predicted type is one of the gold types.

    >>> EntityScore(gold=2, gold_matched=2, predicted_matched=2, type_correct=1).type_accuracy
    0.5
    """

    type_correct: int = 0

    @property
    def type_accuracy(self) -> float:
        """Matched entities with a gold type / matched entities."""
        return _ratio(self.type_correct, self.predicted_matched)

    def __add__(self, other: Score) -> EntityScore:
        return EntityScore(
            gold=self.gold + other.gold,
            gold_matched=self.gold_matched + other.gold_matched,
            predicted_matched=self.predicted_matched + other.predicted_matched,
            false_positives=self.false_positives + other.false_positives,
            type_correct=self.type_correct + getattr(other, "type_correct", 0),
        )

    @staticmethod
    def total(scores: Iterable[Score]) -> EntityScore:
        """Micro-average: the sum of the counts."""
        result = EntityScore()
        for score in scores:
            result = result + score
        return result


@dataclass(frozen=True, slots=True)
class EntityMiss:
    """A gold entity (or technology) no node of the document matched."""

    document: str
    name: str
    types: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Mistyped:
    """A matched entity whose predicted type is none of the gold types."""

    document: str
    name: str
    types: tuple[str, ...]
    key: str
    label: str
    type: str


@dataclass(frozen=True, slots=True)
class EntityFalsePositive:
    """A node of the document counted as a false positive.

    Attributes:
        reason: ``unmatched`` (matches no gold name), ``duplicate`` (a second node for a
            gold entity already matched: see ``duplicate_of``) or ``forbidden``.
    """

    document: str
    key: str
    label: str
    type: str
    reason: str
    duplicate_of: str | None = None


@dataclass(frozen=True, slots=True)
class ForbiddenHit:
    """A node whose label is listed under ``forbidden`` for its document."""

    document: str
    name: str
    key: str
    label: str
    type: str


@dataclass(frozen=True, slots=True)
class RelationMiss:
    """A gold relation no typed fact of the document matched."""

    document: str
    relation: GoldRelation


@dataclass(frozen=True, slots=True)
class RelationFalsePositive:
    """A typed fact of the document that matches no gold or optional relation."""

    document: str
    subject: str
    subject_label: str
    predicate: str
    object: str
    object_label: str


@dataclass(frozen=True, slots=True)
class FragmentedEntity:
    """A gold entity matched by more than one node of the graph.

    Attributes:
        name: The gold name.
        nodes: Keys of the nodes that match it, sorted.
        labels: Their labels, in the same order.
        documents: Gold documents whose entity it is and where the split shows.
    """

    name: str
    nodes: tuple[str, ...]
    labels: tuple[str, ...]
    documents: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class DocumentReport:
    """The scores and error lists of one gold document.

    Attributes:
        name: The document's file name.
        articles: Keys of the graph's article nodes with that file name (empty when
            the graph has none: then every gold item is a miss).
        entities: ORG/PERSON/PLACE/PRODUCT entities.
        technologies: Technologies (``technologies`` in the gold).
        relations: Typed relations (``relations``).
        tech_relations: Relations involving a technology (``tech_relations``).
    """

    name: str
    articles: tuple[str, ...]
    entities: EntityScore
    technologies: EntityScore
    relations: Score
    tech_relations: Score
    entity_misses: tuple[EntityMiss, ...] = ()
    entity_false_positives: tuple[EntityFalsePositive, ...] = ()
    mistyped: tuple[Mistyped, ...] = ()
    technology_misses: tuple[EntityMiss, ...] = ()
    technology_false_positives: tuple[EntityFalsePositive, ...] = ()
    forbidden: tuple[ForbiddenHit, ...] = ()
    relation_misses: tuple[RelationMiss, ...] = ()
    relation_false_positives: tuple[RelationFalsePositive, ...] = ()
    tech_relation_misses: tuple[RelationMiss, ...] = ()
    tech_relation_false_positives: tuple[RelationFalsePositive, ...] = ()


@dataclass(frozen=True, slots=True)
class EvalReport:
    """Extraction quality of a graph against gold annotations.

    Totals are micro-averaged over the documents (counts summed, then ratios taken).

    Attributes:
        documents: One report per gold document, sorted by file name.
        entities: Total entity score (``report.entities.f1``).
        technologies: Total technology score, kept out of ``entities``.
        relations: Total typed-relation score (``report.relations.precision``).
        tech_relations: Total technology-relation score, kept out of ``relations``.
        fragmented: Gold entities matched by more than one node of the whole graph.
        unscored_sources: File names of the graph's articles that have no gold entry.
        gold_source: Where the gold annotations came from.
    """

    documents: tuple[DocumentReport, ...]
    entities: EntityScore
    technologies: EntityScore
    relations: Score
    tech_relations: Score
    fragmented: tuple[FragmentedEntity, ...] = ()
    unscored_sources: tuple[str, ...] = ()
    gold_source: str = field(default="<gold>")

    @property
    def type_accuracy(self) -> float:
        """Total entity type accuracy."""
        return self.entities.type_accuracy

    @property
    def forbidden(self) -> tuple[ForbiddenHit, ...]:
        """Every forbidden name extracted, document by document."""
        return tuple(hit for doc in self.documents for hit in doc.forbidden)

    @property
    def entity_misses(self) -> tuple[EntityMiss, ...]:
        """Every gold entity not matched, document by document."""
        return tuple(m for doc in self.documents for m in doc.entity_misses)

    @property
    def entity_false_positives(self) -> tuple[EntityFalsePositive, ...]:
        """Every entity false positive (forbidden and duplicates included)."""
        return tuple(fp for doc in self.documents for fp in doc.entity_false_positives)

    @property
    def mistyped(self) -> tuple[Mistyped, ...]:
        """Every matched entity with a wrong type (what lowers type accuracy)."""
        return tuple(m for doc in self.documents for m in doc.mistyped)

    @property
    def technology_misses(self) -> tuple[EntityMiss, ...]:
        """Every gold technology not matched."""
        return tuple(m for doc in self.documents for m in doc.technology_misses)

    @property
    def technology_false_positives(self) -> tuple[EntityFalsePositive, ...]:
        """Every technology false positive."""
        return tuple(fp for doc in self.documents for fp in doc.technology_false_positives)

    @property
    def relation_misses(self) -> tuple[RelationMiss, ...]:
        """Every gold relation not matched."""
        return tuple(m for doc in self.documents for m in doc.relation_misses)

    @property
    def relation_false_positives(self) -> tuple[RelationFalsePositive, ...]:
        """Every relation false positive."""
        return tuple(fp for doc in self.documents for fp in doc.relation_false_positives)

    @property
    def tech_relation_misses(self) -> tuple[RelationMiss, ...]:
        """Every gold technology relation not matched."""
        return tuple(m for doc in self.documents for m in doc.tech_relation_misses)

    @property
    def tech_relation_false_positives(self) -> tuple[RelationFalsePositive, ...]:
        """Every technology relation false positive."""
        return tuple(fp for doc in self.documents for fp in doc.tech_relation_false_positives)
