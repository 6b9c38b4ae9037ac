"""Dutch throughout (issue 18): every page type, every message and the .ics a Dutch reader
gets (lang=nl, the default) hold no English word that the project itself knows as English: the
ontology's rdfs:label@en and the en sections of api/labels.yaml. What is quoted (the verbatim
texts of the agreements, SPARQL, IRIs, code) and what is marked lang="en" is not checked."""

from __future__ import annotations

import re
from functools import cache
from html import unescape
from pathlib import Path
from typing import Any

import pytest
import yaml
from fastapi.testclient import TestClient

LABELS = Path(__file__).parents[1] / "api" / "labels.yaml"
# English labels that are also Dutch words (or names used as such in Dutch)
ALSO_DUTCH = {"week", "plan", "protocol", "privacy", "register", "norm", "document", "item", "archive", "finance",
              "Document A", "Document B", "SPARQL", "API", "JSON", "Turtle", "VoID", "text", "English", "Nederlands"}


def _words(value: str) -> list[str]:
    """The fixed words of a label: its parts around {fields} and tags, each of at least 4 letters."""
    parts = re.split(r"\{[^}]*\}|<[^>]+>|[:;()·,.]", value)
    return [p.strip() for p in parts if len(p.strip()) >= 4 and re.search(r"[A-Za-z]{4}", p)]


@cache
def english_labels() -> frozenset[str]:
    from dvo_kb.api.labels import _term_labels

    data = yaml.safe_load(LABELS.read_text(encoding="utf-8"))
    dutch = {v.lower() for (_, lang), v in _term_labels().items() if lang == "nl"}
    dutch |= {w.lower() for page in data.values() for v in page["nl"].values() for w in _words(str(v))}
    english = {v for (_, lang), v in _term_labels().items() if lang == "en"}
    english |= {w for page in data.values() for v in page["en"].values() for w in _words(str(v))}
    return frozenset(e for e in english if e.lower() not in dutch and e not in ALSO_DUTCH and len(e) >= 4)


QUOTED = re.compile(r"<(pre|code|blockquote|script|style|del|ins|textarea)\b.*?</\1>|<(\w+)[^>]*\blang=\"en\"[^>]*>.*?</\2>"
                    r"|<span style=\"white-space:pre-wrap\">.*?</span>|<td class=\"(?:text|src)[^\"]*\">.*?</td>", re.S)


def visible(html: str) -> str:
    """The words of a page a reader sees, without what the page quotes."""
    text = QUOTED.sub(" ", html)
    text = re.sub(r"<[^>]+>", " ", text)
    return re.sub(r"https?://\S+|/id/\S+", " ", unescape(text))


def english_in(text: str) -> list[str]:
    return sorted(e for e in english_labels() if re.search(rf"(?<![\w-]){re.escape(e)}(?![\w-])", text, re.I))


def test_the_list_of_english_labels_holds_the_known_ones() -> None:
    known = english_labels()
    assert {"obligation", "permission", "power"} <= {k.lower() for k in known}
    assert "Computation" in known and len(known) > 200


PAGES = [
    "/", "/?q=wie moet wie informeren bij overmacht?", "/?q=wie moet zich verzekeren?", "/?q=xq zz blub",
    "/?q=wat wordt verstaan onder overmacht?", "/?q=welke artikelen gaan over geheimhouding?",
    "/?q=welk aandeel in de kosten draagt Stein?", "/?q=wanneer treedt de DVO in werking?", "/id/nothing/here",
    "/doc/party/sittard-geleen", "/id/dvo-hbel-2026", "/diff?a=sok-wm-2025&b=dvo-hbel-2026",
    "/id/dvo-pwm-2020-beek", "/id/dvo-pwm-2018/art/16.1", "/id/sok-wm-2025/art/16/lid/16.2", "/doc/party/beek",
    "/deadlines", "/deadlines?agreement=dvo-pwm-2018&year=2027",
    "/deadlines?agreement=sok-wm-2025&year=2027",
    "/deadlines?agreement=dvo-pwm-2018&event=overmacht&on=2026-12-21",
    "/deadlines?agreement=sok-wm-2025&event=ingebrekestelling&on=2027-03-10",
    "/deadlines?agreement=dvo-pwm-2018&year=1200", "/deadlines?agreement=nope",
    "/deadlines?agreement=dvo-pwm-2018&party=nobody&year=2027",
    "/deadlines?agreement=dvo-pwm-2018&event=overmacht&on=2027-02-30",
    "/diff", "/diff?a=dvo-pwm-2018&b=dvo-pwm-2020-beek", "/diff?a=nope&b=dvo-pwm-2018",
    "/validate", "/query", "/query?format=table&query=ASK {}",
    "/query?format=table&query=SELECT ?id ?title WHERE { ?d dvo:documentId ?id ; dvo:title ?title } LIMIT 5",
    "/query?format=table&query=DELETE WHERE { ?s ?p ?o }",
]


