"""Typed relations between the mentions of one document.

Three rule families, all explainable and recorded by name on every fact:

* surface patterns over the rendered sentence (appositions, titles, possessives,
  "X-based", funding rounds), from ``kgraph/data/relations.yaml``;
* verb triggers on the dependency parse, matched by spaCy's ``DependencyMatcher``
  with patterns generated from the same file (:mod:`kgraph.extract.verbs`): subject,
  verb, object or prepositional object, passive agents, then coordinated subjects
  and objects and subjects inherited from a governing verb, with negation and
  modality checks;
* name structure across the document (a unit named after its parent is
  ``part_of`` it, a product named after its maker is developed by it).

Subject-verb-object links that fit no predicate become open relations.
"""

from __future__ import annotations

import bisect
import dataclasses
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..model import Mention, Relation
from ..predicates import PredicateRegistry
from .lexicon import is_known_place, lexicon
from .names import name_shaped
from .paths import path_relations
from .patterns import LATENT, LATENT_SLOTS, PatternRule, RuleSet, VerbRule
from .verbs import SUBJECT_DEPS, VerbFrame, VerbMatcher, frame_of

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

__all__ = ["SentenceView", "extract_relations"]

_MENTION = re.compile(r"<([A-Z]+)#(\d+)>")
_PRONOUNS = frozenset({"it", "its", "he", "she", "whose"})
_POSSESSIVE_PRONOUNS = frozenset({"its", "whose"})
_POSSESSIVE_MARKS = frozenset({"'s", "’s", "'", "’"})
_RELATIVE = frozenset({"who", "which", "that", "whom"})
#: Nouns that name a funding round.
_ROUND_NOUNS = ("round", "funding", "financing", "fundraising")
_NAMING = frozenset({"call", "name", "dub", "brand"})
_EXAMPLES = frozenset({"including", "like", "as"})
#: "both", "all four": a subject that stands for the last list of that many names.
_QUANTIFIERS = {
    "both": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
}
_RAISE = {"raise", "secure", "close", "land", "bag", "complete", "announce", "receive", "get"}


@dataclass(frozen=True, slots=True)
class SentenceView:
    """A sentence rendered for pattern matching, with a map back to mentions."""

    index: int
    text: str
    mention_ids: frozenset[int]


def _token_map(mentions: Sequence[Mention], doc: Doc) -> dict[int, int]:
    tokmap: dict[int, int] = {}
    for idx, m in enumerate(mentions):
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None:
            continue
        for tok in span:
            tokmap[tok.i] = idx
    return tokmap


def _coordinated(tok: Token) -> bool:
    """Whether ``tok`` is in a member of a coordination ("Nvidia and Jeff Bezos both
    joined"): part of a plural subject, which "it" cannot stand for."""
    root = tok if tok.dep_ != "compound" else tok.head
    return root.dep_ == "conj" or any(c.dep_ in ("conj", "cc") for c in root.children)


def _verb_argument(tok: Token) -> bool:
    """Whether the name ``tok`` is in is an argument of a verb: its subject, object or
    the object of a preposition on the verb ("barring Nvidia", "sold to Nvidia"), not
    a modifier of a noun ("an executive at NBCUniversal")."""
    while tok.dep_ == "compound" and tok.head.i != tok.i:
        tok = tok.head
    if tok.dep_ in ("nsubj", "nsubjpass", "dobj"):
        return True
    return tok.dep_ == "pobj" and tok.head.head.pos_ in ("VERB", "AUX")


def _company(mention: Mention) -> bool:
    """An organisation that "the company" can stand for: not an institution named by
    its head word ("European Commission", "Commerce Department")."""
    if mention.type != "ORG":
        return False
    return mention.text.rsplit(None, 1)[-1].lower() not in lexicon().institution_heads


def _company_like(mention: Mention) -> bool:
    """A company, or a name no model labelled (which a rule may still make one)."""
    return mention.type == LATENT or _company(mention)


class _StoryOrgs:
    """The organisations a story has named so far, counted mention by mention, and the
    one "the company" stands for (see :meth:`topic`)."""

    def __init__(self, mentions: Sequence[Mention]) -> None:
        self.mentions = mentions
        self.named: Counter[str] = Counter()  # organisation name -> mentions so far
        self.latest: dict[str, int] = {}  # organisation name -> its latest mention
        self._seen: set[int] = set()

    def see(self, idx: int) -> None:
        """Count mention ``idx`` (once, whichever of its tokens is met); institutions
        ("the European Commission") are never "the company"."""
        if idx not in self._seen and _company(self.mentions[idx]):
            self._seen.add(idx)
            self.named[self.mentions[idx].text] += 1
            self.latest[self.mentions[idx].text] = idx

    def topic(
        self, recent: int | None, sentence: int, *, as_subject: bool, seen: int = -1
    ) -> int | None:
        """The organisation "the company" stands for in sentence ``sentence``.

        ``recent`` is the last organisation that was a subject (last referred to, by
        name or pronoun, in sentence ``seen`` if later than its mention). A subject "the
        company" continues it when it is near, in this or the previous sentence ("Apple
        did not invest. The iPhone maker announced ..."); so does one in the same
        sentence. Otherwise "the company" is the organisation the story has named most
        so far, when it was named more often than ``recent``; so it is when there is
        no ``recent``.
        """
        mentions, named = self.mentions, self.named
        at = -1 if recent is None else max(mentions[recent].sentence, seen)
        near = recent is not None and at >= sentence - 1
        if recent is not None and ((as_subject and near) or mentions[recent].sentence == sentence):
            return recent
        if not named:
            return recent
        text, n = max(
            named.items(),
            key=lambda kv: (kv[1], recent is not None and kv[0] == mentions[recent].text),
        )
        if recent is None or n > named[mentions[recent].text]:
            return self.latest[text]
        return recent

    def other_than(self, text: str) -> int | None:
        """The organisation the story has named most so far, other than ``text``."""
        others = [(n, name) for name, n in self.named.items() if name != text]
        if not others:
            return None
        return self.latest[max(others)[1]]


_CLAUSE_OPENERS = frozenset(("that", "which", "who", "whose", "whom", "while", "and", "but"))


def _object_of(items: list[str], subject: int) -> bool:
    """Whether what follows the rendered ``items`` (a verb or a preposition last) is an
    object in the clause of the mention ``subject``: "<ORG#3> put|VERB $|SYM 1
    into|ADP", not "<ORG#3> closed|VERB a|DET round|NOUN that|PRON values|VERB"."""
    tag = f"<ORG#{subject}>"
    for item in reversed(items):
        if item == tag:
            return True
        word, _, pos = item.partition("|")
        if word in _CLAUSE_OPENERS or pos in ("SCONJ", "PUNCT") or item.startswith("<"):
            return False
    return False


def _definite(doc: Doc, tok: Token, tokmap: dict[int, int], mentions: Sequence[Mention]) -> int:
    """The index of "the" if the organisation noun ``tok`` heads a definite
    description, else -1: "the company", or with up to two modifiers, "the
    cybersecurity company", "the French startup" (common words or a technology term,
    not a name)."""
    for k in range(tok.i - 1, max(tok.i - 4, -1), -1):
        word = doc[k]
        if word.lower_ == "the":
            return k
        idx = tokmap.get(k)
        if idx is not None and mentions[idx].type != "TECH":
            return -1
        if idx is None and (word.pos_ not in ("ADJ", "NOUN") or not word.is_lower):
            return -1
    return -1


