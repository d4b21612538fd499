"""COMET's device choice, length-sorted batches, one model load per run, and what the signature records.

There is no GPU here: the device choice is tested on the CPU (auto resolves to cpu, cuda is refused),
and a stubbed torch.cuda drives the resolution logic and shows that the choice reaches the model's
placement. Skips when the comet extra is absent, unless MTREVIEW_REQUIRE_COMET is set.
"""

from __future__ import annotations

import os
from dataclasses import replace
from importlib.metadata import version

import pytest

if not os.environ.get("MTREVIEW_REQUIRE_COMET"):
    pytest.importorskip("comet", reason="the comet extra is not installed")

import torch
from typer.testing import CliRunner

import mtreview.metrics.comet as comet_module
import mtreview.spill
from mtreview.cli import app
from mtreview.errors import MetricError
from mtreview.metrics import score_pairs
from mtreview.metrics.comet import CometOptions, CometScorer, load_model
from mtreview.metrics.comet_runtime import length_order, predict, resolve_device, resolve_precision
from mtreview.metrics.significance import compare_systems
from mtreview.records import Pair
from tests.support import tiny_comet

GPU = torch.cuda.is_available()
no_gpu_here = pytest.mark.skipif(GPU, reason="a GPU is present: auto picks it and cuda is not refused")

# Varied lengths in a shuffled order, so that sorting really reorders them and batches pad differently.
SAMPLES = [{"src": tiny_comet.ZH[(5 * i) % 8][: 6 + (7 * i) % 30],
            "mt": f"{tiny_comet.EN[(3 * i) % 8][: 12 + (29 * i) % 110]} ({i})",  # no two alike
            "ref": tiny_comet.EN[(5 * i) % 8]} for i in range(19)]
PAIRS = [Pair(f"p{i}", s["src"], s["mt"], references=(s["ref"],)) for i, s in enumerate(SAMPLES)]


@pytest.fixture(scope="module")
def tiny(tmp_path_factory) -> tiny_comet.TinyComet:
    return tiny_comet.build(tmp_path_factory.mktemp("tiny-comet-device"), kinds=("da", "xcomet"))


@pytest.fixture
def loads(monkeypatch) -> list[str]:
    """Every COMET model load, by name."""
    seen: list[str] = []

    def counting(resolved):
        seen.append(resolved.name)
        return load_model(resolved)

    monkeypatch.setattr(comet_module, "load_model", counting)
    return seen


@pytest.fixture
def stubbed_gpu(monkeypatch):
    """torch says it sees a CUDA GPU (with native bf16 unless the test says otherwise)."""
    state = {"bf16": True}
    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)
    monkeypatch.setattr(torch.cuda, "is_bf16_supported", lambda including_emulation=True: state["bf16"])
    return state


@no_gpu_here
def test_auto_is_the_cpu_here_and_the_cpu_signature_is_unchanged(tiny):
    assert resolve_device("auto") == "cpu" and resolve_device("cpu") == "cpu"
    scorer = CometScorer(CometOptions(model=str(tiny.models["da"])))
    assert (scorer.device, scorer.batch_size) == ("cpu", 16)
    assert scorer.precision == resolve_precision("auto") in ("fp32", "bf16")
    # no device part on the CPU: earlier CPU runs in a history stay comparable with new ones
    assert scorer.signature == (f"model:{tiny.models['da']}|comet:{version('unbabel-comet')}"
                                f"|precision:{scorer.precision}|batch:16")


@no_gpu_here
def test_cuda_without_a_gpu_is_refused_before_the_model_loads(tiny, loads):
    with pytest.raises(MetricError, match=r"COMET device cuda asked for, but torch .* sees no CUDA GPU"):
        CometScorer(CometOptions(model=str(tiny.models["da"]), device="cuda"))
    with pytest.raises(MetricError, match="unknown COMET device 'tpu'"):
        CometScorer(CometOptions(model=str(tiny.models["da"]), device="tpu"))
    assert loads == []


