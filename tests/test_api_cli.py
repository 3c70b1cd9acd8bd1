"""``kgraph neighbours`` and ``kgraph path``: tables over the lookup API."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from kgraph.cli import main
from kgraph.cli import neighbours as neighbours_cmd
from kgraph.cli import path as path_cmd
from kgraph.cli._base import Command
from kgraph.cli._lookup_table import DEFAULT_GRAPH, format_table, one_line
from kgraph.config import DEFAULT_BASE_IRI, ExportConfig
from kgraph.errors import EntityNotFound, InputError, PathNotFound
from kgraph.export.registry import ExportOptions, get_exporter, write_export
from kgraph.graph.knowledge import KnowledgeGraph


@pytest.fixture
def graph_file(sample_kg: KnowledgeGraph, tmp_path: Path) -> Path:
    options = ExportOptions(base_iri=DEFAULT_BASE_IRI, export=ExportConfig())
    return write_export(sample_kg, get_exporter("json"), tmp_path, options)


def _run(command: Command, argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog=f"kgraph {command.name}")
    command.add_arguments(parser)
    return command.run(parser.parse_args(argv))


def test_neighbours_prints_an_aligned_table_with_evidence(
    graph_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _run(neighbours_cmd.COMMAND, ["xiaomi corp", "--graph", str(graph_file)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "Xiaomi (ORG, xiaomi): 5 neighbours within 1 hop"
    header = lines[1]
    assert header.split() == [
        "DIST", "RELATION", "ENTITY", "TYPE", "CONF", "EVIDENCE", "SOURCE",
    ]  # fmt: skip
    rows = lines[2:]
    assert len(rows) == 5
    column = header.index("ENTITY")
    assert [row[column:].split()[0] for row in rows] == [
        "Lei", "MiLM-13B", "Lei", "Wuhan", "Microsoft",
    ]  # fmt: skip
    founder = next(row for row in rows if "<-founder_of-" in row)
    assert "0.90" in founder
    assert "“Lei Jun, founder of Xiaomi, said.”" in founder
    assert founder.endswith("seeds/000.txt (2020-01-02) +1 more")


def test_neighbours_options_reach_the_api(
    graph_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["Lei Jun", "--graph", str(graph_file), "--depth", "2", "--type", "PLACE"]
    argv += ["--kind", "relation", "cooccurrence", "--direction", "out"]
    assert _run(neighbours_cmd.COMMAND, argv) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].endswith("1 neighbour within 2 hops")
    assert lines[1].split()[:3] == ["DIST", "VIA", "RELATION"]
    assert lines[2].split()[:4] == ["1", "Lei", "Jun", "-co-occurs-"]
    assert "(together in 3 sentences)" in lines[2]


def test_neighbours_predicate_filter_and_no_result(
    graph_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["Wuhan", "--graph", str(graph_file), "--predicate", "founder_of", "ceo_of"]
    assert _run(neighbours_cmd.COMMAND, argv) == 0
    assert capsys.readouterr().out == "Wuhan (PLACE, wuhan): 0 neighbours within 1 hop\n"


def test_path_prints_each_hop_with_evidence(
    graph_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _run(path_cmd.COMMAND, ["Microsoft", "lei", "--graph", str(graph_file)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "Microsoft → Lei Jun: 2 hops"
    assert lines[1].split() == ["#", "FROM", "RELATION", "TO", "CONF", "EVIDENCE", "SOURCE"]
    assert lines[2].split()[:4] == ["1", "Microsoft", "-partner_of->", "Xiaomi"]
    assert lines[3].split()[:5] == ["2", "Xiaomi", "<-founder_of-", "Lei", "Jun"]
    assert "“Microsoft and Xiaomi will collaborate.”" in lines[2]


def test_lookup_errors_are_kgraph_errors(graph_file: Path, tmp_path: Path) -> None:
    with pytest.raises(EntityNotFound, match="did you mean: Xiaomi"):
        _run(neighbours_cmd.COMMAND, ["Xiaomy", "--graph", str(graph_file)])
    with pytest.raises(PathNotFound, match="'Lei Jun' and 'AI'"):
        _run(path_cmd.COMMAND, ["Lei Jun", "AI", "--graph", str(graph_file)])
    with pytest.raises(InputError, match="run `kgraph build` first or pass --graph"):
        _run(neighbours_cmd.COMMAND, ["Xiaomi", "--graph", str(tmp_path / "none.json")])


def test_bad_choices_are_refused_by_argparse(graph_file: Path) -> None:
    for argv in (["Xiaomi", "--type", "COMPANY"], ["Xiaomi", "--direction", "up"]):
        with pytest.raises(SystemExit) as info:
            _run(neighbours_cmd.COMMAND, [*argv, "--graph", str(graph_file)])
        assert info.value.code == 2


def test_default_graph_is_the_lossless_json_export() -> None:
    assert Path("exports/graph.json") == DEFAULT_GRAPH
    assert get_exporter("json").filename == DEFAULT_GRAPH.name


def test_cells_are_one_line_and_cut() -> None:
    assert one_line("a\tb\x01\nc") == "a b c"
    long = one_line("word " * 40)
    assert len(long) == 60 and long.endswith("…")
    table = format_table(["A", "B"], [["東京", "x"], ["ab", "y"]])
    # Wide characters count double, so the second column stays aligned.
    assert table.splitlines() == ["A     B", "東京  x", "ab    y"]


def test_commands_run_through_kgraph_main(
    graph_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["path", "Lei Jun", "Microsoft", "--graph", str(graph_file)]) == 0
    assert "Lei Jun → Microsoft: 2 hops" in capsys.readouterr().out
    assert main(["neighbours", "Nobody", "--graph", str(graph_file)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("kgraph: error: no entity named 'Nobody'") and err.count("\n") == 1
