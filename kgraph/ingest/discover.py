"""Find the article files of the inputs, in a deterministic order.

**Order.** Inputs are read in the order given; inside a directory, entries are
visited depth first in code-point order of their names, so the order on disk never
matters. Hidden entries (names starting with ``.``) are ignored.

**Source paths.** Every file gets a ``source_path``: relative to the current working
directory when the input lies inside it (``kgraph build seeds/`` gives
``seeds/000_….txt``, whatever spelling of the input was used), otherwise relative to
the input's parent directory (``/data/news/`` gives ``news/a.txt``; a single file
``/data/a.txt`` gives ``a.txt``). Separators are ``/``. A file name that is not valid
Unicode is shown with U+FFFD in its source path (the file itself is still read). Two
different files that would get the same source path: the second one gets its
absolute path instead, with a warning, so document ids stay unique.

**Problems.** A missing top-level input raises :class:`~kgraph.errors.InputError`.
Inside a tree, dangling symlinks, symlink loops, unreadable directories and special
files (FIFOs, sockets, devices: opening them could block) are reported once and
skipped. A directory reached twice through symlinks is read once. Files with other
extensions are counted in :attr:`IngestReport.ignored` and logged at debug level
only: a folder of articles may hold images.
"""

from __future__ import annotations

import errno
import logging
import os
import stat
from collections.abc import Callable, Container, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from .report import IngestReport

__all__ = ["InputRoot", "Source", "discover", "input_roots", "source_path_of"]

log = logging.getLogger("kgraph.ingest")


@dataclass(frozen=True, slots=True)
class InputRoot:
    """One input of the command line.

    Attributes:
        given: The input as the user wrote it.
        path: Absolute path (symlinks not resolved, ``..`` folded).
        base: Directory that source paths are relative to.
        is_dir: Whether the input is a directory.
        is_regular: Whether the input is a regular file.
    """

    given: str
    path: Path
    base: Path
    is_dir: bool
    is_regular: bool


@dataclass(frozen=True, slots=True)
class Source:
    """One file to read.

    Attributes:
        path: Where to open it.
        source_path: Its name in documents and reports (see the module docstring).
    """

    path: Path
    source_path: str

    @property
    def extension(self) -> str:
        """Lower-case extension with its dot (``.txt``)."""
        return self.path.suffix.lower()


