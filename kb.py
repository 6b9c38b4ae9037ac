"""The store contract: what every knowledge base offers the code above it, whatever holds the
graph (as RDFLib's ``Store`` is for its graphs).

A backend is one module with one subclass of :class:`KnowledgeBase` that implements the four
primitives (``query``, ``quads``, ``graph_names``, ``named_quads``) and ``open_at`` (make one
from a location and :class:`Options`), and one line in :data:`BACKENDS` (the first whose test
accepts the location is used):

- :mod:`dvo_kb.store`: embedded pyoxigraph, in memory or in a directory (``EmbeddedKnowledgeBase``);
- :mod:`dvo_kb.remote`: a SPARQL 1.1 server over HTTP (``RemoteKnowledgeBase``).

The typed readings are shared: ``select`` (rows of strings), ``ask`` (a bool), ``construct``
(triples), ``objects`` and ``health``. Values reach a query only as bound RDF terms
(``substitutions``), never as text; the queries themselves are ``.rq`` files read with
:func:`dvo_kb.sparql.load`. The default graph is the union of the named graphs, one per document.

This module imports no backend: ``KnowledgeBase.open`` finds them by name in :data:`BACKENDS`.
"""

from __future__ import annotations

import importlib
import os
import re
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeAlias

import pyoxigraph as ox

from . import sparql
from .clauses.iris import DEFAULT_BASE
from .errors import UserError
from .ontology.namespace import DVO_NS

# the prefixes every store predeclares for every query
PREFIXES = {
    "dvo": DVO_NS,
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "prov": "http://www.w3.org/ns/prov#",
    "dcterms": "http://purl.org/dc/terms/",
    "eli": "http://data.europa.eu/eli/ontology#",
}

# -- typed results ---------------------------------------------------------------------------------
Term: TypeAlias = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple
Subject: TypeAlias = ox.NamedNode | ox.BlankNode | ox.Triple
Row: TypeAlias = dict[str, Any]  # a solution of select(): variable -> the term's value (str), or None if unbound
Triples: TypeAlias = list[ox.Triple]  # a CONSTRUCT or DESCRIBE
# what query() gives, streamed where the store can: solutions, a boolean, or triples
QueryResult: TypeAlias = ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples | Triples
Substitutions: TypeAlias = Mapping[str, Term]


class StoreError(UserError):
    """The store cannot be used: a server that does not answer or holds no dvo-kb graph, a bad
    extra data file, a locked directory."""


class QuerySyntaxError(SyntaxError):
    """A query the store refused as malformed (the server's message)."""


class WrongForm(TypeError):
    """A query of another form than the reading asked for (a SELECT given to ``ask``...)."""


@dataclass
class BuildInfo:
    triples: int
    graphs: int
    seconds: float
    reused: bool
    path: str | None
    kind: str = "memory"  # memory | disk | remote
    fingerprint: str | None = None
    # what became of the cached dump of an in-memory store (or the marker of an on-disk one):
    # "reused", "built" (none to reuse), "rebuilt: <why>" (one was there but did not match), "off"
    cache_status: str = "off"
    quads: int | None = None  # the quads the store held once loaded (named graphs and the default graph)


@dataclass(frozen=True)
class Options:
    """How to open a knowledge base; a backend refuses (StoreError) what it cannot do."""

    base: str = DEFAULT_BASE
    rebuild: bool = False
    extra: tuple[str | os.PathLike[str], ...] = ()  # N-Quads or TriG files added to the built corpus
    cache: str | os.PathLike[str] | None = None  # a directory for the dump of an in-memory build
    graph_store: str | None = None  # a server's Graph Store Protocol endpoint
    timeout: float = 30.0  # seconds, for a server


def is_remote(location: str | os.PathLike[str] | None) -> bool:
    return isinstance(location, str) and bool(re.match(r"^https?://", location))


@dataclass(frozen=True)
class Backend:
    name: str
    accepts: Callable[[str | os.PathLike[str] | None], bool]
    target: str  # "module:Class", imported when chosen

    def load(self) -> type[KnowledgeBase]:
        module, _, cls = self.target.partition(":")
        found: type[KnowledgeBase] = getattr(importlib.import_module(module), cls)
        return found


# tried in order; the last one (the default) accepts everything
BACKENDS: list[Backend] = [
    Backend("remote", is_remote, "dvo_kb.remote:RemoteKnowledgeBase"),
    Backend("embedded", lambda location: True, "dvo_kb.store:EmbeddedKnowledgeBase"),
]


