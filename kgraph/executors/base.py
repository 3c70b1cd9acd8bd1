"""What every executor runs: a batch of texts in, encoded compact records out.

:func:`run_batch` is the unit of work an executor ships to a process or a cluster
worker. It loads the spaCy pipeline and the extractor once per process (cached by
configuration), parses the batch with ``nlp.pipe`` and returns plain bytes, so the
only thing that crosses a process or machine boundary is small and picklable.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from types import TracebackType
from typing import TYPE_CHECKING, Protocol

from ..config import Config
from ..errors import KGraphError

if TYPE_CHECKING:
    from ..extract.records import Extractor

__all__ = ["Batch", "BatchResult", "Executor", "ExtractionTask", "run_batch", "warm_up"]

#: ``(content key, text)`` pairs.
Batch = tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class ExtractionTask:
    """Everything a worker needs to extract records, picklable.

    Attributes:
        config: The build's configuration.
        fingerprint: The build's extraction fingerprint; a worker whose kgraph,
            rules or model differ refuses to work rather than fill the cache with
            records the build would mistake for its own.
    """

    config: Config
    fingerprint: str


@dataclass(frozen=True, slots=True)
class BatchResult:
    """The records of one batch, in the batch's order, with the time spent.

    Attributes:
        records: ``(content key, encoded record)`` pairs (see :func:`kgraph.compact.encode`).
        nlp_seconds: Time inside ``nlp.pipe``.
        extract_seconds: Time turning parsed documents into records.
        words: Tokens parsed (for words/s).
    """

    records: tuple[tuple[str, bytes], ...]
    nlp_seconds: float = 0.0
    extract_seconds: float = 0.0
    words: int = 0


class Executor(Protocol):
    """Runs :func:`run_batch` over batches somewhere; yields results in batch order.

    ``workers`` is how many batches it runs at once (known once it has started).
    """

    workers: int

    def map(self, batches: Iterable[Batch]) -> Iterator[BatchResult]:
        """Return the results of ``batches`` in order, pulling batches lazily."""
        ...

    def close(self) -> None:
        """Release processes or connections (idempotent)."""
        ...

    def __enter__(self) -> Executor: ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...


@dataclass(slots=True)
class _Loaded:
    extractor: Extractor
    lock: threading.Lock = field(default_factory=threading.Lock)


_LOADED: dict[str, _Loaded] = {}
_LOAD_LOCK = threading.Lock()


def _loaded(task: ExtractionTask) -> _Loaded:
    """The extractor of ``task``'s configuration, built once per process."""
    cached = _LOADED.get(task.fingerprint)
    if cached is not None:
        return cached
    with _LOAD_LOCK:
        cached = _LOADED.get(task.fingerprint)
        if cached is None:
            from ..cache.fingerprint import extraction_fingerprint
            from ..extract.patterns import load_rules
            from ..extract.records import Extractor
            from ..nlp.loader import load_pipeline
            from ..predicates import PredicateRegistry

            mine = extraction_fingerprint(task.config)
            if mine != task.fingerprint:
                raise KGraphError(
                    f"this worker's kgraph, rules or spaCy pipeline differ from the build's "
                    f"(fingerprint {mine} != {task.fingerprint}); install the same kgraph "
                    f"version and pipeline on every worker"
                )
            cfg = task.config
            nlp = load_pipeline(cfg.pipeline, cfg.gazetteer)
            predicates = PredicateRegistry().with_extra(cfg.predicates)
            cached = _LOADED[task.fingerprint] = _Loaded(Extractor(nlp, load_rules(), predicates))
    return cached


def warm_up(task: ExtractionTask) -> None:
    """Load the pipeline of ``task`` in this process now (worker start-up)."""
    _loaded(task)


def run_batch(task: ExtractionTask, batch: Batch) -> BatchResult:
    """Parse and extract ``batch``; return its encoded compact records in order."""
    from ..compact import compact, encode
    from ..model import Document

    loaded = _loaded(task)
    extractor = loaded.extractor
    texts = (text for _, text in batch)
    out: list[tuple[str, bytes]] = []
    t_extract = 0.0
    words = 0
    # One pipeline object is not safe to share between threads (a Dask worker may
    # run several tasks at once): threads of one process take turns.
    with loaded.lock:
        start = time.perf_counter()
        docs = extractor.nlp.pipe(texts, batch_size=task.config.batch_size)
        for (key, text), doc in zip(batch, docs, strict=True):
            t0 = time.perf_counter()
            document = Document(doc_id=key, source_path="", text=text)
            out.append((key, encode(compact(extractor.extract(doc, document)))))
            words += len(doc)
            t_extract += time.perf_counter() - t0
        total = time.perf_counter() - start
    return BatchResult(
        records=tuple(out), nlp_seconds=total - t_extract, extract_seconds=t_extract, words=words
    )
