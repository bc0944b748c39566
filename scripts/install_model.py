#!/usr/bin/env python
"""Install an MT model into a model folder, converting it to CTranslate2 when needed.

Accepted sources:
  * a ready CTranslate2 model folder (model.bin, config.json, vocabulary, source/target.spm),
    with or without a manifest.toml;
  * a locally downloaded OPUS-MT zip or folder (Marian: decoder.yml, *.npz, *.spm), converted
    with CTranslate2's OpusMTConverter;
  * a local Hugging Face checkpoint folder (MarianMT, M2M100, NLLB), converted with
    CTranslate2's TransformersConverter (needs the `passerelle[convert]` extra).

Nothing is downloaded. The manifest is written from the options; what cannot be read from
the source (languages, licence) is asked for on a terminal, or must be given as options.

    python scripts/install_model.py ~/Downloads/opus-2020-02-26.zip --name opus-mt-de-fr \\
        --source-lang de --target-lang fr --dest /srv/passerelle/models
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import shutil
import sys
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from mt_models import EngineOptions, MtError  # noqa: E402
from mt_models.loaded import LoadedModel  # noqa: E402
from mt_models.manifest import MANIFEST, ModelManifest  # noqa: E402
from mt_models.toml_write import dumps  # noqa: E402

# NLLB-200 uses FLORES-200 codes; the ISO 639-1 codes Passerelle works with map to these.
NLLB_CODES = {"ar": "arb_Arab", "de": "deu_Latn", "en": "eng_Latn", "es": "spa_Latn",
              "fr": "fra_Latn", "it": "ita_Latn", "nl": "nld_Latn", "pl": "pol_Latn",
              "pt": "por_Latn", "ro": "ron_Latn", "tr": "tur_Latn"}
ISO3_TO_1 = {"ara": "ar", "deu": "de", "ger": "de", "eng": "en", "spa": "es", "fra": "fr",
             "fre": "fr", "ita": "it", "nld": "nl", "pol": "pl", "por": "pt", "ron": "ro",
             "tur": "tr"}


class InstallError(Exception):
    """A problem the operator must fix; main() prints it and exits with status 2."""


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("source", type=Path, help="CTranslate2 folder, OPUS-MT zip/folder or HF checkpoint")
    p.add_argument("--dest", type=Path, help="model folder to install into "
                   "(default: PASSERELLE_MODELS_DIR from the service settings)")
    p.add_argument("--name", help="model name (default: read from the manifest or the source name)")
    p.add_argument("--source-lang", action="append", default=[], help="ISO 639-1; repeatable")
    p.add_argument("--target-lang", action="append", default=[], help="ISO 639-1; repeatable")
    p.add_argument("--version", default="1.0")
    p.add_argument("--license-model", help="licence of the weights, e.g. CC-BY-4.0")
    p.add_argument("--license-data", help="licence of the training data")
    p.add_argument("--attribution", help="attribution text to show with translations")
    p.add_argument("--trained-by", default="")
    p.add_argument("--quantization", default="int8", help="CTranslate2 quantization for conversions")
    p.add_argument("--force", action="store_true", help="replace an installed model of that name")
    p.add_argument("--no-input", action="store_true", help="never prompt; fail on missing facts")
    return p.parse_args(argv)


def default_dest() -> Path:
    """The operator's model folder from the service settings."""
    from service.config import get_settings

    folder = get_settings().models_dir
    if folder is None:
        raise InstallError("no --dest given and PASSERELLE_MODELS_DIR is not set; say where to install")
    return folder


def detect(source: Path) -> str:
    """What the source is: "ct2", "opus-mt" or "transformers"."""
    if source.is_file() and source.suffix == ".zip":
        return "opus-mt"
    if not source.is_dir():
        raise InstallError(f"{source} is neither a folder nor a .zip file")
    if (source / "model.bin").is_file():
        return "ct2"
    if (source / "decoder.yml").is_file():
        return "opus-mt"
    config = source / "config.json"
    if config.is_file() and "model_type" in json.loads(config.read_text(encoding="utf-8")):
        return "transformers"
    raise InstallError(f"{source} holds no model.bin (CTranslate2), decoder.yml (OPUS-MT) "
                       "or Hugging Face config.json")


