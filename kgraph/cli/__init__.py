"""The ``kgraph`` command line: a thin layer over the Python API.

Each sub-command lives in its own public module of this package and exposes
``COMMAND`` (a :class:`~kgraph.cli._base.Command`); the modules are discovered, so a
new command is one new file. The CLI turns every :class:`~kgraph.errors.KGraphError`
into one line on stderr and exit 2, never a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import pkgutil
import sys
from collections.abc import Sequence

from ..errors import KGraphError
from ._base import Command

__all__ = ["command_modules", "main"]


def command_modules() -> tuple[str, ...]:
    """Return the names of the sub-command modules, sorted."""
    return tuple(
        sorted(m.name for m in pkgutil.iter_modules(__path__) if not m.name.startswith("_"))
    )


def _commands() -> list[Command]:
    commands = [importlib.import_module(f"{__name__}.{m}").COMMAND for m in command_modules()]
    return sorted(commands, key=lambda c: (c.order, c.name))


def _parser(commands: Sequence[Command]) -> argparse.ArgumentParser:
    from .. import __version__

    parser = argparse.ArgumentParser(
        prog="kgraph", description="Turn a folder of news articles into a knowledge graph."
    )
    parser.add_argument("--version", action="version", version=f"kgraph {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="log debug messages")
    parser.add_argument("-q", "--quiet", action="store_true", help="log errors only")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for command in commands:
        p = sub.add_parser(command.name, help=command.help, description=command.help)
        command.add_arguments(p)
        p.set_defaults(_run=command.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; return the process exit code."""
    parser = _parser(_commands())
    args = parser.parse_args(argv)
    level = logging.DEBUG if args.verbose else logging.ERROR if args.quiet else logging.WARNING
    logging.basicConfig(level=level, format="kgraph: %(levelname)s: %(message)s")
    try:
        code: int = args._run(args)
    except KGraphError as err:
        print(f"kgraph: error: {err}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("kgraph: interrupted; previous exports left unchanged", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 1
    return code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
