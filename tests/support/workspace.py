"""The harness of the hostile-input tests: a reports folder with one recorded run, and what must not
change when mtreview refuses an input (one line on stderr, exit 2, no run or staging folder, the history
byte for byte as it was)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from typer.testing import CliRunner, Result

from mtreview.cli import app

runner = CliRunner()

BASE_SOURCE = "中国和白俄罗斯是好朋友。双方将继续合作。这是中国的立场。\n"
BASE_TARGET = "China and Belarus are good friends. The two sides will continue to cooperate. This is China‘s position.\n"
BASE_PAIRS = ("id\tsource\ttarget\n"
              "p1\t中国和白俄罗斯是好朋友。\tChina and Belarus are good friends.\n"
              "p2\t双方将继续合作。\tThe two sides will continue to cooperate.\n")
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89" * 4


class Workspace:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.out = root / "reports"
        self.history = self.out / "history.sqlite"
        (root / "base.zh.txt").write_text(BASE_SOURCE, encoding="utf-8")
        (root / "base.en.txt").write_text(BASE_TARGET, encoding="utf-8")
        result = self.run("review", root / "base.zh.txt", root / "base.en.txt")
        assert result.exit_code == 0, result.output
        self.before = self.snapshot()

    def run(self, *args: object, history: bool = True) -> Result:
        extra = ["--out", str(self.out)] if args[0] == "review" else []
        return runner.invoke(app, [str(arg) for arg in args] + extra)

    def write(self, name: str, content: str | bytes) -> Path:
        path = self.root / name
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
        return path

    def snapshot(self) -> tuple[list[str], bytes, dict[str, int]]:
        files = sorted(str(p.relative_to(self.out)) for p in self.out.rglob("*")
                       if not p.name.startswith("history.sqlite"))
        data = self.history.read_bytes()
        with sqlite3.connect(f"file:{self.history}?mode=ro", uri=True) as conn:
            counts = {table: conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
                      for table in ("runs", "pairs", "findings", "scores", "decision_log")}
        return files, data, counts

    def assert_unchanged(self) -> None:
        files, data, counts = self.snapshot()
        assert files == self.before[0], "a run or staging folder was left under --out"
        assert counts == self.before[2]
        assert data == self.before[1], "the history file changed"

    def assert_refused(self, result: Result, *words: str, code: int = 2) -> str:
        assert result.exit_code == code, (result.exit_code, result.output, result.exception)
        lines = result.stderr.splitlines()
        assert len(lines) == 1, result.stderr
        line = lines[0]
        assert line.startswith("mtreview: error: "), line
        for word in words:
            assert word.lower() in line.lower(), (word, line)
        assert "Traceback" not in result.output
        self.assert_unchanged()
        return line


def review_sheet_of(ws: Workspace) -> Path:
    """The review workbook of the workspace's recorded run."""
    return next(ws.out.rglob("review.xlsx"))
