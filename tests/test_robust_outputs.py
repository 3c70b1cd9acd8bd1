"""Exports are written whole or not at all, and a killed build's debris is cleared.

Unit tests of :mod:`kgraph.export.registry`'s atomic writing; the end-to-end checks
with a real build killed by signals are in ``test_interrupt.py``.
"""

from __future__ import annotations

import errno
import os
import re
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from kgraph.config import DEFAULT_BASE_IRI, ExportConfig
from kgraph.errors import ExportError
from kgraph.export.registry import (
    Exporter,
    ExportOptions,
    atomic_write,
    check_output_dir,
    exporters,
    remove_stale_temp_files,
    write_export,
    write_exports,
)
from kgraph.graph.knowledge import KnowledgeGraph

from .conftest import SCHEMAS

OPTIONS = ExportOptions(base_iri=DEFAULT_BASE_IRI, export=ExportConfig())


def _dead_pid() -> int:
    """Return the pid of a process that has exited (and been reaped)."""
    proc = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], check=True,
                          capture_output=True, text=True)  # fmt: skip
    return int(proc.stdout)


def _temp_files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


@pytest.mark.parametrize("exporter", exporters(), ids=lambda e: e.name)
def test_failed_write_keeps_previous_file_and_leaves_no_temp(
    exporter: Exporter, sample_kg: KnowledgeGraph, tmp_path: Path
) -> None:
    previous = write_export(sample_kg, exporter, tmp_path, OPTIONS).read_bytes()

    def explode(kg: KnowledgeGraph, handle: object, options: ExportOptions) -> None:
        exporter.write(kg, handle, options)  # type: ignore[arg-type]
        raise KeyboardInterrupt  # as if Ctrl-C arrived after the last byte

    broken = Exporter(
        name=exporter.name, filename=exporter.filename, media_type=exporter.media_type,
        aliases=(), write=explode,
    )  # fmt: skip
    with pytest.raises(KeyboardInterrupt):
        write_export(sample_kg, broken, tmp_path, OPTIONS)
    assert (tmp_path / exporter.filename).read_bytes() == previous
    assert _temp_files(tmp_path) == []


def test_stale_temp_files_of_dead_processes_are_removed_by_the_next_write(
    sample_kg: KnowledgeGraph, tmp_path: Path
) -> None:
    # Regression: a build killed with SIGKILL cannot remove its temporary file; the
    # next build into the same folder must, and must not touch anything else.
    dead = _dead_pid()
    stale = tmp_path / f".graph.json.{dead}.k3j_x9q2.tmp"
    stale.write_bytes(b'{"half": ')
    other_format = tmp_path / f".graph.ttl.{dead}.abcdefgh.tmp"
    other_format.write_bytes(b"@prefix")
    unrelated = [tmp_path / n for n in (".graph.json.tmp", "graph.json.1.x.tmp", "notes.tmp")]
    for path in unrelated:
        path.write_text("keep me")
    write_export(sample_kg, _exporter("json"), tmp_path, OPTIONS)
    assert not stale.exists()
    assert other_format.exists()  # removed when graph.ttl is written, not before
    assert all(p.read_text() == "keep me" for p in unrelated)
    assert remove_stale_temp_files(tmp_path / "graph.ttl") == [other_format]


def test_temp_file_of_a_live_build_is_left_alone(tmp_path: Path) -> None:
    # Two builds writing into one folder: the other one's file in progress stays.
    with subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"]) as other:
        try:
            live = tmp_path / f".graph.json.{other.pid}.abcdefgh.tmp"
            live.write_bytes(b"in progress")
            assert remove_stale_temp_files(tmp_path / "graph.json") == []
            assert live.exists()
        finally:
            other.kill()


def test_absurd_pid_in_a_temp_name_counts_as_dead(tmp_path: Path) -> None:
    junk = tmp_path / f".graph.json.{10**30}.abcdefgh.tmp"
    junk.write_bytes(b"")
    assert remove_stale_temp_files(tmp_path / "graph.json") == [junk]


