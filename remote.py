"""A knowledge base on a SPARQL 1.1 server over HTTP (Oxigraph server, Fuseki, Virtuoso, GraphDB).

The server holds the graph that ``dvo-kb publish`` put there: one named graph per document (and
the ontology and the shared graph). Its default graph must be the union of its named graphs, as
dvo-kb's own store has it: Oxigraph ``serve --union-default-graph``, Fuseki
``tdb2:unionDefaultGraph true``; Virtuoso and GraphDB do so by default. ``connect`` checks this
and says what to do when it is not so.

Queries go to the query endpoint (SPARQL 1.1 Protocol, POST form). The protocol has no way to
bind a variable, so values bound by ``substitutions`` travel as a ``VALUES`` block of RDF terms
(written by pyoxigraph, as N-Triples terms) at the start of the query's WHERE group: never as
text spliced into the query. Every template of dvo-kb projects its bound variables and uses them
in its outermost group, so the block gives the same answers as pyoxigraph's substitution.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import httpx
import pyoxigraph as ox

from .store import PREFIXES, BuildInfo, KnowledgeBase, QuerySyntaxError, StoreError

RESULTS_JSON = "application/sparql-results+json"
ACCEPT = f"{RESULTS_JSON}, application/n-triples;q=0.9"
GRAPH_FORMATS = {"application/n-triples": ox.RdfFormat.N_TRIPLES, "text/turtle": ox.RdfFormat.TURTLE,
                 "application/rdf+xml": ox.RdfFormat.RDF_XML, "application/n-quads": ox.RdfFormat.N_QUADS}
PROLOGUE = "".join(f"PREFIX {k}: <{v}>\n" for k, v in PREFIXES.items())
DVO = PREFIXES["dvo"]


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


# -- values bound as a VALUES block --------------------------------------------------------------
_SKIP = re.compile(r'''
    (?P<comment>\#[^\n]*)
  | (?P<string>"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
  | (?P<iri><[^<>"{}|^`\\\s]*>)
  | (?P<var>[?$][A-Za-z0-9_]+)
  | (?P<word>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<open>\{)
  | (?P<close>\})
''', re.VERBOSE)
FORMS = ("SELECT", "CONSTRUCT", "ASK", "DESCRIBE")


def where_group(query: str) -> int:
    """The offset just after the opening brace of the query's WHERE group (outside comments,
    strings and IRIs); for a CONSTRUCT, the brace after WHERE, not the template's."""
    form: str | None = None
    template = where = False
    depth = 0
    for m in _SKIP.finditer(query):
        kind = m.lastgroup
        if kind == "word":
            w = m.group().upper()
            if form is None and w in FORMS:
                form = w
            elif w == "WHERE" and depth == 0:
                where = True
        elif kind == "open":
            if form == "CONSTRUCT" and not where:
                template = True
                depth += 1
                continue
            if depth == 0:
                if form == "CONSTRUCT" and not template:
                    break  # CONSTRUCT WHERE { ... }: the group is the template
                return m.end()
            depth += 1
        elif kind == "close":
            depth -= 1
    raise ValueError("values can only be bound in a query with a WHERE group (not in CONSTRUCT WHERE { ... })")


def bind_values(query: str, substitutions: Mapping[str, Any] | None) -> str:
    """The query with a VALUES block of the bound terms at the start of its WHERE group."""
    if not substitutions:
        return query
    return bind_rows(query, list(substitutions), [list(substitutions.values())])


