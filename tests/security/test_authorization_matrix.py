"""Every route of the application, called as every role, answers as its rule in rules.py says.

The routes come from the application itself, so a new endpoint without a rule fails here.
Every answer is also searched for the references and texts of requests the caller may not see.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from service.deps import SESSION_COOKIE
from service.main import create_app
from tests.security.rules import RULES, Rule
from tests.security.world import ROLES, World, build_world, routes

APP = create_app()
ROUTES = [r for r in routes(APP)]
SAFE = {"GET", "HEAD"}


def path_values(world: World, path: str = "") -> dict[str, Any]:
    """A value for every path parameter the routes use, pointing at the main request's objects
    (at the partner's consultation's, on the consultation routes)."""
    values = {"request_id": world.request.id, "position": 1, "number": 1, "code": world.request.caisse.code,
              "host": "hooks.caisse.example", **world.ids,
              "consultation_id": world.consultation_ids["consultation_id"]}
    if "consultation" in path:
        values.update(world.consultation_ids)
    return values


def example_body(schema: dict[str, Any], method: str, path: str, ids: dict[str, Any] | None = None) -> Any:
    """A minimal JSON body satisfying the operation's schema (None when it takes no JSON); a field named
    like a path value (`consultation_id`) points at the world's object."""
    operation = schema["paths"].get(path, {}).get(method.lower(), {})
    content = operation.get("requestBody", {}).get("content", {})
    if "application/json" not in content:
        return None
    return _example(content["application/json"]["schema"], schema, ids or {})


def _example(node: dict[str, Any], root: dict[str, Any], ids: dict[str, Any] | None = None) -> Any:
    ids = ids or {}
    if "$ref" in node:
        name = node["$ref"].rsplit("/", 1)[-1]
        return _example(root["components"]["schemas"][name], root, ids)
    if "default" in node:
        return node["default"]
    if "enum" in node:
        return node["enum"][0]
    for key in ("anyOf", "oneOf", "allOf"):
        if key in node:
            return _example(next(n for n in node[key] if n.get("type") != "null"), root, ids)
    kind = node.get("type")
    if kind == "object" or "properties" in node:
        return {
            k: ids[k] if k in ids else _example(v, root, ids)
            for k, v in node.get("properties", {}).items()
            if k in node.get("required", [])
        }
    return {
        "string": "texte d'essai",
        "integer": max(1, node.get("minimum", 1)),
        "number": 1.0,
        "boolean": False,
        "array": [],
    }.get(kind)  # type: ignore[arg-type]


def _url(path: str, world: World) -> str:
    values = path_values(world, path)
    missing = [p for p in re.findall(r"{(\w+)(?::\w+)?}", path) if p not in values]
    if missing:
        pytest.fail(f"No value for path parameter(s) {missing} of {path}: add them to path_values().")
    return re.sub(r"{(\w+)(?::\w+)?}", lambda m: str(values[m.group(1)]), path)


def call(client: TestClient, world: World, method: str, path: str, role: str, rule: Rule) -> Any:
    """Call `method path` as `role`: bearer token for the API, session cookie for web pages."""
    client.cookies.clear()
    headers = {}
    if role != "anonymous":
        if rule.web:
            client.cookies.set(SESSION_COOKIE, world.token(role))
        else:
            headers = world.headers(role)
    body = None if rule.web else example_body(APP.openapi(), method, path, path_values(world, path))
    return client.request(method, _url(path, world), headers=headers, json=body, follow_redirects=False)


def verdict(rule: Rule, role: str, status: int, location: str) -> str | None:
    """Why this answer breaks the rule, or None when it keeps it."""
    if status >= 500:
        return f"server error {status}"
    if role in rule.allow:
        if rule.web and not rule.csrf_form and rule.allow != frozenset(ROLES) and not 200 <= status < 300 \
                and not (rule.by_state and status == 409):
            return f"expected the page (2xx), got {status} -> {location}"
        if not rule.web and status in (401, 403, 404):
            return f"expected to get through, got {status}"
        return None
    if rule.web:
        if role == "anonymous" and 300 <= status < 400 and "/connexion" not in location:
            return f"anonymous visitor redirected to {location}, not to the sign-in page"
        if not (300 <= status < 400 or status in (401, 403, 404)):
            return f"expected a refusal (3xx/401/403/404), got {status}"
        return None
    if role == "anonymous":
        return None if status == 401 else f"expected 401 for an anonymous caller, got {status}"
    return None if status in (403, 404) else f"expected 403 or 404, got {status}"


@pytest.fixture
def client() -> Any:
    with TestClient(APP, raise_server_exceptions=False) as test_client:
        yield test_client


class TestAuthorizationMatrix:
    def test_every_route_has_a_rule(self) -> None:
        missing = [f"{r.method} {r.path}" for r in ROUTES if (r.method, r.path) not in RULES]
        assert not missing, f"Routes without an authorization rule in tests/security/rules.py: {missing}"

    def test_every_rule_names_a_route_that_still_exists(self) -> None:
        existing = {(r.method, r.path) for r in ROUTES}
        assert sorted(set(RULES) - existing) == []

    @pytest.mark.parametrize("route", ROUTES, ids=[f"{r.method} {r.path}" for r in ROUTES])
    def test_each_role_is_let_through_or_refused_as_the_rule_says(
        self, route, client: TestClient, db: Session
    ) -> None:
        rule = RULES.get((route.method, route.path))
        if rule is None:
            pytest.fail(f"No authorization rule for {route.method} {route.path} in tests/security/rules.py")
        world = build_world(db)
        failures = []
        # Refused roles first: they must change nothing, so only an accepted change needs a new world.
        for role in sorted(ROLES, key=lambda r: r in rule.allow):
            response = call(client, world, route.method, route.path, role, rule)
            if route.method not in SAFE and response.status_code < 300:
                world = build_world(db)
            problem = verdict(rule, role, response.status_code, response.headers.get("location", ""))
            leaked = [s for s in world.forbidden_strings(role) if s in response.text]
            if problem:
                failures.append(f"{role}: {problem} ({response.text[:160]!r})")
            if leaked:
                failures.append(f"{role}: response discloses {leaked}")
        assert not failures, f"{route.method} {route.path}:\n" + "\n".join(failures)
