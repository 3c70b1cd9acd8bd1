"""Readers: one function per file format, looked up by extension in :data:`READERS`.

A reader takes a :class:`~kgraph.ingest.discover.Source` and a :class:`ReadContext`
and yields :class:`~kgraph.model.Document` values, streaming: a file is read line by
line and a document is handed out as soon as it is complete, so memory is bounded by
``max_chars`` whatever the file size. A reader raises
:class:`~kgraph.ingest.report.SkippedFile` (or lets an ``OSError`` through) to give up
on a file; problems that do not stop it go to :meth:`IngestReport.warn`.

Document ids: the source path; ``#related-N`` for the N-th ``related`` item of a
front matter; ``#line-N`` for line N of a JSONL file; ``#part-N`` appended when a
text longer than ``max_chars`` is split (parts after the first name the first part
as their ``parent_id``).
"""

from __future__ import annotations

import dataclasses
import functools
import json
from collections.abc import Callable, Generator, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import IO, Any

from ..model import Document
from .chrome import ChromeFilter
from .decode import Encoding, sniff_encoding
from .discover import Source
from .frontmatter import (
    FRONT_MATTER_URL_KEYS,
    ArticleMeta,
    FrontMatter,
    coerce_meta,
    parse_front_matter,
    split_front_matter,
)
from .report import IngestReport, SkippedFile
from .text import TextAssembler, markdown_line, normalize_line

__all__ = ["JSONL_URL_KEYS", "READERS", "ReadContext", "Reader", "supported_extensions"]

#: JSONL keys that hold the article URL, in order of preference.
JSONL_URL_KEYS: tuple[str, ...] = ("url", *FRONT_MATTER_URL_KEYS)


@dataclass(frozen=True, slots=True)
class ReadContext:
    """What every reader needs besides the file.

    Attributes:
        max_chars: Longest document text; longer texts are split in parts.
        chrome: The active page-chrome rules.
        report: Where problems are recorded.
    """

    max_chars: int
    chrome: ChromeFilter
    report: IngestReport = field(default_factory=IngestReport)

    @property
    def jsonl_line_limit(self) -> int:
        """Longest JSONL line read (JSON escapes make lines longer than their text)."""
        return max(4 * self.max_chars, 1 << 20)


Reader = Callable[[Source, ReadContext], Iterator[Document]]


def _open(source: Source, encoding: Encoding) -> IO[str]:
    return source.path.open("r", encoding=encoding.codec, errors=encoding.errors, newline=None)


def _text_lines(fh: IO[str], cap: int) -> Iterator[str]:
    """Yield the lines of ``fh``; a line longer than ``cap`` comes in pieces cut at spaces."""
    carry = ""
    while True:
        piece = fh.readline(cap)
        if not piece:
            if carry:
                yield carry
            return
        text = carry + piece
        carry = ""
        if piece.endswith("\n") or len(piece) < cap:
            yield from text.rstrip("\n").splitlines() or [""]
            continue
        # Cut a long line at its last sentence end, else its last space (in the second
        # half); the rest is carried over to the next piece. Nothing is dropped but
        # the one space at the cut.
        half = len(text) // 2
        sentence_end = text.rfind(". ", half)
        cut = sentence_end + 1 if sentence_end >= 0 else text.rfind(" ", half)
        if cut > 0:
            text, carry = text[:cut], text[cut + 1 :]
        yield from text.splitlines()


@dataclass(slots=True)
class _Counter:
    """Counts the non-blank lines that went into the chrome filter."""

    lines: int = 0

    def count(self, lines: Iterable[str]) -> Iterator[str]:
        for line in lines:
            if line:
                self.lines += 1
            yield line


def _clean_lines(lines: Iterable[str], *, markdown: bool) -> Iterator[str]:
    for raw in lines:
        line = normalize_line(raw)
        yield markdown_line(line).strip() if markdown and line else line


