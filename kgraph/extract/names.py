"""Names beyond the statistical model's entity spans.

Post-processing of the candidate list of one document: two names the model ran into
one span ("Adobe and Figma") are split, coordinated lists share a type
and fill in members the model missed, names with a version or model number are
products ("Llama 2", "Galaxy S24 Ultra"), a technology acronym that ends a company name
belongs to it ("Mistral AI"), a name the model found once is found wherever else the
document repeats it, and overlapping spans are resolved.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection
from typing import TYPE_CHECKING

from ..nlp.components import JOINED_NAME
from .lexicon import is_known_place, lexicon, organisation_ends
from .mentions import POSSESSIVE, Candidate, context_cue, is_dictionary_word, is_title

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

__all__ = [
    "TIERS",
    "coordination",
    "coordination_groups",
    "drop_overlaps",
    "name_shaped",
    "names_ending_in_acronym",
    "repeated_names",
    "split_joined_names",
    "versioned_names",
]

#: A version or model number after a name: "7B", "8x7B", "2", "3.5", "S24", "NVL72".
_VERSION = re.compile(
    r"^(?:\d{1,2}(?:\.\d{1,2})?[A-Za-z]{0,2}|\d+x\d+[BbMm]|[A-Z]{1,4}\d{1,4}[A-Za-z]?|\d{3,4}[A-Z]{1,2})$"
)
_YEAR = re.compile(r"^(?:19|20)\d\d$")
_MONTHS = frozenset({
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "sept", "oct", "nov",
    "dec", "january", "february", "march", "april", "june", "july", "august", "september",
    "october", "november", "december",
})  # fmt: skip
#: Words after a number that make it a quantity, not a version.
_UNITS = frozenset(
    {
        "million",
        "billion",
        "trillion",
        "percent",
        "%",
        "years",
        "year",
        "days",
        "months",
        "hours",
        "minutes",
        "people",
        "employees",
        "times",
        "gb",
        "tb",
    }
)
#: Tier words that belong to a product's name: "Galaxy S24 Ultra", "Gemini Pro".
TIERS = frozenset({"ultra", "pro", "max", "plus", "mini", "nano", "lite", "air", "+", "turbo"})


def versioned_names(doc: Doc, cands: list[Candidate], words: frozenset[str]) -> list[Candidate]:
    """Names with a version or model number are products: "Mistral 7B", "Llama 2",
    "Mixtral 8x7B", "Galaxy S24 Ultra", "GB200 NVL72", "Gemini Pro".

    A plain number counts only after a name the model recognised or one that is no
    dictionary word ("Route 66" and "Phase 2" stay out).
    """
    by_end = {c.end: c for c in cands}
    taken = {i for c in cands for i in range(c.start, c.end)}
    out = list(cands)
    # Most words are no name: test their text before making Token objects.
    texts = [t.text for t in doc]
    for i in range(len(doc) - 1):
        text = texts[i]
        if not (text[:1].isupper() or name_shaped(text) or text[:1].isdigit()):
            continue
        tok, nxt = doc[i], doc[i + 1]
        known = by_end.get(i + 1)
        if known is not None and (
            known.type in ("PLACE", "TECH")
            or (known.type == "PERSON" and (known.end - known.start > 1 or nxt.lower_ not in TIERS))
        ):
            continue
        if tok.lower_.rstrip(".") in _MONTHS:
            continue
        if known is None and (i in taken or (tok.pos_ != "PROPN" and not name_shaped(tok.text))):
            continue
        version = nxt.text.rstrip(".")
        is_version = bool(_VERSION.match(version)) and not _YEAR.match(version)
        is_tier = nxt.lower_ in TIERS and known is not None and known.type in ("PRODUCT", "PERSON")
        if not (is_version or is_tier) or ((i + 1) in taken and not is_tier):
            continue
        after = doc[i + 2].lower_ if i + 2 < len(doc) else ""
        if after in _UNITS or (
            nxt.text.isdigit() and known is None and is_dictionary_word(tok.text, words)
        ):
            continue
        start = known.start if known is not None else i
        end = i + 2
        while end < len(doc) and (
            doc[end].lower_ in TIERS
            or (_VERSION.match(doc[end].text) and doc[end].text[:1].isupper())
        ):
            end += 1
        span = doc[start:end]
        text = span.text.rstrip(".") if span.text.endswith(".") else span.text
        new = Candidate(start, end, text, "PRODUCT", "rule", "PRODUCT", False)
        out = [c for c in out if c.end <= start or c.start >= end] + [new]
        taken.update(range(start, end))
    # A name the model typed otherwise but which carries a model number inside
    # ("Galaxy S24 Ultra" as an organisation) is a product.
    for k, c in enumerate(out):
        inner = [t.text for t in doc[c.start + 1 : c.end]]
        numbered = any(
            _VERSION.match(w) and any(ch.isalpha() for ch in w) and any(ch.isdigit() for ch in w)
            for w in inner
        )
        tiered = bool(inner) and inner[-1].lower() in TIERS  # "Gemini Pro", "Gemini Nano"
        if c.type in ("ORG", "PERSON") and c.cue is None and (numbered or tiered):
            out[k] = Candidate(c.start, c.end, c.text, c.type, c.source, "PRODUCT", c.headline)
    return sorted(out, key=lambda c: (c.start, -c.end))


#: Link rules whose short form is its full name's entity, whatever its own type or
#: votes: a person's surname ("Musk"), an institution's head word ("the Commission").
SHORT_FORM_RULES = frozenset({"short-form", "institution-short-form"})


def name_shaped(text: str) -> bool:
    """Camel case or inner capitals mark a name whatever the tagger says:
    "ChatGPT", "iPhone", "vSphere", "xAI", "OpenHathi"; so does a colon or a full stop
    joining a capitalised word to another, which the tokenizer keeps as one token for
    names ("Run:ai", "Character.AI")."""
    # Called for every token: the cheap string tests come first. A tail with no
    # capital (``islower``) has no inner capital, so the answer is False either way.
    if not text.isalnum():
        return (":" in text or "." in text) and JOINED_NAME.fullmatch(text) is not None
    if text[1:].islower():
        return False
    if sum(1 for c in text if c.isalpha()) < 3:
        return False
    inner = any(c.isupper() for c in text[1:])
    return inner and not text.isupper() and any(c.islower() for c in text)


def _name_word(tok: Token, words: frozenset[str]) -> bool:
    """A capitalised word that can be part of a name the model missed."""
    if not tok.text[:1].isupper() or not tok.is_alpha:
        return False
    if tok.pos_ == "PROPN":
        return True
    return tok.pos_ in ("PROPN", "ADJ", "NOUN") and not is_dictionary_word(tok.text, words)


def names_ending_in_acronym(
    doc: Doc, cands: list[Candidate], words: frozenset[str]
) -> list[Candidate]:
    """ "Mistral AI", "Sarvam AI": a technology acronym that ends a company name.

    The rule layer marks "AI" as a technology; when it directly follows capitalised
    proper nouns the model left unlabelled, the whole run is the name of an
    organisation (or of a product, when a product noun follows).
    """
    taken = {i for c in cands for i in range(c.start, c.end)}
    heads = lexicon().product_heads
    out: list[Candidate] = []
    for c in cands:
        if (
            c.type != "TECH"
            or c.source != "rule"
            or c.end - c.start != 1
            or c.text != c.text.upper()
        ):
            out.append(c)
            continue
        start = c.start
        while start > 0 and (start - 1) not in taken and _name_word(doc[start - 1], words):
            start -= 1
        end = c.end if c.headline else _product_name_end(doc, c.end, taken)
        if end > c.end and doc[end - 1].lower_ in organisation_ends():
            end = c.end  # "Hooli AI Labs": the model's own name for it stands
        if start == c.start and end == c.end:
            out.append(c)
            continue
        if end > c.end:
            # "Hooli AI Companion", "AI Companion": a product's name goes on after it.
            typ = "PRODUCT"
        else:
            typ = "PRODUCT" if c.end < len(doc) and doc[c.end].lower_ in heads else "ORG"
        text = doc[start:end].text
        out.append(Candidate(start, end, text, typ, "rule", typ, c.headline))
        taken.update(range(start, end))
    return out


def _product_name_end(doc: Doc, end: int, taken: set[int]) -> int:
    """Where a name that goes on after a technology acronym ends: over the capitalised
    nouns right after it, in running text ("AI Companion brings ..."). Titles
    ("AI Chief ..."), events and laws ("AI Act") end no product name."""
    lex = lexicon()
    k = end
    while (
        k < len(doc)
        and k not in taken
        and doc[k].pos_ in ("PROPN", "NOUN")
        and doc[k].is_alpha
        and doc[k].text[:1].isupper()
        and not doc[k].is_sent_start
        and doc[k].lower_ not in lex.person_cues
        and doc[k].lower_ not in lex.title_words
    ):
        k += 1
    if k > end and doc[k - 1].lower_ in lex.non_product_ends:
        return end
    return k


def split_joined_names(doc: Doc, cands: list[Candidate]) -> list[Candidate]:
    """Split a span the model made of two names joined by "and" ("Adobe and Figma").

    Names such as "Marks and Spencer" contain "and" too, so a span is split only
    when one side is named on its own elsewhere in the document: "Adobe" alone in
    another sentence says "Adobe and Figma" is two companies. "&" never splits
    ("Johnson & Johnson", "AT&T").
    """
    text = doc.text
    out: list[Candidate] = []
    for c in cands:
        members = _list_members(doc, c)
        if members is not None:
            # "three models called Haiku, Sonnet and Opus": one span of the model's.
            for a, b in members:
                side = doc[a:b]
                out.append(Candidate(a, b, side.text, c.type, c.source, None, c.headline))
            continue
        owner = _possessor_split(doc, c)
        if owner is not None:
            out.extend(owner)
            continue
        joins = [i for i in range(c.start + 1, c.end - 1) if doc[i].lower_ == "and"]
        if len(joins) != 1 or c.type == "TECH":
            out.append(c)
            continue
        (k,) = joins
        left, right = doc[c.start : k], doc[k + 1 : c.end]
        capitalised = left[0].text[:1].isupper() and right[0].text[:1].isupper()
        alone = any(_named_elsewhere(text, side.text, c) for side in (left, right))
        if not (capitalised and alone):
            out.append(c)
            continue
        for side in (left, right):
            out.append(
                Candidate(side.start, side.end, side.text, c.type, c.source, None, c.headline)
            )
    return out


def _possessor_split(doc: Doc, c: Candidate) -> list[Candidate] | None:
    """Split a span the model ran over a possessive ("Red Hat's Ansible") into the
    owner, an organisation, and the name it owns; or None.

    Names such as "Moody's Investors Service" hold a possessive too, so a span is
    split only when the owner is named on its own elsewhere in the document.
    """
    if c.type not in ("PRODUCT", "ORG"):
        return None
    cuts = [i for i in range(c.start + 1, c.end - 1) if doc[i].text in POSSESSIVE]
    if len(cuts) != 1:
        return None
    (k,) = cuts
    left, right = doc[c.start : k], doc[k + 1 : c.end]
    if not (left[0].text[:1].isupper() and right[0].text[:1].isupper()):
        return None
    if not _named_elsewhere(doc.text, left.text, c):
        return None
    return [
        Candidate(left.start, left.end, left.text, "ORG", c.source, None, c.headline),
        Candidate(
            right.start,
            right.end,
            right.text,
            c.type,
            c.source,
            context_cue(doc, right.start, right.end, c.type),
            c.headline,
        ),
    ]


def _list_members(doc: Doc, c: Candidate) -> list[tuple[int, int]] | None:
    """The members of a product or organisation span that is a list ("Haiku, Sonnet
    and Opus", or "Haiku, Sonnet" before "and Opus"), as token ranges; or None.

    Members are separated by commas and one final "and"/"or" and are made of
    capitalised words (or model numbers). No member is a legal suffix ("Samsung
    Electronics Co., Ltd.") and a two-member span is no place and its region ("Santa
    Clara, California"). A span with no "and" of its own must be followed by "and",
    "or" or a comma: it sits in a list.
    """
    if c.type not in ("PRODUCT", "ORG"):
        return None
    commas = [i for i in range(c.start + 1, c.end - 1) if doc[i].text == ","]
    joins = [i for i in range(c.start + 1, c.end - 1) if doc[i].lower_ in ("and", "or")]
    if not commas or len(joins) > 1 or (joins and joins[0] < commas[-1]):
        return None
    after = doc[c.end].lower_ if c.end < len(doc) else ""
    if not joins and after not in ("and", "or", ","):
        return None
    cuts = [*commas, *joins]
    bounds = [c.start, *[k + 1 for k in cuts]]
    ends = [*cuts, c.end]
    members = list(zip(bounds, ends, strict=True))
    suffixes = lexicon().corporate_suffixes
    for a, b in members:
        words = doc[a:b]
        if not len(words) or not all(
            (t.text[:1].isupper() or t.text[:1].isdigit())
            # "C3.ai", "Run:ai", "LS-DYNA"
            and t.text.replace("-", "").replace(".", "").replace(":", "").isalnum()
            for t in words
        ):
            return None
        if any(t.lower_.rstrip(".") in suffixes for t in words):
            return None
    if len(members) == 2 and is_known_place(doc[members[0][0] : members[0][1]].text):
        return None
    return members


def _named_elsewhere(text: str, name: str, within: Candidate) -> bool:
    """Whether ``name`` occurs in ``text`` as a word sequence outside ``within``'s span."""
    pattern = re.compile(rf"(?<!\w){re.escape(name)}(?!\w)")
    return sum(1 for _ in pattern.finditer(text)) > within.text.count(name)


def coordination_groups(doc: Doc) -> dict[int, list[int]]:
    """Token indices of each coordinated list ("A, B and C"), by the list's first member.

    Computed in one pass (each ``conj`` token points at its list's first member), so a
    list of thousands of names costs linear time, not quadratic.
    """
    root: dict[int, int] = {}
    groups: dict[int, list[int]] = {}
    for tok in doc:
        if tok.dep_ == "conj" and tok.head.i != tok.i:
            r = root.get(tok.head.i, tok.head.i)
            root[tok.i] = r
            groups.setdefault(r, [r]).append(tok.i)
    return groups


def coordination(doc: Doc, cands: list[Candidate]) -> list[Candidate]:
    """Use coordination: "Wuhan, Xian and Chengdu", "CICC ALPHA, SAIF Partners and CreditEase".

    Members of a list are of one kind. A proper-noun member the model missed becomes
    a candidate of the list's type, and a member the model typed against the list's
    confident members gets their type as a context cue.
    """
    by_token = {i: k for k, c in enumerate(cands) for i in range(c.start, c.end)}

    def weak(c: Candidate) -> bool:
        # A one-word "person", or a one-word "place" that is no known place, is the
        # model's weakest label: no evidence for a list.
        if c.end - c.start != 1 or c.cue is not None:
            return False
        return c.type == "PERSON" or (c.type == "PLACE" and not is_known_place(c.text))

    lex = lexicon()
    out = list(cands)
    added: list[Candidate] = []
    for members in coordination_groups(doc).values():
        listed = sorted({by_token[i] for i in members if i in by_token})
        strong = Counter(cands[k].cue or cands[k].type for k in listed if not weak(cands[k]))
        for k in listed:
            c = cands[k]
            others = strong.copy()
            if not weak(c):
                others[c.cue or c.type] -= 1
            types = {t for t, n in others.items() if n > 0}
            multi_person = c.type == "PERSON" and c.end - c.start > 1
            # "the United States and the European Union": a known place stays a place.
            place = c.type == "PLACE" and is_known_place(c.text)
            if (
                len(types) == 1
                and c.cue is None
                and c.type != "TECH"
                and not (multi_person or place)
            ):
                (typ,) = types
                if typ not in (c.type, "TECH"):
                    out[k] = Candidate(c.start, c.end, c.text, c.type, c.source, typ, c.headline)
        confident = {out[k].cue or out[k].type for k in listed if not weak(out[k])}
        # Only weak members ("OpenAI and Anthropic", both one-word "places"): the missed
        # member still is a name, but its type gets only the weak label's vote.
        if not confident:
            confident = {out[k].type for k in listed}
        if len(confident) != 1 or "TECH" in confident:
            continue
        (typ,) = confident
        cue: str | None = typ if any(not weak(out[k]) for k in listed) else None
        for i in members:
            t = doc[i]
            if i in by_token or t.pos_ != "PROPN" or not t.text[:1].isupper():
                continue
            if t.lower_ in lex.person_cues or t.lower_ in lex.generic_names:
                # "president and CEO Jane Doe": a title is no list member.
                continue
            start = i
            while (
                start > 0
                and doc[start - 1].dep_ == "compound"
                # "Canada Pension Plan Investment Board": a compound of a compound
                and start <= doc[start - 1].head.i <= i
                and doc[start - 1].text[:1].isupper()
                and (start - 1) not in by_token
            ):
                start -= 1
            span = doc[start : i + 1]
            if is_title(span.text):
                continue  # "President and Chief Executive Officer of X"
            added.append(Candidate(start, i + 1, span.text, typ, "ner", cue, False))
            by_token.update({j: -1 for j in range(start, i + 1)})
    return sorted(out + added, key=lambda c: (c.start, -c.end))


def repeated_names(
    doc: Doc,
    cands: list[Candidate],
    words: frozenset[str],
    short_forms: Collection[str] = (),
) -> list[Candidate]:
    """Other occurrences of the document's names that the model left unlabelled.

    The small model labels a name in one sentence and misses it in the next, often
    tagging an unfamiliar company name as a common noun ("Hooli was founded in 2009",
    "Hooli's tools"). A name it found once (and which is no dictionary word, so
    "Apple" or "Mark" are left alone) is a candidate wherever the same words recur, with
    the type the model gave it and the cue of its own context. The ``short_forms`` of
    companies ("Perplexity" for "Perplexity AI") are sought too, even dictionary
    words: "Perplexity was founded in 2022".
    """
    by_first: dict[str, list[Candidate]] = {}
    word_names: set[str] = set()
    for c in cands:
        if c.type == "TECH" or c.source not in ("ner", "rule"):
            continue
        toks = doc[c.start : c.end]
        if toks.text != c.text or not (c.text[:1].isupper() or name_shaped(toks[0].text)):
            continue
        short = doc[c.start : c.end - 1]
        if c.end - c.start > 1 and short.text in short_forms:
            by_first.setdefault(short[0].text, []).append(
                Candidate(c.start, c.end - 1, short.text, "ORG", c.source, None, False)
            )
        if c.end - c.start == 1 and is_dictionary_word(c.text, words):
            # "Adobe", "Tesla": a company named by a word is sought only where the
            # word cannot be a capitalised common noun (see _named_there).
            if (c.cue or c.type) != "ORG":
                continue
            word_names.add(c.text)
        by_first.setdefault(doc[c.start].text, []).append(c)
    if not by_first:
        return cands
    taken = {i for c in cands for i in range(c.start, c.end)}
    added: list[Candidate] = []
    for tok in doc:
        found = by_first.get(tok.text)
        if not found or tok.i in taken:
            continue
        for c in sorted(found, key=lambda c: c.start - c.end):
            end = tok.i + (c.end - c.start)
            if end > len(doc) or any(i in taken for i in range(tok.i, end)):
                continue
            if doc[tok.i : end].text != c.text:
                continue
            strict = c.text in word_names and c.text not in short_forms
            if strict and not _named_there(doc, tok.i):
                continue
            # "Hooli Labs" right after "Hooli": only whole names.
            if end < len(doc) and doc[end].pos_ == "PROPN" and doc[end].text[:1].isupper():
                continue
            cue = context_cue(doc, tok.i, end, c.type)
            added.append(Candidate(tok.i, end, c.text, c.type, "ner", cue, False))
            taken.update(range(tok.i, end))
            break
    return sorted(cands + added, key=lambda c: (c.start, -c.end))


_OPENERS = frozenset({'"', "“", "‘", "'", ":", "(", "-", "–", "—", "•"})


def _named_there(doc: Doc, i: int) -> bool:
    """Whether the capitalised word ``doc[i]`` is a name there, not a common noun
    capitalised by its place: inside a sentence ("said Adobe chief executive"), or
    followed by a possessive or a title ("Tesla chief executive Elon Musk")."""
    after = doc[i + 1].lower_ if i + 1 < len(doc) else ""
    if after in ("'s", "’s", "'", "’") or after in lexicon().person_cues:
        return True
    if doc[i].is_sent_start or i == 0:
        return False
    prev = doc[i - 1]
    return prev.text not in _OPENERS and not prev.is_space


def drop_overlaps(cands: list[Candidate]) -> list[Candidate]:
    out: list[Candidate] = []
    end = -1
    for c in cands:
        if c.start >= end:
            out.append(c)
            end = c.end
    return out


_MINOR_WORDS = frozenset({"of", "and", "for", "the", "&"})


def without_legal_suffixes(words: list[str], *, keep: int = 1) -> list[str]:
    """``words`` of a name without its trailing legal suffixes ("Samsung Electronics
    Co., Ltd." -> "Samsung Electronics"), keeping at least ``keep`` words.

    >>> without_legal_suffixes(["Samsung", "Electronics", "Co.", "Ltd."])
    ['Samsung', 'Electronics']
    """
    suffixes = lexicon().corporate_suffixes
    while len(words) > keep and words[-1].lower() in suffixes:
        words = words[:-1]
    return words


def initials(name: str, *, suffix: bool = False) -> str | None:
    """The initials of an organisation name of three or more capitalised words
    ("AMD" for "Advanced Micro Devices Inc."; minor words and, unless ``suffix``, a
    legal suffix do not count: "TSMC" for "Taiwan Semiconductor Manufacturing Co."
    with it), or None for other names."""
    words = name.split() if suffix else without_legal_suffixes(name.split())
    if len(words) < 3 or not all(w[:1].isupper() or w in _MINOR_WORDS for w in words):
        return None
    return "".join(w[0] for w in words if w not in _MINOR_WORDS)


def is_initialism(name: str) -> bool:
    """An all-capital name of three to six letters ("AMD", "TSMC")."""
    return 3 <= len(name) <= 6 and name.isalpha() and name.isupper()
