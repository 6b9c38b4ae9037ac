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

# numpy whole before any test module is collected: a service started while collecting (the app of
# test_api_schema) builds its text index in a thread that imports numpy, and hypothesis, imported by
# schemathesis meanwhile, looked at the half-imported module ("partially initialized module 'numpy'")
import numpy  # noqa: F401
import pytest
import yaml

# the documents a user has added (DVO_KB_DATA, by default in the user's data directory) are not the
# corpus the tests assert on: every test, and every process it starts, sees an empty data directory
# of its own (a trial's "opnemen in de kennisbank" on this machine made 42 tests fail)
if "DVO_KB_TEST_DATA" not in os.environ:
    import tempfile

    os.environ["DVO_KB_TEST_DATA"] = os.environ["DVO_KB_DATA"] = tempfile.mkdtemp(prefix="dvo-kb-test-data-")

DATA = Path(__file__).parent / "data"
# one folder per document of the corpus: its expected structure, competency questions and
# validation report (tests/documents/README.md); found by glob, listed nowhere
DOCUMENT_TESTS = Path(__file__).parent / "documents"


def load_yaml(name: str) -> Any:
    with (DATA / name).open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def documents_under_test() -> list[str]:
    """The ids of the documents with a test folder (every normative document of the corpus)."""
    return sorted(p.name for p in DOCUMENT_TESTS.iterdir() if p.is_dir())


def document_data(name: str) -> dict[str, Any]:
    """``tests/documents/<id>/<name>`` of every document that has one, by id (YAML or JSON)."""
    import json

    out: dict[str, Any] = {}
    for doc_id in documents_under_test():
        f = DOCUMENT_TESTS / doc_id / name
        if f.exists():
            text = f.read_text(encoding="utf-8")
            out[doc_id] = json.loads(text) if f.suffix == ".json" else yaml.safe_load(text)
    return out


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> str:
    """One on-disk store built by ``dvo-kb build`` for a module, so that each command reuses it
    instead of rebuilding (tests/test_cli.py, tests/test_cli_dutch.py)."""
    from dvo_kb.cli import main

    path = tmp_path_factory.mktemp("store")
    assert main(["build", "--store", str(path)]) == 0
    return str(path)


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """``dvo-kb`` in process: its exit code (argparse's own errors, a bad date or a missing
    option, exit by SystemExit), what it printed and what it wrote to stderr."""
    from dvo_kb.cli import main

    try:
        code = main(list(argv))
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


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
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real `dvo-kb serve` process on 127.0.0.1 (a free port), for the tests that need one
    (documents added through it go to a temporary data directory)."""
    port = _free_port()
    exe = Path(sys.executable).with_name("dvo-kb")
    cmd = [str(exe), "serve", "--port", str(port), "--log-level", "warning"] if exe.exists() else \
        [sys.executable, "-m", "dvo_kb.cli", "serve", "--port", str(port), "--log-level", "warning"]
    proc = _spawn(cmd, tmp_path_factory.mktemp("server"),
                  env={**os.environ, "DVO_KB_DATA": str(tmp_path_factory.mktemp("served-data"))})
    url = f"http://127.0.0.1:{port}"
    _wait_for(url + "/healthz", proc, "the server")
    yield url
    _stop(proc, "the server")


# A server's output goes to a file, never to a pipe no one reads: a server that logs much (a
# traceback per 500, under a fuzzer) filled the pipe's 64 KB and then blocked in its next write,
# every request with it (CI: schemathesis waited 600 s, and the server did not stop on SIGTERM).
_LOGS: dict[int, Path] = {}


def _spawn(cmd: list[str], folder: Path, env: dict[str, str] | None = None) -> subprocess.Popen[bytes]:
    """Start ``cmd`` with its output (stdout and stderr) in ``folder``/output.log."""
    log = folder / "output.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, env=env)
    _LOGS[proc.pid] = log
    return proc


def _output(proc: subprocess.Popen[bytes], tail: int = 20000) -> str:
    """What a process started by :func:`_spawn` (or with a pipe) printed, its last ``tail`` characters."""
    log = _LOGS.get(proc.pid)
    if log is not None:
        return log.read_text(encoding="utf-8", errors="replace")[-tail:]
    return proc.stdout.read().decode(errors="replace")[-tail:] if proc.stdout else ""


def _stop(proc: subprocess.Popen[bytes], what: str, seconds: float = 20) -> None:
    """SIGTERM, and fail (after a SIGKILL) if the process has not ended within ``seconds``."""
    proc.terminate()
    try:
        proc.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
        pytest.fail(f"{what} did not stop within {seconds:.0f} s of SIGTERM; its output: {_output(proc, 5000)}")


# -- the same service on a real Oxigraph server (the SPARQL store over HTTP) ---------------------
def _wait_for(url: str, proc: subprocess.Popen[bytes], what: str, seconds: float = 90) -> None:
    import httpx

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            break
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.kill()
    pytest.fail(f"{what} did not start: " + _output(proc))


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real Oxigraph server process (the `oxigraph` package) on 127.0.0.1, with the built graph
    published into it by `dvo-kb publish`; its query endpoint URL. Queries on its default graph
    see the union of the named graphs, as dvo-kb needs."""
    import shutil

    from dvo_kb.publish import publish
    from dvo_kb.store import KnowledgeBase

    exe = shutil.which("oxigraph") or str(Path(sys.executable).with_name("oxigraph"))
    port = _free_port()
    proc = _spawn([exe, "serve", "--location", str(tmp_path_factory.mktemp("oxigraph")),
                   "--bind", f"127.0.0.1:{port}", "--union-default-graph"], tmp_path_factory.mktemp("oxigraph-log"))
    base = f"http://127.0.0.1:{port}"
    _wait_for(base + "/query?query=ASK%7B%7D", proc, "the Oxigraph server")
    publish(KnowledgeBase.open(), base + "/store")
    yield base + "/query"
    _stop(proc, "the Oxigraph server")


