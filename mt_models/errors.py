"""Errors raised by the MT library; each message says what the operator can do next."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path


class MtError(Exception):
    """Base of every MT error; `code` is a stable slug callers can record on a failed row."""

    code = "mt_error"


def _format_pairs(pairs: Iterable[tuple[str, str]]) -> str:
    listed = ", ".join(f"{s}->{t}" for s, t in sorted(pairs))
    return listed or "none (install a model with scripts/install_model.py)"


class UnsupportedPairError(MtError):
    """No installed model (direct or pivoting through English) covers the language pair."""

    code = "mt_unsupported_pair"

    def __init__(self, source: str, target: str, installed: Iterable[tuple[str, str]]) -> None:
        self.source, self.target = source, target
        self.installed = sorted(installed)
        super().__init__(
            f"No machine-translation model for {source}->{target}. "
            f"Installed pairs: {_format_pairs(self.installed)}. "
            "Install a model for this pair or route the request to a human translator."
        )


class ModelNotFoundError(MtError):
    """A model named by the caller is not in the catalogue."""

    code = "mt_model_not_found"

    def __init__(self, name: str, known: Iterable[str]) -> None:
        self.name = name
        known_list = ", ".join(sorted(known)) or "none"
        super().__init__(
            f"No model named {name!r} in the model folders. Known models: {known_list}. "
            "Check the name or install the model with scripts/install_model.py."
        )


class CorruptModelError(MtError):
    """A model folder is incomplete or unreadable (bad manifest, missing or damaged files)."""

    code = "mt_corrupt_model"

    def __init__(self, path: Path, problem: str) -> None:
        self.path, self.problem = path, problem
        super().__init__(
            f"Model folder {path} is broken: {problem}. "
            "Reinstall it with scripts/install_model.py or remove the folder."
        )
