"""Draft validation and the diff through the service, with a real client: POST /api/validate
(JSON, SHACL Turtle, errors as JSON with 400 and 413), the page /validate with its downloads,
GET /api/diff and the page /diff."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from fastapi.testclient import TestClient
from rdflib import Graph, Namespace
from rdflib.namespace import RDF

from .conftest import load_yaml

SH = Namespace("http://www.w3.org/ns/shacl#")


@pytest.fixture(scope="module")
def draft() -> str:
    text: str = load_yaml("validate/cases.yaml")["bases"]["dvo"]
    return text


@pytest.fixture(scope="module")
def placeholder(draft: str) -> str:
    assert "treedt in werking op 1 maart 2027" in draft
    return draft.replace("treedt in werking op 1 maart 2027", "treedt in werking op [DATUM]")


def _post(client: TestClient, name: str, data: bytes, path: str = "/api/validate", **kw: object) -> object:
    return client.post(path, files={"file": (name, data, "application/octet-stream")}, **kw)  # type: ignore[arg-type]


def _error(r: object, status: int) -> str:
    assert r.status_code == status, r.text  # type: ignore[attr-defined]
    body = r.json()  # type: ignore[attr-defined]
    assert set(body["error"]) == {"code", "message"}
    return str(body["error"]["message"])


def test_validate_a_valid_draft(client: TestClient, draft: str) -> None:
    r = _post(client, "concept.txt", draft.encode())
    assert r.status_code == 200, r.text  # type: ignore[attr-defined]
    body = r.json()  # type: ignore[attr-defined]
    assert body["conforms"] is True and body["summary"]["violation"] == 0
    assert body["document"]["title"].startswith("Dienstverleningsovereenkomst Schoonmaak")
    assert len(body["document"]["articles"]) == 8 and body["norms"]


def test_validate_a_placeholder(client: TestClient, placeholder: str) -> None:
    r = _post(client, "concept.txt", placeholder.encode())
    assert r.status_code == 200  # type: ignore[attr-defined]
    body = r.json()  # type: ignore[attr-defined]
    assert body["conforms"] is False
    hits = [f for f in body["findings"] if f["rule"] == "PLACEHOLDER"]
    assert hits and hits[0]["article"] == "7" and hits[0]["severity"] == "violation"
    assert hits[0]["message"] and hits[0]["message_en"]


def test_validate_turtle_is_a_shacl_report(client: TestClient, placeholder: str) -> None:
    for r in (_post(client, "concept.txt", placeholder.encode(), params={"format": "turtle"}),
              _post(client, "concept.txt", placeholder.encode(), headers={"Accept": "text/turtle"})):
        assert r.status_code == 200 and r.headers["content-type"].startswith("text/turtle")  # type: ignore[attr-defined]
        g = Graph().parse(data=r.text, format="turtle")  # type: ignore[attr-defined]
        report = next(g.subjects(RDF.type, SH.ValidationReport))
        assert str(g.value(report, SH.conforms)) == "false"
        assert any(True for _ in g.subjects(RDF.type, SH.ValidationResult))


def test_validate_text_report(client: TestClient, placeholder: str) -> None:
    r = _post(client, "concept.txt", placeholder.encode(), params={"format": "text", "lang": "en"})
    assert r.status_code == 200 and "PLACEHOLDER" in r.text  # type: ignore[attr-defined]


def _broken_docx() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("word/other.xml", "<x/>")
    return buf.getvalue()


@pytest.mark.parametrize(("name", "data", "says"), [
    ("leeg.txt", b"", "empty"), ("leeg.txt", b"  \n\n", "empty"), ("concept.pdf", b"%PDF-1.4 ...", "PDF"),
    ("concept.docx", b"PK\x03\x04 not really a zip", "docx"), ("concept.docx", _broken_docx(), "Word"),
    ("concept.txt", b"The quick brown fox jumps over the lazy dog.\n" * 20, "Dutch"),
    ("concept.ttl", b"@prefix ex: <http://example.org/> .\nex:a ex:b .\n", "malformed"),
    ("concept.xyz", b"hallo", "unsupported"),
])
def test_validate_unreadable_drafts_are_400(client: TestClient, name: str, data: bytes, says: str) -> None:
    assert says in _error(_post(client, name, data), 400)


def test_the_api_says_why_a_draft_cannot_be_read_in_dutch_first(client: TestClient) -> None:
    """A drafter's trial: the API's reasons were English only; Dutch first (lang=nl, the default),
    then English, and English alone with lang=en."""
    assert _error(_post(client, "leeg.txt", b""), 400) == "leeg.txt: het bestand is leeg / leeg.txt: the file is empty"
    r = client.post("/api/validate?lang=en", files={"file": ("leeg.txt", b"", "text/plain")})
    assert _error(r, 400) == "leeg.txt: the file is empty"


def test_validate_without_a_file_is_400(client: TestClient) -> None:
    _error(client.post("/api/validate"), 400)
    _error(client.post("/api/validate", data={"file": "not a file"}), 400)


def test_validate_too_large_is_413(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    from dvo_kb.api.deps import get_settings

    limit = get_settings().max_upload_bytes
    assert limit == 5 * 1024 * 1024
    assert "larger" in _error(_post(client, "concept.txt", b"a" * (limit + 1)), 413)
    assert "larger" in _error(_post(client, "concept.txt", b"a" * (limit + 200_000)), 413)  # refused by its header
    # without a content-length (chunked), the handler counts
    monkeypatch.setattr(get_settings(), "max_upload_bytes", 1000)
    _error(_post(client, "concept.txt", b"a" * 1001), 413)


def test_validate_page(client: TestClient, placeholder: str, draft: str) -> None:
    r = client.get("/validate")
    assert r.status_code == 200 and 'enctype="multipart/form-data"' in r.text
    assert '<label for="file">' in r.text and 'id="file"' in r.text and "<script" not in r.text
    assert 'href="/validate?lang=nl"' in client.get("/").text

    r = _post(client, "concept.txt", placeholder.encode(), path="/validate")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")  # type: ignore[attr-defined]
    html = r.text  # type: ignore[attr-defined]
    assert "voldoet niet" in html and "PLACEHOLDER" in html and "Artikel 7" in html and "[DATUM]" in html
    assert html.split('class="finding sev-')[1].startswith("violation")  # the worst first
    ours = [m for m in html.split('"') if m.startswith("/validate/") and m.endswith((".json", ".ttl"))]
    assert len(ours) == 2
    j = client.get(ours[0] if ours[0].endswith(".json") else ours[1])
    assert j.status_code == 200 and j.json()["conforms"] is False
    assert "attachment" in j.headers["content-disposition"]
    t = client.get(ours[0] if ours[0].endswith(".ttl") else ours[1])
    g = Graph().parse(data=t.text, format="turtle")
    assert next(g.subjects(RDF.type, SH.ValidationReport), None) is not None

    r = client.post("/validate", files={"file": ("concept.txt", placeholder.encode(), "text/plain")}, data={"lang": "en"})
    assert r.status_code == 200 and 'lang="en"' in r.text and "does not conform" in r.text
    assert "Voldoet" not in r.text

    r = _post(client, "concept.txt", draft.encode(), path="/validate")
    assert r.status_code == 200 and "Het concept voldoet" in r.text  # type: ignore[attr-defined]


def test_validate_page_errors_are_pages(client: TestClient) -> None:
    r = _post(client, "concept.pdf", b"%PDF-1.4", path="/validate")
    assert r.status_code == 400 and r.headers["content-type"].startswith("text/html")  # type: ignore[attr-defined]
    assert 'role="alert"' in r.text and "PDF" in r.text and 'id="file"' in r.text  # type: ignore[attr-defined]
    _error(client.get("/validate/no-such-token.json"), 404)
    _error(client.get("/validate/no-such-token.ttl"), 404)
    # the form sent without a file (a drafter's trial: a JSON body in English): the page says so
    r = client.post("/validate", data={"lang": "nl"})
    assert r.status_code == 400 and r.headers["content-type"].startswith("text/html")
    assert "Kies eerst een bestand om te controleren." in r.text and 'id="file"' in r.text
    assert "Choose a file to check first." in client.post("/validate", data={"lang": "en"}).text


def test_diff_api(client: TestClient) -> None:
    r = client.get("/api/diff", params={"a": "dvo-pwm-2018", "b": "dvo-pwm-2020-beek"})
    assert r.status_code == 200
    body = r.json()
    assert body["pairs"] and {"a", "b", "document_changes", "only_a", "only_b"} <= set(body)
    assert "unknown" in _error(client.get("/api/diff", params={"a": "dvo-pwm-2018", "b": "no-such-doc"}), 404)
    _error(client.get("/api/diff", params={"a": "dvo-pwm-2018"}), 400)


def test_diff_page(client: TestClient) -> None:
    r = client.get("/diff")
    assert r.status_code == 200 and '<label for="a">' in r.text and '<label for="b">' in r.text
    assert '<option value="dvo-pwm-2018"' in r.text and 'class="dvo-diff"' not in r.text
    assert 'href="/diff?lang=nl"' in client.get("/").text
    r = client.get("/diff", params={"a": "dvo-pwm-2018", "b": "dvo-pwm-2020-beek", "lang": "en"})
    assert r.status_code == 200 and '<section class="dvo-diff"' in r.text and ".dvo-diff-columns" in r.text
    assert '<option value="dvo-pwm-2018" selected>' in r.text and "<ins>" in r.text and "<del>" in r.text
    r = client.get("/diff", params={"a": "dvo-pwm-2018", "b": "<script>x</script>"})
    assert r.status_code == 404 and 'role="alert"' in r.text and "<script>x" not in r.text


def test_a_busy_or_too_costly_check_is_said_in_the_readers_language(client: TestClient,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """The draft checks' own refusals (api/messages.yaml): in Dutch and English for the API, in the
    reader's language on the page."""
    from dvo_kb.api.evaluator import Unavailable
    from dvo_kb.api.routers import validate

    class Refusing:
        def __init__(self, reason: str) -> None:
            self.reason = reason

        async def run(self, job: object, timeout: float) -> object:
            raise Unavailable(self.reason)

    draft = ("concept.txt", b"Artikel 1\n1. De partijen komen overeen.\n", "text/plain")
    monkeypatch.setattr(validate, "get_validator", lambda: Refusing("busy"))
    api = client.post("/api/validate", files={"file": draft})
    assert api.status_code == 503 and api.json()["error"]["message"] == (
        "alle controles zijn bezet; probeer het zo opnieuw / all draft checks are busy; try again shortly")
    page = client.post("/validate", files={"file": draft}, data={"lang": "nl"})
    assert page.status_code == 503 and "alle controles zijn bezet" in page.text and "busy" not in page.text
    monkeypatch.setattr(validate, "get_validator", lambda: Refusing("timeout"))
    page = client.post("/validate", files={"file": draft}, data={"lang": "en"})
    assert page.status_code == 422 and "concept.txt: checking this draft exceeded the limit of" in page.text
    assert "splits" not in page.text and 'role="alert"' in page.text


