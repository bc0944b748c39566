"""The PDF assessment's charts (reportlab graphics): editing time per word and segment origins, per pair."""

from __future__ import annotations

from collections import defaultdict

from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors

from service.experiment import report as experiment_report
from service.experiment.labels import ORIGINS_FR
from service.experiment.report import ORIGINS, Report, Sums

PALETTE = ("#1f5fa8", "#6b9bd1", "#2e8540", "#c9a227", "#9e9e9e", "#b5412b")
MAX_PAIRS = 12


def by_pair(built: Report) -> list[tuple[str, Sums]]:
    """Sums per language pair, levels merged, busiest first (at most MAX_PAIRS)."""
    merged: dict[str, Sums] = defaultdict(Sums)
    for row in built.rows:
        merged[f"{row.source_lang}→{row.target_lang}"].add(row.sums)
    return sorted(merged.items(), key=lambda kv: -kv[1].words)[:MAX_PAIRS]


def _empty(message: str, font: str) -> Drawing:
    drawing = Drawing(700, 30)
    drawing.add(String(0, 10, message, fontName=font, fontSize=9))
    return drawing


def seconds_per_word(built: Report, *, font: str) -> Drawing:
    """Grouped bars: active seconds per word with a draft shown and without, per pair."""
    pairs = [(name, experiment_report.figures(s)) for name, s in by_pair(built)]
    pairs = [(n, f) for n, f in pairs if f["seconds_per_word_with_draft"] or f["seconds_per_word_without_draft"]]
    if not pairs:
        return _empty("Aucun temps d'édition mesuré dans la période.", font)
    drawing = Drawing(700, 190)
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 40, 30, 520, 140
    chart.data = [[f["seconds_per_word_with_draft"] or 0 for _, f in pairs],
                  [f["seconds_per_word_without_draft"] or 0 for _, f in pairs]]
    chart.categoryAxis.categoryNames = [n for n, _ in pairs]
    chart.categoryAxis.labels.fontName = chart.valueAxis.labels.fontName = font
    chart.categoryAxis.labels.fontSize = chart.valueAxis.labels.fontSize = 8
    chart.valueAxis.valueMin = 0
    for i, color in enumerate((PALETTE[0], PALETTE[5])):
        chart.bars[i].fillColor = colors.HexColor(color)
    drawing.add(chart)
    drawing.add(_legend(font, [(PALETTE[0], "avec pré-traduction affichée (s/mot)"),
                               (PALETTE[5], "sans pré-traduction (retenue ou absente)")], x=580, y=150))
    return drawing


def origins(built: Report, *, font: str) -> Drawing:
    """Stacked bars: the share of segments by draft origin, per pair."""
    pairs = [(n, s) for n, s in by_pair(built) if sum(s.origins.values())]
    if not pairs:
        return _empty("Aucun segment dans la période.", font)
    height = 40 + 18 * len(pairs)
    drawing = Drawing(700, height + 20)
    chart = HorizontalBarChart()
    chart.x, chart.y, chart.width, chart.height = 60, 20, 480, height - 20
    chart.data = [[100 * s.origins.get(o, 0) / sum(s.origins.values()) for _, s in pairs] for o in ORIGINS]
    chart.categoryAxis.categoryNames = [n for n, _ in pairs]
    chart.categoryAxis.style = "stacked"
    chart.categoryAxis.labels.fontName = chart.valueAxis.labels.fontName = font
    chart.categoryAxis.labels.fontSize = chart.valueAxis.labels.fontSize = 8
    chart.valueAxis.valueMin, chart.valueAxis.valueMax, chart.valueAxis.valueStep = 0, 100, 20
    for i, color in enumerate(PALETTE):
        chart.bars[i].fillColor = colors.HexColor(color)
    drawing.add(chart)
    drawing.add(_legend(font, [(PALETTE[i], ORIGINS_FR[o] + " (%)") for i, o in enumerate(ORIGINS)],
                        x=560, y=height))
    return drawing


def _legend(font: str, items: list[tuple[str, str]], *, x: float, y: float) -> Legend:
    legend = Legend()
    legend.x, legend.y = x, y
    legend.fontName, legend.fontSize = font, 7
    legend.alignment = "right"
    legend.colorNamePairs = [(colors.HexColor(c), label) for c, label in items]
    return legend
