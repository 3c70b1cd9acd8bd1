"""Score a :class:`~kgraph.graph.knowledge.KnowledgeGraph` against gold annotations.

Implements ``shared/eval/README.md``. Where the README leaves a choice open, this module
decides as follows (the tests in ``tests/test_eval.py`` pin every point):

Documents
    A gold document is the union of the graph's article nodes whose ``source_path`` has
    its file name (an article and the related items of its front matter share a source
    path). Its entities are the entity nodes those articles link to by ``mentions``
    edges; its relations are the typed facts with at least one piece of evidence from
    that file. A gold document without articles scores every gold item as a miss.

Which score a node belongs to: its name, not its predicted type
    A node whose name matches a gold ORG/PERSON/PLACE/PRODUCT entity is scored as an
    entity whatever type it was given, so "Xiao Ai" typed TECH is a matched entity with
    a wrong type (it lowers type accuracy), not a miss plus a technology false positive.
    Likewise a node whose name matches a gold technology is scored with the
    technologies whatever its type. A node matching no gold name is an entity false
    positive, unless it is typed TECH: then it is a technology false positive. Labels
    listed under ``forbidden`` are entity false positives whatever their type, and are
    listed apart.

Matching a node to a gold entity
    Names are compared after :func:`~kgraph.normalize.normalize_name`. In order: the
    node's label against every gold name and alias (entities, then technologies), the
    label against ``forbidden``, the node's aliases against gold names and aliases,
    the label against ``optional`` (neither right nor wrong). When several nodes of a
    document match one gold entity, a node matching by label wins over one matching by
    alias, then the node whose label is the gold canonical name, then the node with
    more mentions in the document; the others are duplicates (false positives). Nodes
    matching only by aliases are paired with still unmatched gold entities so as to
    match as many as possible.

Relations
    A fact matches a gold relation when the predicates are equal and the subject and
    object nodes match the gold sides: a node matches a gold name when its label or
    one of its aliases normalises equal to the gold name or, when the gold name is one
    of the document's gold entities, to one of that entity's names and aliases
    (``any_of``: any alternative; ``partner_of``/``competitor_of``: either order).
    Gold relations are paired one-to-one with matching facts (maximum matching), so one
    fact never satisfies two gold relations. As the README defines precision by
    "predicted relations that match gold", a second fact matching an already satisfied
    gold relation (typically across a fragmented entity) still counts as right for
    precision; fragmentation is reported on its own. A fact matching no relation is
    neutral if it matches ``optional_relations`` or is an ``employee_of`` where the
    gold (``relations`` or ``optional_relations``) has ``ceo_of``/``founder_of`` for the
    same pair, and a false positive otherwise. Facts matching ``tech_relations``, and
    unmatched facts with an endpoint typed TECH or named as a gold technology, are
    scored with the technology relations.

Fragmentation
    Over the whole graph (not only the document's nodes), a gold entity matched by more
    than one node under the rule above (label first, aliases only for nodes whose label
    matches no other gold name of that document) is fragmented. Fragmented entities are
    reported once per normalised gold name, with the documents where the split shows.

Ratios with a zero denominator are 1.0 (see :mod:`kgraph.eval.report`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from ..graph.knowledge import Fact, KnowledgeGraph
from ..graph.schema import EDGE_MENTIONS, NODE_ENTITY
from ..normalize import normalize_name
from .gold import GoldDocument, GoldRelation, GoldSet
from .report import (
    DocumentReport,
    EntityFalsePositive,
    EntityMiss,
    EntityScore,
    EvalReport,
    ForbiddenHit,
    FragmentedEntity,
    Mistyped,
    RelationFalsePositive,
    RelationMiss,
    Score,
)

__all__ = ["SYMMETRIC_PREDICATES", "evaluate", "source_name"]

#: Predicates whose gold relations match in either order (eval README).
SYMMETRIC_PREDICATES: frozenset[str] = frozenset({"partner_of", "competitor_of"})
# employee_of predicted where the gold has one of these for the same pair is neutral.
_IMPLY_EMPLOYMENT = frozenset({"ceo_of", "founder_of"})
_TECH = "TECH"

# Gold names and labels repeat across documents; bounded so a long-lived process
# scoring many graphs does not grow without limit.
_norm = lru_cache(maxsize=1 << 16)(normalize_name)


def source_name(path: str) -> str:
    """Return the file name of a source path, the key that joins graph and gold.

    >>> source_name("seeds/000_0d8bed67902d9a2f.txt"), source_name(r"in\\a.txt")
    ('000_0d8bed67902d9a2f.txt', 'a.txt')
    """
    return path.replace("\\", "/").rsplit("/", 1)[-1]


@dataclass(frozen=True, slots=True)
class _Node:
    key: str
    label: str
    type: str
    label_form: str
    alias_forms: tuple[str, ...]
    forms: frozenset[str]


def _node(key: str, data: Mapping[str, object]) -> _Node:
    label = str(data.get("label", key))
    raw_aliases = data.get("aliases") or ()
    aliases = raw_aliases if isinstance(raw_aliases, list | tuple) else ()
    label_form = _norm(label)
    alias_forms = tuple(f for f in dict.fromkeys(_norm(str(a)) for a in aliases) if f != label_form)
    forms = frozenset((label_form, *alias_forms))
    return _Node(key, label, str(data.get("type", "")), label_form, alias_forms, forms)


class _GoldIndex:
    """One gold document's names, normalised, for matching."""

    def __init__(self, doc: GoldDocument) -> None:
        self.doc = doc
        self.entity_of = {_norm(n): i for i, e in enumerate(doc.entities) for n in e.names}
        self.tech_of = {_norm(n): i for i, n in enumerate(doc.technologies)}
        self.optional = frozenset(_norm(n) for n in doc.optional)
        self.forbidden = {_norm(n): n for n in doc.forbidden}
        self.entity_canonical = tuple(_norm(e.name) for e in doc.entities)
        self.tech_canonical = tuple(_norm(n) for n in doc.technologies)
        self.tech_forms = frozenset(self.tech_of)
        self._forms: dict[str, frozenset[str]] = {}

    def label_is_gold(self, node: _Node) -> bool:
        """Whether the node's label names a gold entity, technology or forbidden name."""
        form = node.label_form
        return form in self.entity_of or form in self.tech_of or form in self.forbidden

    def forms(self, name: str) -> frozenset[str]:
        """The normalised names a gold relation side ``name`` accepts."""
        found = self._forms.get(name)
        if found is None:
            form = _norm(name)
            index = self.entity_of.get(form)
            if index is None:
                found = frozenset({form})
            else:
                found = frozenset(_norm(n) for n in self.doc.entities[index].names)
            self._forms[name] = found
        return found


