"""API fuzzing from the OpenAPI schema: whatever a client sends, no 500 and no answer off its schema.

Every operation of the schema is fuzzed in-process (ASGI) with schema-conforming data and with data
that breaks the schema, as a manager (every operation) and as a caisse agent (the request API), all
against one small world so that generated calls also reach a real request and its segments. Failures
of every operation are gathered and reported together, each with the call that reproduces it.
"""

from __future__ import annotations

import os
import sys
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis.checks import not_a_server_error
from schemathesis.generation.modes import GenerationMode
from schemathesis.specs.openapi.checks import response_schema_conformance
from sqlalchemy.orm import Session

from service.main import create_app
from tests.security.world import World, build_world

EXAMPLES = int(os.environ.get("PASSERELLE_FUZZ_EXAMPLES", "3"))
CHECKS = [not_a_server_error, response_schema_conformance]
# Signing out would end the fuzzing session's own token; the auth tests cover it.
SCHEMA = schemathesis.openapi.from_asgi("/openapi.json", create_app()).exclude(path="/api/auth/logout")
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    phases=[Phase.generate],
    report_multiple_bugs=False,
    suppress_health_check=list(HealthCheck),
)


def _operations(path_prefix: str = "") -> list[Any]:
    ops = [result.ok() for result in SCHEMA.get_all_operations()]
    return [op for op in ops if op.path.startswith(path_prefix)]


def _fuzz(operation: Any, world: World, role: str, counter: list[int]) -> None:
    headers = world.headers(role)
    for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

        @FUZZ
        @given(case=operation.as_strategy(generation_mode=mode))
        def run(case: schemathesis.Case) -> None:
            # Random ids almost never exist: aim at the real request so the handlers run deep.
            if case.path_parameters and "request_id" in case.path_parameters:
                case.path_parameters["request_id"] = world.request.id
            counter[0] += 1
            case.call_and_validate(headers=headers, checks=CHECKS)

        try:
            run()
        except Unsatisfiable:
            assert mode == GenerationMode.NEGATIVE  # nothing to get wrong in a call without parameters


def _fuzz_all(operations: list[Any], world: World, role: str) -> tuple[int, list[str]]:
    counter, failures = [0], []
    for operation in operations:
        try:
            _fuzz(operation, world, role, counter)
        except Exception as exc:  # noqa: BLE001  (gather every operation's failure, report them all)
            failures.append(f"{operation.label}: {str(exc)[:1200]}")
    sys.stderr.write(f"\nschemathesis as {role}: {counter[0]} cases over {len(operations)} operations\n")
    return counter[0], failures


@pytest.mark.timeout(900)
class TestSchemathesis:
    def test_no_generated_call_breaks_the_api_for_a_manager(self, db: Session) -> None:
        cases, failures = _fuzz_all(_operations(), build_world(db), "manager")
        assert cases > 0
        assert not failures, "\n\n".join(failures)

    def test_no_generated_call_breaks_the_request_api_for_a_caisse_agent(self, db: Session) -> None:
        cases, failures = _fuzz_all(_operations("/api/requests"), build_world(db), "owner")
        assert cases > 0
        assert not failures, "\n\n".join(failures)
