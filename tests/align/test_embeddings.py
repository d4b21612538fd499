"""The optional embedding backend of the aligner (`--embeddings`), on tiny encoders built offline
(tests/support/tiny_encoder.py): loading from a folder and from the Hugging Face cache layout with the
network cut, the feature's banded sums, a model that knows translations righting a wrong bead, the CLI
end to end, and the one-line errors.

Skips when torch or transformers (the embeddings extra) is absent, unless MTREVIEW_REQUIRE_EMBEDDINGS
is set (the Makefile's test target sets it, so CI cannot silently skip these).
"""

from __future__ import annotations

import json
import os
import socket
import sys
from pathlib import Path

import numpy as np
import pytest

if not os.environ.get("MTREVIEW_REQUIRE_EMBEDDINGS"):
    pytest.importorskip("torch", reason="the embeddings extra is not installed")
    pytest.importorskip("transformers", reason="the embeddings extra is not installed")

from typer.testing import CliRunner

from mtreview.align import align_presplit, align_texts
from mtreview.align.embeddings import INSTALL_HINT, DocumentEmbeddings, EmbeddingSimilarity, load_encoder
from mtreview.cli import app
from mtreview.errors import AlignmentError, ModelNotFoundError
from tests.support.tiny_encoder import (
    build_dictionary_encoder,
    build_random_encoder,
    build_sentence_transformers_encoder,
    fake_hub_cache,
)

REPO = Path(__file__).resolve().parents[2]
CASE = REPO / "corpora" / "xinhua-belarus"
runner = CliRunner()

# Nine sentences of DICTIONARY words and their translations; the English of the third is left out.
ZH = ["农民在市场卖米。", "河上建了一座桥。", "村庄的学校很小。", "老师给孩子们书。", "今年雨多，收成好。",
      "医生在医院工作。", "火车站在山下的路边。", "节日里有音乐。", "冬天下雪了。"]
EN = ["The farmer sells rice at the market.", "A bridge was built over the river.", "The village school is small.",
      "The teachers give the children books.", "It rained a lot this year and the harvest was good.",
      "The doctor works at the hospital.", "The train station is by the road at the foot of the mountains.",
      "There is music at the festival.", "In winter it snowed."]
DROPPED = 2
GOLD = [((k,), () if k == DROPPED else (k - (k > DROPPED),)) for k in range(len(ZH))]


@pytest.fixture(scope="module")
def random_encoder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_random_encoder(tmp_path_factory.mktemp("random-encoder"))


@pytest.fixture(scope="module")
def dictionary_encoder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_dictionary_encoder(tmp_path_factory.mktemp("dictionary-encoder"))


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any attempt to open a connection fails the test."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"network touched: {args}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")


def torch_sees_a_gpu() -> bool:
    try:
        import torch
    except ImportError:
        return False
    return bool(torch.cuda.is_available())


def _covers_in_order(beads: list[tuple[tuple[int, ...], tuple[int, ...]]], n: int, m: int) -> None:
    """Every sentence in exactly one bead, in document order, each bead of consecutive sentences."""
    assert [k for source, _ in beads for k in source] == list(range(n))
    assert [k for _, target in beads for k in target] == list(range(m))


def test_loads_a_model_folder_and_encodes_unit_vectors(random_encoder: Path, no_network: None) -> None:
    encoder = load_encoder(str(random_encoder))
    texts = ["两国元首决定提升双边关系。", "The two heads of state decided.", "这家酒店很好。"]
    vectors = encoder.encode(texts)
    assert vectors.shape == (3, 32)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    # Batches are sorted by length inside; each row still belongs to its own text.
    assert np.allclose(encoder.encode([texts[2]])[0], vectors[2], atol=1e-5)
    assert np.allclose(encoder.encode(texts[::-1]), vectors[::-1], atol=1e-5)


def test_loads_a_model_name_from_the_hub_cache_without_the_network(
        random_encoder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, no_network: None) -> None:
    cache = fake_hub_cache(random_encoder, tmp_path / "hub", "tiny-org/tiny-encoder")
    monkeypatch.setenv("HF_HUB_CACHE", str(cache))
    by_name = load_encoder("tiny-org/tiny-encoder").encode(["中方愿继续提供支持。", "China will continue."])
    by_folder = load_encoder(str(random_encoder)).encode(["中方愿继续提供支持。", "China will continue."])
    assert np.allclose(by_name, by_folder, atol=1e-6)


