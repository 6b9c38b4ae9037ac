"""Dependencies of the routers: the one knowledge base of the process and what stands on it."""

from __future__ import annotations

import threading
from functools import lru_cache

from ..query.ask import Asker
from ..rules.deadlines import Rules
from ..store import KnowledgeBase
from .settings import ApiSettings


@lru_cache(maxsize=1)
def get_settings() -> ApiSettings:
    return ApiSettings()


@lru_cache(maxsize=1)
def get_kb() -> KnowledgeBase:
    s = get_settings()
    return KnowledgeBase.open(s.store, base=s.base_iri, extra=s.extra_files(), cache=s.cache,
                              graph_store=s.graph_store, timeout=s.query_timeout + 5)


@lru_cache(maxsize=1)
def get_asker() -> Asker:
    return Asker(get_kb())


@lru_cache(maxsize=1)
def get_rules() -> Rules:
    return Rules(get_kb())


def warm() -> None:
    """Load the question language and the rules in a background thread once the service has
    started, so that the first question does not wait for them."""
    threading.Thread(target=lambda: (get_asker(), get_rules()), name="warm-up", daemon=True).start()
