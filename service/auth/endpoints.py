"""Sign-in and sign-out."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.security import OAuth2PasswordRequestForm
from pydantic import BaseModel

from service.auth import accounts
from service.auth import service as auth_service
from service.auth.errors import ApiKeyIsNotASession
from service.auth.schemas import (
    ApiKeyCreate,
    ApiKeyCreated,
    ApiKeyRead,
    PasswordChange,
    PasswordSet,
    Revoked,
    UserRead,
)
from service.deps import AdminUser, CurrentUser, SessionDep, get_token
from service.errors import Conflict
from service.models import User

router = APIRouter(prefix="/api/auth", tags=["auth"])
users_router = APIRouter(prefix="/api/users", tags=["accounts"])


class TokenRead(BaseModel):
    access_token: str
    token_type: str = "bearer"
    expires_at: str


class MeRead(BaseModel):
    id: int
    email: str
    full_name: str
    role: str
    caisse_code: str | None
    translator_status: str | None
    language_pairs: list[str]


@router.post("/token", response_model=TokenRead)
def login(session: SessionDep, request: Request,
          form: Annotated[OAuth2PasswordRequestForm, Depends()]) -> TokenRead:
    """Exchange an e-mail and password for a bearer token (OAuth2 password flow)."""
    client = request.client.host if request.client else ""
    user = auth_service.authenticate(session, email=form.username, password=form.password, client=client)
    token, expires_at = auth_service.issue_token(session, user=user)
    return TokenRead(access_token=token, expires_at=expires_at.isoformat())


@router.post("/logout", status_code=204, responses={400: {"description": "Called with an API key"}})
def logout(session: SessionDep, user: CurrentUser, token: Annotated[str | None, Depends(get_token)]) -> None:
    """Revoke the bearer token used for this call.

    An API key is not a session: called with `X-API-Key`, this answers 400 and revokes nothing (an
    administrator revokes keys at DELETE /api/users/{id}/api-keys/{key_id}).
    """
    if token and auth_service.is_api_key(token):
        raise ApiKeyIsNotASession()
    if token:
        auth_service.revoke_token(session, token=token)


@router.post("/password", status_code=204)
def change_own_password(session: SessionDep, user: CurrentUser, body: PasswordChange) -> None:
    """Change your password; every session of the account ends, this one included: sign in again."""
    accounts.change_password(session, user=user, new_password=body.new_password,
                             current_password=body.current_password)


@router.get("/me", response_model=MeRead)
def me(user: CurrentUser) -> MeRead:
    """Who the caller is."""
    return MeRead(id=user.id, email=user.email, full_name=user.full_name, role=user.role,
                  caisse_code=user.caisse.code if user.caisse else None,
                  translator_status=user.translator_status, language_pairs=user.language_pairs or [])


@users_router.get("/{user_id}", response_model=UserRead)
def get_user(session: SessionDep, admin: AdminUser, user_id: int) -> UserRead:
    """One account (administrators)."""
    return user_read(accounts.get_user(session, user_id))


@users_router.post("/{user_id}/password", response_model=Revoked)
def set_password(session: SessionDep, admin: AdminUser, user_id: int, body: PasswordSet) -> Revoked:
    """Set an account's password; its live sessions are revoked (administrators)."""
    user = accounts.get_user(session, user_id)
    return Revoked(revoked=accounts.change_password(session, user=user, new_password=body.new_password))


@users_router.post("/{user_id}/deactivate", response_model=Revoked)
def deactivate(session: SessionDep, admin: AdminUser, user_id: int) -> Revoked:
    """Disable an account: it can no longer sign in, and its tokens and API keys are revoked."""
    user = accounts.get_user(session, user_id)
    if user.id == admin.id:
        raise Conflict("You cannot deactivate your own account; ask another administrator.")
    return Revoked(revoked=accounts.deactivate(session, user=user))


@users_router.post("/{user_id}/activate", response_model=UserRead)
def activate(session: SessionDep, admin: AdminUser, user_id: int) -> UserRead:
    """Enable a disabled account again (revoked tokens and keys stay revoked)."""
    user = accounts.get_user(session, user_id)
    accounts.activate(session, user=user)
    return user_read(user)


@users_router.get("/{user_id}/api-keys", response_model=list[ApiKeyRead])
def list_api_keys(session: SessionDep, admin: AdminUser, user_id: int) -> list[ApiKeyRead]:
    """The account's API keys (never the keys themselves), revoked ones included."""
    user = accounts.get_user(session, user_id)
    return [ApiKeyRead.model_validate(k) for k in accounts.api_keys(session, user=user)]


@users_router.post("/{user_id}/api-keys", response_model=ApiKeyCreated, status_code=201)
def create_api_key(session: SessionDep, admin: AdminUser, user_id: int, body: ApiKeyCreate) -> ApiKeyCreated:
    """A new API key acting as the account; the key is in this answer only."""
    user = accounts.get_user(session, user_id)
    key = auth_service.create_api_key(session, user=user, name=body.name)
    row = accounts.api_keys(session, user=user)[0]
    return ApiKeyCreated(**ApiKeyRead.model_validate(row).model_dump(), key=key)


@users_router.delete("/{user_id}/api-keys/{key_id}", status_code=204)
def revoke_api_key(session: SessionDep, admin: AdminUser, user_id: int, key_id: int) -> None:
    """Revoke an API key: calls made with it are refused from now on."""
    accounts.revoke_api_key(session, user=accounts.get_user(session, user_id), key_id=key_id)


def user_read(user: User) -> UserRead:
    """The API view of an account."""
    return UserRead(id=user.id, email=user.email, full_name=user.full_name, role=user.role,
                    is_active=user.is_active, caisse_code=user.caisse.code if user.caisse else None,
                    last_sign_in_at=user.last_sign_in_at)