def _document(
    base: Source,
    doc_id: str,
    text: str,
    meta: ArticleMeta,
    *,
    parent_id: str | None,
    warnings: tuple[str, ...],
) -> Document:
    return Document(
        doc_id=doc_id,
        source_path=base.source_path,
        text=text,
        title=meta.title,
        url=meta.url,
        published=meta.published,
        publisher=meta.publisher,
        topics=meta.topics,
        parent_id=parent_id,
        warnings=warnings,
    )


def _constant(meta: ArticleMeta) -> Callable[[], ArticleMeta]:
    return lambda: meta


def _emit(
    source: Source,
    base_id: str,
    parts: Iterator[str],
    meta: Callable[[], ArticleMeta],
    ctx: ReadContext,
    *,
    parent_id: str | None = None,
    warnings: tuple[str, ...] = (),
) -> Generator[Document, None, str | None]:
    """Yield one document per part; ``#part-N`` ids only when there are several.

    ``meta`` is called once the first part is known (the title may come from the
    text itself). Returns (as the generator's value) the id of the first document.
    """
    held: str | None = None
    n = 0
    first_id: str | None = None
    for part in parts:
        if held is not None:
            n += 1
            doc_id = f"{base_id}#part-{n}"
            first_id = first_id or doc_id
            yield _document(
                source,
                doc_id,
                held,
                meta(),
                parent_id=parent_id if n == 1 else first_id,
                warnings=warnings,
            )
        held = part
    if held is None:
        return None
    if n == 0:
        yield _document(source, base_id, held, meta(), parent_id=parent_id, warnings=warnings)
        return base_id
    n += 1
    yield _document(
        source, f"{base_id}#part-{n}", held, meta(), parent_id=first_id, warnings=warnings
    )
    ctx.report.split += 1
    ctx.report.warn(base_id, f"text longer than {ctx.max_chars} characters: split into {n} parts")
    return first_id


def _read_text(source: Source, ctx: ReadContext, *, markdown: bool) -> Iterator[Document]:
    """Read a ``.txt``/``.md`` file: optional YAML front matter, then the body."""
    encoding = sniff_encoding(source.path)
    path = source.source_path
    warnings: list[str] = [encoding.warning] if encoding.warning else []
    with _open(source, encoding) as fh:
        block, body, fm_warning = split_front_matter(
            _text_lines(fh, ctx.max_chars), limit=ctx.max_chars
        )
        if fm_warning:
            warnings.append(fm_warning)
        fm = parse_front_matter(block) if block is not None else FrontMatter()
        warnings.extend(fm.warnings)
        for message in warnings:
            ctx.report.warn(path, message)
        own = tuple(w for w in warnings if not w.startswith("related["))
        counter = _Counter()
        lines = ctx.chrome.filter(counter.count(_clean_lines(body, markdown=markdown)))
        asm = TextAssembler(ctx.max_chars, title=fm.meta.title, detect_title=fm.meta.title is None)

        def meta() -> ArticleMeta:
            return dataclasses.replace(fm.meta, title=asm.title)

        parent = yield from _emit(source, path, asm.parts_of(lines), meta, ctx, warnings=own)
    if parent is None and (fm.meta.title or fm.meta.excerpt):
        # No body (a front-matter-only file): the article is its title and excerpt.
        parent = yield from _emit(
            source, path, _title_and_excerpt(fm.meta, ctx), meta, ctx, warnings=own
        )
    for position, item in fm.related:
        prefix = f"related[{position}]."
        yield from _emit(
            source,
            f"{path}#related-{position}",
            _title_and_excerpt(item, ctx),
            _constant(item),
            ctx,
            parent_id=parent,
            warnings=tuple(w for w in warnings if w.startswith(prefix)),
        )
    if parent is None:
        if fm.related:
            ctx.report.warn(path, "no article text of its own; only its related items were read")
            return
        if counter.lines:
            raise SkippedFile("no article text left after removing page chrome")
        raise SkippedFile("no article text" if block is not None else "empty")


