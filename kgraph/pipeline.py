"""The one orchestration function behind both the CLI and the Python API.

``build`` streams documents from ingest, looks each text up in the extraction cache
and sends only the new ones, in batches, to an executor (this process, local worker
processes, or a Dask cluster) that parses them with ``nlp.pipe`` and returns compact
records (:mod:`kgraph.compact`: no article text). Records go straight into the
cache's SQLite store (:mod:`kgraph.cache`; a temporary store with ``use_cache=False``);
resolution and assembly then stream them back in input order. Nothing in memory
grows with the text of the corpus: the build holds each document's metadata and
cache key, the entities and facts, and the graph.

The merge is deterministic: records are read back in the order ingest found the
documents (code-point order of paths, whatever the order on disk), so the exports
are byte-identical whatever the number of workers, the executor, or which records
came from the cache.
"""

from __future__ import annotations

import contextlib
import logging
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .cache import ExtractionCache, cache_file, content_key, default_cache_dir
from .cache.fingerprint import extraction_fingerprint
from .compact import CompactRecord, decode, strip_text
from .config import Config
from .errors import KGraphError
from .executors import Batch, ExecutorOptions, ExtractionTask, create_executor
from .export.lock import output_lock
from .export.registry import (
    ExportOptions,
    check_output_dir,
    get_exporter,
    write_export,
    write_exports,
)
from .graph.knowledge import KnowledgeGraph
from .ingest import IngestReport, iter_documents
from .model import Document
from .predicates import PredicateRegistry

__all__ = ["STAGES", "BuildReport", "BuildResult", "ProgressFn", "build"]

log = logging.getLogger("kgraph")

#: Called with the number of documents done so far.
ProgressFn = Callable[[int], None]

#: The stages timed in :attr:`BuildReport.seconds`, in order.
STAGES: tuple[str, ...] = ("read", "nlp", "extraction", "resolution", "assembly", "export")


@dataclass(slots=True)
class BuildReport:
    """What a build did: counts, problems, files written and time per stage.

    Attributes:
        ingest: What ingest read and skipped.
        documents: Documents in the graph.
        extracted: Documents parsed by this build (the others came from the cache).
        cached: Documents whose record came from the cache.
        words: Tokens parsed by this build.
        entities_by_type: Entity count per type.
        relations_by_predicate: Typed relation count per predicate.
        open_relations: Open (untyped) relations.
        written: Export files written.
        cache: The cache file, or None for ``--no-cache``.
        store: The Oxigraph store loaded with the graph, if one was asked for.
        workers: Processes that parsed: local workers, or the Dask cluster's threads.
        seconds: Time per stage (see :data:`STAGES`). ``nlp`` and ``extraction`` are
            summed over the workers, so with several workers they can exceed the
            wall-clock times: ``parse_wall`` (reading, cache look-ups, parsing and
            extraction, start to end) and ``total``.
    """

    ingest: IngestReport
    documents: int = 0
    extracted: int = 0
    cached: int = 0
    words: int = 0
    entities_by_type: dict[str, int] = field(default_factory=dict)
    relations_by_predicate: dict[str, int] = field(default_factory=dict)
    open_relations: int = 0
    written: list[Path] = field(default_factory=list)
    cache: Path | None = None
    store: Path | None = None
    workers: int = 1
    seconds: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class BuildResult:
    """The graph a build produced, with its report."""

    kg: KnowledgeGraph
    report: BuildReport


def _predicates(config: Config) -> PredicateRegistry:
    return PredicateRegistry().with_extra(config.predicates)


