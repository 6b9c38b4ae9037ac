"""The JSON API: questions, documents and articles, deadlines and duties."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from functools import lru_cache
from typing import Any

from fastapi import APIRouter, Depends, Query
from fastapi.responses import Response

from ...clauses import views
from ...clauses.views import document_view, list_documents, select_article
from ...errors import NotFound, UserError
from ...query.ask import MAX_QUESTION_CHARS, Asker, UnknownParty
from ...rules.calendar import FIRST_YEAR, LAST_YEAR, DateOutOfRange, check_date
from ...rules.deadlines import Item, Rules, to_ics
from ...store import KnowledgeBase
from ..deps import asker_dep, kb_dep, rules_dep
from ..dutch import dutch_item
from ..errors import ApiError

router = APIRouter(prefix="/api", tags=["api"])


JSON: dict[str, Any] = {"content": {"application/json": {}}}
ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"description": "a parameter that is missing or invalid", **JSON},
    404: {"description": "a document, article, lid, party or event that does not exist", **JSON},
    503: {"description": "the SPARQL server behind the service does not answer", **JSON}}


@router.get("/ask", summary="Answer a question in Dutch or English",
            responses={400: {"description": "a missing question, or one that is not understood", **JSON},
                       503: ERRORS[503]})
def ask(q: str = Query(..., min_length=1, max_length=5 * MAX_QUESTION_CHARS,
                       description=f"the question (one over {MAX_QUESTION_CHARS} characters is refused with a reason)"),
        party: str | None = Query(None, max_length=200,
                                  description="the party the asker works for (a party id, e.g. stein): a question "
                                              "that names no document is answered from that party's documents"),
        asker: Asker = Depends(asker_dep)) -> dict[str, Any]:
    from ..dutch import answer_json

    try:
        return answer_json(asker.ask(q, party=party or None))
    except UnknownParty as exc:
        known = ", ".join(exc.known)
        raise ApiError(400, "unknown_party", f"party: {exc.party[:80]!r} is geen partij van de kennisbank; de partijen: "
                                             f"{known} / is no party of the knowledge base; the parties: {known}") from None


@router.get("/documents", summary="The documents of the corpus", responses={503: ERRORS[503]})
def documents(kb: KnowledgeBase = Depends(kb_dep)) -> dict[str, Any]:
    return {"documents": list_documents(kb)}


@router.get("/documents/{doc}", summary="A document with its articles, leden and norms",
            responses={400: {"description": "a short title that names several documents", **JSON},
                       404: {"description": "no such document", **JSON}, 503: ERRORS[503]})
def document(doc: str, kb: KnowledgeBase = Depends(kb_dep)) -> dict[str, Any]:
    return document_view(kb, doc)


@router.get("/documents/{doc}/articles/{article}", summary="One article with its leden and norms",
            responses={400: ERRORS[400], 404: {"description": "no such document or article", **JSON}, 503: ERRORS[503]})
def article(doc: str, article: str, kb: KnowledgeBase = Depends(kb_dep)) -> dict[str, Any]:
    return select_article(document_view(kb, doc), article, None)


@router.get("/documents/{doc}/articles/{article}/leden/{lid}", summary="One lid of an article with its norms",
            responses={400: ERRORS[400], 404: {"description": "no such document, article or lid", **JSON},
                       503: ERRORS[503]})
def lid(doc: str, article: str, lid: str, kb: KnowledgeBase = Depends(kb_dep)) -> dict[str, Any]:
    return select_article(document_view(kb, doc), article, lid)


def check_names(kb: KnowledgeBase, agreement: str, party: str | None) -> None:
    """404 for an agreement or a party of it that does not exist (NotFound), before the rules run."""
    if party is None:
        return
    view = document_view(kb, agreement)
    known = {p["party"] for p in view["parties"]}
    if party.strip().lower().replace(" ", "-") not in known:
        raise NotFound(f"{party!r} is not a party of {view['id']}; its parties are: {', '.join(sorted(known))}")


def _date(text: str | None, name: str) -> dt.date | None:
    if text is None:
        return None
    try:
        return check_date(dt.date.fromisoformat(text), name)
    except DateOutOfRange as exc:
        raise ApiError(400, "invalid_date", str(exc)) from None
    except ValueError:
        raise ApiError(400, "invalid_date", f"{name}: {text!r} is not a date (YYYY-MM-DD)") from None


@lru_cache(maxsize=4)
def document_names(kb: KnowledgeBase) -> dict[str, str]:
    """What the pages and the .ics call each document, by id (clauses.views.document_names: the
    same name the answers and the articles' labels use)."""
    return views.document_names(kb, by_id=True)


def ics_response(items: list[Item], name: str, filename: str, kb: KnowledgeBase | None = None) -> Response:
    """The dated items as an iCalendar download (RFC 5545); 404 when none of them has a date
    (an iCalendar object needs at least one event). With ``kb``, each event names its agreement
    by its short title ("DVO-2018 art. 17.3"), not its id."""
    if kb is not None:
        names = document_names(kb)
        items = [replace(it, agreement=names.get(it.agreement, it.agreement)) for it in items]
    if not any(it.due for it in items):
        raise ApiError(404, "no_dated_items", f"{name}: nothing has a date in this window, so there is no calendar "
                                              f"to download (an iCalendar file holds at least one event)")
    safe = re.sub(r"[^A-Za-z0-9._-]+", "-", filename)
    items = [dutch_item(it, skipped_in_steps=True) for it in items]  # the engine's words in Dutch (issue 18)
    return Response(to_ics(items, name), media_type="text/calendar; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{safe}"'})


def calendar_window(year: int | None, date_from: str | None, date_to: str | None) -> tuple[dt.date, dt.date]:
    start, end = _date(date_from, "from"), _date(date_to, "to")
    if year is not None and (start is not None or end is not None):
        # (both given, the year's window was taken without a word: a researcher's trial)
        raise ApiError(400, "invalid_parameter", "give year, or from and to, not both")
    if year is not None:
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    if start is None or end is None:
        raise ApiError(400, "invalid_parameter", "give year, or from and to")
    if end < start:
        raise ApiError(400, "invalid_parameter", f"to ({end}) is before from ({start})")
    return start, end


# a date the calendar computes with: YYYY-MM-DD in 1900-2200 (checked by _date, with a message naming the parameter)
DATE_SCHEMA = {"format": "date", "pattern": r"^(19[0-9]{2}|2[01][0-9]{2}|2200)-[0-9]{2}-[0-9]{2}$"}
FROM = Query(None, alias="from", json_schema_extra=DATE_SCHEMA, description="the first day of a window (with to)")
TO = Query(None, alias="to", json_schema_extra=DATE_SCHEMA, description="the last day of a window (with from)")
ON = Query(..., json_schema_extra=DATE_SCHEMA, description="the day of the event")
FORMAT = Query("json", pattern="^(json|ics)$", description="json, or ics for an iCalendar download")
YEAR = Query(None, ge=FIRST_YEAR, le=LAST_YEAR, description="a calendar year (or give from and to)")
CALENDAR_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {"description": "the items as JSON, or (format=ics) an iCalendar file",
          "content": {"application/json": {}, "text/calendar": {}}},
    400: ERRORS[400],
    404: {"description": "no such agreement, party or event; or (format=ics) nothing with a date", **JSON},
    503: ERRORS[503]}


@router.get("/deadlines", summary="The dated deadlines of an agreement in a year or window (JSON or .ics)",
            responses=CALENDAR_RESPONSES)
def deadlines(agreement: str, year: int | None = YEAR, date_from: str | None = FROM,
              date_to: str | None = TO, party: str | None = None, roll_forward: bool = False,
              format: str = FORMAT, rules: Rules = Depends(rules_dep),
              kb: KnowledgeBase = Depends(kb_dep)) -> Any:
    start, end = calendar_window(year, date_from, date_to)
    check_names(kb, agreement, party)
    items, undated = rules.calendar(agreement, start, end, party, roll_forward)
    if format == "ics":
        doc = items[0].agreement if items else agreement
        name = f"{doc} {year or f'{start}-{end}'}" + (f" {party}" if party else "")  # the file's name: ids
        return ics_response(items, name.replace(doc, document_names(kb).get(doc, doc), 1), f"{name.replace(' ', '-')}.ics", kb)
    return {"items": [i.to_json() for i in items], "not_computable": [i.to_json() for i in undated]}


@router.get("/duties", summary="The duties and rights an event triggers, with their dates (JSON or .ics)",
            responses=CALENDAR_RESPONSES)
def duties(agreement: str, event: str, on: str = ON, party: str | None = None, roll_forward: bool = False,
           format: str = FORMAT, rules: Rules = Depends(rules_dep),
              kb: KnowledgeBase = Depends(kb_dep)) -> Any:
    day = _date(on, "on")
    assert day is not None
    check_names(kb, agreement, party)
    try:
        rules.resolve_event(agreement, event)
    except NotFound:
        raise
    except UserError as exc:  # the agreement exists (NotFound otherwise): the event does not
        raise NotFound(str(exc)) from None
    items = rules.duties(agreement, event, day, party, roll_forward)
    if format == "ics":
        doc = items[0].agreement if items else agreement
        name = f"{doc} {event} {day}" + (f" {party}" if party else "")  # the file's name: ids
        return ics_response(items, name.replace(doc, document_names(kb).get(doc, doc), 1), f"{name.replace(' ', '-')}.ics", kb)
    return {"items": [i.to_json() for i in items]}


@router.get("/events", summary="The trigger events an agreement knows",
            responses={404: {"description": "no such agreement", **JSON}, 503: ERRORS[503]})
def events(agreement: str, rules: Rules = Depends(rules_dep)) -> dict[str, Any]:
    return {"events": rules.events(agreement)}
