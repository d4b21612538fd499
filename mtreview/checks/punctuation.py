"""Punctuation marks of the English against each other and against the source: doubled marks, a
question that lost its question mark, a sentence that ends on a comma."""

from __future__ import annotations

import re
from collections.abc import Iterator

from mtreview.checks.registry import CheckContext, Hit, check
from mtreview.records import Category, Pair, Severity

FAMILY = "punctuation"
PROFILES = ("typography",)

# A run of one mark (",,", ";;;;", "??"), two full stops that are not an ellipsis, or two marks that
# cannot follow each other (",." ";," ",:"). After an abbreviation ".," and ".:" are English ("Co., Ltd.",
# "etc.:"), so a full stop only counts as the second mark.
_REPEATED = re.compile(r"([,;:!?])\1+|(?<!\.)\.\.(?!\.)|[,;][.,;:]|:[.,;]")
# The same, each branch led by a literal, so that the scan of a clean sentence is quick.
_CANDIDATE = re.compile(r",[,.;:]|;[;,.:]|:[:,.;]|\.\.|\?\?|!!")
_STRONGEST = {".": 4, "?": 4, "!": 4, ";": 3, ":": 2, ",": 1}
_HALFWIDTH = str.maketrans("，；：！？．。", ",;:!?..")
_CODE_BEFORE = (")", "]", "}")


# Two marks with a space between ("pollen. .", "growth. , promote"): not a spaced ellipsis (". . ."),
# not "? !", not the full stop of an abbreviation ("e.g. ,"), not a mark glued to the next word (", .NET").
_SPACED_PAIR = re.compile(r"(?<![.\s])(?<!\.[A-Za-z])([.,;:!?])[ \u00a0]+([.,;:!?])(?=\s|$|[”’\"')])(?![ \u00a0]?\.)")


def _spaced_pairs(target: str) -> Iterator[Hit]:
    for match in _SPACED_PAIR.finditer(target):
        first, second = match.groups()
        if first in "!?" and second in "!?":
            continue  # "? !": an exclamation asked, as some writers mean it
        keep = max(first, second, key=lambda mark: _STRONGEST[mark])
        yield Hit(f"“{match.group()}”: two punctuation marks with a space between", target_span=match.span(),
                  suggestion=keep)


@check("repeated-punctuation", Category.PUNCTUATION, Severity.MINOR)
def repeated_punctuation(pair: Pair, context: CheckContext) -> Iterator[Hit]:
    """Punctuation mark doubled, or two marks in a row (,, .. ;, ??, . .)"""
    target = pair.target
    if " ." in target or " ," in target or " ;" in target or " :" in target:
        yield from _spaced_pairs(target)
    if not _CANDIDATE.search(target):
        return
    source = None
    for match in _REPEATED.finditer(target):
        marks = match.group()
        if source is None:
            source = pair.source.translate(_HALFWIDTH)
        if marks[:2] in source or (marks[0] in "!?" and re.search(r"[!?]{2}", source)):
            continue  # "!!!" for "！！", ".." for "..": the source's own emphasis
        before = target[match.start() - 1:match.start()] if match.start() else ""
        after = target[match.end():match.end() + 1]
        if marks == ".." and (before in "/\\" and before or after in "/\\" and after
                              or before.isdigit() and after.isdigit()):
            continue  # "../", "1..10": a path or a range
        if marks[-1] == "." and target.startswith("..", match.end()) or before and before in "[(<{`'\"":
            continue  # "KB,MB,...", "[,...]": a list's ellipsis; "[:, [." : the marks themselves, quoted
        if marks == "::" and (before.isalnum() or after.isalnum()) or marks[0] == ";" and before in _CODE_BEFORE:
            continue  # std::string, an IPv6 address, "int foo ();,": code, not punctuation
        keep = max(marks, key=lambda mark: _STRONGEST[mark])
        if marks == "..":
            message = "two full stops: one, or an ellipsis (…)"
        elif len(set(marks)) == 1:
            message = f"“{marks[0]}” {len(marks)} times in a row"
        else:
            message = f"“{marks}”: two punctuation marks in a row"
        yield Hit(message, target_span=match.span(), suggestion=keep)


# --- end of the sentence ------------------------------------------------------------------------

_CLOSING = " \t\n”’\"'）)]】」』"
# An indirect question is a statement in English: "asked if it had shipped", "I don't know how".
_INDIRECT = re.compile(r"\b(?:if|whether|wonder\w*|know|knew|sure|ask|asks|asked|asking|question\w*|inquir\w*)\b",
                       re.IGNORECASE)
_SOURCE_INDIRECT = re.compile(r"不知|知道|问|想知|请教|咨询")
# A rhetorical question is as well a statement or an exclamation in English: 岂有此理？ "Outrageous!"
_RHETORICAL = re.compile(r"岂|难道|何必|何尝|何苦|何况|哪有|哪里|那里|怎能|怎么能|怎会|怎么会|怎么叫|谁要|有什么用|有什么好|莫非|不成")
_CLAUSE_BREAK = re.compile(r"[，,；;：:。！!]")
_LAST_WORD = re.compile(r"[\w'’-]+\W*$")


@check("end-punctuation", Category.PUNCTUATION, Severity.MINOR)
def end_punctuation(pair: Pair, context: CheckContext) -> Iterator[Hit]:
    """Question mark of the source lost, or the English ends on a comma (假货？ → Fake goods.)"""
    source, target = pair.source.rstrip(_CLOSING), pair.target.rstrip(_CLOSING)
    if not target or not source:
        return
    source_end, last = source[-1], target[-1]
    if last in ",;，；" and source_end in "。！？.!?…":
        yield Hit(f"the English ends on “{last}” where the source ends its sentence",
                  target_span=(len(target) - 1, len(target)), suggestion=".")
        return
    if source_end not in "？?" or last == "!" or "?" in target or "？" in target or _INDIRECT.search(target):
        return
    # "不知道…吗？", "问…了吗？": the last clause of the source asks indirectly, as a statement does.
    last_clause = _CLAUSE_BREAK.split(source[:-1])[-1]
    if _SOURCE_INDIRECT.search(last_clause) or _RHETORICAL.search(last_clause):
        return
    if last in ".!…":
        span, suggestion = (len(target) - 1, len(target)), "?"
    else:
        word = _LAST_WORD.search(target)
        span, suggestion = (word.span() if word else (len(target) - 1, len(target))), None
    yield Hit("the source asks a question; the English does not (no question mark)", target_span=span,
              suggestion=suggestion)
