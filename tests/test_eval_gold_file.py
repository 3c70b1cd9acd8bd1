"""The shared gold file parses into the annotations it was written with."""

from __future__ import annotations

import pytest

from kgraph.eval import GoldSet, load_gold

from .conftest import SEEDS, SEEDS_GOLD

GOLD = SEEDS_GOLD

pytestmark = pytest.mark.skipif(not GOLD.is_file(), reason=f"{GOLD} is not checked out")


@pytest.fixture(scope="module")
def gold() -> GoldSet:
    return load_gold(GOLD)


def test_one_entry_per_seed_document(gold: GoldSet) -> None:
    assert [d.name for d in gold] == sorted(p.name for p in SEEDS.glob("*.txt"))
    assert len(gold) == 5


# name: (entities, technologies, optional, forbidden, relations, tech_relations,
#        optional_relations)
EXPECTED = {
    "000_0d8bed67902d9a2f.txt": (10, 4, 9, 0, 7, 3, 7),
    "001_789ace9770690b87.txt": (17, 3, 6, 0, 11, 0, 10),
    "002_4cab0127d0a32029.txt": (6, 5, 6, 2, 0, 0, 5),
    "003_ef00867a7ee39212.txt": (10, 8, 3, 0, 8, 1, 10),
    "004_42a90cd67adc4708.txt": (17, 5, 10, 5, 14, 0, 6),
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_counts_per_document(gold: GoldSet, name: str) -> None:
    doc = gold.document(name)
    sections = (doc.entities, doc.technologies, doc.optional, doc.forbidden, doc.relations,
                doc.tech_relations, doc.optional_relations)  # fmt: skip
    assert tuple(len(s) for s in sections) == EXPECTED[name]


def test_totals(gold: GoldSet) -> None:
    assert sum(len(d.entities) for d in gold) == 60
    assert sum(len(d.relations) for d in gold) == 40
    assert sum(len(d.forbidden) for d in gold) == 7


def test_structures_are_parsed(gold: GoldSet) -> None:
    doc = gold.document("000_0d8bed67902d9a2f.txt")
    xiaomi = doc.entities[0]
    assert (xiaomi.name, xiaomi.types) == ("Xiaomi", ("ORG",))
    assert xiaomi.aliases == ("Xiaomi Corp", "Xiaomi Corp.", "Xiaomi Corporation")
    any_of = doc.relations[2]
    assert any_of.subject == ("Huaxing Growth Capital Fund", "China Renaissance")
    assert (any_of.predicate, any_of.object) == ("invests_in", ("AInnovation",))
    assert "YAHOO!" in doc.optional
    xiaoice = next(e for e in gold.document("003_ef00867a7ee39212.txt").entities
                   if e.name == "Microsoft Xiaoice")  # fmt: skip
    assert xiaoice.types == ("ORG", "PRODUCT")
    employee = gold.document("004_42a90cd67adc4708.txt").relations[4]
    assert employee.object == ("Microsoft", "Artificial Intelligence and Research Group")
    assert gold.document("002_4cab0127d0a32029.txt").forbidden == ("Battlefield", "Giants")
