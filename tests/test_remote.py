"""The store setting: the in-memory store from the cached build, extra data, and the same
knowledge base on a real Oxigraph server (publish, questions, deadlines, diff, errors)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pyoxigraph as ox
import pytest

from dvo_kb.remote import RemoteKnowledgeBase, bind_rows, bind_values, default_graph_store
from dvo_kb.store import KnowledgeBase, StoreError

from .conftest import _free_port, _spawn, _stop, _wait_for, load_yaml

DVO = "https://w3id.org/dvo-kb/def#"
BASE = "https://w3id.org/dvo-kb/id/"


# -- values bound as a VALUES block ---------------------------------------------------------------
@pytest.mark.parametrize(("query", "expected"), [
    ("SELECT ?x WHERE { ?x ?p ?o }", "SELECT ?x WHERE { VALUES (?x) { (<http://e/x>) } ?x ?p ?o }"),
    # the braces of a CONSTRUCT template, a string, a comment and an IRI are not the WHERE group
    ('CONSTRUCT { ?x <http://e/p> "{" } # {\nWHERE { ?x ?p ?o }',
     'CONSTRUCT { ?x <http://e/p> "{" } # {\nWHERE { VALUES (?x) { (<http://e/x>) } ?x ?p ?o }'),
    ("ASK { ?x ?p ?o }", "ASK { VALUES (?x) { (<http://e/x>) } ?x ?p ?o }"),
    ("SELECT ?where { ?x ?p ?o }", "SELECT ?where { VALUES (?x) { (<http://e/x>) } ?x ?p ?o }"),
    # found by parsing: a WHERE group that is a subquery is wrapped (VALUES cannot precede a SELECT)
    ("SELECT ?x { SELECT ?x WHERE { ?x ?p ?o } LIMIT 2 }",
     "SELECT ?x { VALUES (?x) { (<http://e/x>) } { SELECT ?x WHERE { ?x ?p ?o } LIMIT 2 } }"),
    ("PREFIX e: <http://e/> SELECT ?x WHERE { ?x e:where 'WHERE {' } ORDER BY ?x",
     "PREFIX e: <http://e/> SELECT ?x WHERE { VALUES (?x) { (<http://e/x>) } ?x e:where 'WHERE {' } ORDER BY ?x"),
])
def test_values_go_to_the_start_of_the_where_group(query: str, expected: str) -> None:
    assert " ".join(bind_values(query, {"x": ox.NamedNode("http://e/x")}).split()) == " ".join(expected.split())


def test_bound_literals_are_terms_not_query_text() -> None:
    evil = '" } ; DROP ALL ; SELECT * { "'
    q = bind_values("SELECT ?id WHERE { ?d <http://e/id> ?id }", {"id": ox.Literal(evil)})
    assert '"\\" } ; DROP ALL ; SELECT * { \\""' in q
    # the query still parses as one SELECT whose only VALUES row is the literal
    res: Any = ox.Store().query(q)
    assert list(res) == []
    with pytest.raises(ValueError, match="a query that parses"):
        bind_values("SELECT ?x WHERE { ?x ?p", {"x": ox.NamedNode("http://e/x")})
    with pytest.raises(ValueError, match="CONSTRUCT WHERE"):
        bind_values("CONSTRUCT WHERE { ?x ?p ?o }", {"x": ox.NamedNode("http://e/x")})
    with pytest.raises(ValueError, match="only IRIs and literals"):
        bind_values("SELECT ?x WHERE { ?x ?p ?o }", {"x": ox.BlankNode()})
    # several rows: one solution each
    two = bind_rows("SELECT ?x ?p WHERE { ?x ?p ?o }", ["x", "p"],
                    [[ox.NamedNode("http://e/a"), ox.NamedNode("http://e/p")], [ox.Literal(evil), ox.NamedNode("http://e/q")]])
    assert " ".join(two.split()) == ('SELECT ?x ?p WHERE { VALUES (?x ?p) { (<http://e/a> <http://e/p>) '
                                     '("\\" } ; DROP ALL ; SELECT * { \\"" <http://e/q>) } ?x ?p ?o }')
    with pytest.raises(ValueError, match="not a variable name"):
        bind_rows("SELECT ?x WHERE { ?x ?p ?o }", ["x }"], [[ox.NamedNode("http://e/a")]])


def test_graph_store_endpoint_is_derived_from_the_query_endpoint() -> None:
    assert default_graph_store("http://h:7878/query") == "http://h:7878/store"
    assert default_graph_store("http://h:3030/ds/sparql") == "http://h:3030/ds/data"
    assert default_graph_store("http://h:3030/ds/query") == "http://h:3030/ds/data"
    assert default_graph_store("http://h/other") is None


# -- the embedded store: cache and extra data ---------------------------------------------------
def test_in_memory_store_reuses_the_cached_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = KnowledgeBase.open(cache=tmp_path)
    assert not first.info.reused and len(list(tmp_path.glob("graph-*.nq"))) == 1
    second = KnowledgeBase.open(cache=tmp_path)
    assert second.info.reused and second.info.triples == first.info.triples
    q = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?a a dvo:Article } }"
    assert second.select(q) == first.select(q) == [{"n": "146"}]
    # a damaged dump is rebuilt, not trusted
    next(tmp_path.glob("graph-*.nq")).write_text("<not n-quads", encoding="utf-8")
    third = KnowledgeBase.open(cache=tmp_path)
    assert not third.info.reused and third.select(q) == [{"n": "146"}]
    # a change of the sources makes a new dump, and the old one goes
    from dvo_kb import store as store_mod

    monkeypatch.setattr(store_mod, "fingerprint", lambda base, extra=(): "f" * 64)
    assert not KnowledgeBase.open(cache=tmp_path).info.reused
    assert [p.name for p in tmp_path.glob("graph-*.nq")] == ["graph-" + "f" * 24 + ".nq"]


def test_extra_data_joins_the_corpus(tmp_path: Path) -> None:
    extra = tmp_path / "more.nq"
    doc = f"<{BASE}synth-1>"
    extra.write_text(f'{doc} <{DVO}documentId> "synth-1" <{BASE}graph/synth-1> .\n'
                     f'{doc} <{DVO}title> "Een extra overeenkomst" .\n', encoding="utf-8")
    kb = KnowledgeBase.open(extra=[extra])
    assert kb.select("SELECT ?t WHERE { ?d dvo:documentId 'synth-1' ; dvo:title ?t }") == [
        {"t": "Een extra overeenkomst"}]
    # a triple outside a named graph lands in the graph named after the file
    assert {BASE + "graph/synth-1", BASE + "graph/more"} <= set(kb.graph_names())
    assert kb.info.triples > 20000
    bad = tmp_path / "more.ttl"
    bad.write_text("", encoding="utf-8")
    with pytest.raises(StoreError, match="N-Quads"):
        KnowledgeBase.open(extra=[bad])
    broken = tmp_path / "broken.nq"
    broken.write_text("<a> <b> .\n", encoding="utf-8")
    with pytest.raises(StoreError, match="broken.nq: not valid nq"):
        KnowledgeBase.open(extra=[broken])
    with pytest.raises(StoreError, match="no such file"):
        KnowledgeBase.open(extra=[tmp_path / "missing.nq"])


# -- a real Oxigraph server -------------------------------------------------------------------------
@pytest.fixture(scope="module")
def remote(oxigraph_server: str) -> RemoteKnowledgeBase:
    kb = KnowledgeBase.open(oxigraph_server)
    assert isinstance(kb, RemoteKnowledgeBase)
    return kb


def test_remote_store_holds_the_same_graph(remote: RemoteKnowledgeBase, kb: KnowledgeBase) -> None:
    assert remote.info.kind == "remote" and remote.info.triples == kb.info.triples
    assert remote.graph_names() == kb.graph_names()
    art = ox.NamedNode(BASE + "dvo-pwm-2018/art/13")
    assert sorted(map(str, remote.quads(art))) == sorted(map(str, kb.quads(art)))
    assert not hasattr(remote, "store")  # the graph is on the server: there is no embedded store


def test_every_question_has_the_same_answers_on_the_server(remote: RemoteKnowledgeBase, kb: KnowledgeBase) -> None:
    from dvo_kb.query.ask import Asker

    local, far = Asker(kb), Asker(remote)
    questions = [q["q"] for q in load_yaml("questions.yaml")]
    assert len(questions) > 90
    for q in questions:
        a, b = local.ask(q).to_json()["answers"], far.ask(q).to_json()["answers"]
        # the same answers citing the same leden in the same order (two values of one norm, such as
        # two bearer texts, may come in either order: both engines sort only by the lid and the norm)
        assert [x["iri"] for x in a] == [x["iri"] for x in b], q
        assert sorted(map(json.dumps, a)) == sorted(map(json.dumps, b)), q


def test_deadlines_and_diff_on_the_server(remote: RemoteKnowledgeBase, kb: KnowledgeBase) -> None:
    import datetime as dt

    from dvo_kb.diff import compare
    from dvo_kb.rules.deadlines import Rules

    window = (dt.date(2027, 1, 1), dt.date(2027, 12, 31))
    dated, undated = Rules(kb).calendar("dvo-pwm-2018", *window)
    assert len(dated) > 5
    far_dated, far_undated = Rules(remote).calendar("dvo-pwm-2018", *window)
    assert [i.to_json() for i in far_dated] == [i.to_json() for i in dated]
    assert [i.to_json() for i in far_undated] == [i.to_json() for i in undated]
    on = dt.date(2027, 3, 1)
    assert ([i.to_json() for i in Rules(remote).duties("sok-wm-2025", "opzegging", on, "stein")]
            == [i.to_json() for i in Rules(kb).duties("sok-wm-2025", "opzegging", on, "stein")])
    assert compare(remote, "DVO-2018", "DVO-2020").as_json() == compare(kb, "DVO-2018", "DVO-2020").as_json()


def _oxigraph(tmp: Path, union: bool = True) -> tuple[subprocess.Popen[bytes], str]:
    exe = shutil.which("oxigraph") or str(Path(sys.executable).with_name("oxigraph"))
    port = _free_port()
    cmd = [exe, "serve", "--location", str(tmp / "store"), "--bind", f"127.0.0.1:{port}"] + \
        (["--union-default-graph"] if union else [])
    proc = _spawn(cmd, tmp)
    base = f"http://127.0.0.1:{port}"
    _wait_for(base + "/query?query=ASK%7B%7D", proc, "the Oxigraph server")
    return proc, base


@pytest.fixture
def scratch_server(tmp_path: Path) -> Iterator[str]:
    proc, base = _oxigraph(tmp_path)
    yield base
    _stop(proc, "the Oxigraph server")


def test_publish_replaces_graphs_and_prunes_only_its_own(scratch_server: str, kb: KnowledgeBase) -> None:
    from dvo_kb.publish import publish

    store = scratch_server + "/store"
    stale, foreign = BASE + "graph/gone-2019", "http://example.org/other/graph"
    for g in (stale, foreign):
        httpx.put(store, params={"graph": g}, content=b"<http://e/s> <http://e/p> <http://e/o> .\n",
                  headers={"Content-Type": "application/n-triples"}).raise_for_status()
    first = publish(kb, store)
    assert first.graphs == len(kb.graph_names()) and first.triples == kb.info.triples
    assert first.deleted == [stale]
    second = publish(kb, store)  # again: each graph replaced, nothing doubled
    assert second.deleted == []
    remote = RemoteKnowledgeBase.connect(scratch_server + "/query", BASE)
    assert remote.info.triples == kb.info.triples + 1  # the foreign graph's one triple is still there
    assert foreign in remote.graph_names() and stale not in remote.graph_names()


def test_a_server_that_cannot_serve_is_a_clear_error(tmp_path: Path, kb: KnowledgeBase) -> None:
    from dvo_kb.publish import publish

    proc, base = _oxigraph(tmp_path, union=False)
    try:
        with pytest.raises(StoreError, match="holds no dvo-kb graph.*dvo-kb publish"):
            KnowledgeBase.open(base + "/query")
        publish(kb, base + "/store")
        with pytest.raises(StoreError, match="not the union.*--union-default-graph"):
            KnowledgeBase.open(base + "/query")
    finally:
        _stop(proc, "the Oxigraph server")
    with pytest.raises(StoreError, match="cannot reach the SPARQL server"):
        KnowledgeBase.open(base + "/query")
    with pytest.raises(StoreError, match="extra data cannot be added"):
        KnowledgeBase.open(base + "/query", extra=["x.nq"])


def test_cli_on_a_server_and_its_errors(oxigraph_server: str, tmp_path: Path) -> None:
    exe = [sys.executable, "-m", "dvo_kb.cli"]
    r = subprocess.run([*exe, "ask", "--store", oxigraph_server, "--format", "json", "what share of the costs does Stein pay?"],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0 and '"share": 19.0' in r.stdout, r.stderr
    port = _free_port()
    r = subprocess.run([*exe, "ask", "--store", f"http://127.0.0.1:{port}/query", "wie betaalt wat?"],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 2 and "cannot reach the SPARQL server" in r.stderr and "Traceback" not in r.stderr
    r = subprocess.run([*exe, "publish", "--to", "ftp://nowhere"], capture_output=True, text=True, timeout=120)
    assert r.returncode == 2 and "Graph Store Protocol" in r.stderr
    r = subprocess.run([*exe, "serve", "--store", str(tmp_path), "--workers", "2"], capture_output=True, text=True,
                       timeout=120)
    assert r.returncode == 2 and "meerdere werkprocessen kunnen geen opslag op schijf delen" in r.stderr


def test_api_says_503_when_the_server_is_gone(kb: KnowledgeBase) -> None:
    from fastapi.testclient import TestClient

    from dvo_kb.api import deps
    from dvo_kb.api.main import app

    gone = RemoteKnowledgeBase(f"http://127.0.0.1:{_free_port()}/query", None, kb.info, BASE, timeout=2)
    app.dependency_overrides[deps.kb_dep] = lambda: gone
    try:
        with TestClient(app) as c:
            t0 = time.monotonic()
            r = c.get("/sparql", params={"query": "ASK {}"})
            assert r.status_code == 503 and r.json()["error"]["code"] == "store_unavailable"
            assert "cannot reach the SPARQL server" in r.json()["error"]["message"] and time.monotonic() - t0 < 10
    finally:
        app.dependency_overrides.clear()
