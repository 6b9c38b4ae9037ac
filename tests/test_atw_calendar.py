"""The calendar of the Algemene termijnenwet as data (issue 23, item 6): rules/atw.yaml with its
sources, 5 May every year, Good Friday, the declared days per year as published; roll-forward
follows it (a due date moves off 5 May 2027); every computed date says which calendar counted its
working days, DVO_KB_WORKING_DAYS chooses it, and a year whose declared days are not in the data
is said to be so."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from conftest import load_yaml

from dvo_kb.errors import UserError
from dvo_kb.rules.calendar import (
    ATW,
    HOLIDAYS_NL,
    add_working_days,
    atw_data,
    fixed_day,
    is_working_day,
    roll_forward,
    working_days_calendar,
)
from dvo_kb.rules.deadlines import Rules

ROLLED = [c for c in load_yaml("deadlines.yaml")["duties"] if any("rolled" in e for e in c["expect"])]


def test_the_data_names_its_sources() -> None:
    data = atw_data()
    assert data["law"]["bwb_id"] == "BWBR0002448" and data["law"]["read_in"]
    assert {"Atw art. 1 lid 1", "Atw art. 1 lid 2"} == {r["reference"] for r in data["rules"].values() if "reference" in r}
    assert all(h["reference"].startswith("Atw art. 3 lid") for h in data["holidays"])
    for dec in data["declared"]:
        assert dec["decision"].startswith("Besluit gelijkstelling") and "Atw art. 3 lid 3" in dec["reference"]
        for d in dec["days"]:
            assert d["date"].weekday() == 4, d  # each a Friday
            assert d["date"].year in dec["years"]
            assert d["date"].strftime("%-d") in dec["decision"]


def test_5_may_and_good_friday() -> None:
    may5 = dt.date(2027, 5, 5)  # a Wednesday, not a lustrum year
    assert not ATW.is_working_day(may5) and "Atw art. 3 lid 1" in (ATW.holiday_name(may5) or "")
    assert HOLIDAYS_NL.is_working_day(may5)  # the holidays library: 5 May only every five years
    assert not HOLIDAYS_NL.is_working_day(dt.date(2025, 5, 5))
    assert "Goede Vrijdag" in (ATW.holiday_name(dt.date(2027, 3, 26)) or "")
    assert ATW.holiday_name(dt.date(2027, 3, 28)) is None  # Easter Sunday: a Sunday, not named by art. 3


def test_declared_days_are_kept_per_year_and_missing_years_are_said() -> None:
    assert not ATW.is_working_day(dt.date(2027, 5, 7))  # declared for 2027
    assert ATW.notes(2027) == []
    [note] = ATW.notes(2029)
    assert "2029" in note and "not in rules/atw.yaml" in note
    # the Friday after Ascension Day 2029 is not guessed: a working day, with the note
    assert ATW.is_working_day(dt.date(2029, 5, 11))
    assert "starts in 2014" in ATW.notes(2010)[0]


def test_roll_forward_moves_a_due_date_off_5_may_2027() -> None:
    c = roll_forward(fixed_day(2027, 5, 5, inclusive=True))
    assert c.due == dt.date(2027, 5, 10) and c.rolled and c.rolled_with == "atw"
    assert [s[:10] for s in c.skipped] == ["2027-05-05", "2027-05-06", "2027-05-07", "2027-05-08", "2027-05-09"]
    assert any("Atw art. 1 lid 1" in s for s in c.steps)


def test_roll_forward_says_when_the_declared_days_of_the_year_are_missing() -> None:
    c = roll_forward(fixed_day(2029, 12, 1, inclusive=True))  # a Saturday
    assert c.due == dt.date(2029, 12, 3)
    assert any("2029" in n and "not in rules/atw.yaml" in n for n in c.notes)


@pytest.fixture(scope="module")
def rules(kb: Any) -> Rules:
    return Rules(kb)


@pytest.mark.parametrize("case", ROLLED, ids=[c["why"][:50] for c in ROLLED])
def test_rolled_worked_examples(rules: Rules, case: dict[str, Any]) -> None:
    items = rules.duties(case["agreement"], case["event"], dt.date.fromisoformat(case["date"]), case.get("party"),
                         roll=True)
    for exp in case["expect"]:
        if "rolled" not in exp:
            continue
        hits = [i for i in items if i.article == exp["article"] and i.paragraph == exp["paragraph"]
                and exp["rule"] in i.rule]
        assert hits
        it = hits[0]
        assert it.due is not None and it.due.isoformat() == exp["rolled"]["due"] and it.rolled
        assert [s[:10] for s in it.skipped] == exp["rolled"]["skipped"]
        assert it.rolled_with == "atw" and "rolled forward: Atw" in it.rule


def test_a_term_counted_back_is_not_rolled(rules: Rules) -> None:
    items = rules.duties("cr-pwm-2018", "uittreding", dt.date(2027, 12, 31), roll=True)
    [it] = [i for i in items if i.article == "15" and i.paragraph == "2"]
    assert not it.rolled and any("art. 1 lid 2" in s for s in it.steps)


def test_the_setting_chooses_the_calendar_that_counts(monkeypatch: pytest.MonkeyPatch, kb: Any) -> None:
    start = dt.date(2027, 4, 30)  # a Friday; four working days on
    monkeypatch.delenv("DVO_KB_WORKING_DAYS", raising=False)
    default = add_working_days(start, 4)
    assert default.calendar == "holidays-nl" and default.due == dt.date(2027, 5, 7)
    assert any("Algemene termijnenwet" in n and "2027-05-11" in n for n in default.notes)
    monkeypatch.setenv("DVO_KB_WORKING_DAYS", "atw")
    atw = add_working_days(start, 4)
    assert atw.calendar == "atw" and atw.due == dt.date(2027, 5, 11)
    assert not is_working_day(dt.date(2027, 5, 5))
    # a duty counted in working days names the calendar in its rule and its JSON
    items = Rules(kb).duties("dvo-hbel-2026", "overmacht", dt.date(2026, 12, 24), "huizen")
    [it] = [i for i in items if i.due]
    assert it.calendar == "atw" and "[werkdagen: Atw]" in it.rule and it.to_json()["calendar"] == "atw"
    monkeypatch.setenv("DVO_KB_WORKING_DAYS", "julian")
    with pytest.raises(UserError, match="holidays-nl or atw"):
        working_days_calendar()


def test_rules_can_be_given_a_calendar(kb: Any) -> None:
    items = Rules(kb, working_days="holidays-nl").duties("dvo-hbel-2026", "overmacht", dt.date(2026, 12, 24), "huizen")
    [it] = [i for i in items if i.due]
    assert it.due == dt.date(2026, 12, 29) and it.calendar == "holidays-nl" and "[werkdagen: holidays NL]" in it.rule
