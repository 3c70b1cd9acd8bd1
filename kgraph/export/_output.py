"""Writing generated text to a path or an open binary file, written once."""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import IO

from ..errors import ExportError

__all__ = ["write_chunks"]


def write_chunks(chunks: Iterable[str], target: str | os.PathLike[str] | IO[bytes]) -> None:
    """Encode ``chunks`` as UTF-8 into ``target`` (a path, or a binary file left open).

    Raises:
        ExportError: ``target`` is a path that cannot be written.
    """
    if isinstance(target, (str, os.PathLike)):
        try:
            with open(target, "wb") as handle:
                for chunk in chunks:
                    handle.write(chunk.encode("utf-8"))
        except OSError as err:
            raise ExportError(f"{os.fspath(target)}: cannot write ({err.strerror or err})") from err
        return
    for chunk in chunks:
        target.write(chunk.encode("utf-8"))
