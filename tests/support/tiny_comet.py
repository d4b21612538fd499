"""Build tiny COMET models offline, for tests and benchmarks.

A randomly initialised XLM-RoBERTa-shaped encoder (a few layers, hidden size 32 by default) with a
sentencepiece tokenizer trained here on a handful of zh/en news sentences, wrapped in three COMET
model kinds and saved in COMET's checkpoint layout (`hparams.yaml`, `checkpoints/model.ckpt`):

- `da`: RegressionMetric shaped like wmt22-comet-da (src, mt, ref);
- `kiwi`: UnifiedMetric on [mt, src] shaped like wmt22-cometkiwi-da (no reference);
- `xcomet`: XCOMETMetric (scores plus error spans).

The scores mean nothing: the point is to run the real `comet.load_from_checkpoint` and `predict`
code with no network. `python tests/support/tiny_comet.py OUT [--layers 24 --hidden 1024]` builds a model
of any shape (benchmarks/comet_speed.py uses wmt22-comet-da's shape).
"""

from __future__ import annotations

import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

from mtreview.huggingface import hub_offline

hub_offline()  # before transformers / huggingface_hub are imported: never reach for the network

ZH = [
    "两国元首决定，将双边关系定位提升为全天候全面战略伙伴关系。",
    "中方愿继续为白方抗击新冠肺炎疫情提供支持和帮助。",
    "丁薛祥、杨洁篪、王毅、何立峰等参加会见。",
    "习近平在撒马尔罕会见白俄罗斯总统卢卡申科。",
    "双方要加强在联合国、上海合作组织等多边框架内的协调和配合。",
    "这家酒店的早餐很好，房间也很干净。",
    "请在使用前仔细阅读说明书。",
    "会议将于明天上午十点开始。",
]
EN = [
    "The two heads of state decided to upgrade the bilateral relationship to an all-weather "
    "comprehensive strategic partnership.",
    "China will continue to support Belarus in fighting the COVID-19 pandemic.",
    "Ding Xuexiang, Yang Jiechi, Wang Yi and He Lifeng attended the meeting.",
    "Xi Jinping met Belarusian President Alexander Lukashenko in Samarkand.",
    "The two sides should strengthen coordination within the UN and the Shanghai Cooperation Organization.",
    "The breakfast at this hotel is good and the room is clean.",
    "Please read the instructions carefully before use.",
    "The meeting will start at ten o'clock tomorrow morning.",
]
# (src, mt, ref) triples for scoring: zh→en, the direction mtreview reviews.
SAMPLES = [
    {"src": ZH[0], "mt": EN[0], "ref": EN[0]},
    {"src": ZH[1], "mt": "China will help Belarus fight the new crown pneumonia epidemic.", "ref": EN[1]},
    {"src": ZH[2], "mt": "Ding Xuexiang, Yang Jiechi and others attended the meeting.", "ref": EN[2]},
    {"src": ZH[5], "mt": "Breakfast good, room clean.", "ref": EN[5]},
]

DEFAULT_SHAPE = dict(hidden=32, layers=2, heads=2, intermediate=64)
# The shape of xlm-roberta-large, the encoder of wmt22-comet-da and wmt22-cometkiwi-da.
XLMR_LARGE_SHAPE = dict(hidden=1024, layers=24, heads=16, intermediate=4096)


@dataclass(frozen=True)
class TinyComet:
    root: Path
    encoder: Path
    models: dict[str, Path]  # kind -> model folder (holding hparams.yaml and checkpoints/)

    def checkpoint(self, kind: str) -> Path:
        return self.models[kind] / "checkpoints" / "model.ckpt"


