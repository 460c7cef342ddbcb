"""The house keeps its shape: layers, no renderer in analysis, no import cycles, small modules.

The contracts live in pyproject.toml ([tool.importlinter]) and are checked by
import-linter's ``lint-imports``. Each contract is also shown to fail when a
forbidden import is added to a copy of the package, so the check cannot pass
by accident.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LINT = Path(sys.executable).with_name("lint-imports")
MAX_LINES = 500

pytestmark = pytest.mark.skipif(not LINT.exists(), reason="import-linter is not installed (pip install -e '.[test]')")


def lint(root: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(root)}
    return subprocess.run([str(LINT), "--config", str(root / "pyproject.toml"), "--no-cache"],
                          cwd=root, env=env, capture_output=True, text=True)


def test_contracts_hold():
    run = lint(ROOT)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "3 kept, 0 broken" in run.stdout


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "geo", tmp_path / "geo", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def _add_import(root: Path, module: str, statement: str) -> None:
    path = root / (module.replace(".", "/") + ".py")
    if not path.exists():
        path = root / module.replace(".", "/") / "__init__.py"
    text = path.read_text()
    marker = "from __future__ import annotations\n"
    path.write_text(text.replace(marker, marker + statement + "\n", 1))


@pytest.mark.parametrize(("module", "statement", "broken"), [
    ("geo.analysis.case", "import folium  # noqa", "below render"),
    ("geo.input.schema", "import matplotlib  # noqa", "below render"),
    ("geo.reference.countries", "from geo.input import io  # noqa", "Layers"),
    ("geo.analysis.bands", "from geo.render import webmap  # noqa", "Layers"),
    ("geo.errors", "import geo.reference  # noqa", "Layers"),
    ("geo.input._plausible", "from geo.input import scenario  # noqa", "cycles"),
])
def test_a_forbidden_import_breaks_a_contract(copy: Path, module: str, statement: str, broken: str):
    _add_import(copy, module, statement)
    run = lint(copy)
    assert run.returncode != 0, run.stdout
    broken_lines = [line for line in run.stdout.splitlines() if line.rstrip().endswith("BROKEN")]
    assert any(broken in line for line in broken_lines), run.stdout


def test_no_module_is_over_500_lines():
    long = {str(p.relative_to(ROOT)): n for p in (ROOT / "geo").rglob("*.py")
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert not long, f"split these by concern: {long}"


def test_every_module_declares_all():
    missing = [str(p.relative_to(ROOT)) for p in (ROOT / "geo").rglob("*.py")
               if p.name not in ("__main__.py", "_version.py") and "__all__" not in p.read_text(encoding="utf-8")]
    assert not missing, missing
