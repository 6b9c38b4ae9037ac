"""The deadlines as iCalendar (issue 20), written with the icalendar library, against the real
service on the real corpus: DTSTAMP the time the file is made, a UID that stays the same, the URL
of the lid, and no calendar without events (a clear 404)."""

from __future__ import annotations

import datetime as dt

import pytest
from fastapi.testclient import TestClient

ID = "https://w3id.org/dvo-kb/id/"


def test_icalendar_stamp_uid_url_and_no_empty_calendar(client: TestClient) -> None:
    from icalendar import Calendar

    params = {"agreement": "dvo-pwm-2018", "year": 2027, "party": "beek"}
    before = dt.datetime.now(dt.UTC).replace(microsecond=0)
    first = client.get("/deadlines.ics", params=params)
    assert first.status_code == 200
    cal = Calendar.from_ical(first.text)
    events = cal.walk("VEVENT")
    assert events
    for ev in events:
        stamp = ev.decoded("dtstamp")
        assert before - dt.timedelta(seconds=5) <= stamp <= dt.datetime.now(dt.UTC) + dt.timedelta(seconds=5)
        url = str(ev.get("url"))
        assert url.startswith(ID + "dvo-pwm-2018/") and "/norm/" not in url
        assert client.get("/id/" + url[len(ID):], headers={"Accept": "text/turtle"}).status_code == 200  # the lid
    due = [ev for ev in events if ev.decoded("dtstart") == dt.date(2027, 4, 30)]
    assert due and str(due[0].get("url")) == ID + "dvo-pwm-2018/art/12.3/lid/0"
    second = Calendar.from_ical(client.get("/deadlines.ics", params=params).text)
    assert [str(e.get("uid")) for e in events] == [str(e.get("uid")) for e in second.walk("VEVENT")]
    # a year with nothing dated: a clear 404, never a VCALENDAR without events
    for path, p in (("/deadlines.ics", {"agreement": "dvo-hbel-2026", "year": 2027}),
                    ("/api/deadlines", {"agreement": "dvo-hbel-2026", "year": 2027, "format": "ics"})):
        r = client.get(path, params=p)
        assert r.status_code == 404 and r.json()["error"]["code"] == "no_dated_items", r.text
        assert "BEGIN:VCALENDAR" not in r.text
    # a year after the HBEL-DVO's four years (art. 2 lid 1): said so, a 400
    r = client.get("/deadlines.ics", params={"agreement": "dvo-hbel-2026", "year": 2031})
    assert r.status_code == 400 and "was in force until 2029-12-31" in r.json()["error"]["message"]


def test_to_ics_refuses_an_empty_calendar() -> None:
    from dvo_kb.errors import UserError
    from dvo_kb.rules.deadlines import to_ics

    with pytest.raises(UserError, match="nothing has a date"):
        to_ics([], "empty")


def test_the_calendar_says_what_the_deadlines_page_says() -> None:
    """The .ics events' Dutch words (words.yaml calendar) are the deadlines page's (api/labels.yaml)."""
    from dvo_kb.api.labels import labels
    from dvo_kb.words import calendar_words

    page = labels("deadlines")["nl"]
    assert calendar_words() and all(page[k] == v for k, v in calendar_words().items())
