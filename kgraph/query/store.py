"""The embedded on-disk Oxigraph store: load a graph into it atomically, open it.

``load_store`` builds the new store in a hidden directory beside the target and then
points the target at it by renaming a symbolic link over it, so a reader opening
``store_dir`` sees either the previous store or the complete new one, never a
half-built one, and a build killed midway leaves the previous store in place.

>>> import tempfile, pathlib
>>> with tempfile.TemporaryDirectory() as tmp:
...     _ = (pathlib.Path(tmp) / "g.nt").write_text('<http://e/a> <http://e/p> "1" .\\n')
...     path = load_store(pathlib.Path(tmp) / "g.nt", pathlib.Path(tmp) / "store")
...     len(open_store(path))
1

Loads into the same ``store_dir`` must not run concurrently. A version left behind by
a build that was killed outright (SIGKILL) is removed by the next successful load.
"""

from __future__ import annotations

import contextlib
import gc
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from ..errors import InputError, QueryError

__all__ = ["RDF_SUFFIXES", "load_store", "open_store", "rdf_format"]

#: RDF formats kgraph writes, by file extension.
RDF_SUFFIXES = {".ttl": "TURTLE", ".nt": "N_TRIPLES", ".nq": "N_QUADS", ".trig": "TRIG"}
_VERSION_PREFIX = "."
_VERSION_MARK = ".oxigraph-"


def rdf_format(path: Path) -> Any:
    """Return the pyoxigraph ``RdfFormat`` for ``path``'s extension.

    Raises:
        InputError: the extension is not one of :data:`RDF_SUFFIXES`.
    """
    import pyoxigraph

    name = RDF_SUFFIXES.get(path.suffix.lower())
    if name is None:
        valid = ", ".join(sorted(RDF_SUFFIXES))
        raise InputError(f"{path}: unknown RDF file extension; valid extensions are: {valid}")
    return getattr(pyoxigraph.RdfFormat, name)


def _is_store(path: Path) -> bool:
    # RocksDB always writes CURRENT; refuse to replace any other kind of directory.
    return (path / "CURRENT").is_file()


def load_store(graph_path: str | Path, store_dir: str | Path) -> Path:
    """Load the RDF file ``graph_path`` into an on-disk Oxigraph store at ``store_dir``.

    The store is built in a temporary directory beside ``store_dir``, then swapped in
    atomically; the previous store (if any) is removed afterwards. ``store_dir`` ends
    up as a symbolic link to the current version (``.NAME.oxigraph-XXXX``).

    Returns:
        ``store_dir`` as a Path.

    Raises:
        InputError: the graph file is missing or does not parse (named in the message),
            or ``store_dir`` exists and is not a store.
    """
    import pyoxigraph

    source = Path(graph_path)
    target = Path(store_dir)
    fmt = rdf_format(source)
    if not source.is_file():
        raise InputError(f"{source}: no such graph file")
    if target.exists() and not target.is_symlink() and not _is_store(target):
        raise InputError(f"{target}: exists and is not an Oxigraph store; choose another --store")
    target.parent.mkdir(parents=True, exist_ok=True)
    version = Path(
        tempfile.mkdtemp(prefix=f"{_VERSION_PREFIX}{target.name}{_VERSION_MARK}", dir=target.parent)
    )
    try:
        store = pyoxigraph.Store(str(version))
        try:
            store.bulk_load(path=str(source), format=fmt)
            store.optimize()
            store.flush()
        finally:
            del store
            gc.collect()  # the RocksDB handle closes when the Store object is freed
        previous = _swap(version, target)
    except SyntaxError as err:
        shutil.rmtree(version, ignore_errors=True)
        raise InputError(f"{source}: not valid RDF: {err}") from err
    except OSError as err:
        shutil.rmtree(version, ignore_errors=True)
        raise InputError(f"{target}: cannot build the store from {source}: {err}") from err
    except BaseException:
        shutil.rmtree(version, ignore_errors=True)
        raise
    if previous is not None:
        shutil.rmtree(previous, ignore_errors=True)
    _sweep(target, keep=version)
    return target


def _sweep(target: Path, *, keep: Path) -> None:
    """Remove versions and links of ``target`` left by builds that were killed."""
    for pattern in (f"{_VERSION_PREFIX}{target.name}{_VERSION_MARK}*",
                    f"{_VERSION_PREFIX}{target.name}.link-*",
                    f"{_VERSION_PREFIX}{target.name}.old-*"):  # fmt: skip
        for stale in target.parent.glob(pattern):
            if stale.name == keep.name:
                continue
            if stale.is_symlink() or stale.is_file():
                stale.unlink(missing_ok=True)
            else:
                shutil.rmtree(stale, ignore_errors=True)


def _swap(version: Path, target: Path) -> Path | None:
    """Point ``target`` at ``version`` atomically; return the directory it replaced."""
    link = target.parent / f"{_VERSION_PREFIX}{target.name}.link-{version.name[-8:]}"
    os.symlink(version.name, link)
    previous: Path | None = None
    if target.is_symlink():
        previous = target.parent / os.readlink(target)
    elif target.exists():
        # A plain store directory from elsewhere: move it aside first (the one moment
        # the path is missing), then the link takes its place.
        previous = target.parent / f"{_VERSION_PREFIX}{target.name}.old-{version.name[-8:]}"
        os.replace(target, previous)
    try:
        os.replace(link, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(link)
        raise
    return previous


def open_store(store_dir: str | Path, *, writable: bool = False) -> Any:
    """Open the store at ``store_dir``: read-only, or read-write for updates.

    Raises:
        InputError: there is no store at ``store_dir``.
        QueryError: the store cannot be opened (for example locked by a writer).
    """
    import pyoxigraph

    path = Path(store_dir)
    if not _is_store(path):
        raise InputError(
            f"{path}: no Oxigraph store here; create one with kgraph build --store {path}"
        )
    try:
        if writable:
            return pyoxigraph.Store(str(path))
        return pyoxigraph.Store.read_only(str(path))
    except OSError as err:
        raise QueryError(f"{path}: cannot open the store: {err}") from err