def _latent_subject(tok: Token, mention: Mention) -> bool:
    """Whether a name no model labelled is the subject ``tok`` of a clause, and looks
    like a company's name (three characters or more, not a round's letter)."""
    if tok.dep_ not in ("nsubj", "nsubjpass") or len(mention.text) < 3:
        return False
    return not (tok.i and tok.nbor(-1).lower_ in ("series", "round"))


def _clause_subject(tok: Token, tokmap: dict[int, int]) -> int | None:
    """The mention that is the subject of the verb ``tok`` depends on, if any."""
    head = tok.head
    for _ in range(4):
        if head.pos_ in ("VERB", "AUX") or head.head is head:
            break
        head = head.head
    if head.pos_ not in ("VERB", "AUX"):
        return None
    for child in head.children:
        if child.dep_ in ("nsubj", "nsubjpass") and child.i in tokmap:
            return tokmap[child.i]
    return None


def _antecedents(doc: Doc, mentions: Sequence[Mention], tokmap: dict[int, int]) -> dict[int, int]:
    """Map pronouns and definite descriptions to the mention they stand for.

    "it", "its" and "the company" (or another organisation noun of the lexicon's
    ``org_anaphors``: "the startup", "the chipmaker") stand for the last ORG mention
    that was a grammatical subject before them (in this or an earlier sentence), else
    the last ORG mention. A subject "he" or "she" stands for the last person who was
    a grammatical subject. A "whose" right after "<name> ," stands for that name
    ("Veltra, whose Orbit software" reads as "Veltra's Orbit software").
    """
    anaphors = lexicon().org_anaphors
    out: dict[int, int] = {}
    last_subject: int | None = None
    last_org: int | None = None
    last_company: int | None = None  # the last subject company, else the last company
    company_seen = -1  # the last sentence that referred to last_company
    last_person: int | None = None
    last_argument: int | None = None
    story = _StoryOrgs(mentions)
    sentence = -1
    round_subject = -2  # the last sentence whose subject was a funding round
    rounds = ("round", "financing", "funding")
    for tok in doc:
        if tok.is_sent_start or tok.i == 0:
            sentence += 1
        if tok.dep_ in ("nsubj", "nsubjpass") and tok.lower_ in rounds:
            round_subject = sentence
        idx = tokmap.get(tok.i)
        if idx is not None:
            story.see(idx)
            if mentions[idx].type == "PERSON" and tok.dep_ in ("nsubj", "nsubjpass"):
                last_person = idx
            if mentions[idx].type == LATENT and _latent_subject(tok, mentions[idx]):
                # "Run:ai was founded in 2018 by Omri Geller, its chief executive": a
                # name the model missed, as a subject, is the nearer organisation.
                last_subject = last_org = last_company = idx
                company_seen = sentence
            if mentions[idx].type == "ORG":
                last_org = idx
                subject = tok.dep_ in ("nsubj", "nsubjpass") or tok.head.dep_ in (
                    "nsubj",
                    "nsubjpass",
                )
                if subject and not _coordinated(tok):
                    last_subject = idx
                if _verb_argument(tok):
                    last_argument = idx
                if _company(mentions[idx]) and (
                    (subject and not _coordinated(tok))
                    or last_company is None
                    or not _company_like(mentions[last_subject or last_company])
                ):
                    last_company = idx
                    company_seen = sentence
            continue
        low = tok.lower_
        if low == "whose" and tok.i > 1 and doc[tok.i - 1].lower_ == ",":
            # "Veltra, whose Orbit software ...": read as "Veltra's Orbit software".
            before = tokmap.get(tok.i - 2)
            if before is not None:
                out[tok.i] = before
            continue
        the = _definite(doc, tok, tokmap, mentions) if low in anaphors else -1
        if (
            the > 1
            and doc[the - 1].text == ","
            and (the - 2) in tokmap
            and mentions[tokmap[the - 2]].type == "ORG"
            and (tok.i + 1 == len(doc) or doc[tok.i + 1].text not in _POSSESSIVE_MARKS)
        ):
            # "Sound Ventures, the firm co-founded by ...": an apposition of the name
            # before it, not a reference to the story's organisation.
            out[tok.i] = tokmap[the - 2]
        elif the >= 0:
            # "the company" in another sentence than the last subject organisation:
            # news means the organisation the story is about, the one it has named
            # most so far ("Nvidia, which dominates the market, ... Andrew Feldman,
            # the company's co-founder" in a story about Cerebras).
            as_subject = tok.dep_ in ("nsubj", "nsubjpass")
            target = story.topic(last_company, sentence, as_subject=as_subject, seen=company_seen)
            own = None if as_subject else _clause_subject(tok, tokmap)
            if (
                target is not None
                and own is not None
                and mentions[own].text == mentions[target].text
            ):
                # "Google invested $500 million in the company": not Google itself
                # (that would be "itself"), but the story's other organisation.
                target = story.other_than(mentions[target].text)
            if target is not None:
                out[tok.i] = target
                if _verb_argument(tok):
                    # "... co-founded the company in 1986 and led it": the nearer
                    # argument for a later "it" of the sentence.
                    last_argument = target
        elif low == "it" and round_subject == sentence - 1 and tok.dep_ == "nsubj":
            # "The round was led by X. It also included Y and Z.": the round.
            continue
        elif low in ("it", "its"):
            target = last_subject if last_subject is not None else last_org
            if (
                target is not None
                and mentions[target].sentence != sentence
                and last_argument is not None
                and mentions[last_argument].sentence == sentence
            ):
                # "... barring Nvidia from selling its A800": an organisation named
                # earlier in the same sentence, as an argument of a verb, is nearer
                # than an earlier subject ("an executive at NBCUniversal" is not).
                target = last_argument
            if target is not None:
                out[tok.i] = target
                if (
                    last_company is not None
                    and mentions[target].text == mentions[last_company].text
                ):
                    company_seen = sentence  # "Its software ...": still about it
        elif (
            low in ("he", "she") and tok.dep_ in ("nsubj", "nsubjpass") and last_person is not None
        ):
            out[tok.i] = last_person
    return out


def _pop_description(parts: list[str]) -> None:
    """Drop "the" and the modifiers of an organisation noun from rendered ``parts``."""
    for back in range(1, 4):
        if len(parts) < back:
            return
        if parts[-back].startswith("the|"):
            del parts[-back:]
            return


def _render(
    sent: Span, tokmap: dict[int, int], mentions: Sequence[Mention], coref: dict[int, int]
) -> str:
    parts: list[str] = []
    i = sent.start
    while i < sent.end:
        idx = tokmap.get(i)
        if idx is not None:
            parts.append(f"<{mentions[idx].type}#{idx}>")
            while i < sent.end and tokmap.get(i) == idx:
                i += 1
            continue
        tok = sent.doc[i]
        ref = coref.get(i)
        if ref is not None:
            if tok.lower_ not in _PRONOUNS:
                _pop_description(parts)  # "the company", "the cybersecurity company"
            parts.append(f"<{mentions[ref].type}#{ref}>")
            if tok.lower_ in _POSSESSIVE_PRONOUNS:
                parts.append("'s|PART")
            i += 1
            continue
        if not tok.is_space:
            word = tok.lower_.replace(" ", "_").replace("\u2019", "'")
            if word == "'" and tok.pos_ == "PART":
                word = "'s"  # "General Motors' Cruise unit" reads as "Motors's"
            parts.append(f"{word}|{tok.pos_}")
        i += 1
    return " ".join(parts)


