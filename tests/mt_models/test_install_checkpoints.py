"""The production model path on the checkpoints an operator downloads (issue 13).

Each test builds a tiny random-weight model of a real architecture with `transformers`
(MarianMT as OPUS-MT ships it: source.spm, target.spm, vocab.json; M2M100 and NLLB with
their language-code tokens), saves it the way a downloaded checkpoint looks, installs it
with scripts/install_model.py, then translates through `mt_models.Engine`.

The weights are random, so the text is noise; what is checked is the path. The reference
is `transformers` itself: greedy `generate()` on the original checkpoint, decoded by its
own tokenizer, must give exactly the engine's draft. Any slip in tokenisation (pieces,
language tokens, end of sentence), in the forced target prefix or in detokenisation
changes the output. The installed model must also win over the shipped model of its pair.
"""

from __future__ import annotations

import importlib.util
import json
import random
import shutil
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import sentencepiece as spm
import torch
from transformers import (
    M2M100Config,
    M2M100ForConditionalGeneration,
    M2M100Tokenizer,
    MarianConfig,
    MarianMTModel,
    MarianTokenizer,
    NllbTokenizer,
)
from transformers.convert_slow_tokenizer import generate_merges

from mt_models import Catalogue, Engine, EngineOptions
from mt_models.loaded import ModelPool, decoding_limit

REPO = Path(__file__).resolve().parents[2]
SCRIPT = REPO / "scripts" / "install_model.py"
SHIPPED = REPO / "mt_models" / "models"
LICENCE = ["--license-model", "CC0-1.0", "--license-data", "none", "--attribution", "tests",
           "--no-input"]
SENTENCES = ["die Kasse zahlt eine monatliche Rente.", "der Antrag wurde gestern gestellt",
             "die versicherte Person", "Eine Rente für die Familie?"]
TEXT = ("die Kasse zahlt eine monatliche Rente an die versicherte Person nach dem Antrag "
        "la caisse verse une pension mensuelle à la personne assurée après la demande "
        "für Familie famille gestern hier hier? Eine Une.").split()
# Greedy search, no repetition guards, float weights: the engine must match generate() exactly.
OPTIONS = EngineOptions(beam_size=1, compute_type="float32", repetition_penalty=1.0,
                        no_repeat_ngram_size=0)
TINY = {"d_model": 32, "encoder_layers": 1, "decoder_layers": 1, "encoder_attention_heads": 2,
        "decoder_attention_heads": 2, "encoder_ffn_dim": 64, "decoder_ffn_dim": 64,
        "max_position_embeddings": 256, "init_std": 0.4}


