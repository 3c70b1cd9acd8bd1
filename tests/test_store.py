"""The embedded Oxigraph store: atomic (re)loads, read-only queries, explicit updates."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from kgraph.cli import main
from kgraph.errors import InputError, QueryError
from kgraph.query import load_store, open_dataset, open_store, run_query, run_update

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "tests" / "data" / "contract_sample.ttl"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def _count(**source: Path) -> int:
    return int(run_query(COUNT, **source).rows[0][0].value)  # type: ignore[union-attr]


def _siblings(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.parent.iterdir() if p.name != directory.name)


def test_a_store_answers_like_the_file(tmp_path: Path) -> None:
    store = load_store(SAMPLE, tmp_path / "store")
    assert store == tmp_path / "store"
    query = (REPO / "queries" / "microsoft_partners.rq").read_text()
    assert run_query(query, store=store) == run_query(query, graph=SAMPLE)
    assert _count(store=store) == _count(graph=SAMPLE) == 266


def test_reloading_swaps_the_store_in_one_step_and_cleans_up(tmp_path: Path) -> None:
    target = tmp_path / "store"
    load_store(SAMPLE, target)
    first = target.resolve()
    small = tmp_path / "small.nt"
    small.write_text('<http://e/a> <http://e/p> "1" .\n')
    load_store(small, target)
    assert target.is_symlink()  # replaced by one rename of the link
    assert target.resolve() != first and not first.exists()  # old version removed
    assert _count(store=target) == 1
    # Only the link, its current version and the inputs remain: no temporary dirs.
    versions = [n for n in _siblings(target) if n.startswith(".store")]
    assert versions == [target.resolve().name]


def test_a_failed_load_leaves_the_previous_store_untouched(tmp_path: Path) -> None:
    target = tmp_path / "store"
    load_store(SAMPLE, target)
    broken = tmp_path / "broken.ttl"
    broken.write_text("<http://e/a> <http://e/p> .\n")
    before = sorted(_siblings(target))
    with pytest.raises(InputError, match=r"broken\.ttl: not valid RDF"):
        load_store(broken, target)
    assert _count(store=target) == 266
    assert sorted(_siblings(target)) == before


def test_an_existing_directory_that_is_not_a_store_is_never_replaced(tmp_path: Path) -> None:
    precious = tmp_path / "notes"
    precious.mkdir()
    (precious / "todo.txt").write_text("keep me")
    with pytest.raises(InputError, match="is not an Oxigraph store"):
        load_store(SAMPLE, precious)
    assert (precious / "todo.txt").read_text() == "keep me"


def test_a_plain_store_directory_is_replaced_by_the_link_layout(tmp_path: Path) -> None:
    import pyoxigraph

    target = tmp_path / "store"
    plain = pyoxigraph.Store(str(target))
    plain.load(input='<http://e/a> <http://e/p> "1" .', format=pyoxigraph.RdfFormat.N_TRIPLES)
    plain.flush()
    del plain
    load_store(SAMPLE, target)
    assert target.is_symlink() and _count(store=target) == 266


def test_the_store_is_opened_read_only(tmp_path: Path) -> None:
    target = load_store(SAMPLE, tmp_path / "store")
    with open_dataset(store=target) as dataset, pytest.raises(QueryError, match="read-only"):
        dataset.update("INSERT DATA { <http://e/x> <http://e/p> 1 }")
    assert _count(store=target) == 266
    # Two read-only openers at once (the server's workers do this).
    a, b = open_store(target), open_store(target)
    assert len(a) == len(b) == 266


def test_updates_need_allow_update_and_a_store(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = load_store(SAMPLE, tmp_path / "store")
    update = "INSERT DATA { <http://e/x> kg:partner_of <http://e/y> }"
    assert main(["query", update, "--store", str(target)]) == 2
    assert "--allow-update" in capsys.readouterr().err
    assert _count(store=target) == 266
    assert main(["query", update, "--store", str(target), "--allow-update"]) == 0
    assert _count(store=target) == 267
    run_update("DELETE DATA { <http://e/x> kg:partner_of <http://e/y> }", store=target)
    assert _count(store=target) == 266


def test_missing_store_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no Oxigraph store here; create one with kgraph build"):
        run_query("ASK {}", store=tmp_path / "nothing")


def test_rdflib_engine_refuses_a_store_with_a_hint(tmp_path: Path) -> None:
    target = load_store(SAMPLE, tmp_path / "store")
    with pytest.raises(QueryError, match="reads graph files only"):
        run_query("ASK {}", store=target, engine="rdflib")


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_cli_queries_a_store_without_the_graph_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    graph = tmp_path / "graph.ttl"
    graph.write_bytes(SAMPLE.read_bytes())
    target = load_store(graph, tmp_path / "store")
    os.unlink(graph)  # the store does not re-read (or need) the file
    assert main(["query", "SELECT ?n WHERE { ?p kg:ceo_of/rdfs:label ?n } ORDER BY ?n",
                 "--store", str(target), "--format", "tsv"]) == 0  # fmt: skip
    assert capsys.readouterr().out == '?n\n"Microsoft"\n"Xiaomi"\n'


def test_versions_left_by_a_killed_build_are_swept_by_the_next_load(tmp_path: Path) -> None:
    target = load_store(SAMPLE, tmp_path / "store")
    # What a build killed with SIGKILL mid-load leaves: a half-built version and a link.
    (tmp_path / ".store.oxigraph-killed01").mkdir()
    (tmp_path / ".store.oxigraph-killed01" / "000001.sst").write_bytes(b"half")
    os.symlink(".store.oxigraph-killed01", tmp_path / ".store.link-killed01")
    assert _count(store=target) == 266  # the previous store is unaffected
    load_store(SAMPLE, target)
    assert [n for n in _siblings(target) if n.startswith(".")] == [target.resolve().name]
