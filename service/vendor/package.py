"""The zip sent to a vendor: the original file, the XLIFF pre-filled with drafts, the glossary extract."""

from __future__ import annotations

import io
import zipfile

from service.kit import spreadsheet
from service.kit.storage import get_store
from service.models import Segment, TranslationRequest
from service.models.enums import DocumentRole
from service.translation_request import service as request_service
from service.vendor import xliff as xliff_io
from service.vendor.pii import Mask

README = """Passerelle - dossier {reference} ({source}>{target})

- {xliff_name} : segments a traduire ou reviser (les cibles sont pre-remplies). Gardez les
  identifiants des segments et les balises [PII-n] telles quelles : ce sont des donnees personnelles
  masquees, restaurees au retour.
- glossary.csv : termes imposes releves dans le document.
- original/ : le document d'origine, pour le contexte{original_note}.
Renvoyez le fichier XLIFF complete.
"""


def glossary_rows(segments: list[Segment], mask: Mask) -> list[dict[str, str]]:
    """One row per glossary hit stored on the segments (deduplicated by term pair)."""
    rows: dict[tuple[str, str], dict[str, str]] = {}
    for segment in segments:
        for hit in segment.glossary or []:
            source = str(hit.get("source") or hit.get("term") or "")
            target = str(hit.get("target") or hit.get("translation") or "")
            if not source:
                continue
            rows.setdefault((source, target), {"segment": str(segment.position), "source": mask.apply(source),
                                               "target": mask.apply(target),
                                               "note": str(hit.get("note") or "")})
    return list(rows.values())


def _glossary_csv(segments: list[Segment], mask: Mask) -> bytes:
    out = io.StringIO()
    fields = ["segment", "source", "target", "note"]
    writer = spreadsheet.CsvWriter(out)  # the vendor may open it in a spreadsheet: no text runs as a formula
    writer.writerow(fields)
    writer.writerows([row[f] for f in fields] for row in glossary_rows(segments, mask))
    return out.getvalue().encode("utf-8")


def build(request: TranslationRequest, segments: list[Segment], *, mask: Mask, xliff_version: str,
          include_original: bool | None = None) -> bytes:
    """The package as zip bytes; the original goes along unless identifiers were masked (or when asked)."""
    original = request_service.document(request, DocumentRole.ORIGINAL)
    # With identifiers masked, the original (which shows them) stays home unless a manager decides otherwise.
    wanted = include_original if include_original is not None else not mask.by_value
    send_original = original is not None and wanted
    xliff_name = f"{request.reference}.xlf"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(xliff_name, xliff_io.export(
            segments, source_lang=request.source_lang, target_lang=request.target_lang, version=xliff_version,
            mask=mask, original_name=original.original_name if original else request.reference))
        archive.writestr("glossary.csv", _glossary_csv(segments, mask))
        if send_original and original is not None and original.storage_key:
            archive.writestr(f"original/{original.original_name}", get_store().read(original.storage_key))
        note = "" if send_original else " (non joint : il contient des donnees personnelles masquees ici)"
        archive.writestr("LISEZMOI.txt", README.format(reference=request.reference,
                                                       source=request.source_lang,
                                                       target=request.target_lang, xliff_name=xliff_name,
                                                       original_note=note))
    return buffer.getvalue()
