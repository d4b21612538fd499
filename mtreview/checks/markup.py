"""What the English must carry over as written: URLs, e-mail addresses, placeholders, inline markup and
the Latin-script acronyms and codes of the source (WHO, 5G, COVID-19).

Software strings (XLIFF, TMX, a TSV export of a resource file) and news alike: a changed URL or a lost
placeholder breaks the text for its reader, whatever the quality of the rest of the translation.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Callable, Iterator
from functools import lru_cache
from typing import TypeVar

from mtreview.checks.registry import CheckContext, Hit, check
from mtreview.records import Category, Pair, Severity

FAMILY = "markup"
PROFILES = ("accuracy",)

_T = TypeVar("_T", bound=tuple[object, ...])

def _unmatched(source_items: list[_T], target_items: list[_T], key: Callable[[_T], str]) -> tuple[list[_T], list[_T]]:
    """The source's items the English lacks, and the English's the source lacks, each in order: an item
    matches one of the other side with the same key, as many times as the other side has it."""
    left = Counter(key(item) for item in target_items)
    missing = []
    for item in source_items:
        if left[key(item)] > 0:
            left[key(item)] -= 1
        else:
            missing.append(item)
    extra = []
    for item in target_items:
        if left[key(item)] > 0:
            left[key(item)] -= 1
            extra.append(item)
    return missing, extra


# --- URLs and e-mail addresses -------------------------------------------------------------------

# ASCII only: in Chinese text a URL ends where the Chinese (or its full-width punctuation) starts.
_URL = re.compile(r"(?:https?|ftp)://[A-Za-z0-9\-._~:/?#\[\]@!$&*+;=%,']+|(?<![A-Za-z0-9_.@/])www\.[A-Za-z0-9\-]+"
                  r"(?:\.[A-Za-z0-9\-]+)+[A-Za-z0-9\-._~:/?#\[\]@!$&*+;=%,']*", re.IGNORECASE)
_URL_TRAILING = ".,;:!?'"
_EMAIL = re.compile(r"(?<![A-Za-z0-9_.+-])[A-Za-z0-9][A-Za-z0-9._%+-]*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")


def _urls(text: str) -> list[tuple[str, tuple[int, int]]]:
    found = []
    for match in _URL.finditer(text):
        url = match.group().rstrip(_URL_TRAILING)
        if url.endswith(")") and "(" not in url:
            url = url[:-1]  # "(see https://example.com)": the bracket closes the sentence's bracket
        found.append((url, (match.start(), match.start() + len(url))))
    return found


def _url_key(url: str) -> str:
    return url.lower().rstrip("/")


def _host(url: str) -> str:
    return re.sub(r"^(?:[a-z]+://)?(?:www\.)?", "", url.lower()).split("/", 1)[0]


@check("url-mismatch", Category.MISTRANSLATION, Severity.MAJOR)
def url_mismatch(pair: Pair, context: CheckContext) -> Iterator[Hit]:
    """URL of the source missing or altered in the English (https://www.gov.cn → https://www.gov.com)"""
    source, target = pair.source, pair.target
    if "://" not in source and "www." not in source and "://" not in target and "www." not in target:
        return
    source_urls, target_urls = _urls(source), _urls(target)
    missing, extra = _unmatched(source_urls, target_urls, lambda item: _url_key(item[0]))
    for url, span in missing:
        # The English URL in its place: same host, or the only one left.
        near = next((t for t in extra if _host(t[0]) == _host(url)), None)
        if near is None and len(missing) == 1 and len(extra) == 1:
            near = extra[0]
        if near is not None:
            extra.remove(near)
            yield Hit(f"the URL “{near[0]}” differs from the source's “{url}”", target_span=near[1],
                      source_span=span, suggestion=url)
        else:
            yield Hit(f"the source's URL “{url}” is not in the English", source_span=span)
    for url, span in extra:  # a website named in the source may be given its address: worth a look, no more
        yield Hit(f"the URL “{url}” is not in the source", target_span=span, severity=Severity.MINOR)


@check("email-mismatch", Category.MISTRANSLATION, Severity.MAJOR)
def email_mismatch(pair: Pair, context: CheckContext) -> Iterator[Hit]:
    """E-mail address of the source missing or altered in the English (service@jd.com → service@jd.cn)"""
    if "@" not in pair.source and "@" not in pair.target:
        return
    source_mails = [(m.group(), m.span()) for m in _EMAIL.finditer(pair.source)]
    target_mails = [(m.group(), m.span()) for m in _EMAIL.finditer(pair.target)]
    missing, extra = _unmatched(source_mails, target_mails, lambda item: item[0].lower())
    for mail, span in missing:
        near = extra.pop(0) if len(missing) == 1 and len(extra) == 1 else None
        if near is not None:
            yield Hit(f"the e-mail address “{near[0]}” differs from the source's “{mail}”", target_span=near[1],
                      source_span=span, suggestion=mail)
        else:
            yield Hit(f"the source's e-mail address “{mail}” is not in the English", source_span=span)
    for mail, span in extra:
        yield Hit(f"the e-mail address “{mail}” is not in the source", target_span=span, severity=Severity.MINOR)


# --- placeholders -------------------------------------------------------------------------------

# printf (%s, %d, %1$s, %.2f, %@, %ld), Python %(name)s, .NET/ICU/Java {0} {0,number}, Python/Rust
# {name} {name:>10}, Handlebars/Jinja {{ name }}, shell/JS template ${var}, Windows %NAME%, Qt %1.
# Every branch starts with its sigil, so the scan for one is quick; what precedes it is checked in code.
_PLACEHOLDER = re.compile(
    r"(?P<printf>%(?:\d+\$)?[-+#0]*(?:\d+|\*(?:\d+\$)?)?(?:\.(?:\d+|\*(?:\d+\$)?))?(?:hh|h|ll|l|L|z|j|t|q)?"
    r"[diouxXeEfFgGaAcspnm@])"
    r"|(?P<named>%\([A-Za-z_]\w*\)[-+#0]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa])"
    r"|\{\{\s*[A-Za-z_][\w.]*\s*\}\}"
    r"|\$\{[A-Za-z_][\w.]*\}"
    r"|\{\d+(?:,[^{}]*)?\}"
    r"|\{[A-Za-z_][\w.]*(?:![rsa])?(?::[^{}\s]*)?\}"
    r"|(?P<windows>%[A-Za-z_][A-Za-z0-9_]*%(?!\w))"
    r"|(?P<qt>%\d{1,2}(?![\d%.,]))"
)
# A sign after a digit is a percentage ("50%of" is a missing space, not "%o"); Windows and Qt
# placeholders stand apart from words ("100%5" is no %5).
_NOT_BEFORE = {"printf": "0123456789%", "named": "0123456789%", "windows": "%_", "qt": ".%_"}
# A date format (%Y年%m月%d日 for %b %d, %Y) is the locale's own: its conversions differ by design.
_STRFTIME = re.compile(r"%[-_0^#]?[YHMSbBjyZIUWV]")


_POSITION = re.compile(r"(?<=[%*])\d+\$")
_TRANSLATED_NAME = re.compile(r"[{%][^\s{}%]*[\u4e00-\u9fff][^\s{}%]*[}%]")


def _key(placeholder: str) -> str:
    """What a placeholder must match: "%2$s" is the English's second "%s" as well (translations reorder)."""
    return _POSITION.sub("", placeholder)


def _placeholders(text: str) -> list[tuple[str, tuple[int, int]]]:
    if "%" not in text and "{" not in text:
        return []
    if "%%" in text:
        text = text.replace("%%", "\0\0")  # a literal percent sign in a format string
    found = []
    for match in _PLACEHOLDER.finditer(text):
        kind, start, end = match.lastgroup, match.start(), match.end()
        if kind and start:
            before = text[start - 1]
            if before in _NOT_BEFORE[kind] or (kind in ("windows", "qt") and before.isascii() and before.isalnum()):
                continue
        if kind == "printf" and match.group()[-1] not in "sdiu" and end < len(text) and text[end].isascii() \
                and text[end].isalpha():
            continue  # "%-encoding", "%0APlease" (an escaped line break): prose, not "%-e", "%0A"
        found.append((match.group(), match.span()))
    return found


@lru_cache(maxsize=256)
def _loose(placeholder: str) -> re.Pattern[str]:
    """A placeholder as MT or a translator breaks it: spaces put inside, case changed (% s, { 0 }, %S)."""
    return re.compile(r"\s*".join(re.escape(char) for char in placeholder), re.IGNORECASE)


@check("placeholder-mismatch", Category.MISTRANSLATION, Severity.MAJOR)
def placeholder_mismatch(pair: Pair, context: CheckContext) -> Iterator[Hit]:
    """Placeholder of the source missing, broken or added in the English (%s, {0}, %(name)s, ${var})"""
    source_marks, target_marks = _placeholders(pair.source), _placeholders(pair.target)
    if not source_marks and not target_marks:
        return
    if _STRFTIME.search(pair.source) or _STRFTIME.search(pair.target):
        return
    missing, extra = _unmatched(source_marks, target_marks, lambda item: _key(item[0]))
    claimed: list[tuple[int, int]] = [span for _, span in target_marks]
    for mark, span in missing:
        broken = next((m for m in _loose(_key(mark)).finditer(pair.target)
                       if not any(m.start() < end and start < m.end() for start, end in claimed)), None)
        if broken is not None and broken.group() == mark:
            continue  # there as written, where the reading above passed it over ("answer.%s")
        if broken is not None:
            claimed.append(broken.span())
            yield Hit(f"the placeholder “{mark}” is broken in the English as “{broken.group()}”",
                      target_span=broken.span(), source_span=span, suggestion=_key(mark))
        else:
            yield Hit(f"the source's placeholder “{mark}” is not in the English", source_span=span)
    translated_names = _TRANSLATED_NAME.search(pair.source) is not None
    for mark, span in extra:
        if translated_names and mark[-1] in "}%":
            continue  # "{整数}" for "{INTEGER}": a help text's metavariable, translated, not a placeholder
        yield Hit(f"the placeholder “{mark}” is not in the source", target_span=span)


# --- inline markup ------------------------------------------------------------------------------

# A tag: an element with attributes (name="value"), a closing or self-closing one, a void HTML element
# (<br>, <img ...>), or an HTML element whose closing tag the pair has. A lone <name> is as often a
# usage string's placeholder (<file>, <link>, <code>), which is translated (<文件>); it only counts
# as an MT system's token (<unk>, <url>) where the source has no angle bracket at all.
_HTML_TAGS = frozenset(
    "a abbr b big blockquote cite code del dfn div em font h1 h2 h3 h4 h5 h6 i ins kbd li mark ol p pre q s samp "
    "small span strike strong sub sup tt u ul var".split())
_VOID_TAGS = frozenset("br hr img wbr".split())
# What MT systems write for what they masked or could not translate: <unk>, "<url>" for 中新网.
_MT_TOKENS = frozenset("unk url email mask pad eos bos sep cls s".split())
_TAG = re.compile(r"<(?P<close>/)?(?P<name>[A-Za-z][\w:.-]*)(?P<attrs>(?:\s+[\w:.-]+\s*=\s*"
                  r"(?:\"[^\"<>]*\"|'[^'<>]*'|[^\s\"'=<>`]+))*)\s*(?P<self>/)?>")
_ENTITY = re.compile(r"&(?:[A-Za-z][A-Za-z0-9]{1,7}|#\d{1,7}|#[xX][0-9A-Fa-f]{1,6});")
# An entity broken by a space ("& quot;", "&amp ;"): MT output of escaped text, never markup.
_BROKEN_ENTITY = re.compile(r"&\s+(?:[A-Za-z]{2,8}|#\d{1,7})\s?;|&(?:[A-Za-z]{2,8}|#\d{1,7})\s+;")


def _markup(text: str, closed: set[str], bare: bool = False) -> list[tuple[str, str, tuple[int, int]]]:
    """Tags by their kind, not their attributes (alt and title text are translated): <b>, </b>, <br/>;
    and character entities as written. `closed` names the elements either side closes (</b>); `bare`
    counts the tokens of MT systems (<unk>, <url>) as tags."""
    found = []
    if "<" in text:
        for match in _TAG.finditer(text):
            name = match.group("name").lower()
            if match.group("close"):
                key = f"</{name}>"
            elif match.group("self") or name in _VOID_TAGS:
                key = f"<{name}/>"  # <br>, <br/> and <br /> are one line break
            elif match.group("attrs") or (name in _HTML_TAGS and name in closed) \
                    or (bare and name in _MT_TOKENS):
                key = f"<{name}>"
            else:
                continue
            found.append((key, match.group(), match.span()))
    if "&" in text:
        found += [(m.group(), m.group(), m.span()) for m in _ENTITY.finditer(text)]
    return found


_CLOSING_TAG = re.compile(r"</([A-Za-z][\w:.-]*)\s*>")


@check("markup-mismatch", Category.MISTRANSLATION, Severity.MINOR)
def markup_mismatch(pair: Pair, context: CheckContext) -> Iterator[Hit]:
    """Inline tag or character entity not carried over, or added (<b>…</b>, &amp;)"""
    source, target = pair.source, pair.target
    if "<" not in source and "&" not in source and "<" not in target and "&" not in target:
        return
    for match in _BROKEN_ENTITY.finditer(target):
        entity = re.sub(r"\s+", "", match.group())
        character = html.unescape(entity)
        yield Hit(f"“{match.group()}” is an HTML entity broken by a space; the text wants “{character}”",
                  target_span=match.span(), suggestion=character if character != entity else None)
    closed = {name.lower() for text in (source, target) if "</" in text for name in _CLOSING_TAG.findall(text)}
    source_marks, target_marks = _markup(source, closed), _markup(target, closed, bare="<" not in source)
    if not source_marks and not target_marks:
        return
    missing, extra = _unmatched(source_marks, target_marks, lambda item: item[0])
    for key, text, span in missing:
        yield Hit(f"the source's {'entity' if key.startswith('&') else 'tag'} “{text}” is not in the English",
                  source_span=span)
    for key, text, span in extra:
        if key.startswith("&"):
            character = html.unescape(text)
            yield Hit(f"the entity “{text}” is not in the source; the text wants “{character}”",
                      target_span=span, suggestion=character if character != text else None)
        elif "<" not in source and (tag := _TAG.match(text)) and tag.group("name").lower() in _MT_TOKENS:
            yield Hit(f"“{text}” is a token an MT system left in the English; the source has no markup",
                      target_span=span)
        else:
            yield Hit(f"the tag “{text}” is not in the source", target_span=span)


# --- acronyms and codes -------------------------------------------------------------------------

# An acronym or code: capitals and digits, at least one capital, two characters or more (WHO, GDP, 5G,
# G20, COVID-19, RCEP, E2), not glued to other Latin letters. Hex codes (0x81) and words in lower case
# are not acronyms; mixed-case brand names (iPhone, AirDots) are too often rewritten to be reported.
_ACRONYM = re.compile(r"[A-Z0-9]+(?:-[A-Z0-9]+)*")  # boundaries and the capital are checked in code
_HAS_CAPITAL = re.compile(r"[A-Z]")
_BEFORE_CODE = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./")
# A lone letter is a list label, a variable or a grade. These are Chinese loans of English words, which
# a translation writes out ("APP" is "app", "PK" is "face off", "OK" is "fine").
_NOT_CODES = {"OK", "APP", "AM", "PM", "VS", "PK", "ID", "TV", "PC"}
_STOP = {"of", "and", "the", "for", "on", "in", "to", "&"}
_WORD = re.compile(r"[A-Za-z]+|&")


def _initials(target: str) -> tuple[str, str]:
    """The initials of the English's words, with and without the small words ("World Health
    Organization" is WHO, "for your information" is FYI)."""
    words = _WORD.findall(target)
    return ("".join(word[0].lower() for word in words if word.lower() not in _STOP),
            "".join(word[0].lower() for word in words))


@lru_cache(maxsize=4096)
def _token_pattern(token: str) -> re.Pattern[str]:
    # Case and a space or hyphen inside do not matter ("5G" is "5 G", "COVID-19" is "Covid 19"), nor a
    # number glued on ("GB 18030" is "GB18030") or a plural ("two E2s", "APs").
    body = r"[\s\-]?".join(re.escape(part) for part in re.findall(r"[A-Z]+|\d+", token))
    return re.compile(rf"(?<![A-Za-z0-9]){body}(?:s|['’]s)?(?![A-Za-z])", re.IGNORECASE)


@check("acronym-missing", Category.OMISSION, Severity.MINOR)
def acronym_missing(pair: Pair, context: CheckContext) -> Iterator[Hit]:
    """Acronym or code of the source (WHO, 5G, G20, COVID-19) not in the English"""
    source = pair.source
    if not _HAS_CAPITAL.search(source):
        return
    target = pair.target
    initials = None
    reported = set()
    for match in _ACRONYM.finditer(source):
        token = match.group()
        start, end = match.span()
        if len(token) < 2 or token in _NOT_CODES or token in reported or not _HAS_CAPITAL.search(token) \
                or (start and source[start - 1] in _BEFORE_CODE) \
                or (end < len(source) and (source[end].isascii() and source[end].isalnum() or source[end] == "_")):
            continue  # part of a longer word or code (iPhone, 0xFE, a_B), or a number
        if _token_pattern(token).search(target):
            continue
        letters = token.replace("-", "")
        if letters.isalpha():
            # Spelt out: WHO as "World Health Organization", CPI as "consumer price index".
            if initials is None:
                initials = _initials(target)
            if letters.lower() in initials[0] or letters.lower() in initials[1]:
                continue
        reported.add(token)
        yield Hit(f"“{token}” from the source is not in the English", source_span=match.span())