def _fast_tokenizer(spm_model: Path):
    """XLMRobertaTokenizerFast over a sentencepiece unigram model, built with `tokenizers` directly.

    transformers' slow→fast converter imports sentencepiece's protobuf module, which clashes with the
    protobuf<5 that unbabel-comet pins; XLM-R's tokenizer graph is simple enough to lay out here.
    """
    import sentencepiece as spm
    from tokenizers import Regex, Tokenizer, decoders, normalizers, pre_tokenizers, processors
    from tokenizers.models import Unigram
    from transformers import XLMRobertaTokenizerFast

    sp = spm.SentencePieceProcessor(model_file=str(spm_model))
    # fairseq's order, which XLM-R keeps: <s> <pad> </s> <unk>, then the pieces, <mask> last.
    pieces = [("<s>", 0.0), ("<pad>", 0.0), ("</s>", 0.0), ("<unk>", 0.0)]
    pieces += [(sp.id_to_piece(i), sp.get_score(i)) for i in range(3, sp.get_piece_size())]
    pieces.append(("<mask>", 0.0))
    tokenizer = Tokenizer(Unigram(pieces, unk_id=3, byte_fallback=False))
    tokenizer.normalizer = normalizers.Sequence([
        normalizers.NFKC(), normalizers.Strip(left=False, right=True),
        normalizers.Replace(Regex(" {2,}"), "\u2581"),
    ])
    tokenizer.pre_tokenizer = pre_tokenizers.Metaspace(replacement="\u2581", prepend_scheme="always")
    tokenizer.decoder = decoders.Metaspace(replacement="\u2581", prepend_scheme="always")
    tokenizer.post_processor = processors.TemplateProcessing(
        single="<s> $A </s>", pair="<s> $A </s> </s> $B </s>", special_tokens=[("<s>", 0), ("</s>", 2)])
    fast = XLMRobertaTokenizerFast(vocab_file=str(spm_model), tokenizer_object=tokenizer)
    fast.model_max_length = 512
    return fast


def build_encoder(folder: Path, shape: dict | None = None, seed: int = 0,
                  corpus_lines: list[str] | None = None, vocab_size: int = 300) -> Path:
    """A Hugging Face model folder: tokenizer files, config.json and random weights.

    Timing runs pass a real corpus and a larger vocabulary, so that sentences split into about as many
    subwords as with XLM-R's own tokenizer (a 300-piece vocabulary splits words into letters).
    """
    import sentencepiece as spm
    import torch
    from transformers import XLMRobertaConfig, XLMRobertaModel

    shape = {**DEFAULT_SHAPE, **(shape or {})}
    folder.mkdir(parents=True, exist_ok=True)
    corpus = folder / "corpus.txt"
    corpus.write_text("\n".join(corpus_lines or (ZH + EN) * 4) + "\n", encoding="utf-8")
    spm.SentencePieceTrainer.train(
        input=str(corpus), model_prefix=str(folder / "sentencepiece.bpe"), model_type="unigram",
        vocab_size=vocab_size, hard_vocab_limit=False,  # a tiny corpus yields fewer pieces; accept them
        character_coverage=1.0,  # every Chinese character gets a piece, so nothing maps to <unk>
        normalization_rule_name="nfkc", minloglevel=2, num_threads=1)
    corpus.unlink()
    (folder / "sentencepiece.bpe.vocab").unlink(missing_ok=True)
    tokenizer = _fast_tokenizer(folder / "sentencepiece.bpe.model")
    tokenizer.save_pretrained(str(folder))
    torch.manual_seed(seed)
    config = XLMRobertaConfig(
        vocab_size=len(tokenizer), hidden_size=shape["hidden"], num_hidden_layers=shape["layers"],
        num_attention_heads=shape["heads"], intermediate_size=shape["intermediate"],
        max_position_embeddings=514,  # XLM-R's: COMET truncates at 512 tokens
        type_vocab_size=1, pad_token_id=tokenizer.pad_token_id,
        bos_token_id=tokenizer.bos_token_id, eos_token_id=tokenizer.eos_token_id)
    XLMRobertaModel(config, add_pooling_layer=False).save_pretrained(str(folder))
    return folder


def _plain(value):
    # hparams must be plain containers: COMET reads the checkpoint with torch.load(weights_only=True).
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def save_checkpoint(model, folder: Path) -> Path:
    import pytorch_lightning
    import torch
    import yaml

    hparams = _plain(dict(model.hparams))
    hparams["load_pretrained_weights"] = False
    (folder / "checkpoints").mkdir(parents=True, exist_ok=True)
    (folder / "hparams.yaml").write_text(yaml.safe_dump(hparams, sort_keys=True), encoding="utf-8")
    path = folder / "checkpoints" / "model.ckpt"
    torch.save({"pytorch-lightning_version": pytorch_lightning.__version__,  # Lightning requires it
                "epoch": 0, "global_step": 0, "state_dict": model.state_dict(),
                "hyper_parameters": hparams}, path)
    return path