def _ids(text: str) -> list[int]:
    """The mention indices of a matched slot, but a possessor ("<PLACE#3> 's|PART") is
    only a modifier of the next member."""
    return [
        int(m.group(2))
        for m in _MENTION.finditer(text)
        if not text.startswith((" 's|PART", " ’s|PART"), m.end())
    ]


def _slot_ids(match: re.Match[str], group: str) -> list[int]:
    """The mention indices a pattern's slot ``group`` matched: a bare index (a slot
    macro's own group) or the mention tags of a list."""
    text = match.group(group)
    return _ids(f"<X#{text}>") if text.isdigit() else _ids(text)


def _role_predicates(role_text: str, rules: RuleSet) -> list[tuple[str, str]]:
    words = " ".join(w.split("|")[0] for w in role_text.split())
    found: list[tuple[str, str]] = []
    # Longest phrases first; each matched span is consumed.
    remaining = f" {words} "
    for phrase in sorted(rules.roles, key=lambda p: -len(p)):
        needle = f" {phrase} "
        if needle in remaining:
            found.append((rules.roles[phrase], phrase))
            remaining = remaining.replace(needle, " | ")
    preds = sorted({p for p, _ in found})
    if len(preds) > 1 and "employee_of" in preds:
        # "president and chief executive": the specific predicate says it all.
        preds.remove("employee_of")
    role = words.strip()
    return [(p, role) for p in preds]


class _Context:
    """Everything the rule families need about one document."""

    def __init__(
        self,
        doc: Doc,
        mentions: Sequence[Mention],
        rules: RuleSet,
        predicates: PredicateRegistry,
        *,
        verbs: VerbMatcher,
        sents: Sequence[Span],
    ) -> None:
        self.doc = doc
        self.verbs = verbs
        self.mentions = mentions
        self.rules = rules
        self.predicates = predicates
        self.tokmap = _token_map(mentions, doc)
        self.coref = _antecedents(doc, mentions, self.tokmap)
        self.sents = list(sents)
        self._sent_starts = [s.start for s in self.sents]
        #: Latent names (type NP) typed by the rule that bound them.
        self.promoted: dict[int, str] = {}
        #: Typed mentions a forcing rule bound in a slot of another type.
        self.retyped: dict[int, str] = {}
        #: The type rules gave each name so far (latent or retyped).
        self.typed_names: dict[str, str] = {}
        self._money: dict[int, str] | None = None
        self._owners: list[int | None] | None = None
        self._topics: list[tuple[int | None, ...]] | None = None
        self._named: list[tuple[dict[str, int], dict[str, int]]] | None = None
        #: People named in full, and by the words of their full names ("Musk").
        self.people = frozenset(
            word
            for m in mentions
            if m.type == "PERSON" and " " in m.text
            for word in (m.text, *m.text.split()[1:])
        )

    def _type(self, idx: int, allowed: tuple[str, ...]) -> str | None:
        # A name a rule has typed anywhere in the document has that type everywhere.
        text = self.mentions[idx].text
        typ = self.typed_names.get(text, self.mentions[idx].type)
        if typ == LATENT:
            typ = next((t for t in LATENT_SLOTS if t in allowed), "")
        return typ if typ in allowed else None

    def admits(
        self, predicate: str, subj: int, obj: int, *, force: bool = False, only_object: bool = False
    ) -> bool:
        """Return whether ``predicate`` fits the two mentions' types.

        A latent name in the subject or object slot takes the type the predicate
        requires there (recorded in :attr:`promoted`). With ``force`` (rules whose
        slots say what the entities are) a mention the model typed otherwise is
        retyped the same way (with ``only_object``, in the object slot only); a person
        named in full (or by a word of that name) and technology terms never are.
        """
        pred = self.predicates.get(predicate)
        if subj == obj or pred is None:
            return False
        if self.mentions[subj].text == self.mentions[obj].text:
            return False
        types = []
        for slot, (idx, allowed) in enumerate(((subj, pred.domain), (obj, pred.range))):
            typ = self._type(idx, allowed)
            mention = self.mentions[idx]
            # A verb's object slot never makes a product of a person named in full
            # ("made Satya Nadella chief executive") or of a place ("built it for India").
            named = mention.type == "PERSON" and mention.text in self.people
            full_name = named or (only_object and mention.type == "PLACE")
            forced = force and (slot == 1 or not only_object)
            if typ is None and forced and mention.type != "TECH" and not full_name:
                typ = next((t for t in LATENT_SLOTS if t in allowed), None)
                if typ is not None:
                    self.retyped.setdefault(idx, typ)
                    self.typed_names.setdefault(mention.text, typ)
            if typ is None:
                return False
            types.append(typ)
        for idx, typ in zip((subj, obj), types, strict=True):
            if self.mentions[idx].type == LATENT:
                self.promoted.setdefault(idx, typ)
                self.typed_names.setdefault(self.mentions[idx].text, typ)
        return True

    def round_owner(self, sent_index: int) -> int | None:
        """The organisation whose funding round a sentence talks about.

        The last organisation, up to this sentence, that raised, secured or closed
        money. Computed for every sentence in one pass and cached.
        """
        if self._owners is None:
            self._owners = []
            owner: int | None = None
            for sent in self.sents:
                for tok in sent:
                    if tok.lower_ in _ROUND_NOUNS:
                        # "a $450 million round in Anthropic", "funding for X"
                        for prep in tok.children:
                            if prep.dep_ != "prep" or prep.lower_ not in ("in", "for", "into"):
                                continue
                            for obj in prep.children:
                                idx = _mention_of(self, obj) if obj.dep_ == "pobj" else None
                                if idx is not None and self._type(idx, ("ORG",)):
                                    owner = idx
                        continue
                    if tok.pos_ != "VERB" or tok.lemma_.lower() not in _RAISE:
                        continue
                    for child in tok.children:
                        if child.dep_ not in ("nsubj", "nsubjpass"):
                            continue
                        idx = _mention_of(self, child)
                        # A one-word "person" that raises a round is a company.
                        weak = idx is not None and (
                            self.mentions[idx].type == "PERSON"
                            and " " not in self.mentions[idx].text
                        )
                        if idx is not None and (self._type(idx, ("ORG",)) or weak):
                            owner = idx
                self._owners.append(owner)
        return self._owners[sent_index]

    def money(self) -> dict[int, str]:
        """The first sum of money stated in each sentence, by sentence index (cached)."""
        if self._money is None:
            starts = [s.start for s in self.sents]
            self._money = {}
            for ent in self.doc.ents:
                if ent.label_ == "MONEY":
                    index = bisect.bisect_right(starts, ent.start) - 1
                    self._money.setdefault(index, ent.text)
        return self._money

    def story_org(self, sent_index: int, other_than: int) -> int | None:
        """The organisation the story is about at this sentence, other than mention
        ``other_than``: the one it has named most up to the sentence's end ("Samsung,
        another rival, ...", "shares of rival SentinelOne" name the story's rival)."""
        self.topic_org(sent_index)
        assert self._named is not None
        named, latest = self._named[sent_index]
        text = self.mentions[other_than].text
        ranked = [(n, latest[name]) for name, n in named.items() if name != text]
        return max(ranked)[1] if ranked else None

    def topic_org(self, sent_index: int, rendered: str = "", at: int = 0) -> int | None:
        """The organisation "the company" most likely means in this sentence.

        The last organisation that was a grammatical subject up to the sentence's end,
        else the one the story has named most (see :meth:`_StoryOrgs.topic`; the rules
        that ask for it read a subject: "The London-based startup said ..."). A phrase
        at ``at`` of the ``rendered`` sentence that is the object of its own subject's
        verb ("Amazon put $1 billion into the Seattle-based startup") is not that
        subject but the story's other organisation. Computed in one pass, cached.
        """
        if self._topics is None:
            self._topics = []
            self._named = []
            subject: int | None = None
            story = _StoryOrgs(self.mentions)
            for index, sent in enumerate(self.sents):
                own: int | None = None
                for tok in sent:
                    idx = self.tokmap.get(tok.i)
                    if idx is None or not _company(self.mentions[idx]):
                        continue
                    story.see(idx)
                    if tok.dep_ in ("nsubj", "nsubjpass") and not _coordinated(tok):
                        subject = own = idx
                topic = story.topic(subject, index, as_subject=True)
                other = topic
                if topic is not None and own is not None and self._same(own, topic):
                    other = story.other_than(self.mentions[own].text)
                aside = story.topic(subject, index, as_subject=False)
                self._topics.append((topic, other, own, aside))
                self._named.append((dict(story.named), dict(story.latest)))
        topic, other, own, aside = self._topics[sent_index]
        items = rendered[:at].split()
        if (
            sent_index > 0
            and own is not None
            and not any(_MENTION.fullmatch(w) for w in items)
            and self._topics[sent_index - 1][0] is not None
        ):
            # "The San Francisco-based company, which Microsoft bought in 2018, ...":
            # the phrase opens the sentence, before the subject that comes later in
            # it; it means what the story meant up to the sentence before.
            return self._topics[sent_index - 1][0]
        if not items or not items[-1].endswith(("|ADP", "|VERB")):
            return topic
        # An object: not its own clause's subject, else as "the company" elsewhere
        # than a subject ("Kurtz co-founded the Austin-based company").
        if own is not None and _object_of(items, own):
            return other
        return aside

    def near_round(self, sent_index: int) -> bool:
        """Whether sentence ``sent_index`` or the one before names a funding round (or
        its investors: "The investor list reads like ...")."""
        words = (*_ROUND_NOUNS, "investor", "investors")
        return any(
            tok.lower_ in words
            for si in (sent_index - 1, sent_index)
            if si >= 0
            for tok in self.sents[si]
        )

    def _same(self, a: int, b: int) -> bool:
        return self.mentions[a].text == self.mentions[b].text

    def name_parent(self, idx: int) -> int | None:
        """The organisation whose name begins the name of mention ``idx`` ("Quantel"
        or "Quantel Corp." for "Quantel Foundry"): the longest such name, its first
        mention. A legal suffix ("Corp.", "Inc") is not part of the comparison."""
        text = self.mentions[idx].text
        suffixes = lexicon().corporate_suffixes
        best: int | None = None
        for i, m in enumerate(self.mentions):
            words = m.text.split()
            while len(words) > 1 and words[-1].lower().rstrip(".") in suffixes:
                words.pop()
            stem = " ".join(words)
            if not text.startswith(stem + " ") or self._type(i, ("ORG",)) is None:
                continue
            if best is None or len(m.text) > len(self.mentions[best].text):
                best = i
        return best

    def sentence_of(self, token: int) -> int:
        """The index of the sentence holding token ``token``."""
        return bisect.bisect_right(self._sent_starts, token) - 1

    def is_latent(self, idx: int) -> bool:
        return self.mentions[idx].type == LATENT


