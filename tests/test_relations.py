"""Relation rules on short real sentences (real English pipeline), with negatives.

The sentences are not from the seed corpus: they check that each pattern family
generalises to news it was not written for.
"""

from __future__ import annotations

import pytest

from kgraph.extract.records import Extractor
from kgraph.model import Document, Mention, Relation

from .conftest import mentions_of
from .conftest import typed_facts as facts

pytestmark = pytest.mark.model


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Nvidia CEO Jensen Huang spoke at the conference on Tuesday.",
            ("Jensen Huang", "ceo_of", "Nvidia"),
        ),
        (
            "Google founder and chief executive Larry Page declined to comment.",
            ("Larry Page", "founder_of", "Google"),
        ),
        (
            "Google founder and chief executive Larry Page declined to comment.",
            ("Larry Page", "ceo_of", "Google"),
        ),
        (
            "The company said Jane Fraser, chief executive of Citigroup, would attend.",
            ("Jane Fraser", "ceo_of", "Citigroup"),
        ),
        (
            "The co-founder of Airbnb, Brian Chesky, unveiled the plan.",
            ("Brian Chesky", "founder_of", "Airbnb"),
        ),
        (
            "Mary Barra, a Detroit native, has led the carmaker for a decade.",
            ("Mary Barra", "born_in", "Detroit"),
        ),
        (
            "Paris-based Mistral released a new model on Monday.",
            ("Mistral", "headquartered_in", "Paris"),
        ),
        (
            "Samsung opened its new headquarters in Seoul last year.",
            ("Samsung", "headquartered_in", "Seoul"),
        ),
    ],
)
def test_apposition_and_compound_titles(
    extractor: Extractor, text: str, expected: tuple[str, str, str]
) -> None:
    assert expected in facts(extractor, text)


def test_role_list_gives_one_fact_per_employer(extractor: Extractor) -> None:
    text = (
        "The team hired Anna Weber, who was formerly a researcher at Siemens Research, "
        "an engineer at Bosch Software Innovations, and the chief architect of SAP Labs."
    )
    got = {f for f in facts(extractor, text) if f[1] == "employee_of"}
    assert {o for _, _, o in got} >= {"Siemens Research", "Bosch Software Innovations"}


def test_unit_named_after_parent_is_part_of_it(extractor: Extractor) -> None:
    got = facts(extractor, "Researchers at the Samsung Advanced Institute joined Samsung.")
    assert ("Samsung Advanced Institute", "part_of", "Samsung") in got
    assert ("Samsung", "part_of", "Samsung Advanced Institute") not in got


def test_funding_round_investors(extractor: Extractor) -> None:
    text = (
        "IBM announced the closing of a Series B round led by Sequoia Capital, with "
        "participation from investors including Microsoft and Salesforce."
    )
    got = facts(extractor, text)
    assert ("Sequoia Capital", "invests_in", "IBM") in got
    assert ("Microsoft", "invests_in", "IBM") in got
    assert ("Salesforce", "invests_in", "IBM") in got


def test_coordinated_subject_gives_symmetric_partnership(extractor: Extractor) -> None:
    got = facts(extractor, "Oracle and Microsoft will collaborate on cloud infrastructure.")
    assert ("Microsoft", "partner_of", "Oracle") in got or (
        "Oracle",
        "partner_of",
        "Microsoft",
    ) in got


def test_cooccurrence_alone_is_not_a_relation(extractor: Extractor) -> None:
    got = facts(extractor, "Shares of Intel and Ford fell on Monday in New York.")
    assert not {f for f in got if f[1] in ("partner_of", "competitor_of", "acquires")}


def test_negated_acquisition_is_not_a_fact(extractor: Extractor) -> None:
    got = facts(extractor, "Microsoft denied that it would acquire Activision.")
    assert ("Microsoft", "acquires", "Activision") not in got


def test_speculative_acquisition_is_not_a_fact(extractor: Extractor) -> None:
    got = facts(extractor, "Apple is in talks to buy Shazam, people familiar said.")
    assert ("Apple", "acquires", "Shazam") not in got


def test_plain_acquisition_is_a_fact(extractor: Extractor) -> None:
    got = facts(extractor, "Microsoft acquired LinkedIn in a deal announced on Monday.")
    assert ("Microsoft", "acquires", "LinkedIn") in got


def test_model_size_name_is_a_product(extractor: Extractor) -> None:
    doc = extractor.nlp("Meta released Llama-70B to researchers.")
    rec = extractor.extract(doc, Document("t.txt", "t.txt", doc.text))
    assert ("Llama-70B", "PRODUCT") in {(m.text, m.type) for m in rec.mentions}


