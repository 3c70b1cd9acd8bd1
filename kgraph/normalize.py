"""Name normalisation shared by entity lookup and evaluation.

One function, :func:`normalize_name`, implements the comparison rule of
``shared/eval/README.md``: Unicode NFKC, casefold, a leading "the/a/an" dropped, a
trailing "'s" dropped, punctuation other than ``+`` and ``-`` removed, runs of spaces
and hyphens folded to one space. Lookup (:mod:`kgraph.graph.lookup`) and scoring
(``kgraph eval``) both call it, so a name that scores as a match also looks up.
"""

from __future__ import annotations

import re
import string
import unicodedata

__all__ = ["normalize_name"]

# Dash punctuation (Unicode category Pd: hyphen, en dash, em dash, ...) counts as a
# hyphen, so "Wi‑Fi" with a non-breaking hyphen folds like "Wi-Fi".
_KEEP = frozenset("+")
# ASCII symbols such as $ | ~ are "punctuation" in the everyday sense the rule uses.
_ASCII_PUNCT = frozenset(string.punctuation) - _KEEP - {"-"}
_SPACES_HYPHENS = re.compile(r"[\s\-]+")
_POSSESSIVE = re.compile(r"['\u2019]s$")
# The article is a word of its own: dropped when whitespace follows it, looked for
# before punctuation is removed (as the README orders the steps), so "A-Mark" and
# "A. O. Smith" keep their "a". Leading quotes or brackets do not hide it.
_ARTICLE = re.compile(r"^([^\w+\-]*)(?:the|a|an)\s+(?=\S)")


def _fold_char(char: str) -> str:
    if char in _KEEP:
        return char
    category = unicodedata.category(char)
    if char == "-" or category == "Pd":
        return "-"
    if char in _ASCII_PUNCT or category.startswith("P") or category == "Cf":
        # Cf: invisible format characters (zero-width joiners, bidi marks).
        return ""
    if category == "Cc":
        return " "
    return char


# Fast path for ASCII names (the common case when indexing a large graph).
_ASCII_TABLE = {ord(c): _fold_char(c) for c in map(chr, range(128)) if _fold_char(c) != c}


def normalize_name(name: str) -> str:
    """Return the comparison key of an entity name.

    Args:
        name: Any surface form.

    Returns:
        The normalised key; empty only when ``name`` holds nothing but punctuation
        and spaces. A name that is only an article ("The") keeps it.

    Examples:
        >>> normalize_name("The Xiaomi Corp.'s")
        'xiaomi corp'
        >>> normalize_name("  LEI-jun ")
        'lei jun'
        >>> normalize_name("C++"), normalize_name("AT&T"), normalize_name("Ｗｕｈａｎ")
        ('c++', 'att', 'wuhan')
        >>> normalize_name("A-Mark"), normalize_name("“The Verge”"), normalize_name("The")
        ('a mark', 'verge', 'the')
    """
    text = unicodedata.normalize("NFKC", name).casefold().strip()
    without_article = _ARTICLE.sub(r"\1", text)
    key = _fold(without_article)
    if not key and without_article != text:
        key = _fold(text)  # "The 's" keeps its article rather than vanishing
    return key


def _fold(text: str) -> str:
    text = _POSSESSIVE.sub("", text)
    ascii_only = text.isascii()
    text = text.translate(_ASCII_TABLE) if ascii_only else "".join(map(_fold_char, text))
    return _SPACES_HYPHENS.sub(" ", text).strip()
