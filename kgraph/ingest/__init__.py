"""Ingest: read files of news articles and stream :class:`~kgraph.model.Document` values.

>>> from kgraph.ingest import IngestReport, iter_documents
"""

from __future__ import annotations

from .chrome import CHROME_RULES, ChromeFilter, ChromeRule
from .readers import READERS, Reader, supported_extensions
from .report import IngestReport, SkippedFile
from .stream import iter_documents

__all__ = [
    "CHROME_RULES",
    "READERS",
    "ChromeFilter",
    "ChromeRule",
    "IngestReport",
    "Reader",
    "SkippedFile",
    "iter_documents",
    "supported_extensions",
]
