"""What the parse says about a name's type: products by their syntax.

Invented sentences with invented names (not from the development sets), parsed by the
real pipeline; each positive has a look-alike negative.
"""

from __future__ import annotations

import pytest
from spacy.language import Language

from kgraph.extract.mentions import _product_by_syntax
from kgraph.nlp.loader import load_pipeline

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_pipeline()


def is_product(nlp: Language, text: str, name: str) -> bool:
    doc = nlp(text)
    start = next(i for i, t in enumerate(doc) if doc[i : i + len(name.split())].text == name)
    return _product_by_syntax(doc[start : start + len(name.split())].root)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Hooli released Nucleus last week to rave reviews.", "Nucleus"),
        ("Pied Piper unveiled Zephyr on Monday.", "Zephyr"),
        ("Orion was launched in March by the startup.", "Orion"),
        ("Hooli also announced Nucleus, a set of software tools for developers.", "Nucleus"),
        ("The lab became famous for Quasar, the program that beat the champion.", "Quasar"),
        ("The Zephyr maker said sales doubled.", "Zephyr"),
        ("Hooli uses the model in products including Nucleus and Orbit.", "Orbit"),
        ("Its best-known products include Nucleus and Orbit.", "Nucleus"),
    ],
)
def test_product_constructions(nlp: Language, text: str, name: str) -> None:
    assert is_product(nlp, text, name)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Hooli acquired Globex last week.", "Globex"),  # acquired: a company
        ("Hooli, the chip maker, said sales doubled.", "Hooli"),  # a maker is a company
        ("Analysts including Jane Doe expect a recovery.", "Jane Doe"),  # not a product list
        ("Its investors include Sequoia and Accel.", "Sequoia"),
        ("Hooli partnered with Globex on Monday.", "Globex"),
    ],
)
def test_look_alikes_are_not_products(nlp: Language, text: str, name: str) -> None:
    assert not is_product(nlp, text, name)
