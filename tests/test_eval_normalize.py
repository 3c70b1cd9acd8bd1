"""The name normaliser of shared/eval/README.md, clause by clause."""

from __future__ import annotations

import pytest

from kgraph.normalize import normalize_name


@pytest.mark.parametrize(
    ("name", "key"),
    [
        # Unicode NFKC: full-width letters, ligatures, non-breaking space.
        ("Ｗｕｈａｎ", "wuhan"),
        ("ﬁnance", "finance"),
        ("Lei\u00a0Jun", "lei jun"),
        # casefold (not just lower: ß folds to ss).
        ("XIAOMI", "xiaomi"),
        ("Straße", "strasse"),
        # a leading the/a/an is dropped, as a whole word only.
        ("The Verge", "verge"),
        ("a Mark", "mark"),
        ("An Apple", "apple"),
        ("Theranos", "theranos"),
        ("Anthropic", "anthropic"),
        ("A-Mark", "a mark"),
        ("Lei the Great", "lei the great"),
        ("The", "the"),
        # a trailing 's is dropped (straight or curly apostrophe), only at the end.
        ("Xiaomi's", "xiaomi"),
        ("Xiaomi\u2019s", "xiaomi"),
        ("McDonald's Corp", "mcdonalds corp"),
        # punctuation other than + and - is removed.
        ("U.S.", "us"),
        ("Yahoo!", "yahoo"),
        ("Xi'an", "xian"),
        ("C++", "c++"),
        ("AT&T", "att"),
        # runs of spaces and hyphens fold to one space.
        ("MiLM-13B", "milm 13b"),
        ("Wuhan -- East  Lake", "wuhan east lake"),
        ("  Lei   Jun  ", "lei jun"),
        ("Wi\u2011Fi", "wi fi"),
    ],
)
def test_normalize_name_clause(name: str, key: str) -> None:
    assert normalize_name(name) == key


def test_clauses_combine() -> None:
    assert normalize_name("  The Xiaomi Corp.'s ") == "xiaomi corp"
    assert normalize_name("Microsoft's Artificial Intelligence and Research Group") == (
        "microsofts artificial intelligence and research group"
    )


def test_gold_spellings_of_one_entity_share_a_key() -> None:
    forms = {
        "Wuhan East Lake High-tech Development Zone",
        "Wuhan East Lake High-Tech Development Zone",
    }
    assert len({normalize_name(f) for f in forms}) == 1
    assert normalize_name("WIMI") == normalize_name("WiMi")
    assert normalize_name("Xian") == normalize_name("Xi'an")
