"""Second-round relation constructions (units, ownership, funding, competition,
titles, headquarters moves), on invented sentences with positives and look-alikes.

The names differ from every evaluation set on purpose: the rules are for news they
were not written for.
"""

from __future__ import annotations

import pytest

from kgraph.extract.records import Extractor

from .conftest import rules_of
from .conftest import typed_facts as facts

pytestmark = pytest.mark.model


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # unit named in an apposition with its parent's possessive
        (
            "The report cited research from Veltra, Quantel Corp.'s threat research group.",
            {("Veltra", "part_of", "Quantel Corp.")},
        ),
        # the parent's possessive unit, then its name
        (
            "Solvix Inc. has been expanding its data storage unit, Solvix Vault, which "
            "competes with Amazon.",
            {("Solvix Vault", "part_of", "Solvix Inc.")},
        ),
        # "X's parent Y"
        (
            "Brightwave Inc. rejected an offer from Tessaly's parent Orvanta Holdings.",
            {("Tessaly", "part_of", "Orvanta Holdings")},
        ),
        # "with A, B and C also taking part" in a round
        (
            "Quantel Corp. raised $200 million in a round led by Harbor Ventures, with "
            "Pinecrest Capital, Redline Partners and Oakmont Group also taking part.",
            {
                ("Pinecrest Capital", "invests_in", "Quantel Corp."),
                ("Redline Partners", "invests_in", "Quantel Corp."),
                ("Oakmont Group", "invests_in", "Quantel Corp."),
            },
        ),
        # "New investors A, B and C also joined." after a raise
        (
            "Quantel Corp. has raised $300 million in a funding round. New investors "
            "Pinecrest Capital, Redline Partners and Oakmont Group also joined.",
            {
                ("Pinecrest Capital", "invests_in", "Quantel Corp."),
                ("Oakmont Group", "invests_in", "Quantel Corp."),
            },
        ),
        # nominal competition, both lists
        (
            "Analysts said the merger would put Quantel Corp. in more direct competition "
            "with storage specialists such as Veltra Inc. and with chip vendors including "
            "Orvanta Holdings and Brightwave Inc.",
            {
                ("Quantel Corp.", "competitor_of", "Veltra Inc."),
                ("Quantel Corp.", "competitor_of", "Orvanta Holdings"),
                ("Quantel Corp.", "competitor_of", "Brightwave Inc."),
            },
        ),
        # copular possessive title
        (
            "Ravi Menon is Solvix Inc.'s chief technology officer.",
            {("Ravi Menon", "employee_of", "Solvix Inc.")},
        ),
        # "ROLE of DEPARTMENT at ORG" after "is now"
        (
            "Ravi Menon is now a senior vice president of engineering at Solvix Inc.",
            {("Ravi Menon", "employee_of", "Solvix Inc.")},
        ),
        # "serve as ROLE of A and then as ROLE of B"
        (
            "Ravi Menon went on to serve as president of Quantel Corp. and then as chief "
            "executive of Solvix Inc.",
            {
                ("Ravi Menon", "employee_of", "Quantel Corp."),
                ("Ravi Menon", "ceo_of", "Solvix Inc."),
            },
        ),
        # headquarters move: the new seat
        (
            "Quantel Corp. will move its world headquarters to Denver, Colorado, the company said.",
            {("Quantel Corp.", "headquartered_in", "Denver")},
        ),
        # an organisation's team as the object of "join", past a relative clause
        (
            "Priya Raman, who had been Solvix Inc.'s chief financial officer since 2019, "
            "has joined Quantel Corp.'s executive leadership team.",
            {
                ("Priya Raman", "employee_of", "Solvix Inc."),
                ("Priya Raman", "employee_of", "Quantel Corp."),
            },
        ),
        # running a company is working there too
        (
            "Ravi Menon ran the networking firm Tessaly Systems for a decade.",
            {
                ("Ravi Menon", "ceo_of", "Tessaly Systems"),
                ("Ravi Menon", "employee_of", "Tessaly Systems"),
            },
        ),
        # copular shareholder, with anaphora
        (
            "Ravi Menon holds about 9% of Quantel Corp. He is also one of the company's "
            "largest shareholders.",
            {("Ravi Menon", "invests_in", "Quantel Corp.")},
        ),
        # a relative clause without "that"
        (
            "Quantel Corp. said it would sell a stake in Brightwave Inc., the sensor maker "
            "it bought in 2015.",
            {("Quantel Corp.", "acquires", "Brightwave Inc.")},
        ),
        # "whose" reads as a possessive
        (
            "Veltra Inc., whose Orbit software competes with rivals, was founded in 2012.",
            {("Veltra Inc.", "develops", "Orbit")},
        ),
        # a subject inherited over four steps: co-founding, moving, before, worked
        (
            "Ravi Menon worked as a designer at Quantel Corp. in Berlin before moving to "
            "Paris and co-founding Solvix Inc. with Priya Raman in 2010.",
            {
                ("Ravi Menon", "founder_of", "Solvix Inc."),
                ("Priya Raman", "founder_of", "Solvix Inc."),
            },
        ),
        # "made acquisitions, including A in 2017 and B in 2020"
        (
            "Quantel Corp., which is based in Denver, Colorado, has made a string of "
            "software acquisitions over the past decade, including Brightwave in 2017 and "
            "Tessaly Systems in 2020.",
            {
                ("Quantel Corp.", "acquires", "Brightwave"),
                ("Quantel Corp.", "acquires", "Tessaly Systems"),
            },
        ),
        # a bare title in the attribution of a sentence about an organisation
        (
            "Quantel Corp. will move its headquarters to Denver, chief executive Ravi Menon "
            "said on Tuesday.",
            {("Ravi Menon", "ceo_of", "Quantel Corp.")},
        ),
        # a unit described in an apposition belongs to the company its name begins with
        (
            "Quantel Corp. plans to cut costs. Quantel Foundry, the manufacturing unit "
            "Ravi Menon created, has lost billions of dollars.",
            {("Quantel Foundry", "part_of", "Quantel Corp.")},
        ),
        # majority ownership
        (
            "Quantel Corp. said it will sell a stake in Brightwave Inc., and it still owns "
            "a majority of Veltra Inc., the sensor company.",
            {("Veltra Inc.", "part_of", "Quantel Corp.")},
        ),
        (
            "Solvix Inc. holds a controlling stake in Tessaly Systems.",
            {("Tessaly Systems", "part_of", "Solvix Inc.")},
        ),
        # a relative clause on a plural apposition to a list holds for every name
        (
            "Brightwave was founded in 2019 by Ravi Menon, Priya Raman and Tomas Berg, "
            "three chip architects who had worked on the processors inside the phone at "
            "Quantel Corp.",
            {
                ("Ravi Menon", "employee_of", "Quantel Corp."),
                ("Priya Raman", "employee_of", "Quantel Corp."),
                ("Tomas Berg", "employee_of", "Quantel Corp."),
            },
        ),
        # "all four" is the last list of four names, not the nearer list of three
        (
            "Solvix Inc. was founded in 2015 by Ravi Menon, Priya Raman, Tomas Berg and "
            "Lena Hoff. Menon, Raman and Berg had previously started Veltra, and all four "
            "then worked in Quantel Corp.'s cloud security group before leaving to start "
            "Solvix Inc.",
            {
                ("Ravi Menon", "employee_of", "Quantel Corp."),
                ("Lena Hoff", "employee_of", "Quantel Corp."),
            },
        ),
        # "both" as a subject
        (
            "Ravi Menon and Priya Raman met at university. Both later joined Quantel Corp. "
            "as engineers.",
            {
                ("Ravi Menon", "employee_of", "Quantel Corp."),
                ("Priya Raman", "employee_of", "Quantel Corp."),
            },
        ),
        # named to a post of a role at an organisation
        (
            "Priya Raman, who was named to the newly created post of chief executive of "
            "Solvix Devices, will report to the board.",
            {("Priya Raman", "ceo_of", "Solvix Devices")},
        ),
        # "another <place> <technology> startup", "the <place> startup whose ..."
        (
            "Earlier this year Quantel Corp. acquired Veltra, another Lisbon AI startup, "
            "for an undisclosed sum.",
            {("Veltra", "headquartered_in", "Lisbon")},
        ),
        (
            "Quantel Corp. has completed its acquisition of Veltra, the Lisbon startup "
            "whose software shares chips between workloads.",
            {("Veltra", "headquartered_in", "Lisbon")},
        ),
        # a relative clause without a relative pronoun: its noun is the object
        (
            "Veltra, the startup Quantel acquired last year, said it would grow.",
            {("Quantel", "acquires", "Veltra")},
        ),
        # headquarters in two cities
        (
            "Quantel Corp., which has its headquarters in Lisbon and Denver, said it would grow.",
            {
                ("Quantel Corp.", "headquartered_in", "Lisbon"),
                ("Quantel Corp.", "headquartered_in", "Denver"),
            },
        ),
        # a list of titled founders: each is a founder and holds its own title
        (
            "Solvix Inc. was founded in 2015 in Denver. Its co-founders include chief "
            "executive Ravi Menon, chief technology officer Priya Raman and executive "
            "chairman Tomas Berg.",
            {
                ("Ravi Menon", "founder_of", "Solvix Inc."),
                ("Ravi Menon", "ceo_of", "Solvix Inc."),
                ("Priya Raman", "founder_of", "Solvix Inc."),
                ("Priya Raman", "employee_of", "Solvix Inc."),
                ("Tomas Berg", "founder_of", "Solvix Inc."),
                ("Tomas Berg", "employee_of", "Solvix Inc."),
            },
        ),
    ],
)
def test_phrasing_gives_the_facts(
    extractor: Extractor, text: str, expected: set[tuple[str, str, str]]
) -> None:
    found = facts(extractor, text)
    assert expected <= found, expected - found


