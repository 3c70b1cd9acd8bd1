"""``kgraph build``: flags, defaults, errors as one line, and the end summary."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import kgraph.cli.build as cli_build
from kgraph.cli import main
from kgraph.cli.build import default_workers

from .test_pipeline import CORPUS, FakeExecutor, fake, user_cache, write_corpus

__all__ = ["fake", "user_cache"]  # fixtures, imported for pytest


@pytest.fixture
def corpus(tmp_path: Path) -> Iterator[Path]:
    write_corpus(tmp_path / "news", CORPUS)
    cwd = os.getcwd()
    os.chdir(tmp_path)
    yield Path("news")
    os.chdir(cwd)


def test_build_summary_reports_cache_use_and_stage_times(
    corpus: Path,
    fake: type[FakeExecutor],
    user_cache: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["build", str(corpus), "--out", "out", "--executor", "fake"]) == 0
    text = capsys.readouterr().out
    assert "documents: 3 read, 0 skipped; 3 parsed, 0 from the cache" in text
    assert f"cache: {user_cache / 'extraction.sqlite'}" in text
    for stage in ("read", "nlp", "extraction", "resolution", "assembly", "export"):
        assert re.search(rf"\b{stage} \d+\.\d\ds\b", text.splitlines()[-1]), stage
    assert main(["build", str(corpus), "--out", "out", "--executor", "fake"]) == 0
    assert "0 parsed, 3 from the cache" in capsys.readouterr().out


def test_no_cache_leaves_no_cache(
    corpus: Path, fake: type[FakeExecutor], user_cache: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["build", str(corpus), "--out", "out", "--executor", "fake", "--no-cache"]) == 0
    assert "cache:" not in capsys.readouterr().out
    assert not user_cache.exists()
    assert len(list(Path("out").iterdir())) == 4  # the exports only


def test_cache_folder_flag(corpus: Path, fake: type[FakeExecutor]) -> None:
    argv = ["build", str(corpus), "--out", "out", "--executor", "fake", "--cache", "c"]
    assert main(argv) == 0
    assert Path("c/extraction.sqlite").is_file()


def _captured_config(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    seen: dict[str, Any] = {}
    real = cli_build.build

    def spy(inputs: Any, **kwargs: Any) -> Any:
        seen.update(kwargs)
        return real(inputs, **kwargs)

    monkeypatch.setattr(cli_build, "build", spy)
    return seen


def test_workers_default_to_every_core_unless_configured(
    corpus: Path, fake: type[FakeExecutor], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    seen = _captured_config(monkeypatch)
    assert main(["build", str(corpus), "--out", "out", "--executor", "fake"]) == 0
    assert seen["config"].workers == default_workers() >= 1
    Path("kgraph.yaml").write_text("workers: 1\nbatch_size: 7\n", encoding="utf-8")
    argv = ["build", str(corpus), "--out", "out", "--executor", "fake", "--config", "kgraph.yaml"]
    assert main(argv) == 0
    assert (seen["config"].workers, seen["config"].batch_size) == (1, 7)
    assert main([*argv, "--workers", "3", "--batch-size", "5"]) == 0
    assert (seen["config"].workers, seen["config"].batch_size) == (3, 5)


@pytest.mark.parametrize(
    ("flags", "message"),
    [
        (["--workers", "0"], "--workers must be at least 1, got 0"),
        (["--batch-size", "-1"], "--batch-size must be at least 1, got -1"),
        (["--executor", "dask"], "--scheduler tcp://HOST:8786"),
    ],
)
def test_bad_values_are_one_line_errors(
    corpus: Path, flags: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["build", str(corpus), "--out", "out", *flags]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err and len(err.strip().splitlines()) == 1


@pytest.mark.parametrize(
    "flags", [["--executor", "spark"], ["--cache", "c", "--no-cache"]], ids=["executor", "cache"]
)
def test_invalid_flag_combinations_are_refused(
    corpus: Path, flags: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["build", str(corpus), "--out", "out", *flags])
    assert exc.value.code == 2
    assert "usage:" in capsys.readouterr().err


def test_store_flag_loads_a_store_that_kgraph_query_answers_from(
    corpus: Path, fake: type[FakeExecutor], capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["build", str(corpus), "--out", "out", "--executor", "fake", "--store", "st"]
    assert main(argv) == 0
    assert "loaded store st" in capsys.readouterr().out
    query = "SELECT ?l WHERE { ?e <http://www.w3.org/2000/01/rdf-schema#label> ?l } ORDER BY ?l"
    assert main(["query", query, "--store", "st", "--format", "csv"]) == 0
    labels = capsys.readouterr().out.split()
    assert {"Acme", "Globex", "Umbrella"} <= set(labels)
    # Without the Turtle export among the formats, the store is still loaded.
    argv = [*argv[:-2], "--store", "st2", "--formats", "json"]
    assert main(argv) == 0
    assert main(["query", query, "--store", "st2", "--format", "csv"]) == 0
    assert set(capsys.readouterr().out.split()) >= {"Acme", "Globex"}
