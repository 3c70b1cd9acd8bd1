"""Incremental builds: only new or changed texts are parsed; removed inputs leave no trace.

Every rebuild is compared byte for byte with a fresh build of the same inputs
without the cache: the cache may only save time, never change the graph.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from kgraph.cache import default_cache_dir, read_info
from kgraph.config import Config, GazetteerEntry
from kgraph.pipeline import build

from .conftest import REPO
from .test_pipeline import CORPUS, FakeExecutor, exports, fake, run, user_cache, write_corpus

__all__ = ["fake", "user_cache"]  # fixtures, imported for pytest


def fresh(corpus: Path, tmp_path: Path) -> dict[str, bytes]:
    return run(corpus, tmp_path / "fresh", use_cache=False)


def test_adding_documents_parses_only_them(tmp_path: Path, fake: type[FakeExecutor]) -> None:
    corpus = write_corpus(tmp_path / "news", CORPUS)
    run(corpus, tmp_path / "out")
    fake.seen.clear()
    write_corpus(corpus, {"c/four.txt": "Wayne meets Acme. Stark waits."})
    rebuilt = run(corpus, tmp_path / "out")
    assert [t.strip() for t in fake.seen] == ["Wayne meets Acme. Stark waits."]
    assert rebuilt == fresh(corpus, tmp_path)
    assert b"Wayne" in rebuilt["graph.json"]


def test_a_removed_document_takes_its_facts_and_lonely_entities(
    tmp_path: Path, fake: type[FakeExecutor]
) -> None:
    corpus = write_corpus(tmp_path / "news", CORPUS)
    before = run(corpus, tmp_path / "out")
    assert b"Hooli" in before["graph.json"] and b"Umbrella visits Paris" in before["graph.json"]
    (corpus / "b" / "three.md").unlink()
    fake.seen.clear()
    after = run(corpus, tmp_path / "out")
    assert fake.seen == []  # nothing to parse: the graph is re-assembled from the cache
    assert b"Hooli" not in after["graph.json"]  # its only document is gone
    assert b"Umbrella visits Paris" not in after["graph.json"]  # and so is the evidence
    assert b"Umbrella" in after["graph.json"]  # still supported by two.txt
    assert after == fresh(corpus, tmp_path)
    # The entry stays (another build may still use it) until the cache is cleared.
    assert read_info(default_cache_dir()).entries == 3


def test_a_changed_document_is_parsed_again(tmp_path: Path, fake: type[FakeExecutor]) -> None:
    corpus = write_corpus(tmp_path / "news", CORPUS)
    run(corpus, tmp_path / "out")
    fake.seen.clear()
    (corpus / "a" / "two.txt").write_text("Globex and Cyberdyne signed.\n", encoding="utf-8")
    after = run(corpus, tmp_path / "out")
    assert [t.strip() for t in fake.seen] == ["Globex and Cyberdyne signed."]
    assert b"Cyberdyne" in after["graph.json"]
    assert b"Globex and Umbrella signed" not in after["graph.json"]
    assert after == fresh(corpus, tmp_path)


def test_changing_the_rules_invalidates_every_entry(
    tmp_path: Path, fake: type[FakeExecutor]
) -> None:
    corpus = write_corpus(tmp_path / "news", CORPUS)
    run(corpus, tmp_path / "out")
    fake.seen.clear()
    config = Config(gazetteer=(GazetteerEntry("ORG", "acme"),))
    run(corpus, tmp_path / "out", config=config)
    assert len(fake.seen) == 3
    fake.seen.clear()
    run(corpus, tmp_path / "out", config=config.replace(base_iri="https://example.org/x/"))
    assert fake.seen == []  # export options leave the cache valid


@pytest.mark.model
@pytest.mark.slow
def test_real_pipeline_rebuild_after_adding_a_seed(tmp_path: Path) -> None:
    seeds = sorted((REPO / "seeds").iterdir())
    (tmp_path / "seeds").mkdir()
    for path in seeds[:-1]:
        shutil.copy(path, tmp_path / "seeds")
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        first = build("seeds", out="out", config=Config(workers=1)).report
        shutil.copy(seeds[-1], tmp_path / "seeds")
        again = build("seeds", out="out", config=Config(workers=1)).report
        build("seeds", out="fresh", use_cache=False)
    finally:
        os.chdir(cwd)
    assert first.cached == 0
    assert again.extracted == again.documents - first.documents
    assert again.cached == first.documents
    assert exports(tmp_path / "out") == exports(tmp_path / "fresh")