#: Last words that name the whole organisation, not a unit of it: "Alibaba Group" is
#: Alibaba, "Commerce Department" is "Commerce".
_WHOLE_NAME_HEADS = frozenset({"group", "department"})


def _whole_name(text: str) -> bool:
    return text.rsplit(None, 1)[-1].lower() in _WHOLE_NAME_HEADS


def _is_unit(mention: Mention) -> bool:
    words = mention.text.lower().split()
    return len(words) > 1 and words[-1] in lexicon().unit_heads


def _pattern_relations(ctx: _Context, sent_index: int, rendered: str) -> Iterator[Relation]:
    # The padded sentence is searched faster (see patterns.padded_regex). Its matches
    # are those of the plain one shifted by the space; the rules read only the text of
    # a match, its groups, and the words before and after it, which are the same.
    padded = " " + rendered
    for rule in ctx.rules.patterns:
        if rule.needs not in rendered or (
            rule.keywords and not any(k in rendered for k in rule.keywords)
        ):
            continue
        text, regex = (rendered, rule.regex) if rule.padded is None else (padded, rule.padded)
        for match in regex.finditer(text):
            yield from _from_match(ctx, rule, match, sent_index, text)


def _from_match(
    ctx: _Context, rule: PatternRule, match: re.Match[str], sent_index: int, rendered: str
) -> Iterator[Relation]:
    if rule.require and "no_hedge" in rule.require:
        words = {w.split("|")[0] for w in match.group(0).split()}
        if words & ctx.rules.modality.hedge_modifiers:
            return
    if "not_in_list" in rule.require and _in_list(rendered, match):
        return
    if "factual" in rule.require and not _factual(ctx, rendered, match):
        return
    if "round_context" in rule.require and not ctx.near_round(sent_index):
        return
    if rule.subject == "STORY_ORG":
        obj = _slot_ids(match, rule.object)
        topic = ctx.story_org(sent_index, obj[0]) if obj else None
        subjects = [] if topic is None else [topic]
    elif rule.subject == "TOPIC_ORG":
        topic = ctx.topic_org(sent_index, rendered, match.start())
        subjects = [] if topic is None else [topic]
    elif rule.subject == "QUANTIFIED":
        # "all four then worked in X's group": the last list of four names.
        word = match.group("n")
        tok = next((t for t in ctx.sents[sent_index] if t.lower_ == word), None)
        subjects = [] if tok is None else _last_list(ctx, tok, _QUANTIFIERS[word])
    else:
        subjects = _slot_ids(match, rule.subject)
    if rule.object == "ROUND_OWNER":
        owner = ctx.round_owner(sent_index)
        objects = [] if owner is None else [owner]
    elif rule.object == "NAME_PARENT":
        objects = [p for s in subjects if (p := ctx.name_parent(s)) is not None]
    elif rule.object == "STORY_ORG":
        objects = [o for s in subjects if (o := ctx.story_org(sent_index, s)) is not None]
    else:
        objects = _slot_ids(match, rule.object)
    if "subject_is_unit" in rule.require:
        subjects = [s for s in subjects if _is_unit(ctx.mentions[s])]
    if "product_evidence" in rule.require:
        objects = [o for o in objects if _product_evidence(ctx, o)]
    if rule.role:
        preds = _role_predicates(match.group(rule.role), ctx.rules)
    else:
        preds = [(rule.predicate or "", "")]
    for predicate, role in preds:
        attrs = (("role", role),) if predicate == "employee_of" and role else ()
        for s in subjects:
            for o in objects:
                if ctx.admits(predicate, s, o, force=rule.retype):
                    yield Relation(
                        s, predicate, o, sent_index, rule.confidence, rule.name, attrs=attrs
                    )
    if "item_roles" in rule.require:
        yield from _item_roles(ctx, rule, match.group(rule.subject), objects, sent_index)
    if rule.continue_roles and subjects:
        # "X, a researcher at A, a scientist at B, and the chief scientist of C"
        tail = rendered[match.end() :]
        more = re.compile(
            r"^ ,\|PUNCT (?:and\|CCONJ )?(?:(?:the|a|an)\|DET )?(?P<r>"
            + ctx.rules.role_regex
            + r") (?:of|at|for)\|ADP (?:(?:the|a|an)\|DET )?"
            + r"(?:<[A-Z]+#\d+> 's\|PART )?<ORG#(?P<o>\d+)>"
        )
        # "a co-founder of A and of B": the same role at another organisation.
        again = re.compile(
            r"^ (?:,\|PUNCT )?and\|CCONJ (?:of|at|for)\|ADP (?:(?:the|a|an)\|DET )?"
            r"(?:[^<\s]\S* ){0,2}<ORG#(?P<o>\d+)>"
        )
        # "served as president of A and then as chief executive of B".
        then_as = re.compile(
            r"^ (?:,\|PUNCT )?and\|CCONJ (?:(?:then|later|subsequently)\|ADV )?as\|ADP "
            r"(?:(?:the|a|an)\|DET )?(?P<r>"
            + ctx.rules.role_regex
            + r") (?:of|at|for)\|ADP (?:(?:the|a|an)\|DET )?<ORG#(?P<o>\d+)>"
        )
        while m2 := more.match(tail) or again.match(tail) or then_as.match(tail):
            o = int(m2.group("o"))
            named = m2.groupdict().get("r") or match.group(rule.role or "")
            for predicate, role in _role_predicates(named, ctx.rules):
                attrs = (("role", role),) if predicate == "employee_of" and role else ()
                for s in subjects:
                    if ctx.admits(predicate, s, o):
                        yield Relation(
                            s,
                            predicate,
                            o,
                            sent_index,
                            rule.confidence * 0.95,
                            rule.name + "+list",
                            attrs=attrs,
                        )
            tail = tail[m2.end() :]