class _StoredRecords(Collection[CompactRecord]):
    """The build's records in input order, streamed from the store on each pass."""

    _CHUNK = 256

    def __init__(self, entries: Sequence[tuple[Document, str]], store: ExtractionCache) -> None:
        self._entries = entries
        self._store = store

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, item: object) -> bool:
        return any(rec == item for rec in self)

    def __iter__(self) -> Iterator[CompactRecord]:
        for i in range(0, len(self._entries), self._CHUNK):
            chunk = self._entries[i : i + self._CHUNK]
            payloads = self._store.get_many([key for _, key in chunk])
            for document, key in chunk:
                blob = payloads.get(key)
                if blob is None:
                    raise KGraphError(
                        f"{self._store.path}: the record of {document.doc_id} vanished from "
                        f"the cache during the build (another build clearing it?); run again"
                    )
                try:
                    yield decode(blob, document)
                except ValueError as err:
                    raise KGraphError(
                        f"{self._store.path}: unreadable record for {document.doc_id} ({err}); "
                        f"clear the cache or build with --no-cache"
                    ) from err


class _Feeder:
    """Reads documents, skips those already cached, and cuts the rest into batches."""

    def __init__(
        self,
        documents: Iterator[Document],
        store: ExtractionCache,
        *,
        batch_size: int,
        progress: ProgressFn | None,
    ) -> None:
        self.documents = documents
        self.store = store
        self.batch_size = batch_size
        self.progress = progress
        self.entries: list[tuple[Document, str]] = []
        self.in_flight: set[str] = set()
        self.cached = 0
        self.done = 0
        self.read_seconds = 0.0

    def tick(self, n: int) -> None:
        self.done += n
        if self.progress is not None:
            self.progress(self.done)

    def batches(self) -> Iterator[Batch]:
        batch: list[tuple[str, str]] = []
        t0 = time.perf_counter()
        for doc in self.documents:
            key = content_key(doc.text)
            self.entries.append((strip_text(doc), key))
            if key in self.in_flight or key in self.store:
                self.cached += 1
                self.tick(1)
                continue
            self.in_flight.add(key)
            batch.append((key, doc.text))
            if len(batch) >= self.batch_size:
                self.read_seconds += time.perf_counter() - t0
                yield tuple(batch)
                batch = []
                t0 = time.perf_counter()
        self.read_seconds += time.perf_counter() - t0
        if batch:
            yield tuple(batch)


def _load_store(
    kg: KnowledgeGraph, written: Sequence[Path], store: str | Path, options: ExportOptions
) -> Path:
    """Load ``kg`` into the on-disk store ``store``, from the Turtle export if written."""
    from .query.store import load_store

    turtle = get_exporter("ttl")
    for path in written:
        if path.name == turtle.filename:
            return load_store(path, store)
    with tempfile.TemporaryDirectory(prefix="kgraph-store-") as tmp:
        path = write_export(kg, turtle, tmp, options)
        return load_store(path, store)


