"""One build at a time per output folder.

Every export is replaced atomically (:mod:`kgraph.export.registry`), but two builds
writing into the same folder at once could still leave a *set* of exports that mixes
their results (one build's ``graph.ttl`` beside the other's ``graph.graphml``). A build
therefore holds an exclusive lock on its output folder from before the parse until the
last export is in place; a second build into the same folder fails at once, naming the
folder, instead of parsing for hours and then racing the first.

The lock is an advisory ``flock`` on the folder itself, so no lock file is left in
the exports and a build that dies (even by ``SIGKILL``) releases it with its process.
On a platform without ``fcntl`` (Windows) builds are not serialised.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

from ..errors import OutputLocked

__all__ = ["output_lock"]


@contextlib.contextmanager
def output_lock(folder: str | os.PathLike[str]) -> Iterator[Path]:
    """Hold the exclusive build lock of ``folder`` (which must exist) for the block.

    Raises:
        OutputLocked: another process (or another open lock in this one) holds it.
    """
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        yield Path(folder)
        return
    path = Path(folder)
    fd = os.open(path, os.O_RDONLY)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise OutputLocked(
                f"{path}: another kgraph build is writing into this output folder; "
                "wait for it to finish or choose another --out"
            ) from None
        yield path
    finally:
        os.close(fd)  # closing the descriptor releases the lock
