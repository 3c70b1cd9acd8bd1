"""The SQLite store behind the extraction cache.

One table maps ``(content, fingerprint)`` to an encoded record and the time a build
last used it. The database runs in WAL mode and every write is one transaction, so
a build killed mid-write leaves the cache as it was after the last committed batch:
never a half-written entry. The file is a cache: a file from an incompatible kgraph
is emptied and rebuilt, never trusted.

The default location is per user, shared by every build (``$KGRAPH_CACHE_DIR``, else
``$XDG_CACHE_HOME/kgraph``, else ``~/.cache/kgraph``): entries are keyed by content
and fingerprint, so sharing is safe, and output directories stay free of it.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import sqlite3
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from ..errors import KGraphError

__all__ = [
    "CACHE_ENV",
    "CACHE_FILENAME",
    "CacheError",
    "CacheInfo",
    "ExtractionCache",
    "cache_file",
    "clear_cache",
    "default_cache_dir",
    "read_info",
]

#: Environment variable naming the default cache folder.
CACHE_ENV = "KGRAPH_CACHE_DIR"
#: The database file inside the cache folder.
CACHE_FILENAME = "extraction.sqlite"
_SCHEMA = "2"
_CHUNK = 500  # SQLite's default limit on ``?`` parameters is 999 in old builds


class CacheError(KGraphError):
    """The cache file cannot be opened, read or written."""


@dataclass(frozen=True, slots=True)
class CacheInfo:
    """What ``kgraph cache info`` shows.

    Attributes:
        path: The cache file.
        exists: Whether the file exists.
        bytes: Size on disk, including the WAL file.
        entries: Cached documents, over every fingerprint.
        fingerprints: Distinct fingerprints (pipeline, rules, config) stored.
        current: Entries under the fingerprint given to :meth:`ExtractionCache.info`.
        created: When the file was created (ISO 8601, UTC), when known.
        kgraph_version: Version of kgraph that created it, when known.
    """

    path: Path
    exists: bool
    bytes: int = 0
    entries: int = 0
    fingerprints: int = 0
    current: int | None = None
    created: str | None = None
    kgraph_version: str | None = None


def cache_file(directory: str | Path) -> Path:
    """Return the cache database inside the cache folder ``directory``.

    >>> cache_file("out/.kgraph-cache").as_posix()
    'out/.kgraph-cache/extraction.sqlite'
    """
    return Path(directory) / CACHE_FILENAME


def default_cache_dir() -> Path:
    """Return the default cache folder: ``$KGRAPH_CACHE_DIR``, else the user's cache.

    The user's cache is ``$XDG_CACHE_HOME/kgraph`` when that variable holds an
    absolute path (as the XDG specification requires), else ``~/.cache/kgraph``.
    """
    explicit = os.environ.get(CACHE_ENV)
    if explicit:
        return Path(explicit).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg).expanduser() if xdg and Path(xdg).is_absolute() else Path.home() / ".cache"
    return base / "kgraph"


def _disk_size(path: Path) -> int:
    total = 0
    for suffix in ("", "-wal", "-shm"):
        with contextlib.suppress(OSError):
            total += Path(f"{path}{suffix}").stat().st_size
    return total


def clear_cache(directory: str | Path) -> int:
    """Delete the cache in the folder ``directory``; return the bytes freed.

    Only the files the cache writes are removed; the folder goes too when that
    leaves it empty.
    """
    folder = Path(directory)
    path = cache_file(folder)
    freed = _disk_size(path)
    for name in (f"{CACHE_FILENAME}{s}" for s in ("", "-wal", "-shm", "-journal")):
        try:
            (folder / name).unlink()
        except FileNotFoundError:
            continue
        except OSError as err:
            raise CacheError(f"{folder / name}: cannot delete the cache ({err.strerror})") from err
    with contextlib.suppress(FileNotFoundError):
        (folder / ".gitignore").unlink()
    with contextlib.suppress(OSError):
        folder.rmdir()
    return freed


class ExtractionCache:
    """Encoded records by ``(content key, fingerprint)`` in one SQLite file.

    Use as a context manager, or call :meth:`close`.

    Raises:
        CacheError: the file cannot be created or is not a SQLite database.
    """

    def __init__(self, path: str | Path, *, fingerprint: str) -> None:
        self.path = Path(path)
        self.fingerprint = fingerprint
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            ignore = self.path.parent / ".gitignore"
            if not ignore.exists():
                # Like .pytest_cache: a cache folder given inside a repository keeps
                # itself out of version control.
                ignore.write_text("# created by kgraph\n*\n", encoding="utf-8")
            self._db = sqlite3.connect(self.path, timeout=60.0, isolation_level=None)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._setup()
        except (sqlite3.Error, OSError) as err:
            raise CacheError(
                f"{self.path}: cannot open the extraction cache ({err}); delete it with "
                f"'kgraph cache clear --cache {self.path.parent}' or build with --no-cache"
            ) from err

    def _setup(self) -> None:
        from .. import __version__

        with self._transaction():
            self._db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)")
            row = self._db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
            if row is not None and row[0] != _SCHEMA:
                self._db.execute("DROP TABLE IF EXISTS records")
                self._db.execute("DELETE FROM meta")
            self._db.execute(
                "CREATE TABLE IF NOT EXISTS records (content TEXT NOT NULL, "
                "fingerprint TEXT NOT NULL, payload BLOB NOT NULL, used INTEGER NOT NULL, "
                "PRIMARY KEY (content, fingerprint)) WITHOUT ROWID"
            )
            created = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
            self._db.executemany(
                "INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)",
                [("schema", _SCHEMA), ("created", created), ("kgraph_version", __version__)],
            )

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[None]:
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    def __enter__(self) -> ExtractionCache:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close the database (idempotent)."""
        self._db.close()

    def __contains__(self, key: object) -> bool:
        row = self._db.execute(
            "SELECT 1 FROM records WHERE content = ? AND fingerprint = ?", (key, self.fingerprint)
        ).fetchone()
        return row is not None

    def put_many(self, items: Iterable[tuple[str, bytes]]) -> None:
        """Store ``(content key, encoded record)`` pairs in one transaction."""
        now = int(time.time())
        rows = [(key, self.fingerprint, payload, now) for key, payload in items]
        try:
            with self._transaction():
                self._db.executemany(
                    "INSERT OR REPLACE INTO records (content, fingerprint, payload, used) "
                    "VALUES (?, ?, ?, ?)",
                    rows,
                )
        except sqlite3.Error as err:
            raise CacheError(f"{self.path}: cannot write the extraction cache ({err})") from err

    def get_many(self, keys: Sequence[str]) -> dict[str, bytes]:
        """Return the encoded records of ``keys`` that are cached."""
        out: dict[str, bytes] = {}
        for i in range(0, len(keys), _CHUNK):
            chunk = list(dict.fromkeys(keys[i : i + _CHUNK]))
            marks = ",".join("?" * len(chunk))
            rows = self._db.execute(
                f"SELECT content, payload FROM records WHERE fingerprint = ? "
                f"AND content IN ({marks})",
                [self.fingerprint, *chunk],
            )
            out.update(rows)
        return out

    def touch(self, keys: Iterable[str]) -> None:
        """Record that a build used the entries of ``keys`` now (see :meth:`forget`)."""
        now = int(time.time())
        with self._transaction():
            self._db.executemany(
                "UPDATE records SET used = ? WHERE content = ? AND fingerprint = ? AND used < ?",
                ((now, key, self.fingerprint, now) for key in keys),
            )

    def forget(self, *, unused_for: float) -> int:
        """Delete entries no build used in the last ``unused_for`` seconds; return how many."""
        cutoff = int(time.time() - unused_for)
        with self._transaction():
            cursor = self._db.execute("DELETE FROM records WHERE used < ?", (cutoff,))
        return cursor.rowcount

    def info(self) -> CacheInfo:
        """Return sizes and counts of this cache."""
        entries, fingerprints = self._db.execute(
            "SELECT COUNT(*), COUNT(DISTINCT fingerprint) FROM records"
        ).fetchone()
        (current,) = self._db.execute(
            "SELECT COUNT(*) FROM records WHERE fingerprint = ?", (self.fingerprint,)
        ).fetchone()
        meta = dict(self._db.execute("SELECT key, value FROM meta").fetchall())
        return CacheInfo(
            path=self.path,
            exists=True,
            bytes=_disk_size(self.path),
            entries=entries,
            fingerprints=fingerprints,
            current=current,
            created=meta.get("created"),
            kgraph_version=meta.get("kgraph_version"),
        )


def read_info(directory: str | Path, *, fingerprint: str = "") -> CacheInfo:
    """Return :class:`CacheInfo` for the cache in the folder ``directory`` (never creates it).

    With a ``fingerprint``, :attr:`CacheInfo.current` counts its entries.
    """
    path = cache_file(directory)
    if not path.is_file():
        return CacheInfo(path=path, exists=False)
    with ExtractionCache(path, fingerprint=fingerprint) as cache:
        info = cache.info()
    return info if fingerprint else dataclasses.replace(info, current=None)
