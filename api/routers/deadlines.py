"""The deadlines page for legal advisors (Dutch first, ?lang=en): pick an agreement, a party and
a year and see the calendar of what is due, by whom, under which article and lid; download it
as .ics; trigger an event on a date and see the duties it creates. Plain GET forms, no script."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import Any
from urllib.parse import urlencode

import pyoxigraph as ox
from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response

from ... import sparql
from ...clauses.views import document_parties, document_view, list_documents
from ...errors import NotFound, UserError
from ...ontology.load import term_text
from ...rules.calendar import (
    FIRST_DAY,
    FIRST_YEAR,
    LAST_DAY,
    LAST_YEAR,
    DateOutOfRange,
    NoSuchDay,
    check_date,
    check_year,
    parse_day,
)
from ...rules.deadlines import Item, Rules
from ...store import KnowledgeBase
from ...words import month_names, weekdays
from .. import render
from ..deps import kb_dep, rules_dep
from ..dutch import dutch_error, dutch_item
from ..errors import ApiError
from ..labels import dates_in_words, labels, term
from ..render import language
from .api import FROM, TO, YEAR, calendar_window, check_names, document_names, ics_response

router = APIRouter(tags=["pages"])
AGREEMENTS = sparql.load("api/routers/queries/agreements.rq")
PARTY_NAMES = sparql.load("api/routers/queries/party_names.rq")
EVENT_LABELS = sparql.load("api/routers/queries/event_labels.rq")
REPLACEMENTS = sparql.load("api/routers/queries/replacements.rq")

TEXT = labels("deadlines")  # the words of the page, nl and en (api/labels.yaml)
WEEKDAYS = {lang: weekdays(lang) for lang in ("nl", "en")}  # dvo_kb/words.yaml
MONTHS = {lang: month_names(lang) for lang in ("nl", "en")}
def _day(day: dt.date | None, lang: str) -> dict[str, str] | None:
    """A date as deadlines.html shows it: "vr 30 april 2027" (the words from dvo_kb/words.yaml), and ISO."""
    if day is None:
        return None
    return {"iso": day.isoformat(),
            "text": f"{WEEKDAYS[lang][day.weekday()]} {day.day} {MONTHS[lang][day.month - 1]} {day.year}"}


def _skipped(day: str, lang: str) -> str:
    """A skipped day as the page writes it: "2026-12-25 Eerste kerstdag" -> "25 december 2026
    (Eerste kerstdag)"; a weekend day in the reader's language ("zondag", "Sunday"), a holiday by its name."""
    date, _, why = day.partition(" ")
    why = TEXT[lang].get(f"skipped_{why}", why)
    return dates_in_words(date, lang) + (f" ({why})" if why else "")


def _quoted(value: str) -> str:
    """What the reader gave, quoted, a long value cut."""
    value = " ".join(value.split())
    return "“" + (value if len(value) <= 60 else value[:60] + "…") + "”"


@lru_cache(maxsize=4)
def _agreements(kb: KnowledgeBase, rules: Rules) -> list[dict[str, Any]]:
    """The agreements of the corpus that have articles, with their parties and events."""
    out = []
    for r in kb.select(AGREEMENTS):
        parties = document_parties(kb, r["d"])  # (not the whole view: every agreement is listed)
        out.append({"id": r["id"], "title": r["title"],
                    "parties": sorted(((p["party"], p["label"] or p["party"]) for p in parties),
                                      key=lambda p: p[1]),
                    "events": rules.events(r["id"])})
    return out


def _where(kb: KnowledgeBase, it: Item, lang: str) -> tuple[str, str]:
    """The article and lid of a norm ("art. 13 lid 1 onder a") and the page of its lid (a norm of
    an item links to its lid)."""
    cite = labels("citation")[lang]
    source = it.norm.split("/norm/")[0]
    lid = source.split("/item/")[0].split("/bullet/")[0]
    where = f"{cite['art']} {it.article}" + (f" {cite['lid']} {it.paragraph}" if it.paragraph else "")
    if it.place:  # an entry of an annex: "bijlage 1, taak 11", not "art. bijlage 1" (a new user's trial)
        where = it.place
    elif "/item/" in source:
        where += f" {cite['item']} {source.split('/item/')[-1]}"
    return where, _local_iri(kb, lid)


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


