"""The ``kgraph`` command line: a thin layer over the Python API.

Each sub-command lives in its own public module of this package and exposes
``COMMAND`` (a :class:`~kgraph.cli._base.Command`); the modules are discovered, so a
new command is one new file. The CLI turns every :class:`~kgraph.errors.KGraphError`
into one line on stderr and exit 2, never a traceback.

Ctrl-C (SIGINT) and SIGTERM stop a run the same way: the exception unwinds through
the build, so every export being written is abandoned (its temporary file removed,
the previous file left as it was), and the CLI prints one line and exits 128 + the
signal number (130, 143).
"""

from __future__ import annotations

import argparse
import importlib
import logging
import pkgutil
import signal
import sys
import threading
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


class _Terminated(KeyboardInterrupt):
    """Raised by the SIGTERM handler, so termination unwinds like Ctrl-C."""

    signum = signal.SIGTERM


def _on_sigterm(signum: int, frame: object) -> None:
    raise _Terminated


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; return the process exit code."""
    # Signal handlers can only be set from the main thread (main() may be called
    # from another one by an embedding program; it then keeps the default).
    previous = None
    if threading.current_thread() is threading.main_thread():
        previous = signal.signal(signal.SIGTERM, _on_sigterm)
    try:
        # Importing the commands takes a moment (spaCy, rdflib): Ctrl-C meanwhile
        # must end as quietly as Ctrl-C later.
        parser = _parser(_commands())
        args = parser.parse_args(argv)
        level = logging.DEBUG if args.verbose else logging.ERROR if args.quiet else logging.WARNING
        logging.basicConfig(level=level, format="kgraph: %(levelname)s: %(message)s")
        code: int = args._run(args)
    except KGraphError as err:
        print(f"kgraph: error: {err}", file=sys.stderr)
        return 2
    except KeyboardInterrupt as err:
        signum = err.signum if isinstance(err, _Terminated) else signal.SIGINT
        print(
            f"kgraph: {'terminated' if signum == signal.SIGTERM else 'interrupted'}; "
            "previous exports left unchanged",
            file=sys.stderr,
        )
        return 128 + signum
    except BrokenPipeError:
        return 1
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
    return code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
