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
        cache.put(i, Kept(b"x" * 700, "text/csv", 10))
    assert cache.size <= 8000 and len(cache) == 6
    assert cache.get(0) is not None  # now the most recently used
    for i in range(6, 12):
        cache.put(i, Kept(b"y" * 700, "text/csv", 10))
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
def test_a_refusal_is_decided_again_and_not_kept(client: TestClient) -> None:
    for _ in range(2):
        r = client.get("/sparql", params={"query": "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"})
        assert r.status_code == 403 and "x-cache" not in r.headers


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
