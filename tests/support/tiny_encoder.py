"""Tiny sentence encoders built offline, saved as Hugging Face model folders, for the embedding tests.

- `build_random_encoder`: a 2-layer BERT (hidden size 32) with random weights and a WordPiece tokenizer
  trained here with `tokenizers` on a few zh/en sentences. Its similarities mean nothing: it runs the
  real loading and encoding code with no network.
- `build_dictionary_encoder`: a BERT with no layers whose word embeddings are one random vector per
  *concept* of a small zh-en dictionary, the same vector for the Chinese characters of a word and for
  its English word (position and type embeddings zero, everything else zero): mean pooling gives a
  bag of concepts, so a sentence and its translation come out close. It is a real model folder that
  transformers' AutoModel loads, with a similarity that carries information.
- `build_sentence_transformers_encoder`: the random BERT saved as a sentence-transformers model with
  CLS pooling, a Dense layer and normalisation (modules.json), as LaBSE is published.
- `fake_hub_cache`: a model folder laid out as the Hugging Face cache keeps a download
  (models--org--name/snapshots/<commit>/, refs/main), so that a model *name* resolves offline.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from mtreview.huggingface import hub_offline

hub_offline()  # before transformers / huggingface_hub are imported: never reach for the network

ZH = [
    "两国元首决定，将双边关系定位提升为全天候全面战略伙伴关系。",
    "中方愿继续为白方抗击新冠肺炎疫情提供支持和帮助。",
    "习近平在撒马尔罕会见白俄罗斯总统卢卡申科。",
    "这家酒店的早餐很好，房间也很干净。",
]
EN = [
    "The two heads of state decided to upgrade the bilateral relationship to an all-weather "
    "comprehensive strategic partnership.",
    "China will continue to support Belarus in fighting the COVID-19 pandemic.",
    "Xi Jinping met Belarusian President Alexander Lukashenko in Samarkand.",
    "The breakfast at this hotel is good and the room is clean.",
]

# concept: (Chinese word, English words). Each Chinese character of the word and each English word gets
# the concept's vector.
DICTIONARY = {
    "farmer": ("农民", ("farmer", "farmers")),
    "market": ("市场", ("market",)),
    "sell": ("卖", ("sell", "sells", "sold")),
    "rice": ("米", ("rice",)),
    "river": ("河", ("river",)),
    "bridge": ("桥", ("bridge",)),
    "build": ("建", ("build", "built")),
    "village": ("村庄", ("village",)),
    "school": ("学校", ("school",)),
    "teacher": ("老师", ("teacher", "teachers")),
    "child": ("孩子", ("children", "child")),
    "book": ("书", ("book", "books")),
    "rain": ("雨", ("rain", "rained")),
    "harvest": ("收成", ("harvest",)),
    "doctor": ("医生", ("doctor",)),
    "hospital": ("医院", ("hospital",)),
    "road": ("路", ("road",)),
    "mountain": ("山", ("mountain", "mountains")),
    "train": ("火车", ("train",)),
    "station": ("站", ("station",)),
    "festival": ("节日", ("festival",)),
    "music": ("音乐", ("music",)),
    "winter": ("冬天", ("winter",)),
    "snow": ("雪", ("snow",)),
}
SPECIAL = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]


def _bert_tokenizer(vocabulary: list[str]):
    """A BERT WordPiece tokenizer over `vocabulary` (Chinese characters split one a token, as BERT does)."""
    from tokenizers import Tokenizer, decoders, normalizers, pre_tokenizers, processors
    from tokenizers.models import WordPiece
    from transformers import BertTokenizerFast

    vocab = {token: number for number, token in enumerate(dict.fromkeys(SPECIAL + vocabulary))}
    tokenizer = Tokenizer(WordPiece(vocab, unk_token="[UNK]"))
    tokenizer.normalizer = normalizers.BertNormalizer(clean_text=True, handle_chinese_chars=True, lowercase=True)
    tokenizer.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    tokenizer.decoder = decoders.WordPiece()
    tokenizer.post_processor = processors.TemplateProcessing(
        single="[CLS] $A [SEP]", pair="[CLS] $A [SEP] $B [SEP]",
        special_tokens=[("[CLS]", vocab["[CLS]"]), ("[SEP]", vocab["[SEP]"])])
    fast = BertTokenizerFast(tokenizer_object=tokenizer, unk_token="[UNK]", pad_token="[PAD]",
                             cls_token="[CLS]", sep_token="[SEP]", mask_token="[MASK]")
    fast.model_max_length = 128
    return fast, vocab


def build_random_encoder(folder: Path, seed: int = 0, *, texts: list[str] | None = None, vocabulary: int = 400,
                         layers: int = 2, hidden: int = 32, heads: int = 2, intermediate: int = 64,
                         max_tokens: int = 128) -> Path:
    """A random BERT and a WordPiece tokenizer trained on `texts` (ZH + EN), saved with save_pretrained:
    tiny by default; benchmarks/align_embeddings_speed.py builds one of LaBSE's shape."""
    import torch
    from tokenizers import Tokenizer, normalizers, pre_tokenizers
    from tokenizers.models import WordPiece
    from tokenizers.trainers import WordPieceTrainer
    from transformers import BertConfig, BertModel

    trainer_model = Tokenizer(WordPiece(unk_token="[UNK]"))
    trainer_model.normalizer = normalizers.BertNormalizer(handle_chinese_chars=True, lowercase=True)
    trainer_model.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    trainer_model.train_from_iterator(texts or (ZH + EN) * 4,
                                      WordPieceTrainer(vocab_size=vocabulary, special_tokens=SPECIAL))
    tokenizer, vocab = _bert_tokenizer(list(trainer_model.get_vocab()))
    tokenizer.model_max_length = max_tokens
    torch.manual_seed(seed)
    config = BertConfig(vocab_size=len(vocab), hidden_size=hidden, num_hidden_layers=layers, num_attention_heads=heads,
                        intermediate_size=intermediate, max_position_embeddings=max_tokens)
    folder.mkdir(parents=True, exist_ok=True)
    BertModel(config).eval().save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    return folder


