"""A real ``kgraph build`` killed at any moment leaves whole exports and no debris.

Each test starts ``python -m kgraph build`` on a few hundred generated articles, with a
complete set of exports from an earlier build (of other articles) already in the
output folder, and stops it with SIGINT, SIGTERM, SIGHUP or SIGKILL: while starting
up, while parsing (once the workers run), or while the exports are being written
(when a ``.graph.*.tmp`` file appears). Afterwards every export must be
byte-identical to the previous one or to the one a complete build writes, never a
mixture (and a build stopped while serialising leaves the whole previous set); no
temporary file may be left (after SIGKILL the next build removes it); Ctrl-C /
SIGTERM / SIGHUP must end with one line on stderr and exit 130 / 143 / 129, no
traceback; Ctrl-C twice must not hang; workers must not outlive a killed build; and
``nohup`` must keep working. Linux only (process groups, ``/proc``).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from kgraph.export.registry import exporters

pytestmark = [
    pytest.mark.model,
    pytest.mark.slow,
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="process groups, /proc"),
]

FORMATS = ",".join(e.name for e in exporters())
FILENAMES = sorted(e.filename for e in exporters())
INTERRUPTED = "kgraph: interrupted; previous exports left unchanged"
TERMINATED = "kgraph: terminated; previous exports left unchanged"
_CITIES = ("Berlin", "Lagos", "Osaka", "Lima", "Oslo", "Quito", "Perth", "Seoul")


def _write_corpus(folder: Path, n: int, *, tag: str) -> Path:
    folder.mkdir(parents=True)
    for i in range(n):
        company = f"{tag}{i:04d} Systems"
        city = _CITIES[i % len(_CITIES)]
        (folder / f"{tag.lower()}_{i:04d}.txt").write_text(
            f"{company} opens an office in {city}\n\n"
            f"{company}, a software maker based in {city}, said on Monday that it had "
            f"opened a new office. Chief executive Maria Lund said {company} would hire "
            f"forty engineers this year. Rival Norvik Labs declined to comment.\n",
            encoding="utf-8",
        )
    return folder


def _command(corpus: Path, out: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "kgraph", "build", str(corpus), "--out", str(out),
            "--formats", FORMATS, "--workers", "2", *extra]  # fmt: skip


def _snapshot(folder: Path) -> dict[str, bytes]:
    """The exports in ``folder`` (hidden files, such as temporary ones, left out)."""
    return {
        p.name: p.read_bytes()
        for p in sorted(folder.iterdir())
        if p.is_file() and not p.name.startswith(".")
    }


@dataclass(frozen=True)
class Setup:
    corpus: Path
    cache: Path  # the extraction cache of ``corpus``, already filled
    old: dict[str, bytes]  # exports of an earlier build of other articles
    new: dict[str, bytes]  # exports a complete build of ``corpus`` writes


@pytest.fixture(scope="module")
def setup(tmp_path_factory: pytest.TempPathFactory) -> Setup:
    root = tmp_path_factory.mktemp("interrupt")
    # Enough articles that parsing outlasts a signal sent 0.2 s after the workers
    # start, even with fast extraction on a quiet machine.
    corpus = _write_corpus(root / "corpus", 600, tag="Kelvar")
    earlier = _write_corpus(root / "earlier", 4, tag="Ostrel")
    cache = root / "cache"
    for cmd in (
        _command(earlier, root / "old", "--no-cache"),
        _command(corpus, root / "new", "--cache", str(cache)),
    ):
        done = subprocess.run(cmd, capture_output=True, text=True, check=False)
        assert done.returncode == 0, done.stderr[-3000:]
    old, new = _snapshot(root / "old"), _snapshot(root / "new")
    assert sorted(old) == sorted(new) == FILENAMES
    assert all(old[name] != new[name] for name in FILENAMES)
    return Setup(corpus=corpus, cache=cache, old=old, new=new)


def _prepare_out(tmp_path: Path, setup: Setup) -> Path:
    out = tmp_path / "out"
    out.mkdir(parents=True)
    for name, data in setup.old.items():
        (out / name).write_bytes(data)
    return out


def _temp_files(out: Path) -> list[str]:
    return sorted(p.name for p in out.iterdir() if p.name.endswith(".tmp"))


def _check_exports(out: Path, setup: Setup) -> None:
    """Every export is whole: byte-identical to the old one or to the complete new one."""
    now = _snapshot(out)
    assert sorted(now) == FILENAMES
    mixed = [n for n in FILENAMES if now[n] not in (setup.old[n], setup.new[n])]
    assert mixed == [], f"half-written or foreign exports: {mixed}"


def _finish(proc: subprocess.Popen[bytes]) -> str:
    """Wait for ``proc``; return its stderr. A build that hangs is killed and fails."""
    try:
        _, err = proc.communicate(timeout=120)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        pytest.fail("the build hung after the signal")
    return err.decode("utf-8", "replace")


def _send(proc: subprocess.Popen[bytes], sig: signal.Signals) -> None:
    # Ctrl-C in a terminal, and the terminal hanging up, signal the whole foreground
    # process group (the build and its workers); kill(1) and service managers signal
    # the build's own process.
    if sig in (signal.SIGINT, signal.SIGHUP):
        os.killpg(proc.pid, sig)
    else:
        proc.send_signal(sig)


def _check_stopped(proc: subprocess.Popen[bytes], sig: signal.Signals, err: str) -> None:
    assert "Traceback" not in err
    if proc.returncode == 0:  # finished before the signal arrived
        return
    if sig == signal.SIGKILL:
        assert proc.returncode == -signal.SIGKILL
        return
    if proc.returncode == -sig:  # arrived before the interpreter set up its handlers
        return
    assert proc.returncode == 128 + sig, err
    expected = INTERRUPTED if sig == signal.SIGINT else TERMINATED
    assert err.strip().splitlines() == [expected]


@pytest.mark.parametrize(
    ("sig", "delay"),
    [
        (signal.SIGINT, 0.5),
        (signal.SIGTERM, 1.5),
        (signal.SIGKILL, 1.5),
        (signal.SIGINT, "parsing"),  # workers up, batches in flight
        (signal.SIGTERM, "parsing"),
        (signal.SIGHUP, "parsing"),  # the terminal went away (dropped SSH session)
    ],
    ids=lambda v: v.name if isinstance(v, signal.Signals) else str(v),
)
def test_killed_while_starting_or_parsing(
    sig: signal.Signals, delay: float | str, setup: Setup, tmp_path: Path
) -> None:
    if sig == getattr(signal, "SIGHUP", None) and signal.getsignal(sig) == signal.SIG_IGN:
        # Under nohup the build inherits SIGHUP ignored and keeps it so, by design.
        pytest.skip("SIGHUP is ignored in this session (nohup)")
    # A build that finished before the signal proves nothing about "parsing": on a
    # loaded machine this process may be descheduled past the whole (small) parse, so
    # such a run is retried with a fresh output folder and cache.
    for attempt in range(3):
        out = _prepare_out(tmp_path / f"try{attempt}", setup)
        cache = tmp_path / f"try{attempt}" / "cache"
        cmd = _command(setup.corpus, out, "--cache", str(cache))
        with subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              start_new_session=True) as proc:  # fmt: skip
            if isinstance(delay, float):
                time.sleep(delay)
            else:
                _wait_for_workers(proc)
                time.sleep(0.2)
            _send(proc, sig)
            err = _finish(proc)
        _check_stopped(proc, sig, err)
        if delay != "parsing" or proc.returncode != 0:
            break
    if delay == "parsing":
        assert proc.returncode != 0, "the build finished before the signal, three times"
    if proc.returncode != 0:
        assert _snapshot(out) == setup.old
    _check_exports(out, setup)
    if sig != signal.SIGKILL:
        assert _temp_files(out) == []


def _kill_during_export(cmd: list[str], out: Path, sig: signal.Signals) -> tuple[int, str]:
    """Start ``cmd``; signal it as soon as a temporary export file appears."""
    with subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          start_new_session=True) as proc:  # fmt: skip
        deadline = time.monotonic() + 120
        while proc.poll() is None and time.monotonic() < deadline:
            if _temp_files(out):
                _send(proc, sig)
                break
            time.sleep(0.0005)
        err = _finish(proc)
    return proc.returncode, err


@pytest.mark.parametrize(
    "sig", [signal.SIGINT, signal.SIGTERM, signal.SIGKILL], ids=lambda s: str(s.name)
)
def test_killed_while_writing_exports(sig: signal.Signals, setup: Setup, tmp_path: Path) -> None:
    cmd = _command(setup.corpus, tmp_path / "out", "--cache", str(setup.cache))
    for _ in range(5):  # a build that finished before the kill proves nothing: retry
        out = _prepare_out(tmp_path, setup)
        code, err = _kill_during_export(cmd, out, sig)
        if code != 0:
            break
        for child in out.iterdir():
            child.unlink()
        out.rmdir()
    else:
        pytest.fail("the build always finished before the signal; cannot test the export phase")
    assert "Traceback" not in err
    _check_exports(out, setup)
    # Every format is serialised before any is renamed into place, and the signal
    # came as the first temporary file appeared: the previous set is whole.
    assert _snapshot(out) == setup.old
    if sig == signal.SIGKILL:
        assert code == -signal.SIGKILL
        assert _temp_files(out), "the kill landed while an export was being written"
        # Nothing can clean up after SIGKILL: the next build removes the debris.
        done = subprocess.run(cmd, capture_output=True, text=True, check=False)
        assert done.returncode == 0, done.stderr
        assert _snapshot(out) == setup.new
    else:
        assert code == 128 + sig
        assert err.strip().splitlines() == [INTERRUPTED if sig == signal.SIGINT else TERMINATED]
    assert _temp_files(out) == []


def test_complete_build_replaces_every_export(setup: Setup, tmp_path: Path) -> None:
    out = _prepare_out(tmp_path, setup)
    done = subprocess.run(
        _command(setup.corpus, out, "--cache", str(setup.cache)),
        check=False,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert _snapshot(out) == setup.new


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc")
def test_ctrl_c_twice_still_stops_quietly(setup: Setup, tmp_path: Path) -> None:
    # An impatient user presses Ctrl-C again while the build is shutting its workers.
    out = _prepare_out(tmp_path, setup)
    cmd = _command(setup.corpus, out, "--cache", str(tmp_path / "cache"))
    with subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          start_new_session=True) as proc:  # fmt: skip
        _wait_for_workers(proc)
        time.sleep(0.5)  # batches in flight
        os.killpg(proc.pid, signal.SIGINT)
        time.sleep(0.2)
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGINT)
        text = _finish(proc)
    assert "Traceback" not in text
    # 130 from kgraph, or death by SIGINT if the second one came while the
    # interpreter was already exiting: either way, what a shell expects.
    assert proc.returncode in (130, -signal.SIGINT)
    assert text.strip().splitlines() == [INTERRUPTED]
    assert _snapshot(out) == setup.old
    assert _temp_files(out) == []


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc")
def test_build_after_sigkill_mid_parse_reuses_the_cache(setup: Setup, tmp_path: Path) -> None:
    # SIGKILL while records are being written into the extraction cache: the next build
    # with the same cache must finish and write the complete exports.
    out = _prepare_out(tmp_path, setup)
    cmd = _command(setup.corpus, out, "--cache", str(tmp_path / "cache"))
    with subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          start_new_session=True) as proc:  # fmt: skip
        _wait_for_workers(proc)
        time.sleep(2.0)  # some batches stored, others in flight
        os.killpg(proc.pid, signal.SIGKILL)  # the workers die too
        _finish(proc)
    assert _snapshot(out) in (setup.old, setup.new)
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert _snapshot(out) == setup.new
    assert _temp_files(out) == []


def _live_members(group: int) -> list[int]:
    """Processes of process group ``group`` that are running (zombies left out)."""
    live = []
    for stat_file in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat_file.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # exited meanwhile
        state, pgrp = fields[0], int(fields[2])
        if pgrp == group and state not in ("Z", "X"):
            live.append(int(stat_file.parent.name))
    return live


def _wait_for_workers(proc: subprocess.Popen[bytes]) -> None:
    """Return once the build's two worker processes run (the parse has begun)."""
    deadline = time.monotonic() + 60
    while len(_live_members(proc.pid)) < 3 and time.monotonic() < deadline:
        assert proc.poll() is None, "the build ended before its workers started"
        time.sleep(0.05)
    assert len(_live_members(proc.pid)) >= 3, "the workers never started"


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc")
def test_workers_do_not_outlive_a_killed_build(setup: Setup, tmp_path: Path) -> None:
    # Regression: SIGKILL (or the OOM killer) on the build alone left its worker
    # processes waiting forever, each holding a loaded spaCy pipeline.
    out = _prepare_out(tmp_path, setup)
    cmd = _command(setup.corpus, out, "--no-cache")
    with subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          start_new_session=True) as proc:  # fmt: skip
        _wait_for_workers(proc)
        proc.kill()  # the build only, as the OOM killer would
        proc.wait(timeout=30)
        deadline = time.monotonic() + 15
        while _live_members(proc.pid) and time.monotonic() < deadline:
            time.sleep(0.2)
        orphans = _live_members(proc.pid)
        for pid in orphans:  # do not leave them running if the test fails
            os.kill(pid, signal.SIGKILL)
        proc.communicate(timeout=30)
    assert orphans == []
    assert _snapshot(out) == setup.old


def test_sighup_ignored_on_purpose_stays_ignored(setup: Setup, tmp_path: Path) -> None:
    # 'nohup kgraph build ...' must survive the terminal going away.
    out = _prepare_out(tmp_path, setup)
    # What nohup(1) does: ignore SIGHUP, then exec the command.
    nohup = ("import os, signal, sys; signal.signal(signal.SIGHUP, signal.SIG_IGN); "
             "os.execv(sys.argv[1], sys.argv[1:])")  # fmt: skip
    cmd = [sys.executable, "-c", nohup,
           *_command(setup.corpus, out, "--cache", str(tmp_path / "cache"))]  # fmt: skip
    with subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          start_new_session=True) as proc:  # fmt: skip
        _wait_for_workers(proc)
        os.killpg(proc.pid, signal.SIGHUP)
        err = _finish(proc)
    assert proc.returncode == 0, err
    assert _snapshot(out) == setup.new
