"""Entity mentions: spaCy entity spans cleaned, typed and filtered.

Span cleaning drops leading determiners and possessives, trailing possessive
``'s`` and punctuation, and cuts a span at a line break. Each mention also gets
*type cues* from its context ("smartphone maker Xiaomi", "the Xiao Ai smart voice
assistant") that resolution uses, together with the model's label, in the
corpus-wide type vote.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .lexicon import is_known_place, lexicon

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Span, Token

__all__ = [
    "POSSESSIVE",
    "SPACY_TO_KGRAPH",
    "Candidate",
    "Layout",
    "appositive_kind",
    "candidates",
    "common_words",
    "context_cue",
    "is_dictionary_word",
    "is_headline",
    "is_title",
    "layout",
    "person_by_context",
]

#: spaCy labels kept, mapped to kgraph types. Other labels (DATE, MONEY, NORP, ...)
#: are not entities of the graph.
SPACY_TO_KGRAPH: dict[str, str] = {
    "ORG": "ORG",
    "PERSON": "PERSON",
    "GPE": "PLACE",
    "LOC": "PLACE",
    "FAC": "PLACE",
    "PRODUCT": "PRODUCT",
    "TECH": "TECH",
}

_TRAIL_PUNCT = set(".,;:!?\"'“”‘’()[]{}-–—/|*•")
POSSESSIVE = {"'s", "’s", "'", "’", "'S", "’S"}


@dataclass(frozen=True, slots=True)
class Candidate:
    """A cleaned entity span, still tied to its token offsets."""

    start: int  # token index
    end: int  # token index (exclusive)
    text: str
    type: str
    source: str
    cue: str | None  # type suggested by context, if any
    headline: bool  # inside a title-cased line


def common_words(nlp: Language) -> frozenset[str]:
    """Return the lower-case English dictionary words the pipeline's lemmatizer knows."""
    return _common_words_cached(id(nlp), nlp)


_WORDS: dict[int, frozenset[str]] = {}


def _common_words_cached(key: int, nlp: Language) -> frozenset[str]:
    words = _WORDS.get(key)
    if words is None:
        found: set[str] = set()
        if "lemmatizer" in nlp.pipe_names:
            lemmatizer: Any = nlp.get_pipe("lemmatizer")
            lookups = lemmatizer.lookups
            if lookups.has_table("lemma_index"):
                for values in lookups.get_table("lemma_index").values():
                    found.update(w for w in values if w.isalpha())
        words = frozenset(found)
        _WORDS[key] = words
    return words


def is_title(text: str) -> bool:
    """Whether ``text`` is a job title only ("Chief Executive Officer", "President and
    CEO"): every word a person cue or a title word of the lexicon."""
    lex = lexicon()
    return all(w in lex.person_cues or w in lex.title_words for w in text.lower().split())


def is_dictionary_word(word: str, words: frozenset[str]) -> bool:
    """Return whether ``word`` (any case) or its singular is an English dictionary word.

    >>> is_dictionary_word("Engines", frozenset({"engine"}))
    True
    """
    w = word.lower()
    if w in words:
        return True
    if w.endswith("ies") and w[:-3] + "y" in words:
        return True
    if w.endswith("es") and w[:-2] in words:
        return True
    return w.endswith("s") and w[:-1] in words


def _clean(span: Span) -> tuple[int, int] | None:
    lex = lexicon()
    doc = span.doc
    start, end = span.start, span.end
    # Cut at a line break: a name never spans two lines of a page.
    for i in range(start, end):
        if "\n" in doc[i].text or "\n" in doc[i].whitespace_:
            end = i if "\n" in doc[i].text else i + 1
            break
    while start < end and (doc[start].lower_ in lex.determiners or doc[start].text in _TRAIL_PUNCT):
        start += 1
    while end > start and (
        doc[end - 1].text in POSSESSIVE
        or doc[end - 1].text in _TRAIL_PUNCT
        or doc[end - 1].pos_ in ("CCONJ", "ADP", "DET")
    ):
        end -= 1
    if start >= end:
        return None
    return start, end


