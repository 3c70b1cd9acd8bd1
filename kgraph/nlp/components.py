"""kgraph's rule layer on top of spaCy's statistical NER.

The rules come from a small shipped gazetteer (``kgraph/data/gazetteer.yaml``:
technology terms), shape rules for product and AI-model names (``Name-13B``,
``Snapdragon 8``), and the user's ``gazetteer:`` entries. They run in an
``entity_ruler`` placed before ``ner``, so they take priority over the model.
"""

from __future__ import annotations

import functools
import re
from importlib import resources
from typing import TYPE_CHECKING, Any

import yaml

from ..config import GazetteerEntry

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = [
    "JOINED_NAME",
    "PARAGRAPHS_NAME",
    "PHRASE_RULER_NAME",
    "RULER_NAME",
    "SHAPE_PATTERNS",
    "builtin_gazetteer",
    "mark_paragraphs",
    "register_components",
    "ruler_patterns",
    "term_synonyms",
]

RULER_NAME = "kgraph_entity_rules"
PHRASE_RULER_NAME = "kgraph_term_rules"

# Labels used inside spaCy; kgraph's own type names are mapped in extract.mentions.
_LABEL = {"ORG": "ORG", "PERSON": "PERSON", "PLACE": "GPE", "PRODUCT": "PRODUCT", "TECH": "TECH"}

_YEAR = r"(?:19|20)\d\d"
_MONTHS = [
    "jan",
    "feb",
    "mar",
    "apr",
    "may",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "january",
    "february",
    "march",
    "april",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "jan.",
    "feb.",
    "mar.",
    "apr.",
    "jun.",
    "jul.",
    "aug.",
    "sep.",
    "sept.",
    "oct.",
    "nov.",
    "dec.",
]
#: Shape rules: names of AI models and products that the model mistypes.
SHAPE_PATTERNS: tuple[dict[str, Any], ...] = (
    # Model-size names: MiLM-13B, Llama-70B, Falcon-7b.
    {
        "label": "PRODUCT",
        "id": "shape:model-size",
        "pattern": [{"TEXT": {"REGEX": r"^[A-Z][A-Za-z]*[A-Za-z]-\d+(?:\.\d+)?[BMTbmt]$"}}],
    },
    # Name-version: GPT-4, GPT-3.5, GPT-4o (not disease names such as COVID-19).
    {
        "label": "PRODUCT",
        "id": "shape:name-hyphen-version",
        "pattern": [
            {
                "TEXT": {"REGEX": r"^[A-Z][A-Za-z]*[A-Za-z]-\d+(?:\.\d+)?[a-z]?$"},
                "LOWER": {"REGEX": r"^(?!(?:covid|sars|mers|h\dn\d|ebola|zika)-)"},
            }
        ],
    },
    # Name + version/model number: Galaxy S9, Snapdragon 888, Kirin 9000S (not years).
    {
        "label": "PRODUCT",
        "id": "shape:name-version",
        "pattern": [
            {
                "IS_TITLE": True,
                "POS": "PROPN",
                "IS_SENT_START": False,
                "LOWER": {"NOT_IN": _MONTHS},
            },
            {"TEXT": {"REGEX": rf"^(?!{_YEAR}$)(?:[A-Z]\d{{1,4}}|\d{{2,4}})[A-Za-z]?$"}},
        ],
    },
)


PARAGRAPHS_NAME = "kgraph_paragraphs"

#: A company name written with a colon, or with a technology suffix after a full stop
#: ("Run:ai", "Character.AI"): one token (see the loader's tokenizer), and a name.
JOINED_NAME = re.compile(r"[A-Z][A-Za-z0-9]*(?::[a-z][a-z0-9]+|\.(?:AI|IO|ML))")


