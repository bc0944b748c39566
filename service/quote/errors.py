"""Errors of quotes and client invoices; each says what to do next."""

from __future__ import annotations

from service.errors import Conflict, InvalidInput, NotFound


class ClientNotFound(NotFound):
    code = "client_not_found"
    title = "Client not found"

    def __init__(self, client_id: int) -> None:
        super().__init__(f"No client {client_id}; list them with GET /api/quotes/clients.")


class ClientExists(Conflict):
    code = "client_exists"
    title = "Client already registered"

    def __init__(self, what: str) -> None:
        super().__init__(f"A client or account with this {what} already exists; "
                         f"use it or choose another {what}.")


class QuoteNotFound(NotFound):
    code = "quote_not_found"
    title = "Quote not found"

    def __init__(self, quote_id: int) -> None:
        super().__init__(f"No quote {quote_id}.")


class MissingPrice(Conflict):
    code = "missing_price"
    title = "No published price"

    def __init__(self, pair: str, job_class: str) -> None:
        super().__init__(f"The price list has no price for {pair}, job class '{job_class}'. Add one "
                         "(POST /api/quotes/prices) for this pair or for every pair ('*').",
                         pair=pair, job_class=job_class)


class QuoteNotOpen(Conflict):
    code = "quote_not_open"
    title = "Quote already decided or expired"

    def __init__(self, reference: str, status: str) -> None:
        super().__init__(f"Quote {reference} is '{status}'; only a draft or sent quote still valid can be "
                         "sent, accepted or declined. Make a new quote.", quote_status=status)


class NothingToInvoice(InvalidInput):
    code = "nothing_to_invoice"
    title = "Nothing to invoice"

    def __init__(self, client: str) -> None:
        super().__init__(f"{client} has no delivered work left to invoice.")
