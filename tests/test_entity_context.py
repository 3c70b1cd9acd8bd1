"""What a name's context says it is, whatever the model's label: people by age, by the
pronoun of what they said and by a role; organisations and products by an apposition
*before* the name; names the model missed; a sentence the parser cut inside a name.

Invented sentences with invented names, through the real pipeline; each positive has
a look-alike negative.
"""

from __future__ import annotations

import pytest
from spacy.tokens import Doc

from kgraph.extract.mentions import (
    Candidate,
    _preceding_apposition,
    context_cue,
    person_by_context,
)
from kgraph.extract.names import repeated_names
from kgraph.extract.records import Extractor
from kgraph.model import Document

from .conftest import typed_facts

pytestmark = pytest.mark.model


def _span(doc: Doc, name: str) -> tuple[int, int]:
    words = name.split()
    for i in range(len(doc) - len(words) + 1):
        if [t.text for t in doc[i : i + len(words)]] == words:
            return i, i + len(words)
    raise AssertionError(f"{name!r} not in {doc.text!r}")


def _records(extractor: Extractor, text: str, *, drop_entities: bool = False) -> dict[str, str]:
    doc = extractor.nlp(text)
    if drop_entities:
        doc.ents = []  # as if the model had missed every name
    rec = extractor.extract(doc, Document(doc_id="t", source_path="t", text=text))
    return {m.text: m.type for m in rec.mentions}


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Kesavan, 58, who has run Zentrix since 2019, will step down.", "Kesavan"),
        ("Kesavan said he would focus on customers.", "Kesavan"),
        ("Kesavan did not say whether she planned further acquisitions.", "Kesavan"),
        ("Dravik Olsen said on Monday that his company had opened a plant.", "Dravik Olsen"),
        (
            "Varun Kesavan, the senior vice-president who led the unit, will take over.",
            "Varun Kesavan",
        ),
        # a job title in apposition
        ("Dravik Olsen, Zentrix's chief executive, said the deal would close.", "Dravik Olsen"),
        ("Dravik Olsen, a former chief financial officer of Zentrix, joined.", "Dravik Olsen"),
        # "who" stands for people
        (
            "Zentrix was founded by five engineers, including Dravik Olsen, who has chaired "
            "its board since 2003.",
            "Dravik Olsen",
        ),
    ],
)
def test_the_context_says_a_name_is_a_person(extractor: Extractor, text: str, name: str) -> None:
    doc = extractor.nlp(text)
    start, end = _span(doc, name)
    # Whatever the model said: an organisation label is outvoted by the cue.
    assert context_cue(doc, start, end, "ORG") == "PERSON"


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Zentrix said it would hire 200 engineers.", "Zentrix"),
        ("Zentrix, 150, was the largest lender.", "Zentrix"),  # no age
        ("Zentrix said the founder would stay.", "Zentrix"),
        ("Zentrix told analysts that its chief executive would stay.", "Zentrix"),
        ("The deal was backed by Zentrix, which has invested since 2003.", "Zentrix"),
        # roles the parse hangs off an institution's name
        (
            "She was a researcher at Zentrix Research Institute, an advanced speech "
            "scientist at Hooli, and the chief scientist of Quorvane.",
            "Zentrix Research Institute",
        ),
    ],
)
def test_look_alikes_are_no_person(extractor: Extractor, text: str, name: str) -> None:
    doc = extractor.nlp(text)
    start, end = _span(doc, name)
    assert not person_by_context(doc, start, end)


@pytest.mark.parametrize(
    ("text", "name", "typ"),
    [
        ("Olsen said his robotics company, Quorvane, had opened a plant.", "Quorvane", "ORG"),
        ("The startup updated its chatbot, Wexa.", "Wexa", "PRODUCT"),
        (
            "The board thanked its chief executive, Mara Quint, for her work.",
            "Mara Quint",
            "PERSON",
        ),
    ],
)
def test_an_apposition_before_a_name_says_what_it_is(
    extractor: Extractor, text: str, name: str, typ: str
) -> None:
    doc = extractor.nlp(text)
    start, end = _span(doc, name)
    assert context_cue(doc, start, end, "PLACE") == typ


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # A phrase governed by a preposition is no apposition.
        ("At the company, Quorvane engineers worked late.", "Quorvane"),
        # The name runs on: it is the subject of a new clause.
        ("He praised the company, Quorvane said in a statement.", "Quorvane"),
        # A name before the comma, not a kind of thing.
        ("It sold Wexa, Quorvane and two smaller brands.", "Quorvane"),
    ],
)
def test_look_alikes_of_an_apposition_before_a_name(
    extractor: Extractor, text: str, name: str
) -> None:
    doc = extractor.nlp(text)
    start, end = _span(doc, name)
    assert _preceding_apposition(doc, start, end) is None


