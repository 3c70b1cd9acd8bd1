"""The ``dask`` executor: the same exports as a local build, on a real LocalCluster."""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from kgraph.config import Config
from kgraph.errors import KGraphError
from kgraph.pipeline import build

from .conftest import REPO
from .test_pipeline import CORPUS, exports, user_cache, write_corpus

__all__ = ["user_cache"]  # the fixture, imported for pytest


def test_a_missing_dask_names_the_extra_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "dask.distributed", None)  # import fails
    corpus = write_corpus(tmp_path / "news", CORPUS)
    with pytest.raises(KGraphError, match=r"pip install 'kgraph\[dask\]'"):
        build(corpus, executor="dask", scheduler="tcp://127.0.0.1:8786")


def test_the_local_executor_never_imports_dask() -> None:
    import subprocess

    code = (
        "import sys; import kgraph.pipeline, kgraph.executors as e; e.executor_names(); "
        "sys.exit(any(m == 'dask' or m.startswith('dask.') for m in sys.modules))"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    distributed = pytest.importorskip("dask.distributed")
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0"
    ) as cluster:
        yield cluster.scheduler_address


@pytest.mark.model
@pytest.mark.slow
def test_dask_build_is_byte_identical_to_a_local_build(tmp_path: Path, scheduler: str) -> None:
    shutil.copytree(REPO / "seeds", tmp_path / "seeds")
    config = Config(workers=1, batch_size=2)  # several batches, spread over both workers
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        local = build("seeds", config=config, out="local", use_cache=False).report
        remote = build(
            "seeds", config=config, out="dask", executor="dask", scheduler=scheduler
        ).report
        # A second run reuses the records the cluster returned.
        again = build("seeds", config=config, out="dask", executor="dask", scheduler=scheduler)
    finally:
        os.chdir(cwd)
    assert remote.extracted == local.documents > 5
    assert again.report.extracted == 0
    assert exports(tmp_path / "dask") == exports(tmp_path / "local")
