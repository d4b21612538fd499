"""A pairs table and a desk's rules for the house-style and rules tests."""

from __future__ import annotations

import json
from typing import Any

from typer.testing import Result

STYLE_PAIRS = [
    ("1", "他说——经济稳步恢复。", "He said -- the economy recovered steadily."),
    ("2", "这些措施提升了学生的自尊心。", "The measures raised students' self - esteem."),
    ("3", "新冠疫苗接种率超过90%。", "The new crown vaccine rate passed 90 percent."),
    ("4", "他强调，地方政府要主动作为。", "He emphasized ,local governments must take the initiative."),
    ("5", "我们会继续推进改革。", "we will keep pushing the reform forward."),
]

DESK_RULES = '''
[[rules]]
name = "new-crown"
pattern = '\\bnew crown\\b'
source = "新冠"
message = "新冠 is COVID-19, not “new crown”"
category = "Terminology/Inappropriate for context"
severity = "major"
suggestion = "COVID-19"

[[rules]]
name = "per-cent"
pattern = '(\\d) percent'
message = "the desk writes %"
suggestion = '\\1%'
'''


def jsonl_findings(result: Result) -> list[dict[str, Any]]:
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
