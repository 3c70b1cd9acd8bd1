"""Deterministic ASCII slugs for entity and article identifiers.

Slugs are lower-case ``[a-z0-9-]``; names that slug to nothing (``東京``, ``C#`` vs
``C``) or that collide get a short hash suffix of the exact name, so every distinct
name keeps a distinct, stable slug whatever order the names arrive in.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable

__all__ = ["assign_slugs", "short_hash", "slugify"]

_NON_SLUG = re.compile(r"[^a-z0-9]+")
_MAX_LEN = 60


def short_hash(text: str, length: int = 8) -> str:
    """Return the first ``length`` hex digits of the SHA-256 of ``text``."""
    data = text.encode("utf-8", "surrogatepass")
    return hashlib.sha256(data).hexdigest()[:length]


def slugify(name: str) -> str:
    """Return the plain slug of ``name`` (may be empty).

    >>> slugify("Lei Jun")
    'lei-jun'
    >>> slugify("Zürich AT&T")
    'zurich-at-t'
    """
    ascii_text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    slug = _NON_SLUG.sub("-", ascii_text.lower()).strip("-")
    return slug[:_MAX_LEN].rstrip("-")


def assign_slugs(names: Iterable[str]) -> dict[str, str]:
    """Map each distinct name to a unique slug, independent of input order.

    Within a group of names that share a plain slug, the shortest name (then the
    smallest in code-point order) keeps the plain slug and the others get
    ``<slug>-<hash>``; a name with an empty plain slug gets ``x-<hash>``.

    >>> slugs = assign_slugs(["C#", "C", "東京"])
    >>> slugs["C"], slugs["C#"].startswith("c-"), slugs["東京"].startswith("x-")
    ('c', True, True)
    """
    groups: dict[str, list[str]] = {}
    for name in set(names):
        groups.setdefault(slugify(name), []).append(name)
    taken = {slug for slug in groups if slug}
    out: dict[str, str] = {}
    for slug in sorted(groups):
        members = sorted(groups[slug], key=lambda n: (len(n), n))
        if slug:
            out[members[0]] = slug
            members = members[1:]
        for name in members:
            length = 8
            candidate = f"{slug or 'x'}-{short_hash(name, length)}"
            while candidate in taken:
                length += 4
                candidate = f"{slug or 'x'}-{short_hash(name, length)}"
            taken.add(candidate)
            out[name] = candidate
    return out
