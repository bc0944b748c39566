"""The yearly report as CSV (one long table) or XLSX (one sheet per view), labelled in French.

Every text cell goes through `service.kit.spreadsheet`: imported values (caisse codes) never run as formulas.
"""

from __future__ import annotations

import io
from typing import Any

from openpyxl import Workbook

from service.indicator import dialogue as dialogue_figures
from service.indicator.dialogue import DialogueFigures
from service.indicator.errors import UnknownExportFormat
from service.indicator.schemas import BreakdownRow, Breakdowns, IndicatorReport
from service.kit import spreadsheet

INDICATORS = (
    ("IR.8.2", "Délai moyen de traduction (jours)", "average_delay_days"),
    ("IR.8.3", "Part des traductions livrées au-delà de 21 jours", "late_share"),
    ("IR.8.1", "Évolution du coût de la traduction externe", "external_cost_change"),
)
STATUS_FR = {"met": "atteint", "at_risk": "à surveiller", "missed": "non atteint", "no_target": "sans cible"}
SHEETS = (
    ("by_month", "Par mois"), ("by_language_pair", "Par langue"), ("by_caisse", "Par caisse"),
    ("by_channel", "Par canal"), ("by_handled_by", "Par traitant"), ("by_document_type", "Par type"),
)
BREAKDOWN_HEADER = ["Clé", "Livrées", "Délai moyen (jours)", "En retard (comptées)", "Part en retard",
                    "Coût externe (EUR)"]
CSV_HEADER = ["section", "cle", "valeur", "cible", "statut", "ecart", "livrees", "delai_moyen_jours",
              "en_retard", "part_en_retard", "cout_externe_eur", "recues", "en_stock_fin_de_mois"]
MEDIA_TYPES = {"csv": "text/csv; charset=utf-8",
               "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def export(report: IndicatorReport, details: Breakdowns, *, fmt: str,
           dialogue: DialogueFigures | None = None) -> bytes:
    """The report in `fmt` ('csv' or 'xlsx'), with the consultations and waits when given."""
    if fmt == "csv":
        return to_csv(report, details, dialogue)
    if fmt == "xlsx":
        return to_xlsx(report, details, dialogue)
    raise UnknownExportFormat(fmt)


def _indicator_rows(report: IndicatorReport) -> list[list[Any]]:
    rows = []
    for code, label, key in INDICATORS:
        judged = report.status[key]
        rows.append([code, label, judged.value, judged.target, STATUS_FR[judged.status], judged.gap])
    return rows


def _breakdown_values(row: BreakdownRow) -> list[Any]:
    return [row.key, row.delivered, row.average_delay_days, row.late_count, row.late_share,
            row.external_cost_eur]


def to_csv(report: IndicatorReport, details: Breakdowns, dialogue: DialogueFigures | None = None) -> bytes:
    """One long table: the three indicators, a total line, every breakdown line, then the volume."""
    out = io.StringIO()
    writer = spreadsheet.CsvWriter(out)
    writer.writerow(CSV_HEADER)
    blank_measures = [""] * 5
    for code, _label, value, target, status, gap in _indicator_rows(report):
        writer.writerow(["indicateur", code, value, target, status, gap, *blank_measures, "", ""])
    total = BreakdownRow(key=str(report.year or f"{report.start}/{report.end}"), delivered=report.delivered,
                         average_delay_days=report.average_delay_days, late_count=report.late_count,
                         late_share=report.late_share, external_cost_eur=report.external_cost_eur)
    rows = [("total", total)] + [(name, row) for name, _title in SHEETS for row in getattr(details, name)]
    for section, row in rows:
        key, *measures = _breakdown_values(row)
        writer.writerow([section, key, "", "", "", "", *measures, "", ""])
    for month in details.volume:
        writer.writerow(["volume", month.month, "", "", "", "", month.delivered, "", "", "", "",
                         month.received, month.backlog_end])
    for section, key, value in dialogue_figures.csv_rows(dialogue) if dialogue else []:
        writer.writerow([section, key, value, "", "", "", *blank_measures, "", ""])
    # A BOM so spreadsheet software opens the accents as UTF-8.
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def to_xlsx(report: IndicatorReport, details: Breakdowns, dialogue: DialogueFigures | None = None) -> bytes:
    """A workbook: the indicators against their targets, one sheet per breakdown, and the volume."""
    book = Workbook(write_only=True)
    summary = book.create_sheet("Indicateurs")
    period = report.year or f"{report.start} au {report.end}"
    spreadsheet.append(summary, [f"Indicateurs {period} (traductions livrées)"])
    spreadsheet.append(summary, ["Livrées", report.delivered])
    spreadsheet.append(summary, ["Coût externe (EUR)", report.external_cost_eur])
    spreadsheet.append(summary, ["Référence 2019 (EUR)", report.baseline_eur])
    summary.append([])
    spreadsheet.append(summary, ["Indicateur", "Libellé", "Valeur", "Cible", "Statut", "Écart à la cible"])
    for row in _indicator_rows(report):
        spreadsheet.append(summary, row)
    for name, title in SHEETS:
        sheet = book.create_sheet(title)
        spreadsheet.append(sheet, BREAKDOWN_HEADER)
        for row in getattr(details, name):
            spreadsheet.append(sheet, _breakdown_values(row))
    volume = book.create_sheet("Volume")
    spreadsheet.append(volume, ["Mois", "Reçues", "Livrées", "En stock en fin de mois"])
    for month in details.volume:
        spreadsheet.append(volume, [month.month, month.received, month.delivered, month.backlog_end])
    if dialogue is not None:
        sheet = book.create_sheet("Consultations")
        for row in dialogue_figures.sheet_rows(dialogue):
            spreadsheet.append(sheet, row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
