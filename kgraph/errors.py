"""The one exception tree of kgraph.

Every error a user can cause derives from :class:`KGraphError`. The CLI turns any of
them into a one-line message and a non-zero exit; library code raises, never prints.
"""

from __future__ import annotations

__all__ = [
    "ArgumentError",
    "ConfigError",
    "EntityNotFound",
    "EvalError",
    "ExportError",
    "InputError",
    "KGraphError",
    "LookupFailed",
    "OutputLocked",
    "PathNotFound",
    "PipelineNotFound",
    "QueryError",
]


class KGraphError(Exception):
    """Base class of every error kgraph raises on purpose."""


class ConfigError(KGraphError):
    """The configuration file or an option has an invalid key or value."""


class InputError(KGraphError):
    """An input path or document cannot be read or parsed."""


class PipelineNotFound(KGraphError):
    """No usable spaCy pipeline is installed."""


class ExportError(KGraphError):
    """An export could not be written or read back."""


class OutputLocked(ExportError):
    """Another build is writing into the same output folder."""


class QueryError(KGraphError):
    """A SPARQL query is malformed, refused or failed."""


class LookupFailed(KGraphError, KeyError):
    """An entity name does not resolve to a node of the graph."""

    def __str__(self) -> str:  # KeyError quotes its message; keep it readable
        return str(self.args[0]) if self.args else ""


class EvalError(KGraphError):
    """The gold file or the graph to evaluate is unusable."""


class ArgumentError(KGraphError, ValueError):
    """An argument of an API call has a value outside the valid ones (named in the message)."""


class EntityNotFound(LookupFailed):
    """No entity of the graph goes by ``name``; ``suggestions`` holds close labels."""

    def __init__(self, name: str, suggestions: tuple[str, ...] = ()) -> None:
        hint = f"; did you mean: {', '.join(suggestions)}?" if suggestions else ""
        super().__init__(f"no entity named {name!r} in the graph{hint}")
        self.name = name
        self.suggestions = suggestions


class PathNotFound(LookupFailed):
    """No chain of relations connects the two entities."""
