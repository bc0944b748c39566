"""Builders of the translated document: DOCX, PDF and plain text in the source's page/paragraph layout.

Pure functions: a `Deliverable` in, bytes out. The service decides what text goes in.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from xml.sax.saxutils import escape

from service.kit import pdf_fonts
from service.revision.schemas import DeliveryFormat

MIME_TYPES = {
    DeliveryFormat.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    DeliveryFormat.PDF: "application/pdf",
    DeliveryFormat.TXT: "text/plain; charset=utf-8",
}

LANGUAGE_NAMES = {
    "ar": "arabe", "bg": "bulgare", "cs": "tchèque", "da": "danois", "de": "allemand", "el": "grec",
    "en": "anglais", "es": "espagnol", "et": "estonien", "fi": "finnois", "fr": "français",
    "hr": "croate", "hu": "hongrois", "it": "italien", "lt": "lituanien", "lv": "letton",
    "nl": "néerlandais", "pl": "polonais", "pt": "portugais", "ro": "roumain", "ru": "russe",
    "sk": "slovaque", "sl": "slovène", "sv": "suédois", "tr": "turc", "uk": "ukrainien", "zh": "chinois",
}
MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
          "octobre", "novembre", "décembre")


@dataclass(frozen=True)
class Certification:
    """Who certifies the translation, and when."""

    translator: str
    on: date


@dataclass(frozen=True)
class Scope:
    """How much of the original the deliverable covers, and whether anyone revised it (issue 19)."""

    # The `information` level: the machine draft, revised by no one.
    unrevised: bool = False
    # An extract translation: only the passages carrying the facts asked for.
    extract: bool = False
    # The original's pages translated, when not all of them, out of `document_pages`.
    pages: tuple[int, ...] | None = None
    document_pages: int | None = None


@dataclass(frozen=True)
class Deliverable:
    """The translated text laid out like the source: pages of paragraphs."""

    reference: str
    source_lang: str
    target_lang: str
    pages: list[list[str]]
    certification: Certification | None = None
    scope: Scope = Scope()


def layout(segments: Iterable[tuple[int, int, str]]) -> list[list[str]]:
    """Group (page, paragraph, text) triples, given in reading order, into pages of paragraphs.

    Sentences of a paragraph are joined with a space; empty texts are dropped, and so are
    pages left without any text.
    """
    pages: dict[int, dict[int, list[str]]] = {}
    for page, paragraph, text in segments:
        if text and text.strip():
            pages.setdefault(page, {}).setdefault(paragraph, []).append(text.strip())
    return [[" ".join(parts) for _, parts in sorted(paras.items())] for _, paras in sorted(pages.items())]


def french_date(on: date) -> str:
    """A date as French prose: "3 mars 2026"."""
    return f"{'1er' if on.day == 1 else on.day} {MONTHS[on.month - 1]} {on.year}"


def language_name(code: str) -> str:
    """The French name of a language code, the code itself when unknown."""
    return LANGUAGE_NAMES.get(code, code)


UNREVISED_NOTICE = ("Traduction automatique non révisée, fournie à titre d'information : aucun traducteur ne l'a "
                    "relue. Elle ne vaut pour aucune décision (droits, contrôle, recouvrement, contentieux) ; "
                    "demandez une traduction révisée pour tout usage de cette nature.")
EXTRACT_NOTICE = ("Traduction par extrait : seuls les passages de l'original portant les informations demandées "
                  "sont traduits ; les autres mentions ne le sont pas.")


def title(doc: Deliverable) -> str:
    """The heading of the deliverable."""
    if doc.scope.unrevised:
        kind = "Traduction automatique non révisée"
    elif doc.scope.extract:
        kind = "Traduction certifiée par extrait" if doc.certification else "Traduction par extrait"
    else:
        kind = "Traduction certifiée" if doc.certification else "Traduction"
    source, target = language_name(doc.source_lang), language_name(doc.target_lang)
    elided = source[:1] in "aeiouéh"
    return (f"{kind} {'de l’' if elided else 'du '}{source} vers "
            f"{'l’' if target[:1] in 'aeiouéh' else 'le '}{target} — {doc.reference}")


def notices(doc: Deliverable) -> list[str]:
    """The mentions under the heading: unrevised machine translation, extract, pages translated."""
    lines = []
    if doc.scope.unrevised:
        lines.append(UNREVISED_NOTICE)
    if doc.scope.extract:
        lines.append(EXTRACT_NOTICE)
    if doc.scope.pages:
        names = [str(n) for n in doc.scope.pages]
        listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " et " + names[-1]
        of = f" sur {doc.scope.document_pages}" if doc.scope.document_pages else ""
        lines.append(f"Traduction partielle : page{'s' if len(names) > 1 else ''} {listed}{of} de l'original, "
                     "seules demandées.")
    return lines


def statement(doc: Deliverable) -> list[str]:
    """The certification lines: the statement, the translator's name, the date."""
    cert = doc.certification
    if cert is None:
        return []
    return [f"Traduction certifiée conforme à l'original rédigé en {language_name(doc.source_lang)}, "
            f"établie par {cert.translator}, le {french_date(cert.on)}.",
            f"Traducteur : {cert.translator}", f"Date : {cert.on.strftime('%d/%m/%Y')}",
            f"Référence : {doc.reference}"]


