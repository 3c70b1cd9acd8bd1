"""The shape of kgraph's networkx graph: node kinds, edge kinds, attribute names.

kgraph keeps one :class:`networkx.MultiDiGraph`:

Entity nodes (node id = the entity's slug, e.g. ``lei-jun``)
    ``kind="entity"``, ``label`` (str), ``type`` (ORG|PERSON|PLACE|PRODUCT|TECH),
    ``aliases`` (tuple[str, ...]), ``mentions`` (int), ``documents`` (int),
    ``first_seen`` (ISO date of the earliest article mentioning it, or None).

Article nodes (node id = ``article:<slug>``)
    ``kind="article"``, ``doc_id``, ``source_path``, ``headline``, ``published``,
    ``url``, ``topics`` (tuple[str, ...]), ``parent`` (article node id or None),
    ``publisher`` (entity node id or None).

Edges (``key`` distinguishes parallel edges)
    * entity → entity, ``key=<predicate>``, ``kind="relation"``: a typed fact.
      ``predicate``, ``weight`` (number of statements), ``confidence`` (max over
      statements), ``evidence`` (tuple[Provenance, ...], sorted), ``first_seen``.
      Symmetric predicates are stored once, subject < object.
    * entity → entity, ``key="open:<lemma>"``, ``kind="open"``: a subject-verb-object
      link that fits no predicate; same attributes, ``predicate`` = the verb lemma.
    * entity → entity, ``key="cooccurrence"``, ``kind="cooccurrence"``: two entities
      in one sentence (stored once, u < v); ``weight`` = number of sentences,
      ``sources`` (tuple of source paths).
    * article → entity, ``key="mentions"``, ``kind="mentions"``, ``count`` (int).
    * article → entity, ``key="about"``, ``kind="about"`` (front-matter topics).
    * article → entity, ``key="publisher"``, ``kind="publisher"``.

Graph attributes: ``merge_log`` (tuple[MergeDecision, ...]).
"""

from __future__ import annotations

__all__ = [
    "ARTICLE_PREFIX",
    "EDGE_ABOUT",
    "EDGE_COOCCURRENCE",
    "EDGE_MENTIONS",
    "EDGE_OPEN",
    "EDGE_PUBLISHER",
    "EDGE_RELATION",
    "NODE_ARTICLE",
    "NODE_ENTITY",
    "OPEN_PREFIX",
    "article_node_id",
]

NODE_ENTITY = "entity"
NODE_ARTICLE = "article"
EDGE_RELATION = "relation"
EDGE_OPEN = "open"
EDGE_COOCCURRENCE = "cooccurrence"
EDGE_MENTIONS = "mentions"
EDGE_ABOUT = "about"
EDGE_PUBLISHER = "publisher"
ARTICLE_PREFIX = "article:"
OPEN_PREFIX = "open:"


def article_node_id(slug: str) -> str:
    """Return the node id of the article whose slug is ``slug``."""
    return ARTICLE_PREFIX + slug