def build_dictionary_encoder(folder: Path, seed: int = 0, hidden: int = 64) -> Path:
    """A layer-less BERT whose mean-pooled output is a bag of DICTIONARY concepts (see the module doc)."""
    import torch
    from transformers import BertConfig, BertModel

    words: dict[str, str] = {}  # token -> concept
    for concept, (chinese, english) in DICTIONARY.items():
        words.update({char: concept for char in chinese})
        words.update({word: concept for word in english})
    tokenizer, vocab = _bert_tokenizer(sorted(words))
    config = BertConfig(vocab_size=len(vocab), hidden_size=hidden, num_hidden_layers=0, num_attention_heads=2,
                        intermediate_size=hidden, max_position_embeddings=128, hidden_dropout_prob=0.0)
    model = BertModel(config, add_pooling_layer=False).eval()
    generator = torch.Generator().manual_seed(seed)
    concepts = {}
    for concept in DICTIONARY:
        vector = torch.randn(hidden, generator=generator)
        concepts[concept] = (vector - vector.mean()) / vector.std(unbiased=False)  # LayerNorm leaves it as it is
    with torch.no_grad():
        embeddings = model.embeddings
        embeddings.word_embeddings.weight.zero_()
        embeddings.position_embeddings.weight.zero_()
        embeddings.token_type_embeddings.weight.zero_()
        for token, concept in words.items():
            embeddings.word_embeddings.weight[vocab[token]] = concepts[concept]
    folder.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    return folder


def build_sentence_transformers_encoder(folder: Path, seed: int = 0, dense: int = 16) -> Path:
    """A sentence-transformers model folder as LaBSE's is laid out (modules.json): the tiny random BERT,
    CLS pooling, a Dense layer (tanh) to `dense` dimensions, and normalisation. Only that library runs the
    Dense layer, so its vectors have `dense` dimensions where the BERT alone gives 32."""
    import torch
    from sentence_transformers import SentenceTransformer

    try:  # where sentence-transformers 5.7 moved them; `models` before
        from sentence_transformers.sentence_transformer import modules as models
    except ImportError:
        from sentence_transformers import models  # type: ignore[no-redef]

    bert = build_random_encoder(folder.parent / f"{folder.name}-bert", seed)
    word = models.Transformer(str(bert))
    hidden = word.auto_model.config.hidden_size
    torch.manual_seed(seed)
    layers = [word, models.Pooling(hidden, pooling_mode="cls"),
              models.Dense(hidden, dense, activation_function=torch.nn.Tanh()), models.Normalize()]
    SentenceTransformer(modules=layers, device="cpu").save(str(folder))
    shutil.rmtree(bert)
    return folder


def fake_hub_cache(model_folder: Path, cache: Path, repo_id: str, commit: str = "0123456789abcdef") -> Path:
    """`model_folder` copied into `cache` as a downloaded hub repository `repo_id`; returns the cache."""
    repo = cache / ("models--" + repo_id.replace("/", "--"))
    shutil.copytree(model_folder, repo / "snapshots" / commit)
    (repo / "refs").mkdir(parents=True, exist_ok=True)
    (repo / "refs" / "main").write_text(commit, encoding="utf-8")
    return cache
