"""Precision of each extraction rule, measured against gold annotations.

Every typed fact names the rules that produced its evidence (``kg:extractor``). For
each rule this counts the facts of the gold documents it supports and how many of them
the scorer counted as false positives; facts the gold is neutral about (optional
relations, ``employee_of`` beside ``ceo_of``) count as right. Relations between a
technology and anything are left out, as in the main relation score.

The shipped confidences in ``kgraph/data/relations.yaml`` come from this measurement
on the development sets (``kgraph eval --by-rule``).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from ..graph.knowledge import KnowledgeGraph
from .report import EvalReport
from .scoring import source_name

__all__ = ["RulePrecision", "format_rule_precision", "rule_precision"]


@dataclass(frozen=True, slots=True)
class RulePrecision:
    """How one rule did: facts supported in gold documents and false positives among them."""

    rule: str
    facts: int
    false_positives: int

    @property
    def precision(self) -> float:
        """Share of the rule's facts that were not false positives (1.0 without facts)."""
        return 1.0 if self.facts == 0 else 1.0 - self.false_positives / self.facts

    @property
    def smoothed(self) -> float:
        """Precision with one right and one wrong pseudo-fact added (Laplace), so a
        rule seen twice is not reported as certain."""
        return (self.facts - self.false_positives + 1) / (self.facts + 2)


def _base_rule(rule: str) -> str:
    # "verb:invest" and "verb:collaborate+coordination" are the rule "verb:*" family
    # members; list continuations ("…+list") belong to their pattern.
    return rule.split("+", 1)[0]


def rule_precision(kg: KnowledgeGraph, report: EvalReport) -> list[RulePrecision]:
    """Return the measured precision of every rule behind ``kg``'s typed facts.

    >>> rule_precision.__name__
    'rule_precision'
    """
    gold_docs = {d.name for d in report.documents}
    types = {e.key: e.type for e in kg.entities()}
    wrong = {
        (fp.document, fp.subject, fp.predicate, fp.object) for fp in report.relation_false_positives
    }
    facts: dict[str, int] = defaultdict(int)
    fps: dict[str, int] = defaultdict(int)
    for fact in kg.facts(typed=True):
        if "TECH" in (types.get(fact.subject), types.get(fact.object)):
            continue
        seen: set[tuple[str, str]] = set()
        for ev in fact.evidence:
            doc = source_name(ev.source_path)
            key = (doc, _base_rule(ev.rule))
            if doc not in gold_docs or key in seen:
                continue
            seen.add(key)
            facts[key[1]] += 1
            if (doc, fact.subject, fact.predicate, fact.object) in wrong:
                fps[key[1]] += 1
    return [RulePrecision(rule, facts[rule], fps[rule]) for rule in sorted(facts)]


def format_rule_precision(rows: list[RulePrecision]) -> str:
    """Return a table of rules, facts, false positives and precision."""
    lines = [f"{'rule':36} {'facts':>5} {'FP':>4} {'precision':>9} {'smoothed':>8}"]
    for r in sorted(rows, key=lambda r: (-r.facts, r.rule)):
        lines.append(
            f"{r.rule:36} {r.facts:5d} {r.false_positives:4d} {r.precision:9.2f} {r.smoothed:8.2f}"
        )
    return "\n".join(lines)