def convert_opus_mt(source: Path, out: Path, quantization: str, work: Path) -> dict[str, Any]:
    """Convert a Marian OPUS-MT model; return facts read from its README."""
    from ctranslate2.converters import OpusMTConverter

    folder = source
    if source.suffix == ".zip":
        with zipfile.ZipFile(source) as archive:
            archive.extractall(work / "opus")
        found = next((work / "opus").rglob("decoder.yml"), None)
        if found is None:
            raise InstallError(f"{source} has no decoder.yml: not an OPUS-MT model archive")
        folder = found.parent
    OpusMTConverter(str(folder)).convert(str(out), quantization=quantization, force=True)
    for spm_name in ("source.spm", "target.spm"):
        if not (folder / spm_name).is_file():
            raise InstallError(f"{folder} has no {spm_name}")
        shutil.copy(folder / spm_name, out / spm_name)
    facts = _opus_readme(folder)
    if len(facts.get("target_languages", [])) > 1:
        # Multi-target OPUS-MT models read the wanted target as a ">>fra<<" source token.
        facts.update(kind="multilingual", source_prefix=">>{target}<<",
                     language_codes={iso1: iso3 for iso3, iso1 in ISO3_TO_1.items()
                                     if iso3 not in ("ger", "fre")})
    return {"kind": "bilingual", **facts, "architecture": "Marian Transformer (OPUS-MT)",
            "license": {"model": "CC-BY-4.0", "data": "OPUS corpora (see the model README)",
                        "attribution": "OPUS-MT, Helsinki-NLP (Tiedemann & Thottingal, 2020)"}}


def _opus_readme(folder: Path) -> dict[str, Any]:
    readme = folder / "README.md"
    if not readme.is_file():
        return {}
    text = readme.read_text(encoding="utf-8", errors="replace")
    facts: dict[str, Any] = {}
    for key, field in (("source language", "source_languages"), ("target language", "target_languages")):
        m = re.search(rf"{key}\(?s?\)?:\s*(.+)", text, re.IGNORECASE)
        if m:
            codes = [ISO3_TO_1.get(c, c) for c in re.findall(r"[a-z]{2,3}", m.group(1))]
            facts[field] = [c for c in codes if len(c) == 2]
    return facts


def convert_transformers(source: Path, out: Path, quantization: str) -> dict[str, Any]:
    """Convert a local Hugging Face checkpoint (MarianMT, M2M100, NLLB)."""
    try:
        from ctranslate2.converters import TransformersConverter
    except ImportError as e:  # pragma: no cover - depends on the optional extra
        raise InstallError("converting a Hugging Face checkpoint needs the optional extra: "
                           "pip install 'passerelle[convert]'") from e
    model_type = json.loads((source / "config.json").read_text(encoding="utf-8"))["model_type"]
    if model_type == "m2m_100":
        _keep_language_tokens()
    spm_files = [f.name for f in source.glob("*.spm")] + [f.name for f in source.glob("*.model")]
    try:
        TransformersConverter(str(source), copy_files=spm_files).convert(
            str(out), quantization=quantization, force=True)
    except (ImportError, ModuleNotFoundError) as e:
        raise InstallError("converting a Hugging Face checkpoint needs the optional extra: "
                           f"pip install 'passerelle[convert]' ({e})") from e
    return _hf_facts(model_type, out, _tokenizer_class(source))


def _keep_language_tokens() -> None:
    """Make CTranslate2's M2M100/NLLB converter keep the __xx__ language tokens.

    CTranslate2 4.x reads them from the tokenizer's "additional_special_tokens", which
    transformers 5 no longer fills for M2M100Tokenizer; its get_vocab() lacks them too, so
    the conversion stopped on a vocabulary of the wrong size. The vocabulary is rebuilt
    here by id: the tokenizer's tokens, its language codes, then padding slots.
    """
    from ctranslate2.converters import transformers as hf

    class Loader(hf.M2M100Loader):
        def get_vocabulary(self, model: Any, tokenizer: Any) -> list[str]:
            by_id = {i: token for token, i in tokenizer.get_vocab().items()}
            by_id.update({i: code for code, i in getattr(tokenizer, "lang_token_to_id", {}).items()})
            return [by_id.get(i, f"madeupword{i}") for i in range(model.config.vocab_size)]

    hf._MODEL_LOADERS["M2M100Config"] = Loader()


def _tokenizer_class(source: Path) -> str:
    """The checkpoint's tokenizer class ("NllbTokenizer"...), or "" when it does not say."""
    config = source / "tokenizer_config.json"
    if not config.is_file():
        return ""
    return str(json.loads(config.read_text(encoding="utf-8")).get("tokenizer_class") or "")


def _hf_facts(model_type: str, out: Path, tokenizer_class: str = "") -> dict[str, Any]:
    bpe = out / "sentencepiece.bpe.model"
    if bpe.is_file():  # M2M100 and NLLB ship one shared SentencePiece model
        shutil.copy(bpe, out / "source.spm")
        shutil.copy(bpe, out / "target.spm")
    # CTranslate2 adds "</s>" itself only for Marian/Fairseq conversions, not for these.
    facts: dict[str, Any] = {"source_suffix": "</s>", "architecture": f"Hugging Face {model_type}"}
    # NLLB checkpoints say model_type "m2m_100" too: only their tokenizer tells them apart.
    if tokenizer_class.startswith("Nllb") or model_type == "nllb":
        facts.update(kind="multilingual", source_prefix="{lang}", target_prefix="{lang}",
                     language_codes=NLLB_CODES)
    elif model_type == "m2m_100":
        facts.update(kind="multilingual", source_prefix="__{lang}__", target_prefix="__{lang}__")
    else:
        facts.update(kind="bilingual")
    return facts


