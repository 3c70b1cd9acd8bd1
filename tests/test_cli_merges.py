"""``kgraph merges`` lists the merge log kept in the JSON export."""

from __future__ import annotations

from pathlib import Path

import pytest

from kgraph.cli import main
from kgraph.config import Config
from kgraph.export.registry import ExportOptions, get_exporter, write_export
from kgraph.graph.knowledge import KnowledgeGraph


def _export(kg: KnowledgeGraph, tmp_path: Path, fmt: str) -> Path:
    options = ExportOptions(base_iri=Config().base_iri, export=Config().export)
    return write_export(kg, get_exporter(fmt), tmp_path, options)


def test_merges_lists_rule_entity_and_surface(
    sample_kg: KnowledgeGraph, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _export(sample_kg, tmp_path, "json")
    assert main(["merges", "--graph", str(path)]) == 0
    out = capsys.readouterr().out
    assert "corporate-suffix" in out and "Xiaomi Corp" in out and "Xiaomi" in out
    assert main(["merges", "--graph", str(path), "--rule", "short-form"]) == 0
    assert capsys.readouterr().out.strip() == "no merges"


def test_merges_from_a_format_without_a_log_is_one_clear_error(
    sample_kg: KnowledgeGraph, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _export(sample_kg, tmp_path, "graphml")
    assert main(["merges", "--graph", str(path)]) == 2
    err = capsys.readouterr().err
    assert "keeps no merge log" in err and "Traceback" not in err
