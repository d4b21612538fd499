"""A small review written by hand from real sentences of the Xinhua case: findings out of order,
overlapping and out of range, a formula-looking target, an omission; what the report tests write."""

from __future__ import annotations

from mtreview.records import Category, Finding, Pair, Review, Score, Severity, fingerprint

# Real sentences of the Xinhua / Belarus article (paragraph 1 and 3, and the epidemic sentence).
LEAD_ZH = "当地时间15日下午,国家主席习近平在撒马尔罕国宾馆会见白俄罗斯总统卢卡申科。"
LEAD_EN = ("On the afternoon of the 15th local time, President Xi Jinping met with President "
           "Alexander Lukashenko of Belarus at the Samarkand State Guest House.")
CORE_ZH = "习近平强调,在涉及中方核心利益问题上,白方始终给予中方坚定支持,中方对此高度评价。"
CORE_EN = ("Xi Jinping emphasized that Belarus has always given China firm support on issues "
           "concerning China‘s core interests, which China speaks highly of.")
CORE_REF = ("Xi stressed that China highly commends the firm support Belarus has always given "
            "China on issues concerning China's core interests.")
COVID_ZH = "中方愿继续为白方抗击新冠肺炎疫情提供支持和帮助。"
COVID_EN = ("China is willing to continue to provide support and assistance to Belarus in its "
            "fight against the new crown pneumonia epidemic.")
FORMULA = "=SUM(A1)"
MINUS_EN = "-1 percent"


def span_of(text: str, part: str) -> tuple[int, int]:
    start = text.index(part)
    return start, start + len(part)


def finding(pair: Pair, check: str, category: str, severity: Severity, message: str,
            target_part: str | None = None, source_part: str | None = None,
            suggestion: str | None = None, target_span: tuple[int, int] | None = None) -> Finding:
    if target_span is None and target_part is not None:
        target_span = span_of(pair.target, target_part)
    return Finding(
        pair_id=pair.id, check=check, category=category, severity=severity, message=message,
        suggestion=suggestion, target_span=target_span,
        source_span=span_of(pair.source, source_part) if source_part else None,
        fingerprint=fingerprint(check, pair.source, target_part or ""),
    )


def make_review() -> Review:
    lead = Pair("p1s1", LEAD_ZH, LEAD_EN, paragraph=0, kind="1-1", align_score=0.9137)
    core = Pair("p3s1", CORE_ZH, CORE_EN, references=(CORE_REF,), paragraph=2, kind="1-1",
                align_score=0.88)
    covid = Pair("p3s6", COVID_ZH, COVID_EN, paragraph=2, kind="1-1", align_score=0.9,
                 source_note="reconstructed")
    formula = Pair("x1", FORMULA, FORMULA, paragraph=5, kind="1-1", align_score=1.0)
    minus = Pair("x2", "-1%", MINUS_EN, paragraph=5, kind="1-1", align_score=0.5)
    omitted = Pair("p6s1", "会见后,双方发表联合声明。", "", paragraph=6, kind="1-0")
    pairs = [lead, core, covid, formula, minus, omitted]
    findings = [
        # Listed out of order on purpose: the Findings sheet sorts by pair, then span start.
        finding(covid, "terminology", Category.TERMINOLOGY, Severity.MAJOR,
                "新冠肺炎 is officially rendered COVID-19", "new crown pneumonia", "新冠肺炎",
                suggestion="COVID-19"),
        finding(core, "quote-apostrophe", Category.PUNCTUATION, Severity.MINOR,
                "Left single quotation mark used as an apostrophe", "China‘s", "中方",
                suggestion="China's"),
        # Overlaps the terminology span: the Segments sheet marks the union once.
        finding(covid, "awkward", Category.AWKWARD, Severity.MINOR, "Literal rendering",
                "pneumonia epidemic"),
        finding(formula, "untranslated", Category.UNTRANSLATED, Severity.MAJOR,
                "Target is identical to the source"),
        # Out of range on purpose: clipped to the whole text.
        finding(minus, "number-format", Category.NUMBER_FORMAT, Severity.MINOR,
                "Write -1% as minus 1 percent", target_span=(0, 999)),
        finding(omitted, "omission", Category.OMISSION, Severity.CRITICAL,
                "Source sentence has no translation"),
    ]
    chrf = Score("chrF", 61.23456, (58.1234, None), "nrefs:1|case:mixed|eff:yes|nc:6|nw:0|"
                 "space:no|version:2.4.2", pair_ids=("p3s1", "p3s6"))
    bleu = Score("BLEU", 23.456, (21.0,), "nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|"
                 "version:2.4.2", pair_ids=("p3s1",), note="one reference, partial")
    return Review(
        corpus="xinhua-belarus", pairs=pairs, findings=findings, scores=[chrf, bleu],
        run_id="20240915T101500Z-ab12", created="2024-09-15T10:15:00Z", tool_version="0.1.0",
        system="seed", config={"checks": "all"},
        notes=["Paragraph 6 of the source is reconstructed, not the published text."],
    )
