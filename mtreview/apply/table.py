"""Corrections written into an aligned TSV/CSV table: the target cell of each corrected row rewritten, every
other line kept as it was (comment lines, quoting, line endings, encoding)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from mtreview.apply.plan import Change
from mtreview.records import Corpus


def write_table(corpus: Corpus, changes: dict[str, Change], out: Path) -> list[str]:
    from mtreview.inputs.encoding import scan
    from mtreview.report.machine import atomic_output

    path = Path(corpus.origin)
    data = path.read_bytes()
    with open(path, "rb") as handle:
        scanned = scan(handle)
    text = data[scanned.start:].decode(scanned.codec)
    lines = text.splitlines(keepends=True)
    newline = "\r\n" if text.count("\r\n") * 2 > text.count("\n") else "\n"
    is_csv = path.suffix.lower() == ".csv"
    dialect = {"lineterminator": newline} if is_csv else {"delimiter": "\t", "quoting": csv.QUOTE_NONE,
                                                             "lineterminator": newline, "escapechar": None}
    reader_options = {} if is_csv else {"delimiter": "\t", "quoting": csv.QUOTE_NONE}
    skip = 0
    while skip < len(lines) and lines[skip].startswith("#"):
        skip += 1
    rows = csv.reader(iter(lines[skip:]), **reader_options)  # type: ignore[arg-type]
    header = [column.strip().lower() for column in next(rows)]
    id_field, target_field = header.index("id"), header.index("target")
    written = lines[: skip + 1]
    consumed = 1
    for fields in rows:
        row_lines = lines[skip + consumed: skip + rows.line_num]
        consumed = rows.line_num
        change = changes.get(fields[id_field].strip()) if len(fields) > max(id_field, target_field) else None
        if change is None:
            written += row_lines
            continue
        fields[target_field] = change.target
        buffer = io.StringIO()
        csv.writer(buffer, **dialect).writerow(fields)
        ending = row_lines[-1][len(row_lines[-1].rstrip("\r\n")):] if row_lines else newline
        written.append(buffer.getvalue().rstrip("\r\n") + ending)
    written += lines[skip + consumed:]
    with atomic_output(out) as temporary:
        temporary.write_bytes(data[:scanned.start] + "".join(written).encode(scanned.codec))
    return []
