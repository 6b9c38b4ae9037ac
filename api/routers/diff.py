"""Comparing two agreements norm by norm: ``GET /api/diff?a=&b=`` (JSON) and the page ``/diff``
(Dutch first, ?lang=en): two selects of the documents and the two texts side by side."""

from __future__ import annotations

from html import escape
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query
from fastapi.responses import HTMLResponse

from ... import sparql
from ...diff import DiffInputError, UnknownDocumentError, compare, render_html
from ...store import KnowledgeBase
from ..deps import kb_dep
from ..dutch import dutch_error
from ..errors import ApiError
from ..labels import labels
from .pages import _page

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
STYLE = """fieldset{border:1px solid #888;margin:.8rem 0;padding:.5rem .8rem;min-width:0}legend{font-weight:600}
select{font-size:1rem;padding:.25rem;max-width:100%}.field{margin:.4rem 0}
[role=alert]{border-left:4px solid #a00;padding:.3rem .6rem;background:#fff4f4}
ins{background:#d8f5d8;color:#063;text-decoration:underline}del{background:#fde2e2;color:#800;text-decoration:line-through}
.dvo-diff-pair{border-top:1px solid #bbb;margin-top:1rem}
.dvo-diff-columns{border-collapse:collapse;width:100%;table-layout:fixed;margin:.5rem 0}
.dvo-diff-columns th,.dvo-diff-columns td{width:50%;border:1px solid #ccc;padding:.35rem .5rem;vertical-align:top;
text-align:left;white-space:pre-wrap;overflow-wrap:anywhere}.dvo-diff-columns thead th{background:#eef}
.dvo-diff-changes li,.dvo-diff-document li{margin:.25rem 0}
@media (max-width:40rem){.dvo-diff-columns,.dvo-diff-columns tbody,.dvo-diff-columns tr,.dvo-diff-columns td{display:block;width:auto}
.dvo-diff-columns thead{display:none}}"""


def _documents(kb: KnowledgeBase) -> list[dict[str, Any]]:
    return [{"id": r["id"], "title": r["title"]} for r in kb.select(AGREEMENTS)]


def _select(name: str, label: str, docs: list[dict[str, Any]], chosen: str | None, t: dict[str, str]) -> str:
    opts = [f'<option value="">{t["choose"]}</option>'] + [
        f'<option value="{escape(d["id"])}"{" selected" if d["id"] == chosen else ""}>{escape(d["id"])}: '
        f'{escape(d["title"])}</option>' for d in docs]
    return f'<div class="field"><label for="{name}">{label}</label><br><select id="{name}" name="{name}">{"".join(opts)}</select></div>'


HTML: dict[str, Any] = {"content": {"text/html": {}}}


@router.get("/diff", response_class=HTMLResponse, summary="The page to compare two agreements", tags=["pages"],
            responses={400: {"description": "two documents that cannot be compared: the page says why", **HTML},
                       404: {"description": "no such document: the page says which", **HTML}})
def diff_page(a: str | None = None, b: str | None = None, lang: str = "nl",
              kb: KnowledgeBase = Depends(kb_dep)) -> HTMLResponse:
    lang = "en" if lang == "en" else "nl"
    t = TEXT[lang]
    other = "en" if lang == "nl" else "nl"
    switch = escape(urlencode({k: v for k, v in (("a", a), ("b", b), ("lang", other)) if v}))
    docs = _documents(kb)
    parts = [f'<nav><a href="/?lang={lang}">{t["home"]}</a> · <a href="/diff?{switch}" lang="{other}">{t["other"]}</a> · '
             f'<a href="/deadlines?lang={lang}">{t["deadlines"]}</a> · <a href="/validate?lang={lang}">{t["validate"]}</a></nav>',
             f'<main><h1>{t["title"]}</h1><p>{t["intro"]}</p>',
             f'<form method="get" action="/diff"><fieldset><legend>{t["title"]}</legend>'
             f'{_select("a", t["a"], docs, a, t)}{_select("b", t["b"], docs, b, t)}'
             f'<input type="hidden" name="lang" value="{lang}"><button type="submit">{t["button"]}</button></fieldset></form>']
    status = 200
    if a and b:
        try:
            parts.append(render_html(_diff(kb, a, b), lang))
        except ApiError as exc:
            parts.append(f'<p role="alert">{escape(dutch_error(exc.message) if lang == "nl" else exc.message)}</p>')
            status = exc.status
    parts.append("</main>")
    page = _page(f'dvo-kb: {t["title"]}', "\n".join(parts), lang, STYLE)
    page.status_code = status
    return page
