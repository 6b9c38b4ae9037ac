"""What a browser asks for besides the pages, served without the internet (issue 18, item 7):
the API documentation (Swagger UI 5, which reads OpenAPI 3.1) from the files the
``fastapi-offline`` package ships instead of a CDN, and the site's icon (``/favicon.ico``, drawn here: no binary file to ship)."""

from __future__ import annotations

import struct
from functools import cache
from pathlib import Path

from fastapi import APIRouter, FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, Response
from fastapi.staticfiles import StaticFiles

router = APIRouter(tags=["meta"])
ASSETS = "/docs/assets"


def swagger_ui_path() -> Path:
    import fastapi_offline

    return Path(fastapi_offline.__file__).parent / "static"


def install(app: FastAPI) -> None:
    """The Swagger UI files under /docs/assets (the app is made with ``docs_url=None``)."""
    app.mount(ASSETS, StaticFiles(directory=swagger_ui_path()), name="swagger-ui")
    app.include_router(router)


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
