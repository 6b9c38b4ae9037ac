"""Draft validation: ``POST /api/validate`` (a multipart upload; the findings as JSON, the SHACL
report as Turtle, or the text report) and the page ``/validate`` for legal advisors (Dutch first,
?lang=en): upload a draft, see the findings by article, the worst first, and download the report
as JSON or as SHACL Turtle. Plain forms, no script.

The validation is CPU-bound (0.3-2 s): the handlers are plain ``def`` functions, which FastAPI
runs in its threadpool. The last results of the page are kept in a small in-memory LRU under a
random token, for the two downloads (``/validate/{token}.json`` and ``.ttl``)."""

from __future__ import annotations

import asyncio
import logging
import secrets
import threading
from collections import OrderedDict
from dataclasses import dataclass
from html import escape
from typing import Any

from fastapi import APIRouter, Depends, File, Form, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response

from ...validate.reader import DraftError, read_bytes, supported
from ...validate.report import render_text
from ...validate.validator import SEVERITY_ORDER, validate_draft
from ..deps import get_validator, settings_dep
from ..dutch import dutch_error
from ..errors import ApiError
from ..evaluator import Failed, Unavailable
from ..labels import labels
from ..settings import ApiSettings
from .pages import _page

log = logging.getLogger(__name__)

router = APIRouter(tags=["validate"])

UPLOAD_PATHS = {"/api/validate", "/validate"}
ENVELOPE = 64 * 1024  # room for the multipart envelope around the file
KEEP = 32  # results kept for the downloads of the page

UPLOAD = File(..., description="the draft: " + supported())

_results: OrderedDict[str, tuple[str, dict[str, Any], str]] = OrderedDict()
_lock = threading.Lock()


def _read(file: UploadFile, settings: ApiSettings) -> bytes:
    data = file.file.read(settings.max_upload_bytes + 1)
    if len(data) > settings.max_upload_bytes:
        raise ApiError(413, "upload_too_large", f"the file is larger than {settings.max_upload_bytes} bytes")
    return data


@dataclass(frozen=True)
class Checked:
    """A checked draft as the routes need it: plain data, made in a worker process."""
    data: dict[str, Any]
    turtle: str
    text: dict[str, str]  # the text report by language


def check_draft(job: tuple[bytes, str]) -> Checked:
    """Reads and validates a draft (in a worker process); a draft that cannot be read is a 400
    with the reason."""
    data, name = job
    try:
        result = validate_draft(read_bytes(data, name))
    except DraftError as exc:
        raise Failed(400, "draft_unreadable", str(exc)) from None
    except RecursionError:
        raise Failed(400, "draft_unreadable", f"{name}: the draft is nested too deeply to be read") from None
    return Checked(result.as_json(), result.turtle(), {lang: render_text(result, lang=lang) for lang in ("nl", "en")})


async def _validate(data: bytes, filename: str | None, settings: ApiSettings) -> Checked:
    """The draft checked by a worker process within the time and memory limits of a draft
    (``DVO_KB_VALIDATION_TIMEOUT``, ``DVO_KB_VALIDATION_MEMORY``), or in a thread where the
    service runs without worker processes."""
    name = (filename or "").strip().replace("\x00", "") or "concept.txt"
    ev = get_validator()
    try:
        if ev is None:
            return await asyncio.to_thread(check_draft, (data, name))
        checked: Checked = await ev.run((data, name), settings.validation_timeout)
        return checked
    except Failed as exc:
        if exc.code == "internal_error":
            raise RuntimeError(exc.message) from None  # logged with an error id by the catch-all handler
        raise ApiError(exc.status, exc.code, exc.message) from None
    except Unavailable as exc:
        if exc.reason == "busy":
            raise ApiError(503, "server_busy", "alle controles zijn bezet; probeer het zo opnieuw / all draft "
                                               "checks are busy; try again shortly") from None
        limit = (f"{settings.validation_timeout:g} s" if exc.reason == "timeout"
                 else f"{settings.validation_memory // (1 << 20)} MB")
        raise ApiError(422, "draft_too_costly", f"{name}: de controle van dit concept overschreed de grens van "
                                                f"{limit}; splits het concept / checking this draft exceeded the "
                                                f"limit of {limit}; split the draft") from None


def _wants_turtle(format: str | None, accept: str) -> bool:
    if format is not None:
        return format == "turtle"
    return "text/turtle" in accept and "application/json" not in accept


@router.post("/api/validate", summary="Validate a draft agreement (.txt, .docx or RDF): the findings, or the SHACL report",
             responses={200: {"content": {"application/json": {}, "text/turtle": {}, "text/plain": {}}},
                        400: {"description": "the draft cannot be read (the reason says why)"},
                        413: {"description": "the file is larger than DVO_KB_MAX_UPLOAD_BYTES"},
                        422: {"description": "checking the draft passed its time or memory limit (draft_too_costly)"},
                        503: {"description": "all draft checks are busy"}})
