"""Charts drawn on the server as inline SVG: no JavaScript, readable by screen readers (title, desc)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

WIDTH, HEIGHT = 560, 240
LEFT, RIGHT, TOP, BOTTOM = 52, 16, 16, 36
BLUE, RED, GREEN, GREY = "#000091", "#b00020", "#18753c", "#6a6a6a"


@dataclass(frozen=True)
class Series:
    """A named line or set of bars; None values leave a gap."""

    name: str
    values: Sequence[float | None]
    colour: str = BLUE
    dashed: bool = False


def _fmt(value: float, unit: str) -> str:
    if unit == "%":
        return f"{value * 100:.1f} %".replace(".", ",")
    if unit == "€":
        return f"{value / 1000:.0f} k€"
    if value >= 100 or float(value).is_integer():
        return f"{value:,.0f}".replace(",", "\u202f")
    return f"{value:.1f}".replace(".", ",")


def _frame(title: str, desc: str, body: list[str]) -> Markup:
    return Markup(
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{escape(title)}" '
        f'xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title><desc>{escape(desc)}</desc>'
        + "".join(body)
        + "</svg>"
    )


def _scale(top_value: float) -> tuple[float, float]:
    """A rounded maximum for the y axis and its tick step."""
    top_value = max(top_value, 1e-9)
    raw = top_value / 4
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    return step * 4, step


def _axes(labels: Sequence[str], y_max: float, step: float, unit: str) -> list[str]:
    plot_h = HEIGHT - TOP - BOTTOM
    out = []
    ticks = int(round(y_max / step))
    for i in range(ticks + 1):
        y = TOP + plot_h - plot_h * i / ticks
        out.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" stroke="#ddd"/>'
            f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end">{escape(_fmt(step * i, unit))}</text>'
        )
    for i, label in enumerate(labels):
        out.append(
            f'<text x="{_x(i, len(labels)):.1f}" y="{HEIGHT - BOTTOM + 16}" text-anchor="middle">'
            f"{escape(label)}</text>"
        )
    out.append(
        f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{HEIGHT - BOTTOM}" y2="{HEIGHT - BOTTOM}" '
        'stroke="#333"/>'
    )
    return out


def _x(i: float, n: int) -> float:
    plot_w = WIDTH - LEFT - RIGHT
    return LEFT + plot_w * (i + 0.5) / max(n, 1)


def _y(value: float, y_max: float) -> float:
    plot_h = HEIGHT - TOP - BOTTOM
    return TOP + plot_h - plot_h * min(value, y_max) / y_max


def _legend(series: Sequence[Series]) -> list[str]:
    out, x = [], LEFT
    for s in series:
        dash = ' stroke-dasharray="6 4"' if s.dashed else ""
        out.append(
            f'<line x1="{x}" x2="{x + 18}" y1="{HEIGHT - 6}" y2="{HEIGHT - 6}" stroke="{s.colour}" '
            f'stroke-width="3"{dash}/><text x="{x + 22}" y="{HEIGHT - 2}">{escape(s.name)}</text>'
        )
        x += 30 + 7 * len(s.name)
    return out


def _runs(points: list[tuple[int, float]]) -> list[list[tuple[int, float]]]:
    """Consecutive points grouped: (0, a), (1, b), (3, c) gives [[(0, a), (1, b)], [(3, c)]]."""
    runs: list[list[tuple[int, float]]] = []
    for i, v in points:
        if runs and runs[-1][-1][0] == i - 1:
            runs[-1].append((i, v))
        else:
            runs.append([(i, v)])
    return runs


def line_chart(title: str, labels: Sequence[str], series: Sequence[Series], *, unit: str = "") -> Markup:
    """Lines over categories (months), e.g. the average delay against its target."""
    values = [v for s in series for v in s.values if v is not None]
    y_max, step = _scale(max(values, default=1) * 1.1)
    body = _axes(labels, y_max, step, unit)
    for s in series:
        points = [(i, v) for i, v in enumerate(s.values) if v is not None]
        dash = ' stroke-dasharray="6 4"' if s.dashed else ""
        # A month without data is a gap: one line per run of consecutive months, never one across the hole.
        for run in _runs(points):
            path = " ".join(f"{_x(i, len(labels)):.1f},{_y(v, y_max):.1f}" for i, v in run)
            body.append(f'<polyline fill="none" stroke="{s.colour}" stroke-width="2.5"{dash} points="{path}"/>')
        if not s.dashed:
            body += [
                f'<circle cx="{_x(i, len(labels)):.1f}" cy="{_y(v, y_max):.1f}" r="3" fill="{s.colour}">'
                f"<title>{escape(labels[i])} : {escape(_fmt(v, unit))}</title></circle>"
                for i, v in points
            ]
    desc = "; ".join(
        f"{s.name} : "
        + ", ".join(f"{labels[i]} {_fmt(v, unit)}" for i, v in enumerate(s.values) if v is not None)
        for s in series
    )
    return _frame(title, desc, body + _legend(series))


def bar_chart(
    title: str,
    labels: Sequence[str],
    bars: Series,
    *,
    unit: str = "",
    reference: float | None = None,
    reference_name: str = "",
    marks: dict[float, str] | None = None,
    colours: Sequence[str] | None = None,
) -> Markup:
    """Bars over categories with an optional horizontal reference line (a target)."""
    values = [v or 0.0 for v in bars.values]
    y_max, step = _scale(max([*values, reference or 0.0, 1e-9]) * 1.1)
    body = _axes(labels, y_max, step, unit)
    width = (WIDTH - LEFT - RIGHT) / max(len(labels), 1) * 0.7
    for i, v in enumerate(values):
        colour = colours[i] if colours else bars.colour
        body.append(
            f'<rect x="{_x(i, len(labels)) - width / 2:.1f}" y="{_y(v, y_max):.1f}" width="{width:.1f}" '
            f'height="{_y(0, y_max) - _y(v, y_max):.1f}" fill="{colour}"><title>{escape(labels[i])} : '
            f"{escape(_fmt(v, unit))}</title></rect>"
        )
    series = [bars]
    if reference is not None:
        y = _y(reference, y_max)
        body.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" stroke="{RED}" '
            f'stroke-width="2" stroke-dasharray="6 4"/>'
        )
        series.append(Series(reference_name, [], RED, dashed=True))
    for at, text in (marks or {}).items():
        x = _x(at, len(labels))
        body.append(
            f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{TOP}" y2="{HEIGHT - BOTTOM}" stroke="{RED}" '
            f'stroke-width="2"/><text x="{x + 4:.1f}" y="{TOP + 12}" fill="{RED}">{escape(text)}</text>'
        )
    desc = ", ".join(f"{label} {_fmt(v, unit)}" for label, v in zip(labels, values, strict=True))
    if reference is not None:
        desc += f" ; {reference_name} {_fmt(reference, unit)}"
    return _frame(title, desc, body + _legend(series))