def test_a_missing_model_names_where_it_looked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                no_network: None) -> None:
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path / "hub"))
    with pytest.raises(ModelNotFoundError) as error:
        load_encoder("sentence-transformers/LaBSE")
    message = str(error.value)
    assert str(tmp_path / "hub") in message and "huggingface-cli download sentence-transformers/LaBSE" in message
    with pytest.raises(ModelNotFoundError, match=r"embedding model folder .*/no/such/model does not exist"):
        load_encoder(str(tmp_path / "no" / "such" / "model"))
    (tmp_path / "empty").mkdir()
    with pytest.raises(ModelNotFoundError, match=r"not an encoder folder: expected .*config\.json"):
        load_encoder(str(tmp_path / "empty"))


def test_without_the_extra_the_error_says_what_to_install(random_encoder: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "transformers", None)  # import transformers now fails
    with pytest.raises(AlignmentError) as error:
        load_encoder(str(random_encoder))
    assert INSTALL_HINT in str(error.value)


def test_a_sentence_transformers_folder_runs_its_own_modules(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                             no_network: None) -> None:
    """LaBSE is published as a sentence-transformers folder whose Dense layer follows the CLS token: only that
    library runs it, so the vectors have the Dense layer's 16 dimensions, not the BERT's 32; without the
    library the folder still loads, as a plain encoder with its CLS pooling."""
    import importlib.util

    from sentence_transformers import SentenceTransformer

    folder = build_sentence_transformers_encoder(tmp_path / "st-encoder")
    texts = ["两国元首决定提升双边关系。", "The two heads of state decided.", "这家酒店很好。"]
    encoder = load_encoder(str(folder), device="cpu")
    vectors = encoder.encode(texts)
    assert vectors.shape == (3, 16) and np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    published = SentenceTransformer(str(folder), device="cpu").encode(texts)
    assert np.allclose(vectors, published / np.linalg.norm(published, axis=1, keepdims=True), atol=1e-5)

    real_find_spec = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *args: None if name == "sentence_transformers" else real_find_spec(name, *args))
    plain = load_encoder(str(folder), device="cpu")
    assert plain.pooling == "cls"  # type: ignore[attr-defined]  # read from the folder's 1_Pooling
    assert plain.encode(texts).shape == (3, 32)
    # LaBSE's own folder writes the pooling config as sentence-transformers 2 did
    (folder / "1_Pooling" / "config.json").write_text(json.dumps(
        {"word_embedding_dimension": 32, "pooling_mode_cls_token": True, "pooling_mode_mean_tokens": False,
         "pooling_mode_max_tokens": False, "pooling_mode_mean_sqrt_len_tokens": False}), encoding="utf-8")
    assert load_encoder(str(folder), device="cpu").pooling == "cls"  # type: ignore[attr-defined]


def test_auto_runs_the_model_where_torch_sees_a_gpu(random_encoder: Path, monkeypatch: pytest.MonkeyPatch,
                                                   no_network: None) -> None:
    """With torch saying it sees a GPU, auto puts the model and every batch of tokens on cuda. The moves are
    recorded, not made (this torch has no CUDA), so the vectors must equal the CPU's."""
    import torch
    from transformers import BatchEncoding

    texts = ["两国元首决定提升双边关系。", "The two heads of state decided.", "这家酒店很好。"]
    on_cpu = load_encoder(str(random_encoder), device="cpu")
    assert on_cpu.device == "cpu"  # type: ignore[attr-defined]
    expected = on_cpu.encode(texts)
    moved: list[str] = []

    def record(self, device, *args, **kwargs):
        moved.append(str(device))
        return self

    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)
    monkeypatch.setattr(torch.nn.Module, "to", record)
    monkeypatch.setattr(BatchEncoding, "to", record)
    encoder = load_encoder(str(random_encoder))
    assert encoder.device == "cuda" and moved == ["cuda"]  # type: ignore[attr-defined]
    assert np.allclose(encoder.encode(texts), expected, atol=1e-6)
    assert moved == ["cuda", "cuda"]  # the model, then the one batch
    assert load_encoder(str(random_encoder), device="cpu").device == "cpu"  # type: ignore[attr-defined]


