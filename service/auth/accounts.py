"""Account credentials over their life: password change, deactivation, API keys; each revokes what it must.

- A password change revokes every bearer token of the account (sessions opened with the old password),
  including the caller's own: sign in again with the new one. API keys are separate credentials of a
  caisse's system and stay valid; revoke them one by one.
- Deactivation revokes the account's bearer tokens and API keys; reactivation gives none of them back.
- Revoking an API key ends it at once; a key is never shown again after its creation.
"""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from service.auth import security
from service.auth.errors import ApiKeyNotFound, UserNotFound, WeakPassword, WrongPassword
from service.auth.service import MIN_PASSWORD_LENGTH
from service.config import get_settings
from service.db.base import utcnow
from service.models import AccessToken, ApiKey, User


def get_user(session: Session, user_id: int) -> User:
    """The account `user_id`; 404 otherwise."""
    user = session.get(User, user_id)
    if user is None:
        raise UserNotFound(str(user_id))
    return user


def get_user_by_email(session: Session, email: str) -> User:
    """The account with this e-mail (any letter case); 404 otherwise."""
    user = session.scalar(select(User).where(User.email == email.strip().lower()))
    if user is None:
        raise UserNotFound(email)
    return user


def check_password_strength(password: str) -> None:
    """Refuse a password too short, or the published demo password outside demo mode."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise WeakPassword(f"at least {MIN_PASSWORD_LENGTH} characters are needed")
    if password == security.DEMO_PASSWORD and not get_settings().demo_mode:
        raise WeakPassword("the demo password is published and refused outside demo mode")


def change_password(session: Session, *, user: User, new_password: str,
                    current_password: str | None = None) -> int:
    """Set a new password (checking the current one when given); returns how many live tokens were revoked."""
    if current_password is not None and not security.verify_password(user.password_hash, current_password):
        raise WrongPassword()
    check_password_strength(new_password)
    user.password_hash = security.hash_password(new_password)
    return revoke_tokens(session, user=user)


def deactivate(session: Session, *, user: User) -> int:
    """Disable the account and revoke its tokens and API keys; returns how many credentials were revoked."""
    user.is_active = False
    return revoke_tokens(session, user=user) + _revoke_keys(session, user=user)


def activate(session: Session, *, user: User) -> None:
    """Enable the account again (it signs in anew; revoked tokens and keys stay revoked)."""
    user.is_active = True


def revoke_tokens(session: Session, *, user: User) -> int:
    """Revoke every live bearer token of `user`."""
    result = session.execute(update(AccessToken).where(AccessToken.user_id == user.id,
                                                       AccessToken.revoked_at.is_(None))
                             .values(revoked_at=utcnow()))
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


def api_keys(session: Session, *, user: User) -> list[ApiKey]:
    """The account's API keys, revoked ones included, newest first."""
    return list(session.scalars(select(ApiKey).where(ApiKey.user_id == user.id).order_by(ApiKey.id.desc())))


def revoke_api_key(session: Session, *, user: User | None = None, key_id: int | None = None,
                   prefix: str | None = None) -> ApiKey:
    """Revoke one API key, found by id (of `user`'s keys) or by its public prefix; 404 when unknown."""
    query = select(ApiKey)
    if key_id is not None:
        query = query.where(ApiKey.id == key_id)
    if prefix is not None:
        query = query.where(ApiKey.prefix == prefix.strip())
    if user is not None:
        query = query.where(ApiKey.user_id == user.id)
    key = session.scalar(query) if key_id is not None or prefix is not None else None
    if key is None:
        raise ApiKeyNotFound(str(key_id if key_id is not None else prefix))
    if key.revoked_at is None:
        key.revoked_at = utcnow()
    return key


def _revoke_keys(session: Session, *, user: User) -> int:
    result = session.execute(update(ApiKey).where(ApiKey.user_id == user.id, ApiKey.revoked_at.is_(None))
                             .values(revoked_at=utcnow()))
    return int(result.rowcount or 0)  # type: ignore[attr-defined]
