"""A browser test with Playwright and Debian's chromium (headless) against a real server on
127.0.0.1: a question in the search box, an article page, an .ics from the deadlines page, a
draft checked, and a query in the query page's editor (and in its plain form, without JavaScript).

Skips only when chromium is not installed (CI installs it: see .ci/run)."""

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


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")), executable_path=str(CHROMIUM), headless=True,
            args=ARGS, accept_downloads=True)
        context.set_default_timeout(20_000)
        try:
            yield context.new_page()
        finally:
            context.close()


def test_ask_open_an_article_and_download_an_ics(server: str, page: Any, tmp_path: Path) -> None:
    # a question in the search box, sent with the keyboard
    page.goto(server + "/")
    page.get_by_label("Stel een vraag").fill("wie moet wie informeren bij overmacht?")
    page.get_by_label("Stel een vraag").press("Enter")
    page.wait_for_selector(".answer")
    answers = page.locator(".answer")
    assert answers.count() >= 3  # one answer per lid (its norms under it), grouped per document
    assert page.locator("h2.document").count() >= 3
    # the matched norms of the lid marked (HBEL art. 13 lid 1: the lid's own norm and those of its items)
    marked = answers.locator("mark", has_text="binnen twee werkdagen contact op")
    assert marked.count() >= 1

    # the answer's lid, then its article through the breadcrumbs
    page.get_by_role("link", name="HBEL-DVO art. 13 lid 1").first.click()  # the document's short title
    page.wait_for_url("**/id/dvo-hbel-2026/art/13/lid/1")
    page.get_by_role("link", name="art. 13", exact=True).click()
    page.wait_for_url("**/id/dvo-hbel-2026/art/13")
    assert "termijn: binnen twee werkdagen" in page.content()
    assert page.locator("h1").inner_text()

    # the deadlines page: an agreement, a party and a year, then the .ics
    page.goto(server + "/deadlines")
    page.get_by_label("Afspraak").select_option("dvo-pwm-2018")
    page.get_by_role("button", name="Toon kalender").click()
    page.get_by_label("Partij").select_option("beek")  # the agreement's parties, after the reload
    page.get_by_label("Jaar").fill("2027")
    page.get_by_role("button", name="Toon kalender").click()
    page.wait_for_selector("table")
    assert page.locator('time[datetime="2027-04-30"]').count() >= 1
    with page.expect_download() as info:
        page.get_by_role("link", name="Download de kalender als .ics").click()
    download = info.value
    assert download.suggested_filename == "dvo-pwm-2018-2027-beek.ics"
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    ics = target.read_text(encoding="utf-8")
    assert ics.startswith("BEGIN:VCALENDAR") and "DTSTART;VALUE=DATE:20270430" in ics


def test_check_a_draft_on_the_validate_page(server: str, page: Any, tmp_path: Path) -> None:
    from .conftest import load_yaml

    draft = tmp_path / "concept.txt"
    text = load_yaml("validate/cases.yaml")["bases"]["dvo"]
    draft.write_text(text.replace("treedt in werking op 1 maart 2027", "treedt in werking op [DATUM]"), encoding="utf-8")
    page.goto(server + "/")
    page.get_by_role("link", name="Concept controleren").click()
    page.wait_for_url("**/validate?lang=nl")
    page.get_by_label("Concept (bestand)").set_input_files(str(draft))
    page.get_by_role("button", name="Controleer").click()
    page.wait_for_selector(".finding")
    finding = page.locator(".finding", has=page.locator("[data-rule='PLACEHOLDER']")).first  # "niet ingevulde plaats"
    assert "niet ingevulde plaats" in finding.inner_text()
    assert "overtreding" in finding.inner_text().lower()
    assert "voldoet niet" in page.get_by_role("alert").inner_text()
    with page.expect_download() as info:
        page.get_by_role("link", name="als SHACL-rapport (Turtle)").click()
    target = tmp_path / info.value.suggested_filename
    info.value.save_as(target)
    assert target.name == "concept-rapport.ttl" and "ValidationReport" in target.read_text(encoding="utf-8")


EDITOR_VALUE = "document.querySelector('.CodeMirror').CodeMirror.getValue()"


