"""The pages are Jinja2 templates (issue 19): every page renders from a template in
api/templates/ that extends the one layout (base.html); what a page echoes of its input is
escaped and without control characters; and no router module builds HTML with an f-string
(or by adding strings with tags), but for the routers not converted yet (NOT_YET_CONVERTED)."""

from __future__ import annotations

import ast
import re
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

ROOT = Path(__file__).parent.parent
TEMPLATES = ROOT / "api" / "templates"
ROUTERS = ROOT / "api" / "routers"
BROWSER = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}
EMBEDDED = pytest.mark.parametrize("client", ["embedded"], indirect=True)  # the templates do not depend on the store

# routers whose pages still build their HTML in Python: each line goes when its router has
# templates of its own (none left)
NOT_YET_CONVERTED: set[str] = set()

# a page, and the template it is rendered from
PAGES = {
    "/": "home.html", "/?lang=en": "home.html", "/?q=wie moet wie informeren bij overmacht?": "home.html",
    "/?q=xq zz blub": "home.html", "/id/nothing/here": "not_found.html", "/id/dvo-pwm-2020-beek": "resource.html",
    "/id/dvo-pwm-2018/art/16.1": "resource.html", "/id/dvo-hbel-2026/art/13/lid/1": "resource.html",
    "/doc/party/beek": "resource.html", "/query": "query.html", "/query?lang=en&example=2": "query.html",
    "/validate": "validate.html", "/validate?lang=en": "validate.html",
    "/deadlines": "deadlines.html", "/deadlines?agreement=dvo-pwm-2018&year=2027": "deadlines.html",
    "/deadlines?agreement=dvo-pwm-2018&event=overmacht&on=2026-12-21&party=beek": "deadlines.html",
    "/deadlines?agreement=nope": "deadlines.html",
    "/diff": "diff.html", "/diff?a=dvo-pwm-2018&b=dvo-pwm-2020-beek": "diff.html", "/diff?a=nope&b=dvo-pwm-2018": "diff.html",
}


def _extends_base(name: str) -> bool:
    return '{% extends "base.html" %}' in (TEMPLATES / name).read_text(encoding="utf-8")


@EMBEDDED
@pytest.mark.parametrize("url", PAGES)
def test_every_page_renders_from_its_template(client: TestClient, url: str) -> None:
    r = client.get(url, headers=BROWSER)
    assert r.headers["content-type"].startswith("text/html"), (url, r.status_code)
    template: Any = getattr(r, "template", None)  # the TestClient keeps what a TemplateResponse rendered
    assert template is not None and template.name == PAGES[url], url
    assert _extends_base(template.name)
    assert r.text.startswith("<!doctype html><html lang=") and r.text.count("<main>") == 1
    assert r.text.count("<h1>") == 1


@EMBEDDED
def test_the_validation_page_of_a_draft_renders_from_its_template(client: TestClient) -> None:
    r = client.post("/validate", files={"file": ("concept.pdf", b"%PDF-1.4", "application/pdf")}, data={"lang": "nl"})
    assert r.status_code == 400 and r.template.name == "validate.html"  # type: ignore[attr-defined]
    assert 'role="alert"' in r.text and 'id="file"' in r.text


def test_every_page_template_extends_the_layout() -> None:
    """A template is a page (it extends base.html) or a part of one (included, imported, or the layout)."""
    parts = {"base.html", "macros.html", "ontology_head.html"}
    for f in TEMPLATES.glob("*.html"):
        text = f.read_text(encoding="utf-8")
        assert f.name in parts or f.name.startswith("resource_") or '{% extends "base.html" %}' in text, f.name


def test_the_templates_are_autoescaped() -> None:
    from markupsafe import Markup

    from dvo_kb.api.render import ENV

    assert ENV.autoescape is True
    out = ENV.from_string("{{ x }}|{{ y }}").render(x="<b>&", y=Markup("<b>ok</b>"))
    assert out == "&lt;b&gt;&amp;|<b>ok</b>"
    assert ENV.from_string("{{ x }}").render(x="a\x00b\x1bc\td") == "abc\td"  # control characters out, tab kept
    assert ENV.from_string("[{{ x }}]").render(x=None) == "[]"


