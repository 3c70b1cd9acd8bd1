"""kgraph: turn a folder of news articles into a knowledge graph.

>>> import kgraph
>>> kg = kgraph.KnowledgeGraph  # names resolve on first use
>>> kg.__name__
'KnowledgeGraph'

The heavy parts (spaCy, rdflib, pyoxigraph) are imported only when used, so
``import kgraph`` is cheap and has no side effects.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from .errors import (
    ArgumentError,
    ConfigError,
    EntityNotFound,
    EvalError,
    ExportError,
    InputError,
    KGraphError,
    LookupFailed,
    PathNotFound,
    PipelineNotFound,
    QueryError,
)

__version__ = "0.1.0"

if TYPE_CHECKING:
    from .config import Config, load_config
    from .graph.knowledge import Article, Fact, KnowledgeGraph
    from .graph.load import load
    from .graph.lookup import Hop, Neighbour
    from .model import Entity, MergeDecision, Provenance
    from .normalize import normalize_name
    from .pipeline import BuildResult, build

__all__ = [
    "ArgumentError",
    "Article",
    "BuildResult",
    "Config",
    "ConfigError",
    "Entity",
    "EntityNotFound",
    "EvalError",
    "ExportError",
    "Fact",
    "Hop",
    "InputError",
    "KGraphError",
    "KnowledgeGraph",
    "LookupFailed",
    "MergeDecision",
    "Neighbour",
    "PathNotFound",
    "PipelineNotFound",
    "Provenance",
    "QueryError",
    "__version__",
    "build",
    "load",
    "load_config",
    "normalize_name",
]

_LAZY = {
    "Config": "config",
    "load_config": "config",
    "normalize_name": "normalize",
    "Article": "graph.knowledge",
    "Fact": "graph.knowledge",
    "KnowledgeGraph": "graph.knowledge",
    "load": "graph.load",
    "Hop": "graph.lookup",
    "Neighbour": "graph.lookup",
    "Entity": "model",
    "MergeDecision": "model",
    "Provenance": "model",
    "BuildResult": "pipeline",
    "build": "pipeline",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'kgraph' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
