"""The sacrebleu private methods mtreview relies on still exist and still compute what corpus_score does.

mtreview.metrics.sacrebleu_adapter is the one module that calls sacrebleu's underscored methods. When a
sacrebleu release renames or drops one, these tests fail naming it, instead of a score going wrong
somewhere else.
"""

from __future__ import annotations

import pytest

from mtreview.metrics import sacrebleu_adapter as adapter

HYPOTHESES = ["The cat sat on the mat.", "China highly commends this.", "It is raining heavily today"]
REFERENCES = [["The cat is sitting on the mat.", "China speaks highly of this.", "It rains heavily today."],
              ["A cat sat on the mat.", "China commends this highly.", "Today it is raining hard."]]


def metrics():
    from sacrebleu.metrics import BLEU, CHRF, TER

    return {"bleu": BLEU(), "chrf": CHRF(), "chrf++": CHRF(word_order=2), "ter": TER()}


@pytest.mark.parametrize("name", ["bleu", "chrf", "chrf++", "ter"])
def test_the_installed_sacrebleu_has_what_the_adapter_uses(name: str):
    metric = metrics()[name]
    missing = [method for method in adapter.USED_METHODS if not callable(getattr(metric, method, None))]
    missing += [attribute for attribute in adapter.USED_ATTRIBUTES if not hasattr(metric, attribute)]
    assert not missing, (f"the installed sacrebleu's {type(metric).__name__} no longer has "
                         f"{', '.join(missing)}: update mtreview/metrics/sacrebleu_adapter.py")


@pytest.mark.parametrize("name", ["bleu", "chrf", "chrf++", "ter"])
def test_scores_through_the_adapter_equal_sacrebleus_corpus_score(name: str):
    expected = metrics()[name].corpus_score(HYPOTHESES, REFERENCES)
    metric = metrics()[name]
    adapter.check_corpus_arguments(metric, HYPOTHESES, REFERENCES)
    stats = [adapter.segment_statistics(metric, hypothesis, adapter.reference_info(metric, refs))
             for hypothesis, *refs in zip(HYPOTHESES, *REFERENCES)]
    totals = [sum(column) for column in zip(*stats)]
    assert adapter.score_from_statistics(metric, totals) == pytest.approx(expected.score, abs=1e-9), (
        f"{name}: sacrebleu's _compute_segment_statistics/_compute_score_from_stats no longer give corpus_score")
    adapter.set_reference_count(metric, 2)
    assert adapter.reference_count(metric) == 2
    assert "nrefs:2" in str(metric.get_signature())


def test_bootstrap_signature_names_the_seed_and_resamples():
    from sacrebleu.metrics import BLEU

    bleu = BLEU()
    adapter.set_reference_count(bleu, 1)
    assert "bs:10" in adapter.bootstrap_signature(bleu, 12345, 10)
    assert "seed:12345" in adapter.bootstrap_signature(None, 12345, 10)


def test_no_other_module_calls_sacrebleus_private_methods():
    from pathlib import Path

    import mtreview

    package = Path(mtreview.__file__).parent
    offenders = [str(path.relative_to(package)) for path in package.rglob("*.py")
                 if path.name != "sacrebleu_adapter.py"
                 and any(f".{name}" in path.read_text(encoding="utf-8") for name in adapter.USED_METHODS)]
    assert offenders == [], f"sacrebleu's private methods called outside the adapter: {offenders}"


def test_tokenizer_names_are_those_bleu_accepts():
    from sacrebleu.metrics import BLEU

    names = adapter.tokenizer_names()
    assert {"13a", "intl", "zh", "char", "none"} <= set(names)
    for name in ("13a", "intl", "char", "none"):
        assert BLEU(tokenize=name).tokenizer_signature == name
