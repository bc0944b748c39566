"""Corpus reading, SentencePiece training and token-based batching."""

from __future__ import annotations

import random
from pathlib import Path

import sentencepiece as spm

# ISO 639-1 -> ISO 639-3 codes used in the corpus file names (eng-fra.tsv, ...).
ISO3 = {
    "ar": "ara", "de": "deu", "en": "eng", "es": "spa", "fr": "fra", "it": "ita",
    "nl": "nld", "pl": "pol", "pt": "por", "ro": "ron", "tr": "tur",
}

PAD_ID, UNK_ID, BOS_ID, EOS_ID = 3, 0, 1, 2


def iso3(lang: str) -> str:
    """Return the ISO 639-3 code of an ISO 639-1 language code."""
    if lang not in ISO3:
        raise SystemExit(f"unknown language code {lang!r}; known: {sorted(ISO3)}")
    return ISO3[lang]


def read_pairs(path: Path, source: str, target: str) -> list[tuple[str, str]]:
    """Read (source, target) pairs from a `xxx-yyy.tsv` file, whichever column order it has."""
    langs = path.name.split(".")[0].split("-")
    try:
        si, ti = langs.index(iso3(source)), langs.index(iso3(target))
    except ValueError:
        raise SystemExit(f"{path.name} does not hold {source}/{target} (columns {langs})") from None
    pairs = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            cols = line.rstrip("\n").split("\t")
            # Extra columns (eng-nld.tsv has an attribution column) are ignored.
            if len(cols) < 2:
                continue
            src, tgt = cols[si].strip(), cols[ti].strip()
            if src and tgt:
                pairs.append((src, tgt))
    return pairs


def test_set_paths(corpora: Path, source: str, target: str) -> tuple[Path, Path]:
    """Return the Tatoeba test files (source, reference) for a language pair."""
    a, b = iso3(source), iso3(target)
    folder = corpora / "test" / "tatoeba" / "-".join(sorted([a, b]))
    stem = "tatoeba-test-v2021-08-07"
    return folder / f"{stem}.{a}", folder / f"{stem}.{b}"


def train_sentencepiece(pairs: list[tuple[str, str]], prefix: Path, vocab_size: int,
                        threads: int) -> Path:
    """Train one shared unigram SentencePiece model on both sides; return the .model path."""
    text = prefix.with_suffix(".txt")
    with text.open("w", encoding="utf-8") as handle:
        for src, tgt in pairs:
            handle.write(src + "\n" + tgt + "\n")
    spm.SentencePieceTrainer.train(
        input=str(text), model_prefix=str(prefix), vocab_size=vocab_size,
        model_type="unigram", character_coverage=0.9999,
        unk_id=UNK_ID, bos_id=BOS_ID, eos_id=EOS_ID, pad_id=PAD_ID,
        input_sentence_size=1_000_000, shuffle_input_sentence=True,
        num_threads=threads, minloglevel=2,
    )
    text.unlink()
    return prefix.with_suffix(".model")


def encode_pairs(sp: spm.SentencePieceProcessor, pairs: list[tuple[str, str]],
                 max_len: int) -> list[tuple[list[int], list[int]]]:
    """Encode pairs to ids, dropping pairs longer than max_len pieces on either side."""
    srcs = sp.encode([p[0] for p in pairs])
    tgts = sp.encode([p[1] for p in pairs])
    return [(s, t) for s, t in zip(srcs, tgts, strict=True) if 0 < len(s) <= max_len and 0 < len(t) < max_len]


def make_batches(data: list[tuple[list[int], list[int]]], max_tokens: int,
                 seed: int) -> list[list[int]]:
    """Group example indices into batches of about max_tokens padded tokens, sorted by length.

    Sorting by length (with a little noise so batches change between epochs) keeps
    padding, which is pure wasted CPU time, close to zero.
    """
    rng = random.Random(seed)
    order = sorted(range(len(data)),
                   key=lambda i: (len(data[i][1]) + rng.random() * 2, len(data[i][0])))
    batches: list[list[int]] = []
    cur: list[int] = []
    cur_max = 0
    for i in order:
        longest = max(cur_max, len(data[i][0]), len(data[i][1]) + 1)
        if cur and longest * (len(cur) + 1) > max_tokens:
            batches.append(cur)
            cur, longest = [], max(len(data[i][0]), len(data[i][1]) + 1)
        cur.append(i)
        cur_max = longest
    if cur:
        batches.append(cur)
    rng.shuffle(batches)
    return batches
