"""Password hashing (argon2) and opaque token generation."""

from __future__ import annotations

import hashlib
import secrets
from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_hasher = PasswordHasher()

DEMO_PASSWORD = "demo-passerelle"


def hash_password(password: str) -> str:
    """An argon2id hash of `password`."""
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """Whether `password` matches `password_hash` (constant-time inside argon2)."""
    if not password_hash:
        return False
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


@lru_cache(maxsize=1)
def dummy_hash() -> str:
    """A hash of a random password, checked against when the account is unknown (equal timing)."""
    return _hasher.hash(secrets.token_urlsafe(16))


def new_token() -> str:
    """A random bearer token (256 bits)."""
    return secrets.token_urlsafe(32)


def new_api_key() -> tuple[str, str]:
    """A new API key and its public prefix (shown in listings so keys can be told apart)."""
    prefix = secrets.token_hex(4)
    return f"psk_{prefix}_{secrets.token_urlsafe(32)}", prefix


def digest(secret: str) -> str:
    """The SHA-256 hex digest under which a token or key is stored."""
    return hashlib.sha256(secret.encode()).hexdigest()
