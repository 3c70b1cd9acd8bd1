"""Configuration loading: defaults in one place, unknown keys and bad values named."""

from __future__ import annotations

from pathlib import Path

import pytest

from kgraph.config import DEFAULT_PIPELINE, Config, load_config
from kgraph.errors import ConfigError


def write(tmp_path: Path, text: str) -> Path:
    p = tmp_path / "kgraph.yaml"
    p.write_text(text, encoding="utf-8")
    return p


def test_no_file_gives_the_defaults() -> None:
    assert load_config(None) == Config()
    assert Config().pipeline == DEFAULT_PIPELINE


def test_a_full_file_loads(tmp_path: Path) -> None:
    cfg = load_config(
        write(
            tmp_path,
            """
pipeline: en_core_web_sm
batch_size: 16
formats: [ttl, json]
gazetteer:
  - {label: TECH, pattern: quantum annealing}
  - {label: ORG, pattern: [{LOWER: acme}, {LOWER: robotics}]}
aliases:
  International Business Machines: [IBM]
never_merge:
  - [Apple, Apple Records]
predicates:
  supplies:
    label: supplies
    domain: [ORG]
    range: [ORG, PRODUCT]
chrome:
  extra_patterns: ['^Subscribe now']
export:
  cooccurrence: false
  min_confidence: 0.5
""",
        )
    )
    assert cfg.pipeline == "en_core_web_sm" and cfg.batch_size == 16
    assert cfg.formats == ("ttl", "json")
    assert cfg.gazetteer[0].pattern == "quantum annealing"
    assert cfg.gazetteer[1].pattern == ({"LOWER": "acme"}, {"LOWER": "robotics"})
    assert cfg.aliases == {"International Business Machines": ("IBM",)}
    assert cfg.never_merge == (("Apple", "Apple Records"),)
    assert cfg.predicates["supplies"].range == ("ORG", "PRODUCT")
    assert cfg.chrome.extra_patterns == ("^Subscribe now",)
    assert cfg.export.cooccurrence is False and cfg.export.min_confidence == 0.5


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("pipline: x\n", "unknown key 'pipline'"),
        ("batch_size: many\n", "batch_size must be an integer"),
        ("batch_size: 0\n", "at least 1"),
        ("export: {colour: true}\n", "unknown key 'colour'"),
        ("gazetteer: [{label: THING, pattern: x}]\n", "THING"),
        ("never_merge: [[a, b, c]]\n", "pair of names"),
        ("predicates: {'bad name': {}}\n", "ASCII identifier"),
        ("- just\n- a list\n", "must be a mapping"),
        ("key: [unclosed\n", "not valid YAML"),
    ],
)
def test_bad_config_names_the_problem(tmp_path: Path, text: str, needle: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as err:
        load_config(path)
    assert needle in str(err.value)
    assert str(path) in str(err.value)


def test_missing_file_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read"):
        load_config(tmp_path / "nope.yaml")
