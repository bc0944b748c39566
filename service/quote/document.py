"""The quote as the client receives it: a one-page French PDF (reportlab), with the price's basis."""

from __future__ import annotations

import io
from decimal import Decimal
from xml.sax.saxutils import escape

from babel.numbers import format_currency, format_decimal

from service.kit import pdf_fonts
from service.models import PriceListEntry, Quote
from service.translation_request.schemas import LANGUAGES

JOB_CLASSES = {"light_revision": "révision légère d'une pré-traduction",
               "full_revision": "révision complète d'une pré-traduction", "translation": "traduction"}
URGENCIES = {"normal": "normale", "urgent": "urgente", "very_urgent": "très urgente"}


def _euros(cents: int) -> str:
    return str(format_currency(Decimal(cents) / 100, "EUR", locale="fr_FR"))


def lines(quote: Quote, entry: PriceListEntry | None) -> list[str]:
    """The quote's lines, in French, as the PDF prints them."""
    out = [f"Client : {quote.client.name}", quote.client.address or "",
           f"Langues : {LANGUAGES.get(quote.source_lang, quote.source_lang)} vers "
           f"{LANGUAGES.get(quote.target_lang, quote.target_lang)}",
           f"Prestation : {JOB_CLASSES.get(quote.job_class, quote.job_class)}",
           f"Urgence : {URGENCIES.get(quote.urgency, quote.urgency)}",
           f"Volume : {format_decimal(quote.pages, '#,##0.00', locale='fr_FR')} pages de 1 500 caractères"]
    if entry is not None:
        surcharge = entry.urgent_surcharge_pct if quote.urgency != "normal" else 0
        out.append(f"Tarif publié : {_euros(entry.price_page_cents)} la page, minimum {_euros(entry.minimum_cents)}"
                   + (f", majoration urgence {surcharge} %" if surcharge else ""))
    out += [f"Montant : {_euros(quote.amount_cents)}",
            f"Devis valable jusqu'au {quote.valid_until.strftime('%d/%m/%Y')}. Pour l'accepter, renvoyez-le "
            "signé avec le document à traduire."]
    return [line for line in out if line]


def quote_pdf(quote: Quote, entry: PriceListEntry | None) -> bytes:
    """The quote as an A4 PDF."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import cm
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    font, bold = pdf_fonts.fonts()
    body = ParagraphStyle("body", fontName=font, fontSize=11, leading=15, spaceAfter=8)
    heading = ParagraphStyle("heading", fontName=bold, fontSize=14, leading=18, spaceAfter=14)
    title = f"Devis {quote.reference}"
    story = [Paragraph(escape(title), heading), *[Paragraph(escape(line), body) for line in lines(quote, entry)]]
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4, title=title, lang="fr", leftMargin=2.2 * cm, rightMargin=2.2 * cm,
                      topMargin=2 * cm, bottomMargin=2 * cm).build(story)
    return buffer.getvalue()
