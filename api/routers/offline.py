"""What a browser asks for besides the pages, served without the internet (issue 18, item 7):
the API documentation (Swagger UI 5, which reads OpenAPI 3.1) from the files the
``fastapi-offline`` package ships instead of a CDN, the query page's SPARQL editor (YASQE, vendored
in ``api/static/yasqe/``) under /static, and the site's icon (``/favicon.ico``, drawn here: no binary file to ship)."""

from __future__ import annotations

import hashlib
import os
import struct
from functools import cache
from pathlib import Path

from fastapi import APIRouter, FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.types import ASGIApp, Receive, Scope, Send

from .. import render
from ..negotiation import negotiate
from .sparql import RDF_TYPES

router = APIRouter(tags=["meta"])
ASSETS = "/docs/assets"
STATIC = "/static"  # the files of api/static/ (the query page's editor)
STATIC_DIR = Path(__file__).parent.parent / "static"
IMMUTABLE = "public, max-age=31536000, immutable"


def swagger_ui_path() -> Path:
    import fastapi_offline

    return Path(fastapi_offline.__file__).parent / "static"


def install(app: FastAPI) -> None:
    """The Swagger UI files under /docs/assets (the app is made with ``docs_url=None``), and a
    browser's ``/sparql`` sent to the query page."""
    app.mount(ASSETS, StaticFiles(directory=swagger_ui_path()), name="swagger-ui")
    app.mount(STATIC, VersionedStaticFiles(directory=STATIC_DIR), name="static")
    app.include_router(router)
    app.add_middleware(BrowserToQueryPage)


@cache
def _digest(name: str) -> str:
    return hashlib.sha256((STATIC_DIR / name).read_bytes()).hexdigest()[:12]


def asset(name: str) -> str:
    """The address of a file of api/static/ (``yasqe/yasqe.min.js``) with its version: the first
    hex digits of its SHA-256, so that a browser may keep it (``IMMUTABLE``) until it changes.
    Templates call it as ``asset(...)``."""
    return f"{STATIC}/{name}?v={_digest(name)}"


render.ENV.globals["asset"] = asset


class VersionedStaticFiles(StaticFiles):
    """The files of api/static/: kept a year by the browser when asked for at their current
    version (``?v=``, as ``asset`` writes it), else revalidated every time (ETag)."""

    def file_response(self, full_path: str | os.PathLike[str], stat_result: os.stat_result, scope: Scope,
                      status_code: int = 200) -> Response:
        response = super().file_response(full_path, stat_result, scope, status_code)
        name = Path(full_path).relative_to(STATIC_DIR).as_posix()
        current = f"v={_digest(name)}".encode() in scope["query_string"].split(b"&")
        response.headers["Cache-Control"] = IMMUTABLE if current else "no-cache"
        return response


# what /sparql without a query offers: the Service Description in RDF, or (a browser) the query page
SPARQL_PAGE_OFFER = [*RDF_TYPES, "text/html"]


class BrowserToQueryPage:
    """``GET /sparql`` without a query from a client that prefers HTML (a browser): 303 See Other
    to ``/query``, the page to write and run a query; every other request passes untouched (an
    RDF client, ``*/*`` and no Accept still get the Service Description). The endpoint's own
    route is a plain Starlette route in front of the routers, so the choice is made here, before
    routing; it costs the endpoint one comparison of the path per request."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (scope["type"] == "http" and scope["path"] == "/sparql" and scope["method"] in ("GET", "HEAD")
                and not _has_query(scope["query_string"])):
            accept = next((v.decode("latin-1") for k, v in scope["headers"] if k == b"accept"), "")
            if accept and negotiate(accept, SPARQL_PAGE_OFFER) == "text/html":
                lang = "en" if b"lang=en" in scope["query_string"].split(b"&") else "nl"
                await send({"type": "http.response.start", "status": 303,
                            "headers": [(b"location", f"/query?lang={lang}".encode()), (b"content-length", b"0"),
                                        (b"vary", b"Accept")]})
                await send({"type": "http.response.body", "body": b""})
                return
        await self.app(scope, receive, send)


def _has_query(query_string: bytes) -> bool:
    return any(part.split(b"=", 1)[0] == b"query" for part in query_string.split(b"&"))


@router.get("/docs", response_class=HTMLResponse, include_in_schema=False)
def docs() -> HTMLResponse:
    return get_swagger_ui_html(openapi_url="/openapi.json", title="dvo-kb API",
                               swagger_js_url=f"{ASSETS}/swagger-ui-bundle.js",
                               swagger_css_url=f"{ASSETS}/swagger-ui.css", swagger_favicon_url="/favicon.ico")


@cache
def favicon_bytes() -> bytes:
    """A 16x16 icon (ICO with one 32-bit bitmap): a dark blue square with a white paragraph
    mark, the colours of the pages' links."""
    size = 16
    mark = ["................", "................", "....########....", "...##..##.##....", "...##..##.##....",
            "...##..##.##....", "....#####.##....", ".......##.##....", ".......##.##....", ".......##.##....",
            ".......##.##....", ".......##.##....", ".......##.##....", "................", "................",
            "................"]
    blue, white = bytes((0xAD, 0x45, 0x06, 0xFF)), bytes((0xFF, 0xFF, 0xFF, 0xFF))  # BGRA
    rows = [b"".join(white if c == "#" else blue for c in mark[y]) for y in range(size)]
    pixels = b"".join(reversed(rows))  # bottom-up
    mask = b"\x00" * (4 * size)  # 1-bit AND mask, rows padded to 32 bits: all opaque
    header = struct.pack("<IiiHHIIiiII", 40, size, size * 2, 1, 32, 0, len(pixels) + len(mask), 0, 0, 0, 0)
    image = header + pixels + mask
    return struct.pack("<HHH", 0, 1, 1) + struct.pack("<BBBBHHII", size, size, 0, 0, 1, 32, len(image), 22) + image


@router.get("/favicon.ico", include_in_schema=False)
def favicon() -> Response:
    return Response(favicon_bytes(), media_type="image/x-icon", headers={"Cache-Control": "public, max-age=86400"})
