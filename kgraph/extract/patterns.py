"""Relation patterns as data: loading and compiling ``kgraph/data/relations.yaml``."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

import yaml

from ..errors import ConfigError
from .lexicon import lexicon

__all__ = [
    "LATENT",
    "LATENT_SLOTS",
    "ModalityLexicon",
    "PatternRule",
    "RuleSet",
    "VerbRule",
    "compile_macros",
    "load_rules",
    "padded_regex",
    "required_text",
]

_TYPES = ("ORG", "PERSON", "PLACE", "PRODUCT", "TECH")


@dataclass(frozen=True, slots=True)
class PatternRule:
    """A surface pattern over the rendered sentence (see the YAML header)."""

    name: str
    regex: re.Pattern[str]
    subject: str
    object: str
    confidence: float
    predicate: str | None = None
    role: str | None = None
    require: tuple[str, ...] = ()
    continue_roles: bool = False
    #: The slots say what the entities are: mentions bound there take the slot's
    #: type even if the model typed them otherwise (investor lists in funding news).
    retype: bool = False
    #: Strings of which the rendered sentence must hold one for the pattern to be
    #: tried at all (a cheap filter before the regular expression; empty: always).
    keywords: tuple[str, ...] = ()
    #: ``regex`` rewritten for the sentence with one space in front, which finds the
    #: same matches faster (see :func:`padded_regex`); None where it would not.
    padded: re.Pattern[str] | None = None
    #: A string every match of ``regex`` contains (see :func:`required_text`): the
    #: rule is not tried on a sentence without it. Empty: no such string is known.
    needs: str = ""


@dataclass(frozen=True, slots=True)
class VerbRule:
    """A verb trigger for one predicate, matched on the dependency parse."""

    predicate: str
    lemmas: frozenset[str]
    preps: frozenset[str]
    particles: Mapping[str, str]
    confidence: float
    symmetric_subjects: bool = False
    subject_types: tuple[str, ...] = ()
    #: The grammatical subject is the relation's object ("X raised money from Y":
    #: Y invests in X).
    inverse: bool = False
    #: The object slot says what the object is (see PatternRule.retype).
    retype: bool = False
    #: Prepositions whose object shares the subject's role ("A co-founded X with B").
    companion_preps: frozenset[str] = frozenset()
    #: The passive subject (or the noun the participle modifies) is the relation's
    #: subject and the prepositional object its object: "X was born in Y".
    passive_subject: bool = False
    #: Whether prepositional objects count as objects at all ("led research at X"
    #: says nothing about leading X).
    prep_objects: bool = True
    #: A special object: ``ROUND_OWNER``, the organisation whose funding round the
    #: sentence or the one before talks about ("Cisco and Fujitsu also took part"),
    #: for a verb with no named object of its own.
    object: str = ""
    #: Direct objects some trigger lemmas need: ``{take: [part]}`` for "took part".
    object_words: Mapping[str, frozenset[str]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class ModalityLexicon:
    """Words that mark a statement as negated, speculative or planned."""

    negated_heads: frozenset[str]
    speculative_heads: frozenset[str]
    speculative_nouns: frozenset[str]
    planned_aux: frozenset[str]
    hedge_modifiers: frozenset[str]


@dataclass(frozen=True, slots=True)
class RuleSet:
    """Every relation rule: role lexicon, surface patterns, verb triggers, modality."""

    roles: Mapping[str, str]  # role phrase -> predicate
    role_regex: str
    patterns: tuple[PatternRule, ...]
    verbs: tuple[VerbRule, ...]
    modality: ModalityLexicon
    #: Path triggers: predicate -> the lemmas that, on the dependency path between two
    #: names, say how they relate (see :mod:`kgraph.extract.paths`).
    path_triggers: Mapping[str, frozenset[str]] = field(default_factory=dict)


def _role_regex(phrases: list[str]) -> str:
    # Longest first so "chief executive officer" wins over "chief executive".
    modifier = r"(?:[a-z][a-z.&-]*\|(?:ADJ|NOUN|PROPN|ADV|VERB) ){0,3}"
    one = modifier + _phrases_regex(phrases)
    return rf"{one}(?: (?:and\|CCONJ|&\|CCONJ|,\|PUNCT|,\|PUNCT and\|CCONJ) {one}){{0,3}}"


#: Types whose pattern slots also accept a latent name (a proper noun the
#: statistical model did not label): the pattern itself says what it is.
LATENT_SLOTS = ("ORG", "PRODUCT")
LATENT = "NP"


#: What separates the members of a coordinated list: "A, B and C", "A as well as B".
_LIST_SEPARATOR = (
    r"(?:,\|PUNCT |and\|CCONJ |,\|PUNCT and\|CCONJ |&\|CCONJ |as\|ADV well\|ADV as\|ADP )"
)


#: What :func:`compile_macros` puts before every pattern: a match starts at a token.
_TOKEN_START = "(?:^| )"

#: After "investment" (or "funding"), a noun that makes it a kind of investor.
_NOT_INVESTOR = r"(?!(?:firm|fund|company|arm|group|vehicle|bank|manager|house|office)\|)"


def _slot(name: str, retype: bool = False, places: bool = False) -> str:
    if name in LATENT_SLOTS:
        if retype:
            return "(?:ORG|PERSON|PLACE|PRODUCT|NP)" if places else "(?:ORG|PERSON|PRODUCT|NP)"
        return f"(?:{name}|{LATENT})"
    return name


def _phrases_regex(phrases: Iterable[str]) -> str:
    """One alternative per phrase, longest first, each word matched with any POS."""
    alts = sorted(set(phrases), key=lambda p: (-len(p.split()), p))
    words = (" ".join(re.escape(w) + r"\|\S+" for w in p.split()) for p in alts)
    return "(?:" + "|".join(words) + ")"


@functools.lru_cache(maxsize=1)
def _kind_regex() -> str:
    lex = lexicon()
    # Ends at the end of a token, so that a look-ahead after it sees the next token.
    return _phrases_regex(lex.product_kinds | lex.product_lists) + r"(?!\S)"


def compile_macros(
    pattern: str, role_regex: str, *, retype: bool = False, places: bool = False
) -> re.Pattern[str]:
    """Expand the macros of a pattern (``{ORG:s}``, ``{ROLE:r}``, ...) and compile it.

    >>> rx = compile_macros("{ORG:o} {ROLE:r} {PERSON:s}", r"ceo\\|\\S+")
    >>> m = rx.search("<ORG#0> ceo|NOUN <PERSON#1>")
    >>> m.group("o"), m.group("s")
    ('0', '1')
    """

    def expand(match: re.Match[str]) -> str:
        name, _, group = match.group(1).partition(":")

        def cap(body: str) -> str:
            return f"(?P<{group}>{body})" if group else f"(?:{body})"

        if name in _TYPES:
            slot = _slot(name, retype, places)
            return f"<{slot}#" + (f"(?P<{group}>\\d+)" if group else r"\d+") + ">"
        if name == "ANYS":
            one = r"<(?:ORG|PERSON|PLACE|PRODUCT|NP)#\d+>"
            sep = _LIST_SEPARATOR
            # "chipmaker AMD", "Japan's Fujitsu": a common noun or a place's possessive
            # before a member (the place is no member: see relations._ids).
            lead = r"(?:<PLACE#\d+> (?:'s|’s)\|PART )?(?:(?:[a-z][a-z-]*)\|(?:NOUN|ADJ|VERB) ){0,2}"
            return cap(f"{lead}{one}(?: {sep}{lead}{one})*")
        if name == "E":
            return "<[A-Z]+#" + (f"(?P<{group}>\\d+)" if group else r"\d+") + ">"
        if name.endswith("S") and name[:-1] in _TYPES:
            one = f"<{_slot(name[:-1], retype, places)}#\\d+>"
            sep = _LIST_SEPARATOR
            return cap(f"{one}(?: {sep}{one})*")
        if name == "ROLE":
            return cap(role_regex)
        if name == "KIND":
            return cap(_kind_regex())
        if name == "DET":
            return r"(?:(?:the|a|an)\|DET )?"
        if name == "NOFIRM":
            return _NOT_INVESTOR
        if name.startswith("GAP"):
            return rf"(?:[^<\s]\S* ){{0,{int(name[3:])}}}"
        if name == "W":
            words = "|".join(re.escape(w) for w in group.split("|"))
            return rf"(?:{words})\|\S+"
        raise ConfigError(f"relation pattern: unknown macro {{{match.group(1)}}} in {pattern!r}")

    body = re.sub(r"\{([A-Z0-9]+(?::[^}]*)?)\}", expand, pattern)
    try:
        # One group: the token start applies to every alternative of the body.
        return re.compile(f"{_TOKEN_START}(?:{body})")
    except re.error as err:
        raise ConfigError(f"relation pattern {pattern!r} does not compile: {err}") from err


#: Assertions that read the text before the position they are tried at: ``^`` outside
#: a character class, ``\A``, ``\b``, ``\B`` and look-behinds. Over-broad on purpose
#: (an escaped ``\^`` counts too): a false alarm only costs speed.
_LOOKS_BACK = re.compile(r"\\[AbB]|\(\?<[=!]|\\\[\^|(?<!\[)\^")


def padded_regex(regex: re.Pattern[str]) -> re.Pattern[str] | None:
    """``regex`` (from :func:`compile_macros`) for the text with one space in front.

    ``(?:^| )`` gives the regular expression engine no character to look for, so it
    tries the whole pattern at every character of the sentence. Searching
    ``" " + text`` for ``" " + body`` finds the same matches (each shifted by the space,
    and one space longer for a match at the start) while the engine jumps from space to
    space: half the time of the surface patterns. None when the body reads what comes
    before its start (``^``, a word boundary, a look-behind), which the space would change.

    >>> rx = compile_macros("{ORG:o} {ROLE:r} {PERSON:s}", r"ceo\\|\\S+")
    >>> padded_regex(rx).search(" <ORG#0> ceo|NOUN <PERSON#1>").group("o", "s")
    ('0', '1')
    >>> padded_regex(compile_macros("^{ORG:o}", "")) is None
    True
    """
    body = regex.pattern.removeprefix(_TOKEN_START)
    if body == regex.pattern or regex.flags & ~re.UNICODE or _LOOKS_BACK.search(body):
        return None
    return re.compile(" " + body)


def required_text(regex: re.Pattern[str]) -> str:
    """The longest piece of literal text every match of ``regex`` contains, or "".

    Most surface patterns hold words that few sentences have ("|VERB by|ADP "), and a
    substring test costs a fraction of a search: a sentence without the text cannot
    match. The text is read off the regular expression's parse tree, from its literal
    characters outside alternatives and optional parts; anything else (and a parse this
    reading does not know) only ends a piece, so the answer is never a text a match
    can lack.

    >>> required_text(re.compile(r"(?:^| )<ORG#\\d+> (?:,\\|PUNCT )?backed\\|VERB by\\|ADP"))
    'backed|VERB by|ADP'
    """
    import importlib

    if regex.flags & (re.IGNORECASE | re.VERBOSE):
        return ""
    # ``re._parser`` is the standard library's own parser (CPython 3.11+); it is private,
    # so any surprise in its output only means no required text (the rule is tried).
    try:
        parser: Any = importlib.import_module("re._parser")
        pieces = _literal_pieces(parser.parse(regex.pattern), parser)
    except (ImportError, AttributeError, TypeError, IndexError, ValueError, re.error):
        return ""
    return max(pieces, key=len, default="")


def _literal_pieces(seq: Any, parser: Any) -> list[str]:
    """Runs of literal characters every match of the parsed sequence ``seq`` contains."""
    pieces: list[str] = []
    run = ""
    for op, arg in seq:
        if op == parser.LITERAL:
            run += chr(arg)
            continue
        pieces.append(run)
        run = ""
        if op == parser.SUBPATTERN and not arg[1] and not arg[2]:  # a group, no flags
            pieces += _literal_pieces(arg[3], parser)
        elif op in (parser.MAX_REPEAT, parser.MIN_REPEAT) and arg[0] >= 1:
            pieces += _literal_pieces(arg[2], parser)
    pieces.append(run)
    return [p for p in pieces if p]


def _words(name: str, key: str, values: Any) -> list[str]:
    """The word list ``values`` of verb rule ``name``, checked to hold only words.

    YAML reads a bare ``on``, ``off``, ``yes`` or ``no`` as a boolean: such an entry
    would silently never match.
    """
    out = []
    for value in values:
        if not isinstance(value, str):
            raise ConfigError(
                f"relation verb rule {name!r}: {key} entry {value!r} is not a word "
                f'(quote it in the YAML, e.g. "on")'
            )
        out.append(value)
    return out


def _verbs(data: Mapping[str, Any]) -> tuple[VerbRule, ...]:
    rules = []
    for name, spec in sorted(data.items()):
        particles = dict(spec.get("particles", {}))
        _words(name, "particles", [*particles, *particles.values()])
        rules.append(
            VerbRule(
                predicate=spec.get("predicate", name),
                lemmas=frozenset(_words(name, "lemmas", spec["lemmas"])),
                preps=frozenset(_words(name, "preps", spec.get("preps", ()))),
                particles=particles,
                confidence=float(spec["confidence"]),
                symmetric_subjects=bool(spec.get("symmetric_subjects", False)),
                subject_types=tuple(spec.get("subject_types", ())),
                inverse=bool(spec.get("inverse", False)),
                retype=bool(spec.get("retype", False)),
                passive_subject=bool(spec.get("passive_subject", False)),
                prep_objects=bool(spec.get("prep_objects", True)),
                companion_preps=frozenset(
                    _words(name, "companion_preps", spec.get("companion_preps", ()))
                ),
                object=_special_object(name, spec.get("object", "")),
                object_words={
                    str(lemma): frozenset(_words(name, "object_words", list(words)))
                    for lemma, words in dict(spec.get("object_words", {})).items()
                },
            )
        )
    return tuple(rules)


def _special_object(rule: str, value: object) -> str:
    if value not in ("", "ROUND_OWNER"):
        raise ConfigError(f"verb rule {rule!r}: unknown object {value!r} (known: ROUND_OWNER)")
    return str(value)


def rules_from_mapping(data: Mapping[str, Any]) -> RuleSet:
    """Compile a rule mapping (the YAML structure) into a :class:`RuleSet`."""
    roles = {phrase: predicate for predicate, words in data["roles"].items() for phrase in words}
    role_regex = _role_regex(list(roles))
    patterns = []
    for spec in data["patterns"]:
        regex = compile_macros(
            spec["pattern"],
            role_regex,
            retype=bool(spec.get("retype", False)),
            places=bool(spec.get("retype_places", False)),
        )
        patterns.append(
            PatternRule(
                name=spec["name"],
                regex=regex,
                subject=spec["subject"],
                object=spec["object"],
                confidence=float(spec["confidence"]),
                predicate=spec.get("predicate"),
                role=spec.get("role"),
                require=tuple(spec.get("require", ())),
                continue_roles=bool(spec.get("continue_roles", False)),
                retype=bool(spec.get("retype", False)),
                keywords=tuple(_words(spec["name"], "keywords", spec.get("keywords", ()))),
                padded=padded_regex(regex),
                needs=required_text(regex),
            )
        )
    mod = data["modality"]
    modality = ModalityLexicon(
        negated_heads=frozenset(mod["negated_heads"]),
        speculative_heads=frozenset(mod["speculative_heads"]),
        speculative_nouns=frozenset(mod["speculative_nouns"]),
        planned_aux=frozenset(mod["planned_aux"]),
        hedge_modifiers=frozenset(mod.get("hedge_modifiers", ())),
    )
    triggers = {
        predicate: frozenset(str(w).lower() for w in words)
        for predicate, words in data.get("path_triggers", {}).items()
    }
    return RuleSet(roles, role_regex, tuple(patterns), _verbs(data["verbs"]), modality, triggers)


@functools.lru_cache(maxsize=1)
def load_rules() -> RuleSet:
    """Return the shipped rule set (compiled once)."""
    text = resources.files("kgraph.data").joinpath("relations.yaml").read_text("utf-8")
    return rules_from_mapping(yaml.safe_load(text))
