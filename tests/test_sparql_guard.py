"""The endpoint's guard (api/sparql_guard.py): queries parsed, SERVICE and updates refused from
the parse tree, innocent uses of the words accepted, limits that keep the engine safe; and the
network isolation of the query processes (api/evaluator.py)."""

from __future__ import annotations

import contextlib
import os
import socket
import threading
from pathlib import Path

import pytest
from conftest import load_yaml

from dvo_kb.api.evaluator import isolate_network
from dvo_kb.api.sparql_guard import QueryRefused, check

CASES = load_yaml("sparql_guard.yaml")
ROOT = Path(__file__).parent.parent


def test_collections_are_not_empty() -> None:
    assert len(CASES["accepted"]) >= 20 and len(CASES["refused"]) >= 15 and CASES["generated"]


@pytest.mark.parametrize("case", CASES["accepted"], ids=lambda c: c["q"][:50])
def test_accepted(case: dict) -> None:
    checked = check(case["q"])
    assert checked.form == case["form"]
    assert checked.limit == case.get("limit")


@pytest.mark.parametrize("case", CASES["refused"], ids=lambda c: c["q"][:50] or "empty")
def test_refused(case: dict) -> None:
    with pytest.raises(QueryRefused) as exc:
        check(case["q"])
    assert (exc.value.status, exc.value.code) == (case["status"], case["code"])


def _generated(kind: str, n: int) -> str:
    return {"parentheses": "ASK { FILTER(" + "(" * n + "1" + ")" * n + ") }",
            "braces": "SELECT * " + "{" * n + "}" * n,
            "union": "SELECT * {" + " UNION ".join(["{?s ?p ?o}"] * n) + "}",
            "and": "ASK { FILTER(" + " && ".join(["true"] * n) + ") }",
            "path": "SELECT * { ?s " + "/".join(["<http://p>"] * n) + " ?o }",
            "length": "SELECT * { ?s ?p \"" + "x" * n + "\" }"}[kind]


@pytest.mark.parametrize("case", CASES["generated"], ids=lambda c: f"{c['kind']}-{c['n']}")
def test_generated(case: dict) -> None:
    with pytest.raises(QueryRefused) as exc:
        check(_generated(case["kind"], case["n"]))
    assert (exc.value.status, exc.value.code) == (case["status"], case["code"])


def test_every_query_of_the_project_passes() -> None:
    """The .rq templates of the project are real queries: the guard accepts every one."""
    files = [p for p in ROOT.rglob("*.rq") if ".venv" not in p.parts]
    assert len(files) >= 15
    for p in files:
        check(p.read_text(encoding="utf-8"))


def test_codepoint_escapes_are_resolved_in_what_runs() -> None:
    checked = check("SELECT ?x { BIND('\\u00e9' AS ?x) }")
    assert "é" in checked.text and "\\u" not in checked.text


def test_query_processes_cannot_reach_the_network() -> None:
    """A process isolated as the zygote of the query workers isolates itself cannot connect to a
    listener on 127.0.0.1 (defence in depth beneath the guard)."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(4)
    listener.settimeout(3)
    port = listener.getsockname()[1]
    hits: list[object] = []

    def accept() -> None:
        with contextlib.suppress(OSError):
            hits.append(listener.accept())

    t = threading.Thread(target=accept, daemon=True)
    t.start()
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: isolate, then try to connect
        os.close(r)
        how = isolate_network()
        try:
            socket.create_connection(("127.0.0.1", port), timeout=2).close()
            result = b"connected"
        except OSError:
            result = b"refused"
        os.write(w, result + b" " + how.encode())
        os._exit(0)
    os.close(w)
    os.waitpid(pid, 0)
    out = os.read(r, 200).decode()
    os.close(r)
    t.join(4)
    listener.close()
    if "not isolated" in out:
        pytest.skip(f"the kernel refuses network namespaces here: {out}")
    assert out.startswith("refused"), out
    assert not hits


_HELD: list[bytes] = []


def _grow(n: int) -> int:
    """A job that keeps 4 MB more of the worker's own memory each time."""
    _HELD.append(bytes(4 << 20) + b"x")
    return n * 2


