"""Relation constructions beyond a verb and its own arguments, on invented sentences.

Each test names the construction it guards; the names differ from the development
sets (seeds, eval/dev2) on purpose: the rules are for news they were not written for.
"""

from __future__ import annotations

import pytest

from kgraph.extract.mentions import context_cue
from kgraph.extract.records import Extractor
from kgraph.model import Document

from .conftest import mentions_of
from .conftest import typed_facts as facts

pytestmark = pytest.mark.model


@pytest.mark.parametrize(
    ("text", "fact"),
    [
        # a relative pronoun as the subject stands for the noun its clause modifies
        (
            "The deal was announced by Quantel Corp., which acquired Brightwave Inc. in 2019.",
            ("Quantel Corp.", "acquires", "Brightwave Inc."),
        ),
        # ... and as the object
        (
            "Shares rose at Brightwave Inc., a sensor maker that Quantel Corp. acquired in 2019.",
            ("Quantel Corp.", "acquires", "Brightwave Inc."),
        ),
        # a definite description refers back to the company the text is about
        (
            "Quantel Corp. reported higher sales on Monday. The chipmaker also acquired "
            "Brightwave Inc. for $300 million.",
            ("Quantel Corp.", "acquires", "Brightwave Inc."),
        ),
        # a subject "he" stands for the last person who was a subject
        (
            "Ravi Menon joined the board of Solvix Inc. last year. He previously founded "
            "Tessaly Robotics and sold it in 2020.",
            ("Ravi Menon", "founder_of", "Tessaly Robotics"),
        ),
        # a passive verb coordinated with another shares its passive subject
        (
            "Tessaly Robotics was founded in 2010 and was acquired by Quantel Corp. in 2014.",
            ("Quantel Corp.", "acquires", "Tessaly Robotics"),
        ),
        # the subject of a verb under a preposition ("before joining X")
        (
            "Anna Kowalski, who had worked at Siemens Energy before joining Quantel Corp. "
            "in 2018, said she was leaving.",
            ("Anna Kowalski", "employee_of", "Quantel Corp."),
        ),
        # a participle whose agent founded the noun it modifies
        (
            "Tessaly Labs, the robotics company set up by former banker Ravi Menon, has raised "
            "$20 million.",
            ("Ravi Menon", "founder_of", "Tessaly Labs"),
        ),
        # a passive whose subject is the relation's subject
        (
            "Ravi Menon, a former chess champion who was born in Porto, runs the lab.",
            ("Ravi Menon", "born_in", "Porto"),
        ),
        (
            "Quantel Corp., headquartered in Lyon, reported higher sales on Monday.",
            ("Quantel Corp.", "headquartered_in", "Lyon"),
        ),
        # a plural role before a coordinated list of people
        (
            "The startup was founded by former Quantel executives Ravi Menon and David Chen.",
            ("David Chen", "employee_of", "Quantel"),
        ),
        # "worked as a <role> at <org>"
        (
            "Ravi Menon previously worked as a researcher at Quantel Corp. in Lyon.",
            ("Ravi Menon", "employee_of", "Quantel Corp."),
        ),
        # "built on (top of)" a product
        (
            "Solvix Inc. released Helix, a language model built on top of Quantel's Orca 2 model.",
            ("Helix", "uses", "Orca 2"),
        ),
        # "<investor> participated, as did A, B and C": the company that raised the round
        (
            "Tessaly Robotics raised $50 million in a round led by Solvix Ventures. "
            "Quantel Corp. participated, as did Brightwave Capital and Norrland Partners.",
            ("Norrland Partners", "invests_in", "Tessaly Robotics"),
        ),
        # an apposition, not a compound modifier, names the people
        (
            "Tessaly Labs, founded by former Quantel executives Ravi Menon and David Chen, "
            "raised $20 million.",
            ("David Chen", "founder_of", "Tessaly Labs"),
        ),
        # a generic term with a named apposition: the name is meant
        (
            "Quantel Corp. launched its own chatbot, Zeno, in March.",
            ("Quantel Corp.", "develops", "Zeno"),
        ),
        # the object of a relative clause, read on the surface
        (
            "Regulators reviewed Brightwave, a sensor startup that Quantel Corp. acquired in 2021.",
            ("Quantel Corp.", "acquires", "Brightwave"),
        ),
        # "the <product> maker" is the company the text is about
        (
            "Quantel Corp. reported record sales on Monday. Analysts said demand for the "
            "Zentrix maker would keep growing.",
            ("Quantel Corp.", "develops", "Zentrix"),
        ),
        # "as <role> at <org>" far from the subject
        (
            "Ravi Menon, who serves as the startup's chief executive, previously worked as "
            "a researcher at Quantel Corp. in Lyon.",
            ("Ravi Menon", "employee_of", "Quantel Corp."),
        ),
        # "<place>, <region>, and <verb>" is no list
        (
            "Ravi Menon, who was born in Porto, Portugal, and moved to Lyon as a child, "
            "runs the lab.",
            ("Porto", "located_in", "Portugal"),
        ),
        # the same role at a second organisation: "a co-founder of A and of B"
        (
            "Quantel Corp. hired Ravi Menon, a co-founder of Solvix's predecessor Brightwave "
            "and of startup Tessaly Labs, to run a new unit.",
            ("Ravi Menon", "founder_of", "Tessaly Labs"),
        ),
        (
            "Quantel Corp. hired Ravi Menon, a co-founder of Solvix's predecessor Brightwave "
            "and of startup Tessaly Labs, to run a new unit.",
            ("Ravi Menon", "founder_of", "Brightwave"),
        ),
        # "a new model called X"
        (
            "Quantel Corp. released a new model called Zentrix-7B on Monday.",
            ("Quantel Corp.", "develops", "Zentrix-7B"),
        ),
        # ownership and funding phrased as compounds and appositions
        (
            "Analysts praised the Siemens–Bosch partnership announced on Monday.",
            ("Siemens", "partner_of", "Bosch"),
        ),
        (
            "The company signed a partnership between Quantel Corp. and Solvix Inc. last year.",
            ("Quantel Corp.", "partner_of", "Solvix Inc."),
        ),
        (
            "Brightwave Inc., a Quantel subsidiary, makes sensors.",
            ("Brightwave Inc.", "part_of", "Quantel"),
        ),
        (
            "Shares of SoftBank-backed Tessaly Robotics rose on Monday.",
            ("SoftBank", "invests_in", "Tessaly Robotics"),
        ),
        (
            "Solvix Ventures led a $50 million round in Brightwave Inc., the company said.",
            ("Solvix Ventures", "invests_in", "Brightwave Inc."),
        ),
        (
            "Solvix Ventures co-led Tessaly Robotics's Series B round.",
            ("Solvix Ventures", "invests_in", "Tessaly Robotics"),
        ),
        (
            "Tessaly Robotics raised $50 million on Monday. Solvix Ventures led the round, "
            "with participation from Quantel Corp.",
            ("Solvix Ventures", "invests_in", "Tessaly Robotics"),
        ),
        # owning: active and passive
        (
            "Quantel Corp. owns Brightwave Inc. and Solvix Inc., records show.",
            ("Solvix Inc.", "part_of", "Quantel Corp."),
        ),
        (
            "Brightwave Inc. is owned by Quantel Corp., records show.",
            ("Brightwave Inc.", "part_of", "Quantel Corp."),
        ),
        # the named members of "investors including ...", "backers such as ..."
        (
            "Tessaly Robotics raised $50 million from investors including Solvix Ventures "
            "and Norrland Partners, the company said.",
            ("Norrland Partners", "invests_in", "Tessaly Robotics"),
        ),
        (
            "Tessaly Robotics raised $50 million from backers such as Solvix Ventures and "
            "Norrland Partners, the company said.",
            ("Solvix Ventures", "invests_in", "Tessaly Robotics"),
        ),
        # "Y, a former X executive"
        (
            "The board hired Ravi Menon, a former Quantel Corp. executive, last year.",
            ("Ravi Menon", "employee_of", "Quantel Corp."),
        ),
    ],
)
def test_construction_gives_the_fact(
    extractor: Extractor, text: str, fact: tuple[str, str, str]
) -> None:
    assert fact in facts(extractor, text)