def _rows(items: list[Item], kb: KnowledgeBase, t: dict[str, str], lang: str, dated: bool) -> list[dict[str, Any]]:
    """The rows of a table of deadlines.html: when, what, who, where, how it was computed."""
    rows = []
    for it in items:
        bearer, counterparty = _named(kb, it.bearer), _named(kb, it.counterparty) if it.counterparty else None
        # the engine's words (each year, 2 werkdag after the event, ...) in Dutch, or in English with
        # English units (2 working days after the event)
        it = dutch_item(it, lang=lang)
        where, href = _where(kb, it, lang)
        rows.append({"due": _day(it.due, lang), "date_kind": it.date_kind, "kind": t.get(it.kind, it.kind), "action": it.action,
                     "bearer": bearer, "counterparty": (counterparty or "") if it.counterparty else None,
                     "where": where, "href": href, "text": it.text, "rule": it.rule,
                     "skipped": [_skipped(x, lang) for x in it.skipped], "rolled": it.rolled,
                     "conditions": it.conditions, "notes": it.notes_in(lang),
                     # a norm dvo-kb add extracted and no person checked yet: the ontology's words for dvo:Unreviewed
                     "unreviewed": term("Unreviewed", lang) if not it.reviewed else None,
                     "steps": [dates_in_words(x, lang) for x in it.steps] if not dated else []})
    return rows


@router.get("/deadlines", response_class=HTMLResponse, summary="The deadlines page (calendar, .ics, duties of an event)",
            responses={400: {"description": "a parameter that cannot be answered: the page says which",
                             "content": {"text/html": {}}}})
def deadlines_page(request: Request, agreement: str | None = None, party: str | None = None,
                   year: str | None = None, roll_forward: str | None = None, event: str | None = None,
                   on: str | None = None, lang: str = "nl", kb: KnowledgeBase = Depends(kb_dep),
                   rules: Rules = Depends(rules_dep)) -> HTMLResponse:
    """api/templates/deadlines.html."""
    lang = language(lang)
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
        errors.append(t["bad_year"].format(value=_quoted(year_text), first=FIRST_YEAR, last=LAST_YEAR))
        year_n = this_year
    if agreement and chosen is None:  # the agreements as the select names them (an id or a short title is taken)
        errors.append(t["bad_agreement"].format(value=_quoted(agreement),
                                                names=", ".join(_short_name(kb, a["id"]) for a in agreements)))
    if chosen and party and _party_id(chosen, party) is None:  # the parties as the select names them
        errors.append(t["bad_party"].format(value=_quoted(party), agreement=_short_name(kb, chosen["id"]),
                                            names=", ".join(name for _, name in chosen["parties"])))
    elif chosen and party:
        party = _party_id(chosen, party)
    day: dt.date | None = None
    if event and on:
        try:
            day = check_date(parse_day(on), "on")
        except NoSuchDay:
            errors.append(t["no_such_day"].format(value=_quoted(on)))
        except (ValueError, DateOutOfRange):
            errors.append(t["bad_on"].format(value=_quoted(on), first=FIRST_DAY.isoformat(), last=LAST_DAY.isoformat()))

    other = "en" if lang == "nl" else "nl"
    here = {k: v for k, v in request.query_params.items() if k != "lang"}
    parties = chosen["parties"] if chosen else sorted(
        {p for a in agreements for p in a["parties"]}, key=lambda p: p[1])
    names = _event_labels(kb, lang)
    events = [(e["id"].removeprefix("event-"), names.get(e["id"], e["labels"][0])) for e in (chosen or {}).get("events", [])]
    duties = None
    calendars: list[dict[str, Any]] = []
    overlaps: list[tuple[str, str]] = []
    ics_all = None
    if not chosen and party and not errors:
        # a party without an agreement: its calendar in each agreement it is a party to (a new
        # user's trial, an advisor of Beek, got an empty page without a word)
        pid = next((p for a in agreements if (p := _party_id(a, party)) is not None), None)
        if pid is None:
            errors.append(t["bad_party_any"].format(value=_quoted(party), names=", ".join(name for _, name in parties)))
        else:
            party = pid
            calendars = [_calendar(kb, rules, a["id"], pid, year_n, roll, t, lang) for a in agreements
                         if _party_id(a, pid) is not None]
            overlaps = _side_by_side(kb, [c["id"] for c in calendars if not c.get("error")], lang)
            if sum(1 for c in calendars if c.get("rows")) > 1:  # one file for all of them
                ics_all = urlencode({"party": pid, "year": str(year_n)} | ({"roll_forward": "true"} if roll else {}))
    if chosen and not errors:
        calendars = [_calendar(kb, rules, chosen["id"], party, year_n, roll, t, lang)]
        if event and not any(event.strip().lower() in (e["id"], e["id"].removeprefix("event-"), *(
                x.lower() for x in e["labels"])) for e in chosen["events"]):  # the events by their names, not ids
            # said above the calendar, with the other errors (a new user's trial: it came below it)
            errors.append(t["bad_event"].format(value=_quoted(event), agreement=_short_name(kb, chosen["id"]),
                                                names=", ".join(label for _, label in events)))
        elif event and day is not None:
            duties = _duties(kb, rules, chosen["id"], party, event, day, roll, t, lang)
    # (a party's calendars in several agreements: bad only when none of them could be made)
    bad = bool(errors) or bool(duties and duties.get("error")) or bool(calendars) and all(c.get("error") for c in calendars)
    return render.page(  # a parameter that cannot be answered: the page says which, with status 400
        request, "deadlines.html", lang, status_code=400 if bad else 200, t=t,
        switch=urlencode({**here, "lang": other}), agreements=[(a["id"], _option(kb, a)) for a in agreements],
        chosen=chosen["id"] if chosen else None, parties=parties, party=party, year=year_text, roll=roll,
        first_year=FIRST_YEAR, last_year=LAST_YEAR, first_day=FIRST_DAY, last_day=LAST_DAY, events=events,
        event=(event or "").removeprefix("event-") or None, on=on or "",
        errors=errors, calendars=calendars, duties=duties, overlaps=overlaps, ics_all=ics_all)  # (each in the reader's language: labels.yaml)