@dataclass(frozen=True, slots=True)
class _Claim:
    """What a node of a document matches: a tier and candidate gold indices."""

    tier: str  # "entity", "tech", "forbidden", "optional" or "none"
    candidates: tuple[int, ...] = ()
    by_label: bool = True


def _classify(node: _Node, index: _GoldIndex) -> _Claim:
    form = node.label_form
    if form in index.entity_of:
        return _Claim("entity", (index.entity_of[form],))
    if form in index.tech_of:
        return _Claim("tech", (index.tech_of[form],))
    if form in index.forbidden:
        return _Claim("forbidden")
    entity = tuple(
        dict.fromkeys(index.entity_of[a] for a in node.alias_forms if a in index.entity_of)
    )
    if entity:
        return _Claim("entity", entity, by_label=False)
    tech = tuple(dict.fromkeys(index.tech_of[a] for a in node.alias_forms if a in index.tech_of))
    if tech:
        return _Claim("tech", tech, by_label=False)
    if form in index.optional:
        return _Claim("optional")
    return _Claim("none")


def _max_matching(candidates: Sequence[Sequence[int]]) -> list[int | None]:
    """Pair each left item with at most one of its candidates, as many as possible.

    Kuhn's augmenting paths; earlier items and earlier candidates win ties.

    >>> _max_matching([[0, 1], [0], [0]])
    [1, 0, None]
    """
    owner: dict[int, int] = {}

    def assign(left: int, seen: set[int]) -> bool:
        for right in candidates[left]:
            if right in seen:
                continue
            seen.add(right)
            if right not in owner or assign(owner[right], seen):
                owner[right] = left
                return True
        return False

    for left in range(len(candidates)):
        assign(left, set())
    result: list[int | None] = [None] * len(candidates)
    for right, left in owner.items():
        result[left] = right
    return result


