"""Errors as JSON ``{"error": {"code", "message"}}`` with a 4xx status; never a traceback. An
unexpected error is a 500 whose body carries only an ``error_id`` under which the exception is
logged (never its class or text, which may say what the server holds or reaches)."""

from __future__ import annotations

import logging
import secrets
from collections.abc import Mapping
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

from ..errors import NotFound, UserError
from ..query.parser import QuestionError
from ..store import StoreError

log = logging.getLogger(__name__)


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message
        self.headers = dict(headers or {})


def error(status: int, code: str, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"error": {"code": code, "message": message}}, status_code=status, headers=headers)


def all_routes(app: FastAPI) -> list[Any]:
    """Every route of the app, those of its included routers too (FastAPI keeps those inside
    the router it includes)."""
    from fastapi import routing

    return [ctx.original_route for ctx in routing.iter_route_contexts(app.routes)]


def _methods_of(request: Request) -> str:
    """The methods of every route at the request's path (a path may have a GET and a POST route)."""
    methods: list[str] = []
    for route in all_routes(request.app):
        match, _ = route.matches(request.scope)  # PARTIAL: the path is the route's, the method is not
        if match != Match.NONE:
            methods += [m for m in getattr(route, "methods", None) or () if m not in methods]
    if "GET" in methods and "HEAD" not in methods:
        methods.append("HEAD")
    order = ["GET", "HEAD", "POST"]
    return ", ".join(sorted(methods, key=lambda m: order.index(m) if m in order else len(order)))


def _allow(headers: Mapping[str, str] | None) -> dict[str, str] | None:
    """A 405's headers, its Allow listing HEAD wherever GET is allowed (HEAD is answered for
    every GET route: ``main.HeadAsGet``)."""
    if not headers:
        return None
    out = dict(headers)
    for k, v in headers.items():
        if k.lower() == "allow":
            methods = [m.strip() for m in v.split(",") if m.strip()]
            if "GET" in methods and "HEAD" not in methods:
                methods.append("HEAD")
            out[k] = ", ".join(methods)
    return out


def install(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def _api(_: Request, exc: ApiError) -> JSONResponse:
        return error(exc.status, exc.code, exc.message, exc.headers)

    @app.exception_handler(NotFound)
    async def _not_found(_: Request, exc: NotFound) -> JSONResponse:
        # an unknown document, article, lid or party: a resource that does not exist
        return error(404, "not_found", str(exc))

    @app.exception_handler(UserError)
    async def _user(_: Request, exc: UserError) -> JSONResponse:
        return error(400, "bad_request", str(exc))

    @app.exception_handler(StoreError)
    async def _store(_: Request, exc: StoreError) -> JSONResponse:
        # the SPARQL server behind the service did not answer: not the client's fault
        return error(503, "store_unavailable", str(exc))

    @app.exception_handler(QuestionError)
    async def _question(_: Request, exc: QuestionError) -> JSONResponse:
        return error(400, "question_not_understood", str(exc))

    @app.exception_handler(RequestValidationError)
    async def _validation(_: Request, exc: RequestValidationError) -> JSONResponse:
        first = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(x) for x in first.get("loc", []))
        return error(400, "invalid_parameter", f"{where}: {_invalid(first)}")

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        if exc.status_code == 404 and "text/html" in request.headers.get("accept", ""):
            return not_found_page(request)  # a browser at an address that does not exist: a page
        headers = exc.headers
        if exc.status_code == 405:
            headers = {**(headers or {}), "Allow": _methods_of(request)}
        return error(exc.status_code, "http_error", str(exc.detail), _allow(headers))

    @app.exception_handler(Exception)
    async def _internal(request: Request, exc: Exception) -> Response:
        return internal_error(request, exc)


def _invalid(err: Any) -> str:
    """What is wrong with a parameter, Dutch first then English (api/labels.yaml
    invalid_parameter, by pydantic's error type); pydantic's own message for a type not listed."""
    from .labels import labels

    words = labels("invalid_parameter")
    ctx = {k: str(v) for k, v in (err.get("ctx") or {}).items()}
    ctx_nl = {k: v.replace(" or ", " of ") for k, v in ctx.items()}  # pydantic's "'a', 'b' or 'c'"
    kind = str(err.get("type", ""))
    try:
        return f"{words['nl'][kind].format(**ctx_nl)} / {words['en'][kind].format(**ctx)}"
    except (KeyError, IndexError, ValueError):
        return str(err.get("msg", "invalid"))


def not_found_page(request: Request, iri: str | None = None, crumbs: list[tuple[str, str]] | None = None,
                   headers: dict[str, str] | None = None, hint: str | None = None) -> Response:
    """The not-found page for a browser, in the reader's language: an IRI nothing is known about
    (its address and breadcrumbs given), or an address no route answers (a new user's trial: /foo
    gave a browser a JSON body)."""
    from . import render  # (the templates are loaded on the first page)
    from .labels import labels

    lang = render.language(request.query_params.get("lang"))
    t = labels("not_found")[lang]
    return render.page(request, "not_found.html", lang, status_code=404, headers=headers, t=t,
                       site=labels("site")[lang], iri=iri or str(request.url.replace(query="")),
                       crumbs=crumbs or [(f"/?lang={lang}", "dvo-kb"), ("", t["title"])], hint=hint)


def internal_error(request: Request, exc: BaseException) -> Response:
    """A 500 that names nothing of the exception: it is logged with a new error id, which the
    body gives (Dutch first) so that a report can be matched to the log; a browser (Accept names
    text/html) gets it as a page in the reader's language."""
    error_id = secrets.token_hex(6)
    log.error("internal error %s on %s %s", error_id, request.method, request.url.path, exc_info=exc)
    if "text/html" in request.headers.get("accept", ""):
        try:
            from . import render  # (the templates are loaded on the first page)

            lang = render.language(request.query_params.get("lang"))
            page = render.page(request, "server_error.html", lang, status_code=500,
                               t=render.words("server_error", lang), error_id=error_id)
            page.headers["x-error-id"] = error_id
            return page
        except Exception:  # noqa: BLE001 (the page itself failed: the JSON below, with the same id)
            log.exception("the error page for %s could not be made", error_id)
    response = JSONResponse({"error": {
        "code": "internal_error", "error_id": error_id,
        "message": f"Interne fout: de server kon dit verzoek niet beantwoorden (foutnummer {error_id}). "
                   f"Internal error: the server could not answer this request (error id {error_id})."}},
        status_code=500)
    response.headers["x-error-id"] = error_id
    return response
