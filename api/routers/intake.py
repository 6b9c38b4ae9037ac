"""Adding an agreement to the knowledge base from the service (issue 21): ``POST /api/documents``
with the text (.txt or .docx), as ``dvo-kb add`` does. The document is written into the user's
data directory with its norms "niet gecontroleerd" and is in the graph from the next start of
the service. Allowed only where the settings allow it (``DVO_KB_ALLOW_ADD``; by default only
while the service listens on a loopback address): a public endpoint does not let strangers
write into the knowledge base."""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import logging
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse
from pydantic import BaseModel

from ...errors import UserError
from ...settings import Settings
from ...validate.intake import AddResult, DocumentExists, add_document, check_id, placed_violations
from ...validate.reader import DraftError
from ..deps import settings_dep
from ..errors import ApiError

log = logging.getLogger(__name__)
router = APIRouter(tags=["documents"])
SUFFIXES = (".txt", ".docx")


class AddedDocument(BaseModel):
    id: str
    title: str
    kind: str
    articles: int
    norms: int
    lids_without_norm: int
    parties: dict[str, str]
    replaced: bool
    reviewed: bool
    iri: str
    note: str
    same_text_as: list[str] = []  # added documents with this very text: every question is answered twice
    check: dict[str, int] = {}  # the text checked as a draft is: findings per severity (violation, warning, info)
    violations: list[str] = []  # the violations' messages with their place ("art. 4 lid 2: ...")


def _upload(file: UploadFile, settings: Settings) -> tuple[bytes, str]:
    name = Path(file.filename or "").name
    suffix = Path(name).suffix.lower()
    if suffix not in SUFFIXES:
        what = suffix or "een bestand zonder extensie"
        raise ApiError(400, "unsupported_type", f"alleen de tekst van een overeenkomst: .txt of .docx, niet {what} "
                                                f"(only .txt or .docx)")
    data = file.file.read(settings.max_upload_bytes + 1)
    if len(data) > settings.max_upload_bytes:
        raise ApiError(413, "upload_too_large", f"het bestand is groter dan {settings.max_upload_bytes} bytes "
                                                f"(the file is larger than {settings.max_upload_bytes} bytes)")
    if not data:
        raise ApiError(400, "empty_file", "het bestand is leeg (the file is empty)")
    return data, name


JSON: dict[str, Any] = {"content": {"application/json": {}}}
RESPONSES: dict[int | str, dict[str, Any]] = {
    400: {"description": "geen .txt of .docx, een leeg of onleesbaar bestand, of een ongeldige id", **JSON},
    403: {"description": "deze dienst neemt geen documenten op (DVO_KB_ALLOW_ADD)", **JSON},
    409: {"description": "er is al een document met deze id (replace vervangt het)", **JSON},
    413: {"description": "het bestand is groter dan DVO_KB_MAX_UPLOAD_BYTES", **JSON},
}


@router.post("/api/documents", status_code=201, response_model=AddedDocument, responses=RESPONSES,
             summary="Neem een overeenkomst op in de kennisbank (normen niet gecontroleerd)")
async def add(file: UploadFile = File(..., description="de tekst van de overeenkomst: .txt (UTF-8) of .docx"),  # noqa: B008
        id: str | None = Form(None, description="de id van het document (standaard uit de bestandsnaam)"),  # noqa: A002
        short_title: str | None = Form(None, description="een korte naam waarmee vragen het document noemen"),
        replace: bool = Form(False, description="vervang een eerder opgenomen document met deze id"),
        settings: Settings = Depends(settings_dep)) -> AddedDocument:
    r = await _add(file, id, short_title, replace, settings, api=True)
    return AddedDocument(id=r.id, title=r.title, kind=r.kind, articles=r.articles, norms=r.norms,
                         lids_without_norm=r.lids_without_norm, parties=r.parties, replaced=r.replaced, reviewed=False,
                         iri=f"{settings.base_iri}{r.id}", same_text_as=r.same_text_as,
                         check=r.check, violations=r.violations,
                         # (no path on the server: the folder is the service's own business)
                         note=f"opgenomen; in de kennisbank na een herstart van de dienst; de normen zijn niet "
                              f"gecontroleerd: dvo-kb review {r.id} (added; in the graph after a restart)")


