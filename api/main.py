"""The dvo-kb service: one FastAPI application on the embedded store.

    dvo-kb serve            (or: uvicorn dvo_kb.api.main:app, or uvicorn --factory dvo_kb.api.main:create_app)

Routers per resource (``routers/``), the registry and dependencies in ``deps.py``, the settings
in ``dvo_kb/settings.py`` (given to ``create_app``, else read from the environment).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import Depends, FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .. import __version__
from ..kb import KnowledgeBase
from ..settings import Settings
from ..store import EmbeddedKnowledgeBase
from . import deps, errors, limits, ontology_doc, openapi_doc, render, sparql_guard
from .deps import registry
from .dutch import message
from .evaluator import Evaluator
from .routers import api, deadlines, diff, export, intake, offline, pages, sparql, validate


def _reopen_read_only() -> None:
    """In the zygote of the query processes: an on-disk store opened again, read-only (the
    server's RocksDB handle does not survive a fork)."""
    kb = registry.kb()
    if isinstance(kb, EmbeddedKnowledgeBase):
        # the parent's handle is kept, never dropped here: closing it in a forked process aborts
        # the process (RocksDB joins background threads that a fork does not copy)
        _inherited.append(kb.store)
        kb.reopen_read_only()


_inherited: list[object] = []


def _start_evaluator(kb: KnowledgeBase, settings: Settings) -> Evaluator | None:
    """The worker processes of /sparql (evaluator.py), forked before the service starts threads
    of its own; none on a server store (the server evaluates) or with the setting off."""
    if not settings.query_processes or kb.info.kind == "remote":
        return None
    ev = Evaluator(sparql.execute_job, size=settings.query_workers, memory_limit=settings.query_memory or None,
                   prepare=_reopen_read_only, recycle_above=settings.query_recycle_memory or None)
    ev.start()
    return ev


@asynccontextmanager
async def _lifespan(_: FastAPI) -> AsyncIterator[None]:
    # the graph before the first request: a worker process takes requests once it is ready
    kb = await asyncio.to_thread(registry.kb)
    settings = registry.settings
    sparql_guard.parser()  # the SPARQL grammar's tables, before the first query
    ev = _start_evaluator(kb, settings)
    checker = None
    if settings.query_processes:  # drafts are checked in worker processes too, within their limits
        checker = Evaluator(validate.check_draft, size=settings.validation_workers,
                            memory_limit=settings.validation_memory or None)
        checker.start()
    for started in (ev, checker):
        if started is not None:
            await started.open()
    registry.evaluator, registry.validator = ev, checker
    # the question language, then the pyLODE documentation, in a background thread
    deps.warm(ontology_doc.ontology_html)
    try:
        yield
    finally:
        registry.evaluator = registry.validator = None
        for started in (ev, checker):
            if started is not None:
                started.close()


class _BodyTooLarge(Exception):
    """Raised into the application by BodyCap's ``receive`` once the body passes the cap."""


class BodyCap:
    """Refuses a request body over the cap with 413: at once when its Content-Length says so,
    and otherwise (a chunked body, or one longer than it said) as soon as the bytes received
    pass the cap, without reading the rest. An upload of a draft (``validate.UPLOAD_PATHS``)
    may be larger than other bodies, by its multipart envelope too.

    ``receive`` is wrapped to count the body's bytes; past the cap it sends the 413 (unless a
    response has begun), closes the connection and raises into the application, whose own
    response is then dropped. Plain ASGI: ``@app.middleware("http")`` would wrap every request
    and response in extra tasks and streams, on the SPARQL endpoint's hot path."""

    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app, self.settings = app, settings

    def _refusal(self, upload: bool, scope: Scope | None = None) -> Response:
        s = self.settings
        if upload and scope is not None and scope.get("path") == "/validate" and any(
                k == b"accept" and b"text/html" in v for k, v in scope["headers"]):
            # the upload form of the page: the page again, with the refusal in the reader's language
            request = Request(scope)
            lang = render.language(request.query_params.get("lang"))
            said = message("validate.upload_too_large", lang, n=f"{s.max_upload_bytes / (1024 * 1024):g}")
            page = validate._page(request, lang, s, status_code=413, error=said)
            page.headers["connection"] = "close"
            return page
        response = (errors.error(413, "upload_too_large", f"het bestand is groter dan {s.max_upload_bytes} bytes "
                                                          f"(the file is larger than {s.max_upload_bytes} bytes)")
                    if upload else
                    errors.error(413, "body_too_large", f"de inhoud van het verzoek is groter dan {s.max_body_bytes} "
                                                        f"bytes (the request body is larger than {s.max_body_bytes} "
                                                        f"bytes)"))
        response.headers["connection"] = "close"  # the rest of the body is not read
        return response

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("method") in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        upload = scope.get("path") in validate.UPLOAD_PATHS
        cap = self.settings.max_upload_bytes + validate.ENVELOPE if upload else self.settings.max_body_bytes
        size = next((v for k, v in scope["headers"] if k == b"content-length"), b"")
        if size.isdigit() and int(size) > cap:
            await self._refusal(upload, scope)(scope, receive, send)
            return
        received = 0
        started = refused = False

        async def counted_receive() -> Message:
            nonlocal received, refused
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > cap and not refused:
                    refused = True
                    if not started:
                        await self._refusal(upload, scope)(scope, receive, send)
                    raise _BodyTooLarge
            return message

        async def guarded_send(message: Message) -> None:
            nonlocal started
            if refused:
                return  # the application's answer to the refused body; the 413 is sent
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counted_receive, guarded_send)
        except _BodyTooLarge:
            pass
        except Exception:
            if not refused:
                raise