def test_a_name_modifying_the_antecedent_is_not_it(extractor: Extractor) -> None:
    # "which" hangs off "executives": Quantel only modifies them, it raised nothing.
    text = (
        "Rivals include Tessaly, founded by former Quantel executives Ravi Menon and "
        "David Chen, which has raised $80 million from Solvix Ventures."
    )
    assert ("Solvix Ventures", "invests_in", "Quantel") not in facts(extractor, text)


def test_he_is_not_the_last_person_merely_named(extractor: Extractor) -> None:
    text = (
        "Ravi Menon co-founded Tessaly Robotics in 2015 with David Chen and others. "
        "He previously founded the messaging app Quillr."
    )
    got = facts(extractor, text)
    assert ("David Chen", "founder_of", "Quillr") not in got


def test_born_in_takes_one_place(extractor: Extractor) -> None:
    text = "Ravi Menon, who was born in Porto, Portugal, and moved to Lyon as a child, runs it."
    got = facts(extractor, text)
    assert ("Ravi Menon", "born_in", "Porto") in got
    assert ("Ravi Menon", "born_in", "Portugal") not in got


def test_born_in_needs_the_passive(extractor: Extractor) -> None:
    # An active "bear" says nothing about a birthplace.
    got = facts(extractor, "Ravi Menon bore the costs in Porto himself, records show.")
    assert not {f for f in got if f[1] == "born_in"}


