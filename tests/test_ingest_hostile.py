"""Hostile inputs (issue 7, "Inputs"): every case is reported once, with its path and
reason, in the report and in the log, and every other file still comes through.

Each corpus holds ``a_good.txt`` and ``z_good.txt`` around the bad file, so the test
also proves the run goes on after the bad file, not only before it.
"""

from __future__ import annotations

import codecs
import inspect
import json
import logging
import os
import re
import sys
import tempfile
import tracemalloc
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kgraph.config import Config
from kgraph.errors import InputError
from kgraph.ingest import IngestReport, decode, iter_documents, readers
from kgraph.model import Document

GOOD_A = "Acme Robotics hired Jane Doe as chief executive on Monday.\n"
GOOD_Z = "Globex opened a research centre in Lyon, the company said.\n"
BODY = "Initech said on Tuesday it would open an office in Berlin."


class Run:
    """One ingest run over the corpus, with the log records it produced."""

    def __init__(self, docs: list[Document], report: IngestReport, logs: list[str]) -> None:
        self.docs = docs
        self.report = report
        self.logs = logs

    @property
    def ids(self) -> list[str]:
        return [d.doc_id for d in self.docs]

    def doc(self, doc_id: str) -> Document:
        (found,) = [d for d in self.docs if d.doc_id == doc_id]
        return found

    def assert_good_files_read(self) -> None:
        assert "corpus/a_good.txt" in self.ids
        assert "corpus/z_good.txt" in self.ids
        assert self.doc("corpus/a_good.txt").text == GOOD_A.strip()
        assert self.doc("corpus/z_good.txt").text == GOOD_Z.strip()

    def assert_skipped_once(self, path: str, reason: str) -> None:
        """``path`` is skipped exactly once, the reason matches, one log line names both."""
        entries = [r for p, r in self.report.skipped if p == path]
        assert len(entries) == 1, self.report.skipped
        assert re.search(reason, entries[0]), entries[0]
        logged = [m for m in self.logs if path in m and entries[0] in m]
        assert len(logged) == 1, self.logs
        assert path not in {p for p, _ in self.report.warnings}

    def assert_warned_once(self, path: str, message: str) -> None:
        """``path`` was read, with exactly one warning matching ``message``, logged once."""
        entries = [m for p, m in self.report.warnings if p == path and re.search(message, m)]
        assert len(entries) == 1, self.report.warnings
        logged = [m for m in self.logs if path in m and entries[0] in m]
        assert len(logged) == 1, self.logs
        assert path not in {p for p, _ in self.report.skipped}


@pytest.fixture
def corpus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    root = tmp_path / "corpus"
    root.mkdir()
    (root / "a_good.txt").write_text(GOOD_A, encoding="utf-8")
    (root / "z_good.txt").write_text(GOOD_Z, encoding="utf-8")
    return root


RunFn = Callable[..., Run]


@pytest.fixture
def run(caplog: pytest.LogCaptureFixture) -> Iterator[RunFn]:
    def _run(config: Config | None = None, inputs: tuple[str, ...] = ("corpus",)) -> Run:
        caplog.clear()
        report = IngestReport()
        with caplog.at_level(logging.WARNING, logger="kgraph.ingest"):
            docs = list(iter_documents(list(inputs), config=config or Config(), report=report))
        return Run(docs, report, [r.getMessage() for r in caplog.records])

    yield _run


# ------------------------------------------------------------------ binary, encodings


def test_binary_file_with_a_text_extension(corpus: Path, run: RunFn) -> None:
    (corpus / "m_image.txt").write_bytes(
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4
    )
    r = run()
    r.assert_skipped_once("corpus/m_image.txt", r"^binary file \(contains NUL bytes\)$")
    r.assert_good_files_read()
    assert len(r.docs) == 2


def test_nul_bytes_in_a_text_file(corpus: Path, run: RunFn) -> None:
    (corpus / "m_nul.txt").write_bytes(b"Acme hired Jane Doe.\x00\x00 More text follows here.\n")
    r = run()
    r.assert_skipped_once("corpus/m_nul.txt", r"binary file \(contains NUL bytes\)")
    r.assert_good_files_read()