@pytest.mark.parametrize("url", PAGES)
def test_a_dutch_page_has_no_english_label(client: TestClient, url: str) -> None:
    r = client.get(url, headers={"Accept": "text/html"})
    assert r.headers["content-type"].startswith("text/html"), (url, r.status_code, r.text[:300])
    assert english_in(visible(r.text)) == [], url


def test_the_dutch_validation_page_of_a_draft_has_no_english_label(client: TestClient) -> None:
    draft = "Dienstverleningsovereenkomst\n\nArtikel 1 Begrippen\n1. In deze overeenkomst wordt verstaan onder ...\n"
    r = client.post("/validate", files={"file": ("concept.txt", draft.encode(), "text/plain")}, data={"lang": "nl"})
    assert english_in(visible(r.text)) == []
    empty = client.post("/validate", files={"file": ("leeg.txt", b"", "text/plain")}, data={"lang": "nl"})
    assert english_in(visible(empty.text)) == []


def test_the_dutch_ics_has_no_english_label(client: TestClient) -> None:
    """The .ics descriptions: the computation in Dutch (the norm's own text, after a blank line, is quoted)."""
    for params in ({"agreement": "dvo-pwm-2018", "year": 2027}, {"agreement": "sok-wm-2025", "year": 2027}):
        ics = client.get("/deadlines.ics", params=params).text
        ics = re.sub(r"\r\n[ \t]", "", ics).replace("\\n", "\n").replace("\\,", ",").replace("\\;", ";")
        own = [d.split("\n\n")[0] for d in re.findall(r"^DESCRIPTION:(.*?)\r?\n(?=[A-Z-]+[:;])", ics, re.M | re.S)]
        assert own and english_in(re.sub(r"https?://\S+", " ", "\n".join(own))) == []


def test_the_engine_words_in_dutch() -> None:
    from dvo_kb.api.dutch import dutch

    assert dutch("2 werkdag after the event: binnen twee werkdagen") == "2 werkdagen na de gebeurtenis: binnen twee werkdagen"
    assert (dutch("for the month 2026-02, in advance: per maand en vooraf")
            == "voor de maand februari 2026, vooraf: per maand en vooraf")
    assert dutch("no deadline") == "geen termijn" and dutch("recurring, no day given: jaarlijks").startswith("terugkerend")
    assert dutch("something else") == "something else"


