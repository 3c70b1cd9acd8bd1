"""Turn a stream of cleaned lines into document texts of bounded size.

Lines are normalised one by one (:func:`normalize_line`), page chrome is dropped by
:mod:`kgraph.ingest.chrome`, and :class:`TextAssembler` joins what is left into
paragraphs separated by a blank line (``"\\n\\n"``), the boundary the NLP stage
treats as a sentence break:

* a line that ends a sentence closes its paragraph, and so does a short line
  without final punctuation followed by a capitalised line (a heading);
* a line that stops mid-sentence (after a comma, an article, a preposition, or
  before a line starting in lower case: a hard-wrapped paragraph) is joined to the
  next line with a space.

A text longer than ``max_chars`` is split into parts at paragraph boundaries, else at
sentence ends, else at a space, else anywhere; nothing is dropped.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

__all__ = [
    "TextAssembler",
    "looks_like_headline",
    "markdown_line",
    "normalize_line",
    "same_text",
    "split_text",
]

# Unicode spaces (NBSP, thin spaces, ideographic space, …) and tabs become one space.
_SPACES = re.compile(r"[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
# Invisible characters and controls that only confuse tokenisers; lone surrogates
# (from JSON escapes) cannot be written to any export format.
_INVISIBLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b\u2060\ufeff]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_SENTENCE_END = re.compile(r"[.!?…:;][\"'”’)\]]*$")
# A line ending like this stops mid-sentence: a comma, a dash, or a lower-case
# article, preposition, conjunction or possessive ("… a research centre in the").
_JOIN_AFTER = re.compile(
    r"(?:[,(\-–—/&]|\b(?:a|an|the|of|and|or|but|to|in|on|for|with|by|at|from|as|its|his|her"
    r"|their|our))$"
)

_MD_HEADING = re.compile(r"^#{1,6}\s+")
_MD_QUOTE = re.compile(r"^(?:>\s?)+")
_MD_BULLET = re.compile(r"^(?:[-*+]|\d{1,3}[.)])\s+")
_MD_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_MD_LINK = re.compile(r"\[([^\]]+)\]\((?:[^()\s]|\([^()\s]*\))*(?:\s+\"[^\"]*\")?\)")
_MD_EMPHASIS = re.compile(r"(\*\*|__|\*|_|`)(?=\S)(.+?)(?<=\S)\1")
_MD_FENCE = re.compile(r"^(?:```|~~~)")
_MD_RULE = re.compile(r"^(?:[-*_]\s*){3,}$")


def normalize_line(line: str) -> str:
    """Return ``line`` with spaces folded and invisible characters removed.

    >>> normalize_line("\\u00a0 Log in\\u00a0with  Twitter \\u200b")
    'Log in with Twitter'
    """
    line = _INVISIBLE.sub("", line)
    if not line.isascii():
        line = _SURROGATE.sub("\ufffd", line)
    return _SPACES.sub(" ", line).strip()


def markdown_line(line: str) -> str:
    """Return the prose of one Markdown line (markup removed, image lines emptied).

    >>> markdown_line("## Xiaomi opens a **second** [headquarters](https://x.example)")
    'Xiaomi opens a second headquarters'
    """
    if _MD_FENCE.match(line) or _MD_RULE.match(line):
        return ""
    line = _MD_HEADING.sub("", line)
    line = _MD_QUOTE.sub("", line)
    line = _MD_BULLET.sub("", line)
    if _MD_IMAGE.fullmatch(line.strip()):
        return ""
    line = _MD_IMAGE.sub(r"\1", line)
    line = _MD_LINK.sub(r"\1", line)
    return _MD_EMPHASIS.sub(r"\2", line)


def same_text(a: str, b: str) -> bool:
    """Return whether two lines say the same thing (case and spacing ignored)."""
    return " ".join(a.casefold().split()) == " ".join(b.casefold().split())


def looks_like_headline(line: str) -> bool:
    """Return whether a first line reads like a headline rather than a sentence.

    A headline is short (2–30 words, at most 200 characters), starts with a capital,
    a digit or a quote, is mostly letters, and does not end like a sentence.

    >>> looks_like_headline("Xiaomi opens second headquarters as it doubles down on AI")
    True
    >>> looks_like_headline("Xiaomi opened its second headquarters in Wuhan on Wednesday.")
    False
    """
    words = line.split()
    if not 2 <= len(words) <= 30 or len(line) > 200:
        return False
    if line.endswith((".", ",", ";", ":", "…")) or _JOIN_AFTER.search(line):
        return False
    first = line[0]
    if not (first.isupper() or first.isdigit() or first in "\"'“‘"):
        return False
    letters = sum(ch.isalpha() for ch in line)
    return letters >= len(line) / 2


def _joins(previous: str, line: str) -> bool:
    """Whether ``line`` continues the paragraph ``previous`` (hard-wrapped text)."""
    if _SENTENCE_END.search(previous):
        return False
    if _JOIN_AFTER.search(previous):
        return True
    first = line[0]
    return first.islower() or (first.isdigit() and len(previous) >= 60)


_SPLIT_SENTENCE = re.compile(r"[.!?…][\"'”’)\]]*\s+")


def _cut(window: str, limit: int) -> int:
    """Where to end a piece of ``window`` (at most ``limit + 1`` characters long)."""
    paragraph = window.rfind("\n\n")
    if paragraph > 0:
        return paragraph
    ends = [m.end() for m in _SPLIT_SENTENCE.finditer(window)]
    if ends:
        return ends[-1]
    space = window.rfind(" ")
    return space if space > 0 else limit


def split_text(text: str, limit: int) -> Iterator[str]:
    """Yield pieces of ``text`` of at most ``limit`` characters, cut at the best boundary.

    Cuts at the last paragraph break, else sentence end, else space, else at the limit.
    The whitespace at a cut is dropped; every other character is kept.

    >>> list(split_text("One. Two three. Four", 10))
    ['One.', 'Two three.', 'Four']
    """
    start, n = 0, len(text)
    while n - start > limit:
        window = text[start : start + limit + 1]
        cut = _cut(window, limit)
        piece = window[:cut].rstrip()
        if piece:
            yield piece
        start += cut
        while start < n and text[start].isspace():
            start += 1
    rest = text[start:].strip()
    if rest:
        yield rest


def _drop_title_repeat(lines: Iterator[str], title: str) -> Iterator[str]:
    """Drop the first non-empty line when it repeats ``title`` (a headline printed twice)."""
    for line in lines:
        if line:
            if not same_text(line, title):
                yield line
            break
        yield line
    yield from lines


@dataclass(slots=True)
class TextAssembler:
    """Join lines into paragraphs and hand out texts of at most ``max_chars`` characters.

    ``title`` is put first as its own paragraph (unless the text already opens with
    it); with ``detect_title`` a first line that :func:`looks_like_headline` becomes
    the title. Either way the title appears once: the same line repeated right after
    it is dropped. :attr:`title` is set before the first part is yielded.

    Example:
        >>> asm = TextAssembler(max_chars=1000, detect_title=True)
        >>> lines = ["Xiaomi opens a headquarters", "", "Xiaomi opens a headquarters",
        ...          "It is in", "Wuhan."]
        >>> list(asm.parts_of(lines)), asm.title
        (['Xiaomi opens a headquarters\\n\\nIt is in Wuhan.'], 'Xiaomi opens a headquarters')
    """

    max_chars: int
    title: str | None = None
    detect_title: bool = False
    _paragraphs: list[str] = field(default_factory=list)
    _size: int = 0

    def parts_of(self, lines: Iterable[str]) -> Iterator[str]:
        """Yield the parts of the text made of ``lines`` (``""`` separates paragraphs)."""
        rest: Iterator[str] = iter(lines)
        first = next((line for line in rest if line), None)
        if first is None:
            return
        second = next(rest, None)
        if second is not None:
            rest = itertools.chain([second], rest)
        head: list[str]
        if self.title is not None:
            head = [first, ""] if same_text(first, self.title) else [self.title, "", first]
            rest = _drop_title_repeat(rest, self.title)
        elif (
            self.detect_title
            and looks_like_headline(first)
            and not (second and _joins(first, second))
        ):
            self.title = first
            head = [first, ""]
            rest = _drop_title_repeat(rest, first)
        else:
            head = [first]
        current: list[str] = []
        size = 0
        for line in itertools.chain(head, rest):
            if current and (not line or not _joins(current[-1], line)):
                yield from self._add_paragraph(" ".join(current))
                current, size = [], 0
            if not line:
                continue
            current.append(line)
            size += len(line) + 1
            if size > self.max_chars:
                # A paragraph longer than a part: hand out the full parts now and keep
                # the unfinished end as the paragraph, so the next line still joins it.
                yield from self._flush()
                *full, last = split_text(" ".join(current), self.max_chars)
                yield from full
                current, size = [last], len(last)
        if current:
            yield from self._add_paragraph(" ".join(current))
        yield from self._flush()

    def _add_paragraph(self, paragraph: str) -> Iterator[str]:
        if len(paragraph) > self.max_chars:
            yield from self._flush()
            *full, paragraph = split_text(paragraph, self.max_chars)
            yield from full
        extra = len(paragraph) + (2 if self._paragraphs else 0)
        if self._paragraphs and self._size + extra > self.max_chars:
            yield from self._flush()
            extra = len(paragraph)
        self._paragraphs.append(paragraph)
        self._size += extra

    def _flush(self) -> Iterator[str]:
        if self._paragraphs:
            text = "\n\n".join(self._paragraphs)
            self._paragraphs, self._size = [], 0
            yield text
