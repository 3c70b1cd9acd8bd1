"""Cache keys: a document's content hash and the fingerprint of its extraction.

The fingerprint is computed without loading the spaCy model (a rebuild where every
document is cached never loads it). It covers:

* the spaCy pipeline package that :func:`~kgraph.nlp.loader.load_pipeline` would load
  (name and version, or the ``meta.json`` of a pipeline directory) and spaCy's version;
* kgraph's rules (every ``kgraph/data/*.yaml``) and the source of the modules that
  extract (``kgraph/extract``, ``kgraph/nlp``, the record model), plus kgraph's
  version, so an upgrade or an edited rule re-extracts;
* the configuration keys extraction reads: ``pipeline``, ``gazetteer`` and
  ``predicates``. Export options, aliases or ``never_merge`` act after extraction and
  leave the cache valid.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
from importlib import metadata
from pathlib import Path
from typing import Any

from ..config import DEFAULT_PIPELINE, FALLBACK_PIPELINES, Config

__all__ = ["content_key", "extraction_fingerprint", "extraction_sources"]

#: Modules whose code decides what a document's record contains.
_EXTRACTION_SOURCES = ("extract", "nlp", "model.py", "compact.py", "predicates.py", "normalize.py")


def content_key(text: str) -> str:
    """Return the cache key of a document text (SHA-256, hex).

    >>> content_key("abc")[:16]
    'ba7816bf8f01cfea'
    """
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _pipeline_identity(name: str) -> dict[str, Any]:
    from spacy import util

    spacy_version = metadata.version("spacy")
    path = Path(name)
    if path.is_dir():
        meta = path / "meta.json"
        digest = hashlib.sha256(meta.read_bytes()).hexdigest() if meta.is_file() else None
        return {"path": str(path.resolve()), "meta": digest, "spacy": spacy_version}
    candidates = (name, *FALLBACK_PIPELINES) if name == DEFAULT_PIPELINE else (name,)
    for candidate in candidates:
        if util.is_package(candidate):
            return {
                "package": candidate,
                "version": util.get_package_version(candidate),
                "spacy": spacy_version,
            }
    # Not installed: the build fails later with the loader's message; the
    # fingerprint only has to be stable.
    return {"package": name, "version": None, "spacy": spacy_version}


def extraction_sources() -> tuple[Path, ...]:
    """Return the kgraph files whose content is part of the fingerprint, sorted.

    Rules (``kgraph/data/*.yaml``) and the code that turns a text into a record
    (``kgraph/extract``, ``kgraph/nlp``, the record model and codec). Ingest is not
    among them on purpose: what it changes in a text changes the text's content key,
    and the metadata it reads is never cached.
    """
    root = Path(__file__).resolve().parent.parent
    files: list[Path] = sorted((root / "data").glob("*.yaml"))
    for name in _EXTRACTION_SOURCES:
        target = root / name
        files.extend(sorted(target.rglob("*.py")) if target.is_dir() else [target])
    return tuple(files)


@functools.cache
def _code_digest() -> str:
    """Digest of kgraph's version, rules and extraction code (computed once per process)."""
    from .. import __version__

    root = Path(__file__).resolve().parent.parent
    h = hashlib.sha256(__version__.encode())
    for file in extraction_sources():
        h.update(file.relative_to(root).as_posix().encode() + b"\0" + file.read_bytes())
    return h.hexdigest()


def _jsonable(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return _jsonable(dataclasses.asdict(value))
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in sorted(value.items(), key=lambda kv: str(kv[0]))}
    if isinstance(value, list | tuple | frozenset | set):
        items = [_jsonable(v) for v in value]
        return sorted(items, key=json.dumps) if isinstance(value, frozenset | set) else items
    return value


def extraction_fingerprint(config: Config) -> str:
    """Return the fingerprint of everything but the text that shapes a record (hex).

    Two builds share cache entries exactly when their fingerprints are equal.
    """
    parts = {
        "pipeline": _pipeline_identity(config.pipeline),
        "code": _code_digest(),
        "gazetteer": _jsonable(config.gazetteer),
        "predicates": _jsonable(dict(config.predicates)),
    }
    blob = json.dumps(parts, sort_keys=True, ensure_ascii=True, default=str)
    return hashlib.sha256(blob.encode()).hexdigest()[:32]