def test_temp_names_carry_the_writing_process(tmp_path: Path) -> None:
    with atomic_write(tmp_path / "graph.json") as handle:
        names = _temp_files(tmp_path)
        handle.write(b"{}")
    assert len(names) == 1
    assert names[0].startswith(f".graph.json.{os.getpid()}.")
    assert _temp_files(tmp_path) == []


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
def test_new_exports_get_the_umask_mode_not_0600(sample_kg: KnowledgeGraph, tmp_path: Path) -> None:
    # Regression: mkstemp creates 0600 files, so every export was unreadable by the
    # group and by a web server serving the output folder.
    old = os.umask(0o022)
    try:
        path = write_export(sample_kg, _exporter("ttl"), tmp_path, OPTIONS)
    finally:
        os.umask(old)
    assert stat.S_IMODE(path.stat().st_mode) == 0o644


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
def test_a_replaced_export_keeps_its_mode(sample_kg: KnowledgeGraph, tmp_path: Path) -> None:
    target = tmp_path / "graph.ttl"
    target.write_text("old")
    target.chmod(0o640)
    write_export(sample_kg, _exporter("ttl"), tmp_path, OPTIONS)
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert target.read_text("utf-8") != "old"


def test_unwritable_folder_is_an_export_error_naming_the_file(
    sample_kg: KnowledgeGraph, tmp_path: Path
) -> None:
    blocker = tmp_path / "out"
    blocker.write_text("a file where the output folder should be")
    with pytest.raises(ExportError, match=r"out/graph\.json"):
        write_export(sample_kg, _exporter("json"), blocker, OPTIONS)


def _exporter(name: str) -> Exporter:
    return next(e for e in exporters() if e.name == name)


@pytest.mark.parametrize("exporter", exporters(), ids=lambda e: e.name)
def test_disk_full_is_an_export_error_and_keeps_the_previous_file(
    exporter: Exporter, sample_kg: KnowledgeGraph, tmp_path: Path
) -> None:
    previous = write_export(sample_kg, exporter, tmp_path, OPTIONS).read_bytes()

    def disk_full(kg: KnowledgeGraph, handle: object, options: ExportOptions) -> None:
        handle.write(b"partial output")  # type: ignore[attr-defined]
        raise OSError(errno.ENOSPC, "No space left on device")

    broken = Exporter(
        name=exporter.name, filename=exporter.filename, media_type=exporter.media_type,
        aliases=(), write=disk_full,
    )  # fmt: skip
    with pytest.raises(ExportError, match=rf"{re.escape(exporter.filename)}.*No space left"):
        write_export(sample_kg, broken, tmp_path, OPTIONS)
    assert (tmp_path / exporter.filename).read_bytes() == previous
    assert _temp_files(tmp_path) == []


def _failing(exporter: Exporter) -> Exporter:
    def fail(kg: KnowledgeGraph, handle: object, options: ExportOptions) -> None:
        handle.write(b"half")  # type: ignore[attr-defined]
        raise ExportError(f"{exporter.name}: refused")

    return Exporter(
        name=exporter.name, filename=exporter.filename, media_type=exporter.media_type,
        aliases=(), write=fail,
    )  # fmt: skip


@pytest.mark.parametrize("position", [0, 3, -1])
def test_a_failing_format_replaces_no_export_of_the_set(
    position: int, sample_kg: KnowledgeGraph, tmp_path: Path
) -> None:
    # Regression: formats were written one after the other, so a failure (or a kill)
    # while serialising the fourth left three new exports beside four old ones.
    every = list(exporters())
    old = {e.filename: b"old " + e.name.encode() for e in every}
    for name, data in old.items():
        (tmp_path / name).write_bytes(data)
    chosen = every[position]
    formats = [e if e is not chosen else _failing(e) for e in every]
    with pytest.raises(ExportError, match="refused"):
        write_exports(sample_kg, formats, tmp_path, OPTIONS)
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == old  # no temp files


def test_write_exports_writes_what_write_export_writes(
    sample_kg: KnowledgeGraph, tmp_path: Path
) -> None:
    paths = write_exports(sample_kg, exporters(), tmp_path / "set", OPTIONS)
    assert [p.name for p in paths] == [e.filename for e in exporters()]
    for exporter, path in zip(exporters(), paths, strict=True):
        single = write_export(sample_kg, exporter, tmp_path / "one", OPTIONS)
        assert path.read_bytes() == single.read_bytes()
    assert _temp_files(tmp_path / "set") == []


def test_output_folder_problems_are_found_before_the_parse(tmp_path: Path) -> None:
    from kgraph.pipeline import build

    corpus = tmp_path / "in"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Acme opens an office\n\nAcme opened an office.\n")
    blocker = tmp_path / "out"
    blocker.write_text("a file, not a folder")
    parsed: list[int] = []
    for out in (blocker, blocker / "sub"):
        with pytest.raises(ExportError, match=re.escape(str(out))):
            build([corpus], out=out, use_cache=False, progress=parsed.append)
    assert parsed == []  # nothing was read or parsed before the error
    assert check_output_dir(tmp_path / "new" / "deeper").is_dir()


