"""TMX in and out of the translation memory, through translate-toolkit's tmxfile."""

from __future__ import annotations

import io
from collections.abc import Iterator

from lxml import etree
from sqlalchemy.orm import Session
from translate.misc.xml_helpers import getXMLlang
from translate.storage import tmx

from service.memory import repository
from service.memory import service as memory_service
from service.memory.errors import InvalidTmx
from service.memory.schemas import ImportReport

CHUNK = 2000  # units per insert batch: bounded memory and SQL parameter counts


def _pairs(data: bytes, source_lang: str, target_lang: str) -> Iterator[tuple[str, str] | None]:
    """(source, target) per translation unit; None for a unit lacking either language."""
    try:
        store = tmx.tmxfile.parsestring(data)
    except (etree.XMLSyntaxError, ValueError) as e:
        raise InvalidTmx(f"The file is not valid TMX ({e}).") from e
    for unit in store.units:
        texts: dict[str, str] = {}
        for node in unit.getlanguageNodes():
            # "fr-FR" and "fr_BE" count as "fr": the memory is keyed by ISO 639-1 codes.
            lang = (getXMLlang(node) or "").replace("_", "-").split("-")[0].lower()
            texts.setdefault(lang, unit.getNodeText(node) or "")
        source, target = texts.get(source_lang, "").strip(), texts.get(target_lang, "").strip()
        yield (source, target) if source and target else None


def import_tmx(session: Session, data: bytes, *, source_lang: str, target_lang: str,
               origin: str = "import") -> ImportReport:
    """Add the units of a TMX file in one language pair (either direction of the file)."""
    added = updated = skipped = 0
    chunk: list[tuple[str, str]] = []
    for pair in _pairs(data, source_lang, target_lang):
        if pair is None:
            skipped += 1
            continue
        chunk.append(pair)
        if len(chunk) >= CHUNK:
            a, u = memory_service.add_many(session, source_lang=source_lang, target_lang=target_lang,
                                           pairs=chunk, origin=origin)
            # Units whose values could not be placed in their translation are not stored (see remember).
            added, updated, skipped, chunk = added + a, updated + u, skipped + len(chunk) - a - u, []
    if chunk:
        a, u = memory_service.add_many(session, source_lang=source_lang, target_lang=target_lang,
                                       pairs=chunk, origin=origin)
        added, updated, skipped = added + a, updated + u, skipped + len(chunk) - a - u
    if added + updated == 0:
        raise InvalidTmx(f"No translation unit of the file has both {source_lang} and {target_lang}.")
    return ImportReport(added=added, updated=updated, skipped=skipped)


def export_tmx(session: Session, *, source_lang: str, target_lang: str) -> bytes:
    """The memory of one language pair as a TMX 1.4 document."""
    store = tmx.tmxfile(sourcelanguage=source_lang, targetlanguage=target_lang)
    for entry in repository.iter_pair(session, source_lang=source_lang, target_lang=target_lang):
        store.addtranslation(entry.source_text, source_lang, entry.target_text, target_lang)
    out = io.BytesIO()
    store.serialize(out)
    return out.getvalue()
