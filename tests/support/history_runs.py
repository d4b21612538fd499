"""Runs to record for the history tests: two systems ("desk", a translator, and "mt"), two months, and
the desk's edits between its runs. Built with the real pipeline (checks, sacrebleu scores and
signatures), only the run id and time are set by hand."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from mtreview.records import Corpus, Pair, Review
from mtreview.review import ReviewOptions, review_corpus

CITIES = [("北京", "Beijing"), ("明斯克", "Minsk"), ("上海", "Shanghai"), ("杭州", "Hangzhou"), ("广州", "Guangzhou"),
          ("深圳", "Shenzhen"), ("南京", "Nanjing"), ("武汉", "Wuhan"), ("成都", "Chengdu"), ("西安", "Xi'an")]
SEGMENTS = 40
CORPUS = "delegations"

TERM_ZH = "中方愿继续为白方抗击新冠肺炎疫情提供支持。"
TERM_REF = "China will continue to support Belarus in fighting COVID-19."
TERM_BAD = "China will keep supporting Belarus against the new crown pneumonia epidemic."
TERM_FIXED = "China will keep supporting Belarus against the COVID-19 epidemic."
APOSTROPHE_ZH = "这是中国的核心利益。"
APOSTROPHE_REF = "This is a core interest of China."
APOSTROPHE_BAD = "This is China‘s core interest."
APOSTROPHE_FIXED = "This is China's core interest."
SPACE_ZH = "双方签署了协议。"
SPACE_REF = "The two sides signed an agreement."
SPACE_BAD = "The two  sides signed the agreement."


def _segment(i: int) -> tuple[str, str, str, str]:
    """source, reference, a close translation, a loose one."""
    zh, en = CITIES[i % len(CITIES)]
    day, count = i % 28 + 1, i + 2
    source = f"代表团于9月{day}日访问{zh}，签署了{count}项协议。"
    reference = f"The delegation visited {en} on September {day} and signed {count} agreements."
    close = (f"The delegation went to {en} on September {day} and signed {count} agreements." if i % 4 == 0
             else reference)
    loose = f"On September {day} the delegates were in {en}, where {count} deals got signed."
    return source, reference, close, loose


def pairs(style: str, edited: bool = False, loose_share: float = 1.0) -> list[Pair]:
    """A document of SEGMENTS + 3 pairs. style 'close' or 'loose' (the share of loose segments for 'loose');
    `edited`: the desk fixed the term and the apostrophe, and slipped in a doubled word."""
    result = []
    for i in range(SEGMENTS):
        source, reference, close, loose = _segment(i)
        target = loose if style == "loose" and i < SEGMENTS * loose_share else close
        if edited and i == 5:
            target = target.replace("signed", "signed signed")
        result.append(Pair(f"s{i + 1}", source, target, references=(reference,)))
    result += [
        Pair("t1", TERM_ZH, TERM_FIXED if edited else TERM_BAD, references=(TERM_REF,)),
        Pair("t2", APOSTROPHE_ZH, APOSTROPHE_FIXED if edited else APOSTROPHE_BAD, references=(APOSTROPHE_REF,)),
        Pair("t3", SPACE_ZH, SPACE_BAD, references=(SPACE_REF,)),
    ]
    return result


def make_run(run_id: str, created: str, system: str, document_pairs: list[Pair], metrics: str = "bleu,chrf",
             corpus: str = CORPUS) -> Review:
    review = review_corpus(Corpus(corpus, document_pairs, Path(f"{corpus}.tsv")),
                           ReviewOptions(metrics=metrics, system=system, document="brief-1"))
    return replace(review, run_id=run_id, created=created)


# run id -> (created, system, pairs): January and February, the desk's February run after its edits.
RUNS = {
    "20240115T090000Z-desk01": ("2024-01-15T09:00:00Z", "desk", lambda: pairs("close")),
    "20240116T090000Z-mt0001": ("2024-01-16T09:00:00Z", "mt", lambda: pairs("loose")),
    "20240215T090000Z-desk02": ("2024-02-15T09:00:00Z", "desk", lambda: pairs("close", edited=True)),
    "20240216T090000Z-mt0002": ("2024-02-16T09:00:00Z", "mt", lambda: pairs("loose", loose_share=0.5)),
}


def record_all(history) -> dict[str, Review]:
    reviews = {}
    for run_id, (created, system, make_pairs) in RUNS.items():
        reviews[run_id] = make_run(run_id, created, system, make_pairs())
        history.record(reviews[run_id])
    return reviews
