"""Load test: thousands of documents, 1 % hostile; nothing good lost, everything bad told.

``benchmarks/hostile_corpus.py`` writes 2,500 short news items, each naming a company
no other item names, with about 1 % hostile files mixed in (binary data named
``.txt``, NUL bytes, invalid UTF-8, broken or non-mapping front matter, a
``!!python/object/apply`` payload, JSONL with broken lines between good ones, empty
files, a dangling symlink, a symlink loop). One real ``kgraph build`` must exit 0 with
no traceback; every good document must be an article of the graph (by its source path,
in the JSON and the Turtle export) that mentions its company as an entity; every
hostile file must be named, with a reason, in the end summary and the log; nothing in
the front matter may run; and ``--strict`` must turn the same build into a failure.
"""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import pyoxigraph
import pytest

from kgraph.cli.build import default_workers
from kgraph.graph.load import load

from .conftest import REPO

pytestmark = [pytest.mark.model, pytest.mark.slow]

N_GOOD = 2500
#: As many workers as there are cores, up to four (each loads its own pipeline).
WORKERS = str(min(4, default_workers()))
KG_SOURCE_PATH = "https://w3id.org/kgraph/vocab#sourcePath"


def _hostile_corpus() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "hostile_corpus", REPO / "benchmarks" / "hostile_corpus.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


@dataclass(frozen=True)
class Run:
    root: Path
    manifest: Any  # hostile_corpus.Manifest (loaded from a file, not a package)
    code: int
    stdout: str
    stderr: str


def _build(root: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kgraph", "build", "corpus", "--out", "out",
         "--config", "kgraph.yaml", "--cache", "cache", "--workers", WORKERS, *extra],
        cwd=root, capture_output=True, text=True, check=False,
    )  # fmt: skip


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Run:
    root = tmp_path_factory.mktemp("load")
    manifest = _hostile_corpus().write_corpus(root / "corpus", N_GOOD, seed=7)
    done = _build(root)
    return Run(root, manifest, done.returncode, done.stdout, done.stderr)


def _source(rel: str) -> str:
    return f"corpus/{rel}"


def test_build_succeeds_without_traceback(run: Run) -> None:
    assert run.code == 0, run.stderr[-3000:]
    assert "Traceback" not in run.stderr + run.stdout
    out = run.root / "out"
    assert not [p.name for p in out.iterdir() if p.name.endswith(".tmp")]


def test_corpus_is_big_and_one_percent_hostile(run: Run) -> None:
    m = run.manifest
    assert len(m.names()) == N_GOOD
    files = len(m.good) + len(m.hostile)
    assert 0.008 <= len(m.hostile) / files <= 0.02


def test_every_good_document_is_an_article_mentioning_its_company(run: Run) -> None:
    m = run.manifest
    kg = load(run.root / "out" / "graph.json")
    g = kg.graph
    mentioned: dict[str, set[str]] = defaultdict(set)
    for article in kg.articles():
        for _, entity, data in g.out_edges(article.key, data=True):
            if data.get("kind") == "mentions":
                node = g.nodes[entity]
                mentioned[article.source_path].update((node["label"], *node["aliases"]))
    lost = [rel for rel, name in m.good.items() if name not in mentioned.get(_source(rel), ())]
    for rel, names in m.jsonl_good.items():
        lost += [f"{rel}: {n}" for n in names if n not in mentioned.get(_source(rel), ())]
    assert lost == [], f"{len(lost)} good documents lost, e.g. {lost[:5]}"
    labels = {e.label for e in kg.entities()}
    assert set(m.names()) <= labels


def test_every_good_source_path_is_in_the_turtle_export(run: Run) -> None:
    m = run.manifest
    store = pyoxigraph.Store()
    store.load(path=str(run.root / "out" / "graph.ttl"), format=pyoxigraph.RdfFormat.TURTLE)
    paths = {
        q.object.value
        for q in store.quads_for_pattern(None, pyoxigraph.NamedNode(KG_SOURCE_PATH), None)
    }
    want = {_source(rel) for rel in [*m.good, *m.jsonl_good]}
    assert sorted(want - paths) == []


_REPORT = re.compile(r"^  (skipped|warning) (.+?)(#line-\d+)?: (\S.*)$")


def _reported(text: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = defaultdict(list)
    for line in text.splitlines():
        match = _REPORT.match(line)
        if match:
            found[match.group(2)].append(match.group(4))
    return found


def test_every_hostile_file_is_reported_with_a_reason(run: Run) -> None:
    m = run.manifest
    summary = _reported(run.stdout)
    missing = [rel for rel in m.hostile if not summary.get(_source(rel))]
    assert missing == []
    for rel, why in m.hostile.items():
        if not rel.endswith(".jsonl"):
            # Once per file, in the summary and in the log.
            assert len(summary[_source(rel)]) == 1, (why, summary[_source(rel)])
            assert run.stderr.count(f" {_source(rel)}: ") == 1, why
        else:  # once per broken line
            assert len(summary[_source(rel)]) == 3, summary[_source(rel)]


def test_no_good_document_is_reported(run: Run) -> None:
    m = run.manifest
    hostile = {_source(rel) for rel in m.hostile}
    assert sorted(set(_reported(run.stdout)) - hostile) == []


def test_front_matter_never_runs_code(run: Run) -> None:
    marker = run.manifest.marker
    assert marker is not None
    assert not marker.exists()
    assert "python/object/apply" in run.stdout  # the tag was met and refused


def test_strict_fails_after_finishing(run: Run) -> None:
    # The cache of the first run makes this one fast; the result must be the same.
    done = _build(run.root, "--strict")
    assert done.returncode == 1, done.stderr[-2000:]
    assert "Traceback" not in done.stderr
    assert _reported(done.stdout) == _reported(run.stdout)
    assert "wrote out/graph.json" in done.stdout
