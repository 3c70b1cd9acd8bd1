"""The relation vocabulary: the 13 typed predicates of the export contract.

Predicates are data: each has a label, a comment, domain and range types and an
optional Wikidata alignment. Users add predicates in ``kgraph.yaml``
(``predicates:``); they are declared in the exports the same way.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

__all__ = ["BUILTIN_PREDICATES", "Predicate", "PredicateRegistry"]


@dataclass(frozen=True, slots=True)
class Predicate:
    """One typed relation.

    Attributes:
        name: Local name in the ``kg:`` namespace (``founder_of``).
        label: Human label.
        comment: One sentence describing it.
        domain: Allowed subject types.
        range: Allowed object types.
        symmetric: True for ``partner_of`` and ``competitor_of``.
        alignment: ``(relation, wikidata-property)``: relation is ``equivalent``,
            ``inverse`` or ``sub``.
    """

    name: str
    label: str
    comment: str
    domain: tuple[str, ...]
    range: tuple[str, ...]
    symmetric: bool = False
    alignment: tuple[str, str] | None = None

    def accepts(self, subject_type: str, object_type: str) -> bool:
        """Return whether the predicate's domain and range admit these types."""
        return subject_type in self.domain and object_type in self.range


_ORG = ("ORG",)
BUILTIN_PREDICATES: tuple[Predicate, ...] = (
    Predicate("founder_of", "founder of", "The person founded the organisation.",
              ("PERSON",), _ORG, alignment=("inverse", "P112")),
    Predicate("ceo_of", "CEO of", "The person is chief executive of the organisation.",
              ("PERSON",), _ORG, alignment=("inverse", "P169")),
    Predicate("employee_of", "employee of",
              "The person works or worked for the organisation, in any role.",
              ("PERSON",), _ORG, alignment=("sub", "P108")),
    Predicate("headquartered_in", "headquartered in",
              "The organisation has its (or a) headquarters in the place.",
              _ORG, ("PLACE",), alignment=("equivalent", "P159")),
    Predicate("located_in", "located in", "The place or organisation lies in the place.",
              ("PLACE", "ORG"), ("PLACE",), alignment=("equivalent", "P131")),
    Predicate("born_in", "born in", "The person was born in or is a native of the place.",
              ("PERSON",), ("PLACE",), alignment=("equivalent", "P19")),
    Predicate("invests_in", "invests in",
              "The organisation or person invests in the organisation or technology.",
              ("ORG", "PERSON"), ("ORG", "TECH")),
    Predicate("partner_of", "partner of", "The organisations partner or collaborate.",
              _ORG, _ORG, symmetric=True),
    Predicate("competitor_of", "competitor of", "The organisations compete.",
              _ORG, _ORG, symmetric=True),
    Predicate("develops", "develops",
              "The organisation develops, makes or launches the product or technology.",
              _ORG, ("PRODUCT", "TECH"), alignment=("inverse", "P178")),
    Predicate("uses", "uses", "The organisation or product uses the product or technology.",
              ("ORG", "PRODUCT"), ("PRODUCT", "TECH")),
    Predicate("part_of", "part of",
              "The organisation is a unit, lab, fund or subsidiary of the organisation.",
              _ORG, _ORG, alignment=("equivalent", "P749")),
    Predicate("acquires", "acquires", "The organisation acquires the organisation.",
              _ORG, _ORG),
)  # fmt: skip


class PredicateRegistry:
    """Predicates by name: the built-in ones plus those a configuration adds."""

    def __init__(self, predicates: Iterable[Predicate] = BUILTIN_PREDICATES) -> None:
        self._by_name: dict[str, Predicate] = {}
        for predicate in predicates:
            self._by_name[predicate.name] = predicate

    def __contains__(self, name: object) -> bool:
        return name in self._by_name

    def __getitem__(self, name: str) -> Predicate:
        return self._by_name[name]

    def __iter__(self) -> Iterator[Predicate]:
        return iter(self._by_name.values())

    def get(self, name: str) -> Predicate | None:
        """Return the predicate ``name``, or None."""
        return self._by_name.get(name)

    def names(self) -> tuple[str, ...]:
        """Return every predicate name, in declaration order."""
        return tuple(self._by_name)

    def with_extra(self, extra: Mapping[str, Predicate]) -> PredicateRegistry:
        """Return a registry with ``extra`` predicates added (or overriding)."""
        merged = dict(self._by_name)
        merged.update(extra)
        return PredicateRegistry(merged.values())