def test_the_object_of_a_founding_relative_clause_is_an_organisation(
    extractor: Extractor,
) -> None:
    doc = extractor.nlp("They praised Quorvane, which Olsen founded last year, for its work.")
    start, end = _span(doc, "Quorvane")
    assert context_cue(doc, start, end, "PLACE") == "ORG"
    # A person who founded something is the subject of the clause, not its object.
    doc = extractor.nlp("They praised Mara Quint, who founded Quorvane last year.")
    start, end = _span(doc, "Mara Quint")
    assert context_cue(doc, start, end, "PERSON") != "ORG"


def test_a_name_the_model_missed_is_a_person_by_what_they_said(extractor: Extractor) -> None:
    text = (
        "Dravik Olsen said on Monday that his company had opened a plant. "
        "Olsen founded the company in 2015."
    )
    got = _records(extractor, text, drop_entities=True)
    assert got.get("Dravik Olsen") == "PERSON"
    assert got.get("Olsen") == "PERSON"
    # Capitalised words with no such context stay unnamed.
    got = _records(extractor, "Labor Day sales rose on Monday.", drop_entities=True)
    assert "Labor Day" not in got


def test_no_sentence_starts_between_two_words_of_a_line(extractor: Extractor) -> None:
    text = (
        "Credit: Business Journal\n\n"
        "Elon Musk said over the weekend that his company had switched on Colossus."
    )
    sents = [s.text.strip() for s in extractor.nlp(text).sents]
    assert sents[-1].startswith("Elon Musk said")
    # A blank line still starts one, and so does a full stop.
    assert sents[0].startswith("Credit")
    two = [s.text for s in extractor.nlp("It rained. Shares fell.").sents]
    assert len(two) == 2


def test_a_name_with_inner_capitals_is_sought_again(extractor: Extractor) -> None:
    doc = extractor.nlp("Olsen said vTrek would grow. Investors backed vTrek in May.")
    first = _span(doc, "vTrek")
    cands = [Candidate(first[0], first[1], "vTrek", "ORG", "ner", None, False)]
    found = repeated_names(doc, cands, frozenset())
    assert [c.start for c in found if c.text == "vTrek"] == [first[0], len(doc) - 4]


def test_a_forcing_rule_does_not_retype_a_person_named_in_full(extractor: Extractor) -> None:
    from kgraph.extract.patterns import load_rules
    from kgraph.extract.relations import _Context
    from kgraph.model import Mention
    from kgraph.predicates import PredicateRegistry

    text = "Dravik Olsen said so. Blip, Olsen's network, grew. Blip, Hooli's network, grew."
    doc = extractor.nlp(text)
    names = (
        ("Dravik Olsen", "PERSON"),
        ("Blip", "PRODUCT"),
        ("Olsen", "PERSON"),
        ("Hooli", "PERSON"),
    )
    mentions = []
    for name, typ in names:
        start = text.index(name) if name != "Olsen" else text.index("Olsen's")
        mentions.append(Mention(start, start + len(name), name, typ, 0, "ner"))
    ctx = _Context(
        doc,
        mentions,
        load_rules(),
        PredicateRegistry(),
        verbs=extractor._verbs,
        sents=list(doc.sents),
    )
    # "Blip, Olsen's network": "Olsen" is the surname of a person named in full.
    assert not ctx.admits("develops", 2, 1, force=True)
    # A one-word "person" named nowhere in full may be a company the model mistook.
    assert ctx.admits("develops", 3, 1, force=True)


