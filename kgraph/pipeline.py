"""The one orchestration function behind both the CLI and the Python API.

``build`` streams documents from ingest through spaCy (``nlp.pipe`` in batches),
reduces each parsed document to a plain :class:`~kgraph.model.DocRecord` right
away, resolves entities over all records, assembles the graph and, when asked,
writes the exports.
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .config import Config
from .export.registry import ExportOptions, get_exporter, write_export
from .graph.assemble import assemble
from .graph.knowledge import KnowledgeGraph
from .ingest import IngestReport, iter_documents
from .model import DocRecord, Document
from .predicates import PredicateRegistry

__all__ = ["BuildReport", "BuildResult", "build", "extract_records"]

log = logging.getLogger("kgraph")

ProgressFn = Callable[[int], None]


@dataclass(slots=True)
class BuildReport:
    """What a build did: counts, problems, files written and time per stage."""

    ingest: IngestReport
    documents: int = 0
    entities_by_type: dict[str, int] = field(default_factory=dict)
    relations_by_predicate: dict[str, int] = field(default_factory=dict)
    open_relations: int = 0
    written: list[Path] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class BuildResult:
    """The graph a build produced, with its report."""

    kg: KnowledgeGraph
    report: BuildReport


def _predicates(config: Config) -> PredicateRegistry:
    return PredicateRegistry().with_extra(config.predicates)


def extract_records(
    documents: Iterator[Document], config: Config, *, progress: ProgressFn | None = None,
    timings: dict[str, float] | None = None,
) -> Iterator[DocRecord]:  # fmt: skip
    """Parse ``documents`` with spaCy and yield one record per document, streaming."""
    from .extract.patterns import load_rules
    from .extract.records import Extractor
    from .nlp.loader import load_pipeline

    nlp = load_pipeline(config.pipeline, config.gazetteer)
    extractor = Extractor(nlp, load_rules(), _predicates(config))
    pairs = ((d.text, d) for d in documents)
    n_process = max(1, config.workers)
    t_extract = 0.0
    start = time.perf_counter()
    for n, (doc, document) in enumerate(
        nlp.pipe(pairs, as_tuples=True, batch_size=config.batch_size, n_process=n_process), 1
    ):
        t0 = time.perf_counter()
        yield extractor.extract(doc, document)
        t_extract += time.perf_counter() - t0
        if progress is not None:
            progress(n)
    if timings is not None:
        timings["extract"] = t_extract
        timings["read+nlp"] = time.perf_counter() - start - t_extract


def build(
    inputs: str | Path | Sequence[str | Path],
    *,
    config: Config | None = None,
    out: str | Path | None = None,
    formats: Sequence[str] | None = None,
    progress: ProgressFn | None = None,
) -> BuildResult:
    """Build the knowledge graph of ``inputs``; write exports into ``out`` if given.

    Args:
        inputs: Files or directories of news articles (.txt, .md, .jsonl).
        config: Configuration; defaults to :class:`~kgraph.config.Config()`.
        out: Output directory for the exports, or None to write nothing.
        formats: Export format names (default: ``config.formats``).
        progress: Called with the number of documents processed so far.

    Raises:
        InputError: an input path does not exist.
        ExportError: an unknown format, or an export cannot be written.
        PipelineNotFound: no spaCy pipeline is installed.
    """
    from .resolve.entities import resolve

    cfg = config or Config()
    paths = [inputs] if isinstance(inputs, str | Path) else list(inputs)
    exporters = [get_exporter(f) for f in (formats or cfg.formats)] if out is not None else []
    ingest_report = IngestReport()
    report = BuildReport(ingest=ingest_report)
    timings: dict[str, float] = {}
    docs = iter_documents(paths, config=cfg, report=ingest_report)
    records = list(extract_records(docs, cfg, progress=progress, timings=timings))
    report.documents = len(records)
    t0 = time.perf_counter()
    resolution = resolve(records, cfg)
    kg = assemble(records, resolution, _predicates(cfg))
    timings["resolve+assemble"] = time.perf_counter() - t0
    report.entities_by_type = dict(sorted(Counter(e.type for e in kg.entities()).items()))
    facts = list(kg.facts(typed=None))
    report.relations_by_predicate = dict(sorted(Counter(f.predicate for f in facts if f.typed).items()))
    report.open_relations = sum(1 for f in facts if not f.typed)
    if out is not None:
        t0 = time.perf_counter()
        options = ExportOptions(base_iri=cfg.base_iri, export=cfg.export)
        for exporter in exporters:
            report.written.append(write_export(kg, exporter, out, options))
        timings["export"] = time.perf_counter() - t0
    report.seconds = timings
    return BuildResult(kg=kg, report=report)
