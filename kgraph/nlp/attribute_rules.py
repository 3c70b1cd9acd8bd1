"""A compiled drop-in for spaCy's ``attribute_ruler``: same output, a fraction of the time.

spaCy's :class:`~spacy.pipeline.AttributeRuler` runs every pattern through a
``Matcher``, builds a ``Span`` per match and sets the attributes match by match in
Python: about 6 ms per news article with ``en_core_web_sm``'s 179 patterns, as much
as the parser. Almost all of those patterns look at one token, and only at a few of
its attributes (``TAG``, ``LOWER``, ``DEP``, ``IS_SPACE``), whose combinations repeat
endlessly across a corpus. :class:`CompiledAttributeRuler` therefore:

* takes the *same* patterns (``add_patterns(stock.patterns)``: whatever pipeline is
  loaded, nothing is copied by hand);
* for the single-token patterns, reads the attributes they test for every token at
  once (``Doc.to_array``) and looks the combination up in a memo; a combination not
  seen before is decided by spaCy's own ``Matcher`` on a one-token probe carrying
  exactly those attribute values, so the matching semantics (``IN``, ``NOT_IN``,
  ``REGEX``, flags, empty values) are spaCy's by construction;
* runs the other patterns (several tokens, ``OP``, context-dependent attributes such
  as ``IS_SENT_START``, an ``index`` other than 0/-1) with a ``Matcher`` over the
  document, as the stock component does;
* merges the attributes of every pattern matching a token in pattern order (a later
  pattern overrides an earlier one, ``MORPH`` replaced as a whole, exactly as
  ``set_token_attrs`` applied match by match leaves it) and writes the result in one
  ``Doc.from_array``.

Patterns that set anything but ``TAG``/``POS``/``MORPH``/``LEMMA``/``DEP`` (lexical
attributes write through to the shared ``Lexeme``; extension attributes need Python
objects) are not compiled: the component then runs the stock ruler it keeps, so its
output is always the stock one. ``tests/test_nlp_components.py`` checks the
equivalence on hand-made patterns and token by token on real text.
"""

from __future__ import annotations

import itertools
import operator
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

__all__ = ["ATTRIBUTE_RULES_NAME", "CompiledAttributeRuler", "make_attribute_rules"]

#: Factory (and pipe) name of the compiled ruler.
ATTRIBUTE_RULES_NAME = "kgraph_attribute_rules"

# Token attributes whose value a pattern test reads and a probe token can carry: the
# lexical ones follow from the probe's text, the others are set with ``from_array``.
# NORM is left out: the token's NORM falls back to the lexeme's when unset, which a
# probe cannot tell apart.
_TOKEN_LEVEL = ("TAG", "POS", "DEP", "LEMMA", "MORPH")
_LEXICAL = ("ORTH", "LOWER", "SHAPE", "PREFIX", "SUFFIX", "LENGTH", "LANG")
# Attributes the compiled path writes; Token.get/set_struct_attr are symmetric for them
# (a raw field each), so writing back an unchanged value changes nothing.
_WRITABLE = ("TAG", "POS", "MORPH", "LEMMA", "DEP")
# Memo entries kept before the memo starts afresh (bounds memory on huge corpora).
_MEMO_LIMIT = 200_000

#: Per token: one-token patterns matched, their merged writes (a row of the write
#: tables; row 0 writes nothing), specs matched, sequences started.
_Entry = tuple[tuple[int, ...], int, frozenset[int], tuple[int, ...]]
_NOTHING: _Entry = ((), 0, frozenset(), ())


def _attr_id(name: Any) -> int | None:
    """The attribute ID the ``Matcher`` reads for the pattern key ``name``, if any."""
    from spacy.attrs import IDS

    if isinstance(name, int):
        return name
    if not isinstance(name, str):
        return None
    upper = name.upper()
    upper = {"TEXT": "ORTH", "IS_SENT_START": "SENT_START"}.get(upper, upper)
    attr: int | None = IDS.get(upper)
    return attr


