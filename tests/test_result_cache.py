"""The answers of /sparql kept for the same query asked again (api/result_cache.py): the same
answer, marked X-Cache: HIT, only for what decides it alike (query, media type, dataset); never a
refusal or an error; never on a SPARQL server (its data may change); bounded in bytes; off at 0."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from dvo_kb.api.result_cache import Kept, ResultCache

QUERY = "SELECT ?s ?l WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l } ORDER BY ?s ?l LIMIT 7"


def test_kept_within_its_bytes_least_recently_used_out_first() -> None:
    cache = ResultCache(8000)  # an answer of at most 1000 bytes is kept
    for i in range(6):
        cache.put(i, Kept(b"x" * 700, "text/csv"))
    assert cache.size <= 8000 and len(cache) == 6
    assert cache.get(0) is not None  # now the most recently used
    for i in range(6, 12):
        cache.put(i, Kept(b"y" * 700, "text/csv"))
    assert cache.size <= 8000
    assert cache.get(0) is not None and cache.get(1) is None and cache.get(11) is not None
    cache.put("big", Kept(b"z" * 1001, "text/csv"))
    assert cache.get("big") is None  # larger than an eighth of the whole: not kept
    off = ResultCache(0)
    off.put(1, Kept(b"a", "text/csv"))
    assert off.get(1) is None and len(off) == 0


def test_the_same_query_again_gets_the_kept_answer(client: TestClient) -> None:
    from dvo_kb.api import deps

    remote = deps.get_kb().info.kind == "remote"
    first = client.get("/sparql", params={"query": QUERY}, headers={"Accept": "application/sparql-results+json"})
    again = client.get("/sparql", params={"query": QUERY}, headers={"Accept": "application/sparql-results+json"})
    assert first.status_code == again.status_code == 200 and first.content == again.content
    assert len(first.json()["results"]["bindings"]) == 7
    assert "x-cache" not in first.headers
    if remote:  # a SPARQL server's data may change behind the service: nothing kept
        assert "x-cache" not in again.headers
        return
    assert again.headers["x-cache"] == "HIT" and again.headers["vary"] == first.headers["vary"]
    # another media type, another dataset, the query as a POST body: decided by what decides the answer
    csv = client.get("/sparql", params={"query": QUERY}, headers={"Accept": "text/csv"})
    assert csv.status_code == 200 and "x-cache" not in csv.headers and csv.headers["content-type"].startswith("text/csv")
    graph = client.get("/sparql", params={"query": QUERY, "default-graph-uri": "https://w3id.org/dvo-kb/id/graph/dvo-pwm-2018"},
                       headers={"Accept": "application/sparql-results+json"})
    assert graph.status_code == 200 and "x-cache" not in graph.headers and graph.content != first.content
    posted = client.post("/sparql", content=QUERY, headers={"Content-Type": "application/sparql-query",
                                                            "Accept": "application/sparql-results+json"})
    assert posted.headers.get("x-cache") == "HIT" and posted.content == first.content


@pytest.mark.parametrize("client", ["embedded"], indirect=True)
def test_a_refusal_decided_in_evaluation_is_not_kept(client: TestClient) -> None:
    """A query that passes the guard and is refused while evaluated (too many results: 413) is
    evaluated again each time, never answered from what was kept."""
    from dvo_kb.api import deps

    cache = deps.get_result_cache()
    before = len(cache)
    for _ in range(2):
        r = client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"})
        assert r.status_code == 413 and r.json()["error"]["code"] == "too_many_results" and "x-cache" not in r.headers
    assert len(cache) == before


@pytest.mark.parametrize("client", ["embedded"], indirect=True)
def test_a_query_whose_answer_changes_at_each_call_is_never_kept(client: TestClient) -> None:
    """NOW, RAND, UUID, STRUUID, BNODE (found in the parsed query, in any case): a review found the
    same timestamp and UUID answered a second later."""
    for q in ("SELECT (NOW() AS ?t) {}", "SELECT (rand() AS ?r) {}", "SELECT (STRUUID() AS ?u) {}",
              "SELECT (UUID() AS ?u) {}", "SELECT (BNODE() AS ?b) {}",
              "SELECT ?s WHERE { ?s ?p ?o FILTER(?o != NOW()) } LIMIT 1"):
        rs = [client.get("/sparql", params={"query": q}) for _ in range(2)]
        assert all(r.status_code == 200 and "x-cache" not in r.headers for r in rs), q
    a, b = (client.get("/sparql", params={"query": "SELECT (STRUUID() AS ?u) {}"}).json() for _ in range(2))
    assert a != b
    # a variable or a string named like them is no call
    q = 'SELECT ?now WHERE { BIND("NOW() RAND()" AS ?now) }'
    assert "x-cache" not in client.get("/sparql", params={"query": q}).headers
    assert client.get("/sparql", params={"query": q}).headers.get("x-cache") == "HIT"


def test_a_key_is_a_digest_of_fixed_size_whatever_the_request_held() -> None:
    """A review found a request of 1 MB of graph IRIs (or a long Host header) kept at 232 bytes
    counted: the key held the whole request. It is a digest now, counted with the body."""
    from dvo_kb.api.evaluator import Job
    from dvo_kb.api.result_cache import key

    small = key(Job("ASK {}"))
    big = key(Job("ASK {}", default_graphs=tuple(f"http://example.org/{i}" for i in range(50000)),
                  base_iri="http://" + "h" * 8000 + "/sparql"))
    assert len(small) == len(big) == 32 and small != big
    assert key(Job("ASK {}")) == small and key(Job("ASK {}", accept="text/csv")) != small


def test_off_at_zero_bytes(monkeypatch: pytest.MonkeyPatch) -> None:
    from dvo_kb.api import deps
    from dvo_kb.api.main import app

    monkeypatch.setenv("DVO_KB_QUERY_CACHE_BYTES", "0")
    monkeypatch.delenv("DVO_KB_STORE", raising=False)
    getters: list[Any] = [deps.get_settings, deps.get_kb, deps.get_asker, deps.get_rules, deps.get_result_cache]
    for f in getters:
        f.cache_clear()
    try:
        with TestClient(app) as c:
            rs = [c.get("/sparql", params={"query": QUERY}) for _ in range(2)]
            assert all(r.status_code == 200 and "x-cache" not in r.headers for r in rs)
            assert rs[0].content == rs[1].content
    finally:
        monkeypatch.undo()
        for f in getters:
            f.cache_clear()


@pytest.mark.parametrize("client", ["embedded"], indirect=True)
def test_healthz_says_what_is_kept(client: TestClient) -> None:
    client.get("/sparql", params={"query": QUERY})
    client.get("/sparql", params={"query": QUERY})
    kept = client.get("/healthz").json()["kept_answers"]
    assert kept["answers"] >= 1 and kept["hits"] >= 1 and 0 < kept["bytes"] <= kept["max_bytes"] == 64 << 20
