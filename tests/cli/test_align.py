"""`mtreview align`: JSONL and TSV output."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from mtreview.cli import app
from tests.support.paths import XINHUA

runner = CliRunner()


def test_align_jsonl_and_tsv():
    source, target = XINHUA / "source.zh.txt", XINHUA / "target.en.txt"
    result = runner.invoke(app, ["align", str(source), str(target), "--format", "jsonl"])
    assert result.exit_code == 0
    beads = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(beads) == 20 and beads[3]["source"] == [3] and beads[3]["target"] == [3]
    assert beads[3]["target_text"].startswith("Photo by")
    result = runner.invoke(app, ["align", str(source), str(target)])
    assert result.stdout.splitlines()[0] == "id\tkind\tscore\tsource\ttarget"
