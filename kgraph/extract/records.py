"""From a parsed spaCy ``Doc`` to a :class:`~kgraph.model.DocRecord`.

The record holds only plain values (character offsets, strings), so it pickles
across processes and machines and can be cached.
"""

from __future__ import annotations

import dataclasses
import re
from collections import defaultdict
from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..model import DocRecord, Document, Mention, Relation, Sentence
from ..predicates import PredicateRegistry
from .lexicon import is_known_place, lexicon, organisation_ends
from .mentions import (
    Candidate,
    Layout,
    appositive_kind,
    candidates,
    common_words,
    is_dictionary_word,
    layout,
    person_by_context,
)
from .names import (
    SHORT_FORM_RULES,
    coordination,
    drop_overlaps,
    initials,
    is_initialism,
    name_shaped,
    names_ending_in_acronym,
    repeated_names,
    split_joined_names,
    versioned_names,
    without_legal_suffixes,
)
from .patterns import LATENT, RuleSet
from .relations import extract_relations
from .verbs import VerbMatcher

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Token

__all__ = ["Extractor", "type_weight"]

#: Capitalised words of news that are never the start of a company or product name.
_NOT_NAMES = frozenset({"series", "round", "seed", "ipo", "q1", "q2", "q3", "q4", "fy"})
#: Model labels that say a capitalised word is no name of the graph.
_NOT_NAME_LABELS = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "NORP"})

#: Words that begin a surname ("De Freitas", "van der Berg", "bin Talal").
_SURNAME_PARTICLES = frozenset(
    {"de", "da", "di", "del", "della", "van", "von", "der", "la", "le", "du", "dos", "bin", "al"}
)

_ACRONYM = re.compile(r"\(([A-Z][A-Za-z0-9&]{1,9})\)")


def type_weight(
    source: str, cue: str | None, typ: str, n_tokens: int, *, known_place: bool = False
) -> float:
    """Weight of one mention's vote for ``typ``.

    Rules outrank the model; context cues ("maker X", "X speaker", "in X") outrank
    a bare label. A one-word PERSON label is weak, since people are normally
    introduced by their full name and single capitalised words are often companies.
    A PLACE label on a well-known place (``known_place``, see
    :func:`~kgraph.extract.lexicon.is_known_place`) is strong; on one word that is no
    known place it is weaker still than a one-word PERSON label, since the small model
    calls many young companies' names places ("Hooli", "Globex").
    """
    if source == "rule":
        return 3.0
    if typ == "PLACE" and known_place:
        return 2.0
    if cue == typ:
        return 2.0
    if typ == "PERSON" and n_tokens == 1:
        return 0.3
    if typ == "PLACE" and n_tokens == 1:
        return 0.25
    return 1.0


