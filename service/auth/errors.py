"""Authentication errors."""

from __future__ import annotations

from service.errors import Conflict, InvalidInput, NotFound, ServiceError, Unauthorized


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
        super().__init__(f"Too many failed sign-ins for this account or from this address; nothing was checked. "
                         f"Try again in {retry_after} seconds (the wait grows with each failure).",
                         retry_after=retry_after)
        self.headers = {"Retry-After": str(retry_after)}


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


class UserNotFound(NotFound):
    code = "user_not_found"
    title = "Account not found"

    def __init__(self, who: str) -> None:
        super().__init__(f"No account {who}; check the id or e-mail address.")


class ApiKeyNotFound(NotFound):
    code = "api_key_not_found"
    title = "API key not found"

    def __init__(self, which: str) -> None:
        super().__init__(f"No API key {which} for this account; list the keys with GET /api/users/{{id}}/api-keys "
                         "or `passerelle users keys EMAIL`.")


class WeakPassword(InvalidInput):
    code = "weak_password"
    title = "Password refused"

    def __init__(self, reason: str) -> None:
        super().__init__(f"The new password is refused: {reason}. Choose a longer passphrase.",
                         field="new_password")


class WrongPassword(InvalidInput):
    code = "wrong_password"
    title = "Current password is wrong"

    def __init__(self) -> None:
        super().__init__("The current password is wrong; nothing was changed.", field="current_password")


class ApiKeyIsNotASession(ServiceError):
    code = "api_key_not_a_session"
    title = "An API key is not a session"

    def __init__(self) -> None:
        super().__init__("This call was authenticated with an API key, which is not a session: nothing was "
                         "revoked. An administrator revokes a key with DELETE /api/users/{id}/api-keys/{key_id} "
                         "or `passerelle users revoke-key PREFIX`.")