def test_file_names_differing_only_in_undecodable_bytes_stay_distinct_documents(
    tmp_path: Path,
) -> None:
    # Regression: caf\xe9.txt, caf\xe8.txt and a file really named caf\ufffd.txt all
    # display as 'caf\ufffd.txt'; the second got its full path, the third the same full
    # path, so two documents shared one id and one of them vanished from the graph.
    from kgraph.config import Config
    from kgraph.ingest import IngestReport, iter_documents

    folder = tmp_path / "in"
    folder.mkdir()
    names = [b"caf\xe9.txt", b"caf\xe8.txt", "caf\ufffd.txt".encode()]
    try:
        for i, name in enumerate(names):
            with open(os.path.join(os.fsencode(folder), name), "w", encoding="utf-8") as f:
                f.write(f"Story {i}\n\nText of story {i}.\n")
    except OSError:
        pytest.skip("this file system refuses file names that are not UTF-8")
    report = IngestReport()
    docs = list(iter_documents([folder], config=Config(), report=report))
    assert len(docs) == 3
    assert len({d.doc_id for d in docs}) == 3
    assert len({d.source_path for d in docs}) == 3
    assert sorted(d.text.split()[-1] for d in docs) == ["0.", "1.", "2."]


_HOSTILE_FILE_NAMES = [
    b"caf\xe9.txt",  # not UTF-8: a lone surrogate after os.fsdecode
    b"new\nline.txt",
    b"pipe | bar.txt",  # the list separator of GraphML/GEXF columns
    b"<odd> & \"q\" 'x'.txt",
    b"-dash.txt",
    b"back\\slash.txt",
    b"tab\there.txt",
    b"%41%zz.txt",
    b"ctrl\x01\x1b.txt",  # XML-illegal characters
    "emoji 😀 שלום\u202e.txt".encode(),
    b"x" * 240 + b".txt",
]


@pytest.mark.model
def test_hostile_file_names_reach_every_export_intact(tmp_path: Path) -> None:
    import json

    import networkx as nx
    import pyoxigraph
    from lxml import etree

    from kgraph.config import Config
    from kgraph.graph.load import load
    from kgraph.pipeline import build

    folder = tmp_path / "in"
    folder.mkdir()
    try:
        for i, name in enumerate(_HOSTILE_FILE_NAMES):
            with open(os.path.join(os.fsencode(folder), name), "w", encoding="utf-8") as f:
                f.write(f"Story {i}\n\nAcme{chr(97 + i)} Systems opened an office in Berlin.\n")
    except OSError:
        pytest.skip("this file system refuses some of the names")
    out = tmp_path / "out"
    formats = [e.name for e in exporters()]
    result = build([folder], config=Config(workers=1), out=out, formats=formats, use_cache=False)
    assert result.report.documents == len(_HOSTILE_FILE_NAMES)
    for exporter in exporters():
        back = load(out / exporter.filename)
        assert len(list(back.articles())) == len(_HOSTILE_FILE_NAMES), exporter.name
    rdf = {"ttl": "TURTLE", "nt": "N_TRIPLES", "nq": "N_QUADS", "trig": "TRIG"}
    for name, fmt in rdf.items():
        store = pyoxigraph.Store()
        store.load(path=str(out / f"graph.{name}"), format=getattr(pyoxigraph.RdfFormat, fmt))
        paths = {
            q.object.value
            for q in store.quads_for_pattern(
                None, pyoxigraph.NamedNode("https://w3id.org/kgraph/vocab#sourcePath"), None
            )
        }
        assert len(paths) == len(_HOSTILE_FILE_NAMES), name
    schema = etree.XMLSchema(etree.parse(str(SCHEMAS / "graphml.xsd")))
    assert schema.validate(etree.parse(str(out / "graph.graphml"))), schema.error_log
    nx.read_graphml(out / "graph.graphml")
    nx.read_gexf(out / "graph.gexf")
    data = json.loads((out / "graph.json").read_bytes().decode("utf-8"))
    sources = {n["source_path"] for n in data["nodes"] if n.get("kind") == "article"}
    assert f"in/{'x' * 240}.txt" in sources
    assert "in/new\nline.txt" in sources


def test_stale_temp_files_of_formats_not_written_now_are_removed_too(
    sample_kg: KnowledgeGraph, tmp_path: Path
) -> None:
    # A build killed while writing graph.nq, then a build of graph.ttl only.
    stale = tmp_path / f".graph.nq.{_dead_pid()}.0123456789ab.tmp"
    stale.write_bytes(b"<a> <b> ")
    write_exports(sample_kg, [_exporter("ttl")], tmp_path, OPTIONS)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graph.ttl"]
