"""Failure codes of text extraction that do not come from the `ocr` library itself."""

from __future__ import annotations

from service.errors import NotFound

# Stored on the request as `failure_code`; the `ocr` library's own codes (encrypted_pdf, ...) are kept as is.
ORIGINAL_MISSING = "original_missing"
EXTRACTION_FAILED = "extraction_failed"

ORIGINAL_MISSING_DETAIL = (
    "The original document of this request is no longer stored (purged or lost), so its text cannot be "
    "extracted. Submit the document again as a new request."
)
EXTRACTION_FAILED_DETAIL = (
    "Text extraction stopped on an unexpected error. The original is kept: a manager can retry the "
    "request, and if it fails again, report the request reference to the administrators."
)


class PageImageUnavailable(NotFound):
    """No image is stored for this page: purged with the original, extracted before page images were
    kept, a Word file (no pages to show), or a page number beyond the document."""

    code = "page_image_unavailable"
    title = "Page image not available"

    def __init__(self, reference: str, number: int, *, purged: bool, pages: int | None) -> None:
        if purged:
            why = "it was purged with the original under the retention policy"
        elif pages is not None and not 1 <= number <= pages:
            why = f"the document has {pages} page(s)"
        else:
            why = ("none was kept for it (a Word file, or extracted before page images were stored); a manager "
                   "can retry the extraction to make one")
        super().__init__(f"No image of page {number} for {reference}: {why}.")
