"""Every page type in a browser at 1280 px and at 390 px (a phone), issue 18: no horizontal
overflow, no console error (a missing /favicon.ico is one), a <main> with one <h1>. A failing
page leaves its screenshot in the test's temporary directory (the path is in the message).

Debian's chromium, as tests/test_browser.py; skipped only when it is not installed."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(),
                                reason=f"Debian's chromium is not installed at {CHROMIUM} (apt-get install chromium)")

PAGES = [
    "/", "/?q=wie moet wie informeren bij overmacht?", "/?q=xq zz blub",
    "/id/dvo-pwm-2020-beek", "/id/sok-wm-2025", "/id/dvo-pwm-2018/art/16.1", "/id/sok-wm-2025/art/16/lid/16.2",
    "/doc/party/beek", "/id/nothing/here",
    "/deadlines", "/deadlines?agreement=sok-wm-2025&year=2027",
    "/deadlines?agreement=dvo-pwm-2018&event=overmacht&on=2026-12-21&party=beek",
    "/diff", "/diff?a=dvo-pwm-2018&b=dvo-pwm-2020-beek", "/diff?a=sok-wm-2025&b=dvo-hbel-2026",
    "/validate", "/query",
    "/query?format=table&query=SELECT%20%3Fd%20%3Fid%20%3Ftitle%20WHERE%20%7B%20%3Fd%20dvo%3AdocumentId%20%3Fid%20%3B%20dvo%3Atitle%20%3Ftitle%20%7D",
    "/ontology.html",
]


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        try:
            yield b
        finally:
            b.close()


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("url", PAGES)
def test_no_overflow_no_console_error_and_landmarks(server: str, browser: Any, url: str, width: int,
                                                    tmp_path: Path) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        page.goto(server + url, wait_until="load")
        page.wait_for_timeout(200)
        scroll, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        landmarks = page.evaluate("[document.querySelectorAll('main').length, document.querySelectorAll('h1').length]")
        shot = tmp_path / f"{width}.png"
        problems = []
        if scroll > inner:
            problems.append(f"{scroll} px wide in a {inner} px window")
        if url == "/id/nothing/here":  # the page's own status (404) is logged by the browser: that is the point
            errors = [e for e in errors if "status of 404" not in e]
        if errors:
            problems.append(f"console: {errors}")
        if landmarks != [1, 1]:
            problems.append(f"main, h1: {landmarks}")
        if problems:
            page.screenshot(path=str(shot), full_page=True)
        assert not problems, f"{url} at {width} px: {'; '.join(problems)} (screenshot: {shot})"
    finally:
        context.close()


def test_the_api_docs_render_without_the_internet(server: str, browser: Any) -> None:
    """/docs: Swagger UI from the package's files renders the OpenAPI document; no request leaves
    the server (any other host is refused here, as it would be offline)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    outside: list[str] = []

    def route(r: Any) -> None:
        if r.request.url.startswith(server):
            r.continue_()
        else:
            outside.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        page.goto(server + "/docs", wait_until="load")
        page.wait_for_selector(".swagger-ui .info .title", timeout=20_000)
        assert "dvo-kb" in page.locator(".swagger-ui .info .title").inner_text()
        assert page.locator(".opblock").count() > 10 and not outside and not errors
    finally:
        context.close()
