"""Progress of long CLI work (compiling cases, training them) on stderr, with no dependency.

On a terminal it is one line redrawn in place (a bar); elsewhere (a log, CI) it is a line per
item, at most one every `interval` seconds (the first and the last item always get one), so a
cold-cache `interpbench cases` or a long `interpbench train` is never silent for minutes and a
log does not fill up. The ETA is the mean time of the items done so far times the items left.

    progress = Progress(len(specs), "compiling case")
    for spec in specs:
        progress.start(spec.case_id)   # "compiling case 8 (3/40), 1 min 2 s so far, ETA 9 min 40 s"
        ...
    progress.finish()                  # "compiled 40 cases in 12 min 3 s" is the caller's to print

Off (`enabled=False`: `--quiet`) it prints nothing.
"""

from __future__ import annotations

import shutil
import sys
import time
from typing import Callable, Optional, TextIO

BAR_WIDTH = 24


def duration(seconds: float) -> str:
    """'45 s', '3 min 5 s', '2 h 4 min'."""
    seconds = max(0, int(round(seconds)))
    if seconds < 60:
        return f"{seconds} s"
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes} min {seconds} s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes} min"


class Progress:
    """`start(name)` before each of `total` items; `finish()` after the last (or on an error)."""

    def __init__(self, total: int, what: str, enabled: bool = True, stream: Optional[TextIO] = None,
                 interval: float = 5.0, clock: Callable[[], float] = time.monotonic, bar: Optional[bool] = None):
        self.total, self.what, self.enabled, self.interval, self.clock = total, what, enabled, interval, clock
        self.stream = stream if stream is not None else sys.stderr
        self.bar = bar if bar is not None else _is_terminal(self.stream)
        self.started = clock()
        self.done = 0  # items finished (each start() finishes the one before)
        self._last_start: Optional[float] = None
        self._last_line: Optional[float] = None
        self._drawn = False

    def start(self, name: str) -> None:
        """Item `name` begins (the previous one, if any, is done)."""
        if self._last_start is not None:
            self.done += 1
        self._last_start = self.clock()
        if not self.enabled:
            return
        position = self.done + 1
        now = self._last_start
        if self.bar:
            self._draw(self.line(name, position, now))
        elif (self._last_line is None or position == self.total or now - self._last_line >= self.interval):
            self._last_line = now
            print(self.line(name, position, now), file=self.stream, flush=True)

    def line(self, name: str, position: int, now: float) -> str:
        elapsed = now - self.started
        text = f"{self.what} {name} ({position}/{self.total})"
        if self.done:
            remaining = elapsed / self.done * (self.total - self.done)
            text += f", {duration(elapsed)} so far, ETA {duration(remaining)}"
        return text

    def finish(self) -> float:
        """End the bar's line; returns the seconds since the start."""
        if self.enabled and self.bar and self._drawn:
            print(file=self.stream, flush=True)
            self._drawn = False
        return self.clock() - self.started

    def _draw(self, text: str) -> None:
        filled = int(BAR_WIDTH * self.done / max(self.total, 1))
        line = f"[{'#' * filled}{'.' * (BAR_WIDTH - filled)}] {text}"
        width = shutil.get_terminal_size((100, 20)).columns - 1
        self.stream.write("\r" + line[:width] + "\x1b[K")
        self.stream.flush()
        self._drawn = True


def _is_terminal(stream) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
