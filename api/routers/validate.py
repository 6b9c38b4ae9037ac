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
from typing import Any

from fastapi import APIRouter, Depends, File, Form, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response

from ...ontology.load import term_text
from ...settings import Settings
from ...validate.reader import DraftError, read_bytes, supported
from ...validate.report import render_text
from ...validate.validator import SEVERITY_ORDER, validate_draft
from .. import render
from ..deps import get_validator, settings_dep
from ..dutch import dutch_error, message
from ..errors import ApiError
from ..evaluator import Failed, Unavailable
from ..labels import dates_in_words, labels
from ..render import language

log = logging.getLogger(__name__)

router = APIRouter(tags=["validate"])

UPLOAD_PATHS = {"/api/validate", "/validate"}
ENVELOPE = 64 * 1024  # room for the multipart envelope around the file
KEEP = 32  # results kept for the downloads of the page

UPLOAD = File(..., description="the draft: " + supported())
PAGE_UPLOAD = File(None, description="the draft: " + supported())

_results: OrderedDict[str, tuple[str, dict[str, Any], str]] = OrderedDict()
_lock = threading.Lock()


def _read(file: UploadFile, settings: Settings) -> bytes:
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


async def validate_upload(data: bytes, filename: str | None, settings: Settings, lang: str | None = None) -> Checked:
    """The draft checked by a worker process within the time and memory limits of a draft
    (``DVO_KB_VALIDATION_TIMEOUT``, ``DVO_KB_VALIDATION_MEMORY``), or in a thread where the
    service runs without worker processes. Its own refusals (busy, too costly) are in ``lang``,
    or (the API) in Dutch and English."""
    name = (filename or "").strip().replace("\x00", "") or "concept.txt"

    def said(id: str, **params: str) -> str:
        if lang is not None:
            return message(id, lang, **params)
        return f"{message(id, 'nl', **params)} / {message(id, 'en', **params)}"

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
            raise ApiError(503, "server_busy", said("validate.busy")) from None
        limit = (f"{settings.validation_timeout:g} s" if exc.reason == "timeout"
                 else f"{settings.validation_memory // (1 << 20)} MB")
        raise ApiError(422, "draft_too_costly", said("validate.too_costly", text=name, limit=limit)) from None


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
             lang: str = Query("nl", pattern="^(nl|en)$", description="the language of the text report and of the "
                                                                      "error messages (nl: Dutch, then English)"),
             settings: Settings = Depends(settings_dep)) -> Response:
    try:
        checked = await validate_upload(_read(file, settings), file.filename, settings)
    except ApiError as exc:  # a draft that cannot be read: why, in Dutch first (the page says it in Dutch alone)
        if lang == "nl" and (nl := dutch_error(exc.message)) != exc.message:
            exc.message = f"{nl} / {exc.message}"
        raise
    if _wants_turtle(format, request.headers.get("accept", "")):
        return Response(checked.turtle, media_type="text/turtle; charset=utf-8")
    if format == "text":
        return PlainTextResponse(checked.text[lang])
    return JSONResponse(checked.data)


# -- the page (api/templates/validate.html) ------------------------------------------------------
TEXT = labels("validate")  # the words of the page, nl and en (api/labels.yaml)
TEXT_ADD = labels("add")  # and of its form to add a document to the knowledge base
RULE_NAMES = labels("validate_rules")  # the rules of the catalogue by name, nl and en


def _where(article: str | None, t: dict[str, str]) -> str:
    if not article:
        return t["document"]
    if article in ("closing", "preamble"):
        return t[article]
    return f'{t["article"]} {article}'


