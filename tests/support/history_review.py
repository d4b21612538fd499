"""A review of three pairs to record in the history tests, under any run id and date."""

from __future__ import annotations

from mtreview.records import Category, Finding, Pair, Review, Score, Severity, fingerprint
from tests.support.sample_review import CORE_EN, CORE_ZH, COVID_EN, COVID_ZH, span_of

CLOSING_ZH = "会见后,双方发表联合声明。"


def make_review(run_id: str, created: str, corpus: str = "xinhua-belarus") -> Review:
    core = Pair("p3s1", CORE_ZH, CORE_EN, paragraph=2, align_score=0.88,
                references=("Xi stressed that China highly commends the firm support.",))
    covid = Pair("p3s6", COVID_ZH, COVID_EN, paragraph=2, align_score=0.9)
    omitted = Pair("p6s1", CLOSING_ZH, "", paragraph=6, kind="1-0")
    findings = [
        Finding("p3s1", "quote-apostrophe", Category.PUNCTUATION, Severity.MINOR,
                "Left single quotation mark used as an apostrophe", "China's",
                target_span=span_of(CORE_EN, "China‘s"), source_span=span_of(CORE_ZH, "中方"),
                fingerprint=fingerprint("quote-apostrophe", CORE_ZH, "China‘s")),
        Finding("p3s6", "terminology", Category.TERMINOLOGY, Severity.MAJOR,
                "新冠肺炎 is officially rendered COVID-19", "COVID-19",
                target_span=span_of(COVID_EN, "new crown pneumonia"),
                source_span=span_of(COVID_ZH, "新冠肺炎"),
                fingerprint=fingerprint("terminology", COVID_ZH, "new crown pneumonia")),
        Finding("p6s1", "omission", Category.OMISSION, Severity.CRITICAL,
                "Source sentence has no translation",
                fingerprint=fingerprint("omission", CLOSING_ZH, "")),
    ]
    scores = [Score("chrF", 61.2345, (58.1, None), "nrefs:1|case:mixed|version:2.4.2",
                    pair_ids=("p3s1", "p3s6"), note="partial reference")]
    return Review(corpus=corpus, pairs=[core, covid, omitted], findings=findings, scores=scores,
                  run_id=run_id, created=created, tool_version="0.1.0", system="seed",
                  config={"checks": ["terminology", "quote-apostrophe"], "metrics": ["chrF"]})