def _product_evidence(ctx: _Context, idx: int) -> bool:
    """Whether a name no rule has typed yet looks like a product by itself: a model
    number or inner capitals ("Ernie 4.0", "iPhone"), or a product noun after it
    ("Gemini Nano model"). "Amazon's Zoox" or "SpaceX's Starbase" do not: a possessive
    alone also names units, sites and events."""
    mention = ctx.mentions[idx]
    if ctx.typed_names.get(mention.text, mention.type) != LATENT:
        return True
    if any(ch.isdigit() for ch in mention.text) or any(
        name_shaped(w) for w in mention.text.split()
    ):
        return True
    span = ctx.doc.char_span(mention.start, mention.end, alignment_mode="expand")
    if span is None or span.end >= len(ctx.doc):
        return False
    after = ctx.doc[span.end]
    return after.pos_ == "NOUN" and after.lower_ in lexicon().product_kinds


def _item_roles(
    ctx: _Context, rule: PatternRule, items: str, objects: list[int], sent_index: int
) -> Iterator[Relation]:
    """The role of each titled name of a list ("co-founders include chief executive
    A, chief technology officer B and C"): A is chief executive, B works there."""
    titled = re.compile(r"(?:^| )(?P<r>" + ctx.rules.role_regex + r") <[A-Z]+#(?P<i>\d+)>")
    for m in titled.finditer(items):
        s = int(m.group("i"))
        for predicate, role in _role_predicates(m.group("r"), ctx.rules):
            attrs = (("role", role),) if predicate == "employee_of" and role else ()
            for o in objects:
                if predicate != rule.predicate and ctx.admits(predicate, s, o):
                    yield Relation(
                        s,
                        predicate,
                        o,
                        sent_index,
                        rule.confidence,
                        rule.name + "+role",
                        attrs=attrs,
                    )


def _factual(ctx: _Context, rendered: str, match: re.Match[str]) -> bool:
    """Whether a pattern match states a fact: no negation, denial or speculation in
    the match or the four words before it ("is not moving its headquarters",
    "talks to buy", "denied it would acquire", "could move its base")."""
    mod = ctx.rules.modality
    before = rendered[: match.start()].split()[-4:]
    for item in (*before, *match.group(0).split()):
        word, _, pos = item.partition("|")
        if word.startswith("<"):
            continue
        if word in ("not", "n't", "never", "no") and pos in ("PART", "ADV", "DET"):
            return False
        for head in (*mod.negated_heads, *mod.speculative_heads, *mod.speculative_nouns):
            if word == head or (len(head) > 3 and word.startswith(head)):
                return False
    return True


def _in_list(rendered: str, match: re.Match[str]) -> bool:
    """Whether a "<A> , <B>" match is really part of a list "<X> , <A> , <B> and <C>"."""
    before = rendered[: match.start()].split()[-2:]
    after = rendered[match.end() :].split()[:3]
    if len(before) == 2 and before[1] == ",|PUNCT" and _MENTION.fullmatch(before[0]):
        return True
    if not after:
        return False
    if after[0] == "and|CCONJ":
        return True
    if after[0] != ",|PUNCT" or len(after) < 2:
        return False
    if _MENTION.fullmatch(after[1]):
        return True
    # "<A> , <B> , and <C>" is a list; "born in <A> , <B> , and moved" is not.
    return after[1] == "and|CCONJ" and len(after) > 2 and _MENTION.fullmatch(after[2]) is not None


def _mention_of(ctx: _Context, tok: Token) -> int | None:
    idx = ctx.tokmap.get(tok.i)
    if idx is not None and ctx.mentions[idx].type == "TECH":
        # "its own chatbot, Bard": the apposition names the thing the term describes.
        for child in tok.children:
            named = ctx.tokmap.get(child.i) if child.dep_ == "appos" else None
            if named is not None and ctx.mentions[named].type != "TECH":
                return named
    if idx is None:
        idx = ctx.coref.get(tok.i)
    if idx is None:
        # "a new model called X", "a unit named X": the noun is X.
        for acl in tok.children:
            if acl.dep_ == "acl" and acl.lemma_.lower() in _NAMING:
                called = [ctx.tokmap[c.i] for c in acl.children if c.i in ctx.tokmap]
                if called and called[0] != ctx.tokmap.get(tok.head.i):
                    return called[0]
    if idx is None and tok.lower_ in _RELATIVE and tok.head.dep_ == "relcl":
        return _relative_antecedent(ctx, tok.head.head)
    if idx is None and tok.dep_ == "appos":
        # "Thrive Capital, the venture firm run by ...": the firm is Thrive Capital.
        idx = ctx.tokmap.get(tok.head.i)
    if idx is None:
        # "the company Xiaomi", "rival Huawei": the name sits in an apposition (or a
        # compound); an apposition first: in "former OpenAI executives Dario Amodei"
        # the people are meant, not OpenAI.
        for dep in ("appos", "compound"):
            for child in tok.children:
                if child.dep_ == dep and child.i in ctx.tokmap:
                    return ctx.tokmap[child.i]
    return idx


def _relative_antecedent(ctx: _Context, noun: Token) -> int | None:
    """The mention a relative pronoun stands for: that of the noun its clause modifies
    ("Microsoft, which invested", "Nuvia, a startup that Qualcomm acquired").

    Stricter than :func:`_mention_of`: a name that only modifies the noun ("former
    OpenAI executives, who ...") is not what the clause is about.
    """
    idx = ctx.tokmap.get(noun.i)
    if idx is None:
        idx = ctx.coref.get(noun.i)
    if idx is None and noun.dep_ == "appos":
        idx = ctx.tokmap.get(noun.head.i)
    if idx is None:
        idx = next(
            (ctx.tokmap[c.i] for c in noun.children if c.dep_ == "appos" and c.i in ctx.tokmap),
            None,
        )
    return idx


