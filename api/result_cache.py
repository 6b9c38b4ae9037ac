"""The answers of /sparql kept for the same query asked again, on a store that does not change.

The graph of the embedded store (in memory or on disk) does not change while the service runs (a
document added through the service is in the graph after a restart), so the answer to a query is
the same on every call: researchers' tools and dashboards that send the same queries again and
again get the kept answer without a worker evaluating it again (QLever keeps results the same
way). What is kept is the answer as it was sent, keyed by a digest of everything that decides it:
the query's text, the media type chosen from Accept, the protocol's dataset, the base IRI and the
limits. Only answers that were given (200) are kept: a refusal, a time-out or an error is decided
again each time; nor the answer of a query that calls NOW, RAND, UUID, STRUUID or BNODE (new at
each call: sparql_guard's ``volatile``). On a SPARQL server (``DVO_KB_STORE=http...``) nothing is kept: its data may change behind
the service.

Bounded in bytes (``DVO_KB_QUERY_CACHE_BYTES``, 64 MB; 0: off), least recently used out first;
an answer larger than an eighth of that is not kept. Each process of the service has its own.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Kept:
    body: bytes
    media_type: str

    @property
    def cost(self) -> int:
        return len(self.body) + 200  # (its key is a digest of fixed size: key())


def key(*parts: Any) -> bytes:
    """The key of an answer: a digest of everything that decides it, of fixed size whatever the
    request held (a long query, many graph IRIs, a long Host header)."""
    return hashlib.sha256(repr(parts).encode("utf-8", "surrogatepass")).digest()


class ResultCache:
    """A least-recently-used map of keys (digests: :func:`key`) to answers, within ``max_bytes``
    (their bodies, and a little for each entry); used from the event loop only (no lock)."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.max_entry = max_bytes // 8
        self._entries: OrderedDict[Any, Kept] = OrderedDict()
        self.size = 0
        self.hits = self.misses = 0

    def get(self, key: Any) -> Kept | None:
        kept = self._entries.get(key)
        if kept is None:
            self.misses += 1
            return None
        self._entries.move_to_end(key)
        self.hits += 1
        return kept

    def put(self, key: Any, kept: Kept) -> None:
        if self.max_bytes <= 0 or kept.cost > self.max_entry or key in self._entries:
            return
        self._entries[key] = kept
        self.size += kept.cost
        while self.size > self.max_bytes and self._entries:
            self.size -= self._entries.popitem(last=False)[1].cost

    def __len__(self) -> int:
        return len(self._entries)