@pytest.mark.parametrize(
    ("text", "name", "label", "typ"),
    [
        # What a maker makes: a product, whatever the model said.
        ("Hooli, the maker of Quill Quest, fell.", "Quill Quest", "ORG", "PRODUCT"),
        ("Hooli, the developer of Wexa, fell.", "Wexa", "ORG", "PRODUCT"),
        # The subject of a corporate verb, whatever place the model saw in it.
        ("Zentrix has completed its acquisition of Hooli Labs.", "Zentrix", "PLACE", "ORG"),
        ("Zentrix unveiled a new chip on Monday.", "Zentrix", "PLACE", "ORG"),
        # The maker of a model code.
        ("It uses Zentrix's Q200 accelerators.", "Zentrix", "PLACE", "ORG"),
        # A possessive and a product kind heading the phrase after the name.
        ("Machines running Hooli's Wexa operating system crashed.", "Wexa", "ORG", "PRODUCT"),
        ("It runs on Hooli's Tarvo inference accelerator.", "Tarvo", "ORG", "PRODUCT"),
        # A city before its region and "-based".
        ("The Tarvo Springs, California-based publisher grew.", "Tarvo Springs", "ORG", "PLACE"),
    ],
)
def test_more_contexts_say_what_a_name_is(
    extractor: Extractor, text: str, name: str, label: str, typ: str
) -> None:
    doc = extractor.nlp(text)
    start, end = _span(doc, name)
    assert context_cue(doc, start, end, label) == typ


@pytest.mark.parametrize(
    ("text", "name", "label"),
    [
        # A person is never what a maker makes; nor is an owner's or a vendor's "of".
        ("Hooli, the maker of Mara Quint's films, fell.", "Mara Quint", "PERSON"),
        ("Hooli, the owner of Quorvane, fell.", "Quorvane", "ORG"),
        # A well-known place owns no model: "China's C919" keeps the place.
        ("It flew China's C919 jet.", "China", "PLACE"),
        # The kind noun modifies another: a unit ("IP products group"), not a product.
        ("He ran Hooli's Tarvo products group.", "Tarvo", "ORG"),
        # A region that is no known place: no city-region evidence.
        ("The Tarvo, Quorvane-based publisher grew.", "Tarvo", "ORG"),
    ],
)
def test_look_alikes_of_those_contexts(
    extractor: Extractor, text: str, name: str, label: str
) -> None:
    doc = extractor.nlp(text)
    start, end = _span(doc, name)
    assert context_cue(doc, start, end, label) not in ("PRODUCT", "PLACE")


def test_a_person_named_after_an_organisation_called_one_stays_an_organisation() -> None:
    from kgraph.extract.records import _vote

    hooli = Candidate(0, 1, "Hooli", "ORG", "ner", None, False)
    full = Candidate(2, 4, "Hooli Quest", "PERSON", "ner", None, False)
    # Only a "person" named after an organisation: one of its products.
    assert _vote([hooli, full], set())[0]["Hooli Quest"] == "PRODUCT"
    # The text also calls it an organisation ("Hooli Quest, the maker of ..."): it is.
    called = Candidate(6, 8, "Hooli Quest", "PERSON", "ner", "ORG", False)
    assert _vote([hooli, full, full, called], set())[0]["Hooli Quest"] == "ORG"


def test_an_organisation_named_by_a_company_and_a_common_word_is_its_product() -> None:
    from kgraph.extract.records import _vote

    words = frozenset({"chat", "team", "research", "health", "search", "park"})

    def typed(
        name: str, *, cue: str | None = None, links: frozenset[tuple[str, str, str]] = frozenset()
    ) -> str:
        hooli = Candidate(0, 1, "Hooli", "ORG", "ner", None, False)
        n = len(name.split())
        full = Candidate(2, 2 + n, name, "ORG", "ner", cue, False)
        return _vote([hooli, full, full], set(links), words)[0][name]

    assert typed("Hooli Team Chat") == "PRODUCT"
    assert typed("Hooli Search") == "PRODUCT"
    assert typed("Hooli 365") == "PRODUCT"
    # The maker named with its legal suffix.
    inc = Candidate(0, 2, "Hooli Inc.", "ORG", "ner", None, False)
    chat = Candidate(3, 5, "Hooli Chat", "ORG", "ner", None, False)
    assert _vote([inc, chat], set(), words)[0]["Hooli Chat"] == "PRODUCT"
    # Units, sectors, legal words, places, institutions and words no dictionary has.
    for name in (
        "Hooli Research",
        "Hooli Health",
        "Hooli Inc",
        "Hooli Arizona",
        "Hooli Xylo",
        "Hooli Park",
    ):
        assert typed(name) == "ORG", name
    # The text calls it an organisation, or names it by a short form: the company.
    assert typed("Hooli Search", cue="ORG") == "ORG"
    assert (
        typed("Hooli Search", links=frozenset({("Hooli", "Hooli Search", "org-short-form")}))
        == "ORG"
    )