def test_the_page_lists_the_municipalities_with_their_roles(client: TestClient) -> None:
    """A new user's trial: 'partijen: de gemeente Appeldorp, de gemeente Peerstad, centrumgemeente,
    gastgemeente, partijen' (role names counted as parties); now each municipality with its role."""
    draft = ("Dienstverleningsovereenkomst Belastingen Appeldorp en Peerstad 2027\n\nPartijen:\n"
             "1. Het college van burgemeester en wethouders van de gemeente Appeldorp, hierna: centrumgemeente;\n"
             "2. Het college van burgemeester en wethouders van de gemeente Peerstad, hierna: gastgemeente;\n\n"
             "komen het volgende overeen:\n\nArtikel 1. Taken\n"
             "1. De centrumgemeente voert voor de gastgemeente de heffing van gemeentelijke belastingen uit.\n\n"
             "Artikel 2. Opzegging\nElke partij kan deze overeenkomst schriftelijk opzeggen.\n")
    html = _post(client, "concept.txt", draft.encode(), path="/validate").text  # type: ignore[attr-defined]
    assert "partijen: de gemeente Appeldorp (centrumgemeente), de gemeente Peerstad (gastgemeente)</p>" in html
    assert "Geen overtredingen, wel" in html and "TERMINATION-NO-NOTICE" not in html.split("Bevindingen")[0]
    assert "noemt geen opzegtermijn" in html