class Extractor:
    """Turns parsed documents into records; one instance per pipeline."""

    def __init__(self, nlp: Language, rules: RuleSet, predicates: PredicateRegistry) -> None:
        self.nlp = nlp
        self.rules = rules
        self.predicates = predicates
        self._words = common_words(nlp)
        self._verbs = VerbMatcher(nlp.vocab, rules)

    def extract(self, doc: Doc, document: Document) -> DocRecord:
        """Return the record of ``document`` parsed as ``doc``."""
        lay = layout(doc)
        sents = lay.sents
        sentences = tuple(Sentence(s.start_char, s.end_char) for s in sents)
        sent_of = {}
        for si, s in enumerate(sents):
            for i in range(s.start, s.end):
                sent_of[i] = si
        cands = split_joined_names(doc, list(candidates(doc, self.nlp, lay=lay)))
        cands = _without_events(doc, cands)
        cands = names_ending_in_acronym(doc, cands, self._words)
        cands = versioned_names(doc, cands, self._words)
        cands += self._product_phrases(doc, cands, lay)
        cands += self._appositive_names(doc, cands, lay)
        cands += _code_names(doc, cands)
        cands.sort(key=lambda c: (c.start, -c.end))
        cands = drop_overlaps(cands)
        cands = coordination(doc, cands)
        org_short_forms = _org_short_forms(doc, cands)
        cands = repeated_names(doc, cands, self._words, {s for s, _, _ in org_short_forms})
        links, dropped = self._links(doc, cands)
        links |= org_short_forms
        cands = [c for c in cands if c.text not in dropped]
        types, votes = _vote(cands, links, self._words)
        latent = self._latent_names(doc, cands, lay)
        mentions = [
            Mention(
                start=doc[c.start].idx,
                end=doc[c.end - 1].idx + len(doc[c.end - 1].text),
                text=c.text,
                type=types.get(c.text, c.type),
                sentence=sent_of.get(c.start, 0),
                source=c.source,
            )
            for c in (*cands, *latent)
        ]
        relations, promoted = extract_relations(
            doc, mentions, self.rules, self.predicates, verbs=self._verbs, sents=sents
        )
        mentions, relations, extra_votes = _settle_latent(mentions, relations, promoted)
        links |= _latent_short_forms(mentions)
        return DocRecord(
            document=document,
            sentences=sentences,
            mentions=tuple(mentions),
            relations=relations,
            links=tuple(sorted(links)),
            type_votes=tuple(sorted(votes + extra_votes)),
        )

    def _latent_names(self, doc: Doc, cands: Sequence[Candidate], lay: Layout) -> list[Candidate]:
        """Proper-noun runs the model left unlabelled: "Broadcom", "Arm", "Mistral".

        They become entities only if a relation pattern binds them in a slot that
        says what they are ("Broadcom chief executive Hock Tan": an organisation);
        see :func:`_settle_latent`.
        """
        taken = {i for c in cands for i in range(c.start, c.end)}
        taken.update(i for ent in doc.ents for i in range(ent.start, ent.end))
        lex = lexicon()
        stop = lex.person_cues | lex.generic_names | lex.org_cues | _NOT_NAMES
        # A surname the model missed ("Musk's xAI" after "Elon Musk") is that person.
        surnames = {
            w: c
            for c in cands
            if (c.cue or c.type) == "PERSON" and c.end - c.start > 1
            for w in c.text.split()[1:]
        }
        headlines = lay.headlines
        starts = lay.starts
        out: list[Candidate] = []
        # Read once: the loops below test every token, and most are no name.
        texts = [t.text for t in doc]
        propn = [t.pos_ == "PROPN" for t in doc]
        i = 0
        while i < len(doc):
            if i in taken or not ((propn[i] and texts[i][:1].isupper()) or name_shaped(texts[i])):
                i += 1
                continue
            j = i + 1
            while (
                j < len(doc)
                and j not in taken
                and (
                    (propn[j] and (texts[j][:1].isupper() or texts[j][:1].isdigit()))
                    or name_shaped(texts[j])
                )
            ):
                j += 1
            if j < len(doc) and j not in taken and texts[j].isdigit() and len(texts[j]) <= 3:
                j += 1  # "Quest 3", "Series 9": a model number ends the name
            words = [t for t in doc[i:j]]
            if any(t.lower_ in stop for t in words) or (
                starts[i] in headlines
                and all(is_dictionary_word(t.text, self._words) for t in words)
            ):
                i = j
                continue
            span = doc[i:j]
            if j - i == 1 and span.text in surnames:
                out.append(Candidate(i, j, span.text, "PERSON", "ner", "PERSON", False))
            elif 1 < j - i <= 3 and _personal_name(words, self._words, doc, i, j):
                # "Elon Musk said his company ...", missed by the model.
                out.append(Candidate(i, j, span.text, "PERSON", "ner", "PERSON", False))
            else:
                out.append(Candidate(i, j, span.text, LATENT, "pattern", None, False))
            i = j
        # "Musk" after "Elon Musk", a name found just above.
        found = {
            w for c in out if c.type == "PERSON" and c.end - c.start > 1 for w in c.text.split()[1:]
        }
        return [
            dataclasses.replace(c, type="PERSON", source="ner", cue="PERSON")
            if c.type == LATENT and c.text in found
            else c
            for c in out
        ]

    def _product_phrases(
        self, doc: Doc, cands: Sequence[Candidate], lay: Layout
    ) -> list[Candidate]:
        """Names followed by a product noun ("Mi AI speaker", "Surface tablets")."""
        taken = {i for c in cands if c.type != "TECH" for i in range(c.start, c.end)}
        heads = lexicon().product_heads
        headlines = {c.start for c in cands if c.headline} | lay.headlines
        starts = lay.starts
        out: list[Candidate] = []
        for tok in doc:
            if tok.lower_ not in heads or tok.pos_ != "NOUN" or tok.i == 0:
                continue
            j = tok.i
            while (
                j > 0
                and doc[j - 1].text[:1].isupper()
                and doc[j - 1].is_alpha
                and (doc[j - 1].pos_ not in ("DET", "PRON", "ADP", "CCONJ", "VERB", "AUX", "ADJ"))
                and (j - 1) not in taken
                and not doc[j - 1].is_sent_start
            ):
                j -= 1
            if j == tok.i:
                continue
            span = doc[j : tok.i]
            if starts[tok.i] in headlines:
                # Title case capitalises every word: "Smart Speaker" is no name.
                continue
            out.append(Candidate(j, tok.i, span.text, "PRODUCT", "rule", "PRODUCT", False))
        return out

    def _appositive_names(
        self, doc: Doc, cands: Sequence[Candidate], lay: Layout
    ) -> list[Candidate]:
        """Capitalised names the model missed that an apposition defines: "Perplexity
        AI, the search startup that …", "Dolly, an open language model".

        One word that is also a dictionary word ("Today, the company said") is left
        alone; so are dates, numbers and headline lines.
        """
        taken = {i for c in cands if c.type != "TECH" for i in range(c.start, c.end)}
        out: list[Candidate] = []
        for comma in range(1, len(doc)):
            if doc[comma].text != "," or (comma - 1) in taken:
                continue
            kind = appositive_kind(doc, comma)
            if kind is None or lay.starts[comma] in lay.headlines:
                continue
            j = comma
            while (
                j > 0
                and comma - j < 4
                and (j - 1) not in taken
                and (doc[j - 1].text[:1].isupper() or name_shaped(doc[j - 1].text))
                and (doc[j - 1].is_alpha or doc[j - 1].text.isalnum())
                and doc[j - 1].ent_type_ not in _NOT_NAME_LABELS
                and doc[j - 1].pos_ not in ("DET", "PRON", "ADP", "CCONJ", "VERB", "AUX")
            ):
                j -= 1
            if j == comma:
                continue
            span = doc[j:comma]
            words = span.text.split()
            if len(words) == 1 and (
                is_dictionary_word(words[0], self._words) or words[0].lower() in _NOT_NAMES
            ):
                continue
            if is_known_place(span.text):
                continue
            out.append(Candidate(j, comma, span.text, kind, "rule", kind, False))
        return out

    def _links(
        self, doc: Doc, cands: Sequence[Candidate]
    ) -> tuple[set[tuple[str, str, str]], set[str]]:
        links: set[tuple[str, str, str]] = set()
        dropped: set[str] = set()
        # Short forms: "Lei" or "Nadella" beside "Satya Nadella" in the same document
        # (before or after it: headlines and captions often come first).
        full_names = {
            c.text
            for c in cands
            if (c.cue or c.type) == "PERSON" and 1 < c.end - c.start <= 3 and c.source != "rule"
        }
        names = {c.text for c in cands if c.end - c.start > 1}
        institutions = lexicon().institution_heads
        org_names = {
            c.text for c in cands if (c.cue or c.type) == "ORG" and 1 < c.end - c.start <= 6
        }
        for c in cands:
            if c.end - c.start == 2 and doc[c.start].lower_ in _SURNAME_PARTICLES:
                # "De Freitas" after "Daniel De Freitas", "bin Talal" after "Alwaleed
                # bin Talal": a surname with its particle.
                owners = {n for n in full_names if n.endswith(" " + c.text) and n != c.text}
                if len(owners) == 1 and c.type in ("PERSON", "ORG"):
                    links.add((c.text, owners.pop(), "short-form"))
                continue
            if c.end - c.start != 1:
                continue
            if c.text.lower() in institutions and c.text[:1].isupper():
                # "the Commission" after "the European Commission".
                owners = {n for n in org_names if n.split()[-1] == c.text}
                if len(owners) == 1:
                    links.add((c.text, owners.pop(), "institution-short-form"))
                continue
            if c.type == "ORG" and c.text[:1].isupper():
                # "Commerce Secretary Gina Raimondo" beside "the Commerce Department"
                # or "the Department of Commerce": the one institution so named.
                owners = {n for n in org_names if _institution_named_by(n, c.text)}
                if len(owners) == 1:
                    links.add((c.text, owners.pop(), "institution-short-form"))
                    continue
            if c.type in ("PERSON", "ORG"):
                owners = {
                    n
                    for n in full_names
                    if c.text in n.split()
                    and n != c.text
                    and not _is_unit_name(c.text, n, self._words, names=names)
                }
            elif c.type == "PLACE" and not is_known_place(c.text):
                # A surname the model took for a place ("Kessler said" after "Tarvo
                # Kessler"): only the last word of a full name.
                owners = {n for n in full_names if n.split()[-1] == c.text and n != c.text}
            else:
                continue
            if len(owners) == 1:
                links.add((c.text, owners.pop(), "short-form"))
        # Truncated names: "Wuhan East Lake" beside "Wuhan East Lake High-tech
        # Development Zone" in the same document is the same place.
        heads = lexicon().unit_heads | lexicon().place_heads
        multi = sorted(
            {(c.text, c.type) for c in cands if c.end - c.start > 1 and c.type in ("ORG", "PLACE")}
        )
        for text, typ in multi:
            longer = {
                t
                for t, ty in multi
                if ty == typ and t.startswith(text + " ") and t.split()[-1].lower() in heads
            }
            if len(longer) == 1:
                links.add((text, longer.pop(), "name-fragment"))
        # Acronyms defined in the text: "Memorandum of Understanding (MoU)".
        for m in _ACRONYM.finditer(doc.text):
            short = m.group(1)
            words = doc.text[: m.start()].split()
            letters = [ch for ch in short if ch.isupper()]
            longform = _long_form(words, letters)
            if not longform:
                continue
            is_name = any(
                c.text == longform or longform.endswith(c.text) for c in cands if c.type != "TECH"
            )
            lowered = [w.lower() for w in longform.split()]
            if not is_name and all(
                w in self._words or w in ("of", "and", "for", "the") for w in lowered
            ):
                # A common-noun phrase ("Memorandum of Understanding"): neither it
                # nor its acronym is a named entity.
                dropped.update({short, longform})
            else:
                links.add((short, longform, "acronym"))
        links |= _initialisms(cands)
        return links, dropped


