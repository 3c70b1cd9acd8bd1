"""Who takes part in a funding round, read from the parse's list of subjects after a
round was named, on invented sentences with look-alikes that must give no fact.

The names differ from every evaluation set on purpose.
"""

from __future__ import annotations

import pytest

from kgraph.extract.records import Extractor

from .conftest import typed_facts as facts

pytestmark = pytest.mark.model

_ROUND = "Quantel Corp. raised $500 million in a round led by Harbor Ventures. "


@pytest.mark.parametrize(
    ("text", "investors", "not_investors"),
    [
        # a list with a place's possessive and an apposition inside it
        (
            _ROUND + "Veltra, Japan's Solvix, Orvanta Ventures, the venture arm of chipmaker "
            "Orvanta, and Export Bank of Tessaly also took part.",
            {"Veltra", "Solvix", "Orvanta Ventures", "Export Bank of Tessaly"},
            {"Japan", "Orvanta"},
        ),
        # "all took part, along with ..." after an investor list
        (
            "Quantel Corp. raised $675 million in a Series B round. The investor list is "
            "long. Veltra, the Brightwave Startup Fund, Solvix and Jane Doe, through her "
            "firm Doe Capital, all took part, along with Pinecrest Capital, Redline "
            "Partners and Oakmont Group.",
            {
                "Veltra",
                "Brightwave Startup Fund",
                "Solvix",
                "Jane Doe",
                "Pinecrest Capital",
                "Redline Partners",
                "Oakmont Group",
            },
            set(),
        ),
        # "a round in X in which A and B also took part": X owns the round
        (
            "Orvanta raised money last year. Last May, Harbor Ventures led a $450 million "
            "round in Quantel Corp. in which Pinecrest Capital and Redline Partners also "
            "took part.",
            {"Pinecrest Capital", "Redline Partners"},
            set(),
        ),
    ],
)
def test_round_participants(
    extractor: Extractor, text: str, investors: set[str], not_investors: set[str]
) -> None:
    found = {s for s, p, o in facts(extractor, text) if p == "invests_in" and o == "Quantel Corp."}
    assert investors <= found, investors - found
    assert not found & not_investors
    assert not {f for f in facts(extractor, text) if f[1] == "invests_in" and f[2] == "Orvanta"}


@pytest.mark.parametrize(
    "text",
    [
        # a named object of its own: no round
        _ROUND + "Veltra joined Solvix last year.",
        # no round named
        "Quantel Corp. said on Monday that Veltra and Solvix took part in the talks.",
    ],
)
def test_no_round_no_participant(extractor: Extractor, text: str) -> None:
    found = {f for f in facts(extractor, text) if f[1] == "invests_in"}
    assert not {f for f in found if f[0] in ("Veltra", "Solvix")}