def _surface(doc: Doc, start: int, end: int) -> str:
    text = doc[start:end].text
    while text and text[-1] in _TRAIL_PUNCT and not text.endswith(".)"):
        # "Lei Jun." and "Corp." differ: keep an abbreviation's period.
        if (
            text.endswith(".")
            and len(text) > 1
            and text[:-1].split()[-1].lower() + "." in (lexicon().corporate_suffixes)
        ):
            break
        text = text[:-1].rstrip()
    return text


def is_headline(sent: Span) -> bool:
    """Title case: every content word capitalised ("Giants in the Chip Industry")."""
    content = 0
    for t in sent:
        if t.is_alpha and not t.is_stop and len(t) > 3 and not t.like_num:
            if not t.text[0].isupper():
                return False  # most sentences: no need to read on
            content += 1
    return content >= 3


#: Legal forms that end only company names (not "Group" or "Global", which end
#: other names too).
_LEGAL_FORMS = frozenset(
    {"inc", "corp", "corporation", "incorporated", "ltd", "limited", "plc", "llc", "gmbh"}
)


def context_cue(doc: Doc, start: int, end: int, kg_type: str) -> str | None:
    """The type the context of ``doc[start:end]`` suggests for a name labelled ``kg_type``.

    "smartphone maker X", "X speaker", "X raised $2 billion", "San Francisco-based X":
    the cue resolution weighs together with the model's label; None if the context
    says nothing.
    """
    lex = lexicon()
    after = doc[end].lower_ if end < len(doc) else ""
    if end - start > 1 and doc[end - 1].lower_.rstrip(".") in _LEGAL_FORMS:
        return "ORG"  # "Veltra Inc.": a legal form names a company, never a person
    if person_by_context(doc, start, end):
        return "PERSON"
    # "The Santa Monica, California-based publisher": a city before its region.
    if _city_before_region(doc, end):
        return "PLACE"
    before_kind = _preceding_apposition(doc, start, end)
    if before_kind is not None and (before_kind != "PERSON" or end - start > 1):
        return before_kind
    # Skip a determiner or a dash: "speaker – the Harman Kardon Invoke".
    b = start - 1
    skipped_punct = False
    while b >= 0 and (doc[b].pos_ == "DET" or doc[b].is_punct) and start - b <= 3:
        skipped_punct = skipped_punct or doc[b].is_punct
        b -= 1
    before = doc[b].lower_ if b >= 0 else ""
    # "X smart voice assistant": up to three modifiers, then a product noun.
    for k in range(end, min(end + 4, len(doc))):
        if doc[k].lower_ in lex.product_heads and doc[k].pos_ == "NOUN":
            return "PRODUCT"
        if doc[k].pos_ not in ("ADJ", "NOUN") or doc[k].ent_type_:
            break
    if before in lex.product_heads and skipped_punct:
        return "PRODUCT"
    if start and doc[start - 1].text in POSSESSIVE and _kind_after(doc, end, lex.product_kinds):
        # "Microsoft's Windows operating system", "Qualcomm's X inference accelerator".
        return "PRODUCT"
    if _product_by_syntax(doc[start:end].root):
        return "PRODUCT"
    if after == ",":
        kind = appositive_kind(doc, end)
        if kind is not None:
            return kind
    if after in ("'s", "’s") and end + 1 < len(doc):
        # "Nvidia's chief executive", "Arm's shares"
        k = end + 1
        while k < len(doc) and doc[k].pos_ == "ADJ" and k - end < 3:
            k += 1
        if k < len(doc) and doc[k].lower_ in lex.org_cues_after:
            return "ORG"
        # "Nvidia's H200 accelerators", "Nvidia's A800": the maker of a model, unless
        # the name is a well-known place or a person named in full.
        code = doc[end + 1].text
        model = code[:1].isupper() and any(c.isdigit() for c in code) and code.isalnum()
        if model and kg_type in ("PLACE", "ORG") and not is_known_place(doc[start:end].text):
            return "ORG"
    if after in lex.org_cues_after or doc[start - 1 if start else 0].lower_ in lex.org_cues:
        return "ORG"
    # Corporate context is a vote against the model's label, but a well-known place
    # stays a place ("San Jose, the chipmaker's home", "China acquired a stake").
    if not is_known_place(doc[start:end].text):
        if _org_by_context(doc, start, end):
            return "ORG"
        # The syntax rescues names the model called places or one-word people; a
        # full personal name or a product keeps its label ("Llama 2 … shipped").
        mislabel = kg_type in ("PLACE", "ORG") or (kg_type == "PERSON" and end - start == 1)
        if mislabel and _org_by_syntax(doc[start:end].root):
            return "ORG"
    if after == "," and end + 1 < len(doc):
        # "Demis Hassabis, the co-founder and chief executive of DeepMind", "Omri
        # Geller, its chief executive"
        k = end + 1
        while (
            k < len(doc)
            and k - end < 4
            and (doc[k].pos_ in ("DET", "ADJ") or doc[k].lower_ in ("its", "their"))
        ):
            k += 1
        if k < len(doc) and end - start > 1 and doc[k].lower_ in lex.person_cues | {"co"}:
            return "PERSON"
    if start and doc[start - 1].lower_ in lex.person_cues and end - start > 1:
        return "PERSON"
    if after == "-" and end + 1 < len(doc) and doc[end + 1].lower_ in ("based", "headquartered"):
        return "PLACE"
    # "the maker of Call of Duty", "the developer of Grok": what it makes.
    maker = doc[start - 2].lower_ if start >= 2 and doc[start - 1].lower_ == "of" else ""
    if kg_type != "PERSON" and maker in lex.maker_nouns - {"owner", "vendor", "supplier"}:
        return "PRODUCT"
    last = doc[end - 1].lower_
    if end - start > 1 and last in lex.unit_heads | lex.corporate_suffixes:
        return "ORG"
    return None