def test_leading_research_at_a_company_is_not_leading_it(extractor: Extractor) -> None:
    text = (
        "Anna Kowalski, who previously led robotics research at Quantel Corp., will join "
        "Solvix Inc. in Lyon."
    )
    assert ("Anna Kowalski", "ceo_of", "Quantel Corp.") not in facts(extractor, text)
    assert ("Ravi Menon", "ceo_of", "Quantel Corp.") in facts(
        extractor, "Ravi Menon, who has led Quantel Corp. since 2019, declined to comment."
    )


def test_an_investment_firm_is_no_funding_round(extractor: Extractor) -> None:
    text = (
        "Tessaly Robotics raised $50 million on Monday. Investors include Norrland "
        "Partners, a technology investment firm backed by Solvix Ventures."
    )
    got = facts(extractor, text)
    assert ("Solvix Ventures", "invests_in", "Tessaly Robotics") not in got


def test_an_owner_named_after_a_possessive_is_no_unit(extractor: Extractor) -> None:
    got = facts(extractor, "The deal hands Brightwave's owner Quantel Group a win.")
    assert ("Quantel Group", "part_of", "Brightwave") not in got
    unit = facts(extractor, "Engineers at Brightwave's research arm Quantel Group built it.")
    assert ("Quantel Group", "part_of", "Brightwave") in unit


def test_a_stake_is_no_ownership(extractor: Extractor) -> None:
    got = facts(extractor, "Quantel Corp. owns a 10% stake in Brightwave Inc., records show.")
    assert not {f for f in got if f[1] == "part_of"}


# --- Anaphora: which organisation "the company" and "its" stand for ------------------


def test_the_company_is_the_organisation_the_story_is_about(extractor: Extractor) -> None:
    # An organisation that was the last subject, in an earlier sentence, is not "the
    # company" of a story that has named another one more often.
    text = (
        "Zentrix Corp. unveiled a new wafer-sized processor on Monday. Analysts said "
        "Zentrix had beaten its rivals. Zentrix will ship the chip in June. Hooli, which "
        "dominates the market, is expected to respond next week. Mira Castell, the "
        "company's co-founder and chief executive, said demand was strong."
    )
    got = facts(extractor, text)
    assert ("Mira Castell", "ceo_of", "Zentrix") in got
    assert ("Mira Castell", "ceo_of", "Hooli") not in got


def test_the_company_in_the_subjects_own_sentence_is_that_subject(extractor: Extractor) -> None:
    text = (
        "Quorvant unveiled a new processor on Monday. Quorvant says the chip is fast. "
        "Hooli said on Friday that Mira Castell, the company's chief executive, would retire."
    )
    assert ("Mira Castell", "ceo_of", "Hooli") in facts(extractor, text)


def test_the_company_as_an_object_is_not_its_own_subject(extractor: Extractor) -> None:
    # "Zentrix invested in the company": another organisation (else "itself").
    text = (
        "Hooli, the search startup, raised $2 billion this year. Hooli said its sales "
        "doubled. Zentrix invested $500 million in the company in October."
    )
    assert ("Zentrix", "invests_in", "Hooli") in facts(extractor, text)
    text = (
        "Zentrix reported higher sales. Zentrix also hired staff. Hooli, the search "
        "startup, grew. Zentrix put $500 million into the San Diego-based startup."
    )
    got = facts(extractor, text)
    assert ("Hooli", "headquartered_in", "San Diego") in got
    assert ("Zentrix", "headquartered_in", "San Diego") not in got
    # As a subject, "the company" still continues the subject before it.
    text = (
        "Hooli Inc. raised money. Hooli hired staff. Zentrix Corp. reported higher sales. "
        "The company invested $5 million in Quorvant Labs."
    )
    assert ("Zentrix Corp.", "invests_in", "Quorvant Labs") in facts(extractor, text)


