"""The incremental extraction cache: one SQLite file of per-document records.

A document's extraction depends only on its text and on everything that shapes
extraction (spaCy pipeline and model version, kgraph's rules and code, the
extraction-relevant configuration). The cache maps ``(content hash, fingerprint)``
to the document's encoded :class:`~kgraph.compact.CompactRecord`, so a rebuild
parses only new or changed texts, and changing a rule or the model invalidates
exactly the entries it must (their fingerprint no longer matches).
"""

from __future__ import annotations

from .fingerprint import content_key, extraction_fingerprint
from .store import (
    CACHE_ENV,
    CACHE_FILENAME,
    CacheError,
    CacheInfo,
    ExtractionCache,
    cache_file,
    clear_cache,
    default_cache_dir,
    read_info,
)

__all__ = [
    "CACHE_ENV",
    "CACHE_FILENAME",
    "CacheError",
    "CacheInfo",
    "ExtractionCache",
    "cache_file",
    "clear_cache",
    "content_key",
    "default_cache_dir",
    "extraction_fingerprint",
    "read_info",
]
