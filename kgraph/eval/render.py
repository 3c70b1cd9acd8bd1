"""Render an :class:`~kgraph.eval.report.EvalReport` as text or JSON.

The JSON form holds everything (counts, ratios, every list) with a fixed key order and
sorted lists, so two runs on the same graph give byte-identical output and a CI job can
diff them. Ratios are rounded to four decimals; the counts beside them are exact.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from .report import (
    EntityFalsePositive,
    EntityMiss,
    EntityScore,
    EvalReport,
    Mistyped,
    RelationFalsePositive,
    RelationMiss,
    Score,
)

__all__ = ["format_json", "format_text", "report_to_dict"]

_DIGITS = 4


def _score(score: Score) -> dict[str, Any]:
    data: dict[str, Any] = {
        "precision": round(score.precision, _DIGITS),
        "recall": round(score.recall, _DIGITS),
        "f1": round(score.f1, _DIGITS),
        "gold": score.gold,
        "gold_matched": score.gold_matched,
        "predicted_matched": score.predicted_matched,
        "false_positives": score.false_positives,
    }
    if isinstance(score, EntityScore):
        data["type_accuracy"] = round(score.type_accuracy, _DIGITS)
        data["type_correct"] = score.type_correct
    return data


def _miss(miss: EntityMiss) -> dict[str, Any]:
    return {"document": miss.document, "name": miss.name, "types": list(miss.types)}


def _mistyped(m: Mistyped) -> dict[str, Any]:
    return {
        "document": m.document,
        "name": m.name,
        "types": list(m.types),
        "key": m.key,
        "label": m.label,
        "type": m.type,
    }


def _entity_fp(fp: EntityFalsePositive) -> dict[str, Any]:
    return {
        "document": fp.document,
        "key": fp.key,
        "label": fp.label,
        "type": fp.type,
        "reason": fp.reason,
        "duplicate_of": fp.duplicate_of,
    }


def _relation_miss(miss: RelationMiss) -> dict[str, Any]:
    rel = miss.relation
    return {
        "document": miss.document,
        "subject": list(rel.subject),
        "predicate": rel.predicate,
        "object": list(rel.object),
    }


def _relation_fp(fp: RelationFalsePositive) -> dict[str, Any]:
    return {
        "document": fp.document,
        "subject": fp.subject,
        "subject_label": fp.subject_label,
        "predicate": fp.predicate,
        "object": fp.object,
        "object_label": fp.object_label,
    }


def report_to_dict(report: EvalReport) -> dict[str, Any]:
    """Return the whole report as plain JSON-ready values, in a fixed key order."""
    return {
        "gold": report.gold_source,
        "totals": {
            "entities": _score(report.entities),
            "relations": _score(report.relations),
            "technologies": _score(report.technologies),
            "tech_relations": _score(report.tech_relations),
            "forbidden": len(report.forbidden),
            "fragmented": len(report.fragmented),
        },
        "documents": [
            {
                "name": doc.name,
                "articles": list(doc.articles),
                "entities": _score(doc.entities),
                "relations": _score(doc.relations),
                "technologies": _score(doc.technologies),
                "tech_relations": _score(doc.tech_relations),
                "forbidden": len(doc.forbidden),
            }
            for doc in report.documents
        ],
        "forbidden": [
            {"document": h.document, "name": h.name, "key": h.key, "label": h.label, "type": h.type}
            for h in report.forbidden
        ],
        "fragmented": [
            {
                "name": f.name,
                "nodes": list(f.nodes),
                "labels": list(f.labels),
                "documents": list(f.documents),
            }
            for f in report.fragmented
        ],
        "entity_misses": [_miss(m) for m in report.entity_misses],
        "entity_false_positives": [_entity_fp(fp) for fp in report.entity_false_positives],
        "mistyped": [_mistyped(m) for m in report.mistyped],
        "relation_misses": [_relation_miss(m) for m in report.relation_misses],
        "relation_false_positives": [_relation_fp(fp) for fp in report.relation_false_positives],
        "technology_misses": [_miss(m) for m in report.technology_misses],
        "technology_false_positives": [_entity_fp(fp) for fp in report.technology_false_positives],
        "tech_relation_misses": [_relation_miss(m) for m in report.tech_relation_misses],
        "tech_relation_false_positives": [
            _relation_fp(fp) for fp in report.tech_relation_false_positives
        ],
        "unscored_sources": list(report.unscored_sources),
    }


def format_json(report: EvalReport) -> str:
    """Return the report as indented JSON (see :func:`report_to_dict`)."""
    return json.dumps(report_to_dict(report), indent=2, ensure_ascii=False) + "\n"


def _show(text: str) -> str:
    # Labels come from the data: keep tabs and newlines from breaking the layout.
    return text if text.isprintable() else repr(text)


def _summary(name: str, score: Score) -> str:
    line = (
        f"{name:<16}P {score.precision:.2f}  R {score.recall:.2f}  F1 {score.f1:.2f}  "
        f"(gold {score.gold_matched}/{score.gold} found; "
        f"{score.predicted_matched} right, {score.false_positives} false positives)"
    )
    if isinstance(score, EntityScore):
        line += (
            f"; type accuracy {score.type_accuracy:.2f} "
            f"({score.type_correct}/{score.predicted_matched})"
        )
    return line


_COLUMNS = ("ent P", "ent R", "ent F1", "type", "rel P", "rel R", "rel F1", "tech F1", "forbid")


def _row(name: str, width: int, scores: tuple[EntityScore, Score, Score], forbidden: int) -> str:
    ent, rel, tech = scores
    values: tuple[float, ...] = (ent.precision, ent.recall, ent.f1, ent.type_accuracy)
    values += (rel.precision, rel.recall, rel.f1, tech.f1)
    cells = [f"{v:>{len(c)}.2f}" for v, c in zip(values, _COLUMNS, strict=False)]
    cells.append(f"{forbidden:>{len(_COLUMNS[-1])}}")
    return f"{name:<{width}}  " + "  ".join(cells)


def _section(title: str, lines: Sequence[str]) -> list[str]:
    if not lines:
        return []
    return ["", f"{title} ({len(lines)}):", *(f"  {line}" for line in lines)]


def format_text(report: EvalReport) -> str:
    """Return the report for a terminal: a per-document table, totals, then the lists."""
    docs = report.documents
    width = max([len("total (micro)"), len("document"), *(len(d.name) for d in docs)])
    out = [f"gold: {report.gold_source} ({len(docs)} documents)", ""]
    out.append(f"{'document':<{width}}  " + "  ".join(_COLUMNS))
    for doc in docs:
        scores = (doc.entities, doc.relations, doc.technologies)
        out.append(_row(doc.name, width, scores, len(doc.forbidden)))
    totals = (report.entities, report.relations, report.technologies)
    out.append(_row("total (micro)", width, totals, len(report.forbidden)))
    out += [
        "",
        _summary("entities", report.entities),
        _summary("relations", report.relations),
        _summary("technologies", report.technologies),
        _summary("tech relations", report.tech_relations),
        f"{'forbidden':<16}{len(report.forbidden)} extracted",
        f"{'fragmented':<16}{len(report.fragmented)} entities",
    ]
    out += _section(
        "Forbidden names extracted",
        [f"{h.document}  {_show(h.label)} [{h.key}, {h.type}]" for h in report.forbidden],
    )
    out += _section(
        "Fragmented entities",
        [
            f"{f.name}: "
            + ", ".join(
                f"{_show(label)} [{key}]" for key, label in zip(f.nodes, f.labels, strict=True)
            )
            + f"  (in {', '.join(f.documents)})"
            for f in report.fragmented
        ],
    )
    for title, misses in (
        ("Entity misses", report.entity_misses),
        ("Technology misses", report.technology_misses),
    ):
        out += _section(title, [f"{m.document}  {m.name} ({'|'.join(m.types)})" for m in misses])
    out += _section(
        "Type errors",
        [
            f"{m.document}  {m.name} ({'|'.join(m.types)}) typed {m.type} [{m.key}]"
            for m in report.mistyped
        ],
    )
    for title, fps in (
        ("Entity false positives", report.entity_false_positives),
        ("Technology false positives", report.technology_false_positives),
    ):
        out += _section(title, [_entity_fp_line(fp) for fp in fps])
    for title, rmisses in (
        ("Relation misses", report.relation_misses),
        ("Tech relation misses", report.tech_relation_misses),
    ):
        out += _section(title, [f"{m.document}  {m.relation}" for m in rmisses])
    for title, rfps in (
        ("Relation false positives", report.relation_false_positives),
        ("Tech relation false positives", report.tech_relation_false_positives),
    ):
        out += _section(
            title,
            [
                f"{fp.document}  {_show(fp.subject_label)} {fp.predicate} {_show(fp.object_label)}"
                f"  [{fp.subject} -> {fp.object}]"
                for fp in rfps
            ],
        )
    out += _section("Articles without a gold entry (not scored)", list(report.unscored_sources))
    return "\n".join(out) + "\n"


def _entity_fp_line(fp: EntityFalsePositive) -> str:
    why = f"duplicate of {fp.duplicate_of}" if fp.reason == "duplicate" else fp.reason
    return f"{fp.document}  {_show(fp.label)} [{fp.key}, {fp.type}] {why}"
