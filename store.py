"""The embedded store: the built graph in pyoxigraph, in memory or on disk.

``KnowledgeBase.open()`` builds the graph from the sources and loads it; with a directory it
keeps an on-disk store there and reuses it as long as the sources, the curated data and the
code that derives the graph have not changed (a fingerprint of all of them is stored with it).
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef

from . import __version__
from .clauses.iris import DEFAULT_BASE

PACKAGE = Path(__file__).parent
FINGERPRINT = "dvo-kb-fingerprint.json"
PREFIXES = {
    "dvo": "https://w3id.org/dvo-kb/def#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "prov": "http://www.w3.org/ns/prov#",
    "dcterms": "http://purl.org/dc/terms/",
    "eli": "http://data.europa.eu/eli/ontology#",
}


def fingerprint(base: str) -> str:
    """A hash of everything the graph is derived from."""
    h = hashlib.sha256()
    h.update(__version__.encode())
    h.update(base.encode())
    for folder in ("clauses", "ontology"):
        for f in sorted((PACKAGE / folder).rglob("*")):
            if f.is_file() and f.suffix in {".py", ".txt", ".yaml", ".ttl", ".lark"}:
                h.update(str(f.relative_to(PACKAGE)).encode())
                h.update(f.read_bytes())
    return h.hexdigest()


def to_ox(term: Any) -> Any:
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"not an RDF term: {term!r}")


def quads(graphs: Mapping[URIRef, Graph]) -> Iterable[ox.Quad]:
    """Every triple in its named graph and once more in the default graph, which is the
    union: queries run on the default graph (several times faster than pyoxigraph's
    union-of-named-graphs mode), and the named graphs keep where each triple comes from."""
    default = ox.DefaultGraph()
    for name, g in graphs.items():
        gn = ox.NamedNode(str(name))
        for s, p, o in g:
            t = (to_ox(s), to_ox(p), to_ox(o))
            yield ox.Quad(*t, gn)
            yield ox.Quad(*t, default)


@dataclass
class BuildInfo:
    triples: int
    graphs: int
    seconds: float
    reused: bool
    path: str | None


class KnowledgeBase:
    """The knowledge base on an embedded pyoxigraph store."""

    def __init__(self, store: ox.Store, info: BuildInfo, base: str) -> None:
        self.store = store
        self.info = info
        self.base = base

    @classmethod
    def open(cls, path: str | Path | None = None, base: str = DEFAULT_BASE, rebuild: bool = False) -> KnowledgeBase:
        t0 = time.perf_counter()
        fp = fingerprint(base)
        if path is not None:
            p = Path(path)
            p.mkdir(parents=True, exist_ok=True)
            marker = p / FINGERPRINT
            store = ox.Store(str(p))
            if not rebuild and marker.exists():
                saved = json.loads(marker.read_text(encoding="utf-8"))
                if saved.get("fingerprint") == fp:
                    info = BuildInfo(saved["triples"], saved["graphs"], time.perf_counter() - t0, True, str(p))
                    return cls(store, info, base)
            store.clear()
        else:
            store = ox.Store()
        from .clauses.build import build  # the build pulls in the parser; not needed on reuse

        res = build(base)
        store.bulk_extend(quads(res.graphs))
        if path is not None:
            store.flush()
            store.optimize()
        info = BuildInfo(res.triple_count(), len(res.graphs), time.perf_counter() - t0, False,
                         str(path) if path is not None else None)
        if path is not None:
            (Path(path) / FINGERPRINT).write_text(json.dumps(
                {"fingerprint": fp, "triples": info.triples, "graphs": info.graphs}), encoding="utf-8")
        return cls(store, info, base)

    def query(self, sparql: str, substitutions: Mapping[str, Any] | None = None) -> Any:
        """Runs a SPARQL query on the default graph (the union of all graphs). Values for
        variables are bound with ``substitutions`` (never spliced into the query string)."""
        subs = {ox.Variable(k): v for k, v in (substitutions or {}).items()}
        return self.store.query(sparql, prefixes=PREFIXES, substitutions=subs or None)

    def select(self, sparql: str, substitutions: Mapping[str, Any] | None = None) -> list[dict[str, Any]]:
        """A SELECT as a list of dicts of Python values (str for IRIs and literals)."""
        res = self.query(sparql, substitutions)
        names = [v.value for v in res.variables]
        rows = []
        for sol in res:
            row: dict[str, Any] = {}
            for n in names:
                t = sol[n]
                row[n] = None if t is None else t.value
            rows.append(row)
        return rows
