"""Histories that are not ours to write: read-only, another application's SQLite file, a nonsense
schema version. Each refused or read with one line, and never written into."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mtreview.cli import app
from tests.support.paths import XINHUA


def reviewed_history(tmp_path: Path) -> Path:
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["review", str(XINHUA), "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out / "history.sqlite"


def test_a_history_on_a_read_only_file_system_can_be_listed(tmp_path: Path):
    """The history's folder mounted read-only (a namespace of its own, as root): read commands work."""
    if os.geteuid() != 0 or subprocess.run(["unshare", "-m", "true"], capture_output=True).returncode:
        pytest.skip("needs root and mount namespaces (unshare -m) to mount a folder read-only")
    history = reviewed_history(tmp_path)
    folder = history.parent
    script = (f"mount --bind {folder} {folder} && mount -o remount,ro,bind {folder} && "
              f"touch {folder}/probe 2>/dev/null && echo writable; "
              f"{sys.executable} -m mtreview history list --history {history} && "
              f"{sys.executable} -m mtreview checks --stats --history {history}")
    result = subprocess.run(["unshare", "-m", "sh", "-c", script], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "writable" not in result.stdout  # the mount really was read-only
    assert "xinhua-belarus" in result.stdout and "Checks as judged by reviewers" in result.stdout


def test_read_commands_leave_the_file_as_it_was(tmp_path: Path):
    history = reviewed_history(tmp_path)
    before = history.read_bytes()
    for command in (["history", "list"], ["history", "trend", "--metric", "bleu"], ["checks", "--stats"]):
        result = CliRunner().invoke(app, [*command, "--history", str(history)])
        assert result.exit_code == 0, result.output
    assert history.read_bytes() == before


def test_another_applications_database_is_not_written_into(tmp_path: Path):
    other = tmp_path / "notes.sqlite"
    with sqlite3.connect(other) as db:
        db.execute("CREATE TABLE notes (body TEXT)")
        db.execute("INSERT INTO notes VALUES ('keep me')")
    before = other.read_bytes()
    for command in (["review", str(XINHUA), "--out", str(tmp_path / "out"), "--history", str(other)],
                    ["history", "list", "--history", str(other)]):
        result = CliRunner().invoke(app, command)
        assert result.exit_code == 2 and "not an mtreview history (a database with other tables: notes)" in result.stderr
    assert other.read_bytes() == before and not (tmp_path / "out").exists()


@pytest.mark.parametrize("version", [-5, 99])
def test_a_schema_version_mtreview_never_wrote_is_one_line(tmp_path: Path, version: int):
    history = tmp_path / "history.sqlite"
    with sqlite3.connect(history) as db:
        db.execute(f"PRAGMA user_version = {version}")
    result = CliRunner().invoke(app, ["history", "list", "--history", str(history)])
    assert result.exit_code == 2 and result.stderr.count("\n") == 1 and f"schema version {version}" in result.stderr