def test_it_after_a_round_is_the_round(extractor: Extractor) -> None:
    text = (
        "Hooli said on Monday it had raised $50 million. The round was led by Zentrix "
        "Capital. It also included Quorvane Ventures and Tarvo Partners."
    )
    got = facts(extractor, text)
    assert ("Quorvane Ventures", "invests_in", "Hooli") in got
    assert ("Tarvo Partners", "invests_in", "Hooli") in got
    # "It" after a sentence about something else is the company, and what it
    # includes is no investor.
    text = (
        "Hooli Labs said on Monday it had raised $50 million. Hooli Labs launched a "
        "chip. It also includes Quorvane Ventures software."
    )
    assert not any(p == "invests_in" for _, p, _ in facts(extractor, text))


def test_the_firm_right_after_a_name_is_that_name(extractor: Extractor) -> None:
    text = (
        "Hooli Labs said it had raised $235 million. Investors include Zentrix and Tarvo, "
        "along with Quorvane Ventures, the firm co-founded by actor Mara Quint."
    )
    got = facts(extractor, text)
    assert ("Mara Quint", "founder_of", "Quorvane Ventures") in got
    assert ("Mara Quint", "founder_of", "Hooli Labs") not in got
    # After a person, "the company's" is still the story's organisation.
    text = "Hooli Labs raised money. Mara Quint, the company's co-founder, said demand was strong."
    assert ("Mara Quint", "founder_of", "Hooli Labs") in facts(extractor, text)


def test_a_described_company_is_an_anaphor_too(extractor: Extractor) -> None:
    # "the cybersecurity company": "the", up to two common modifiers, the noun.
    text = (
        "Hooli Labs said on Friday that a faulty update to Wexa, the cybersecurity "
        "company's software for laptops, had crashed machines."
    )
    assert ("Hooli Labs", "develops", "Wexa") in facts(extractor, text)
    # Right after "<organisation> ," it is that organisation's apposition.
    text = (
        "Zentrix Corp. raised $10 billion. The round was led by Quorvane Capital, "
        "the venture firm run by Mara Quint."
    )
    got = facts(extractor, text)
    assert ("Mara Quint", "ceo_of", "Quorvane Capital") in got
    assert ("Mara Quint", "ceo_of", "Zentrix Corp.") not in got


def test_a_described_company_as_an_object_is_the_story_organisation(
    extractor: Extractor,
) -> None:
    # Not the last organisation that was a subject, in an earlier sentence.
    text = (
        "Hooli Labs grew fast. Hooli Labs hired staff. Zentrix Corp. said it would sue. "
        "Mara Quint co-founded the Austin-based company in 2011."
    )
    got = facts(extractor, text)
    assert ("Hooli Labs", "headquartered_in", "Austin") in got
    assert ("Zentrix Corp.", "headquartered_in", "Austin") not in got


def test_it_after_the_company_in_its_sentence_is_that_company(extractor: Extractor) -> None:
    from kgraph.extract.relations import _antecedents, _token_map

    text = (
        "Quorvane Inc. will buy Tarvex Inc. for $35 billion. Quorvane Inc. said it would "
        "pay cash. Tarvex Inc. said the deal recognised the value it had built. Mara "
        "Quint, executive chair of Quorvane Inc., who co-founded the company in 1986 "
        "and led it until last year, said the two companies shared customers."
    )
    doc = extractor.nlp(text)
    rec = extractor.extract(doc, Document("t.txt", "t.txt", text))
    coref = _antecedents(doc, rec.mentions, _token_map(rec.mentions, doc))
    last_it = max(i for i in coref if doc[i].lower_ == "it")
    company = next(i for i in coref if doc[i].lower_ == "company")
    # "... co-founded the company and led it": not Tarvex, the last subject before.
    assert rec.mentions[coref[last_it]].text == rec.mentions[coref[company]].text
    assert rec.mentions[coref[company]].text == "Quorvane Inc."