@pytest.mark.parametrize(
    ("text", "predicate"),
    [
        # negation and speculation are no headquarters move
        (
            "Quantel Corp. is not moving its headquarters to Denver, a spokesman said.",
            "headquartered_in",
        ),
        (
            "Quantel Corp. is considering whether to move its headquarters to Denver.",
            "headquartered_in",
        ),
        # a denied purchase is no acquisition
        (
            "Quantel Corp. denied it had bought Brightwave Inc., the sensor maker it bought "
            "last year.",
            "acquires",
        ),
        # not joining a team
        ("Ravi Menon has not joined Quantel Corp.'s leadership team.", "employee_of"),
        # praising a team is no employment
        ("Ravi Menon praised Quantel Corp.'s security team.", "employee_of"),
        # "also taking part" outside a funding round is no investment
        (
            "Quantel Corp. signed a deal with Veltra Inc., its partner in Europe, with "
            "Solvix Inc. also taking part in talks.",
            "invests_in",
        ),
        # a possessive non-title, non-stake noun after "is"
        ("Ravi Menon is Solvix Inc.'s biggest critic.", "employee_of"),
        ("Brightwave Inc. is Quantel Corp.'s largest customer.", "invests_in"),
        # a rival in an apposition is no unit
        ("The report named Veltra, Quantel Corp.'s biggest rival, and Solvix Inc.", "part_of"),
        # a list of companies is no unit apposition
        (
            "Orvanta Holdings, Tessaly Systems, Quantel Corp. and Solvix Inc. attended the "
            "conference.",
            "part_of",
        ),
        # the buyers a sale went to are not what the seller once bought
        (
            "Last year Quantel Corp. sold its remaining stake in Veltra, the survey "
            "software company it agreed to buy in 2018, to private equity firm Harbor "
            "Lake and Tessaly Pension Fund.",
            "acquires",
        ),
        # considering acquisitions is not making them
        ("Solvix Inc. is weighing acquisitions, including Veltra Inc.", "acquires"),
        # an attribution without an organisation subject names no employer
        ("Analysts expect rates to rise, chief economist Ravi Menon said.", "employee_of"),
        # a unit whose name starts with no organisation of the text
        ("Quantel Foundry, the manufacturing unit he created, has lost money.", "part_of"),
        # a denied majority and a minority stake are no ownership
        ("Solvix Inc. does not own a majority of Tessaly Systems.", "part_of"),
        ("Solvix Inc. holds a minority stake in Tessaly Systems.", "part_of"),
        # the sale of a stake is no acquisition of the company
        ("Quantel Corp. said it will sell a stake in Brightwave Inc.", "acquires"),
        # a counted noun phrase is no quantified list
        (
            "Solvix Inc. was founded by Ravi Menon, Priya Raman, Tomas Berg and Lena Hoff. "
            "Four analysts later joined Quantel Corp.",
            "employee_of",
        ),
        # not named
        (
            "Priya Raman was not named to the post of chief executive of Solvix Devices.",
            "ceo_of",
        ),
    ],
)
def test_look_alike_gives_no_fact(extractor: Extractor, text: str, predicate: str) -> None:
    assert not {f for f in facts(extractor, text) if f[1] == predicate}