@lru_cache(maxsize=4)
def _event_labels(kb: KnowledgeBase, lang: str) -> dict[str, str]:
    """The events' preferred labels in one language, by event id (``event-overmacht``)."""
    assert lang in ("nl", "en")
    rows = kb.select(EVENT_LABELS, {"lang": ox.Literal(lang)})
    return {r["e"].rsplit("#", 1)[-1]: r["label"] for r in rows}


def _calendar(kb: KnowledgeBase, rules: Rules, agreement: str, party: str | None, year: int, roll: bool,
              t: dict[str, str], lang: str) -> dict[str, Any]:
    """The calendar of the year, or (``error``) why it could not be made."""
    try:
        items, undated = rules.calendar(agreement, dt.date(year, 1, 1), dt.date(year, 12, 31), party, roll)
    except UserError as exc:
        return {"error": dutch_error(str(exc)) if lang == "nl" else str(exc), "agreement": _short_name(kb, agreement),
                "id": agreement}
    query = {"agreement": agreement, "year": str(year)} | ({"party": party} if party else {}) | (
        {"roll_forward": "true"} if roll else {})
    label = dict(next((a["parties"] for a in _agreements(kb, rules) if a["id"] == agreement), [])).get(party or "", party)
    return {"error": None, "id": agreement, "year": year, "agreement": _short_name(kb, agreement), "party": (label or "") if party else None, "ics": urlencode(query),
            "rows": _rows(items, kb, t, lang, True), "undated": _rows(undated, kb, t, lang, False)}


def _side_by_side(kb: KnowledgeBase, ids: list[str], lang: str) -> list[tuple[str, str]]:
    """The kinds of agreement of which a party has more than one in force in the year, neither
    replacing the other (dvo:replaces), with their short titles: the page says that the texts do
    not settle which of their deadlines apply together (a new user's trial: Beek's calendar lists
    the same payment under the centrumregeling, the DVO-2018 and the DVO-2020 without a word)."""
    kinds: dict[str, list[str]] = {}
    by_id = {d["id"]: d for d in list_documents(kb)}
    for i in ids:
        if by_id.get(i, {}).get("kind"):
            kinds.setdefault(str(by_id[i]["kind"]), []).append(i)
    replaced = {(r["new"], r["old"]) for r in kb.select(REPLACEMENTS)}
    out = []
    for kind, docs in kinds.items():
        if len(docs) > 1 and not any((a, b) in replaced or (b, a) in replaced for a in docs for b in docs if a != b):
            out.append((term_text(kind, lang)[0].lower(), ", ".join(_short_name(kb, d) for d in docs)))
    return out


