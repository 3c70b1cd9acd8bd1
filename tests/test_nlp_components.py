"""kgraph's fast pipeline components set exactly what spaCy's components set.

The compiled attribute ruler: each semantic point of spaCy's ``AttributeRuler`` is
checked on ``spacy.blank("en")`` with hand-made patterns, against the stock ruler *and*
against the expected values (pattern order, ``index``, multi-token patterns, ``MORPH``
replaced as a whole, set predicates, the fallback). The memoising lemmatizer and the
array-based paragraph rule are compared with what they replace. The ``model`` tests
run the real pipeline with and without them over the seeds, the second development
set, synthetic articles and hostile text, and compare every token.
"""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Iterable
from typing import Any

import pytest
import spacy
from spacy.language import Language
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc

from kgraph.config import DEFAULT_PIPELINE
from kgraph.nlp import loader
from kgraph.nlp.attribute_rules import ATTRIBUTE_RULES_NAME, CompiledAttributeRuler
from kgraph.nlp.components import PARAGRAPHS_NAME, RULER_NAME, mark_paragraphs, ruler_patterns
from kgraph.nlp.lemmas import MemoLemmatizer, memoisable
from kgraph.nlp.lexical_flags import flag_patterns

from .conftest import REPO, SEEDS

_Row = tuple[Any, ...]


def _rows(doc: Doc) -> list[_Row]:
    return [
        (
            t.text,
            t.tag_,
            t.pos_,
            str(t.morph),
            t.lemma_,
            t.dep_,
            t.head.i,
            t.ent_type_,
            t.ent_iob_,
        )
        for t in doc
    ]


@pytest.fixture
def nlp() -> Language:
    return spacy.blank("en")


def _doc(nlp: Language, words: list[str], tags: list[str], deps: list[str] | None = None) -> Doc:
    heads = [0] * len(words) if deps else None
    return Doc(nlp.vocab, words=words, tags=tags, deps=deps, heads=heads)


def _both(nlp: Language, patterns: list[dict[str, Any]], doc: Doc) -> tuple[Doc, Doc]:
    """``doc`` run through the stock ruler and the compiled one (each on a copy)."""
    stock = AttributeRuler(nlp.vocab)
    stock.add_patterns(patterns)
    compiled = CompiledAttributeRuler(nlp.vocab)
    compiled.add_patterns(patterns)
    return stock(doc.copy()), compiled(doc.copy())


def _same(nlp: Language, patterns: list[dict[str, Any]], doc: Doc) -> Doc:
    expected, got = _both(nlp, patterns, doc)
    assert _rows(got) == _rows(expected)
    return got


def test_single_token_patterns_set_pos_morph_and_lemma(nlp: Language) -> None:
    patterns = [
        {"patterns": [[{"TAG": "NN"}]], "attrs": {"POS": "NOUN", "MORPH": "Number=Sing"}},
        {
            "patterns": [[{"LOWER": "ran", "TAG": "VBD"}]],
            "attrs": {"POS": "VERB", "LEMMA": "run", "MORPH": "Tense=Past|VerbForm=Fin"},
        },
    ]
    doc = _same(nlp, patterns, _doc(nlp, ["Dog", "ran", "dog", "RAN"], ["NN", "VBD", "NN", "NN"]))
    assert [(t.pos_, t.lemma_, str(t.morph)) for t in doc] == [
        ("NOUN", "", "Number=Sing"),
        ("VERB", "run", "Tense=Past|VerbForm=Fin"),
        ("NOUN", "", "Number=Sing"),
        ("NOUN", "", "Number=Sing"),  # LOWER matches, TAG does not
    ]


def test_later_patterns_override_earlier_ones_attribute_by_attribute(nlp: Language) -> None:
    patterns = [
        {"patterns": [[{"TAG": "IN"}]], "attrs": {"POS": "ADP", "LEMMA": "prep"}},
        {"patterns": [[{"LOWER": "that", "TAG": "IN"}]], "attrs": {"POS": "SCONJ"}},
        {"patterns": [[{"TAG": "IN"}]], "attrs": {"LEMMA": "again"}},
    ]
    doc = _same(nlp, patterns, _doc(nlp, ["that", "of"], ["IN", "IN"]))
    # "that": SCONJ from the second pattern, LEMMA from the third; "of": ADP, "again".
    assert [(t.pos_, t.lemma_) for t in doc] == [("SCONJ", "again"), ("ADP", "again")]
    # The same patterns in the other order: the general rule now wins.
    doc = _same(nlp, patterns[::-1], _doc(nlp, ["that", "of"], ["IN", "IN"]))
    assert [(t.pos_, t.lemma_) for t in doc] == [("ADP", "prep"), ("ADP", "prep")]