def test_a_name_the_model_missed_is_typed_by_the_pattern_that_binds_it(
    extractor: Extractor,
) -> None:
    text = "Broadcom president and chief executive Hock Tan has spent a decade buying companies."
    assert ("Hock Tan", "ceo_of", "Broadcom") in facts(extractor, text)
    assert ("Broadcom", "ORG") in mentions_of(extractor, text)


def test_an_unbound_latent_name_does_not_become_an_entity() -> None:
    from kgraph.extract.patterns import LATENT
    from kgraph.extract.records import _settle_latent

    ms = [
        Mention(0, 6, "Zorbax", LATENT, 0, "pattern"),
        Mention(10, 17, "Acme AI", "ORG", 0),
        Mention(20, 26, "Quorra", LATENT, 0, "pattern"),
    ]
    rel = Relation(1, "develops", 2, 0, 0.8, "verb:launch")
    kept, rels, votes = _settle_latent(ms, (rel,), {2: "PRODUCT"})
    assert [(m.text, m.type) for m in kept] == [("Acme AI", "ORG"), ("Quorra", "PRODUCT")]
    assert [(r.subject, r.object) for r in rels] == [(0, 1)]
    assert votes == (("Quorra", "PRODUCT", 3.0),)


def test_anaphoric_funding_round_credits_the_company_that_raised_it(
    extractor: Extractor,
) -> None:
    text = (
        "Mistral AI raised 385 million euros on Monday. The round was led by Andreessen "
        "Horowitz, with participation from Lightspeed Venture Partners and Salesforce."
    )
    got = facts(extractor, text)
    assert ("Andreessen Horowitz", "invests_in", "Mistral AI") in got
    assert ("Lightspeed Venture Partners", "invests_in", "Mistral AI") in got
    assert ("Salesforce", "invests_in", "Mistral AI") in got


def test_nominal_acquisition_is_a_fact_unless_hedged(extractor: Extractor) -> None:
    done = facts(extractor, "Oracle said it had completed its acquisition of Cerner.")
    assert ("Oracle", "acquires", "Cerner") in done
    dropped = facts(extractor, "Oracle abandoned its proposed acquisition of Cerner.")
    assert ("Oracle", "acquires", "Cerner") not in dropped


def test_versioned_names_are_products(extractor: Extractor) -> None:
    got = mentions_of(extractor, "Meta released Llama 2 and Mistral shipped Mixtral 8x7B.")
    assert ("Llama 2", "PRODUCT") in got
    assert ("Mixtral 8x7B", "PRODUCT") in got
    quantities = mentions_of(extractor, "Sales rose 15 percent in Phase 2 of the plan.")
    assert not any(typ == "PRODUCT" for _, typ in quantities)


def test_title_case_headline_is_re_cased_for_the_model(extractor: Extractor) -> None:
    got = mentions_of(
        extractor, "Giants in the Chip Industry – Qualcomm, Alibaba and WIMI Enter the Battlefield"
    )
    names = {text for text, _ in got}
    assert {"Qualcomm", "Alibaba"} <= names
    assert not names & {"Giants", "Battlefield"}


def test_co_founded_with_companions_names_every_founder(extractor: Extractor) -> None:
    text = (
        "Jensen Huang grew up in Oregon. Huang co-founded Nvidia in 1993 with Chris "
        "Malachowsky and Curtis Priem, and Nvidia chief executive Jensen Huang still runs it."
    )
    got = facts(extractor, text)
    assert ("Chris Malachowsky", "founder_of", "Nvidia") in got
    assert ("Curtis Priem", "founder_of", "Nvidia") in got


def test_an_investment_records_the_amount_stated(extractor: Extractor) -> None:
    text = (
        "Anthropic closed a $450 million Series C round led by Spark Capital, with "
        "participation from Google and Salesforce."
    )
    doc = extractor.nlp(text)
    rec = extractor.extract(doc, Document("t.txt", "t.txt", text))
    amounts = {
        (rec.mentions[r.subject].text, dict(r.attrs).get("amount"))
        for r in rec.relations
        if r.predicate == "invests_in"
    }
    assert ("Spark Capital", "$450 million") in amounts


def test_no_pattern_starts_with_a_list() -> None:
    """Regression: a list macro at the start of a pattern is tried from every member
    of a long list and made extraction quadratic (seconds per document)."""
    from importlib import resources

    import yaml

    data = yaml.safe_load(resources.files("kgraph.data").joinpath("relations.yaml").read_text())
    for spec in data["patterns"]:
        first = spec["pattern"].split()[0]
        assert not first.startswith(("{ORGS", "{ANYS", "{PERSONS", "{PLACES")), spec["name"]
