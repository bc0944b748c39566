"""A compact pre-norm Transformer encoder-decoder whose layout mirrors ctranslate2.specs."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass

import torch
import torch.nn.functional as F
from torch import nn


@dataclass
class ModelConfig:
    """Hyper-parameters of the Transformer (stored in checkpoints)."""

    vocab_size: int = 8000
    d_model: int = 256
    heads: int = 4
    ffn: int = 1024
    enc_layers: int = 3
    dec_layers: int = 3
    dropout: float = 0.1
    max_positions: int = 512
    pad_id: int = 3

    def to_dict(self) -> dict:
        """Return the config as a plain dict."""
        return asdict(self)


def sinusoidal_table(positions: int, dim: int) -> torch.Tensor:
    """Sinusoidal position encodings, [sin | cos] halves (exported explicitly to CT2)."""
    half = dim // 2
    freq = torch.exp(-math.log(10000.0) * torch.arange(half, dtype=torch.float32) / (half - 1))
    angles = torch.arange(positions, dtype=torch.float32)[:, None] * freq[None, :]
    return torch.cat([torch.sin(angles), torch.cos(angles)], dim=1)


class Attention(nn.Module):
    """Multi-head attention with fused QKV (self) or fused KV (cross), as CT2 stores them."""

    def __init__(self, d: int, heads: int, dropout: float, self_attention: bool) -> None:
        super().__init__()
        self.heads = heads
        self.dropout = dropout
        self.self_attention = self_attention
        if self_attention:
            self.qkv = nn.Linear(d, 3 * d)
        else:
            self.q = nn.Linear(d, d)
            self.kv = nn.Linear(d, 2 * d)
        self.out = nn.Linear(d, d)

    def forward(self, x: torch.Tensor, memory: torch.Tensor | None = None,
                mask: torch.Tensor | None = None, causal: bool = False) -> torch.Tensor:
        """Attend from x to itself (memory None) or to memory."""
        b, t, d = x.shape
        if memory is None:
            q, k, v = self.qkv(x).chunk(3, dim=-1)
        else:
            q = self.q(x)
            k, v = self.kv(memory).chunk(2, dim=-1)

        def split(z: torch.Tensor) -> torch.Tensor:
            return z.view(b, -1, self.heads, d // self.heads).transpose(1, 2)

        y = F.scaled_dot_product_attention(
            split(q), split(k), split(v), attn_mask=mask,
            dropout_p=self.dropout if self.training else 0.0, is_causal=causal)
        return self.out(y.transpose(1, 2).reshape(b, t, d))


class FeedForward(nn.Module):
    """Pre-norm ReLU feed-forward block."""

    def __init__(self, d: int, ffn: int, dropout: float) -> None:
        super().__init__()
        self.norm = nn.LayerNorm(d)
        self.linear_0 = nn.Linear(d, ffn)
        self.linear_1 = nn.Linear(ffn, d)
        self.dropout = nn.Dropout(dropout)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Return the residual branch (not added to x)."""
        return self.linear_1(self.dropout(F.relu(self.linear_0(self.norm(x)))))