def test_morph_is_replaced_as_a_whole_and_normalised(nlp: Language) -> None:
    patterns = [
        {"patterns": [[{"TAG": "PRP"}]], "attrs": {"MORPH": "PronType=Prs|Case=Nom"}},
        {"patterns": [[{"LOWER": "it"}]], "attrs": {"MORPH": "Number=Sing"}},
    ]
    doc = _same(nlp, patterns, _doc(nlp, ["He", "it"], ["PRP", "PRP"]))
    assert [str(t.morph) for t in doc] == ["Case=Nom|PronType=Prs", "Number=Sing"]


def test_index_picks_the_token_of_a_multi_token_match(nlp: Language) -> None:
    patterns = [
        {"patterns": [[{"LOWER": "gon"}, {"LOWER": "na"}]], "attrs": {"LEMMA": "go"}},
        {"patterns": [[{"LOWER": "gon"}, {"LOWER": "na"}]], "attrs": {"LEMMA": "to"}, "index": 1},
        {"patterns": [[{"LOWER": "let"}, {"LOWER": "'s"}]], "attrs": {"LEMMA": "us"}, "index": -1},
        {"patterns": [[{"LOWER": "na"}]], "attrs": {"POS": "PART"}},
    ]
    words = ["gon", "na", "na", "let", "'s", "gon"]
    doc = _same(nlp, patterns, _doc(nlp, words, ["VBG", "TO", "NN", "VB", "PRP", "VBG"]))
    assert [(t.lemma_, t.pos_) for t in doc] == [
        ("go", ""),
        ("to", "PART"),  # index 1 of "gon na", and the one-token rule
        ("", "PART"),
        ("", ""),
        ("us", ""),  # index -1
        ("", ""),  # "gon" at the end: no "na" after it
    ]


def test_set_and_regex_predicates_and_unset_values(nlp: Language) -> None:
    patterns = [
        {
            "patterns": [[{"TAG": {"NOT_IN": ["TO", ""]}, "DEP": {"IN": ["aux"]}}]],
            "attrs": {"POS": "AUX"},
        },
        {"patterns": [[{"IS_SPACE": True, "DEP": {"NOT_IN": [""]}}]], "attrs": {"DEP": "dep"}},
        {"patterns": [[{"IS_SPACE": True}]], "attrs": {"TAG": "_SP", "POS": "SPACE"}},
        {"patterns": [[{"LOWER": {"REGEX": "^n[ou]thin'$"}}]], "attrs": {"LEMMA": "nothing"}},
        {
            "patterns": [[{"DEP": "expl"}, {"LOWER": {"IN": ["is", "'s"]}}]],
            "attrs": {"POS": "VERB"},
            "index": 1,
        },
    ]
    words = ["There", "is", "nothin'", "\n\n", "to", "do", "\n"]
    tags = ["EX", "VBZ", "NN", "_SP", "TO", "VB", ""]
    deps = ["expl", "aux", "attr", "dep", "aux", "xcomp", ""]
    doc = _same(nlp, patterns, _doc(nlp, words, tags, deps))
    assert [t.pos_ for t in doc] == ["", "VERB", "", "SPACE", "", "", "SPACE"]
    assert doc[2].lemma_ == "nothing"
    assert doc[6].dep_ == "" and doc[6].tag_ == "_SP"  # no DEP set: NOT_IN [""] fails


def test_quantified_patterns_run_on_the_document(nlp: Language) -> None:
    patterns = [
        {
            "patterns": [[{"LOWER": "very", "OP": "+"}, {"TAG": "JJ"}]],
            "attrs": {"POS": "ADJ"},
            "index": -1,
        },
        {"patterns": [[{"IS_SENT_START": True}]], "attrs": {"LEMMA": "first"}},
    ]
    doc = _doc(nlp, ["very", "very", "big", "big"], ["RB", "RB", "JJ", "JJ"])
    doc[0].is_sent_start = True
    doc = _same(nlp, patterns, doc)
    assert [(t.pos_, t.lemma_) for t in doc] == [("", "first"), ("", ""), ("ADJ", ""), ("", "")]


