"""One build at a time per output folder (:mod:`kgraph.export.lock`).

The competing build is a real second process holding the lock, as when a user starts
``kgraph build`` twice into the same ``--out``.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from kgraph.cli import main
from kgraph.errors import ExportError, OutputLocked
from kgraph.export.lock import output_lock
from kgraph.pipeline import build

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="flock is POSIX")

_HOLDER = """
import sys, time
from kgraph.export.lock import output_lock
with output_lock(sys.argv[1]):
    print("locked", flush=True)
    time.sleep(600)
"""


@pytest.fixture
def held(tmp_path: Path) -> Iterator[tuple[Path, subprocess.Popen[str]]]:
    """An output folder whose lock another process holds (until it is killed)."""
    out = tmp_path / "out"
    out.mkdir()
    (out / "graph.ttl").write_text("previous export\n", encoding="utf-8")
    proc = subprocess.Popen(
        [sys.executable, "-c", _HOLDER, str(out)], stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "locked"
    try:
        yield out, proc
    finally:
        proc.kill()
        proc.wait()
        proc.stdout.close()


def test_a_second_lock_on_the_same_folder_is_refused(tmp_path: Path) -> None:
    with (
        output_lock(tmp_path),
        pytest.raises(OutputLocked, match=str(tmp_path)),
        output_lock(tmp_path),
    ):
        pass
    with output_lock(tmp_path):  # released on exit: free again
        pass


def test_locked_is_an_export_error() -> None:
    assert issubclass(OutputLocked, ExportError)


def test_build_into_a_folder_another_build_holds_fails_before_parsing(
    held: tuple[Path, subprocess.Popen[str]], tmp_path: Path
) -> None:
    out, _ = held
    article = tmp_path / "news" / "a.txt"
    article.parent.mkdir()
    article.write_text("Acme Corp hired Jane Doe as chief executive.\n", encoding="utf-8")
    cache = tmp_path / "cache"
    with pytest.raises(OutputLocked, match="another kgraph build"):
        build(article.parent, out=out, cache=cache)
    assert not cache.exists()  # refused before the cache (and the parse) was touched
    assert (out / "graph.ttl").read_text(encoding="utf-8") == "previous export\n"
    assert sorted(p.name for p in out.iterdir()) == ["graph.ttl"]  # no lock file left


def test_cli_names_the_folder_and_exits_nonzero(
    held: tuple[Path, subprocess.Popen[str]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out, _ = held
    article = tmp_path / "a.txt"
    article.write_text("Acme Corp hired Jane Doe.\n", encoding="utf-8")
    assert main(["build", str(article), "--out", str(out), "--no-cache"]) == 2
    err = capsys.readouterr().err
    assert str(out) in err and "another kgraph build" in err
    assert err.count("\n") == 1  # one line, no traceback


def test_the_lock_dies_with_its_holder(held: tuple[Path, subprocess.Popen[str]]) -> None:
    out, proc = held
    with pytest.raises(OutputLocked), output_lock(out):
        pass
    os.kill(proc.pid, signal.SIGKILL)  # a build killed outright leaves no stale lock
    proc.wait()
    with output_lock(out):
        pass