def _display(text: str) -> str:
    """Make a file name printable: undecodable bytes become U+FFFD."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return text


def source_path_of(path: Path, base: Path) -> str:
    """Return the ``/``-separated path of ``path`` relative to ``base``.

    >>> source_path_of(Path("/w/seeds/a.txt"), Path("/w"))
    'seeds/a.txt'
    """
    try:
        relative = path.relative_to(base)
    except ValueError:
        relative = path
    return _display(relative.as_posix())


def input_roots(inputs: Sequence[str | os.PathLike[str]]) -> list[InputRoot]:
    """Check the inputs and return them as roots.

    Raises:
        InputError: an input does not exist, is a dangling symlink or a symlink loop.
    """
    try:
        cwd: Path | None = Path.cwd()
    except OSError:  # the working directory was deleted: paths relative to the parent
        cwd = None
    roots = []
    for given in inputs:
        name = os.fspath(given)
        path = Path(os.path.abspath(name))
        try:
            st = path.stat()
        except FileNotFoundError as err:
            if path.is_symlink():
                raise InputError(
                    f"input {name}: dangling symlink (its target does not exist)"
                ) from err
            raise InputError(f"input path not found: {name}") from err
        except OSError as err:
            why = "symlink loop" if err.errno == errno.ELOOP else (err.strerror or str(err))
            raise InputError(f"input {name}: cannot be read ({why})") from err
        inside = cwd is not None and (path == cwd or path.is_relative_to(cwd))
        base = cwd if cwd is not None and inside else path.parent
        mode = st.st_mode
        roots.append(InputRoot(name, path, base, stat.S_ISDIR(mode), stat.S_ISREG(mode)))
    return roots


def _stat_problem(entry: os.DirEntry[str], err: OSError) -> str:
    if err.errno == errno.ELOOP:
        return "symlink loop"
    if isinstance(err, FileNotFoundError):
        try:
            dangling = entry.is_symlink()
        except OSError:
            dangling = False
        if dangling:
            return "dangling symlink (its target does not exist)"
        return "vanished while the folder was being read"
    return f"cannot be read ({err.strerror or err})"


def _sorted_entries(directory: Path) -> list[os.DirEntry[str]]:
    with os.scandir(directory) as it:
        return sorted(it, key=lambda e: e.name)


def discover(
    roots: Sequence[InputRoot], *, extensions: Container[str], report: IngestReport
) -> Iterator[Source]:
    """Yield every article file of ``roots`` once, in a deterministic order.

    Args:
        roots: From :func:`input_roots`.
        extensions: Supported extensions (lower case, with the dot).
        report: Receives skipped entries and the count of ignored files.
    """
    used: dict[str, Path] = {}
    read_dirs: set[tuple[int, int]] = set()

    def source(path: Path, base: Path) -> Source | None:
        name = source_path_of(path, base)
        earlier = used.get(name)
        if earlier == path:
            log.debug("%s: given twice; read once", name)
            return None
        if earlier is not None:
            full = unique = _display(path.as_posix())
            # The full path can be taken too: names that differ only in undecodable
            # bytes all display as U+FFFD. A counter keeps every document id unique.
            count = 1
            while unique in used:
                count += 1
                unique = f"{full} ({count})"
            report.warn(unique, f"same source path as {earlier.as_posix()}; using the full path")
            name = unique
        used[name] = path
        return Source(path, name)

    for root in roots:
        if not root.is_dir:
            if root.path.suffix.lower() not in extensions:
                report.skip(
                    source_path_of(root.path, root.base),
                    f"unsupported file type {root.path.suffix or '(none)'!r}",
                )
                continue
            if not root.is_regular:
                report.skip(
                    source_path_of(root.path, root.base),
                    "not a regular file (FIFO, socket or device)",
                )
                continue
            found = source(root.path, root.base)
            if found is not None:
                yield found
            continue
        yield from _walk(root, extensions, report, read_dirs, source)


_SourceFn = Callable[[Path, Path], "Source | None"]


def _walk(
    root: InputRoot,
    extensions: Container[str],
    report: IngestReport,
    read_dirs: set[tuple[int, int]],
    make: _SourceFn,
) -> Iterator[Source]:
    # An explicit stack instead of recursion: a very deep tree must not hit the
    # recursion limit. Each frame: (entries left, identities of the ancestors).
    try:
        top = root.path.stat()
        key = (top.st_dev, top.st_ino)
        if key in read_dirs:
            return
        read_dirs.add(key)
        entries = _sorted_entries(root.path)
    except OSError as err:
        report.skip(
            source_path_of(root.path, root.base), f"cannot list folder ({err.strerror or err})"
        )
        return
    stack: list[tuple[Iterator[os.DirEntry[str]], frozenset[tuple[int, int]]]] = [
        (iter(entries), frozenset([key]))
    ]
    while stack:
        entries_left, ancestors = stack[-1]
        entry = next(entries_left, None)
        if entry is None:
            stack.pop()
            continue
        path = Path(entry.path)
        name = source_path_of(path, root.base)
        if entry.name.startswith("."):
            report.ignored += 1
            log.debug("%s: hidden; ignored", name)
            continue
        try:
            st = entry.stat()
        except OSError as err:
            report.skip(name, _stat_problem(entry, err))
            continue
        if stat.S_ISDIR(st.st_mode):
            key = (st.st_dev, st.st_ino)
            if key in ancestors:
                report.skip(name, "symlink loop (the folder contains itself)")
                continue
            if key in read_dirs:
                log.debug("%s: folder already read through another path", name)
                continue
            read_dirs.add(key)
            try:
                children = _sorted_entries(path)
            except OSError as err:
                report.skip(name, f"cannot list folder ({err.strerror or err})")
                continue
            stack.append((iter(children), ancestors | {key}))
            continue
        if path.suffix.lower() not in extensions:
            report.ignored += 1
            log.debug("%s: not an article file; ignored", name)
            continue
        if not stat.S_ISREG(st.st_mode):
            report.skip(name, "not a regular file (FIFO, socket or device)")
            continue
        found = make(path, root.base)
        if found is not None:
            yield found
