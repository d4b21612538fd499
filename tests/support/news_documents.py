"""News-style alignment test documents built from WMT23 zh-en, with a gold alignment.

Each WMT23 news document (its Chinese source lines and the refA English, which translate each other
line by line, or a WMT23 system's English: `english`) is perturbed the way real news translations
differ from their source: two English lines joined into one (a 2-1 bead), an English line left out
(1-0: an untranslated Chinese sentence), a Chinese line left out (0-1: an added English sentence), an
English line split at a sentence end (1-2), photo credits, datelines and editor lines on one side
only or on both, and a sentence of another document added to the English. Everything is drawn from
one seeded random generator, so a (seed, document) always gives the same text and gold. `plain_sets`
draw only the merges, drops and additions (no splits, no furniture, no other document's lines), with
seeds of their own.

The 38 news documents are split by their position in the WMT file: even positions are the
development set (tuning and calibration), odd ones the held-out set that is only reported. Each
document is drawn several times (`variants`) with different seeds. `brief_sets` cuts the same
articles into news briefs of a few lines each, perturbed the same way.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

Bead = tuple[tuple[int, ...], tuple[int, ...]]

# (Chinese, English) lines that accompany a news report: captions, credits, datelines, editors.
_NAMES = [("李明", "Li Ming"), ("王晓东", "Wang Xiaodong"), ("张伟", "Zhang Wei"), ("刘华", "Liu Hua"),
          ("陈静", "Chen Jing"), ("赵磊", "Zhao Lei"), ("孙浩", "Sun Hao"), ("周敏", "Zhou Min"),
          ("翟健岚", "Zhai Jianlan"), ("黄宇", "Huang Yu")]
_PLACES = [("北京", "Beijing"), ("上海", "Shanghai"), ("广州", "Guangzhou"), ("成都", "Chengdu"),
           ("武汉", "Wuhan"), ("杭州", "Hangzhou")]


def _extra_line(rng: random.Random) -> tuple[str, str]:
    zh_name, en_name = rng.choice(_NAMES)
    zh_place, en_place = rng.choice(_PLACES)
    month, day = rng.randint(1, 12), rng.randint(1, 28)
    return rng.choice([
        (f"新华社记者{zh_name}摄", f"Photo by Xinhua News Agency reporter {en_name}"),
        (f"中新网{zh_place}{month}月{day}日电", f"{en_place}, {month}/{day} (China News Service)"),
        (f"（责任编辑：{zh_name}）", f"(Editor: {en_name})"),
        (f"（记者 {zh_name}）", f"(Reporter: {en_name})"),
        ("（完）", "(End)"),
        (f"图为{zh_place}街头。{zh_name}摄", f"The picture shows a street in {en_place}. Photo by {en_name}"),
        (f"来源：中国新闻网 {month}月{day}日", f"Source: China News Service, {month}/{day}"),
    ])


# How often a line starts a 2-1 merge, is dropped (1-0), is added (0-1).
Rates = tuple[float, float, float]
RATES: Rates = (0.08, 0.05, 0.05)
# How often a line is split in two where it holds two sentences (1-2); not in the plain sets.
SPLIT_RATE = 0.03


@dataclass(frozen=True)
class NewsDocument:
    name: str
    source: list[str]  # Chinese sentences, one per line
    target: list[str]  # English sentences
    gold: list[Bead]


def english_versions(data: Path) -> list[str]:
    """The English a set can be drawn with: "refA" (the reference) and each WMT23 system's output."""
    outputs = data / "wmt23-zh-en" / "system-outputs"
    return ["refA", *sorted(path.stem for path in outputs.glob("*.txt") if path.stem != "refA")]


def wmt_news_documents(data: Path, english: str = "refA") -> list[tuple[str, list[str], list[str]]]:
    """(document id, Chinese lines, English lines) of each WMT23 zh-en news document, in file order.
    `english`: the reference, or a system's output (english_versions), which translates the source
    line by line too, in another style (a commercial engine's, a language model's)."""
    wmt = data / "wmt23-zh-en"
    sources = (wmt / "sources" / "zh-en.txt").read_text(encoding="utf-8").split("\n")
    english_file = (wmt / "references" / "zh-en.refA.txt" if english == "refA"
                    else wmt / "system-outputs" / f"{english}.txt")
    english_lines = english_file.read_text(encoding="utf-8").split("\n")
    documents: dict[str, tuple[list[str], list[str]]] = {}
    for line, row in enumerate((wmt / "documents" / "zh-en.docs").read_text(encoding="utf-8").splitlines()):
        domain, name = row.split("\t")
        if domain == "news" and sources[line].strip() and english_lines[line].strip():
            zh, en = documents.setdefault(name, ([], []))
            zh.append(sources[line].strip())
            en.append(english_lines[line].strip())
    return [(name, zh, en) for name, (zh, en) in documents.items()]


