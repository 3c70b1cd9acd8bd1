"""Token-pattern tests on a word's text, computed once per word instead of once per token.

spaCy's ``Matcher`` evaluates a ``REGEX``, ``IN`` or ``NOT_IN`` test in Python, for
every token and every pattern it is in, before anything else: kgraph's three shape
rules (``Name-13B``, ``GPT-4o``, ``Galaxy S9``) cost about 1 ms per article that way.
When the test reads ``TEXT``/``ORTH`` or ``LOWER``, its answer depends on the word
alone, so :func:`flag_patterns` turns it into a lexeme flag (``Vocab``'s flag bits,
which the ``Matcher`` checks in C): computed once for the words already in the
vocabulary, and once for each new word when spaCy creates its lexeme. The patterns
match exactly the same tokens.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.vocab import Vocab

__all__ = ["flag_patterns"]

_TEXT_KEYS = {"TEXT": "ORTH", "ORTH": "ORTH", "LOWER": "LOWER"}
_FLAG_LIMIT = 64  # lexeme flags are bits of a 64-bit field


def flag_patterns(vocab: Vocab, patterns: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Return entity-ruler ``patterns`` with word-level tests replaced by lexeme flags.

    Token patterns' ``{"REGEX": …}``, ``{"IN": [...]}`` and ``{"NOT_IN": [...]}`` tests
    on ``TEXT``, ``ORTH`` or ``LOWER`` become ``{flag: True}``; everything else (phrase
    patterns, other attributes and operators) is kept. When the vocabulary has no flag
    bit left, the test is kept as it was.
    """
    flags: dict[tuple[str, str, str], int | None] = {}
    out = []
    for pattern in patterns:
        tokens = pattern.get("pattern")
        if isinstance(tokens, list):
            tokens = [_flag_spec(vocab, spec, flags) for spec in tokens]
            out.append({**pattern, "pattern": tokens})
        else:
            out.append(pattern)
    return out


def _flag_spec(
    vocab: Vocab, spec: dict[Any, Any], flags: dict[tuple[str, str, str], int | None]
) -> dict[Any, Any]:
    out: dict[Any, Any] = {}
    for key, value in spec.items():
        attr = _TEXT_KEYS.get(key.upper()) if isinstance(key, str) else None
        test = _test(value) if attr is not None else None
        if attr is None or test is None:
            out[key] = value
            continue
        op, arg = test
        signature = (attr, op, repr(arg))
        if signature not in flags:
            flags[signature] = _add_flag(vocab, attr, _predicate(op, arg))
        flag = flags[signature]
        if flag is None or flag in out:
            out[key] = value
        else:
            out[flag] = True
    return out


def _test(value: Any) -> tuple[str, Any] | None:
    """``(operator, argument)`` of a one-operator test this module can flag."""
    if not isinstance(value, dict) or len(value) != 1:
        return None
    ((op, arg),) = value.items()
    if op == "REGEX" and isinstance(arg, str):
        return op, arg
    if op in ("IN", "NOT_IN") and isinstance(arg, list) and all(isinstance(a, str) for a in arg):
        return op, tuple(arg)
    return None


def _predicate(op: str, arg: Any) -> Callable[[str], bool]:
    if op == "REGEX":
        search = re.compile(arg).search
        return lambda text: bool(search(text))
    words = frozenset(arg)
    if op == "IN":
        return lambda text: text in words
    return lambda text: text not in words


def _on_lower(test: Callable[[str], bool], lower: Callable[[str], Any]) -> Callable[[str], bool]:
    """``test`` of a new word's LOWER, computed as spaCy computes a new lexeme's."""
    return lambda text: test(lower(text))


def _add_flag(vocab: Vocab, attr: str, test: Callable[[str], bool]) -> int | None:
    """Register ``test`` of the word's ``attr`` string as a flag; return its ID."""
    from spacy.attrs import IDS, LOWER

    getters: dict[int, Callable[[str], Any]] | None = getattr(vocab, "lex_attr_getters", None)
    if getters is None:  # new words would not get the flag
        return None
    free = [b for b in range(IDS["FLAG19"], _FLAG_LIMIT) if b not in getters]
    if not free:
        return None
    getter: Callable[[str], bool] = test
    if attr == "LOWER":
        lower = getters.get(LOWER)
        if lower is None:
            return None
        getter = _on_lower(test, lower)
    flag = free[0]
    for lex in vocab:  # existing words: from the lexeme's own value
        lex.set_flag(flag, test(lex.lower_ if attr == "LOWER" else lex.orth_))
    getters[flag] = getter
    return flag