def test_the_engine_messages_are_data() -> None:
    """api/messages.yaml holds every message by id, in English and Dutch; api/dutch.py makes the
    patterns that recognise the engines' English from it, and renders a message by id."""
    import re as re_

    from dvo_kb.api import dutch as d

    fields = re_.compile(r"\{(\w+)(?:\|\w+)?\}")
    for section in ("deadlines", "refusals", "errors"):
        for m in d.messages(section):
            assert m.text["nl"] and m.text["en"], m.id
            assert set(fields.findall(m.text["nl"])) - {"count"} <= set(fields.findall(m.text["en"])), m.id
    assert d.message("rule.after_event", "nl", n=2, unit="werkdag") == "2 werkdagen na de gebeurtenis: "
    assert d.message("rule.after_event", "en", n=1, unit="werkdag") == "1 working day after the event: "
    assert d.message("rule.arises_after_other_event", "nl", what="right", period="more than 5 werkdagen",
                     event="overmacht") == "het recht ontstaat meer dan 5 werkdagen na overmacht (een andere gebeurtenis): "
    assert d.dutch("each quarter (Q1, Q3): per kwartaal") == "elk kwartaal (K1, K3): per kwartaal"
    assert d.dutch("11th werkdag: 2027-01-07") == "11e werkdag: 2027-01-07"
    assert d.dutch_error("'x' is not a party of dvo-pwm-2018; its parties are: beek") == (
        "'x' is geen partij van dvo-pwm-2018; de partijen zijn: beek")
    source = (Path(d.__file__)).read_text(encoding="utf-8")
    assert "after the event" not in source and "not in the vocabulary" not in source  # no sentence in the code


def test_the_diff_page_names_parties_and_places(client: TestClient) -> None:
    """The diff page (issue 18 item 3): names instead of ids, the lid where a norm stands, no
    alignment score, no 'A - | B -', Dutch dates; the form can shrink to the window."""
    page = client.get("/diff", params={"a": "dvo-pwm-2018", "b": "dvo-pwm-2020-beek"}).text
    assert "[sittard-geleen/" not in page and "partij/beek" not in page and "geen partij meer: gemeente Stein" in page
    assert "gemeente Sittard-Geleen (hoofd sociale zaken)" in page and "A - | B -" not in page
    assert not re.search(r"zelfde nummer, \d", page) and "1 januari 2020" in page
    assert re.search(r"art\. 5\.1 \(norm 1\)", page) and "fieldset{" in page and "min-width:0" in page
    english = client.get("/diff", params={"a": "dvo-pwm-2018", "b": "dvo-pwm-2020-beek", "lang": "en"}).text
    assert "no longer a party: gemeente Stein" in english and "Obligation of" in english


def test_the_duties_view_names_the_parties(client: TestClient) -> None:
    page = client.get("/deadlines", params={"agreement": "dvo-pwm-2018", "event": "overmacht", "on": "2026-12-21",
                                            "party": "beek"}).text
    assert "de andere partijen = gemeente Sittard-Geleen, gemeente Stein" in page and "= sittard-geleen" not in page


def test_the_cli_tables_are_dutch(capsys: pytest.CaptureFixture[str]) -> None:
    """dvo-kb duties and deadlines (issue 18): the table in Dutch by default, English with --lang en."""
    from dvo_kb.cli import main

    argv = ["duties", "--agreement", "DVO-2018", "--event", "overmacht", "--on", "2026-12-21", "--party", "beek"]
    assert main(argv) == 0
    table = capsys.readouterr().out
    assert "vanaf 2027-01-07" in table and "11e werkdag: 2027-01-07" in table and "berekening:" in table
    assert english_in(re.sub(r"https?://\S+", " ", table)) == []
    assert main(["deadlines", "--agreement", "dvo-pwm-2018", "--year", "2027"]) == 0
    table = capsys.readouterr().out
    assert "voor de maand februari 2027, vooraf" in table and english_in(table) == []
    assert main([*argv, "--lang", "en"]) == 0
    assert "rule: " in capsys.readouterr().out


def test_how_a_question_was_read_is_in_the_readers_words(client: TestClient) -> None:
    nl = client.get("/", params={"q": "wat wordt verstaan onder overmacht?"}).text
    assert "</strong> begripsbepaling (begrip: overmacht" in nl and "begrepen als begripsbepaling" not in nl
    en = client.get("/", params={"q": "what is meant by force majeure?", "lang": "en"}).text
    assert "</strong> understood as" not in en  # the label says it once (tests/test_pages_audit.py)


