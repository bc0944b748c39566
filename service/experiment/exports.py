"""The MT experiment report as an XLSX workbook and as a PDF assessment with charts (R.8.3.c), in French.

Every text cell of the workbook goes through `service.kit.spreadsheet` (no formula runs from a cell).
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import Any
from xml.sax.saxutils import escape

from babel import Locale
from openpyxl import Workbook

from service.experiment import report as experiment_report
from service.experiment.labels import AVOIDED_FR, LEVELS_FR, ORIGINS_FR
from service.experiment.report import AVOIDED_KINDS, ORIGINS, Report, Sums
from service.kit import pdf_fonts, spreadsheet

MEDIA_TYPES = {"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
               "pdf": "application/pdf"}
HEADER = ["Langue source", "Langue cible", "Niveau de service", "Demandes", "Mots",
          *[f"{ORIGINS_FR[o]} (part)" for o in ORIGINS], "Distance de post-édition",
          "Secondes par mot avec pré-traduction", "Secondes par mot sans pré-traduction", "Mots par heure",
          "Gardées en interne grâce aux pré-traductions", "Coût prestataire évité (EUR)",
          *[AVOIDED_FR[k] for k in AVOIDED_KINDS]]
METHOD = (
    "Demandes livrées dans la période et passées par la pré-traduction ; segments non vides.",
    "Secondes par mot : temps d'édition actif mesuré dans l'éditeur (saisie et focus ; pauses de plus de "
    "2 minutes non comptées) rapporté aux mots source des segments validés. Sans pré-traduction : segments "
    "dont la pré-traduction a été retenue comme peu fiable, ou sans pré-traduction — la comparaison naturelle.",
    "Distance de post-édition : distance de Levenshtein normalisée entre la pré-traduction affichée et le texte "
    "validé (0 : inchangé, 1 : tout réécrit).",
    "Gardées en interne : demandes révisées en interne que le routage, sans pré-traduction (classe "
    "« traduction »), aurait sous-traitées faute de traducteur interne habilité et disponible ; coût évité : "
    "le tarif de traduction le moins cher des contrats prestataires valides le jour du routage.",
)


def export(built: Report, *, fmt: str) -> bytes:
    """The report as 'xlsx' or 'pdf'."""
    return to_pdf(built) if fmt == "pdf" else to_xlsx(built)


def filename(built: Report, fmt: str) -> str:
    """The download's name: experimentation-ta-<from>-<to>.<fmt>."""
    return f"experimentation-ta-{built.start.isoformat()}-{built.end.isoformat()}.{fmt}"


def language(code: str) -> str:
    """A language's French name (CLDR via babel), the code when unknown."""
    name = Locale.parse("fr").languages.get(code)
    return name if name else code


def values(source: str, target: str, level: str, sums: Sums) -> list[Any]:
    """One row of the table: a pair and level (or the total) and its figures."""
    f = experiment_report.figures(sums)
    return [source, target, level, f["requests"], f["words"],
            *[f["segments_by_origin"][o]["share"] for o in ORIGINS], f["post_edit_distance"],
            f["seconds_per_word_with_draft"], f["seconds_per_word_without_draft"], f["words_per_hour"],
            f["kept_in_house"], f["vendor_cost_avoided_eur"], *[f["pages_avoided"].get(k, 0) for k in AVOIDED_KINDS]]


def table(built: Report) -> list[list[Any]]:
    """The rows in French (languages and levels named), then the total."""
    rows = [values(language(r.source_lang), language(r.target_lang), LEVELS_FR.get(r.service_level, r.service_level),
                   r.sums) for r in built.rows]
    return [*rows, values("Total", "", "", built.total)]