_APPOSITIVE_OPENERS = frozenset(("a", "an", "the", "its", "their"))


def appositive_kind(doc: Doc, comma: int) -> str | None:
    """The type an apposition after the comma ``doc[comma]`` gives the name before it.

    "Perplexity AI, the search startup that …" (ORG), "Dolly, an open
    instruction-following language model" (PRODUCT), "Gemini Pro, Google's most
    capable model" (PRODUCT): an article, a possessive pronoun or "<Name>'s", up to
    six modifiers, then a head noun that says what the name is. Read from the words,
    not the parse, which often gets such appositions wrong. None if the phrase after
    the comma is no such apposition ("X, the company's chief executive").
    """
    lex = lexicon()
    n = len(doc)
    k = comma + 1
    if k < n and doc[k].lower_ in _APPOSITIVE_OPENERS:
        k += 1
    else:
        # "<Name>'s": a possessor of up to three proper nouns.
        j = k
        while j < n and j - k < 3 and doc[j].pos_ == "PROPN":
            j += 1
        if j == k or j >= n or doc[j].text not in POSSESSIVE:
            return None
        k = j + 1
    head = -1
    j = k
    while j < n and j - k < 7:
        tok = doc[j]
        if tok.pos_ in ("NOUN", "ADJ", "NUM", "ADV") or tok.text in ("-", "–"):
            head = j if tok.pos_ == "NOUN" else -1
        elif tok.pos_ == "VERB" and tok.dep_ == "amod":
            head = -1
        else:
            break
        j += 1
    if head < 0 or head != j - 1 or (j < n and doc[j].text in POSSESSIVE):
        return None
    word, lemma = doc[head].lower_, doc[head].lemma_.lower()
    if word in lex.appositive_org_kinds or lemma in lex.appositive_org_kinds:
        return "ORG"
    if word in lex.product_kinds or lemma in lex.product_kinds:
        return "PRODUCT"
    return None


def _kind_after(doc: Doc, end: int, kinds: frozenset[str]) -> bool:
    """Whether up to two modifiers and then a noun of ``kinds`` that heads the phrase
    follow ``doc[end]`` ("operating system"; not "IP products group")."""
    for k in range(end, min(end + 3, len(doc))):
        tok = doc[k]
        if tok.pos_ == "NOUN" and tok.lower_ in kinds:
            return k + 1 == len(doc) or doc[k + 1].pos_ not in ("NOUN", "PROPN")
        if tok.pos_ not in ("ADJ", "NOUN") and not (tok.pos_ == "VERB" and tok.dep_ == "amod"):
            return False
    return False


