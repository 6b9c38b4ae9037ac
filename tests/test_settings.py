"""One settings object (issue 19): read by the CLI and the service alike, from the environment
only in dvo_kb/settings.py; one registry of the service's dependencies; the CLI's help in
Dutch, its commands in functions of at most 60 lines."""

from __future__ import annotations

import argparse
import ast
import os
import re
from pathlib import Path
from typing import Any

import pytest

from dvo_kb.cli import main
from dvo_kb.settings import Settings, load_settings

ROOT = Path(__file__).parent.parent
SKIP = {"tests", "benchmarks", "build", ".venv", "venv", "docs"}
# modules of other owners that still read the environment themselves; each is to take its value
# from the settings (Settings.working_days, settings.default_cache) and leave this list
PENDING: dict[str, str] = {}


def _modules() -> list[Path]:
    return [p for p in ROOT.rglob("*.py") if not SKIP & set(p.relative_to(ROOT).parts[:1])
            and not any(part.endswith(".egg-info") for part in p.parts)]


def _reads_environment(tree: ast.AST) -> list[int]:
    """Lines that read the environment: os.environ, os.getenv, `from os import environ, getenv`."""
    names = ("environ", "getenv", "environb")
    lines = []
    for node in ast.walk(tree):
        attribute = isinstance(node, ast.Attribute) and node.attr in names \
            and isinstance(node.value, ast.Name) and node.value.id == "os"
        imported = isinstance(node, ast.ImportFrom) and node.module == "os" and any(a.name in names for a in node.names)
        if attribute or imported:
            lines.append(node.lineno)
    return lines


def test_no_module_reads_the_environment_but_the_settings() -> None:
    readers = {}
    for path in _modules():
        rel = path.relative_to(ROOT).as_posix()
        found = _reads_environment(ast.parse(path.read_text(encoding="utf-8"), rel))
        if found and rel != "settings.py":
            readers[rel] = found
    assert len(_modules()) > 50
    assert set(readers) <= set(PENDING), {k: v for k, v in readers.items() if k not in PENDING}


def test_one_settings_object_for_the_cli_and_the_service(monkeypatch: pytest.MonkeyPatch) -> None:
    from dvo_kb.api.settings import ApiSettings

    assert ApiSettings is Settings
    monkeypatch.setenv("DVO_KB_STORE", "/tmp/kb")
    monkeypatch.setenv("DVO_KB_EXTRA_DATA", os.pathsep.join(["a.nq", "b.trig"]))
    monkeypatch.setenv("DVO_KB_PORT", "8123")
    monkeypatch.setenv("DVO_KB_QUERY_TIMEOUT", "2.5")
    monkeypatch.setenv("DVO_KB_CACHE", "off")
    monkeypatch.setenv("DVO_KB_DEBUG", "")
    monkeypatch.setenv("DVO_KB_MAX_DRAFT_ARTICLES", "1_000")
    s = load_settings()
    assert (s.store, s.extra_data, s.port, s.query_timeout, s.cache, s.debug) == \
        ("/tmp/kb", ("a.nq", "b.trig"), 8123, 2.5, None, False)
    assert s.draft_limits.max_articles == 1000 and s.extra_files() == ["a.nq", "b.trig"]
    assert load_settings(store=None, port=9000).port == 9000  # the command line above the environment
    # what the workers of `serve --workers N` read back is the same
    for key, value in s.to_environment().items():
        monkeypatch.setenv(key, value)
    assert load_settings() == s