def _party_id(agreement: dict[str, Any], party: str) -> str | None:
    """A party of the agreement by its id ("beek", as the select sends it) or its name ("gemeente
    Beek"); None for anything else."""
    wanted = party.strip().lower()
    return next((pid for pid, name in agreement["parties"]
                 if pid in (wanted, wanted.replace(" ", "-")) or wanted == name.lower()), None)


def _option(kb: KnowledgeBase, agreement: dict[str, Any]) -> str:
    """An agreement in the select: "DVO-2018: Dienstverleningsovereenkomst ..." (its short title,
    not its id, before its title)."""
    name = _short_name(kb, agreement["id"])
    return agreement["title"] if name == agreement["title"] else f'{name}: {agreement["title"]}'


def _short_name(kb: KnowledgeBase, doc_id: str) -> str:
    """What the pages call a document: its short title ("SOK-2025"), else its title, else its id."""
    return document_names(kb).get(doc_id, doc_id)


def _duties(kb: KnowledgeBase, rules: Rules, agreement: str, party: str | None, event: str, day: dt.date,
            roll: bool, t: dict[str, str], lang: str) -> dict[str, Any]:
    """The duties an event on ``day`` creates, or (``error``) why they could not be found."""
    try:
        items = rules.duties(agreement, event, day, party, roll)
    except UserError as exc:
        return {"error": dutch_error(str(exc)) if lang == "nl" else str(exc)}
    ev = rules.resolve_event(agreement, event)
    query = {"agreement": agreement, "event": event, "on": day.isoformat(), "format": "ics"} | (
        {"party": party} if party else {}) | ({"roll_forward": "true"} if roll else {})
    return {"error": None, "event": _event_labels(kb, lang).get(ev["id"], ev["id"]), "day": _day(day, lang),
            "ics": urlencode(query) if any(i.due for i in items) else None, "rows": _rows(items, kb, t, lang, False)}


@router.get("/deadlines.ics", summary="The deadlines of an agreement in a year as an iCalendar download",
            response_class=Response, responses={
                200: {"content": {"text/calendar": {}}},
                400: {"description": "a parameter that is missing or invalid", "content": {"application/json": {}}},
                404: {"description": "no such agreement or party, or nothing with a date in the window (an "
                                     "iCalendar file holds at least one event)", "content": {"application/json": {}}},
                503: {"description": "the SPARQL server behind the service does not answer",
                      "content": {"application/json": {}}}})
def deadlines_ics(agreement: str | None = None, year: int | None = YEAR, date_from: str | None = FROM,
                  date_to: str | None = TO, party: str | None = None, roll_forward: bool = False,
                  rules: Rules = Depends(rules_dep), kb: KnowledgeBase = Depends(kb_dep)) -> Response:
    """One agreement's calendar; without an agreement, a party's calendar in every agreement it is
    a party to that is in force in the window (as the page shows them, one file; a new user's
    trial got a JSON error and had to download four files)."""
    start, end = calendar_window(year, date_from, date_to)
    if agreement is None:
        if party is None:
            raise ApiError(400, "invalid_parameter", "geef een afspraak (agreement) of een partij (party) voor al "
                                                     "haar afspraken / give an agreement, or a party for all its "
                                                     "agreements")
        agreements = _agreements(kb, rules)
        pid = next((p for a in agreements if (p := _party_id(a, party)) is not None), None)
        if pid is None:
            raise NotFound(f"{party!r} is a party to no agreement; the parties are: "
                           f"{', '.join(sorted({p for a in agreements for p, _ in a['parties']}))}")
        every: list[Item] = []
        for a in agreements:
            if _party_id(a, pid) is not None:
                try:
                    every += rules.calendar(a["id"], start, end, pid, roll_forward)[0]
                except UserError:
                    continue  # not in force in the window
        every.sort(key=lambda i: (i.due or dt.date.max, i.agreement, i.article, i.norm))
        label = next((n for a in agreements for p, n in a["parties"] if p == pid), pid)
        when = str(year) if year else f"{start}-{end}"
        return ics_response(every, f"{label} {when}", f"{pid}-{when}.ics", kb)
    check_names(kb, agreement, party)
    items, _ = rules.calendar(agreement, start, end, party, roll_forward)
    doc = items[0].agreement if items else agreement
    name = f"{doc} {year or f'{start}-{end}'}" + (f" {party}" if party else "")  # the file's name: ids
    return ics_response(items, name.replace(doc, document_names(kb).get(doc, doc), 1), f"{name.replace(' ', '-')}.ics", kb)