def _with_conjuncts(ctx: _Context, tok: Token) -> list[int]:
    """The mentions ``tok`` and its conjuncts stand for ("A, B and C"; "executives
    A and B", where the list is the noun's apposition; "A, B and C, three engineers
    who ...": the relative pronoun of a plural apposition to a list stands for the
    list; "all four", "both": the last list of that many names)."""
    if tok.lower_ in _RELATIVE and tok.head.dep_ == "relcl":
        noun = tok.head.head
        if noun.dep_ == "appos" and noun.i not in ctx.tokmap and noun.tag_ in ("NNS", "NNPS"):
            return _with_conjuncts(ctx, noun.head)
    size = _QUANTIFIERS.get(tok.lower_)
    if size is not None and tok.i not in ctx.tokmap and tok.dep_ in SUBJECT_DEPS:
        if size > 2 and not any(c.lower_ == "all" for c in tok.children):
            return []
        return _last_list(ctx, tok, size)
    out: list[int] = []
    for t in (tok, *tok.conjuncts):
        members = [t]
        if t.i not in ctx.tokmap:
            members += [c for a in t.children if a.dep_ == "appos" for c in a.conjuncts]
            if t.tag_ in ("NNS", "NNPS"):
                # "investors including A and B", "backers such as A": the named members.
                for p in t.children:
                    if p.dep_ == "prep" and p.lower_ in _EXAMPLES:
                        for named in p.children:
                            if named.dep_ == "pobj":
                                members += [named, *named.conjuncts]
        for m in members:
            idx = _mention_of(ctx, m)
            if idx is not None and idx not in out:
                out.append(idx)
    return out


def _last_list(ctx: _Context, tok: Token, size: int) -> list[int]:
    """The last coordinated list of exactly ``size`` names before ``tok`` ("all four
    then worked at X" after "founded by A, B, C and D")."""
    for i in range(tok.i - 1, -1, -1):
        first = ctx.doc[i]
        if first.dep_ == "conj" or first.i not in ctx.tokmap or not first.conjuncts:
            continue
        members = [first, *first.conjuncts]
        ids = list(dict.fromkeys(ctx.tokmap[m.i] for m in members if m.i in ctx.tokmap))
        if len(ids) == size:
            return ids
    return []


def _modality(ctx: _Context, verb: Token) -> str | None:
    mod = ctx.rules.modality
    node: Token | None = verb
    for _ in range(5):
        if node is None:
            break
        for child in node.children:
            if child.dep_ == "neg":
                return "negated"
            if child.dep_ == "aux" and child.lower_ in mod.speculative_heads:
                return "speculative"
        lemma = node.lemma_.lower()
        if node is not verb and lemma in mod.negated_heads:
            return "negated"
        if node is not verb and (
            lemma in mod.speculative_heads or node.lower_ in mod.speculative_nouns
        ):
            return "speculative"
        node = node.head if node.head.i != node.i else None
    for child in verb.children:
        if child.dep_ == "aux" and child.lower_ in mod.planned_aux:
            return "planned"
    if verb.dep_ == "xcomp" and any(c.lower_ == "to" for c in verb.children):
        return "planned"
    return None


def _subjects(ctx: _Context, frame: VerbFrame) -> tuple[list[int], bool]:
    """The mentions a verb's subject stands for, and whether it is a passive agent."""
    subj = frame.args("subj", doc=ctx.doc)
    if subj:
        return _with_conjuncts(ctx, ctx.doc[subj[0][2]]), False
    agent = frame.args("agent", doc=ctx.doc)
    if agent:
        return _with_conjuncts(ctx, ctx.doc[agent[0][2]]), True
    return _inherited_subjects(ctx, ctx.doc[frame.verb])


def _inherited_subjects(ctx: _Context, verb: Token) -> tuple[list[int], bool]:
    """The subject of a verb that has none of its own: that of the verb governing it.

    "X agreed to buy Y" (``xcomp``), "X bought Y and sold Z" (``conj``), "Y, which X
    bought" (``relcl``: the relative clause's head), "X and Y announced an agreement
    to collaborate" (``acl`` of the object: the verb above it). Up to five steps
    ("X worked at Y before returning home and co-founding Z": co-founding,
    returning, before, worked).
    """
    node: Token = verb
    for step in range(5):
        if step:
            subj = [c for c in node.children if c.dep_ in SUBJECT_DEPS]
            if subj:
                return _with_conjuncts(ctx, subj[0]), False
            agent = [c for c in node.children if c.dep_ == "agent"]
            if agent:
                pobj = [c for c in agent[0].children if c.dep_ == "pobj"]
                if pobj:
                    return _with_conjuncts(ctx, pobj[0]), True
        if node.dep_ == "acl" and node.head.dep_ in ("dobj", "pobj", "attr"):
            node = node.head.head
            continue
        if (
            node.dep_ in ("xcomp", "conj", "advcl", "relcl", "pcomp", "prep")
            and node.head.i != node.i
        ):
            if node.dep_ == "relcl":
                idx = _mention_of(ctx, node.head)
                return ([idx] if idx is not None else []), False
            node = node.head
            continue
        break
    return [], False


def _objects(ctx: _Context, frame: VerbFrame, rule: VerbRule | None) -> list[int]:
    """The mentions a verb's objects stand for, for ``rule`` (or for any verb).

    The passive subject first, then the verb's dependents in text order: direct
    objects (and a prepositional object of theirs through one of the rule's
    prepositions: "invest 50 billion yuan in AI"), prepositional objects (only through
    the rule's prepositions, if it names any), objects of a particle's preposition
    ("teamed up with"); only direct objects for a rule without ``prep_objects``.
    """
    doc = ctx.doc
    pieces = [(a[0], 0, a[2]) for a in frame.args("obj", doc=doc)]
    if rule is None or rule.prep_objects:
        preps = rule.preps if rule is not None and rule.preps else None
        if preps is not None:
            pieces += [(a[0], 1, a[2]) for a in frame.args("obj_prep", preps=preps, doc=doc)]
            # "worked as a researcher at X": the object of the "as" complement's
            # preposition.
            pieces += [
                (a[0], 1, t.i)
                for a in frame.args("prep", preps=("as",), doc=doc)
                for p in doc[a[2]].children
                if p.dep_ == "prep" and p.lower_ in preps
                for t in p.children
                if t.dep_ == "pobj"
            ]
        companions = rule.companion_preps if rule is not None else frozenset()
        pieces += [
            (a[0], 0, a[2])
            for a in frame.args("prep", preps=preps, doc=doc)
            # "co-founded X with B": B is a co-founder, not what was founded.
            if doc[a[1]].lower_ not in companions
        ]
        pieces += [(a[0], 0, a[2]) for a in frame.args("prt_prep", doc=doc)]
    out: list[int] = []
    for passive in _passive_subjects(ctx, frame):
        out += _with_conjuncts(ctx, passive)
    for _, _, tok in sorted(pieces):
        out += _with_conjuncts(ctx, doc[tok])
    if not out:
        idx = _participle_head(ctx, doc[frame.verb])
        if idx is None and not pieces:
            idx = _relative_head(ctx, doc[frame.verb])
        if idx is not None:
            out.append(idx)
    seen: list[int] = []
    for i in out:
        if i not in seen:
            seen.append(i)
    return seen


def _passive_subjects(ctx: _Context, frame: VerbFrame) -> list[Token]:
    """The verb's passive subject, or that of the passive verb it is coordinated with
    ("DeepMind was founded in 2010 and was acquired by Google")."""
    doc = ctx.doc
    own = [doc[a[2]] for a in frame.args("pass", doc=doc)]
    verb = doc[frame.verb]
    if own or verb.dep_ != "conj" or not any(c.dep_ in ("auxpass", "agent") for c in verb.children):
        return own
    return [c for c in verb.head.children if c.dep_ == "nsubjpass"]


