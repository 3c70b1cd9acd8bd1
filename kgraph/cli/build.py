"""``kgraph build INPUT... --out DIR``: build the graph and write the exports."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from ..config import load_config
from ..export.registry import exporters
from ..pipeline import BuildReport, build
from ._base import Command
from ._progress import Progress

__all__ = ["COMMAND", "format_summary"]


def _add_arguments(p: argparse.ArgumentParser) -> None:
    names = ", ".join(e.name for e in exporters())
    p.add_argument("inputs", nargs="+", metavar="INPUT", help="files or folders of articles")
    p.add_argument("--out", required=True, metavar="DIR", help="output directory")
    p.add_argument("--config", metavar="FILE", help="kgraph.yaml configuration file")
    p.add_argument("--formats", metavar="LIST", help=f"comma-separated formats ({names})")
    p.add_argument("--pipeline", metavar="NAME", help="spaCy pipeline package to load")
    p.add_argument("--base-iri", metavar="IRI", help="base IRI of the data")
    p.add_argument("--workers", type=int, metavar="N", help="spaCy processes (default 1)")
    p.add_argument("--strict", action="store_true",
                   help="exit non-zero after the build if any input was skipped")  # fmt: skip


def format_summary(report: BuildReport, elapsed: float) -> str:
    """Return the end-of-build summary shown by ``kgraph build``."""
    ing = report.ingest
    lines = [f"documents: {report.documents} read, {len(ing.skipped)} skipped"]
    for path, reason in ing.skipped:
        lines.append(f"  skipped {path}: {reason}")
    for path, message in ing.warnings:
        lines.append(f"  warning {path}: {message}")
    ents = ", ".join(f"{k} {v}" for k, v in report.entities_by_type.items()) or "none"
    lines.append(f"entities: {sum(report.entities_by_type.values())} ({ents})")
    rels = ", ".join(f"{k} {v}" for k, v in report.relations_by_predicate.items()) or "none"
    lines.append(f"relations: {sum(report.relations_by_predicate.values())} ({rels}); "
                 f"open relations: {report.open_relations}")  # fmt: skip
    for path in report.written:
        lines.append(f"wrote {path}")
    stages = ", ".join(f"{k} {v:.2f}s" for k, v in report.seconds.items())
    lines.append(f"elapsed: {elapsed:.2f}s ({stages})")
    return "\n".join(lines)


def _run(args: argparse.Namespace) -> int:
    config = load_config(args.config)
    changes: dict[str, object] = {}
    if args.formats:
        changes["formats"] = tuple(f.strip() for f in args.formats.split(",") if f.strip())
    if args.pipeline:
        changes["pipeline"] = args.pipeline
    if args.base_iri:
        changes["base_iri"] = args.base_iri
    if args.workers:
        changes["workers"] = args.workers
    config = config.replace(**changes)
    start = time.perf_counter()
    with Progress(sys.stderr, unit="docs") as progress:
        result = build([Path(p) for p in args.inputs], config=config, out=args.out,
                       progress=progress.update)  # fmt: skip
    print(format_summary(result.report, time.perf_counter() - start))
    if args.strict and result.report.ingest.skipped:
        return 1
    return 0


COMMAND = Command(name="build", help="build a knowledge graph from news articles",
                  add_arguments=_add_arguments, run=_run, order=10)  # fmt: skip
