"""The name index: from what a user types to the node id of one entity.

Lookup tries, in order, and stops at the first hit:

1. the node id itself (``lei-jun``);
2. a label or alias equal after NFKC + casefold (so ``C#`` finds ``C#``, not ``C``);
3. a label, then an alias, then a slug equal after :func:`~kgraph.normalize.normalize_name`
   (``the Xiaomi's`` finds ``Xiaomi``);
4. the same with accents and corporate suffixes dropped on both sides (``Xiaomi
   Corporation Ltd`` finds ``Xiaomi``; ``Microsoft Corp`` finds ``Microsoft``;
   ``zurich`` finds ``Zürich``).

Within one step the entity with more mentions wins, then the smaller node id, so the
answer never depends on insertion order. Every step is one dict probe: the index is
built once per graph, and a lookup costs a few microseconds whatever the graph size.
A miss raises :class:`~kgraph.errors.EntityNotFound` with close labels (``difflib``).
"""

from __future__ import annotations

import difflib
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

from ..errors import EntityNotFound
from ..normalize import normalize_name
from .schema import NODE_ENTITY

__all__ = ["CORPORATE_SUFFIXES", "NameIndex", "strip_corporate_suffixes"]

#: Trailing words dropped when comparing organisation names (already normalised:
#: casefolded, without dots). "Co Ltd", "Holdings Inc" lose both words.
CORPORATE_SUFFIXES: frozenset[str] = frozenset(
    {
        "ab", "ag", "asa", "bv", "co", "company", "corp", "corporation", "gmbh",
        "group", "holding", "holdings", "inc", "incorporated", "kk", "limited", "llc",
        "llp", "lp", "ltd", "nv", "oyj", "plc", "pty", "sa", "se", "spa", "srl",
    }
)  # fmt: skip

_MAX_SUGGESTIONS = 5
_SUGGESTION_CUTOFF = 0.6
# difflib compares the query with the keys sharing the most trigrams with it only, so a
# miss on a 100k-entity graph costs milliseconds, not a second.
_SUGGESTION_POOL = 64
_POSTINGS_BUDGET = 50_000
_MIN_TRIGRAMS = 3

# Ranks inside the normalised step: a label beats an alias beats a slug.
_RANK_LABEL, _RANK_ALIAS, _RANK_SLUG = 0, 1, 2


def strip_corporate_suffixes(key: str) -> str:
    """Drop trailing corporate suffix words from a normalised name.

    A name made only of suffix words is returned unchanged.

    >>> strip_corporate_suffixes("xiaomi corp ltd")
    'xiaomi'
    >>> strip_corporate_suffixes("co")
    'co'
    """
    words = key.split(" ")
    while len(words) > 1 and words[-1] in CORPORATE_SUFFIXES:
        words.pop()
    return " ".join(words)


def _bare_form(key: str) -> str:
    """Drop accents and corporate suffixes from a normalised name."""
    if not key.isascii():
        decomposed = unicodedata.normalize("NFKD", key)
        key = "".join(c for c in decomposed if not unicodedata.combining(c))
    return strip_corporate_suffixes(key)


