"""The service works without the internet (issue 18, item 7): /docs from the package's Swagger UI
files, an icon at /favicon.ico, and an unknown /id/ a browser opens is a page, not JSON."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient


def test_docs_need_no_cdn(client: TestClient) -> None:
    page = client.get("/docs")
    assert page.status_code == 200 and "SwaggerUIBundle" in page.text
    assets = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assert assets and all(a.startswith("/") for a in assets), assets  # nothing from another host
    for a in assets:
        r = client.get(a)
        assert r.status_code == 200 and r.content, a
    js = client.get("/docs/assets/swagger-ui-bundle.js").text
    assert "3.1.0" in js  # Swagger UI 5: reads the OpenAPI 3.1 document FastAPI writes
    assert client.get("/openapi.json").json()["openapi"].startswith("3.1")


def test_favicon(client: TestClient) -> None:
    r = client.get("/favicon.ico")
    assert r.status_code == 200 and r.headers["content-type"] == "image/x-icon"
    assert r.content[:4] == b"\x00\x00\x01\x00" and len(r.content) > 1000


def test_an_unknown_iri_is_a_page_for_a_browser(client: TestClient) -> None:
    browser = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}
    for url in ("/id/nothing/here", "/doc/party/nobody"):
        page = client.get(url, headers=browser)
        assert page.status_code == 404 and page.headers["content-type"].startswith("text/html"), url
        assert "Niet gevonden" in page.text and '<html lang="nl">' in page.text
    assert "Not found" in client.get("/id/nothing/here", params={"lang": "en"}, headers=browser).text
    api = client.get("/id/nothing/here")
    assert api.status_code == 404 and api.json()["error"]["code"] == "not_found"