def _city_before_region(doc: Doc, end: int) -> bool:
    """ "The Santa Monica, California-based publisher", "Secaucus, New Jersey-based":
    a name, a comma, a known region and "-based" (or "-headquartered")."""
    if end + 3 >= len(doc) or doc[end].text != ",":
        return False
    # The region may be two or three words ("New Jersey-based").
    for dash in range(end + 2, min(end + 5, len(doc) - 1)):
        if doc[dash].text == "-":
            based = doc[dash + 1].lower_ in ("based", "headquartered")
            return based and is_known_place(doc[end + 1 : dash].text)
    return False


_PERSONAL = frozenset(("he", "she", "his", "her"))
_SPEECH = frozenset(("say", "tell", "add", "write", "note", "explain", "insist", "argue"))


#: Head nouns of job titles besides the person cues ("chief financial officer").
_TITLE_HEADS = frozenset({"officer", "chair", "partner", "cofounder"})


@functools.lru_cache(maxsize=1)
def _person_context_words() -> tuple[frozenset[str], frozenset[str]]:
    """The last words of organisations' names, and the head nouns of job titles, for
    :func:`person_by_context` (read once: it runs for every name)."""
    lex = lexicon()
    return (
        lex.unit_heads | lex.institution_heads | lex.corporate_suffixes,
        lex.person_cues | _TITLE_HEADS,
    )


def person_by_context(doc: Doc, start: int, end: int) -> bool:
    """Whether the words around a name say it is a person, whatever the model says.

    "Slootman, 65, who ..." (an age in apposition), "X, Hooli's chief executive, ..."
    (a job title in apposition), "X, who has chaired ..." and "Ramaswamy said he would ...",
    "X did not say whether she ...", "X said his company ..." (a personal pronoun,
    or its possessive, subject of the clause that the name's speech verb governs).
    """
    n = len(doc)
    after = doc[end] if end < n else None
    if after is not None and after.text == "," and end + 2 < n and doc[end + 2].text == ",":
        age = doc[end + 1].text
        if age.isdigit() and 18 <= int(age) <= 110:
            return True
    # A name's head is nearly always its last word; the span root only otherwise.
    last = doc[end - 1]
    root = last if not start <= last.head.i < end else doc[start:end].root
    organisation_heads, titles = _person_context_words()
    if last.lower_ in organisation_heads:
        # Not "a researcher at Hooli Research Institute, an advanced speech scientist
        # at ...": a list of roles the parse hangs off an institution's name.
        return False
    # "Hasso Plattner, who has chaired ...": "who" stands for people.
    if (
        after is not None
        and after.text == ","
        and end + 1 < n
        and doc[end + 1].lower_ == "who"
        and doc[end + 1].head.dep_ == "relcl"
        and doc[end + 1].head.head.i == root.i
    ):
        return True
    # "Shou Zi Chew, TikTok's chief executive, said": a job title in apposition.
    if any(c.dep_ == "appos" and c.i > end and c.lower_ in titles for c in root.children):
        return True
    verb = root.head
    if root.dep_ != "nsubj" or verb.lemma_.lower() not in _SPEECH:
        return False
    for clause in verb.children:
        if clause.dep_ != "ccomp" or clause.i < end:
            continue
        for child in clause.children:
            if child.dep_ not in ("nsubj", "nsubjpass"):
                continue
            if child.lower_ in ("he", "she"):
                return True
            # "X said his company had ...".
            if any(g.dep_ == "poss" and g.lower_ in ("his", "her") for g in child.children):
                return True
    return False


def _preceding_apposition(doc: Doc, start: int, end: int) -> str | None:
    """The type an apposition *before* a name gives it: "his artificial intelligence
    company, xAI, had ...", "its chatbot, Grok.", "its chief executive, Jane Doe,".

    The phrase before the comma is a noun phrase not governed by a preposition ("At
    the company, Smith said" is no apposition), whose head noun names a kind of
    organisation, product or role; the name is closed by a comma, a full stop or the
    end of the sentence.
    """
    if start < 2 or doc[start - 1].text != ",":
        return None
    if end < len(doc) and doc[end].text not in (",", ".", ";") and not doc[end].is_sent_start:
        return None
    head = doc[start - 2]
    if head.pos_ != "NOUN" or not head.is_lower:
        return None
    k = start - 3
    while k >= 0 and doc[k].pos_ in ("NOUN", "ADJ", "DET", "PRON", "PUNCT") and doc[k].text != ",":
        if doc[k].pos_ == "PUNCT" and doc[k].text not in ("-", "–"):
            break
        k -= 1
    if k >= 0 and doc[k].pos_ == "ADP":
        return None
    lex = lexicon()
    word, lemma = head.lower_, head.lemma_.lower()
    if word in lex.appositive_org_kinds or lemma in lex.appositive_org_kinds:
        return "ORG"
    if word in lex.product_kinds or lemma in lex.product_kinds:
        return "PRODUCT"
    if word in lex.person_cues:
        return "PERSON"
    return None


