"""The graph ``kgraph eval`` scores: read back from an export, or built fresh from inputs."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import EvalError, ExportError

if TYPE_CHECKING:
    from ..config import Config
    from ..export.registry import Exporter
    from ..graph.knowledge import KnowledgeGraph

__all__ = ["load_graph"]


def _exporter_for(path: Path) -> Exporter | None:
    from ..export.registry import get_exporter

    suffix = path.suffix.lstrip(".")
    if not suffix:
        return None
    try:
        return get_exporter(suffix)
    except ExportError:
        return None  # not an export format: an input document


def load_graph(target: str | Path, *, config: Config | None = None) -> KnowledgeGraph:
    """Return the graph to evaluate.

    A file whose extension names a registered export format (``.ttl``, ``.json``,
    ``.graphml``, ...) is read back with that format's reader; anything else (a folder
    or a file of articles) is built with :func:`kgraph.pipeline.build`, writing nothing.

    Args:
        target: An export file, or an input file or folder.
        config: Configuration of a fresh build (ignored when reading an export).

    Raises:
        EvalError: ``target`` does not exist, or its format cannot be read back.
        KGraphError: reading the export or building the graph failed.
    """
    path = Path(target)
    if not path.exists():
        raise EvalError(f"{path}: no such file or folder to evaluate")
    exporter = _exporter_for(path) if path.is_file() else None
    if exporter is not None:
        if exporter.read is None:
            raise EvalError(
                f"{path}: the {exporter.name} export cannot be read back; "
                "evaluate a .json or .graphml export, or the input folder itself"
            )
        return exporter.read(path)
    from ..pipeline import build  # loads spaCy: only when a build is asked for

    return build(path, config=config).kg
