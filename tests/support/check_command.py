"""`mtreview check` run from the tests, through the command line."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from mtreview.cli import app


def run_check(*args: object) -> tuple[int, str, str]:
    """`mtreview check ARGS`: its exit code, stdout and stderr."""
    result = CliRunner().invoke(app, ["check", *map(str, args)])
    return result.exit_code, result.stdout, result.stderr


def checked_findings(path: Path) -> list[dict[str, Any]]:
    """The findings of `mtreview check PATH --format jsonl`, which must succeed."""
    result = CliRunner().invoke(app, ["check", str(path), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines()]