def test_an_institution_is_never_the_company(extractor: Extractor) -> None:
    # The last subject before "the company" is a regulator: the company is the story's.
    text = (
        "Zentrix Inc. raised $50 million. The European Commission cleared the deal "
        "on Monday. Mara Quint, the company's chief executive, said it would grow."
    )
    got = facts(extractor, text)
    assert ("Mara Quint", "ceo_of", "Zentrix Inc.") in got
    assert ("Mara Quint", "ceo_of", "European Commission") not in got


def test_its_title_after_a_name_says_a_person(extractor: Extractor) -> None:
    doc = extractor.nlp("It was founded by Omri Tarvo, its chief executive, in 2018.")
    start = next(t.i for t in doc if t.text == "Omri")
    assert context_cue(doc, start, start + 2, "ORG") == "PERSON"


def test_its_after_an_organisation_in_the_same_sentence_is_that_organisation(
    extractor: Extractor,
) -> None:
    text = (
        "Quorvant launched a search engine on Monday. "
        "New rules bar Hooli Systems from selling its H800 processors abroad."
    )
    got = facts(extractor, text)
    assert ("Hooli Systems", "develops", "H800") in got
    assert ("Quorvant", "develops", "H800") not in got


# --- Model codes: "Nvidia's H100" -------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "code", "is_product"),
    [
        ("Analysts compared Hooli's H100 with the rival chip.", "H100", True),
        ("Hooli will stop selling the A800 and H800 processors in China.", "A800", True),
        ("The MI300X accelerator ships in December.", "MI300X", True),
        # Codes that name no product, and codes without a product context.
        ("Leaders met at the G20 summit in Rome.", "G20", False),
        ("Revenue rose in FY24, the company said.", "FY24", False),
        ("Voters in district B12 went to the polls.", "B12", False),
    ],
)
def test_model_codes_are_products_in_a_product_context(
    extractor: Extractor, text: str, code: str, is_product: bool
) -> None:
    assert ((code, "PRODUCT") in mentions_of(extractor, text)) is is_product


def test_the_place_company_without_based_is_the_story_organisation(extractor: Extractor) -> None:
    text = (
        "Zentrix Corp. raised $40 million on Monday. "
        "The Lisbon company said it would hire 50 engineers."
    )
    assert ("Zentrix Corp.", "headquartered_in", "Lisbon") in facts(extractor, text)


def test_a_place_company_apposition_is_not_the_story_organisation(extractor: Extractor) -> None:
    text = (
        "Zentrix Corp. raised $40 million on Monday. It competes with Hooli Systems, the "
        "Lisbon company behind the Orbit app."
    )
    assert ("Zentrix Corp.", "headquartered_in", "Lisbon") not in facts(extractor, text)


def test_a_subject_description_continues_the_last_subject(extractor: Extractor) -> None:
    # "The chipmaker" right after a sentence about Hooli is Hooli, though the story
    # named Zentrix more often.
    text = (
        "Zentrix Corp. raised $40 million. Analysts said Zentrix would grow. Zentrix hired "
        "staff. Hooli Systems did not invest. The Lisbon-based chipmaker agreed to buy "
        "Quorvant Inc. in May."
    )
    got = facts(extractor, text)
    assert ("Hooli Systems", "headquartered_in", "Lisbon") in got
    assert ("Zentrix Corp.", "headquartered_in", "Lisbon") not in got


@pytest.mark.parametrize(
    ("text", "fact"),
    [
        # an appointment "as its chief executive": "its" is the organisation that
        # appoints, not one named in an apposition on the person
        (
            "Zentrix Corp. raised money. Investors bought the company in 2022 and named "
            "Linda Vance, a former advertising executive at Quantel Inc., as its chief "
            "executive in June.",
            ("Linda Vance", "ceo_of", "Zentrix Corp."),
        ),
        (
            "Zentrix Corp. appointed Mira Castell as chief executive of Quantel Inc.",
            ("Mira Castell", "ceo_of", "Quantel Inc."),
        ),
        # "<org>, where <person> is <title>"
        (
            "A spokesperson for Zentrix Corp., where Mira Castell is president and chief "
            "operating officer, did not respond.",
            ("Mira Castell", "employee_of", "Zentrix Corp."),
        ),
        # "run by <title> A and B": the title is their role there
        (
            "Zentrix Corp. raised money. It is run by co-chief executives Tara Moss and "
            "Dmitri Volkov, who took over in 2021.",
            ("Dmitri Volkov", "ceo_of", "Zentrix Corp."),
        ),
    ],
)
def test_appointments_and_workplaces(
    extractor: Extractor, text: str, fact: tuple[str, str, str]
) -> None:
    assert fact in facts(extractor, text)


