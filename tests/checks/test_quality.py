"""Repository rules that a reviewer would otherwise check by hand: lint, types, layering."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _tool(name: str) -> list[str]:
    exe = Path(sys.executable).with_name(name)
    if exe.exists():
        return [str(exe)]
    found = shutil.which(name)
    if found is None:
        pytest.skip(f"{name} is not installed (it is in requirements-dev.txt)")
    return [found]


def test_ruff_clean() -> None:
    run = subprocess.run(
        [*_tool("ruff"), "check", "."], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert run.returncode == 0, run.stdout + run.stderr


def test_ruff_formatted() -> None:
    run = subprocess.run(
        [*_tool("ruff"), "format", "--check", "."],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr


def test_mypy_clean() -> None:
    run = subprocess.run(_tool("mypy"), cwd=ROOT, capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stdout + run.stderr


def test_layer_contracts_hold() -> None:
    """import-linter's contracts in pyproject.toml: ui and cli above present, above analysis,
    above read, above the shared base; streamlit only in ui; no charts below present."""
    run = subprocess.run(
        [*_tool("lint-imports"), "--no-cache"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "0 broken" in run.stdout


MAX_MODULE_LINES = 300


def test_no_module_is_over_300_lines() -> None:
    """Small modules that each do one thing: a module past 300 lines is doing several."""
    long = {
        str(path.relative_to(ROOT)): n
        for path in [*(ROOT / "infludash").rglob("*.py"), ROOT / "app.py"]
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES
    }
    assert long == {}


def test_the_app_is_pages_and_nothing_global() -> None:
    """Pages are files handed to st.Page; no shim apps for tests, no clean-up of globals."""
    assert not (ROOT / "tests" / "apps").exists()
    assert "globals()" not in (ROOT / "app.py").read_text(encoding="utf-8")
    assert sorted(p.name for p in (ROOT / "infludash" / "ui" / "pages").glob("*.py")) == [
        "__init__.py",
        "accounts.py",
        "data_quality.py",
        "findings.py",
        "overview.py",
        "planner.py",
    ]


def test_no_module_keeps_results_across_analyses() -> None:
    """Results live in an Analysis (and the app's per-session caches), never in a module-level
    dict: a process-wide cache of fits or futures is shared by every analyst."""
    empty = r"(\{\}|dict\(\)|\[\]|list\(\)|set\(\))"
    mutable = re.compile(r"^_?[A-Z][A-Z_]*\s*(?::[^=]*)?=\s*" + empty, re.M)
    found = [
        f"{path.relative_to(ROOT)}: {match.group(0)}"
        for path in (ROOT / "infludash").rglob("*.py")
        for match in mutable.finditer(path.read_text(encoding="utf-8"))
    ]
    # The alias lookup is filled once at import from the alias table: data, not results. The
    # open DuckDB files are connections, one per file (DuckDB allows one configuration per file
    # in a process), shared by the sources that read its tables and closed with the last.
    assert sorted(found) == [
        "infludash/engine/backends.py: _FILES: dict[str, DuckDB] = {}",
        "infludash/read/columns.py: _LOOKUP: dict[str, tuple[str, int]] = {}",
    ]
