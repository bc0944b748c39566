"""The import-linter contracts of `make lint` catch what they are for: a cycle between domains, a library
importing the service, a domain service calling a cross-domain flow, a web page importing a task."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]["root_packages"]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the packages' Python files and of the contracts, to break on purpose."""
    root = tmp_path_factory.mktemp("imports")
    for package in PACKAGES:
        # Python files only: the shipped MT models and the web assets stay where they are.
        shutil.copytree(ROOT / package, root / package, ignore=_not_python)
    shutil.copy(ROOT / "pyproject.toml", root / "pyproject.toml")
    return root


def _not_python(folder: str, names: list[str]) -> list[str]:
    return [n for n in names if n == "__pycache__" or (Path(folder) / n).is_file() and not n.endswith(".py")
            or Path(folder) == ROOT / "mt_models" and n == "models"]


def _lint(root: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(root)}
    return subprocess.run([str(LINT_IMPORTS), "--no-cache"], cwd=root, env=env, capture_output=True, text=True,
                          timeout=120)


BREAKAGES = {
    "a cycle between domains": ("service/translation_request/service.py",
                                "from service.vendor import jobs as _jobs  # noqa: F401",
                                "Domains import each other without cycles BROKEN"),
    "a library importing the service": ("ocr/__init__.py", "import service.config  # noqa: F401",
                                        "Libraries never import the service BROKEN"),
    "a domain service calling a flow": ("service/revision/service.py",
                                        "from service.workflow import cancellation  # noqa: F401",
                                        "Layers: entry points, web pages, cross-domain flows, domains, "
                                        "infrastructure BROKEN"),
    "a web page importing a task": ("service/web/portal.py", "from service.document import tasks  # noqa: F401",
                                    "Web pages call services, never tasks BROKEN"),
}


class TestImportContracts:
    def test_the_code_as_it_is_keeps_every_contract(self, tree: Path) -> None:
        result = _lint(tree)
        assert result.returncode == 0, result.stdout + result.stderr

    @pytest.mark.parametrize("breakage", list(BREAKAGES))
    def test_a_deliberate_violation_fails_the_lint(self, tree: Path, breakage: str) -> None:
        path, line, broken = BREAKAGES[breakage]
        target = tree / path
        original = target.read_text()
        target.write_text(original + "\n" + line + "\n")
        try:
            result = _lint(tree)
        finally:
            target.write_text(original)
        assert result.returncode == 1, result.stdout
        assert broken in result.stdout
