"""Shared fixtures: the shipped termbase, parsed once per test session."""

from __future__ import annotations

import pytest

from glossaries import STARTER_TERMBASE, Termbase


@pytest.fixture(scope="session")
def starter() -> Termbase:
    return Termbase.load(STARTER_TERMBASE)