#: Model codes of chips and products: "H100", "MI300X", "GB200", "A800" (two or more
#: digits; not fiscal periods, summits or bills: "FY24", "G20", "COP28", "SB1047").
_CODE = re.compile(r"^(?!(?:FY|CY|Q|G|COP|SB|AB|HR|U|T)\d)[A-Z]{1,3}\d{2,4}[A-Z]{0,2}$")


def _without_events(doc: Doc, cands: list[Candidate]) -> list[Candidate]:
    """Drop every mention of a name the text calls an event ("at its GitHub Universe
    conference", "the annual GTC developer conference"): the graph has no events, and
    their makers are no developers of products."""
    events = lexicon().event_nouns
    named = set()
    for c in cands:
        for k in range(c.end, min(c.end + 3, len(doc))):
            if doc[k].lower_ in events:
                named.add(c.text)
                break
            if doc[k].pos_ not in ("NOUN", "ADJ", "PROPN") or doc[k].ent_type_:
                break
    return [c for c in cands if c.text not in named] if named else cands


def _institution_named_by(name: str, word: str) -> bool:
    """Whether ``name`` is an institution named by ``word`` before its head word
    ("U.S. Commerce Department") or after "<head> of" ("Department of Commerce")."""
    words = name.split()
    heads = lexicon().institution_heads
    if len(words) >= 2 and words[-1].lower() in heads and words[-2] == word:
        return True
    return len(words) == 3 and words[0].lower() in heads and words[1:] == ["of", word]


