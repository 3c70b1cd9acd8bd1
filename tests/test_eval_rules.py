"""Per-rule precision (``kgraph eval --by-rule``) on a hand-built graph."""

from __future__ import annotations

from kgraph.eval.gold import parse_gold
from kgraph.eval.rules import RulePrecision, rule_precision
from kgraph.eval.scoring import evaluate
from kgraph.graph.knowledge import KnowledgeGraph

GOLD = """
documents:
  001.txt:
    entities:
      - {name: Lei Jun, type: PERSON}
      - {name: Xiaomi, type: ORG}
      - {name: Wuhan, type: PLACE}
    relations:
      - [Xiaomi, headquartered_in, Wuhan]
"""


def test_rules_are_credited_per_document_and_charged_for_false_positives(
    sample_kg: KnowledgeGraph,
) -> None:
    # sample_kg's 001.txt evidence: founder_of and ceo_of (appositive-title, not in the
    # gold: false positives) and headquartered_in (hq-open, right).
    gold = parse_gold(GOLD.replace("001.txt", "001.txt"))
    report = evaluate(sample_kg, gold)
    rows = {r.rule: r for r in rule_precision(sample_kg, report)}
    assert rows["hq-open"] == RulePrecision("hq-open", 1, 0)
    assert rows["appositive-title"] == RulePrecision("appositive-title", 2, 2)
    assert rows["appositive-title"].precision == 0.0
    assert rows["appositive-title"].smoothed == 0.25
