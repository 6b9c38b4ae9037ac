"""Shared fixtures: the corpus is parsed and built once per test session."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
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


# -- a real server process on 127.0.0.1 (the API conformance and browser tests) ------------------
def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def server() -> Iterator[str]:
    """A real `dvo-kb serve` process on 127.0.0.1 (a free port), for the tests that need one."""
    port = _free_port()
    exe = Path(sys.executable).with_name("dvo-kb")
    cmd = [str(exe), "serve", "--port", str(port), "--log-level", "warning"] if exe.exists() else \
        [sys.executable, "-m", "dvo_kb.cli", "serve", "--port", str(port), "--log-level", "warning"]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env={**os.environ})
    url = f"http://127.0.0.1:{port}"
    import httpx

    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            if httpx.get(url + "/healthz", timeout=2).status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.3)
    else:
        proc.kill()
        pytest.fail("the server did not start: " + (proc.stdout.read().decode() if proc.stdout else ""))
    yield url
    proc.terminate()
    proc.wait(timeout=20)