def _code_names(doc: Doc, cands: Sequence[Candidate]) -> list[Candidate]:
    """Model codes the context says are products: "Nvidia's H100", "its MI300X",
    "H800 processors", "A800 and H800 chips", "the H100, the GPU that …"."""
    lex = lexicon()
    taken = {i for c in cands for i in range(c.start, c.end)}
    n = len(doc)

    def product_after(i: int) -> bool:
        k = i + 1
        while k < n and doc[k].pos_ == "ADJ" and k - i < 3:
            k += 1
        if k < n and doc[k].lower_ in lex.product_kinds and doc[k].pos_ == "NOUN":
            return True
        return k < n and doc[k].text == "," and appositive_kind(doc, k) == "PRODUCT"

    out: list[Candidate] = []
    for tok in doc:
        i = tok.i
        if i in taken or not _CODE.match(tok.text):
            continue
        before = doc[i - 1].lower_ if i else ""
        # "A800 and H800 processors": a code coordinated with a product code.
        coordinated = (
            i + 2 < n
            and doc[i + 1].lower_ in ("and", "or", ",")
            and bool(_CODE.match(doc[i + 2].text))
            and product_after(i + 2)
        )
        if before in ("'s", "’s", "its", "their") or product_after(i) or coordinated:
            out.append(Candidate(i, i + 1, tok.text, "PRODUCT", "rule", "PRODUCT", False))
    return out