def test_the_cli_answers_a_dutch_question_in_dutch(capsys: pytest.CaptureFixture[str]) -> None:
    from dvo_kb.cli import main

    assert main(["ask", "wie moet wie informeren bij overmacht?"]) == 0
    out = capsys.readouterr().out
    assert "begrepen als wie jegens wie" in out and "verplichting: " in out and "termijn: " in out
    assert "Obligation" not in out and "deadline:" not in out and "== DVO-2018" in out
    assert main(["ask", "who notifies whom on force majeure?"]) == 0
    out = capsys.readouterr().out
    assert "understood as who towards whom" in out and "obligation: " in out


def test_the_deadlines_page_says_what_is_wrong_in_dutch(client: TestClient) -> None:
    page = client.get("/deadlines", params={"agreement": "dvo-pwm-2018", "party": "nobody", "year": "2027"})
    assert page.status_code == 400 and "“nobody” is geen partij bij DVO-2018; de partijen zijn: gemeente Beek, gemeente Sittard-Geleen" in page.text
    page = client.get("/deadlines", params={"agreement": "dvo-pwm-2018", "event": "nonsense", "on": "2027-01-01"})
    assert "Gebeurtenis “nonsense” komt niet voor in DVO-2018; kies uit: einde jaar, " in page.text and "knows no event" not in page.text
    english = client.get("/deadlines", params={"agreement": "dvo-pwm-2018", "party": "nobody", "year": "2027",
                                               "lang": "en"})
    assert "“nobody” is not a party to DVO-2018; its parties are: gemeente Beek, gemeente Sittard-Geleen" in english.text


def test_a_document_page_has_its_contents_parties_and_relations(client: TestClient) -> None:
    """Issue 18 item 4: the articles in their order with heading, leden and norms; parties with
    roles; dates; based on and replaced by, by name."""
    page = client.get("/id/dvo-pwm-2020-beek", headers={"Accept": "text/html"}).text
    toc = page[page.index('<table class="toc">'):]
    numbers = re.findall(r'<tr><td><a href="/id/dvo-pwm-2020-beek/art/([^"]+)">', toc)
    assert numbers[:3] == ["1", "2", "3"] and numbers.index("10") > numbers.index("9.2") > numbers.index("2")
    assert "<h2>Inhoud</h2>" in page and "<h2>Partijen</h2>" in page and "Opdrachtgever" in page
    assert "Gebaseerd op" in page and "Vervangen door" in page and "2020-01-01" in page
    assert ">gemeente Beek</a>" in page
    old = client.get("/id/dvo-pwm-2018", headers={"Accept": "text/html"}).text
    assert "Vervangen door" in old


def test_a_party_page_has_its_roles_and_norms_per_document(client: TestClient) -> None:
    page = client.get("/doc/party/beek", headers={"Accept": "text/html"}).text
    assert "Rollen en normen per document" in page and "Rollen: opdrachtgever, partij" in page
    sections = re.findall(r"<section><h3><a [^>]*>([^<]+)</a></h3>", page)
    assert len(sections) >= 3 and re.search(r"\d+ normen die de partij draagt", page)
    assert "verplichting: " in page


def test_a_norm_page_is_titled_by_its_kind_and_lid(client: TestClient) -> None:
    """An advisor's trial: a provision's page had its IRI as its title. A norm or provision
    without a label of its own is named by its kind, its number and the lid it comes from."""
    page = client.get("/doc/dvo-pwm-2018/art/21.1/lid/0/provision/1", headers={"Accept": "text/html"}).text
    title = re.search(r"<h1[^>]*>(.*?)</h1>", page, re.S)
    assert title and title.group(1).strip() == "verklaring 1, DVO-2018 art. 21.1"
    page = client.get("/doc/dvo-pwm-2018/art/12.3/lid/0/norm/1", headers={"Accept": "text/html"}).text
    assert re.search(r"<h1[^>]*>verplichting 1, DVO-2018 art. 12.3</h1>", page)


