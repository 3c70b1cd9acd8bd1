"""Benchmark the single-machine stages of a build (resolution, assembly, export) at scale.

Run from the repository root, after ``bench_build.py`` has filled a cache::

    python benchmarks/bench_assembly.py CACHE_DIR --documents 100000

Parsing 100,000 articles takes hours on a small machine, but what happens after
extraction needs only records. This script takes the records of an existing cache
(for example ``/tmp/kgraph-bench/cache`` after ``bench_build.py --sizes 10000``) and
replicates them up to ``--documents``: replica ``r`` gets its own document ids and
appends `` r`` to every entity name, so distinct entities, facts and evidence grow
with the number of documents as they do in a real corpus. It then runs the build's
own record store, resolution, assembly and exports (``ttl``, ``graphml``, ``gexf``,
``json``) in one process and prints the time per stage and the peak RSS.
``--out DIR`` keeps the exports, to compare their bytes before and after a change.
"""

from __future__ import annotations

import argparse
import dataclasses
import resource
import sqlite3
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

from kgraph.cache import ExtractionCache, cache_file
from kgraph.compact import CompactRecord, decode, encode
from kgraph.config import Config
from kgraph.export.registry import ExportOptions, get_exporter, write_export
from kgraph.graph.assemble import assemble
from kgraph.model import Document, Publisher
from kgraph.pipeline import _StoredRecords
from kgraph.predicates import PredicateRegistry
from kgraph.resolve.entities import resolve


def _renamed(rec: CompactRecord, r: int) -> CompactRecord:
    if r == 0:
        return rec

    def name(s: str) -> str:
        return f"{s} {r}"

    mentions = tuple(dataclasses.replace(m, text=name(m.text)) for m in rec.mentions)
    links = tuple((name(a), name(b), rule) for a, b, rule in rec.links)
    votes = tuple((name(s), t, w) for s, t, w in rec.type_votes)
    return dataclasses.replace(rec, mentions=mentions, links=links, type_votes=votes)


def _replicas(blobs: list[bytes], n: int) -> Iterator[tuple[Document, str, bytes]]:
    for i in range(n):
        r, j = divmod(i, len(blobs))
        doc = Document(
            doc_id=f"r{r:03d}/doc-{j:06d}.txt",
            source_path=f"r{r:03d}/doc-{j:06d}.txt",
            text="",
            title=f"Article {i}",
            published=f"2020-{1 + i % 12:02d}-{1 + i % 28:02d}T00:00:00Z",
            publisher=Publisher(("Reuters", "ZDNet", "CNBC")[i % 3]),
            topics=("AI",) if i % 2 else (),
        )
        rec = _renamed(decode(blobs[j], doc), r)
        yield doc, f"k{i:08d}", encode(rec)


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point."""
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("cache", help="a cache folder filled by a build")
    p.add_argument("--documents", type=int, default=100_000, help="documents to assemble")
    p.add_argument(
        "--out", type=Path, default=None, help="keep the exports in this folder (to compare bytes)"
    )
    args = p.parse_args(argv)
    db = sqlite3.connect(cache_file(args.cache))
    blobs = [b for (b,) in db.execute("SELECT payload FROM records ORDER BY content")]
    db.close()
    if not blobs:
        raise SystemExit(f"no records in {args.cache}")
    cfg = Config()
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        store = ExtractionCache(Path(tmp) / "records.sqlite", fingerprint="bench")
        entries: list[tuple[Document, str]] = []
        batch: list[tuple[str, bytes]] = []
        for doc, key, blob in _replicas(blobs, args.documents):
            entries.append((doc, key))
            batch.append((key, blob))
            if len(batch) == 1000:
                store.put_many(batch)
                batch = []
        store.put_many(batch)
        prepare = time.perf_counter() - t0
        records = _StoredRecords(entries, store)
        c0 = time.process_time()
        t0 = time.perf_counter()
        resolution = resolve(records, cfg)
        t_resolve = time.perf_counter() - t0
        t0 = time.perf_counter()
        kg = assemble(records, resolution, PredicateRegistry())
        del resolution  # as the build does: the graph holds what the exports need
        t_assemble = time.perf_counter() - t0
        c_stages = time.process_time() - c0
        n_entities = sum(1 for _ in kg.entities())
        n_edges = kg.graph.number_of_edges()
        c0 = time.process_time()
        t0 = time.perf_counter()
        options = ExportOptions(base_iri=cfg.base_iri, export=cfg.export)
        sizes = {}
        for name in ("ttl", "graphml", "gexf", "json"):
            out = args.out if args.out is not None else Path(tmp) / "out"
            out.mkdir(parents=True, exist_ok=True)
            path = write_export(kg, get_exporter(name), out, options)
            sizes[name] = path.stat().st_size
        t_export = time.perf_counter() - t0
        c_export = time.process_time() - c0
        store.close()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"# {args.documents} documents from {len(blobs)} cached records")
    print(f"entities {n_entities}, graph edges {n_edges}")
    print(
        f"prepare {prepare:.1f}s, resolution {t_resolve:.1f}s, assembly {t_assemble:.1f}s, "
        f"export {t_export:.1f}s; per document: "
        f"{1000 * (t_resolve + t_assemble + t_export) / args.documents:.2f} ms"
    )
    # CPU seconds of this process: on a shared machine they move far less than wall time.
    print(
        f"CPU: resolution + assembly {c_stages:.1f}s, export {c_export:.1f}s; per document: "
        f"{1000 * (c_stages + c_export) / args.documents:.2f} ms"
    )
    print("export sizes: " + ", ".join(f"{k} {v / 2**20:.0f} MB" for k, v in sizes.items()))
    print(f"peak RSS {peak:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
