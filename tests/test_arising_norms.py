"""Rights and duties that arise after a period (issue 23, item 5): "gedurende een periode van meer
dan tien (10) werkdagen ... heeft de andere partij het recht" gets, for an event on a date, the
first day on which the right exists, with its steps and skipped days, in duties, the JSON API, the
deadlines page and the .ics export."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from conftest import load_yaml

from dvo_kb.cli import main
from dvo_kb.rules.calendar import arises_after
from dvo_kb.rules.deadlines import Rules, to_ics

CASES = [c for c in load_yaml("deadlines.yaml")["duties"] if any("kind" in e or "steps" in e for e in c["expect"])]


@pytest.fixture(scope="module")
def rules(kb: Any) -> Rules:
    return Rules(kb)


def test_the_worked_examples_are_there() -> None:
    whys = " ".join(c["why"] for c in CASES)
    assert "Monday 21 December 2026" in whys and "16.2" in whys


@pytest.mark.parametrize("case", CASES, ids=[c["why"][:50] for c in CASES])
def test_kind_and_steps_of_the_worked_examples(rules: Rules, case: dict[str, Any]) -> None:
    items = rules.duties(case["agreement"], case["event"], dt.date.fromisoformat(case["date"]), case.get("party"))
    for exp in case["expect"]:
        hits = [i for i in items if i.article == exp["article"] and i.paragraph == exp["paragraph"]
                and (i.due.isoformat() if i.due else None) == exp["due"] and exp["rule"] in i.rule]
        assert hits, exp
        if "kind" in exp:
            assert hits[0].date_kind == exp["kind"]
        for words in exp.get("steps", []):
            assert any(words in s for s in hits[0].steps), (words, hits[0].steps)


def test_overmacht_in_dvo_2018_from_monday_21_december_2026(rules: Rules) -> None:
    items = rules.duties("DVO-2018", "overmacht", dt.date(2026, 12, 21), "beek")
    [right] = [i for i in items if i.date_kind == "arises"]
    assert right.kind == "Permission" and right.due == dt.date(2027, 1, 7)
    assert right.norm.endswith("dvo-pwm-2018/art/16.1/lid/0/norm/3")
    assert [s[:10] for s in right.skipped] == ["2026-12-25", "2026-12-26", "2026-12-27", "2027-01-01", "2027-01-02",
                                               "2027-01-03"]
    assert right.steps[0] == "the event 2026-12-21 (the day itself not counted)"
    assert right.bearer is not None and right.bearer.endswith("= sittard-geleen, stein")
    # the other norms of the article are not changed by this: informing stays "onverwijld"
    assert any(i.date_kind == "due" and i.due is None and "onverwijld" in i.rule for i in items)


def test_roll_forward_leaves_the_first_day_of_a_right_alone(rules: Rules) -> None:
    # 10 April 2027 is a Saturday: a right that exists from a Saturday is not moved
    items = rules.duties("sok-wm-2025", "ingebrekestelling", dt.date(2027, 3, 10), roll=True)
    [power] = [i for i in items if i.date_kind == "arises"]
    assert power.due == dt.date(2027, 4, 10) and not power.rolled
    assert any("roll-forward does not apply" in s for s in power.steps)


@pytest.mark.parametrize(("start", "count", "unit", "exclusive", "first"), [
    (dt.date(2026, 12, 21), 10, "werkdag", True, dt.date(2027, 1, 7)),
    (dt.date(2026, 12, 21), 10, "werkdag", False, dt.date(2027, 1, 6)),
    (dt.date(2027, 3, 10), 30, "kalenderdag", True, dt.date(2027, 4, 10)),
    (dt.date(2027, 3, 10), 30, "kalenderdag", False, dt.date(2027, 4, 9)),
    (dt.date(2027, 1, 31), 1, "maand", True, dt.date(2027, 3, 1)),
])
def test_arises_after(start: dt.date, count: int, unit: str, exclusive: bool, first: dt.date) -> None:
    assert arises_after(start, count, unit, exclusive).due == first


def test_duties_json_and_ics(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["duties", "--agreement", "DVO-2018", "--event", "overmacht", "--on", "2026-12-21", "--party", "beek",
            "--lang", "en"]
    assert main([*argv, "--format", "json"]) == 0
    items = json.loads(capsys.readouterr().out)["items"]
    [right] = [i for i in items if i["date_kind"] == "arises"]
    assert right["due"] == "2027-01-07" and len(right["skipped"]) == 6 and right["steps"]
    assert main(argv) == 0
    table = capsys.readouterr().out
    assert "from 2027-01-07" in table and "11th working day: 2027-01-07" in table and "2027-01-01 Nieuwjaarsdag" in table


def test_the_ics_has_the_first_day_and_how(rules: Rules) -> None:
    items = rules.duties("DVO-2018", "overmacht", dt.date(2026, 12, 21), "beek")
    ics = to_ics(items, "overmacht").replace("\r\n ", "")
    assert "DTSTART;VALUE=DATE:20270107" in ics and "vanaf: maatregelen treffen" in ics
    assert "11th werkdag: 2027-01-07" in ics and "2026-12-25 Eerste kerstdag" in ics


@pytest.mark.parametrize("client", ["embedded"], indirect=True)
def test_the_api_and_the_page(client: Any) -> None:
    r = client.get("/api/duties", params={"agreement": "dvo-pwm-2018", "event": "overmacht", "on": "2026-12-21",
                                          "party": "beek"})
    assert r.status_code == 200
    [right] = [i for i in r.json()["items"] if i["date_kind"] == "arises"]
    assert right["due"] == "2027-01-07" and right["steps"] and right["skipped"]
    page = client.get("/deadlines", params={"agreement": "dvo-pwm-2018", "year": "2026", "event": "overmacht",
                                            "on": "2026-12-21", "party": "beek"})
    assert page.status_code == 200
    assert 'datetime="2027-01-07"' in page.text and "het recht bestaat vanaf deze dag" in page.text
    assert "25 december 2026 (Eerste kerstdag)" in page.text  # the skipped days in words (issue 18)