def _org_by_context(doc: Doc, start: int, end: int) -> bool:
    """Whether the words around a name say it is an organisation, whatever the parse.

    "San Francisco-based X" (a company based somewhere), "X-backed" (a backer),
    "the acquisition of X", "a stake in X" (what is bought or invested in) and "an
    engineer at X" (a workplace).
    """
    lex = lexicon()
    based = start >= 2 and doc[start - 1].lower_ in ("based", "headquartered")
    if based and doc[start - 2].text in ("-", "–"):
        return True
    if end + 1 < len(doc) and doc[end].text == "-" and doc[end + 1].lower_ == "backed":
        return True
    if start >= 2 and doc[start - 1].lower_ in ("of", "in"):
        return doc[start - 2].lower_ in lex.org_object_nouns
    # "an engineer at X", "chief executive at X": a workplace.
    return start >= 2 and doc[start - 1].lower_ == "at" and doc[start - 2].lower_ in lex.person_cues


def _org_by_syntax(root: Token) -> bool:
    """Whether the parse says the name headed by ``root`` is an organisation.

    The subject of a corporate verb ("X raised $2 billion", "X acquired Y", "X laid off
    staff"), the object of an acquisition verb ("Y bought X"), the passive subject of
    "found" ("X was founded in 2019"), an apposition headed by a kind of organisation
    ("X, the chip maker", "X, a unit of Y") and a member of a list of organisations
    ("investors including X and Y").
    """
    lex = lexicon()
    head = root.head
    lemma = head.lemma_.lower()
    if root.dep_ in ("nsubj", "nsubjpass") and head.pos_ in ("VERB", "AUX"):
        if root.dep_ == "nsubj" and lemma in lex.org_verbs:
            return True
        if root.dep_ == "nsubjpass" and lemma in ("found", "co-found", "cofound", "acquire"):
            return True
    if root.dep_ == "dobj" and head.pos_ == "VERB" and lemma in lex.org_object_verbs:
        return True
    # "xAI, which Musk founded last year": the object of a founding verb.
    founding = ("found", "co-found", "cofound")
    for clause in root.children:
        if clause.dep_ != "relcl" or clause.lemma_.lower() not in founding:
            continue
        if any(c.dep_ == "dobj" and c.lower_ in ("which", "that") for c in clause.children):
            return True
    if any(
        c.dep_ == "appos" and c.pos_ == "NOUN" and c.lemma_.lower() in lex.org_kinds
        for c in root.children
    ):
        return True
    return _listed_as(root, lex.org_lists)


def _first_conjunct(tok: Token) -> Token:
    """The first member of the coordinated list ``tok`` is in ("A" for "C" in "A, B and
    C"), or ``tok`` itself: the member the list's governor attaches to."""
    while tok.dep_ == "conj" and tok.head.i < tok.i:
        tok = tok.head
    return tok


def _listed_as(root: Token, kinds: frozenset[str]) -> bool:
    """Whether ``root`` is a member of "<kind> such as/including/like A, B and C"."""
    first = _first_conjunct(root)
    lister = first.head
    if first.dep_ == "pobj" and lister.lower_ in ("including", "like", "as"):
        owner = lister.head
        if lister.lower_ == "as" and owner.lower_ == "such":
            owner = owner.head
        return owner.lower_ in kinds or owner.lemma_.lower() in kinds
    return False


def _product_by_syntax(root: Token) -> bool:
    """Whether the parse says the name headed by ``root`` is a product.

    "Apple released the iPhone" (object of a launch verb), "the iPhone maker" (a name
    before a maker noun), "products including Copilot and Bing" (a list of products),
    "AlphaGo, the program that …" and "NIM, a set of software tools" (an apposition
    headed by a product noun).
    """
    lex = lexicon()
    head = root.head
    launched = root.dep_ in ("dobj", "nsubjpass") and head.pos_ == "VERB"
    if launched and head.lemma_.lower() in lex.product_verbs:
        return True
    if root.dep_ == "compound" and head.lower_ in lex.maker_nouns:
        return True
    return _listed_as_product(root) or any(
        _product_apposition(child) for child in root.children if child.dep_ == "appos"
    )


