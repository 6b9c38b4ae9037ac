"""Lint and types are part of the test suite (ruff and mypy as configured in pyproject.toml)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

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


class _DuplicateKeys(yaml.SafeLoader):
    """A YAML loader that notes every key a mapping gives twice (PyYAML keeps the last value and
    drops the first without a word: a message, a glossary entry or a test case lost)."""

    found: list[str]


def _mapping(loader: _DuplicateKeys, node: yaml.MappingNode, deep: bool = False) -> Any:
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            loader.found.append(f"line {key_node.start_mark.line + 1}: {key!r}")
        seen.add(key)
    return yaml.SafeLoader.construct_mapping(loader, node, deep)


_DuplicateKeys.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)


def _data_files() -> list[Path]:
    files = [ROOT / f for f in subprocess.run(["git", "ls-files", "*.yaml", "*.yml"], cwd=ROOT, capture_output=True,
                                              text=True, check=False).stdout.split()]
    return files or sorted(p for p in ROOT.rglob("*.yaml") if ".venv" not in p.parts and "build" not in p.parts)


def test_no_yaml_file_gives_a_key_twice() -> None:
    files = _data_files()
    assert len(files) > 50  # the lexicons, messages, calendars and test cases
    problems = []
    for path in files:
        loader = _DuplicateKeys(path.read_text(encoding="utf-8"))
        loader.found = []
        try:
            loader.get_single_data()
        finally:
            loader.dispose()
        problems += [f"{path.relative_to(ROOT)} {where}" for where in loader.found]
    assert not problems, problems
