"""Publishing a run: its report folder and its history row appear together, or neither does.

The reports are written into a hidden staging folder; the run is recorded in the history, and the
staging folder is renamed into place inside that transaction, under its publish lock (SQLite's write
lock; an advisory lock on PostgreSQL, where runs otherwise record side by side), just before the commit. A run killed at any point leaves either nothing or a staging folder; a run killed in the instant
between the rename and the commit leaves a folder the history does not know. The next run cleans both,
while it holds the same lock, so it can never take a live run's folder for a leftover. Ctrl-C and SIGTERM
wait from the rename until the commit is known to have happened or not (_HeldSignals): delivered just
after the commit, they used to remove the folder of a run the history had recorded.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from mtreview.errors import ReportError
from mtreview.records import Review

RUN_FOLDER = re.compile(r"\d{8}T\d{6}Z-[0-9a-f]{6}")
# .<run id>.staging.<host>.<pid>.<random>: who is writing it, so that leftovers of dead runs are known
_STAGING = re.compile(r"\.(?P<run>\d{8}T\d{6}Z-[0-9a-f]{6})\.staging\.(?P<host>[^.]*)\.(?P<pid>\d+)\..*")
STALE_AFTER_S = 24 * 3600  # a staging folder of another machine is a leftover after a day
_UNSAFE = re.compile(r"[\x00-\x1f\x7f/\\:*?\"<>|]")


def folder_name(corpus: str) -> tuple[str, str]:
    """The corpus's folder under --out: one safe path component, and a note when it had to be changed.

    A corpus name comes from a manifest, a file name or the command line: "../../x", "/etc", "a/b", ".."
    or a control character must never put a run outside --out or nest folders, so such a name is
    sanitised (the history keeps the name as given)."""
    safe = _UNSAFE.sub("_", corpus).strip()
    if not safe.strip("."):
        safe = "_" + safe if safe else "corpus"
    if safe.startswith("."):
        safe = "_" + safe
    safe = safe[:120]
    if safe == corpus:
        return corpus, ""
    return safe, f"the corpus name {corpus!r} is not a safe folder name: its reports are in the folder {safe!r}"


def publish_review(review: Review, reports_dir: Path, history_path: str | Path | None, *,
                   sheets_per_group: bool = False) -> Path:
    """Write the run's reports to reports_dir/<corpus>/<run-id>/ and record it in the history, together.
    sheets_per_group: also a capped workbook per document or system (mtreview.report.groups)."""
    from mtreview.report import write_reports
    from mtreview.report.machine import follow_umask

    name, note = folder_name(review.corpus)
    if note:
        review.notes.append(note)
    reports_dir = Path(reports_dir)
    corpus_dir = reports_dir / name
    final_dir = corpus_dir / review.run_id
    try:
        corpus_dir.mkdir(parents=True, exist_ok=True)
        remove_dead_staging(corpus_dir)
        staging = Path(tempfile.mkdtemp(prefix=f".{review.run_id}.staging.{_host()}.{os.getpid()}.", dir=corpus_dir))
        follow_umask(staging, directory=True)
    except OSError as error:
        raise ReportError(f"cannot create a run folder under {corpus_dir}: {error.strerror}") from None
    placed = published = False
    held = _HeldSignals()

    def put_in_place(history=None) -> None:
        nonlocal placed
        if history is not None:
            remove_orphans(reports_dir, history)
        held.hold()  # until it is known whether the row was committed with the folder
        os.replace(staging, final_dir)
        placed = True

    try:
        write_reports(review, staging, sheets_per_group=sheets_per_group)
        if history_path is None:
            put_in_place()
        else:
            from mtreview.history import open_history

            with open_history(history_path) as history:
                history.record(review, before_commit=lambda: put_in_place(history))
        published = True
    except BaseException as error:
        if not published:
            shutil.rmtree(final_dir if placed else staging, ignore_errors=True)
            _remove_if_empty(corpus_dir)
            _remove_if_empty(reports_dir)
        if isinstance(error, ReportError) and str(staging) in str(error):
            # the user never sees the hidden staging folder: name the run folder it was to become
            raise ReportError(str(error).replace(str(staging), str(final_dir))) from None
        raise
    finally:
        held.release()  # a signal that came meanwhile is delivered now, the run published or cleaned up
    return final_dir


class _HeldSignals:
    """SIGINT and SIGTERM held back from `hold` to `release`, then delivered to the handlers they would
    have reached. Python runs signal handlers in the main thread only, so swapping the handlers holds
    them whatever other threads run; elsewhere (a library caller's thread) nothing is held."""

    SIGNALS = (signal.SIGINT, signal.SIGTERM)

    def __init__(self) -> None:
        self._previous: dict[signal.Signals, Any] = {}  # each signal's handler before hold
        self._caught: list[int] = []

    def hold(self) -> None:
        if self._previous or threading.current_thread() is not threading.main_thread():
            return
        previous = {number: signal.getsignal(number) for number in self.SIGNALS}
        if any(handler is None for handler in previous.values()):
            return  # a handler installed outside Python cannot be put back
        self._previous = previous
        for number in self.SIGNALS:
            signal.signal(number, lambda caught, frame: self._caught.append(caught))

    def release(self) -> None:
        previous, self._previous = self._previous, {}
        for number, handler in previous.items():
            signal.signal(number, handler)
        caught_now, self._caught = self._caught, []
        for caught in dict.fromkeys(caught_now):
            signal.raise_signal(caught)


def _host() -> str:
    return re.sub(r"[^A-Za-z0-9-]", "-", socket.gethostname())[:40]


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_dead_staging(corpus_dir: Path) -> list[Path]:
    """Staging folders of runs that died (killed, power cut): of this machine when their process is gone,
    of another machine when a day old."""
    removed = []
    for entry in corpus_dir.iterdir():
        match = _STAGING.fullmatch(entry.name)
        if not match or not entry.is_dir():
            continue
        if match["host"] == _host():
            dead = not _alive(int(match["pid"]))
        else:
            dead = time.time() - entry.stat().st_mtime > STALE_AFTER_S
        if dead:
            shutil.rmtree(entry, ignore_errors=True)
            removed.append(entry)
    return removed


def remove_orphans(reports_dir: Path, history) -> list[Path]:
    """Run folders that say they belong to this history but that it does not record: a run killed between
    putting its folder in place and committing. Called under the history's publish lock, so no live run is
    between those two steps."""
    known = history.run_ids()
    this_history = history.identity
    removed = []
    for corpus_dir in (entry for entry in reports_dir.iterdir() if entry.is_dir() and not entry.name.startswith(".")):
        for run_dir in corpus_dir.iterdir():
            if not RUN_FOLDER.fullmatch(run_dir.name) or run_dir.name in known or not run_dir.is_dir():
                continue
            try:
                recorded_in = json.loads((run_dir / "scores.json").read_text(encoding="utf-8")).get("history")
            except (OSError, ValueError, AttributeError):
                continue  # not a folder mtreview can vouch for: leave it
            if recorded_in == this_history:
                shutil.rmtree(run_dir, ignore_errors=True)
                removed.append(run_dir)
    return removed


def _remove_if_empty(folder: Path) -> None:
    """A failed or interrupted first run of a corpus leaves no empty corpus folder either."""
    try:
        folder.rmdir()
    except OSError:
        pass  # not empty (earlier runs), or already gone