def mark_paragraphs(doc: Doc) -> Doc:
    """Fix sentence boundaries the parser gets wrong in news text.

    A blank line always starts a sentence (headlines and captions carry no final
    period, and would otherwise run into the next paragraph); no sentence starts
    inside parentheses ("(approx. US$60 million)"), nor between two words on one line
    ("Elon | Musk said": prose ends its sentences with punctuation).
    """
    import numpy
    from spacy.attrs import IDX, IS_ALPHA, IS_SPACE, LENGTH, ORTH, SENT_START

    if len(doc) < 2:
        return doc
    strings = doc.vocab.strings
    opening, closing = strings.add("("), strings.add(")")
    # The token attributes the rule reads, for the whole document at once, and the
    # sentence starts written back at once: no Token objects. (A token's own trailing
    # whitespace is at most one space: line breaks are whitespace tokens.)
    array = doc.to_array([ORTH, IS_SPACE, IS_ALPHA, IDX, LENGTH, SENT_START])
    rows = array.tolist()
    # SENT_START is 1, 0 or -1, stored as an unsigned integer.
    before = [row[5] - (1 << 64) if row[5] >= 1 << 63 else row[5] for row in rows]
    starts = list(before)
    depth = 0
    for i in range(1, len(rows)):
        prev_orth, prev_space, prev_alpha, prev_idx, prev_len, _ = rows[i - 1]
        if prev_orth == opening:
            depth += 1
        elif prev_orth == closing and depth:
            depth -= 1
        if prev_space and "\n" in strings[prev_orth]:
            starts[i] = 1
            depth = 0
        elif (depth and rows[i][0] != closing) or (
            prev_alpha and rows[i][2] and rows[i][3] > prev_idx + prev_len
        ):
            starts[i] = -1
    if starts != before:
        column: Any = numpy.array(starts, dtype="int64").view("uint64").reshape(-1, 1)
        doc.from_array([SENT_START], column)
    return doc


def register_components() -> None:
    """Register kgraph's spaCy components (idempotent; called by the loader)."""
    from spacy.language import Language

    from .attribute_rules import ATTRIBUTE_RULES_NAME, make_attribute_rules
    from .lemmas import MEMO_LEMMATIZER_NAME, make_memo_lemmatizer

    if not Language.has_factory(PARAGRAPHS_NAME):
        Language.component(PARAGRAPHS_NAME, func=mark_paragraphs)
    if not Language.has_factory(ATTRIBUTE_RULES_NAME):
        Language.factory(ATTRIBUTE_RULES_NAME, func=make_attribute_rules)
    if not Language.has_factory(MEMO_LEMMATIZER_NAME):
        Language.factory(MEMO_LEMMATIZER_NAME, func=make_memo_lemmatizer)


@functools.lru_cache(maxsize=1)
def _gazetteer_data() -> dict[str, Any]:
    """The shipped ``gazetteer.yaml``, parsed once for every reader."""
    text = resources.files("kgraph.data").joinpath("gazetteer.yaml").read_text("utf-8")
    data: dict[str, Any] = yaml.safe_load(text)
    return data


@functools.lru_cache(maxsize=1)
def builtin_gazetteer() -> tuple[GazetteerEntry, ...]:
    """Return the gazetteer shipped with kgraph, as entries."""
    data = _gazetteer_data()
    entries: list[GazetteerEntry] = []
    for label, groups in data.items():
        if label == "synonyms":
            continue
        for word in groups.get("exact", ()):
            entries.append(GazetteerEntry(label, tuple({"TEXT": t} for t in word.split())))
        for phrase in groups.get("phrase", ()):
            entries.append(GazetteerEntry(label, phrase))
    return tuple(entries)


@functools.lru_cache(maxsize=1)
def term_synonyms() -> dict[str, str]:
    """Return the shipped technology-term variants: normalised variant → canonical name."""
    from ..normalize import normalize_name

    data = _gazetteer_data().get("synonyms", {})
    out: dict[str, str] = {}
    for canonical, variants in data.items():
        for name in (canonical, *variants):
            out[normalize_name(str(name))] = str(canonical)
    return out


def ruler_patterns(
    user: tuple[GazetteerEntry, ...] = (), *, phrases: bool = False
) -> list[dict[str, Any]]:
    """Return entity-ruler patterns.

    With ``phrases=False``: the strong rules that run before the statistical NER
    and override it (exact acronyms, shape rules, the user's gazetteer). With
    ``phrases=True``: the multi-word technology terms, which run after the NER and
    only fill gaps, so "Artificial Intelligence" inside "Xiaomi Artificial
    Intelligence Laboratory" never breaks the organisation's name.

    >>> pats = ruler_patterns(phrases=True)
    >>> any(p["label"] == "TECH" and p["pattern"] == "machine learning" for p in pats)
    True
    """
    patterns: list[dict[str, Any]] = []
    builtin = [e for e in builtin_gazetteer() if isinstance(e.pattern, str) == phrases]
    sources = [(e, "gazetteer") for e in builtin]
    if not phrases:
        sources += [(e, "user") for e in user]
    for entry, origin in sources:
        pattern = entry.pattern if isinstance(entry.pattern, str) else list(entry.pattern)
        item: dict[str, Any] = {
            "label": _LABEL[entry.label],
            "pattern": pattern,
            "id": entry.id or origin,
        }
        patterns.append(item)
    if not phrases:
        patterns.extend(dict(p) for p in SHAPE_PATTERNS)
    return patterns