def _exact_form(name: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", name).casefold().split())


class _BestOf:
    """Per key, the candidate with the smallest rank (rank, -mentions, node id)."""

    def __init__(self) -> None:
        self._best: dict[str, tuple[int, int, str]] = {}

    def offer(self, form: str, rank: int, mentions: int, node: str) -> None:
        if not form:
            return
        candidate = (rank, -mentions, node)
        current = self._best.get(form)
        if current is None or candidate < current:
            self._best[form] = candidate

    def result(self) -> dict[str, str]:
        return {form: best[2] for form, best in self._best.items()}


class NameIndex:
    """Maps names, aliases and slugs of a graph's entities to node ids.

    Build it with :meth:`from_nodes`; :class:`~kgraph.graph.knowledge.KnowledgeGraph`
    builds one lazily and keeps it.

    Example:
        >>> index = NameIndex.from_nodes([
        ...     ("xiaomi", {"kind": "entity", "label": "Xiaomi", "type": "ORG",
        ...                 "aliases": ("Xiaomi Corp",), "mentions": 20}),
        ...     ("lei-jun", {"kind": "entity", "label": "Lei Jun", "type": "PERSON"}),
        ... ])
        >>> index.find("XIAOMI CORPORATION"), index.find("lei-jun"), index.find("Lei  JUN")
        ('xiaomi', 'lei-jun', 'lei-jun')
        >>> index.find("Xiaomy")
        Traceback (most recent call last):
        ...
        kgraph.errors.EntityNotFound: no entity named 'Xiaomy' in the graph; did you mean: Xiaomi?
    """

    def __init__(
        self,
        *,
        nodes: frozenset[str],
        exact: Mapping[str, str],
        normalized: Mapping[str, str],
        bare: Mapping[str, str],
        display: Mapping[str, str],
    ) -> None:
        self._nodes = nodes
        self._exact = dict(exact)
        self._normalized = dict(normalized)
        self._bare = dict(bare)
        self._display = dict(display)
        self._display_keys = sorted(self._display)
        self._trigrams: dict[str, list[int]] | None = None

    @classmethod
    def from_nodes(cls, nodes: Iterable[tuple[str, Mapping[str, Any]]]) -> NameIndex:
        """Index the entity nodes among ``(node id, attributes)`` pairs.

        Nodes whose ``kind`` is not ``entity`` are ignored.
        """
        ids: set[str] = set()
        exact, normalized, bare = _BestOf(), _BestOf(), _BestOf()
        display: dict[str, tuple[int, int, str, str]] = {}
        for node, data in nodes:
            if data.get("kind") != NODE_ENTITY:
                continue
            ids.add(node)
            mentions = int(data.get("mentions", 0) or 0)
            label = str(data.get("label", node))
            names = [(label, _RANK_LABEL)]
            names += [(str(a), _RANK_ALIAS) for a in data.get("aliases", ()) or ()]
            names.append((node.replace("-", " "), _RANK_SLUG))
            for name, rank in names:
                key = normalize_name(name)
                if rank != _RANK_SLUG:
                    exact.offer(_exact_form(name), rank, mentions, node)
                    previous = display.get(key)
                    candidate = (rank, -mentions, node, label)
                    if previous is None or candidate < previous:
                        display[key] = candidate
                normalized.offer(key, rank, mentions, node)
                bare.offer(_bare_form(key), rank, mentions, node)
        return cls(
            nodes=frozenset(ids),
            exact=exact.result(),
            normalized=normalized.result(),
            bare=bare.result(),
            display={key: best[3] for key, best in display.items()},
        )

    def __len__(self) -> int:
        return len(self._nodes)

    def __contains__(self, node: object) -> bool:
        """Return whether ``node`` is the id of an indexed entity."""
        return node in self._nodes

    def get(self, name: str) -> str | None:
        """Return the node id ``name`` resolves to, or None."""
        if name in self._nodes:
            return name
        hit = self._exact.get(_exact_form(name))
        if hit is not None:
            return hit
        key = normalize_name(name)
        hit = self._normalized.get(key)
        if hit is not None:
            return hit
        return self._bare.get(_bare_form(key))

    def find(self, name: str) -> str:
        """Return the node id ``name`` resolves to.

        Raises:
            EntityNotFound: nothing matches; the error lists up to five close labels.
        """
        hit = self.get(name)
        if hit is None:
            raise EntityNotFound(name, self.suggest(name))
        return hit

    def suggest(self, name: str, *, limit: int = _MAX_SUGGESTIONS) -> tuple[str, ...]:
        """Return up to ``limit`` entity labels close to ``name``, best first."""
        key = normalize_name(name)
        matches = difflib.get_close_matches(
            key, self._candidates(key), n=limit * 2, cutoff=_SUGGESTION_CUTOFF
        )
        labels: list[str] = []
        for match in matches:
            label = self._display[match]
            if label not in labels:
                labels.append(label)
        return tuple(labels[:limit])

    def _candidates(self, key: str) -> list[str]:
        """Return the indexed keys sharing the most trigrams with ``key``."""
        if self._trigrams is None:
            postings: dict[str, list[int]] = {}
            for position, indexed in enumerate(self._display_keys):
                for gram in _trigrams(indexed):
                    postings.setdefault(gram, []).append(position)
            self._trigrams = postings
        shared: Counter[int] = Counter()
        by_rarity = sorted((self._trigrams.get(g, []) for g in _trigrams(key)), key=len)
        budget = _POSTINGS_BUDGET
        for i, positions in enumerate(by_rarity):
            # The rarest trigrams say the most; very common ones only cost time.
            if i >= _MIN_TRIGRAMS and len(positions) > budget:
                break
            shared.update(positions)
            budget -= len(positions)
        best = sorted(shared.items(), key=lambda item: (-item[1], item[0]))[:_SUGGESTION_POOL]
        return [self._display_keys[position] for position, _ in best]


def _trigrams(key: str) -> set[str]:
    padded = f"  {key} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}
