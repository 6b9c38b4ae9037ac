"""Settings from the environment (prefix ``DVO_KB_``), shared by the CLI and the service.

    DVO_KB_STORE        where the graph is: unset (in memory), a directory (an on-disk store) or
                        the http(s) URL of a SPARQL server's query endpoint (see store.py)
    DVO_KB_GRAPH_STORE  that server's Graph Store Protocol endpoint (default: derived from the URL)
    DVO_KB_EXTRA_DATA   N-Quads or TriG files added to the built corpus (separated by os.pathsep)
    DVO_KB_CACHE        where an in-memory store keeps the dump of its build ("off": nowhere)
    DVO_KB_BASE_IRI     the base of the IRIs the build mints
    DVO_KB_MAX_DRAFT_CHARS, DVO_KB_MAX_DRAFT_XML_BYTES, DVO_KB_MAX_DRAFT_ARTICLES
                        the bounds on a draft to check (see DraftLimits)
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from .clauses.iris import DEFAULT_BASE
from .errors import UserError
from .store import default_cache

# The years the date engine answers for (rules/calendar.py): a date outside them, given as a
# parameter (a year, a window, the day of an event), is refused with a message naming the
# parameter and this range (HTTP 400, exit 2) instead of running into the ends of Python's dates.
CALENDAR_YEARS = (1900, 2200)


@dataclass(frozen=True)
class DraftLimits:
    """Bounds on a draft to check (``dvo-kb validate`` and uploads to the service), so that a
    draft too large to be a real agreement is refused at once with the bound it passed, before
    it is parsed. The defaults accept every real agreement with room to spare: the documents of
    the corpus have at most 53 articles and 202,000 characters, a draft of 500 articles (the
    benchmark's) about 100,000 characters."""

    max_chars: int = 2_000_000  # the text of a draft (.txt, or the text of a .docx), in characters
    max_xml_bytes: int = 16 * 1024 * 1024  # each XML part of a .docx (word/document.xml, ...), inflated
    max_articles: int = 2000  # article headings ("Artikel 12") in a text draft; dvo:hasArticle in an RDF draft

    @classmethod
    def from_env(cls) -> DraftLimits:
        d = cls()
        return cls(max_chars=_int_env("DVO_KB_MAX_DRAFT_CHARS", d.max_chars),
                   max_xml_bytes=_int_env("DVO_KB_MAX_DRAFT_XML_BYTES", d.max_xml_bytes),
                   max_articles=_int_env("DVO_KB_MAX_DRAFT_ARTICLES", d.max_articles))


def _int_env(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip().replace("_", "")
    if not value:
        return default
    if not value.isdigit() or int(value) <= 0:
        raise UserError(f"{name}={value!r}: give a positive whole number")
    return int(value)


def cache_setting(value: str | None) -> str | None:
    """The cache directory of a setting: unset → the default; "off" (or "none", "") → none."""
    if value is None:
        return default_cache()
    return None if value.strip().lower() in ("", "off", "none", "0", "false") else value


def extra_setting(value: str | None) -> list[str]:
    return [p for p in (value or "").split(os.pathsep) if p.strip()]


@dataclass(frozen=True)
class Settings:
    base_iri: str = DEFAULT_BASE
    store: str | None = None  # a directory for an on-disk store, a server's URL; None: in memory
    graph_store: str | None = None
    extra_data: tuple[str, ...] = ()
    cache: str | None = None

    @classmethod
    def from_env(cls) -> Settings:
        return cls(base_iri=os.environ.get("DVO_KB_BASE_IRI", DEFAULT_BASE),
                   store=os.environ.get("DVO_KB_STORE") or None,
                   graph_store=os.environ.get("DVO_KB_GRAPH_STORE") or None,
                   extra_data=tuple(extra_setting(os.environ.get("DVO_KB_EXTRA_DATA"))),
                   cache=cache_setting(os.environ.get("DVO_KB_CACHE")))
