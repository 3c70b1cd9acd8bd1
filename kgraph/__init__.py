"""kgraph: turn a folder of news articles into a knowledge graph.

>>> import kgraph
>>> sorted(kgraph.__all__)[:3]
['BuildResult', 'Config', 'ConfigError']

The heavy parts (spaCy, rdflib, pyoxigraph) are imported only when used, so
``import kgraph`` is cheap and has no side effects.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from .errors import (
    ConfigError,
    EvalError,
    ExportError,
    InputError,
    KGraphError,
    LookupFailed,
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
    from .pipeline import BuildResult, build

__all__ = [
    "Article",
    "BuildResult",
    "Config",
    "ConfigError",
    "Entity",
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
    "PipelineNotFound",
    "Provenance",
    "QueryError",
    "__version__",
    "build",
    "load",
    "load_config",
]

_LAZY = {
    "Config": "config",
    "load_config": "config",
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