@pytest.fixture(scope="module")
def installer() -> ModuleType:
    spec = importlib.util.spec_from_file_location("install_model", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _train_spm(folder: Path, name: str, model_type: str = "unigram", **ids: int) -> Path:
    rng = random.Random(len(name))
    text = folder / f"{name}.txt"
    text.write_text("\n".join(" ".join(rng.choice(TEXT) for _ in range(rng.randint(3, 10)))
                              for _ in range(400)) + "\n", encoding="utf-8")
    spm.SentencePieceTrainer.train(
        input=str(text), model_prefix=str(folder / name), vocab_size=120, hard_vocab_limit=False,
        model_type=model_type, character_coverage=1.0, minloglevel=2, num_threads=1, **ids)
    text.unlink()
    return folder / f"{name}.model"


def _random_model(model: Any, seed: int) -> Any:
    """Seeded random weights, large enough that greedy choices are never near-ties.

    The padding embedding stays zero, as in trained checkpoints (Marian's decoder starts
    from it, and CTranslate2 relies on that).
    """
    torch.manual_seed(seed)
    with torch.no_grad():
        for param in model.parameters():
            if param.requires_grad:  # not the fixed sinusoidal position tables
                param.normal_(0.0, 0.4)
        model.get_input_embeddings().weight[model.config.pad_token_id].zero_()
    return model.eval()


def _marian_checkpoint(folder: Path) -> tuple[Path, Any, Any]:
    """A de->fr MarianMT checkpoint laid out as Helsinki-NLP/opus-mt-* downloads are."""
    work = folder / "spm"
    work.mkdir(parents=True)
    # OPUS-MT SentencePiece models: </s>=0, <unk>=1, no <s>/<pad>; one vocab.json for both.
    ids = {"eos_id": 0, "unk_id": 1, "bos_id": -1, "pad_id": -1}
    source, target = _train_spm(work, "source", **ids), _train_spm(work, "target", **ids)
    vocab: dict[str, int] = {"</s>": 0, "<unk>": 1}
    for model_file in (source, target):
        sp = spm.SentencePieceProcessor(model_file=str(model_file))
        for i in range(sp.get_piece_size()):
            vocab.setdefault(sp.id_to_piece(i), len(vocab))
    vocab["<pad>"] = len(vocab)
    (work / "vocab.json").write_text(json.dumps(vocab), encoding="utf-8")
    tokenizer = MarianTokenizer(str(source), str(target), str(work / "vocab.json"),
                                source_lang="de", target_lang="fr")
    config = MarianConfig(vocab_size=len(vocab), pad_token_id=vocab["<pad>"], eos_token_id=0,
                          decoder_start_token_id=vocab["<pad>"], scale_embedding=True,
                          share_encoder_decoder_embeddings=True, **TINY)
    model = _random_model(MarianMTModel(config), seed=1)
    # As in every OPUS-MT config: <pad> only starts the decoder and is never generated.
    model.generation_config.bad_words_ids = [[vocab["<pad>"]]]
    checkpoint = folder / "opus-mt-de-fr"
    model.save_pretrained(checkpoint)
    tokenizer.save_pretrained(checkpoint)
    return checkpoint, model, tokenizer


def _m2m100_checkpoint(folder: Path) -> tuple[Path, Any, Any]:
    """A facebook/m2m100-style checkpoint: vocab.json + sentencepiece.bpe.model, __xx__ codes."""
    work = folder / "spm"
    work.mkdir(parents=True)
    model_file = _train_spm(work, "m2m", model_type="bpe")
    vocab, _ = _bpe_vocab(model_file)
    (work / "vocab.json").write_text(json.dumps(vocab), encoding="utf-8")
    tokenizer = M2M100Tokenizer(str(work / "vocab.json"), str(model_file), src_lang="de",
                                tgt_lang="fr")
    # Like facebook/m2m100_418M: the pieces, the __xx__ codes, then 8 "madeupword" slots.
    size = len(tokenizer.encoder) + len(tokenizer.lang_token_to_id) + tokenizer.num_madeup_words
    return _save_m2m100(folder / "m2m100-tiny", tokenizer, size, seed=2)


def _nllb_checkpoint(folder: Path) -> tuple[Path, Any, Any]:
    """A facebook/nllb-200-style checkpoint: model_type m2m_100, NllbTokenizer, deu_Latn codes."""
    work = folder / "spm"
    work.mkdir(parents=True)
    model_file = _train_spm(work, "nllb", model_type="bpe")
    pieces, merges = _bpe_vocab(model_file)
    tokenizer = NllbTokenizer(vocab=pieces, merges=merges, src_lang="deu_Latn", tgt_lang="fra_Latn")
    found = _save_m2m100(folder / "nllb-200-tiny", tokenizer,
                         max(tokenizer.get_vocab().values()) + 1, seed=3)
    # The real downloads ship the SentencePiece model beside tokenizer.json.
    shutil.copy(model_file, found[0] / "sentencepiece.bpe.model")
    return found


def _save_m2m100(checkpoint: Path, tokenizer: Any, vocab_size: int, seed: int
                 ) -> tuple[Path, Any, Any]:
    """A tiny M2M100ForConditionalGeneration (the class of M2M100 and NLLB), saved with its tokenizer."""
    config = M2M100Config(vocab_size=vocab_size, pad_token_id=1, bos_token_id=0, eos_token_id=2,
                          decoder_start_token_id=2, scale_embedding=True, **TINY)
    model = _random_model(M2M100ForConditionalGeneration(config), seed=seed)
    model.save_pretrained(checkpoint)
    tokenizer.save_pretrained(checkpoint)
    return checkpoint, model, tokenizer


def _bpe_vocab(model_file: Path) -> tuple[dict[str, int], list[tuple[str, str]]]:
    """The fairseq-ordered NLLB vocabulary (<s> <pad> </s> <unk>, then the pieces) and merges."""
    sp = spm.SentencePieceProcessor(model_file=str(model_file))
    vocab = {"<s>": 0, "<pad>": 1, "</s>": 2, "<unk>": 3}
    for i in range(sp.get_piece_size()):
        vocab.setdefault(sp.id_to_piece(i), len(vocab))
    return vocab, generate_merges(vocab)


def _reference(model: Any, tokenizer: Any, texts: list[str], max_new_tokens: int,
               **generate: Any) -> list[str]:
    """What transformers itself translates (greedy), decoded by the checkpoint's tokenizer.

    Language codes the model emits again are not text (transformers 5 no longer counts
    M2M100's as special tokens, so they are dropped here, as the engine drops them).
    """
    batch = tokenizer(texts, return_tensors="pt", padding=True)
    with torch.no_grad():
        out = model.generate(**batch, num_beams=1, do_sample=False,
                             max_new_tokens=max_new_tokens, **generate)
    codes = set(getattr(tokenizer, "lang_token_to_id", {}).values())
    rows = [[i for i in row.tolist() if i not in codes] for row in out]
    return [" ".join(t.split()) for t in tokenizer.batch_decode(rows, skip_special_tokens=True)]


def _engine(dest: Path) -> Engine:
    return Engine(Catalogue.load([SHIPPED, dest]), OPTIONS, pool=ModelPool(OPTIONS))


def _install(installer: ModuleType, checkpoint: Path, dest: Path, name: str, *langs: str) -> None:
    code = installer.main([str(checkpoint), "--dest", str(dest), "--name", name,
                           "--quantization", "float32", *langs, *LICENCE])
    assert code == 0


def _limit(engine: Engine, source: str, target: str) -> int:
    """The decoding limit the engine gives the longest of SENTENCES (generated tokens)."""
    model = engine.pool.get(engine.route(source, target)[0].model)
    return decoding_limit(model.encode(SENTENCES, source, target))


class TestMarianCheckpoint:
    def test_opus_mt_checkpoint_translates_like_transformers(
            self, installer: ModuleType, tmp_path: Path) -> None:
        checkpoint, model, tokenizer = _marian_checkpoint(tmp_path / "download")
        assert {"source.spm", "target.spm", "vocab.json", "config.json"} <= {
            p.name for p in checkpoint.iterdir()}
        dest = tmp_path / "models"
        _install(installer, checkpoint, dest, "opus-mt-de-fr", "--source-lang", "de",
                 "--target-lang", "fr")

        engine = _engine(dest)
        # The operator's model wins over the shipped demonstration model of the pair.
        assert [leg.model.name for leg in engine.route("de", "fr")] == ["opus-mt-de-fr"]
        installed = engine.catalogue.get("opus-mt-de-fr")
        assert installed.source_suffix == "</s>" and installed.target_prefix == ""
        loaded = engine.pool.get(installed)
        assert loaded.encode(["die Kasse"], "de", "fr")[0] == [
            *tokenizer.convert_ids_to_tokens(tokenizer("die Kasse").input_ids)]

        drafts = engine.translate_batch(SENTENCES, source="de", target="fr")
        # Marian's generate() spends its last step on the forced </s>: one step more.
        expected = _reference(model, tokenizer, SENTENCES, _limit(engine, "de", "fr") + 1)
        assert [d.text for d in drafts] == expected
        assert all(d.model == "opus-mt-de-fr" and d.origin == "mt" for d in drafts)
        assert not any("▁" in d.text or "</s>" in d.text or "<pad>" in d.text for d in drafts)


class TestMultilingualCheckpoints:
    def test_m2m100_checkpoint_uses_its_language_tokens(
            self, installer: ModuleType, tmp_path: Path) -> None:
        checkpoint, model, tokenizer = _m2m100_checkpoint(tmp_path / "download")
        dest = tmp_path / "models"
        _install(installer, checkpoint, dest, "m2m100-tiny", "--source-lang", "de",
                 "--source-lang", "fr", "--target-lang", "de", "--target-lang", "fr")

        engine = _engine(dest)
        installed = engine.catalogue.get("m2m100-tiny")
        assert installed.kind == "multilingual"
        assert [leg.model.name for leg in engine.route("de", "fr")] == ["m2m100-tiny"]
        loaded = engine.pool.get(installed)
        tokenizer.src_lang = "de"
        assert loaded.encode(["die Kasse"], "de", "fr")[0] == tokenizer.convert_ids_to_tokens(
            tokenizer("die Kasse").input_ids)
        assert installed.target_prefix_tokens("fr") == ["__fr__"]

        drafts = engine.translate_batch(SENTENCES, source="de", target="fr")
        expected = _reference(model, tokenizer, SENTENCES, _limit(engine, "de", "fr"),
                              forced_bos_token_id=tokenizer.get_lang_id("fr"))
        assert [d.text for d in drafts] == expected
        assert not any("__fr__" in d.text or "__de__" in d.text for d in drafts)

    def test_nllb_checkpoint_uses_flores_codes(
            self, installer: ModuleType, tmp_path: Path) -> None:
        checkpoint, model, tokenizer = _nllb_checkpoint(tmp_path / "download")
        dest = tmp_path / "models"
        _install(installer, checkpoint, dest, "nllb-200-tiny", "--source-lang", "de",
                 "--source-lang", "fr", "--target-lang", "de", "--target-lang", "fr")

        engine = _engine(dest)
        installed = engine.catalogue.get("nllb-200-tiny")
        assert installed.model_code("fr") == "fra_Latn"
        assert installed.target_prefix_tokens("fr") == ["fra_Latn"]
        loaded = engine.pool.get(installed)
        assert loaded.encode(["die Kasse"], "de", "fr")[0] == tokenizer.convert_ids_to_tokens(
            tokenizer("die Kasse").input_ids)

        drafts = engine.translate_batch(SENTENCES, source="de", target="fr")
        expected = _reference(model, tokenizer, SENTENCES, _limit(engine, "de", "fr"),
                              forced_bos_token_id=tokenizer.convert_tokens_to_ids("fra_Latn"))
        assert [d.text for d in drafts] == expected
        assert all(d.model == "nllb-200-tiny" for d in drafts)
