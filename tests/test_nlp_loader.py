"""Loading the spaCy pipeline: fallback, a clear error, user gazetteer entries."""

from __future__ import annotations

import pytest

from kgraph.config import GazetteerEntry
from kgraph.errors import PipelineNotFound
from kgraph.nlp.loader import INSTALL_HINT, load_pipeline, pipeline_fingerprint


def test_missing_pipeline_names_the_install_command() -> None:
    with pytest.raises(PipelineNotFound) as err:
        load_pipeline("no_such_pipeline_xyz")
    assert INSTALL_HINT in str(err.value)
    assert "no_such_pipeline_xyz" in str(err.value)


@pytest.mark.model
def test_default_pipeline_loads_once_with_kgraph_rules() -> None:
    nlp = load_pipeline()
    assert load_pipeline() is nlp
    assert "kgraph_entity_rules" in nlp.pipe_names
    assert nlp.pipe_names.index("kgraph_entity_rules") < nlp.pipe_names.index("ner")


@pytest.mark.model
def test_user_gazetteer_token_pattern_takes_priority() -> None:
    entry = GazetteerEntry("ORG", ({"LOWER": "zorblax"}, {"LOWER": "robotics"}))
    nlp = load_pipeline(gazetteer=(entry,))
    doc = nlp("Engineers at Zorblax Robotics unveiled a new arm.")
    assert ("Zorblax Robotics", "ORG") in {(e.text, e.label_) for e in doc.ents}
    assert pipeline_fingerprint(nlp) != pipeline_fingerprint(load_pipeline())


@pytest.mark.model
def test_technology_terms_and_model_shapes() -> None:
    doc = load_pipeline()("Samsung said 5G and AI+IoT chips power the Falcon-40B model.")
    ents = {(e.text, e.label_) for e in doc.ents}
    assert {("5G", "TECH"), ("AI", "TECH"), ("IoT", "TECH"), ("Falcon-40B", "PRODUCT")} <= ents


@pytest.mark.model
def test_names_joined_by_a_colon_or_a_full_stop_stay_one_token() -> None:
    from kgraph.extract.names import name_shaped

    nlp = load_pipeline()
    doc = nlp("Hooli bought Wex:ai, and Quill.AI sued. At 10:30 he said:Yes. Sales grew.The end")
    words = [t.text for t in doc]
    assert "Wex:ai" in words and "Quill.AI" in words
    # Times, lowercase words and run-on sentences split as before.
    assert "10:30" in words and "said" in words and "grew" in words and "The" in words
    assert "U.S." in [t.text for t in nlp("The U.S. market opened.")]
    assert name_shaped("Wex:ai") and name_shaped("Quill.AI")
    assert not name_shaped("said:Yes") and not name_shaped("10:30")
