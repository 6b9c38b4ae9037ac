"""SHACL validation of a graph against the shapes in this folder (pySHACL)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from pyshacl import validate
from rdflib import Graph

HERE = Path(__file__).parent
SHAPE_FILES = {"structure": HERE / "structure.ttl", "norms": HERE / "norms.ttl"}


@cache
def _shapes(name: str) -> Graph:
    g = Graph()
    g.parse(SHAPE_FILES[name], format="turtle")
    return g


def shapes_graph(*names: str) -> Graph:
    g = Graph()
    for n in names or tuple(SHAPE_FILES):
        g += _shapes(n)
    return g


@dataclass
class Report:
    conforms: bool
    graph: Graph
    text: str


def check(data: Graph, *names: str, ontology: Graph | None = None) -> Report:
    """Validates `data` against the named shape files (all by default)."""
    conforms, report_graph, text = validate(
        data, shacl_graph=shapes_graph(*names), ont_graph=ontology, inference="none",
        advanced=True, allow_warnings=True)
    return Report(bool(conforms), report_graph, str(text))
