"""Entities in the documents the caisses send: people, addresses, institutions, identifiers, dates,
amounts, numbers, e-mails and URLs, found in one pass for drafting, QA and masking.

The library imports only the standard library, its own package and its third-party libraries
(python-stdnum, phonenumbers, babel); it takes explicit options objects and reads no environment.
"""

from __future__ import annotations

from entities.detector import detect
from entities.errors import DataFileError, EntitiesError, UnknownKindError, UnknownPlaceholderError
from entities.institutions import Institution, institution, institutions
from entities.lines import only_entities
from entities.masking import DEFAULT_MASK_KINDS, PLACEHOLDER_RE, Masked, mask, placeholders_in, unmask
from entities.places import Place, exonym, find_places
from entities.types import KINDS, DetectOptions, Entity, Hints

__all__ = [
    "DEFAULT_MASK_KINDS", "KINDS", "PLACEHOLDER_RE", "DataFileError", "DetectOptions", "EntitiesError", "Entity",
    "Hints", "Institution", "Masked", "Place", "UnknownKindError", "UnknownPlaceholderError", "detect", "exonym",
    "find_places", "institution", "institutions", "mask", "only_entities", "placeholders_in", "unmask",
]