@EMBEDDED
def test_what_a_page_echoes_is_escaped(client: TestClient) -> None:
    script = "<script>alert(1)</script>"
    home = client.get("/", params={"q": f'"><{script}\x07'}).text
    assert script not in home and "&lt;script&gt;alert(1)&lt;/script&gt;" in home and "\x07" not in home
    query = client.get("/query", params={"query": f"</textarea>{script}"}).text
    assert "</textarea><script>" not in query and "&lt;/textarea&gt;&lt;script&gt;" in query
    missing = client.get(f"/id/{script}", headers=BROWSER)
    assert missing.status_code in (400, 404) and "<script>alert" not in missing.text
    page = client.post("/validate", files={"file": (f"{script}.pdf", b"%PDF-1.4", "application/pdf")},
                       data={"lang": "en"})
    assert "<script>alert" not in page.text and "&lt;script&gt;" in page.text


@EMBEDDED
def test_the_query_page_starts_from_an_example_or_the_query_given(client: TestClient) -> None:
    from dvo_kb.api.routers.pages import EXAMPLE_QUERIES

    first = client.get("/query").text
    assert EXAMPLE_QUERIES[0][1].split("\n")[0] in first and "<script>" not in first  # the editor: files (test_query_editor)
    third = client.get("/query", params={"example": 2}).text
    assert "dvo:CostSharingKey" in third
    mine = client.get("/query", params={"query": "ASK { ?s ?p ?o }"}).text
    assert "<textarea" in mine and "ASK { ?s ?p ?o }</textarea>" in mine


@EMBEDDED
def test_sparql_in_a_browser_is_the_query_page(client: TestClient) -> None:
    """Issue 18, item 7: /sparql opened in a browser is the query page; an RDF client (or one
    that accepts anything) still gets the Service Description, and a query is still answered."""
    r = client.get("/sparql", headers=BROWSER, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/query?lang=nl" and "Accept" in r.headers["vary"]
    assert client.get("/sparql", params={"lang": "en"}, headers=BROWSER,
                      follow_redirects=False).headers["location"] == "/query?lang=en"
    page = client.get("/sparql", headers=BROWSER)
    assert page.status_code == 200 and "<textarea" in page.text
    for accept in ("text/turtle", "*/*", ""):
        sd = client.get("/sparql", headers={"Accept": accept})
        assert sd.status_code == 200 and sd.headers["content-type"].startswith("text/turtle"), accept
    answer = client.get("/sparql", params={"query": "ASK {}"}, headers=BROWSER)
    assert answer.status_code == 200 and "true" in answer.text


# -- no HTML built in Python ---------------------------------------------------------------------
TAG = re.compile(r"</?(?:html|head|body|main|nav|div|p|a|ul|ol|li|h[1-6]|table|thead|tbody|tr|td|th|form|input|"
                 r"section|span|strong|em|details|summary|pre|code|dl|dt|dd|label|button|select|option|textarea|"
                 r"link|style|script|br|time|mark|blockquote|fieldset|legend)\b", re.I)


def _html_built(tree: ast.AST) -> list[int]:
    """The lines where an f-string holds a tag, or a string with a tag is added to another."""
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            text = "".join(v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str))
            if TAG.search(text):
                lines.append(node.lineno)
        elif isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Mod)):
            for side in (node.left, node.right):
                if isinstance(side, ast.Constant) and isinstance(side.value, str) and TAG.search(side.value):
                    lines.append(node.lineno)
    return sorted(set(lines))