_PROSE_END = (".", "!", "?", '"', "”", "'", "’", ":")


def _first_in_prose(text: str, pattern: re.Pattern[str]) -> int:
    """Offset of the first match of ``pattern`` on a line of ``text`` that ends like
    prose (headlines, bylines and page furniture do not), or ``len(text)``."""
    offset = 0
    for line in text.splitlines(keepends=True):
        if line.rstrip().endswith(_PROSE_END):
            m = pattern.search(line)
            if m:
                return offset + m.start()
        offset += len(line)
    return len(text)


def _org_short_forms(doc: Doc, cands: Sequence[Candidate]) -> set[tuple[str, str, str]]:
    """Links from "Juniper" to "Juniper Networks", "Stability" to "Stability AI".

    News names a company in full, then drops the last word of its name. The full name
    must end in one of the lexicon's ``org_name_tails`` or ``corporate_suffixes``
    ("Zentrix" for "Zentrix Corp.") and be the only name in the
    document that the short form begins; and the prose must not use the short form,
    alone or in another name, before the full name ("Microsoft … Microsoft AI" and
    "Galaxy S24 … Galaxy AI" are other things). Headlines may: they use the short
    form before the story names the company.
    """
    lex = lexicon()
    tails = lex.org_name_tails | lex.corporate_suffixes
    longs: dict[str, set[str]] = defaultdict(set)
    for c in cands:
        words = c.text.replace(",", "").split()
        if not 1 < len(words) <= 5 or (c.cue or c.type) != "ORG":
            continue
        longs[" ".join(words[:-1])].add(c.text)
        if words[-1].lower() not in tails:
            longs[" ".join(words[:-1])].add("")  # another body: "Google Cloud"
            continue
        # "Samsung Electronics Co., Ltd.": past the legal suffixes, one more tail.
        words = without_legal_suffixes(words, keep=2)
        if words[-1].lower() in lex.org_name_tails:
            longs[" ".join(words[:-1])].add(c.text)

    def base(name: str) -> tuple[str, ...]:
        return tuple(without_legal_suffixes(name.replace(",", "").split()))

    links = set()
    for short, fulls in sorted(longs.items()):
        # "Samsung Electronics Co." and "Samsung Electronics Co., Ltd." are one name.
        if "" in fulls or len({base(f) for f in fulls}) != 1 or is_known_place(short):
            continue
        if short.lower() in lex.short_form_stopwords:
            continue
        full = min(fulls, key=lambda f: (len(f), f))
        # The short form inside the full name is no use of it ("Samsung Electronics").
        tail = re.escape(full[len(short) :].split()[0])
        full_at = _first_in_prose(doc.text, re.compile(rf"(?<!\w){re.escape(full)}(?!\w)"))
        short_at = _first_in_prose(
            doc.text, re.compile(rf"(?<!\w){re.escape(short)}(?!\w)(?! {tail}(?!\w))")
        )
        if full_at < short_at:
            links.add((short, full, "org-short-form"))
    return links


def _is_unit_name(
    short: str, full: str, words: frozenset[str], *, names: set[str] | None = None
) -> bool:
    """Whether the "person" ``full`` is a unit or product of ``short``, not its owner.

    "Hooli Cloud", "Hooli Maps": a name followed only by dictionary words is a unit or a
    product of that name. So is any name starting with ``short`` when two or more of
    the document's ``names`` do ("Hooli Wenvo" beside "Hooli Search"): a brand, not a
    given name.
    """
    parts = full.split()
    if parts[0] != short:
        return False
    if all(is_dictionary_word(w, words) for w in parts[1:]):
        return True
    return sum(1 for n in names or () if n.split()[0] == short) >= 2


