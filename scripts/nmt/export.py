"""Export the PyTorch Transformer to CTranslate2 by filling a TransformerSpec."""

from __future__ import annotations

from pathlib import Path

import ctranslate2
import numpy as np
import torch
from ctranslate2.converters.converter import Converter
from ctranslate2.specs import common_spec, transformer_spec

from .model import Attention, FeedForward, Transformer


def _np(t: torch.Tensor) -> np.ndarray:
    return t.detach().float().cpu().numpy().copy()


def _linear(spec: common_spec.LinearSpec, module: torch.nn.Linear) -> None:
    spec.weight = _np(module.weight)
    spec.bias = _np(module.bias)


def _norm(spec: common_spec.LayerNormSpec, module: torch.nn.LayerNorm) -> None:
    spec.gamma = _np(module.weight)
    spec.beta = _np(module.bias)


def _attention(spec, module: Attention, norm: torch.nn.LayerNorm) -> None:
    # CT2 layout: self-attention linear[0]=fused QKV, linear[1]=output;
    # cross-attention linear[0]=Q, linear[1]=fused KV, linear[2]=output.
    _norm(spec.layer_norm, norm)
    if module.self_attention:
        _linear(spec.linear[0], module.qkv)
    else:
        _linear(spec.linear[0], module.q)
        _linear(spec.linear[1], module.kv)
    _linear(spec.linear[-1], module.out)


def _ffn(spec, module: FeedForward) -> None:
    _norm(spec.layer_norm, module.norm)
    _linear(spec.linear_0, module.linear_0)
    _linear(spec.linear_1, module.linear_1)


class PasserelleConverter(Converter):
    """Builds a ctranslate2 TransformerSpec from our PyTorch model (no OpenNMT/fairseq needed)."""

    def __init__(self, model: Transformer, vocabulary: list[str]) -> None:
        self.model = model
        self.vocabulary = vocabulary

    def _load(self) -> transformer_spec.TransformerSpec:
        m, cfg = self.model, self.model.cfg
        spec = transformer_spec.TransformerSpec.from_config(
            (cfg.enc_layers, cfg.dec_layers), cfg.heads, pre_norm=True,
            activation=common_spec.Activation.RELU)
        emb = _np(m.embed.weight)
        pos = _np(m.positions)
        enc, dec = spec.encoder, spec.decoder
        enc.embeddings[0].weight = emb
        enc.position_encodings.encodings = pos
        enc.scale_embeddings = True
        for layer_spec, layer in zip(enc.layer, m.encoder, strict=True):
            _attention(layer_spec.self_attention, layer.self_attn, layer.self_norm)
            _ffn(layer_spec.ffn, layer.ffn)
        _norm(enc.layer_norm, m.enc_norm)
        dec.embeddings.weight = emb
        dec.position_encodings.encodings = pos
        dec.scale_embeddings = True
        for layer_spec, layer in zip(dec.layer, m.decoder, strict=True):
            _attention(layer_spec.self_attention, layer.self_attn, layer.self_norm)
            _attention(layer_spec.attention, layer.cross_attn, layer.cross_norm)
            _ffn(layer_spec.ffn, layer.ffn)
        _norm(dec.layer_norm, m.dec_norm)
        # Tied output layer: identical arrays are aliased by spec.optimize(), stored once.
        dec.projection.weight = emb
        dec.projection.bias = _np(m.out_bias)
        spec.register_source_vocabulary(self.vocabulary)
        spec.register_target_vocabulary(self.vocabulary)
        spec.config.unk_token = "<unk>"
        spec.config.bos_token = "<s>"
        spec.config.eos_token = "</s>"
        spec.config.decoder_start_token = "<s>"
        return spec


def export_ct2(model: Transformer, vocabulary: list[str], out_dir: Path,
               quantization: str = "int8") -> Path:
    """Write model.bin, config.json and the vocabulary to out_dir (overwriting it)."""
    model.eval()
    PasserelleConverter(model, vocabulary).convert(str(out_dir), quantization=quantization,
                                                   force=True)
    return out_dir


def load_translator(model_dir: Path, threads: int) -> ctranslate2.Translator:
    """Open an exported model on the CPU with int8 weights."""
    return ctranslate2.Translator(str(model_dir), device="cpu", compute_type="int8",
                                  inter_threads=1, intra_threads=threads)
