"""The service with a real client: the SPARQL 1.1 Protocol, the JSON API, pages, errors; and
SPARQL conformance against a real server process on 127.0.0.1 with SPARQLWrapper and rdflib."""

from __future__ import annotations

import json
import re
import time
from typing import Any

import pytest
from conftest import documents_under_test
from fastapi.testclient import TestClient
from rdflib import Graph

QUERY = "SELECT ?id WHERE { ?d dvo:documentId ?id ; dvo:inCorpus true ; dvo:hasArticle ?a } GROUP BY ?id ORDER BY ?id"
FULL = "PREFIX dvo: <https://w3id.org/dvo-kb/def#> " + QUERY


def test_sparql_get_json(client: TestClient) -> None:
    r = client.get("/sparql", params={"query": QUERY}, headers={"Accept": "application/sparql-results+json"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/sparql-results+json")
    ids = [b["id"]["value"] for b in r.json()["results"]["bindings"]]
    assert ids == documents_under_test() and len(ids) == 6


@pytest.mark.parametrize(("accept", "marker"), [
    ("application/sparql-results+xml", "<sparql"), ("text/csv", "id\r\n"), ("text/tab-separated-values", "?id"),
])
def test_sparql_result_formats(client: TestClient, accept: str, marker: str) -> None:
    r = client.get("/sparql", params={"query": QUERY}, headers={"Accept": accept})
    assert r.status_code == 200 and marker in r.text and "sok-wm-2025" in r.text


def test_sparql_post_form_and_direct(client: TestClient) -> None:
    r = client.post("/sparql", data={"query": QUERY}, headers={"Accept": "application/sparql-results+json"})
    assert r.status_code == 200 and len(r.json()["results"]["bindings"]) == 6
    r = client.post("/sparql", content=QUERY.encode(), headers={"Content-Type": "application/sparql-query",
                                                               "Accept": "application/sparql-results+json"})
    assert r.status_code == 200 and len(r.json()["results"]["bindings"]) == 6


@pytest.mark.parametrize(("accept", "fmt"), [("text/turtle", "turtle"), ("application/n-triples", "nt"),
                                             ("application/ld+json", "json-ld"), ("application/rdf+xml", "xml")])
def test_construct_formats(client: TestClient, accept: str, fmt: str) -> None:
    q = "CONSTRUCT { ?a dvo:number ?n } WHERE { ?a a dvo:Article ; dvo:number ?n }"
    r = client.get("/sparql", params={"query": q}, headers={"Accept": accept})
    assert r.status_code == 200 and r.headers["content-type"].startswith(accept)
    assert len(Graph().parse(data=r.text, format=fmt)) == 146


def test_ask_query(client: TestClient) -> None:
    r = client.get("/sparql", params={"query": "ASK { ?a dvo:number '7a' }"})
    assert r.status_code == 200 and r.json()["boolean"] is True


def test_default_graph_uri_selects_a_named_graph(client: TestClient) -> None:
    r = client.get("/sparql", params={"query": "SELECT (COUNT(?a) AS ?n) WHERE { ?a a <https://w3id.org/dvo-kb/def#Article> }",
                                      "default-graph-uri": "https://w3id.org/dvo-kb/id/graph/dvo-pwm-2018"})
    assert r.json()["results"]["bindings"][0]["n"]["value"] == "35"


def test_service_description(client: TestClient) -> None:
    r = client.get("/sparql", headers={"Accept": "text/turtle"})
    assert r.status_code == 200
    g = Graph().parse(data=r.text, format="turtle")
    assert any("sparql-service-description#Service" in str(o) for o in g.objects())


@pytest.mark.parametrize(("method", "kwargs", "status", "code"), [
    ("get", {"params": {"query": "INSERT DATA { <urn:a> <urn:b> <urn:c> }"}}, 403, "updates_refused"),
    ("post", {"data": {"update": "DROP ALL"}}, 403, "updates_refused"),
    ("post", {"content": b"LOAD <http://example.org/x>", "headers": {"Content-Type": "application/sparql-query"}}, 403,
     "updates_refused"),
    ("get", {"params": {"query": "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }"}}, 403,
     "service_refused"),
    ("get", {"params": {"query": "SELECT ?x WHERE { ?x ?y }"}}, 400, "malformed_query"),
    ("get", {"params": {"query": "SELECT * WHERE { ?s ?p ?o }"}}, 413, "too_many_results"),
    ("post", {"content": b"x", "headers": {"Content-Type": "text/plain"}}, 415, "unsupported_media_type"),
])
def test_sparql_refusals_are_clear_json(client: TestClient, method: str, kwargs: dict[str, Any], status: int,
                                        code: str) -> None:
    r = getattr(client, method)("/sparql", **kwargs)
    assert r.status_code == status, r.text
    assert r.json()["error"]["code"] == code and r.json()["error"]["message"]


def test_api_ask_contract(client: TestClient) -> None:
    r = client.get("/api/ask", params={"q": "wie moet wie informeren bij overmacht?"})
    assert r.status_code == 200
    body = r.json()
    assert body["intent"] == "who_whom" and body["language"] == "nl" and "SELECT" in body["sparql"]
    cites = {(a["agreement"], a["article"]) for a in body["answers"]}
    assert ("dvo-hbel-2026", "13") in cites and ("dvo-pwm-2018", "16.1") in cites


def test_api_ask_bad_question_is_400(client: TestClient) -> None:
    r = client.get("/api/ask", params={"q": "what is the airspeed of a swallow?"})
    assert r.status_code == 400 and r.json()["error"]["code"] == "question_not_understood"
    assert client.get("/api/ask").status_code == 400


def test_api_documents_and_articles(client: TestClient) -> None:
    docs = client.get("/api/documents").json()["documents"]
    assert {d["id"] for d in docs} >= {"cr-pwm-2018", "sok-wm-2025"}
    art = client.get("/api/documents/DVO-2018/articles/16.1").json()["articles"][0]
    assert art["article"] == "16.1" and art["paragraphs"][0]["provisions"]
    r = client.get("/api/documents/nope")
    assert r.status_code == 404 and "unknown document" in r.json()["error"]["message"]


def test_api_document_has_its_product_list(client: TestClient) -> None:
    """The product list (bijlage 1 of the DVO-2020 Beek, a list, no articles) with its entries and
    the provisions they hold: entry 11 states the duty to send the annual report on objections
    'voor 1 juli' (a researcher's trial: the document's JSON had left the annex out)."""
    doc = client.get("/api/documents/dvo-pwm-2020-beek").json()
    (annex,) = doc["annex_lists"]
    assert annex["annex"] == "1" and annex["title"].startswith("Productenlijst") and len(annex["entries"]) == 88
    entry = next(e for e in annex["entries"] if e["position"] == 11)
    assert "voor 1 juli" in entry["text"] and "Obligation" in {p["kind"] for p in entry["provisions"]}
    assert doc["annexes"] == ["dvo-pwm-2020-beek-privacyprotocol"]  # an annex that is a document stays by its id


def test_api_deadlines_and_duties(client: TestClient) -> None:
    r = client.get("/api/deadlines", params={"agreement": "dvo-pwm-2018", "year": 2027})
    assert ("12.3", "2027-04-30") in {(i["article"], i["due"]) for i in r.json()["items"]}
    r = client.get("/api/duties", params={"agreement": "dvo-hbel-2026", "event": "overmacht", "on": "2026-12-24",
                                          "party": "huizen"})
    assert "2026-12-29" in {i["due"] for i in r.json()["items"]}
    assert client.get("/api/duties", params={"agreement": "dvo-hbel-2026", "event": "overmacht",
                                             "on": "2026-02-30"}).status_code == 400
    # a year and a window at once: which one? (a researcher's tool sent both and got the year's, silently)
    r = client.get("/api/deadlines", params={"agreement": "dvo-pwm-2018", "year": 2026, "from": "2026-01-01",
                                             "to": "2026-03-01"})
    assert r.status_code == 400 and r.json()["error"]["message"] == "give year, or from and to, not both"


def test_search_page_and_article_page(client: TestClient) -> None:
    r = client.get("/", params={"q": "wie moet wie informeren bij overmacht?"})
    assert r.status_code == 200 and "text/html" in r.headers["content-type"]
    assert 'lang="nl"' in r.text and "/id/dvo-hbel-2026/art/13/lid/1" in r.text and "binnen twee werkdagen" in r.text
    page = client.get("/id/dvo-pwm-2018/art/16.1", headers={"Accept": "text/html"})
    assert page.status_code == 200 and "dvo-pwm-2018" in page.text
    assert "stelt de andere partijen onverwijld op de hoogte" in page.text and "verplichting" in page.text and "Obligation" not in page.text
    lid = client.get("/id/dvo-hbel-2026/art/13/lid/1", headers={"Accept": "text/html"})
    assert "binnen twee werkdagen" in lid.text and "termijn: binnen twee werkdagen" in lid.text
    ttl = client.get("/id/dvo-pwm-2018/art/16.1", headers={"Accept": "text/turtle"})
    assert ttl.headers["content-type"].startswith("text/turtle") and len(Graph().parse(data=ttl.text, format="turtle")) > 3
    assert client.get("/id/nothing/here").status_code == 404


def test_dumps(client: TestClient) -> None:
    r = client.get("/data/dvo-kb.nt")
    assert r.status_code == 200 and len(r.text.splitlines()) > 10000
    assert client.get("/data/dvo-kb.xyz").status_code == 404


# -- a real server process on 127.0.0.1 ---------------------------------------------------------------
def test_sparqlwrapper_against_a_real_server(live: str) -> None:
    from SPARQLWrapper import GET, JSON, POST, TURTLE, SPARQLWrapper

    for method in (GET, POST):
        sw = SPARQLWrapper(live + "/sparql")
        sw.setMethod(method)
        sw.setQuery(FULL)
        sw.setReturnFormat(JSON)
        res: Any = sw.query().convert()
        assert len(res["results"]["bindings"]) == 6
    sw = SPARQLWrapper(live + "/sparql")
    sw.setQuery("PREFIX dvo: <https://w3id.org/dvo-kb/def#> CONSTRUCT { ?a dvo:number ?n } WHERE { ?a a dvo:Article ; dvo:number ?n }")
    sw.setReturnFormat(TURTLE)
    data = sw.query().convert()
    assert len(Graph().parse(data=data, format="turtle")) == 146


def test_sparqlwrapper_defaults_get_a_graph_it_can_convert(live: str) -> None:
    """SPARQLWrapper's defaults for a CONSTRUCT: format=xml and Accept RDF/XML; the answer is
    RDF/XML, which it converts to a graph (a new user's trial: Turtle came back, as bytes)."""
    from SPARQLWrapper import SPARQLWrapper

    sw = SPARQLWrapper(live + "/sparql")
    sw.setQuery("PREFIX dvo: <https://w3id.org/dvo-kb/def#> CONSTRUCT { ?a dvo:number ?n } WHERE { ?a a dvo:Article ; dvo:number ?n }")
    res = sw.query()
    assert res.response.headers["Content-Type"].startswith("application/rdf+xml")
    assert len(res.convert()) == 146


@pytest.mark.parametrize(("query", "fmt", "accept", "content_type"), [
    ("SELECT ?a WHERE { ?a a dvo:Article } LIMIT 1", "xml", "", "application/sparql-results+xml"),
    ("CONSTRUCT WHERE { ?a a dvo:Article } LIMIT 1", "xml", "", "application/rdf+xml"),
    ("CONSTRUCT WHERE { ?a a dvo:Article } LIMIT 1", "json-ld", "", "application/ld+json"),
    ("CONSTRUCT WHERE { ?a a dvo:Article } LIMIT 1", "turtle", "", "text/turtle"),
    # a format that names none for the kind of query asked: Accept decides
    ("SELECT ?a WHERE { ?a a dvo:Article } LIMIT 1", "turtle", "application/sparql-results+xml",
     "application/sparql-results+xml"),
    # a graph asked for as plain XML or JSON
    ("CONSTRUCT WHERE { ?a a dvo:Article } LIMIT 1", None, "application/xml", "application/rdf+xml"),
    ("CONSTRUCT WHERE { ?a a dvo:Article } LIMIT 1", None, "application/json", "application/ld+json"),
])
def test_the_format_parameter_per_kind_of_query(client: TestClient, query: str, fmt: str | None, accept: str,
                                                 content_type: str) -> None:
    params = {"query": query, **({"format": fmt} if fmt else {})}
    r = client.get("/sparql", params=params, headers={"Accept": accept} if accept else {})
    assert r.status_code == 200 and r.headers["content-type"].startswith(content_type), (r.status_code, r.text[:200])


@pytest.mark.parametrize(("method", "kwargs", "status", "code", "says"), [
    ("get", {"params": {"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 1", "format": "yaml"}}, 400,
     "invalid_parameter", "format"),
    ("get", {"params": {"query": "SELECT ?x WHERE { ?x a dvo:Article FILTER(<http://example.org/f>(?x)) } LIMIT 2"}},
     400, "unsupported_function", "http://example.org/f"),
    ("get", {"params": {"query": "SELECT ?id (COUNT(?a) AS ?n) WHERE { ?d dvo:documentId ?id ; dvo:hasArticle ?a }"
                                 " GROUP BY ?d"}}, 400, "malformed_query", "GROUP BY"),
    # a POST without a query is no request for the Service Description
    ("post", {"content": "SELECT * WHERE { ?s ?p ?o }",
              "headers": {"Content-Type": "application/x-www-form-urlencoded"}}, 400, "bad_request", "query"),
    ("get", {"url": "/id/dvo-pwm-2018", "params": {"format": "yaml"}}, 400, "invalid_parameter", "ttl"),
])
def test_a_researchers_mistakes_are_a_4xx_that_says_what(client: TestClient, method: str, kwargs: dict[str, Any],
                                                       status: int, code: str, says: str) -> None:
    kwargs = dict(kwargs)
    url = kwargs.pop("url", "/sparql")
    r = getattr(client, method)(url, **kwargs)
    assert r.status_code == status, r.text[:300]
    err = r.json()["error"]
    assert err["code"] == code and says in err["message"], err
    assert "'0' ..=" not in err["message"]  # no screen of Unicode ranges


def test_a_resource_in_turtle_by_the_endpoints_name_for_it(client: TestClient) -> None:
    r = client.get("/id/dvo-pwm-2018", params={"format": "turtle"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/turtle")


def test_rdflib_sparqlstore_against_a_real_server(live: str) -> None:
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    g = Graph(store=SPARQLStore(live + "/sparql", returnFormat="json"))
    rows = list(g.query(FULL))
    assert [str(r[0]) for r in rows][0] == "cr-pwm-2018" and len(rows) == 6


def test_plain_http_against_a_real_server(live: str) -> None:
    import httpx

    r = httpx.get(live + "/sparql", params={"query": FULL}, headers={"Accept": "text/csv"}, timeout=30)
    assert r.status_code == 200 and r.text.splitlines()[1] == "cr-pwm-2018"
    r = httpx.get(live + "/api/ask", params={"q": "what share of the costs does Stein pay?"}, timeout=30)
    assert {(a["agreement"], a["share"]) for a in r.json()["answers"]} >= {("cr-pwm-2018", 10.0), ("sok-wm-2025", 19.0)}
    assert json.loads(httpx.get(live + "/sparql", params={"query": "ASK {}"}, timeout=30).text)["boolean"] is True


def test_query_page_void_and_ontology(client: TestClient) -> None:
    page = client.get("/query")
    assert page.status_code == 200 and "<textarea" in page.text and "/sparql" in page.text
    assert "cdn" not in page.text.lower()
    void = Graph().parse(data=client.get("/void.ttl").text, format="turtle")
    assert any(str(p).endswith("sparqlEndpoint") for p in void.predicates())
    onto = Graph().parse(data=client.get("/ontology.ttl").text, format="turtle")
    assert len(onto) > 1000
    r = client.get("/sparql", params={"query": QUERY, "format": "csv"})
    assert r.headers["content-type"].startswith("text/csv")


def test_ontology_html_documentation(client: TestClient) -> None:
    r = client.get("/ontology.html")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert "pyLODE" in r.text and "Norm" in r.text and "https://w3id.org/dvo-kb/def#" in r.text
    assert client.get("/ontology", headers={"Accept": "text/html,application/xhtml+xml"}).text == r.text
    ttl = client.get("/ontology", headers={"Accept": "text/turtle"})
    assert ttl.headers["content-type"].startswith("text/turtle") and len(Graph().parse(data=ttl.text, format="turtle")) > 1000
    jsonld = client.get("/ontology", headers={"Accept": "application/ld+json"})
    assert jsonld.headers["content-type"].startswith("application/ld+json")


def test_deadlines_page_calendar_and_ics(client: TestClient) -> None:
    empty = client.get("/deadlines")
    assert empty.status_code == 200 and 'lang="nl"' in empty.text and '<label for="agreement">' in empty.text
    assert 'value="dvo-pwm-2018"' in empty.text and "<script" not in empty.text
    r = client.get("/deadlines", params={"agreement": "DVO-2018", "party": "beek", "year": "2027"})
    assert r.status_code == 200
    assert '<time datetime="2027-04-30">' in r.text and "vr 30 april 2027" in r.text
    assert 'href="/id/dvo-pwm-2018/art/12.3/lid/0"' in r.text and "gemeente Beek" in r.text
    assert '<th scope="col">Datum</th>' in r.text and "Niet als datum te berekenen" in r.text
    ics_href = r.text.split('href="/deadlines.ics?', 1)[1].split('"', 1)[0].replace("&amp;", "&")
    ics = client.get("/deadlines.ics?" + ics_href)
    assert ics.status_code == 200 and ics.headers["content-type"].startswith("text/calendar")
    assert "attachment" in ics.headers["content-disposition"] and "DTSTART;VALUE=DATE:20270430" in ics.text
    api = client.get("/api/deadlines", params={"agreement": "dvo-pwm-2018", "party": "beek", "year": 2027, "format": "ics"})
    def stamped(text: str) -> list[str]:  # DTSTAMP is the time the file was made
        return [line for line in text.splitlines() if not line.startswith("DTSTAMP:")]

    assert stamped(api.text) == stamped(ics.text)
    en = client.get("/deadlines", params={"agreement": "dvo-pwm-2018", "year": "2027", "lang": "en"})
    assert 'lang="en"' in en.text and "Fri 30 April 2027" in en.text and "Date</th>" in en.text


def test_deadlines_page_of_a_party_in_every_agreement(client: TestClient) -> None:
    """A party and a year without an agreement: the party's calendar in each agreement it is a
    party to (a new user's trial, an advisor of Beek, got an empty page without a word)."""
    r = client.get("/deadlines", params={"agreement": "", "party": "beek", "year": "2027"})
    assert r.status_code == 200
    headings = re.findall(r'<h2 id="cal-h\d+">([^<]*)</h2>', r.text)
    assert "Kalender 2027: DVO-2018 · gemeente Beek" in headings and "Kalender 2027: SOK-2025 · gemeente Beek" in headings
    assert not any("HBEL" in h for h in headings) and '<time datetime="2027-04-30">' in r.text
    no_year = client.get("/deadlines", params={"party": "stein"})  # this year's, as with an agreement (a review)
    assert no_year.status_code == 200 and "Kalender" in no_year.text and "SOK-2025 · gemeente Stein" in no_year.text
    bad = client.get("/deadlines", params={"agreement": "", "party": "urk", "year": "2027"})
    assert bad.status_code == 400 and "is geen partij bij een van de afspraken" in bad.text


def test_deadlines_page_duties_of_an_event(client: TestClient) -> None:
    r = client.get("/deadlines", params={"agreement": "dvo-hbel-2026", "party": "huizen", "year": "2026",
                                         "event": "overmacht", "on": "2026-12-24"})
    assert r.status_code == 200 and "Plichten na overmacht" in r.text
    assert '<time datetime="2026-12-29">' in r.text and "art. 13 lid 1 onder a" in r.text
    assert '<option value="overmacht" selected>overmacht</option>' in r.text
    assert "/api/duties?" in r.text  # the .ics of the duties


@pytest.mark.parametrize("params", [
    {"agreement": "nope"}, {"agreement": "dvo-pwm-2018", "year": "twintig"}, {"agreement": "dvo-pwm-2018", "party": "maastricht"},
    {"agreement": "dvo-hbel-2026", "event": "brand", "on": "2026-01-01"}, {"agreement": "dvo-hbel-2026", "event": "overmacht", "on": "2026-02-30"},
])
def test_deadlines_page_bad_input_is_a_clear_message(client: TestClient, params: dict[str, str]) -> None:
    r = client.get("/deadlines", params=params)
    assert r.status_code == 400 and 'role="alert"' in r.text and "<form" in r.text


def test_search_page_marks_the_matched_norm(client: TestClient) -> None:
    import re

    r = client.get("/", params={"q": "wie moet wie informeren bij overmacht?"})
    marks = [m.replace("\n", " ") for m in re.findall(r"<mark>(.*?)</mark>", r.text, re.S)]
    # a norm of item a) of hbel 13 lid 1 marks that item; the norm of the lid itself marks its own text
    assert any(m.startswith("Overmacht en wanprestatie bij de Centrumgemeente: de ambtelijk opdrachtnemer meldt") for m in marks)
    assert any(m.startswith("Indien één van de partijen") and "a)" not in m for m in marks)
    # pwm 16.1 has two sentences: the one with the bearer and "onverwijld" is marked
    assert any(m.startswith("De partij die door overmacht") and m.endswith("ontstane situatie en treden partijen in "
                                                                          "overleg met elkaar.") for m in marks)
    r = client.get("/", params={"q": "what share of the costs does Stein pay?"})
    marks = re.findall(r"<mark>(.*?)</mark>", r.text, re.S)
    assert any(m.startswith("• Gemeente Stein 10%") for m in marks)
    assert any("voor de gemeente Stein is het aandeel 19%" in m for m in marks)


def test_highlight_span_cases() -> None:
    from dvo_kb.api.highlight import find, marked, span

    text = "Intro van het lid met een termijn van vijf dagen.\na) Eerste onderdeel: de partij meldt dit.\nb) Tweede."
    assert find(text, "termijn  van\nvijf") == (text.index("termijn"), text.index(" dagen"))
    s = span(text, {"norm": "n"}, "Eerste onderdeel: de partij meldt dit.", ["Eerste onderdeel: de partij meldt dit.", "Tweede."])
    assert s is not None and text[s[0]:s[1]] == "Eerste onderdeel: de partij meldt dit."
    s = span(text, {"norm": "n", "deadline": "vijf dagen"}, None, ["Eerste onderdeel: de partij meldt dit.", "Tweede."])
    assert s is not None and text[s[0]:s[1]] == "Intro van het lid met een termijn van vijf dagen."
    assert marked("a < b", (0, 1)) == "<mark>a</mark> &lt; b" and marked("a & b", None) == "a &amp; b"
    assert span("", {"norm": "n"}, None, []) is None


# a COUNT over a join of every triple with every article: about 1 s here, and pyoxigraph cannot
# stop it halfway (it yields no row before it is done)
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d a dvo:Article . FILTER(?c != ?d) }"


def test_sparql_hard_time_limit(client: TestClient) -> None:
    from dvo_kb.api import deps, limits
    from dvo_kb.api.deps import settings_dep
    from dvo_kb.api.main import app
    from dvo_kb.api.settings import ApiSettings

    evaluator = deps.get_evaluator()
    app.dependency_overrides[settings_dep] = lambda: ApiSettings(query_timeout=0.2, query_workers=1)
    try:
        t0 = time.monotonic()
        r = client.get("/sparql", params={"query": SLOW})
        answered = time.monotonic() - t0
        assert r.status_code == 503 and r.json()["error"]["code"] == "query_timeout", r.text
        # answered at the limit, not when the query is done (minutes): a generous bound on a shared machine
        assert "0.2 s" in r.json()["error"]["message"] and answered < 3.0
        t1 = time.monotonic()
        assert client.get("/healthz").status_code == 200 and time.monotonic() - t1 < 2.0  # the rest of the app answers
        if evaluator is not None:
            # the embedded store: the query's worker process was killed at the limit and replaced,
            # so its memory and core are free at once and the next query answers
            killed = evaluator.killed
            assert killed >= 1
            app.dependency_overrides[settings_dep] = lambda: ApiSettings(query_timeout=5)
            assert client.get("/sparql", params={"query": "ASK {}"}).json()["boolean"] is True
            assert evaluator.status()["processes"] >= 1
            return
        # a server store: the abandoned request still holds the one thread: the next query is refused
        busy = client.get("/sparql", params={"query": "ASK {}"})
        assert busy.status_code == 503 and busy.json()["error"]["code"] == "server_busy"
        assert busy.headers["retry-after"].isdigit()  # when a client may try again (a researcher's trial)
        while limits.running() and time.monotonic() - t0 < 30:  # the thread ends when the server is done
            time.sleep(0.05)
        assert limits.running() == 0
        assert client.get("/sparql", params={"query": "ASK {}"}).json()["boolean"] is True
    finally:
        app.dependency_overrides.clear()


@pytest.mark.parametrize(("query", "status", "rows"), [
    ("SELECT ?a WHERE { ?a a dvo:Article } ORDER BY ?a LIMIT 3", 200, 3),  # a final LIMIT within the cap: one pass
    ("SELECT ?a WHERE { ?a a dvo:Article } LIMIT 4", 413, None),  # over the cap: counted, refused
    ("SELECT ?id WHERE { ?d dvo:documentId ?id ; dvo:hasArticle ?a } GROUP BY ?id", 413, None),  # 6 rows
    ("SELECT ?id WHERE { ?d dvo:documentId 'dvo-pwm-2018' ; dvo:documentId ?id }", 200, 1),  # counted: within the cap
    ("SELECT ?a WHERE { { SELECT ?a WHERE { ?a a dvo:Article } LIMIT 2 } }", 200, 2),  # the inner LIMIT is not final
])
def test_result_limit_with_and_without_a_final_limit(client: TestClient, query: str, status: int,
                                                     rows: int | None) -> None:
    from dvo_kb.api.deps import settings_dep
    from dvo_kb.api.main import app
    from dvo_kb.api.settings import ApiSettings

    app.dependency_overrides[settings_dep] = lambda: ApiSettings(max_results=3)
    try:
        for accept in ("application/sparql-results+json", "text/tab-separated-values"):
            r = client.get("/sparql", params={"query": query}, headers={"Accept": accept})
            assert r.status_code == status, r.text
            if status == 413:
                assert r.json()["error"]["code"] == "too_many_results"
            elif accept.endswith("json"):
                assert len(r.json()["results"]["bindings"]) == rows
            else:
                assert len(r.text.strip().splitlines()) == 1 + (rows or 0)
    finally:
        app.dependency_overrides.clear()


def test_search_page_shows_how_conditions_and_matches(client: TestClient) -> None:
    """A question the grammar cannot read is answered from the text, saying so, with the matched
    words marked and the norms' conditions under the lid."""
    r = client.get("/", params={"q": "wat zijn de bewaartermijnen?"})
    assert r.status_code == 200
    assert "Gezocht in de tekst" in r.text and "<mark>" in r.text and "Voorwaarde" in r.text
    assert "privacyprotocol" in r.text
    api = client.get("/api/ask", params={"q": "wat zijn de bewaartermijnen?"}).json()
    assert api["how"] == "text" and api["matched_terms"] and api["answers"][0]["score"] > 0


def test_search_page_answers_a_question_of_two_parts(client: TestClient) -> None:
    r = client.get("/", params={"q": "Wie informeert wie bij overmacht volgens de samenwerkingsovereenkomst? "
                                     "En wie moet zich verzekeren?"})
    assert r.status_code == 200 and "Niet beantwoord" in r.text and "sok-wm-2025" in r.text
    api = client.get("/api/ask", params={"q": "wie moet wie informeren bij overmacht en wie moet zich verzekeren?"})
    assert api.status_code == 200 and api.json()["how"] in ("grammar", "text", "both") and len(api.json()["parts"]) == 2


def test_every_example_of_the_query_page_answers(client: TestClient) -> None:
    """The /query page's examples run on the endpoint and find something; the one for broader
    classes (the endpoint does no inference) finds the DVOs through rdfs:subClassOf*."""
    from dvo_kb.api.routers.pages import EXAMPLE_QUERIES

    assert EXAMPLE_QUERIES
    for name, query in EXAMPLE_QUERIES:
        r = client.get("/sparql", params={"query": query}, headers={"Accept": "application/sparql-results+json"})
        rows = r.json()["results"]["bindings"]
        assert r.status_code == 200 and rows, name
        if name == "document_kinds":
            assert {"dvo-pwm-2018", "dvo-pwm-2020-beek", "dvo-hbel-2026", "sok-wm-2025"} <= {b["id"]["value"] for b in rows}


def test_named_graphs_at_their_iris_and_in_the_quad_dumps(client: TestClient) -> None:
    """The Service Description's named graphs resolve (a researcher's trial: 404), and the dumps
    keep them (N-Quads, TriG): each triple in the graph of its document."""
    import re

    import pyoxigraph as ox

    sd = client.get("/sparql", headers={"Accept": "text/turtle"}).text
    names = sorted(set(re.findall(r"<https://w3id.org/dvo-kb(/id/graph/[^>]+)>", sd)))
    assert "/id/graph/dvo-pwm-2018" in names
    for path in names:
        r = client.get(path, headers={"Accept": "text/turtle"})
        assert r.status_code == 200 and r.headers["content-type"].startswith("text/turtle") and r.content, path
    r = client.get("/id/graph/dvo-pwm-2018", headers={"Accept": "text/html"}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/id/dvo-pwm-2018"
    assert client.get("/id/graph/no-such-graph").status_code == 404
    for ext, fmt in (("nq", ox.RdfFormat.N_QUADS), ("trig", ox.RdfFormat.TRIG)):
        r = client.get(f"/data/dvo-kb.{ext}")
        quads = list(ox.parse(r.content, format=fmt))
        graphs = {q.graph_name.value for q in quads if isinstance(q.graph_name, ox.NamedNode)}
        assert r.status_code == 200 and "https://w3id.org/dvo-kb/id/graph/dvo-pwm-2018" in graphs
        assert all(isinstance(q.graph_name, ox.NamedNode) for q in quads)


def test_the_page_format_names_are_the_endpoints() -> None:
    """A resource page's format names are its own (ttl, nt, jsonld, rdf, html) and the /sparql
    endpoint's names of a graph's formats, one list for the parameter's validation."""
    from typing import get_args

    from dvo_kb.api.routers.pages import FORMAT_ALIASES, FORMAT_TYPES, FormatName
    from dvo_kb.api.routers.sparql import FORMAT_GRAPH

    assert set(get_args(FormatName)) == set(FORMAT_TYPES) | set(FORMAT_ALIASES)
    assert set(FORMAT_ALIASES) == set(FORMAT_GRAPH) - set(FORMAT_TYPES) - {"json"}


def test_an_address_no_route_answers_is_a_page_for_a_browser(client: Any) -> None:
    """A new user's trial: /foo gave a browser a JSON body; a client that does not ask for HTML
    keeps the JSON error."""
    r = client.get("/foo%3Cscript%3Ex%3C/script%3E", headers={"accept": "text/html"})
    assert r.status_code == 404 and r.headers["content-type"].startswith("text/html")
    assert "Niet gevonden" in r.text and "<script>x" not in r.text
    r = client.get("/foo", headers={"accept": "text/html"}, params={"lang": "en"})
    assert r.status_code == 404 and "Not found" in r.text
    r = client.get("/foo")
    assert r.status_code == 404 and r.json()["error"]["code"] == "http_error"


def test_a_document_page_lists_its_articles_in_number_order(client: Any) -> None:
    """A new user's trial: the table of a document's statements listed art. 10 to 18 before art. 1."""
    import re

    r = client.get("/id/sok-wm-2025", headers={"accept": "text/html"})
    arts = re.findall(r'/id/sok-wm-2025/art/([0-9]+)"', r.text)
    first = arts[:18]
    assert first == [str(i) for i in range(1, 19)], first


def test_a_question_too_long_gets_the_same_refusal_from_the_api(client: Any) -> None:
    """The API says why as the page and the CLI do (a review: FastAPI's English 'String should have
    at most 2000 characters' came first)."""
    from dvo_kb.query.ask import MAX_QUESTION_CHARS

    r = client.get("/api/ask", params={"q": "opzegging " * (MAX_QUESTION_CHARS // 10 + 10)})
    assert r.status_code == 400 and "de vraag is te lang" in r.json()["error"]["message"]


def test_a_refused_parameter_is_said_in_dutch_first(client: Any) -> None:
    """A new user's trial: an empty question got only pydantic's English message."""
    r = client.get("/api/ask", params={"q": ""})
    assert r.status_code == 400 and r.json()["error"]["code"] == "invalid_parameter"
    assert r.json()["error"]["message"] == "query.q: te kort: ten minste 1 teken(s) / too short: at least 1 character(s)"
    missing = client.get("/api/ask")
    assert missing.status_code == 400 and "ontbreekt / missing" in missing.json()["error"]["message"]
