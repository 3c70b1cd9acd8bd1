"""The build orchestration: streaming over compact records, determinism, executors.

Most tests run the real ingest, cache, resolution, assembly and exports with a fake
extraction executor (capitalised words are organisations; the first two in a
sentence are related), so they need no spaCy model. Tests marked ``model`` run the
real pipeline, in one process and in several.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterable, Iterator
from pathlib import Path
from types import TracebackType

import pytest

from kgraph.compact import CompactRecord, compact, encode
from kgraph.config import Config
from kgraph.errors import ConfigError, KGraphError
from kgraph.executors import (
    Batch,
    BatchResult,
    ExecutorOptions,
    ExecutorSpec,
    ExtractionTask,
    executor_names,
    get_executor,
    register_executor,
)
from kgraph.model import DocRecord, Document, Mention, Relation, Sentence
from kgraph.pipeline import build

from .conftest import REPO

_NAME = re.compile(r"\b[A-Z][a-z]+\b")
FORMATS = ("ttl", "graphml", "gexf", "json")


def fake_record(text: str) -> DocRecord:
    """A stand-in for spaCy extraction: deterministic and instant."""
    sentences: list[Sentence] = []
    mentions: list[Mention] = []
    relations: list[Relation] = []
    for m in re.finditer(r"[^.\n]+[.\n]?", text):
        if not m.group().strip():
            continue
        si = len(sentences)
        sentences.append(Sentence(m.start(), m.end()))
        first = len(mentions)
        for w in _NAME.finditer(m.group()):
            start = m.start() + w.start()
            mentions.append(Mention(start, start + len(w.group()), w.group(), "ORG", si))
        if len(mentions) - first >= 2:
            relations.append(Relation(first, "meet", first + 1, si, 0.5, "fake", typed=False))
    doc = Document(doc_id="", source_path="", text=text)
    return DocRecord(doc, tuple(sentences), tuple(mentions), tuple(relations))


class FakeExecutor:
    """Counts the texts it is asked to extract (class-wide, for the tests)."""

    seen: list[str] = []  # noqa: RUF012 - shared on purpose: one log per test

    def __init__(self, task: ExtractionTask, options: ExecutorOptions) -> None:
        self.task = task
        self.workers = 1

    def map(self, batches: Iterable[Batch]) -> Iterator[BatchResult]:
        for batch in batches:
            FakeExecutor.seen.extend(text for _, text in batch)
            yield BatchResult(
                records=tuple((key, encode(compact(fake_record(text)))) for key, text in batch)
            )

    def close(self) -> None:
        pass

    def __enter__(self) -> FakeExecutor:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


register_executor(ExecutorSpec(name="fake", description="tests only", create=FakeExecutor))


@pytest.fixture
def fake() -> Iterator[type[FakeExecutor]]:
    FakeExecutor.seen = []
    yield FakeExecutor


@pytest.fixture(autouse=True)
def user_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the default cache folder into the test's tmp dir."""
    folder = tmp_path / "user-cache"
    monkeypatch.setenv("KGRAPH_CACHE_DIR", str(folder))
    return folder


def write_corpus(root: Path, texts: dict[str, str]) -> Path:
    for name, text in texts.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


CORPUS = {
    "a/one.txt": "Acme meets Globex in Paris.\n\nLater Acme hired Initech.\n",
    "a/two.txt": "Globex and Umbrella signed. Nothing else happened.\n",
    "b/three.md": "---\ntitle: Third\npublishedDateTime: 2020-02-03T00:00:00Z\n"
    "provider:\n  name: Daily Planet\n---\n\nUmbrella visits Paris. Hooli waits.\n",
}


def exports(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.iterdir()) if p.is_file()}


def run(corpus: Path, out: Path, **kwargs: object) -> dict[str, bytes]:
    cwd = os.getcwd()
    os.chdir(corpus.parent)  # source paths are relative to the working directory
    try:
        build(corpus.name, out=out, formats=FORMATS, executor="fake", **kwargs)  # type: ignore[arg-type]
    finally:
        os.chdir(cwd)
    return exports(out)


def test_executors_are_looked_up_by_name() -> None:
    assert {"local", "dask"} <= set(executor_names())
    assert get_executor("LOCAL").name == "local"
    with pytest.raises(ConfigError, match="unknown executor 'spark'; valid executors are: "):
        get_executor("spark")


