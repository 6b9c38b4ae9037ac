"""The dvo-kb service: one FastAPI application on the embedded store.

    dvo-kb serve            (or: uvicorn dvo_kb.api.main:app)

Routers per resource (``routers/``), dependencies in ``deps.py``, settings in ``settings.py``.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send

from .. import __version__
from . import deps, errors, limits, ontology_doc
from .deps import get_kb, get_settings
from .routers import api, deadlines, diff, pages, sparql, validate
from .settings import ApiSettings


@asynccontextmanager
async def _lifespan(_: FastAPI) -> AsyncIterator[None]:
    # the graph before the first request: a worker process takes requests once it is ready
    await asyncio.to_thread(get_kb)
    # the question language, then the pyLODE documentation, in a background thread
    deps.warm(ontology_doc.ontology_html)
    yield


class BodyCap:
    """Refuses a request whose Content-Length is over the cap with 413, before its body is read.
    Plain ASGI: ``@app.middleware("http")`` would wrap every request and response in extra tasks
    and streams, on the SPARQL endpoint's hot path."""

    def __init__(self, app: ASGIApp, settings: ApiSettings) -> None:
        self.app, self.settings = app, settings

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope.get("method") in ("POST", "PUT"):
            size = next((v for k, v in scope["headers"] if k == b"content-length"), b"")
            # an upload of a draft may be larger than other bodies (its multipart envelope: a little more still)
            upload = scope.get("path") in validate.UPLOAD_PATHS
            s = self.settings
            cap = s.max_upload_bytes + validate.ENVELOPE if upload else s.max_body_bytes
            if size.isdigit() and int(size) > cap:
                response = (errors.error(413, "upload_too_large", f"the file is larger than {s.max_upload_bytes} bytes")
                            if upload else
                            errors.error(413, "body_too_large", f"the request body is larger than {s.max_body_bytes} bytes"))
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)


def create_app() -> FastAPI:
    settings = get_settings()
    app = FastAPI(title="dvo-kb", version=__version__, lifespan=_lifespan,
                  description="Rules-as-code knowledge base of Dutch intergovernmental agreements: a SPARQL 1.1 "
                              "endpoint, questions in Dutch and English, deadlines and duties, and pages for "
                              "every document, article and lid.")
    app.add_middleware(CORSMiddleware, allow_origins=settings.cors_origins, allow_methods=["GET", "POST"],
                       allow_headers=["*"])

    app.add_middleware(BodyCap, settings=settings)

    errors.install(app)
    app.include_router(sparql.router)
    app.include_router(api.router)
    app.include_router(pages.router)
    app.include_router(deadlines.router)
    app.include_router(validate.router)
    app.include_router(diff.router)
    # /sparql answered by a plain route in front of its FastAPI routes (see sparql.sparql_fast)
    app.router.routes.insert(0, Route("/sparql", sparql.sparql_fast, methods=["GET", "POST"], name="sparql_fast"))

    @app.get("/healthz", tags=["meta"])
    async def healthz() -> dict[str, Any]:
        kb = get_kb()
        return {"status": "ok", "triples": kb.info.triples, "query_threads": limits.running()}

    return app


app = create_app()
