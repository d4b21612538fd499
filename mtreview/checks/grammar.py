"""English grammar and spelling slips a rule can be sure of: "a"/"an", ordinal suffixes, the pronoun
"i", a sentence starting in lower case."""

from __future__ import annotations

import re
from collections.abc import Iterator

from mtreview.checks.registry import CheckContext, Hit, check
from mtreview.records import Category, Pair, Severity

FAMILY = "grammar"
PROFILES = ("typography",)

# --- a / an -------------------------------------------------------------------------------------

# "a"/"an" and the next word; not inside a word or name (Xiong'an, Li-an), not a file extension (.a).
_ARTICLE = re.compile(r"(?<![\w'’&.\-/])(a|an|A|An)\s+([A-Za-z][A-Za-z'’\-]*)")
# Words spelt with a vowel but said with a consonant: "a university", "a European", "a Ukrainian".
_CONSONANT_SOUND = ("uni", "use", "usu", "usa", "uti", "ute", "uto", "ura", "uri", "uro", "eu", "ewe", "ubiq",
                    "ukr", "uga", "uta", "uy", "uig", "ufo", "unanim", "unary")
_ONE = ("one", "once", "oneself")
# Consonant pairs that begin English words; any other pair after f, h, l, m, n, r, s or x is spelt out.
_ONSETS = ("fl", "fr", "rh", "sc", "sh", "sk", "sl", "sm", "sn", "sp", "sq", "st", "sw")
# ... but the negations among them are said with a vowel: "an unidentified object", "an uninformed guess".
_VOWEL_SOUND = ("unim", "unin", "unid", "unill")
# Words spelt with a consonant but said with a vowel: "an hour", "an honest man", "an heir".
_SILENT_H = ("hour", "honest", "honor", "honour", "heir")
# "an historic occasion" and "an hotel" are older British usage, not mistakes.
_H_EITHER = ("histor", "hotel", "herb", "homage", "hypothe")
# A letter used as a name ("a and b are integers", "point a or b") is no article.
_NOT_NOUN_PHRASES = {"and", "or", "is", "are", "of", "in", "on", "at", "as", "if", "it", "its", "into", "to",
                     "was", "were", "etc", "e", "i", "o", "a", "an", "la", "priori", "posteriori", "fortiori"}
_LATIN_A_IN_SOURCE = re.compile(r"(?<![A-Za-z])[aA](?![A-Za-z])")
# Where a mismatch can be: "a" before a vowel or an h, "an" before a consonant; each led by a literal.
_ARTICLE_CANDIDATE = re.compile(r" a(?: +[aeiouAEIOUhH]|n +[b-df-hj-np-tv-zB-DF-HJ-NP-TV-Z])")
_SENTENCE_START = re.compile(r"(?:^|[.!?:;]\s*[\"“‘']?|[\"“‘(\[]|\n)\s*$")


def _wants_an(word: str) -> bool | None:
    """Whether the word takes "an"; None when a rule cannot tell (acronyms, names with inner capitals)."""
    lower = word.lower()
    if len(word) < 2 or any(c.isupper() for c in word[1:]):
        return None  # "a UFO", "an SMS", "an iPhone": letters or brands, said as they are said
    if lower.startswith(_VOWEL_SOUND):
        return True
    if lower.startswith(_CONSONANT_SOUND) or lower in _ONE or lower.startswith(("one-", "one'", "one’")):
        return False  # not "onerous", said with a vowel
    if lower.startswith(_H_EITHER):
        return None
    if lower[0] in "fhlmnrsx" and lower[1] not in "aeiouy" and not lower.startswith(_ONSETS):
        return None  # "an http", "an sql", "an xml": said letter by letter, whatever the case
    if lower.startswith(_SILENT_H):
        return True
    return lower[0] in "aeiou"


@check("article-agreement", Category.GRAMMAR, Severity.MINOR)
def article_agreement(pair: Pair, context: CheckContext) -> Iterator[Hit]:
    """“A” where “an” belongs, or “an” where “a” does (a uncertainty, an yearly decline)"""
    target = pair.target
    if not _ARTICLE_CANDIDATE.search(target) and not target.startswith(("a ", "an ", "A ", "An ")) \
            and " A " not in target and " An " not in target:
        return
    letter_in_source = None
    for match in _ARTICLE.finditer(target):
        article, word = match.group(1), match.group(2)
        if word.lower() in _NOT_NOUN_PHRASES:
            continue
        if article[0] == "A" and not _SENTENCE_START.search(target, 0, match.start()):
            continue  # "Plan A and Plan B", "Class A office": a capital A inside a sentence is a letter
        if article == "An" and word[0].isupper():
            continue  # "An Jing said": the surname An (安)
        if article.lower() == "an" and word[0].isupper() and word.lower()[0] not in "aeiou":
            continue  # "an NBC", "an Xbox": said letter by letter
        if target[max(0, match.start() - 6):match.start()].rstrip().endswith(("&apos;", "apos;")):
            continue  # Xiong&apos;an: the second syllable of a name behind a broken entity
        wants_an = _wants_an(word)
        if wants_an is None or wants_an == (article.lower() == "an"):
            continue
        if letter_in_source is None:
            letter_in_source = _LATIN_A_IN_SOURCE.search(pair.source) is not None
        if letter_in_source:
            continue  # ".a 归档库文件": the letter a of the source (a file type, a variable), not an article
        right = ("An" if article[0] == "A" else "an") if wants_an else ("A" if article[0] == "A" else "a")
        yield Hit(f"“{article} {word}”: “{word}” takes “{right}”", target_span=match.span(),
                  suggestion=f"{right} {word}")


