"""Sign-in and sign-out."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.security import OAuth2PasswordRequestForm
from pydantic import BaseModel

from service.auth import service as auth_service
from service.auth.errors import InvalidCredentials
from service.deps import CurrentUser, SessionDep, get_token

router = APIRouter(prefix="/api/auth", tags=["auth"])


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
    try:
        user = auth_service.authenticate(session, email=form.username, password=form.password, client=client)
    except InvalidCredentials:
        session.commit()  # keep the failed attempt: it feeds the rate limit
        raise
    token, expires_at = auth_service.issue_token(session, user=user)
    return TokenRead(access_token=token, expires_at=expires_at.isoformat())


@router.post("/logout", status_code=204)
def logout(session: SessionDep, user: CurrentUser, token: Annotated[str | None, Depends(get_token)]) -> None:
    """Revoke the token used for this call."""
    if token:
        auth_service.revoke_token(session, token=token)


@router.get("/me", response_model=MeRead)
def me(user: CurrentUser) -> MeRead:
    """Who the caller is."""
    return MeRead(id=user.id, email=user.email, full_name=user.full_name, role=user.role,
                  caisse_code=user.caisse.code if user.caisse else None,
                  translator_status=user.translator_status, language_pairs=user.language_pairs or [])