def _findings(result: dict[str, Any], lang: str) -> list[tuple[str, list[dict[str, Any]]]]:
    """The findings by article (its heading beside its number), the group with the worst finding
    first, and within a group the worst first; each finding's message and the name of its rule
    ("niet ingevulde plaats", not "PLACEHOLDER") in the reader's language."""
    t = TEXT[lang]
    order = {a["number"]: i for i, a in enumerate(result["document"]["articles"])}
    heads = {a["number"]: a.get("heading") for a in result["document"]["articles"]}
    groups: dict[str | None, list[dict[str, Any]]] = {}
    for f in result["findings"]:
        groups.setdefault(f["article"], []).append(f)

    def rank(f: dict[str, Any]) -> int:
        return SEVERITY_ORDER.get(f["severity"], 9)

    def group_key(item: tuple[str | None, list[dict[str, Any]]]) -> tuple[int, int]:
        article, fs = item
        at = -1 if article is None else order.get(article, len(order))
        return min(rank(f) for f in fs), at

    out = []
    for article, fs in sorted(groups.items(), key=group_key):
        head = _where(article, t) + (f" {heads[article]}" if article in heads and heads[article] else "")
        out.append((head, [{**f, "rule_name": RULE_NAMES[lang].get(f["rule"], f["rule"]),
                            "message": dates_in_words(
                                f["message_en"] if lang == "en" and f.get("message_en") else f["message"], lang),
                            "source": f["source_en"] if lang == "en" and f.get("source_en") else f["source"]}
                           for f in sorted(fs, key=lambda f: (rank(f), f["paragraph"] or "", f["rule"], f["message"]))]))
    return out


def _page(request: Request, lang: str, settings: Settings, status_code: int = 200, **context: Any) -> HTMLResponse:
    """validate.html: the form alone, an error above it, or a draft's findings (``result``)."""
    return render.page(request, "validate.html", lang, status_code=status_code, t=TEXT[lang], ta=TEXT_ADD[lang],
                       adding=settings.adding_allowed, accept=supported().replace(" ", ""), types=supported(),
                       mb=f"{settings.max_upload_bytes / (1024 * 1024):g}",
                       **{"error": None, "result": None, "added": None, **context})


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
def validate_page(request: Request, lang: str = "nl", settings: Settings = Depends(settings_dep)) -> HTMLResponse:
    return _page(request, language(lang), settings)


PAGE_ERROR: dict[str, Any] = {"content": {"text/html": {}, "application/json": {}}}


@router.post("/validate", response_class=HTMLResponse, summary="The page with the findings of an uploaded draft",
             tags=["pages"], responses={
                 400: {"description": "the draft cannot be read (the page says why), or no file", **PAGE_ERROR},
                 413: {"description": "the file is larger than DVO_KB_MAX_UPLOAD_BYTES", **PAGE_ERROR},
                 422: {"description": "checking the draft passed its time or memory limit", **PAGE_ERROR},
                 503: {"description": "all draft checks are busy", **PAGE_ERROR}})
async def validate_page_post(request: Request, file: UploadFile | None = PAGE_UPLOAD, lang: str = Form("nl"),
                             settings: Settings = Depends(settings_dep)) -> HTMLResponse:
    lang = language(lang)
    if file is None or isinstance(file, str):  # the form sent without a file: the page says so
        return _page(request, lang, settings, status_code=400, error=TEXT[lang]["no_file"])
    try:
        result = await validate_upload(_read(file, settings), file.filename, settings, lang)
    except ApiError as exc:
        message = dutch_error(exc.message) if lang == "nl" else exc.message
        return _page(request, lang, settings, status_code=exc.status, error=message)
    name = file.filename or "concept"
    token, data = _keep(name, result)
    doc, summary = data["document"], data["summary"]
    return _page(request, lang, settings, result={
        "name": name, "token": token, "title": doc["title"], "kind": term_text(str(doc["kind"]), lang)[0] if doc["kind"] else "", "articles": len(doc["articles"]),
        "parties": _parties(doc["parties"], lang), "conforms": data["conforms"],
        "summary": {k: summary.get(k, 0) for k in ("violation", "warning", "info")},
        "clean": [RULE_NAMES[lang].get(r, r) for r in data.get("checked_clean", [])],
        "groups": _findings(data, lang)})


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


def _parties(parties: list[dict[str, Any]], lang: str) -> list[str]:
    """The municipalities the draft names, each with the roles it gives them ("de gemeente
    Appeldorp (centrumgemeente)"); a role name alone ("gastgemeente", "partijen") is no party
    (a new user's trial saw them listed as parties). The roles by the ontology's labels."""
    out = []
    for p in parties:
        if not p.get("municipality") or not p.get("name"):
            continue
        roles = [term_text(r, lang)[0].lower() for r in p.get("roles", []) if r != "Partij"]
        out.append(f"{p['name']} ({', '.join(roles)})" if roles else p["name"])
    return out
