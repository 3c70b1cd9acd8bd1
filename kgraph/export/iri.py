"""Minting and validating the IRIs of the RDF exports.

Data IRIs live under a configurable base (export contract):
``<base>entity/<slug>``, ``<base>article/<slug>`` and ``<base>statement/<hash>``.
Entity and article slugs are the graph's node ids, already unique; a node id that is
not a plain slug (a hand-built graph, a loaded file) is percent-encoded, which keeps
distinct ids distinct. Every IRI is checked before it is written: RFC 3987 syntax,
absolute, and nothing that Turtle's ``IRIREF`` forbids (``<>"{}|^`\\``, space,
control characters). The check is deliberately a little stricter than RFC 3987
(no bracketed IP-literal hosts) so that whatever passes it also parses in strict
parsers such as Oxigraph.

>>> base = check_base_iri("https://example.org/kg/")
>>> entity_iri(base, "lei-jun")
'https://example.org/kg/entity/lei-jun'
>>> entity_iri(base, "AT&T <x>")
'https://example.org/kg/entity/AT%26T%20%3Cx%3E'
>>> is_valid_iri("https://kfgo.com/news/1?a=b&c=d"), is_valid_iri("not a url")
(True, False)
"""

from __future__ import annotations

import hashlib
import re
from urllib.parse import quote, unquote

from ..errors import ExportError
from ..graph.schema import ARTICLE_PREFIX
from ..model import Provenance

__all__ = [
    "article_iri",
    "article_key",
    "check_base_iri",
    "check_iri",
    "entity_iri",
    "entity_key",
    "graph_iri",
    "is_valid_iri",
    "statement_iri",
]

# RFC 3987, section 2.2. ``ucschar`` and ``iprivate`` are the non-ASCII code points
# an IRI may hold; everything else must be percent-encoded.
_UCSCHAR = (
    "\u00a0-\ud7ff\uf900-\ufdcf\ufdf0-\uffef"
    "\U00010000-\U0001fffd\U00020000-\U0002fffd\U00030000-\U0003fffd"
    "\U00040000-\U0004fffd\U00050000-\U0005fffd\U00060000-\U0006fffd"
    "\U00070000-\U0007fffd\U00080000-\U0008fffd\U00090000-\U0009fffd"
    "\U000a0000-\U000afffd\U000b0000-\U000bfffd\U000c0000-\U000cfffd"
    "\U000d0000-\U000dfffd\U000e1000-\U000efffd"
)
_IPRIVATE = "\ue000-\uf8ff\U000f0000-\U000ffffd\U00100000-\U0010fffd"
_UNRESERVED = f"A-Za-z0-9\\-._~{_UCSCHAR}"
_SUB_DELIMS = "!$&'()*+,;="
_PCT = "%[0-9A-Fa-f]{2}"
_IPCHAR = f"(?:[{_UNRESERVED}{_SUB_DELIMS}:@]|{_PCT})"
_USERINFO = f"(?:[{_UNRESERVED}{_SUB_DELIMS}:]|{_PCT})*"
# Only registered names and IPv4 addresses as hosts: bracketed IPv6/IPvFuture
# literals are refused rather than half-validated.
_HOST = f"(?:[{_UNRESERVED}{_SUB_DELIMS}]|{_PCT})*"
_AUTHORITY = f"(?:{_USERINFO}@)?{_HOST}(?::[0-9]*)?"
_HIER_PART = f"(?://{_AUTHORITY}(?:/{_IPCHAR}*)*|(?!//)(?:{_IPCHAR}|/)*)"
_QUERY = f"(?:{_IPCHAR}|[{_IPRIVATE}/?])*"
_FRAGMENT = f"(?:{_IPCHAR}|[/?])*"
_ABSOLUTE_IRI = re.compile(
    f"[A-Za-z][A-Za-z0-9+.\\-]*:{_HIER_PART}(?:\\?{_QUERY})?(?:#{_FRAGMENT})?"
)

# A node id that may stand in an IRI path segment as it is.
_PLAIN_SEGMENT = re.compile(r"[A-Za-z0-9_~-][A-Za-z0-9._~-]*")

_HASH_LENGTH = 16


def is_valid_iri(value: str) -> bool:
    """Return whether ``value`` is an absolute IRI that every RDF syntax accepts.

    >>> is_valid_iri("http://schema.org/Person")
    True
    >>> is_valid_iri("https://example.org/a b"), is_valid_iri("/relative")
    (False, False)
    """
    return isinstance(value, str) and _ABSOLUTE_IRI.fullmatch(value) is not None