def test_the_data_directory_is_the_users(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DVO_KB_DATA", raising=False)
    data = load_settings().data.resolve()
    package = ROOT.resolve()
    assert data.name == "dvo-kb" and package not in data.parents and data != package
    assert Path.home().resolve() in data.parents or os.name != "posix"
    monkeypatch.setenv("DVO_KB_DATA", "/srv/dvo-kb")
    assert load_settings().data == Path("/srv/dvo-kb")


@pytest.mark.parametrize(("name", "value", "says"), [
    ("DVO_KB_PORT", "abc", "DVO_KB_PORT='abc': geef een heel getal"),
    ("DVO_KB_WORKERS", "0", "DVO_KB_WORKERS='0': geef een getal groter dan 0"),
    ("DVO_KB_MAX_DRAFT_CHARS", "-5", "DVO_KB_MAX_DRAFT_CHARS='-5'"),
    ("DVO_KB_QUERY_PROCESSES", "misschien", "DVO_KB_QUERY_PROCESSES='misschien': geef 1 of 0"),
])
def test_an_invalid_setting_is_one_clear_line(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
                                              name: str, value: str, says: str) -> None:
    monkeypatch.setenv(name, value)
    assert main(["show", "dvo-pwm-2018", "1"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("dvo-kb: fout: ongeldige instelling") and says in err, err
    assert "Traceback" not in err and len(err.splitlines()) == 1


def test_one_registry_hands_out_one_settings_instance() -> None:
    import asyncio

    from dvo_kb.api import deps
    from dvo_kb.api.main import create_app

    before = deps.registry.settings
    mine = load_settings(max_results=7, cache=None)
    try:
        create_app(mine)
        assert deps.get_settings() is mine and deps.registry.settings is mine
        assert asyncio.run(deps.settings_dep()) is mine
        deps.get_settings.cache_clear()  # (the tests' way to read the environment again)
        assert deps.get_settings() is not mine and deps.get_settings().max_results == 10000
    finally:
        deps.registry.configure(before)


def _serve(monkeypatch: pytest.MonkeyPatch, *argv: str) -> dict[str, Any]:
    """`dvo-kb serve` up to uvicorn.run, with a stand-in knowledge base: what it gave uvicorn."""
    import socket

    import uvicorn

    from dvo_kb.cli import serve
    from dvo_kb.store import BuildInfo

    class FakeKb:
        info = BuildInfo(1, 1, 0.0, True, None, "memory")

    given: dict[str, Any] = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: given.update(app=app, **kw))
    monkeypatch.setattr(serve, "open_kb", lambda args, timeout=None: FakeKb())
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    assert main(["serve", "--port", str(port), *argv]) == 0
    return given


def test_serve_hands_its_settings_to_the_app_not_the_environment(monkeypatch: pytest.MonkeyPatch,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    from dvo_kb.api import deps

    before, env = deps.registry.settings, dict(os.environ)
    try:
        given = _serve(monkeypatch, "--base", "https://example.org/kb/", "--cache", "off")
        assert dict(os.environ) == env  # one worker: nothing written into the environment
        assert hasattr(given["app"], "router")  # the application itself, created on the settings
        assert deps.registry.settings.base_iri == "https://example.org/kb/" and deps.registry.settings.cache is None
        assert "de dienst draait op" in capsys.readouterr().out
    finally:
        deps.registry.configure(before)


def test_serve_with_workers_passes_the_settings_through_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    from dvo_kb.api import deps

    before = deps.registry.settings
    for key in [k for k in os.environ if k.startswith("DVO_KB_")] + ["DVO_KB_BASE_IRI", "DVO_KB_WORKERS"]:
        monkeypatch.setenv(key, os.environ.get(key, ""))  # restored after the test
    try:
        given = _serve(monkeypatch, "--workers", "2", "--base", "https://example.org/w/")
        assert given["app"] == "dvo_kb.api.main:create_app" and given["factory"] is True and given["workers"] == 2
        assert os.environ["DVO_KB_BASE_IRI"] == "https://example.org/w/" and load_settings().workers == 2
    finally:
        deps.registry.configure(before)


# -- the command line --------------------------------------------------------------------------------
# words of English help texts that are not Dutch words
ENGLISH = {"the", "a", "an", "and", "or", "to", "with", "from", "default", "print", "show", "run", "output",
           "each", "only", "which", "this", "that", "for", "are", "as", "against", "into", "load", "write",
           "instead", "check", "end", "language", "calendar", "year", "number", "short", "title", "event",
           "messages", "agreement", "e", "g", "results", "file", "graph", "build", "ask", "question"}
# arguments added by other modules, still in English (diff/cli.py add_arguments)
NOT_YET: set[tuple[str, str]] = set()


def _words(text: str) -> set[str]:
    """The lowercase words of a help text, without option names (--to) and file names."""
    return set(re.findall(r"\b[a-z]+\b", re.sub(r"--[a-z-]+|\S+\.[a-z]+\b|dvo-kb \w+", " ", text)))


def _subcommands() -> dict[str, argparse.ArgumentParser]:
    from dvo_kb.cli import parser

    ap = parser()
    sub = next(a for a in ap._actions if isinstance(a, argparse._SubParsersAction))
    return {"": ap, **sub.choices}


def test_every_help_text_is_dutch() -> None:
    commands = _subcommands()
    assert {"build", "show", "sparql", "ask", "deadlines", "validate", "diff", "serve", "export"} <= set(commands)
    top = commands[""]
    sub = next(a for a in top._actions if isinstance(a, argparse._SubParsersAction))
    texts = [("", "description", top.description or "")]
    texts += [(c.dest, "help", c.help or "") for c in sub._choices_actions]
    for name, p in commands.items():
        texts.append((name, "description", p.description or ""))
        texts += [(name, a.dest, a.help or "") for a in p._actions
                  if a.help != argparse.SUPPRESS and (name, a.dest) not in NOT_YET]
    english = [(n, d, t, sorted(_words(t) & ENGLISH)) for n, d, t in texts if _words(t) & ENGLISH]
    assert not english, english
    assert all(t for _, _, t in texts), [(n, d) for n, d, t in texts if not t]


def test_every_command_takes_the_common_options() -> None:
    for name, p in _subcommands().items():
        if name:
            assert {"store", "graph_store", "extra", "cache", "base"} <= {a.dest for a in p._actions}, name


def test_validate_takes_the_store(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code = main(["validate", "--corpus", "dvo-pwm-2018", "--format", "json", "--store", str(tmp_path / "kb")])
    out, err = capsys.readouterr()
    assert code in (0, 1) and not err and '"document"' in out
    assert any((tmp_path / "kb").iterdir())  # the parent regulation was read from that knowledge base


def test_no_function_of_the_cli_is_longer_than_60_lines() -> None:
    long = []
    for path in (ROOT / "cli").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > 60:
                    long.append((path.name, node.name, length))
    assert not long, long