@no_gpu_here
def test_cli_refuses_cuda_without_a_gpu_with_one_line_and_writes_nothing(tiny, tmp_path):
    table = tmp_path / "pairs.tsv"
    table.write_text("id\tsource\ttarget\treference\n"
                     + "".join(f"{p.id}\t{p.source}\t{p.target}\t{p.references[0]}\n" for p in PAIRS),
                     encoding="utf-8")
    result = CliRunner().invoke(app, ["review", str(table), "--out", str(tmp_path / "reports"),
                                      "--metric", "bleu,comet", "--comet-model", str(tiny.models["da"]),
                                      "--comet-device", "cuda"])
    assert result.exit_code == 2, result.output
    [line] = result.stderr.strip().splitlines()
    assert "cuda" in line and "no CUDA GPU" in line and "--comet-device cpu" in line
    assert not (tmp_path / "reports").exists()
    # and cpu, asked for by name, runs
    result = CliRunner().invoke(app, ["score", str(table), "--metric", "comet", "--comet-model",
                                      str(tiny.models["da"]), "--comet-device", "cpu", "--no-comet-cache"])
    assert result.exit_code == 0, result.output
    assert "device:" not in result.stdout and "|batch:16" in result.stdout


def test_a_gpu_resolves_to_cuda_bf16_where_native_else_fp32(stubbed_gpu, tiny):
    assert resolve_device("auto") == "cuda" and resolve_device("cuda") == "cuda" and resolve_device("cpu") == "cpu"
    assert resolve_precision("auto", "cuda") == "bf16"
    scorer = CometScorer(CometOptions(model=str(tiny.models["da"])))
    assert (scorer.device, scorer.precision, scorer.batch_size) == ("cuda", "bf16", 64)
    assert scorer.signature.endswith("|device:cuda|precision:bf16|batch:64")
    assert f"|comet:{version('unbabel-comet')}|device:cuda|" in scorer.signature
    # a GPU's scores are cached apart from the CPU's
    assert scorer.resolved.model_id("bf16", "cuda") != scorer.resolved.model_id("bf16", "cpu")

    stubbed_gpu["bf16"] = False  # e.g. a V100: bf16 only emulated
    assert resolve_precision("auto", "cuda") == "fp32"
    scorer = CometScorer(CometOptions(model=str(tiny.models["da"]), batch_size=8))
    assert scorer.signature.endswith("|device:cuda|precision:fp32|batch:8")
    with pytest.raises(MetricError, match="bf16 asked for on a GPU without native bf16"):
        CometScorer(CometOptions(model=str(tiny.models["da"]), precision="bf16"))
    # the CPU, asked for by name, keeps its own rule whatever the GPU
    cpu = CometScorer(CometOptions(model=str(tiny.models["da"]), device="cpu"))
    assert cpu.device == "cpu" and cpu.precision == resolve_precision("auto", "cpu")


@no_gpu_here
def test_the_chosen_device_is_where_the_model_is_sent(stubbed_gpu, tiny):
    """With torch told there is a GPU, scoring tries to put the model on it: this CPU-only torch says no."""
    scorer = CometScorer(CometOptions(model=str(tiny.models["da"])))
    with pytest.raises(MetricError, match=r"COMET prediction failed with .* on cuda"):
        scorer.score([PAIRS[0].source], [PAIRS[0].target], [PAIRS[0].references[0]])


@pytest.mark.parametrize("precision", ["fp32", "bf16"])
def test_the_forward_pass_runs_on_the_device_in_the_precision_chosen(tiny, monkeypatch, precision):
    scorer = CometScorer(CometOptions(model=str(tiny.models["da"]), device="cpu", precision=precision))
    model, seen = scorer.model, []
    real_step = model.predict_step

    def watching(batch, *args, **kwargs):
        tensors = [value for value in batch.values() if isinstance(value, torch.Tensor)]
        seen.append(({t.device.type for t in tensors} | {next(model.parameters()).device.type},
                     torch.is_autocast_enabled("cpu") and torch.get_autocast_dtype("cpu") == torch.bfloat16))
        return real_step(batch, *args, **kwargs)

    monkeypatch.setattr(model, "predict_step", watching)
    scorer.score([s["src"] for s in SAMPLES], [s["mt"] for s in SAMPLES], [s["ref"] for s in SAMPLES])
    assert len(seen) == 2  # 19 segments, batches of 16
    assert all(devices == {"cpu"} and bf16 == (precision == "bf16") for devices, bf16 in seen)