def _title_and_excerpt(meta: ArticleMeta, ctx: ReadContext) -> Iterator[str]:
    asm = TextAssembler(ctx.max_chars, title=meta.title)
    return asm.parts_of([meta.excerpt or meta.title or ""])


def _jsonl_lines(fh: IO[str], limit: int) -> Iterator[tuple[int, str | None, int]]:
    """Yield ``(number, line, length)``; ``line`` is None when longer than ``limit``."""
    number = 0
    while True:
        line = fh.readline(limit)
        if not line:
            return
        number += 1
        if line.endswith("\n") or len(line) < limit:
            yield number, line, len(line)
            continue
        extra = 0
        while more := fh.readline(limit):
            extra += len(more.rstrip("\n"))
            if more.endswith("\n"):
                break
        if extra:
            yield number, None, len(line) + extra
        else:
            yield number, line, len(line)


def _json_record(line: str) -> Mapping[str, Any]:
    """Parse one JSONL line into an article mapping, or raise ValueError with why."""
    try:
        data = json.loads(line.rstrip("\r\n"))
    except json.JSONDecodeError as err:
        raise ValueError(f"invalid JSON: {err.msg} (column {err.colno})") from err
    except RecursionError as err:
        raise ValueError("invalid JSON: nested too deeply") from err
    if not isinstance(data, dict):
        raise ValueError(f"must be a JSON object, got {type(data).__name__}")
    text = data.get("text")
    if not isinstance(text, str):
        raise ValueError("no 'text' string")
    return data


def _read_jsonl(source: Source, ctx: ReadContext) -> Iterator[Document]:
    """Read a ``.jsonl`` file: one article object per line."""
    encoding = sniff_encoding(source.path)
    path = source.source_path
    file_warnings = (encoding.warning,) if encoding.warning else ()
    for message in file_warnings:
        ctx.report.warn(path, message)
    limit = ctx.jsonl_line_limit
    records = 0
    with _open(source, encoding) as fh:
        for number, line, length in _jsonl_lines(fh, limit):
            where = f"{path}#line-{number}"
            if line is None:
                ctx.report.chars_cut += length
                ctx.report.skip(
                    where, f"line of {length} characters is longer than {limit}; not read"
                )
                continue
            if not line.strip():
                continue
            records += 1
            try:
                data = _json_record(line)
            except ValueError as err:
                ctx.report.skip(where, str(err))
                continue
            warnings: list[str] = []
            item = coerce_meta(data, url_keys=JSONL_URL_KEYS, warnings=warnings)
            for message in warnings:
                ctx.report.warn(where, message)
            counter = _Counter()
            lines = ctx.chrome.filter(
                counter.count(_clean_lines(data["text"].splitlines(), markdown=False))
            )
            asm = TextAssembler(ctx.max_chars, title=item.title)
            first = yield from _emit(
                source,
                where,
                asm.parts_of(lines),
                _constant(item),
                ctx,
                warnings=file_warnings + tuple(warnings),
            )
            if first is None:
                ctx.report.skip(
                    where,
                    "no article text"
                    + (" left after removing page chrome" if counter.lines else ""),
                )
    if records == 0:
        raise SkippedFile("empty")


#: Reader of each supported extension (lower case, with the dot). Read-only.
READERS: Mapping[str, Reader] = MappingProxyType(
    {
        ".txt": functools.partial(_read_text, markdown=False),
        ".md": functools.partial(_read_text, markdown=True),
        ".markdown": functools.partial(_read_text, markdown=True),
        ".jsonl": _read_jsonl,
    }
)


def supported_extensions() -> tuple[str, ...]:
    """Return the extensions :data:`READERS` knows, sorted.

    >>> supported_extensions()
    ('.jsonl', '.markdown', '.md', '.txt')
    """
    return tuple(sorted(READERS))
