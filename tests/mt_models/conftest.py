"""Fixtures: a tiny random CTranslate2 model built here, so tests need no downloaded weights.

Its translations are nonsense, but it exercises the real CTranslate2 and SentencePiece
paths: loading, batching, prefixes, scores, splitting and broken-folder errors.
"""

from __future__ import annotations

import random
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import sentencepiece as spm
from ctranslate2.converters.converter import Converter
from ctranslate2.specs import common_spec, transformer_spec

from mt_models.toml_write import dumps

WORDS = ("the pension fund pays a monthly benefit to the insured person after the claim "
         "la caisse verse une pension mensuelle à la personne assurée après la demande "
         "die Kasse zahlt eine monatliche Rente an die versicherte Person nach dem Antrag "
         "birth marriage certificate acte de naissance mariage Geburtsurkunde family allowance "
         "allocations familiales Familienleistungen number date amount form").split()
LANG_TOKENS = ["__en__", "__fr__", "__de__", "__es__"]
D_MODEL, FFN, HEADS = 32, 64, 2


def _corpus(lines: int = 400) -> list[str]:
    rng = random.Random(7)
    out = []
    for _ in range(lines):
        sentence = " ".join(rng.choice(WORDS) for _ in range(rng.randint(3, 12)))
        out.append(sentence.capitalize() + rng.choice([".", "?", "!", ",", ";", " [0]", " 12"]))
    return out


def _train_spm(folder: Path) -> Path:
    text = folder / "corpus.txt"
    text.write_text("\n".join(_corpus()) + "\n", encoding="utf-8")
    spm.SentencePieceTrainer.train(
        input=str(text), model_prefix=str(folder / "sp"), vocab_size=150, model_type="unigram",
        character_coverage=1.0, unk_id=0, bos_id=1, eos_id=2, pad_id=3, minloglevel=2,
        num_threads=1)
    return folder / "sp.model"


class _RandomConverter(Converter):
    """Fills a small TransformerSpec with seeded random weights."""

    def __init__(self, vocabulary: list[str]) -> None:
        self.vocabulary = vocabulary

    def _load(self) -> transformer_spec.TransformerSpec:
        rng = np.random.default_rng(11)
        spec = transformer_spec.TransformerSpec.from_config((1, 1), HEADS)
        v = len(self.vocabulary)

        _unit_layer_norms(spec)
        emb = rng.normal(0, 0.3, (v, D_MODEL)).astype(np.float32)
        spec.encoder.embeddings[0].weight = emb
        spec.decoder.embeddings.weight = emb
        spec.decoder.projection.weight = emb
        spec.decoder.projection.bias = np.zeros(v, np.float32)
        for layer in [*spec.encoder.layer, *spec.decoder.layer]:
            _attention(layer.self_attention, rng, fused=3)
            if hasattr(layer, "attention"):
                _attention(layer.attention, rng, fused=0)
            _linear(layer.ffn.linear_0, rng, FFN, D_MODEL)
            _linear(layer.ffn.linear_1, rng, D_MODEL, FFN)
        spec.register_source_vocabulary(self.vocabulary)
        spec.register_target_vocabulary(self.vocabulary)
        spec.config.unk_token, spec.config.bos_token = "<unk>", "<s>"
        spec.config.eos_token, spec.config.decoder_start_token = "</s>", "<s>"
        return spec


def _unit_layer_norms(node: Any) -> None:
    """Set every layer norm of the spec tree to the identity (gamma 1, beta 0)."""
    for child in vars(node).values():
        if isinstance(child, list):
            for item in child:
                _unit_layer_norms(item)
        elif isinstance(child, common_spec.LayerNormSpec):
            child.gamma = np.ones(D_MODEL, np.float32)
            child.beta = np.zeros(D_MODEL, np.float32)
        elif hasattr(child, "__dict__") and not isinstance(child, np.ndarray | str):
            _unit_layer_norms(child)


def _linear(spec: Any, rng: np.random.Generator, out_dim: int, in_dim: int) -> None:
    spec.weight = rng.normal(0, 0.2, (out_dim, in_dim)).astype(np.float32)
    spec.bias = np.zeros(out_dim, np.float32)


def _attention(spec: Any, rng: np.random.Generator, fused: int) -> None:
    if fused == 3:  # self-attention: fused QKV, then output
        _linear(spec.linear[0], rng, 3 * D_MODEL, D_MODEL)
    else:  # cross-attention: Q, fused KV, output
        _linear(spec.linear[0], rng, D_MODEL, D_MODEL)
        _linear(spec.linear[1], rng, 2 * D_MODEL, D_MODEL)
    _linear(spec.linear[-1], rng, D_MODEL, D_MODEL)


def manifest_data(name: str, sources: list[str], targets: list[str], **extra: Any) -> dict:
    """A complete manifest mapping for a fixture model."""
    data: dict[str, Any] = {
        "name": name, "version": "0.1", "kind": "bilingual", "source_languages": sources,
        "target_languages": targets, "architecture": "Transformer, 1+1 layers, random weights",
        "quantization": "int8", "source_spm": "source.spm", "target_spm": "target.spm",
        "target_prefix": "", "size_bytes": 0,
        "license": {"model": "CC0-1.0", "data": "none", "attribution": "test fixture"},
        "origin": {"trained_by": "tests", "training_data": ["random"], "trained_on": "2026-11-23"},
        "training": {"seconds": 0, "steps": 0, "epochs": 0, "threads": 1, "device": "cpu"},
        "scores": [{"test_set": "none", "lines": 0, "beam_size": 1, "bleu": 0.0, "chrf": 1.0}],
    }
    data.update(extra)
    return data


@pytest.fixture(scope="session")
def tiny_ct2(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A CTranslate2 model folder (no manifest) with its SentencePiece model as source/target.spm."""
    work = tmp_path_factory.mktemp("tiny-build")
    sp_model = _train_spm(work)
    sp = spm.SentencePieceProcessor(model_file=str(sp_model))
    vocab = [sp.id_to_piece(i) for i in range(sp.get_piece_size())] + LANG_TOKENS
    out = work / "ct2"
    _RandomConverter(vocab).convert(str(out), quantization="int8", force=True)
    shutil.copy(sp_model, out / "source.spm")
    shutil.copy(sp_model, out / "target.spm")
    return out


@pytest.fixture
def make_model(tiny_ct2: Path, tmp_path: Path) -> Callable[..., Path]:
    """Factory: copy the tiny model into `<tmp>/models/<name>` with a manifest; return the folder."""

    def make(name: str, sources: list[str], targets: list[str], *, root: Path | None = None,
             **extra: Any) -> Path:
        folder = (root or tmp_path / "models") / name
        shutil.copytree(tiny_ct2, folder)
        (folder / "manifest.toml").write_text(dumps(manifest_data(name, sources, targets, **extra)),
                                              encoding="utf-8")
        return folder

    return make
