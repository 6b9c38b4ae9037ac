"""The dvo-kb service: one FastAPI application on the embedded store.

    dvo-kb serve            (or: uvicorn dvo_kb.api.main:app)

Routers per resource (``routers/``), dependencies in ``deps.py``, settings in ``settings.py``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, Request
from fastapi.middleware.cors import CORSMiddleware

from .. import __version__
from . import errors, limits, ontology_doc
from .deps import get_kb, get_settings
from .routers import api, deadlines, diff, pages, sparql, validate


@asynccontextmanager
async def _lifespan(_: FastAPI) -> AsyncIterator[None]:
    ontology_doc.warm()  # the pyLODE documentation, in a background thread
    yield


def create_app() -> FastAPI:
    settings = get_settings()
    app = FastAPI(title="dvo-kb", version=__version__, lifespan=_lifespan,
                  description="Rules-as-code knowledge base of Dutch intergovernmental agreements: a SPARQL 1.1 "
                              "endpoint, questions in Dutch and English, deadlines and duties, and pages for "
                              "every document, article and lid.")
    app.add_middleware(CORSMiddleware, allow_origins=settings.cors_origins, allow_methods=["GET", "POST"],
                       allow_headers=["*"])

    @app.middleware("http")
    async def _body_cap(request: Request, call_next: Any) -> Any:
        size = request.headers.get("content-length")
        # an upload of a draft may be larger than other bodies (its multipart envelope: a little more still)
        upload = request.url.path in validate.UPLOAD_PATHS
        cap = settings.max_upload_bytes + validate.ENVELOPE if upload else settings.max_body_bytes
        if size and size.isdigit() and int(size) > cap:
            if upload:
                return errors.error(413, "upload_too_large", f"the file is larger than {settings.max_upload_bytes} bytes")
            return errors.error(413, "body_too_large", f"the request body is larger than {settings.max_body_bytes} bytes")
        return await call_next(request)

    errors.install(app)
    app.include_router(sparql.router)
    app.include_router(api.router)
    app.include_router(pages.router)
    app.include_router(deadlines.router)
    app.include_router(validate.router)
    app.include_router(diff.router)

    @app.get("/healthz", tags=["meta"])
    def healthz() -> dict[str, Any]:
        kb = get_kb()
        return {"status": "ok", "triples": kb.info.triples, "query_threads": limits.running()}

    return app


app = create_app()
