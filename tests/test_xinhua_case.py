"""The bundled Xinhua case end to end: what a reviewer must be shown, and nothing false."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from mtreview.inputs import load_corpus_dir, read_text
from mtreview.review import review_corpus
from tests.support.checkspec import NEW_CHECKS
from tests.support.paths import XINHUA


@pytest.fixture(scope="module")
def xinhua_review():
    return review_corpus(load_corpus_dir(XINHUA))


def _flagged(review, check_id: str) -> list[str]:
    targets = {pair.id: pair.target for pair in review.pairs}
    return [targets[f.pair_id][f.target_span[0]:f.target_span[1]]
            for f in review.findings if f.check == check_id and f.target_span]


def test_all_six_left_quote_apostrophes_are_flagged(xinhua_review):
    assert _flagged(xinhua_review, "apostrophe") == ["China‘s"] * 6


def test_new_crown_pneumonia_is_flagged_as_a_major_terminology_error(xinhua_review):
    [finding] = [f for f in xinhua_review.findings if f.check == "term-forbidden"]
    assert _flagged(xinhua_review, "term-forbidden") == ["new crown pneumonia"]
    assert finding.severity.value == "major" and finding.suggestion == "COVID-19"


def test_house_photo_run_on_is_flagged(xinhua_review):
    flagged = _flagged(xinhua_review, "missing-space")
    assert "House." in flagged or "House.Photo" in flagged
    assert "Guodong)On" in flagged


def test_correct_text_is_not_flagged(xinhua_review):
    targets = {pair.id: pair.target for pair in xinhua_review.pairs}
    for finding in xinhua_review.findings:
        if not finding.target_span:
            continue
        start, end = finding.target_span
        target = targets[finding.pair_id]
        assert "Belarus’" not in target[start:end]
        assert "“" not in target[start:end] and "”" not in target[start:end]
    # the sentences with correct curly punctuation raise nothing at all
    quiet = [p for p in xinhua_review.pairs if "Joint Statement" in p.target or "Belarus’ internal" in p.target]
    assert len(quiet) == 2
    noisy = {f.pair_id for f in xinhua_review.findings if f.check not in ("term-capitalisation",)}
    assert not noisy & {p.id for p in quiet if "Joint Statement" in p.target}


def test_every_english_sentence_is_paired_with_its_chinese(xinhua_review):
    pairs = xinhua_review.pairs
    assert [p.kind for p in pairs] == ["1-1"] * 20
    by_target = {p.target.split()[0] + " " + p.target.split()[1]: p.source for p in pairs}
    assert by_target["Photo by"] == "新华社记者翟健岚摄"
    assert by_target["Ding Xuexiang,"].startswith("丁薛祥")
    covid = next(p for p in pairs if "new crown pneumonia" in p.target)
    assert "新冠肺炎" in covid.source


def test_reconstructed_sources_are_labelled(xinhua_review):
    labelled = [p for p in xinhua_review.pairs if p.source_note]
    assert {p.source for p in labelled} >= {"新华社记者翟健岚摄", "丁薛祥、杨洁篪、王毅、何立峰等参加会见。", "预祝中共二十大圆满成功！"}
    published = next(p for p in xinhua_review.pairs if p.source.startswith("习近平指出"))
    assert published.source_note == ""
    # the sentence cut mid-word in the published repost is only partly reconstructed
    cut = next(p for p in xinhua_review.pairs if "国家统一" in p.source)
    assert cut.source_note == "partly reconstructed"


def test_removing_the_reconstructed_passages_gives_back_the_published_chinese(corpus_seed: Path):
    import tomllib

    manifest = tomllib.loads((XINHUA / "corpus.toml").read_text(encoding="utf-8"))
    text = read_text(XINHUA / "source.zh.txt")
    for passage in manifest["source"]["reconstructed"]:
        assert text.count(passage["text"]) == 1
        text = text.replace(passage["text"], "")
    paragraphs = [p for p in text.split("\n\n") if p.strip()]
    published = read_text(corpus_seed / "xinhua-belarus.zh.partial.txt")
    closing = read_text(corpus_seed / "xinhua-belarus.zh.closing-sentence.txt")
    expected = [p.strip() for p in published.split("\n\n") if p.strip()] + [closing.strip()]
    assert [p.strip() for p in paragraphs] == expected


def test_target_and_reference_are_the_received_texts(corpus_seed: Path):
    assert (XINHUA / "target.en.txt").read_bytes() == (corpus_seed / "xinhua-belarus.seed.en.txt").read_bytes()
    assert (XINHUA / "reference.en.txt").read_bytes() == \
        (corpus_seed / "xinhua-belarus.official-en.partial.txt").read_bytes()


def test_reference_alignment_quotes_the_reference_verbatim():
    reference = read_text(XINHUA / "reference.en.txt")
    rows = [line.split("\t") for line in read_text(XINHUA / "reference.tsv").splitlines()[2:]]
    assert len(rows) == 9
    for _, english in rows:
        for sentence in english.split(". China is ready"):
            assert sentence.split(" China is ready")[0] in reference


def test_reference_metrics_cover_the_nine_referenced_pairs(xinhua_review):
    scores = {s.metric: s for s in xinhua_review.scores}
    assert set(scores) == {"bleu", "chrf"}
    assert len(scores["bleu"].segments) == 9 and len(scores["chrf"].pair_ids) == 9
    assert 0 < scores["bleu"].corpus < 100 and scores["chrf"].signature.startswith("nrefs:1|")
    assert any("9 of 20" in note for note in xinhua_review.notes)


# --- real data ---------------------------------------------------------------------------------------

def test_xinhua_findings_unchanged():
    """The new checks add nothing to the Xinhua case: still its 12 findings (see README)."""
    from mtreview.inputs import load_corpus_dir
    from mtreview.review import review_corpus

    review = review_corpus(load_corpus_dir(XINHUA))
    assert Counter(f.check for f in review.findings) == Counter({
        "apostrophe": 6, "missing-space": 2, "term-capitalisation": 2, "names-run-together": 1, "term-forbidden": 1})
    assert not {f.check for f in review.findings} & NEW_CHECKS
