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