def _initialisms(cands: Sequence[Candidate]) -> set[tuple[str, str, str]]:
    """ "AMD" beside "Advanced Micro Devices" in the same document, without the
    bracketed definition: an all-capital name of three to six letters that spells the
    initials of exactly one longer organisation name of the document is that name."""
    by_initials: dict[str, set[str]] = defaultdict(set)
    for c in cands:
        spelled = initials(c.text) if c.type == "ORG" else None
        if spelled:
            by_initials[spelled].add(c.text)
    links = set()
    for c in cands:
        short = c.text
        if c.type == "TECH" or not is_initialism(short):
            continue
        owners = by_initials.get(short, set())
        if len(owners) == 1:
            links.add((short, owners.pop(), "acronym"))
    return links


def _long_form(words: list[str], letters: list[str]) -> str | None:
    if not letters:
        return None
    suffixes = lexicon().corporate_suffixes
    # "Advanced Micro Devices Inc (AMD)": a legal suffix before the bracket is no initial.
    while words and words[-1].lower().strip(",") in suffixes:
        words = words[:-1]
    need = len(letters)
    for size in range(need, min(len(words), need * 2 + 2) + 1):
        chunk = words[-size:]
        initials = [
            w[0].upper() for w in chunk if w.lower() not in ("of", "and", "for", "the", "&")
        ]
        if initials == letters:
            return " ".join(chunk).strip("\"'“”(")
    return None


def _personal_name(
    words: Sequence[Token], common: frozenset[str], doc: Doc, i: int, j: int
) -> bool:
    """Whether the capitalised words ``doc[i:j]`` are a person's name by their context
    (:func:`~kgraph.extract.mentions.person_by_context`): plain capitalised words, the
    first no dictionary word ("Elon", not "Labor")."""
    if not all(t.is_alpha and t.text[:1].isupper() and not t.is_upper for t in words):
        return False
    return not is_dictionary_word(words[0].text, common) and person_by_context(doc, i, j)


def _settle_latent(
    mentions: list[Mention], relations: tuple[Relation, ...], promoted: dict[int, str]
) -> tuple[list[Mention], tuple[Relation, ...], tuple[tuple[str, str, float], ...]]:
    """Keep the latent names a rule typed (and their other mentions); drop the rest."""
    typed_names = {mentions[i].text: t for i, t in sorted(promoted.items())}
    keep: dict[int, int] = {}
    out: list[Mention] = []
    for idx, m in enumerate(mentions):
        typ = typed_names.get(m.text)
        if m.type == LATENT and typ is None:
            continue
        keep[idx] = len(out)
        out.append(m if typ is None else dataclasses.replace(m, type=typ))
    rels = tuple(
        dataclasses.replace(r, subject=keep[r.subject], object=keep[r.object])
        for r in relations
        if r.subject in keep and r.object in keep
    )
    bindings: dict[tuple[str, str], float] = defaultdict(float)
    for i, t in promoted.items():
        bindings[(mentions[i].text, t)] += 3.0
    votes = tuple((text, typ, w) for (text, typ), w in sorted(bindings.items()))
    return out, rels, votes


def _latent_short_forms(mentions: Sequence[Mention]) -> set[tuple[str, str, str]]:
    """ "Mistral" beside "Mistral AI": a name the model missed, which is a known
    organisation's name without its tail ("AI" or a legal suffix), is that organisation;
    a surname the model missed ("Musk's xAI" after "Elon Musk") is that person."""
    tails = lexicon().corporate_suffixes | lexicon().org_name_tails
    orgs = {m.text for m in mentions if m.type == "ORG" and len(m.text.split()) > 1}
    people = {m.text for m in mentions if m.type == "PERSON" and 1 < len(m.text.split()) <= 3}
    links = set()
    for m in mentions:
        if len(m.text.split()) != 1:
            continue
        if m.source == "pattern":
            owners = {
                o
                for o in orgs
                if o.split()[0] == m.text and all(w.lower() in tails for w in o.split()[1:])
            } or {p for p in people if m.text in p.split()}
        elif m.type == "PERSON":
            owners = {p for p in people if m.text in p.split()[1:]}
        else:
            continue
        if len(owners) == 1:
            links.add((m.text, owners.pop(), "short-form"))
    return links


