#!/usr/bin/env python3
"""Train, export and evaluate a compact bilingual MT model shipped with Passerelle.

Example (background, resumable):
    nohup nice -n 10 .venv/bin/python scripts/train_mt_model.py \
        --train ../shared/corpora/train/eng-fra.tsv --source en --target fr \
        --out mt_models/models/tatoeba-en-fr --max-minutes 60 --threads 2 \
        > /work/train/tatoeba-en-fr.out 2>&1 &

Pipeline: a shared SentencePiece unigram vocabulary, a small pre-norm Transformer
trained on the CPU with PyTorch (label smoothing, Adam with inverse-sqrt warmup,
token-based batches sorted by length, EMA of the weights), export to CTranslate2
int8, BLEU/chrF with sacrebleu on the Tatoeba test set, and a manifest.toml.

We use our own small PyTorch implementation (scripts/nmt/) instead of eole or
OpenNMT-py because it keeps the CPU cost under control on a 2-core machine and
exports cleanly by filling a `ctranslate2.specs.TransformerSpec` directly, with
no converter of another toolkit in between.

Checkpoints live in a work directory outside the repository (default
/work/train/<name>/); rerun with --resume to continue, or with --no-train to
only export/evaluate the latest checkpoint.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import random
import shutil
import sys
import time
from pathlib import Path

import sentencepiece as spm
import torch

sys.path.insert(0, str(Path(__file__).resolve().parent))
from nmt.data import BOS_ID, EOS_ID, PAD_ID, encode_pairs, make_batches, read_pairs, test_set_paths, train_sentencepiece  # noqa: E402
from nmt.export import export_ct2, load_translator  # noqa: E402
from nmt.model import ModelConfig, Transformer  # noqa: E402

REPO = Path(__file__).resolve().parent.parent


def log(msg: str, logfile: Path | None = None) -> None:
    """Print a timestamped progress line to stderr (and the work dir log)."""
    line = f"[{dt.datetime.now(dt.UTC):%H:%M:%S}] {msg}"
    print(line, file=sys.stderr, flush=True)
    if logfile is not None:
        with logfile.open("a", encoding="utf-8") as handle:
            handle.write(line + "\n")


def add_training_args(p: argparse.ArgumentParser) -> None:
    """Options shared with train_multilingual.py: resuming, model shape, optimisation, export."""
    p.add_argument("--resume", action="store_true", help="continue from the work dir checkpoint")
    p.add_argument("--no-train", action="store_true", help="only export and evaluate")
    p.add_argument("--no-export", action="store_true", help="train only")
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--max-minutes", type=float, default=60.0, help="training time of this run")
    p.add_argument("--max-steps", type=int, default=0, help="0 = unlimited")
    p.add_argument("--vocab-size", type=int, default=8000)
    p.add_argument("--layers", type=int, default=3, help="encoder and decoder layers")
    p.add_argument("--dec-layers", type=int, default=0, help="decoder layers if != --layers")
    p.add_argument("--d-model", type=int, default=256)
    p.add_argument("--heads", type=int, default=4)
    p.add_argument("--ffn", type=int, default=1024)
    p.add_argument("--dropout", type=float, default=0.1)
    p.add_argument("--label-smoothing", type=float, default=0.1)
    p.add_argument("--lr", type=float, default=1e-3, help="peak learning rate")
    p.add_argument("--warmup", type=int, default=800)
    p.add_argument("--max-tokens", type=int, default=3000, help="padded tokens per batch")
    p.add_argument("--max-len", type=int, default=64, help="drop longer pairs (pieces)")
    p.add_argument("--ema", type=float, default=0.999, help="EMA decay, 0 disables")
    p.add_argument("--save-minutes", type=float, default=5.0)
    p.add_argument("--log-every", type=int, default=50)
    p.add_argument("--beam", type=int, default=4)
    p.add_argument("--eval-lines", type=int, default=0,
                   help="evaluate on this many evenly spaced test lines (0 = all)")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--bench-steps", type=int, default=0, help="measure speed and exit")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Parse the command line."""
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--train", type=Path, required=True, help="TSV corpus (xxx-yyy.tsv)")
    p.add_argument("--source", required=True, help="ISO 639-1 source language")
    p.add_argument("--target", required=True, help="ISO 639-1 target language")
    p.add_argument("--out", type=Path, required=True, help="model folder to write")
    p.add_argument("--name", help="model name (default tatoeba-<src>-<tgt>)")
    p.add_argument("--work", type=Path, help="checkpoint dir (default /work/train/<name>)")
    p.add_argument("--corpora", type=Path,
                   default=Path(os.environ.get("PASSERELLE_CORPORA_DIR",
                                               REPO.parent / "shared" / "corpora")))
    add_training_args(p)
    args = p.parse_args(argv)
    args.name = args.name or f"tatoeba-{args.source}-{args.target}"
    args.work = args.work or Path("/work/train") / args.name
    return args


