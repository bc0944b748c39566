"""Errors raised by the text-extraction library.

Every error carries a stable `code` slug (stored on the request, shown to the caisse) and a message that
says what to do next. Third-party failures are wrapped with `raise ... from e` so the cause stays visible.
"""

from __future__ import annotations


class OcrError(Exception):
    """Base of every text-extraction failure."""

    code: str = "ocr_failed"


class EncryptedPdfError(OcrError):
    """The PDF needs a password before its pages can be read."""

    code = "encrypted_pdf"

    def __init__(self, detail: str = "") -> None:
        super().__init__(
            "The PDF is password-protected, so its pages cannot be read. Ask the sender for an unprotected "
            "copy, or remove the password yourself (for example `qpdf --decrypt --password=PASSWORD "
            "in.pdf out.pdf`) and submit the decrypted file." + (f" ({detail})" if detail else "")
        )


class CorruptDocumentError(OcrError):
    """The file claims a known format but cannot be parsed (damaged or truncated)."""

    code = "corrupt_document"

    def __init__(self, kind: str, detail: str) -> None:
        super().__init__(
            f"The {kind} file is damaged or truncated and cannot be read ({detail}). Open it on your "
            "computer to check it, then submit a complete copy (re-export or re-scan it if needed)."
        )


class EmptyDocumentError(OcrError):
    """The document holds no page (or no byte) to read."""

    code = "no_pages"

    def __init__(self, what: str = "The document has no pages") -> None:
        super().__init__(f"{what}, so there is nothing to translate. Check that the right file was attached.")


class ImageTooLargeError(OcrError):
    """An image (or a rendered page) has more pixels than allowed: a likely decompression bomb."""

    code = "image_too_large"

    def __init__(self, pixels: int, limit: int) -> None:
        super().__init__(
            f"The image has {pixels:,} pixels, more than the {limit:,} allowed (files like this are often "
            "malformed or hostile). Re-scan the page at 300 DPI, or export it at a smaller size, and submit "
            "it again."
        )


class TooManyPagesError(OcrError):
    """The document has more pages than the configured limit."""

    code = "too_many_pages"

    def __init__(self, pages: int, limit: int) -> None:
        super().__init__(
            f"The document has {pages} pages; at most {limit} are accepted in one request. Split it into "
            f"several files (for example `qpdf in.pdf --pages . 1-{limit} -- part1.pdf`) and submit each one."
        )


class PageNotInDocumentError(OcrError):
    """The pages asked for name a page the document does not have."""

    code = "page_not_in_document"

    def __init__(self, missing: list[int], pages: int) -> None:
        names = ", ".join(str(n) for n in missing)
        super().__init__(
            f"The document has {pages} page{'s' if pages > 1 else ''}, so page {names} cannot be translated. "
            f"Choose pages between 1 and {pages} (for example `1,3-{pages}`), or leave the pages empty to "
            "translate the whole document."
        )


class UnsupportedLanguageError(OcrError):
    """The declared language is not one the service can read."""

    code = "unsupported_language"

    def __init__(self, language: str, supported: list[str]) -> None:
        super().__init__(
            f"The language {language!r} is not supported for text extraction. Choose one of: "
            f"{', '.join(supported)} (ISO 639-1 codes)."
        )


class MissingLanguagePackError(OcrError):
    """Tesseract lacks the trained data for the requested language."""

    code = "missing_language_pack"

    def __init__(self, tesseract_code: str) -> None:
        super().__init__(
            f"The OCR language pack {tesseract_code!r} is not installed on this server. An administrator "
            f"must install it (`apt-get install tesseract-ocr-{tesseract_code}`), then the request can be "
            "retried."
        )


class UnsupportedFormatError(OcrError):
    """The bytes are none of the accepted formats."""

    code = "unsupported_format"

    def __init__(self, detail: str = "") -> None:
        super().__init__(
            "The file is not a PDF, a PNG, JPEG or TIFF image, or UTF-8 text"
            + (f" ({detail})" if detail else "")
            + ". Save or export it as PDF and submit it again."
        )


class OcrEngineError(OcrError):
    """Tesseract is missing or failed on a page."""

    code = "ocr_engine_failed"

    def __init__(self, detail: str) -> None:
        super().__init__(
            f"The OCR engine failed ({detail}). This is a server problem: retry later, and if it persists "
            "ask an administrator to check the tesseract installation (`tesseract --version`)."
        )