def test_its_is_not_an_organisation_in_an_apposition(extractor: Extractor) -> None:
    text = (
        "Zentrix Corp. raised money. Investors bought the company in 2022 and named "
        "Linda Vance, a former advertising executive at Quantel Inc., as its chief "
        "executive in June."
    )
    assert ("Linda Vance", "ceo_of", "Quantel Inc.") not in facts(extractor, text)


@pytest.mark.parametrize(
    ("text", "fact"),
    [
        # a possessive apostrophe without "s" after a name ending in s
        (
            "Hooli Motors' Quorvant unit has not carried paying passengers since May.",
            ("Quorvant", "part_of", "Hooli Motors"),
        ),
        # the participants of a round named as a list before "participated in"
        (
            "Zentrix Corp. said it had raised $5.6 billion in a funding round. Hooli "
            "Capital, Quantel Partners and Brightwave Ventures also participated in the "
            "round, the company said.",
            ("Quantel Partners", "invests_in", "Zentrix Corp."),
        ),
    ],
)
def test_units_and_round_participants(
    extractor: Extractor, text: str, fact: tuple[str, str, str]
) -> None:
    assert fact in facts(extractor, text)


def test_a_named_unit_after_a_possessive_is_no_product(extractor: Extractor) -> None:
    text = "Hooli Motors' Quorvant unit has not carried paying passengers since May."
    assert ("Hooli Motors", "develops", "Quorvant") not in facts(extractor, text)


@pytest.mark.parametrize(
    ("text", "fact", "holds"),
    [
        # a possessive alone names units, sites and events as well as products
        (
            "Hooli Systems' Zentrix is testing driverless cars in Lisbon.",
            ("Hooli Systems", "develops", "Zentrix"),
            False,
        ),
        (
            "Hooli Systems' Quorvant will host its developer conference next week.",
            ("Hooli Systems", "develops", "Quorvant"),
            False,
        ),
        # a model number, inner capitals or a product noun say it is a product
        (
            "Hooli Systems' Quorvant 2 model answers questions.",
            ("Hooli Systems", "develops", "Quorvant 2"),
            True,
        ),
        (
            "Users pick Hooli Systems' Zentrix Nano model for phones.",
            ("Hooli Systems", "develops", "Zentrix Nano"),
            True,
        ),
    ],
)
def test_a_possessive_makes_a_product_only_with_evidence(
    extractor: Extractor, text: str, fact: tuple[str, str, str], holds: bool
) -> None:
    assert (fact in facts(extractor, text)) is holds


def test_the_company_behind_a_product_with_an_article(extractor: Extractor) -> None:
    text = "Zentrix AI, the London-based startup behind the Quillon image generator, said so."
    assert ("Zentrix AI", "develops", "Quillon") in facts(extractor, text)


# --- Rivals of the story, arms named by a place, a city before its region ------------


def test_a_rival_without_an_owner_is_the_story_organisations(extractor: Extractor) -> None:
    text = (
        "CrowdStrike Holdings said its shares fell. CrowdStrike apologized. "
        "Shares of rival SentinelOne rose on Friday."
    )
    assert ("CrowdStrike", "competitor_of", "SentinelOne") in facts(extractor, text)
    text = (
        "TSMC said it would build a plant. TSMC hired staff. "
        "Samsung Electronics, another rival, is building a plant in Taylor."
    )
    assert ("TSMC", "competitor_of", "Samsung Electronics") in facts(extractor, text)
    # An organisation before "rival" in the clause is the one it rivals.
    text = (
        "Zentrix Corp. said it would hire staff. "
        "Zentrix Corp. grew as it competed with rival Hooli Labs."
    )
    assert ("Zentrix Corp.", "competitor_of", "Hooli Labs") in facts(extractor, text)


def test_no_rival_where_the_text_denies_it(extractor: Extractor) -> None:
    text = "TSMC said it would build a plant. Quorvane, not a rival, supplies it with tools."
    assert not any(p == "competitor_of" for _, p, _ in facts(extractor, text))


