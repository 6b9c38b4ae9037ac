"""Settings of the service, from the environment (prefix ``DVO_KB_``), with pydantic-settings.

    DVO_KB_HOST=127.0.0.1  DVO_KB_PORT=8000  DVO_KB_STORE=/var/lib/dvo-kb  DVO_KB_BASE_IRI=...
    DVO_KB_QUERY_TIMEOUT=10  DVO_KB_QUERY_WORKERS=4  DVO_KB_MAX_RESULTS=10000  DVO_KB_MAX_BODY_BYTES=1000000
    DVO_KB_MAX_UPLOAD_BYTES=5242880  (a draft uploaded to /api/validate or /validate)
"""

from __future__ import annotations

from pydantic_settings import BaseSettings, SettingsConfigDict

from ..clauses.iris import DEFAULT_BASE


class ApiSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="DVO_KB_")

    host: str = "127.0.0.1"
    port: int = 8000
    store: str | None = None  # a directory for an on-disk store; None: in memory
    base_iri: str = DEFAULT_BASE
    query_timeout: float = 10.0  # seconds a SPARQL query may take before it is answered with 503
    query_workers: int = 4  # SPARQL queries evaluated at once (each in its own thread); more wait, within the time limit
    max_results: int = 10000  # rows (or triples) a SPARQL query may return before it is refused
    max_body_bytes: int = 1_000_000  # a request body larger than this is refused with 413
    max_upload_bytes: int = 5 * 1024 * 1024  # a draft uploaded for validation larger than this is refused with 413
    cors_origins: list[str] = ["*"]