def _assign(
    claims: Sequence[tuple[_Node, _Claim]], canonical: Sequence[str], counts: Mapping[str, int]
) -> tuple[dict[int, _Node], list[tuple[_Node, int]]]:
    """Pair nodes with gold items; return (gold index -> node, duplicate nodes)."""
    matched: dict[int, _Node] = {}
    duplicates: list[tuple[_Node, int]] = []
    by_label = sorted(
        ((n, c.candidates[0]) for n, c in claims if c.by_label),
        key=lambda nc: (nc[0].label_form != canonical[nc[1]], -counts.get(nc[0].key, 0), nc[0].key),
    )
    for node, gold in by_label:
        if gold in matched:
            duplicates.append((node, gold))
        else:
            matched[gold] = node
    by_alias = sorted(
        ((n, c.candidates) for n, c in claims if not c.by_label),
        key=lambda nc: (-counts.get(nc[0].key, 0), nc[0].key),
    )
    pairs = _max_matching([[g for g in cands if g not in matched] for _, cands in by_alias])
    for (node, cands), paired in zip(by_alias, pairs, strict=True):
        if paired is None:
            duplicates.append((node, cands[0]))
        else:
            matched[paired] = node
    return matched, duplicates


def _side_matches(node: _Node, side: tuple[str, ...], index: _GoldIndex) -> bool:
    forms = node.forms
    return any(forms & index.forms(name) for name in side)


_Triple = tuple[_Node, str, _Node]


def _relation_matches(triple: _Triple, gold: GoldRelation, index: _GoldIndex) -> bool:
    subject, predicate, obj = triple
    if predicate != gold.predicate:
        return False
    if _side_matches(subject, gold.subject, index) and _side_matches(obj, gold.object, index):
        return True
    return (
        predicate in SYMMETRIC_PREDICATES
        and _side_matches(subject, gold.object, index)
        and _side_matches(obj, gold.subject, index)
    )


@dataclass(frozen=True, slots=True)
class _RelationResult:
    main: Score
    tech: Score
    main_misses: tuple[RelationMiss, ...]
    main_false_positives: tuple[RelationFalsePositive, ...]
    tech_misses: tuple[RelationMiss, ...]
    tech_false_positives: tuple[RelationFalsePositive, ...]


def _matching(triple: _Triple, gold: Sequence[GoldRelation], index: _GoldIndex) -> list[int]:
    """Indices of the gold relations ``triple`` matches."""
    return [i for i, relation in enumerate(gold) if _relation_matches(triple, relation, index)]