class KnowledgeBase(ABC):
    """The knowledge base, on whichever store holds the graph (see the module's docstring)."""

    info: BuildInfo
    base: str

    def __new__(cls, *args: Any, **kwargs: Any) -> Any:
        # KnowledgeBase(ox_store, info, base), as before there was a contract: the embedded store
        return object.__new__(BACKENDS[-1].load() if cls is KnowledgeBase else cls)

    # -- opening ------------------------------------------------------------------------------------
    @classmethod
    def open(cls, location: str | os.PathLike[str] | None = None, base: str = DEFAULT_BASE, rebuild: bool = False,
             extra: Sequence[str | os.PathLike[str]] = (), cache: str | os.PathLike[str] | None = None,
             graph_store: str | None = None, timeout: float = 30.0) -> KnowledgeBase:
        """The knowledge base at ``location`` (the setting ``DVO_KB_STORE``): nothing, an embedded
        store in memory; a directory, an embedded store on disk; an ``http(s)://`` URL, the query
        endpoint of a SPARQL 1.1 server. (On a backend's class, that backend: ``EmbeddedKnowledgeBase.open()``.)"""
        options = Options(base, rebuild, tuple(extra), cache, graph_store, timeout)
        if cls is not KnowledgeBase:
            return cls.open_at(location, options)
        backend = next(b for b in BACKENDS if b.accepts(location))
        return backend.load().open_at(location, options)

    @classmethod
    @abstractmethod
    def open_at(cls, location: str | os.PathLike[str] | None, options: Options) -> KnowledgeBase:
        """This backend's knowledge base at ``location``."""

    # -- the primitives a backend implements --------------------------------------------------------
    @abstractmethod
    def query(self, sparql: str, substitutions: Substitutions | None = None, *,
              default_graph: Sequence[ox.NamedNode] | None = None,
              named_graphs: Sequence[ox.NamedNode] | None = None, base_iri: str | None = None) -> QueryResult:
        """Runs a SPARQL query, on the default graph (the union of all graphs) unless a dataset
        is given: ``default_graph`` and ``named_graphs`` replace the query's own (an empty list
        is an empty default graph, or no named graph at all). Values for variables are bound with
        ``substitutions`` (never spliced into the query string); relative IRIs are resolved
        against ``base_iri``. Raises SyntaxError for a malformed query."""

    @abstractmethod
    def quads(self, subject: Subject | None = None, predicate: ox.NamedNode | None = None, obj: Term | None = None,
              graph: ox.NamedNode | None = None) -> list[ox.Quad]:
        """The quads that match a pattern, in a named graph or (None) in the default graph."""

    @abstractmethod
    def graph_names(self) -> list[str]:
        """The named graphs (sorted): one per document, the ontology, the shared graph."""

    @abstractmethod
    def named_quads(self) -> list[ox.Quad]:
        """Every triple in its named graph (without the default graph, which repeats them)."""

    # -- typed readings, the same on every store ----------------------------------------------------
    def solutions(self, sparql: str, substitutions: Substitutions | None = None) -> ox.QuerySolutions:
        res = self.query(sparql, substitutions)
        if not isinstance(res, ox.QuerySolutions):
            raise WrongForm(f"not a SELECT query: {_name(sparql)}")
        return res

    def select(self, sparql: str, substitutions: Substitutions | None = None) -> list[Row]:
        """A SELECT as a list of rows: each variable's value (str for IRIs and literals), None if unbound."""
        res = self.solutions(sparql, substitutions)
        names = [v.value for v in res.variables]
        rows: list[Row] = []
        for sol in res:
            row: Row = {}
            for n in names:
                t = sol[n]
                row[n] = None if t is None else t.value
            rows.append(row)
        return rows

    def ask(self, sparql: str, substitutions: Substitutions | None = None) -> bool:
        """An ASK query's answer."""
        res = self.query(sparql, substitutions)
        if not isinstance(res, ox.QueryBoolean):
            raise WrongForm(f"not an ASK query: {_name(sparql)}")
        return bool(res)

    def construct(self, sparql: str, substitutions: Substitutions | None = None) -> Triples:
        """A CONSTRUCT's (or DESCRIBE's) triples."""
        res = self.query(sparql, substitutions)
        if isinstance(res, (ox.QuerySolutions, ox.QueryBoolean)):
            raise WrongForm(f"not a CONSTRUCT or DESCRIBE query: {_name(sparql)}")
        return list(res)

    def objects(self, subjects: Iterable[str], path: Sequence[str]) -> dict[str, list[str]]:
        """For each subject IRI, the distinct values (sorted) at the end of a path of predicate
        IRIs: what an OPTIONAL { ?s p1/p2 ?o } would add to a row, looked up per answer (see
        query/ask.py: pyoxigraph evaluates such an OPTIONAL over the whole graph)."""
        preds = [ox.NamedNode(p) for p in path]
        out: dict[str, list[str]] = {}
        for s in dict.fromkeys(subjects):
            try:
                nodes: list[Any] = [ox.NamedNode(s)]
            except ValueError:
                continue
            for p in preds:
                nodes = [q.object for n in nodes for q in self.quads(n, p, None)]
            if nodes:
                out[s] = sorted({n.value for n in nodes})
        return out

    def health(self) -> dict[str, Any]:
        """What the store holds now, checked by one query (cheap on any size; on a server, one
        round trip): ``status`` "ok" when it holds the corpus (a document of the corpus with
        articles), "degraded" when it holds something else, "empty" when it holds nothing;
        ``quads``: the count when it was loaded (counting again would read the whole store)."""
        row = self.select(sparql.load("queries/health.rq"))[0]
        holds, corpus = row["any"] == "true", row["corpus"] == "true"
        status = "ok" if corpus and self.info.quads != 0 else "degraded" if holds else "empty"
        return {"status": status, "store": self.info.kind, "quads": self.info.quads, "triples": self.info.triples,
                "graphs": self.info.graphs, "cache": self.info.cache_status}


def _name(query: str) -> str:
    return query.path if isinstance(query, sparql.Query) else repr(query[:60])