def _listed_as_product(root: Token) -> bool:
    lex = lexicon()
    first = _first_conjunct(root)
    lister = first.head
    if first.dep_ == "pobj" and lister.lower_ in ("including", "like", "as"):
        return lister.head.lemma_.lower() in lex.product_lists
    if first.dep_ == "dobj" and lister.lemma_ == "include":
        subjects = [c for c in lister.children if c.dep_ == "nsubj"]
        return any(c.lemma_.lower() in lex.product_lists for c in subjects)
    return False


def _product_apposition(appos: Token) -> bool:
    lex = lexicon()
    if appos.pos_ != "NOUN":
        return False
    kind = appos.lemma_.lower()
    if kind in lex.product_collectives:
        of = [g for p in appos.children if p.lower_ == "of" for g in p.children]
        kind = of[0].lemma_.lower() if of else kind
    return kind in lex.product_kinds or appos.lower_ in lex.product_kinds


@dataclass(frozen=True, slots=True)
class Layout:
    """A document's sentences, found once: the sentence spans, the start of each
    token's sentence and the starts of the title-cased (headline) sentences.

    ``Doc.sents`` scans every token for boundaries on each call; extraction asks for
    the sentences many times per document.
    """

    sents: tuple[Span, ...]
    starts: tuple[int, ...]
    headlines: frozenset[int]


def layout(doc: Doc) -> Layout:
    """Return the :class:`Layout` of ``doc``."""
    sents = tuple(doc.sents)
    starts = [0] * len(doc)
    for sent in sents:
        for i in range(sent.start, sent.end):
            starts[i] = sent.start
    headlines = frozenset(s.start for s in sents if is_headline(s))
    return Layout(sents, tuple(starts), headlines)


def _truecase(sent: Span, words: frozenset[str], headline: bool) -> str | None:
    """Return ``sent``'s text with headline capitals and dateline caps undone.

    Title case ("Giants in the Chip Industry – Qualcomm, Alibaba and WIMI Entering
    the Battlefield") and all-caps datelines ("HONG KONG, CHINA / ACCESSWIRE /")
    mislead the statistical NER. Capitalised dictionary words are lower-cased and
    dateline capitals title-cased; character offsets stay the same, so entities found
    in the re-cased text map straight back. None if nothing changes.
    """
    dateline = len(sent) > 2 and sent[0].is_upper and sent[0].is_alpha and len(sent[0]) > 2
    if dateline:
        # A dateline's capitals end at punctuation ("SANTA CLARA, Calif. -", "BEIJING
        # -"); "AMD chair and chief executive ..." opens with a name, not a dateline.
        k = 0
        while k < len(sent) and sent[k].is_upper and sent[k].is_alpha:
            k += 1
        dateline = k < len(sent) and sent[k].text in _DATELINE_ENDS
    if not (dateline or headline):
        return None  # most sentences: nothing to re-case
    chars = list(sent.text)
    base = sent.start_char
    changed = False
    for tok in sent:
        if dateline and tok.is_lower:
            dateline = False
        new = tok.text
        if dateline and tok.is_upper and tok.is_alpha and len(tok) > 2:
            new = tok.text.title()
        elif headline and tok.is_title and is_dictionary_word(tok.text, words):
            new = tok.text.lower()
        if new != tok.text and len(new) == len(tok.text):
            i = tok.idx - base
            chars[i : i + len(new)] = new
            changed = True
    return "".join(chars) if changed else None


