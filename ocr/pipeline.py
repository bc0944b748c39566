"""`extract()`: a document in, its pages' text out.

The recipe: sniff the format from the bytes; for a PDF, keep each page's text layer when it holds real
text (see `ocr.textlayer`) and otherwise render the page and OCR it; for an image, OCR each frame; for
UTF-8 text, pass it through. Then detect each page's language and warn where it differs from the
declared one.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ALL_COMPLETED, FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image

from ocr import detect, images, languages, pdf, sniff, textlayer
from ocr._exec import tesseract
from ocr.confidence import likely_misread
from ocr.errors import PageNotInDocumentError, TooManyPagesError
from ocr.model import ExtractedDocument, Method, Page, Word
from ocr.options import ExtractOptions
from ocr.recognize import PageImage, PageReader
from ocr.render import PdfiumDocument

# Text-layer pages are rendered for the page image only (`ExtractOptions.page_image_dir`): enough to show.
TEXT_LAYER_IMAGE_DPI = 150
_SUFFIXES = {sniff.PNG: ".png", sniff.JPEG: ".jpg", sniff.TIFF: ".tif"}


@dataclass
class _RawPage:
    number: int
    text: str
    method: Method
    confidence: float | None = None
    image: Path | None = None
    words: tuple[Word, ...] = ()
    note: str | None = None  # a warning about this page, added to the document's in page order


# What the page loops hand to `_Run.read_pages`: a page already read (a text layer), or one to OCR.
_Job = _RawPage | tuple[int, PageImage]


@dataclass
class _Run:
    """The state of one extraction: options, resolved language, work folder, warnings so far."""

    options: ExtractOptions
    language: str
    workdir: Path
    warnings: list[str] = field(default_factory=list)
    # Pages the document has, the unread ones included (set by the format's reader).
    total: int = 0
    _reader: PageReader | None = None

    def wanted(self, total: int) -> list[int]:
        """The 1-based page numbers to read out of `total`: the selection, checked, else all of them."""
        self.total = total
        selection = self.options.pages
        if selection is None:
            return list(range(1, total + 1))
        missing = sorted(n for n in set(selection) if not 1 <= n <= total)
        if missing:
            raise PageNotInDocumentError(missing, total)
        return sorted(set(selection))

    def reader(self) -> PageReader:
        """The OCR page reader, created (and the language pack checked) on the first page that needs it."""
        if self._reader is None:
            code = languages.tesseract_code(self.language)
            tesseract.require_language(code)
            # Pages read side by side each get one OpenMP thread: N pages on N cores, not N x N threads.
            threads = 1 if self.options.processes > 1 else None
            self._reader = PageReader(language=code, psm=self.options.psm, workdir=self.workdir,
                                      photo_steps=self.options.photo_steps, threads=threads)
        return self._reader

    def ocr(self, number: int, page: PageImage) -> _RawPage:
        """OCR one page image and note a poor reading (safe to run in several threads at once)."""
        reading = self.reader().read(page)
        note = None
        if likely_misread(reading.confidence):
            note = (f"Page {number} was read with low confidence ({reading.confidence:.0f}/100); check the "
                    "text against the scan, or submit a sharper scan (300 DPI, straight, well lit).")
        return _RawPage(number, reading.text, "ocr", reading.confidence,
                        self.keep_image(number, reading.image), reading.boxes, note)

    def read_pages(self, jobs: Iterable[_Job], total: int) -> list[_RawPage]:
        """Every page, OCRed up to `options.processes` at a time, in page order; progress as pages finish.

        Threads suffice: the work is in the tesseract processes (and in OpenCV and Pillow, which let go
        of the GIL). At most twice as many pages as processes wait in memory, rendered.
        """
        done: list[_RawPage] = []

        def finished(page: _RawPage) -> None:
            done.append(page)
            self.progress(len(done), total)

        if self.options.processes <= 1:
            for job in jobs:
                finished(job if isinstance(job, _RawPage) else self.ocr(*job))
        else:
            pool = ThreadPoolExecutor(self.options.processes, thread_name_prefix="ocr-page")
            try:
                pending: set[Future[_RawPage]] = set()
                for job in jobs:
                    if isinstance(job, _RawPage):
                        finished(job)
                        continue
                    self.reader()  # the language pack is checked once, before any thread starts
                    pending.add(pool.submit(self.ocr, *job))
                    if len(pending) >= 2 * self.options.processes:
                        pending = _collect(pending, finished, FIRST_COMPLETED)
                _collect(pending, finished, ALL_COMPLETED)
            finally:
                # On an error (a page tesseract fails on, a task's time limit) the pages not started
                # are dropped rather than read for nothing.
                pool.shutdown(wait=True, cancel_futures=True)
        done.sort(key=lambda p: p.number)
        self.warnings.extend(p.note for p in done if p.note)
        return done

    def keep_image(self, number: int, source: Path | Image.Image | None) -> Path | None:
        """Save the page's final image as `page-<n>.png` in the caller's folder, when one was given."""
        folder = self.options.page_image_dir
        if folder is None or source is None:
            return None
        return images.write_png(source, folder / f"page-{number}.png")

    def progress(self, done: int, total: int) -> None:
        """Report progress to the caller, if it asked."""
        if self.options.progress is not None:
            self.options.progress(done, total)


def extract(source: Path | bytes, options: ExtractOptions) -> ExtractedDocument:
    """Extract the text of a PDF, image (PNG, JPEG, TIFF) or UTF-8 text document, page by page."""
    language = languages.resolve(options.language)
    path = source if isinstance(source, Path) else None
    data = source.read_bytes() if isinstance(source, Path) else bytes(source)
    mime_type = sniff.sniff(data)
    with tempfile.TemporaryDirectory(prefix="passerelle-ocr-") as tmp:
        run = _Run(options, language, Path(tmp))
        if mime_type == sniff.TEXT:
            pages = _text_pages(data, run)
        elif mime_type == sniff.PDF:
            pages = _pdf_pages(data, run)
        else:
            pages = _image_pages(path or _saved(data, mime_type, run.workdir), run)
    return _document(pages, mime_type, run)


def _text_pages(data: bytes, run: _Run) -> list[_RawPage]:
    text = data.decode("utf-8-sig").replace("\r\n", "\n").replace("\r", "\n").strip()
    run.wanted(1)
    run.progress(1, 1)
    return [_RawPage(1, text, "text_layer")]


def _collect(pending: set[Future[_RawPage]], finished: Callable[[_RawPage], None],
             until: str) -> set[Future[_RawPage]]:
    """Wait for some (or all) pages in flight, hand over those done, and return those still running."""
    ready, still = wait(pending, return_when=until)
    for future in ready:
        finished(future.result())  # an OCR error surfaces here, as it would have in the loop
    return still


def _pdf_pages(data: bytes, run: _Run) -> list[_RawPage]:
    with pdf.open_pdf(data, run.options.max_pages) as renderer:
        wanted = run.wanted(len(renderer))
        return run.read_pages(_pdf_jobs(renderer, run, wanted), len(wanted))


def _pdf_jobs(renderer: PdfiumDocument, run: _Run, wanted: list[int]) -> Iterator[_Job]:
    for number in wanted:
        index = number - 1
        text = renderer.text(index)
        verdict = textlayer.assess(text, page_has_images=_lazy(renderer.has_images, index))
        if verdict.keep:
            image = _text_layer_image(renderer, index, run)
            yield _text_layer_page(renderer, index, text, image)
        else:
            yield number, _rendered(renderer, index, run)


def _text_layer_page(renderer: PdfiumDocument, index: int, text: str, image: Path | None) -> _RawPage:
    """A kept text layer, laid out like an OCR page when that only moves line breaks (else as PDFium
    gives it, each character with its box)."""
    arranged = renderer.laid_out(index)
    if arranged is not None and arranged.text and _same_characters(arranged.text, text):
        words = tuple(Word(w.text, w.box) for w in arranged.words)
        return _RawPage(index + 1, arranged.text, "text_layer", image=image, words=words)
    return _RawPage(index + 1, text.strip(), "text_layer", image=image, words=renderer.characters(index))


def _same_characters(a: str, b: str) -> bool:
    return "".join(a.split()) == "".join(b.split())


def _rendered(renderer: PdfiumDocument, index: int, run: _Run) -> PageImage:
    options = run.options
    pixels, dpi = renderer.render(index, options.dpi, options.max_image_pixels)
    if dpi < options.dpi:
        run.warnings.append(
            f"Page {index + 1} is very large; it was read at {dpi} DPI instead of {options.dpi}."
        )
    return PageImage(images.write_pnm(pixels, run.workdir / f"page{index + 1}.pgm"), dpi, pixels)


def _text_layer_image(renderer: PdfiumDocument, index: int, run: _Run) -> Path | None:
    if run.options.page_image_dir is None:
        return None
    pixels, _ = renderer.render(index, TEXT_LAYER_IMAGE_DPI, run.options.max_image_pixels)
    return run.keep_image(index + 1, pixels)


def _image_pages(path: Path, run: _Run) -> list[_RawPage]:
    options = run.options
    with images.open_image(path, options.max_image_pixels) as image:
        total = images.frame_count(image)
        if total > options.max_pages:
            raise TooManyPagesError(total, options.max_pages)
        wanted = run.wanted(total)
        if not images.needs_normalising(image):
            # The file is already what tesseract wants: hand it over untouched.
            images.check_complete(image, path)
            return run.read_pages([(1, PageImage(path, images.dpi_of(image)))], 1)
        return run.read_pages(_frame_jobs(image, run, wanted), len(wanted))


def _frame_jobs(image: Image.Image, run: _Run, wanted: list[int]) -> Iterator[_Job]:
    for index, frame in enumerate(images.frames(image, run.options.max_image_pixels)):
        if index + 1 not in wanted:
            continue
        pixels = images.normalised(frame)
        file = images.write_pnm(pixels, run.workdir / f"page{index + 1}.pgm")
        yield index + 1, PageImage(file, images.dpi_of(frame), pixels)


def _saved(data: bytes, mime_type: str, workdir: Path) -> Path:
    """Bytes given in memory go to one file, which tesseract then reads directly."""
    path = workdir / f"source{_SUFFIXES[mime_type]}"
    path.write_bytes(data)
    return path


def _lazy(check: Callable[..., bool], *args: object) -> Callable[[], bool]:
    return lambda: check(*args)


def _document(raw_pages: list[_RawPage], mime_type: str, run: _Run) -> ExtractedDocument:
    # Control characters never reach segments (XML exports could not carry them back).
    texts = [textlayer.without_controls(p.text) for p in raw_pages]
    detected = [detect.detect(text) if run.options.detect_language else None for text in texts]
    pages = [
        Page(p.number, text, p.method, p.confidence, language, p.image, p.words)
        for p, text, language in zip(raw_pages, texts, detected, strict=True)
    ]
    language = detect.majority((p.language, len(p.text)) for p in pages)
    warnings = run.warnings + _text_warnings(pages) + _language_warnings(pages, language, run.language)
    return ExtractedDocument(pages, language, run.total or len(pages), warnings, mime_type)


def _text_warnings(pages: list[Page]) -> list[str]:
    empty = [p.number for p in pages if not p.text.strip()]
    if not empty:
        return []
    if len(empty) == len(pages):
        return ["No text was found in the document; check that it is not a blank or photo-only file."]
    return [f"No text was found on page(s) {_numbers(empty)}."]


def _language_warnings(pages: list[Page], language: str | None, declared: str) -> list[str]:
    if language is not None and language != declared:
        return [
            f"The text looks like {language!r}, not the declared {declared!r}: check the request's source "
            "language (OCR used the declared language's pack)."
        ]
    others = [p.number for p in pages if p.language is not None and p.language != declared]
    if others:
        return [f"Page(s) {_numbers(others)} look like another language than the declared {declared!r}."]
    return []


def _numbers(numbers: list[int]) -> str:
    return ", ".join(str(n) for n in numbers)