async def validate(request: Request, file: UploadFile = UPLOAD,
             format: str | None = Query(None, pattern="^(json|turtle|text)$",
                                        description="json (the default), turtle (the SHACL validation report), "
                                                    "or text (the report as text, in lang)"),
             lang: str = Query("nl", pattern="^(nl|en)$", description="the language of the text report"),
             settings: ApiSettings = Depends(settings_dep)) -> Response:
    checked = await _validate(_read(file, settings), file.filename, settings)
    if _wants_turtle(format, request.headers.get("accept", "")):
        return Response(checked.turtle, media_type="text/turtle; charset=utf-8")
    if format == "text":
        return PlainTextResponse(checked.text[lang])
    return JSONResponse(checked.data)


# -- the page -----------------------------------------------------------------------------------
TEXT = labels("validate")  # the words of the page, nl and en (api/labels.yaml)
STYLE = """fieldset{border:1px solid #888;margin:.8rem 0;padding:.5rem .8rem}legend{font-weight:600}
input[type=file]{font-size:1rem;padding:.3rem 0}.note{color:#333;font-size:.9rem}
[role=alert]{border-left:4px solid #a00;padding:.3rem .6rem;background:#fff4f4}.ok{border-left:4px solid #060;padding:.3rem .6rem;background:#f2fff2}
.finding{border-left:4px solid #888;padding:.2rem .8rem;margin:.5rem 0;list-style:none}.findings{padding:0}
.sev-violation{border-left-color:#a00}.sev-warning{border-left-color:#b35900}.sev-info{border-left-color:#446}
.sev{font-weight:600;text-transform:uppercase;font-size:.85rem}.sev-violation .sev{color:#a00}.sev-warning .sev{color:#8a4500}"""


def _nav(lang: str, here: str) -> str:
    t = TEXT[lang]
    other = "en" if lang == "nl" else "nl"
    return (f'<nav><a href="/?lang={lang}">{t["home"]}</a> · <a href="{here}?lang={other}" lang="{other}">{t["other"]}</a> · '
            f'<a href="/deadlines?lang={lang}">{t["deadlines"]}</a> · <a href="/diff?lang={lang}">{t["diff"]}</a></nav>')


def _form(lang: str, settings: ApiSettings) -> str:
    t = TEXT[lang]
    types = t["types"].format(types=supported(), mb=f"{settings.max_upload_bytes / (1024 * 1024):g}")
    return (f'<form method="post" action="/validate" enctype="multipart/form-data"><fieldset><legend>{t["title"]}</legend>'
            f'<label for="file">{t["file"]}</label><br>'
            f'<input type="file" id="file" name="file" required aria-describedby="types" '
            f'accept="{escape(supported().replace(" ", ""))}"><p class="note" id="types">{escape(types)}</p>'
            f'<input type="hidden" name="lang" value="{lang}"><button type="submit">{t["button"]}</button></fieldset></form>')


def _where(article: str | None, t: dict[str, str]) -> str:
    if not article:
        return t["document"]
    if article == "closing":
        return t["closing"]
    return f'{t["article"]} {article}'


def _findings_html(result: dict[str, Any], lang: str) -> str:
    t = TEXT[lang]
    order = {a["number"]: i for i, a in enumerate(result["document"]["articles"])}
    groups: dict[str | None, list[dict[str, Any]]] = {}
    for f in result["findings"]:
        groups.setdefault(f["article"], []).append(f)
    if not groups:
        return f'<h2>{t["findings"]}</h2><p>{t["none"]}</p>'

    def rank(f: dict[str, Any]) -> int:
        return SEVERITY_ORDER.get(f["severity"], 9)

    def group_key(item: tuple[str | None, list[dict[str, Any]]]) -> tuple[int, int]:
        article, fs = item
        at = -1 if article is None else order.get(article, len(order))
        return min(rank(f) for f in fs), at

    out = [f'<h2>{t["findings"]}</h2>']
    for article, fs in sorted(groups.items(), key=group_key):
        heads = {a["number"]: a.get("heading") for a in result["document"]["articles"]}
        head = _where(article, t) + (f" {heads[article]}" if article in heads and heads[article] else "")
        out.append(f'<section><h3>{escape(head)}</h3><ul class="findings">')
        for f in sorted(fs, key=lambda f: (rank(f), f["paragraph"] or "", f["rule"])):
            message = f["message_en"] if lang == "en" and f.get("message_en") else f["message"]
            lid = f' ({t["lid"]} {escape(f["paragraph"])})' if f.get("paragraph") else ""
            out.append(f'<li class="finding sev-{escape(f["severity"])}"><span class="sev">{escape(t.get(f["severity"], f["severity"]))}</span>'
                       f'{lid}: {escape(message)}<br><span class="note">{t["rule"]} <code>{escape(f["rule"])}</code>'
                       + (f' · {t["source"]}: {escape(f["source"])}' if f.get("source") else "") + "</span></li>")
        out.append("</ul></section>")
    return "".join(out)


