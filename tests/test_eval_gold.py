"""load_gold: the gold format, and clear errors naming the file and the bad entry."""

from __future__ import annotations

from pathlib import Path

import pytest

from kgraph.errors import EvalError, KGraphError
from kgraph.eval import GoldRelation, load_gold, parse_gold


def test_load_gold_reads_a_file_and_sorts_documents(tmp_path: Path) -> None:
    path = tmp_path / "g.yaml"
    path.write_text(
        "documents:\n"
        "  b.txt:\n"
        "    relations: [[{any_of: [A, B]}, partner_of, {any_of: [C]}]]\n"
        "  a.txt:\n"
        "    entities: [{name: 360, type: ORG}]\n",
        encoding="utf-8",
    )
    gold = load_gold(path)
    assert gold.source == str(path)
    assert [d.name for d in gold] == ["a.txt", "b.txt"]
    assert gold.document("a.txt").entities[0].name == "360"  # an unquoted number is a name
    assert gold.document("b.txt").relations == (GoldRelation(("A", "B"), "partner_of", ("C",)),)
    with pytest.raises(KeyError):
        gold.document("c.txt")


def test_extra_predicates_are_accepted_when_given() -> None:
    text = "documents: {a.txt: {relations: [[A, sponsors, B]]}}"
    with pytest.raises(EvalError, match="unknown predicate 'sponsors'"):
        parse_gold(text)
    assert parse_gold(text, predicates=["sponsors"]).documents[0].relations[0].predicate == (
        "sponsors"
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("- a\n- b\n", r"g\.yaml: a gold file is a mapping with a 'documents' key"),
        ("documents: {}\nextra: 1\n", r"unknown top-level key 'extra'"),
        ("documents: []\n", r"'documents' must map file names"),
        ("documents: {a.txt: {entity: []}}", r"document 'a.txt': unknown section 'entity'"),
        ("documents: {seeds/a.txt: {}}", r"document 'seeds/a.txt': use the file name"),
        ("documents: {a.txt: {entities: {name: X}}}", r"'entities' must be a list"),
        (
            "documents: {a.txt: {entities: [{name: X, type: COMPANY}]}}",
            r"document 'a.txt', entities\[0\] \(X\): type must be one of ORG, PERSON, PLACE, "
            r"PRODUCT or a list of them, got 'COMPANY'",
        ),
        ("documents: {a.txt: {entities: [{name: X}]}}", r"entities\[0\]: an entity needs"),
        (
            "documents: {a.txt: {entities: [{name: X, type: ORG, alias: [Y]}]}}",
            r"entities\[0\]: unknown key 'alias'",
        ),
        (
            "documents: {a.txt: {entities: [{name: X, type: ORG, aliases: Y}]}}",
            r"aliases must be a list",
        ),
        ("documents: {a.txt: {optional: [yes]}}", r"optional\[0\]: a name must be a string.*quote"),
        ("documents: {a.txt: {forbidden: ['...']}}", r"forbidden\[0\]: name '...' is empty"),
        (
            "documents: {a.txt: {relations: [[A, founder_of]]}}",
            r"document 'a.txt', relations\[0\]: a relation is \[subject, predicate, object\]",
        ),
        (
            "documents: {a.txt: {tech_relations: [[A, likes, B]]}}",
            r"tech_relations\[0\]: unknown predicate 'likes'; valid: acquires, born_in",
        ),
        (
            "documents: {a.txt: {relations: [[{one_of: [A]}, founder_of, B]]}}",
            r"relations\[0\] subject: alternatives are written \{any_of: \[A, B\]\}",
        ),
        (
            "documents: {a.txt: {optional_relations: [[A, founder_of, {any_of: []}]]}}",
            r"optional_relations\[0\] object: alternatives",
        ),
        (
            "documents: {a.txt: {entities: [{name: Xiaomi, type: ORG}], optional: [XIAOMI]}}",
            r"'XIAOMI' is both a name of entity 'Xiaomi' and optional",
        ),
        (
            "documents: {a.txt: {entities: [{name: A, type: ORG, aliases: [AI]}],"
            " technologies: [AI]}}",
            r"'AI' is both a name of entity 'A' and a technology",
        ),
        ("documents:\n  a.txt: {}\n  a.txt: {}\n", r"not valid YAML \(line 3\).*duplicate key"),
        ("documents: [unclosed\n", r"g\.yaml: not valid YAML"),
    ],
)
def test_errors_name_the_file_and_the_entry(text: str, message: str) -> None:
    with pytest.raises(EvalError, match=message) as info:
        parse_gold(text, source="g.yaml")
    assert str(info.value).startswith("g.yaml: ")
    assert isinstance(info.value, KGraphError)


def test_unreadable_file_is_an_eval_error(tmp_path: Path) -> None:
    with pytest.raises(EvalError, match=r"missing\.yaml: cannot read gold file"):
        load_gold(tmp_path / "missing.yaml")
    bad = tmp_path / "latin1.yaml"
    bad.write_bytes(b"documents: {\xe9: {}}")
    with pytest.raises(EvalError, match="not UTF-8"):
        load_gold(bad)
