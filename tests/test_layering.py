"""The import rules of STYLE.md, checked: libraries stay free of the service and its frameworks."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LIBRARIES = ("ocr", "mt_models", "glossaries", "entities")
FORBIDDEN_IN_LIBRARIES = ("service", "fastapi", "starlette", "sqlalchemy", "celery", "alembic", "torch")


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


class TestLayering:
    @pytest.mark.parametrize("library", LIBRARIES)
    def test_library_does_not_import_the_service_or_its_frameworks(self, library: str) -> None:
        offenders = {
            str(path.relative_to(ROOT)): sorted(_imports(path) & set(FORBIDDEN_IN_LIBRARIES))
            for path in (ROOT / library).rglob("*.py")
            if "models" not in path.relative_to(ROOT / library).parts[:1]
        }
        assert {k: v for k, v in offenders.items() if v} == {}

    @pytest.mark.parametrize("library", LIBRARIES)
    def test_library_does_not_import_the_other_libraries(self, library: str) -> None:
        others = set(LIBRARIES) - {library}
        offenders = {str(path.relative_to(ROOT)): sorted(_imports(path) & others)
                     for path in (ROOT / library).rglob("*.py")}
        assert {k: v for k, v in offenders.items() if v} == {}

    def test_services_do_not_import_fastapi(self) -> None:
        offenders = [str(p.relative_to(ROOT)) for p in (ROOT / "service").rglob("service.py")
                     if "fastapi" in _imports(p) or "starlette" in _imports(p)]
        assert offenders == []

    def test_service_never_drives_the_engines_directly(self) -> None:
        """Service code may use the libraries' types and pure helpers; only the libraries (built through
        service/engines.py) touch the engine backends themselves."""
        backends = {"ctranslate2", "sentencepiece", "pytesseract", "pypdfium2"}
        offenders = [str(p.relative_to(ROOT)) for p in (ROOT / "service").rglob("*.py")
                     if _imports(p) & backends]
        assert offenders == []


class TestEventLoop:
    def test_every_route_of_the_service_runs_in_the_thread_pool(self) -> None:
        """Database work and fsync on the event loop stall every other request: the service's handlers
        are plain functions (FastAPI runs them in its thread pool); only FastAPI's own docs are async."""
        import inspect

        from service.main import create_app

        coroutines = [route.path for route in create_app().routes
                      if inspect.iscoroutinefunction(getattr(route, "endpoint", None))
                      and route.endpoint.__module__.startswith("service.")]  # type: ignore[attr-defined]
        assert coroutines == []

    def test_outbound_http_goes_through_the_guarded_client(self) -> None:
        """Only service/kit/outbound.py opens HTTP connections: anything else would skip the address rule."""
        clients = ("httpx.Client(", "httpx.AsyncClient(", "httpx.post(", "httpx.get(", "httpx.request(")
        offenders = [str(p.relative_to(ROOT)) for p in (ROOT / "service").rglob("*.py")
                     if p.name != "outbound.py"
                     and (any(c in p.read_text(encoding="utf-8") for c in clients)
                          or _imports(p) & {"requests", "aiohttp", "urllib3", "pycurl"}
                          or "urllib.request" in p.read_text(encoding="utf-8"))]
        assert offenders == []


class TestTransactions:
    def test_no_web_page_nor_http_route_rolls_back(self) -> None:
        """The session dependency owns the transaction: a handler that rolls back and goes on writing would
        commit half of a refused action. Refusals raise (`web.common.Refused`, a ServiceError) instead."""
        handlers = [*(ROOT / "service" / "web").rglob("*.py"), *(ROOT / "service").rglob("endpoints.py")]
        offenders = sorted({str(p.relative_to(ROOT)) for p in handlers for node in ast.walk(ast.parse(p.read_text()))
                            if isinstance(node, ast.Attribute) and node.attr == "rollback"})
        assert offenders == []
