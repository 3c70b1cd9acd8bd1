"""Names that refer to one entity within a document: initialisms, surnames, title case.

Unit tests on hand-built candidates and blank ``Doc``s, then the same behaviour through
the real pipeline on invented sentences (not from the development sets).
"""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc

from kgraph.config import Config
from kgraph.extract.mentions import Candidate, _trim_run_on
from kgraph.extract.names import split_joined_names
from kgraph.extract.records import (
    Extractor,
    _initialisms,
    _latent_short_forms,
    _org_short_forms,
)
from kgraph.model import Document, Mention
from kgraph.resolve.entities import resolve


def cand(text: str, typ: str = "ORG") -> Candidate:
    return Candidate(0, len(text.split()), text, typ, "ner", None, False)


def test_an_initialism_of_one_organisation_name_links_to_it() -> None:
    cands = [cand("Advanced Micro Devices Inc."), cand("AMD"), cand("Intel")]
    assert _initialisms(cands) == {("AMD", "Advanced Micro Devices Inc.", "acronym")}


@pytest.mark.parametrize(
    "cands",
    [
        # Two organisations with the same initials: ambiguous, no link.
        [cand("Advanced Micro Devices"), cand("Applied Materials Design"), cand("AMD")],
        # Two letters are too few to trust ("GM", "HP" are names of their own).
        [cand("General Motors"), cand("GM")],
        # A person's or a technology's initials are not an organisation's name.
        [cand("Advanced Micro Devices", "PERSON"), cand("AMD")],
        [cand("Advanced Micro Devices"), cand("AMD", "TECH")],
        # Lower-case words in the long name: not a proper name to abbreviate.
        [cand("Association of machine dealers"), cand("AMD")],
    ],
)
def test_initialisms_need_one_unambiguous_proper_name(cands: list[Candidate]) -> None:
    assert _initialisms(cands) == set()


def test_title_case_trimming_keeps_a_person_first_name() -> None:
    nlp = spacy.blank("en")
    words = frozenset({"mark", "founder", "bring", "new"})
    person = Doc(nlp.vocab, words=["Founder", "Mark", "Oyelaran"])
    assert _trim_run_on(person, 0, 3, "PERSON", words) == (1, 3)  # the title goes
    assert _trim_run_on(person, 1, 3, "PERSON", words) == (1, 3)  # "Mark" stays
    org = Doc(nlp.vocab, words=["Samsung", "Bring", "New"])
    assert _trim_run_on(org, 0, 3, "ORG", words) == (0, 1)


def _entities(extractor: Extractor, text: str) -> dict[str, set[str]]:
    rec = extractor.extract(extractor.nlp(text), Document("t.txt", "t.txt", text))
    res = resolve([rec], Config())
    out: dict[str, set[str]] = {}
    for (surface, _), root in res.canonical.items():
        out.setdefault(res.labels[root], set()).add(surface)
    return out


@pytest.mark.model
def test_initialism_and_full_name_are_one_entity(extractor: Extractor) -> None:
    got = _entities(
        extractor,
        "Advanced Micro Devices began shipping its new accelerator in December. "
        "Analysts said AMD would struggle to match its rival's software.",
    )
    assert {"Advanced Micro Devices", "AMD"} <= next(
        forms for forms in got.values() if "AMD" in forms
    )


def _mention(text: str, typ: str, source: str = "ner") -> Mention:
    return Mention(0, len(text), text, typ, 0, source)


def test_a_surname_alone_is_the_one_person_named_in_full_with_it() -> None:
    # "Musk's xAI": the model left "Musk" unlabelled; the latent-name pass typed it
    # a person because "Elon Musk" is named in the same document.
    mentions = [_mention("Elon Musk", "PERSON"), _mention("Musk", "PERSON")]
    assert _latent_short_forms(mentions) == {("Musk", "Elon Musk", "short-form")}


