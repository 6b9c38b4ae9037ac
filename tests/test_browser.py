"""A browser test with Playwright and Debian's chromium (headless) against a real server on
127.0.0.1: a question in the search box, an article page, an .ics from the deadlines page.

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
    page.get_by_role("link", name="DVO HBEL art. 13 lid 1").first.click()  # the document's short title
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
    finding = page.locator(".finding", has_text="PLACEHOLDER").first
    assert "overtreding" in finding.inner_text().lower()
    assert "voldoet niet" in page.get_by_role("alert").inner_text()
    with page.expect_download() as info:
        page.get_by_role("link", name="als SHACL-rapport (Turtle)").click()
    target = tmp_path / info.value.suggested_filename
    info.value.save_as(target)
    assert target.name == "concept-rapport.ttl" and "ValidationReport" in target.read_text(encoding="utf-8")


def test_run_a_query_on_the_query_page(server: str, page: Any) -> None:
    """/sparql opened in a browser is the query page; an example query runs and its answer is a
    table on the page, whose IRIs link to the pages of the knowledge base."""
    page.goto(server + "/sparql")
    page.wait_for_url("**/query?lang=nl")
    page.get_by_role("link", name="Artikelen per document").click()
    assert "dvo:hasArticle" in page.get_by_label("Query").input_value()
    page.get_by_label("Query").fill("SELECT ?d ?id WHERE { ?d dvo:documentId ?id ; dvo:inCorpus true } ORDER BY ?id")
    page.get_by_role("button", name="Uitvoeren").click()
    page.wait_for_selector("table.results")
    assert page.locator("table.results tbody tr").count() >= 6
    page.locator("table.results a", has_text="dvo-pwm-2018").first.click()
    page.wait_for_url("**/id/dvo-pwm-2018")
    assert page.locator("h1").inner_text()
