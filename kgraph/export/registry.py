"""The registry of export formats.

An exporter is looked up by name or alias (``turtle``/``ttl``/``text/turtle``), the
way rdflib's plugin registry works. The CLI's ``--formats`` choices come from here.
Every file is written atomically: into a temporary file in the target directory,
flushed and fsynced, then renamed over the target, so an interrupted build never
leaves a half-written export behind. :func:`write_exports` writes a build's formats
as a set: all temporary files first, then the renames, so a build stopped while
serialising leaves the previous set whole rather than some formats new and some old.

A process killed outright (SIGKILL, power loss) cannot remove its temporary file.
Temporary files are named ``.<filename>.<pid>.<random>.tmp``; before writing a file,
:func:`write_export` removes the temporary files of that file left by processes that
are no longer running, so a killed build's debris goes away with the next build while
a concurrent build's file in progress is left alone.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import stat
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING

from ..errors import ExportError

if TYPE_CHECKING:
    from ..config import ExportConfig
    from ..graph.knowledge import KnowledgeGraph
    from ..predicates import Predicate

__all__ = [
    "ExportOptions",
    "Exporter",
    "atomic_write",
    "check_output_dir",
    "exporters",
    "get_exporter",
    "register_exporter",
    "remove_stale_temp_files",
    "write_export",
    "write_exports",
]


@dataclass(frozen=True, slots=True)
class ExportOptions:
    """Options every exporter receives.

    Attributes:
        base_iri: Base of the data IRIs (``<base>entity/<slug>``).
        export: The ``export:`` section of the configuration.
        predicates: Predicates the configuration adds (``Config.predicates``); the
            RDF exports declare them next to the built-in ones.
    """

    base_iri: str
    export: ExportConfig
    predicates: Mapping[str, Predicate] = field(default_factory=dict)


WriteFn = Callable[["KnowledgeGraph", IO[bytes], ExportOptions], None]
ReadFn = Callable[[Path], "KnowledgeGraph"]


@dataclass(frozen=True, slots=True)
class Exporter:
    """One registered export format.

    Attributes:
        name: Canonical short name (``ttl``).
        filename: File written into the output directory (``graph.ttl``).
        media_type: IANA media type.
        aliases: Other names that select it (``turtle``, ``text/turtle``).
        write: Writes the graph to a binary stream.
        description: One line for ``--help``.
        read: Reads a file of this format back into a KnowledgeGraph, when the
            format keeps enough to do so (``kgraph.load``).
    """

    name: str
    filename: str
    media_type: str
    aliases: tuple[str, ...]
    write: WriteFn
    description: str = ""
    read: ReadFn | None = None


_REGISTRY: dict[str, Exporter] = {}
_ALIASES: dict[str, str] = {}


def register_exporter(exporter: Exporter) -> Exporter:
    """Add ``exporter`` to the registry (a later registration replaces an earlier one)."""
    _REGISTRY[exporter.name] = exporter
    for alias in (exporter.name, *exporter.aliases, exporter.media_type):
        _ALIASES[alias.lower()] = exporter.name
    return exporter


_NOT_FORMATS = frozenset({"registry"})


def _ensure_builtins() -> None:
    # Each public module of kgraph.export registers its formats when imported. The
    # import happens on first lookup, not at ``import kgraph``, so importing the
    # package has no side effects; a new format is one new module.
    import importlib
    import pkgutil

    from .. import export

    for info in pkgutil.iter_modules(export.__path__):
        if not info.name.startswith("_") and info.name not in _NOT_FORMATS:
            importlib.import_module(f"{export.__name__}.{info.name}")


def exporters() -> tuple[Exporter, ...]:
    """Return every registered exporter, sorted by name."""
    _ensure_builtins()
    return tuple(_REGISTRY[name] for name in sorted(_REGISTRY))


def get_exporter(name: str) -> Exporter:
    """Return the exporter registered under ``name`` or one of its aliases.

    Raises:
        ExportError: no exporter has that name; the message lists the valid ones.
    """
    _ensure_builtins()
    key = _ALIASES.get(name.strip().lower())
    if key is None:
        valid = ", ".join(sorted(_REGISTRY))
        raise ExportError(f"unknown export format {name!r}; valid formats are: {valid}")
    return _REGISTRY[key]


@contextlib.contextmanager
def atomic_write(path: str | Path) -> Iterator[IO[bytes]]:
    """Open a temporary file beside ``path``; on success rename it over ``path``.

    On any error (including KeyboardInterrupt) the temporary file is removed and the
    previous content of ``path`` is left untouched.
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = _temp_path(target)
    try:
        with _create(tmp, target) as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    _fsync_dir(target.parent)


def _temp_path(target: Path) -> Path:
    """Return a fresh temporary name beside ``target``: ``.<name>.<pid>.<random>.tmp``.

    The name is chosen before the file exists, so that whoever creates it can always
    remove it: a Ctrl-C landing just after the file was created (inside
    ``tempfile.mkstemp``, before its name was returned) used to leave it behind.
    """
    return target.with_name(f".{target.name}.{os.getpid()}.{secrets.token_hex(6)}.tmp")