def _entity_spans(
    doc: Doc, nlp: Language, words: frozenset[str], lay: Layout
) -> Iterator[tuple[Span, str, str]]:
    """Yield ``(span, spaCy label, rule id)`` for the document's entities.

    Sentences in title case or opening with an all-caps dateline are re-parsed in
    normal case (see :func:`_truecase`).
    """
    starts = lay.starts
    recased: dict[int, list[tuple[Span, str, str]]] = {}
    for sent in lay.sents:
        text = _truecase(sent, words, sent.start in lay.headlines)
        if text is None:
            continue
        found = []
        for ent in nlp(text).ents:
            span = doc.char_span(sent.start_char + ent.start_char, sent.start_char + ent.end_char)
            if span is not None:
                found.append((span, ent.label_, ent.ent_id_))
        recased[sent.start] = found
    done: set[int] = set()
    for ent in doc.ents:
        start = starts[ent.start]
        if start in recased:
            if start not in done:
                done.add(start)
                yield from recased[start]
            continue
        yield ent, ent.label_, ent.ent_id_
    for start, found in recased.items():
        if start not in done:
            yield from found


_DASHES = frozenset({"-", "–", "—", "--"})
#: What follows the capitals of a dateline.
_DATELINE_ENDS = frozenset({",", "(", "/", ":", *_DASHES})


_NAME_CONNECTORS = frozenset({"the", "of", "in", "and", "for", "on"})


def _institution_name_end(doc: Doc, start: int, end: int) -> int:
    """Where an institution's name really ends: "House Select Committee on the Chinese
    Communist Party", "Committee on Foreign Investment in the United States", when the
    model stopped at the head word. Only after an institution's head word ("Committee",
    "Commission", ...) and "on" or "for", through capitalised words and the small
    words between them; never into a date."""
    lex = lexicon()
    n = len(doc)
    if end + 1 >= n:
        return end
    head_end = doc[end - 1].lower_ in lex.institution_heads and doc[end - 1].text[:1].isupper()
    if head_end and doc[end].lower_ in ("on", "for"):
        k, last = end + 1, end
    elif doc[end].lower_ in ("in", "of") and any(
        doc[i].lower_ in lex.institution_heads and doc[i + 1].lower_ in ("on", "for")
        for i in range(start, end - 1)
    ):
        # "Committee on Foreign Investment | in the United States"
        k, last = end + 1, end
    else:
        return end
    while k < n and k - end < 10:
        tok = doc[k]
        if tok.ent_type_ in ("DATE", "TIME", "MONEY", "CARDINAL"):
            break
        if tok.is_title or (tok.is_upper and tok.is_alpha):
            last = k + 1
        elif tok.lower_ not in _NAME_CONNECTORS:
            break
        k += 1
    return last if last > end + 1 else end


def _legal_name_start(doc: Doc, start: int, end: int, sent_start: int) -> int:
    """Where an organisation's legal name really starts: "International Business
    Machines Corp." when the model began the span one word late. Only a name ending in
    a legal suffix takes the capitalised proper nouns right before it (up to two)."""
    lex = lexicon()
    if doc[end - 1].lower_.rstrip(".") not in lex.corporate_suffixes:
        return start
    k = start
    while k > sent_start and start - k < 2:
        tok = doc[k - 1]
        if (
            tok.pos_ != "PROPN"
            or not tok.is_title
            or tok.ent_type_
            or tok.lower_ in lex.person_cues
        ):
            break
        k -= 1
    return k


def _dateline(doc: Doc, start: int, end: int) -> tuple[int, int] | None:
    """Find a wire dateline the model ran into a name: "BEIJING - Hooli Inc".

    A name never contains a dash set off by spaces after a place in capitals
    ("SAN FRANCISCO, Calif. —", "LONDON (Reuters) -") or a well-known place. Returns
    the end of the place (exclusive) and the index after the dash, or None.
    """
    for i in range(start + 1, end):
        tok = doc[i]
        if tok.text not in _DASHES or not doc[i - 1].whitespace_ or not tok.whitespace_:
            continue
        place_end = start
        while place_end < i and doc[place_end].text not in (",", "("):
            place_end += 1
        words = [t for t in doc[start:place_end] if t.is_alpha]
        if not words:
            return None
        shouting = all(t.is_upper for t in words)
        if shouting or is_known_place(doc[start:place_end].text):
            return place_end, i + 1
        return None
    return None


#: Words that begin real dates ("June 5", "Q3 2024", "fiscal 2025").
_DATE_WORDS = frozenset(
    {"january", "february", "march", "april", "may", "june", "july", "august",
     "september", "october", "november", "december", "jan", "feb", "mar", "apr", "jun",
     "jul", "aug", "sep", "sept", "oct", "nov", "dec", "monday", "tuesday", "wednesday",
     "thursday", "friday", "saturday", "sunday", "spring", "summer", "autumn", "fall",
     "winter", "q1", "q2", "q3", "q4", "fy", "fiscal", "year", "week", "day", "month",
     "quarter", "christmas", "easter"}
)  # fmt: skip


