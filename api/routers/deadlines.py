"""The deadlines page for legal advisors (Dutch first, ?lang=en): pick an agreement, a party and
a year and see the calendar of what is due, by whom, under which article and lid; download it
as .ics; trigger an event on a date and see the duties it creates. Plain GET forms, no script."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from html import escape
from typing import Any
from urllib.parse import urlencode

import pyoxigraph as ox
from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response

from ... import sparql
from ...clauses.views import document_view
from ...errors import UserError
from ...rules.calendar import (
    FIRST_DAY,
    FIRST_YEAR,
    LAST_DAY,
    LAST_YEAR,
    DateOutOfRange,
    check_date,
    check_year,
    range_text,
)
from ...rules.deadlines import Item, Rules
from ...store import KnowledgeBase
from ...words import month_names, weekdays
from ..deps import kb_dep, rules_dep
from ..dutch import dutch_error, dutch_item
from ..labels import labels
from .api import FROM, TO, YEAR, calendar_window, check_names, ics_response
from .pages import _page

router = APIRouter(tags=["pages"])
AGREEMENTS = sparql.load("api/routers/queries/agreements.rq")
PARTY_NAMES = sparql.load("api/routers/queries/party_names.rq")
EVENT_LABELS = sparql.load("api/routers/queries/event_labels.rq")

TEXT = labels("deadlines")  # the words of the page, nl and en (api/labels.yaml)
WEEKDAYS = {lang: weekdays(lang) for lang in ("nl", "en")}  # dvo_kb/words.yaml
MONTHS = {lang: month_names(lang) for lang in ("nl", "en")}
STYLE = """table{border-collapse:collapse;width:100%;margin:.5rem 0}th,td{border-bottom:1px solid #bbb;padding:.35rem .4rem;
text-align:left;vertical-align:top}thead th{background:#eef}caption{text-align:left;font-weight:600;padding:.3rem 0}
fieldset{border:1px solid #888;margin:.8rem 0;padding:.5rem .8rem;min-width:0}select{max-width:100%}legend{font-weight:600}select,input{font-size:1rem;padding:.25rem}
.field{margin:.4rem 0}.note{color:#333;font-size:.9rem}details summary{cursor:pointer}
[role=alert]{border-left:4px solid #a00;padding:.3rem .6rem;background:#fff4f4}td{overflow-wrap:anywhere}
@media (max-width:40rem){table,caption,tbody,tr,td{display:block;width:auto}thead{display:none}td{border:0;padding:.1rem 0}
tr{border-bottom:1px solid #bbb;padding:.4rem 0}}"""


def _date_text(day: dt.date, lang: str) -> str:
    text = f"{WEEKDAYS[lang][day.weekday()]} {day.day} {MONTHS[lang][day.month - 1]} {day.year}"
    return f'<time datetime="{day.isoformat()}">{text}</time>'


@lru_cache(maxsize=4)
def _agreements(kb: KnowledgeBase, rules: Rules) -> list[dict[str, Any]]:
    """The agreements of the corpus that have articles, with their parties and events."""
    out = []
    for r in kb.select(AGREEMENTS):
        view = document_view(kb, r["id"])
        out.append({"id": r["id"], "title": r["title"],
                    "parties": sorted(((p["party"], p["label"] or p["party"]) for p in view["parties"]),
                                      key=lambda p: p[1]),
                    "events": rules.events(r["id"])})
    return out


def _options(values: list[tuple[str, str]], selected: str | None) -> str:
    return "".join(f'<option value="{escape(v)}"{" selected" if v == selected else ""}>{escape(label)}</option>'
                   for v, label in values)


def _lid_link(kb: KnowledgeBase, it: Item) -> str:
    """The article and lid of a norm, linked to the lid's page (a norm of an item links to its lid)."""
    source = it.norm.split("/norm/")[0]
    lid = source.split("/item/")[0].split("/bullet/")[0]
    where = f"art. {it.article}" + (f" lid {it.paragraph}" if it.paragraph else "")
    if "/item/" in source:
        where += f" onder {source.split('/item/')[-1]}"
    return f'<a href="{escape(_local_iri(kb, lid))}">{escape(where)}</a>'


def _local_iri(kb: KnowledgeBase, iri: str) -> str:
    return f"/id/{iri[len(kb.base):]}" if iri.startswith(kb.base) else iri


@lru_cache(maxsize=4)
def _party_names(kb: KnowledgeBase) -> dict[str, str]:
    """The parties' names by id ("beek" -> "gemeente Beek"), Dutch first."""
    rows = kb.select(PARTY_NAMES)
    out: dict[str, str] = {}
    for r in rows:
        out.setdefault(r["id"], r["label"])
    return out


def _named(kb: KnowledgeBase, who: str | None) -> str | None:
    """The words of the text with the parties a variable role denotes by name, not id
    ("de andere partijen = sittard-geleen, stein" -> "... = gemeente Sittard-Geleen, gemeente Stein")."""
    if not who or " = " not in who:
        return who
    text, _, ids = who.rpartition(" = ")
    names = _party_names(kb)
    return f"{text} = " + ", ".join(names.get(x.strip(), x.strip()) for x in ids.split(","))


def _rows(items: list[Item], kb: KnowledgeBase, t: dict[str, str], lang: str, dated: bool) -> str:
    rows = []
    for it in items:
        when = _date_text(it.due, lang) if it.due else escape(t["not_computable"])
        who = escape(_named(kb, it.bearer) or "?") + (f" → {escape(_named(kb, it.counterparty) or '')}" if it.counterparty else "")
        if lang == "nl":  # the engine's words (each year, 2 werkdag after the event, ...) in Dutch
            it = dutch_item(it)
        how = [escape(it.rule)]
        if it.skipped:
            how.append(f'<span class="note">{t["skipped"]}: {escape(", ".join(it.skipped))}</span>')
        if it.rolled:
            how.append(f'<span class="note">{t["rolled"]}</span>')
        if not dated and it.steps:
            how.append(f'<span class="note">{escape("; ".join(it.steps))}</span>')
        rows.append(f"<tr><td>{when}</td><td>{escape(t.get(it.kind, it.kind))}: {escape(it.action)}</td>"
                    f"<td>{who}</td><td>{_lid_link(kb, it)}<details><summary>{t['text']}</summary>"
                    f"<blockquote>{escape(it.text)}</blockquote></details></td><td>{'<br>'.join(how)}</td></tr>")
    return "".join(rows)


def _table(caption: str, body: str, t: dict[str, str]) -> str:
    head = "".join(f'<th scope="col">{t[k]}</th>' for k in ("date", "what", "who", "where", "how"))
    return f"<table><caption>{caption}</caption><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


@router.get("/deadlines", response_class=HTMLResponse, summary="The deadlines page (calendar, .ics, duties of an event)",
            responses={400: {"description": "a parameter that cannot be answered: the page says which",
                             "content": {"text/html": {}}}})
def deadlines_page(request: Request, agreement: str | None = None, party: str | None = None,
                   year: str | None = None, roll_forward: str | None = None, event: str | None = None,
                   on: str | None = None, lang: str = "nl", kb: KnowledgeBase = Depends(kb_dep),
                   rules: Rules = Depends(rules_dep)) -> HTMLResponse:
    lang = "en" if lang == "en" else "nl"
    t = TEXT[lang]
    agreements = _agreements(kb, rules)
    chosen = next((a for a in agreements if a["id"] == agreement), None)
    if agreement and chosen is None:  # a short title, or a document without articles
        try:
            doc_id = document_view(kb, agreement)["id"]
        except UserError:
            doc_id = None
        chosen = next((a for a in agreements if a["id"] == doc_id), None)
    party = party or None
    roll = roll_forward in ("1", "true", "on")
    this_year = dt.date.today().year
    year_text = (year or "").strip() or str(this_year)
    errors: list[str] = []
    try:
        year_n = check_year(int(year_text))
    except (ValueError, DateOutOfRange):
        errors.append(f"{t['year']}: {year_text!r}? ({FIRST_YEAR}–{LAST_YEAR})")
        year_n = this_year
    if agreement and chosen is None:
        errors.append(f"{t['agreement']}: {agreement!r}? " + ", ".join(a["id"] for a in agreements))
    day: dt.date | None = None
    if event and on:
        try:
            day = check_date(dt.date.fromisoformat(on.strip()), "on")
        except (ValueError, DateOutOfRange):
            errors.append(f"{t['on']}: {on!r}? (YYYY-MM-DD, {range_text()})")

    other = "en" if lang == "nl" else "nl"
    here = {k: v for k, v in request.query_params.items() if k != "lang"}
    parts = [f'<nav><a href="/?lang={lang}">{t["home"]}</a> · '
             f'<a href="/deadlines?{escape(urlencode({**here, "lang": other}))}" lang="{other}">{t["other"]}</a></nav>',
             f"<main><h1>{t['title']}</h1><p>{t['intro']}</p>"]
    parties = chosen["parties"] if chosen else sorted(
        {p for a in agreements for p in a["parties"]}, key=lambda p: p[1])
    events = chosen["events"] if chosen else []
    labels = _event_labels(kb, lang)
    event_options = [(e["id"].removeprefix("event-"), labels.get(e["id"], e["labels"][0])) for e in events]
    parts.append(
        f'<form method="get" action="/deadlines"><input type="hidden" name="lang" value="{lang}">'
        f'<fieldset><legend>{t["calendar"]}</legend>'
        f'<div class="field"><label for="agreement">{t["agreement"]}</label><br><select id="agreement" name="agreement">'
        f'<option value="">{t["choose"]}</option>'
        + _options([(a["id"], f'{a["id"]}: {a["title"]}') for a in agreements], chosen["id"] if chosen else None)
        + f'</select></div><div class="field"><label for="party">{t["party"]}</label><br><select id="party" name="party">'
        f'<option value="">{t["all"]}</option>' + _options(parties, party)
        + f'</select></div><div class="field"><label for="year">{t["year"]}</label><br>'
        f'<input type="number" id="year" name="year" min="{FIRST_YEAR}" max="{LAST_YEAR}" value="{escape(year_text)}" '
        f'required></div>'
        f'<div class="field"><input type="checkbox" id="roll" name="roll_forward" value="1"{" checked" if roll else ""}> '
        f'<label for="roll">{t["roll"]}</label></div><button type="submit">{t["show"]}</button></fieldset>'
        f'<fieldset><legend>{t["event_h"]}</legend>'
        + (f'<div class="field"><label for="event">{t["event"]}</label><br><select id="event" name="event">'
           f'<option value="">–</option>' + _options(event_options, (event or "").removeprefix("event-") or None)
           + f'</select></div><div class="field"><label for="on">{t["on"]}</label><br>'
           f'<input type="date" id="on" name="on" min="{FIRST_DAY}" max="{LAST_DAY}" value="{escape(on or "")}"></div>'
           f'<button type="submit">{t["duties"]}</button>' if chosen else f'<p>{t["choose_first"]}</p>')
        + "</fieldset></form>")
    for e in errors:
        parts.append(f'<p role="alert">{escape(dutch_error(e) if lang == "nl" else e)}</p>')
    bad = bool(errors)  # a parameter that cannot be answered: the page says which, with status 400
    if chosen and not errors:
        section, ok = _calendar_section(kb, rules, chosen["id"], party, year_n, roll, t, lang)
        parts.append(section)
        bad = bad or not ok
        if event and day is not None:
            section, ok = _duties_section(kb, rules, chosen["id"], party, event, day, roll, t, lang)
            parts.append(section)
            bad = bad or not ok
    parts.append("</main>")
    page = _page(f"{t['title']} · dvo-kb", "\n".join(parts), lang, STYLE)
    if bad:
        page.status_code = 400
    return page


@lru_cache(maxsize=4)
def _event_labels(kb: KnowledgeBase, lang: str) -> dict[str, str]:
    """The events' preferred labels in one language, by event id (``event-overmacht``)."""
    assert lang in ("nl", "en")
    rows = kb.select(EVENT_LABELS, {"lang": ox.Literal(lang)})
    return {r["e"].rsplit("#", 1)[-1]: r["label"] for r in rows}


def _calendar_section(kb: KnowledgeBase, rules: Rules, agreement: str, party: str | None, year: int, roll: bool,
                      t: dict[str, str], lang: str) -> tuple[str, bool]:
    """The calendar of the year, and whether it could be made (else a message why)."""
    try:
        items, undated = rules.calendar(agreement, dt.date(year, 1, 1), dt.date(year, 12, 31), party, roll)
    except UserError as exc:
        return f'<p role="alert">{escape(dutch_error(str(exc)) if lang == "nl" else str(exc))}</p>', False
    query = {"agreement": agreement, "year": str(year)} | ({"party": party} if party else {}) | (
        {"roll_forward": "true"} if roll else {})
    label = dict(next((a["parties"] for a in _agreements(kb, rules) if a["id"] == agreement), [])).get(party or "", party)
    heading = f"{t['calendar']} {year}: {escape(agreement)}" + (f" · {escape(label or '')}" if party else "")
    out = [f'<section aria-labelledby="cal-h"><h2 id="cal-h">{heading}</h2>',
           f'<p><a href="/deadlines.ics?{escape(urlencode(query))}" download>{t["ics"]}</a></p>' if items else "",
           _table(t["dated"].format(n=len(items)), _rows(items, kb, t, lang, True), t) if items else f"<p>{t['none']}</p>"]
    if undated:
        out.append(f"<h3>{t['undated']}</h3>" + _table(t["undated"], _rows(undated, kb, t, lang, False), t))
    out.append("</section>")
    return "".join(out), True


def _duties_section(kb: KnowledgeBase, rules: Rules, agreement: str, party: str | None, event: str, day: dt.date,
                    roll: bool, t: dict[str, str], lang: str) -> tuple[str, bool]:
    """The duties an event on ``day`` creates, and whether they could be found (else a message why)."""
    try:
        items = rules.duties(agreement, event, day, party, roll)
    except UserError as exc:
        return f'<p role="alert">{escape(dutch_error(str(exc)) if lang == "nl" else str(exc))}</p>', False
    ev = rules.resolve_event(agreement, event)
    heading = f"{t['duties_h']} {escape(_event_labels(kb, lang).get(ev['id'], ev['id']))} ({_date_text(day, lang)})"
    query = {"agreement": agreement, "event": event, "on": day.isoformat(), "format": "ics"} | (
        {"party": party} if party else {}) | ({"roll_forward": "true"} if roll else {})
    out = [f'<section aria-labelledby="duties-h"><h2 id="duties-h">{heading}</h2>']
    if any(i.due for i in items):
        out.append(f'<p><a href="/api/duties?{escape(urlencode(query))}" download>{t["ics_duties"]}</a></p>')
    out.append(_table(t["duties_n"].format(n=len(items)), _rows(items, kb, t, lang, False), t) if items
               else f"<p>{t['no_duties']}</p>")
    out.append("</section>")
    return "".join(out), True


@router.get("/deadlines.ics", summary="The deadlines of an agreement in a year as an iCalendar download",
            response_class=Response, responses={
                200: {"content": {"text/calendar": {}}},
                400: {"description": "a parameter that is missing or invalid", "content": {"application/json": {}}},
                404: {"description": "no such agreement or party, or nothing with a date in the window (an "
                                     "iCalendar file holds at least one event)", "content": {"application/json": {}}},
                503: {"description": "the SPARQL server behind the service does not answer",
                      "content": {"application/json": {}}}})
def deadlines_ics(agreement: str, year: int | None = YEAR, date_from: str | None = FROM, date_to: str | None = TO,
                  party: str | None = None, roll_forward: bool = False, rules: Rules = Depends(rules_dep),
                  kb: KnowledgeBase = Depends(kb_dep)) -> Response:
    start, end = calendar_window(year, date_from, date_to)
    check_names(kb, agreement, party)
    items, _ = rules.calendar(agreement, start, end, party, roll_forward)
    doc = items[0].agreement if items else agreement
    name = f"{doc} {year or f'{start}-{end}'}" + (f" {party}" if party else "")
    return ics_response(items, name, f"{name.replace(' ', '-')}.ics")
