"""The graph ``kgraph eval`` scores: read back from an export, or built fresh from inputs."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import EvalError

if TYPE_CHECKING:
    from ..config import Config
    from ..graph.knowledge import KnowledgeGraph

__all__ = ["load_graph"]


def _is_export(path: Path) -> bool:
    """Whether ``path`` has the extension of a registered export format's file."""
    from ..export.registry import exporters

    suffix = path.suffix.lower()
    return bool(suffix) and any(Path(e.filename).suffix.lower() == suffix for e in exporters())


def load_graph(target: str | Path, *, config: Config | None = None) -> KnowledgeGraph:
    """Return the graph to evaluate.

    A file with the extension of a registered export format (``.ttl``, ``.json``,
    ``.graphml``, ...) is read back with :func:`kgraph.load`; anything else (a folder,
    or a file of articles) is built with :func:`kgraph.pipeline.build`, writing nothing.

    Relations are attributed to documents through their evidence, so score a lossless
    export (``.json``, ``.ttl``): GraphML and GEXF keep one evidence statement per fact,
    and a fact stated in several documents then counts for one of them only.

    Args:
        target: An export file, or an input file or folder.
        config: Configuration of a fresh build (not used when reading an export).

    Raises:
        EvalError: ``target`` does not exist.
        KGraphError: reading the export (``ExportError``: a format without a reader, a
            malformed file) or building the graph failed.
    """
    path = Path(target)
    if not path.exists():
        raise EvalError(f"{path}: no such file or folder to evaluate")
    if path.is_file() and _is_export(path):
        from ..graph.load import load

        return load(path)
    from ..pipeline import build  # loads spaCy: only when a build is asked for

    return build(path, config=config).kg
