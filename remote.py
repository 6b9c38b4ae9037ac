"""A knowledge base on a SPARQL 1.1 server over HTTP (Oxigraph server, Fuseki, Virtuoso, GraphDB).

The server holds the graph that ``dvo-kb publish`` put there: one named graph per document (and
the ontology and the shared graph). Its default graph must be the union of its named graphs, as
dvo-kb's own store has it: Oxigraph ``serve --union-default-graph``, Fuseki
``tdb2:unionDefaultGraph true``; Virtuoso and GraphDB do so by default. ``connect`` checks this
and says what to do when it is not so.

Queries go to the query endpoint (SPARQL 1.1 Protocol, POST form). The protocol has no way to
bind a variable, so values bound by ``substitutions`` travel as a ``VALUES`` block of RDF terms
(written by pyoxigraph, as N-Triples terms) at the start of the query's WHERE group, which is
found by parsing the query with the SPARQL 1.1 grammar of the endpoint's guard
(:mod:`dvo_kb.binding`): never as text spliced into the query, no regular expression over it. Every template of dvo-kb projects its bound variables and uses them
in its outermost group, so the block gives the same answers as pyoxigraph's substitution.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterable, Sequence
from typing import Any

import httpx
import pyoxigraph as ox

from . import sparql
from .binding import bind_rows, bind_values, where_group  # noqa: F401 (the names callers used from here)
from .kb import (
    PREFIXES,
    BuildInfo,
    KnowledgeBase,
    Options,
    QueryResult,
    QuerySyntaxError,
    StoreError,
    Subject,
    Substitutions,
    Term,
)

RESULTS_JSON = "application/sparql-results+json"
ACCEPT = f"{RESULTS_JSON}, application/n-triples;q=0.9"
GRAPH_FORMATS = {"application/n-triples": ox.RdfFormat.N_TRIPLES, "text/turtle": ox.RdfFormat.TURTLE,
                 "application/rdf+xml": ox.RdfFormat.RDF_XML, "application/n-quads": ox.RdfFormat.N_QUADS}
PROLOGUE = "".join(f"PREFIX {k}: <{v}>\n" for k, v in PREFIXES.items())
DVO = PREFIXES["dvo"]
MAX_PATH = 4  # the longest path objects() follows (queries/path-1.rq ... path-4.rq)


class StoreTimeout(StoreError):
    """The server did not answer within the time limit."""


class RemoteTriples(list[ox.Triple]):
    """The triples of a CONSTRUCT or DESCRIBE answered by the server."""


def default_graph_store(endpoint: str) -> str | None:
    """The Graph Store Protocol endpoint beside a query endpoint, where the server's layout
    tells it: Oxigraph ``/query`` → ``/store``; Fuseki ``/{ds}/sparql`` or ``/{ds}/query`` →
    ``/{ds}/data``."""
    if endpoint.endswith("/query"):
        head = endpoint[: -len("/query")]
        return head + ("/data" if head.rstrip("/").count("/") > 2 else "/store")
    if endpoint.endswith("/sparql"):
        return endpoint[: -len("/sparql")] + "/data"
    return None


def _query(name: str) -> sparql.Query:
    """The server store's queries, in queries/ beside this module (read when first used)."""
    return sparql.load(f"queries/{name}.rq")


