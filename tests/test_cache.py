"""The extraction cache: record codec, SQLite store, crash safety, fingerprint, CLI."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from kgraph.cache import (
    CacheError,
    ExtractionCache,
    cache_file,
    clear_cache,
    content_key,
    default_cache_dir,
    extraction_fingerprint,
    read_info,
)
from kgraph.cli import main
from kgraph.compact import CompactRecord, compact, decode, encode
from kgraph.config import Config, ExportConfig, GazetteerEntry
from kgraph.model import DocRecord, Document, Mention, Publisher, Relation, Sentence

from .conftest import REPO

TEXT = "Ann Lee founded Acme in Oslo. It rained all day. Acme hired Bob Ray."


def _record() -> DocRecord:
    doc = Document(
        doc_id="news/a.txt",
        source_path="news/a.txt",
        text=TEXT,
        title="Acme",
        url="https://example.org/a",
        published="2020-01-02",
        publisher=Publisher("Example News", "example.org"),
        topics=("AI",),
        warnings=("odd byte",),
    )
    mentions = (
        Mention(0, 7, "Ann Lee", "PERSON", 0),
        Mention(16, 20, "Acme", "ORG", 0, source="rule"),
        Mention(24, 28, "Oslo", "PLACE", 0),
        Mention(49, 53, "Acme", "ORG", 2),
        Mention(60, 67, "Bob Ray", "PERSON", 2),
    )
    relations = (
        Relation(0, "founder_of", 1, 0, 0.9, "verb-found", attrs=(("year", "2001"),)),
        Relation(3, "hire", 4, 2, 0.5, "svo", typed=False, modality="planned"),
    )
    return DocRecord(
        document=doc,
        sentences=(Sentence(0, 29), Sentence(30, 48), Sentence(49, 68)),
        mentions=mentions,
        relations=relations,
        links=(("Lee", "Ann Lee", "short-form"),),
        type_votes=(("Acme", "ORG", 3.0), ("Ann Lee", "PERSON", 1.5)),
    )


def test_compact_keeps_everything_but_the_text() -> None:
    rec = _record()
    small = compact(rec)
    assert isinstance(small, CompactRecord) and isinstance(small, DocRecord)
    assert small.document.text == ""
    assert small.document.title == "Acme" and small.document.publisher == rec.document.publisher
    for name in ("sentences", "mentions", "relations", "links", "type_votes"):
        assert getattr(small, name) == getattr(rec, name)
    # Only the sentences cited as evidence are kept, with their exact text.
    assert small.evidence == ((0, TEXT[0:29]), (2, TEXT[49:68]))
    assert small.sentence_text(2) == rec.sentence_text(2)
    with pytest.raises(KeyError, match="sentence 1"):
        small.sentence_text(1)
    assert compact(small) is small


def test_codec_round_trip_is_exact() -> None:
    small = compact(_record())
    blob = encode(small)
    assert TEXT.encode() not in blob  # compressed, and no full text
    back = decode(blob, _record().document)
    assert back == small
    assert isinstance(back.relations[0].confidence, float)
    assert back.relations[0].attrs == (("year", "2001"),)


def test_decode_refuses_garbage() -> None:
    with pytest.raises(ValueError, match="not an encoded kgraph record"):
        decode(b"not zlib", _record().document)


def test_store_put_get_and_fingerprint_isolation(tmp_path: Path) -> None:
    path = cache_file(tmp_path / "c")
    with ExtractionCache(path, fingerprint="f1") as cache:
        cache.put_many([("k1", b"one"), ("k2", b"two")])
        assert "k1" in cache and "k3" not in cache
        assert cache.get_many(["k2", "k1", "k3", "k1"]) == {"k1": b"one", "k2": b"two"}
    with ExtractionCache(path, fingerprint="f2") as other:
        assert "k1" not in other  # another pipeline/rules/config: never shared
        other.put_many([("k1", b"uno")])
    with ExtractionCache(path, fingerprint="f1") as cache:
        assert cache.get_many(["k1"]) == {"k1": b"one"}
        info = cache.info()
        assert (info.entries, info.fingerprints, info.current) == (3, 2, 2)
    # The folder keeps itself out of version control.
    assert (tmp_path / "c" / ".gitignore").read_text().splitlines()[-1] == "*"


def test_forget_drops_what_no_build_used_lately(tmp_path: Path) -> None:
    path = cache_file(tmp_path)
    with ExtractionCache(path, fingerprint="f") as cache:
        cache.put_many([("old", b"1"), ("used", b"2")])
        cache._db.execute("UPDATE records SET used = used - 10 * 86400")
        cache.touch(["used"])  # a build read it just now
        assert cache.forget(unused_for=86400) == 1
        assert cache.get_many(["old", "used"]) == {"used": b"2"}
        assert cache.forget(unused_for=0) == 0  # "used" was touched this second


def test_a_failed_write_leaves_nothing_half_written(tmp_path: Path) -> None:
    path = cache_file(tmp_path)

    def rows():
        yield ("k1", b"one")
        raise KeyboardInterrupt

    with ExtractionCache(path, fingerprint="f") as cache:
        cache.put_many([("k0", b"zero")])
        with pytest.raises(KeyboardInterrupt):
            cache.put_many(rows())
        assert cache.get_many(["k0", "k1"]) == {"k0": b"zero"}


def test_a_process_killed_mid_write_leaves_the_last_committed_state(tmp_path: Path) -> None:
    """Regression guard for crash safety: WAL + one transaction per batch."""
    path = cache_file(tmp_path)
    with ExtractionCache(path, fingerprint="f") as cache:
        cache.put_many([("kept", b"ok")])
    child = textwrap.dedent(
        f"""
        import os
        from kgraph.cache import ExtractionCache
        cache = ExtractionCache({str(path)!r}, fingerprint="f")
        cache._db.execute("BEGIN IMMEDIATE")
        cache._db.executemany(
            "INSERT INTO records (content, fingerprint, payload, used) VALUES (?, 'f', ?, 0)",
            [(f"lost{{i}}", b"x" * 1000) for i in range(5000)],
        )
        os._exit(9)  # killed before COMMIT
        """
    )
    proc = subprocess.run([sys.executable, "-c", child], check=False)
    assert proc.returncode == 9
    with ExtractionCache(path, fingerprint="f") as cache:
        assert cache.info().entries == 1
        assert cache.get_many(["kept", "lost1"]) == {"kept": b"ok"}
        assert cache._db.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_a_file_that_is_not_a_cache_is_a_clear_error(tmp_path: Path) -> None:
    path = cache_file(tmp_path)
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(CacheError, match="kgraph cache clear"):
        ExtractionCache(path, fingerprint="f")


def test_a_cache_of_another_schema_is_emptied(tmp_path: Path) -> None:
    path = cache_file(tmp_path)
    with ExtractionCache(path, fingerprint="f") as cache:
        cache.put_many([("k", b"v")])
    db = sqlite3.connect(path)
    db.execute("UPDATE meta SET value = '0' WHERE key = 'schema'")
    db.commit()
    db.close()
    with ExtractionCache(path, fingerprint="f") as cache:
        assert cache.info().entries == 0


def test_default_folder_follows_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KGRAPH_CACHE_DIR", str(tmp_path / "mine"))
    assert default_cache_dir() == tmp_path / "mine"
    monkeypatch.delenv("KGRAPH_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert default_cache_dir() == tmp_path / "xdg" / "kgraph"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/is/ignored")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert default_cache_dir() == tmp_path / "home" / ".cache" / "kgraph"


def test_clear_removes_the_cache_files_and_folder(tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    with ExtractionCache(cache_file(folder), fingerprint="f") as cache:
        cache.put_many([("k", b"v" * 5000)])
    assert read_info(folder).entries == 1
    assert clear_cache(folder) > 0
    assert not folder.exists()
    assert not read_info(folder).exists
    assert clear_cache(folder) == 0  # nothing to clear is fine


def test_content_key_is_the_text_hash() -> None:
    assert content_key(TEXT) == content_key(str(TEXT))
    assert content_key(TEXT) != content_key(TEXT + " ")


def test_fingerprint_follows_what_extraction_reads_and_nothing_else() -> None:
    base = extraction_fingerprint(Config())
    assert base == extraction_fingerprint(Config())
    same = Config(
        workers=4,
        batch_size=8,
        base_iri="https://example.org/",
        formats=("ttl",),
        aliases={"Acme": ("ACME Corp",)},
        never_merge=(("A", "B"),),
        export=ExportConfig(cooccurrence=False),
    )
    assert extraction_fingerprint(same) == base
    gaz = Config(gazetteer=(GazetteerEntry("ORG", "acme robotics"),))
    assert extraction_fingerprint(gaz) != base
    assert extraction_fingerprint(Config(pipeline="en_core_web_sm")) != base


def test_cli_cache_info_and_clear(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "cache"
    monkeypatch.setenv("KGRAPH_CACHE_DIR", str(folder))
    assert main(["cache", "info"]) == 0
    assert "no cache at" in capsys.readouterr().out
    with ExtractionCache(cache_file(folder), fingerprint="other") as cache:
        cache.put_many([("k", b"v"), ("stale", b"w")])
        cache._db.execute("UPDATE records SET used = used - 40 * 86400 WHERE content = 'stale'")
    assert main(["cache", "info"]) == 0
    text = capsys.readouterr().out
    assert "documents: 2 (under 1 fingerprint(s))" in text
    assert "valid for the current kgraph, rules and configuration: 0" in text
    assert main(["cache", "clear", "--unused-days", "30"]) == 0
    assert "deleted 1 entries unused for 30 days" in capsys.readouterr().out
    assert main(["cache", "clear", "--cache", str(folder)]) == 0
    assert "cleared" in capsys.readouterr().out
    assert not folder.exists()


def test_cli_cache_refuses_misplaced_options(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["cache", "info", "--cache", str(tmp_path), "--unused-days", "3"]) == 2
    assert "only used by 'kgraph cache clear'" in capsys.readouterr().err
    assert main(["cache", "clear", "--cache", str(tmp_path), "--unused-days", "-1"]) == 2
    assert "--unused-days must be 0 or more, got -1" in capsys.readouterr().err


def test_codec_keeps_undecodable_characters() -> None:
    """Regression guard: a lone surrogate (from a badly encoded file) must round-trip."""
    doc = Document(doc_id="a", source_path="a", text="Acme\udcff rose.")
    rec = compact(DocRecord(document=doc, mentions=(Mention(0, 5, "Acme\udcff", "ORG", 0),)))
    assert decode(encode(rec), doc) == rec


def test_fingerprint_covers_rules_and_extraction_code() -> None:
    from kgraph.cache.fingerprint import extraction_sources

    names = {p.relative_to(REPO / "kgraph").as_posix() for p in extraction_sources()}
    for expected in (
        "data/gazetteer.yaml",
        "data/relations.yaml",
        "extract/records.py",
        "extract/relations.py",
        "nlp/loader.py",
        "nlp/components.py",
        "nlp/attribute_rules.py",  # the fast components replacing spaCy's
        "nlp/lemmas.py",
        "nlp/lexical_flags.py",
        "model.py",
        "compact.py",
    ):
        assert expected in names
    # Ingest changes the text (hence its content key) or metadata that is never cached.
    assert not any(n.startswith("ingest/") for n in names)
