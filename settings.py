"""Settings from the environment (prefix ``DVO_KB_``), shared by the CLI and the service."""

from __future__ import annotations

import os
from dataclasses import dataclass

from .clauses.iris import DEFAULT_BASE


@dataclass(frozen=True)
class Settings:
    base_iri: str = DEFAULT_BASE
    store: str | None = None  # a directory for an on-disk store; None: in memory

    @classmethod
    def from_env(cls) -> Settings:
        return cls(base_iri=os.environ.get("DVO_KB_BASE_IRI", DEFAULT_BASE),
                   store=os.environ.get("DVO_KB_STORE") or None)
