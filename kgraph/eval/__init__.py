"""eval stage: score extraction quality against gold annotations.

Implements ``shared/eval/README.md``; :mod:`kgraph.eval.scoring` documents the choices
the README leaves open.

>>> from kgraph.eval import evaluate, load_gold  # doctest: +SKIP
>>> report = evaluate(kg, load_gold("seeds.gold.yaml"))  # doctest: +SKIP
>>> report.entities.f1, report.relations.precision, report.type_accuracy  # doctest: +SKIP
"""

from __future__ import annotations

from .gold import (
    GOLD_ENTITY_TYPES,
    GoldDocument,
    GoldEntity,
    GoldRelation,
    GoldSet,
    load_gold,
    parse_gold,
)
from .render import format_json, format_text, report_to_dict
from .report import (
    DocumentReport,
    EntityFalsePositive,
    EntityMiss,
    EntityScore,
    EvalReport,
    ForbiddenHit,
    FragmentedEntity,
    Mistyped,
    RelationFalsePositive,
    RelationMiss,
    Score,
)
from .scoring import SYMMETRIC_PREDICATES, evaluate
from .source import load_graph

__all__ = [
    "GOLD_ENTITY_TYPES",
    "SYMMETRIC_PREDICATES",
    "DocumentReport",
    "EntityFalsePositive",
    "EntityMiss",
    "EntityScore",
    "EvalReport",
    "ForbiddenHit",
    "FragmentedEntity",
    "GoldDocument",
    "GoldEntity",
    "GoldRelation",
    "GoldSet",
    "Mistyped",
    "RelationFalsePositive",
    "RelationMiss",
    "Score",
    "evaluate",
    "format_json",
    "format_text",
    "load_gold",
    "load_graph",
    "parse_gold",
    "report_to_dict",
]