def check_iri(value: str, *, what: str = "IRI") -> str:
    """Return ``value`` if it is a valid absolute IRI.

    Raises:
        ExportError: it is not; the message names the value and ``what`` it is.
    """
    if not is_valid_iri(value):
        raise ExportError(
            f"{what} {value!r} is not a valid absolute IRI (RFC 3987: a scheme such as "
            'https:, no spaces, control characters or <>"{}|^`\\ characters)'
        )
    return value


def check_base_iri(base: str) -> str:
    """Return ``base`` if it can prefix data IRIs: absolute, ending in ``/`` or ``#``.

    Raises:
        ExportError: naming the base IRI and what a valid one looks like.

    >>> check_base_iri("https://x.org/kg")
    Traceback (most recent call last):
    ...
    kgraph.errors.ExportError: base IRI 'https://x.org/kg' must end with '/' or '#' (...)
    """
    check_iri(base, what="base IRI")
    if not base.endswith(("/", "#")):
        raise ExportError(f"base IRI {base!r} must end with '/' or '#' (such as {base + '/'!r})")
    return base


def _segment(node_id: str, what: str) -> str:
    if not node_id:
        raise ExportError(f"cannot mint an IRI for an empty {what} id")
    if _PLAIN_SEGMENT.fullmatch(node_id):
        return node_id
    # Percent-encode everything but the unreserved ASCII characters: injective,
    # so distinct node ids keep distinct IRIs, and readable back with unquote.
    # Lone surrogates are encoded as their (ill-formed) UTF-8 bytes, still injective.
    encoded = quote(node_id, safe="", errors="surrogatepass")
    if encoded.strip(".") == "":  # "." and ".." are path steps, not names
        encoded = encoded.replace(".", "%2E")
    return encoded


def _unsegment(segment: str) -> str:
    return unquote(segment, errors="surrogatepass")


def entity_iri(base: str, key: str) -> str:
    """Return the IRI of the entity whose node id is ``key``.

    >>> entity_iri("https://w3id.org/kgraph/id/", "東京")
    'https://w3id.org/kgraph/id/entity/%E6%9D%B1%E4%BA%AC'
    """
    return f"{base}entity/{_segment(key, 'entity')}"


def article_iri(base: str, node_id: str) -> str:
    """Return the IRI of the article whose node id is ``node_id`` (``article:<slug>``).

    >>> article_iri("https://w3id.org/kgraph/id/", "article:seeds-000")
    'https://w3id.org/kgraph/id/article/seeds-000'
    """
    slug = node_id.removeprefix(ARTICLE_PREFIX)
    return f"{base}article/{_segment(slug, 'article')}"


def graph_iri(base: str, node_id: str) -> str:
    """Return the name of the article's named graph (N-Quads, TriG): its own IRI.

    Using the article IRI itself lets a query join ``GRAPH ?g { … }`` straight to
    ``?g schema:headline …`` without a mapping between graph and article.
    """
    return article_iri(base, node_id)


def statement_iri(
    base: str, *, subject: str, predicate: str, object: str, provenance: Provenance
) -> str:
    """Return the IRI of the ``rdf:Statement`` for one piece of evidence of a fact.

    The hash covers the fact, the document, the character offsets and the rule
    that produced it, so the IRI is stable across builds and two rules finding the
    same span stay two statements.

    >>> p = Provenance("d", "d", "s", 0, 1, 0.5, "r")
    >>> statement_iri("https://x.org/", subject="a", predicate="p", object="b", provenance=p)
    'https://x.org/statement/93f601cc0d330343'
    """
    parts = (
        subject,
        predicate,
        object,
        provenance.doc_id,
        str(provenance.start),
        str(provenance.end),
        provenance.rule,
    )
    data = "\x1f".join(parts).encode("utf-8", "surrogatepass")
    return f"{base}statement/{hashlib.sha256(data).hexdigest()[:_HASH_LENGTH]}"


def entity_key(iri: str) -> str:
    """Return the node id an entity IRI was minted from (inverse of :func:`entity_iri`).

    >>> entity_key("https://w3id.org/kgraph/id/entity/AT%26T")
    'AT&T'
    """
    return _unsegment(iri.rsplit("/", 1)[-1])


def article_key(iri: str) -> str:
    """Return the node id an article IRI was minted from (inverse of :func:`article_iri`).

    >>> article_key("https://w3id.org/kgraph/id/article/seeds-000")
    'article:seeds-000'
    """
    return ARTICLE_PREFIX + _unsegment(iri.rsplit("/", 1)[-1])
