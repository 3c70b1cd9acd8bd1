"""CPU time of ``kgraph build --workers 1`` against bare ``nlp.pipe``, in one process.

Run from the repository root (prints numbers; not a test)::

    python benchmarks/bench_cpu_ratio.py CORPUS_DIR [--rounds 2]

Each round parses the corpus's texts with bare ``nlp.pipe`` (every default component,
``batch_size=64``) and then builds it with ``workers=1, use_cache=False`` (reading to
exports), and prints both in CPU milliseconds per article and their ratio. CPU time
moves far less than wall time when other jobs share the machine, and the two runs
alternate in one process, so the ratio is comparable across busy sessions.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Sequence


def _cpu() -> float:
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point."""
    import spacy

    from kgraph.config import DEFAULT_PIPELINE, Config
    from kgraph.ingest import IngestReport, iter_documents
    from kgraph.pipeline import build

    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("corpus", help="folder of articles (e.g. written by synthetic_corpus.py)")
    p.add_argument("--rounds", type=int, default=2)
    args = p.parse_args(argv)
    texts = [d.text for d in iter_documents([args.corpus], config=Config(), report=IngestReport())]
    bare = spacy.load(DEFAULT_PIPELINE)
    n = len(texts)
    for round_ in range(args.rounds):
        c0, w0 = _cpu(), time.perf_counter()
        for _ in bare.pipe(texts, batch_size=64):
            pass
        cpu_bare, wall_bare = _cpu() - c0, time.perf_counter() - w0
        c0, w0 = _cpu(), time.perf_counter()
        with tempfile.TemporaryDirectory() as out:
            build(args.corpus, config=Config(workers=1), out=out, use_cache=False)
        cpu_kg, wall_kg = _cpu() - c0, time.perf_counter() - w0
        print(
            f"round {round_}: bare {1000 * cpu_bare / n:.1f} CPU ms/doc, build --workers 1 "
            f"{1000 * cpu_kg / n:.1f} CPU ms/doc: ratio {cpu_bare / cpu_kg:.3f} by CPU time, "
            f"{wall_bare / wall_kg:.3f} by wall time (load {os.getloadavg()[0]:.1f})",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
