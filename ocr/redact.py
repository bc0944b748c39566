"""Redaction: a document re-drawn as page images with opaque boxes over given values, and no text layer.

Each page is rendered (PDF, with PDFium) or decoded (PNG, JPEG, TIFF); its words are located by tesseract's
word table and, on PDF pages that carry a text layer, by PDFium's character boxes. A value is found on a
page by comparing letters and digits only (accents, case, spaces and punctuation aside), so "DE89 3704"
matches the words "DE89" and "3704" and a value OCR read glued to its label; a value not found exactly is
looked for approximately (RapidFuzz), since the OCR of the redaction pass may read a letter otherwise than
extraction did. The boxes of the words a value covers are painted black and the pages written to a PDF of
images only (Pillow), so nothing under a box survives: no text layer, no hidden object, no metadata.
"""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

import pypdfium2 as pdfium
import pytesseract
from PIL import Image, ImageDraw
from rapidfuzz import fuzz

from ocr import images, languages, sniff
from ocr.errors import CorruptDocumentError, OcrEngineError, OcrError, TooManyPagesError
from ocr.pdf import open_pdf
from ocr.render import POINTS_PER_INCH

# Tesseract's page segmentation: 3 reads the layout; 11 (sparse text) finds words a layout pass skipped.
_LAYOUT_PSM, _SPARSE_PSM = 3, 11
_PAGE_TIMEOUT_S = 300
# Below this many letters and digits a value must cover whole words: "12" is not the end of "2012".
_WHOLE_WORDS_BELOW = 6
_MIN_KEY = 3
_MIN_FUZZY_KEY = 5

Box = tuple[int, int, int, int]


class NotRedactableError(OcrError):
    """The document has no pages to draw (plain text): it cannot be sent as a redacted image."""

    code = "not_redactable"

    def __init__(self, mime_type: str) -> None:
        super().__init__(f"A {mime_type} document has no page images to redact; only PDFs and PNG, JPEG or "
                         "TIFF images can be. Send its text (already masked) without the original.")


@dataclass(frozen=True)
class RedactOptions:
    """How to redact one document.

    Attributes:
        language: the document's language, ISO 639-1; it picks tesseract's language pack.
        dpi: resolution of the page images (and of the OCR that locates the words).
        max_pages: documents with more pages are refused.
        max_image_pixels: images (and rendered pages) above this many pixels are refused.
        padding: pixels added around each box, so no stroke of a letter shows at its edge.
        fuzzy_score: RapidFuzz partial-ratio score (0-100) from which an approximate match counts.
    """

    language: str = "fr"
    dpi: int = 300
    max_pages: int = 500
    max_image_pixels: int = 120_000_000
    padding: int = 4
    fuzzy_score: float = 85.0


@dataclass(frozen=True)
class Redacted:
    """A redacted document.

    Attributes:
        pdf: the pages as images in a PDF, values under black boxes.
        pages: how many pages it has.
        boxes: how many word boxes were painted.
        missing: the values found on no page (the caller decides whether the redaction can be trusted).
    """

    pdf: bytes
    pages: int
    boxes: int
    missing: tuple[str, ...]


@dataclass(frozen=True)
class _Word:
    key: str
    box: Box


def key(text: str) -> str:
    """Letters and digits only, without accents, case-folded: what a value and a word are compared on."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if c.isalnum() and not unicodedata.combining(c)).casefold()


def redact(data: bytes, values: Sequence[str], options: RedactOptions) -> Redacted:
    """`data` (PDF, PNG, JPEG or TIFF) as a PDF of page images with every value of `values` under a box."""
    mime_type = sniff.sniff(data)
    wanted = sorted({k for k in (key(v) for v in values) if len(k) >= _MIN_KEY}, key=len, reverse=True)
    found: set[str] = set()
    pages: list[Image.Image] = []
    boxes = 0
    for image, words in _pages(data, mime_type, options):
        covered = _cover(words, wanted, found, options)
        if len(found) < len(wanted):  # a second, sparse-text reading for what the layout pass missed
            covered |= _cover(_ocr_words(image, options, _SPARSE_PSM), wanted, found, options)
        pages.append(_painted(image, covered, options.padding))
        boxes += len(covered)
    by_key = {key(v): v for v in values}
    return Redacted(_pdf(pages, options.dpi), len(pages), boxes,
                    tuple(sorted(by_key[k] for k in wanted if k not in found)))


def _pages(data: bytes, mime_type: str, options: RedactOptions) -> Iterator[tuple[Image.Image, list[_Word]]]:
    if mime_type == sniff.PDF:
        yield from _pdf_pages(data, options)
    elif mime_type in (sniff.PNG, sniff.JPEG, sniff.TIFF):
        yield from _image_pages(data, options)
    else:
        raise NotRedactableError(mime_type)


def _pdf_pages(data: bytes, options: RedactOptions) -> Iterator[tuple[Image.Image, list[_Word]]]:
    with open_pdf(data, options.max_pages) as document:
        for index in range(len(document)):
            image, dpi = document.render(index, options.dpi, options.max_image_pixels)
            words = _text_layer_words(data, index, dpi) + _ocr_words(image, options, _LAYOUT_PSM)
            yield image, words


def _image_pages(data: bytes, options: RedactOptions) -> Iterator[tuple[Image.Image, list[_Word]]]:
    try:
        opened = Image.open(io.BytesIO(data))
    except (OSError, SyntaxError, ValueError) as e:
        raise CorruptDocumentError("image", str(e)) from e
    images.check_size(opened, options.max_image_pixels)
    if images.frame_count(opened) > options.max_pages:
        raise TooManyPagesError(images.frame_count(opened), options.max_pages)
    for frame in images.frames(opened, options.max_image_pixels):
        page = images.normalised(frame.copy()).convert("L")
        yield page, _ocr_words(page, options, _LAYOUT_PSM)


def _text_layer_words(data: bytes, index: int, dpi: int) -> list[_Word]:
    """The words of page `index`'s text layer with their boxes in pixels of the page rendered at `dpi`."""
    document = pdfium.PdfDocument(data)
    try:
        page = document[index]
        textpage = page.get_textpage()
        try:
            count = textpage.count_chars()
            text = textpage.get_text_range(0, count) if count else ""
            if len(text) != count:  # characters outside the BMP: read them one by one
                text = "".join(textpage.get_text_range(i, 1) or " " for i in range(count))
            scale, height = dpi / POINTS_PER_INCH, page.get_height()
            return list(_layer_words(text, (textpage.get_charbox(i) for i in range(count)), scale, height))
        finally:
            textpage.close()
            page.close()
    except pdfium.PdfiumError:
        return []  # no readable text layer: tesseract's words are all there is
    finally:
        document.close()


