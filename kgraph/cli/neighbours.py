"""``kgraph neighbours NAME``: the entities around one entity, with evidence."""

from __future__ import annotations

import argparse
from collections.abc import Mapping

from ..graph.lookup import DIRECTIONS, Neighbour
from ..graph.schema import EDGE_COOCCURRENCE
from ..model import ENTITY_TYPES, Entity
from ._base import Command
from ._lookup_table import add_graph_arguments, best_evidence, format_table, load_graph, one_line

__all__ = ["COMMAND", "render_neighbours"]


def _add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("name", metavar="NAME", help="entity name, alias or id (any case)")
    parser.add_argument(
        "--depth", metavar="N", type=int, default=1, help="number of hops (default 1)"
    )
    parser.add_argument(
        "--type",
        dest="types",
        metavar="T",
        nargs="+",
        action="extend",
        choices=ENTITY_TYPES,
        help=f"show only neighbours of these types: {', '.join(ENTITY_TYPES)}",
    )
    parser.add_argument(
        "--direction",
        choices=DIRECTIONS,
        default="both",
        help="out: the entity is the subject; in: the object; both (default)",
    )
    add_graph_arguments(parser)


def _relation(n: Neighbour) -> str:
    if n.kind == EDGE_COOCCURRENCE:
        return "-co-occurs-"
    return f"-{n.predicate}->" if n.direction == "out" else f"<-{n.predicate}-"


def render_neighbours(
    root: Entity, rows: list[Neighbour], *, depth: int, labels: Mapping[str, str] | None = None
) -> str:
    """Return the table ``kgraph neighbours`` prints for ``rows`` around ``root``.

    Args:
        root: The looked-up entity.
        rows: Its neighbours.
        depth: The depth asked for.
        labels: Labels of the ``via`` entities (their ids are shown otherwise).
    """
    hops = "hop" if depth == 1 else "hops"
    noun = "neighbour" if len(rows) == 1 else "neighbours"
    title = f"{one_line(root.label)} ({root.type}, {root.key}): {len(rows)} {noun} within "
    title += f"{depth} {hops}"
    if not rows:
        return title
    labels = labels or {}
    show_via = depth > 1
    header = ["DIST", *(["VIA"] if show_via else []), "RELATION", "ENTITY", "TYPE", "CONF"]
    header += ["EVIDENCE", "SOURCE"]
    table = []
    for n in rows:
        sentence, source = best_evidence(n.evidence)
        if n.kind == EDGE_COOCCURRENCE:
            sentence = f"(together in {n.weight} sentences)"
        conf = "" if n.confidence is None else f"{n.confidence:.2f}"
        via = [labels.get(n.via, n.via)] if show_via else []
        entity = [n.entity.label, n.entity.type]
        table.append([str(n.distance), *via, _relation(n), *entity, conf, sentence, source])
    return title + "\n" + format_table(header, table)


def _run(args: argparse.Namespace) -> int:
    kg = load_graph(args.graph)
    root = kg.entity(args.name)
    rows = kg.neighbours(
        root,
        depth=args.depth,
        predicates=args.predicates,
        types=args.types,
        direction=args.direction,
        min_confidence=args.min_confidence,
        kinds=args.kinds or ("relation",),
    )
    labels = {n.via: kg.get_entity(n.via).label for n in rows}
    print(render_neighbours(root, rows, depth=args.depth, labels=labels))
    return 0


COMMAND = Command(
    name="neighbours",
    help="list the entities related to one entity, with evidence",
    add_arguments=_add_arguments,
    run=_run,
    order=40,
)