def _participle_head(ctx: _Context, verb: Token) -> int | None:
    """The mention a past participle modifies: "Sarvam AI, founded last year by ...",
    "the startup set up by ..."."""
    if verb.tag_ != "VBN" or verb.dep_ not in ("acl", "xcomp"):
        return None
    if verb.head.pos_ not in ("NOUN", "PROPN"):
        return None
    return _mention_of(ctx, verb.head)


def _relative_head(ctx: _Context, verb: Token) -> int | None:
    """The mention a relative clause with no relative pronoun and a subject of its own
    is about: its object ("Red Hat, the software company IBM bought in 2019"). The
    clause's noun may be an apposition of the name."""
    if verb.dep_ != "relcl" or not any(c.dep_ in SUBJECT_DEPS for c in verb.children):
        return None
    if any(c.dep_ in ("dobj", "nsubjpass") for c in verb.children):
        return None
    # "Microsoft, whose Sentinel product competes ...": a relative word in the clause.
    if any(t.lower_ in _RELATIVE or t.lower_ == "whose" for t in verb.subtree if t.i < verb.i):
        return None
    head = verb.head
    idx = _mention_of(ctx, head)
    if idx is None and head.dep_ == "appos":
        idx = _mention_of(ctx, head.head)
    return idx


def _stative_pairs(ctx: _Context, frame: VerbFrame, rule: VerbRule) -> list[tuple[int, int]]:
    """Subject-object pairs of a verb whose passive subject is the relation's subject:
    "X was born in Y", "X, headquartered in Y", "X is based in Y"; or its object, for
    an inverse rule ("X is built into Y": Y uses X)."""
    doc = ctx.doc
    holders: list[int] = []
    for passive in _passive_subjects(ctx, frame):
        holders += _with_conjuncts(ctx, passive)
    if not holders:
        head = _participle_head(ctx, doc[frame.verb])
        holders = [] if head is None else [head]
    args = frame.args("prep", preps=rule.preps or None, doc=doc)
    if rule.inverse:
        # "X is built into Y and Z": Y and Z use X.
        users = [i for a in args for i in _with_conjuncts(ctx, doc[a[2]])]
        return [(o, s) for s in holders for o in users if s != o]
    # One place each, without conjuncts: "born in Porto, Portugal" is born in Porto.
    objects = [i for a in args if (i := _mention_of(ctx, doc[a[2]])) is not None]
    return [(s, o) for s in holders for o in objects if s != o]


def _frames(ctx: _Context) -> Iterator[tuple[VerbFrame, list[int]]]:
    """Every verb's frame, in text order, with the indices of the rules it triggers.

    Trigger verbs come from the dependency patterns; the other verbs (open
    relations only) are read off the parse.
    """
    triggers = ctx.verbs.frames(ctx.doc)
    for tok in ctx.doc:
        if tok.pos_ != "VERB":
            continue
        frame = triggers.get(tok.i)
        if frame is None:
            # No pattern bound anything: a trigger without arguments of its own
            # ("A and B agreed to collaborate") or not a trigger at all.
            frame = frame_of(tok)
        yield frame, ctx.verbs.rules_for(tok.lemma_.lower(), frame, ctx.doc)


def _round_object(
    ctx: _Context, frame: VerbFrame, rule: VerbRule, lemma: str, sent_index: int
) -> list[int]:
    """The owner of the funding round a verb with no named object of its own (direct,
    or after "in") takes part in ("Cisco and Fujitsu also took part", "Nvidia joined"),
    if the sentence or the one before names a round; else nothing ("Nvidia joined
    Google", "invested in X": other facts)."""
    doc = ctx.doc
    direct = frame.args("obj", doc=doc)
    named = [
        a
        for a in (*direct, *frame.args("prep", preps=("in", "into"), doc=doc))
        if _mention_of(ctx, doc[a[2]]) is not None
    ]
    if named or not ctx.near_round(sent_index):
        return []
    needed = rule.object_words.get(lemma)
    if needed is not None and not any(doc[a[2]].lower_ in needed for a in direct):
        return []
    owner = ctx.round_owner(sent_index)
    return [] if owner is None else [owner]


#: Dependencies that lead from a list member into its description: "Japan's X", "X,
#: the venture arm of Y", "X, through her firm Y", "X, which ...".
_DESCRIPTION_DEPS = frozenset({"prep", "poss", "relcl", "acl", "advcl", "pobj"})


def _companions(
    ctx: _Context, frame: VerbFrame, preps: frozenset[str], *, along: bool = False
) -> list[int]:
    """The names after the verb's companion prepositions ("co-founded X with B and C"),
    in text order; with ``along``, also after "along" ("took part, along with B")."""
    doc = ctx.doc
    objects = [doc[a[2]] for a in frame.args("prep", preps=preps, doc=doc)]
    if along:
        objects += [
            obj
            for adverb in doc[frame.verb].children
            if adverb.lower_ == "along"
            for prep in adverb.children
            if prep.lower_ in preps
            for obj in prep.children
            if obj.dep_ == "pobj"
        ]
    out: list[int] = []
    for obj in sorted(objects, key=lambda t: t.i):
        out += [i for i in _with_conjuncts(ctx, obj) if i not in out]
    return out


def _round_participants(
    ctx: _Context, frame: VerbFrame, subjects: list[int], preps: frozenset[str]
) -> list[int]:
    """Who takes part in a round: every name of the subject's list, however the parse
    attached it (the small model hangs list members off appositions), but none of the
    names that only describe a member ("Japan's", "the venture arm of chipmaker Y");
    then the names after the rule's companion prepositions ("along with B")."""
    doc = ctx.doc
    verb = doc[frame.verb]
    heads = [c for c in verb.children if c.dep_ in SUBJECT_DEPS]
    out = list(subjects)
    for head in heads:
        for tok in head.subtree:
            idx = _mention_of(ctx, tok)
            if idx is None or idx in out:
                continue
            node, described = tok, False
            while node.i != head.i:
                if node.dep_ in _DESCRIPTION_DEPS and ctx.tokmap.get(node.i) != idx:
                    described = True
                    break
                node = node.head
            if not described:
                out.append(idx)
    return out + [i for i in _companions(ctx, frame, preps, along=True) if i not in out]


