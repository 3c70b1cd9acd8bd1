"""Helpers shared by the lookup commands (``neighbours``, ``path``): loading and tables."""

from __future__ import annotations

import argparse
import unicodedata
from collections.abc import Sequence
from pathlib import Path

from ..errors import InputError
from ..graph.knowledge import KnowledgeGraph
from ..graph.lookup import EDGE_KINDS
from ..model import Provenance

__all__ = [
    "DEFAULT_GRAPH",
    "add_graph_arguments",
    "best_evidence",
    "format_table",
    "load_graph",
    "one_line",
]

#: The export the lookup commands read by default: JSON is the lossless format (every
#: evidence statement survives), and ``kgraph build`` writes it by default.
DEFAULT_GRAPH = Path("exports") / "graph.json"
EVIDENCE_WIDTH = 60


def add_graph_arguments(parser: argparse.ArgumentParser) -> None:
    """Add ``--graph``, ``--predicate``, ``--kind`` and ``--min-confidence``."""
    parser.add_argument(
        "--graph",
        metavar="FILE",
        type=Path,
        default=DEFAULT_GRAPH,
        help=f"exported graph to read: .json, .graphml, .ttl, ... (default: {DEFAULT_GRAPH})",
    )
    parser.add_argument(
        "--predicate",
        dest="predicates",
        metavar="P",
        nargs="+",
        action="extend",
        help="follow only these predicates (repeatable)",
    )
    parser.add_argument(
        "--kind",
        dest="kinds",
        metavar="KIND",
        nargs="+",
        action="extend",
        choices=EDGE_KINDS,
        help=f"edge kinds to follow: {', '.join(EDGE_KINDS)} (default: relation)",
    )
    parser.add_argument(
        "--min-confidence",
        metavar="X",
        type=float,
        default=0.0,
        help="follow only edges at least this confident (0 to 1; default 0)",
    )


def load_graph(path: Path) -> KnowledgeGraph:
    """Load ``path`` with :func:`kgraph.graph.load.load`, with a hint when it is missing."""
    from ..graph.load import load

    if not path.exists():
        raise InputError(f"{path}: no such file; run `kgraph build` first or pass --graph FILE")
    return load(path)


def one_line(text: str, width: int = EVIDENCE_WIDTH) -> str:
    """Return ``text`` on one line (control characters become spaces), cut to ``width``.

    >>> one_line("a\\tb\\n c", 10), one_line("x" * 12, 10)
    ('a b c', 'xxxxxxxxx…')
    """
    cleaned = "".join(" " if unicodedata.category(c)[0] == "C" else c for c in text)
    cleaned = " ".join(cleaned.split())
    return cleaned if len(cleaned) <= width else cleaned[: width - 1] + "…"


def best_evidence(evidence: Sequence[Provenance]) -> tuple[str, str]:
    """Return (quoted sentence, source) of the most confident statement, or blanks.

    The source is the article's file, its date when known, and how many more
    statements support the same edge.
    """
    if not evidence:
        return "", ""
    best = max(evidence, key=lambda p: p.confidence)  # first of the most confident
    source = best.source_path
    if best.published:
        source += f" ({best.published[:10]})"
    if len(evidence) > 1:
        source += f" +{len(evidence) - 1} more"
    return f"“{one_line(best.sentence)}”", source


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def format_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """Return ``rows`` under ``header`` as left-aligned columns, two spaces apart.

    >>> print(format_table(["A", "BB"], [["xyz", "1"], ["q", "22"]]))
    A    BB
    xyz  1
    q    22
    """
    cells = [[one_line(c, 10_000) for c in row] for row in [list(header), *rows]]
    widths = [max(_width(row[i]) for row in cells) for i in range(len(header))]
    lines = []
    for row in cells:
        padded = [c + " " * (w - _width(c)) for c, w in zip(row, widths, strict=True)]
        lines.append("  ".join(padded).rstrip())
    return "\n".join(lines)
