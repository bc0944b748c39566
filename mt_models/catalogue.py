"""The installed models: every folder with a manifest under the shipped and operator model dirs."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from mt_models.errors import CorruptModelError, ModelNotFoundError
from mt_models.manifest import MANIFEST, ModelManifest


def normalise_language(lang: str) -> str:
    """Reduce a language tag to its lower-case primary subtag ("fr-FR" -> "fr")."""
    return lang.strip().replace("_", "-").split("-")[0].lower()


@dataclass(frozen=True)
class Catalogue:
    """Model manifests by name; later folders override earlier ones (operator over shipped).

    `tier` holds, per model name, the index of the folder it came from: for a pair, a model of a later
    folder (the operator's) is chosen over one of an earlier folder (the shipped demonstration models),
    whatever their recorded scores, which are rarely measured on the same test set.
    """

    by_name: dict[str, ModelManifest]
    tier: dict[str, int] = field(default_factory=dict)

    @classmethod
    def load(cls, dirs: Sequence[Path]) -> Catalogue:
        """Scan each folder's sub-folders; a broken model folder raises CorruptModelError."""
        found: dict[str, ModelManifest] = {}
        tier: dict[str, int] = {}
        for index, root in enumerate(dirs):
            if not Path(root).is_dir():
                continue
            for folder in sorted(p for p in Path(root).iterdir() if p.is_dir()):
                manifest = _read_folder(folder)
                if manifest is not None:
                    found[manifest.name] = manifest
                    tier[manifest.name] = index
        return cls(found, tier)

    @property
    def models(self) -> list[ModelManifest]:
        """All models, sorted by name."""
        return [self.by_name[name] for name in sorted(self.by_name)]

    def pairs(self) -> list[tuple[str, str]]:
        """Language pairs some model translates directly."""
        return sorted({pair for m in self.by_name.values() for pair in m.pairs()})

    def find(self, source: str, target: str) -> ModelManifest | None:
        """The best model for a direct pair: operator folder first, then bilingual, then the best score."""
        pair = (normalise_language(source), normalise_language(target))
        candidates = [m for m in self.by_name.values() if pair in m.pairs()]
        if not candidates:
            return None

        def rank(m: ModelManifest) -> tuple[int, bool, float, float, str]:
            best = m.best_score()
            chrf = (best.chrf or 0.0) if best else 0.0
            bleu = (best.bleu or 0.0) if best else 0.0
            # Specialised bilingual models are smaller and, for a given pair, usually better.
            return (-self.tier.get(m.name, 0), m.kind != "bilingual", -chrf, -bleu, m.name)

        return min(candidates, key=rank)

    def get(self, name: str) -> ModelManifest:
        """The model with this name, or ModelNotFoundError."""
        try:
            return self.by_name[name]
        except KeyError:
            raise ModelNotFoundError(name, self.by_name) from None


def _read_folder(folder: Path) -> ModelManifest | None:
    if (folder / MANIFEST).is_file():
        return ModelManifest.from_dir(folder)
    if (folder / "model.bin").exists():
        raise CorruptModelError(folder, f"model.bin without {MANIFEST}; write one with "
                                "scripts/install_model.py")
    # Anything else (caches, notes) is not a model folder.
    return None