def _probe_attrs(token_pattern: dict[Any, Any]) -> tuple[int, ...] | None:
    """The attributes one token spec reads, or None if a probe cannot decide it."""
    from spacy.attrs import IDS

    flag_bits = 64  # Lexeme flags (IS_*, LIKE_*) are attribute IDs below 64.
    token_level = {IDS[a] for a in _TOKEN_LEVEL}
    lexical = {IDS[a] for a in _LEXICAL}
    out: list[int] = []
    for key in token_pattern:
        attr = _attr_id(key)
        if attr is None or not (attr < flag_bits or attr in token_level or attr in lexical):
            return None  # "OP", "_" (extensions), SENT_START, ENT_*, NORM, ...
        out.append(attr)
    return tuple(out)


class CompiledAttributeRuler:
    """Sets token attributes from ``AttributeRuler`` patterns, compiled to table look-ups.

    The public interface is the part of spaCy's ``AttributeRuler`` a pipeline uses:
    :meth:`add`, :meth:`add_patterns`, :attr:`patterns` and calling it on a ``Doc``.

    Args:
        vocab: The pipeline's vocabulary.
        name: The pipe's name.
    """

    def __init__(self, vocab: Vocab, name: str = ATTRIBUTE_RULES_NAME) -> None:
        from spacy.attrs import IDS
        from spacy.matcher import Matcher
        from spacy.pipeline import AttributeRuler

        self.vocab = vocab
        self.name = name
        #: The stock ruler, holding the same patterns: the reference, and the fallback.
        self.stock = AttributeRuler(vocab, name=name)
        self._compiled = True  # False once a pattern sets what the fast path cannot
        self._attrs: list[dict[int, int]] = []  # per pattern: attribute ID -> value
        self._indices: list[int] = []
        self._write_cols = [IDS[a] for a in _WRITABLE]
        # Token specs (one dict of a pattern) decided on probes. A one-token pattern is
        # one spec; a fixed-length pattern is a sequence of specs.
        self._specs = Matcher(vocab)
        self._spec_ids: dict[int, int] = {}  # match ID (hash) -> spec number
        self._spec_pattern: dict[int, int] = {}  # spec of a one-token pattern -> pattern
        self._sequences: list[tuple[int, tuple[int, ...], int]] = []  # pattern, specs, target
        self._starts: dict[int, list[int]] = {}  # first spec -> sequences
        self._probe_cols: list[int] = []  # attributes the specs read
        # Patterns a probe cannot decide (OP, context such as IS_SENT_START): a Matcher
        # over the document, as in the stock ruler.
        self._rest = Matcher(vocab)
        self._has_rest = False
        # Per combination of the probed attributes' values: the matching one-token
        # patterns, their merged writes, the matching specs and the sequences they
        # start; per set of patterns: the merged writes.
        self._memo: dict[tuple[int, ...], _Entry] = {}
        self._merged: dict[tuple[int, ...], int] = {(): 0}
        # Write tables: per merged set of patterns, the value of each written column
        # and whether it is written (row 0: nothing); numpy copies made when they grow.
        self._write_values: list[list[int]] = [[0] * len(self._write_cols)]
        self._write_masks: list[list[bool]] = [[False] * len(self._write_cols)]
        self._tables: tuple[Any, Any] | None = None

    # Building ------------------------------------------------------------------------

    def add(
        self, patterns: Iterable[list[dict[Any, Any]]], attrs: dict[Any, Any], index: int = 0
    ) -> None:
        """Add ``patterns`` setting ``attrs`` on the token at ``index`` of each match.

        Same arguments as ``AttributeRuler.add``; the patterns keep their order, which
        decides which of two matching patterns wins.
        """
        from spacy.tokens._retokenize import normalize_token_attrs

        patterns = [list(p) for p in patterns]
        pid = len(self._attrs)
        self.stock.add(patterns, attrs, index=index)  # validates, as the stock ruler does
        normed: dict[Any, Any] = normalize_token_attrs(self.vocab, dict(attrs))
        writable = set(self._write_cols)
        if any(k not in writable for k in normed):
            self._compiled = False
        self._attrs.append({int(k): int(v) for k, v in normed.items() if k in writable})
        self._indices.append(index)
        rest = []
        for pattern in patterns:
            reads = [r for r in map(_probe_attrs, pattern) if r is not None]
            target = index if index >= 0 else len(pattern) + index
            if len(reads) < len(pattern) or not 0 <= target < len(pattern):
                rest.append(pattern)  # left to a Matcher, which also raises E1001
                continue
            for r in reads:
                self._probe_cols.extend(a for a in r if a not in self._probe_cols)
            specs = tuple(self._add_spec(spec) for spec in pattern)
            if len(specs) == 1:
                self._spec_pattern[specs[0]] = pid
            else:
                self._starts.setdefault(specs[0], []).append(len(self._sequences))
                self._sequences.append((pid, specs, target))
        if rest:
            self._rest.add(str(pid), rest)
            self._has_rest = True
        self._memo.clear()

    def _add_spec(self, spec: dict[Any, Any]) -> int:
        number = len(self._spec_ids)
        key = f"{number}"
        self._specs.add(key, [[spec]])
        self._spec_ids[self.vocab.strings[key]] = number
        return number

    def add_patterns(self, patterns: Iterable[dict[str, Any]]) -> None:
        """Add patterns given as ``AttributeRuler.add_patterns`` takes them."""
        for p in patterns:
            self.add(**p)

    @property
    def patterns(self) -> list[dict[str, Any]]:
        """All the added patterns, as ``AttributeRuler.patterns`` returns them."""
        patterns: list[dict[str, Any]] = self.stock.patterns
        return patterns

    @property
    def compiled(self) -> bool:
        """Whether documents take the compiled path (else the stock ruler runs)."""
        return self._compiled

    # Applying ------------------------------------------------------------------------

    def __call__(self, doc: Doc) -> Doc:
        """Set the attributes of ``doc``'s tokens as the stock ``AttributeRuler`` would."""
        if not self._compiled:
            result: Doc = self.stock(doc)
            return result
        n = len(doc)
        if n == 0 or not self._attrs:
            return doc
        import numpy

        entries = self._entries(doc)
        rows = [entry[1] for entry in entries]
        extra: dict[int, set[int]] = {}
        if self._sequences:
            self._match_sequences(entries, extra)
        if self._has_rest:
            self._match_rest(doc, extra)
        for i, pids in extra.items():
            rows[i] = self._merge(tuple(sorted(set(entries[i][0]) | pids)))
        if not any(rows):
            return doc
        if self._tables is None:
            self._tables = (
                numpy.asarray(self._write_values, dtype=numpy.uint64),
                numpy.asarray(self._write_masks, dtype=bool),
            )
        values, masks = self._tables
        which = numpy.asarray(rows, dtype=numpy.intp)
        cols = self._write_cols
        current: Any = doc.to_array(cols)
        mask = masks[which]
        current[mask] = values[which][mask]
        doc.from_array(cols, current)
        return doc

    def pipe(self, stream: Iterable[Doc], *, batch_size: int = 128) -> Iterator[Doc]:
        """Apply the rules to each document of ``stream``."""
        for doc in stream:
            yield self(doc)

    def _entries(self, doc: Doc) -> list[_Entry]:
        """Per token: its memo entry, deciding the combinations not seen before."""
        from spacy.attrs import ORTH

        if not self._probe_cols:
            return [_NOTHING] * len(doc)
        memo = self._memo
        array = doc.to_array([*self._probe_cols, ORTH])
        keys = list(map(tuple, array[:, :-1].tolist()))
        entries = list(map(memo.get, keys))
        if None in entries:
            if len(memo) + len(keys) > _MEMO_LIMIT:
                memo.clear()  # then every value of this document is decided afresh
                entries = [None] * len(keys)
            unseen: dict[tuple[int, ...], int] = {}
            orths = array[:, -1].tolist()
            for key, orth, entry in zip(keys, orths, entries, strict=True):
                if entry is None and key not in unseen:
                    unseen[key] = orth
            self._decide(unseen)
            entries = [memo[key] for key in keys]
        return entries  # type: ignore[return-value]

    def _decide(self, unseen: dict[tuple[int, ...], int]) -> None:
        """Match the specs on probes carrying the unseen attribute values."""
        import numpy
        from spacy.attrs import IDS
        from spacy.tokens import Doc

        keys = list(unseen)
        # A probe token is a token with the same text as one that had these values:
        # its lexical attributes are the same; the others are copied in.
        words = [self.vocab.strings[unseen[key]] for key in keys]
        probe = Doc(self.vocab, words=words, spaces=[False] * len(words))
        token_level = {IDS[a] for a in _TOKEN_LEVEL}
        cols = [i for i, attr in enumerate(self._probe_cols) if attr in token_level]
        if cols:
            values: Any = numpy.asarray([[key[c] for c in cols] for key in keys], numpy.uint64)
            probe.from_array([self._probe_cols[c] for c in cols], values)
        found: list[set[int]] = [set() for _ in keys]
        for match_id, start, _ in self._specs(probe, allow_missing=True):
            found[start].add(self._spec_ids[match_id])
        for key, specs in zip(keys, found, strict=True):
            pids = tuple(sorted({self._spec_pattern[s] for s in specs if s in self._spec_pattern}))
            starts = tuple(q for s in sorted(specs) for q in self._starts.get(s, ()))
            self._memo[key] = (pids, self._merge(pids), frozenset(specs), starts)

    def _match_sequences(self, entries: list[_Entry], out: dict[int, set[int]]) -> None:
        """Add the fixed-length patterns matching ``entries`` to ``out`` (by target)."""
        n = len(entries)
        starts = map(operator.itemgetter(3), entries)
        for i in itertools.compress(range(n), starts):  # few tokens start a sequence
            for q in entries[i][3]:
                pid, specs, target = self._sequences[q]
                if i + len(specs) <= n and all(
                    spec in entries[i + j][2] for j, spec in enumerate(specs) if j
                ):
                    out.setdefault(i + target, set()).add(pid)

    def _match_rest(self, doc: Doc, out: dict[int, set[int]]) -> None:
        """Add the patterns run by the document ``Matcher`` to ``out`` (by target)."""
        from spacy.errors import Errors

        strings = self.vocab.strings
        for match_id, start, end in self._rest(doc, allow_missing=True):
            pid = int(strings[match_id])
            index = self._indices[pid]
            target = start + index if index >= 0 else end + index
            if not start <= target < end:
                raise ValueError(
                    Errors.E1001.format(
                        patterns=self._rest.get(match_id),
                        span=[t.text for t in doc[start:end]],
                        index=index,
                    )
                )
            out.setdefault(target, set()).add(pid)

    def _merge(self, pids: tuple[int, ...]) -> int:
        """The write-table row of patterns ``pids`` applied in order (later wins)."""
        row = self._merged.get(pids)
        if row is None:
            cols = {attr: i for i, attr in enumerate(self._write_cols)}
            values = [0] * len(cols)
            written = [False] * len(cols)
            for pid in pids:
                for attr, value in self._attrs[pid].items():
                    values[cols[attr]] = value
                    written[cols[attr]] = True
            row = self._merged[pids] = len(self._write_values)
            self._write_values.append(values)
            self._write_masks.append(written)
            self._tables = None
        return row


def make_attribute_rules(nlp: Language, name: str) -> CompiledAttributeRuler:
    """spaCy factory of :class:`CompiledAttributeRuler` (patterns added afterwards)."""
    return CompiledAttributeRuler(nlp.vocab, name=name)