@pytest.mark.parametrize(
    "mentions",
    [
        # Two people with that surname: ambiguous.
        [_mention("Dario Amodei", "PERSON"), _mention("Daniela Amodei", "PERSON"),
         _mention("Amodei", "PERSON")],
        # A first name alone is not a short form the way a surname is.
        [_mention("Elon Musk", "PERSON"), _mention("Elon", "PERSON")],
        # An organisation named like a person's surname stays itself.
        [_mention("Elon Musk", "PERSON"), _mention("Musk", "ORG")],
    ],
)  # fmt: skip
def test_no_surname_link_without_exactly_one_full_name(mentions: list[Mention]) -> None:
    assert _latent_short_forms(mentions) == set()


def _joined(text: str, span: tuple[int, int], typ: str = "ORG") -> tuple[Doc, Candidate]:
    doc = spacy.blank("en")(text)
    start, end = span
    return doc, Candidate(start, end, doc[start:end].text, typ, "ner", None, False)


def test_two_names_run_together_are_split_when_one_is_named_alone() -> None:
    doc, joined = _joined("Adobe and Figma ended talks . Adobe will pay a fee .", (0, 3))
    got = split_joined_names(doc, [joined])
    assert [(c.start, c.end, c.text, c.type) for c in got] == [
        (0, 1, "Adobe", "ORG"),
        (2, 3, "Figma", "ORG"),
    ]


@pytest.mark.parametrize(
    ("text", "span", "typ"),
    [
        ("Marks and Spencer reported higher profits .", (0, 3), "ORG"),  # one name
        ("Johnson & Johnson said Johnson would lead .", (0, 3), "ORG"),  # "&" never splits
        ("Research and Development grew . Research rose .", (0, 3), "TECH"),
    ],
)
def test_names_with_and_stay_whole_without_evidence(
    text: str, span: tuple[int, int], typ: str
) -> None:
    doc, cand_ = _joined(text, span, typ)
    assert split_joined_names(doc, [cand_]) == [cand_]


def test_a_name_run_over_a_possessive_is_split_when_the_owner_is_named_alone() -> None:
    doc, joined = _joined("Brevant said it would fold Brevant 's Talvo tool into others .", (5, 8))
    got = split_joined_names(doc, [joined])
    assert [(c.text, c.type) for c in got] == [("Brevant", "ORG"), ("Talvo", "ORG")]
    # "Moody's Investors Service": the owner is never named alone.
    doc, whole = _joined("Moody 's Investors Service cut the rating .", (0, 4))
    assert split_joined_names(doc, [whole]) == [whole]


def test_list_members_may_hold_dots_and_colons() -> None:
    doc, joined = _joined("It named Wexa , Quill and Tarvo.ai as rivals .", (2, 7))
    got = split_joined_names(doc, [joined])
    assert [c.text for c in got] == ["Wexa", "Quill", "Tarvo.ai"]


# --- Organisation short forms: "Juniper" for "Juniper Networks" -----------------------


def _org_links(text: str, cands: list[tuple[str, str]]) -> set[tuple[str, str, str]]:
    """``_org_short_forms`` over a blank ``Doc`` of ``text``; ``cands`` are (name,
    type) found at their first occurrence in the text."""
    doc = spacy.blank("en")(text)
    out = []
    for name, typ in cands:
        at = text.index(name)
        span = doc.char_span(at, at + len(name), alignment_mode="expand")
        assert span is not None
        out.append(Candidate(span.start, span.end, name, typ, "ner", None, False))
    return _org_short_forms(doc, out)


def test_a_company_name_without_its_tail_is_the_company() -> None:
    text = "Quorvex Networks said on Monday it had raised money. Quorvex plans to hire."
    links = _org_links(text, [("Quorvex Networks", "ORG"), ("Quorvex", "ORG")])
    assert links == {("Quorvex", "Quorvex Networks", "org-short-form")}
    # A headline may use the short form first: it is no prose line.
    text = "Quorvex raises money\n\n" + text
    assert _org_links(text, [("Quorvex", "ORG"), ("Quorvex Networks", "ORG")]) == links