def build(
    inputs: str | Path | Sequence[str | Path],
    *,
    config: Config | None = None,
    out: str | Path | None = None,
    formats: Sequence[str] | None = None,
    progress: ProgressFn | None = None,
    cache: str | Path | None = None,
    use_cache: bool = True,
    executor: str = "local",
    scheduler: str | None = None,
    store: str | Path | None = None,
) -> BuildResult:
    """Build the knowledge graph of ``inputs``; write exports into ``out`` if given.

    Args:
        inputs: Files or directories of news articles (.txt, .md, .jsonl).
        config: Configuration; defaults to :class:`~kgraph.config.Config()`.
            ``config.workers`` worker processes parse in parallel (local executor).
        out: Output directory for the exports, or None to write nothing.
        formats: Export format names (default: ``config.formats``).
        progress: Called with the number of documents done so far.
        cache: Folder of the extraction cache; default
            :func:`kgraph.cache.default_cache_dir` (``$KGRAPH_CACHE_DIR``, else
            ``~/.cache/kgraph``), shared by every build.
        use_cache: False to parse every document and leave the cache untouched (a
            temporary store still holds the records, so memory stays flat).
        executor: Where extraction runs: ``local`` or ``dask`` (see
            :func:`kgraph.executors.executor_names`).
        scheduler: Address of the Dask scheduler, for ``executor="dask"``.
        store: Folder of an on-disk Oxigraph store to (re)load with the graph, for
            ``kgraph query --store`` (swapped in atomically; see
            :mod:`kgraph.query.store`).

    Raises:
        InputError: an input path does not exist.
        ExportError: an unknown format, or an export cannot be written.
        OutputLocked: another build is writing into ``out`` (checked before parsing).
        ConfigError: an unknown executor, or ``dask`` without a scheduler.
        PipelineNotFound: no spaCy pipeline is installed.
        CacheError: the cache file cannot be opened or written.
        InputError: ``store`` exists and is not an Oxigraph store.
    """
    from .graph.assemble import assemble
    from .resolve.entities import resolve

    start = time.perf_counter()
    cfg = config or Config()
    paths = [inputs] if isinstance(inputs, str | Path) else list(inputs)
    exporters = [get_exporter(f) for f in (formats or cfg.formats)] if out is not None else []
    with contextlib.ExitStack() as locked:
        if out is not None:
            # Checked and locked now, not after the parse: a typo'd folder or a second
            # build into the same folder fails in a second (see kgraph.export.lock).
            locked.enter_context(output_lock(check_output_dir(out)))
        fingerprint = extraction_fingerprint(cfg)
        task = ExtractionTask(config=cfg, fingerprint=fingerprint)
        options = ExecutorOptions(workers=max(1, cfg.workers), scheduler=scheduler)
        ingest_report = IngestReport()
        report = BuildReport(ingest=ingest_report)
        timings = dict.fromkeys(STAGES, 0.0)
        folder = (Path(cache) if cache is not None else default_cache_dir()) if use_cache else None

        with contextlib.ExitStack() as stack:
            if folder is None:
                folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="kgraph-")))
            else:
                report.cache = cache_file(folder)
            records_db = stack.enter_context(
                ExtractionCache(cache_file(folder), fingerprint=fingerprint)
            )
            runner = stack.enter_context(create_executor(executor, task, options))

            t_parse = time.perf_counter()
            docs = iter_documents(paths, config=cfg, report=ingest_report)
            feeder = _Feeder(docs, records_db, batch_size=cfg.batch_size, progress=progress)
            for result in runner.map(feeder.batches()):
                records_db.put_many(result.records)
                feeder.in_flight.difference_update(key for key, _ in result.records)
                timings["nlp"] += result.nlp_seconds
                timings["extraction"] += result.extract_seconds
                report.words += result.words
                report.extracted += len(result.records)
                feeder.tick(len(result.records))
            report.workers = runner.workers
            runner.close()  # free the worker processes before resolution needs the memory
            timings["parse_wall"] = time.perf_counter() - t_parse
            timings["read"] = feeder.read_seconds
            report.documents = len(feeder.entries)
            report.cached = report.documents - report.extracted
            records = _StoredRecords(feeder.entries, records_db)

            t0 = time.perf_counter()
            resolution = resolve(records, cfg)
            timings["resolution"] = time.perf_counter() - t0
            t0 = time.perf_counter()
            kg = assemble(records, resolution, _predicates(cfg))
            del resolution  # the graph holds what the exports need (merge log included)
            timings["assembly"] = time.perf_counter() - t0
            if report.cache is not None:
                # Last use, for ``kgraph cache clear --unused-days``.
                records_db.touch(key for _, key in feeder.entries)

        report.entities_by_type = dict(sorted(Counter(e.type for e in kg.entities()).items()))
        typed = Counter(f.predicate for f in kg.facts(typed=True))
        report.relations_by_predicate = dict(sorted(typed.items()))
        report.open_relations = sum(1 for _ in kg.facts(typed=False))
        export_options = ExportOptions(
            base_iri=cfg.base_iri, export=cfg.export, predicates=cfg.predicates
        )
        if out is not None:
            t0 = time.perf_counter()
            report.written.extend(write_exports(kg, exporters, out, export_options))
            timings["export"] = time.perf_counter() - t0
        if store is not None:
            t0 = time.perf_counter()
            report.store = _load_store(kg, report.written, store, export_options)
            timings["store"] = time.perf_counter() - t0
        timings["total"] = time.perf_counter() - start
        report.seconds = timings
        return BuildResult(kg=kg, report=report)
