"""Models in memory: a CTranslate2 translator with its SentencePiece models, kept in an LRU pool."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

import ctranslate2
import sentencepiece as spm

from mt_models.errors import CorruptModelError
from mt_models.manifest import ModelManifest
from mt_models.types import EngineOptions

_SPECIAL = frozenset({"<s>", "</s>", "<pad>"})


@dataclass(frozen=True)
class Hypothesis:
    """One model output: detokenised text, mean log-prob, and whether decoding hit its limit."""

    text: str
    score: float | None
    tokens: int
    hit_limit: bool = False


class LoadedModel:
    """A model ready to translate: CTranslate2 weights plus source and target SentencePiece."""

    def __init__(self, manifest: ModelManifest, options: EngineOptions) -> None:
        self.manifest, self.options = manifest, options
        path = manifest.path
        try:
            self.sp_source = spm.SentencePieceProcessor(model_file=str(path / manifest.source_spm))
            self.sp_target = spm.SentencePieceProcessor(model_file=str(path / manifest.target_spm))
        except (OSError, RuntimeError) as e:
            raise CorruptModelError(path, f"cannot read the SentencePiece models ({e})") from e
        try:
            self.translator = ctranslate2.Translator(
                str(path), device=options.device, compute_type=options.compute_type,
                inter_threads=options.inter_threads, intra_threads=options.intra_threads)
        except (OSError, RuntimeError, ValueError) as e:
            raise CorruptModelError(path, f"CTranslate2 cannot load it ({e})") from e
        self.bytes = manifest.memory_bytes()

    def count_tokens(self, text: str) -> int:
        """Number of source SentencePiece pieces in a text."""
        return len(self.sp_source.encode(text))

    def encode(self, texts: Sequence[str], source: str, target: str = "") -> list[list[str]]:
        """Source texts as token lists, with the manifest's language and end tokens."""
        prefix, suffix = self.manifest.source_affixes(source, target)
        pieces = self.sp_source.encode(list(texts), out_type=str)
        return [prefix + p + suffix for p in pieces]

    def translate(self, texts: Sequence[str], *, source: str, target: str) -> list[Hypothesis]:
        """Translate texts in one CTranslate2 call (it batches by length internally)."""
        if not texts:
            return []
        batch = self.encode(texts, source, target)
        prefix = self.manifest.target_prefix_tokens(target)
        limit = decoding_limit(batch)
        results = self.translator.translate_batch(
            batch, target_prefix=[prefix] * len(batch) if prefix else None,
            **translate_kwargs(self.options, limit))
        return [self._hypothesis(r, len(prefix), limit) for r in results]

    def _hypothesis(self, result: Any, skip: int, limit: int) -> Hypothesis:
        tokens = [t for t in result.hypotheses[0][skip:] if t not in _SPECIAL]
        if skip:
            # Multilingual models may emit a language token again; it is not text.
            unk = self.sp_target.unk_id()
            tokens = [t for t in tokens if self.sp_target.piece_to_id(t) != unk or t == "<unk>"]
        score = float(result.scores[0]) if result.scores else None
        text = self.sp_target.decode_pieces(tokens) if tokens else ""
        return Hypothesis(text, score, len(tokens), hit_limit=len(tokens) + skip >= limit)

def decoding_limit(batch: Sequence[Sequence[str]]) -> int:
    """Room for a translation twice as long as its source, which stops runaway repetitions."""
    longest = max((len(tokens) for tokens in batch), default=0)
    return 2 * longest + 10


def translate_kwargs(options: EngineOptions, max_decoding_length: int) -> dict[str, Any]:
    """Decoding options shared by the engine and the raw-CTranslate2 benchmark."""
    return {
        "beam_size": options.beam_size,
        "max_batch_size": options.max_batch_size,
        "return_scores": True,
        # length_penalty=1 makes the score the mean token log-probability.
        "length_penalty": 1.0,
        # 0 disables truncation of the source: over-long input is split upstream instead.
        "max_input_length": 0,
        "max_decoding_length": max_decoding_length,
        "repetition_penalty": options.repetition_penalty,
        "no_repeat_ngram_size": options.no_repeat_ngram_size,
    }


class ModelPool:
    """Loaded models, least recently used unloaded first once over the memory budget."""

    _shared: ClassVar[dict[EngineOptions, ModelPool]] = {}
    _shared_lock: ClassVar[threading.Lock] = threading.Lock()

    def __init__(self, options: EngineOptions) -> None:
        self.options = options
        self._loaded: OrderedDict[str, LoadedModel] = OrderedDict()
        self._lock = threading.Lock()

    @classmethod
    def shared(cls, options: EngineOptions) -> ModelPool:
        """The process-wide pool for these options, so each model loads once per process."""
        with cls._shared_lock:
            if options not in cls._shared:
                cls._shared[options] = cls(options)
            return cls._shared[options]

    def get(self, manifest: ModelManifest) -> LoadedModel:
        """The loaded model for a manifest, loading it (and evicting others) if needed."""
        key = str(manifest.path)
        with self._lock:
            if key in self._loaded:
                self._loaded.move_to_end(key)
                return self._loaded[key]
            self._evict_for(manifest.memory_bytes())
            model = LoadedModel(manifest, self.options)
            self._loaded[key] = model
            return model

    def loaded_names(self) -> list[str]:
        """Names of the models in memory, least recently used first."""
        return [m.manifest.name for m in self._loaded.values()]

    def clear(self) -> None:
        """Unload every model."""
        with self._lock:
            self._loaded.clear()

    def _evict_for(self, incoming: int) -> None:
        budget = self.options.memory_budget_mb * 1024 * 1024
        used = sum(m.bytes for m in self._loaded.values())
        # A model larger than the whole budget still loads, alone: refusing would block work.
        # Evicted models are only dereferenced, not unloaded: a thread still translating
        # with one keeps it alive, and CTranslate2 frees it once the last reference goes.
        while self._loaded and used + incoming > budget:
            _, oldest = self._loaded.popitem(last=False)
            used -= oldest.bytes
