"""Reading exports back into a :class:`KnowledgeGraph`, and the rdflib view of one.

:func:`load` picks the reader from the file's extension through the export registry
(:mod:`kgraph.export.registry`): every exporter whose ``read`` is set can be loaded, so
a new readable format is one new exporter module, never a change here.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import ExportError, InputError
from ..export.registry import Exporter, ExportOptions, exporters, get_exporter

if TYPE_CHECKING:
    from .knowledge import KnowledgeGraph

__all__ = ["load", "readable_formats", "to_rdflib"]


def _suffix(filename: str) -> str:
    return Path(filename).suffix.lower()


def readable_formats() -> dict[str, Exporter]:
    """Return the exporters that can read their files back, by file extension.

    >>> all(ext.startswith(".") for ext in readable_formats())
    True
    """
    return {_suffix(e.filename): e for e in exporters() if e.read is not None}


def load(path: str | Path, *, format: str | None = None) -> KnowledgeGraph:
    """Read a kgraph export (``graph.ttl``, ``graph.graphml``, ``graph.json``, ...).

    Args:
        path: The exported file.
        format: A registered format name or alias (``turtle``); by default the
            format whose file extension ``path`` has.

    Returns:
        The graph the file describes.

    Raises:
        InputError: ``path`` does not exist or is not a file.
        ExportError: no readable format has that extension (or name); the message
            lists the readable ones. Readers raise it too for a malformed file.

    Example:
        >>> load("graph.xyz")
        Traceback (most recent call last):
        ...
        kgraph.errors.InputError: graph.xyz: no such file
    """
    file = Path(path)
    if not file.exists():
        raise InputError(f"{file}: no such file")
    if not file.is_file():
        raise InputError(f"{file}: not a file (give the path of an exported graph)")
    readable = readable_formats()
    valid = ", ".join(sorted(readable)) or "none (no format reader is installed)"
    if format is not None:
        exporter = get_exporter(format)
    else:
        found = readable.get(file.suffix.lower())
        if found is None:
            raise ExportError(
                f"{file}: cannot load files ending in {file.suffix or '(no extension)'!r}; "
                f"readable extensions are: {valid}"
            )
        exporter = found
    read = exporter.read
    if read is None:
        raise ExportError(f"format {exporter.name!r} cannot be read back; readable: {valid}")
    try:
        return read(file)
    except OSError as err:
        raise InputError(f"{file}: cannot read ({err.strerror or err})") from err


def to_rdflib(kg: KnowledgeGraph, *, base_iri: str | None = None) -> Any:
    """Return an :class:`rdflib.Graph` holding what the Turtle export of ``kg`` says.

    The registered ``ttl`` exporter writes into memory and rdflib parses the result,
    so the RDF view always matches the export contract.

    Args:
        kg: The graph.
        base_iri: Base of the data IRIs (default: the configuration default).

    Raises:
        ExportError: no ``ttl`` exporter is registered.
    """
    import rdflib

    from ..config import DEFAULT_BASE_IRI, ExportConfig

    exporter = get_exporter("ttl")
    buffer = io.BytesIO()
    options = ExportOptions(base_iri=base_iri or DEFAULT_BASE_IRI, export=ExportConfig())
    exporter.write(kg, buffer, options)
    graph = rdflib.Graph()
    graph.parse(data=buffer.getvalue(), format="turtle")
    return graph
