"""Sign-in, token issue and revocation, API keys."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from service.auth import security, throttle
from service.auth.errors import AccountExists, InvalidAccount, InvalidCredentials, InvalidToken, TooManyAttempts
from service.config import get_settings
from service.db.base import utcnow
from service.kit import countries as country_codes
from service.models import AccessToken, ApiKey, Caisse, Partner, User
from service.models.enums import Role, TranslatorStatus

MIN_PASSWORD_LENGTH = 12
_PAIR = re.compile(r"^[a-z]{2,3}>[a-z]{2,3}$")


def create_user(session: Session, *, email: str, full_name: str, role: Role | str, caisse: Caisse | None = None,
                password: str | None = None, password_hash: str | None = None, trainee: bool = False,
                pairs: Sequence[str] = (), capacity_pages_per_day: float = 0.0, partner: Partner | None = None,
                expert_countries: Sequence[str] = (), expert_languages: Sequence[str] = ()) -> User:
    """Create an active account: the one way the CLI, the demo, quotes, benches and tests make users.

    No password (nor hash) leaves an account that signs in only with a token or an API key. A taken
    e-mail is a 409; a submitter without a caisse, a partner's agent without a partner, an unknown role or
    country, or a short password a 422. Experts and translators declare the countries (ISO 3166) and
    languages whose documents they explain, for the consultations' routing.
    """
    if role not in {r.value for r in Role}:
        raise InvalidAccount(f"Unknown role '{role}'; use one of: {', '.join(r.value for r in Role)}.", "role")
    if role == Role.SUBMITTER and caisse is None:
        raise InvalidAccount("A submitter belongs to a caisse: give an existing caisse code.", "caisse")
    if role == Role.PARTNER and partner is None:
        raise InvalidAccount("A partner's agent belongs to a partner organisation: give an existing partner code.",
                             "partner")
    countries = [c.strip().upper() for c in expert_countries if c.strip()]
    unknown = [c for c in countries if country_codes.normalise(c) is None]
    if unknown:
        raise InvalidAccount(f"Unknown country code(s) {', '.join(unknown)}; use ISO 3166 codes like MA, PT, PL.",
                             "countries")
    pairs = check_pairs(pairs)
    if password is not None and len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidAccount(f"The password must have at least {MIN_PASSWORD_LENGTH} characters.", "password")
    if session.scalar(select(User.id).where(User.email == email.lower())) is not None:
        raise AccountExists(email.lower())
    translator = role == Role.TRANSLATOR
    user = User(email=email.lower(), full_name=full_name or email, role=role,
                password_hash=security.hash_password(password) if password is not None else password_hash,
                caisse_id=caisse.id if caisse else None,
                translator_status=(TranslatorStatus.TRAINEE if trainee else TranslatorStatus.STAFF) if translator
                else None, language_pairs=pairs,
                capacity_pages_per_day=capacity_pages_per_day, is_active=True,
                partner_id=partner.id if partner else None, expert_countries=countries,
                expert_languages=[lang.strip().lower() for lang in expert_languages if lang.strip()])
    session.add(user)
    session.flush()
    return user


def check_pairs(pairs: Sequence[str]) -> list[str]:
    """The language pairs cleaned ("de>fr"); an ill-formed pair is a 422 on the field `pairs`."""
    cleaned = [p.strip().lower() for p in pairs if p.strip()]
    wrong = [p for p in cleaned if not _PAIR.match(p) or p.split(">")[0] == p.split(">")[1]]
    if wrong:
        raise InvalidAccount(f"Ill-formed language pair(s) {', '.join(wrong)}; write source>target with ISO 639 "
                             "codes, like de>fr.", "pairs")
    return list(dict.fromkeys(cleaned))


def authenticate(session: Session, *, email: str, password: str, client: str = "") -> User:
    """The active user with these credentials; each check is counted first and throttled (see `throttle`).

    The counters commit on a connection of their own: call this before `session` writes anything (on SQLite
    a pending write would hold the lock those counters wait for).
    """
    settings = get_settings()
    email, client = email.strip().lower()[:254], client[:64]
    admission = throttle.admit(email=email, client=client)
    if admission.wait > 0:
        raise TooManyAttempts(math.ceil(admission.wait))
    user = session.scalar(select(User).where(User.email == email))
    # An unknown account costs the same hash check as a known one: timing tells no one who has an account.
    password_ok = security.verify_password(user.password_hash if user else security.dummy_hash(), password) \
        and user is not None
    if password_ok and password == security.DEMO_PASSWORD and not settings.demo_mode:
        password_ok = False  # the published demo password is never accepted in production
    if user is None or not password_ok or not user.is_active:
        raise InvalidCredentials()  # the check stays counted on every counter
    throttle.succeeded(session, admission, email=email, client=client)
    user.last_sign_in_at, user.last_sign_in_client = utcnow(), client or None
    return user


def issue_token(session: Session, *, user: User) -> tuple[str, datetime]:
    """A new bearer token for `user` and its expiry."""
    token = security.new_token()
    now = utcnow()
    expires_at = now + timedelta(minutes=get_settings().token_ttl_minutes)
    session.add(AccessToken(user_id=user.id, token_hash=security.digest(token), created_at=now,
                            expires_at=expires_at))
    session.flush()
    return token, expires_at


def is_api_key(token: str) -> bool:
    """Whether a presented credential is an API key (they start with `psk_`) rather than a bearer token."""
    return token.startswith("psk_")


def user_for_token(session: Session, *, token: str) -> User:
    """The user behind a bearer token or API key; raises when unknown, expired or revoked."""
    if is_api_key(token):
        return _user_for_api_key(session, key=token)
    row = session.scalar(select(AccessToken).where(AccessToken.token_hash == security.digest(token)))
    if row is None or row.revoked_at is not None or _aware(row.expires_at) <= utcnow():
        raise InvalidToken()
    user = session.get(User, row.user_id)
    if user is None or not user.is_active:
        raise InvalidToken()
    return user


def revoke_token(session: Session, *, token: str) -> None:
    """Revoke a bearer token (sign-out)."""
    row = session.scalar(select(AccessToken).where(AccessToken.token_hash == security.digest(token)))
    if row is not None and row.revoked_at is None:
        row.revoked_at = utcnow()


def create_api_key(session: Session, *, user: User, name: str) -> str:
    """A new API key acting as `user`; the clear key is returned once and never stored."""
    key, prefix = security.new_api_key()
    session.add(ApiKey(user_id=user.id, name=name, prefix=prefix, key_hash=security.digest(key)))
    session.flush()
    return key


def _user_for_api_key(session: Session, *, key: str) -> User:
    row = session.scalar(select(ApiKey).where(ApiKey.key_hash == security.digest(key)))
    if row is None or row.revoked_at is not None:
        raise InvalidToken()
    user = session.get(User, row.user_id)
    if user is None or not user.is_active:
        raise InvalidToken()
    row.last_used_at = utcnow()
    return user


def _aware(moment: datetime) -> datetime:
    # SQLite hands back naive datetimes; every time we store is UTC.
    from datetime import UTC

    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
