"""``kgraph path A B``: the shortest chain of relations between two entities."""

from __future__ import annotations

import argparse

from ..graph.lookup import Hop
from ..model import Entity
from ._base import Command
from ._lookup_table import add_graph_arguments, best_evidence, format_table, load_graph, one_line

__all__ = ["COMMAND", "render_path"]


def _add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("source", metavar="A", help="entity the path starts at")
    parser.add_argument("target", metavar="B", help="entity the path ends at")
    parser.add_argument(
        "--max-depth", metavar="N", type=int, default=None, help="give up beyond N hops"
    )
    add_graph_arguments(parser)


def render_path(source: Entity, target: Entity, hops: tuple[Hop, ...]) -> str:
    """Return the table ``kgraph path`` prints for ``hops``."""
    count = "hop" if len(hops) == 1 else "hops"
    title = f"{one_line(source.label)} → {one_line(target.label)}: {len(hops)} {count}"
    if not hops:
        return title
    rows = []
    for i, hop in enumerate(hops, 1):
        sentence, where = best_evidence(hop.evidence)
        relation = f"-{hop.predicate}->" if hop.forward else f"<-{hop.predicate}-"
        conf = "" if hop.confidence is None else f"{hop.confidence:.2f}"
        rows.append([str(i), hop.start.label, relation, hop.end.label, conf, sentence, where])
    header = ["#", "FROM", "RELATION", "TO", "CONF", "EVIDENCE", "SOURCE"]
    return title + "\n" + format_table(header, rows)


def _run(args: argparse.Namespace) -> int:
    kg = load_graph(args.graph)
    source, target = kg.entity(args.source), kg.entity(args.target)
    hops = kg.path(
        source,
        target,
        predicates=args.predicates,
        min_confidence=args.min_confidence,
        kinds=args.kinds or ("relation",),
        max_depth=args.max_depth,
    )
    print(render_path(source, target, hops))
    return 0


COMMAND = Command(
    name="path",
    help="show the shortest chain of relations between two entities, with evidence",
    add_arguments=_add_arguments,
    run=_run,
    order=41,
)
