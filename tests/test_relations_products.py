"""Who makes a product, read from appositions and "from" phrases, on invented
sentences with look-alikes that must give no fact.

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
        # the maker's possessive and a product noun, with a technology term between
        (
            "Customers can now use Pellan Studio, Quantel Corp.'s AI design assistant, "
            "inside the app.",
            ("Quantel Corp.", "develops", "Pellan Studio"),
        ),
        # "its family of <technology>": a collective noun of products
        (
            "Veltra Inc. said the two would work on Orvix, its family of open language models.",
            ("Veltra Inc.", "develops", "Orvix"),
        ),
        # "a model from X"
        (
            "The service runs on Nimbus-7 Turbo, a model from Veltra Inc., the startup "
            "backed by Solvix.",
            ("Veltra Inc.", "develops", "Nimbus-7 Turbo"),
        ),
        # ", from X"
        (
            "The ranking put Nimbus 3.5, from Veltra Inc., ahead of rivals.",
            ("Veltra Inc.", "develops", "Nimbus 3.5"),
        ),
    ],
)
def test_the_maker_of_a_product(
    extractor: Extractor, text: str, expected: tuple[str, str, str]
) -> None:
    assert expected in facts(extractor, text)


@pytest.mark.parametrize(
    "text",
    [
        # a unit whose description holds a product noun ("car unit")
        "Brightwave Labs, Quantel Corp.'s self-driving car unit, said it raised $1 billion.",
        # a rival
        "Brightwave Labs, Quantel Corp.'s biggest rival, said it raised $1 billion.",
    ],
)
def test_look_alikes_name_no_maker(extractor: Extractor, text: str) -> None:
    assert not {f for f in facts(extractor, text) if f[1] == "develops"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a unit whose description holds a product noun: "cloud business"
        (
            "Orvanta expanded its partnership with Quantel Web Services, Quantel Corp.'s "
            "cloud business, last year.",
            {("Quantel Web Services", "part_of", "Quantel Corp.")},
        ),
        # a place in the description of an arm
        (
            "The robots will work at Solvix Manufacturing, the U.S. arm of Solvix Inc., "
            "from March.",
            {("Solvix Manufacturing", "part_of", "Solvix Inc.")},
        ),
        # a list of units
        (
            "She led sales across several of Quantel Corp.'s businesses, including its "
            "Veltra and Brightwave units.",
            {("Veltra", "part_of", "Quantel Corp."), ("Brightwave", "part_of", "Quantel Corp.")},
        ),
        # "the X-owned ..."
        (
            "Tessaly, the Quantel-owned code hosting service, released a preview.",
            {("Tessaly", "part_of", "Quantel")},
        ),
    ],
)
def test_units_described_like_products_are_units(
    extractor: Extractor, text: str, expected: set[tuple[str, str, str]]
) -> None:
    found = facts(extractor, text)
    assert expected <= found, expected - found
    assert not {f for f in found if f[1] == "develops" and (f[2], "part_of", f[0]) in expected}


def test_state_owned_names_no_owner(extractor: Extractor) -> None:
    text = "The state-owned lender Brightwave Bank, a rival of Quantel Corp., said it would grow."
    assert not {f for f in facts(extractor, text) if f[1] == "part_of"}