def _verb_relations(ctx: _Context) -> Iterator[Relation]:
    for frame, rule_indices in _frames(ctx):
        verb = ctx.doc[frame.verb]
        sent_index = ctx.sentence_of(frame.verb)
        low = verb.lemma_.lower()
        lemma = ctx.verbs.canonical.get(low, low)
        subjects, passive = _subjects(ctx, frame)
        stative = [i for i in rule_indices if ctx.rules.verbs[i].passive_subject]
        if not subjects and not stative:
            continue
        modality = _modality(ctx, verb)
        if modality in ("negated", "speculative"):
            continue
        matched = False
        for index in stative:
            rule = ctx.rules.verbs[index]
            conf = rule.confidence * (0.9 if modality == "planned" else 1.0)
            for s, o in _stative_pairs(ctx, frame, rule):
                if ctx.admits(rule.predicate, s, o):
                    matched = True
                    yield Relation(
                        s, rule.predicate, o, sent_index, conf, f"verb:{lemma}", modality=modality
                    )
        for index in rule_indices:
            rule = ctx.rules.verbs[index]
            if rule.passive_subject or not subjects:
                continue
            if rule.subject_types and not all(
                ctx.mentions[s].type in rule.subject_types for s in subjects
            ):
                continue
            if rule.object == "ROUND_OWNER":
                objects = _round_object(ctx, frame, rule, lemma, sent_index)
            else:
                objects = _objects(ctx, frame, rule)
            conf = rule.confidence * (0.9 if modality == "planned" else 1.0)
            agents = subjects
            if rule.object == "ROUND_OWNER" and objects:
                agents = _round_participants(ctx, frame, subjects, rule.companion_preps)
            elif rule.companion_preps:
                # "A co-founded X with B and C": the companions are founders too.
                agents = subjects + [
                    i for i in _companions(ctx, frame, rule.companion_preps) if i not in subjects
                ]
            pairs = [(o, s) if rule.inverse else (s, o) for s in agents for o in objects]
            for s, o in pairs:
                if ctx.admits(rule.predicate, s, o, force=rule.retype, only_object=True):
                    matched = True
                    yield Relation(
                        s, rule.predicate, o, sent_index, conf, f"verb:{lemma}", modality=modality
                    )
            if rule.symmetric_subjects and len(subjects) > 1 and not objects:
                for a in subjects:
                    for b in subjects:
                        if a < b and ctx.admits(rule.predicate, a, b):
                            matched = True
                            yield Relation(
                                a,
                                rule.predicate,
                                b,
                                sent_index,
                                conf,
                                f"verb:{lemma}+coordination",
                                modality=modality,
                            )
        if not matched and not passive:
            for o in _objects(ctx, frame, None):
                for s in subjects:
                    if ctx.is_latent(s) or ctx.is_latent(o):
                        continue
                    if s != o and ctx.mentions[s].text != ctx.mentions[o].text:
                        yield Relation(
                            s, lemma, o, sent_index, 0.5, "svo", typed=False, modality=modality
                        )


_MODEL_WORDS = re.compile(
    r"^(?:\s*(?:pro|ultra|max|plus|mini|nano|lite|air|turbo|\+|\d[\w.]*|[A-Z]{1,4}\d[\w.]*))+\s*$",
    re.IGNORECASE,
)


def _only_model_words(rest: str) -> bool:
    """ "Gemini Pro" after "Gemini", "Galaxy S24" after "Galaxy": a model of the same
    line, not a product the organisation "Gemini" or "Galaxy" makes."""
    return bool(_MODEL_WORDS.match(rest))


def _name_relations(ctx: _Context) -> Iterator[Relation]:
    """Relations implied by names: "Xiaomi AI Lab" is part of "Xiaomi"."""
    first: dict[tuple[str, str], int] = {}
    for idx, m in enumerate(ctx.mentions):
        if m.type != LATENT:
            first.setdefault((m.text, m.type), idx)
    items = sorted(first.items(), key=lambda kv: kv[1])
    for (text, typ), idx in items:
        for (other, otyp), oidx in items:
            if not text.startswith(other + " ") or len(other) < 2:
                continue
            m = ctx.mentions[idx]
            if typ == "ORG" and otyp == "ORG" and _is_unit(m) and not _whole_name(text):
                # 0.67: measured precision on the development sets (kgraph eval --by-rule).
                yield Relation(idx, "part_of", oidx, m.sentence, 0.67, "name:unit-of-parent")
            elif typ == "ORG" and otyp == "ORG" and is_known_place(text[len(other) :].strip()):
                # "TSMC Arizona", "Microsoft China": the company's arm in a place.
                yield Relation(idx, "part_of", oidx, m.sentence, 0.67, "name:place-unit-of-parent")
            elif typ == "PRODUCT" and otyp == "ORG" and not _only_model_words(text[len(other) :]):
                yield Relation(oidx, "develops", idx, m.sentence, 0.75, "name:product-of-maker")
            elif typ == "PLACE" and otyp == "PLACE":
                yield Relation(idx, "located_in", oidx, m.sentence, 0.7, "name:place-in-place")


def _path_relations(ctx: _Context, found: Sequence[Relation]) -> Iterator[Relation]:
    """The dependency-path fallback (:mod:`.paths`) for pairs no rule related."""
    triggers = ctx.rules.path_triggers
    if not triggers:
        return
    linked = {frozenset((r.subject, r.object)) for r in found if r.typed}
    domains = {
        p: (ctx.predicates[p].domain, ctx.predicates[p].range)
        for p in triggers
        if p in ctx.predicates
    }
    by_sentence: dict[int, dict[int, list[Token]]] = {}
    for tok_i, idx in ctx.tokmap.items():
        by_sentence.setdefault(ctx.mentions[idx].sentence, {}).setdefault(idx, []).append(
            ctx.doc[tok_i]
        )
    mod = ctx.rules.modality
    hedges = mod.speculative_heads | mod.negated_heads | mod.hedge_modifiers
    for si, spans in sorted(by_sentence.items()):
        if len(spans) < 2:
            continue
        yield from path_relations(
            si,
            ctx.mentions,
            {i: sorted(toks, key=lambda t: t.i) for i, toks in spans.items()},
            admits=ctx.admits,
            linked=linked,
            triggers={p: w for p, w in triggers.items() if p in domains},
            domains=domains,
            hedges=hedges,
        )


def _with_amount(ctx: _Context, rel: Relation) -> Relation:
    """An investment stated with a sum ("a $6.6 billion round") records it (``kg:amount``)."""
    if rel.predicate != "invests_in" or not rel.typed or any(k == "amount" for k, _ in rel.attrs):
        return rel
    money = ctx.money().get(rel.sentence)
    if money is None:
        return rel
    return dataclasses.replace(rel, attrs=(*rel.attrs, ("amount", money)))


def extract_relations(
    doc: Doc,
    mentions: Sequence[Mention],
    rules: RuleSet,
    predicates: PredicateRegistry,
    *,
    verbs: VerbMatcher,
    sents: Sequence[Span],
) -> tuple[tuple[Relation, ...], dict[int, str]]:
    """Return the relations among ``mentions`` of ``doc``, deduplicated and sorted.

    Also returns the types given to latent names (mentions of type ``NP``) by the
    rules that bound them, by mention index. ``verbs`` is the compiled verb patterns
    of ``rules`` (:class:`~kgraph.extract.verbs.VerbMatcher`, built once per
    extractor); ``sents`` the document's sentences.
    """
    ctx = _Context(doc, mentions, rules, predicates, verbs=verbs, sents=sents)
    found: list[Relation] = []
    # Patterns first, over the whole document: the names they type ("Nvidia chief
    # executive Jensen Huang" makes Nvidia an organisation) are known to the verb
    # rules of every sentence.
    for si, sent in enumerate(ctx.sents):
        rendered = _render(sent, ctx.tokmap, mentions, ctx.coref)
        found.extend(_pattern_relations(ctx, si, rendered))
    found.extend(_verb_relations(ctx))
    found.extend(_name_relations(ctx))
    found.extend(_path_relations(ctx, found))
    best: dict[tuple[int, str, int, int], Relation] = {}
    for raw in found:
        rel = raw
        if rel.typed and rel.predicate in predicates and predicates[rel.predicate].symmetric:
            lo, hi = sorted((rel.subject, rel.object))
            rel = dataclasses.replace(rel, subject=lo, object=hi)
        subj, obj = rel.subject, rel.object
        key = (subj, rel.predicate, obj, rel.sentence)
        if key not in best or rel.confidence > best[key].confidence:
            best[key] = rel
    relations = tuple(
        _with_amount(ctx, r)
        for r in sorted(best.values(), key=lambda r: (r.sentence, r.subject, r.predicate, r.object))
    )
    promoted = dict(ctx.promoted)
    for idx, typ in ctx.retyped.items():
        promoted.setdefault(idx, typ)
    return relations, promoted
