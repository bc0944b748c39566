"""Machine-translation drafts: CTranslate2 engine, model catalogue, token protection.

A library: it imports only the standard library, CTranslate2 and SentencePiece, and takes
an explicit `EngineOptions`; it never reads environment variables.
"""

from __future__ import annotations

from mt_models.catalogue import Catalogue
from mt_models.engine import Engine
from mt_models.errors import CorruptModelError, ModelNotFoundError, MtError, UnsupportedPairError
from mt_models.fake import FakeTranslator
from mt_models.manifest import ModelManifest
from mt_models.protect import protect, restore
from mt_models.types import Draft, EngineOptions, Translator

__all__ = [
    "Catalogue",
    "CorruptModelError",
    "Draft",
    "Engine",
    "EngineOptions",
    "FakeTranslator",
    "ModelManifest",
    "ModelNotFoundError",
    "MtError",
    "Translator",
    "UnsupportedPairError",
    "protect",
    "restore",
]
