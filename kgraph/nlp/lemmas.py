"""spaCy's rule lemmatizer with its answers memoised: the same lemmas, without the Python loop.

spaCy's ``Lemmatizer`` visits every token in Python and, in ``rule`` mode, caches only
part of its answers (a base form, a ``PROPN``, a space are recomputed each time): about
1 ms per article. What it answers depends only on the token's text, ``POS`` and
``MORPH`` (and its static tables), so :class:`MemoLemmatizer` reads those three for
the whole document at once, asks the wrapped lemmatizer once per combination, and
writes the lemmas with one ``Doc.from_array``. Tokens whose ``POS`` is unset (for
which the rule mode warns each time) and lemmatizers of other kinds or modes go through the
wrapped component unchanged.

The component keeps the pipe name ``lemmatizer`` and the wrapped lemmatizer's
``lookups``, so code reading them (:func:`kgraph.extract.mentions.common_words`) sees
no difference.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

__all__ = ["MEMO_LEMMATIZER_NAME", "MemoLemmatizer", "make_memo_lemmatizer", "memoisable"]

#: Factory name of the memoising lemmatizer.
MEMO_LEMMATIZER_NAME = "kgraph_memo_lemmatizer"
_MEMO_LIMIT = 200_000


def memoisable(lemmatizer: Any) -> bool:
    """Whether ``lemmatizer``'s answer is a function of a token's text, POS and MORPH.

    True for spaCy's own ``Lemmatizer`` and ``EnglishLemmatizer`` (not subclasses,
    which may read more of the token) in ``rule`` or ``lookup`` mode.
    """
    from spacy.lang.en.lemmatizer import EnglishLemmatizer
    from spacy.pipeline import Lemmatizer

    if type(lemmatizer) not in (Lemmatizer, EnglishLemmatizer):
        return False
    mode = getattr(lemmatizer, "mode", None)
    method = {"rule": "rule_lemmatize", "lookup": "lookup_lemmatize"}.get(str(mode))
    return method is not None and lemmatizer.lemmatize == getattr(lemmatizer, method)


class MemoLemmatizer:
    """Sets lemmas as the wrapped spaCy lemmatizer does, memoised per text, POS and MORPH.

    Args:
        vocab: The pipeline's vocabulary.
        name: The pipe's name.
    """

    def __init__(self, vocab: Vocab, name: str = "lemmatizer") -> None:
        self.vocab = vocab
        self.name = name
        self.stock: Any = None
        self._memo: dict[tuple[int, int, int], int] = {}

    def wrap(self, lemmatizer: Any) -> None:
        """Lemmatize with ``lemmatizer`` (a loaded spaCy ``Lemmatizer``)."""
        self.stock = lemmatizer
        self._memo.clear()

    @property
    def lookups(self) -> Any:
        """The wrapped lemmatizer's tables."""
        return self.stock.lookups

    @property
    def mode(self) -> str:
        """The wrapped lemmatizer's mode."""
        return str(self.stock.mode)

    def __call__(self, doc: Doc) -> Doc:
        """Set the lemmas of ``doc`` as the wrapped lemmatizer would."""
        import numpy
        from spacy.attrs import LEMMA, MORPH, ORTH, POS

        stock = self.stock
        if not stock._validated or not memoisable(stock):
            # The first document validates the tables (and raises as spaCy does).
            result: Doc = stock(doc)
            return result
        rows = doc.to_array([ORTH, POS, MORPH, LEMMA]).tolist()
        memo = self._memo
        if len(memo) > _MEMO_LIMIT:
            memo.clear()
        overwrite = stock.overwrite
        # In rule mode an unset POS makes spaCy warn, each time: such tokens are asked
        # again every time.
        warns = stock.mode == "rule"
        strings = self.vocab.strings
        lemmas = [row[3] for row in rows]
        changed = False
        for i, (orth, pos, morph, lemma) in enumerate(rows):
            if not (overwrite or lemma == 0):
                continue
            key = (orth, pos, morph)
            value = memo.get(key)
            if value is None:
                value = strings.add(stock.lemmatize(doc[i])[0])
                if pos or not warns:
                    memo[key] = value
            lemmas[i] = value
            changed = True
        if changed:
            values: Any = numpy.asarray(lemmas, dtype=numpy.uint64)
            doc.from_array([LEMMA], values)
        return doc


def make_memo_lemmatizer(nlp: Language, name: str) -> MemoLemmatizer:
    """spaCy factory of :class:`MemoLemmatizer` (the lemmatizer is wrapped afterwards)."""
    return MemoLemmatizer(nlp.vocab, name=name)
