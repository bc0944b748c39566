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
from service.auth.errors import ApiKeyNotFound, InvalidAccount, UserNotFound, WeakPassword, WrongPassword
from service.auth.service import MIN_PASSWORD_LENGTH, check_pairs
from service.config import get_settings
from service.db.base import utcnow
from service.models import AccessToken, ApiKey, Caisse, User
from service.models.enums import Role, TranslatorStatus


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


def list_users(session: Session) -> list[User]:
    """Every account, active ones first, by role then e-mail."""
    return list(session.scalars(select(User).order_by(User.is_active.desc(), User.role, User.email)))


def update_profile(session: Session, *, user: User, role: Role | str, pairs: list[str], trainee: bool,
                   caisse: Caisse | None, capacity_pages_per_day: float | None = None) -> User:
    """Change what an account does: its role, caisse, language pairs and staff or trainee status.

    The same rules as at creation: a submitter belongs to a caisse; only translators have pairs and a status.
    A role change revokes the account's bearer tokens, so no session keeps the old role's rights.
    """
    if role not in {r.value for r in Role}:
        raise InvalidAccount(f"Unknown role '{role}'; use one of: {', '.join(r.value for r in Role)}.", "role")
    if role == Role.SUBMITTER and caisse is None:
        raise InvalidAccount("A submitter belongs to a caisse: give an existing caisse code.", "caisse")
    if role == Role.PARTNER and user.partner_id is None:
        raise InvalidAccount("A partner's agent belongs to a partner organisation: create the account anew.",
                             "role")
    if capacity_pages_per_day is not None and not 0 <= capacity_pages_per_day <= 100:
        raise InvalidAccount("The capacity is between 0 and 100 pages a day.", "capacity")
    translator = role == Role.TRANSLATOR
    changed_role = user.role != role
    user.role = str(role)
    user.caisse_id = caisse.id if caisse is not None and role == Role.SUBMITTER else None
    user.language_pairs = check_pairs(pairs) if translator else []
    user.translator_status = (TranslatorStatus.TRAINEE if trainee else TranslatorStatus.STAFF) if translator else None
    if capacity_pages_per_day is not None:
        user.capacity_pages_per_day = capacity_pages_per_day if translator else 0.0
    if changed_role:
        revoke_tokens(session, user=user)
    session.flush()
    return user


def temporary_password() -> str:
    """A random password for a new or reset account (120 bits), to be passed on and changed by its owner."""
    return security.new_token()[:20]


def reset_password(session: Session, *, user: User) -> str:
    """A new random password for the account, returned once; every bearer token of the account is revoked."""
    password = temporary_password()
    user.password_hash = security.hash_password(password)
    revoke_tokens(session, user=user)
    return password


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


def caisse_api_keys(session: Session, *, caisse_id: int) -> list[tuple[ApiKey, User]]:
    """The API keys of the caisse's accounts with their account, revoked ones included, newest first."""
    rows = session.execute(select(ApiKey, User).join(User, User.id == ApiKey.user_id)
                           .where(User.caisse_id == caisse_id).order_by(ApiKey.id.desc()))
    return [(key, user) for key, user in rows.tuples()]


def caisse_member(session: Session, *, caisse_id: int, user_id: int) -> User:
    """The active account `user_id` of the caisse; 404 when it is not one of the caisse's accounts."""
    user = session.get(User, user_id)
    if user is None or user.caisse_id != caisse_id or not user.is_active:
        raise UserNotFound(str(user_id))
    return user


def check_key_name(name: str) -> str:
    """The name of a new API key (what it is for), 1 to 100 characters."""
    if not name.strip() or len(name.strip()) > 100:
        raise InvalidAccount("Name the API key after what uses it (1 to 100 characters).", "key_name")
    return name.strip()


def revoke_caisse_api_key(session: Session, *, caisse_id: int, key_id: int) -> ApiKey:
    """Revoke key `key_id` if it belongs to one of the caisse's accounts; 404 otherwise."""
    key = session.get(ApiKey, key_id)
    owner = session.get(User, key.user_id) if key is not None else None
    if key is None or owner is None or owner.caisse_id != caisse_id:
        raise ApiKeyNotFound(str(key_id))
    return revoke_api_key(session, user=owner, key_id=key_id)


def _revoke_keys(session: Session, *, user: User) -> int:
    result = session.execute(update(ApiKey).where(ApiKey.user_id == user.id, ApiKey.revoked_at.is_(None))
                             .values(revoked_at=utcnow()))
    return int(result.rowcount or 0)  # type: ignore[attr-defined]