def test_an_index_outside_the_match_raises_as_in_spacy(nlp: Language) -> None:
    patterns = [{"patterns": [[{"LOWER": "a"}]], "attrs": {"POS": "DET"}, "index": 1}]
    messages = []
    for ruler in (AttributeRuler(nlp.vocab), CompiledAttributeRuler(nlp.vocab)):
        ruler.add_patterns(patterns)
        ruler(_doc(nlp, ["b"], ["NN"]))  # no match: no error
        with pytest.raises(ValueError, match="E1001") as err:
            ruler(_doc(nlp, ["a"], ["DT"]))
        messages.append(str(err.value))
    assert messages[0] == messages[1]


def test_patterns_setting_other_attributes_fall_back_to_the_stock_ruler(nlp: Language) -> None:
    patterns = [
        {"patterns": [[{"TAG": "NN"}]], "attrs": {"POS": "NOUN"}},
        {"patterns": [[{"LOWER": "colour"}]], "attrs": {"NORM": "color"}},
    ]
    compiled = CompiledAttributeRuler(nlp.vocab)
    compiled.add_patterns(patterns[:1])
    assert compiled.compiled
    compiled.add_patterns(patterns[1:])
    assert not compiled.compiled
    doc = _same(nlp, patterns, _doc(nlp, ["colour", "dog"], ["NN", "NN"]))
    assert [(t.norm_, t.pos_) for t in doc] == [("color", "NOUN"), ("dog", "NOUN")]


def test_repeated_values_come_from_the_memo_and_stay_right(nlp: Language) -> None:
    patterns = [
        {"patterns": [[{"TAG": "NN"}]], "attrs": {"POS": "NOUN"}},
        {"patterns": [[{"TAG": "VB"}]], "attrs": {"POS": "VERB"}},
    ]
    compiled = CompiledAttributeRuler(nlp.vocab)
    compiled.add_patterns(patterns)
    first = compiled(_doc(nlp, ["run", "run"], ["NN", "VB"]))
    again = compiled(_doc(nlp, ["run", "run", "walk"], ["VB", "NN", "NN"]))
    assert [t.pos_ for t in first] == ["NOUN", "VERB"]
    assert [t.pos_ for t in again] == ["VERB", "NOUN", "NOUN"]
    assert compiled.patterns == AttributeRuler.patterns.fget(compiled.stock)  # type: ignore[attr-defined]


