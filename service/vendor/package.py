"""The zip sent to a vendor: the XLIFF pre-filled with drafts, the glossary extract, a README and, when a
manager asks for it, the original as a redacted PDF. Every file carries placeholders, never personal values."""

from __future__ import annotations

import io
import zipfile

from service.kit import spreadsheet
from service.models import Segment, TranslationRequest
from service.vendor import xliff as xliff_io
from service.vendor.masking import DocumentMask

README = """Passerelle - dossier {reference} ({source}>{target})

- {xliff_name} : segments a traduire ou reviser (les cibles sont pre-remplies). Gardez les
  identifiants des segments et les balises comme {example} telles quelles : ce sont des donnees
  personnelles masquees (noms, adresses, identifiants, coordonnees, dates de naissance), restaurees
  au retour.
- glossary.csv : termes imposes releves dans le document.
{original_line}
Renvoyez le fichier XLIFF complete.
"""
WITH_ORIGINAL = ("- {name} : le document d'origine, caviarde (donnees personnelles sous des pavés noirs),\n"
                 "  pour la mise en page et le contexte.")
WITHOUT_ORIGINAL = "- Le document d'origine n'est pas joint : il contient des donnees personnelles."


def glossary_rows(segments: list[Segment], mask: DocumentMask) -> list[dict[str, str]]:
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
                                               "note": mask.apply(str(hit.get("note") or ""))})
    return list(rows.values())


def _glossary_csv(segments: list[Segment], mask: DocumentMask) -> bytes:
    out = io.StringIO()
    fields = ["segment", "source", "target", "note"]
    writer = spreadsheet.CsvWriter(out)  # the vendor may open it in a spreadsheet: no text runs as a formula
    writer.writerow(fields)
    writer.writerows([row[f] for f in fields] for row in glossary_rows(segments, mask))
    return out.getvalue().encode("utf-8")


def redacted_name(request: TranslationRequest) -> str:
    """The redacted original's name in the package (never the submitted file's name: it may hold one)."""
    return f"original/{request.reference}-caviarde.pdf"


def file_names(request: TranslationRequest, *, with_original: bool) -> list[str]:
    """The files of the package, in the order they are written."""
    names = [f"{request.reference}.xlf", "glossary.csv", "LISEZMOI.txt"]
    return names + ([redacted_name(request)] if with_original else [])


def build(request: TranslationRequest, segments: list[Segment], *, mask: DocumentMask, xliff_version: str,
          redacted_original: bytes | None = None) -> bytes:
    """The package as zip bytes."""
    xliff_name = f"{request.reference}.xlf"
    example = next(iter(mask.values), "⟦PERSON_1⟧")
    original_line = WITH_ORIGINAL.format(name=redacted_name(request)) if redacted_original is not None \
        else WITHOUT_ORIGINAL
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(xliff_name, xliff_io.export(
            segments, source_lang=request.source_lang, target_lang=request.target_lang, version=xliff_version,
            mask=mask, original_name=request.reference))
        archive.writestr("glossary.csv", _glossary_csv(segments, mask))
        archive.writestr("LISEZMOI.txt", README.format(
            reference=request.reference, source=request.source_lang, target=request.target_lang,
            xliff_name=xliff_name, example=example, original_line=original_line))
        if redacted_original is not None:
            archive.writestr(redacted_name(request), redacted_original)
    return buffer.getvalue()