def test_length_order_is_longest_first_and_stable():
    samples = [{"src": "ab", "mt": "c"}, {"src": "abcd", "mt": "e"}, {"src": "a", "mt": "bc"}, {"src": "", "mt": ""}]
    assert length_order(samples) == [1, 0, 2, 3]


@pytest.mark.parametrize("kind", ["da", "xcomet"])
def test_sorted_batches_give_the_unsorted_scores_in_input_order(tiny, monkeypatch, kind):
    model = CometScorer(CometOptions(model=str(tiny.models[kind]))).model
    batches: list[list[int]] = []
    real_prepare = model.prepare_for_inference

    def recording(batch):
        batches.append([SAMPLES.index(sample) for sample in batch])
        return real_prepare(batch)

    monkeypatch.setattr(model, "prepare_for_inference", recording)
    scores, spans = predict(model, SAMPLES, device="cpu", precision="fp32", batch_size=4)
    # the batches were formed longest first, not in input order
    assert [i for batch in batches for i in batch] == length_order(SAMPLES) != list(range(len(SAMPLES)))
    monkeypatch.setattr(model, "prepare_for_inference", real_prepare)
    # unsorted, with no padding at all: one segment a batch, in input order
    alone = [predict(model, [sample], device="cpu", precision="fp32", batch_size=1) for sample in SAMPLES]
    assert scores == pytest.approx([score for [score], _ in alone], abs=1e-6)
    # and comet's own predict, its length batching off
    own = model.predict(SAMPLES, batch_size=4, gpus=0, progress_bar=False, length_batching=False)
    assert scores == pytest.approx(own.scores, abs=1e-6)
    if kind == "xcomet":
        assert spans is not None and any(spans)
        for expected in ([found[0] for _, found in alone], own.metadata.error_spans):
            assert _where(spans) == _where(expected)
            assert _confidences(spans) == pytest.approx(_confidences(expected), abs=1e-5)
    else:
        assert spans is None


def _where(spans: list[list[dict]]) -> list[list[tuple]]:
    return [[(span["start"], span["end"], span["severity"], span["text"]) for span in segment] for segment in spans]


def _confidences(spans: list[list[dict]]) -> list[float]:
    return [span["confidence"] for segment in spans for span in segment]


def test_one_model_load_for_every_block_and_every_system(tiny, loads, monkeypatch):
    options = CometOptions(model=str(tiny.models["da"]), precision="fp32")
    [whole], _ = score_pairs(PAIRS, "comet", comet=options)
    assert loads == [str(tiny.models["da"])]
    monkeypatch.setattr(mtreview.spill, "BLOCK_SIZE", 4)  # 19 pairs: five blocks
    [blocked], _ = score_pairs(PAIRS, "comet", comet=options)
    assert len(loads) == 2  # one more run, one more load
    assert list(blocked.segments) == pytest.approx(list(whole.segments), abs=1e-6)
    assert tuple(blocked.pair_ids) == tuple(whole.pair_ids)

    systems = [(name, [replace(p, target=p.target + suffix) for p in PAIRS])
               for name, suffix in (("base", ""), ("b", " Indeed."), ("c", " (sic)"))]
    [comparison], _ = compare_systems(systems, "comet", comet=options, n_samples=100)
    assert len(loads) == 3 and len(comparison.results) == 3


def test_cli_compare_of_three_systems_loads_the_model_once(tiny, loads, tmp_path):
    src, ref = tmp_path / "src.txt", tmp_path / "ref.txt"
    src.write_text("".join(p.source + "\n" for p in PAIRS), encoding="utf-8")
    ref.write_text("".join(p.references[0] + "\n" for p in PAIRS), encoding="utf-8")
    files = []
    for name, suffix in (("base", ""), ("b", " Indeed."), ("c", " (sic)")):
        files.append(tmp_path / f"{name}.txt")
        files[-1].write_text("".join(p.target + suffix + "\n" for p in PAIRS), encoding="utf-8")
    result = CliRunner().invoke(app, ["compare", *map(str, files), "--src", str(src), "--ref", str(ref),
                                      "--metric", "comet", "--comet-model", str(tiny.models["da"]),
                                      "--comet-device", "auto", "--no-comet-cache", "--samples", "100"])
    assert result.exit_code == 0, result.output
    assert loads == [str(tiny.models["da"])]
