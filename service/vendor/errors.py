"""Errors of vendors, contracts and outsourced jobs; each says what to do next."""

from __future__ import annotations

from service.errors import Conflict, InvalidInput, NotFound, ServiceError


class VendorNotFound(NotFound):
    code = "vendor_not_found"
    title = "Vendor not found"

    def __init__(self, vendor_id: int) -> None:
        super().__init__(f"No vendor {vendor_id}; list them with GET /api/vendors.")


class ContractNotFound(NotFound):
    code = "contract_not_found"
    title = "Contract rate not found"

    def __init__(self, contract_id: int) -> None:
        super().__init__(f"No contract rate {contract_id}.")


class JobNotFound(NotFound):
    code = "job_not_found"
    title = "Outsourced job not found"

    def __init__(self, job_id: int) -> None:
        super().__init__(f"No outsourced job {job_id}; list them with GET /api/jobs.")


class PackagePurged(NotFound):
    code = "package_purged"
    title = "Vendor package purged"

    def __init__(self, job_id: int) -> None:
        super().__init__(f"The package of outsourced job {job_id} was deleted under the retention policy.")


class MissingRate(Conflict):
    """No valid contract rate for the pair and job class: outsourcing is blocked."""

    code = "missing_rate"
    title = "No contract rate for this pair and job class"

    def __init__(self, source_lang: str, target_lang: str, job_class: str, vendor: str | None = None) -> None:
        who = f"vendor {vendor}" if vendor else "a vendor"
        super().__init__(f"No valid contract rate for {source_lang}>{target_lang}, job class '{job_class}'. "
                         f"Add one for {who} (POST /api/vendors/{{id}}/contracts with source_lang="
                         f"{source_lang}, target_lang={target_lang}, job_class={job_class}), then route "
                         "the request again.", pair=f"{source_lang}>{target_lang}", job_class=job_class)


class InvalidContract(InvalidInput):
    code = "invalid_contract"
    title = "Invalid contract rate"

    def __init__(self, detail: str) -> None:
        super().__init__(detail)


class JobStateConflict(Conflict):
    code = "job_state_conflict"
    title = "Not possible in the job's current state"

    def __init__(self, job_id: int, status: str, wanted: str) -> None:
        super().__init__(f"Outsourced job {job_id} is '{status}'; it must be '{wanted}' for this step.",
                         job_status=status)


class XliffRejected(InvalidInput):
    """A returned XLIFF that cannot be imported; nothing was changed.

    `problems` are English sentences (the API's); `codes`, when given, the same problems as a code and its
    parameters each ({"code": "placeholders_dropped", "unit": "3", "items": "⟦PERSON_1⟧"}), for the pages
    to word in French. Problems found while parsing carry the code "unreadable".
    """

    code = "xliff_rejected"
    title = "XLIFF file refused"

    def __init__(self, problems: list[str], codes: list[dict[str, str]] | None = None) -> None:
        shown = "; ".join(problems[:10]) + (f" (and {len(problems) - 10} more)" if len(problems) > 10 else "")
        codes = codes if codes is not None else [{"code": "unreadable", "detail": p} for p in problems]
        super().__init__(f"The XLIFF file was refused and nothing was changed: {shown}. Correct the file "
                         "and upload it again.", problems=problems[:50], problem_codes=codes[:50])


class OriginalNotRedactable(Conflict):
    """The original cannot be sent as a redacted PDF (a text or Word file, or purged)."""

    code = "original_not_redactable"
    title = "The original cannot go to the vendor redacted"

    def __init__(self, reference: str, why: str, reason: str) -> None:
        super().__init__(f"The original of {reference} cannot be sent redacted: {why}. Send the package without "
                         "the original (include_original=false): its XLIFF carries the whole text, masked.",
                         reference=reference, reason=reason)


class RedactionIncomplete(ServiceError):
    """Some masked values were not found on the page images: the redaction cannot be trusted."""

    status_code = 422
    code = "redaction_incomplete"
    title = "Personal values could not all be located on the pages"

    def __init__(self, missing: int) -> None:
        super().__init__(f"{missing} masked value(s) could not be located on the original's pages, so the "
                         "redacted copy could show them; it was not sent. Send the package without the original.",
                         missing=missing)