def _sleep(seconds: float) -> float:
    import time

    time.sleep(seconds)
    return seconds


def _where_am_i(_: object) -> tuple[str, bool, int]:
    import os
    import threading

    return threading.current_thread().name, threading.current_thread() is threading.main_thread(), os.nice(0)


def test_workers_do_their_jobs_in_a_thread_of_their_own_at_a_lower_priority() -> None:
    """The job thread has a malloc arena of its own (no copy-on-write faults on the shared heap
    per query); the workers are niced so that the server's event loop keeps its core."""
    import asyncio
    import os

    from dvo_kb.api.evaluator import WORKER_NICE, Evaluator

    async def run() -> tuple[str, bool, int]:
        ev = Evaluator(_where_am_i, size=1, memory_limit=1 << 30)
        ev.start()
        try:
            await ev.open()
            return await ev.run(None, 10)  # type: ignore[no-any-return]
        finally:
            ev.close()

    name, main, nice = asyncio.run(run())
    assert name == "jobs" and not main
    assert nice == min(19, os.nice(0) + WORKER_NICE)


def test_workers_are_recycled_past_their_private_memory_and_killed_past_the_time_limit() -> None:
    import asyncio

    from dvo_kb.api import evaluator as ev_mod
    from dvo_kb.api.evaluator import Evaluator, Unavailable

    async def run() -> tuple[list[int], int]:
        ev = Evaluator(_grow, size=2, memory_limit=None, recycle_above=64 << 20)
        ev.start()
        try:
            await ev.open()
            results = [await ev.run(i, 10) for i in range(ev_mod.CHECK_EVERY * 4)]
            await asyncio.sleep(0.2)
            return results, ev.recycled
        finally:
            ev.close()

    results, recycled = asyncio.run(run())
    assert results == [i * 2 for i in range(len(results))]  # every job answered, across the recycling
    assert recycled >= 1

    async def slow() -> tuple[str, float, int]:
        ev = Evaluator(_sleep, size=1, memory_limit=None)
        ev.start()
        try:
            await ev.open()
            try:
                await ev.run(30.0, 0.5)
                reason = "none"
            except Unavailable as exc:
                reason = exc.reason
            answer = await ev.run(0.01, 5)  # the killed worker was replaced: the next job runs
            return reason, answer, ev.killed
        finally:
            ev.close()

    reason, answer, killed = asyncio.run(slow())
    assert reason == "timeout" and answer == 0.01 and killed == 1


@pytest.mark.parametrize("query, prefix", [("SELECT * WHERE { foo:x ?p ?o }", "foo"),
                                           ("SELECT * WHERE { ?s bar: ?o }", "bar"),
                                           ("ASK { ?s a ex:Thing }", "ex")])
def test_an_undeclared_prefix_is_refused_by_name(query: str, prefix: str) -> None:
    """The engine says "expected OPTIONAL" (or lists Unicode ranges) for a prefix in subject
    position; the check names the prefix and where it is."""
    with pytest.raises(QueryRefused) as exc:
        check(query)
    assert exc.value.status == 400 and exc.value.code == "undeclared_prefix"
    assert f"the prefix '{prefix}:' is not declared" in exc.value.message and "line 1, column" in exc.value.message


def test_declared_and_predeclared_prefixes_and_strings_pass() -> None:
    check("PREFIX foo: <http://example.org/> SELECT * WHERE { foo:x ?p ?o }")
    check("SELECT * WHERE { ?s dvo:x ?o . ?s ?p 'foo:bar' }")


