"""The duties in the annexes (issue 23, item 3): parsed into their entry, encoded under
``bijlage/``, checked for coverage, and dated by the deadline rules (the 1 July report for Beek)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from rdflib import URIRef

from dvo_kb.cli import main
from dvo_kb.rules.check_curated import ANNEX_CUES, annex_coverage
from dvo_kb.rules.deadlines import Rules, annex_provisions

BASE = "https://w3id.org/dvo-kb/id/"
DOCS = ["cr-pwm-2018", "dvo-pwm-2018", "dvo-pwm-2020-beek", "dvo-pwm-2020-beek-privacyprotocol",
        "dvo-hbel-2026", "sok-wm-2025"]


def test_the_nb_on_objections_belongs_to_its_entry(corpus: dict[str, Any]) -> None:
    [annex] = corpus["dvo-pwm-2020-beek"].doc.annexes
    entry = annex.tasks[10]
    assert entry.text.startswith("de voorbereiding in het kader van aanhangig gemaakte bezwaar-")
    assert "wordt voor 1 juli van het volgende kalenderjaar een jaarverslag behandeling bezwaarschriften" in entry.text
    # the headings above the next entries are the annex's own, not the NB
    assert all("NB." not in (t.group or "") for t in annex.tasks)
    assert annex.title == ("Productenlijst van de Wsw-taken en de werk- en inkomenstaken van de centrumgemeente "
                           "(artikel 3 Centrumregeling)")


def test_every_annex_entry_with_the_words_of_a_norm_is_classified(union: Any, corpus: dict[str, Any]) -> None:
    cued = [(d, t.position) for d in DOCS for an in corpus[d].doc.annexes for t in an.tasks
            if ANNEX_CUES.search(t.text)]
    assert ("dvo-pwm-2020-beek", 11) in cued and ("dvo-pwm-2018", 10) in cued
    for d in DOCS:
        assert annex_coverage(union, URIRef(BASE + d)) == [], d


def test_the_annual_report_on_objections_is_an_obligation_towards_beek(kb: Any) -> None:
    rows = annex_provisions(kb, BASE + "dvo-pwm-2020-beek")
    norms = [(n, pos, p) for n, pos, _, p in rows if p["kind"] == "Obligation"]
    [(number, pos, p)] = norms
    assert (number, pos) == ("1", 11)
    assert p["iri"] == BASE + "dvo-pwm-2020-beek/bijlage/1/task/11/norm/1"
    assert p["bearer"]["parties"] == ["sittard-geleen"] and p["counterparty"]["parties"] == ["beek"]
    assert p["deadline"] == {**p["deadline"], "type": "fixed-day", "month": 7, "day": 1, "inclusive": False}
    assert "voor 1 juli van het volgende kalenderjaar" in p["deadline"]["text"]


@pytest.fixture(scope="module")
def rules(kb: Any) -> Rules:
    return Rules(kb)


def test_the_report_appears_in_the_calendar_each_year(rules: Rules) -> None:
    for year in (2026, 2027, 2028):
        items, _ = rules.calendar("dvo-pwm-2020-beek", dt.date(year, 1, 1), dt.date(year, 12, 31), party="beek")
        hits = [i for i in items if i.norm.endswith("/bijlage/1/task/11/norm/1")]
        assert [i.due for i in hits] == [dt.date(year, 6, 30)], year
        assert hits[0].where == "bijlage 1, taak 11" and hits[0].article == "bijlage 1"
        assert "jaarverslag" in hits[0].text


def test_the_report_in_the_ics_and_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["deadlines", "--agreement", "DVO-2020 Beek", "--year", "2027", "--format", "ics"]) == 0
    ics = capsys.readouterr().out.replace("\r\n ", "")
    assert "DTSTART;VALUE=DATE:20270630" in ics and "bijlage 1\\, taak 11" in ics
    assert main(["deadlines", "--agreement", "DVO-2020 Beek", "--year", "2027", "--format", "json"]) == 0
    import json

    items = json.loads(capsys.readouterr().out)["items"]
    assert any(i["where"] == "bijlage 1, taak 11" and i["due"] == "2027-06-30" for i in items)


def test_annex_events_are_known(rules: Rules) -> None:
    items = rules.duties("dvo-pwm-2020-beek", "einde-jaar", dt.date(2027, 12, 31))
    hit = [i for i in items if i.where == "bijlage 1, taak 11"]
    assert hit and hit[0].due == dt.date(2028, 6, 30)