def gather(args: argparse.Namespace, facts: dict[str, Any], ask: Callable[[str], str]) -> dict[str, Any]:
    """The manifest mapping: options first, then facts read from the source, then questions."""
    data: dict[str, Any] = {"name": args.name or facts.get("name") or _default_name(args.source),
                            "version": args.version, "kind": facts.get("kind", "bilingual")}
    for field, given in (("source_languages", args.source_lang), ("target_languages", args.target_lang)):
        data[field] = given or facts.get(field) or _ask_list(ask, f"{field.replace('_', ' ')} "
                                                             "(ISO 639-1, comma-separated)")
    for key in ("architecture", "source_prefix", "source_suffix", "target_prefix"):
        if facts.get(key):
            data[key] = facts[key]
    data.update(quantization=args.quantization, source_spm="source.spm", target_spm="target.spm")
    known = facts.get("license", {})
    data["license"] = {
        "model": args.license_model or known.get("model") or ask("licence of the model weights"),
        "data": args.license_data or known.get("data") or ask("licence of the training data"),
        "attribution": args.attribution or known.get("attribution") or ask("attribution text")}
    data["origin"] = {"trained_by": args.trained_by or known.get("attribution", ""),
                      "training_data": [], "trained_on": dt.date.today().isoformat()}
    if facts.get("language_codes"):
        data["language_codes"] = facts["language_codes"]
    return data


def _default_name(source: Path) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "-", source.stem).strip("-") or "model"


def _ask_list(ask: Callable[[str], str], question: str) -> list[str]:
    return [c.strip().lower() for c in ask(question).split(",") if c.strip()]


def make_asker(no_input: bool) -> Callable[[str], str]:
    """Prompt on a terminal; otherwise fail, naming the option to pass."""
    def ask(question: str) -> str:
        if no_input or not sys.stdin.isatty():
            raise InstallError(f"cannot read the {question} from the source; pass it as an option "
                               "(--source-lang, --target-lang, --license-model, --license-data, "
                               "--attribution)")
        answer = input(f"{question}: ").strip()
        if not answer:
            raise InstallError(f"no {question} given")
        return answer
    return ask


def install(args: argparse.Namespace, ask: Callable[[str], str]) -> Path:
    """Convert or copy the source into `<dest>/<name>` with a checked manifest; return the folder."""
    dest = args.dest or default_dest()
    kind = detect(args.source)
    with tempfile.TemporaryDirectory(prefix="install-model-") as tmp:
        work = Path(tmp)
        staged = work / "model"
        facts: dict[str, Any] = {}
        if kind == "ct2":
            shutil.copytree(args.source, staged)
        elif kind == "opus-mt":
            facts = convert_opus_mt(args.source, staged, args.quantization, work)
        else:
            facts = convert_transformers(args.source, staged, args.quantization)
        manifest_path = staged / MANIFEST
        if manifest_path.is_file() and not (args.name or args.source_lang or args.target_lang):
            name = ModelManifest.from_dir(staged).name
        else:
            data = gather(args, facts, ask)
            data["size_bytes"] = sum(f.stat().st_size for f in staged.rglob("*") if f.is_file())
            manifest_path.write_text(dumps(data), encoding="utf-8")
            name = data["name"]
        smoke_test(staged)
        return _move_into_place(staged, dest / name, args.force)


def smoke_test(folder: Path) -> None:
    """Load the model and translate one sentence, so a broken install fails now, not in a task."""
    manifest = ModelManifest.from_dir(folder)
    model = LoadedModel(manifest, EngineOptions(beam_size=1))
    source, target = manifest.pairs()[0]
    model.translate(["Hello."], source=source, target=target)


def _move_into_place(staged: Path, final: Path, force: bool) -> Path:
    if final.exists():
        if not force:
            raise InstallError(f"{final} already exists; pass --force to replace it")
        shutil.rmtree(final)
    final.parent.mkdir(parents=True, exist_ok=True)
    shutil.move(str(staged), str(final))
    return final


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        folder = install(args, make_asker(args.no_input))
    except (InstallError, MtError) as e:
        print(f"install_model: {e}", file=sys.stderr)
        return 2
    manifest = ModelManifest.from_dir(folder)
    pairs = ", ".join(f"{s}->{t}" for s, t in manifest.pairs())
    print(f"installed {manifest.name} ({pairs}) in {folder}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
