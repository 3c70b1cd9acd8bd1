"""A small progress bar for long runs (stderr, only on a terminal, after 2 s)."""

from __future__ import annotations

import time
from types import TracebackType
from typing import TextIO

__all__ = ["Progress"]


class Progress:
    """Shows ``N docs, X docs/s`` on a terminal once a run takes more than ``delay`` s."""

    def __init__(
        self, stream: TextIO, *, unit: str = "items", delay: float = 2.0, total: int | None = None
    ) -> None:
        self.stream = stream
        self.unit = unit
        self.delay = delay
        self.total = total
        self.start = time.perf_counter()
        self._last = 0.0
        self._shown = False
        self._enabled = stream.isatty()

    def update(self, done: int) -> None:
        """Record that ``done`` items are finished; redraw at most 5 times a second."""
        if not self._enabled:
            return
        now = time.perf_counter()
        elapsed = now - self.start
        if elapsed < self.delay or now - self._last < 0.2:
            return
        self._last = now
        rate = done / elapsed if elapsed else 0.0
        text = f"\r{done} {self.unit}, {rate:.1f} {self.unit}/s"
        if self.total and rate:
            text += f", ETA {max(0.0, (self.total - done) / rate):.0f}s"
        self.stream.write(text + "   ")
        self.stream.flush()
        self._shown = True

    def __enter__(self) -> Progress:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._shown:
            self.stream.write("\n")
            self.stream.flush()