def to_tensors(data: list[tuple[list[int], list[int]]], idx: list[int]
               ) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """Pad a batch into source, target-input (<s> y) and target-output (y </s>) tensors."""
    n = len(idx)
    s_len = max(len(data[i][0]) for i in idx)
    t_len = max(len(data[i][1]) for i in idx) + 1
    src = torch.full((n, s_len), PAD_ID, dtype=torch.long)
    tin = torch.full((n, t_len), PAD_ID, dtype=torch.long)
    tout = torch.full((n, t_len), PAD_ID, dtype=torch.long)
    for row, i in enumerate(idx):
        s, t = data[i]
        src[row, : len(s)] = torch.tensor(s)
        tin[row, : len(t) + 1] = torch.tensor([BOS_ID] + t)
        tout[row, : len(t) + 1] = torch.tensor(t + [EOS_ID])
    return src, tin, tout


def lr_at(step: int, peak: float, warmup: int) -> float:
    """Inverse-square-root schedule with linear warmup, peaking at `peak`."""
    step = max(step, 1)
    return peak * min(step / warmup, math.sqrt(warmup / step))


@torch.no_grad()
def dev_loss(model: Transformer, data: list, batches: list[list[int]]) -> float:
    """Mean per-token cross-entropy (no smoothing) on held-out pairs."""
    model.eval()
    total, count = 0.0, 0
    for b in batches:
        loss, n = model.loss(*to_tensors(data, b), smoothing=0.0)
        total, count = total + float(loss), count + n
    model.train()
    return total / max(count, 1)


def save_checkpoint(path: Path, state: dict) -> None:
    """Write a checkpoint atomically so an interrupted save never corrupts --resume."""
    tmp = path.with_suffix(".tmp")
    torch.save(state, tmp)
    os.replace(tmp, path)


