"""Errors of the caisse domain; each says what to do next."""

from __future__ import annotations

from service.errors import Conflict, InvalidInput, NotFound
from service.kit import outbound


class CaisseNotFound(NotFound):
    code = "caisse_not_found"
    title = "Caisse not found"

    def __init__(self, code: str) -> None:
        super().__init__(f"No caisse with code '{code}'; list them with GET /api/caisses.")


class InvalidCallbackHost(InvalidInput):
    code = "invalid_callback_host"
    title = "Invalid host"

    def __init__(self, host: str) -> None:
        super().__init__(f"'{host}' is not a host name or an IP address; give the host part of the callback "
                         "URL only (no scheme, port or path), for example `hooks.caisse.example` or `10.2.3.4`.",
                         field="host")


class CallbackUrlRefused(InvalidInput):
    code = "callback_url_refused"
    title = "Callback URL refused"

    def __init__(self, refused: outbound.OutboundRefused) -> None:
        super().__init__(
            f"callback_url: {refused}. Notifications are only sent to public Internet addresses; give the "
            "public address of your system, or ask an administrator to allow-list this host for your caisse.",
            field="callback_url", rule=refused.rule, host=refused.host)


class CaisseExists(Conflict):
    code = "caisse_exists"
    title = "Caisse already exists"

    def __init__(self, code: str) -> None:
        super().__init__(f"A caisse with code '{code}' already exists; choose another code.")


class InvalidCaisse(InvalidInput):
    code = "invalid_caisse"
    title = "Invalid caisse"
    RULES = {
        "code": "the code is 2 to 32 capital letters, digits, '-' or '_' (e.g. CPAM75)",
        "name": "the name is required (200 characters at most)",
        "kind": "the kind is one of CPAM, CAF, CARSAT, URSSAF, MSA, CNAV, other",
        "contact_email": "the contact e-mail is not an e-mail address",
        "contact_name": "the contact name has 200 characters at most",
        "contact_phone": "the contact telephone has digits, spaces, '+', '.', '-' or parentheses only",
    }

    def __init__(self, field: str) -> None:
        super().__init__(f"Caisse refused: {self.RULES[field]}.", field=field)
