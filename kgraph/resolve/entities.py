"""Entity resolution: surface forms across the corpus become real-world entities.

Surface forms are merged by explicit, recorded rules:

* ``same-name``: equal after name normalisation (case, punctuation: WIMI / WiMi);
* ``corporate-suffix``: an organisation name without its legal suffix is another
  organisation's name ("Xiaomi Corp." is "Xiaomi");
* ``place-variant``: standard variants of place names (US / U.S. / United States);
* ``short-form``: a surname or given name used alone after the full name in the
  same document ("Lei" after "Lei Jun");
* ``institution-short-form``: an institution's head word, or the word that names it,
  used alone beside its full name in the same document ("the Commission" after "the
  European Commission", "Commerce Secretary X" beside "the Commerce Department");
* ``org-short-form``: a company's name without its last word after the full name in
  the same document ("Juniper" after "Juniper Networks"; see
  :func:`kgraph.extract.records._org_short_forms` for the guards);
* ``acronym``: an acronym defined in the text ("Xiaomi AI Lab (XAL)"), or the
  initials of exactly one organisation of the corpus ("AMD", "Advanced Micro Devices"
  in another article);
* ``maker-prefix`` / ``model-code``: a product named with its maker or its line in
  front, when the rest is a product of the corpus ("Nvidia H100" is the "H100",
  "Instinct MI300X" the "MI300X"; a model code has letters and digits);
* ``place-prefix``: an organisation named with its country or city in front, when
  the rest (two words or more) is an organisation of the corpus ("U.S. Federal Trade
  Commission" is the "Federal Trade Commission"; "China Mobile" is not "Mobile");
* ``config-alias``: the user's ``aliases:``.

Guards: different types never merge, except a short form (whose type follows its
full name); numbered models differ in their digits so never merge; a unit is never
merged into its parent (suffix stripping only removes legal suffixes); the user's
``never_merge:`` pairs are kept apart. Every merge is recorded as a
:class:`~kgraph.model.MergeDecision`.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from ..config import Config
from ..extract.lexicon import is_known_place, lexicon
from ..extract.names import SHORT_FORM_RULES, initials, is_initialism
from ..model import ENTITY_TYPES, DocRecord, MergeDecision
from ..normalize import normalize_name

__all__ = ["Resolution", "resolve"]


@dataclass(frozen=True, slots=True)
class Resolution:
    """The outcome of resolution.

    Attributes:
        canonical: ``(surface, type)`` of each mention → cluster id.
        labels: cluster id → canonical label.
        types: cluster id → entity type (by votes).
        aliases: cluster id → other surface forms, sorted.
        decisions: every merge, in a deterministic order.
    """

    canonical: Mapping[tuple[str, str], str]
    labels: Mapping[str, str]
    types: Mapping[str, str]
    aliases: Mapping[str, tuple[str, ...]]
    decisions: tuple[MergeDecision, ...]


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: str, b: str) -> None:
        """Merge ``a`` into ``b``: ``b``'s root (the canonical side) stays the root."""
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[ra] = rb


#: A model code: letters and digits together ("h100", "mi300x", "s24"), in a key.
_MODEL_CODE = re.compile(r"(?=\w*[a-z])(?=\w*[0-9])[a-z0-9]{2,10}")


def _strip_suffix(key: str) -> str:
    words = key.split()
    suffixes = {normalize_name(s) for s in lexicon().corporate_suffixes}
    while len(words) > 1 and words[-1] in suffixes:
        words.pop()
    return " ".join(words)


def _place_key(key: str) -> str:
    variants = {normalize_name(k): v for k, v in lexicon().place_variants.items()}
    canonical = variants.get(key)
    if canonical is not None:
        return normalize_name(canonical)
    words = key.split()
    places = lexicon().place_suffixes
    if len(words) > 1 and words[-1] in places:
        return " ".join(words[:-1])
    return key


def _term_key(key: str) -> str:
    """Canonical key of a technology term: listed variants, then the singular."""
    from ..nlp.components import term_synonyms

    synonyms = term_synonyms()
    if key in synonyms:
        return normalize_name(synonyms[key])
    words = key.split()
    last = words[-1] if words else ""
    if len(last) > 3 and last.endswith("s") and not last.endswith("ss"):
        singular = " ".join([*words[:-1], last[:-1]])
        return normalize_name(synonyms.get(singular, singular))
    return key