STORES = ["embedded", "oxigraph"]


@pytest.fixture(scope="module", params=STORES)
def client(request: pytest.FixtureRequest, monkeypatch_module: pytest.MonkeyPatch) -> Iterator[Any]:
    """The service with a real client, on each store in turn: the embedded store, then a real
    Oxigraph server (so the whole API suite runs twice)."""
    from fastapi.testclient import TestClient

    from dvo_kb.api import deps

    if request.param == "oxigraph":
        monkeypatch_module.setenv("DVO_KB_STORE", request.getfixturevalue("oxigraph_server"))
    else:
        monkeypatch_module.delenv("DVO_KB_STORE", raising=False)
    for f in (deps.get_settings, deps.get_kb, deps.get_asker, deps.get_rules):
        f.cache_clear()
    from dvo_kb.api.main import app

    with TestClient(app) as c:
        assert deps.get_kb().info.kind == ("remote" if request.param == "oxigraph" else "memory")
        yield c
    monkeypatch_module.undo()
    for f in (deps.get_settings, deps.get_kb, deps.get_asker, deps.get_rules):
        f.cache_clear()


@pytest.fixture(scope="module")
def monkeypatch_module() -> Iterator[pytest.MonkeyPatch]:
    with pytest.MonkeyPatch.context() as mp:
        yield mp


@pytest.fixture(scope="session")
def remote_server(oxigraph_server: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real `dvo-kb serve` process whose graph is on the Oxigraph server, with two workers."""
    port = _free_port()
    proc = _spawn([sys.executable, "-m", "dvo_kb.cli", "serve", "--port", str(port), "--log-level", "warning",
                   "--store", oxigraph_server, "--workers", "2"], tmp_path_factory.mktemp("remote-server"),
                  env={**os.environ})
    url = f"http://127.0.0.1:{port}"
    _wait_for(url + "/healthz", proc, "dvo-kb serve on the Oxigraph server")
    yield url
    _stop(proc, "dvo-kb serve on the Oxigraph server")


@pytest.fixture(scope="module", params=STORES)
def live(request: pytest.FixtureRequest) -> str:
    """A real dvo-kb server process on 127.0.0.1: on the embedded store, then on the Oxigraph server."""
    return str(request.getfixturevalue("server" if request.param == "embedded" else "remote_server"))
