"""Lint and types are part of the test suite (ruff and mypy as configured in pyproject.toml)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("tool", [["ruff", "check", "."], ["mypy", "."]])
def test_tool_passes(tool: list[str]) -> None:
    exe = Path(sys.executable).with_name(tool[0])
    if not exe.exists():
        found = shutil.which(tool[0])
        if found is None:
            pytest.skip(f"{tool[0]} is not installed")
        exe = Path(found)
    res = subprocess.run([str(exe), *tool[1:]], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert res.returncode == 0, res.stdout + res.stderr
