"""The norms of a document: ``norms.ttl`` in its folder (curated by hand), read here.

The files use IRIs relative to the base (``<dvo-pwm-2018/art/16.1/lid/0/norm/1>``), so that
they follow the configured base IRI. Blank nodes (deadlines, conditions written inline) get
deterministic IRIs below their parent (``.../norm/1/deadline``), so that two builds give the
same triples.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef

from ..ontology.namespace import DVO


class CuratedError(ValueError):
    """A curated file that cannot be read, with the file and the line."""


def _local(p: object) -> str:
    s = str(p)
    return s.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _closure_key(g: Graph, node: BNode, seen: frozenset[BNode] = frozenset()) -> str:
    parts = []
    for p, o in sorted(g.predicate_objects(node)):
        if isinstance(o, BNode) and o not in seen:
            parts.append(f"{p} [{_closure_key(g, o, seen | {node})}]")
        else:
            parts.append(f"{p} {o.n3() if not isinstance(o, BNode) else '_'}")
    return ";".join(parts)


def skolemize(g: Graph) -> Graph:
    """Replaces blank nodes by IRIs below the subject that points to them:
    ``{parent}/{property}`` or, where a parent has several, ``{parent}/{property}-{k}`` in the
    order of their content."""
    names: dict[BNode, URIRef] = {}

    def name(b: BNode) -> URIRef | None:  # noqa: C901 - small recursive namer
        if b in names:
            return names[b]
        parents = [(s, p) for s, p in g.subject_predicates(b)]
        if len(parents) != 1:
            return None
        s, p = parents[0]
        if isinstance(s, BNode):
            parent = name(s)
            if parent is None:
                return None
            base = str(parent)
        else:
            base = str(s)
        siblings = [o for o in g.objects(s, p) if isinstance(o, BNode)]
        if len(siblings) == 1:
            iri = URIRef(f"{base}/{_local(p)}")
        else:
            ordered = sorted(siblings, key=lambda x: hashlib.sha1(_closure_key(g, x).encode()).hexdigest())
            iri = URIRef(f"{base}/{_local(p)}-{ordered.index(b) + 1}")
        names[b] = iri
        return iri

    out = Graph()
    for prefix, ns in g.namespaces():
        out.bind(prefix, ns)
    bnodes = {t for t in g.all_nodes() if isinstance(t, BNode)}
    for b in bnodes:
        if name(b) is None:
            raise CuratedError(f"a blank node must have exactly one parent: {_closure_key(g, b)[:200]}")
    for s, p, o in g:
        out.add((names.get(s, s) if isinstance(s, BNode) else s, p,  # type: ignore[arg-type]
                 names.get(o, o) if isinstance(o, BNode) else o))
    return out


def canonical_literals(g: Graph) -> Graph:
    """Typed literals in the canonical form the store keeps ("82.0"^^xsd:decimal is stored as
    "82"), so that the graph and its export from the store are the same graph."""
    import pyoxigraph as ox

    typed = [(s, p, o) for s, p, o in g if isinstance(o, Literal) and o.datatype is not None]
    store = ox.Store()
    subject = ox.NamedNode("urn:x")
    for i, (_, _, o) in enumerate(typed):
        store.add(ox.Quad(subject, ox.NamedNode(f"urn:p{i}"), ox.Literal(str(o), datatype=ox.NamedNode(str(o.datatype)))))
    for q in store:
        i = int(q.predicate.value[5:])
        s, p, o = typed[i]
        if q.object.value != str(o):
            g.remove((s, p, o))
            g.add((s, p, Literal(q.object.value, datatype=o.datatype, normalize=False)))
    return g


def curated_file(doc_id: str) -> Path | None:
    """The norms file of a document of the knowledge base (None if it has none)."""
    from .corpus import folder

    return folder(doc_id).norms


def load_curated(path: Path | str, base: str) -> Graph:
    """The norms of one document (its ``norms.ttl``, or the document's id), resolved against
    `base`; an empty graph for a document without norms."""
    g = Graph()
    if isinstance(path, str):
        found = curated_file(path)
        if found is None:
            return g
        path = found
    try:
        g.parse(path, format="turtle", publicID=base)
    except Exception as exc:  # rdflib raises several types for bad Turtle
        raise CuratedError(f"{path}: {exc}") from exc
    g = canonical_literals(skolemize(g))
    # the inverse of dvo:source, for convenience in queries
    for prov, div in list(g.subject_objects(DVO.source)):
        g.add((div, DVO.hasProvision, prov))  # type: ignore[arg-type]
    return g
