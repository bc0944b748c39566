"""Errors of the partner domain."""

from __future__ import annotations

from service.errors import Conflict, InvalidInput, NotFound


class PartnerNotFound(NotFound):
    code = "partner_not_found"
    title = "Partner not found"

    def __init__(self, code: str) -> None:
        super().__init__(f"No partner organisation '{code}'; list them with GET /api/partners.")


class PartnerExists(Conflict):
    code = "partner_exists"
    title = "Partner already exists"

    def __init__(self, code: str) -> None:
        super().__init__(f"The code '{code}' is already used by a partner or a caisse; choose another code.")


class InvalidPartnerCode(InvalidInput):
    code = "invalid_partner_code"
    title = "Invalid partner code"

    def __init__(self, code: str) -> None:
        super().__init__(f"'{code}' is not a valid code: 2 to 24 capital letters, digits or hyphens "
                         "(e.g. SANDIA).", field="code")
