"""Gold annotations: the YAML format of ``shared/eval/seeds.gold.yaml``, loaded and checked.

A gold file maps document file names to what a careful reader would extract::

    documents:
      000_0d8bed67902d9a2f.txt:
        entities:
          - {name: Xiaomi, type: ORG, aliases: [Xiaomi Corp]}
          - {name: Microsoft Xiaoice, type: [ORG, PRODUCT]}
        technologies: [AI, 5G]
        optional: [Reuters]
        forbidden: [Twitter]
        relations:
          - [Lei Jun, founder_of, Xiaomi]
          - [{any_of: [Huaxing Growth Capital Fund, China Renaissance]}, invests_in, AInnovation]
        tech_relations:
          - [Xiaomi, invests_in, AI]
        optional_relations: []

Every section of a document is optional. :func:`load_gold` rejects anything it does not
understand (an unknown key, a type or predicate outside the vocabulary, a malformed
relation, a name listed twice in conflicting roles) with an :class:`~kgraph.errors.EvalError`
that names the file, the document and the entry, so a typo never silently changes a score.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..errors import EvalError
from ..normalize import normalize_name
from ..predicates import BUILTIN_PREDICATES

__all__ = [
    "GOLD_ENTITY_TYPES",
    "GoldDocument",
    "GoldEntity",
    "GoldRelation",
    "GoldSet",
    "load_gold",
    "parse_gold",
]

#: The entity types a gold entity may have (technologies are listed apart).
GOLD_ENTITY_TYPES: tuple[str, ...] = ("ORG", "PERSON", "PLACE", "PRODUCT")

_DOCUMENT_KEYS = (
    "entities",
    "technologies",
    "optional",
    "forbidden",
    "relations",
    "tech_relations",
    "optional_relations",
)
_ENTITY_KEYS = ("name", "type", "aliases")


@dataclass(frozen=True, slots=True)
class GoldEntity:
    """One annotated entity.

    Attributes:
        name: Canonical name.
        types: Accepted types (usually one; ``[ORG, PRODUCT]`` means either is right).
        aliases: Other surface forms of the same entity.
    """

    name: str
    types: tuple[str, ...]
    aliases: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        """The name followed by the aliases."""
        return (self.name, *self.aliases)


@dataclass(frozen=True, slots=True)
class GoldRelation:
    """One annotated relation; each side lists its alternatives (``any_of``).

    A plain ``[Lei Jun, founder_of, Xiaomi]`` has one alternative on each side.

    >>> str(GoldRelation(("A", "B"), "invests_in", ("C",)))
    'A | B invests_in C'
    """

    subject: tuple[str, ...]
    predicate: str
    object: tuple[str, ...]

    def __str__(self) -> str:
        return f"{' | '.join(self.subject)} {self.predicate} {' | '.join(self.object)}"


@dataclass(frozen=True, slots=True)
class GoldDocument:
    """The annotation of one document, found in the graph by its file name."""

    name: str
    entities: tuple[GoldEntity, ...] = ()
    technologies: tuple[str, ...] = ()
    optional: tuple[str, ...] = ()
    forbidden: tuple[str, ...] = ()
    relations: tuple[GoldRelation, ...] = ()
    tech_relations: tuple[GoldRelation, ...] = ()
    optional_relations: tuple[GoldRelation, ...] = ()


@dataclass(frozen=True, slots=True)
class GoldSet:
    """Every annotated document of a gold file, sorted by file name.

    Attributes:
        documents: The documents.
        source: Where the annotations were read from (for messages and reports).
    """

    documents: tuple[GoldDocument, ...]
    source: str = "<gold>"

    def __len__(self) -> int:
        return len(self.documents)

    def __iter__(self) -> Iterator[GoldDocument]:
        return iter(self.documents)

    def document(self, name: str) -> GoldDocument:
        """Return the document whose file name is ``name`` (raises KeyError if absent)."""
        for doc in self.documents:
            if doc.name == name:
                return doc
        raise KeyError(name)


class _UniqueKeyLoader(yaml.SafeLoader):
    """A safe loader that refuses a key repeated in one mapping.

    Plain ``yaml.safe_load`` keeps the last value, so a document annotated twice would
    silently lose its first annotation.
    """


def _construct_mapping(loader: _UniqueKeyLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark
            )
        seen.add(key)
    return loader.construct_mapping(node)


_UniqueKeyLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG,
    _construct_mapping,
)


def load_gold(path: str | Path, *, predicates: Iterable[str] = ()) -> GoldSet:
    """Read and check a gold annotation file.

    Args:
        path: The YAML file.
        predicates: Predicate names accepted besides the 13 built-in ones (those a
            configuration adds).

    Returns:
        The annotations, documents sorted by file name.

    Raises:
        EvalError: the file cannot be read, is not YAML, or an entry is malformed; the
            message names the file, the document and the entry.
    """
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except OSError as err:
        raise EvalError(f"{p}: cannot read gold file ({err.strerror or err})") from err
    except UnicodeDecodeError as err:
        raise EvalError(f"{p}: gold file is not UTF-8 text") from err
    return parse_gold(text, source=str(p), predicates=predicates)


def parse_gold(text: str, *, source: str = "<gold>", predicates: Iterable[str] = ()) -> GoldSet:
    """Parse gold annotations from YAML text (see :func:`load_gold`).

    >>> gold = parse_gold('''
    ... documents:
    ...   a.txt:
    ...     entities: [{name: Xiaomi, type: ORG}, {name: Lei Jun, type: PERSON}]
    ...     relations: [[Lei Jun, ceo_of, Xiaomi]]
    ... ''')
    >>> [str(r) for r in gold.document("a.txt").relations]
    ['Lei Jun ceo_of Xiaomi']
    """
    try:
        data = yaml.load(text, Loader=_UniqueKeyLoader)  # a SafeLoader subclass
    except yaml.YAMLError as err:
        first = str(err).splitlines()[0] if str(err) else type(err).__name__
        mark = getattr(err, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark is not None else ""
        raise EvalError(f"{source}: not valid YAML{where}: {first}") from err
    if not isinstance(data, dict) or "documents" not in data:
        raise EvalError(f"{source}: a gold file is a mapping with a 'documents' key")
    unknown = sorted(str(k) for k in data if k != "documents")
    if unknown:
        raise EvalError(f"{source}: unknown top-level key {unknown[0]!r}; valid: documents")
    documents = data["documents"]
    if not isinstance(documents, dict) or not documents:
        raise EvalError(f"{source}: 'documents' must map file names to annotations")
    allowed = {p.name for p in BUILTIN_PREDICATES} | set(predicates)
    parsed = [
        _document(name, entry, source=source, predicates=allowed)
        for name, entry in documents.items()
    ]
    return GoldSet(documents=tuple(sorted(parsed, key=lambda d: d.name)), source=source)


def _document(name: Any, entry: Any, *, source: str, predicates: set[str]) -> GoldDocument:
    if not isinstance(name, str) or not name.strip():
        raise EvalError(f"{source}: document name {name!r} must be a file name")
    if "/" in name or "\\" in name:
        raise EvalError(
            f"{source}: document {name!r}: use the file name without folders "
            "(articles are matched by the base name of their source path)"
        )
    where = f"{source}: document {name!r}"
    if entry is None:
        entry = {}
    if not isinstance(entry, dict):
        raise EvalError(f"{where}: the annotation must be a mapping of sections")
    for key in entry:
        if key not in _DOCUMENT_KEYS:
            raise EvalError(
                f"{where}: unknown section {key!r}; valid sections are: {', '.join(_DOCUMENT_KEYS)}"
            )

    def section(key: str) -> list[Any]:
        value = entry.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            raise EvalError(f"{where}: {key!r} must be a list, got {value!r}")
        return value

    entities = tuple(
        _entity(e, f"{where}, entities[{i}]") for i, e in enumerate(section("entities"))
    )
    doc = GoldDocument(
        name=name,
        entities=entities,
        technologies=_names(section("technologies"), f"{where}, technologies"),
        optional=_names(section("optional"), f"{where}, optional"),
        forbidden=_names(section("forbidden"), f"{where}, forbidden"),
        relations=_relations(section("relations"), f"{where}, relations", predicates),
        tech_relations=_relations(
            section("tech_relations"), f"{where}, tech_relations", predicates
        ),
        optional_relations=_relations(
            section("optional_relations"), f"{where}, optional_relations", predicates
        ),
    )
    _check_conflicts(doc, where)
    return doc


def _name(value: Any, where: str) -> str:
    # YAML reads an unquoted 360 as an int; a company may well be called that.
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        hint = (
            " (quote it: YAML reads yes/no/on/off as true/false)" if isinstance(value, bool) else ""
        )
        raise EvalError(f"{where}: a name must be a string, got {value!r}{hint}")
    text = str(value).strip()
    if not normalize_name(text):
        raise EvalError(f"{where}: name {value!r} is empty after normalisation")
    return text


def _names(values: list[Any], where: str) -> tuple[str, ...]:
    return tuple(_name(v, f"{where}[{i}]") for i, v in enumerate(values))


def _entity(value: Any, where: str) -> GoldEntity:
    if not isinstance(value, dict):
        raise EvalError(f"{where}: an entity is a mapping {{name, type, aliases}}, got {value!r}")
    for key in value:
        if key not in _ENTITY_KEYS:
            raise EvalError(f"{where}: unknown key {key!r}; valid keys are: name, type, aliases")
    if "name" not in value or "type" not in value:
        raise EvalError(f"{where}: an entity needs a 'name' and a 'type'")
    name = _name(value["name"], where)
    where = f"{where} ({name})"
    raw_types = value["type"]
    types = tuple(raw_types) if isinstance(raw_types, list) else (raw_types,)
    if not types or any(t not in GOLD_ENTITY_TYPES for t in types):
        raise EvalError(
            f"{where}: type must be one of {', '.join(GOLD_ENTITY_TYPES)} or a list of them, "
            f"got {raw_types!r}"
        )
    aliases = value.get("aliases") or []
    if not isinstance(aliases, list):
        raise EvalError(f"{where}: aliases must be a list, got {aliases!r}")
    return GoldEntity(name=name, types=types, aliases=_names(aliases, f"{where}, aliases"))


def _side(value: Any, where: str) -> tuple[str, ...]:
    if isinstance(value, dict):
        if set(value) != {"any_of"} or not isinstance(value["any_of"], list) or not value["any_of"]:
            raise EvalError(f"{where}: alternatives are written {{any_of: [A, B]}}, got {value!r}")
        return _names(value["any_of"], f"{where}, any_of")
    return (_name(value, where),)


def _relations(values: list[Any], where: str, predicates: set[str]) -> tuple[GoldRelation, ...]:
    relations = []
    for i, value in enumerate(values):
        at = f"{where}[{i}]"
        if not isinstance(value, list) or len(value) != 3:
            raise EvalError(f"{at}: a relation is [subject, predicate, object], got {value!r}")
        subject, predicate, obj = value
        if predicate not in predicates:
            raise EvalError(
                f"{at}: unknown predicate {predicate!r}; valid: {', '.join(sorted(predicates))}"
            )
        relations.append(
            GoldRelation(_side(subject, f"{at} subject"), predicate, _side(obj, f"{at} object"))
        )
    return tuple(relations)


def _check_conflicts(doc: GoldDocument, where: str) -> None:
    """Refuse a name given two roles: matching would depend on which one wins."""
    roles: dict[str, str] = {}

    def claim(name: str, role: str) -> None:
        key = normalize_name(name)
        other = roles.setdefault(key, role)
        if other != role:
            raise EvalError(f"{where}: {name!r} is both {other} and {role}")

    for entity in doc.entities:
        for name in entity.names:
            claim(name, f"a name of entity {entity.name!r}")
    for kind, names in (
        ("a technology", doc.technologies),
        ("optional", doc.optional),
        ("forbidden", doc.forbidden),
    ):
        for name in names:
            claim(name, kind)