def test_the_report_says_what_was_checked_and_found_nothing(client: TestClient) -> None:
    """A drafter's trial: 'the report never says what it checked' (a clean AVG check and one that
    was not made looked the same). The rules that apply to the kind of document and found nothing
    are listed, on the page by their names, in JSON by their ids."""
    draft = ("Dienstverleningsovereenkomst Belastingen Appeldorp en Peerstad 2027\n\nPartijen:\n"
             "1. De gemeente Appeldorp, hierna te noemen: opdrachtnemer;\n2. De gemeente Peerstad, hierna te noemen: "
             "opdrachtgever;\n\nkomen het volgende overeen:\n\nArtikel 1. Taken\n"
             "1. Opdrachtnemer voert voor opdrachtgever de heffing van gemeentelijke belastingen uit.\n\n"
             "Artikel 2. Geheimhouding\nPartijen houden vertrouwelijke informatie geheim.\n")
    page = _post(client, "concept.txt", draft.encode(), path="/validate").text  # type: ignore[attr-defined]
    assert re.search(r'<p class="note">Gecontroleerd zonder bevinding: [^<]*geheimhouding', page)
    data = _post(client, "concept.txt", draft.encode()).json()  # type: ignore[attr-defined]
    clean, found = set(data["checked_clean"]), {f["rule"] for f in data["findings"]}
    assert "CONFIDENTIALITY-MISSING" in clean and "FORCE-MAJEURE-MISSING" in found and not clean & found
    assert "WGR-9-UITTREDING" not in clean  # a rule of gemeenschappelijke regelingen, not of an agreement