def bind_rows(query: str, names: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """The query with a VALUES block of several rows of terms (one per solution) at the start of
    its WHERE group: the one way values reach a query on a server."""
    for name in names:
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            raise ValueError(f"not a variable name: {name!r}")
    lines = []
    for row in rows:
        for name, term in zip(names, row, strict=True):
            if not isinstance(term, (ox.NamedNode, ox.Literal)):
                raise ValueError(f"?{name}: only IRIs and literals can be bound on a SPARQL server, not {term!r}")
        # pyoxigraph writes each term in N-Triples syntax, escaped
        lines.append("(" + " ".join(str(term) for term in row) + ")")
    at = where_group(query)
    block = f" VALUES ({' '.join('?' + n for n in names)}) {{ {' '.join(lines)} }} "
    return query[:at] + block + query[at:]


# -- the knowledge base --------------------------------------------------------------------------
class RemoteKnowledgeBase(KnowledgeBase):
    """The knowledge base on a SPARQL 1.1 server: the same methods as the embedded store."""

    def __init__(self, endpoint: str, graph_store: str | None, info: BuildInfo, base: str,
                 timeout: float = 30.0) -> None:
        self.endpoint = endpoint
        self.graph_store = graph_store
        self.info = info
        self.base = base
        self.timeout = timeout
        self._local = threading.local()

    @property
    def store(self) -> ox.Store:  # type: ignore[override]
        raise StoreError(f"the graph is on the SPARQL server at {self.endpoint}: there is no embedded store")

    def _client(self) -> httpx.Client:
        c = getattr(self._local, "client", None)
        if c is None:
            c = self._local.client = httpx.Client(timeout=self.timeout)
        return c

    @classmethod
    def connect(cls, endpoint: str, base: str, graph_store: str | None = None, timeout: float = 30.0) -> RemoteKnowledgeBase:
        t0 = time.perf_counter()
        kb = cls(endpoint, graph_store or default_graph_store(endpoint), BuildInfo(0, 0, 0.0, True, endpoint, "remote"),
                 base, timeout)
        kb.check()
        kb.info.graphs = len(kb.graph_names())
        rows = kb.select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
        kb.info.triples = int(rows[0]["n"]) if rows else 0
        kb.info.seconds = time.perf_counter() - t0
        return kb

    def check(self) -> None:
        """The server answers, holds a dvo-kb graph, and its default graph is the union."""
        if bool(self.query("ASK { ?d dvo:documentId ?id ; dvo:hasArticle ?a }")):
            return
        if bool(self.query("ASK { GRAPH ?g { ?d dvo:documentId ?id ; dvo:hasArticle ?a } }")):
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

    def query(self, sparql: str, substitutions: Mapping[str, Any] | None = None, *,
              default_graph: Sequence[ox.NamedNode] | None = None,
              named_graphs: Sequence[ox.NamedNode] | None = None, base_iri: str | None = None) -> Any:
        try:
            bound = bind_values(sparql, substitutions)
        except ValueError as exc:
            raise StoreError(str(exc)) from None
        return self._run(bound, default_graph, named_graphs, base_iri)

    def _run(self, sparql: str, default_graph: Sequence[ox.NamedNode] | None = None,
             named_graphs: Sequence[ox.NamedNode] | None = None, base_iri: str | None = None) -> Any:
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
        if r.status_code != 200:
            raise StoreError(f"the SPARQL server at {self.endpoint} answered {r.status_code}: {r.text.strip()[:300]}")
        ctype = r.headers.get("content-type", "").split(";")[0].strip().lower()
        if ctype in (RESULTS_JSON, "application/json"):
            return ox.parse_query_results(r.content, format=ox.QueryResultsFormat.JSON)
        if ctype in GRAPH_FORMATS:
            return RemoteTriples(ox.parse(r.content, format=GRAPH_FORMATS[ctype]))  # type: ignore[arg-type]
        raise StoreError(f"the SPARQL server at {self.endpoint} answered in {ctype!r}, which dvo-kb does not read")

    def quads(self, subject: Any = None, predicate: Any = None, obj: Any = None,
              graph: ox.NamedNode | None = None) -> list[ox.Quad]:
        subs = {k: v for k, v in (("s", subject), ("p", predicate), ("o", obj), ("g", graph)) if v is not None}
        q = ("SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }" if graph is not None
             else "SELECT ?s ?p ?o WHERE { ?s ?p ?o }")
        g = graph or ox.DefaultGraph()
        return [ox.Quad(sol["s"], sol["p"], sol["o"], g) for sol in self.query(q, subs)]

    def graph_names(self) -> list[str]:
        return sorted(r["g"] for r in self.select("SELECT DISTINCT ?g WHERE { GRAPH ?g { } }"))

    def objects(self, subjects: Iterable[str], path: Sequence[str]) -> dict[str, list[str]]:
        """As the embedded store's, in one query per 200 subjects: the subjects and the path's
        predicates are bound as rows of a VALUES block (bind_rows); the query text holds only
        variables, one ?p{i} a step of the path."""
        steps = " . ".join(f"?x{i} ?p{i} ?x{i + 1}" for i in range(len(path)))
        query = f"SELECT DISTINCT ?x0 ?x{len(path)} WHERE {{ {steps} }}"
        names = ["x0", *(f"p{i}" for i in range(len(path)))]
        preds = [ox.NamedNode(p) for p in path]
        found: dict[str, set[str]] = {}
        todo = [ox.NamedNode(s) for s in dict.fromkeys(subjects)]
        for i in range(0, len(todo), 200):
            for sol in self._run(bind_rows(query, names, [[s, *preds] for s in todo[i:i + 200]])):
                found.setdefault(sol["x0"].value, set()).add(sol[f"x{len(path)}"].value)
        return {k: sorted(v) for k, v in found.items()}

    def named_quads(self) -> list[ox.Quad]:
        return [ox.Quad(s["s"], s["p"], s["o"], s["g"])
                for s in self.query("SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }")]
