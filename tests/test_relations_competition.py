"""Rivals read from verbs the small model mis-tags, "racing" and "taking share from",
on invented sentences with look-alikes that must give no fact.

The names differ from every evaluation set on purpose.
"""

from __future__ import annotations

import pytest

from kgraph.extract.records import Extractor

from .conftest import typed_facts as facts

pytestmark = pytest.mark.model


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "competes" after an acronym, which the tagger calls a noun
        (
            "QTL competes with Veltra, Solvix and Brightwave for large corporate customers, "
            "and each of those companies is adding assistants.",
            {("QTL", "competitor_of", n) for n in ("Veltra", "Solvix", "Brightwave")},
        ),
        # "is racing A, B and C"
        (
            "Quantel Corp., a unit of Orvanta, is racing Veltra Inc., Solvix Inc. and "
            "Brightwave Labs to build better chatbots.",
            {
                ("Quantel Corp.", "competitor_of", n)
                for n in ("Veltra Inc.", "Solvix Inc.", "Brightwave Labs")
            },
        ),
        # "take share in PCs from A and B"
        (
            "Those laptops are Quantel Corp.'s best chance in years to take share in PCs "
            "from Veltra Inc. and Solvix Inc., which dominate the market.",
            {("Quantel Corp.", "competitor_of", n) for n in ("Veltra Inc.", "Solvix Inc.")},
        ),
    ],
)
def test_rivals(extractor: Extractor, text: str, expected: set[tuple[str, str, str]]) -> None:
    found = facts(extractor, text)
    assert expected <= found, expected - found


@pytest.mark.parametrize(
    "text",
    [
        "Quantel Corp. does not compete with Veltra Inc., its chief executive said.",
        "Quantel Corp. said it won market share from rivals, its chief executive said.",
        "Quantel Corp. said it could take share from Veltra Inc. next year.",
    ],
)
def test_look_alikes_name_no_rival(extractor: Extractor, text: str) -> None:
    assert not {f for f in facts(extractor, text) if f[1] == "competitor_of"}


def test_a_name_with_a_legal_form_is_no_person(extractor: Extractor) -> None:
    # The model calls "Veltra Inc." a person here; "its chief executive said" then
    # made it Quantel's chief executive.
    text = "Quantel Corp. does not compete with Veltra Inc., its chief executive said."
    assert not {f for f in facts(extractor, text) if f[1] == "ceo_of"}
