"""The W3C SPARQL 1.1 Protocol test manifest (tests/data/w3c-protocol, see its README), run as
written against a real `dvo-kb serve` process holding the corpus and the manifest's own data,
and, for the tests that need their own data, adapted to the corpus on both stores. The update
tests are refused by design (a read-only endpoint): each of their updates must get 403."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

import httpx
import pytest
from conftest import _spawn, _stop, _wait_for
from rdflib import Graph, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS

HERE = Path(__file__).parent / "data" / "w3c-protocol"
MF = "http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#"
HT = "http://www.w3.org/2011/http#"
CNT = "http://www.w3.org/2011/content#"
HTS = "http://www.w3.org/2011/http-statusCodes#"
UT = "http://www.w3.org/2009/sparql/tests/test-update#"
ID = "https://w3id.org/dvo-kb/id/"

# the tests whose requests must change the store: refused by design, every update among them a 403
REFUSED_BY_DESIGN = {"update_dataset_default_graph", "update_dataset_default_graphs", "update_dataset_named_graphs",
                     "update_dataset_full", "update_post_form", "update_post_direct", "update_base_uri"}
# the manifest's data as the corpus has it (README): dataN.rdf as a graph, and as a subject
KASEI = "http://kasei.us/2009/09/sparql/data/"
CORPUS = {f"{KASEI}data1.rdf": "dvo-pwm-2018", f"{KASEI}data2.rdf": "dvo-pwm-2020-beek",
          f"{KASEI}data3.rdf": "dvo-hbel-2026"}
STATUS = {"StatusCode2xx": range(200, 300), "StatusCode3xx": range(300, 400), "StatusCode4xx": range(400, 500),
          "StatusCode5xx": range(500, 600)}
TABULAR = ("application/sparql-results+xml", "application/sparql-results+json", "text/csv",
           "text/tab-separated-values")
RDF_TYPES = {"application/rdf+xml": "xml", "text/turtle": "turtle", "application/n-triples": "nt",
             "application/ld+json": "json-ld"}


def u(ns: str, local: str) -> URIRef:
    return URIRef(ns + local)


@dataclass
class Request:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes | None
    statuses: list[range]
    boolean: bool | None
    format: str | None
    update: bool  # an update operation (sparql-update body, update= form)


@dataclass
class ProtocolTest:
    name: str
    requests: list[Request]
    graph_data: dict[str, Path] = field(default_factory=dict)  # graph name -> file


def load_manifest() -> list[ProtocolTest]:
    g = Graph().parse(HERE / "manifest.ttl", format="turtle")
    manifest = next(g.subjects(RDF.type, u(MF, "Manifest")))
    tests = []
    for entry in Collection(g, g.value(manifest, u(MF, "entries"))):
        name = str(entry).rsplit("#", 1)[-1]
        action = g.value(entry, u(MF, "action"))
        requests = []
        for req in Collection(g, g.value(action, u(HT, "requests"))):
            headers = {}
            hlist = g.value(req, u(HT, "headers"))
            if hlist is not None:
                for h in Collection(g, hlist):
                    headers[str(g.value(h, u(HT, "fieldName")))] = str(g.value(h, u(HT, "fieldValue")))
            body_node = g.value(req, u(HT, "body"))
            body = None
            if body_node is not None:
                encoding = str(g.value(body_node, u(CNT, "characterEncoding")) or "UTF-8")
                body = str(g.value(body_node, u(CNT, "chars"))).encode(encoding)
            resp = g.value(req, u(HT, "resp"))
            statuses = [STATUS[str(s).rsplit("#", 1)[-1]] for s in g.objects(resp, u(MF, "expectedStatus"))]
            boolean = g.value(resp, u(MF, "expectedBoolean"))
            fmt = g.value(resp, u(MF, "expectedFormat"))
            ctype = headers.get("content-type", "")
            path = str(g.value(req, u(HT, "absolutePath")))
            update = ctype.startswith("application/sparql-update") or any(
                k == "update" for k, _ in parse_qsl(urlsplit(path).query)) or (
                body is not None and ctype.startswith("application/x-www-form-urlencoded")
                and any(k == "update" for k, _ in parse_qsl(body.decode("utf-8"))))
            requests.append(Request(str(g.value(req, u(HT, "methodName"))), path, headers, body, statuses,
                                    None if boolean is None else bool(boolean.toPython()),
                                    None if fmt is None else str(fmt), update))
        data = {str(g.value(d, RDFS.label)): HERE / Path(str(g.value(d, u(UT, "graph")))).name
                for d in g.objects(entry, u(UT, "graphData"))}
        tests.append(ProtocolTest(name, requests, data))
    return tests


TESTS = load_manifest()


def test_the_manifest_is_whole() -> None:
    assert len(TESTS) == 34 and {t.name for t in TESTS} >= REFUSED_BY_DESIGN
    assert sum(1 for t in TESTS if t.graph_data) == 6
    assert all(r.statuses for t in TESTS for r in t.requests)


def _endpoint(path: str) -> str:
    assert path.startswith("/sparql/"), path
    return "/sparql" + path[len("/sparql/"):]


def check_response(test: str, req: Request, status: int, ctype: str, body: bytes) -> None:
    assert any(status in r for r in req.statuses), f"{test}: {status} {body[:300]!r}"
    ctype = ctype.split(";")[0].strip().lower()
    if req.format == "boolean":
        assert ctype in ("application/sparql-results+json", "application/sparql-results+xml"), (test, ctype)
        if ctype.endswith("json"):
            value = json.loads(body)["boolean"]
        else:
            value = b"<boolean>true</boolean>" in body
            assert value or b"<boolean>false</boolean>" in body
        if req.boolean is not None:
            assert value is req.boolean, f"{test}: {value}, expected {req.boolean}"
    elif req.format == "tabular":
        assert ctype in TABULAR, (test, ctype)
    elif req.format == "RDF":
        assert ctype in RDF_TYPES, (test, ctype)
        Graph().parse(data=body.decode("utf-8"), format=RDF_TYPES[ctype])


Send = Callable[[str, str, dict[str, str], bytes | None], tuple[int, str, bytes]]


def run(test: ProtocolTest, send: Send, adapt: Callable[[Request], Request] = lambda r: r) -> None:
    if test.name in REFUSED_BY_DESIGN:
        updates = [r for r in test.requests if r.update]
        assert updates, test.name
        for req in updates:
            status, ctype, body = send(req.method, _endpoint(req.path), req.headers, req.body)
            assert status == 403 and json.loads(body)["error"]["code"] == "updates_refused", (test.name, body)
        return
    for req in test.requests:
        req = adapt(req)
        status, ctype, body = send(req.method, _endpoint(req.path), req.headers, req.body)
        check_response(test.name, req, status, ctype, body)


# -- as written: a real server with the manifest's data --------------------------------------------
@pytest.fixture(scope="module")
def w3c_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`dvo-kb serve` on the corpus plus the manifest's graphs (as N-Quads, each dataN.nt in the
    graph its rdfs:label names)."""
    from conftest import _free_port

    data: dict[str, Path] = {}
    for t in TESTS:
        data.update(t.graph_data)
    folder = tmp_path_factory.mktemp("w3c")
    nq = folder / "w3c-protocol.nq"
    lines = []
    for graph, f in sorted(data.items()):
        for line in f.read_text(encoding="utf-8").splitlines():
            if line.strip():
                lines.append(line.rstrip().removesuffix(".").rstrip() + f" <{graph}> .")
    nq.write_text("\n".join(lines) + "\n", encoding="utf-8")
    port = _free_port()
    env = {**os.environ, "DVO_KB_EXTRA_DATA": str(nq), "DVO_KB_CACHE": "off"}
    env.pop("DVO_KB_STORE", None)
    proc = _spawn([sys.executable, "-m", "dvo_kb.cli", "serve", "--port", str(port), "--log-level", "warning"],
                  folder, env=env)
    url = f"http://127.0.0.1:{port}"
    _wait_for(url + "/healthz", proc, "the server", 120)
    yield url
    _stop(proc, "the server")