class HeadAsGet:
    """HEAD on every GET route (RFC 9110 §9.3.2): the request is routed as a GET and its
    response sent without the body (the headers, Content-Length included, are the GET's).
    FastAPI's routes answer only the methods they name; OpenAPI leaves HEAD implicit."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("method") != "HEAD":
            await self.app(scope, receive, send)
            return

        async def headers_only(message: Message) -> None:
            if message["type"] == "http.response.body":
                if message.get("more_body", False):
                    return
                message = {"type": "http.response.body", "body": b"", "more_body": False}
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, headers_only)


def create_app(settings: Settings | None = None) -> FastAPI:
    """The service on ``settings`` (None: those the registry has, by default the environment's).
    ``dvo-kb serve`` hands its settings here; its worker processes (``--workers N``) call it
    without, as uvicorn's factory, and read them from the environment they inherit."""
    if settings is not None:
        registry.configure(settings)
    settings = registry.settings
    app = FastAPI(title="dvo-kb", version=__version__, lifespan=_lifespan,
                  description="Rules-as-code knowledge base of Dutch intergovernmental agreements: a SPARQL 1.1 "
                              "endpoint, questions in Dutch and English, deadlines and duties, and pages for "
                              "every document, article and lid.",
                  docs_url=None)  # /docs from the package's files, not a CDN (routers/offline.py)
    app.add_middleware(CORSMiddleware, allow_origins=settings.cors_origins, allow_methods=["GET", "HEAD", "POST"],
                       allow_headers=["*"])

    app.add_middleware(BodyCap, settings=settings)
    app.add_middleware(HeadAsGet)

    errors.install(app)
    app.include_router(sparql.router)
    app.include_router(api.router)
    app.include_router(export.router)  # /id/{doc}.akn.xml and .lrml.xml, before the /id/{path} pages
    app.include_router(pages.router)
    app.include_router(deadlines.router)
    app.include_router(validate.router)
    app.include_router(intake.router)
    app.include_router(diff.router)
    offline.install(app)  # /docs with its assets, /favicon.ico
    # /sparql answered by a plain route in front of its FastAPI routes (see sparql.sparql_fast)
    app.router.routes.insert(0, Route("/sparql", sparql.sparql_fast, methods=["GET", "POST"], name="sparql_fast"))

    @app.get("/healthz", tags=["meta"], summary="What the store holds: 200 with the corpus, else 503",
             responses={503: {"description": "the store is empty or does not hold the corpus (status empty, "
                                             "degraded), or the SPARQL server does not answer",
                              "content": {"application/json": {}}}})
    async def healthz(kb: KnowledgeBase = Depends(deps.kb_dep)) -> JSONResponse:
        health = await asyncio.to_thread(kb.health)  # one query; on a server store, a round trip
        if health["status"] == "ok":  # each triple once, as COUNT(*), the Service Description and VoID count
            health["triples"] = (await asyncio.to_thread(sparql.graph_counts, kb))[0]  # (counted once per store)
        health["query_threads"] = limits.running()
        if deps.registry.has("result_cache") and kb is deps.get_kb():  # the answers kept for queries asked again
            cache = deps.get_result_cache()
            health["kept_answers"] = {"answers": len(cache), "bytes": cache.size, "max_bytes": cache.max_bytes,
                                      "hits": cache.hits, "misses": cache.misses}
        return JSONResponse(health, status_code=200 if health["status"] == "ok" else 503)

    openapi_doc.install(app)  # every status and media type each route can answer
    return app


_app: list[FastAPI] = []


def __getattr__(name: str) -> FastAPI:
    """``app``: the service on the registry's settings, created when first asked for (``from
    dvo_kb.api.main import app``, ``uvicorn dvo_kb.api.main:app``), not on import."""
    if name != "app":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    if not _app:
        _app.append(create_app())
    return _app[0]
