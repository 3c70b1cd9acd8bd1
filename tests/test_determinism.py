"""The same input gives byte-identical exports, whatever the disk order and workers.

One corpus (plain text, Markdown with front matter, JSONL, nested folders, non-ASCII
file names, entities written in several surface forms so that resolution would notice
a change of order) is written twice, its files created in opposite orders, and built:
with directory listings returned reversed or shuffled, with one worker or two, through
the Python API and through ``kgraph build --workers``. Every export must be the same,
byte for byte.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from kgraph.config import Config
from kgraph.export.registry import exporters
from kgraph.pipeline import build

pytestmark = [pytest.mark.model, pytest.mark.slow]

FORMATS = tuple(e.name for e in exporters())

_COMPANIES = ("Xavira", "Morlin", "Quent", "Talvio", "Bressa", "Ondura")
_PEOPLE = ("Maria Lund", "Kwame Asante", "Yuki Tanaka", "Pavel Novak")
_CITIES = ("Berlin", "Lagos", "Osaka", "Lima", "Seoul", "Zürich")


def _sentences(i: int) -> str:
    a, b = _COMPANIES[i % 6], _COMPANIES[(i * 5 + 1) % 6]
    person, city = _PEOPLE[i % 4], _CITIES[(i * 7) % 6]
    # Surface forms vary with i, so the canonical name and aliases depend on every
    # document: a build that saw them in another order could choose differently.
    suffix = ("Corp", "Corporation", "Inc.", "")[i % 4]
    return (
        f"{a} {suffix} said on Monday it had agreed to acquire {b} for $1.{i} billion. "
        f"{person}, chief executive of {a}, said the deal would close in {city}. "
        f"{b}, headquartered in {city}, develops software for banks. "
        f"{person.split()[1]} founded {a} in 20{i % 10:02d}."
    ).replace("  ", " ")


def _files() -> list[tuple[str, str]]:
    """(relative path, content) of every file of the corpus."""
    files: list[tuple[str, str]] = []
    for i in range(18):
        text = _sentences(i)
        if i % 3 == 0:
            files.append((f"plain/{i:03d}.txt", f"Deal number {i}\n\n{text}\n"))
        elif i % 3 == 1:
            meta = (
                f"---\ntitle: 'Story {i}: {_COMPANIES[i % 6]} deal'\n"
                f"date: 2024-03-{i + 1:02d}T08:00:00Z\n"
                f"url: https://news.example/{i}\nprovider: Wire{i % 2}\n"
                f"topics: [AI, Banking]\n---\n"
            )
            files.append((f"md/sub{i % 2}/{i:03d}.md", meta + text + "\n"))
        else:
            files.append((f"Zürich-東京/{i:03d}.txt", f"Report {i}\n\n{text}\n"))
    lines = [json.dumps({"title": f"Line {i}", "text": _sentences(30 + i)}) for i in range(5)]
    files.append(("feed/items.jsonl", "\n".join(lines) + "\n"))
    files.append(("a-b.txt", f"Hyphen\n\n{_sentences(50)}\n"))
    files.append(("a/b.txt", f"Slash\n\n{_sentences(51)}\n"))
    return files


def _write_corpus(root: Path, *, reverse: bool) -> Path:
    corpus = root / "corpus"  # same folder name: source paths include it
    files = _files()
    for rel, content in reversed(files) if reverse else files:
        path = corpus / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
    return corpus


@contextmanager
def _listing_order(order: str) -> Iterator[None]:
    """Make ``os.scandir`` list every folder in ``order`` (reversed or shuffled)."""
    real = os.scandir
    rng = random.Random(7)
    calls: list[object] = []

    class _Listing:
        def __init__(self, entries: list[os.DirEntry[str]]) -> None:
            self._entries = entries

        def __enter__(self) -> Iterator[os.DirEntry[str]]:
            return iter(self._entries)

        def __exit__(self, *exc: object) -> None:
            return None

        def __iter__(self) -> Iterator[os.DirEntry[str]]:
            return iter(self._entries)

    def scandir(path: str | os.PathLike[str] = ".") -> _Listing:
        calls.append(path)
        with real(path) as it:
            entries = sorted(it, key=lambda e: e.name, reverse=True)
        if order == "shuffled":
            rng.shuffle(entries)
        return _Listing(entries)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(os, "scandir", scandir)
        yield
    assert len(calls) >= 6  # the corpus folders were listed through the patch


def _exports(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def _api_build(corpus: Path, out: Path, *, workers: int, order: str) -> dict[str, bytes]:
    # Small batches with two workers: results come back from both processes.
    config = Config(workers=workers, batch_size=64 if workers == 1 else 3)
    with _listing_order(order):
        result = build([corpus], config=config, out=out, formats=FORMATS, use_cache=False)
    assert result.report.ingest.skipped == []
    assert result.report.documents == len(_files()) - 1 + 5
    return _exports(out)


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    root = tmp_path_factory.mktemp("forward")
    corpus = _write_corpus(root, reverse=False)
    exports = _api_build(corpus, root / "out", workers=1, order="reversed")
    assert sorted(exports) == sorted(e.filename for e in exporters())
    # Not vacuous: the corpus yields entities and typed relations.
    assert b"acquires" in exports["graph.json"]
    return exports


def test_reverse_created_corpus_shuffled_listing_two_workers(
    reference: dict[str, bytes], tmp_path: Path
) -> None:
    corpus = _write_corpus(tmp_path, reverse=True)
    exports = _api_build(corpus, tmp_path / "out", workers=2, order="shuffled")
    differ = [name for name in reference if exports[name] != reference[name]]
    assert differ == []


def test_cli_workers_one_and_two_write_the_same_bytes(
    reference: dict[str, bytes], tmp_path: Path
) -> None:
    # Each run also gets its own string-hash seed and locale: set and dict order of
    # strings, and the file-name encoding, must not leak into the exports.
    corpus = _write_corpus(tmp_path, reverse=True)
    runs = [("1", {"PYTHONHASHSEED": "0", "LC_ALL": "C"}),
            ("2", {"PYTHONHASHSEED": "4242", "LC_ALL": "C.UTF-8"})]  # fmt: skip
    for workers, env in runs:
        out = tmp_path / f"out{workers}"
        done = subprocess.run(
            [sys.executable, "-m", "kgraph", "build", str(corpus), "--out", str(out),
             "--formats", ",".join(FORMATS), "--workers", workers, "--batch-size", "3",
             "--no-cache"],
            capture_output=True, text=True, check=False, env={**os.environ, **env},
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        assert "Traceback" not in done.stderr
        differ = [name for name in reference if _exports(out)[name] != reference[name]]
        assert differ == [], f"--workers {workers} {env}"


def test_inputs_given_in_another_order_write_the_same_bytes(tmp_path: Path) -> None:
    corpus = _write_corpus(tmp_path, reverse=False)
    parts = [corpus / "plain", corpus / "md", corpus / "feed"]
    first = build(parts, config=Config(workers=1), out=tmp_path / "a", formats=FORMATS,
                  use_cache=False)  # fmt: skip
    second = build(parts[::-1], config=Config(workers=1), out=tmp_path / "b", formats=FORMATS,
                   use_cache=False)  # fmt: skip
    assert first.report.documents == second.report.documents > 0
    differ = [
        name
        for name, data in _exports(tmp_path / "a").items()
        if _exports(tmp_path / "b")[name] != data
    ]
    assert differ == []