class _DocumentScorer:
    """Scores the nodes and facts of one gold document."""

    def __init__(
        self,
        doc: GoldDocument,
        articles: tuple[str, ...],
        nodes: Mapping[str, _Node],
        counts: Mapping[str, int],
        facts: Sequence[Fact],
    ) -> None:
        self.doc = doc
        self.index = _GoldIndex(doc)
        self.articles = articles
        self.nodes = nodes
        self.counts = counts
        self.facts = facts

    def report(self) -> DocumentReport:
        doc, name = self.doc, self.doc.name
        claims = [
            (self.nodes[k], _classify(self.nodes[k], self.index)) for k in sorted(self.counts)
        ]
        entity_claims = [(n, c) for n, c in claims if c.tier == "entity"]
        tech_claims = [(n, c) for n, c in claims if c.tier == "tech"]
        matched, duplicates = _assign(entity_claims, self.index.entity_canonical, self.counts)
        tech_matched, tech_duplicates = _assign(tech_claims, self.index.tech_canonical, self.counts)

        forbidden = tuple(
            ForbiddenHit(name, self.index.forbidden[n.label_form], n.key, n.label, n.type)
            for n, c in claims
            if c.tier == "forbidden"
        )
        entity_fps = [
            _false_positive(name, n, "duplicate", doc.entities[g].name) for n, g in duplicates
        ]
        entity_fps += [
            _false_positive(name, hit_node, "forbidden")
            for hit_node in _nodes_of(claims, "forbidden")
        ]
        entity_fps += [
            _false_positive(name, n, "unmatched")
            for n in _nodes_of(claims, "none")
            if n.type != _TECH
        ]
        tech_fps = [
            _false_positive(name, n, "duplicate", doc.technologies[g]) for n, g in tech_duplicates
        ]
        tech_fps += [
            _false_positive(name, n, "unmatched")
            for n in _nodes_of(claims, "none")
            if n.type == _TECH
        ]
        entities = EntityScore(
            gold=len(doc.entities),
            gold_matched=len(matched),
            predicted_matched=len(matched),
            false_positives=len(entity_fps),
            type_correct=sum(n.type in doc.entities[g].types for g, n in matched.items()),
        )
        technologies = EntityScore(
            gold=len(doc.technologies),
            gold_matched=len(tech_matched),
            predicted_matched=len(tech_matched),
            false_positives=len(tech_fps),
            type_correct=sum(n.type == _TECH for n in tech_matched.values()),
        )
        rel = self._relations()
        return DocumentReport(
            name=name,
            articles=self.articles,
            entities=entities,
            technologies=technologies,
            relations=rel.main,
            tech_relations=rel.tech,
            entity_misses=tuple(
                EntityMiss(name, e.name, e.types)
                for i, e in enumerate(doc.entities)
                if i not in matched
            ),
            entity_false_positives=tuple(sorted(entity_fps, key=_fp_order)),
            mistyped=tuple(
                Mistyped(name, doc.entities[g].name, doc.entities[g].types, n.key, n.label, n.type)
                for g, n in sorted(matched.items())
                if n.type not in doc.entities[g].types
            ),
            technology_misses=tuple(
                EntityMiss(name, t, (_TECH,))
                for i, t in enumerate(doc.technologies)
                if i not in tech_matched
            ),
            technology_false_positives=tuple(sorted(tech_fps, key=_fp_order)),
            forbidden=forbidden,
            relation_misses=rel.main_misses,
            relation_false_positives=rel.main_false_positives,
            tech_relation_misses=rel.tech_misses,
            tech_relation_false_positives=rel.tech_false_positives,
        )

    def _neutral(self, triple: _Triple) -> bool:
        """Whether an unmatched fact is neither right nor wrong."""
        doc, index = self.doc, self.index
        if _matching(triple, doc.optional_relations, index):
            return True
        subject, predicate, obj = triple
        return predicate == "employee_of" and any(
            r.predicate in _IMPLY_EMPLOYMENT
            and _side_matches(subject, r.subject, index)
            and _side_matches(obj, r.object, index)
            for r in (*doc.relations, *doc.optional_relations)
        )

    def _relations(self) -> _RelationResult:
        doc, index, name = self.doc, self.index, self.doc.name
        main: list[tuple[Fact, list[int]]] = []
        tech: list[tuple[Fact, list[int]]] = []
        main_fps: list[RelationFalsePositive] = []
        tech_fps: list[RelationFalsePositive] = []
        for fact in self.facts:
            subject, obj = self.nodes.get(fact.subject), self.nodes.get(fact.object)
            if subject is None or obj is None:
                continue
            triple = (subject, fact.predicate, obj)
            if cands := _matching(triple, doc.relations, index):
                main.append((fact, cands))
            elif cands := _matching(triple, doc.tech_relations, index):
                tech.append((fact, cands))
            elif not self._neutral(triple):
                fp = RelationFalsePositive(
                    name, subject.key, subject.label, fact.predicate, obj.key, obj.label
                )
                is_tech = any(n.type == _TECH or n.forms & index.tech_forms for n in (subject, obj))
                (tech_fps if is_tech else main_fps).append(fp)
        main_score, main_misses = _relation_score(name, doc.relations, main, len(main_fps))
        tech_score, tech_misses = _relation_score(name, doc.tech_relations, tech, len(tech_fps))
        return _RelationResult(
            main_score, tech_score, main_misses, tuple(main_fps), tech_misses, tuple(tech_fps)
        )


def _relation_score(
    document: str,
    gold: Sequence[GoldRelation],
    matches: Sequence[tuple[Fact, list[int]]],
    false_positives: int,
) -> tuple[Score, tuple[RelationMiss, ...]]:
    found = {g for g in _max_matching([cands for _, cands in matches]) if g is not None}
    score = Score(
        gold=len(gold),
        gold_matched=len(found),
        predicted_matched=len(matches),
        false_positives=false_positives,
    )
    misses = tuple(RelationMiss(document, r) for i, r in enumerate(gold) if i not in found)
    return score, misses


