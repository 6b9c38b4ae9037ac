"""The HTML of the pages: Jinja2 templates in ``api/templates/`` (autoescaped; every page extends
``base.html``), with the words from ``api/labels.yaml`` (``t`` in a template is its page's
section in the reader's language).

Whatever a page echoes of its input (a question, a file name, a parameter, a draft's text)
reaches the browser without control characters: the environment's ``finalize`` takes them out
of every value a template writes, once, rather than at each place that echoes."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from .labels import labels

TEMPLATES = Path(__file__).parent / "templates"

# C0 and C1 control characters but tab and newline (and DEL): never valid in HTML text
CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")

# the RDF of the whole dataset: what every page without a resource of its own offers as its alternate
DATASET_ALTERNATES = [("/data/dvo-kb.ttl", "text/turtle"), ("/data/dvo-kb.nt", "application/n-triples"),
                      ("/data/dvo-kb.jsonld", "application/ld+json"), ("/void.ttl", "text/turtle")]


def no_controls(text: str) -> str:
    """``text`` without control characters (tab and newline stay)."""
    return CONTROLS.sub("", text)


def _finalize(value: Any) -> Any:
    """Every value a template writes: None as nothing, text without control characters."""
    if value is None:
        return ""
    if isinstance(value, Markup):
        return Markup(no_controls(str(value)))
    if isinstance(value, str):
        return no_controls(value)
    return value


def _fill(text: str, **fields: Any) -> str:
    """A label with {fields} filled in (``{{ t.fails|fill(n=3) }}``); a label that is markup
    (``|safe``) stays markup, its fields escaped."""
    return text.format(**fields)


ENV = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True, trim_blocks=True, lstrip_blocks=True,
                  undefined=StrictUndefined, finalize=_finalize, keep_trailing_newline=False)
ENV.filters["fill"] = _fill
templates = Jinja2Templates(env=ENV)


def language(lang: str | None) -> str:
    """The reader's language: English when asked for, Dutch otherwise."""
    return "en" if lang == "en" else "nl"


def words(section: str, lang: str) -> dict[str, str]:
    """A page's words in the reader's language (a section of api/labels.yaml)."""
    return labels(section)[lang]


def page(request: Request, name: str, lang: str, *, status_code: int = 200, headers: dict[str, str] | None = None,
         alternates: list[tuple[str, str]] | None = None, **context: Any) -> HTMLResponse:
    """A page from its template, with ``<link rel="alternate">`` to its RDF (the resource's own,
    or the dataset's)."""
    context = {"lang": lang, "other": "en" if lang == "nl" else "nl", "menu_words": labels("menu")[lang],
               "alternates": DATASET_ALTERNATES if alternates is None else alternates, **context}
    response: HTMLResponse = templates.TemplateResponse(request, name, context, status_code=status_code,
                                                        headers=headers)
    return response