def perturb(name: str, zh: list[str], en: list[str], others: list[str], seed: int, *,
            plain: bool = False, rates: Rates = RATES) -> NewsDocument:
    """One perturbed copy of a document; `others` are English lines of other documents, for additions.
    `plain`: 2-1 merges, dropped and added lines only, drawn from a generator of their own. `rates`:
    how often a line starts a merge, is dropped, is added (the same draws, read against other bounds)."""
    from mtreview.segment import split_sentences

    merged, dropped, added = rates
    rng = random.Random(f"{'plain' if plain else ''}{seed}:{name}")
    units: list[tuple[list[str], list[str]]] = []
    k = 0
    while k < len(zh):
        draw = rng.random()
        if draw < merged and k + 1 < len(zh):  # two English lines joined: 2-1
            units.append(([zh[k], zh[k + 1]], [en[k] + " " + en[k + 1]]))
            k += 2
            continue
        if draw < merged + dropped:  # untranslated Chinese: 1-0
            units.append(([zh[k]], []))
        elif draw < merged + dropped + added:  # added English (its Chinese left out): 0-1
            units.append(([], [en[k]]))
        elif (not plain and draw < merged + dropped + added + SPLIT_RATE
              and len(spans := split_sentences(en[k], "en")) > 1):  # an English line split: 1-2
            cut = spans[len(spans) // 2][0]
            units.append(([zh[k]], [en[k][:cut].strip(), en[k][cut:].strip()]))
        else:
            units.append(([zh[k]], [en[k]]))
        k += 1
    for unit in [] if plain else _insertions(rng, others):
        units.insert(rng.randint(0, len(units)), unit)
    source: list[str] = []
    target: list[str] = []
    gold: list[Bead] = []
    for zh_lines, en_lines in units:
        gold.append((tuple(range(len(source), len(source) + len(zh_lines))),
                     tuple(range(len(target), len(target) + len(en_lines)))))
        source += zh_lines
        target += en_lines
    return NewsDocument(f"{name}#{seed}", source, target, gold)


def _insertions(rng: random.Random, others: list[str]) -> list[tuple[list[str], list[str]]]:
    """A news report's furniture on one side or both, and a line of another document in the English."""
    insertions: list[tuple[list[str], list[str]]] = []
    if rng.random() < 0.35:
        insertions.append(([_extra_line(rng)[0]], []))
    if rng.random() < 0.35:
        insertions.append(([], [_extra_line(rng)[1]]))
    if rng.random() < 0.3:
        extra_zh, extra_en = _extra_line(rng)
        insertions.append(([extra_zh], [extra_en]))
    if rng.random() < 0.3 and others:
        insertions.append(([], [rng.choice(others)]))
    return insertions


def news_sets(data: Path, variants: int = 3, english: str = "refA",
              rates: Rates = RATES) -> dict[str, list[NewsDocument]]:
    """{"dev": [...], "held-out": [...]}: even-positioned WMT23 news documents and odd ones, with the
    `english` of wmt_news_documents, perturbed at `rates` (perturb)."""
    return _drawn_sets(data, variants, lines=None, english=english, rates=rates)


def plain_sets(data: Path, variants: int = 3, english: str = "refA",
               rates: Rates = RATES) -> dict[str, list[NewsDocument]]:
    """news_sets with 2-1 merges, dropped and added lines only (perturb's `plain`), at `rates`."""
    return _drawn_sets(data, variants, lines=None, plain=True, english=english, rates=rates)


def brief_sets(data: Path, lines: int = 4, variants: int = 3, english: str = "refA",
               rates: Rates = RATES) -> dict[str, list[NewsDocument]]:
    """news_sets of briefs: each article cut into pieces of `lines` lines (a last piece of fewer than
    half that joins the one before), each piece perturbed as a document. Names are "article@line#seed"."""
    return _drawn_sets(data, variants, lines, english=english, rates=rates)


def _drawn_sets(data: Path, variants: int, lines: int | None, plain: bool = False,
                english: str = "refA", rates: Rates = RATES) -> dict[str, list[NewsDocument]]:
    """Each article (or each piece of `lines` lines of it) drawn `variants` times, dev and held out."""
    documents = wmt_news_documents(data, english)
    sets: dict[str, list[NewsDocument]] = {"dev": [], "held-out": []}
    for position, (name, zh, en) in enumerate(documents):
        others = [line for other, _, lines_of in documents if other != name for line in lines_of]
        starts = list(range(0, len(zh), lines)) if lines else [0]
        if lines and len(starts) > 1 and len(zh) - starts[-1] < lines / 2:
            starts.pop()
        for start, end in zip(starts, starts[1:] + [len(zh)], strict=True):
            piece = f"{name}@{start}" if lines else name
            for seed in range(variants):
                sets["dev" if position % 2 == 0 else "held-out"].append(
                    perturb(piece, zh[start:end], en[start:end], others, seed, plain=plain, rates=rates))
    return sets


def substituted_sets(data: Path, variants: int = 3, english: str = "refA",
                     every: int = 6) -> dict[str, list[NewsDocument]]:
    """WMT23 news articles (dev and held out as news_sets, with the `english` of wmt_news_documents)
    whose English has one line in `every` replaced by a line of another article of the same half: a
    sentence translating something else stands where the translation should, so its Chinese is
    untranslated (1-0) and it is added (0-1). Nothing else is changed. Names are "article#seed"."""
    documents = wmt_news_documents(data, english)
    sets: dict[str, list[NewsDocument]] = {"dev": [], "held-out": []}
    for position, (name, zh, en) in enumerate(documents):
        for seed in range(variants):
            other = documents[(position + 2 + 2 * seed) % len(documents)][2]  # the same half: positions differ by 2
            rng = random.Random(f"subst{seed}:{name}")
            swapped = set(rng.sample(range(len(zh)), max(1, len(zh) // every)))
            target: list[str] = []
            gold: list[Bead] = []
            for line in range(len(zh)):
                if line in swapped:
                    gold += [((line,), ()), ((), (len(target),))]
                    target.append(rng.choice(other))
                else:
                    gold.append(((line,), (len(target),)))
                    target.append(en[line])
            sets["dev" if position % 2 == 0 else "held-out"].append(NewsDocument(f"{name}#{seed}", zh, target, gold))
    return sets
