"""Verb triggers as spaCy ``DependencyMatcher`` patterns, generated from the rule data.

The verb rules of ``kgraph/data/relations.yaml`` name trigger lemmas and phrasal
verbs; the patterns here are anchored on all of them (with the lemma forms a tagger
gives "co-" verbs) and bind the trigger's arguments by their dependency structure:

* ``direct``: subject (``nsubj``, ``csubj``), passive subject (``nsubjpass``), direct
  object (``dobj``, ``attr``, ``oprd``) and particle (``prt``) of the verb;
* ``pobj``: the object of a preposition or of the passive agent ``by``
  (``verb > prep|agent > pobj``).

The matches are gathered into one :class:`VerbFrame` per trigger verb; a
prepositional object hanging off a bound direct object or particle ("invest $5bn in
X", "teamed up with X": ``dobj|prt > prep > pobj``) is read below it. Which rule a
verb triggers, and which prepositions a rule accepts, is read from the same rule
data (:meth:`VerbMatcher.rules_for`, :meth:`VerbFrame.args`).

Every pattern is one shape for all rules rather than one per rule: the matcher's
cost grows with the number of patterns (about 0.35 ms per document each on the
synthetic corpus), and one pattern per rule and role made extraction twice as slow,
while the two shared shapes cost a fraction of that. Verbs that trigger no rule still
yield open (untyped) subject-verb-object relations; their frames come from the same
roles read straight off the parse (:func:`frame_of`), which costs less than matching
every verb.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .patterns import RuleSet

if TYPE_CHECKING:
    from spacy.matcher import DependencyMatcher
    from spacy.tokens import Doc, Token
    from spacy.vocab import Vocab

__all__ = [
    "OBJECT_DEPS",
    "SUBJECT_DEPS",
    "VerbFrame",
    "VerbMatcher",
    "frame_of",
    "lemma_forms",
    "verb_patterns",
]

#: Dependency labels of a verb's (direct) object.
OBJECT_DEPS = ("dobj", "obj", "attr", "oprd")
#: Dependency labels of a verb's active subject.
SUBJECT_DEPS = ("nsubj", "csubj")

#: The frame role of a verb's dependent, by its dependency label.
_DIRECT_ROLE = {
    **dict.fromkeys(SUBJECT_DEPS, "subj"),
    "nsubjpass": "pass",
    **dict.fromkeys(OBJECT_DEPS, "obj"),
    "prt": "prt",
}
#: The role of a prepositional object, by the label of the verb's dependent above it.
_POBJ_ROLE = {"agent": "agent", "prep": "prep"}
_DEEP_ROLE = {**dict.fromkeys(OBJECT_DEPS, "obj_prep"), "prt": "prt_prep"}

Pattern = list[dict[str, Any]]
#: ``(child, preposition, argument)`` token indices; ``preposition`` is -1 for none.
Arg = tuple[int, int, int]


def lemma_forms(lemmas: Iterable[str]) -> dict[str, str]:
    """Map the lemmas a tagger may give a trigger verb to the trigger itself.

    The lemmatizer leaves an unknown "co-" verb half-done ("co-founded" becomes
    "co-founde"), so the prefixed forms are listed with and without that "e".

    >>> lemma_forms(["found"])["co-founde"]
    'found'
    """
    known = set(lemmas)
    out: dict[str, str] = {}
    for lemma in sorted(known):
        out[lemma] = lemma
        for form in (f"co-{lemma}", f"co-{lemma}e"):
            if form not in known:
                out.setdefault(form, lemma)
    return out


def _trigger_forms(rules: RuleSet) -> dict[str, str]:
    forms: dict[str, str] = {}
    for rule in rules.verbs:
        forms.update(lemma_forms(rule.lemmas))
        for verb in rule.particles:
            forms.setdefault(verb, verb)
    return forms


def _child(name: str, parent: str, deps: Iterable[str]) -> dict[str, Any]:
    labels = sorted(deps)
    dep: Any = labels[0] if len(labels) == 1 else {"IN": labels}
    return {"LEFT_ID": parent, "REL_OP": ">", "RIGHT_ID": name, "RIGHT_ATTRS": {"DEP": dep}}


def verb_patterns(rules: RuleSet) -> dict[str, list[Pattern]]:
    """The dependency patterns of ``rules``' verb triggers, by match key.

    >>> from kgraph.extract.patterns import load_rules
    >>> sorted(verb_patterns(load_rules()))
    ['direct', 'pobj']
    """
    anchor = {
        "RIGHT_ID": "verb",
        "RIGHT_ATTRS": {"POS": "VERB", "LEMMA": {"IN": sorted(_trigger_forms(rules))}},
    }
    return {
        "direct": [[anchor, _child("arg", "verb", _DIRECT_ROLE)]],
        "pobj": [[anchor, _child("via", "verb", _POBJ_ROLE), _child("arg", "via", ["pobj"])]],
    }


@dataclass(slots=True)
class VerbFrame:
    """A verb's arguments by role: ``subj``, ``pass``, ``obj``, ``prt``, ``agent``,
    ``prep`` (verb > prep > pobj), ``obj_prep`` and ``prt_prep`` (a preposition under
    the object or the particle). Each argument is an :data:`Arg`."""

    verb: int
    roles: dict[str, list[Arg]] = field(default_factory=dict)

    def add(self, role: str, arg: Arg) -> None:
        """Bind ``arg`` in ``role`` (once)."""
        bound = self.roles.setdefault(role, [])
        if arg not in bound:
            bound.append(arg)

    def args(self, role: str, *, preps: Iterable[str] | None = None, doc: Doc) -> list[Arg]:
        """The arguments bound in ``role`` in text order, only through ``preps`` if given."""
        out = sorted(self.roles.get(role, ()))
        if preps is not None:
            allowed = set(preps)
            out = [a for a in out if a[1] >= 0 and doc[a[1]].lower_ in allowed]
        return out


def frame_of(verb: Token) -> VerbFrame:
    """The frame of any verb, read straight off the parse (the roles the patterns bind)."""
    frame = VerbFrame(verb.i)
    for child in verb.children:
        role = _DIRECT_ROLE.get(child.dep_)
        if role is not None:
            frame.add(role, (child.i, -1, child.i))
        role = _POBJ_ROLE.get(child.dep_)
        if role is not None:
            for arg in child.children:
                if arg.dep_ == "pobj":
                    frame.add(role, (child.i, child.i, arg.i))
        _add_deep(frame, child)
    return frame


def _add_deep(frame: VerbFrame, child: Token) -> None:
    """Bind the prepositional objects under a verb's object or particle ``child``."""
    role = _DEEP_ROLE.get(child.dep_)
    if role is None:
        return
    for via in child.children:
        if via.dep_ == "prep":
            for arg in via.children:
                if arg.dep_ == "pobj":
                    frame.add(role, (child.i, via.i, arg.i))