async def _add(file: UploadFile, doc_id: str | None, short_title: str | None, replace: bool, settings: Settings,
               api: bool = False, lang: str | None = None) -> AddResult:
    """Adds an uploaded document; ``api``: the JSON API, whose refusal of an existing id names its own
    way to replace it (replace=true; the page's form has a box for it). The id is checked first (a
    refusal costs nothing); the text is then checked as a draft is, by a worker process within the
    draft limits (time, memory: as ``/api/validate``): a text too costly to check is refused (422)
    before anything is written, and the check's findings are the add's (a check that fails by an
    error of its own is logged and the document added without them, as ``dvo-kb add`` does).
    ``lang``: the language of the violations and of the check's refusals (None: Dutch, and both
    languages in a refusal)."""
    from .validate import validate_upload

    if not settings.adding_allowed:
        raise ApiError(403, "adding_not_allowed", "deze dienst neemt geen documenten op (DVO_KB_ALLOW_ADD); gebruik "
                                                  "dvo-kb add op uw eigen machine (this service does not add documents)")
    data, name = _upload(file, settings)
    with _refusals(api):
        check_id(doc_id or None, name or "document.txt", settings.data, replace)
    check: dict[str, Any] | None = None
    try:
        check = (await validate_upload(data, name, settings, lang=lang)).data
    except ApiError as exc:
        if exc.code == "draft_unreadable":  # (the add's own word for it, as before the check came first)
            raise ApiError(400, "unreadable_document", exc.message) from None
        raise
    except RuntimeError:
        log.exception("the draft check of a document to be added failed; it is added without it")

    def run() -> AddResult:
        with tempfile.TemporaryDirectory() as tmp, _refusals(api):
            path = Path(tmp) / (name or "document.txt")
            path.write_bytes(data)
            return add_document(path, settings.data, settings.base_iri, doc_id=doc_id or None, replace=replace,
                                short_title=short_title or None, limits=settings.draft_limits, check=False)

    r = await asyncio.to_thread(run)
    if check is None:
        return r
    return dataclasses.replace(r, check=check["summary"], violations=placed_violations(check["findings"], lang or "nl"))


@contextlib.contextmanager
def _refusals(api: bool) -> Iterator[None]:
    """The refusals of an add as the service's errors: an unreadable text 400, an existing id 409
    (with the API's own way to replace it), any other refusal 400."""
    try:
        yield
    except DraftError as exc:
        raise ApiError(400, "unreadable_document", str(exc)) from None
    except DocumentExists as exc:
        raise ApiError(409, "document_exists", str(exc) + (" (replace=true)" if api else "")) from None
    except UserError as exc:
        raise ApiError(400, "not_added", str(exc)) from None


PAGE_RESPONSES: dict[int | str, dict[str, Any]] = {
    k: {"description": v["description"], "content": {"text/html": {}, "application/json": {}}}  # a missing field: JSON
    for k, v in RESPONSES.items()}


@router.post("/validate/add", response_class=HTMLResponse, tags=["pages"], responses=PAGE_RESPONSES,
             summary="Het formulier 'opnemen in de kennisbank' van de pagina /validate")
async def add_page(request: Request, file: UploadFile = File(...),  # noqa: B008
             id: str | None = Form(None),  # noqa: A002
             short_title: str | None = Form(None), lang: str = Form("nl"),
             replace: bool = Form(False),
             settings: Settings = Depends(settings_dep)) -> HTMLResponse:
    from ..dutch import dutch_error
    from ..render import language
    from .validate import _page

    lang = language(lang)
    try:
        r = await _add(file, id, short_title, replace, settings, lang=lang)
    except ApiError as exc:
        return _page(request, lang, settings, status_code=exc.status,
                     error=dutch_error(exc.message) if lang == "nl" else exc.message)
    return _page(request, lang, settings, added={"id": r.id, "articles": r.articles, "norms": r.norms,
                                                 "same": ", ".join(r.same_text_as), "check": r.check,
                                                 "violations": r.violations})