def page_label(number: int, total: int) -> str:
    """The page numbering shown on every page."""
    return f"Page {number} / {total}"


def build(doc: Deliverable, fmt: DeliveryFormat) -> bytes:
    """The deliverable in `fmt`."""
    builders = {DeliveryFormat.DOCX: build_docx, DeliveryFormat.PDF: build_pdf, DeliveryFormat.TXT: build_txt}
    return builders[DeliveryFormat(fmt)](doc)


def build_txt(doc: Deliverable) -> bytes:
    """Plain UTF-8 text: paragraphs separated by a blank line, source pages marked when certified."""
    blocks = [title(doc), *notices(doc)]
    for number, paragraphs in enumerate(doc.pages, start=1):
        blocks += paragraphs
        if doc.certification:
            blocks.append(f"— {page_label(number, len(doc.pages))} —")
    blocks += statement(doc)
    return ("\n\n".join(blocks) + "\n").encode("utf-8")


def build_docx(doc: Deliverable) -> bytes:
    """A Word document: a heading, one paragraph per source paragraph, a page break per source page."""
    import docx

    document = docx.Document()
    document.core_properties.title = title(doc)
    document.core_properties.language = doc.target_lang
    document.add_heading(title(doc), level=1)
    for line in notices(doc):
        document.add_paragraph(line).runs[0].bold = True
    for index, paragraphs in enumerate(doc.pages):
        if index:
            document.add_page_break()
        for text in paragraphs:
            document.add_paragraph(text)
    lines = statement(doc)
    if lines:
        document.add_paragraph()
        for line in lines:
            document.add_paragraph(line)
    _docx_page_numbers(document.sections[0].footer.paragraphs[0])
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _docx_page_numbers(paragraph) -> None:  # type: ignore[no-untyped-def]
    """Footer "Page x / y" with Word fields, so the numbers stay right whatever the pagination."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    def field(instruction: str) -> None:
        for kind, text in (("begin", None), (None, instruction), ("separate", None), (None, "1"),
                           ("end", None)):
            run = paragraph.add_run()
            if kind:
                element = OxmlElement("w:fldChar")
                element.set(qn("w:fldCharType"), kind)
                run._r.append(element)
            elif text == instruction:
                element = OxmlElement("w:instrText")
                element.set(qn("xml:space"), "preserve")
                element.text = f" {instruction} "
                run._r.append(element)
            else:
                run.text = text or ""

    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.add_run("Page ")
    field("PAGE")
    paragraph.add_run(" / ")
    field("NUMPAGES")


def build_pdf(doc: Deliverable) -> bytes:
    """A PDF (A4) with "Page x / y" on every page; a Unicode font so accents and non-Latin text show."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import cm
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer

    font, bold = pdf_fonts.fonts()
    body = ParagraphStyle("body", fontName=font, fontSize=11, leading=15, spaceAfter=8)
    heading = ParagraphStyle("heading", fontName=bold, fontSize=14, leading=18, spaceAfter=14)
    notice = ParagraphStyle("notice", fontName=bold, fontSize=10, leading=13, spaceAfter=10)
    story: list[object] = [Paragraph(escape(title(doc)), heading),
                           *(Paragraph(escape(line), notice) for line in notices(doc))]
    for index, paragraphs in enumerate(doc.pages):
        if index:
            story.append(PageBreak())
        story += [Paragraph(escape(text), body) for text in paragraphs]
    lines = statement(doc)
    if lines:
        story.append(Spacer(1, 0.8 * cm))
        story += [Paragraph(escape(line), body) for line in lines]
    buffer = io.BytesIO()
    template = SimpleDocTemplate(buffer, pagesize=A4, title=title(doc), lang=doc.target_lang,
                                 leftMargin=2.2 * cm, rightMargin=2.2 * cm, topMargin=2 * cm,
                                 bottomMargin=2 * cm)
    template.build(story, canvasmaker=_numbered_canvas(font))  # type: ignore[arg-type]
    return buffer.getvalue()


def _numbered_canvas(font: str):  # type: ignore[no-untyped-def]
    """A canvas that holds pages back until the end, so each can show the total page count."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    class NumberedCanvas(Canvas):
        def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, object]] = []

        def showPage(self) -> None:  # noqa: N802 (reportlab's name)
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            for number, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                self.setFont(font, 9)
                self.drawCentredString(A4[0] / 2, 28, page_label(number, len(self._pages)))
                super().showPage()
            super().save()

    return NumberedCanvas
