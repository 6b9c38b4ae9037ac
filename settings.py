"""The settings of dvo-kb: one object, read by the CLI and the service alike.

Every setting comes from the environment (prefix ``DVO_KB_``), or from the command line, which
overrides the environment (``Settings(store=...)``). This module is the only one that reads
the environment (``tests/test_settings.py`` checks that); the rest of the code is given a
:class:`Settings` (the service through ``api/deps.py``, the CLI through ``cli/common.py``).

    DVO_KB_STORE        where the graph is: unset (in memory), a directory (an on-disk store) or
                        the http(s) URL of a SPARQL server's query endpoint (see store.py)
    DVO_KB_GRAPH_STORE  that server's Graph Store Protocol endpoint (default: derived from the URL)
    DVO_KB_EXTRA_DATA   N-Quads or TriG files added to the built corpus (separated by os.pathsep)
    DVO_KB_CACHE        where an in-memory store keeps the dump of its build (default: the user's
                        cache directory, ~/.cache/dvo-kb; "off": nowhere)
    DVO_KB_DATA         the user's data directory, for documents added later (default: the user's
                        data directory, ~/.local/share/dvo-kb; never inside the installed package)
    DVO_KB_BASE_IRI     the base of the IRIs the build mints
    DVO_KB_MAX_DRAFT_CHARS, DVO_KB_MAX_DRAFT_XML_BYTES, DVO_KB_MAX_DRAFT_ARTICLES
                        the bounds on a draft to check (see DraftLimits)
    DVO_KB_WORKING_DAYS the calendar of working days (rules/calendar.py; default holidays-nl)
    DVO_KB_HOST, DVO_KB_PORT, DVO_KB_WORKERS     where and with how many processes ``serve`` serves
    DVO_KB_DEBUG        1: a bug's traceback instead of one line
    DVO_KB_QUERY_TIMEOUT, DVO_KB_QUERY_WORKERS, DVO_KB_MAX_RESULTS, DVO_KB_MAX_BODY_BYTES,
    DVO_KB_MAX_UPLOAD_BYTES, ...   the service's limits (see the fields of Settings)

A value that is not valid (``DVO_KB_PORT=abc``) is refused by :func:`load_settings` with a
:class:`~dvo_kb.errors.UserError` naming the variable (exit 2), never a traceback.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import platformdirs
from pydantic import Field, ValidationError, ValidationInfo, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from .clauses.iris import DEFAULT_BASE
from .errors import UserError

if TYPE_CHECKING:
    from .kb import KnowledgeBase

ENV_PREFIX = "DVO_KB_"
APP = "dvo-kb"

# The years the date engine answers for (rules/calendar.py): a date outside them, given as a
# parameter (a year, a window, the day of an event), is refused with a message naming the
# parameter and this range (HTTP 400, exit 2) instead of running into the ends of Python's dates.
CALENDAR_YEARS = (1900, 2200)

_OFF = ("", "off", "none", "0", "false")


def default_cache() -> str:
    """Where an in-memory store keeps the dump of its build: the user's cache directory
    ($XDG_CACHE_HOME/dvo-kb, else ~/.cache/dvo-kb on Linux)."""
    return str(platformdirs.user_cache_path(APP, appauthor=False))


def default_data() -> Path:
    """The user's data directory ($XDG_DATA_HOME/dvo-kb, else ~/.local/share/dvo-kb on Linux):
    outside the installed package and outside a checkout."""
    return platformdirs.user_data_path(APP, appauthor=False)


def cache_setting(value: str | None) -> str | None:
    """The cache directory of a command-line value: "off" (or "none", "") → none."""
    if value is None:
        return default_cache()
    return None if value.strip().lower() in _OFF else value


def extra_setting(value: str | None) -> list[str]:
    """The files of DVO_KB_EXTRA_DATA (separated by os.pathsep)."""
    return [p for p in (value or "").split(os.pathsep) if p.strip()]


class Settings(BaseSettings):
    """Every setting of dvo-kb; each field ``name`` is read from ``DVO_KB_NAME``."""

    model_config = SettingsConfigDict(env_prefix=ENV_PREFIX, extra="ignore")

    # -- the knowledge base --------------------------------------------------------------------
    store: str | None = None  # a directory for an on-disk store, a SPARQL server's query URL; None: in memory
    graph_store: str | None = None  # the server's Graph Store Protocol endpoint (default: derived from store)
    extra_data: Annotated[tuple[str, ...], NoDecode] = ()  # N-Quads or TriG files added to the corpus
    cache: str | None = Field(default_factory=default_cache)  # an in-memory store's dump; None: nowhere
    data: Path = Field(default_factory=default_data)  # the user's documents (added later)
    base_iri: str = DEFAULT_BASE
    working_days: str | None = None  # the calendar of working days (rules/calendar.py); None: holidays-nl

    # -- a draft to check (dvo-kb validate, uploads) -------------------------------------------
    max_draft_chars: int = Field(2_000_000, gt=0)
    max_draft_xml_bytes: int = Field(16 * 1024 * 1024, gt=0)
    max_draft_articles: int = Field(2000, gt=0)

    # -- dvo-kb serve and the CLI ----------------------------------------------------------------
    host: str = "127.0.0.1"
    port: int = Field(8000, ge=0, le=65535)
    workers: int = Field(1, gt=0)  # processes of the service
    debug: bool = False  # a bug's traceback instead of one line

    # -- the service's limits ------------------------------------------------------------------
    query_timeout: float = Field(10.0, gt=0)  # seconds a SPARQL query may take before it is answered with 503
    query_workers: int = Field(4, gt=0)  # SPARQL queries evaluated at once; more wait, within the time limit
    # /sparql queries in worker processes that are killed at the time limit (api/evaluator.py); off: threads
    query_processes: bool = True
    query_memory: int = Field(1 << 30, ge=0)  # bytes one /sparql query may allocate (0: no limit)
    query_recycle_memory: int = Field(256 << 20, ge=0)  # a query worker whose own memory passes this is replaced
    validation_timeout: float = Field(60.0, gt=0)  # seconds the check of one uploaded draft may take
    validation_memory: int = Field(2 << 30, ge=0)  # bytes the check of one draft may allocate (0: no limit)
    # drafts checked at once (each in its own process): two, so that a large draft (up to its time
    # limit) does not hold up a small one sent meanwhile (a drafter's trial, sixteenth session)
    validation_workers: int = Field(2, gt=0)
    max_results: int = Field(10000, gt=0)  # rows (or triples) a SPARQL query may return before it is refused
    max_result_bytes: int = Field(50_000_000, gt=0)  # bytes a serialized /sparql result may have
    # bytes of /sparql answers kept for the same query asked again (api/result_cache.py; 0: off)
    query_cache_bytes: int = Field(64 << 20, ge=0)
    max_query_length: int = Field(100_000, gt=0)  # characters of a SPARQL query
    max_query_depth: int = Field(100, gt=0)  # brackets and braces nested in a SPARQL query
    max_query_operator_depth: int = Field(500, gt=0)  # levels of its algebra
    max_body_bytes: int = Field(1_000_000, gt=0)  # a request body larger than this is refused with 413
    max_upload_bytes: int = Field(5 * 1024 * 1024, gt=0)  # a draft uploaded for validation larger than this: 413
    cors_origins: list[str] = ["*"]
    # may the service add documents to the knowledge base (POST /api/documents, "opnemen in de
    # kennisbank")? None: only while it listens on a loopback address (a person's own machine)
    allow_add: bool | None = None

    @property
    def adding_allowed(self) -> bool:
        if self.allow_add is not None:
            return self.allow_add
        return self.host in ("127.0.0.1", "localhost", "::1")

    @field_validator("*", mode="before")
    @classmethod
    def _empty_is_default(cls, value: Any, info: ValidationInfo) -> Any:
        """An empty variable (DVO_KB_PORT=) is the default; for the cache it is "off"."""
        if isinstance(value, str) and not value.strip() and info.field_name not in ("cache", "extra_data"):
            return cls.model_fields[str(info.field_name)].get_default(call_default_factory=True)
        return value

    @field_validator("cache", mode="before")
    @classmethod
    def _cache(cls, value: Any) -> Any:
        return None if isinstance(value, str) and value.strip().lower() in _OFF else value

    @field_validator("extra_data", mode="before")
    @classmethod
    def _extra(cls, value: Any) -> Any:
        return tuple(extra_setting(value)) if isinstance(value, str) else tuple(value or ())

    @field_validator("max_draft_chars", "max_draft_xml_bytes", "max_draft_articles", mode="before")
    @classmethod
    def _digits(cls, value: Any) -> Any:
        return value.strip().replace("_", "") if isinstance(value, str) else value  # 2_000_000

    def extra_files(self) -> list[str]:
        return list(self.extra_data)

    @property
    def draft_limits(self) -> DraftLimits:
        return DraftLimits(self.max_draft_chars, self.max_draft_xml_bytes, self.max_draft_articles)

    def open_kb(self, rebuild: bool = False, timeout: float | None = None) -> KnowledgeBase:
        """The knowledge base these settings name (built, reused from the cache or the disk, or
        on a SPARQL server); ``timeout``: of a request to a server (default: a query's time
        limit and 5 s)."""
        from .api.sparql_guard import use_grammar_cache
        from .kb import KnowledgeBase

        use_grammar_cache(self.cache)
        return KnowledgeBase.open(self.store, base=self.base_iri, rebuild=rebuild, extra=self.extra_files(),
                                  cache=self.cache, graph_store=self.graph_store,
                                  timeout=timeout if timeout is not None else self.query_timeout + 5)

    def to_environment(self) -> dict[str, str]:
        """These settings as DVO_KB_ variables: what a child process needs to read the same
        settings (see :func:`pass_to_workers`)."""
        env: dict[str, str] = {}
        for name in type(self).model_fields:
            value = getattr(self, name)
            key = ENV_PREFIX + name.upper()
            if name == "extra_data":
                env[key] = os.pathsep.join(value)
            elif name == "cache":
                env[key] = value or "off"
            elif name == "cors_origins":
                env[key] = _json(value)
            elif value is not None:
                env[key] = str(value).lower() if isinstance(value, bool) else str(value)
        return env


def _json(value: Any) -> str:
    import json

    return json.dumps(value)


def _variable(loc: tuple[int | str, ...]) -> str:
    """The variable a field is read from, for an error."""
    return ENV_PREFIX + str(loc[0]).upper() if loc else "DVO_KB_*"


# pydantic's kinds of error in Dutch, then English (the rest: pydantic's own words)
_WHY = {
    "int_parsing": "geef een heel getal (give a whole number)",
    "int_from_float": "geef een heel getal (give a whole number)",
    "float_parsing": "geef een getal (give a number)",
    "bool_parsing": "geef 1 of 0, true of false (give 1 or 0, true or false)",
    "greater_than": "geef een getal groter dan {gt} (give a number above {gt})",
    "greater_than_equal": "geef een getal van ten minste {ge} (give a number of at least {ge})",
    "less_than_equal": "geef een getal van ten hoogste {le} (give a number of at most {le})",
}


def _why(error: Any) -> str:
    text = _WHY.get(error["type"])
    return text.format(**error.get("ctx", {})) if text else str(error["msg"])


def load_settings(**overrides: Any) -> Settings:
    """The settings from the environment, with ``overrides`` (from the command line) above it;
    a value that is not valid is a UserError naming its variable (exit 2)."""
    try:
        return Settings(**overrides)
    except ValidationError as exc:
        problems = "; ".join(f"{_variable(e['loc'])}={e.get('input')!r}: {_why(e)}" for e in exc.errors())
        raise UserError(f"ongeldige instelling (invalid setting): {problems}") from None


def pass_to_workers(settings: Settings) -> None:
    """Puts ``settings`` into this process's environment, for the worker processes of ``dvo-kb
    serve --workers N`` (uvicorn starts them fresh: each reads its settings from the environment
    it inherits, in ``api.main.create_app``). The one place where dvo-kb writes the
    environment; with one worker the settings are handed to the application itself."""
    os.environ.update(settings.to_environment())


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
        """The bounds of the settings (DVO_KB_MAX_DRAFT_CHARS, ..._XML_BYTES, ..._ARTICLES)."""
        return load_settings().draft_limits