def _model_number(span: Span) -> bool:
    """Whether a span is a capitalised name and a small number ("Quest 3")."""
    words = span.text.split()
    return (
        len(words) == 2
        and words[0][:1].isupper()
        and words[0].isalpha()
        and words[0].lower() not in _DATE_WORDS
        and words[1].isdigit()
        and len(words[1]) <= 3
    )


def _trim_run_on(
    doc: Doc, start: int, end: int, kg_type: str, words: frozenset[str]
) -> tuple[int, int]:
    """Trim the words title case let the model run into a name.

    "Samsung Bring New Opportunities": capitalised dictionary words at either end go.
    A person's full name keeps its words, since first names are often dictionary words
    ("Mark", "Grace", "Jordan"); only a title goes ("Founder Lei Jun").
    """
    person_name = kg_type == "PERSON" and 2 <= end - start <= 3
    cues = lexicon().person_cues

    def run_on(t: Token) -> bool:
        if person_name:
            return t.is_punct or t.lower_ in cues
        return t.is_punct or (t.is_title and is_dictionary_word(t.text, words))

    while end - start > 1 and run_on(doc[end - 1]):
        end -= 1
    while end - start > 1 and run_on(doc[start]):
        start += 1
    return start, end


def candidates(doc: Doc, nlp: Language, *, lay: Layout | None = None) -> Iterator[Candidate]:
    """Yield cleaned, typed entity candidates of ``doc`` in text order.

    Drops spans that are not of a kept label, spans with no letter, one-letter
    spans, spans made only of generic words, and single-word names inside title-cased
    headlines that are ordinary English words ("Giants", "Battlefield"), which the
    model mistakes for names because of the capitals.
    """
    lex = lexicon()
    words = common_words(nlp)
    lay = lay if lay is not None else layout(doc)
    headline_sents = lay.headlines
    starts = lay.starts
    for ent, label, ent_id in _entity_spans(doc, nlp, words, lay):
        kg_type = SPACY_TO_KGRAPH.get(label)
        if (
            kg_type is None
            and label == "DATE"
            and _model_number(ent)
            # "sells the Quest 3 headset": a name and a number the model took for a
            # date, kept only where the words around it say it is a product.
            and context_cue(doc, ent.start, ent.end, "PRODUCT") == "PRODUCT"
        ):
            kg_type = "PRODUCT"
        if kg_type is None:
            continue
        cleaned = _clean(ent)
        if cleaned is None:
            continue
        start, end = cleaned
        dateline = _dateline(doc, start, end)
        if dateline is not None:
            # "BEIJING - Hooli Inc on Tuesday …": the dateline is a place of its own,
            # and the name starts after the dash.
            place_end, start = dateline
            text = _surface(doc, cleaned[0], place_end)
            if text:
                yield Candidate(cleaned[0], place_end, text, "PLACE", "ner", None, False)
            if start >= end:
                continue
        if kg_type == "ORG":
            start = _legal_name_start(doc, start, end, starts[ent.start])
            end = _institution_name_end(doc, start, end)
        headline = starts[ent.start] in headline_sents
        if headline and kg_type != "TECH":
            start, end = _trim_run_on(doc, start, end, kg_type, words)
        text = _surface(doc, start, end)
        if len(text) < 2 or not any(c.isalpha() for c in text) or "/" in text:
            continue
        if kg_type != "TECH" and (
            text.lower() in lex.generic_names
            # "Holdings", "CEO" alone: a legal suffix or a title, never a name.
            or text.lower() in lex.corporate_suffixes
            or text.lower() in lex.person_cues
            # "Chief Executive Officer": a title in capitals.
            or is_title(text)
        ):
            continue
        single = end - start == 1
        if (
            headline
            and single
            and kg_type != "TECH"
            and is_dictionary_word(doc[start].text, words)
            and not doc[start].text.isupper()
        ):
            continue
        source = "rule" if ent_id else "ner"
        cue = context_cue(doc, start, end, kg_type)
        yield Candidate(start, end, text, kg_type, source, cue, headline)
