"""``dvo-kb publish``: the built graph into a SPARQL server, over the Graph Store Protocol.

Every named graph of the build (one per document, the ontology, the shared graph) is sent with
an HTTP PUT to ``{graph store}?graph={name}``, which replaces that graph on the server in one
step: a reader sees a document's old graph or its new one, never half of it (each PUT is one
transaction on Oxigraph and Fuseki). Graphs under the knowledge base's ``graph/`` IRIs that
the build no longer has (a document that left the corpus) are deleted, when the server's query
endpoint is known; graphs of other datasets on the same server are never touched.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

import httpx
import pyoxigraph as ox

from .store import KnowledgeBase, StoreError


@dataclass
class PublishReport:
    graph_store: str
    graphs: int = 0
    triples: int = 0
    deleted: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def to_json(self) -> dict[str, Any]:
        return {"graph_store": self.graph_store, "graphs": self.graphs, "triples": self.triples,
                "deleted": self.deleted, "seconds": round(self.seconds, 3)}


def query_endpoint_of(graph_store: str) -> str | None:
    """The query endpoint beside a Graph Store endpoint: Oxigraph /store → /query, Fuseki /data → /query."""
    for tail in ("/store", "/data"):
        if graph_store.endswith(tail):
            return graph_store[: -len(tail)] + "/query"
    return None


def publish(kb: KnowledgeBase, graph_store: str, query_endpoint: str | None = None, prune: bool = True,
            timeout: float = 120.0) -> PublishReport:
    """Puts every named graph of ``kb`` into the server at ``graph_store``."""
    if not graph_store.startswith(("http://", "https://")):
        raise StoreError(f"--to must be the http(s) URL of a Graph Store Protocol endpoint, not {graph_store!r}")
    t0 = time.perf_counter()
    report = PublishReport(graph_store)
    names = kb.graph_names()
    with httpx.Client(timeout=timeout) as client:
        for name in names:
            triples = [ox.Triple(q.subject, q.predicate, q.object) for q in kb.quads(graph=ox.NamedNode(name))]
            body = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
            try:
                r = client.put(graph_store, params={"graph": name}, content=body,
                               headers={"Content-Type": "application/n-triples"})
            except httpx.HTTPError as exc:
                raise StoreError(f"cannot reach the graph store at {graph_store}: {exc}") from None
            if r.status_code not in (200, 201, 204):
                raise StoreError(f"the graph store at {graph_store} refused graph <{name}> with {r.status_code}: "
                                 f"{r.text.strip()[:300]}")
            report.graphs += 1
            report.triples += len(triples)
        endpoint = query_endpoint or query_endpoint_of(graph_store)
        if prune and endpoint:
            from .remote import RemoteKnowledgeBase
            from .store import BuildInfo

            # only its graph names are needed: not connect(), which also counts every triple
            remote = RemoteKnowledgeBase(endpoint, graph_store, BuildInfo(0, 0, 0.0, True, endpoint, "remote"),
                                         kb.base, timeout)
            ours = kb.base + "graph/"
            for g in remote.graph_names():
                if g.startswith(ours) and g not in names:
                    r = client.delete(graph_store, params={"graph": g})
                    if r.status_code not in (200, 204, 404):
                        raise StoreError(f"the graph store at {graph_store} did not delete <{g}>: {r.status_code}")
                    report.deleted.append(g)
    report.seconds = time.perf_counter() - t0
    return report
