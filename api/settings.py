"""Settings of the service, from the environment (prefix ``DVO_KB_``), with pydantic-settings.

    DVO_KB_HOST=127.0.0.1  DVO_KB_PORT=8000  DVO_KB_BASE_IRI=...
    DVO_KB_STORE=/var/lib/dvo-kb (an on-disk store) or http://127.0.0.1:7878/query (a SPARQL server)
    DVO_KB_GRAPH_STORE=http://127.0.0.1:7878/store  DVO_KB_EXTRA_DATA=more.nq  DVO_KB_CACHE=~/.cache/dvo-kb|off
    DVO_KB_QUERY_TIMEOUT=10  DVO_KB_QUERY_WORKERS=4  DVO_KB_MAX_RESULTS=10000  DVO_KB_MAX_BODY_BYTES=1000000
    DVO_KB_MAX_UPLOAD_BYTES=5242880  (a draft uploaded to /api/validate or /validate)
"""

from __future__ import annotations

from pydantic import field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from ..clauses.iris import DEFAULT_BASE
from ..settings import cache_setting, extra_setting


class ApiSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="DVO_KB_")

    host: str = "127.0.0.1"
    port: int = 8000
    store: str | None = None  # a directory for an on-disk store, or a SPARQL server's query URL; None: in memory
    graph_store: str | None = None  # the server's Graph Store Protocol endpoint (default: derived from store)
    extra_data: str | None = None  # N-Quads or TriG files added to the corpus (separated by os.pathsep)
    cache: str | None = None  # an in-memory store's dump of its build: unset → ~/.cache/dvo-kb; "off" → none
    base_iri: str = DEFAULT_BASE
    query_timeout: float = 10.0  # seconds a SPARQL query may take before it is answered with 503
    query_workers: int = 4  # SPARQL queries evaluated at once (each in its own process); more wait, within the time limit
    # /sparql queries in worker processes that are killed at the time limit (api/evaluator.py); off: threads
    query_processes: bool = True
    query_memory: int = 1 << 30  # bytes one /sparql query may allocate beyond what its worker holds at the start
    query_recycle_memory: int = 256 << 20  # a query worker whose own (copied) memory passes this is replaced
    validation_timeout: float = 60.0  # seconds the check of one uploaded draft may take (in its worker process)
    validation_memory: int = 2 << 30  # bytes the check of one draft may allocate beyond what its worker holds
    validation_workers: int = 1  # drafts checked at once (each in its own process); more wait, within the time limit
    max_results: int = 10000  # rows (or triples) a SPARQL query may return before it is refused
    max_result_bytes: int = 50_000_000  # bytes a serialized /sparql result may have before it is refused
    max_query_length: int = 100_000  # characters of a SPARQL query
    max_query_depth: int = 100  # brackets and braces nested in a SPARQL query
    max_query_operator_depth: int = 500  # levels of its algebra (nesting plus chains of UNION, &&, path steps...)
    max_body_bytes: int = 1_000_000  # a request body larger than this is refused with 413
    max_upload_bytes: int = 5 * 1024 * 1024  # a draft uploaded for validation larger than this is refused with 413
    cors_origins: list[str] = ["*"]

    @field_validator("cache", mode="after")
    @classmethod
    def _cache(cls, v: str | None) -> str | None:
        return cache_setting(v)

    def extra_files(self) -> list[str]:
        return extra_setting(self.extra_data)
