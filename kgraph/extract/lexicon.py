"""Word lists extraction relies on, loaded from ``kgraph/data/lexicon.yaml``.

They are linguistic, domain-general lists (role nouns, corporate suffixes, product
head nouns), never names from a particular corpus.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources

import yaml

__all__ = ["Lexicon", "is_known_place", "known_places", "lexicon", "organisation_ends"]


@dataclass(frozen=True, slots=True)
class Lexicon:
    """The word lists, as frozensets of lower-case words or phrases."""

    corporate_suffixes: frozenset[str]
    org_name_tails: frozenset[str]
    short_form_stopwords: frozenset[str]
    unit_heads: frozenset[str]
    org_sectors: frozenset[str]
    institution_heads: frozenset[str]
    title_words: frozenset[str]
    product_heads: frozenset[str]
    product_verbs: frozenset[str]
    product_kinds: frozenset[str]
    product_collectives: frozenset[str]
    product_lists: frozenset[str]
    maker_nouns: frozenset[str]
    org_cues: frozenset[str]
    org_cues_after: frozenset[str]
    org_anaphors: frozenset[str]
    person_cues: frozenset[str]
    place_suffixes: frozenset[str]
    place_heads: frozenset[str]
    determiners: frozenset[str]
    generic_names: frozenset[str]
    event_nouns: frozenset[str]
    non_product_ends: frozenset[str]
    place_variants: dict[str, str]
    org_verbs: frozenset[str]
    org_object_verbs: frozenset[str]
    org_object_nouns: frozenset[str]
    org_kinds: frozenset[str]
    appositive_org_kinds: frozenset[str]
    org_lists: frozenset[str]


@functools.lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """Return the shipped lexicon (loaded once)."""
    text = resources.files("kgraph.data").joinpath("lexicon.yaml").read_text("utf-8")
    data = yaml.safe_load(text)

    def words(key: str) -> frozenset[str]:
        return frozenset(str(w).lower() for w in data[key])

    variants = {str(k).lower(): str(v) for k, v in data["place_variants"].items()}
    return Lexicon(
        corporate_suffixes=words("corporate_suffixes"),
        org_name_tails=words("org_name_tails"),
        short_form_stopwords=words("short_form_stopwords"),
        unit_heads=words("unit_heads"),
        org_sectors=words("org_sectors"),
        institution_heads=words("institution_heads"),
        title_words=words("title_words"),
        product_heads=words("product_heads"),
        product_verbs=words("product_verbs"),
        product_kinds=words("product_kinds") | words("product_heads"),
        product_collectives=words("product_collectives"),
        product_lists=words("product_lists"),
        maker_nouns=words("maker_nouns"),
        org_cues=words("org_cues"),
        org_cues_after=words("org_cues_after"),
        org_anaphors=words("org_anaphors"),
        person_cues=words("person_cues"),
        place_suffixes=words("place_suffixes"),
        place_heads=words("place_heads"),
        determiners=words("determiners"),
        generic_names=words("generic_names"),
        event_nouns=words("event_nouns"),
        non_product_ends=words("non_product_ends"),
        place_variants=variants,
        org_verbs=words("org_verbs"),
        org_object_verbs=words("org_object_verbs"),
        org_object_nouns=words("org_object_nouns"),
        org_kinds=words("org_kinds"),
        appositive_org_kinds=words("appositive_org_kinds"),
        org_lists=words("org_lists"),
    )


@functools.lru_cache(maxsize=1)
def organisation_ends() -> frozenset[str]:
    """Last words that make a name an organisation or a place, never a product: unit,
    sector, institution and place heads, legal suffixes, company-name tails and the
    words after a company's name ("Hooli Research", "Hooli Health", "Hooli Inc",
    "Hooli Park", "Hooli Shares")."""
    lex = lexicon()
    return (
        lex.unit_heads
        | lex.corporate_suffixes
        | lex.org_name_tails
        | lex.org_sectors
        | lex.institution_heads
        | lex.place_heads
        | lex.org_cues_after
    )


@functools.lru_cache(maxsize=1)
def known_places() -> frozenset[str]:
    """Return the lower-case names of well-known places (``kgraph/data/places.yaml``).

    Countries, US states, large provinces, capitals and big cities, plus the place
    variants of the lexicon ("U.S.", "Calif."): general knowledge that tells a real
    place from a company name the statistical model labelled as one.
    """
    text = resources.files("kgraph.data").joinpath("places.yaml").read_text("utf-8")
    data = yaml.safe_load(text)
    names = {str(name).lower() for group in data.values() for name in group}
    names.update(lexicon().place_variants)
    names.update(v.lower() for v in lexicon().place_variants.values())
    return frozenset(names)


def is_known_place(name: str) -> bool:
    """Whether ``name`` is a well-known place ("Beijing", "BEIJING", "New York").

    >>> is_known_place("Beijing"), is_known_place("Hooli")
    (True, False)
    """
    return name.lower() in known_places()
