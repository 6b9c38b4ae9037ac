"""The query page's SPARQL editor (issue 18): YASQE, vendored in api/static/yasqe/ and served by
the service at /static/yasqe/, so the page asks nothing of another host. The page stays a plain
form (a textarea) for a browser without JavaScript; query-editor.js makes the editor. The
browser side (the editor loads, highlights, sends the query, no request leaves the server) is
tests/test_browser.py's test_run_a_query_on_the_query_page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

STATIC = Path(__file__).parent.parent / "api" / "static" / "yasqe"
EMBEDDED = pytest.mark.parametrize("client", ["embedded"], indirect=True)  # the page does not depend on the store
ASSETS = ("yasqe/yasqe.min.css", "yasqe/yasqe.min.js", "yasqe/query-editor.js")


def _links(html: str) -> list[str]:
    return re.findall(r'(?:src|href)="([^"]*)"', html)


@EMBEDDED
@pytest.mark.parametrize("url", ["/query", "/query?lang=en&example=2",
                                 "/query?query=SELECT+%3Fs+WHERE+%7B+%3Fs+a+dvo%3ADocument+%7D&format=table"])
def test_the_query_page_links_the_editor_from_this_server(client: TestClient, url: str) -> None:
    page = client.get(url)
    assert page.status_code == 200
    html = page.text
    links = _links(html)
    for name in ASSETS:  # each asset at its version (a digest of its content)
        assert any(re.fullmatch(rf"/static/{re.escape(name)}\?v=[0-9a-f]{{12}}", a) for a in links), (name, links)
    if "format=table" not in url:  # a result's links may go to other hosts (an act on wetten.overheid.nl)
        assert all(a.startswith("/") and not a.startswith("//") for a in links), links
    for tag in re.findall(r"<(?:script|link)\b[^>]*>", html):
        assert not re.search(r"(?:src|href)=\"(?:https?:)?//", tag), tag
    # without JavaScript: the form as before, the query in its textarea, sent by its button
    assert re.search(r'<form method="get" action="/query">.*<textarea id="query" name="query"', html, re.S)
    assert '<button type="submit">' in html
    assert "<script>" not in html  # no inline script: the editor is made by query-editor.js


@EMBEDDED
def test_the_editor_is_served_from_the_package(client: TestClient) -> None:
    html = client.get("/query").text
    for link in _links(html):
        if not link.startswith("/static/"):
            continue
        r = client.get(link)
        kind = "text/css" if ".css" in link else "javascript"
        assert r.status_code == 200 and kind in r.headers["content-type"], (link, r.headers)
        assert r.headers["cache-control"] == "public, max-age=31536000, immutable", link
        assert r.content == (STATIC.parent / link.split("?")[0].removeprefix("/static/")).read_bytes()
    # at another version (or none) revalidated, never kept: the page's next version links the new file
    for url in ("/static/yasqe/yasqe.min.js", "/static/yasqe/yasqe.min.js?v=000000000000"):
        r = client.get(url)
        assert r.status_code == 200 and r.headers["cache-control"] == "no-cache" and r.headers["etag"], url
    assert client.get("/static/yasqe/nothing.js").status_code == 404


def test_the_vendored_files_say_where_they_come_from() -> None:
    readme = (STATIC / "README.md").read_text(encoding="utf-8")
    assert "@zazuko/yasqe 4.6." in readme and "scripts/vendor-yasqe" in readme and "MIT" in readme
    license = (STATIC / "LICENSE").read_text(encoding="utf-8")
    assert "The MIT License" in license and "codemirror" in license and "dompurify" in license
    bundle = (STATIC / "yasqe.min.js").read_text(encoding="utf-8")
    assert "sourceMappingURL" not in bundle  # the map is not shipped: no request for it
    assert (Path(__file__).parent.parent / "scripts" / "vendor-yasqe").stat().st_mode & 0o111


def test_the_editor_asks_no_other_host() -> None:
    """What query-editor.js turns off of YASQE: every autocompleter but the query's own variables
    (prefix.cc, Linked Open Vocabularies), the share link, the queries it keeps in the browser and
    reads from the address, its own query button and requests (the form sends the query)."""
    js = (STATIC / "query-editor.js").read_text(encoding="utf-8")
    for setting in ('Yasqe.defaults.autocompleters = ["variables"]', "persistenceId: null", "consumeShareLink: null",
                    "createShareableLink: null", "showQueryButton: false", "prefixCcApi: null",
                    'endpoint: "/sparql"', "yasqe.query = function"):
        assert setting in js, setting
    assert not re.search(r"https?://", js)