def resolve(records: Iterable[DocRecord], config: Config) -> Resolution:
    """Resolve every mention of ``records`` to an entity (see the module docstring)."""
    counts: Counter[tuple[str, str]] = Counter()  # (surface, doc-type) -> mentions
    # surface key -> type -> summed vote weight
    type_votes: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    links: set[tuple[str, str, str]] = set()
    for rec in records:
        for m in rec.mentions:
            counts[(m.text, m.type)] += 1
        links.update(rec.links)
        for surface, typ, weight in rec.type_votes:
            type_votes[normalize_name(surface)][typ] += weight

    # 1. Group surfaces by (normalised key); the type is voted per key over the
    # corpus (records without votes count each mention once).
    voted_keys = {key for key, votes in type_votes.items() if votes}
    for (surface, typ), n in counts.items():
        key = normalize_name(surface)
        if key not in voted_keys:
            type_votes[key][typ] += n
    order = ENTITY_TYPES

    def voted(key: str) -> str:
        v = type_votes[key]
        return max(order, key=lambda t: (v.get(t, 0.0), -order.index(t)))

    uf = _UnionFind()
    decisions: list[MergeDecision] = []
    node_of: dict[tuple[str, str], str] = {}
    for surface, _typ in sorted(counts):
        key = normalize_name(surface) or surface
        typ = voted(key)
        node = f"{typ}\x00{key}"
        node_of[(surface, _typ)] = node
        uf.find(node)

    never = {frozenset((normalize_name(a), normalize_name(b))) for a, b in config.never_merge}

    forms: dict[str, set[str]] = defaultdict(set)
    for (surface, _t), node in node_of.items():
        forms[node].add(surface)

    def try_merge(a: str, b: str, rule: str, key: str) -> None:
        """Merge node ``a`` into ``b`` by ``rule``; record the surface forms of ``a``."""
        surface = " | ".join(sorted(forms.get(a, ()))) or key
        ta, ka = a.split("\x00", 1)
        tb, kb = b.split("\x00", 1)
        if ta != tb and rule not in SHORT_FORM_RULES and rule != "config-alias":
            return
        if frozenset((ka, kb)) in never:
            return
        if uf.find(a) == uf.find(b):
            return
        uf.union(a, b)
        decisions.append(MergeDecision(label=kb, surface=surface, rule=rule, type=tb))

    nodes = sorted(set(node_of.values()))
    by_key: dict[tuple[str, str], str] = {}
    for node in nodes:
        typ, key = node.split("\x00", 1)
        by_key[(typ, key)] = node
    # 2. Legal suffixes and place variants.
    bare_suffixed: dict[str, list[str]] = defaultdict(list)
    for node in nodes:
        typ, key = node.split("\x00", 1)
        if typ == "ORG":
            base = _strip_suffix(key)
            # "Amazon.com Inc": the web address ending is no part of the name either.
            dotcom = [f for f in sorted(forms.get(node, ())) if ".com" in f.lower()]
            if dotcom:
                bare = _strip_suffix(normalize_name(re.sub(r"(?i)\.com\b", " ", dotcom[0])))
                base = bare if ("ORG", bare) in by_key and bare != key else base
            if base != key and ("ORG", base) in by_key:
                try_merge(node, by_key[("ORG", base)], "corporate-suffix", key)
            elif base != key:
                bare_suffixed[base].append(node)
        elif typ == "TECH":
            base = _term_key(key)
            if base != key:
                target = by_key.get(("TECH", base))
                if target is None:
                    by_key[("TECH", base)] = target = f"TECH\x00{base}"
                    uf.find(target)
                try_merge(node, target, "term-variant", key)
        elif typ == "PLACE":
            base = _place_key(key)
            if base != key:
                target = by_key.get(("PLACE", base))
                if target is None:
                    by_key[("PLACE", base)] = target = f"PLACE\x00{base}"
                    uf.find(target)
                try_merge(node, target, "place-variant", key)
    # "Samsung Electronics Co." and "Samsung Electronics Co., Ltd." with no bare
    # "Samsung Electronics" in the corpus: the suffixed forms are one company.
    for _base, group in sorted(bare_suffixed.items()):
        for node in group[1:]:
            try_merge(node, group[0], "corporate-suffix", node.split("\x00", 1)[1])
    # "Nvidia H100" is the "H100" (the maker's name in front); "Instinct MI300X" is the
    # "MI300X" (a line name before a model code).
    for node in nodes:
        if not node.startswith("PRODUCT\x00"):
            continue
        words = node.split("\x00", 1)[1].split()
        for k in range(1, len(words)):
            head, rest = " ".join(words[:k]), " ".join(words[k:])
            target = by_key.get(("PRODUCT", rest))
            if target is None:
                continue
            maker = ("ORG", head) in by_key
            code = len(words) - k == 1 and _MODEL_CODE.fullmatch(rest) is not None
            if maker or code:
                rule = "maker-prefix" if maker else "model-code"
                try_merge(node, target, rule, node.split("\x00", 1)[1])
                break
    # "U.S. Federal Trade Commission": the organisation of the corpus after the place.
    for node in nodes:
        if not node.startswith("ORG\x00"):
            continue
        for surface in sorted(forms.get(node, ())):
            words = surface.split()
            for k in (1, 2):
                rest = normalize_name(" ".join(words[k:]))
                target = by_key.get(("ORG", rest))
                if len(words) - k >= 2 and target and is_known_place(" ".join(words[:k])):
                    try_merge(node, target, "place-prefix", surface)
    # 3. Links found in the text, 4. the user's aliases.
    key_types: dict[str, list[str]] = defaultdict(list)
    for (_typ, key), node in by_key.items():
        key_types[key].append(node)
    for short, full, rule in sorted(links):
        for a in key_types.get(normalize_name(short), ()):
            fulls = key_types.get(normalize_name(full), ())
            if len(fulls) == 1:
                try_merge(a, fulls[0], rule, short)
    # 3b. Initialisms across articles: "AMD" in one, "Advanced Micro Devices" in
    # another. Only when exactly one organisation of the corpus has those initials and
    # the short form is merged with nothing yet (no article defined it otherwise).
    spelled: dict[str, set[str]] = defaultdict(set)
    for node in nodes:
        if node.startswith("ORG\x00"):
            for surface in sorted(forms.get(node, ())):
                for letters in {initials(surface), initials(surface, suffix=True)}:
                    if letters:
                        spelled[letters].add(uf.find(node))
    members_of: Counter[str] = Counter(uf.find(n) for n in nodes)
    for node in nodes:
        if not node.startswith("ORG\x00") or members_of[uf.find(node)] > 1:
            continue
        for surface in sorted(forms.get(node, ())):
            owners = spelled.get(surface, set()) if is_initialism(surface) else set()
            if len(owners) == 1:
                try_merge(node, next(iter(owners)), "acronym", surface)
    for wanted, alias_list in sorted(config.aliases.items()):
        targets = key_types.get(normalize_name(wanted), ())
        for alias in alias_list:
            for a in key_types.get(normalize_name(alias), ()):
                for t in targets[:1]:
                    try_merge(a, t, "config-alias", alias)

    short_keys = {normalize_name(short) for short, _full, rule in links if rule in SHORT_FORM_RULES}
    # 5. Clusters: label, type and aliases.
    members: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for (surface, typ), node in node_of.items():
        members[uf.find(node)].append((surface, typ))
    canonical: dict[tuple[str, str], str] = {}
    labels: dict[str, str] = {}
    types: dict[str, str] = {}
    aliases: dict[str, tuple[str, ...]] = {}
    variants = {normalize_name(k): v for k, v in lexicon().place_variants.items()}
    for root, items in members.items():
        tv: dict[str, float] = defaultdict(float)
        sv: Counter[str] = Counter()
        keys = {normalize_name(surface) for surface, _ in items}
        # A short form's own votes do not decide: "Musk" in "Musk's xAI" looks like a
        # company, but the cluster is the person named in full.
        voting = keys - short_keys or keys
        for key in sorted(voting):
            for t, w in type_votes[key].items():
                tv[t] += w
        for surface, typ in items:
            sv[surface] += counts[(surface, typ)]
        typ = max(order, key=lambda t: (tv.get(t, 0.0), -order.index(t)))
        label = _pick_label(sv, typ, root)
        if typ == "PLACE" and normalize_name(label) in variants:
            label = variants[normalize_name(label)]
        elif typ == "TECH":
            label = _term_label(label, sv)
        labels[root] = label
        types[root] = typ
        aliases[root] = tuple(sorted({s for s in sv if s != label}))
        for surface, t in items:
            canonical[(surface, t)] = root
    ordered = sorted(decisions, key=lambda d: (d.rule, d.label, d.surface))
    final = tuple(
        MergeDecision(
            label=labels[uf.find(_node_for(d, by_key))], surface=d.surface, rule=d.rule, type=d.type
        )
        for d in ordered
    )
    return Resolution(canonical, labels, types, aliases, final)


