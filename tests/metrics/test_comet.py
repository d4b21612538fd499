"""COMET through the real comet.load_from_checkpoint and predict, offline, on tiny models built here.

Skips when the comet extra is absent, unless MTREVIEW_REQUIRE_COMET is set (the Makefile's test target
sets it, so CI cannot silently skip these).
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mtreview.cli import app
from mtreview.errors import ModelNotFoundError
from mtreview.metrics import score_pairs
from mtreview.metrics.cache import ScoreCache
from mtreview.metrics.comet import (
    BF16_TOLERANCE,
    CometOptions,
    CometScorer,
    resolve_precision,
    spans_to_findings,
)
from mtreview.records import Pair, Severity
from tests.support import tiny_comet

if not os.environ.get("MTREVIEW_REQUIRE_COMET"):
    pytest.importorskip("comet", reason="the comet extra is not installed")

SRC = [s["src"] for s in tiny_comet.SAMPLES]
MT = [s["mt"] for s in tiny_comet.SAMPLES]
REF = [s["ref"] for s in tiny_comet.SAMPLES]
PAIRS = [Pair(f"p{i}", s["src"], s["mt"], references=(s["ref"],)) for i, s in enumerate(tiny_comet.SAMPLES)]


@pytest.fixture(scope="session")
def tiny(tmp_path_factory) -> tiny_comet.TinyComet:
    return tiny_comet.build(tmp_path_factory.mktemp("tiny-comet"))


def direct_predict(model_folder: Path, samples: list[dict]) -> list[float]:
    """What comet itself gives, without mtreview in between."""
    from comet import load_from_checkpoint

    model = load_from_checkpoint(str(model_folder / "checkpoints" / "model.ckpt"), local_files_only=True)
    return model.predict(samples, batch_size=8, gpus=0, progress_bar=False).scores


def test_reference_based_scores_equal_comets_own(tiny):
    result = CometScorer(CometOptions(model=str(tiny.models["da"]), precision="fp32")).score(SRC, MT, REF)
    expected = direct_predict(tiny.models["da"], tiny_comet.SAMPLES)
    assert result.scores == pytest.approx(expected, abs=1e-6)
    assert result.computed == len(SRC) and result.cached == 0 and result.spans is None
    # the reference is really used: another reference, another score
    other = CometScorer(CometOptions(model=str(tiny.models["da"]), precision="fp32")).score(SRC, MT, list(reversed(REF)))
    assert other.scores != pytest.approx(result.scores, abs=1e-6)


def test_reference_free_model_ignores_references(tiny):
    scorer = CometScorer(CometOptions(model=str(tiny.models["kiwi"]), precision="fp32"))
    assert scorer.resolved.reference == "unused"
    with_refs = scorer.score(SRC, MT, REF).scores
    without = scorer.score(SRC, MT, None).scores
    assert with_refs == without
    assert without == pytest.approx(direct_predict(tiny.models["kiwi"], [{"src": s, "mt": m} for s, m in zip(SRC, MT)]),
                                    abs=1e-6)


def test_cache_returns_the_recomputed_scores_and_scores_only_edited_segments(tiny, tmp_path):
    options = CometOptions(model=str(tiny.models["da"]), cache=tmp_path / "cache" / "comet.sqlite", precision="fp32")
    scorer = CometScorer(options)
    first = scorer.score(SRC, MT, REF)
    assert (first.cached, first.computed) == (0, 4)
    again = scorer.score(SRC, MT, REF)
    assert (again.cached, again.computed) == (4, 0)
    assert again.scores == pytest.approx(first.scores, abs=1e-6)
    edited = MT[:2] + ["China will help Belarus fight COVID-19."] + MT[3:]
    rerun = scorer.score(SRC, edited, REF)
    assert (rerun.cached, rerun.computed) == (3, 1)
    fresh = CometScorer(replace(options, cache=None)).score(SRC, edited, REF)
    assert rerun.scores == pytest.approx(fresh.scores, abs=1e-6)
    # a new reference is a new key, and so is a new precision: no stale score comes back
    assert scorer.score(SRC, MT, [r + " Indeed." for r in REF]).computed == 4
    assert CometScorer(replace(options, precision="bf16")).score(SRC, MT, REF).computed == 4
    with ScoreCache(options.cache) as cache:
        assert cache.count() == 4 + 1 + 4 + 4


def test_an_interrupted_run_keeps_the_chunks_it_finished(tiny, tmp_path, monkeypatch):
    import mtreview.metrics.comet as comet_module

    monkeypatch.setattr(comet_module, "CACHE_CHUNK", 2)
    scorer = CometScorer(CometOptions(model=str(tiny.models["da"]), cache=tmp_path / "c.sqlite"))
    real_predict, calls = scorer._predict, []

    def predict_then_fail(indices, *args):
        calls.append(indices)
        if len(calls) == 2:
            raise KeyboardInterrupt
        return real_predict(indices, *args)

    monkeypatch.setattr(scorer, "_predict", predict_then_fail)
    with pytest.raises(KeyboardInterrupt):
        scorer.score(SRC, MT, REF)
    monkeypatch.setattr(scorer, "_predict", real_predict)
    resumed = scorer.score(SRC, MT, REF)
    assert (resumed.cached, resumed.computed) == (2, 2)


def test_identical_segments_are_scored_once(tiny):
    result = CometScorer(CometOptions(model=str(tiny.models["da"]))).score(SRC * 2, MT * 2, REF * 2)
    assert result.computed == 4 and result.scores[:4] == result.scores[4:]


def test_bf16_stays_within_the_stated_tolerance_of_fp32(tiny):
    fp32 = CometScorer(CometOptions(model=str(tiny.models["da"]), precision="fp32")).score(SRC, MT, REF).scores
    bf16 = CometScorer(CometOptions(model=str(tiny.models["da"]), precision="bf16")).score(SRC, MT, REF).scores
    differences = [abs(a - b) for a, b in zip(fp32, bf16)]
    assert max(differences) < BF16_TOLERANCE
    assert max(differences) > 0  # bf16 really ran: its rounding shows
    # the default is bf16 only where the CPU has it natively; the signature says which ran
    auto = CometScorer(CometOptions(model=str(tiny.models["da"])))
    assert auto.precision == resolve_precision("auto") in ("fp32", "bf16")
    assert f"precision:{auto.precision}|" in auto.signature
    assert auto.score(SRC, MT, REF).scores == (bf16 if auto.precision == "bf16" else fp32)


def test_threads_option_gives_the_same_scores_and_restores_torch(tiny):
    import torch

    before = torch.get_num_threads()
    one = CometScorer(CometOptions(model=str(tiny.models["da"]), threads=1)).score(SRC, MT, REF).scores
    default = CometScorer(CometOptions(model=str(tiny.models["da"]))).score(SRC, MT, REF).scores
    assert one == pytest.approx(default, abs=1e-6)
    assert torch.get_num_threads() == before


def test_missing_model_error_says_where_it_looked_and_how_to_get_it(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ModelNotFoundError) as error:
        CometScorer(CometOptions(model="wmt22-cometkiwi-da", hf_cache=tmp_path / "hub"))
    message = str(error.value)
    assert str(tmp_path / "wmt22-cometkiwi-da") in message and str(tmp_path / "hub") in message
    assert "huggingface-cli download Unbabel/wmt22-cometkiwi-da" in message
    # a path is a path: no hub advice for a folder that is not there
    with pytest.raises(ModelNotFoundError, match=r"folder .*/models/da does not exist"):
        CometScorer(CometOptions(model=str(tmp_path / "models" / "da"), hf_cache=tmp_path / "hub"))


def test_folder_without_checkpoint_is_named(tmp_path):
    (tmp_path / "half").mkdir()
    (tmp_path / "half" / "hparams.yaml").write_text("class_identifier: regression_metric\n")
    with pytest.raises(ModelNotFoundError, match=r"half.*checkpoints/model\.ckpt"):
        CometScorer(CometOptions(model=str(tmp_path / "half")))


def _as_hub_model(tiny, tmp_path) -> Path:
    """The da model under a hub name, its encoder named by hub id too, as downloaded models are."""
    import torch
    import yaml

    folder = tmp_path / "hub-layout"
    shutil.copytree(tiny.models["da"], folder)
    hparams = yaml.safe_load((folder / "hparams.yaml").read_text())
    hparams["pretrained_model"] = "tiny-org/tiny-xlmr"
    (folder / "hparams.yaml").write_text(yaml.safe_dump(hparams))
    checkpoint = torch.load(folder / "checkpoints" / "model.ckpt", weights_only=False)
    checkpoint["hyper_parameters"]["pretrained_model"] = "tiny-org/tiny-xlmr"
    torch.save(checkpoint, folder / "checkpoints" / "model.ckpt")
    cache = tmp_path / "hub"
    tiny_comet.install_in_hub_cache(folder, cache, "Unbabel/tiny-comet-da")
    return cache


def test_model_name_and_encoder_resolve_through_the_hub_cache(tiny, tmp_path):
    cache = _as_hub_model(tiny, tmp_path)
    with pytest.raises(ModelNotFoundError) as error:
        CometScorer(CometOptions(model="tiny-comet-da", hf_cache=cache))
    assert "tiny-org/tiny-xlmr" in str(error.value) and str(cache) in str(error.value)
    tiny_comet.install_in_hub_cache(tiny.encoder, cache, "tiny-org/tiny-xlmr")
    scorer = CometScorer(CometOptions(model="tiny-comet-da", hf_cache=cache))
    assert scorer.resolved.name == "Unbabel/tiny-comet-da"
    local = CometScorer(CometOptions(model=str(tiny.models["da"]))).score(SRC, MT, REF).scores
    assert scorer.score(SRC, MT, REF).scores == pytest.approx(local, abs=1e-6)


def test_score_records_model_version_precision_and_batch_size(tiny):
    [bleu, comet], notes = score_pairs(PAIRS, "bleu,comet",
                                       comet=CometOptions(model=str(tiny.models["da"]), batch_size=2))
    assert comet.metric == "comet" and comet.pair_ids == tuple(p.id for p in PAIRS)
    assert comet.corpus == pytest.approx(sum(comet.segments) / len(comet.segments))
    from importlib.metadata import version

    assert comet.signature == (f"model:{tiny.models['da']}|comet:{version('unbabel-comet')}"
                               f"|precision:{resolve_precision('auto')}|batch:2|ref:yes")


def test_reference_free_model_scores_pairs_without_references(tiny):
    pairs = [replace(p, references=()) for p in PAIRS]
    scores, notes = score_pairs(pairs, "bleu,comet", comet=CometOptions(model=str(tiny.models["kiwi"])))
    assert [s.metric for s in scores] == ["comet"] and len(scores[0].segments) == 4
    assert any("bleu" in note and "skipped" in note for note in notes)
    # a reference-based model leaves out what it cannot score, with a note, not an error
    scores, notes = score_pairs(pairs[:2] + PAIRS[2:], "comet", comet=CometOptions(model=str(tiny.models["da"])))
    assert scores[0].pair_ids == ("p2", "p3") and any("needs a reference" in note for note in notes)


def test_xcomet_spans_become_findings_on_the_target(tiny):
    from comet import load_from_checkpoint

    [score], _ = score_pairs(PAIRS, "comet", comet=CometOptions(model=str(tiny.models["xcomet"]), precision="fp32"))
    model = load_from_checkpoint(str(tiny.checkpoint("xcomet")), local_files_only=True)
    raw = model.predict(tiny_comet.SAMPLES, batch_size=8, gpus=0, progress_bar=False).metadata.error_spans
    expected = []
    for pair, spans in zip(PAIRS, raw):
        for span in spans:
            text = pair.target[span["start"]:span["end"]]
            if text.strip():
                start = span["start"] + len(text) - len(text.lstrip())
                expected.append((pair.id, (start, start + len(text.strip())), span["severity"]))
    assert expected, "random weights should tag some subwords"
    assert [(f.pair_id, f.target_span, f.severity.value) for f in score.findings] == expected
    for finding in score.findings:
        assert finding.check == "xcomet" and finding.fingerprint
        flagged = PAIRS[int(finding.pair_id[1:])].target[slice(*finding.target_span)]
        assert f"“{flagged}”" in finding.message


def test_xcomet_findings_come_back_from_the_cache(tiny, tmp_path):
    options = CometOptions(model=str(tiny.models["xcomet"]), cache=tmp_path / "c.sqlite")
    [first], _ = score_pairs(PAIRS, "comet", comet=options)
    [second], notes = score_pairs(PAIRS, "comet", comet=options)
    assert any("4 of 4 segment(s) from the cache" in note for note in notes)
    assert second.findings == first.findings and second.segments == first.segments


def test_xcomet_tagging_nothing_gives_no_findings(tiny, tmp_path):
    folder = tmp_path / "xcomet-clean"
    shutil.copytree(tiny.models["xcomet"], folder)
    tiny_comet.set_xcomet_tag_bias(folder, "O")
    [score], _ = score_pairs(PAIRS, "comet", comet=CometOptions(model=str(folder)))
    assert score.findings == () and len(score.segments) == 4


def test_span_conversion_trims_clamps_and_drops_special_tokens():
    pair = Pair("x", "中方对此高度评价。", "China speaks  highly of this.")
    spans = [
        {"text": "<s>", "confidence": 0.4, "severity": "minor", "start": 0, "end": 0},
        {"text": "speaks", "confidence": 0.9, "severity": "major", "start": 5, "end": 13},  # " speaks "
        {"text": "this.", "confidence": 0.5, "severity": "critical", "start": 24, "end": 99},
    ]
    findings = spans_to_findings(pair, spans)
    assert [(pair.target[slice(*f.target_span)], f.severity) for f in findings] == [
        ("speaks", Severity.MAJOR), ("this.", Severity.CRITICAL)]
    assert "confidence 0.90" in findings[0].message


def test_cli_score_json_and_review_with_xcomet(tiny, tmp_path):
    table = tmp_path / "pairs.tsv"
    table.write_text("id\tsource\ttarget\treference\n"
                     + "".join(f"{p.id}\t{p.source}\t{p.target}\t{p.references[0]}\n" for p in PAIRS), encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(app, ["score", str(table), "--metric", "bleu,comet", "--comet-model", str(tiny.models["da"]),
                                 "--cache", str(tmp_path / "c.sqlite"), "--format", "json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert list(document) == ["bleu", "comet"]
    assert len(document["comet"]["segments"]) == 4 and "precision:" in document["comet"]["signature"]
    assert (tmp_path / "c.sqlite").is_file()

    result = runner.invoke(app, ["review", str(table), "--out", str(tmp_path / "reports"), "--no-history",
                                 "--metric", "bleu,comet", "--comet-model", str(tiny.models["xcomet"])])
    assert result.exit_code == 0, result.output
    [run] = (tmp_path / "reports" / "pairs").iterdir()
    checks = [json.loads(line)["check"] for line in (run / "findings.jsonl").read_text().splitlines()]
    assert "xcomet" in checks and "term-forbidden" in checks
    assert (tmp_path / "reports" / "cache" / "comet.sqlite").is_file()  # the default cache, beside the reports
    scores = json.loads((run / "scores.json").read_text())["scores"]
    assert set(scores) == {"bleu", "comet"}


def test_cli_compare_with_comet_uses_segment_bootstrap(tiny, tmp_path):
    src, base, other, ref = (tmp_path / name for name in ("src.txt", "base.txt", "other.txt", "ref.txt"))
    src.write_text("\n".join(SRC * 5) + "\n", encoding="utf-8")
    ref.write_text("\n".join(REF * 5) + "\n", encoding="utf-8")
    base.write_text("\n".join(MT * 5) + "\n", encoding="utf-8")
    other.write_text("\n".join(REF * 5) + "\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["compare", str(base), str(other), "--src", str(src), "--ref", str(ref),
                                      "--metric", "chrf,comet", "--comet-model", str(tiny.models["da"]),
                                      "--no-cache", "--format", "json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    comet = document["comet"]
    assert [s["system"] for s in comet["systems"]] == ["base", "other"]
    assert comet["systems"][0]["p_value"] is None and 0 < comet["systems"][1]["p_value"] <= 1
    assert comet["signature"].startswith(f"model:{tiny.models['da']}|") and "bs:1000" in comet["signature"]
    # the translation equal to the reference beats the baseline on chrF, significantly
    assert document["chrf"]["systems"][1]["score"] == pytest.approx(100)
    assert document["chrf"]["systems"][1]["p_value"] < 0.05


def test_an_empty_translation_is_scored_not_left_out(tiny):
    """A dropped sentence gets COMET's score for an empty string; leaving it out would raise the mean."""
    pairs = [replace(PAIRS[0], target=""), replace(PAIRS[1], target="   ")] + PAIRS[2:]
    [score], notes = score_pairs(pairs, "comet", comet=CometOptions(model=str(tiny.models["da"]), precision="fp32"))
    assert score.pair_ids == tuple(p.id for p in PAIRS) and not any("left out" in note for note in notes)
    samples = [{"src": p.source, "mt": p.target, "ref": p.references[0]} for p in pairs]
    assert list(score.segments) == pytest.approx(direct_predict(tiny.models["da"], samples), abs=1e-6)
    assert score.corpus == pytest.approx(sum(score.segments) / len(pairs))