def test_competition_needs_a_putting_verb(extractor: Extractor) -> None:
    text = "Quantel Corp. said competition with vendors such as Veltra Inc. was fierce."
    assert not {f for f in facts(extractor, text) if f[1] == "competitor_of"}


def test_a_group_of_an_organisation_in_a_list_is_no_unit(extractor: Extractor) -> None:
    text = "Speakers came from Veltra, Solvix Inc., Quantel Corp.'s research group and others."
    assert ("Solvix Inc.", "part_of", "Quantel Corp.") not in facts(extractor, text)


def test_untitled_founders_get_no_title(extractor: Extractor) -> None:
    found = facts(extractor, "Solvix Inc.'s founders are Ravi Menon and Priya Raman.")
    assert ("Priya Raman", "founder_of", "Solvix Inc.") in found
    assert not {f for f in found if f[1] in ("employee_of", "ceo_of")}


def test_headquarters_in_a_city_and_its_region_is_the_city(extractor: Extractor) -> None:
    found = facts(extractor, "Quantel Corp. has its headquarters in San Jose, California.")
    assert ("Quantel Corp.", "headquartered_in", "San Jose") in found
    assert ("Quantel Corp.", "headquartered_in", "California") not in found


def test_the_company_opening_a_sentence_is_the_story_s_company(extractor: Extractor) -> None:
    text = (
        "Veltra released a preview. The Lisbon-based company, which Quantel Corp. bought "
        "for $7.5 billion in 2018, first showed the project last November."
    )
    found = facts(extractor, text)
    assert ("Veltra", "headquartered_in", "Lisbon") in found
    # Not the subject of the relative clause, by any rule or the path fallback.
    assert ("Quantel Corp.", "headquartered_in", "Lisbon") not in found


