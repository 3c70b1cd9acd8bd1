"""Who makes a product, read from appositions and "from" phrases, on invented
sentences with look-alikes that must give no fact.

The names differ from every evaluation set on purpose.
"""

from __future__ import annotations

import pytest

from kgraph.extract.records import Extractor

from .conftest import mentions_of
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
        # a list after the maker's possessive
        (
            "The rules bar sales of several chips, including Veltra Inc.'s Nimbus A8 and "
            "Nimbus H8.",
            ("Veltra Inc.", "develops", "Nimbus H8"),
        ),
        # "whose <name> <number> <product noun>": the model labels no name there
        (
            "The main rival is Veltra Inc., whose Orvix 3 headset costs $499.",
            ("Veltra Inc.", "develops", "Orvix 3"),
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


def test_what_a_product_is_built_into_uses_it(extractor: Extractor) -> None:
    text = (
        "Quantel Corp. said Vexa assistant is built into Quantel Meetings, Quantel Team "
        "Chat and Quantel Mail."
    )
    found = facts(extractor, text)
    for user in ("Quantel Meetings", "Quantel Team Chat", "Quantel Mail"):
        assert (user, "uses", "Vexa") in found
    # Built into a product is not made by it (the dependency path runs over "build").
    assert not {f for f in found if f[1] == "develops" and f[0] == "Vexa"}


def test_what_a_part_will_be_used_in_uses_it(extractor: Extractor) -> None:
    text = "Its newest memory, Vexa 3E, will be used in Quantel's Orbis X9 accelerators."
    assert ("Orbis X9", "uses", "Vexa 3E") in facts(extractor, text)
    text = "Quantel Corp. said the Orbis X9 chip was used in Taipei last year."
    assert not {f for f in facts(extractor, text) if f[1] == "uses"}


@pytest.mark.parametrize(
    ("text", "name", "label"),
    [
        # a product name going on after a technology acronym, in running text
        ("Quantel Corp. said Quantel AI Companion would reach paid users in May.",
         "Quantel AI Companion", "PRODUCT"),
        ("Customers can turn AI Companion on or off at the account level.",
         "AI Companion", "PRODUCT"),
    ],
)  # fmt: skip
def test_a_product_name_goes_on_after_a_technology_acronym(
    extractor: Extractor, text: str, name: str, label: str
) -> None:
    assert (name, label) in mentions_of(extractor, text)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("The Quantel AI Act takes effect next year, Quantel Corp. said.", "Quantel AI Act"),
        ("Britain's AI Safety Institute tested the Vexa model.", "AI Safety Institute"),
    ],
)
def test_laws_and_institutions_after_an_acronym_are_no_products(
    extractor: Extractor, text: str, name: str
) -> None:
    assert (name, "PRODUCT") not in mentions_of(extractor, text)


def test_a_name_the_text_calls_an_event_is_no_entity(extractor: Extractor) -> None:
    def names(text: str) -> set[str]:
        return {name for name, _ in mentions_of(extractor, text)}

    shown = "Quantel Corp. first showed the Orbis X9 chip at Quantel Universe last November."
    assert "Quantel Universe" in names(shown)
    # Called a conference once: every mention of it goes.
    text = "Quantel Corp. announced it at its Quantel Universe conference. " + shown
    assert "Quantel Universe" not in names(text)
    assert "Orbis X9" in names(text)


def test_a_name_and_number_the_model_took_for_a_date_is_a_product(
    extractor: Extractor,
) -> None:
    text = "Google offers Gemini Code Assist, and Meta sells the Quest 3 headset."
    doc = extractor.nlp(text)
    assert ("Quest 3", "DATE") in {(e.text, e.label_) for e in doc.ents}  # the premise
    assert ("Quest 3", "PRODUCT") in mentions_of(extractor, text)
    # A real date stays out.
    text = "Meta sold 3 million headsets in June 2024, it said on March 5."
    assert not {name for name, _ in mentions_of(extractor, text)} & {"June 2024", "March 5"}