def _layer_words(text: str, charboxes: Iterable[tuple[float, float, float, float]], scale: float,
                 height: float) -> Iterator[_Word]:
    current: list[tuple[str, tuple[float, float, float, float]]] = []
    for char, box in zip(text, charboxes, strict=False):
        if char.isspace():
            yield from _layer_word(current, scale, height)
            current = []
        else:
            current.append((char, box))
    yield from _layer_word(current, scale, height)


def _layer_word(chars: list[tuple[str, tuple[float, float, float, float]]], scale: float,
                height: float) -> Iterator[_Word]:
    word_key = key("".join(c for c, _ in chars))
    if not word_key:
        return
    left, bottom = min(b[0] for _, b in chars), min(b[1] for _, b in chars)
    right, top = max(b[2] for _, b in chars), max(b[3] for _, b in chars)
    yield _Word(word_key, (int(left * scale), int((height - top) * scale),
                           int(right * scale) + 1, int((height - bottom) * scale) + 1))


def _ocr_words(image: Image.Image, options: RedactOptions, psm: int) -> list[_Word]:
    """Tesseract's words on `image` with their boxes."""
    lang = languages.tesseract_code(languages.resolve(options.language))
    try:
        table = pytesseract.image_to_data(image, lang=lang, config=f"--psm {psm}",
                                          output_type=pytesseract.Output.DICT, timeout=_PAGE_TIMEOUT_S)
    except (pytesseract.TesseractError, RuntimeError, OSError) as e:
        raise OcrEngineError(f"tesseract could not read a page to redact: {e}") from e
    words = []
    for text, left, top, width, height in zip(table["text"], table["left"], table["top"], table["width"],
                                              table["height"], strict=True):
        word_key = key(text or "")
        if word_key:
            words.append(_Word(word_key, (left, top, left + width, top + height)))
    return words


def _cover(words: list[_Word], wanted: list[str], found: set[str], options: RedactOptions) -> set[Box]:
    """The boxes of the words each wanted value covers on this page; marks the values found."""
    if not words:
        return set()
    joined, owner, starts, ends = _joined(words)
    covered: set[Box] = set()
    for value in wanted:
        spans = list(_exact(joined, value, starts, ends))
        if not spans and len(value) >= _MIN_FUZZY_KEY:
            spans = _approximate(joined, value, options.fuzzy_score)
        for start, end in spans:
            covered.update(words[i].box for i in range(owner[start], owner[end - 1] + 1))
        if spans:
            found.add(value)
    return covered


def _joined(words: list[_Word]) -> tuple[str, list[int], set[int], set[int]]:
    """The words' keys end to end, which word owns each character, and where words start and end."""
    owner: list[int] = []
    starts, ends = set(), set()
    for index, word in enumerate(words):
        starts.add(len(owner))
        owner.extend([index] * len(word.key))
        ends.add(len(owner))
    return "".join(w.key for w in words), owner, starts, ends


def _exact(joined: str, value: str, starts: set[int], ends: set[int]) -> Iterator[tuple[int, int]]:
    at = joined.find(value)
    while at >= 0:
        end = at + len(value)
        if len(value) >= _WHOLE_WORDS_BELOW or (at in starts and end in ends):
            yield at, end
        at = joined.find(value, at + 1)


def _approximate(joined: str, value: str, score: float) -> list[tuple[int, int]]:
    """Every stretch of `joined` approximately equal to `value`, best first, until none scores enough."""
    spans: list[tuple[int, int]] = []
    text = joined
    while True:
        alignment = fuzz.partial_ratio_alignment(value, text, score_cutoff=score)
        if alignment is None or alignment.dest_end <= alignment.dest_start:
            return spans
        start, end = alignment.dest_start, alignment.dest_end
        spans.append((start, end))
        # Blank what was taken (same length, so offsets stay those of `joined`) and look again.
        text = text[:start] + "\0" * (end - start) + text[end:]


def _painted(image: Image.Image, boxes: Iterable[Box], padding: int) -> Image.Image:
    page = image.convert("L") if image.mode != "L" else image.copy()
    draw = ImageDraw.Draw(page)
    for left, top, right, bottom in boxes:
        draw.rectangle((left - padding, top - padding, right + padding, bottom + padding), fill=0)
    return page


def _pdf(pages: list[Image.Image], dpi: int) -> bytes:
    if not pages:
        raise CorruptDocumentError("document", "it has no page to redact")
    out = io.BytesIO()
    pages[0].save(out, format="PDF", save_all=True, append_images=pages[1:], resolution=float(dpi))
    return out.getvalue()