def test_a_title_with_its_field_before_the_employer(extractor: Extractor) -> None:
    text = (
        "Ravi Menon, vice president of product and partnerships at Quantel Corp., said "
        "the two companies would explore it."
    )
    # Read by the title rule itself (with the role kept), not only by the path fallback.
    fact = ("Ravi Menon", "employee_of", "Quantel Corp.", "name-comma-title-of-org")
    assert fact in rules_of(extractor, text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Ravi Menon served as Quantel Corp.'s chief executive until 2020.",
            ("Ravi Menon", "ceo_of", "Quantel Corp."),
        ),
        (
            "Ravi Menon, who championed the deal as Quantel Corp.'s co-chief executive, "
            "left the company.",
            ("Ravi Menon", "ceo_of", "Quantel Corp."),
        ),
        (
            "Ravi Menon, who joined as Quantel Corp.'s chief financial officer in 2019, "
            "will leave.",
            ("Ravi Menon", "employee_of", "Quantel Corp."),
        ),
    ],
)
def test_a_role_in_an_as_phrase(
    extractor: Extractor, text: str, expected: tuple[str, str, str]
) -> None:
    assert expected in facts(extractor, text)


@pytest.mark.parametrize(
    "text",
    [
        "Ravi Menon did not serve as Quantel Corp.'s chief executive.",
        "Ravi Menon praised Veltra as Quantel Corp.'s best partner.",
    ],
)
def test_look_alikes_of_a_role_in_an_as_phrase(extractor: Extractor, text: str) -> None:
    found = facts(extractor, text)
    assert not {f for f in found if f[0] == "Ravi Menon" and f[1] in ("ceo_of", "employee_of")}
