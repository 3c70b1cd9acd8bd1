"""The entry point of the stage: :func:`iter_documents`."""

from __future__ import annotations

import errno
import os
from collections.abc import Iterator, Sequence

from ..config import Config
from ..model import Document
from .chrome import ChromeFilter
from .discover import InputRoot, discover, input_roots
from .readers import READERS, ReadContext
from .report import IngestReport, SkippedFile

__all__ = ["iter_documents"]


def iter_documents(
    inputs: Sequence[str | os.PathLike[str]] | str | os.PathLike[str],
    *,
    config: Config,
    report: IngestReport,
) -> Iterator[Document]:
    """Stream the documents of ``inputs`` (files or directory trees).

    The inputs and the chrome configuration are checked when this is called; the
    files are read lazily, one at a time, as the iterator is consumed. A file that
    cannot be read is recorded in ``report`` (once, with the reason) and the rest go
    on: no exception about one file escapes the iterator.

    Args:
        inputs: Files (``.txt``, ``.md``, ``.markdown``, ``.jsonl``) or directories
            (one path alone is accepted too).
        config: Uses ``max_chars`` and ``chrome``.
        report: Receives counts, skipped files and warnings.

    Returns:
        An iterator of documents, in a deterministic order (see
        :mod:`kgraph.ingest.discover`).

    Raises:
        InputError: an input does not exist (raised by this call, before any reading).
        ConfigError: ``chrome.disable`` names an unknown rule or an extra pattern is
            not a valid regular expression.

    Example:
        >>> import tempfile, pathlib
        >>> folder = pathlib.Path(tempfile.mkdtemp())
        >>> _ = (folder / "a.txt").write_text("Xiaomi opens a store\\n\\nIt is in Wuhan.\\n")
        >>> report = IngestReport()
        >>> [d.text for d in iter_documents([folder], config=Config(), report=report)]
        ['Xiaomi opens a store\\n\\nIt is in Wuhan.']
        >>> report.files_seen, report.documents
        (1, 1)
    """
    if isinstance(inputs, str | os.PathLike):
        inputs = [inputs]
    roots = input_roots(inputs)
    context = ReadContext(
        max_chars=config.max_chars, chrome=ChromeFilter.from_config(config.chrome), report=report
    )
    return _stream(roots, context)


def _reason(err: OSError) -> str:
    if isinstance(err, FileNotFoundError):
        return "vanished before it could be read"
    if isinstance(err, PermissionError):
        return "permission denied"
    if err.errno == errno.ELOOP:
        return "symlink loop"
    return f"cannot be read ({err.strerror or err})"


def _stream(roots: Sequence[InputRoot], context: ReadContext) -> Iterator[Document]:
    report = context.report
    for source in discover(roots, extensions=READERS, report=report):
        reader = READERS[source.extension]
        report.files_seen += 1
        yielded = 0
        reason: str | None = None
        try:
            for document in reader(source, context):
                yielded += 1
                report.documents += 1
                yield document
        except SkippedFile as err:
            reason = err.reason
        except OSError as err:
            reason = _reason(err)
        except UnicodeError as err:
            reason = f"cannot be decoded ({err})"
        if reason is None:
            continue
        if yielded:
            message = f"reading stopped after {yielded} document(s): {reason}"
            report.warn(source.source_path, message)
        else:
            report.skip(source.source_path, reason)
