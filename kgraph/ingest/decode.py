"""Decide how to decode a file, in one bounded-memory pass over its bytes.

The decisions, in order:

1. **Byte-order mark.** A UTF-32, UTF-16 or UTF-8 BOM names the encoding; the BOM is
   dropped from the text.
2. **UTF-16 without a BOM** is recognised by NUL bytes on every other position of the
   first 4 KiB (English text in UTF-16 has them).
3. **Binary.** Any other NUL byte, or more than 10 % control characters in the first
   64 Ki characters, makes the file binary: it is skipped with that reason.
4. **UTF-8** is the default and the only encoding tried without a BOM.
5. **Invalid UTF-8.** When *none* of the file's non-ASCII bytes form valid UTF-8, the
   file is taken to be a legacy single-byte file and is decoded as Windows-1252 (a
   superset of the printable Latin-1 range), with a warning. When most of it is valid
   UTF-8 and a few bytes are not (a corrupted or concatenated file), it is decoded as
   UTF-8 and the bad bytes become U+FFFD, with a warning that says how many. Nothing is
   silently dropped either way.
6. **Empty.** A file with no character other than whitespace is skipped as ``empty``.

The whole file is scanned in 1 MiB chunks so a late invalid byte is seen before any
document of the file is yielded; nothing but counters is kept.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from pathlib import Path

from .report import SkippedFile

__all__ = ["Encoding", "sniff_encoding"]

_CHUNK = 1 << 20
_SAMPLE = 64 * 1024
_BINARY_RATIO = 0.10

#: Byte-order marks, longest first (the UTF-32-LE mark starts with the UTF-16-LE one).
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


@dataclass(frozen=True, slots=True)
class Encoding:
    """How to open one file as text.

    Attributes:
        codec: Python codec name for :func:`open`.
        errors: Error handler for :func:`open` (``strict`` or ``replace``).
        warning: Why the file was not plain UTF-8, when it was not.
    """

    codec: str
    errors: str = "strict"
    warning: str | None = None


def _bom_codec(head: bytes) -> str | None:
    for bom, codec in _BOMS:
        if head.startswith(bom):
            return codec
    return None


def _utf16_without_bom(head: bytes) -> str | None:
    sample = head[:4096]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    even_nul, odd_nul = even.count(0) / len(even), odd.count(0) / len(odd)
    if odd_nul > 0.4 and even_nul < 0.05:
        return "utf-16-le"
    if even_nul > 0.4 and odd_nul < 0.05:
        return "utf-16-be"
    return None


# Lone surrogates stand for undecodable bytes (the scan decodes with surrogateescape).
_SURROGATES = re.compile("[\udc80-\udcff]")
_GOOD_NON_ASCII = re.compile("[^\x00-\x7f\udc80-\udcff]")
# C0 controls other than tab, newline, vertical tab, form feed, carriage return; DEL;
# C1 controls. Undecodable bytes do not count: a legacy-encoded text is still text.
_BAD_SAMPLE = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")


@dataclass(slots=True)
class _Stats:
    sampled: int = 0
    sample_bad: int = 0
    bad_bytes: int = 0
    good_non_ascii: bool = False
    has_text: bool = False

    def add(self, text: str) -> None:
        if not self.has_text and text.strip():
            self.has_text = True
        if self.sampled < _SAMPLE:
            part = text[: _SAMPLE - self.sampled]
            self.sampled += len(part)
            self.sample_bad += len(_BAD_SAMPLE.findall(part))
        if text.isascii():
            return
        self.bad_bytes += _SURROGATES.subn("", text)[1]
        if not self.good_non_ascii and _GOOD_NON_ASCII.search(text):
            self.good_non_ascii = True


def _scan(path: Path, codec: str) -> _Stats:
    """Decode the whole file once with ``codec``, keeping only counters."""
    stats = _Stats()
    decoder = codecs.getincrementaldecoder(codec)(errors="surrogateescape")
    check_nul = not codec.startswith(("utf-16", "utf-32"))
    with path.open("rb") as fh:
        while True:
            chunk = fh.read(_CHUNK)
            if check_nul and b"\x00" in chunk:
                raise SkippedFile("binary file (contains NUL bytes)")
            stats.add(decoder.decode(chunk, final=not chunk))
            if not chunk:
                return stats


def sniff_encoding(path: Path) -> Encoding:
    """Return how to decode ``path``, scanning it once.

    Raises:
        SkippedFile: the file is binary or holds only whitespace.
        OSError: the file cannot be read.
    """
    with path.open("rb") as fh:
        head = fh.read(_SAMPLE)
    codec = _bom_codec(head) or _utf16_without_bom(head) or "utf-8"
    stats = _scan(path, codec)
    if stats.sampled and stats.sample_bad / stats.sampled > _BINARY_RATIO:
        raise SkippedFile(
            f"binary file ({stats.sample_bad} control characters in the first {stats.sampled})"
        )
    if not stats.has_text:
        raise SkippedFile("empty")
    if stats.bad_bytes == 0:
        return Encoding(codec)
    if codec == "utf-8" and not stats.good_non_ascii:
        return Encoding(
            "cp1252", "replace", "not UTF-8: no valid UTF-8 sequence; decoded as Windows-1252"
        )
    return Encoding(
        codec,
        "replace",
        f"invalid {codec.upper()}: {stats.bad_bytes} undecodable byte(s) replaced by U+FFFD",
    )
