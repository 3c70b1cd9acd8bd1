"""Verb triggers through spaCy's DependencyMatcher (kgraph.extract.verbs).

Pattern generation is checked on the rule data alone; the matching on short real
sentences with the English pipeline, positives and negatives. The names are invented
or unrelated to the development sets.
"""

from __future__ import annotations

import pytest

from kgraph.errors import ConfigError
from kgraph.extract.patterns import load_rules, rules_from_mapping
from kgraph.extract.records import Extractor
from kgraph.extract.verbs import VerbMatcher, frame_of, lemma_forms, verb_patterns

from .conftest import rules_of
from .conftest import typed_facts as facts


def test_patterns_are_generated_from_the_rule_data() -> None:
    rules = load_rules()
    patterns = verb_patterns(rules)
    anchor = patterns["direct"][0][0]["RIGHT_ATTRS"]
    forms = set(anchor["LEMMA"]["IN"])
    for rule in rules.verbs:
        assert rule.lemmas <= forms
        assert set(rule.particles) <= forms
    # The lemma a tagger gives "co-founded" anchors the founding rule.
    assert "co-founde" in forms
    assert lemma_forms(["found"])["co-founde"] == "found"
    # Every shape is anchored on the same trigger node.
    assert all(p[0] == patterns["direct"][0][0] for ps in patterns.values() for p in ps)
    pobj = patterns["pobj"][0]
    assert [n.get("REL_OP") for n in pobj] == [None, ">", ">"]
    assert pobj[1]["RIGHT_ATTRS"] == {"DEP": {"IN": ["agent", "prep"]}}
    assert pobj[-1]["RIGHT_ATTRS"] == {"DEP": "pobj"}


def test_a_yaml_boolean_in_a_word_list_is_an_error() -> None:
    from importlib import resources

    import yaml

    data = yaml.safe_load(resources.files("kgraph.data").joinpath("relations.yaml").read_text())
    data["verbs"]["uses"]["preps"] = yaml.safe_load("[on, upon]")  # `on` reads as True
    with pytest.raises(ConfigError, match=r"uses.*True"):
        rules_from_mapping(data)


def test_an_unknown_special_object_is_an_error() -> None:
    from importlib import resources

    import yaml

    data = yaml.safe_load(resources.files("kgraph.data").joinpath("relations.yaml").read_text())
    data["verbs"]["uses"]["object"] = "ROUND_OWNR"
    with pytest.raises(ConfigError, match=r"uses.*ROUND_OWNR"):
        rules_from_mapping(data)


@pytest.mark.model
@pytest.mark.parametrize(
    "text",
    [
        "Quantel agreed to buy Brightwave and took over Solvix in March.",
        "The chip was developed by Lumora and was later sold to Quantel.",
        "Ravi Menon co-founded Tessaly with Ana Ruiz and invested $2 million in Brightwave.",
        "Quantel teamed up with Solvix to build a data centre in Lisbon.",
    ],
)
def test_matcher_frames_agree_with_the_parse(extractor: Extractor, text: str) -> None:
    """The patterns bind exactly the roles a direct reading of the parse finds."""
    doc = extractor.nlp(text)
    matcher = VerbMatcher(extractor.nlp.vocab, load_rules())
    frames = matcher.frames(doc)
    assert frames
    for i, frame in frames.items():
        expected = frame_of(doc[i])
        assert {r: sorted(a) for r, a in frame.roles.items()} == {
            r: sorted(a) for r, a in expected.roles.items()
        }


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "fact"),
    [
        # subject - verb - direct object
        ("Quantel acquired Brightwave last year.", ("Quantel", "acquires", "Brightwave")),
        # passive: the agent is the subject
        (
            "Brightwave was acquired by Quantel in 2021.",
            ("Quantel", "acquires", "Brightwave"),
        ),
        # phrasal verb with its particle
        ("Quantel took over Brightwave in 2021.", ("Quantel", "acquires", "Brightwave")),
        # prepositional object through the rule's preposition
        ("Ravi Menon joined Quantel in 2019.", ("Ravi Menon", "employee_of", "Quantel")),
        ("Ravi Menon works for Quantel in Lisbon.", ("Ravi Menon", "employee_of", "Quantel")),
        # a prepositional object hanging off the direct object
        (
            "Quantel invested $40 million in Brightwave Inc.",
            ("Quantel", "invests_in", "Brightwave Inc."),
        ),
        # a companion of the subject
        (
            "Ravi Menon co-founded Tessaly Inc. with David Chen in 2015, records show.",
            ("David Chen", "founder_of", "Tessaly Inc."),
        ),
        # the subject of a governing verb
        (
            "Quantel agreed to partner with Solvix on batteries.",
            ("Quantel", "partner_of", "Solvix"),
        ),
        (
            "Brightwave Inc. relies on Quantel's Hexa chips.",
            ("Brightwave Inc.", "uses", "Hexa"),
        ),
    ],
)
def test_verb_patterns_find_the_fact(
    extractor: Extractor, text: str, fact: tuple[str, str, str]
) -> None:
    got = facts(extractor, text)
    if fact[1] == "partner_of":
        assert fact in got or (fact[2], fact[1], fact[0]) in got
    else:
        assert fact in got


@pytest.mark.model
def test_coordinated_objects_each_get_the_fact(extractor: Extractor) -> None:
    got = facts(extractor, "Quantel acquired Brightwave and Solvix last year.")
    assert {("Quantel", "acquires", "Brightwave"), ("Quantel", "acquires", "Solvix")} <= got


@pytest.mark.model
def test_coordinated_subjects_each_get_the_fact(extractor: Extractor) -> None:
    got = facts(extractor, "Ravi Menon and Ana Ruiz founded Tessaly Robotics in 2015.")
    founders = {s for s, p, o in got if (p, o) == ("founder_of", "Tessaly Robotics")}
    assert founders == {"Ravi Menon", "Ana Ruiz"}


@pytest.mark.model
def test_a_companion_is_no_object(extractor: Extractor) -> None:
    # The model takes "Ana Ruiz" here for an organisation: still no founding of her.
    got = facts(extractor, "Ravi Menon co-founded Tessaly with Ana Ruiz in 2015.")
    assert not {f for f in got if f[2] == "Ana Ruiz"}


@pytest.mark.model
@pytest.mark.parametrize(
    "text",
    [
        "Quantel denied that it would acquire Brightwave.",
        "Quantel is in talks to buy Brightwave, people familiar said.",
        "Quantel did not acquire Brightwave.",
        "Quantel might acquire Brightwave next year.",
        # co-occurrence without a relation
        "Quantel and Brightwave both reported results on Monday.",
        # a phrasal verb without its particle is another verb
        "Quantel took Brightwave to court in March.",
    ],
)
def test_no_acquisition_fact(extractor: Extractor, text: str) -> None:
    assert ("Quantel", "acquires", "Brightwave") not in facts(extractor, text)


@pytest.mark.model
def test_a_preposition_the_rule_does_not_name_binds_nothing(extractor: Extractor) -> None:
    # "invest ... in" is an investment; "invest ... alongside" names a co-investor.
    got = rules_of(extractor, "Quantel invested alongside Solvix Inc. last year.")
    assert ("Quantel", "invest", "Solvix Inc.", "svo") in got
    assert not {f for f in got if f[1] == "invests_in"}


@pytest.mark.model
def test_a_verb_that_is_no_trigger_gives_an_open_relation(extractor: Extractor) -> None:
    got = rules_of(extractor, "Quantel Corp. sued Brightwave Inc. in March.")
    assert ("Quantel Corp.", "sue", "Brightwave Inc.", "svo") in got