def test_an_organisation_named_with_a_place_is_its_arm_there(extractor: Extractor) -> None:
    text = (
        "Quorvane raised money. Quorvane said on Monday that Quorvane Arizona would build a plant."
    )
    assert ("Quorvane Arizona", "part_of", "Quorvane") in facts(extractor, text)
    # A sector word is no place: "Quorvane Robotics" is no arm by its name alone.
    text = text.replace("Arizona", "Robotics")
    assert ("Quorvane Robotics", "part_of", "Quorvane") not in facts(extractor, text)


def test_a_city_before_its_region_is_the_headquarters(extractor: Extractor) -> None:
    got = facts(extractor, "Hsinchu, Taiwan-based Quorvane Corp. said it would build a plant.")
    assert ("Quorvane Corp.", "headquartered_in", "Hsinchu") in got


def test_majority_or_wholly_owned_by_is_part_of(extractor: Extractor) -> None:
    text = (
        "Zentrix is majority-owned by Hooli Labs. "
        "Quorvane, a company wholly owned by Hooli Labs, makes chips."
    )
    got = facts(extractor, text)
    assert ("Zentrix", "part_of", "Hooli Labs") in got
    assert ("Quorvane", "part_of", "Hooli Labs") in got
    # Denied or hypothetical ownership is no fact.
    text = "Zentrix is not majority-owned by Hooli Labs, the company said."
    assert ("Zentrix", "part_of", "Hooli Labs") not in facts(extractor, text)


def test_rivals_such_as_or_rivals_include(extractor: Extractor) -> None:
    text = "Analysts worry that Zentrix Corp. is losing ground to rivals such as Hooli Labs."
    assert ("Zentrix Corp.", "competitor_of", "Hooli Labs") in facts(extractor, text)
    text = "Zentrix Corp.'s main rivals include Hooli Labs and Quorvane Systems."
    got = facts(extractor, text)
    assert ("Zentrix Corp.", "competitor_of", "Hooli Labs") in got
    # "customers such as ..." are no rivals.
    text = "Zentrix Corp. sells chips to customers such as Hooli Labs."
    assert not any(p == "competitor_of" for _, p, _ in facts(extractor, text))


def test_a_bare_title_apposition_works_for_the_story_organisation(extractor: Extractor) -> None:
    text = (
        "Zentrix Corp. said revenue rose. Mara Quint, the chief financial officer, "
        "told analysts that the company expected growth."
    )
    assert ("Mara Quint", "employee_of", "Zentrix Corp.") in facts(extractor, text)
    # A title of another organisation is read by the rules that name it.
    text = (
        "Zentrix Corp. said revenue rose. Mara Quint, the chief financial officer of "
        "Hooli Labs, told analysts that demand was weak."
    )
    assert ("Mara Quint", "employee_of", "Zentrix Corp.") not in facts(extractor, text)


def test_headquarters_behind_a_longer_apposition_and_a_two_word_region(
    extractor: Extractor,
) -> None:
    text = "Quorvane, founded in 1970 and based in Canonsburg, Pennsylvania, develops software."
    assert ("Quorvane", "headquartered_in", "Canonsburg") in facts(extractor, text)
    text = "Secaucus, New Jersey-based Tarvex Systems was founded in 1994."
    assert ("Tarvex Systems", "headquartered_in", "Secaucus") in facts(extractor, text)


def test_a_subject_company_continues_only_a_near_subject(extractor: Extractor) -> None:
    # The last subject organisation is two sentences back: the story's organisation.
    text = (
        "Nvidia Corp. said revenue rose. Nvidia Corp. hired staff. Insight Partners had "
        "invested in Wexa. The deal deepens Nvidia Corp.'s presence in Israel. The Santa "
        "Clara, California-based company bought Mellanox in 2020."
    )
    got = facts(extractor, text)
    assert ("Nvidia Corp.", "headquartered_in", "Santa Clara") in got
    assert ("Insight Partners", "headquartered_in", "Santa Clara") not in got


def test_also_took_part_after_a_round(extractor: Extractor) -> None:
    text = (
        "Hooli Inc. said it had raised $500 million. The round was led by PSP Investments. "
        "Zentrix Corp., Japan's Fujitsu and Export Development Canada also took part."
    )
    got = facts(extractor, text)
    assert ("Zentrix Corp.", "invests_in", "Hooli Inc.") in got
    assert ("Export Development Canada", "invests_in", "Hooli Inc.") in got
    # "Japan's Fujitsu": Fujitsu invested; Japan is only its possessor.
    assert ("Fujitsu", "invests_in", "Hooli Inc.") in got
    assert not any(s == "Japan" for s, _, _ in got)
    # No round named in this sentence or the one before: taking part is no investing.
    text = (
        "Hooli Inc. raised $500 million last year. Hooli Inc. hosted a conference on "
        "Monday. Zentrix Corp. and Quorvane Inc. also took part."
    )
    assert not any(p == "invests_in" and s != "Hooli Inc." for s, p, _ in facts(extractor, text))


