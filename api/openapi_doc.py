"""The OpenAPI document, completed with what every route can answer besides its 200.

FastAPI documents a 422 for every route with parameters; this service answers a parameter it
cannot read with 400 ``invalid_parameter`` (``errors.py``), so that 422 is replaced by a 400.
Beside what each route declares itself (its 200's media types, its 303, 404, 406, ...), every
operation lists:

- 400 where it has parameters or a body (a parameter that is missing or invalid);
- 404 where its path has parameters (they name something that may not exist);
- 413 for a body (``BodyCap``: larger than ``DVO_KB_MAX_BODY_BYTES``, or the upload limit);
- 503 where it reads the store (a SPARQL server that does not answer);
- 500 everywhere (an internal error, with only an error id: ``errors.internal_error``);

and every error without a media type of its own is ``application/json`` in the shape
``{"error": {"code", "message"}}`` (``#/components/schemas/Error``).
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from fastapi.routing import APIRoute

from . import deps
from .errors import all_routes

ERROR_SCHEMA = {"type": "object", "required": ["error"], "properties": {"error": {
    "type": "object", "required": ["code", "message"],
    "properties": {"code": {"type": "string"}, "message": {"type": "string"}, "error_id": {"type": "string"}}}}}
JSON_ERROR = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
STORE = {deps.kb_dep, deps.asker_dep, deps.rules_dep}
GENERAL = {
    "400": "a parameter or body that is missing or invalid",
    "404": "what the path names does not exist",
    "413": "the request body is too large",
    "503": "the SPARQL server behind the service does not answer",
    "500": "an internal error: the body gives only an error id (also in X-Error-Id), under which it is logged",
}


def _uses_store(route: APIRoute) -> bool:
    todo = list(route.dependant.dependencies)
    while todo:
        dep = todo.pop()
        if dep.call in STORE:
            return True
        todo.extend(dep.dependencies)
    return False


def complete(schema: dict[str, Any], routes: list[Any]) -> dict[str, Any]:
    """``schema`` (FastAPI's) with the responses above added to every operation."""
    schema.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    by_op = {(r.path, m.lower()): r for r in routes if isinstance(r, APIRoute) for m in r.methods or ()}
    for path, operations in schema.get("paths", {}).items():
        for method, op in operations.items():
            responses: dict[str, Any] = op.setdefault("responses", {})
            default_422 = responses.get("422", {})
            if default_422.get("description") == "Validation Error":
                del responses["422"]
            params = op.get("parameters", [])
            wanted = ["500"]
            if params or "requestBody" in op:
                wanted.append("400")
            if any(p.get("in") == "path" for p in params):
                wanted.append("404")
            if "requestBody" in op:
                wanted.append("413")
            route = by_op.get((path, method))
            if route is not None and _uses_store(route):
                wanted.append("503")
            for code in wanted:
                responses.setdefault(code, {"description": GENERAL[code]})
            for code, response in responses.items():
                if code[0] in "45" and "content" not in response:
                    response["content"] = dict(JSON_ERROR)
    return schema


def install(app: FastAPI) -> None:
    """``app.openapi()`` returns the completed document (made once)."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = complete(get_openapi(title=app.title, version=app.version, description=app.description,
                                                      routes=app.routes), all_routes(app))
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