class EncoderLayer(nn.Module):
    """Pre-norm encoder layer."""

    def __init__(self, cfg: ModelConfig) -> None:
        super().__init__()
        self.self_norm = nn.LayerNorm(cfg.d_model)
        self.self_attn = Attention(cfg.d_model, cfg.heads, cfg.dropout, True)
        self.ffn = FeedForward(cfg.d_model, cfg.ffn, cfg.dropout)
        self.dropout = nn.Dropout(cfg.dropout)

    def forward(self, x: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        """Run one layer."""
        x = x + self.dropout(self.self_attn(self.self_norm(x), mask=mask))
        return x + self.dropout(self.ffn(x))


class DecoderLayer(nn.Module):
    """Pre-norm decoder layer."""

    def __init__(self, cfg: ModelConfig) -> None:
        super().__init__()
        self.self_norm = nn.LayerNorm(cfg.d_model)
        self.self_attn = Attention(cfg.d_model, cfg.heads, cfg.dropout, True)
        self.cross_norm = nn.LayerNorm(cfg.d_model)
        self.cross_attn = Attention(cfg.d_model, cfg.heads, cfg.dropout, False)
        self.ffn = FeedForward(cfg.d_model, cfg.ffn, cfg.dropout)
        self.dropout = nn.Dropout(cfg.dropout)

    def forward(self, y: torch.Tensor, memory: torch.Tensor, mem_mask: torch.Tensor) -> torch.Tensor:
        """Run one layer (causal self-attention, then attention to the encoder)."""
        y = y + self.dropout(self.self_attn(self.self_norm(y), causal=True))
        y = y + self.dropout(self.cross_attn(self.cross_norm(y), memory, mask=mem_mask))
        return y + self.dropout(self.ffn(y))


class Transformer(nn.Module):
    """Encoder-decoder with one embedding matrix shared by encoder, decoder and output layer."""

    def __init__(self, cfg: ModelConfig) -> None:
        super().__init__()
        self.cfg = cfg
        self.embed = nn.Embedding(cfg.vocab_size, cfg.d_model, padding_idx=cfg.pad_id)
        nn.init.normal_(self.embed.weight, 0.0, cfg.d_model ** -0.5)
        with torch.no_grad():
            self.embed.weight[cfg.pad_id].zero_()
        self.register_buffer("positions", sinusoidal_table(cfg.max_positions, cfg.d_model),
                             persistent=False)
        self.encoder = nn.ModuleList(EncoderLayer(cfg) for _ in range(cfg.enc_layers))
        self.enc_norm = nn.LayerNorm(cfg.d_model)
        self.decoder = nn.ModuleList(DecoderLayer(cfg) for _ in range(cfg.dec_layers))
        self.dec_norm = nn.LayerNorm(cfg.d_model)
        self.out_bias = nn.Parameter(torch.zeros(cfg.vocab_size))
        self.dropout = nn.Dropout(cfg.dropout)
        for name, p in self.named_parameters():
            if p.dim() == 2 and not name.startswith("embed"):
                nn.init.xavier_uniform_(p)

    def _embed(self, ids: torch.Tensor) -> torch.Tensor:
        # CT2 scales embeddings by sqrt(d_model) (scale_embeddings=True), so do we.
        x = self.embed(ids) * math.sqrt(self.cfg.d_model) + self.positions[: ids.size(1)]
        return self.dropout(x)

    def encode(self, src: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """Encode source ids (B, S); return memory and the key-padding mask (B, 1, 1, S)."""
        mask = (src != self.cfg.pad_id)[:, None, None, :]
        x = self._embed(src)
        for layer in self.encoder:
            x = layer(x, mask)
        return self.enc_norm(x), mask

    def decode_hidden(self, tgt_in: torch.Tensor, memory: torch.Tensor,
                      mask: torch.Tensor) -> torch.Tensor:
        """Return final decoder states for target input ids (B, T)."""
        y = self._embed(tgt_in)
        for layer in self.decoder:
            y = layer(y, memory, mask)
        return self.dec_norm(y)

    def logits(self, hidden: torch.Tensor) -> torch.Tensor:
        """Project decoder states to the (tied) vocabulary."""
        return F.linear(hidden, self.embed.weight, self.out_bias)

    def loss(self, src: torch.Tensor, tgt_in: torch.Tensor, tgt_out: torch.Tensor,
             smoothing: float) -> tuple[torch.Tensor, int]:
        """Label-smoothed cross-entropy summed over non-pad target tokens, and their count."""
        memory, mask = self.encode(src)
        hidden = self.decode_hidden(tgt_in, memory, mask)
        keep = tgt_out != self.cfg.pad_id
        # Projecting only real tokens skips the vocabulary matmul on padding.
        logits = self.logits(hidden[keep])
        loss = F.cross_entropy(logits, tgt_out[keep], label_smoothing=smoothing, reduction="sum")
        return loss, int(keep.sum())

    @torch.no_grad()
    def greedy(self, src: torch.Tensor, bos: int, eos: int, max_len: int = 100) -> list[list[int]]:
        """Greedy decoding, used to check the CTranslate2 export against PyTorch."""
        memory, mask = self.encode(src)
        out = torch.full((src.size(0), 1), bos, dtype=torch.long)
        done = torch.zeros(src.size(0), dtype=torch.bool)
        for _ in range(max_len):
            hidden = self.decode_hidden(out, memory, mask)[:, -1]
            nxt = self.logits(hidden).argmax(-1)
            nxt = torch.where(done, torch.full_like(nxt, self.cfg.pad_id), nxt)
            out = torch.cat([out, nxt[:, None]], dim=1)
            done |= nxt == eos
            if bool(done.all()):
                break
        result = []
        for row in out[:, 1:].tolist():
            result.append([t for t in row if t != self.cfg.pad_id and t != eos][: max_len]
                          if eos not in row else row[: row.index(eos)])
        return result
