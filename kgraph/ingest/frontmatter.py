"""YAML front matter and article metadata, read defensively.

A text file may open with a YAML block between ``---`` lines. It is parsed with
``yaml.safe_load`` only: tags such as ``!!python/object/apply`` are refused by the
parser, never executed. Every field kgraph uses is coerced to its expected type; a
value of the wrong type is converted when the meaning is clear (``title: 12345`` →
``"12345"``, ``topics: AI`` → ``("AI",)``) and dropped otherwise, always with a
warning. Fields kgraph does not use (``images``, ``secured``, ``heat``, …) are
ignored. The same coercion reads the fields of JSONL records.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import yaml

from ..model import Publisher
from .text import normalize_line

__all__ = [
    "FRONT_MATTER_URL_KEYS",
    "ArticleMeta",
    "FrontMatter",
    "coerce_meta",
    "normalize_date",
    "parse_front_matter",
    "split_front_matter",
]

#: Front-matter keys that hold the article URL, in order of preference.
FRONT_MATTER_URL_KEYS: tuple[str, ...] = ("sourceUrl", "webUrl", "originalUrl")
_OPEN = "---"
_CLOSE = ("---", "...")
_DATE_ONLY = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True, slots=True)
class ArticleMeta:
    """The metadata of one article, every field already of the right type."""

    title: str | None = None
    excerpt: str | None = None
    published: str | None = None
    url: str | None = None
    publisher: Publisher | None = None
    topics: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class FrontMatter:
    """A parsed front-matter block.

    Attributes:
        meta: The article's own metadata.
        related: ``(position, metadata)`` of each usable ``related`` item; positions
            count from 1 over the whole list, so ids stay stable when an item is bad.
        warnings: Problems met (each names the field and the bad value).
    """

    meta: ArticleMeta = ArticleMeta()
    related: tuple[tuple[int, ArticleMeta], ...] = ()
    warnings: tuple[str, ...] = field(default=())


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _kind(value: Any) -> str:
    names = {
        dict: "a mapping",
        list: "a list",
        bool: "true/false",
        int: "a number",
        float: "a number",
        str: "a string",
    }
    return names.get(type(value), type(value).__name__)


def _clean(text: str) -> str:
    return " ".join(normalize_line(text).split())


def normalize_date(value: Any) -> str:
    """Return ``value`` as an ISO 8601 string (UTC ``Z`` when it has a time zone).

    Accepts ``datetime``/``date`` objects (YAML gives those), ISO 8601 strings and
    RFC 2822 strings.

    Raises:
        ValueError: ``value`` is not a date.

    >>> normalize_date("2020-01-02T07:47:00+01:00")
    '2020-01-02T06:47:00Z'
    >>> normalize_date("Thu, 02 Jan 2020 06:47:00 GMT")
    '2020-01-02T06:47:00Z'
    """
    parsed: object = value
    if isinstance(value, str):
        text = value.strip()
        try:
            if _DATE_ONLY.fullmatch(text):
                return dt.date.fromisoformat(text).isoformat()
            parsed = dt.datetime.fromisoformat(text)
        except ValueError:
            try:
                parsed = email.utils.parsedate_to_datetime(text)
            except (TypeError, ValueError, IndexError) as err:
                raise ValueError(f"not an ISO 8601 or RFC 2822 date: {_show(text)}") from err
    if isinstance(parsed, dt.datetime):
        if parsed.tzinfo is not None and parsed.utcoffset() is not None:
            parsed = parsed.astimezone(dt.UTC).replace(tzinfo=None)
            return parsed.isoformat(timespec="seconds") + "Z"
        return parsed.isoformat(timespec="seconds")
    if isinstance(parsed, dt.date):
        return parsed.isoformat()
    raise ValueError(f"not a date: {_show(value)} is {_kind(value)}")


def _text(value: Any, name: str, warnings: list[str]) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        return _clean(value) or None
    if isinstance(value, int | float) and not isinstance(value, bool):
        warnings.append(f"{name} is a number ({_show(value)}); used as text")
        return str(value)
    if isinstance(value, dt.date):
        warnings.append(f"{name} is a date ({value.isoformat()}); used as text")
        return value.isoformat()
    warnings.append(f"{name} must be a string, got {_kind(value)} {_show(value)}; ignored")
    return None


def _date(value: Any, name: str, warnings: list[str]) -> str | None:
    if value is None:
        return None
    try:
        return normalize_date(value)
    except ValueError as err:
        warnings.append(f"{name}: {err}; ignored")
        return None


def _url(value: Any, name: str, warnings: list[str]) -> str | None:
    text = _text(value, name, warnings)
    if text is not None and " " in text:
        warnings.append(f"{name} is not a URL ({_show(text)}); ignored")
        return None
    return text


def _publisher(value: Any, name: str, warnings: list[str]) -> Publisher | None:
    if value is None:
        return None
    if isinstance(value, str):
        name_text = _clean(value)
        return Publisher(name_text) if name_text else None
    if isinstance(value, Mapping):
        label = _text(value.get("name"), f"{name}.name", warnings)
        domain = _text(value.get("domain"), f"{name}.domain", warnings)
        if label or domain:
            return Publisher(label or domain or "", domain)
        return None
    warnings.append(f"{name} must be a mapping or a name, got {_kind(value)}; ignored")
    return None


def _topics(value: Any, name: str, warnings: list[str]) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        warnings.append(f"{name} is a single string, not a list; read as one topic")
        value = [value]
    if not isinstance(value, list):
        warnings.append(f"{name} must be a list of strings, got {_kind(value)}; ignored")
        return ()
    out: list[str] = []
    for i, item in enumerate(value, 1):
        topic = _text(item, f"{name}[{i}]", warnings)
        if topic and topic not in out:
            out.append(topic)
    return tuple(out)


def coerce_meta(
    data: Mapping[Any, Any],
    *,
    url_keys: tuple[str, ...] = FRONT_MATTER_URL_KEYS,
    prefix: str = "",
    warnings: list[str],
) -> ArticleMeta:
    """Return the metadata of one article mapping; problems go to ``warnings``.

    >>> w: list[str] = []
    >>> meta = coerce_meta({"title": 12345, "topics": "AI", "heat": 3}, warnings=w)
    >>> meta.title, meta.topics, len(w)
    ('12345', ('AI',), 2)
    """
    url = None
    for key in url_keys:
        url = _url(data.get(key), f"{prefix}{key}", warnings)
        if url:
            break
    return ArticleMeta(
        title=_text(data.get("title"), f"{prefix}title", warnings),
        excerpt=_text(data.get("excerpt"), f"{prefix}excerpt", warnings),
        published=_date(data.get("publishedDateTime"), f"{prefix}publishedDateTime", warnings),
        url=url,
        publisher=_publisher(data.get("provider"), f"{prefix}provider", warnings),
        topics=_topics(data.get("topics"), f"{prefix}topics", warnings),
    )


def _related(value: Any, warnings: list[str]) -> tuple[tuple[int, ArticleMeta], ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        warnings.append(f"related must be a list of articles, got {_kind(value)}; ignored")
        return ()
    items = []
    for i, item in enumerate(value, 1):
        where = f"related[{i}]"
        if not isinstance(item, Mapping):
            warnings.append(f"{where} must be a mapping, got {_kind(item)}; skipped")
            continue
        meta = coerce_meta(item, prefix=f"{where}.", warnings=warnings)
        if not meta.title and not meta.excerpt:
            warnings.append(f"{where} has no title and no excerpt; skipped")
            continue
        items.append((i, meta))
    return tuple(items)


class _TimestampsAsText(yaml.SafeLoader):
    """``SafeLoader`` that leaves timestamps as strings (no other difference)."""


def _timestamp_as_text(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    return loader.construct_scalar(node)  # type: ignore[arg-type]


_TimestampsAsText.add_constructor("tag:yaml.org,2002:timestamp", _timestamp_as_text)


def _safe_load(text: str) -> Any:
    """``yaml.safe_load``; an impossible timestamp (``2020-02-30``) makes PyYAML raise
    ValueError for the whole block, so then parse again with timestamps left as text
    (still a ``SafeLoader``: no tags are honoured) and let the field check report it.
    """
    try:
        return yaml.safe_load(text)
    except ValueError:
        return yaml.load(text, Loader=_TimestampsAsText)


def _refuse(warnings: list[str], message: str) -> FrontMatter:
    warnings.append(message)
    return FrontMatter(warnings=tuple(warnings))


def parse_front_matter(text: str) -> FrontMatter:
    """Parse one front-matter block (without its ``---`` lines), never raising.

    A block that is not valid YAML, uses tags, or is not a mapping gives an empty
    :class:`FrontMatter` with a warning; the caller still reads the body.

    >>> fm = parse_front_matter("title: Hi\\nrelated: {}")
    >>> fm.meta.title, fm.warnings
    ('Hi', ('related must be a list of articles, got a mapping; ignored',))
    >>> parse_front_matter("!!python/object/apply:os.system ['echo hi']").warnings[0][:40]
    'front matter is not safe YAML (could not'
    """
    warnings: list[str] = []
    try:
        data = _safe_load(text)
    except yaml.constructor.ConstructorError as err:
        problem = " ".join(str(err.problem or err).split())
        return _refuse(warnings, f"front matter is not safe YAML ({problem}); ignored")
    except yaml.YAMLError as err:
        first = " ".join(str(err).split())
        return _refuse(warnings, f"front matter is not valid YAML ({first[:120]}); ignored")
    except (ValueError, RecursionError) as err:
        return _refuse(warnings, f"front matter cannot be read ({err}); ignored")
    if data is None:
        return FrontMatter()
    if not isinstance(data, Mapping):
        return _refuse(warnings, f"front matter must be a mapping, got {_kind(data)}; ignored")
    meta = coerce_meta(data, warnings=warnings)
    related = _related(data.get("related"), warnings)
    return FrontMatter(meta=meta, related=related, warnings=tuple(warnings))


def split_front_matter(
    lines: Iterator[str], *, limit: int
) -> tuple[str | None, Iterator[str], str | None]:
    """Take the front-matter block off the start of ``lines``.

    Args:
        lines: The file's lines, without line ends.
        limit: Most characters a block may have; a longer one counts as unterminated.

    Returns:
        ``(block, body_lines, warning)``: ``block`` is None when the file has no front
        matter. An unterminated block gives ``None``, all the lines after the opening
        ``---`` as the body (read as plain text), and a warning.
    """
    first = next(lines, None)
    if first is None:
        return None, iter(()), None
    if first.strip().lstrip("\ufeff") != _OPEN:
        return None, _prepend([first], lines), None
    block: list[str] = []
    size = 0
    for line in lines:
        if line.rstrip() in _CLOSE:
            return "\n".join(block), lines, None
        block.append(line)
        size += len(line) + 1
        if size > limit:
            break
    why = f"longer than {limit} characters" if size > limit else "no closing '---' line"
    warning = f"front matter is unterminated ({why}); the file is read as plain text"
    return None, _prepend(block, lines), warning


def _prepend(head: list[str], rest: Iterator[str]) -> Iterator[str]:
    yield from head
    yield from rest