def _create(tmp: Path, target: Path) -> IO[bytes]:
    """Create ``tmp`` (never an existing file) with the mode ``target`` should have."""
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
    try:
        # An export gets the mode of the file it replaces, or the mode a plain
        # open() would give it under the umask (not the 0600 of a private temp file).
        os.chmod(tmp, _export_mode(target))
    except BaseException:
        os.close(fd)
        raise
    return os.fdopen(fd, "wb")


def _export_mode(target: Path) -> int:
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except FileNotFoundError:
        umask = os.umask(0o022)
        os.umask(umask)
        return 0o666 & ~umask


def _fsync_dir(folder: Path) -> None:
    """Make the rename durable (POSIX); a no-op where directories cannot be opened."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some filesystems refuse fsync on a directory; the rename still happened
    finally:
        os.close(fd)


def _pid_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except (ProcessLookupError, OverflowError):  # OverflowError: no such pid can exist
        return False
    except OSError:  # PermissionError: alive, owned by someone else
        return True
    return True


def remove_stale_temp_files(target: str | Path) -> list[Path]:
    """Remove temporary files of ``target`` left by processes no longer running.

    Only names :func:`atomic_write` makes (``.<name>.<pid>.<random>.tmp``) are
    touched. Returns the files removed.
    """
    target = Path(target)
    pattern = re.compile(rf"\.{re.escape(target.name)}\.(\d+)\.[A-Za-z0-9_]+\.tmp")
    removed: list[Path] = []
    try:
        candidates = list(target.parent.iterdir())
    except OSError:  # no folder yet, or not a folder: writing will say so
        return removed
    for candidate in sorted(candidates):
        match = pattern.fullmatch(candidate.name)
        if match is None or _pid_alive(int(match.group(1))) or not candidate.is_file():
            continue
        # Debris that cannot be removed (gone already, no permission) must not stop
        # the export itself.
        with contextlib.suppress(OSError):
            candidate.unlink()
            removed.append(candidate)
    return removed


def write_export(
    kg: KnowledgeGraph, exporter: Exporter, out_dir: str | Path, options: ExportOptions
) -> Path:
    """Write ``kg`` with ``exporter`` into ``out_dir`` atomically; return the path."""
    target = Path(out_dir) / exporter.filename
    try:
        remove_stale_temp_files(target)
        with atomic_write(target) as handle:
            exporter.write(kg, handle, options)
    except OSError as err:
        raise ExportError(f"{target}: cannot write {exporter.name} export ({err})") from err
    return target


def check_output_dir(out_dir: str | Path) -> Path:
    """Create ``out_dir`` if needed and check that exports can be written into it.

    A build calls this before parsing anything, so a typo'd or read-only output
    folder fails in a second, not after hours of parsing.

    Raises:
        ExportError: the folder cannot be created or written; the message names it.
    """
    folder = Path(out_dir)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise ExportError(
            f"{folder}: cannot create the output folder ({err.strerror or err})"
        ) from err
    if not os.access(folder, os.W_OK | os.X_OK):
        raise ExportError(f"{folder}: the output folder is not writable")
    return folder


def _write_temp(
    tmp: Path, target: Path, exporter: Exporter, kg: KnowledgeGraph, options: ExportOptions
) -> None:
    """Write one export into the new temporary file ``tmp`` (the caller removes it)."""
    with _create(tmp, target) as handle:
        exporter.write(kg, handle, options)
        handle.flush()
        os.fsync(handle.fileno())


def write_exports(
    kg: KnowledgeGraph,
    exporters: Sequence[Exporter],
    out_dir: str | Path,
    options: ExportOptions,
) -> list[Path]:
    """Write ``kg`` in every format of ``exporters`` into ``out_dir``, as one set.

    Every export is first written to its temporary file; only when all of them are
    complete are they renamed over the previous files, one after the other. The slow
    part (serialising) therefore replaces nothing: a build stopped or failing during
    it leaves the whole previous set as it was, not some formats new and some old.

    Raises:
        ExportError: an export cannot be written; no previous export was replaced.
    """
    folder = Path(out_dir)
    staged: list[tuple[Path, Path]] = []
    # Debris of every known format goes, not only of those written now: a build
    # killed while writing graph.nq must not leave its temporary file for ever
    # because the next build writes only graph.ttl.
    _ensure_builtins()
    for known in {e.filename for e in (*_REGISTRY.values(), *exporters)}:
        remove_stale_temp_files(folder / known)
    try:
        for exporter in exporters:
            target = folder / exporter.filename
            try:
                folder.mkdir(parents=True, exist_ok=True)
                tmp = _temp_path(target)
                staged.append((tmp, target))  # before the file exists: always removable
                _write_temp(tmp, target, exporter, kg, options)
            except OSError as err:
                raise ExportError(f"{target}: cannot write {exporter.name} export ({err})") from err
        for tmp, target in staged:
            try:
                os.replace(tmp, target)
            except OSError as err:
                raise ExportError(f"{target}: cannot replace the export ({err})") from err
    except BaseException:
        for tmp, _ in staged:
            with contextlib.suppress(FileNotFoundError):
                tmp.unlink()
        raise
    _fsync_dir(folder)
    return [target for _, target in staged]