# --- ordinals -----------------------------------------------------------------------------------

_ORDINAL = re.compile(r"\d+(st|nd|rd|th|ST|ND|RD|TH)\b")
_ORDINAL_CANDIDATE = re.compile(r"[0-9](?:st|nd|rd|th|ST|ND|RD|TH)\b")  # [0-9] scans faster than \d+


def _suffix(number: int) -> str:
    if number % 100 in (11, 12, 13):
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")


@check("ordinal-suffix", Category.SPELLING, Severity.MINOR)
def ordinal_suffix(pair: Pair, context: CheckContext) -> Iterator[Hit]:
    """Ordinal with the wrong suffix (1th, 22th, 11st)"""
    target = pair.target
    if not _ORDINAL_CANDIDATE.search(target):
        return
    for match in _ORDINAL.finditer(target):
        if match.start() and (target[match.start() - 1].isalnum() or target[match.start() - 1] in "_.,"):
            continue  # inside a code or a decimal (H2th, 1.5th)
        suffix = match.group(1)
        number = match.group()[:-2]
        right = _suffix(int(number[-2:]))  # the last two digits decide; int() of 5,000 digits is refused
        if suffix.lower() != right:
            right = right.upper() if suffix.isupper() else right
            yield Hit(f"“{match.group()}” should be “{number}{right}”", target_span=match.span(),
                      suggestion=number + right)


# --- the pronoun I ------------------------------------------------------------------------------

# "i" alone, or in "i'm", "i've", "i'll", "i'd"; not "i.e.", not a list item "(i)" or "i)", not code
# ("i = 0", "a[i]", "i++").
_LOWER_I = re.compile(r"(?<![\w'’.\-/(\[{$@#%*])i(?=(?:[’'](?:m|ve|ll|d))?(?:[ ,;:!?]|$))(?!\s*[=<>+\-*/\[\])])")
_I_CANDIDATE = re.compile(r" i(?:[ ,;:!?'’]|$)")
_LATIN_I_IN_SOURCE = re.compile(r"(?<![A-Za-z])i(?![A-Za-z])")


@check("lowercase-i", Category.GRAMMAR, Severity.MINOR)
def lowercase_i(pair: Pair, context: CheckContext) -> Iterator[Hit]:
    """The pronoun “I” written in lower case (so i sent)"""
    target = pair.target
    if not _I_CANDIDATE.search(target) and not target.startswith(("i ", "i'", "i’")):
        return
    if _LATIN_I_IN_SOURCE.search(pair.source):
        return  # "i深圳", ".i" files, a loop's i: the source's own i
    for match in _LOWER_I.finditer(target):
        yield Hit("the pronoun “I” in lower case", target_span=match.span(), suggestion="I")


# --- sentence-initial capital -------------------------------------------------------------------

_FIRST_WORD = re.compile(r"[\s\"“‘'(\[*•●·\-–—]*([A-Za-z][\w'’\-]*)")
_SOURCE_SENTENCE_END = re.compile(r"[。！？.!?][”’\"'）)】」』]*\s*$")
# A source starting with a particle (了, 的, 吗) is the tail of a sentence cut in two.
_SOURCE_OPENING = re.compile(r"\s*[\"“‘'《（(【「『]?\s*(?![了的地得着过吗呢吧啊么])[\u4e00-\u9fffA-Z0-9]")


@check("start-lowercase", Category.GRAMMAR, Severity.MINOR)
def start_lowercase(pair: Pair, context: CheckContext) -> Iterator[Hit]:
    """Sentence starting with a lower-case letter (the two sides agreed.)"""
    target = pair.target
    first = _FIRST_WORD.match(target)
    if first is None or not first.group(1)[0].islower():
        return
    word = first.group(1).rstrip("'’-")
    if word == "i" or word.startswith(("i'", "i’")):
        return  # the pronoun: lowercase-i reports it
    if target[first.end(1):first.end(1) + 1] in (".", ":", "@", "/", "_", "("):
        return  # a URL, an e-mail address, a path or a function name (www.gov.cn, printf())
    if "\n" in target or "%" in target or "`" in target:
        return  # a program's message: "cannot open `%s'\n" starts in lower case by its house style
    source = pair.source
    if not _SOURCE_SENTENCE_END.search(source) or not _SOURCE_OPENING.match(source):
        return  # a fragment, a heading or a segment cut mid-sentence
    if any(c.isupper() or c.isdigit() for c in word) or word in source:
        return  # iPhone, eBay, mRNA, x86, a brand the source writes in lower case (vivo)
    start = first.start(1)
    yield Hit(f"the sentence starts with “{word}” in lower case", target_span=(start, start + len(word)),
              suggestion=word[0].upper() + word[1:])