def _maker_and_product_word(text: str, orgs: set[str], words: frozenset[str]) -> bool:
    """Whether ``text`` is an organisation of ``orgs`` followed by capitalised words
    (or numbers) that end in a common word that is no unit, sector or legal word, or
    in a number: "Hooli Team Chat", "Hooli 365", not "Hooli Research" or "Hooli Inc".
    """
    parts = text.split()
    not_product = organisation_ends()
    for k in range(len(parts) - 1, 0, -1):
        if " ".join(parts[:k]) not in orgs:
            continue
        tail = parts[k:]
        if not all(w[:1].isupper() or w[:1].isdigit() for w in tail):
            return False
        last = tail[-1]
        if is_known_place(" ".join(tail)) or last.lower().rstrip(".") in not_product:
            return False
        return last.isdigit() or (last.isalpha() and is_dictionary_word(last, words))
    return False


def _vote(
    cands: Sequence[Candidate],
    links: set[tuple[str, str, str]],
    words: frozenset[str] = frozenset(),
) -> tuple[dict[str, str], tuple[tuple[str, str, float], ...]]:
    votes: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for c in cands:
        place = is_known_place(c.text)
        votes[c.text][c.type] += type_weight(
            c.source, c.cue, c.type, c.end - c.start, known_place=place
        )
        if c.cue and c.cue != c.type:
            votes[c.text][c.cue] += 2.5
        elif place and c.type == "ORG" and c.source == "ner" and c.cue is None:
            # "the United States said": the model's ORG on a country is its government,
            # which the graph keeps as the place.
            votes[c.text]["PLACE"] += 1.5
    # A short form takes the type of its full form. A one-word "person" that is
    # no short form of a person named in full is most likely an organisation:
    # news introduces people by their full name.
    shorts = {short for short, _, rule in links if rule == "short-form"}
    for text, v in votes.items():
        if len(text.split()) == 1 and text not in shorts and 0.0 < v.get("PERSON", 0.0) <= 1.0:
            v["ORG"] += 0.5
    for short, full, rule in links:
        if rule in SHORT_FORM_RULES and full in votes:
            votes[short] = defaultdict(float, votes[full])
        elif rule == "org-short-form" and full in votes and short in votes:
            # "Stability" after "Stability AI": the full name's votes count too.
            for t, w in list(votes[full].items()):
                votes[short][t] += w
    order = ("ORG", "PERSON", "PLACE", "PRODUCT", "TECH")
    types = {
        text: max(order, key=lambda t: (v.get(t, 0.0), -order.index(t)))
        for text, v in votes.items()
    }
    # A "person" whose name starts with an organisation's name is one of its units
    # or products ("Xiaomi Mi Notebook Air", "Google Pixel"), not a person.
    orgs = {t for t, ty in types.items() if ty == "ORG"}
    unit_heads = lexicon().unit_heads
    for text, typ in types.items():
        parts = text.split()
        if typ == "PERSON" and len(parts) > 1 and parts[0] in orgs:
            # Unless the text calls it an organisation too ("Activision Blizzard, the
            # maker of ..." beside "Activision"): the company in full.
            org_votes = votes[text].get("ORG", 0.0) > 0.0
            # "Quorvane Arizona": the company's arm in a place.
            arm = is_known_place(" ".join(parts[1:]))
            unit = parts[-1].lower() in unit_heads or org_votes or arm
            types[text] = "ORG" if unit else "PRODUCT"
            votes[text][types[text]] += 3.0
    # An "organisation" named by a company and a common word or a number, which
    # nothing but the model's label calls an organisation, is one of its products
    # ("Hooli Search", "Hooli Team Chat", "Hooli 365"): units, arms and companies are
    # named by unit, sector and legal words ("Hooli Research", "Hooli Health").
    cued = {c.text for c in cands if c.source == "rule" or c.cue == "ORG"}
    # "Hooli Inc." names the maker of "Hooli Search" too.
    orgs |= {" ".join(without_legal_suffixes(o.replace(",", "").split())) for o in orgs}
    full_forms = {full for _, full, rule in links if rule == "org-short-form"}
    for text, typ in types.items():
        if (
            typ == "ORG"
            and text not in cued
            and text not in full_forms
            and _maker_and_product_word(text, orgs, words)
        ):
            types[text] = "PRODUCT"
            # Outweighs the model's label in this document's vote for the corpus.
            votes[text]["PRODUCT"] += votes[text]["ORG"] + 1.0
    flat = tuple(
        sorted((text, t, round(w, 3)) for text, v in votes.items() for t, w in v.items() if w)
    )
    return types, flat
