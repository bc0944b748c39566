"""Authentication errors."""

from __future__ import annotations

from service.errors import Conflict, InvalidInput, ServiceError, Unauthorized


class InvalidCredentials(Unauthorized):
    code = "invalid_credentials"
    title = "Invalid credentials"

    def __init__(self) -> None:
        super().__init__("E-mail or password is wrong, or the account is disabled.")


class InvalidToken(Unauthorized):
    code = "invalid_token"
    title = "Invalid or expired token"

    def __init__(self) -> None:
        super().__init__("The token is unknown, expired or revoked: sign in again at POST /api/auth/token.")


class TooManyAttempts(ServiceError):
    status_code = 429
    code = "too_many_attempts"
    title = "Too many sign-in attempts"

    def __init__(self, retry_after: int) -> None:
        super().__init__(f"Too many failed sign-ins for this account; try again in {retry_after} seconds.",
                         retry_after=retry_after)


class AccountExists(Conflict):
    code = "account_exists"
    title = "Account already exists"

    def __init__(self, email: str) -> None:
        super().__init__(f"An account {email} already exists; sign in with it or choose another e-mail.")


class InvalidAccount(InvalidInput):
    code = "invalid_account"
    title = "Invalid account"

    def __init__(self, detail: str, field: str) -> None:
        super().__init__(detail, field=field)
