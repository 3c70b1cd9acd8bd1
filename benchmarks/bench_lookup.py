"""Benchmark the lookup API on a synthetic graph (default: 100,000 entities).

Run from the repository root::

    python benchmarks/bench_lookup.py [--entities 100000] [--degree 3] [--queries 2000]

Builds a seeded random graph that follows :mod:`kgraph.graph.schema` (entities with
labels, aliases and corporate suffixes; typed relation edges with evidence; some
co-occurrence), then prints the median and 95th-percentile latency of
``kg.entity()`` (label, alias, case and suffix variants) and
``kg.neighbours(depth=1)``, plus the one-off cost of building the name index.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections.abc import Callable, Sequence

import networkx as nx

from kgraph.graph.knowledge import KnowledgeGraph
from kgraph.graph.slugs import assign_slugs
from kgraph.model import ENTITY_TYPES, Provenance
from kgraph.predicates import BUILTIN_PREDICATES

_SYLLABLES = (
    "ka", "zen", "mo", "ri", "tech", "lu", "vor", "an", "dex", "qi", "sol", "ba",
    "nor", "ix", "tel", "ma", "gra", "phi", "on", "sen", "wei", "xia", "jun", "li",
)  # fmt: skip
_SUFFIXES = ("Corp", "Inc.", "Ltd", "Group", "Co., Ltd.")


def _name(rng: random.Random) -> str:
    words = [
        "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()
        for _ in range(rng.randint(1, 3))
    ]
    return " ".join(words)


def build_graph(n_entities: int, degree: int, seed: int) -> KnowledgeGraph:
    """Return a random KnowledgeGraph with ``n_entities`` entities and ~``degree`` edges each."""
    rng = random.Random(seed)
    labels: list[str] = []
    seen: set[str] = set()
    while len(labels) < n_entities:
        label = _name(rng)
        if label not in seen:
            seen.add(label)
            labels.append(label)
    slugs = assign_slugs(labels)
    g = nx.MultiDiGraph()
    keys = []
    for label in labels:
        key = slugs[label]
        keys.append(key)
        typ = rng.choice(ENTITY_TYPES)
        aliases = (f"{label} {rng.choice(_SUFFIXES)}",) if typ == "ORG" else ()
        counts = {"mentions": rng.randint(1, 50), "documents": rng.randint(1, 10)}
        g.add_node(key, kind="entity", label=label, type=typ, aliases=aliases, **counts)
    predicates = [p.name for p in BUILTIN_PREDICATES]
    for i in range(n_entities * degree):
        u, v = rng.choice(keys), rng.choice(keys)
        if u == v:
            continue
        if i % 10 == 0:
            a, b = sorted((u, v))
            g.add_edge(a, b, key="cooccurrence", kind="cooccurrence", weight=1, sources=())
            continue
        predicate = rng.choice(predicates)
        conf = round(rng.uniform(0.5, 1.0), 2)
        prov = Provenance(doc_id=f"doc{i}", source_path=f"doc{i}.txt",
                          sentence=f"{u} {predicate} {v}.", start=0, end=10,
                          confidence=conf, rule="bench")  # fmt: skip
        g.add_edge(u, v, key=predicate, kind="relation", predicate=predicate, weight=1,
                   confidence=conf, evidence=(prov,), first_seen=None)  # fmt: skip
    return KnowledgeGraph(g)


def _time_us(fn: Callable[[str], object], queries: Sequence[str]) -> list[float]:
    timings = []
    for query in queries:
        start = time.perf_counter_ns()
        fn(query)
        timings.append((time.perf_counter_ns() - start) / 1000)
    return timings


def _row(name: str, timings: list[float]) -> str:
    median = statistics.median(timings)
    p95 = statistics.quantiles(timings, n=20)[-1]
    return f"{name:<34} {median:>10.1f} {p95:>10.1f} {len(timings):>8}"


def main(argv: Sequence[str] | None = None) -> int:
    """Build the graph, time the lookups, print a table; return the exit code."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--entities", type=int, default=100_000)
    parser.add_argument("--degree", type=int, default=3, help="edges per entity (default 3)")
    parser.add_argument("--queries", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)

    start = time.perf_counter()
    kg = build_graph(args.entities, args.degree, args.seed)
    built = time.perf_counter() - start
    g = kg.graph
    print(f"graph: {g.number_of_nodes():,} entities, {g.number_of_edges():,} edges "
          f"(built in {built:.1f} s)")  # fmt: skip

    start = time.perf_counter()
    kg.name_index()
    print(f"name index: built once in {time.perf_counter() - start:.2f} s")

    rng = random.Random(args.seed + 1)
    entities = [kg.get_entity(k) for k in rng.sample(sorted(g.nodes), args.queries)]
    labels = [e.label for e in entities]
    variants = [
        rng.choice([e.label.upper(), f"the {e.label}'s", f"{e.label} Corporation", e.key])
        for e in entities
    ]
    aliases = [e.aliases[0] for e in entities if e.aliases] or labels
    misses = [label + "qz" for label in labels[:20]]

    print(f"\n{'operation':<34} {'median µs':>10} {'p95 µs':>10} {'calls':>8}")
    print(_row("entity(label)", _time_us(kg.entity, labels)))
    print(_row("entity(alias with suffix)", _time_us(kg.entity, aliases)))
    print(_row("entity(case/article/suffix/id)", _time_us(kg.entity, variants)))
    print(_row("neighbours(label, depth=1)", _time_us(kg.neighbours, labels)))
    print(_row("neighbours(id, depth=2)", _time_us(lambda q: kg.neighbours(q, depth=2),
                                                    [e.key for e in entities[:200]])))  # fmt: skip

    def miss(query: str) -> None:
        try:
            kg.entity(query)
        except LookupError:
            pass
        else:  # pragma: no cover - a synthetic name cannot end in "qz"
            raise SystemExit(f"{query!r} unexpectedly resolved")

    print(_row("entity(miss, with suggestions)", _time_us(miss, misses)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