def _keep(name: str, checked: Checked) -> tuple[str, dict[str, Any]]:
    token = secrets.token_urlsafe(16)
    data = checked.data
    with _lock:
        _results[token] = (name, data, checked.turtle)
        while len(_results) > KEEP:
            _results.popitem(last=False)
    return token, data


def _kept(token: str) -> tuple[str, dict[str, Any], str]:
    with _lock:
        if token not in _results:
            raise ApiError(404, "not_found", "no such validation result (results are kept for a short while only); "
                                             "upload the draft again")
        _results.move_to_end(token)
        return _results[token]


def _download_name(name: str, ext: str) -> str:
    stem = "".join(c if c.isalnum() or c in "._-" else "-" for c in name.rsplit(".", 1)[0])[:80] or "concept"
    return f"{stem}-rapport.{ext}"


@router.get("/validate", response_class=HTMLResponse, summary="The page to check a draft", tags=["pages"])
def validate_page(lang: str = "nl", settings: ApiSettings = Depends(settings_dep)) -> HTMLResponse:
    lang = "en" if lang == "en" else "nl"
    t = TEXT[lang]
    body = f'{_nav(lang, "/validate")}<main><h1>{t["title"]}</h1><p>{t["intro"]}</p>{_form(lang, settings)}</main>'
    return _page(f'dvo-kb: {t["title"]}', body, lang, STYLE)


PAGE_ERROR: dict[str, Any] = {"content": {"text/html": {}, "application/json": {}}}


@router.post("/validate", response_class=HTMLResponse, summary="The page with the findings of an uploaded draft",
             tags=["pages"], responses={
                 400: {"description": "the draft cannot be read (the page says why), or no file", **PAGE_ERROR},
                 413: {"description": "the file is larger than DVO_KB_MAX_UPLOAD_BYTES", **PAGE_ERROR},
                 422: {"description": "checking the draft passed its time or memory limit", **PAGE_ERROR},
                 503: {"description": "all draft checks are busy", **PAGE_ERROR}})
async def validate_page_post(file: UploadFile = UPLOAD, lang: str = Form("nl"),
                       settings: ApiSettings = Depends(settings_dep)) -> HTMLResponse:
    lang = "en" if lang == "en" else "nl"
    t = TEXT[lang]
    head = f'{_nav(lang, "/validate")}<main><h1>{t["title"]}</h1>'
    try:
        result = await _validate(_read(file, settings), file.filename, settings)
    except ApiError as exc:
        message = dutch_error(exc.message) if lang == "nl" else exc.message
        body = f'{head}<p role="alert">{escape(message)}</p>{_form(lang, settings)}</main>'
        page = _page(f'dvo-kb: {t["title"]}', body, lang, STYLE)
        page.status_code = exc.status
        return page
    name = file.filename or "concept"
    token, data = _keep(name, result)
    doc, summary = data["document"], data["summary"]
    status = (f'<p class="ok" role="status">{t["conforms"]}</p>' if data["conforms"]
              else f'<p role="alert">{t["fails"].format(n=summary.get("violation", 0))}</p>')
    parties = ", ".join(p["name"] for p in doc["parties"] if p.get("name"))
    body = (f'{head}<h2>{escape(doc["title"] or name)}</h2>'
            f'<p class="note">{escape(name)} · {t["kind"]}: {escape(str(doc["kind"]))} · {len(doc["articles"])} {t["articles"]}'
            + (f' · {t["parties"]}: {escape(parties)}' if parties else "") + "</p>"
            f'{status}<p>{escape(t["summary"].format(**{k: summary.get(k, 0) for k in ("violation", "warning", "info")}))}</p>'
            f'<p>{t["download"]}: <a href="/validate/{token}.json" download>{t["json"]}</a> · '
            f'<a href="/validate/{token}.ttl" download>{t["ttl"]}</a></p>'
            f'{_findings_html(data, lang)}<h2>{t["again"]}</h2>{_form(lang, settings)}</main>')
    return _page(f'dvo-kb: {t["title"]}: {name}', body, lang, STYLE)


@router.get("/validate/{token}.json", summary="The findings of a draft checked on the page, as JSON", tags=["pages"],
            responses={404: {"description": "no such result (kept for a short while only)"}})
def validate_download_json(token: str) -> JSONResponse:
    name, data, _ = _kept(token)
    return JSONResponse(data, headers={"Content-Disposition": f'attachment; filename="{_download_name(name, "json")}"'})


@router.get("/validate/{token}.ttl", summary="The SHACL report of a draft checked on the page, as Turtle", tags=["pages"],
            responses={200: {"content": {"text/turtle": {}}},
                       404: {"description": "no such result (kept for a short while only)"}})
def validate_download_ttl(token: str) -> Response:
    name, _, turtle = _kept(token)
    return Response(turtle, media_type="text/turtle; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{_download_name(name, "ttl")}"'})