def test_control_characters_without_nul_make_a_file_binary(corpus: Path, run: RunFn) -> None:
    (corpus / "m_ctrl.txt").write_bytes(b"ab\x01\x02\x03\x04\x05\x06\x07\x08cd\x0e\x0f\x10" * 50)
    r = run()
    r.assert_skipped_once("corpus/m_ctrl.txt", r"binary file \(\d+ control characters in the first")
    r.assert_good_files_read()


def test_invalid_utf8_is_decoded_with_replacement_and_a_warning(corpus: Path, run: RunFn) -> None:
    data = "Café owners in Zürich welcomed the plan.\n".encode() + b"Bad bytes \xff\xfe here.\n"
    (corpus / "m_bad.txt").write_bytes(data)
    r = run()
    r.assert_warned_once("corpus/m_bad.txt", r"invalid UTF-8: 2 undecodable byte\(s\) replaced")
    doc = r.doc("corpus/m_bad.txt")
    assert doc.text == "Café owners in Zürich welcomed the plan.\n\nBad bytes \ufffd\ufffd here."
    assert doc.warnings == ("invalid UTF-8: 2 undecodable byte(s) replaced by U+FFFD",)
    r.assert_good_files_read()


def test_latin1_file_is_decoded_as_windows_1252_with_a_warning(corpus: Path, run: RunFn) -> None:
    text = "Le café de Zürich a ouvert à Genève. \u201cC'est formidable\u201d, a dit Müller.\n"
    (corpus / "m_latin.txt").write_bytes(text.encode("cp1252"))
    r = run()
    r.assert_warned_once("corpus/m_latin.txt", "not UTF-8.*decoded as Windows-1252")
    assert r.doc("corpus/m_latin.txt").text == text.strip()
    r.assert_good_files_read()


@pytest.mark.parametrize(
    ("name", "encode"),
    [
        ("utf-8-bom", lambda s: codecs.BOM_UTF8 + s.encode("utf-8")),
        ("utf-16", lambda s: s.encode("utf-16")),
        ("utf-16-le-bom", lambda s: codecs.BOM_UTF16_LE + s.encode("utf-16-le")),
        ("utf-16-be-bom", lambda s: codecs.BOM_UTF16_BE + s.encode("utf-16-be")),
        ("utf-16-le-no-bom", lambda s: s.encode("utf-16-le")),
        ("utf-32", lambda s: s.encode("utf-32")),
    ],
)
def test_byte_order_marks_and_utf16(
    corpus: Path, run: RunFn, name: str, encode: Callable[[str], bytes]
) -> None:
    text = "Zürich start-up raises funds\n\nThe Zürich start-up raised CHF 5 million.\n"
    (corpus / f"m_{name}.txt").write_bytes(encode(text))
    r = run()
    doc = r.doc(f"corpus/m_{name}.txt")
    assert doc.title == "Zürich start-up raises funds"
    assert doc.text == "Zürich start-up raises funds\n\nThe Zürich start-up raised CHF 5 million."
    assert "\ufeff" not in doc.text
    assert (r.report.skipped, r.report.warnings) == ([], [])
    r.assert_good_files_read()


@pytest.mark.parametrize(
    "content", [b"", b"   \n\t\r\n  \n", "\u00a0\u3000\n".encode(), codecs.BOM_UTF8 + b"\n\n"]
)
def test_empty_and_whitespace_only_files(corpus: Path, run: RunFn, content: bytes) -> None:
    (corpus / "m_empty.txt").write_bytes(content)
    r = run()
    r.assert_skipped_once("corpus/m_empty.txt", r"^empty$")
    r.assert_good_files_read()


def test_a_file_of_nothing_but_page_chrome(corpus: Path, run: RunFn) -> None:
    (corpus / "m_chrome.txt").write_text("Log in with Twitter\nLatest News\nSubscribe\n")
    r = run()
    r.assert_skipped_once("corpus/m_chrome.txt", "no article text left after removing page chrome")
    r.assert_good_files_read()


# ------------------------------------------------------------------ front matter


def test_unterminated_front_matter_is_read_as_text(corpus: Path, run: RunFn) -> None:
    (corpus / "m_open.md").write_text(f"---\ntitle: Never closed\n\n{BODY}\n")
    r = run()
    r.assert_warned_once("corpus/m_open.md", r"front matter is unterminated \(no closing '---'")
    doc = r.doc("corpus/m_open.md")
    assert BODY in doc.text
    r.assert_good_files_read()


