"""Files of one segment per line: a hypothesis and its references, line i of each belonging together
(score's input), and one-sentence-per-line files (align --presplit, gold alignments)."""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import ExitStack
from pathlib import Path

from mtreview import progress, spill
from mtreview.errors import InputError
from mtreview.inputs.language import check_text_pair
from mtreview.inputs.text import encoding_note, open_text, read_text_detected
from mtreview.records import Corpus, Pair
from mtreview.spill import SpillList


def _strip_newline(line: str) -> str:
    return line[:-1] if line.endswith("\n") else line


def load_line_aligned(hypothesis_path: Path, reference_paths: Sequence[Path], *, label: str | None = None) -> Corpus:
    """A hypothesis file and reference files, one segment per line, line i of each belonging together.

    The files are read in step, a line of each at a time, into a SpillList; their line counts are
    compared first (from the encoding scan), so a mismatch is reported before anything is kept.
    `label`: what messages call the hypothesis when it is not a file the user named (standard input)."""
    notes: list[str] = []
    named = label or str(hypothesis_path)
    with ExitStack() as files:
        hypotheses, scanned = files.enter_context(open_text(hypothesis_path, "en"))
        notes += encoding_note(named, scanned.encoding)
        count = scanned.lines
        reference_streams = []
        for reference_path in reference_paths:
            stream, reference_scan = files.enter_context(open_text(reference_path, "en"))
            notes += encoding_note(reference_path, reference_scan.encoding)
            if reference_scan.lines != count:
                raise InputError(reference_path, f"{reference_scan.lines} lines, but {named} has {count}")
            reference_streams.append(stream)
        pairs: SpillList[Pair] = SpillList(block_size=spill.BLOCK_SIZE)
        try:
            lines = progress.track(zip(hypotheses, *reference_streams), f"reading {label or Path(hypothesis_path).name}",
                                   count)
            for number, (hypothesis, *references) in enumerate(lines, 1):
                pairs.append(Pair(id=str(number), source="", target=_strip_newline(hypothesis),
                                  references=tuple(_strip_newline(line) for line in references)))
            if len(pairs) != count:  # the files changed between the scan and the read
                raise InputError(named, "changed while being read")
        except BaseException:
            pairs.close()
            raise
    return Corpus(name="stdin" if label else Path(hypothesis_path).stem, pairs=pairs,
                  origin=Path("-") if label else Path(hypothesis_path), notes=notes)


def read_presplit(path: Path | str, expect: str | None = None, notes: list[str] | None = None) -> list[str]:
    """The sentences of a one-sentence-per-line file, decoded as every text input is (UTF-8, or UTF-16
    with a BOM; InputError when missing, binary, not UTF-8 or empty). Line k is sentence k, so a blank
    line is an empty sentence and the indices stay those of the file's lines. `expect`: the language the
    file should hold ("en", "zh"), for the encoding guess, which is added to `notes`."""
    text, encoding = read_text_detected(Path(path), expect)
    if notes is not None:
        notes.extend(encoding_note(path, encoding))
    return [line.strip() for line in text.removesuffix("\n").split("\n")]


def read_presplit_pair(source: Path | str, target: Path | str) -> tuple[list[str], list[str], list[str]]:
    """A Chinese and an English one-sentence-per-line file: (source lines, target lines, notes on guessed
    encodings); InputError when they look swapped (mtreview.inputs.language)."""
    notes: list[str] = []
    source_lines, target_lines = read_presplit(source, "zh", notes), read_presplit(target, "en", notes)
    check_text_pair(source, "\n".join(source_lines), target, "\n".join(target_lines))
    return source_lines, target_lines, notes
