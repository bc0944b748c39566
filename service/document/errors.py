"""Failure codes of text extraction that do not come from the `ocr` library itself."""

from __future__ import annotations

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
