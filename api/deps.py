"""The dependencies of the routers, in one place: the registry of what the service holds once
per process (its one settings instance, the knowledge base and what stands on it, the worker
processes) and the FastAPI dependencies (``Depends(kb_dep)``, ...) that hand it out.

The settings are those the service was created with (``api.main.create_app(settings)``, as
``dvo-kb serve`` does) or, unset, those of the environment (``uvicorn dvo_kb.api.main:app``).
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from typing import Any, Generic, TypeVar

from ..kb import KnowledgeBase
from ..query.ask import Asker
from ..rules.deadlines import Rules
from ..settings import Settings, load_settings
from .evaluator import Evaluator
from .result_cache import ResultCache

T = TypeVar("T")


class Registry:
    """What the service holds once per process. Each part is built when first asked for, once:
    a request that needs what the warm-up is building waits for it instead of building it a
    second time beside it (one build at a time, under one lock)."""

    def __init__(self) -> None:
        self._settings: Settings | None = None
        self._parts: dict[str, Any] = {}
        self._building = threading.RLock()
        # the worker processes that evaluate /sparql queries and check uploaded drafts
        # (api/evaluator.py), started by the service's lifespan; None where that work runs in
        # threads (a server store, the setting off, no lifespan)
        self.evaluator: Evaluator | None = None
        self.validator: Evaluator | None = None

    # -- the settings ----------------------------------------------------------------------------
    @property
    def settings(self) -> Settings:
        if self._settings is None:
            self._settings = load_settings()
        return self._settings

    def configure(self, settings: Settings | None, kb: KnowledgeBase | None = None) -> None:
        """Use ``settings`` (None: the environment's, read when first needed) and ``kb``, the
        knowledge base already opened on them (``dvo-kb serve``); what was built on other
        settings is dropped."""
        if settings is None or settings is not self._settings:
            self._settings = settings
            self._parts.clear()
        if kb is not None:
            self._parts["kb"] = kb

    # -- the parts ---------------------------------------------------------------------------------
    def _part(self, name: str, build: Callable[[], T]) -> T:
        part = self._parts.get(name)
        if part is None:
            with self._building:
                part = self._parts.get(name)
                if part is None:
                    part = self._parts[name] = build()
        return part  # type: ignore[no-any-return]

    def has(self, name: str) -> bool:
        return name in self._parts

    def forget(self, name: str) -> None:
        if name == "settings":
            self._settings = None
        else:
            self._parts.pop(name, None)

    def kb(self) -> KnowledgeBase:
        return self._part("kb", self.settings.open_kb)

    def asker(self) -> Asker:
        # the text index cached beside the graph's dump
        return self._part("asker", lambda: Asker(self.kb(), index_cache=self.settings.cache))

    def rules(self) -> Rules:
        return self._part("rules", lambda: Rules(self.kb()))

    def result_cache(self) -> ResultCache:
        """The kept answers of /sparql (api/result_cache.py) of the knowledge base the service
        holds now (a new one for another, with the settings of that moment): none on a SPARQL
        server, whose data may change behind the service."""
        kb = self.kb()
        part = self._parts.get("result_cache")
        if part is None or part[0] is not kb:
            size = 0 if kb.info.kind == "remote" else self.settings.query_cache_bytes
            part = self._parts["result_cache"] = (kb, ResultCache(size))
        return part[1]  # type: ignore[no-any-return]


registry = Registry()


class _Getter(Generic[T]):
    """``get_kb()`` and the like: a part of the registry; ``get_kb.cache_clear()`` drops it (the
    tests do, to build the service again on other settings)."""

    def __init__(self, name: str, get: Callable[[], T]) -> None:
        self.name, self._get = name, get

    def __call__(self) -> T:
        return self._get()

    def cache_clear(self) -> None:
        registry.forget(self.name)


def _settings() -> Settings:
    return registry.settings


get_settings = _Getter("settings", _settings)
get_kb = _Getter("kb", lambda: registry.kb())
get_asker = _Getter("asker", lambda: registry.asker())
get_rules = _Getter("rules", lambda: registry.rules())
get_result_cache = _Getter("result_cache", lambda: registry.result_cache())


def get_evaluator() -> Evaluator | None:
    """The worker processes of /sparql (api/routers/sparql.py), or None."""
    return registry.evaluator


def get_validator() -> Evaluator | None:
    """The worker processes that check uploaded drafts (api/routers/validate.py), or None."""
    return registry.validator


def warm(*then: Callable[[], object]) -> None:
    """Load the question language and the rules in a background thread once the service has
    started, so that the first question does not wait for them; then ``then`` (other warm-ups,
    after these: they compete for the same interpreter)."""
    def run() -> None:
        registry.asker().index.warm()  # the text index's lemmatiser too, before the first question
        registry.rules()
        for f in then:
            f()

    threading.Thread(target=run, name="warm-up", daemon=True).start()


# -- the dependencies of the routers ---------------------------------------------------------------
# async, so that FastAPI does not hand each of them to its thread pool on every request (a thread
# hop per dependency costs the SPARQL endpoint more than a small query); what is not built yet
# is built in a thread, off the event loop. Tests override these.
async def _ready(name: str, get: Callable[[], T]) -> T:
    if registry.has(name):
        return get()
    return await asyncio.to_thread(get)


async def settings_dep() -> Settings:
    return registry.settings


async def kb_dep() -> KnowledgeBase:
    return await _ready("kb", registry.kb)


async def asker_dep() -> Asker:
    return await _ready("asker", registry.asker)


async def rules_dep() -> Rules:
    return await _ready("rules", registry.rules)