class VerbMatcher:
    """The compiled verb patterns of a rule set, for one vocabulary."""

    def __init__(self, vocab: Vocab, rules: RuleSet) -> None:
        from spacy.matcher import DependencyMatcher

        self.rules = rules
        self._matcher: DependencyMatcher = DependencyMatcher(vocab)
        self._keys: dict[int, str] = {}
        for key, patterns in verb_patterns(rules).items():
            self._matcher.add(key, patterns)
            self._keys[vocab.strings[key]] = key
        #: Trigger lemma of every lemma form, for naming facts ("verb:found").
        self.canonical = _trigger_forms(rules)
        self._by_lemma: dict[str, list[int]] = {}
        for index, rule in enumerate(rules.verbs):
            for form in lemma_forms(rule.lemmas):
                self._by_lemma.setdefault(form, []).append(index)
            for verb in rule.particles:
                self._by_lemma.setdefault(verb, []).append(index)

    def rules_for(self, lemma: str, frame: VerbFrame, doc: Doc) -> list[int]:
        """The indices of the rules a verb with ``lemma`` triggers, in rule order.

        A phrasal verb counts only with its particle ("set up", "take over").
        """
        out: list[int] = []
        prt = frame.args("prt", doc=doc)
        particle = doc[prt[0][2]].lower_ if prt else None
        canonical = self.canonical.get(lemma, lemma)
        for index in self._by_lemma.get(lemma, ()):
            rule = self.rules.verbs[index]
            if canonical in rule.lemmas or rule.particles.get(canonical) == particle:
                out.append(index)
        return out

    def frames(self, doc: Doc) -> dict[int, VerbFrame]:
        """The frames of the trigger verbs in ``doc`` that have arguments, by token index."""
        frames: dict[int, VerbFrame] = {}
        for match_id, tokens in self._matcher(doc):
            key = self._keys[match_id]
            verb = tokens[0]
            frame = frames.get(verb)
            if frame is None:
                frame = frames[verb] = VerbFrame(verb)
            if key == "direct":
                arg = tokens[1]
                frame.add(_DIRECT_ROLE[doc[arg].dep_], (arg, -1, arg))
                _add_deep(frame, doc[arg])
            elif key == "pobj":
                via, arg = tokens[1], tokens[2]
                frame.add(_POBJ_ROLE[doc[via].dep_], (via, via, arg))
        return frames
