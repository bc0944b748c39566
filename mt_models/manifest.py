"""`manifest.toml`: what a model folder holds, where it came from, how well it scores."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, Literal

from mt_models.errors import CorruptModelError

MANIFEST = "manifest.toml"
MODEL_FILES = ("model.bin", "config.json")
_LANG = re.compile(r"^[a-z]{2}$")

Kind = Literal["bilingual", "multilingual"]


@dataclass(frozen=True)
class License:
    """Licences of the weights and of the training data, and the attribution to show."""

    model: str = ""
    data: str = ""
    attribution: str = ""


@dataclass(frozen=True)
class Origin:
    """Who trained or converted the model, from what, and when."""

    trained_by: str = ""
    training_data: tuple[str, ...] = ()
    trained_on: str = ""


@dataclass(frozen=True)
class Training:
    """What the training cost; empty for converted third-party models."""

    seconds: float | None = None
    steps: int | None = None
    epochs: float | None = None
    threads: int | None = None
    device: str = ""


@dataclass(frozen=True)
class Score:
    """One evaluation of the model on a named test set."""

    test_set: str
    lines: int = 0
    beam_size: int = 0
    bleu: float | None = None
    chrf: float | None = None


@dataclass(frozen=True)
class ModelManifest:
    """A parsed `manifest.toml` plus the folder it describes."""

    name: str
    version: str
    kind: Kind
    source_languages: tuple[str, ...]
    target_languages: tuple[str, ...]
    path: Path
    architecture: str = ""
    quantization: str = ""
    source_spm: str = "source.spm"
    target_spm: str = "target.spm"
    # Prefixes are token templates: "{lang}" becomes the model's code for the language
    # (language_codes, else the ISO code), "{target}" in source_prefix the target language's;
    # several tokens are separated by spaces.
    target_prefix: str = ""
    source_prefix: str = ""
    # Hugging Face conversions expect the caller to append "</s>" itself (CTranslate2 adds it
    # only for Marian/Fairseq conversions), hence a manifest field rather than a guess.
    source_suffix: str = ""
    language_codes: Mapping[str, str] = field(default_factory=dict)
    # The pairs a multilingual model was trained on, when not every source x target one.
    only_pairs: tuple[tuple[str, str], ...] = ()
    size_bytes: int = 0
    license: License = License()
    origin: Origin = Origin()
    training: Training = Training()
    scores: tuple[Score, ...] = ()

    @classmethod
    def from_dir(cls, folder: Path) -> ModelManifest:
        """Read and check `folder/manifest.toml` and the files it names."""
        path = folder / MANIFEST
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError as e:
            raise CorruptModelError(folder, f"{MANIFEST} is missing") from e
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
            raise CorruptModelError(folder, f"{MANIFEST} is not valid TOML ({e})") from e
        manifest = cls.from_mapping(data, folder)
        manifest.check_files()
        return manifest

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any], folder: Path) -> ModelManifest:
        """Build a manifest from parsed TOML, raising CorruptModelError on bad fields."""
        try:
            return _build(data, folder)
        except (KeyError, TypeError, ValueError) as e:
            raise CorruptModelError(folder, f"{MANIFEST}: {e}") from e

    def check_files(self) -> None:
        """Fail loudly when a file the engine needs is missing or empty."""
        needed = [*MODEL_FILES, self.source_spm, self.target_spm]
        for name in needed:
            file = self.path / name
            if not file.is_file() or file.stat().st_size == 0:
                raise CorruptModelError(self.path, f"{name} is missing or empty")
        if not any(self.path.glob("*vocabulary*")):
            raise CorruptModelError(self.path, "no vocabulary file (shared_vocabulary.json/txt)")

    def pairs(self) -> list[tuple[str, str]]:
        """Every (source, target) pair the model translates (`pairs` in the manifest, if given)."""
        if self.only_pairs:
            return list(self.only_pairs)
        return [(s, t) for s in self.source_languages for t in self.target_languages if s != t]

    def model_code(self, lang: str) -> str:
        """The model's own code for an ISO 639-1 language (e.g. "fra_Latn" for NLLB)."""
        return self.language_codes.get(lang, lang)

    def source_affixes(self, source: str, target: str = "") -> tuple[list[str], list[str]]:
        """Tokens to put before and after the SentencePiece pieces of a source segment.

        "{lang}" is the source language; "{target}" the target one, for models told the
        target in the source (multi-target OPUS-MT: source_prefix = ">>{target}<<").
        """
        prefix = self.source_prefix.replace("{target}", self.model_code(target) if target else "")
        return _expand(prefix, self.model_code(source)), self.source_suffix.split()

    def target_prefix_tokens(self, target: str) -> list[str]:
        """Tokens forced at the start of the translation (multilingual target language)."""
        return _expand(self.target_prefix, self.model_code(target))

    def best_score(self) -> Score | None:
        """The score with the highest chrF (then BLEU), if any evaluation was recorded."""
        if not self.scores:
            return None
        return max(self.scores, key=lambda s: (s.chrf or 0.0, s.bleu or 0.0))

    def memory_bytes(self) -> int:
        """Estimated memory use: the weights on disk, or the declared size if larger."""
        weights = self.path / "model.bin"
        on_disk = weights.stat().st_size if weights.is_file() else 0
        return max(on_disk, self.size_bytes)