def test_records_reach_resolution_without_text(
    tmp_path: Path, fake: type[FakeExecutor], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Regression guard: the build must not hold article texts after extraction."""
    from kgraph.resolve import entities

    seen: list[DocRecord] = []
    real = entities.resolve

    def spy(records: Iterable[DocRecord], config: Config) -> entities.Resolution:
        def watch() -> Iterator[DocRecord]:
            for rec in records:
                seen.append(rec)
                yield rec

        return real(watch(), config)

    monkeypatch.setattr(entities, "resolve", spy)
    run(write_corpus(tmp_path / "news", CORPUS), tmp_path / "out")
    assert len(seen) == 3
    assert all(isinstance(r, CompactRecord) and r.document.text == "" for r in seen)


def test_exports_do_not_depend_on_the_order_files_were_written(
    tmp_path: Path, fake: type[FakeExecutor]
) -> None:
    first = run(write_corpus(tmp_path / "x" / "news", CORPUS), tmp_path / "o1")
    backwards = dict(reversed(list(CORPUS.items())))
    second = run(write_corpus(tmp_path / "y" / "news", backwards), tmp_path / "o2")
    assert first == second
    assert set(first) == {"graph.ttl", "graph.graphml", "graph.gexf", "graph.json"}


def test_cached_and_uncached_builds_are_byte_identical(
    tmp_path: Path, fake: type[FakeExecutor], user_cache: Path
) -> None:
    corpus = write_corpus(tmp_path / "news", CORPUS)
    cold = run(corpus, tmp_path / "out")
    assert len(fake.seen) == 3
    warm = run(corpus, tmp_path / "other-out")  # the cache is per user, not per output
    assert len(fake.seen) == 3  # nothing parsed again
    assert warm == cold
    shutil.rmtree(user_cache)
    assert run(corpus, tmp_path / "plain", use_cache=False) == cold
    assert len(fake.seen) == 6
    assert not user_cache.exists()  # --no-cache leaves no cache behind


def test_identical_texts_are_parsed_once(tmp_path: Path, fake: type[FakeExecutor]) -> None:
    corpus = write_corpus(tmp_path / "news", {**CORPUS, "c/copy.txt": CORPUS["a/two.txt"]})
    run(corpus, tmp_path / "out")
    assert len(fake.seen) == 3


def test_explicit_cache_folder_is_used(
    tmp_path: Path, fake: type[FakeExecutor], user_cache: Path
) -> None:
    corpus = write_corpus(tmp_path / "news", CORPUS)
    run(corpus, tmp_path / "o1", cache=tmp_path / "shared")
    run(corpus, tmp_path / "o2", cache=tmp_path / "shared")
    assert len(fake.seen) == 3
    assert (tmp_path / "shared" / "extraction.sqlite").is_file()
    assert not user_cache.exists()
    assert sorted(p.name for p in (tmp_path / "o1").iterdir()) == sorted(
        f"graph.{f}" for f in FORMATS
    )


def test_build_without_out_writes_nothing(tmp_path: Path, fake: type[FakeExecutor]) -> None:
    corpus = write_corpus(tmp_path / "news", CORPUS)
    result = build(corpus, executor="fake")
    assert result.report.documents == 3 and result.report.extracted == 3
    assert sorted(p.name for p in corpus.rglob("*") if p.is_file()) == [
        "one.txt",
        "three.md",
        "two.txt",
    ]


def test_report_counts_and_stage_times(
    tmp_path: Path, fake: type[FakeExecutor], user_cache: Path
) -> None:
    corpus = write_corpus(tmp_path / "news", CORPUS)
    report = build(corpus, out=tmp_path / "out", executor="fake").report
    assert (report.documents, report.extracted, report.cached) == (3, 3, 0)
    assert set(report.seconds) >= {"read", "nlp", "extraction", "resolution", "assembly"}
    assert report.cache == user_cache / "extraction.sqlite"
    again = build(corpus, out=tmp_path / "out", executor="fake").report
    assert (again.extracted, again.cached) == (0, 3)


def test_dask_executor_needs_a_scheduler(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "news", CORPUS)
    with pytest.raises(ConfigError, match="--scheduler tcp://HOST:8786"):
        build(corpus, executor="dask")


@pytest.mark.model
@pytest.mark.slow
def test_workers_do_not_change_the_exports(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    shutil.copytree(REPO / "seeds", seeds)
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        one = build("seeds", config=Config(workers=1), out=tmp_path / "w1", use_cache=False)
        two = build("seeds", config=Config(workers=2, batch_size=2), out=tmp_path / "w2")
    finally:
        os.chdir(cwd)
    assert two.report.extracted == one.report.documents
    assert exports(tmp_path / "w1") == exports(tmp_path / "w2")


def _no_warm_up(task: ExtractionTask) -> None:
    """Stand-in worker initializer (no spaCy)."""


def _die(task: ExtractionTask, batch: Batch) -> BatchResult:
    os._exit(3)


def test_a_dead_worker_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    from kgraph.executors import local

    monkeypatch.setattr(local, "_init_worker", _no_warm_up)
    monkeypatch.setattr(local, "run_batch", _die)
    task = ExtractionTask(config=Config(), fingerprint="f")
    with (
        local.LocalExecutor(task, ExecutorOptions(workers=2)) as executor,
        pytest.raises(KGraphError, match="a worker process died"),
    ):
        list(executor.map([(("k1", "text"),), (("k2", "more"),)]))


def _sizes(task: ExtractionTask, batch: Batch) -> BatchResult:
    """Stand-in ``run_batch``: each record says how many documents its task held."""
    return BatchResult(
        records=tuple((key, str(len(batch)).encode()) for key, _ in batch),
        nlp_seconds=1.0,
        words=len(batch),
    )


def test_worker_tasks_are_small_and_results_come_back_whole_in_order(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from kgraph.executors import local

    monkeypatch.setattr(local, "_init_worker", _no_warm_up)
    monkeypatch.setattr(local, "run_batch", _sizes)
    task = ExtractionTask(config=Config(), fingerprint="f")
    big = tuple((f"k{i}", "text") for i in range(2 * local.TASK_DOCUMENTS + 8))
    small = (("s0", "text"), ("s1", "text"))
    with local.LocalExecutor(task, ExecutorOptions(workers=2)) as executor:
        results = list(executor.map([big, small]))
    assert [len(r.records) for r in results] == [len(big), len(small)]
    assert [key for key, _ in results[0].records] == [key for key, _ in big]
    sizes = [int(payload) for _, payload in results[0].records]
    assert sizes == [local.TASK_DOCUMENTS] * (2 * local.TASK_DOCUMENTS) + [8] * 8
    assert results[0].words == len(big) and results[0].nlp_seconds == 3.0  # three tasks
    assert [int(payload) for _, payload in results[1].records] == [2, 2]