def to_xlsx(built: Report) -> bytes:
    """A workbook: the figures per pair and level with their total, the segment counts, and the method."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Expérimentation TA")
    spreadsheet.append(sheet, [f"Expérimentation de la traduction automatique (E.8.3), livraisons du "
                               f"{built.start:%d/%m/%Y} au {built.end:%d/%m/%Y}"])
    sheet.append([])
    spreadsheet.append(sheet, HEADER)
    for row in table(built):
        spreadsheet.append(sheet, row)
    counts = book.create_sheet("Segments par origine")
    spreadsheet.append(counts, ["Langue source", "Langue cible", "Niveau de service",
                                *[ORIGINS_FR[o] for o in ORIGINS]])
    for r in built.rows:
        spreadsheet.append(counts, [language(r.source_lang), language(r.target_lang),
                                    LEVELS_FR.get(r.service_level, r.service_level),
                                    *[r.sums.origins.get(o, 0) for o in ORIGINS]])
    method = book.create_sheet("Méthode")
    for line in METHOD:
        spreadsheet.append(method, [line])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def to_pdf(built: Report) -> bytes:
    """The assessment: what was measured, the totals, two charts and the table per pair and level."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import cm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    from service.experiment import charts

    font, bold = pdf_fonts.fonts()
    body = ParagraphStyle("body", fontName=font, fontSize=9, leading=12, spaceAfter=4)
    heading = ParagraphStyle("heading", fontName=bold, fontSize=15, leading=19, spaceAfter=8)
    subheading = ParagraphStyle("sub", fontName=bold, fontSize=11, leading=14, spaceBefore=8, spaceAfter=4)
    title = "Expérimentation de la traduction automatique (E.8.3) — bilan"
    story: list[Any] = [Paragraph(escape(title), heading),
                        Paragraph(escape(f"Livraisons du {built.start:%d/%m/%Y} au {built.end:%d/%m/%Y}."), body)]
    story += [Paragraph(escape(line), body) for line in _summary(built.total)]
    story += [Paragraph("Méthode", subheading), *[Paragraph(escape(line), body) for line in METHOD]]
    story += [Paragraph("Temps d'édition par mot, avec et sans pré-traduction", subheading),
              charts.seconds_per_word(built, font=font),
              Paragraph("Origine des segments", subheading), charts.origins(built, font=font)]
    story += [Spacer(1, 0.4 * cm), Paragraph("Par paire de langues et niveau de service", subheading)]
    cell = ParagraphStyle("cell", fontName=font, fontSize=6.5, leading=8)
    grid = [[Paragraph(escape(str(h)), cell) for h in HEADER]] + [
        [Paragraph(escape(_shown(v)), cell) for v in row] for row in table(built)]
    widths = [2.1 * cm, 1.6 * cm, 2.2 * cm] + [(27.0 - 5.9) * cm / (len(HEADER) - 3)] * (len(HEADER) - 3)
    grid_table = Table(grid, colWidths=widths, repeatRows=1)
    grid_table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
                                    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef7")),
                                    ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    story.append(grid_table)
    buffer = io.BytesIO()
    template = SimpleDocTemplate(buffer, pagesize=landscape(A4), title=title, lang="fr",
                                 leftMargin=1.3 * cm, rightMargin=1.3 * cm, topMargin=1.3 * cm,
                                 bottomMargin=1.3 * cm)
    template.build(story)
    return buffer.getvalue()


def _shown(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:,.4g}".replace(",", "\u202f").replace(".", ",")
    if isinstance(value, int):
        return f"{value:,}".replace(",", "\u202f")
    return str(value)


def _summary(total: Sums) -> Iterable[str]:
    f = experiment_report.figures(total)
    with_draft, without = f["seconds_per_word_with_draft"], f["seconds_per_word_without_draft"]
    yield f"{_shown(f['requests'])} demandes, {_shown(f['words'])} mots source."
    if with_draft is not None and without is not None:
        gain = 1 - with_draft / without if without else 0
        yield (f"Avec une pré-traduction affichée : {_shown(with_draft)} s par mot, contre {_shown(without)} s "
               f"sans ({_shown(round(gain * 100, 1))} % de temps en moins).")
    else:
        yield "Temps d'édition : pas assez de segments mesurés avec et sans pré-traduction pour comparer."
    yield (f"Gardées en interne grâce aux pré-traductions : {f['kept_in_house']} demandes, "
           f"{_shown(f['vendor_cost_avoided_eur'])} € de sous-traitance évités aux tarifs des contrats.")
    pages = f["pages_avoided"]
    yield ("Pages évitées : " + ", ".join(f"{pages.get(k, 0)} ({AVOIDED_FR[k].split('(')[1].rstrip(')')})"
                                          for k in AVOIDED_KINDS) + ".")