@pytest.mark.parametrize("test", TESTS, ids=lambda t: t.name)
def test_w3c_protocol_as_written(w3c_server: str, test: ProtocolTest) -> None:
    def send(method: str, path: str, headers: dict[str, str], body: bytes | None) -> tuple[int, str, bytes]:
        r = httpx.request(method, w3c_server + path, headers=headers, content=body, timeout=30,
                          follow_redirects=False)
        return r.status_code, r.headers.get("content-type", ""), r.content

    run(test, send)


# -- adapted to the corpus, on both stores ---------------------------------------------------------------
def _graph(iri: str) -> str:
    return ID + "graph/" + CORPUS[iri] if iri in CORPUS else iri


def _in_query(text: str) -> str:
    """dataN.rdf in a query: as a subject, the corpus document; after FROM, its graph."""
    for kasei, doc in CORPUS.items():
        text = text.replace(f"FROM <{kasei}>", f"FROM <{ID}graph/{doc}>").replace(f"<{kasei}>", f"<{ID}{doc}>")
    return text


def adapt(req: Request) -> Request:
    parts = urlsplit(req.path)
    params = [(k, _in_query(v) if k == "query" else _graph(v)) for k, v in parse_qsl(parts.query)]
    path = parts.path + ("?" + urlencode(params) if params else "")
    body = req.body
    if body is not None and req.headers.get("content-type", "").startswith("application/sparql-query"):
        body = _in_query(body.decode("utf-8")).encode("utf-8")
    return Request(req.method, path, req.headers, body, req.statuses, req.boolean, req.format, req.update)


ADAPTED = [t for t in TESTS if t.graph_data]


def test_adaptation_leaves_no_test_data() -> None:
    for t in ADAPTED:
        for req in t.requests:
            a = adapt(req)
            text = a.path + (a.body or b"").decode()
            assert not any(kasei in text or kasei.replace(":", "%3A").replace("/", "%2F") in text
                           for kasei in CORPUS), (t.name, text)


@pytest.mark.parametrize("test", ADAPTED, ids=lambda t: t.name)
def test_w3c_protocol_adapted_to_the_corpus(client: Any, test: ProtocolTest) -> None:
    def send(method: str, path: str, headers: dict[str, str], body: bytes | None) -> tuple[int, str, bytes]:
        r = client.request(method, path, headers=headers, content=body, follow_redirects=False)
        return r.status_code, r.headers.get("content-type", ""), r.content

    run(test, send, adapt)