def test_an_english_reader_sees_the_rules_sources_in_english(client: TestClient) -> None:
    """A researcher's trial: with --lang en the 'source' line of each finding stayed in Dutch."""
    draft = ("Dienstverleningsovereenkomst Belastingen Appeldorp en Peerstad 2027\n\nPartijen:\n"
             "1. De gemeente Appeldorp, hierna te noemen: opdrachtnemer;\n2. De gemeente Peerstad, hierna te noemen: "
             "opdrachtgever;\n\nkomen het volgende overeen:\n\nArtikel 1. Taken\n"
             "1. Opdrachtnemer voert voor opdrachtgever de heffing van de gemeentelijke belastingen uit.\n"
             "2. Opdrachtnemer rapporteert ieder kwartaal over de voortgang aan opdrachtgever.\n")
    page = client.post("/validate", files={"file": ("concept.txt", draft.encode(), "text/plain")},
                       data={"lang": "en"}).text
    assert "good drafting practice (confidentiality)" in page and "goede contractpraktijk" not in page
    nl = client.post("/validate", files={"file": ("concept.txt", draft.encode(), "text/plain")}).text
    assert "goede contractpraktijk (geheimhouding)" in nl
    f = next(f for f in _post(client, "concept.txt", draft.encode()).json()["findings"]  # type: ignore[attr-defined]
             if f["rule"] == "CONFIDENTIALITY-MISSING")
    assert (f["source"], f["source_en"]) == ("goede contractpraktijk (geheimhouding)", "good drafting practice (confidentiality)")


def test_validate_page_says_in_dutch_why_a_file_cannot_be_read(client: TestClient) -> None:
    """A new user's trial: a binary .txt, a damaged .docx and a file over the size limit got English
    messages or a bare JSON body on the Dutch page."""
    r = _post(client, "bin.txt", bytes(range(256)) * 10, path="/validate")
    assert r.status_code == 400 and "dit is een binair bestand, geen tekst" in r.text  # type: ignore[attr-defined]
    r = _post(client, "kapot.docx", b"not a zip at all", path="/validate")
    assert r.status_code == 400 and "geen geldig .docx-bestand (het zip-archief is beschadigd" in r.text  # type: ignore[attr-defined]
    r = _post(client, "kapot.ttl", b"@prefix : <x> . :a :b", path="/validate")
    assert r.status_code == 400 and "ongeldige turtle" in r.text and "b'@prefix" not in r.text  # type: ignore[attr-defined]
    from dvo_kb.settings import Settings

    big = b"a" * (Settings().max_upload_bytes + 1024)
    r = _post(client, "groot.txt", big, path="/validate", headers={"accept": "text/html"})
    assert r.status_code == 413 and r.headers["content-type"].startswith("text/html")  # type: ignore[attr-defined]
    assert "het bestand is groter dan" in r.text and 'id="file"' in r.text  # type: ignore[attr-defined]