def test_a_sector_word_tail_gives_a_company_short_form(extractor: Extractor) -> None:
    text = (
        "Quorvane Automotive said on Monday it would build a plant. "
        "Quorvane will hire 2,000 workers, and Quorvane shares rose."
    )
    rec = extractor.extract(extractor.nlp(text), Document(doc_id="t", source_path="t", text=text))
    assert ("Quorvane", "Quorvane Automotive", "org-short-form") in rec.links
    # A unit is no short form: "Quorvane Cloud" is not "Quorvane".
    text = text.replace("Automotive", "Cloud")
    rec = extractor.extract(extractor.nlp(text), Document(doc_id="t", source_path="t", text=text))
    assert not any(link[2] == "org-short-form" for link in rec.links)


def test_a_span_the_model_made_of_a_list_is_split(extractor: Extractor) -> None:
    from kgraph.extract.names import split_joined_names

    def split(text: str, name: str, typ: str) -> list[str]:
        doc = extractor.nlp(text)
        start, end = _span(doc, name)
        cand = Candidate(start, end, doc[start:end].text, typ, "ner", None, False)
        return [c.text for c in split_joined_names(doc, [cand])]

    text = "It released three models called Wexa, Quill and Tarvo last month."
    assert split(text, "Wexa , Quill and Tarvo", "ORG") == ["Wexa", "Quill", "Tarvo"]
    text = "It released three models called Wexa, Quill and Tarvo last month."
    assert split(text, "Wexa , Quill", "PRODUCT") == ["Wexa", "Quill"]  # "and Tarvo" follows
    # A legal suffix, a place and its region, a name with no list after it.
    text = "Hooli Electronics Co., Ltd. said on Monday it would grow."
    assert split(text, "Hooli Electronics Co. , Ltd.", "ORG") == ["Hooli Electronics Co., Ltd."]
    text = "Santa Clara, California is home to many chipmakers."
    assert split(text, "Santa Clara , California", "ORG") == ["Santa Clara, California"]
    text = "It met Wexa, Quill said."
    assert split(text, "Wexa , Quill", "ORG") == ["Wexa, Quill"]


def test_a_surname_with_its_particle_is_a_short_form(extractor: Extractor) -> None:
    text = "Quorvane was founded by Noam Tarvo and Daniel De Lind. De Lind said it would grow."
    rec = extractor.extract(extractor.nlp(text), Document(doc_id="t", source_path="t", text=text))
    assert ("De Lind", "Daniel De Lind", "short-form") in rec.links


def test_an_institution_named_by_its_head_word_is_a_short_form(extractor: Extractor) -> None:
    text = (
        "The European Commission opened an inquiry into Hooli Labs. "
        "The Commission said Hooli Labs had not notified the deal."
    )
    rec = extractor.extract(extractor.nlp(text), Document(doc_id="t", source_path="t", text=text))
    assert ("Commission", "European Commission", "institution-short-form") in rec.links
    # No full name in the document: the head word alone links to nothing.
    text = "The Commission said Hooli Labs had not notified the deal."
    rec = extractor.extract(extractor.nlp(text), Document(doc_id="t", source_path="t", text=text))
    assert not any(link[2] == "institution-short-form" for link in rec.links)