@pytest.mark.skipif(torch_sees_a_gpu(), reason="a GPU is present: cuda is not refused")
@pytest.mark.parametrize("command", [["align", str(CASE / "source.zh.txt"), str(CASE / "target.en.txt")],
                                     ["review", str(CASE), "--no-history"]], ids=["align", "review"])
def test_cuda_without_a_gpu_is_one_line_and_exit_2(command: list[str], random_encoder: Path, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch, no_network: None) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, [*command, "--embeddings", str(random_encoder), "--embeddings-device", "cuda"])
    assert result.exit_code == 2
    assert result.stdout == ""
    [line] = result.stderr.strip().splitlines()
    assert "embedding model device cuda asked for" in line and "no CUDA GPU" in line
    assert "--embeddings-device cpu or auto" in line
    assert not (tmp_path / "reports").exists()
    with pytest.raises(AlignmentError, match="unknown embedding model device 'tpu'"):
        load_encoder(str(random_encoder), device="tpu")


def test_banded_sums_give_the_same_cosines_as_the_vectors() -> None:
    """The band's running sums (what the search uses) against the beads' summed vectors, for every kind."""
    rng = np.random.default_rng(1)
    source, target = rng.normal(size=(12, 8)), rng.normal(size=(15, 8))
    document = DocumentEmbeddings.fit(source, target, [(k, 1, k, 1) for k in range(12)])
    similarity = document.similarity()
    rows = np.repeat(np.arange(13), 16)
    columns = np.tile(np.arange(16), 13)
    band = similarity.band(np.zeros(13, dtype=np.int64), np.full(13, 15, dtype=np.int64))
    for di, dj in [(1, 1), (1, 2), (2, 1), (2, 2), (1, 3), (3, 1), (1, 4), (4, 1), (2, 3), (3, 2)]:
        fits = (rows >= di) & (columns >= dj)
        i, j = rows[fits], columns[fits]
        banded = similarity.cosines(i, di, j, dj, band)
        direct = []
        for a, b in zip(i, j):
            x = document.source[a - di : a].sum(axis=0)
            y = document.target[b - dj : b].sum(axis=0)
            direct.append(x @ y / np.linalg.norm(x) / np.linalg.norm(y))
        assert np.allclose(banded, direct, atol=1e-5), (di, dj)
        assert np.allclose(similarity.cosines(i[:5], di, j[:5], dj), direct[:5], atol=1e-5)


def test_the_weight_is_earned_on_the_document() -> None:
    """Vectors in which translations are alike weigh far more than vectors that are noise."""
    rng = np.random.default_rng(2)
    meaning = rng.normal(size=(30, 16))
    informative = DocumentEmbeddings.fit(meaning + 0.3 * rng.normal(size=(30, 16)),
                                         meaning + 0.3 * rng.normal(size=(30, 16)),
                                         [(k, 1, k, 1) for k in range(30)])
    noise = DocumentEmbeddings.fit(rng.normal(size=(30, 16)), rng.normal(size=(30, 16)),
                                   [(k, 1, k, 1) for k in range(30)])
    assert informative.weight > 5 * max(noise.weight, 0.1)
    assert isinstance(informative.similarity(), EmbeddingSimilarity)


def test_a_model_that_knows_translations_rights_a_wrong_bead(dictionary_encoder: Path, no_network: None) -> None:
    """Lengths and anchors alone put the dropped sentence's neighbours out of step; the encoder's cosines
    find the untranslated sentence."""
    target = EN[:DROPPED] + EN[DROPPED + 1 :]
    without = [(bead.source, bead.target) for bead in align_presplit(ZH, target, lexical=False)]
    assert without != GOLD  # so the test can only pass through the feature
    encoder = load_encoder(str(dictionary_encoder))
    with_embeddings = [(bead.source, bead.target) for bead in align_presplit(ZH, target, lexical=False,
                                                                             embeddings=encoder)]
    assert with_embeddings == GOLD