def test_the_check_finds_html_built_in_python() -> None:
    assert _html_built(ast.parse('x = f"<p>{y}</p>"')) == [1]
    assert _html_built(ast.parse('x = "<li>" + y')) == [1]
    assert _html_built(ast.parse('x = f"PREFIX dvo: <{iri}>"\ny = "a" + b\nz = "</head>"')) == []


@pytest.mark.parametrize("module", sorted(p.name for p in ROUTERS.glob("*.py")))
def test_no_router_builds_html_in_python(module: str) -> None:
    built = _html_built(ast.parse((ROUTERS / module).read_text(encoding="utf-8")))
    if module in NOT_YET_CONVERTED:
        pytest.skip(f"api/routers/{module} is not converted to templates yet (lines {built[:5]}...)")
    assert built == [], f"api/routers/{module} builds HTML in Python at lines {built}: use a template in api/templates/"


@EMBEDDED
def test_the_ontology_documentation_is_one_dutch_first_document(client: TestClient) -> None:
    """Issue 18, item 5: one title (the hub's, in Dutch), each term titled Dutch first, an anchor
    per term equal to its local name, no anchor twice; the page links its RDF."""
    page = client.get("/ontology.html")
    html = page.text
    assert page.status_code == 200 and '<html lang="nl">' in html and "pyLODE" in html
    assert re.search(r"<title>dvo-kb: ontologie van [^<]+</title>", html)
    assert "verplichting (obligation)" in html and "verplichtingobligation" not in html
    ids = re.findall(r'\bid="([^"]+)"', html)
    assert len(ids) == len(set(ids))
    entities = html.split('class="property entity" id="')[1:]
    ours = 0
    for chunk in entities:
        fid = chunk.split('"', 1)[0]
        iri = re.search(r"<code>([^<]+)</code>", chunk)
        if iri and iri[1].startswith("https://w3id.org/dvo-kb/def#"):
            ours += 1
            local = iri[1].split("#", 1)[1]
            assert fid == local or re.fullmatch(re.escape(local) + r"-\d", fid), (fid, iri[1])
    assert ours > 150 and 'id="Obligation"' in html and 'id="CostSharingKey"' in html
    assert '<link rel="alternate" type="text/turtle" href="/def?format=ttl">' in html


@EMBEDDED
def test_the_query_page_shows_an_answer_as_a_table(client: TestClient) -> None:
    """/query runs a query on the page (format=table): the endpoint's checks and limits, the answer
    as a table with links to the pages of the knowledge base's IRIs; another format is the
    endpoint's answer; a refused query is said on the page (200, as the search page says a
    question it cannot read)."""
    query = "SELECT ?d ?id WHERE { ?d dvo:documentId ?id ; dvo:inCorpus true } ORDER BY ?id"
    r = client.get("/query", params={"query": query, "format": "table"})
    assert r.status_code == 200 and r.template.name == "query.html"  # type: ignore[attr-defined]
    assert '<th scope="col"><code>?d</code></th>' in r.text and '<a href="/id/dvo-pwm-2018">' in r.text
    assert re.search(r'<p role="status">\d+ rijen</p>', r.text) and '<option value="table" selected>' in r.text
    ask = client.get("/query", params={"query": "ASK {}", "format": "table", "lang": "en"})
    assert "Yes (the query has a solution)" in ask.text
    graph = client.get("/query", params={"query": "CONSTRUCT WHERE { ?s dvo:documentId ?o } LIMIT 2", "format": "table"})
    assert graph.status_code == 200 and graph.text.count("<tr>") == 3
    bad = client.get("/query", params={"query": "DELETE WHERE { ?s ?p ?o }", "format": "table"})
    assert bad.status_code == 200 and 'role="alert"' in bad.text and "<textarea" in bad.text and "alleen queries uit" in bad.text
    csv = client.get("/query", params={"query": query, "format": "csv"}, follow_redirects=False)
    assert csv.status_code == 303 and csv.headers["location"].startswith("/sparql?query=")
    assert client.get("/query", params={"query": query, "format": "csv"}).text.startswith("d,id")