def train(args: argparse.Namespace, sp: spm.SentencePieceProcessor, data: list, dev: list,
          logfile: Path) -> None:
    """Train (or resume) until --max-minutes / --max-steps; checkpoints go to the work dir."""
    ckpt_path = args.work / "checkpoint.pt"
    cfg = ModelConfig(vocab_size=sp.get_piece_size(), d_model=args.d_model, heads=args.heads,
                      ffn=args.ffn, enc_layers=args.layers,
                      dec_layers=args.dec_layers or args.layers, dropout=args.dropout,
                      pad_id=PAD_ID)
    state = None
    if args.resume and ckpt_path.exists():
        state = torch.load(ckpt_path, map_location="cpu", weights_only=False)
        cfg = ModelConfig(**state["config"])
    elif ckpt_path.exists() and not args.bench_steps:
        raise SystemExit(f"{ckpt_path} exists: pass --resume (or delete it) to continue")
    torch.manual_seed(args.seed)
    model = Transformer(cfg)
    opt = torch.optim.Adam(model.parameters(), lr=args.lr, betas=(0.9, 0.98), eps=1e-9)
    step, epoch, pos, seconds = 0, 0, 0, 0.0
    ema = [p.detach().clone() for p in model.parameters()] if args.ema else []
    if state is not None:
        model.load_state_dict(state["model"])
        opt.load_state_dict(state["optimizer"])
        step, epoch, pos, seconds = state["step"], state["epoch"], state["pos"], state["seconds"]
        if args.ema and state.get("ema"):
            ema = [t.clone() for t in state["ema"]]
        log(f"resumed at step {step}, epoch {epoch}, batch {pos}", logfile)
    n_params = sum(p.numel() for p in model.parameters())
    log(f"model {cfg.to_dict()} params={n_params:,} train_pairs={len(data):,}", logfile)
    dev_batches = make_batches(dev, args.max_tokens, seed=0)
    params = list(model.parameters())
    model.train()

    def snapshot() -> dict:
        return {"config": cfg.to_dict(), "model": model.state_dict(),
                "optimizer": opt.state_dict(), "ema": ema, "step": step, "epoch": epoch,
                "pos": pos, "seconds": seconds, "train_pairs": len(data),
                "args": {k: str(v) for k, v in vars(args).items()}}

    start = time.monotonic()
    last_save, last_log = start, start
    tok_since, loss_since, tok_count_since = 0, 0.0, 0
    budget = args.max_minutes * 60
    batches = make_batches(data, args.max_tokens, seed=args.seed * 1000 + epoch)
    stop = False
    while not stop:
        if pos >= len(batches):
            epoch, pos = epoch + 1, 0
            batches = make_batches(data, args.max_tokens, seed=args.seed * 1000 + epoch)
            log(f"epoch {epoch} starts ({len(batches)} batches)", logfile)
        src, tin, tout = to_tensors(data, batches[pos])
        pos += 1
        step += 1
        for group in opt.param_groups:
            group["lr"] = lr_at(step, args.lr, args.warmup)
        loss, ntok = model.loss(src, tin, tout, args.label_smoothing)
        opt.zero_grad(set_to_none=True)
        (loss / ntok).backward()
        torch.nn.utils.clip_grad_norm_(params, 1.0)
        opt.step()
        if ema:
            # EMA of the weights is a cheap substitute for checkpoint averaging.
            decay = min(args.ema, (1 + step) / (10 + step))
            torch._foreach_lerp_(ema, [p.detach() for p in params], 1 - decay)
        tok_since += ntok + int((src != PAD_ID).sum())
        loss_since += loss.item()
        tok_count_since += ntok
        now = time.monotonic()
        elapsed = now - start
        if args.bench_steps and step >= args.bench_steps:
            log(f"bench: {step} steps, {tok_since / elapsed:.0f} tok/s (src+tgt), "
                f"{elapsed / step:.3f} s/step, batches/epoch={len(batches)}", logfile)
            return
        if step % args.log_every == 0:
            rate = tok_since / (now - last_log)
            left = budget - elapsed
            if args.max_steps:
                left = min(left, (args.max_steps - step) * (now - last_log) / args.log_every)
            log(f"step {step} epoch {epoch + pos / len(batches):.2f} "
                f"loss {loss_since / tok_count_since:.3f} lr {lr_at(step, args.lr, args.warmup):.2e} "
                f"{rate:.0f} tok/s elapsed {(seconds + elapsed) / 60:.1f} min "
                f"ETA {max(left, 0) / 60:.1f} min", logfile)
            tok_since, loss_since, tok_count_since, last_log = 0, 0.0, 0, now
        stop = elapsed >= budget or bool(args.max_steps and step >= args.max_steps)
        if stop or now - last_save >= args.save_minutes * 60:
            total = seconds + elapsed
            snap = snapshot()
            snap["seconds"] = total
            save_checkpoint(ckpt_path, snap)
            last_save = now
            log(f"checkpoint step {step}: dev loss {dev_loss(model, dev, dev_batches):.3f}",
                logfile)
    log(f"training stopped at step {step}, epoch {epoch + pos / len(batches):.2f}", logfile)


def load_for_export(args: argparse.Namespace, dev: list, logfile: Path) -> tuple[Transformer, dict]:
    """Load the checkpoint; keep the EMA weights when they score better on the dev set."""
    state = torch.load(args.work / "checkpoint.pt", map_location="cpu", weights_only=False)
    model = Transformer(ModelConfig(**state["config"]))
    model.load_state_dict(state["model"])
    batches = make_batches(dev, args.max_tokens, seed=0)
    raw = dev_loss(model, dev, batches)
    if state.get("ema"):
        backup = [p.detach().clone() for p in model.parameters()]
        with torch.no_grad():
            for p, e in zip(model.parameters(), state["ema"], strict=True):
                p.copy_(e)
        ema = dev_loss(model, dev, batches)
        log(f"dev loss raw {raw:.4f}, EMA {ema:.4f}", logfile)
        if ema > raw:
            with torch.no_grad():
                for p, b in zip(model.parameters(), backup, strict=True):
                    p.copy_(b)
    model.eval()
    return model, state


