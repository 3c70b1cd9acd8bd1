"""Ingest: read files of news articles and stream :class:`~kgraph.model.Document` values.

One entry point, :func:`iter_documents`, and one collector, :class:`IngestReport`.
Where each concern lives:

* :mod:`~kgraph.ingest.discover`: inputs, deterministic order, source paths, symlinks;
* :mod:`~kgraph.ingest.decode`: encodings (BOMs, UTF-16, Windows-1252 fallback), binary
  and empty files;
* :mod:`~kgraph.ingest.readers`: the reader registry (``.txt``, ``.md``, ``.markdown``,
  ``.jsonl``) and document ids (``#related-N``, ``#line-N``, ``#part-N``);
* :mod:`~kgraph.ingest.frontmatter`: YAML front matter (``safe_load`` only) and the
  coercion of metadata fields;
* :mod:`~kgraph.ingest.chrome`: the named page-chrome line rules;
* :mod:`~kgraph.ingest.text`: paragraphs, headlines, splitting at ``max_chars``;
* :mod:`~kgraph.ingest.report`: :class:`IngestReport`.

>>> from kgraph.config import Config
>>> report = IngestReport()
>>> docs = iter_documents(["seeds"], config=Config(), report=report)  # doctest: +SKIP
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