def _nodes_of(claims: Iterable[tuple[_Node, _Claim]], tier: str) -> list[_Node]:
    return [n for n, c in claims if c.tier == tier]


def _false_positive(
    document: str, node: _Node, reason: str, duplicate_of: str | None = None
) -> EntityFalsePositive:
    return EntityFalsePositive(document, node.key, node.label, node.type, reason, duplicate_of)


def _fp_order(fp: EntityFalsePositive) -> tuple[str, str]:
    return (fp.label.casefold(), fp.key)


def _evidence_source(evidence: object) -> str | None:
    # Readers of exports may hand back mappings instead of Provenance values.
    path = getattr(evidence, "source_path", None)
    if path is None and isinstance(evidence, Mapping):
        path = evidence.get("source_path")
    return source_name(path) if isinstance(path, str) and path else None


def _fragmented(
    gold: GoldSet, nodes: Mapping[str, _Node], indexes: Mapping[str, _GoldIndex]
) -> tuple[FragmentedEntity, ...]:
    by_label: dict[str, list[str]] = defaultdict(list)
    by_alias: dict[str, list[str]] = defaultdict(list)
    for node in nodes.values():
        by_label[node.label_form].append(node.key)
        for form in node.alias_forms:
            by_alias[form].append(node.key)
    found: dict[str, tuple[str, set[str], list[str]]] = {}
    for doc in gold:
        index = indexes[doc.name]
        for entity in doc.entities:
            forms = {_norm(n) for n in entity.names}
            keys = {k for f in forms for k in by_label.get(f, ())}
            keys |= {
                k for f in forms for k in by_alias.get(f, ()) if not index.label_is_gold(nodes[k])
            }
            if len(keys) > 1:
                key = _norm(entity.name)
                _, all_keys, docs = found.setdefault(key, (entity.name, set(), []))
                all_keys |= keys
                docs.append(doc.name)
    result = []
    for display, keys, docs in found.values():
        ordered = sorted(keys)
        result.append(
            FragmentedEntity(
                name=display,
                nodes=tuple(ordered),
                labels=tuple(nodes[k].label for k in ordered),
                documents=tuple(docs),
            )
        )
    return tuple(sorted(result, key=lambda f: (f.name.casefold(), f.name)))


def evaluate(kg: KnowledgeGraph, gold: GoldSet) -> EvalReport:
    """Score ``kg``'s entities and typed relations against ``gold``.

    Args:
        kg: The graph to score.
        gold: Annotations, from :func:`~kgraph.eval.gold.load_gold`.

    Returns:
        Per-document and micro-averaged scores with the lists of misses, false
        positives, forbidden names and fragmented entities.
    """
    g = kg.graph
    nodes = {
        key: _node(key, data) for key, data in g.nodes(data=True) if data.get("kind") == NODE_ENTITY
    }
    articles: dict[str, list[str]] = defaultdict(list)
    for art in kg.articles():
        articles[source_name(art.source_path)].append(art.key)
    facts: dict[str, list[Fact]] = defaultdict(list)
    for fact in kg.facts(typed=True):
        for source in sorted({s for s in map(_evidence_source, fact.evidence) if s}):
            facts[source].append(fact)

    reports = []
    indexes: dict[str, _GoldIndex] = {}
    for doc in gold:
        counts: dict[str, int] = defaultdict(int)
        for article_key in articles.get(doc.name, ()):
            for _, target, data in g.out_edges(article_key, data=True):
                if data.get("kind") == EDGE_MENTIONS and target in nodes:
                    counts[target] += int(data.get("count", 1) or 1)
        scorer = _DocumentScorer(
            doc, tuple(articles.get(doc.name, ())), nodes, counts, facts.get(doc.name, ())
        )
        indexes[doc.name] = scorer.index
        reports.append(scorer.report())

    names = {d.name for d in gold}
    return EvalReport(
        documents=tuple(reports),
        entities=EntityScore.total(r.entities for r in reports),
        technologies=EntityScore.total(r.technologies for r in reports),
        relations=Score.total(r.relations for r in reports),
        tech_relations=Score.total(r.tech_relations for r in reports),
        fragmented=_fragmented(gold, nodes, indexes),
        unscored_sources=tuple(sorted(set(articles) - names)),
        gold_source=gold.source,
    )
