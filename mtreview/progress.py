"""Progress of long operations: reading, aligning, checking, scoring, writing.

Library code reports what it is doing through `track()` and `stage()`; it never prints. Only the CLI
installs a display (`terminal_progress()`), and only when standard error is a terminal, so a run whose
output goes to a pipe or a file, or to a program reading `--format json`, never carries a bar. With no
display installed (the default, and every library caller's case) `track` hands back the iterable itself
and a stage's `advance` does nothing, so the hooks cost nothing where nobody looks.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, Protocol, TypeVar

T = TypeVar("T")

# A bar is redrawn at most this often; updates in between are counted, not drawn.
_REDRAW_SECONDS = 0.1


class Stage(Protocol):
    def advance(self, count: int = 1) -> None: ...

    def close(self) -> None: ...


class _Silent:
    def advance(self, count: int = 1) -> None:
        return None

    def close(self) -> None:
        return None


_SILENT = _Silent()


class _RichStage:
    """One task of a rich Progress, fed in batches: a million `advance(1)` calls cost a counter each,
    and the bar is redrawn ten times a second."""

    def __init__(self, progress: Any, task: Any) -> None:
        self.progress = progress
        self.task = task
        self.pending = 0
        self.last = time.monotonic()

    def advance(self, count: int = 1) -> None:
        self.pending += count
        now = time.monotonic()
        if now - self.last >= _REDRAW_SECONDS:
            self.flush()
            self.last = now

    def flush(self) -> None:
        if self.pending:
            self.progress.advance(self.task, self.pending)
            self.pending = 0

    def close(self) -> None:
        self.flush()
        self.progress.remove_task(self.task)


class _Display:
    def __init__(self, progress: Any) -> None:
        self.progress = progress

    def open_stage(self, description: str, total: int | None) -> _RichStage:
        return _RichStage(self.progress, self.progress.add_task(description, total=total))


_display: ContextVar[_Display | None] = ContextVar("mtreview_progress_display", default=None)


def showing() -> bool:
    """Whether a progress display is installed (the CLI on a terminal)."""
    return _display.get() is not None


def open_stage(description: str, total: int | None = None) -> Stage:
    """A long step: `advance(n)` as work gets done, `close()` when it ends (in a `finally`). total None:
    a count without an end, e.g. a table read as it streams."""
    display = _display.get()
    return _SILENT if display is None else display.open_stage(description, total)


@contextmanager
def stage(description: str, total: int | None = None) -> Iterator[Stage]:
    """open_stage as a context."""
    handle = open_stage(description, total)
    try:
        yield handle
    finally:
        handle.close()


def track(items: Iterable[T], description: str, total: int | None = None) -> Iterable[T]:
    """`items` as they are, advancing a stage by one for each (when a display is installed)."""
    if _display.get() is None:
        return items
    return _tracked(items, description, total)


def _tracked(items: Iterable[T], description: str, total: int | None) -> Iterator[T]:
    with stage(description, total) as handle:
        for item in items:
            yield item
            handle.advance()


def wanted_on(stream: Any) -> bool:
    """A bar belongs on an interactive terminal only: not on a pipe or file, not on TERM=dumb, and not
    when MTREVIEW_NO_PROGRESS is set."""
    if os.environ.get("MTREVIEW_NO_PROGRESS") or os.environ.get("TERM") == "dumb":
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


@contextmanager
def terminal_progress(stream: Any = None) -> Iterator[bool]:
    """Show progress bars on `stream` (standard error) for the duration, if it is a terminal; yields
    whether they are shown. Bars are transient: they disappear when done, leaving the command's output."""
    stream = stream if stream is not None else sys.stderr
    if not wanted_on(stream) or _display.get() is not None:
        yield _display.get() is not None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    progress = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                        console=Console(file=stream), transient=True)
    token = _display.set(_Display(progress))
    try:
        with progress:
            yield True
    finally:
        _display.reset(token)
