"""Compact records: what resolution and assembly need of one document, without its text.

A :class:`~kgraph.model.DocRecord` holds the whole article (``Document.text``). Once
extraction is done, the graph needs only the mentions, relations, links, type votes,
sentence offsets, the text of the sentences that are evidence for a relation, and the
article's metadata. :func:`compact` keeps exactly that, so a build holds (and caches)
a few hundred bytes per document instead of the article.

:func:`encode` / :func:`decode` turn the text-derived part of a record into compact
bytes (zlib-compressed JSON: no pickle, so a cache file can never run code) and back.

>>> from kgraph.model import DocRecord, Document, Mention, Relation, Sentence
>>> doc = Document(doc_id="a", source_path="a.txt", text="Ann met Bob. It rained.")
>>> ann, bob = Mention(0, 3, "Ann", "PERSON", 0), Mention(8, 11, "Bob", "PERSON", 0)
>>> rec = DocRecord(document=doc, sentences=(Sentence(0, 12), Sentence(13, 23)),
...                 mentions=(ann, bob),
...                 relations=(Relation(0, "meet", 1, 0, 0.5, "svo", typed=False),))
>>> small = compact(rec)
>>> small.document.text, small.sentence_text(0)
('', 'Ann met Bob.')
>>> decode(encode(small), small.document) == small
True
"""

from __future__ import annotations

import dataclasses
import functools
import json
import operator
import typing
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .model import DocRecord, Document

__all__ = ["CompactRecord", "compact", "decode", "encode", "strip_text"]


@dataclass(frozen=True, slots=True)
class CompactRecord(DocRecord):
    """A :class:`~kgraph.model.DocRecord` whose document text is dropped.

    ``document.text`` is empty; the sentences that relations cite are kept in
    ``evidence`` (``(sentence index, text)``), which is all :meth:`sentence_text`
    can return.
    """

    evidence: tuple[tuple[int, str], ...] = ()

    def sentence_text(self, index: int) -> str:
        """Return the text of sentence ``index``, which must be cited by a relation."""
        for i, text in self.evidence:
            if i == index:
                return text
        raise KeyError(f"sentence {index} of {self.document.doc_id!r} is not kept as evidence")


def strip_text(document: Document) -> Document:
    """Return ``document`` without its text (metadata only)."""
    return dataclasses.replace(document, text="")


def compact(record: DocRecord) -> CompactRecord:
    """Return ``record`` without its document text, keeping the cited sentences."""
    if isinstance(record, CompactRecord):
        return record
    cited = sorted({rel.sentence for rel in record.relations})
    fields = {f.name: getattr(record, f.name) for f in dataclasses.fields(DocRecord)}
    fields["document"] = strip_text(record.document)
    return CompactRecord(**fields, evidence=tuple((i, record.sentence_text(i)) for i in cited))


# The codec is driven by the dataclass fields and their annotations, so a field added
# to the model is carried without touching this module (the cache fingerprint covers
# kgraph's source, so old entries are never decoded with a new layout). Items are
# written as JSON arrays in field order: compact, and fast to read back.


@functools.cache
def _layout() -> tuple[tuple[str, Callable[[Any], Any] | None, type | None], ...]:
    """``(field, getter of its items' values, item type)`` of each encoded field."""
    hints = typing.get_type_hints(CompactRecord)
    out: list[tuple[str, Callable[[Any], Any] | None, type | None]] = []
    for f in dataclasses.fields(CompactRecord):
        if f.name == "document":
            continue
        args = typing.get_args(hints[f.name])
        item = args[0] if args else None
        if isinstance(item, type) and dataclasses.is_dataclass(item):
            names = [g.name for g in dataclasses.fields(item)]
            getter: Callable[[Any], Any] = (
                operator.attrgetter(*names) if len(names) > 1 else _one(names[0])
            )
            out.append((f.name, getter, item))
        else:
            out.append((f.name, None, None))
    return tuple(out)


def _one(name: str) -> Callable[[Any], Any]:
    get = operator.attrgetter(name)
    return lambda obj: (get(obj),)


def _tuples(value: Any) -> Any:
    if value.__class__ is list:
        return tuple(_tuples(v) for v in value)
    return value


def encode(record: CompactRecord) -> bytes:
    """Return the text-derived part of ``record`` (everything but ``document``) as bytes."""
    data = []
    for name, getter, _ in _layout():
        value = getattr(record, name)
        data.append([getter(v) for v in value] if getter is not None else value)
    blob = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return zlib.compress(blob.encode("utf-8", "surrogatepass"), 1)


def decode(blob: bytes, document: Document) -> CompactRecord:
    """Return the record encoded in ``blob``, attached to ``document`` (text dropped).

    Raises:
        ValueError: ``blob`` is not a record written by :func:`encode`.
    """
    try:
        data = json.loads(zlib.decompress(blob).decode("utf-8", "surrogatepass"))
        fields: dict[str, Any] = {}
        for (name, _, item), raw in zip(_layout(), data, strict=True):
            if item is None:
                fields[name] = _tuples(raw)
            else:
                fields[name] = tuple(
                    item(*[v if v.__class__ is not list else _tuples(v) for v in row])
                    for row in raw
                )
    except (zlib.error, UnicodeDecodeError, json.JSONDecodeError, TypeError, ValueError) as err:
        raise ValueError(f"not an encoded kgraph record: {err}") from err
    return CompactRecord(document=strip_text(document), **fields)