def test_a_possessor_after_a_comma_is_no_region(extractor: Extractor) -> None:
    got = facts(extractor, "Offices in Wexford, Ireland grew. Paris, France's capital, grew.")
    assert ("Wexford", "located_in", "Ireland") in got
    assert ("Paris", "located_in", "France") not in got


def test_a_name_the_model_missed_as_a_subject_is_the_nearer_organisation(
    extractor: Extractor,
) -> None:
    text = (
        "Nvidia Corp. said revenue rose. The European Commission cleared the deal. "
        "Wex:ai was founded in 2018 by Omri Tarvo, its chief executive."
    )
    got = facts(extractor, text, missed="Wex:ai")
    assert ("Omri Tarvo", "ceo_of", "Wex:ai") in got
    assert ("Omri Tarvo", "ceo_of", "European Commission") not in got


def test_remaining_or_becoming_a_title_of_the_story_organisation(extractor: Extractor) -> None:
    text = "Zentrix Corp. hired Mara Quint. Tarvo Lind will remain chief technology officer."
    assert ("Tarvo Lind", "employee_of", "Zentrix Corp.") in facts(extractor, text)
    text = (
        "Hooli Labs said its founder would leave. Mara Quint, the startup's general "
        "counsel, will become interim chief executive."
    )
    assert ("Mara Quint", "ceo_of", "Hooli Labs") in facts(extractor, text)
    # A title of a named organisation is read by the rules that name it, not the story's.
    text = (
        "Zentrix Corp. bought Hooli Labs. Tarvo Lind, who has run Hooli Labs since 1991, "
        "will stay on as chief executive of Hooli Labs until the end of the year."
    )
    assert ("Tarvo Lind", "ceo_of", "Zentrix Corp.") not in facts(extractor, text)


def test_a_place_described_company_after_a_person_is_the_reporting_subject(
    extractor: Extractor,
) -> None:
    text = (
        "Zentrix Corp. hired Mara Quint on Monday. She will report to chief executive "
        "Tarvo Lind, the Redmond, Washington-based company said on Tuesday."
    )
    assert ("Zentrix Corp.", "headquartered_in", "Redmond") in facts(extractor, text)
    # After an organisation it is that organisation's apposition (another rule's).
    text = "Hooli Labs, the Redmond-based company, said on Tuesday it would grow."
    assert ("Hooli Labs", "headquartered_in", "Redmond") in facts(extractor, text)


#: A story about Nvidia, then about Wex:ai, "its" software and "the startup".
_WEX_STORY = (
    "Nvidia Corp. bought Wex:ai. Nvidia Corp. said sales rose. Nvidia Corp. hired "
    "staff. Wex:ai was founded in 2018 by Mara Quint. Its software runs on "
    "Kubernetes. The startup raised $118 million from investors including Tarvo "
    "Partners."
)


def test_its_keeps_the_company_near_for_a_later_the_startup(extractor: Extractor) -> None:
    got = facts(extractor, _WEX_STORY)
    assert ("Tarvo Partners", "invests_in", "Wex:ai") in got
    assert ("Tarvo Partners", "invests_in", "Nvidia Corp.") not in got


def test_a_later_object_company_does_not_replace_a_latent_subject(extractor: Extractor) -> None:
    got = facts(extractor, _WEX_STORY, missed="Wex:ai")
    assert ("Tarvo Partners", "invests_in", "Wex:ai") in got
    assert ("Tarvo Partners", "invests_in", "Kubernetes") not in got


def test_a_group_or_department_name_is_the_whole_organisation(extractor: Extractor) -> None:
    text = (
        "Hooli said on Monday that Hooli Group would split. Zentrix Labs, a unit of "
        "Zentrix, grew. The Commerce Department and Commerce staff agreed."
    )
    got = facts(extractor, text)
    assert ("Hooli Group", "part_of", "Hooli") not in got
    assert ("Commerce Department", "part_of", "Commerce") not in got
    assert ("Zentrix Labs", "part_of", "Zentrix") in got