@pytest.mark.parametrize(
    ("text", "cands", "full"),
    [
        # Past the legal suffixes, one more tail; two suffixed forms are one name.
        (
            "Quorvex Electronics Co., Ltd. and Quorvex Electronics Co. met. Quorvex won.",
            [
                ("Quorvex Electronics Co., Ltd.", "ORG"),
                ("Quorvex Electronics Co.", "ORG"),
                ("Quorvex", "ORG"),
            ],
            "Quorvex Electronics Co.",
        ),
        (
            "Talks with Quorvex Motor Group ended. Quorvex said so.",
            [("Quorvex Motor Group", "ORG"), ("Quorvex", "ORG")],
            "Quorvex Motor Group",
        ),
    ],
)
def test_a_short_form_reaches_past_legal_suffixes(
    text: str, cands: list[tuple[str, str]], full: str
) -> None:
    assert ("Quorvex", full, "org-short-form") in _org_links(text, cands)


@pytest.mark.parametrize(
    ("text", "cands"),
    [
        # The company was named alone before its "AI" body: another thing (a unit).
        (
            "Hooli said it would hire. Hooli AI, its new lab, opened. Hooli grew.",
            [("Hooli", "ORG"), ("Hooli AI", "ORG")],
        ),
        # The short form already names something else ("Galaxy S24" before "Galaxy AI").
        (
            "The Galaxy S24 ships today. Galaxy AI runs on it. Galaxy sales rose.",
            [("Galaxy AI", "ORG"), ("Galaxy", "ORG")],
        ),
        # A unit head is no dropped tail: "Hooli Cloud" is not "Hooli".
        (
            "Hooli Cloud signed a deal. Hooli said so.",
            [("Hooli Cloud", "ORG"), ("Hooli", "ORG")],
        ),
        # Two names begin with the short form: ambiguous.
        (
            "Quorvex Networks and Quorvex Systems merged. Quorvex said so.",
            [("Quorvex Networks", "ORG"), ("Quorvex Systems", "ORG"), ("Quorvex", "ORG")],
        ),
        # Not an organisation's name.
        (
            "Quorvex Networks is a film. Quorvex is its hero.",
            [("Quorvex Networks", "PRODUCT"), ("Quorvex", "ORG")],
        ),
        # A common first word is no short form ("General" for "General Motors").
        (
            "General Motors said so. The Attorney General disagreed. General said no.",
            [("General Motors", "ORG"), ("General", "ORG")],
        ),
    ],
)
def test_no_org_short_form_when_the_short_form_is_another_thing(
    text: str, cands: list[tuple[str, str]]
) -> None:
    assert _org_links(text, cands) == set()


@pytest.mark.model
def test_short_company_name_is_one_entity_with_the_full_name(extractor: Extractor) -> None:
    got = _entities(
        extractor,
        "Tarnwell Robotics, the warehouse automation startup, said on Monday that it had "
        "raised $40 million. Tarnwell was founded in 2019 by Mira Castell. "
        "Tarnwell plans to double its staff.",
    )
    forms = next(forms for forms in got.values() if "Tarnwell Robotics" in forms)
    assert "Tarnwell" in forms


@pytest.mark.model
def test_a_dictionary_word_short_form_is_found_after_the_full_name(
    extractor: Extractor,
) -> None:
    # "Stability" is a dictionary word the model leaves unlabelled; after "Stability
    # AI" it is the company.
    text = (
        "Stability AI said on Monday that it had hired a new chief. "
        "Stability was founded in 2019 by two engineers."
    )
    rec = extractor.extract(extractor.nlp(text), Document("t.txt", "t.txt", text))
    assert ("Stability", "ORG") in {(m.text, m.type) for m in rec.mentions}
    assert ("Stability", "Stability AI", "org-short-form") in rec.links