def test_front_matter_that_is_not_a_mapping(corpus: Path, run: RunFn) -> None:
    (corpus / "m_list.md").write_text(f"---\n- a\n- b\n---\n{BODY}\n")
    r = run()
    r.assert_warned_once("corpus/m_list.md", "front matter must be a mapping, got a list; ignored")
    assert r.doc("corpus/m_list.md").text == BODY
    r.assert_good_files_read()


def test_malformed_front_matter(corpus: Path, run: RunFn) -> None:
    (corpus / "m_broken.md").write_text(f"---\ntitle: [unclosed\n  bad: : :\n---\n{BODY}\n")
    r = run()
    r.assert_warned_once("corpus/m_broken.md", r"front matter is not valid YAML \(.+\); ignored")
    assert r.doc("corpus/m_broken.md").text == BODY
    r.assert_good_files_read()


@pytest.mark.parametrize(
    "tag",
    [
        "!!python/object/apply:os.system [{cmd}]",
        "!!python/object/apply:subprocess.check_call [[sh, -c, {cmd}]]",
        "!!python/object/new:os.system [{cmd}]",
        "!!python/name:os.system",
    ],
)
def test_tagged_front_matter_never_executes(
    corpus: Path, run: RunFn, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, tag: str
) -> None:
    marker = tmp_path / "PWNED"
    cmd = json.dumps(f"touch {marker}")

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("front matter executed a command")

    monkeypatch.setattr(os, "system", refuse)
    (corpus / "m_tag.md").write_text(
        f"---\ntitle: {tag.format(cmd=cmd)}\nexcerpt: x\n---\n{BODY}\n", encoding="utf-8"
    )
    (corpus / "m_top.md").write_text(f"--- \n{tag.format(cmd=cmd)}\n---\n{BODY}\n")
    r = run()
    assert not marker.exists()
    for name in ("corpus/m_tag.md", "corpus/m_top.md"):
        r.assert_warned_once(name, r"front matter is not safe YAML \(.*constructor.*\); ignored")
        assert r.doc(name).text == BODY
        assert r.doc(name).title is None
    r.assert_good_files_read()


@pytest.mark.parametrize(
    ("field", "warning", "check"),
    [
        ("title: 12345", r"title is a number \(12345\); used as text",
         lambda d: d.title == "12345" and d.text.startswith("12345\n\n")),
        ("topics: AI", "topics is a single string, not a list; read as one topic",
         lambda d: d.topics == ("AI",)),
        ("related: {}", "related must be a list of articles, got a mapping; ignored",
         lambda d: d.title == "Ok"),
        ("publishedDateTime: not-a-date",
         "publishedDateTime: not an ISO 8601 or RFC 2822 date: 'not-a-date'; ignored",
         lambda d: d.published is None),
        ("publishedDateTime: 2020-02-30", "publishedDateTime: not an ISO 8601",
         lambda d: d.published is None),
        ("provider: 42", "provider must be a mapping or a name, got a number; ignored",
         lambda d: d.publisher is None),
        ("provider: {name: [x], domain: d.example}", r"provider.name must be a string",
         lambda d: d.publisher is not None and d.publisher.name == "d.example"),
        ("sourceUrl: [a, b]", "sourceUrl must be a string, got a list", lambda d: d.url is None),
        ("topics: [AI, {x: 1}, 5G, AI]", r"topics\[2\] must be a string",
         lambda d: d.topics == ("AI", "5G")),
    ],
)  # fmt: skip
def test_front_matter_fields_of_the_wrong_type(
    corpus: Path, run: RunFn, field: str, warning: str, check: Callable[[Document], bool]
) -> None:
    head = "" if field.startswith("title") else "title: Ok\n"
    (corpus / "m_types.md").write_text(f"---\n{head}{field}\n---\n{BODY}\n")
    r = run()
    r.assert_warned_once("corpus/m_types.md", warning)
    doc = r.doc("corpus/m_types.md")
    assert check(doc), doc
    assert BODY in doc.text
    assert [d.doc_id for d in r.docs if d.doc_id.startswith("corpus/m_types.md")] == [
        "corpus/m_types.md"
    ]
    r.assert_good_files_read()