def test_an_institution_named_by_its_modifier_is_a_short_form(extractor: Extractor) -> None:
    def links(text: str) -> set[tuple[str, str, str]]:
        doc = extractor.nlp(text)
        rec = extractor.extract(doc, Document(doc_id="t", source_path="t", text=text))
        return {link for link in rec.links if link[2] == "institution-short-form"}

    text = (
        "The award is among the largest the Commerce Department has offered. "
        "Commerce Secretary Gina Raimondo said the plants would help."
    )
    assert ("Commerce", "Commerce Department", "institution-short-form") in links(text)
    # Two institutions so named: the word alone is neither.
    text += " The Senate Commerce Committee held a hearing."
    assert not links(text)


def test_an_acronym_opening_a_sentence_is_no_dateline(extractor: Extractor) -> None:
    from kgraph.extract.mentions import candidates

    nlp = extractor.nlp
    doc = nlp("AMD chair and chief executive Mara Quint told analysts on Monday.")
    assert "AMD" in [c.text for c in candidates(doc, nlp)]
    # A dateline still is one: its capitals end at a comma or a dash.
    doc = nlp("SANTA CLARA, California (Wire) - Hooli Labs said on Monday it would grow.")
    got = [c.text for c in candidates(doc, nlp)]
    assert "SANTA CLARA" in got and "Hooli Labs" in got


def test_a_title_in_capitals_is_no_name(extractor: Extractor) -> None:
    from kgraph.extract.mentions import is_title

    assert is_title("Chief Executive Officer") and is_title("President and CEO")
    assert not is_title("Chief Quint") and not is_title("Hooli Labs")
    text = (
        "Mara Quint, President and Chief Executive Officer of Hooli Labs, said the deal "
        "would help. Tarvo Lind, President and Chief Executive Officer of Zentrix Corp., "
        "agreed."
    )
    rec = extractor.extract(extractor.nlp(text), Document(doc_id="t", source_path="t", text=text))
    names = {m.text for m in rec.mentions}
    assert "Chief Executive Officer" not in names
    facts = {(rec.mentions[r.subject].text, r.predicate, rec.mentions[r.object].text)
             for r in rec.relations if r.typed}  # fmt: skip
    assert ("Mara Quint", "ceo_of", "Hooli Labs") in facts


def test_a_legal_name_starts_where_its_capitalised_words_start(extractor: Extractor) -> None:
    from spacy.tokens import Span

    from kgraph.extract.mentions import _legal_name_start

    doc = extractor.nlp("International Business Machines Corp. agreed to buy Hooli Inc.")
    corp = next(t.i for t in doc if t.text == "Corp.")
    # The model began the span one word late: the legal name takes the word before.
    doc.ents = [Span(doc, 1, corp + 1, label="ORG")]
    assert _legal_name_start(doc, 1, corp + 1, 0) == 0
    # Without a legal suffix, or at a person cue, the span stays.
    doc = extractor.nlp("Analyst Hooli Labs said so.")
    assert _legal_name_start(doc, 1, 3, 0) == 1
    doc = extractor.nlp("Chairman Hooli Corp. said so.")
    assert _legal_name_start(doc, 1, 3, 0) == 1


def test_an_institution_name_runs_on_past_on_and_for(extractor: Extractor) -> None:
    from kgraph.extract.mentions import candidates

    nlp = extractor.nlp

    def names(text: str) -> list[str]:
        return [c.text for c in candidates(nlp(text), nlp)]

    text = (
        "Mike Gallagher, who led the House Select Committee on the Chinese Communist Party, left."
    )
    assert "House Select Committee on the Chinese Communist Party" in names(text)
    text = "It needs approval from the Committee on Foreign Investment in the United States."
    assert "Committee on Foreign Investment in the United States" in names(text)
    # Never into a date, nor on a company's name.
    assert "Senate Commerce Committee" in names("The Senate Commerce Committee on Monday voted.")
    assert "Hooli Corp." in names("Hooli Corp. on Monday said it grew.")


def test_a_name_the_model_missed_is_a_person_by_its_title(extractor: Extractor) -> None:
    text = "Dravik Olsen, Zentrix's chief executive, said the deal would close."
    found = typed_facts(extractor, text, missed="Dravik Olsen")
    assert ("Dravik Olsen", "ceo_of", "Zentrix") in found
