"""``kgraph merges``: every alias-merge decision, so a wrong merge can be found.

Each row says which rule merged which surface form into which entity. A wrong merge
is undone in ``kgraph.yaml`` with ``never_merge: [[A, B]]``; a missed one is added
with ``aliases: {Canonical: [Alias]}``.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from ..errors import ExportError
from ..model import MergeDecision
from ._base import Command
from ._lookup_table import DEFAULT_GRAPH, format_table, load_graph

__all__ = ["COMMAND", "filter_merges", "render_merges"]


def _add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--graph",
        metavar="FILE",
        type=Path,
        default=DEFAULT_GRAPH,
        help=f"a JSON export, which keeps the merge log (default: {DEFAULT_GRAPH})",
    )
    parser.add_argument("--rule", metavar="RULE", help="only merges made by this rule")
    parser.add_argument("--entity", metavar="NAME", help="only merges into this entity")


def filter_merges(
    decisions: tuple[MergeDecision, ...], *, rule: str | None = None, entity: str | None = None
) -> list[MergeDecision]:
    """Return the decisions made by ``rule`` and/or into ``entity`` (case-insensitive).

    >>> log = (MergeDecision("Xiaomi", "xiaomi corp", "corporate-suffix", "ORG"),
    ...        MergeDecision("Lei Jun", "Lei", "short-form", "PERSON"))
    >>> [d.surface for d in filter_merges(log, rule="short-form")]
    ['Lei']
    >>> [d.surface for d in filter_merges(log, entity="xiaomi")]
    ['xiaomi corp']
    """
    out = []
    for d in decisions:
        if rule is not None and d.rule != rule:
            continue
        if entity is not None and d.label.casefold() != entity.casefold():
            continue
        out.append(d)
    return out


def render_merges(decisions: list[MergeDecision]) -> str:
    """Return the table ``kgraph merges`` prints."""
    if not decisions:
        return "no merges"
    rows = [[d.label, d.type, d.surface, d.rule] for d in decisions]
    return format_table(["entity", "type", "merged form", "rule"], rows)


def _run(args: argparse.Namespace) -> int:
    kg = load_graph(args.graph)
    if not kg.merge_log and args.graph.suffix.lower() != ".json":
        raise ExportError(f"{args.graph}: this format keeps no merge log; use the .json export")
    print(render_merges(filter_merges(kg.merge_log, rule=args.rule, entity=args.entity)))
    return 0


COMMAND = Command(
    name="merges",
    help="list the alias merges resolution made (rule, entity, merged form)",
    add_arguments=_add_arguments,
    run=_run,
    order=40,
)