def translate(translator, sp: spm.SentencePieceProcessor, lines: list[str], beam: int) -> list[str]:
    """Translate raw sentences with CTranslate2 (SentencePiece in and out)."""
    tokens = sp.encode(lines, out_type=str)
    results = translator.translate_batch(tokens, beam_size=beam, max_batch_size=2048,
                                         batch_type="tokens", max_decoding_length=128)
    return [sp.decode(r.hypotheses[0]) for r in results]


def folder_size(path: Path) -> int:
    """Total size in bytes of the files in a folder."""
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def write_manifest(args: argparse.Namespace, state: dict, cfg: ModelConfig, scores: dict,
                   pairs: int) -> None:
    """Write manifest.toml in the format read by the model catalogue."""
    rel = args.train.resolve()
    try:
        rel_s = str(rel.relative_to(REPO.parent))
    except ValueError:
        rel_s = str(rel)
    steps, seconds = state["step"], state["seconds"]
    epochs = state["epoch"] + state["pos"] / max(1, state.get("batches_per_epoch", 1))
    arch = (f"Transformer, {cfg.enc_layers}+{cfg.dec_layers} layers, d_model {cfg.d_model}, "
            f"{cfg.heads} heads, FFN {cfg.ffn}, SentencePiece unigram "
            f"{round(cfg.vocab_size / 1000)}k shared")
    a, b = sorted([scores["src3"], scores["tgt3"]])

    def render(size: int) -> str:
        return f'''name = "{args.name}"
version = "1.0"
kind = "bilingual"
source_languages = ["{args.source}"]
target_languages = ["{args.target}"]
architecture = "{arch}"
quantization = "int8"
source_spm = "source.spm"
target_spm = "target.spm"
target_prefix = ""
size_bytes = {size}

[license]
model = "CC-BY-2.0-FR (derived from the training data)"
data = "Tatoeba sentence pairs (tatoeba.org) via manythings.org/anki, CC-BY 2.0 FR"
attribution = "www.manythings.org/anki and tatoeba.org"

[origin]
trained_by = "Passerelle project, scripts/train_mt_model.py"
training_data = ["{rel_s} ({pairs:,} pairs)"]
trained_on = "{dt.datetime.now(dt.UTC):%Y-%m-%d}"

[training]
seconds = {round(seconds)}
steps = {steps}
epochs = {epochs:.1f}
threads = {args.threads}
device = "cpu"

[[scores]]
test_set = "tatoeba-test-v2021-08-07 {a}-{b}"
lines = {scores["lines"]}
beam_size = {args.beam}
bleu = {scores["bleu"]:.1f}
chrf = {scores["chrf"]:.1f}
'''

    manifest = args.out / "manifest.toml"
    size = folder_size(args.out)
    # The manifest counts itself: iterate until the size written is stable.
    for _ in range(5):
        manifest.write_text(render(size), encoding="utf-8")
        new = folder_size(args.out)
        if new == size:
            break
        size = new


