"""Aligned tables written for the tests."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from pathlib import Path


def write_table(path: Path, rows: Iterable[Sequence[str]], header: Sequence[str] = ("id", "source", "target")) -> Path:
    """A TSV written as csv writes it, ids p1, p2, ... before each row."""
    with open(path, "w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file, delimiter="\t", quoting=csv.QUOTE_NONE, escapechar=None, lineterminator="\n")
        writer.writerow(header)
        for number, row in enumerate(rows, 1):
            writer.writerow([f"p{number}", *row])
    return path


def write_pairs_table(tmp_path: Path, rows: list[tuple[str, str]]) -> Path:
    """pairs.tsv in tmp_path, ids 1, 2, ...; the fields written as they are."""
    path = tmp_path / "pairs.tsv"
    path.write_text("id\tsource\ttarget\n" + "".join(f"{i}\t{s}\t{t}\n" for i, (s, t) in enumerate(rows, 1)),
                    encoding="utf-8")
    return path


PAIRS_TSV = (
    "id\tsource\ttarget\n"
    "p1\t在涉及中方核心利益问题上,白方始终给予中方坚定支持。\tBelarus has always firmly supported China on issues concerning China‘s core interests.\n"
    "p2\t中方愿继续为白方抗击新冠肺炎疫情提供支持和帮助。\tChina will help Belarus fight the new crown pneumonia epidemic.\n"
    "p3\t丁薛祥、杨洁篪等参加会见。\tDing Xuexiang, Yang Jiechi and others attended the meeting.\n"
)