def _party_view_from_document_views(kb: Any, party: str, lang: str) -> list[dict[str, Any]]:
    """The party page as it was built before: every document's whole view (clauses.views), its
    norms whose bearer is the party or one of the party's roles in that document."""
    from starlette.requests import Request

    from dvo_kb.api.labels import term
    from dvo_kb.api.routers import pages
    from dvo_kb.clauses.views import document_parties, document_view

    request = Request({"type": "http", "method": "GET", "path": "/", "headers": [], "query_string": b"",
                       "scheme": "http", "server": ("x", 80), "root_path": ""})
    out = []
    for doc_iri, doc_id in dict.fromkeys((r["d"], r["id"]) for r in kb.select(pages._query("documents"))):
        if not any(p["party"] == party for p in document_parties(kb, doc_iri)):
            continue
        view = document_view(kb, doc_id)
        mine = next(p for p in view["parties"] if p["party"] == party)
        role_iris = {x["iri"] for x in mine["roles"]}
        norms = []
        for a in view["articles"]:
            for par in a["paragraphs"]:
                for n in pages._norms(par):
                    bearer = n.get("bearer") or {}
                    if party in (bearer.get("parties") or []) or role_iris & {x["iri"] for x in bearer.get("roles", [])}:
                        where = n["iri"].split("/norm/")[0]
                        norms.append((pages._local(request, where, kb.base), pages._name(kb, where, lang),
                                      term(n["kind"], lang) or n["kind"], n.get("action", []),
                                      pages._object(n["action_object"]) if n.get("action_object") else None))
        out.append({"href": pages._local(request, view["iri"], kb.base), "name": pages._name(kb, view["iri"], lang),
                    "roles": pages._roles(mine["roles"], lang), "norms": norms})
    return out


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_party_page_lists_what_every_document_s_view_gives(kb: Any, lang: str) -> None:
    """The party page's two queries (party_documents.rq, party_norms.rq) give, for every party of
    the corpus, the documents, roles and norms (in the documents' order, each once) that every
    document's whole view gives (how the page was built before: 14 s at 1M quads)."""
    from starlette.requests import Request

    from dvo_kb.api.routers import pages

    request = Request({"type": "http", "method": "GET", "path": "/", "headers": [], "query_string": b"",
                       "scheme": "http", "server": ("x", 80), "root_path": ""})
    parties = sorted({r["id"] for r in kb.select("SELECT ?id WHERE { ?p <https://w3id.org/dvo-kb/def#partyId> ?id }")})
    assert len(parties) >= 10
    listed = 0
    for party in parties:
        triples = pages._triples(kb, f"party/{party}")[2]
        got = pages._party_view(request, kb, triples, lang)
        want = _party_view_from_document_views(kb, party, lang)
        # what a norm acts on: its action's object as the document's view has it; where it has
        # none, the page gives its item's text (the task of a list), which the view does not
        assert [{**d, "norms": [n[:4] for n in d["norms"]]} for d in got] == \
            [{**d, "norms": [n[:4] for n in d["norms"]]} for d in want], party
        for g, w in zip(got, want, strict=True):
            assert all(gn[4] == wn[4] for gn, wn in zip(g["norms"], w["norms"], strict=True) if wn[4]), party
        listed += sum(len(d["norms"]) for d in got)
    assert listed > 100


def test_the_endpoints_limits_are_said_in_dutch_on_the_query_page() -> None:
    """A new user's trial: "De query is niet uitgevoerd: the query did not finish within the time
    limit of 10 s ..." on the Dutch query page."""
    from dvo_kb.api.dutch import dutch_error

    for english, dutch_start in [
        ("the query did not finish within the time limit of 10 s; narrow it down or add a LIMIT", "de query was niet klaar"),
        ("all 4 query workers are busy with slow queries; try again later", "alle 4 queryprocessen"),
        ("the result has more than 10000 rows, the most this endpoint returns; ask for at most 10000 (LIMIT 10000) "
         "and page with OFFSET", "het resultaat heeft meer dan 10000 rijen"),
        ("the result is larger than 50000000 bytes, the most this endpoint returns; ask for fewer rows (a smaller "
         "LIMIT, then OFFSET) or fewer or shorter values", "het resultaat is groter dan 50000000 bytes"),
    ]:
        assert dutch_error(english).startswith(dutch_start), dutch_error(english)