def _make_model(kind: str, encoder: Path, layers: int, hidden: int):
    from comet.models import RegressionMetric, UnifiedMetric, XCOMETMetric

    common = dict(encoder_model="XLM-RoBERTa", pretrained_model=str(encoder.resolve()),
                  load_pretrained_weights=True, local_files_only=True, dropout=0.1, batch_size=8,
                  layer_transformation="sparsemax")
    head = [max(hidden * 2, 8), max(hidden, 4)]
    if kind == "da":  # wmt22-comet-da's hparams, scaled down
        return RegressionMetric(**common, layer="mix", layer_norm=False, pool="avg",
                                hidden_sizes=head, final_activation=None)
    if kind == "kiwi":  # wmt22-cometkiwi-da's
        return UnifiedMetric(**common, sent_layer="mix", layer_norm=True, word_layer=layers,
                             input_segments=["mt", "src"], word_level_training=False,
                             hidden_sizes=head, final_activation="Sigmoid")
    if kind == "xcomet":
        return XCOMETMetric(**common, sent_layer="mix", layer_norm=False, word_layer=layers,
                            hidden_sizes=head, final_activation=None)
    raise ValueError(f"unknown tiny COMET kind {kind!r}")


def build(root: Path, kinds=("da", "kiwi", "xcomet"), shape: dict | None = None, seed: int = 0,
          corpus_lines: list[str] | None = None, vocab_size: int = 300) -> TinyComet:
    import torch

    shape = {**DEFAULT_SHAPE, **(shape or {})}
    root = Path(root).resolve()
    encoder = build_encoder(root / "encoder", shape, seed, corpus_lines, vocab_size)
    models = {}
    for kind in kinds:
        torch.manual_seed(seed)
        model = _make_model(kind, encoder, shape["layers"], shape["hidden"])
        save_checkpoint(model, root / kind)
        models[kind] = root / kind
    return TinyComet(root=root, encoder=encoder, models=models)


def install_in_hub_cache(folder: Path, cache: Path, repo_id: str) -> Path:
    """Lay a model folder out as a Hugging Face hub cache entry (refs/main → snapshots/<commit>)."""
    commit = "0123456789abcdef0123456789abcdef01234567"
    repo = Path(cache) / ("models--" + repo_id.replace("/", "--"))
    snapshot = repo / "snapshots" / commit
    shutil.rmtree(snapshot, ignore_errors=True)
    shutil.copytree(folder, snapshot)
    (repo / "refs").mkdir(parents=True, exist_ok=True)
    (repo / "refs" / "main").write_text(commit)
    return snapshot


def set_xcomet_tag_bias(model_folder: Path, label: str, margin: float = 50.0) -> None:
    """Make an XCOMET checkpoint tag every subword with `label` (O, minor, major or critical).

    Random weights tag subwords at random; a large bias on one class of the tagging head makes the
    predicted error spans known in advance, so tests can check how spans become findings.
    """
    import torch

    labels = ["O", "minor", "major", "critical"]
    path = model_folder / "checkpoints" / "model.ckpt"
    checkpoint = torch.load(path, map_location="cpu", weights_only=False)
    state = checkpoint["state_dict"]
    state["hidden2tag.weight"] = torch.zeros_like(state["hidden2tag.weight"])
    bias = torch.zeros_like(state["hidden2tag.bias"])
    bias[labels.index(label)] = margin
    state["hidden2tag.bias"] = bias
    torch.save(checkpoint, path)


def main(argv: list[str]) -> int:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--kinds", default="da,kiwi,xcomet")
    parser.add_argument("--layers", type=int, default=DEFAULT_SHAPE["layers"])
    parser.add_argument("--hidden", type=int, default=DEFAULT_SHAPE["hidden"])
    parser.add_argument("--heads", type=int, default=DEFAULT_SHAPE["heads"])
    parser.add_argument("--intermediate", type=int, default=DEFAULT_SHAPE["intermediate"])
    parser.add_argument("--corpus", type=Path, action="append",
                        help="train the tokenizer on these text files (repeatable)")
    parser.add_argument("--vocab-size", type=int, default=300)
    args = parser.parse_args(argv)
    shape = dict(layers=args.layers, hidden=args.hidden, heads=args.heads, intermediate=args.intermediate)
    lines = [line for path in args.corpus or [] for line in path.read_text(encoding="utf-8").splitlines()]
    built = build(args.out, kinds=tuple(args.kinds.split(",")), shape=shape,
                  corpus_lines=lines or None, vocab_size=args.vocab_size)
    for kind, folder in built.models.items():
        print(f"{kind}: {folder}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
