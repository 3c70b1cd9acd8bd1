"""The dependency-path fallback (kgraph.extract.paths) on invented sentences.

Each positive is a construction no pattern or verb rule reads; each negative is a
look-alike the guards must stop (another clause, another list item, a verb between a
title and the person, another name on the path, speculation, no clear direction).
"""

from __future__ import annotations

import pytest

from kgraph.extract.records import Extractor

from .conftest import rules_of
from .conftest import typed_facts as facts

pytestmark = pytest.mark.model


def path_facts(extractor: Extractor, text: str) -> set[tuple[str, str, str, str]]:
    """(subject, predicate, object, rule) of the facts the path fallback found."""
    return {f for f in rules_of(extractor, text) if f[3].startswith("path:")}


@pytest.mark.parametrize(
    ("text", "fact"),
    [
        # a verb inside a relative clause, its object a possessive
        (
            "The departure follows the exit of Mira Castell, who led Zentrix's research "
            "team, and several colleagues.",
            ("Mira Castell", "employee_of", "Zentrix"),
        ),
        # a place inside the apposition's compound
        (
            "Its biggest customer is Zentrix, the Lisbon-based AI group, which has "
            "partnered with Hooli.",
            ("Zentrix", "headquartered_in", "Lisbon"),
        ),
    ],
)
def test_a_trigger_on_the_path_gives_the_fact(
    extractor: Extractor, text: str, fact: tuple[str, str, str]
) -> None:
    assert fact in facts(extractor, text)


@pytest.mark.parametrize(
    ("text", "wrong"),
    [
        # the title belongs to another person, across a verb
        (
            "The unit will be led by Tara Moss, Zentrix's chief executive officer, who "
            "will report to Dmitri Volkov, Hooli's president.",
            ("Dmitri Volkov", "Zentrix"),
        ),
        # two clauses joined by "while": who worked where is not crossed over
        (
            "Tara Moss previously worked as a researcher at Zentrix, while Dmitri Volkov "
            "came from Hooli.",
            ("Tara Moss", "Hooli"),
        ),
        # two list items: one's title says nothing of the other
        (
            "She co-founded Quorvant with Hooli co-founder Tara Moss and former Zentrix "
            "researcher Dmitri Volkov.",
            ("Tara Moss", "Zentrix"),
        ),
        # speculation
        (
            "Hooli Systems said it might invest in Zentrix Corp. next year.",
            ("Hooli Systems", "Zentrix Corp."),
        ),
    ],
)
def test_guards_stop_look_alikes(extractor: Extractor, text: str, wrong: tuple[str, str]) -> None:
    assert not {f for f in path_facts(extractor, text) if (f[0], f[2]) == wrong}


def test_an_investor_in_someones_company_gives_no_direction(extractor: Extractor) -> None:
    # "an existing investor in Tara Moss's company": the investor is not Tara Moss, and
    # her company is not named, so nothing is said.
    text = "The round was led by Quorvant Capital, an existing investor in Tara Moss's startup."
    assert not {f for f in path_facts(extractor, text) if f[1] == "invests_in"}