def test_bad_related_items_are_skipped_and_ids_stay_stable(corpus: Path, run: RunFn) -> None:
    (corpus / "m_rel.md").write_text(
        "---\ntitle: Parent\nrelated:\n  - 42\n  - {title: Second, excerpt: It grew.}\n"
        "  - {heat: 3}\n  - {title: Fourth, publishedDateTime: bad}\n---\n"
    )
    r = run()
    assert [d.doc_id for d in r.docs if "m_rel" in d.doc_id] == [
        "corpus/m_rel.md",
        "corpus/m_rel.md#related-2",
        "corpus/m_rel.md#related-4",
    ]
    assert r.doc("corpus/m_rel.md#related-2").text == "Second\n\nIt grew."
    assert r.doc("corpus/m_rel.md#related-4").warnings == (
        "related[4].publishedDateTime: not an ISO 8601 or RFC 2822 date: 'bad'; ignored",
    )
    r.assert_warned_once("corpus/m_rel.md", r"related\[1\] must be a mapping, got a number")
    r.assert_warned_once("corpus/m_rel.md", r"related\[3\] has no title and no excerpt")
    r.assert_good_files_read()


# ------------------------------------------------------------------------ JSONL


def test_jsonl_broken_lines_are_reported_and_good_lines_count(corpus: Path, run: RunFn) -> None:
    lines = [
        json.dumps({"text": "Acme hired Jane Doe.", "title": "Acme hires"}),
        '{"text": "unterminated',
        "[1, 2, 3]",
        json.dumps({"title": "No text"}),
        "",
        json.dumps({"text": "Globex opened an office.", "provider": ["bad"]}),
        "[" * 100_000 + "]" * 100_000,
        json.dumps({"text": "Lone \ud800 surrogate from a JSON escape."}),
    ]
    (corpus / "m_lines.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    r = run()
    assert [d.doc_id for d in r.docs if "jsonl" in d.doc_id] == [
        "corpus/m_lines.jsonl#line-1",
        "corpus/m_lines.jsonl#line-6",
        "corpus/m_lines.jsonl#line-8",
    ]
    r.assert_skipped_once(
        "corpus/m_lines.jsonl#line-2",
        r"^invalid JSON: Unterminated string starting at \(column 10\)$",
    )
    r.assert_skipped_once("corpus/m_lines.jsonl#line-3", "must be a JSON object, got list")
    r.assert_skipped_once("corpus/m_lines.jsonl#line-4", "no 'text' string")
    r.assert_skipped_once(
        "corpus/m_lines.jsonl#line-7", r"^invalid JSON: (nested too deeply|.*recursion)"
    )
    r.assert_warned_once("corpus/m_lines.jsonl#line-6", "provider must be a mapping or a name")
    assert r.doc("corpus/m_lines.jsonl#line-8").text == "Lone \ufffd surrogate from a JSON escape."
    assert r.doc("corpus/m_lines.jsonl#line-6").publisher is None
    r.assert_good_files_read()


def test_jsonl_line_too_long_to_read_is_counted_as_cut(corpus: Path, run: RunFn) -> None:
    huge = json.dumps({"text": "word " * 300_000})
    (corpus / "m_huge.jsonl").write_text(
        json.dumps({"text": "Acme hired Jane Doe."}) + "\n" + huge + "\n"
        + json.dumps({"text": "Globex grew."}) + "\n"
    )  # fmt: skip
    r = run(Config(max_chars=1000))  # the line limit is then 1 MiB
    r.assert_skipped_once("corpus/m_huge.jsonl#line-2", r"line of \d+ characters is longer than")
    assert r.report.chars_cut == len(huge)
    assert "corpus/m_huge.jsonl#line-1" in r.ids and "corpus/m_huge.jsonl#line-3" in r.ids
    r.assert_good_files_read()


# ------------------------------------------------------------------- huge inputs


def _non_space(text: str) -> int:
    return len(text) - sum(text.count(c) for c in " \n")


def test_a_10_mb_file_is_processed_in_bounded_memory(corpus: Path, run: RunFn) -> None:
    para = ("Acme said on Tuesday that it would open a research centre in Lyon, where it "
            "already employs 2,000 engineers. ") * 4  # fmt: skip
    expected = 0
    with (corpus / "m_big.txt").open("w", encoding="utf-8") as fh:
        while fh.tell() < 10_000_000:
            fh.write(para + "\n\n")
            expected += _non_space(para)
    tracemalloc.start()
    try:
        report = IngestReport()
        total = count = longest = 0
        for doc in iter_documents(
            ["corpus/m_big.txt"], config=Config(max_chars=200_000), report=report
        ):
            total += _non_space(doc.text)
            longest = max(longest, len(doc.text))
            count += 1
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert total == expected  # nothing lost
    assert count >= 50 and longest <= 200_000
    assert peak < 8_000_000  # far below the 10 MB file: the file was streamed
    assert report.split == 1 and report.chars_cut == 0
    assert report.warnings == [
        ("corpus/m_big.txt", f"text longer than 200000 characters: split into {count} parts")
    ]


def test_a_single_600000_character_line(corpus: Path, run: RunFn) -> None:
    line = "Acme grew again and again in Lyon. " * 17_143
    assert len(line) > 600_000
    (corpus / "m_line.txt").write_text(line + "\n")
    whole = run()
    assert _non_space(whole.doc("corpus/m_line.txt").text) == _non_space(line)
    whole.assert_good_files_read()
    split = run(Config(max_chars=100_000))
    parts = [d for d in split.docs if d.source_path == "corpus/m_line.txt"]
    assert len(parts) >= 6
    assert all(len(d.text) <= 100_000 for d in parts)
    assert all(d.text.endswith(".") for d in parts)  # cut at sentence ends
    assert sum(_non_space(d.text) for d in parts) == _non_space(line)
    split.assert_warned_once("corpus/m_line.txt", r"split into \d+ parts")
    assert split.report.chars_cut == 0
    split.assert_good_files_read()


# ------------------------------------------------------------ the file system


def test_symlink_loop_in_the_tree(corpus: Path, run: RunFn) -> None:
    (corpus / "m_loop").symlink_to(corpus, target_is_directory=True)
    r = run()
    r.assert_skipped_once("corpus/m_loop", r"symlink loop \(the folder contains itself\)")
    assert sorted(r.ids) == ["corpus/a_good.txt", "corpus/z_good.txt"]
    r.assert_good_files_read()


def test_a_symlink_pointing_at_itself(corpus: Path, run: RunFn) -> None:
    (corpus / "m_self.txt").symlink_to(corpus / "m_self.txt")
    r = run()
    r.assert_skipped_once("corpus/m_self.txt", "^symlink loop$")
    r.assert_good_files_read()


def test_dangling_symlink(corpus: Path, run: RunFn) -> None:
    (corpus / "m_dangling.txt").symlink_to(corpus / "gone.txt")
    r = run()
    r.assert_skipped_once(
        "corpus/m_dangling.txt", r"dangling symlink \(its target does not exist\)"
    )
    r.assert_good_files_read()


def test_a_dangling_symlink_given_as_input_is_an_input_error(corpus: Path) -> None:
    (corpus.parent / "link.txt").symlink_to(corpus / "gone.txt")
    with pytest.raises(InputError, match=r"link\.txt: dangling symlink"):
        iter_documents(["link.txt"], config=Config(), report=IngestReport())


def test_unreadable_file(corpus: Path, run: RunFn, monkeypatch: pytest.MonkeyPatch) -> None:
    # Tests run as root, for whom chmod 000 changes nothing: simulate the refusal.
    (corpus / "m_locked.txt").write_text(BODY)
    real_open = Path.open

    def guarded(self: Path, *args: Any, **kwargs: Any) -> Any:
        if self.name == "m_locked.txt":
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", guarded)
    r = run()
    r.assert_skipped_once("corpus/m_locked.txt", "^permission denied$")
    r.assert_good_files_read()


def test_unreadable_folder(corpus: Path, run: RunFn, monkeypatch: pytest.MonkeyPatch) -> None:
    (corpus / "m_private").mkdir()
    (corpus / "m_private" / "x.txt").write_text(BODY)
    real_scandir = os.scandir

    def guarded(path: Any) -> Any:
        if str(path).endswith("m_private"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", guarded)
    r = run()
    r.assert_skipped_once("corpus/m_private", r"cannot list folder \(Permission denied\)")
    r.assert_good_files_read()


def test_a_file_that_vanishes_after_discovery(corpus: Path) -> None:
    (corpus / "m_vanish.txt").write_text(BODY)
    report = IngestReport()
    docs = iter_documents(["corpus"], config=Config(), report=report)
    first = next(docs)
    assert first.doc_id == "corpus/a_good.txt"
    (corpus / "m_vanish.txt").unlink()  # the folder was already listed
    rest = [d.doc_id for d in docs]
    assert rest == ["corpus/z_good.txt"]
    # Listed, then gone when its turn came (discovery is lazy too): reported once.
    assert len(report.skipped) == 1
    assert report.skipped[0][0] == "corpus/m_vanish.txt"
    assert report.skipped[0][1].startswith("vanished")


def test_a_file_that_vanishes_between_sniffing_and_reading(
    corpus: Path, run: RunFn, monkeypatch: pytest.MonkeyPatch
) -> None:
    (corpus / "m_vanish.txt").write_text(BODY)
    real_sniff = decode.sniff_encoding

    def sniff_then_delete(path: Path) -> Any:
        encoding = real_sniff(path)
        if path.name == "m_vanish.txt":
            path.unlink()
        return encoding

    monkeypatch.setattr(readers, "sniff_encoding", sniff_then_delete)
    r = run()
    r.assert_skipped_once("corpus/m_vanish.txt", "^vanished before it could be read$")
    r.assert_good_files_read()


def test_a_fifo_is_skipped_without_blocking(corpus: Path, run: RunFn) -> None:
    os.mkfifo(corpus / "m_pipe.txt")
    r = run()
    r.assert_skipped_once("corpus/m_pipe.txt", r"not a regular file")
    r.assert_good_files_read()


def test_a_file_name_that_is_not_utf8(corpus: Path, run: RunFn) -> None:
    raw = os.fsencode(corpus) + b"/m_caf\xe9.txt"
    with open(raw, "wb") as fh:
        fh.write(BODY.encode())
    r = run()
    doc = r.doc("corpus/m_caf\ufffd.txt")
    assert doc.text == BODY
    doc.source_path.encode("utf-8")  # printable and exportable: no lone surrogates
    r.assert_good_files_read()


def test_a_very_deep_tree_does_not_hit_the_recursion_limit(corpus: Path, run: RunFn) -> None:
    depth = 300
    deep = corpus / "m"
    deep.mkdir()
    for _ in range(depth):
        deep = deep / "d"
        deep.mkdir()
    (deep / "x.txt").write_text(BODY)
    # A walk that recursed once per folder level would need `depth` more frames.
    old_limit = sys.getrecursionlimit()
    sys.setrecursionlimit(len(inspect.stack()) + depth // 2)
    try:
        r = run()
    finally:
        sys.setrecursionlimit(old_limit)
    assert len(r.docs) == 3
    assert r.docs[1].doc_id == "corpus/m/" + "d/" * depth + "x.txt"
    assert r.report.skipped == []
    r.assert_good_files_read()


def test_a_file_that_changes_between_sniffing_and_reading(
    corpus: Path, run: RunFn, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Sniffed as clean UTF-8, then an invalid byte shows up while reading: the
    # documents already handed out stay, the rest of the file is reported.
    body = "".join(f"Acme opened office number {n} in Lyon.\n\n" for n in range(800))
    (corpus / "m_changed.txt").write_bytes(body.encode() + b"Caf\xe9 closed.\n")
    (corpus / "m_early.txt").write_bytes(b"Caf\xe9 closed early.\n" + body.encode())
    monkeypatch.setattr(readers, "sniff_encoding", lambda path: decode.Encoding("utf-8"))
    r = run(Config(max_chars=2_000))
    parts = [d for d in r.docs if d.source_path == "corpus/m_changed.txt"]
    assert len(parts) >= 5
    r.assert_warned_once(
        "corpus/m_changed.txt", r"^reading stopped after \d+ document\(s\): cannot be decoded"
    )
    r.assert_skipped_once("corpus/m_early.txt", r"^cannot be decoded \('utf-8' codec")
    r.assert_good_files_read()


def test_a_folder_given_as_input_that_vanishes_before_it_is_read(corpus: Path) -> None:
    (corpus.parent / "other").mkdir()
    report = IngestReport()
    docs = iter_documents(["corpus", "other"], config=Config(), report=report)
    assert next(docs).doc_id == "corpus/a_good.txt"
    (corpus.parent / "other").rmdir()
    assert [d.doc_id for d in docs] == ["corpus/z_good.txt"]
    assert report.skipped == [("other", "cannot list folder (No such file or directory)")]


def test_two_inputs_with_the_same_source_path_keep_distinct_ids(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for side in ("x", "y"):
        (tmp_path / side / "news").mkdir(parents=True)
        (tmp_path / side / "news" / "a.txt").write_text(f"Acme opened office {side}.\n")
    (tmp_path / "cwd").mkdir()
    monkeypatch.chdir(tmp_path / "cwd")
    report = IngestReport()
    docs = list(
        iter_documents(
            [tmp_path / "x" / "news", tmp_path / "y" / "news"], config=Config(), report=report
        )
    )
    second = (tmp_path / "y" / "news" / "a.txt").as_posix()
    assert [d.doc_id for d in docs] == ["news/a.txt", second]
    assert report.warnings == [
        (
            second,
            "same source path as "
            + (tmp_path / "x" / "news" / "a.txt").as_posix()
            + "; using the full path",
        )
    ]


def test_related_item_warnings_stay_with_their_item(corpus: Path, run: RunFn) -> None:
    items = "".join(
        f"  - {{title: Item {n}, publishedDateTime: {'bad' if n == 10 else '2020-01-02'}}}\n"
        for n in range(1, 12)
    )
    (corpus / "m_many.md").write_text(f"---\ntitle: Parent\nrelated:\n{items}---\n")
    r = run()
    assert r.doc("corpus/m_many.md#related-1").warnings == ()
    assert r.doc("corpus/m_many.md#related-10").warnings == (
        "related[10].publishedDateTime: not an ISO 8601 or RFC 2822 date: 'bad'; ignored",
    )
    assert r.doc("corpus/m_many.md").warnings == ()
    assert r.doc("corpus/m_many.md#related-1").published == "2020-01-02"
    r.assert_warned_once("corpus/m_many.md", r"related\[10\]\.publishedDateTime")
    r.assert_good_files_read()


_PIECES = [
    b"---\n", b"title: x\n", b"related: [1, {title: a}]\n",
    b"!!python/object/apply:os.system [x]\n",
    b"\xef\xbb\xbf", b"\xff\xfe", b"\x00", b"\xe9", b"\xc3\xa9", b"\r\n", b"\n\n", b" ",
    b"Acme hired Jane Doe.", b"Log in with Twitter\n", b'{"text": "Acme grew."}\n', b"{bad\n",
    b"[[[[", b"\xed\xa0\x80", b"\x1b[31m",
]  # fmt: skip


@settings(max_examples=120, deadline=None)
@given(
    contents=st.lists(
        st.lists(st.one_of(st.sampled_from(_PIECES), st.binary(max_size=40)), max_size=12).map(
            b"".join
        ),
        min_size=1,
        max_size=4,
    ),
    max_chars=st.integers(min_value=1, max_value=200),
)
def test_no_bytes_make_ingest_raise_and_every_file_is_accounted_for(
    contents: list[bytes], max_chars: int
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        names = []
        for n, data in enumerate(contents):
            name = f"f{n}{('.txt', '.md', '.jsonl', '.markdown')[n % 4]}"
            (root / name).write_bytes(data)
            names.append(name)
        report = IngestReport()
        docs = list(iter_documents(root, config=Config(max_chars=max_chars), report=report))
        assert report.files_seen == len(contents)
        assert all(0 < len(d.text) <= max_chars for d in docs)
        for d in docs:
            d.text.encode("utf-8")  # no lone surrogates reach the exports
        read = {d.source_path for d in docs}
        skipped = {p.split("#")[0] for p, _ in report.skipped}
        for name in names:
            assert f"{root.name}/{name}" in read | skipped
