"""``kgraph build INPUT... --out DIR``: build the graph and write the exports."""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import yaml

from ..config import Config, load_config
from ..errors import ArgumentError
from ..executors import executor_names, get_executor
from ..export.registry import exporters
from ..ingest import supported_extensions
from ..pipeline import STAGES, BuildReport, build
from ._base import Command
from ._progress import Progress

__all__ = ["COMMAND", "default_workers", "format_summary"]


def default_workers() -> int:
    """Return the number of CPU cores this process may use (the ``--workers`` default)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def _add_arguments(p: argparse.ArgumentParser) -> None:
    names = ", ".join(e.name for e in exporters())
    p.add_argument("inputs", nargs="+", metavar="INPUT", help="files or folders of articles")
    p.add_argument("--out", required=True, metavar="DIR", help="output directory")
    p.add_argument("--config", metavar="FILE", help="kgraph.yaml configuration file")
    p.add_argument("--formats", metavar="LIST", help=f"comma-separated formats ({names})")
    p.add_argument("--pipeline", metavar="NAME", help="spaCy pipeline package to load")
    p.add_argument("--base-iri", metavar="IRI", help="base IRI of the data")
    p.add_argument(
        "--workers",
        type=int,
        metavar="N",
        help=f"worker processes parsing in parallel (default: all cores, here {default_workers()})",
    )
    p.add_argument(
        "--batch-size",
        type=int,
        metavar="N",
        help="documents per batch sent to a worker and per nlp.pipe call "
        f"(default {Config().batch_size})",
    )
    cache = p.add_mutually_exclusive_group()
    cache.add_argument(
        "--cache",
        metavar="DIR",
        help="folder of the extraction cache (default: $KGRAPH_CACHE_DIR or ~/.cache/kgraph)",
    )
    cache.add_argument(
        "--no-cache", action="store_true", help="parse every document; leave the cache alone"
    )
    p.add_argument(
        "--executor",
        default="local",
        choices=executor_names(),
        help="where extraction runs: "
        + "; ".join(f"{n}: {get_executor(n).description}" for n in executor_names())
        + " (default: local)",
    )
    p.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="Dask scheduler for --executor dask (tcp://HOST:8786)",
    )
    p.add_argument(
        "--store",
        metavar="DIR",
        help="also load the graph into an on-disk Oxigraph store, for kgraph query --store",
    )
    p.add_argument(
        "--strict",
        action="store_true",
        help="exit non-zero after the build if any input was skipped",
    )


def format_summary(report: BuildReport, elapsed: float) -> str:
    """Return the end-of-build summary shown by ``kgraph build``."""
    ing = report.ingest
    lines = [
        f"documents: {report.documents} read, {len(ing.skipped)} skipped; "
        f"{report.extracted} parsed, {report.cached} from the cache"
    ]
    for skipped_path, reason in ing.skipped:
        lines.append(f"  skipped {skipped_path}: {reason}")
    for warned_path, message in ing.warnings:
        lines.append(f"  warning {warned_path}: {message}")
    ents = ", ".join(f"{k} {v}" for k, v in report.entities_by_type.items()) or "none"
    lines.append(f"entities: {sum(report.entities_by_type.values())} ({ents})")
    rels = ", ".join(f"{k} {v}" for k, v in report.relations_by_predicate.items()) or "none"
    lines.append(
        f"relations: {sum(report.relations_by_predicate.values())} ({rels}); "
        f"open relations: {report.open_relations}"
    )
    for written in report.written:
        lines.append(f"wrote {written}")
    if report.store is not None:
        seconds = report.seconds.get("store", 0.0)
        lines.append(f"loaded store {report.store} ({seconds:.2f}s)")
    if report.cache is not None:
        lines.append(f"cache: {report.cache}")
    stages = ", ".join(f"{k} {report.seconds.get(k, 0.0):.2f}s" for k in STAGES)
    rate = report.documents / elapsed if elapsed > 0 else 0.0
    lines.append(f"elapsed: {elapsed:.2f}s, {rate:.1f} docs/s ({stages})")
    if report.workers > 1 and report.extracted:
        lines.append(f"  (nlp and extraction are summed over {report.workers} workers)")
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
    for name in ("workers", "batch_size"):
        value = getattr(args, name)
        if value is not None and value < 1:
            flag = "--" + name.replace("_", "-")
            raise ArgumentError(f"{flag} must be at least 1, got {value}")
    # --workers wins; then the config file's workers; else every core.
    if args.workers is not None:
        changes["workers"] = args.workers
    elif not _sets_workers(args.config):
        changes["workers"] = default_workers()
    if args.batch_size is not None:
        changes["batch_size"] = args.batch_size
    config = config.replace(**changes)
    start = time.perf_counter()
    with Progress(sys.stderr, unit="docs", total=_count_files(args.inputs)) as progress:
        result = build(
            [Path(p) for p in args.inputs],
            config=config,
            out=args.out,
            progress=progress.update,
            cache=args.cache,
            use_cache=not args.no_cache,
            executor=args.executor,
            scheduler=args.scheduler,
            store=args.store,
        )
    print(format_summary(result.report, time.perf_counter() - start))
    if args.strict and result.report.ingest.skipped:
        return 1
    return 0


def _sets_workers(config_path: str | None) -> bool:
    """Whether the configuration file sets ``workers`` (already validated by load_config)."""
    if config_path is None:
        return False
    data = yaml.safe_load(Path(config_path).read_text("utf-8"))
    return isinstance(data, dict) and "workers" in data


def _count_files(inputs: list[str]) -> int | None:
    """Count the article files of ``inputs``, for the progress bar's ETA.

    The ETA assumes one document per file; files holding several (JSONL, related
    articles in front matter) make it an estimate.
    """
    extensions = set(supported_extensions())
    total = 0
    for given in inputs:
        path = Path(given)
        if path.is_file():
            total += 1
        elif path.is_dir():
            for _, dirs, files in os.walk(path):
                dirs[:] = [d for d in dirs if not d.startswith(".")]
                total += sum(
                    1
                    for f in files
                    if not f.startswith(".") and os.path.splitext(f)[1].lower() in extensions
                )
    return total or None


COMMAND = Command(
    name="build",
    help="build a knowledge graph from news articles",
    add_arguments=_add_arguments,
    run=_run,
    order=10,
)