def test_a_full_memo_starts_afresh_and_stays_right(
    nlp: Language, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kgraph.nlp import attribute_rules

    monkeypatch.setattr(attribute_rules, "_MEMO_LIMIT", 2)
    patterns = [
        {"patterns": [[{"TAG": "NN"}]], "attrs": {"POS": "NOUN"}},
        {"patterns": [[{"TAG": "VB"}]], "attrs": {"POS": "VERB"}},
    ]
    pos = {"NN": "NOUN", "VB": "VERB", "JJ": ""}
    compiled = CompiledAttributeRuler(nlp.vocab)
    compiled.add_patterns(patterns)
    for tags in (["NN", "VB"], ["VB", "NN", "JJ", "NN"], ["JJ", "VB"]):
        doc = compiled(_doc(nlp, [f"w{i}" for i in range(len(tags))], tags))
        assert [t.pos_ for t in doc] == [pos[t] for t in tags]
        assert len(compiled._memo) <= 3  # at most one document's values over the limit


def test_memo_lemmatizer_sets_what_the_wrapped_lemmatizer_sets(nlp: Language) -> None:
    from spacy.lookups import Lookups

    lookups = Lookups()
    lookups.add_table("lemma_lookup", {"ran": "run", "mice": "mouse", "Mice": "Mouse"})
    stock: Any = nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    stock.initialize(lookups=lookups)
    assert memoisable(stock)
    memo = MemoLemmatizer(nlp.vocab)
    memo.wrap(stock)
    assert memo.lookups is stock.lookups and memo.mode == "lookup"
    for words in (["Mice", "ran", "mice", "ran", "cats"], ["ran", "Mice", "dogs"]):
        doc = Doc(nlp.vocab, words=words)
        doc[-1].lemma_ = "preset"  # kept: the lemmatizer does not overwrite
        expected, got = stock(doc.copy()), memo(doc.copy())
        assert [t.lemma_ for t in got] == [t.lemma_ for t in expected]
    assert [t.lemma_ for t in got] == ["run", "Mouse", "preset"]
    assert memo._memo  # answers were memoised


def test_other_lemmatizers_are_not_memoised(nlp: Language) -> None:
    from spacy.pipeline import Lemmatizer

    class Contextual(Lemmatizer):  # may read more than text, POS and MORPH
        pass

    lemmatizer = Contextual(nlp.vocab, None, mode="lookup")
    assert not memoisable(lemmatizer)


@pytest.mark.parametrize(
    "text",
    [
        "Headline without a period\n\nThe body (approx. US$60 million. Or more) ends. Next.",
        "A (nested (deep. really) stop. here) and ) stray. (open\n\nbreak resets. it",
        "\n\n\nLeading blank lines. Then text.\n \nA space line.\n",
        "(",
        "",
    ],
)
def test_paragraph_rule_matches_the_token_by_token_version(nlp: Language, text: str) -> None:
    def starts(doc: Doc) -> list[Any]:
        return [t.is_sent_start for t in doc]

    assert starts(mark_paragraphs(nlp(text))) == starts(_old_mark_paragraphs(nlp(text)))


def test_word_tests_become_flags_that_match_the_same_tokens() -> None:
    patterns: list[dict[str, Any]] = [
        {"label": "A", "pattern": [{"TEXT": {"REGEX": r"^[A-Z][a-z]+-\d+[Bb]$"}}]},
        {"label": "B", "pattern": [{"LOWER": {"REGEX": "^(?!covid-)"}, "IS_TITLE": True}]},
        {
            "label": "C",
            "pattern": [{"LOWER": {"NOT_IN": ["march", "may"]}}, {"ORTH": {"IN": ["9", "S9"]}}],
        },
        {"label": "D", "pattern": [{"LOWER": {"IN": ["acme"]}}, {"LOWER": "corp"}]},
        {"label": "E", "pattern": "phrase pattern"},
        {"label": "F", "pattern": [{"TEXT": {"REGEX": "x"}, "OP": "?"}, {"LOWER": "end"}]},
    ]
    fast, plain = spacy.blank("en"), spacy.blank("en")
    fast.vocab["Llama-70B"], fast.vocab["MAY"]  # words present before the flags exist
    flagged = flag_patterns(fast.vocab, patterns)
    assert flagged[0]["pattern"] == [{19: True}]  # the first free flag bit
    assert flagged[2]["pattern"] == [{21: True}, {22: True}]
    assert flagged[4] == patterns[4]
    assert "OP" in flagged[5]["pattern"][0]
    fast.add_pipe("entity_ruler").add_patterns(flagged)  # type: ignore[attr-defined]
    plain.add_pipe("entity_ruler").add_patterns(patterns)  # type: ignore[attr-defined]
    text = (
        "Llama-70B and Falcon-7b, Covid-19 and COVID-19 Vaccine; Galaxy S9, May 9, "
        "MAY S9, Acme Corp and ACME corp, a phrase pattern, tax end, the End"
    )
    got = [(e.text, e.label_) for e in fast(text).ents]
    assert got == [(e.text, e.label_) for e in plain(text).ents]
    assert ("Llama-70B", "A") in got and ("Galaxy S9", "C") in got and ("Acme Corp", "D") in got


# The real pipeline ----------------------------------------------------------------------

_HOSTILE = [
    "",
    " ",
    "\n\n\n",
    "\t\tTabs\tand  double  spaces\u00a0here.\r\n\r\nNew paragraph.",
    "I'm gonna say it: y'all ain't seen nothin' yet, c'mon, let's go, we gotta win.",
    "There's a plan. There are two. It said I was right and you told it to me.",
    "Do you have it? I did. He does, and they have had enough. Don't! Won't. Can't.",
    "NUL\x00byte, control\x07chars, emoji 🤖🚀, RTL \u202eevil\u202c, 中文 and Русский text.",
    "<p>HTML &amp; <b>tags</b></p> https://example.com/a?b=c&d=e user@example.com #tag @handle",
    "A" * 300 + " " + "-" * 80 + " 1,234,567.89 $5bn 3.5% 5G AI+IoT GPT-4o Llama-70B",
    "ALL CAPS HEADLINE WITHOUT A PERIOD\n\nlowercase start of a body text that rambles on",
]


def _texts() -> list[str]:
    files = sorted(SEEDS.glob("*.txt")) + sorted((REPO / "eval" / "dev2").glob("*.txt"))
    texts = [p.read_text(encoding="utf-8") for p in files]
    spec = importlib.util.spec_from_file_location(
        "synthetic_corpus", REPO / "benchmarks" / "synthetic_corpus.py"
    )
    assert spec is not None and spec.loader is not None
    synthetic = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = synthetic  # dataclasses look their module up
    spec.loader.exec_module(synthetic)
    texts += [synthetic.render(synthetic.article(i)) for i in range(20)]
    return texts + _HOSTILE


def _old_mark_paragraphs(doc: Doc) -> Doc:
    """``kgraph_paragraphs`` as it was written token by token (the reference)."""
    depth = 0
    for tok in doc[1:]:
        prev = doc[tok.i - 1]
        if prev.text == "(":
            depth += 1
        elif prev.text == ")" and depth:
            depth -= 1
        if "\n\n" in prev.whitespace_ or (prev.is_space and "\n" in prev.text):
            tok.is_sent_start = True
            depth = 0
        elif (depth and tok.text != ")") or (prev.is_alpha and tok.is_alpha and prev.whitespace_):
            tok.is_sent_start = False
    return doc


def _with_stock_components(nlp: Language) -> Language:
    """``nlp`` (kgraph's) with spaCy's attribute ruler and lemmatizer, entity rules
    without lexeme flags and the old paragraph rule in place of kgraph's fast versions."""
    bare = spacy.load(DEFAULT_PIPELINE)
    for fast, stock in ((ATTRIBUTE_RULES_NAME, "attribute_ruler"), ("lemmatizer", "lemmatizer")):
        index = nlp.pipe_names.index(fast)
        nlp.remove_pipe(fast)
        nlp.add_pipe(stock, source=bare, before=index)
    index = nlp.pipe_names.index(RULER_NAME)
    config = {"phrase_matcher_attr": "LOWER", "overwrite_ents": True}
    nlp.remove_pipe(RULER_NAME)
    ruler: Any = nlp.add_pipe("entity_ruler", name=RULER_NAME, before=index, config=config)
    ruler.add_patterns(ruler_patterns(()))  # the tests on words as written, not flags
    if not Language.has_factory("test_old_paragraphs"):
        Language.component("test_old_paragraphs", func=_old_mark_paragraphs)
    index = nlp.pipe_names.index(PARAGRAPHS_NAME)
    nlp.remove_pipe(PARAGRAPHS_NAME)
    nlp.add_pipe("test_old_paragraphs", before=index)
    return nlp


def _compare(fast: Language, stock: Language, texts: Iterable[str]) -> int:
    texts = list(texts)
    tokens = 0
    for text, a, b in zip(texts, fast.pipe(texts), stock.pipe(texts), strict=True):
        rows_a, rows_b = _rows(a), _rows(b)
        for i, (ra, rb) in enumerate(zip(rows_a, rows_b, strict=True)):
            assert ra == rb, f"token {i} of {text[:40]!r}: {ra} != {rb}"
        tokens += len(rows_a)
    return tokens


@pytest.mark.model
def test_kgraph_pipeline_matches_the_stock_components_token_by_token() -> None:
    fast = loader._load(DEFAULT_PIPELINE, ())
    stock = _with_stock_components(loader._load(DEFAULT_PIPELINE, ()))
    assert ATTRIBUTE_RULES_NAME in fast.pipe_names and "attribute_ruler" not in fast.pipe_names
    assert "attribute_ruler" in stock.pipe_names
    assert fast.get_pipe(ATTRIBUTE_RULES_NAME).compiled  # type: ignore[attr-defined]
    assert isinstance(fast.get_pipe("lemmatizer"), MemoLemmatizer)
    assert not isinstance(stock.get_pipe("lemmatizer"), MemoLemmatizer)
    assert _compare(fast, stock, _texts()) > 10_000


@pytest.mark.model
def test_bare_pipeline_with_the_fast_components_matches_the_bare_pipeline() -> None:
    stock = spacy.load(DEFAULT_PIPELINE)
    fast = spacy.load(DEFAULT_PIPELINE)
    loader._compile_attribute_ruler(fast)
    loader._memoise_lemmatizer(fast)
    assert fast.pipe_names == [
        ATTRIBUTE_RULES_NAME if n == "attribute_ruler" else n for n in stock.pipe_names
    ]
    # Patterns taken from the loaded pipeline, not a copy: the same list, in order.
    assert (
        fast.get_pipe(ATTRIBUTE_RULES_NAME).patterns == stock.get_pipe("attribute_ruler").patterns
    )  # type: ignore[attr-defined]
    assert _compare(fast, stock, _texts()) > 10_000
