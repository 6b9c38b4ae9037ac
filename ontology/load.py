"""Loading the ontology (the hub and its modules) from the Turtle files beside this module."""

from __future__ import annotations

from functools import lru_cache

from rdflib import Graph

from .generate import ontology_files


@lru_cache(maxsize=1)
def _ontology() -> Graph:
    g = Graph()
    for f in ontology_files():
        g.parse(f, format="turtle")
    return g


def ontology_graph() -> Graph:
    """A fresh copy of the whole ontology (hub, modules, alignments) as one graph."""
    g = Graph()
    for prefix, ns in _ontology().namespaces():
        g.bind(prefix, ns)
    g += _ontology()
    return g


@lru_cache(maxsize=256)
def term_text(local: str, lang: str = "nl") -> tuple[str, str]:
    """The label and the definition of a term of the ontology (``dvo:<local>``) in ``lang``
    (else in any language): the words the product shows for it, e.g. ``term_text("Unreviewed")``
    is ("niet gecontroleerd", "Door een programma ... afgeleid ...")."""
    from rdflib import RDFS, Literal, URIRef
    from rdflib.namespace import SKOS

    from .namespace import DVO_NS

    g = _ontology()
    term = URIRef(DVO_NS + local)

    def pick(p: URIRef) -> str:
        values = [o for o in g.objects(term, p) if isinstance(o, Literal)]
        return str(next((o for o in values if o.language == lang), values[0] if values else ""))
    return pick(RDFS.label), pick(SKOS.definition)
