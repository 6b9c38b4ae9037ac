"""Dependencies of the routers: the one knowledge base of the process and what stands on it."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from functools import lru_cache
from typing import Any, TypeVar

from ..query.ask import Asker
from ..rules.deadlines import Rules
from ..store import KnowledgeBase
from .evaluator import Evaluator
from .settings import ApiSettings

T = TypeVar("T")


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
    return Asker(get_kb(), index_cache=get_settings().cache)  # the text index cached beside the graph's dump


@lru_cache(maxsize=1)
def get_rules() -> Rules:
    return Rules(get_kb())


_building = threading.Lock()


def _locked(build: Callable[[], T]) -> T:
    """One build at a time: a request that needs what the warm-up is building waits for it
    instead of building it a second time beside it."""
    with _building:
        return build()


def warm(*then: Callable[[], object]) -> None:
    """Load the question language and the rules in a background thread once the service has
    started, so that the first question does not wait for them; then ``then`` (other warm-ups,
    after these: they compete for the same interpreter)."""
    def run() -> None:
        _locked(get_asker).index.warm()  # the text index's lemmatiser too, before the first question
        _locked(get_rules)
        for f in then:
            f()

    threading.Thread(target=run, name="warm-up", daemon=True).start()


# -- the dependencies of the routers ---------------------------------------------------------------
# async, so that FastAPI does not hand each of them to its thread pool on every request (a thread
# hop per dependency costs the SPARQL endpoint more than a small query); what is not built yet
# is built in a thread, off the event loop. Tests override these.
async def _cached(build: Callable[[], T]) -> T:
    info: Any = getattr(build, "cache_info", None)
    if info is not None and info().currsize:
        return build()
    return await asyncio.to_thread(_locked, build)


async def settings_dep() -> ApiSettings:
    return get_settings()


async def kb_dep() -> KnowledgeBase:
    return await _cached(get_kb)


async def asker_dep() -> Asker:
    return await _cached(get_asker)


async def rules_dep() -> Rules:
    return await _cached(get_rules)


# the worker processes that evaluate /sparql queries (api/evaluator.py), started by the service's
# lifespan; None where queries run in threads (a server store, the setting off, no lifespan)
_evaluator: list[Evaluator | None] = [None]


def get_evaluator() -> Evaluator | None:
    return _evaluator[0]


def set_evaluator(evaluator: Evaluator | None) -> None:
    _evaluator[0] = evaluator


_validator: list[Evaluator | None] = [None]


def get_validator() -> Evaluator | None:
    """The worker processes that check uploaded drafts (api/routers/validate.py), or None."""
    return _validator[0]


def set_validator(evaluator: Evaluator | None) -> None:
    _validator[0] = evaluator