def _expand(template: str, code: str) -> list[str]:
    return template.replace("{lang}", code).split()


def _languages(data: Mapping[str, Any], key: str) -> tuple[str, ...]:
    langs = tuple(data[key])
    if not langs:
        raise ValueError(f"{key} is empty")
    for lang in langs:
        if not isinstance(lang, str) or not _LANG.match(lang):
            raise ValueError(f"{key}: {lang!r} is not a lower-case ISO 639-1 code")
    return langs


def _pair(value: Any, sources: tuple[str, ...], targets: tuple[str, ...]) -> tuple[str, str]:
    if not isinstance(value, list | tuple) or len(value) != 2:
        raise ValueError(f"pairs: {value!r} is not a [source, target] pair")
    source, target = str(value[0]), str(value[1])
    if source not in sources or target not in targets or source == target:
        raise ValueError(f"pairs: {source}->{target} is not among source_languages x target_languages")
    return source, target


def _sub(cls: type, data: Any, key: str) -> Any:
    if data is None:
        return cls()
    if not isinstance(data, Mapping):
        raise TypeError(f"[{key}] must be a table")
    known = {f.name for f in fields(cls)}
    values = {k: v for k, v in data.items() if k in known}
    if "training_data" in values:
        values["training_data"] = tuple(str(v) for v in values["training_data"])
    if "trained_on" in values:
        values["trained_on"] = str(values["trained_on"])
    return cls(**values)


def _build(data: Mapping[str, Any], folder: Path) -> ModelManifest:
    kind = data.get("kind", "bilingual")
    if kind not in ("bilingual", "multilingual"):
        raise ValueError(f"kind must be 'bilingual' or 'multilingual', not {kind!r}")
    codes = data.get("language_codes", {})
    if not isinstance(codes, Mapping):
        raise TypeError("[language_codes] must be a table")
    scores = tuple(_sub(Score, s, "scores") for s in data.get("scores", []))
    sources, targets = _languages(data, "source_languages"), _languages(data, "target_languages")
    only_pairs = tuple(_pair(p, sources, targets) for p in data.get("pairs", []))
    return ModelManifest(
        name=str(data["name"]), version=str(data.get("version", "")), kind=kind,
        source_languages=sources, target_languages=targets, path=folder,
        architecture=str(data.get("architecture", "")),
        quantization=str(data.get("quantization", "")),
        source_spm=str(data.get("source_spm", "source.spm")),
        target_spm=str(data.get("target_spm", "target.spm")),
        target_prefix=str(data.get("target_prefix", "")),
        source_prefix=str(data.get("source_prefix", "")),
        source_suffix=str(data.get("source_suffix", "")),
        language_codes={str(k): str(v) for k, v in codes.items()},
        only_pairs=only_pairs,
        size_bytes=int(data.get("size_bytes", 0)),
        license=_sub(License, data.get("license"), "license"),
        origin=_sub(Origin, data.get("origin"), "origin"),
        training=_sub(Training, data.get("training"), "training"),
        scores=scores,
    )
