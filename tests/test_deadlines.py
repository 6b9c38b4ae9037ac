"""The deadline rules and commands: worked examples from the corpus (tests/data/deadlines.yaml)
and the commands' contracts and errors."""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

import pytest
import yaml
from conftest import DATA

from dvo_kb.cli import main
from dvo_kb.errors import UserError
from dvo_kb.rules.deadlines import Rules

CASES = yaml.safe_load((DATA / "deadlines.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def rules(kb: Any) -> Rules:
    return Rules(kb)


def test_worked_examples_exist() -> None:
    assert len(CASES["calendar"]) >= 3 and len(CASES["duties"]) >= 6


@pytest.mark.parametrize("case", CASES["calendar"], ids=[c["why"][:60] for c in CASES["calendar"]])
def test_calendar(rules: Rules, case: dict[str, Any]) -> None:
    y = case["year"]
    items, _ = rules.calendar(case["agreement"], dt.date(y, 1, 1), dt.date(y, 12, 31), party=case.get("party"))
    got = {(i.article, i.due.isoformat()) for i in items if i.due}
    for art, due in case.get("contains", []):
        assert (art, due) in got, (art, due)
    for art, due in case.get("absent", []):
        assert (art, due) not in got, (art, due)
    for art, n in (case.get("monthly") or {}).items():
        assert sum(1 for i in items if i.article == art and "for the month" in i.rule) == n
    assert all(i.due and dt.date(y, 1, 1) <= i.due <= dt.date(y, 12, 31) for i in items)
    assert all(i.text and i.norm and i.rule and i.steps for i in items)


@pytest.mark.parametrize("case", CASES["duties"], ids=[c["why"][:60] for c in CASES["duties"]])
def test_duties(rules: Rules, case: dict[str, Any]) -> None:
    items = rules.duties(case["agreement"], case["event"], dt.date.fromisoformat(case["date"]), case.get("party"))
    for exp in case["expect"]:
        hits = [i for i in items if i.article == exp["article"] and i.paragraph == exp["paragraph"]
                and (i.due.isoformat() if i.due else None) == exp["due"] and exp["rule"] in i.rule]
        assert hits, f"{exp} not in {[(i.article, i.paragraph, i.due, i.rule) for i in items]}"
        if "skipped" in exp:
            assert len(hits[0].skipped) == exp["skipped"]
        if "bearer" in exp:
            assert hits[0].bearer is not None and hits[0].bearer.endswith(exp["bearer"])
        if "counterparty" in exp:
            assert hits[0].counterparty is not None and hits[0].counterparty.endswith(exp["counterparty"])


def test_roll_forward_is_reported(rules: Rules) -> None:
    # 1 December 2029 is a Saturday
    items, _ = rules.calendar("dvo-pwm-2018", dt.date(2029, 11, 1), dt.date(2029, 12, 31), roll=True)
    rolled = [i for i in items if i.article == "17.2"]
    assert rolled and rolled[0].due == dt.date(2029, 12, 3) and rolled[0].rolled


def test_party_filter(rules: Rules) -> None:
    """A party's calendar: the deadlines of the lids in which it has a part (by any norm of the lid)."""
    items, _ = rules.calendar("dvo-hbel-2026", dt.date(2027, 1, 1), dt.date(2027, 12, 31), party="laren")
    assert all("laren" in i.parties for i in items)
    items, _ = rules.calendar("dvo-pwm-2018", dt.date(2027, 1, 1), dt.date(2027, 12, 31), party="stein")
    fixed = [i for i in items if i.article == "17.2"]  # the opdrachtnemer fixes, the opdrachtgevers are informed
    assert fixed and all("stein" not in i.parties for i in fixed)


def test_json_and_ics(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["deadlines", "--agreement", "dvo-pwm-2018", "--year", "2027", "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    item = out["items"][0]
    for key in ("agreement", "article", "paragraph", "bearer", "counterparty", "action", "due", "rule", "text"):
        assert key in item
    assert main(["deadlines", "--agreement", "dvo-pwm-2018", "--year", "2027", "--format", "ics"]) == 0
    ics = capsys.readouterr().out
    assert ics.startswith("BEGIN:VCALENDAR") and ics.rstrip().endswith("END:VCALENDAR")
    assert ics.count("BEGIN:VEVENT") == len(out["items"])
    assert "DTSTART;VALUE=DATE:20270228" in ics


def test_events_command(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["events", "--agreement", "dvo-hbel-2026", "--format", "json"]) == 0
    ids = [e["id"] for e in json.loads(capsys.readouterr().out)["events"]]
    assert "event-overmacht" in ids


@pytest.mark.parametrize(("argv", "message"), [
    (["deadlines", "--agreement", "nope", "--year", "2027"], "onbekend document"),
    (["deadlines", "--agreement", "dvo-pwm-2018", "--from", "2020-01-01", "--to", "2035-01-01"], "langer dan 10 jaar"),
    (["deadlines", "--agreement", "dvo-pwm-2018", "--year", "2027", "--party", "huizen"], "is geen partij van"),
    (["deadlines", "--agreement", "dvo-pwm-2018"], "geef --year J"),
    (["duties", "--agreement", "dvo-pwm-2018", "--event", "earthquake", "--on", "2027-01-01"], "kent geen gebeurtenis"),
    # an advisor's trial: uittreding only as of 31 December (cr-pwm-2018 art. 15 lid 1, dvo:onlyOnMonth/onlyOnDay)
    (["duties", "--agreement", "cr-pwm-2018", "--event", "uittreding", "--on", "2027-06-30", "--party", "stein"],
     "de gebeurtenis uittreding kan niet ingaan op 2027-06-30"),
])
def test_bad_input_exits_2(capsys: pytest.CaptureFixture[str], argv: list[str], message: str) -> None:
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_an_impossible_date_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["duties", "--agreement", "dvo-pwm-2018", "--event", "overmacht", "--on", "2027-02-30"])
    assert exc.value.code == 2
    assert "is geen datum" in capsys.readouterr().err


def test_the_schedule_rules_are_data(kb: Any, tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """The recurrences come from the CONSTRUCT rules in rules/schedule/: without the monthly
    rule there are no monthly payments; every rule derives something on the corpus."""
    import shutil

    from dvo_kb.rules import deadlines

    derived = deadlines.derive(kb)
    props = {p for d in derived.values() for p in d}
    assert {"recursEachYear", "recursEachQuarter", "recursEachMonth", "triggeredBy"} <= props
    for rule in deadlines.SCHEDULE_RULES.glob("*.rq"):
        if rule.name != "monthly-in-advance.rq":
            shutil.copy(rule, tmp_path / rule.name)
    monkeypatch.setattr(deadlines, "SCHEDULE_RULES", tmp_path)
    items, _ = Rules(kb).calendar("dvo-pwm-2018", dt.date(2027, 1, 1), dt.date(2027, 12, 31))
    assert not any("for the month" in i.rule for i in items)
    assert any(i.article == "12.3" for i in items)


def test_a_duty_s_date_comes_with_its_conditions_and_the_curators_notes(rules: Rules) -> None:
    """SOK-2025 art. 16.1: notice given on 10 December 2026: a minimum period of one year, but the
    lid also says "voor het eerst per 1 april 2029" (dvo:firstDate), and the curators wrote that
    the two can be read two ways. Not 10 December 2027 (a new user's trial: the first date was
    ignored) but 1 April 2029 at the earliest, with the other reading (1 April 2030) among the
    notes; the condition and the curators' notes (both languages) come with it."""
    items = rules.duties("sok-wm-2025", "opzegging", dt.date(2026, 12, 10))
    item = next(i for i in items if i.where == "art. 16.1")
    assert item.due == dt.date(2029, 4, 1) and item.date_kind == "earliest"
    assert item.calendar_notes == ["read the other way (it can first be used on 2029-04-01): at the earliest 2030-04-01"]
    assert any("voor het eerst per 1 april 2029" in c for c in item.conditions)
    assert "1 april 2030" in " ".join(item.notes_in("nl")) and "1 April 2030" in " ".join(item.notes_in("en"))
    j = item.to_json()
    assert j["conditions"] == item.conditions and set(j["notes_by_lang"]) == {"nl", "en"}
    plain = next(i for i in items if i.where == "art. 16.3")
    assert plain.date_kind == "due" and plain.conditions == [] and plain.notes == {}


def test_the_duties_page_cli_and_ics_show_the_condition_and_the_ambiguity(client: Any, capsys: Any) -> None:
    params = {"agreement": "sok-wm-2025", "event": "opzegging", "on": "2026-12-10"}
    page = client.get("/deadlines", params=params).text
    assert "op zijn vroegst <time" in page and "voorwaarde: na een termijn van vier jaren" in page
    assert ('<summary>let op, de tekst is niet eenduidig</summary><p class="note">De termijn is een minimale '
            'opzegtermijn') in page
    english = client.get("/deadlines", params={**params, "lang": "en"}).text
    assert "at the earliest <time" in english
    assert '<summary>note, the text is ambiguous</summary><p class="note">The deadline is a minimum' in english
    ics = client.get("/api/duties", params={**params, "format": "ics"}).text.replace("\r\n ", "").replace("\\,", ",")
    assert "SUMMARY:SOK-2025 art. 16.1: op zijn vroegst: opzeggen" in ics
    assert "voorwaarde: na een termijn van vier jaren" in ics and "let op, de tekst is niet eenduidig: De termijn is een minimale" in ics
    assert main(["duties", "--agreement", "sok-wm-2025", "--event", "opzegging", "--on", "2026-12-10"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("vroegst 2029-04-01") and "let op, de tekst is niet eenduidig:" in out
    assert "anders gelezen (pas te gebruiken vanaf 2029-04-01): op zijn vroegst 2030-04-01" in out


def test_nothing_is_due_before_the_agreement_is_in_force(rules: Rules, client: Any) -> None:
    """A new user's trial: /deadlines?agreement=dvo-pwm-2018&year=1999 listed 20 dated deadlines
    of an agreement in force from 1 January 2018. A window before it is refused saying so, naming
    the document as the page does (400); a window that begins before it lists what is due from
    that day on. An event before it is not refused: a duty may arise at signing, before the
    agreement is in force (a review)."""
    with pytest.raises(Exception, match=r"^DVO-2018 is in force from 2018-01-01: nothing is due under it"):
        rules.calendar("dvo-pwm-2018", dt.date(1999, 1, 1), dt.date(1999, 12, 31))
    assert rules.duties("dvo-pwm-2018", "overmacht", dt.date(2017, 12, 20))
    items, _ = rules.calendar("dvo-pwm-2018", dt.date(2017, 7, 1), dt.date(2018, 6, 30))
    assert items and min(i.due for i in items if i.due) >= dt.date(2018, 1, 1)
    r = client.get("/api/deadlines", params={"agreement": "dvo-pwm-2018", "year": "1999"})
    assert r.status_code == 400 and "in force from 2018-01-01" in r.json()["error"]["message"]
    page = client.get("/deadlines", params={"agreement": "dvo-pwm-2018", "year": "1999"})
    assert page.status_code == 400 and "DVO-2018 is van kracht vanaf 2018-01-01: daarvóór is er niets te doen" in page.text


def test_an_empty_calendar_points_to_the_periods_that_run_from_an_event(client: Any,
                                                                        capsys: pytest.CaptureFixture[str]) -> None:
    """The HBEL-DVO has no dated deadline in 2026, but periods from events (overmacht, ontvangst,
    ...): the page and the CLI say so and where to find them (a new user's trial saw an empty
    calendar and no word more)."""
    page = client.get("/deadlines", params={"agreement": "dvo-hbel-2026", "year": "2026"}).text
    assert "Geen termijnen met een datum in deze periode." in page
    hint = re.search(r"<p>Deze afspraak kent wel termijnen die lopen vanaf een gebeurtenis \(([^)]*)\)", page)
    assert hint and "overmacht" in hint[1].split(", ")
    assert main(["deadlines", "--agreement", "dvo-hbel-2026", "--year", "2026"]) == 0
    out = capsys.readouterr().out
    assert "overmacht" in out and "dvo-kb duties --agreement dvo-hbel-2026 --event" in out


def test_the_days_in_force_are_read_from_the_graph_before_any_norm(kb: Any) -> None:
    """Each agreement's dvo:inForceFrom is known as soon as the rules are made (it was filled in
    only when an agreement's norms had been read: a side effect of norms())."""
    fresh = Rules(kb)
    assert fresh._in_force["dvo-pwm-2018"] == dt.date(2018, 1, 1)
    assert fresh._in_force["sok-wm-2025"] == dt.date(2025, 4, 1)  # retroactively (SOK art. 15)
    with pytest.raises(Exception, match=r"is in force from 2018-01-01"):
        fresh._in_force_since("dvo-pwm-2018", dt.date(1999, 12, 31), "the window ends 1999-12-31")


def test_an_agreement_without_events_says_so(kb: Any, monkeypatch: Any, capsys: Any) -> None:
    """A new user's trial: an added document had no events; "its events are: " said nothing and
    `dvo-kb events` printed nothing at all."""
    from dvo_kb.cli import main

    monkeypatch.setattr(Rules, "events", lambda self, agreement: [])
    with pytest.raises(Exception, match="it has no events at all"):
        Rules(kb).resolve_event("dvo-pwm-2018", "overmacht")
    assert main(["events", "--agreement", "dvo-pwm-2018"]) == 0
    assert "kent geen gebeurtenissen" in capsys.readouterr().out


def test_the_duties_after_an_event_list_the_dated_first(rules: Rules) -> None:
    """A new user's trial: overmacht at Laren on 24 December 2026 listed five duties without a date
    before the only one with a date (contact the other party within two working days)."""
    items = rules.duties("dvo-hbel-2026", "overmacht", dt.date(2026, 12, 24), "laren")
    dated = [i for i in items if i.due is not None]
    assert dated and items[:len(dated)] == dated
    assert [i.due for i in dated] == sorted(i.due for i in dated if i.due is not None)


def test_the_deadlines_page_reads_a_dutch_date_and_says_when_a_day_does_not_exist(client: Any) -> None:
    """A new user's trial: on=2027-02-31 was told to give a date as JJJJ-MM-DD (it was one), the
    Dutch 24-12-2026 was refused, and an unknown event was said below the whole calendar."""
    params = {"agreement": "dvo-hbel-2026", "party": "laren", "event": "overmacht"}
    r = client.get("/deadlines", params={**params, "on": "2027-02-31"})
    assert r.status_code == 400 and "die dag bestaat niet" in r.text
    r = client.get("/deadlines", params={**params, "on": "24-12-2026"})
    assert r.status_code == 200 and "2026-12-29" in r.text  # contact within two working days, as from 2026-12-24
    r = client.get("/deadlines", params={"agreement": "sok-wm-2025", "event": "geenzulkegebeurtenis", "on": "2026-12-24"})
    assert r.status_code == 400 and r.text.index('role="alert"') < r.text.index('id="cal-h1"')


def test_a_term_in_words_is_listed_as_not_computable_not_left_out(rules: Any) -> None:
    """A new user's trial: the centrumregeling's art. 7a lid 5 (Beek and Stein pay the overhead
    "ineens voorafgaand aan het boekjaar", kept vague: 'boekjaar' is not defined) was on no page
    of Beek's deadlines; it is listed among those without a date, with the text's words."""
    items, undated = rules.calendar("cr-pwm-2018", dt.date(2027, 1, 1), dt.date(2027, 12, 31), "beek")
    vague = [i for i in undated if i.where == "art. 7a lid 5"]
    assert vague and vague[0].due is None and "ineens voorafgaand aan het boekjaar" in vague[0].rule
    assert not any(i.where == "art. 7a lid 5" for i in items)


def test_nothing_is_due_after_an_agreement_of_a_definite_duration_has_ended(rules: Any, client: Any) -> None:
    """A new user's trial: the HBEL-DVO, entered into on 1 January 2026 "voor de duur van vier jaar"
    (art. 2 lid 1), showed an empty 2031 as if it still applied; the last day is said, as the first
    day is for a year before it."""
    with pytest.raises(UserError, match=r"was in force until 2029-12-31 \(vier jaar from 2026-01-01\)"):
        rules.calendar("dvo-hbel-2026", dt.date(2031, 1, 1), dt.date(2031, 12, 31))
    rules.calendar("dvo-hbel-2026", dt.date(2029, 1, 1), dt.date(2029, 12, 31))  # its last year: no refusal
    page = client.get("/deadlines", params={"agreement": "dvo-hbel-2026", "year": "2031"})
    assert page.status_code == 400 and "was van kracht tot en met 2029-12-31 (vier jaar vanaf 2026-01-01)" in page.text


def test_two_agreements_of_one_kind_side_by_side_are_said_to_be_unsettled(client: Any) -> None:
    """A new user's trial: Beek's 2027 calendar listed the same payment under the DVO-2018 and the
    DVO-2020 (both for an indefinite time, neither says it replaces the other: checked in their
    texts) without a word; the page says the texts do not settle which apply together."""
    page = client.get("/deadlines", params={"party": "beek", "year": "2027"}).text
    notes = re.findall(r'<p class="note ambiguity">(.*?)</p>', page)
    assert len(notes) == 1 and "dienstverleningsovereenkomst" in notes[0] and "DVO-2018, DVO-2020 Beek" in notes[0]
    huizen = client.get("/deadlines", params={"party": "huizen", "year": "2027"}).text
    assert 'class="note ambiguity"' not in huizen  # one agreement: nothing to say


def test_a_partys_deadlines_in_all_its_agreements_as_one_calendar(client: Any) -> None:
    """A new user's trial: /deadlines.ics without an agreement answered "query.agreement: Field
    required" in English, and Beek's four calendars were four downloads. A party alone: one file
    with its dated deadlines in every agreement in force, linked from the page."""
    r = client.get("/deadlines.ics", params={"party": "beek", "year": "2027"})
    assert r.status_code == 200 and 'filename="beek-2027.ics"' in r.headers["content-disposition"]
    summaries = [line for line in r.text.splitlines() if line.startswith("SUMMARY:")]
    assert {s.split(" art.")[0] for s in summaries} >= {"SUMMARY:DVO-2018", "SUMMARY:DVO-2020 Beek",
                                                        "SUMMARY:centrumregeling"}
    assert "X-WR-CALNAME:gemeente Beek 2027" in r.text
    page = client.get("/deadlines", params={"party": "beek", "year": "2027"}).text
    assert 'href="/deadlines.ics?party=beek&amp;year=2027"' in page
    missing = client.get("/deadlines.ics", params={"year": "2027"})
    assert missing.status_code == 400 and "geef een afspraak" in missing.json()["error"]["message"]


def test_the_pages_say_annex_entries_yes_and_no_and_the_event_first(client: Any) -> None:
    """A new user's trial: an annex's task was cited "art. bijlage 1"; the RDF table of a
    document said "true" on a Dutch page; the duties of an event came below a whole year's
    calendar nobody asked for."""
    page = client.get("/deadlines", params={"agreement": "dvo-pwm-2020-beek", "year": "2027", "party": "beek"}).text
    assert "art. bijlage" not in page and "bijlage 1, taak 11" in page
    doc = client.get("/id/dvo-pwm-2020-beek", headers={"Accept": "text/html"}).text
    assert "<span>ja</span>" in doc and "<span>true</span>" not in doc
    asked = client.get("/deadlines", params={"agreement": "dvo-hbel-2026", "year": "2027", "event": "overmacht",
                                             "on": "2027-03-05"}).text
    assert asked.index('id="duties-h"') < asked.index('id="cal-h1"')


def test_the_cli_calendar_names_agreements_as_the_service_does(capsys: pytest.CaptureFixture[str]) -> None:
    """A trial: the CLI's .ics said "dvo-pwm-2020-beek art. 17.2", the service's "DVO-2020 Beek
    art. 17.2"; both now use the short title."""
    assert main(["deadlines", "--agreement", "dvo-pwm-2020-beek", "--year", "2027", "--format", "ics"]) == 0
    summaries = [line for line in capsys.readouterr().out.splitlines() if line.startswith("SUMMARY:")]
    assert summaries and all(s.startswith("SUMMARY:DVO-2020 Beek ") for s in summaries), summaries[:2]


def test_an_event_on_a_day_the_agreement_excludes_is_refused_with_the_nearest_days(rules: Rules, client: Any) -> None:
    """Uittreding only as of 31 December (cr-pwm-2018 art. 15 lid 1): 30 June 2027 is refused with
    the days on which it can be (the page and the API too, a 4xx with the words of the lid);
    31 December 2027 is computed (notice a year before)."""
    from dvo_kb.errors import UserError

    with pytest.raises(UserError, match="2026-12-31 and 2027-12-31"):
        rules.duties("cr-pwm-2018", "uittreding", dt.date(2027, 6, 30), "stein")
    # and not before the first such day the lid names ("op zijn vroegst per 31 december 2021"; a review)
    for before in (dt.date(2020, 12, 31), dt.date(2020, 6, 30), dt.date(2017, 6, 1)):
        with pytest.raises(UserError, match="the first day on which it can is 2021-12-31"):
            rules.duties("cr-pwm-2018", "uittreding", before, "stein")
    assert rules.duties("cr-pwm-2018", "uittreding", dt.date(2021, 12, 31), "stein")
    items = rules.duties("cr-pwm-2018", "uittreding", dt.date(2027, 12, 31), "stein")
    assert any(i.paragraph == "2" and i.due == dt.date(2026, 12, 31) for i in items)
    r = client.get("/api/duties", params={"agreement": "cr-pwm-2018", "event": "uittreding", "on": "2027-06-30"})
    assert 400 <= r.status_code < 500 and "uitsluitend met ingang van 31 december" in r.text
    page = client.get("/deadlines", params={"agreement": "cr-pwm-2018", "party": "stein", "event": "uittreding",
                                            "on": "2027-06-30"})
    assert 400 <= page.status_code < 500 and "kan niet ingaan op" in page.text and 'role="alert"' in page.text
