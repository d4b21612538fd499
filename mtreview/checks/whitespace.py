"""Layout the English must keep from the source: its line breaks and the whitespace at its edges.

Both matter in software strings (XLIFF, a TSV export of a resource file), where "Name: " is glued to
a value and a message's line breaks are part of the screen; the aligner's pairs from plain text never
carry either, so these checks are silent on them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from mtreview.checks.registry import CheckContext, Hit, check
from mtreview.records import Category, Pair, Severity

FAMILY = "whitespace"
PROFILES = ("typography",)

_PARAGRAPH_BREAK = re.compile(r"(?:\r?\n|\\n)[ \t\u3000]*(?:\r?\n|\\n)")
_LEADING_BREAK = re.compile(r"^[ \t]*(?:\r?\n|\\n)")
_TRAILING_BREAK = re.compile(r"(?:\r?\n|\\n)[ \t]*$")
_LEADING = re.compile(r"^[ \t\u00a0]+")
_TRAILING = re.compile(r"[ \t\u00a0]+$")


@check("line-break-mismatch", Category.PUNCTUATION, Severity.MINOR)
def line_break_mismatch(pair: Pair, context: CheckContext) -> Iterator[Hit]:
    """Line break at the start or end of the source, or a blank line, not kept in the English (a final \\n lost)"""
    source, target = pair.source, pair.target
    if pair.kind != "1-1":
        return  # an aligner's bead across paragraphs joins them with a newline of its own
    if "\n" not in source and "\n" not in target and "\r" not in source and "\r" not in target \
            and "\\" not in source and "\\" not in target:
        return
    if not target.strip():
        return
    # A long text's lines are the translator's to wrap again; its first and last line break (a message
    # printed as is) and its blank lines (paragraphs) are not.
    for where, pattern in (("starts", _LEADING_BREAK), ("ends", _TRAILING_BREAK)):
        in_source, in_target = pattern.search(source), pattern.search(target)
        if in_source and not in_target:
            yield Hit(f"the source {where} with a line break, the English does not", source_span=in_source.span())
        elif in_target and not in_source:
            yield Hit(f"the English {where} with a line break, the source does not", target_span=in_target.span(),
                      suggestion="")
    source_paragraphs = _PARAGRAPH_BREAK.findall(source)
    target_paragraphs = list(_PARAGRAPH_BREAK.finditer(target))
    if len(source_paragraphs) != len(target_paragraphs):
        span = target_paragraphs[len(source_paragraphs)].span() if len(target_paragraphs) > len(source_paragraphs) \
            else None
        yield Hit(f"the source has {_count(len(source_paragraphs))}, the English {_count(len(target_paragraphs))}",
                  target_span=span)


def _count(blank_lines: int) -> str:
    return "no blank line" if blank_lines == 0 else "1 blank line" if blank_lines == 1 else f"{blank_lines} blank lines"


@check("edge-whitespace", Category.PUNCTUATION, Severity.MINOR)
def edge_whitespace(pair: Pair, context: CheckContext) -> Iterator[Hit]:
    """Space at the start or end of the source not kept in the English ("名称: " → "Name:")"""
    source, target = pair.source, pair.target
    if not source or not target.strip() or not (source[0] in " \t\u00a0" or source[-1] in " \t\u00a0"):
        return
    # Only a space lost: English adds spaces Chinese does without ("已安装" → " [Installed]", "：" → ": "),
    # where its pieces are glued to others.
    for where, pattern in (("start", _LEADING), ("end", _TRAILING)):
        in_source = pattern.search(source)
        if in_source and not pattern.search(target):
            yield Hit(f"the source has {_spaces(in_source.group())} at its {where}, the English none",
                      source_span=in_source.span())


def _spaces(text: str) -> str:
    if text == " ":
        return "a space"
    if set(text) == {" "}:
        return f"{len(text)} spaces"
    return f"whitespace “{text.encode('unicode_escape').decode()}”"
