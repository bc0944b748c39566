"""Values typed into a PDF's form fields (AcroForm), placed in the page text next to their labels.

A filled form keeps its values in widget annotations, not in the page's content, so a text layer alone
misses "Alice" beside "First Name". PDFium (its form-fill environment) reads each widget's value and
rectangle; the value is inserted after the nearest text on its left on the same line (its label), or
after the line just above it, or at the end of the page. A ticked box or chosen radio button becomes
"[X]" before the text on its right. XFA forms keep their data outside the page and are not read here.
"""

from __future__ import annotations

import ctypes
from collections.abc import Callable
from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

CHECKED = "[X]"
_TEXT_TYPES = (pdfium_c.FPDF_FORMFIELD_TEXTFIELD, pdfium_c.FPDF_FORMFIELD_COMBOBOX,
               pdfium_c.FPDF_FORMFIELD_LISTBOX)
_CHECK_TYPES = (pdfium_c.FPDF_FORMFIELD_CHECKBOX, pdfium_c.FPDF_FORMFIELD_RADIOBUTTON)
_TOLERANCE = 2.0  # points: a label may overlap its field's edge slightly


@dataclass(frozen=True)
class Field:
    """A filled widget: its rectangle (PDF points, origin bottom-left) and the text to show for it."""

    left: float
    bottom: float
    right: float
    top: float
    text: str
    check: bool = False

    @property
    def middle(self) -> float:
        """The vertical centre, used to find text on the same line."""
        return (self.bottom + self.top) / 2


def filled_fields(document: pdfium.PdfDocument, page: pdfium.PdfPage) -> list[Field]:
    """The page's widgets that hold a value: text, a choice, or a ticked box (empty when no form)."""
    form = document.formenv
    if form is None:
        return []
    fields = []
    for index in range(pdfium_c.FPDFPage_GetAnnotCount(page)):
        annot = pdfium_c.FPDFPage_GetAnnot(page, index)
        if not annot:
            continue
        try:
            field = _field(form, annot)
        finally:
            pdfium_c.FPDFPage_CloseAnnot(annot)
        if field is not None:
            fields.append(field)
    return sorted(fields, key=lambda f: (-f.top, f.left))


def _field(form: object, annot: object) -> Field | None:
    if pdfium_c.FPDFAnnot_GetSubtype(annot) != pdfium_c.FPDF_ANNOT_WIDGET:
        return None
    kind = pdfium_c.FPDFAnnot_GetFormFieldType(form, annot)
    if kind in _TEXT_TYPES:
        text = " ".join(_utf16(pdfium_c.FPDFAnnot_GetFormFieldValue, form, annot).split())
        check = False
    elif kind in _CHECK_TYPES and pdfium_c.FPDFAnnot_IsChecked(form, annot):
        text, check = CHECKED, True
    else:
        return None
    rect = pdfium_c.FS_RECTF()
    if not text or not pdfium_c.FPDFAnnot_GetRect(annot, rect):
        return None
    return Field(min(rect.left, rect.right), min(rect.bottom, rect.top), max(rect.left, rect.right),
                 max(rect.bottom, rect.top), text, check)


def _utf16(getter: Callable[..., int], *args: object) -> str:
    """Call one of PDFium's "fill this UTF-16LE buffer" getters and decode the answer."""
    size = getter(*args, None, 0)
    if size <= 2:
        return ""
    buffer = (ctypes.c_ushort * (size // 2))()
    getter(*args, buffer, size)
    return bytes(buffer)[: size - 2].decode("utf-16-le", errors="replace")


@dataclass(frozen=True)
class _Char:
    index: int
    left: float
    bottom: float
    right: float
    top: float


def text_with_fields(textpage: pdfium.PdfTextPage, fields: list[Field]) -> str:
    """The page's text with each field's value inserted beside its label (see the module docstring)."""
    count = textpage.count_chars()
    text = [chr(pdfium_c.FPDFText_GetUnicode(textpage, i)) for i in range(count)]
    chars = [_Char(i, *textpage.get_charbox(i)) for i in range(count) if not text[i].isspace()]
    after: dict[int, list[str]] = {}
    before: dict[int, list[str]] = {}
    tail: list[str] = []
    for field in fields:
        line = [c for c in chars if c.bottom - _TOLERANCE <= field.middle <= c.top + _TOLERANCE]
        right = [c for c in line if c.left >= field.right - _TOLERANCE]
        left = [c for c in line if c.right <= field.left + _TOLERANCE]
        if field.check and right:
            before.setdefault(min(right, key=lambda c: c.left).index, []).append(f"{field.text} ")
        elif left:
            after.setdefault(max(left, key=lambda c: (c.right, c.index)).index, []).append(f" {field.text}")
        elif (label := _line_above(chars, field)) is not None:
            after.setdefault(label, []).append(f"\n{field.text}")
        else:
            tail.append(field.text)
    out: list[str] = []
    for i, char in enumerate(text):
        out.extend(before.get(i, ()))
        out.append(char)
        out.extend(after.get(i, ()))
    return "".join(out) + "".join(f"\n{value}" for value in tail)


def _line_above(chars: list[_Char], field: Field) -> int | None:
    """The last character of the nearest text line above the field that overlaps it horizontally."""
    above = [c for c in chars if c.bottom >= field.top - _TOLERANCE
             and c.left < field.right and c.right > field.left]
    if not above:
        return None
    nearest = min(above, key=lambda c: c.bottom)
    same_line = [c for c in chars if c.bottom <= (nearest.bottom + nearest.top) / 2 <= c.top]
    return max(c.index for c in same_line)
