"""``kgraph eval --gold GOLD.yaml INPUT_OR_GRAPH``: score extraction against gold annotations.

INPUT_OR_GRAPH is an export (any registered format with a reader; prefer the lossless
``.json`` or ``.ttl``, see :func:`kgraph.eval.load_graph`) or an input file or folder,
which is built fresh first. The report goes to
stdout; the exit code is 0 (it is a report) unless a ``--fail-under-*`` threshold is
missed (1) or an error stops it (2).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable

from ..config import load_config
from ..eval import evaluate, format_json, format_text, load_gold, load_graph
from ..eval.report import EvalReport
from ._base import Command

__all__ = ["COMMAND", "THRESHOLDS"]

_FORMATS = {"text": format_text, "json": format_json}

#: ``--fail-under-<name>`` options: the total each one checks.
THRESHOLDS: dict[str, Callable[[EvalReport], float]] = {
    "entity-f1": lambda r: r.entities.f1,
    "type-accuracy": lambda r: r.type_accuracy,
    "relation-f1": lambda r: r.relations.f1,
    "relation-precision": lambda r: r.relations.precision,
}


def _fraction(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected a number between 0 and 1, got {text!r}"
        ) from None
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError(f"expected a number between 0 and 1, got {text!r}")
    return value


def _add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("target", metavar="INPUT_OR_GRAPH",
                   help="an export (.json, .ttl, ...) or the inputs to build")  # fmt: skip
    p.add_argument("--gold", required=True, metavar="GOLD.yaml", help="gold annotations")
    p.add_argument("--format", choices=sorted(_FORMATS), default="text",
                   help="report format (default: text)")  # fmt: skip
    p.add_argument("--config", metavar="FILE", help="kgraph.yaml used for a fresh build")
    p.add_argument("--by-rule", action="store_true",
                   help="also print each extraction rule's measured precision")  # fmt: skip
    for name in THRESHOLDS:
        what = name.replace("-", " ")
        p.add_argument(f"--fail-under-{name}", type=_fraction, metavar="X",
                       help=f"exit 1 when the total {what} is below X")  # fmt: skip


def failed_thresholds(report: EvalReport, args: argparse.Namespace) -> list[str]:
    """Return one message per ``--fail-under-*`` threshold the report misses."""
    failures = []
    for name, metric in THRESHOLDS.items():
        wanted = getattr(args, f"fail_under_{name.replace('-', '_')}", None)
        # A tolerance, so that 6/7 precision and 0.75 recall meet an F1 threshold of 0.8.
        if wanted is not None and metric(report) < wanted - 1e-9:
            failures.append(f"{name.replace('-', ' ')} {metric(report):.4f} is below {wanted}")
    return failures


def _run(args: argparse.Namespace) -> int:
    import sys

    config = load_config(args.config)
    gold = load_gold(args.gold, predicates=tuple(config.predicates))
    kg = load_graph(args.target, config=config)
    report = evaluate(kg, gold)
    sys.stdout.write(_FORMATS[args.format](report))
    if args.by_rule:
        from ..eval.rules import format_rule_precision, rule_precision

        sys.stdout.write("\nPrecision by rule:\n")
        sys.stdout.write(format_rule_precision(rule_precision(kg, report)) + "\n")
    failures = failed_thresholds(report, args)
    for failure in failures:
        print(f"kgraph eval: {failure}", file=sys.stderr)
    return 1 if failures else 0


COMMAND = Command(name="eval", help="score extraction quality against gold annotations",
                  add_arguments=_add_arguments, run=_run, order=40)  # fmt: skip
