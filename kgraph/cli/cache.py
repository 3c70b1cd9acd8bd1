"""``kgraph cache info|clear``: inspect or delete the incremental extraction cache.

The cache is found the way ``kgraph build`` finds it: ``--cache DIR``, else the
default folder (``$KGRAPH_CACHE_DIR``, else ``~/.cache/kgraph``). ``clear
--unused-days N`` keeps what builds used in the last N days.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from ..cache import default_cache_dir, extraction_fingerprint, read_info
from ..cache.store import CacheInfo, ExtractionCache, cache_file, clear_cache
from ..config import load_config
from ..errors import ArgumentError
from ._base import Command

__all__ = ["COMMAND", "format_info"]


def _add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("action", choices=("info", "clear"), help="show the cache, or delete it")
    p.add_argument(
        "--cache", metavar="DIR", help="cache folder given to kgraph build (default: per user)"
    )
    p.add_argument(
        "--unused-days",
        type=float,
        metavar="N",
        help="clear: delete only the entries no build used in the last N days",
    )
    p.add_argument(
        "--config",
        metavar="FILE",
        help="kgraph.yaml of the builds ('info' counts the entries valid for it)",
    )


def _folder(args: argparse.Namespace) -> Path:
    return Path(args.cache) if args.cache else default_cache_dir()


def _size(n: int) -> str:
    """Return ``n`` bytes in a readable unit.

    >>> _size(512), _size(3 * 2**20)
    ('512 B', '3.0 MB')
    """
    size = float(n)
    for unit in ("B", "KB", "MB"):
        if size < 1024:
            return f"{n} B" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    return f"{size:.1f} GB"


def format_info(info: CacheInfo) -> str:
    """Return what ``kgraph cache info`` prints."""
    if not info.exists:
        return f"no cache at {info.path}"
    lines = [
        f"cache: {info.path}",
        f"size: {_size(info.bytes)}",
        f"documents: {info.entries} (under {info.fingerprints} fingerprint(s))",
    ]
    if info.current is not None:
        lines.append(f"valid for the current kgraph, rules and configuration: {info.current}")
    if info.created:
        lines.append(f"created: {info.created} by kgraph {info.kgraph_version}")
    return "\n".join(lines)


def _run(args: argparse.Namespace) -> int:
    folder = _folder(args)
    if args.action == "clear":
        if args.config:
            raise ArgumentError("--config is only used by 'kgraph cache info'")
        if args.unused_days is None:
            freed = clear_cache(folder)
            print(f"cleared {folder} ({_size(freed)} freed)")
            return 0
        if args.unused_days < 0:
            raise ArgumentError(f"--unused-days must be 0 or more, got {args.unused_days:g}")
        if not cache_file(folder).is_file():
            print(f"no cache at {cache_file(folder)}")
            return 0
        with ExtractionCache(cache_file(folder), fingerprint="") as cache:
            n = cache.forget(unused_for=args.unused_days * 86400)
        print(f"deleted {n} entries unused for {args.unused_days:g} days from {folder}")
        return 0
    if args.unused_days is not None:
        raise ArgumentError("--unused-days is only used by 'kgraph cache clear'")
    fingerprint = extraction_fingerprint(load_config(args.config))
    print(format_info(read_info(folder, fingerprint=fingerprint)))
    return 0


COMMAND = Command(
    name="cache",
    help="show or clear the incremental extraction cache",
    add_arguments=_add_arguments,
    run=_run,
    order=15,
)