def _term_label(label: str, surfaces: Counter[str]) -> str:
    from ..nlp.components import term_synonyms

    canonical = term_synonyms().get(normalize_name(label))
    if canonical is not None:
        return canonical
    key = _term_key(normalize_name(label))
    singular = [s for s in surfaces if normalize_name(s) == key]
    if singular:
        return min(singular, key=lambda s: (-surfaces[s], s))
    if key != normalize_name(label) and label.endswith("s"):
        return label[:-1]
    return label


def _node_for(decision: MergeDecision, by_key: Mapping[tuple[str, str], str]) -> str:
    return by_key[(decision.type, decision.label)]


def _pick_label(surfaces: Counter[str], typ: str, root: str) -> str:
    root_key = root.split("\x00", 1)[1]

    def score(s: str) -> tuple[int, int, int, int, str]:
        key = normalize_name(s)
        # Datelines and headlines shout ("BEIJING"): prefer a form in normal case.
        shouting = 1 if s.isupper() and sum(c.isalpha() for c in s) > 4 else 0
        # People: the full name. Organisations: the form without a legal suffix.
        if typ == "PERSON":
            return (shouting, -len(s.split()), -surfaces[s], 0, s)
        is_root = 0 if key == root_key else 1
        return (is_root, shouting, -surfaces[s], len(s), s)

    return min(surfaces, key=score)
