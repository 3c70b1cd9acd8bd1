"""What ingest did: files seen, documents yielded, files skipped and why, warnings.

:class:`IngestReport` is the one mutable collector of the stage: readers call
:meth:`IngestReport.skip` and :meth:`IngestReport.warn`, which record each problem
once and log it once (``kgraph.ingest`` logger, warning level). The CLI prints the
same entries in its end summary.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from ..errors import InputError

__all__ = ["IngestReport", "SkippedFile"]

log = logging.getLogger("kgraph.ingest")


class SkippedFile(InputError):
    """A reader gives up on one file; ``iter_documents`` records it and goes on.

    It never escapes :func:`kgraph.ingest.iter_documents`.
    """

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(slots=True)
class IngestReport:
    """Counts and problems of one ingest run.

    Attributes:
        files_seen: Supported files found in the inputs (read or skipped).
        documents: Documents yielded.
        ignored: Files inside input folders that are not articles (other extensions,
            hidden files): counted, logged at debug level, not reported one by one.
        skipped: ``(path, reason)`` for each file (or JSONL line, ``path#line-N``)
            that yielded nothing; each path appears once.
        warnings: ``(path, message)`` for problems that did not stop the file.
        chars_cut: Characters of text that could not be turned into documents
            (for example an over-long JSONL line); 0 when nothing was lost.
        split: Documents that were longer than ``max_chars`` and were split in parts.

    Example:
        >>> report = IngestReport()
        >>> report.skip("a.txt", "empty")
        >>> report.skip("a.txt", "empty")
        >>> report.skipped
        [('a.txt', 'empty')]
    """

    files_seen: int = 0
    documents: int = 0
    ignored: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[tuple[str, str]] = field(default_factory=list)
    chars_cut: int = 0
    split: int = 0
    _skipped_paths: set[str] = field(default_factory=set, repr=False, compare=False)
    _warned: set[tuple[str, str]] = field(default_factory=set, repr=False, compare=False)

    def skip(self, path: str, reason: str) -> None:
        """Record that ``path`` yielded nothing because of ``reason`` (once per path)."""
        if path in self._skipped_paths:
            return
        self._skipped_paths.add(path)
        self.skipped.append((path, reason))
        log.warning("skipped %s: %s", path, reason)

    def warn(self, path: str, message: str) -> None:
        """Record a problem in ``path`` that did not stop it (once per message)."""
        key = (path, message)
        if key in self._warned:
            return
        self._warned.add(key)
        self.warnings.append(key)
        log.warning("%s: %s", path, message)

    def was_skipped(self, path: str) -> bool:
        """Return whether ``path`` has been reported as skipped."""
        return path in self._skipped_paths
