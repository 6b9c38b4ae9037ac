"""Conformance where clients notice it (issue 20), on the real corpus against the real service
(``client``: the embedded store and a real Oxigraph server; ``server``: a real process):
the SPARQL 1.1 Protocol's dataset, base IRI, q-values and charsets; content negotiation with
Vary, HEAD, 406 and 303; the ontology at /def; alternates on every HTML page; the Service
Description; 404 for what does not exist. The W3C protocol manifest is run in
test_w3c_protocol.py, iCalendar in test_icalendar.py."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import pytest
from fastapi.testclient import TestClient
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF

ID = "https://w3id.org/dvo-kb/id/"
G2018 = ID + "graph/dvo-pwm-2018"
D2018 = ID + "dvo-pwm-2018"
SD = "http://www.w3.org/ns/sparql-service-description#"
VOID = "http://rdfs.org/ns/void#"


def _ask(client: TestClient, query: str, **params: Any) -> bool:
    r = client.get("/sparql", params={"query": query, **params}, headers={"Accept": "application/sparql-results+json"})
    assert r.status_code == 200, r.text
    return bool(r.json()["boolean"])


# -- the protocol's dataset (SPARQL 1.1 Protocol §2.1.4) -----------------------------------------
def test_named_graph_uri_alone_leaves_the_default_graph_empty(client: TestClient) -> None:
    q = f"ASK {{ <{D2018}> a ?t }}"
    assert _ask(client, q)  # no dataset: the default graph is the union
    assert not _ask(client, q, **{"named-graph-uri": G2018})
    assert _ask(client, f"ASK {{ GRAPH <{G2018}> {{ <{D2018}> a ?t }} }}", **{"named-graph-uri": G2018})
    # the named graphs are those given, no others
    assert not _ask(client, f"ASK {{ GRAPH ?g {{ <{ID}sok-wm-2025> a ?t }} }}", **{"named-graph-uri": G2018})


def test_default_graph_uri_alone_leaves_no_named_graph(client: TestClient) -> None:
    assert _ask(client, f"ASK {{ <{D2018}> a ?t }}", **{"default-graph-uri": G2018})
    assert not _ask(client, f"ASK {{ <{ID}sok-wm-2025> a ?t }}", **{"default-graph-uri": G2018})
    assert not _ask(client, "ASK { GRAPH ?g { ?s ?p ?o } }", **{"default-graph-uri": G2018})


def test_protocol_dataset_replaces_the_querys_and_from_is_honoured(client: TestClient) -> None:
    sok = ID + "graph/sok-wm-2025"
    # the query's own FROM: only that graph is the default graph (on the Oxigraph server too)
    assert not _ask(client, f"ASK FROM <{sok}> {{ <{D2018}> a ?t }}")
    assert _ask(client, f"ASK FROM <{G2018}> {{ <{D2018}> a ?t }}")
    assert _ask(client, f"PREFIX g: <{ID}graph/> ASK FROM g:dvo-pwm-2018 {{ <{D2018}> a ?t }}")
    # FROM NAMED alone: an empty default graph
    assert not _ask(client, f"ASK FROM NAMED <{G2018}> {{ <{D2018}> a ?t }}")
    # the protocol's dataset replaces FROM: the query's graph is not the default graph
    assert _ask(client, f"ASK FROM <{sok}> {{ <{D2018}> a ?t }}", **{"default-graph-uri": G2018})
    assert not _ask(client, f"ASK FROM <{G2018}> {{ <{D2018}> a ?t }}", **{"named-graph-uri": G2018})


def test_every_query_has_a_base_iri(client: TestClient) -> None:
    r = client.post("/sparql", content=b"CONSTRUCT { <s> <p> 1 } WHERE {}",
                    headers={"Content-Type": "application/sparql-query", "Accept": "application/n-triples"})
    assert r.status_code == 200, r.text
    g = Graph().parse(data=r.text, format="nt")
    assert set(g) == {(URIRef("http://testserver/s"), URIRef("http://testserver/p"), Literal(1))}
    r = client.get("/sparql", params={"query": "BASE <http://example.org/a/> SELECT (<b> AS ?x) {}"})
    assert r.json()["results"]["bindings"][0]["x"]["value"] == "http://example.org/a/b"


# -- q-values, 406 and Vary ------------------------------------------------------------------------
@pytest.mark.parametrize(("accept", "expected"), [
    ("application/sparql-results+json;q=0, application/sparql-results+xml", "application/sparql-results+xml"),
    ("text/csv;q=0.5, text/tab-separated-values", "text/tab-separated-values"),
    ("text/*;q=0.9, application/sparql-results+json;q=0.1", "text/csv"),
    ("*/*", "application/sparql-results+json"), ("", "application/sparql-results+json"),
    ("application/sparql-results+json;q=0, */*;q=0.5", "application/sparql-results+xml"),
])
def test_select_results_by_q_values(client: TestClient, accept: str, expected: str) -> None:
    r = client.get("/sparql", params={"query": "SELECT ?x WHERE { VALUES ?x { 1 } }"}, headers={"Accept": accept})
    assert r.status_code == 200 and r.headers["content-type"].startswith(expected), (accept, r.headers)
    assert "Accept" in r.headers["vary"]


@pytest.mark.parametrize(("path", "params"), [
    ("/sparql", {"query": "SELECT ?x WHERE { VALUES ?x { 1 } }"}), ("/sparql", {"query": "CONSTRUCT WHERE { ?s ?p 1 }"}),
    ("/sparql", {}), ("/id/dvo-pwm-2018/art/16.1", {}), ("/def", {}), ("/ontology", {}), ("/doc/party/beek", {}),
])
def test_nothing_acceptable_is_406(client: TestClient, path: str, params: dict[str, str]) -> None:
    for accept in ("image/png", "text/turtle;q=0, text/html;q=0, application/*;q=0, text/*;q=0"):
        r = client.get(path, params=params, headers={"Accept": accept})
        assert r.status_code == 406 and r.json()["error"]["code"] == "not_acceptable", (path, accept, r.text)
        assert "Accept" in r.headers["vary"]


def test_resource_negotiation_by_q_values(client: TestClient) -> None:
    path = "/id/dvo-pwm-2018/art/16.1"
    cases = {"text/turtle, text/html;q=0.1": "text/turtle", "*/*": "text/html", "": "text/html",
             "application/ld+json;q=0.9, application/rdf+xml": "application/rdf+xml",
             "text/html;q=0, */*": "text/turtle", "text/html,application/xhtml+xml,*/*;q=0.8": "text/html"}
    for accept, expected in cases.items():
        r = client.get(path, headers={"Accept": accept})
        assert r.status_code == 200 and r.headers["content-type"].startswith(expected), (accept, r.headers)
        assert "Accept" in r.headers["vary"]
    # the ontology negotiates the same way: */* is HTML on both
    assert client.get("/ontology", headers={"Accept": "*/*"}).headers["content-type"].startswith("text/html")
    ttl = client.get("/ontology", headers={"Accept": "text/turtle, text/html;q=0.1"})
    assert ttl.headers["content-type"].startswith("text/turtle") and "Accept" in ttl.headers["vary"]


# -- charsets of POST bodies --------------------------------------------------------------------------
def test_form_bodies_in_their_charset(client: TestClient) -> None:
    query = 'ASK { FILTER("café" = "caf\\u00e9") }'
    for charset in ("ISO-8859-1", "windows-1252", "UTF-8", "UTF-16"):
        encoding = "utf-8" if charset.startswith("UTF") else charset
        body = urlencode({"query": query}, encoding=encoding).encode(charset)
        r = client.post("/sparql", content=body,
                        headers={"Content-Type": f"application/x-www-form-urlencoded; charset={charset}"})
        assert r.status_code == 200 and r.json()["boolean"] is True, (charset, r.text)
    # literal Latin-1 bytes in a Latin-1 form
    body = 'query=ASK { FILTER("café" = "caf\\u00e9") }'.encode("latin-1")
    r = client.post("/sparql", content=body, headers={"Content-Type": "application/x-www-form-urlencoded; charset=latin1"})
    assert r.json()["boolean"] is True
    # a form without a charset is UTF-8: other bytes are a clear 400, not mojibake
    r = client.post("/sparql", content=body, headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert r.status_code == 400 and r.json()["error"]["code"] == "bad_encoding" and "charset" in r.text
    r = client.post("/sparql", content=b"query=ASK%20%7B%7D", headers={
        "Content-Type": "application/x-www-form-urlencoded; charset=no-such-charset"})
    assert r.status_code == 415 and r.json()["error"]["code"] == "unsupported_charset"


def test_direct_post_is_utf8_only(client: TestClient) -> None:
    ok = client.post("/sparql", content='ASK { FILTER("é" = "\\u00e9") }'.encode(),
                     headers={"Content-Type": "application/sparql-query; charset=utf-8"})
    assert ok.status_code == 200 and ok.json()["boolean"] is True
    r = client.post("/sparql", content="ASK {}".encode("utf-16"),
                    headers={"Content-Type": "application/sparql-query; charset=UTF-16"})
    assert r.status_code == 415 and "UTF-8" in r.json()["error"]["message"]
    r = client.post("/sparql", content="ASK { FILTER(\"é\" = \"é\") }".encode("latin-1"),
                    headers={"Content-Type": "application/sparql-query"})
    assert r.status_code == 400 and r.json()["error"]["code"] == "bad_encoding"


# -- the Service Description ---------------------------------------------------------------------------
def test_service_description_names_every_graph_with_honest_counts(client: TestClient) -> None:
    r = client.get("/sparql", headers={"Accept": "text/turtle"})
    assert r.status_code == 200 and "Accept" in r.headers["vary"]
    g = Graph().parse(data=r.text, format="turtle")
    service = URIRef("http://testserver/sparql")
    sd = lambda t: URIRef(SD + t)  # noqa: E731
    dataset = g.value(service, sd("defaultDataset"))
    available = g.value(service, sd("availableGraphs"))
    assert dataset is not None and available is not None and (available, RDF.type, sd("GraphCollection")) in g

    def named(collection: Any) -> dict[str, int]:
        out = {}
        for ng in g.objects(collection, sd("namedGraph")):
            out[str(g.value(ng, sd("name")))] = int(g.value(g.value(ng, sd("graph")), URIRef(VOID + "triples")))
        return out

    counts = client.get("/sparql", params={"query": "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } "
                                                    "GROUP BY ?g"}).json()["results"]["bindings"]
    expected = {b["g"]["value"]: int(b["n"]["value"]) for b in counts}
    assert G2018 in expected and ID + "graph/shared" in expected and "https://w3id.org/dvo-kb/def" in expected
    assert named(dataset) == expected and named(available) == expected
    total = client.get("/sparql", params={"query": "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o "
                                                   "WHERE { ?s ?p ?o } }"}).json()
    default = g.value(dataset, sd("defaultGraph"))
    assert int(g.value(default, URIRef(VOID + "triples"))) == int(total["results"]["bindings"][0]["n"]["value"])
    assert int(g.value(default, URIRef(VOID + "triples"))) < sum(expected.values())  # the union: each triple once
    void = Graph().parse(data=client.get("/void.ttl").text, format="turtle")
    dataset_node = next(void.subjects(URIRef(VOID + "sparqlEndpoint"), None))
    assert int(void.value(dataset_node, URIRef(VOID + "triples"))) == int(total["results"]["bindings"][0]["n"]["value"])
    # the partitions (VoID 4.5): the properties' triples add up to the dataset's; a class's entities as SPARQL counts them
    props = {void.value(p, URIRef(VOID + "property")): int(void.value(p, URIRef(VOID + "triples")))
             for p in void.objects(dataset_node, URIRef(VOID + "propertyPartition"))}
    assert sum(props.values()) == int(total["results"]["bindings"][0]["n"]["value"])
    classes = {void.value(p, URIRef(VOID + "class")): int(void.value(p, URIRef(VOID + "entities")))
               for p in void.objects(dataset_node, URIRef(VOID + "classPartition"))}
    articles = client.get("/sparql", params={"query": "SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a a "
                                                      "<https://w3id.org/dvo-kb/def#Article> }"}).json()
    assert classes[URIRef("https://w3id.org/dvo-kb/def#Article")] == int(articles["results"]["bindings"][0]["n"]["value"]) > 100
    assert len(classes) == int(void.value(dataset_node, URIRef(VOID + "classes")))


# -- linked data: HEAD, /def, 303, alternates -----------------------------------------------------------
GET_PATHS = ["/", "/id/dvo-pwm-2018", "/doc/party/beek", "/sparql", "/api/documents", "/api/documents/dvo-pwm-2018",
             "/api/documents/dvo-pwm-2018/articles/16.1", "/api/documents/dvo-hbel-2026/articles/13/leden/1",
             "/api/deadlines?agreement=dvo-pwm-2018&year=2027", "/api/events?agreement=dvo-hbel-2026",
             "/api/ask?q=wie%20moet%20wie%20informeren%20bij%20overmacht", "/api/diff?a=DVO-2018&b=DVO-2020%20Beek",
             "/data/dvo-kb.ttl", "/deadlines", "/deadlines.ics?agreement=dvo-pwm-2018&year=2027", "/diff", "/validate",
             "/query", "/void.ttl", "/ontology", "/ontology.ttl", "/ontology.html", "/def", "/def/norm", "/healthz",
             "/openapi.json", "/docs"]


def test_head_on_every_get_route(client: TestClient) -> None:
    from fastapi.routing import APIRoute

    from dvo_kb.api.errors import all_routes
    from dvo_kb.api.main import app

    # every GET route of the app without path parameters (new ones too), and the others by example
    routes = [r for r in all_routes(app) if isinstance(r, APIRoute) and "GET" in (r.methods or ())]
    assert len(routes) > 25
    plain = sorted(r.path for r in routes if "{" not in r.path)
    for path in dict.fromkeys([*GET_PATHS, *plain]):
        get = client.get(path)
        head = client.head(path)
        assert head.status_code == get.status_code != 405, (path, head.status_code, get.status_code)
        if path in GET_PATHS:
            assert get.status_code == 200, path
        assert head.content == b"" and head.headers["content-type"] == get.headers["content-type"], path
        again = client.get(path)  # the length of a GET, where two GETs agree on it (a JSON view may vary)
        if "content-length" in get.headers and again.headers.get("content-length") == get.headers["content-length"]:
            if head.headers.get("content-length") != get.headers["content-length"]:
                # once more, back to back (a view that changed between the requests, such as a
                # document's while the suite runs beside other work, is not HEAD's doing)
                head, get = client.head(path), client.get(path)
            assert head.headers.get("content-length") == get.headers["content-length"], path
    r = client.request("TRACE", "/api/documents")  # GET lists them, POST adds one (issue 21)
    assert r.status_code == 405 and r.headers["allow"] == "GET, HEAD, POST"
    assert client.request("PUT", "/validate").headers["allow"] == "GET, HEAD, POST"  # two routes, one path


def test_head_through_a_real_server(server: str) -> None:
    import httpx

    r = httpx.head(server + "/id/dvo-pwm-2018/art/16.1", headers={"Accept": "text/turtle"}, timeout=30)
    assert r.status_code == 200 and r.content == b"" and r.headers["content-type"].startswith("text/turtle")
    assert "Accept" in r.headers["vary"] and int(r.headers["content-length"]) > 100
    r = httpx.head(server + "/sparql", params={"query": "ASK {}"}, timeout=30)
    assert r.status_code == 200 and r.content == b""


def test_def_dereferences_to_the_ontology(client: TestClient) -> None:
    ttl = client.get("/def", headers={"Accept": "text/turtle"})
    g = Graph().parse(data=ttl.text, format="turtle")
    assert (URIRef("https://w3id.org/dvo-kb/def"), RDF.type, URIRef("http://www.w3.org/2002/07/owl#Ontology")) in g
    assert (URIRef("https://w3id.org/dvo-kb/def#Obligation"), None, None) in g and "Accept" in ttl.headers["vary"]
    html = client.get("/def", headers={"Accept": "text/html"})
    assert html.headers["content-type"].startswith("text/html") and "pyLODE" in html.text
    norm = Graph().parse(data=client.get("/def/norm", headers={"Accept": "application/n-triples"}).text, format="nt")
    assert (URIRef("https://w3id.org/dvo-kb/def/norm"), RDF.type, URIRef("http://www.w3.org/2002/07/owl#Ontology")) in norm
    assert len(norm) < len(g)  # the module's own triples
    for module in ("document", "party", "time", "topic", "alignment"):
        assert client.get(f"/def/{module}", headers={"Accept": "text/turtle"}).status_code == 200
    assert client.get("/def/nothing").status_code == 404


@pytest.mark.parametrize("path", ["party/beek", "dvo-pwm-2018/role/opdrachtnemer/sittard-geleen",
                                  "dvo-pwm-2018/art/16.1/lid/0/norm/1", "dvo-pwm-2020-beek/bijlage/1/task/1"])
def test_non_information_resources_answer_303(client: TestClient, path: str) -> None:
    r = client.get(f"/id/{path}", headers={"Accept": "text/turtle"}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == f"/doc/{path}"
    desc = client.get(f"/id/{path}", headers={"Accept": "text/turtle"})  # followed
    assert desc.status_code == 200 and desc.url.path == f"/doc/{path}"
    g = Graph().parse(data=desc.text, format="turtle")
    assert (URIRef(ID + path), RDF.type, None) in g  # a description of the thing the IRI names
    page = client.get(f"/id/{path}", headers={"Accept": "text/html"})
    assert page.status_code == 200 and f'href="/doc/{path}?format=ttl"' in page.text
    assert client.get(f"/id/{path}?format=nt", follow_redirects=False).headers["location"] == f"/doc/{path}?format=nt"


def test_a_party_s_description_says_what_refers_to_it(client: TestClient) -> None:
    """/doc/party/beek in RDF: its own statements and those that point to it (the documents it
    is a party to, the norms it bears, the roles it plays), as its page lists them; it once had
    three statements."""
    g = Graph().parse(data=client.get("/doc/party/beek", headers={"Accept": "text/turtle"}).text, format="turtle")
    beek = URIRef(ID + "party/beek")
    dvo = "https://w3id.org/dvo-kb/def#"
    assert (URIRef(ID + "dvo-pwm-2020-beek"), URIRef(dvo + "party"), beek) in g
    assert any(True for _ in g.triples((None, URIRef(dvo + "bearer"), beek)))
    assert len(g) > 20 and (beek, RDF.type, None) in g


def test_a_description_cut_at_its_cap_says_so(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    from dvo_kb.api.routers import pages

    monkeypatch.setattr(pages, "INBOUND_MAX", 5)
    r = client.get("/doc/party/beek", headers={"Accept": "text/turtle"})
    assert r.status_code == 200 and r.headers["x-inbound-triples"].startswith("5 of ")
    assert len(Graph().parse(data=r.text, format="turtle")) < 20


@pytest.mark.parametrize("path", ["dvo-pwm-2018", "dvo-pwm-2018/art/16.1", "dvo-hbel-2026/art/13/lid/1",
                                  "dvo-hbel-2026/art/13/lid/1/item/a", "wgr"])
def test_information_resources_are_served_at_their_iri(client: TestClient, path: str) -> None:
    r = client.get(f"/id/{path}", headers={"Accept": "text/turtle"}, follow_redirects=False)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/turtle")
    assert client.get(f"/id/{path}?format=jsonld").headers["content-type"].startswith("application/ld+json")


HTML_PAGES = ["/", "/?q=wie%20moet%20wie%20informeren%20bij%20overmacht", "/id/dvo-pwm-2018/art/16.1",
              "/doc/party/beek", "/deadlines", "/deadlines?agreement=dvo-pwm-2018&year=2027", "/diff",
              "/diff?a=DVO-2018&b=DVO-2020%20Beek", "/validate", "/query", "/ontology.html", "/ontology", "/def",
              "/def/norm"]


def test_every_html_page_links_its_rdf(client: TestClient) -> None:
    import re

    for path in HTML_PAGES:
        r = client.get(path, headers={"Accept": "text/html"})
        assert r.headers["content-type"].startswith("text/html"), path
        head = r.text.split("</head>")[0]
        links = re.findall(r'<link rel="alternate" type="([^"]+)" href="([^"]+)">', head)
        assert links and "text/turtle" in {t for t, _ in links}, path
        for mt, href in links:  # each alternate is there, in the type it says
            alt = client.get(href.replace("&amp;", "&"))
            assert alt.status_code == 200 and alt.headers["content-type"].startswith(mt), (path, href)
    r = client.get("/id/dvo-pwm-2018/art/16.1", headers={"Accept": "text/html"})
    assert '<link rel="alternate" type="text/turtle" href="/id/dvo-pwm-2018/art/16.1?format=ttl">' in r.text


# -- 404 for what does not exist -------------------------------------------------------------------------
@pytest.mark.parametrize(("path", "params"), [
    ("/api/documents/no-such-document", {}), ("/api/documents/dvo-pwm-2018/articles/99", {}),
    ("/api/documents/no-such-document/articles/1", {}), ("/api/documents/dvo-hbel-2026/articles/13/leden/9", {}),
    ("/api/deadlines", {"agreement": "no-such-document", "year": 2027}),
    ("/api/deadlines", {"agreement": "dvo-pwm-2018", "year": 2027, "party": "maastricht"}),
    ("/api/duties", {"agreement": "dvo-hbel-2026", "event": "overmacht", "on": "2026-12-24", "party": "maastricht"}),
    ("/api/duties", {"agreement": "dvo-hbel-2026", "event": "brand", "on": "2026-12-24"}),
    ("/api/events", {"agreement": "no-such-document"}),
    ("/deadlines.ics", {"agreement": "dvo-pwm-2018", "year": 2027, "party": "maastricht"}),
    ("/id/party/maastricht", {}), ("/doc/party/maastricht", {}),
])
def test_what_does_not_exist_is_404(client: TestClient, path: str, params: dict[str, Any]) -> None:
    r = client.get(path, params=params)
    assert r.status_code == 404, r.text
    assert r.json()["error"]["code"] == "not_found" and r.json()["error"]["message"]


def test_existing_lid_and_ambiguous_names(client: TestClient) -> None:
    lid = client.get("/api/documents/dvo-hbel-2026/articles/13/leden/1").json()
    assert [p["paragraph"] for p in lid["articles"][0]["paragraphs"]] == ["1"]
    # malformed input stays a 400
    assert client.get("/api/deadlines", params={"agreement": "dvo-pwm-2018", "year": "x"}).status_code == 400
