"""Shared fixtures: the corpus is parsed and built once per test session."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

DATA = Path(__file__).parent / "data"


def load_yaml(name: str) -> Any:
    with (DATA / name).open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


@pytest.fixture(scope="session")
def corpus() -> dict[str, Any]:
    from dvo_kb.clauses.corpus import parse_corpus

    return {cd.id: cd for cd in parse_corpus()}


@pytest.fixture(scope="session")
def built() -> Any:
    from dvo_kb.clauses.build import build

    return build()


@pytest.fixture(scope="session")
def union(built: Any) -> Any:
    return built.union()


@pytest.fixture(scope="session")
def kb() -> Any:
    from dvo_kb.store import KnowledgeBase

    return KnowledgeBase.open()
