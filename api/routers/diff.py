"""Comparing two agreements norm by norm: ``GET /api/diff?a=&b=`` (JSON) and the page ``/diff``
(Dutch first, ?lang=en): two selects of the documents and the two texts side by side."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse
from markupsafe import Markup

from ... import sparql
from ...diff import DiffInputError, UnknownDocumentError, compare, render_html
from ...store import KnowledgeBase
from .. import render
from ..deps import kb_dep
from ..dutch import dutch_error
from ..errors import ApiError
from ..labels import labels
from ..render import language
from .api import document_names

router = APIRouter(tags=["diff"])
AGREEMENTS = sparql.load("api/routers/queries/agreements.rq")


def _diff(kb: KnowledgeBase, a: str, b: str) -> Any:
    try:
        return compare(kb, a, b)
    except UnknownDocumentError as exc:
        raise ApiError(404, "unknown_document", str(exc)) from None
    except DiffInputError as exc:
        raise ApiError(400, "bad_request", str(exc)) from None


@router.get("/api/diff", summary="Compare two agreements norm by norm (ids or short titles)", tags=["api"],
            responses={404: {"description": "no such document"}})
def diff(a: str = Query(..., min_length=1, max_length=200, description="the first document: an id or a short title"),
         b: str = Query(..., min_length=1, max_length=200, description="the second document"),
         kb: KnowledgeBase = Depends(kb_dep)) -> dict[str, Any]:
    result: dict[str, Any] = _diff(kb, a, b).as_json()
    return result


TEXT = labels("diff")  # the words of the page, nl and en (api/labels.yaml)


def _documents(kb: KnowledgeBase) -> list[tuple[str, str]]:
    """The documents in the selects: id, and "DVO-2018: Dienstverleningsovereenkomst ..." (the
    short title, not the id, before the title)."""
    names = document_names(kb)
    return [(r["id"], r["title"] if names.get(r["id"], r["title"]) == r["title"] else f'{names[r["id"]]}: {r["title"]}')
            for r in kb.select(AGREEMENTS)]


HTML: dict[str, Any] = {"content": {"text/html": {}}}


@router.get("/diff", response_class=HTMLResponse, summary="The page to compare two agreements", tags=["pages"],
            responses={400: {"description": "two documents that cannot be compared: the page says why", **HTML},
                       404: {"description": "no such document: the page says which", **HTML}})
def diff_page(request: Request, a: str | None = None, b: str | None = None, lang: str = "nl",
              kb: KnowledgeBase = Depends(kb_dep)) -> HTMLResponse:
    """api/templates/diff.html; the comparison itself is the diff engine's HTML (diff.render_html)."""
    lang = language(lang)
    other = "en" if lang == "nl" else "nl"
    comparison, error, status = None, None, 200
    t = TEXT[lang]
    a, b = (a or "").strip() or None, (b or "").strip() or None
    if bool(a) != bool(b):  # one document chosen: the form again, saying what is missing
        error, status = t["choose_both"].format(which="B" if a else "A"), 400
    elif a and b:
        try:
            result = _diff(kb, a, b)
            if result.a.id == result.b.id:
                error, status = t["same"].format(name=document_names(kb).get(result.a.id, result.a.id)), 400
            else:
                comparison = Markup(render_html(result, lang, document_names(kb)))  # the engine escapes
        except ApiError as exc:
            error, status = (dutch_error(exc.message) if lang == "nl" else exc.message), exc.status
    return render.page(request, "diff.html", lang, status_code=status, t=t, a=a, b=b,
                       switch=urlencode({k: v for k, v in (("a", a), ("b", b), ("lang", other)) if v}),
                       documents=_documents(kb), comparison=comparison, error=error)
