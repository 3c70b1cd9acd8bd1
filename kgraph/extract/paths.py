"""Relations read from the dependency path between two names: a fallback.

The surface patterns and verb rules read the constructions they were written for;
news has many more ("Robin Rombach, who led Stability's research team", "Lie is now
Cerebras' chief technology officer"). When no rule links two names of a sentence, the
shortest path between them in the dependency tree often still says how they relate:
a trigger word on it (``path_triggers`` in ``kgraph/data/relations.yaml``) names the
predicate. Guards keep the fallback precise:

* the path is short (at most four edges), stays in one clause and one list item
  (no ``conj``, ``advcl``, ``ccomp`` ... edge) and passes no other name (that name
  is the nearer partner);
* neither name merely modifies a noun ("the Google Cloud partner");
* no word on it is negated or speculative ("denied", "in talks to buy");
* it does not join a passive subject to a prepositional object ("X is built into Y")
  nor leave a relative clause from its subject ("the Y-based company, which X bought");
* a title noun relates a person to an organisation only with no verb between them;
* acquires, invests_in and part_of take their direction from the syntax (the verb's
  subject, the passive agent, or the possessor of the trigger noun, against an
  object), else they are dropped.

Facts found this way carry the rule ``path:<trigger>`` and a lower confidence than the
rules (:data:`PATH_CONFIDENCE`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING

from ..model import Relation
from .patterns import LATENT

if TYPE_CHECKING:
    from spacy.tokens import Token

    from ..model import Mention

__all__ = ["MAX_EDGES", "PATH_CONFIDENCE", "path_relations"]

#: Confidence of a path fact: below every rule's (an estimate until measured).
PATH_CONFIDENCE = 0.55
#: The longest path, in dependency edges, that still says how two names relate.
MAX_EDGES = 4
#: Predicates whose direction the syntax must give (who acquires, who invests).
_DIRECTED = frozenset({"acquires", "invests_in", "part_of"})
#: Predicates between a person and an organisation that a title noun can give.
_TITLED = frozenset({"ceo_of", "founder_of", "employee_of"})
_SUBJECT_DEPS = frozenset({"nsubj", "agent"})
_OBJECT_DEPS = frozenset({"dobj", "nsubjpass"})
#: The prepositions that introduce the object of each directed predicate.
_OBJECT_PREPS = {
    "invests_in": frozenset({"in", "into"}),
    "acquires": frozenset({"of"}),
    "part_of": frozenset({"of"}),
}
_NEGATORS = frozenset({"not", "never", "no", "n't"})
#: Edges that join two clauses or two list items: a path over one relates no names.
_CROSSING = frozenset({"conj", "cc", "advcl", "ccomp", "parataxis", "csubj"})


def _root(tokens: Sequence[Token]) -> Token:
    """The token of a name whose head lies outside the name."""
    inside = {t.i for t in tokens}
    for tok in tokens:
        if tok.head.i not in inside or tok.head.i == tok.i:
            return tok
    return tokens[-1]


def _chain(tok: Token) -> list[Token]:
    """``tok`` and its ancestors up to the sentence root."""
    out = [tok]
    while out[-1].head.i != out[-1].i:
        out.append(out[-1].head)
    return out


def _path(a: Token, b: Token) -> tuple[list[Token], list[Token]] | None:
    """The tokens from ``a`` up to the lowest common ancestor (included), and from
    ``b`` up to it (excluded); None when they share none or the path is too long."""
    up_a, up_b = _chain(a), _chain(b)
    in_b = {t.i: k for k, t in enumerate(up_b)}
    for k, tok in enumerate(up_a):
        if tok.i in in_b:
            left, right = up_a[: k + 1], up_b[: in_b[tok.i]]
            if len(left) + len(right) - 1 > MAX_EDGES:
                return None
            return left, right
    return None


def _triggers(
    path: Sequence[Token], triggers: Mapping[str, frozenset[str]]
) -> dict[str, tuple[str, bool]]:
    """The predicates the words of ``path`` trigger: the trigger word, and whether it
    is a verb."""
    found: dict[str, tuple[str, bool]] = {}
    for tok in path:
        words = [tok.lemma_.lower(), tok.lower_]
        if tok.lower_ == "executive" and tok.i and tok.nbor(-1).lower_ in ("chief", "co-chief"):
            words.append("chief executive")
        for predicate, lemmas in triggers.items():
            for w in words:
                if w in lemmas:
                    found.setdefault(predicate, (w, tok.pos_ == "VERB"))
    # The most specific title wins: a chief executive is no mere employee.
    if "ceo_of" in found or "founder_of" in found:
        found.pop("employee_of", None)
    return found


def _hedged(path: Sequence[Token], hedges: frozenset[str]) -> bool:
    """Whether a word of ``path`` is negated or speculative ("denied", "may buy")."""
    for tok in path:
        if tok.lemma_.lower() in hedges or tok.lower_ in hedges:
            return True
        for child in tok.children:
            if child.dep_ == "neg" or child.lower_ in _NEGATORS:
                return True
            if child.dep_ == "aux" and child.lower_ in hedges:
                return True
    return False


def _agent_side(
    left: Sequence[Token], right: Sequence[Token], trigger: frozenset[str], preps: frozenset[str]
) -> int | None:
    """0 if the path's first name is the doer (the verb's subject or passive agent,
    or the possessor of the trigger noun: "Hooli's purchase of X") and the second an
    object (direct, passive, or of one of ``preps``: "invested in X", not "invested
    alongside X"), 1 the other way round, None when the syntax does not say."""

    def doer(side: Sequence[Token]) -> bool:
        return any(
            t.dep_ in _SUBJECT_DEPS or (t.dep_ == "poss" and t.head.lemma_.lower() in trigger)
            for t in side
        )

    def patient(side: Sequence[Token]) -> bool:
        return any(
            t.dep_ in _OBJECT_DEPS or (t.dep_ == "pobj" and t.head.lower_ in preps) for t in side
        )

    first, second = doer(left[:-1]), doer(right)
    if first and not second and patient(right):
        return 0
    if second and not first and patient(left[:-1]):
        return 1
    return None


def _patient_and_place(path: Sequence[Token], ends: tuple[Token, Token]) -> bool:
    """Whether one end of the path is a passive subject and the other the object of a
    preposition other than the agent's "by" ("X is built into Y", "X was shown at Y")."""
    passive = any(t.dep_ == "nsubjpass" for t in path)
    return passive and any(t.dep_ == "pobj" and t.head.dep_ == "prep" for t in ends)


def _relative_subject(path: Sequence[Token], ends: tuple[Token, Token]) -> bool:
    """Whether one end of the path is the subject of a relative clause the path leaves
    through its head ("the San Francisco-based company, which Microsoft bought")."""
    return any(
        end.dep_ in _SUBJECT_DEPS and end.head.dep_ == "relcl" and end.head in path for end in ends
    )


def path_relations(
    sent_index: int,
    mentions: Sequence[Mention],
    spans: Mapping[int, Sequence[Token]],
    *,
    admits: Callable[[str, int, int], bool],
    linked: set[frozenset[int]],
    triggers: Mapping[str, frozenset[str]],
    domains: Mapping[str, tuple[tuple[str, ...], tuple[str, ...]]],
    hedges: frozenset[str],
) -> Iterator[Relation]:
    """Facts from the dependency paths between the names of one sentence.

    ``spans`` maps each mention of the sentence to its tokens; ``linked`` holds the
    pairs some rule already related (left alone); ``admits(predicate, s, o)`` checks
    the two names' types; ``domains`` gives each predicate's subject and object types;
    ``hedges`` the negating and speculative words. Technology terms and names no rule
    typed stay out.
    """
    tokens_of = {i: {t.i for t in toks} for i, toks in spans.items()}
    ids = sorted(i for i in spans if mentions[i].type not in ("TECH", LATENT))
    roots = {i: _root(spans[i]) for i in ids}
    for x in ids:
        for y in ids:
            if x >= y or frozenset((x, y)) in linked or mentions[x].text == mentions[y].text:
                continue
            if roots[x].dep_ == "compound" or roots[y].dep_ == "compound":
                continue  # "the Google Cloud partner": the name modifies a noun
            found = _path(roots[x], roots[y])
            if found is None:
                continue
            left, right = found
            if any(t.dep_ in _CROSSING for t in (*left[:-1], *right)):
                continue
            ends = tokens_of[x] | tokens_of[y]
            inner = [t for t in (*left[1:], *right) if t.i not in ends]
            inner_ids = {t.i for t in inner}
            if not inner or _hedged(inner, hedges):
                continue
            if any(i not in (x, y) and toks & inner_ids for i, toks in tokens_of.items()):
                continue  # another name on the path is the nearer partner
            path, names = (*left, *right), (roots[x], roots[y])
            if _patient_and_place(path, names):
                continue  # "X is built into Y": neither does anything to the other
            if _relative_subject(path, names):
                continue  # "the Y-based company, which X bought": X is not in Y
            verb_between = any(t.pos_ == "VERB" for t in inner)
            for predicate, (word, is_verb) in sorted(_triggers(inner, triggers).items()):
                if predicate in _TITLED and verb_between and not is_verb:
                    continue
                subj_types, obj_types = domains[predicate]
                for s, o in ((x, y), (y, x)):
                    if mentions[s].type not in subj_types or mentions[o].type not in obj_types:
                        continue
                    if predicate in _DIRECTED:
                        side = _agent_side(
                            left, right, triggers[predicate], _OBJECT_PREPS[predicate]
                        )
                        if side is None or (s, o) != ((x, y) if side == 0 else (y, x)):
                            continue
                    if admits(predicate, s, o):
                        yield Relation(s, predicate, o, sent_index, PATH_CONFIDENCE, f"path:{word}")
