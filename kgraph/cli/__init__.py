"""The ``kgraph`` command line: a thin layer over the Python API.

Each sub-command lives in its own public module of this package and exposes
``COMMAND`` (a :class:`~kgraph.cli._base.Command`); the modules are discovered, so a
new command is one new file. The CLI turns every :class:`~kgraph.errors.KGraphError`
into one line on stderr and exit 2, never a traceback.

Ctrl-C (SIGINT), SIGTERM and SIGHUP stop a run the same way: the exception unwinds
through the build, so every export being written is abandoned (its temporary file
removed, the previous file left as it was), and the CLI prints one line and exits
128 + the signal number (130, 143, 129).
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
from typing import Any

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


#: Signals that stop a run the way Ctrl-C does: termination, and the terminal going
#: away (a dropped SSH session).
_STOP_SIGNALS = tuple(getattr(signal, n) for n in ("SIGTERM", "SIGHUP") if hasattr(signal, n))


class _Terminated(KeyboardInterrupt):
    """Raised by the handler of :data:`_STOP_SIGNALS`, so they unwind like Ctrl-C."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _on_stop_signal(signum: int, frame: object) -> None:
    raise _Terminated(signum)


def _handle_stop_signals() -> dict[int, Any]:
    """Install the stop handler; return the handlers it replaced.

    Only signals left at their default are taken over: one ignored on purpose
    (``nohup`` ignores SIGHUP) stays ignored. Handlers can only be set from the main
    thread; main() called from another one keeps the defaults.
    """
    previous: dict[int, Any] = {}
    if threading.current_thread() is threading.main_thread():
        for signum in _STOP_SIGNALS:
            if signal.getsignal(signum) == signal.SIG_DFL:
                previous[signum] = signal.signal(signum, _on_stop_signal)
    return previous


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; return the process exit code."""
    previous = _handle_stop_signals()
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
            f"kgraph: {'interrupted' if signum == signal.SIGINT else 'terminated'}; "
            "previous exports left unchanged",
            file=sys.stderr,
        )
        return 128 + signum
    except BrokenPipeError:
        return 1
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
    return code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