def test_run_a_query_on_the_query_page(server: str, page: Any) -> None:
    """/sparql opened in a browser is the query page, whose textarea is the SPARQL editor (YASQE,
    served by the server itself: issue 18): highlighted, with the endpoint's predeclared prefixes
    known and its syntax errors told in Dutch. An example chosen is in the editor; a query typed
    there runs, and its answer is a table on the page, whose IRIs link to the pages of the
    knowledge base. No request leaves the server and nothing is logged as an error."""
    from urllib.parse import urlsplit

    origin = urlsplit(server).netloc
    editor = page.context.new_page()  # its own listeners
    errors: list[str] = []
    elsewhere: list[str] = []
    editor.on("console", lambda m: errors.append(m.text) if m.type in ("error", "warning") else None)
    editor.on("pageerror", lambda e: errors.append(str(e)))
    editor.on("requestfailed", lambda r: errors.append(f"{r.url}: {r.failure}"))
    editor.on("request", lambda r: elsewhere.append(r.url) if urlsplit(r.url).netloc != origin else None)
    try:
        editor.goto(server + "/sparql")
        editor.wait_for_url("**/query?lang=nl")
        editor.wait_for_selector(".CodeMirror .cm-keyword")  # the editor, its words highlighted
        assert editor.locator("textarea#query").is_hidden()
        assert editor.locator(".yasqe_buttons button").count() == 0  # no share link, no query button of its own
        assert editor.locator(".parseErrorIcon").count() == 0  # dvo: and the others are predeclared
        editor.get_by_role("link", name="Artikelen per document").click()
        editor.wait_for_url("**/query?example=0&lang=nl")
        editor.wait_for_selector(".CodeMirror .cm-keyword")
        assert "dvo:hasArticle" in editor.evaluate(EDITOR_VALUE)

        editor.get_by_text("Query", exact=True).click()  # the label: to the editor
        editor.keyboard.press("Control+A")
        editor.keyboard.type("SELECT ?d ?id WHERE { ?d dvo:documentId ?id ; dvo:inCorpus true } ORDER BY ?id ?s ?p }")
        editor.locator(".parseErrorIcon").hover()
        assert editor.locator(".yasqe_tooltip").inner_text().startswith("Deze regel is ongeldig. Verwacht:")
        editor.locator(".CodeMirror").click()
        editor.keyboard.press("Control+End")
        for _ in " ?s ?p }":
            editor.keyboard.press("Backspace")
        assert editor.locator(".parseErrorIcon").count() == 0
        editor.get_by_role("button", name="Uitvoeren").click()
        editor.wait_for_selector("table.results")
        assert editor.locator("table.results tbody tr").count() >= 6
        editor.wait_for_selector(".CodeMirror")
        assert editor.evaluate(EDITOR_VALUE) == "SELECT ?d ?id WHERE { ?d dvo:documentId ?id ; dvo:inCorpus true } ORDER BY ?id"
        editor.locator(".CodeMirror").click()
        editor.keyboard.press("Control+Enter")  # in the editor: runs the query too
        editor.wait_for_url("**/query?query=*&format=table&lang=nl")
        editor.wait_for_selector("table.results")
        editor.locator("table.results a", has_text="dvo-pwm-2018").first.click()
        editor.wait_for_url("**/id/dvo-pwm-2018")
        assert editor.locator("h1").inner_text()
        assert editor.evaluate("localStorage.length") == 0  # no queries kept in the browser
    finally:
        editor.close()
    assert not elsewhere, elsewhere
    assert not errors, errors


def test_the_query_page_without_javascript(server: str, page: Any) -> None:
    """With JavaScript off the query page is the plain form: a textarea, filled by an example,
    sent with the button, and the answer a table."""
    plain = page.context.new_page()
    try:
        plain.context.new_cdp_session(plain).send("Emulation.setScriptExecutionDisabled", {"value": True})
        plain.goto(server + "/query")
        plain.get_by_role("link", name="Artikelen per document").click()
        # (the page of the example loaded whole before its textarea is read: a CI run read "SELECT ?id (C")
        plain.wait_for_url("**/query?example=*")
        plain.wait_for_load_state("load")
        assert plain.locator(".CodeMirror").count() == 0
        assert "dvo:hasArticle" in plain.get_by_label("Query").input_value()
        plain.get_by_label("Query").fill("SELECT ?d ?id WHERE { ?d dvo:documentId ?id ; dvo:inCorpus true } ORDER BY ?id")
        plain.get_by_role("button", name="Uitvoeren").click()
        plain.wait_for_selector("table.results")
        assert plain.locator("table.results tbody tr").count() >= 6
        assert "dvo:inCorpus true" in plain.get_by_label("Query").input_value()
    finally:
        plain.close()