def test_align_cli_presplit_with_embeddings(dictionary_encoder: Path, tmp_path: Path, no_network: None) -> None:
    zh, en = tmp_path / "zh.txt", tmp_path / "en.txt"
    zh.write_text("\n".join(ZH) + "\n", encoding="utf-8")
    en.write_text("\n".join(EN[:DROPPED] + EN[DROPPED + 1 :]) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["align", "--presplit", "--no-lexical", "--format", "jsonl",
                                 "--embeddings", str(dictionary_encoder), str(zh), str(en)])
    assert result.exit_code == 0, result.output
    beads = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(tuple(b["source"]), tuple(b["target"])) for b in beads] == GOLD


def test_align_cli_on_the_bundled_case_gives_valid_beads(random_encoder: Path, no_network: None) -> None:
    source, target = CASE / "source.zh.txt", CASE / "target.en.txt"
    result = runner.invoke(app, ["align", "--format", "jsonl", "--embeddings", str(random_encoder),
                                 str(source), str(target)])
    assert result.exit_code == 0, result.output
    pairs = [json.loads(line) for line in result.stdout.splitlines()]
    n = max(k for pair in pairs for k in pair["source"]) + 1
    m = max(k for pair in pairs for k in pair["target"]) + 1
    _covers_in_order([(tuple(pair["source"]), tuple(pair["target"])) for pair in pairs], n, m)
    assert all(0.0 <= pair["score"] <= 1.0 for pair in pairs)
    # the same sentences as without the model: only the beads may differ
    plain = align_texts(source.read_text(encoding="utf-8"), target.read_text(encoding="utf-8"))
    assert (n, m) == (max(k for p in plain for k in p.source_indices) + 1,
                      max(k for p in plain for k in p.target_indices) + 1)


def test_review_with_embeddings_records_the_model(random_encoder: Path, tmp_path: Path, no_network: None) -> None:
    result = runner.invoke(app, ["review", str(CASE), "--out", str(tmp_path), "--embeddings", str(random_encoder)])
    assert result.exit_code == 0, result.output
    [scores] = list(tmp_path.glob("*/*/scores.json"))
    assert "Reviewed" in result.stdout and scores.is_file()
    from mtreview.history import open_history

    with open_history(tmp_path / "history.sqlite", create=False) as store:
        [run] = store.runs()
    assert run.config["embeddings"] == str(random_encoder)


def test_review_of_pairs_aligned_already_loads_no_model(random_encoder: Path, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch, no_network: None) -> None:
    """A table holds its pairs aligned: --embeddings would do nothing there, so the model is not loaded, a note
    says so, and the run does not record it as the model the pairs were aligned with."""
    import mtreview.align.embeddings

    monkeypatch.setattr(mtreview.align.embeddings, "load_encoder",
                        lambda *args, **kwargs: pytest.fail("a model was loaded for pairs aligned already"))
    table = tmp_path / "pairs.tsv"
    table.write_text("id\tsource\ttarget\n1\t中方愿继续提供支持。\tChina will continue to provide support.\n",
                     encoding="utf-8")
    result = runner.invoke(app, ["review", str(table), "--out", str(tmp_path / "reports"),
                                 "--embeddings", str(random_encoder)])
    assert result.exit_code == 0, result.output
    assert f"--embeddings is not used: {table} holds pairs aligned already" in result.stderr
    from mtreview.history import open_history

    with open_history(tmp_path / "reports" / "history.sqlite", create=False) as store:
        [run] = store.runs()
    assert not run.config.get("embeddings")


@pytest.mark.parametrize("command", [["align", str(CASE / "source.zh.txt"), str(CASE / "target.en.txt")],
                                     ["review", str(CASE), "--no-history"]], ids=["align", "review"])
def test_missing_model_is_one_line_and_exit_2(command: list[str], tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch, no_network: None) -> None:
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path / "hub"))
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, [*command, "--embeddings", "nobody/no-such-encoder"])
    assert result.exit_code == 2
    assert result.stdout == ""
    [line] = result.stderr.strip().splitlines()
    assert "nobody/no-such-encoder" in line and "huggingface-cli download" in line and str(tmp_path / "hub") in line
    assert not (tmp_path / "reports").exists()
