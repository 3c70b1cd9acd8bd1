"""The sample corpus end to end: the foundation's done-when list, the quality targets
on the development set, and the committed ``exports/`` never going stale."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pyoxigraph
import pytest
import rdflib

from kgraph.config import Config
from kgraph.eval.gold import load_gold
from kgraph.eval.scoring import evaluate
from kgraph.export.registry import get_exporter
from kgraph.graph.knowledge import KnowledgeGraph
from kgraph.pipeline import build

from .conftest import REPO, SEEDS, SEEDS_GOLD

pytestmark = pytest.mark.model

KG = "https://w3id.org/kgraph/vocab#"
SCHEMA = "http://schema.org/"


@pytest.fixture(scope="module")
def seeds_kg() -> KnowledgeGraph:
    cwd = os.getcwd()
    os.chdir(REPO)  # source paths are relative to the working directory, as in the README
    try:
        return build("seeds/", config=Config()).kg
    finally:
        os.chdir(cwd)


def one_node(kg: KnowledgeGraph, name: str, typ: str) -> str:
    entity = kg.entity(name)
    assert entity.type == typ, (name, entity.type)
    same = [e for e in kg.entities() if e.label.casefold() == name.casefold()]
    assert len(same) == 1, same
    return entity.key


def test_key_entities_are_single_nodes_of_the_right_type(seeds_kg: KnowledgeGraph) -> None:
    for name, typ in [
        ("Xiaomi", "ORG"),
        ("Microsoft", "ORG"),
        ("Lei Jun", "PERSON"),
        ("MiLM-13B", "PRODUCT"),
        ("Wuhan", "PLACE"),
    ]:
        one_node(seeds_kg, name, typ)
    assert seeds_kg.entity("Xiaomi Corp").label == "Xiaomi"


@pytest.mark.parametrize(
    ("s", "p", "o"),
    [
        ("Lei Jun", "ceo_of", "Xiaomi"),
        ("Satya Nadella", "ceo_of", "Microsoft"),
        ("Xiaomi", "headquartered_in", "Wuhan"),
    ],
)
def test_key_relations_carry_evidence(seeds_kg: KnowledgeGraph, s: str, p: str, o: str) -> None:
    facts = seeds_kg.relations(subject=s, predicate=p, object=o)
    assert len(facts) == 1
    for ev in facts[0].evidence:
        assert ev.sentence and ev.source_path.startswith("seeds/")
        assert 0 < ev.confidence <= 1


def test_development_set_targets(seeds_kg: KnowledgeGraph) -> None:
    report = evaluate(seeds_kg, load_gold(SEEDS_GOLD))
    assert report.entities.f1 >= 0.95
    assert report.type_accuracy >= 0.95
    assert report.relations.f1 >= 0.85
    assert report.relations.precision >= 0.90
    assert report.forbidden == ()
    assert report.fragmented == ()


def test_turtle_of_the_seeds_follows_the_contract(tmp_path: Path, seeds_kg: KnowledgeGraph) -> None:
    from kgraph.export.registry import ExportOptions, write_export

    path = write_export(
        seeds_kg,
        get_exporter("ttl"),
        tmp_path,
        ExportOptions(base_iri=Config().base_iri, export=Config().export),
    )
    store = pyoxigraph.Store()
    store.load(path=str(path), format=pyoxigraph.RdfFormat.TURTLE)
    g = rdflib.Graph().parse(path, format="turtle")
    assert len(g) == len(store)

    def ask(q: str) -> bool:
        return bool(
            store.query(
                f"PREFIX kg: <{KG}> PREFIX schema: <{SCHEMA}> "
                "PREFIX prov: <http://www.w3.org/ns/prov#> "
                "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> " + q
            )
        )

    paths = {
        str(r["p"].value)
        for r in store.query(
            f"PREFIX kg: <{KG}> PREFIX schema: <{SCHEMA}> "
            "SELECT DISTINCT ?p WHERE { ?a a schema:NewsArticle ; kg:sourcePath ?p }"
        )
    }
    assert paths == {f"seeds/{p.name}" for p in SEEDS.iterdir()}
    n_articles = len(
        list(
            store.query(f"PREFIX schema: <{SCHEMA}> SELECT ?a WHERE {{ ?a a schema:NewsArticle }}")
        )
    )
    assert n_articles == 11  # five files + six related items in their front matter
    assert not ask(
        "ASK { ?st a <http://www.w3.org/1999/02/22-rdf-syntax-ns#Statement> "
        "FILTER NOT EXISTS { ?st prov:wasDerivedFrom ?a ; kg:evidence ?e } }"
    )
    assert ask('ASK { ?a schema:mentions ?e . ?e rdfs:label "Lei Jun" }')
    assert ask('ASK { ?p rdfs:label "Lei Jun" . ?x rdfs:label "Xiaomi" . ?p kg:ceo_of ?x }')


def test_committed_exports_are_rebuilt_byte_identical(tmp_path: Path) -> None:
    """Determinism, and the committed exports/ never go stale."""
    out = tmp_path / "exports"
    cmd = [sys.executable, "-m", "kgraph", "build", "seeds/", "--out", str(out), "--no-cache"]
    subprocess.run(cmd, cwd=REPO, check=True, capture_output=True, text=True)
    committed = {p.name: p.read_bytes() for p in (REPO / "exports").iterdir() if p.is_file()}
    rebuilt = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    assert sorted(rebuilt) == sorted(committed)
    for name, data in rebuilt.items():
        assert data == committed[name], (
            f"exports/{name} is stale: run kgraph build seeds/ --out exports/"
        )
