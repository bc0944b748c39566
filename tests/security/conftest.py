"""Security tests: cheap argon2 parameters (the algorithm is the same, only the cost differs)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from argon2 import PasswordHasher

from service.auth import security


@pytest.fixture(autouse=True)
def _fast_argon2(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Hash with argon2id at minimal cost: sign-in tests hash and verify dozens of times."""
    monkeypatch.setattr(security, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
    yield