# -- the knowledge base --------------------------------------------------------------------------
class RemoteKnowledgeBase(KnowledgeBase):
    """The knowledge base on a SPARQL 1.1 server: the contract of :mod:`dvo_kb.kb` over HTTP."""

    def __init__(self, endpoint: str, graph_store: str | None, info: BuildInfo, base: str,
                 timeout: float = 30.0) -> None:
        self.endpoint = endpoint
        self.graph_store = graph_store
        self.info = info
        self.base = base
        self.timeout = timeout
        self._local = threading.local()

    def _client(self) -> httpx.Client:
        c = getattr(self._local, "client", None)
        if c is None:
            c = self._local.client = httpx.Client(timeout=self.timeout)
        return c

    @classmethod
    def open_at(cls, location: str | os.PathLike[str] | None, options: Options) -> RemoteKnowledgeBase:
        if options.extra:
            raise StoreError("extra data cannot be added to a remote store: publish it there instead")
        return cls.connect(str(location), base=options.base, graph_store=options.graph_store, timeout=options.timeout)

    @classmethod
    def connect(cls, endpoint: str, base: str, graph_store: str | None = None, timeout: float = 30.0) -> RemoteKnowledgeBase:
        t0 = time.perf_counter()
        kb = cls(endpoint, graph_store or default_graph_store(endpoint), BuildInfo(0, 0, 0.0, True, endpoint, "remote"),
                 base, timeout)
        kb.check()
        kb.info.graphs = len(kb.graph_names())
        rows = kb.select(_query("count"))
        kb.info.triples = int(rows[0]["n"]) if rows else 0
        kb.info.seconds = time.perf_counter() - t0
        return kb

    def check(self) -> None:
        """The server answers, holds a dvo-kb graph, and its default graph is the union."""
        if self.ask(_query("corpus")):
            return
        if self.ask(_query("corpus_in_graphs")):
            raise StoreError(f"the SPARQL server at {self.endpoint} holds the dvo-kb graphs, but its default graph is "
                             f"not the union of its named graphs: start Oxigraph with --union-default-graph (Fuseki: "
                             f"tdb2:unionDefaultGraph true)")
        raise StoreError(f"the SPARQL server at {self.endpoint} holds no dvo-kb graph: load it with "
                         f"`dvo-kb publish --to {self.graph_store or 'GRAPH-STORE-URL'}`")

    def _post(self, url: str, **kwargs: Any) -> httpx.Response:
        try:
            return self._client().post(url, **kwargs)
        except httpx.TimeoutException:
            raise StoreTimeout(f"the SPARQL server at {url} did not answer within {self.timeout:g} s") from None
        except httpx.HTTPError as exc:
            raise StoreError(f"cannot reach the SPARQL server at {url}: {exc}") from None

    def query(self, sparql: str, substitutions: Substitutions | None = None, *,
              default_graph: Sequence[ox.NamedNode] | None = None,
              named_graphs: Sequence[ox.NamedNode] | None = None, base_iri: str | None = None) -> QueryResult:
        """See :meth:`KnowledgeBase.query`; values are bound as a VALUES block (:func:`bind_values`).
        The result: solutions and booleans as pyoxigraph reads the server's JSON, triples as a list."""
        try:
            bound = bind_values(sparql, substitutions)
        except ValueError as exc:
            raise StoreError(str(exc)) from None
        return self._run(bound, default_graph, named_graphs, base_iri)

    def _run(self, sparql: str, default_graph: Sequence[ox.NamedNode] | None = None,
             named_graphs: Sequence[ox.NamedNode] | None = None, base_iri: str | None = None) -> QueryResult:
        """A query whose values are already bound (bind_values, bind_rows), sent to the server.
        A dataset given is sent as the protocol's, which replaces the query's: a part left empty
        is empty there too (SPARQL 1.1 Protocol §2.1.4). The base IRI is
        a BASE before the query's own prologue (a BASE of the query is resolved against it)."""
        text = (f"BASE <{base_iri}>\n" if base_iri else "") + PROLOGUE + sparql
        data: dict[str, Any] = {"query": text}
        if default_graph:
            data["default-graph-uri"] = [g.value for g in default_graph]
        if named_graphs:
            data["named-graph-uri"] = [g.value for g in named_graphs]
        r = self._post(self.endpoint, data=data, headers={"Accept": ACCEPT})
        if r.status_code == 400:
            raise QuerySyntaxError(r.text.strip()[:1000] or "the server refused the query")
        if r.status_code != 200 and r.text.strip().startswith("The custom function "):
            # the query's fault, not the server's (Oxigraph answers 500): as the embedded store says it
            raise RuntimeError(r.text.strip()[:300])
        if r.status_code != 200:
            raise StoreError(f"the SPARQL server at {self.endpoint} answered {r.status_code}: {r.text.strip()[:300]}")
        ctype = r.headers.get("content-type", "").split(";")[0].strip().lower()
        if ctype in (RESULTS_JSON, "application/json"):
            result: QueryResult = ox.parse_query_results(r.content, format=ox.QueryResultsFormat.JSON)
            return result
        if ctype in GRAPH_FORMATS:
            return RemoteTriples(ox.parse(r.content, format=GRAPH_FORMATS[ctype]))  # type: ignore[arg-type]
        raise StoreError(f"the SPARQL server at {self.endpoint} answered in {ctype!r}, which dvo-kb does not read")

    def _solutions(self, sparql: str) -> ox.QuerySolutions:
        res = self._run(sparql)
        if not isinstance(res, ox.QuerySolutions):
            raise StoreError(f"the SPARQL server at {self.endpoint} did not answer a SELECT with solutions")
        return res

    def quads(self, subject: Subject | None = None, predicate: ox.NamedNode | None = None, obj: Term | None = None,
              graph: ox.NamedNode | None = None) -> list[ox.Quad]:
        subs = {k: v for k, v in (("s", subject), ("p", predicate), ("o", obj), ("g", graph)) if v is not None}
        g = graph or ox.DefaultGraph()
        return [ox.Quad(sol["s"], sol["p"], sol["o"], g)
                for sol in self.solutions(_query("quads" if graph is not None else "triples"), subs)]

    def graph_names(self) -> list[str]:
        return sorted(r["g"] for r in self.select(_query("graphs")))

    def objects(self, subjects: Iterable[str], path: Sequence[str]) -> dict[str, list[str]]:
        """As the contract's, in one query per 200 subjects (``queries/path-N.rq``, N the length of
        the path): the subjects and the path's predicates are bound as rows of a VALUES block
        (bind_rows), so the path is followed on the server, through blank nodes too."""
        if not 1 <= len(path) <= MAX_PATH:
            raise StoreError(f"a path of 1 to {MAX_PATH} predicates, not {len(path)}")
        query = _query(f"path-{len(path)}")
        names = ["x0", *(f"p{i}" for i in range(len(path)))]
        preds = [ox.NamedNode(p) for p in path]
        found: dict[str, set[str]] = {}
        todo = []
        for s in dict.fromkeys(subjects):
            try:
                todo.append(ox.NamedNode(s))
            except ValueError:  # not an IRI: no values, as on the embedded store
                continue
        for i in range(0, len(todo), 200):
            for sol in self._solutions(bind_rows(query, names, [[s, *preds] for s in todo[i:i + 200]])):
                found.setdefault(sol["x0"].value, set()).add(sol["end"].value)
        return {k: sorted(v) for k, v in found.items()}

    def named_quads(self) -> list[ox.Quad]:
        return [ox.Quad(s["s"], s["p"], s["o"], s["g"]) for s in self.solutions(_query("quads"))]
