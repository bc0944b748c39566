"""The fonts of the PDFs the service writes (deliverables, quotes, the MT experiment report).

DejaVu Sans when installed (Debian's fonts-dejavu-core, which `make` installs): it has every accent of the
partner languages. Otherwise reportlab's built-in Helvetica, Latin-1 only. Registered once per process.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

FONT_DIRS = (Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/dejavu"))


@cache
def fonts() -> tuple[str, str]:
    """The regular and bold font names to draw with."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    for folder in FONT_DIRS:
        regular, bold = folder / "DejaVuSans.ttf", folder / "DejaVuSans-Bold.ttf"
        if regular.is_file() and bold.is_file():
            pdfmetrics.registerFont(TTFont("DejaVuSans", str(regular)))
            pdfmetrics.registerFont(TTFont("DejaVuSans-Bold", str(bold)))
            return "DejaVuSans", "DejaVuSans-Bold"
    return "Helvetica", "Helvetica-Bold"