def export_and_evaluate(args: argparse.Namespace, sp_path: Path, data: list, dev: list,
                        pairs: int, logfile: Path) -> None:
    """Export to CTranslate2 int8, check it against PyTorch, evaluate, write the model folder."""
    import sacrebleu

    sp = spm.SentencePieceProcessor(model_file=str(sp_path))
    model, state = load_for_export(args, dev, logfile)
    state["batches_per_epoch"] = len(make_batches(data, args.max_tokens,
                                                  seed=args.seed * 1000 + state["epoch"]))
    vocab = [sp.id_to_piece(i) for i in range(sp.get_piece_size())]
    args.out.mkdir(parents=True, exist_ok=True)
    for old in args.out.iterdir():
        if old.is_file():
            old.unlink()
    tmp = args.work / "ct2"
    export_ct2(model, vocab, tmp)
    for f in tmp.iterdir():
        shutil.copy2(f, args.out / f.name)
    shutil.copy2(sp_path, args.out / "source.spm")
    shutil.copy2(sp_path, args.out / "target.spm")
    translator = load_translator(args.out, args.threads)

    # Sanity check: CT2 greedy (int8) should agree with PyTorch greedy (fp32).
    sample = [sp.decode(s) for s, _ in dev[:8]]
    src = [sp.encode(s) for s in sample]
    width = max(len(s) for s in src)
    ids = torch.tensor([s + [PAD_ID] * (width - len(s)) for s in src])
    torch_out = [sp.decode(h) for h in model.greedy(ids, BOS_ID, EOS_ID)]
    ct2_out = translate(translator, sp, sample, beam=1)
    same = sum(a == b for a, b in zip(torch_out, ct2_out, strict=True))
    for s, a, b in zip(sample[:4], torch_out, ct2_out, strict=False):
        log(f"check: {s!r} -> torch {a!r} | ct2 {b!r}", logfile)
    log(f"CT2 int8 greedy == PyTorch greedy on {same}/{len(sample)} sentences", logfile)

    src_path, ref_path = test_set_paths(args.corpora, args.source, args.target)
    sources = src_path.read_text(encoding="utf-8").splitlines()
    refs = ref_path.read_text(encoding="utf-8").splitlines()
    if args.eval_lines and args.eval_lines < len(sources):
        # Evenly spaced lines: the test files are sorted alphabetically, so a prefix is biased.
        stride = len(sources) // args.eval_lines
        sources = sources[::stride][: args.eval_lines]
        refs = refs[::stride][: args.eval_lines]
    t0 = time.monotonic()
    hyps = translate(translator, sp, sources, beam=args.beam)
    bleu = sacrebleu.corpus_bleu(hyps, [refs]).score
    chrf = sacrebleu.corpus_chrf(hyps, [refs]).score
    log(f"test {src_path.parent.name} ({len(sources)} lines, beam {args.beam}, "
        f"{time.monotonic() - t0:.0f}s): BLEU {bleu:.2f} chrF {chrf:.2f}", logfile)
    (args.work / "test.hyp").write_text("\n".join(hyps) + "\n", encoding="utf-8")
    scores = {"bleu": bleu, "chrf": chrf, "lines": len(sources),
              "src3": src_path.suffix[1:], "tgt3": ref_path.suffix[1:]}
    (args.work / "scores.json").write_text(json.dumps(scores), encoding="utf-8")
    write_manifest(args, state, model.cfg, scores, pairs)
    log(f"wrote {args.out} ({folder_size(args.out):,} bytes)", logfile)


def main(argv: list[str] | None = None) -> None:
    """Entry point."""
    args = parse_args(argv)
    torch.set_num_threads(args.threads)
    torch.set_num_interop_threads(1)
    args.work.mkdir(parents=True, exist_ok=True)
    logfile = args.work / "train.log"
    log(f"start: {' '.join(sys.argv)}", logfile)
    pairs = read_pairs(args.train, args.source, args.target)
    sp_path = args.work / "spm.model"
    if not sp_path.exists() or not (args.resume or args.no_train):
        log(f"training SentencePiece on {len(pairs):,} pairs", logfile)
        train_sentencepiece(pairs, args.work / "spm", args.vocab_size, args.threads)
    sp = spm.SentencePieceProcessor(model_file=str(sp_path))
    shuffled = pairs[:]
    random.Random(12345).shuffle(shuffled)
    # A small held-out split from the training file monitors overfitting.
    dev = encode_pairs(sp, shuffled[:500], args.max_len)
    data = encode_pairs(sp, shuffled[500:], args.max_len)
    if not args.no_train:
        train(args, sp, data, dev, logfile)
        if args.bench_steps:
            return
    if not args.no_export:
        export_and_evaluate(args, sp_path, data, dev, len(pairs), logfile)


if __name__ == "__main__":
    main()
