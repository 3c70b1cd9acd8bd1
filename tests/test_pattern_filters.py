"""The cheap filters in front of the surface patterns never skip a sentence a pattern
matches: the literal text every match must contain (``PatternRule.needs``, read off the
regular expression) and the rule's ``keywords``; and the padded search finds what the
plain one does."""

from __future__ import annotations

import re

import pytest

from kgraph.extract.mentions import layout
from kgraph.extract.patterns import load_rules, required_text
from kgraph.extract.records import Extractor
from kgraph.extract.relations import _antecedents, _render, _token_map
from kgraph.model import Document

from .conftest import REPO


@pytest.mark.parametrize(
    ("pattern", "needs"),
    [
        (r"(?:^| )<ORG#\d+> backed\|VERB by\|ADP", "> backed|VERB by|ADP"),
        # alternatives, optional parts and lookarounds require nothing of their own
        (r"(?:^| )(?:bought|acquired)\|VERB", "|VERB"),
        (r"(?:^| )(?:the\|DET )?firm\|NOUN", "firm|NOUN"),
        (r"(?<!> ,\|PUNCT )the\|DET <PLACE#\d+>(?! based)", "the|DET <PLACE#"),
        # a repeat of at least one keeps its text; one of zero does not
        (r"(?:x\|NOUN )+y\|NOUN", "x|NOUN "),
        (r"(?:x\|NOUN )*y\|NOUN", "y|NOUN"),
    ],
)
def test_required_text_is_in_every_match(pattern: str, needs: str) -> None:
    assert required_text(re.compile(pattern)) == needs


def test_a_case_insensitive_pattern_requires_nothing() -> None:
    assert required_text(re.compile("backed", re.IGNORECASE)) == ""


@pytest.mark.model
def test_no_shipped_pattern_match_lacks_its_filters(extractor: Extractor) -> None:
    """Every match of every shipped pattern, searched without the filters over real
    sentences, holds the rule's required text and one of its keywords."""
    rules = load_rules()
    texts = [p.read_text("utf-8") for p in sorted((REPO / "seeds").glob("*.txt"))]
    texts += [p.read_text("utf-8") for p in sorted((REPO / "eval" / "dev2").glob("*.txt"))]
    matched = 0
    for i, text in enumerate(texts):
        doc = extractor.nlp(text)
        rec = extractor.extract(doc, Document(f"d{i}", f"d{i}.txt", text))
        tokmap = _token_map(rec.mentions, doc)
        coref = _antecedents(doc, rec.mentions, tokmap)
        for sent in layout(doc).sents:
            rendered = _render(sent, tokmap, rec.mentions, coref)
            for rule in rules.patterns:
                plain = list(rule.regex.finditer(rendered))
                for m in plain:
                    matched += 1
                    assert rule.needs in rendered, (rule.name, rule.needs, m.group(0))
                    if rule.keywords:
                        assert any(k in rendered for k in rule.keywords), rule.name
                if rule.padded is not None:
                    # The padded search finds the same matches (shifted by the space).
                    padded = list(rule.padded.finditer(" " + rendered))
                    assert [(m.group(0).strip(), m.groupdict()) for m in plain] == [
                        (m.group(0).strip(), m.groupdict()) for m in padded
                    ], rule.name
    assert matched > 100  # the check saw real matches
