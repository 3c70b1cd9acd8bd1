"""Word lists extraction relies on, loaded from ``kgraph/data/lexicon.yaml``.

They are linguistic, domain-general lists (role nouns, corporate suffixes, product
head nouns), never names from a particular corpus.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources

import yaml

__all__ = ["Lexicon", "lexicon"]


@dataclass(frozen=True, slots=True)
class Lexicon:
    """The word lists, as frozensets of lower-case words or phrases."""

    corporate_suffixes: frozenset[str]
    unit_heads: frozenset[str]
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
    place_variants: dict[str, str]


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
        unit_heads=words("unit_heads"),
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
        place_variants=variants,
    )