@pytest.mark.parametrize(("query", "said"), [
    ("SELEKT * WHERE {?s ?p ?o}", "malformed SPARQL at line 1, column 1: 'SELEKT' is no query form"),
    ("PREFIX x: <urn:x>\nSELEKT * WHERE {?s ?p ?o}", "at line 2, column 1: 'SELEKT' is no query form"),
    ("", "malformed SPARQL: the query is empty"), ("  # only a comment\n", "malformed SPARQL: the query is empty"),
    ("SELECT * WHERE { ?s ?p ?o", "malformed SPARQL: the query ends too early"),
    ("SELECT * WHERE { ?s ?p }", "malformed SPARQL at line 1, column 24: unexpected '}'"),
    ("SELEKT", "'SELEKT' is no query form"),  # not "ends too early"
    ("PREFIX ex <http://x> SELECT * {}", "malformed SPARQL at line 1, column 8: unexpected 'ex'"),  # not 'PREFIX'
])
def test_a_malformed_query_is_told_where_it_goes_wrong(query: str, said: str) -> None:
    """A misspelt query form is named where it stands (not where the parse stopped, at the '*'),
    an empty query is called empty (a new user's trial)."""
    with pytest.raises(QueryRefused) as exc:
        check(query)
    assert said in str(exc.value.args[-1] if exc.value.args else exc.value), exc.value


def test_the_grammar_cache_is_used_only_in_a_folder_no_one_else_can_write(tmp_path: Path) -> None:
    """lark unpickles its cache before checking it: a group- or world-writable folder, or a
    cache file that is a link, is not used (a reviewer's case)."""
    import os

    from dvo_kb.api import sparql_guard

    own = tmp_path / "own"
    sparql_guard.use_grammar_cache(str(own))
    try:
        assert sparql_guard.grammar_cache("x") == str(own / "lark-x.pickle")
        shared = tmp_path / "shared"
        shared.mkdir(mode=0o777)
        os.chmod(shared, 0o777)
        sparql_guard.use_grammar_cache(str(shared))
        assert sparql_guard.grammar_cache("x") is False
        (own / "lark-y.pickle").symlink_to(tmp_path / "elsewhere")
        sparql_guard.use_grammar_cache(str(own))
        assert sparql_guard.grammar_cache("y") is False
    finally:
        sparql_guard.use_grammar_cache(None)


@pytest.mark.parametrize(("query", "said"), [
    ("SELECT ?s WHERE { ?s ?p ?o } GROUP BY ?q",
     "malformed SPARQL at line 1, column 41: the SELECT contains a variable that is unbound (a variable of the SELECT"),
    ("SELECT ?s WHERE { ?s ?p ?o . BIND(1 AS ?s) }",
     "malformed SPARQL at line 1, column 45: ?s is already used before the BIND that names it after AS"),
    ("SELECT * WHERE { ?s ?p ?o } LIMIT 99999999999999999999999",
     "malformed SPARQL at line 1, column 58: the query limit should be a non negative integer (at most"),
])
def test_the_engines_reason_is_said_without_its_token_lists(query: str, said: str) -> None:
    """What the guard lets through and the engine refuses: its reason, where, and no list of
    tokens and character classes ('expected one of "$", "(", ... IF, TZ, The SELECT contains ...'),
    as a researcher's trial got."""
    import pyoxigraph as ox

    from dvo_kb.api.routers.sparql import syntax_message

    check(query)  # (the guard's grammar reads it: the engine refuses it)
    with pytest.raises(SyntaxError) as exc:
        ox.Store().query(query)
    message = syntax_message(exc.value, query)
    assert message.startswith(said) and "expected one of" not in message, message


def test_a_bind_is_blamed_only_for_a_variable_its_own_group_used_before() -> None:
    """(a review) "?x" in the SELECT or in another group is no second value; "?s ?p ?o . BIND(1 AS ?s)" is."""
    from dvo_kb.api.routers.sparql import _rebound

    assert _rebound("SELECT ?s WHERE { ?s ?p ?o . BIND(1 AS ?s) ") == "?s"
    assert _rebound('SELECT ?x WHERE { ?s ?p ?o . BIND(STR(?o) AS ?x) FILTER(?x = "a" ') is None
    assert _rebound("SELECT ?s WHERE { { ?s ?p ?o } { BIND(1 AS ?s) ") is None
