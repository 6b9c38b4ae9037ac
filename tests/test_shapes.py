"""The structure shapes: DASH-style test cases (rules/tests/*.test.ttl), then the real graph.

Each test file adds triples to (or removes them from, with ``dash:removed``) the minimal
valid document in ``rules/tests/_base.ttl`` and states the expected validation report: every
expected result must be found (focus node, component, and path and value where given), and
no other result may appear.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from rdflib import RDF, BNode, Graph, Namespace, URIRef

from dvo_kb.ontology.load import ontology_graph
from dvo_kb.rules.validate import check

TESTS = Path(__file__).resolve().parents[1] / "rules" / "tests"
DASH = Namespace("http://datashapes.org/dash#")
SH = Namespace("http://www.w3.org/ns/shacl#")
CASES = sorted(TESTS.glob("*.test.ttl"))


def test_shape_tests_exist() -> None:
    assert len(CASES) >= 6
    assert (TESTS / "_base.ttl").exists()


def _closure(g: Graph, node: Any) -> set[tuple[Any, Any, Any]]:
    out: set[tuple[Any, Any, Any]] = set()
    todo = [node]
    while todo:
        n = todo.pop()
        for p, o in g.predicate_objects(n):
            out.add((n, p, o))
            if isinstance(o, BNode):
                todo.append(o)
    return out


def _load_case(path: Path) -> tuple[Graph, Graph, URIRef]:
    raw = Graph()
    raw.parse(TESTS / "_base.ttl", format="turtle")
    raw.parse(path, format="turtle")
    case = URIRef("urn:test")
    meta = _closure(raw, case)
    data = Graph()
    for t in raw:
        if t not in meta:
            data.add(t)
    for rem in raw.objects(case, DASH.removed):
        triple = (raw.value(rem, DASH.s), raw.value(rem, DASH.p), raw.value(rem, DASH.o))
        assert triple in data, f"{path.name}: dash:removed names a triple that is not in the data: {triple}"
        data.remove(triple)
    expected = Graph()
    for t in meta:
        expected.add(t)
    return data, expected, case


def _results(report: Graph) -> list[dict[str, Any]]:
    out = []
    for r in report.objects(None, SH.result):
        out.append({k: report.value(r, SH[k]) for k in ("focusNode", "resultPath", "value", "sourceConstraintComponent")})
    return out


@pytest.mark.parametrize("path", CASES, ids=[c.name for c in CASES])
def test_shape_case(path: Path) -> None:
    data, meta, case = _load_case(path)
    report = meta.value(case, DASH.expectedResult)
    conforms = meta.value(report, SH.conforms).toPython()
    expected = [{k: meta.value(r, SH[k]) for k in ("focusNode", "resultPath", "value", "sourceConstraintComponent")}
                for r in meta.objects(report, SH.result)]
    if path.name.startswith("norm-"):
        # norm shapes look up concepts (skos:inScheme) and classes in the ontology
        data += ontology_graph()
        result = check(data, "structure", "norms")
    else:
        result = check(data, "structure")
    actual = _results(result.graph)
    assert result.conforms is conforms, result.text
    unmatched = list(actual)
    # the most specific expectations first, so that a wildcard does not take another's result
    for exp in sorted(expected, key=lambda e: -sum(v is not None for v in e.values())):
        hit = next((a for a in unmatched if all(v is None or a[k] == v for k, v in exp.items())), None)
        assert hit is not None, f"{path.name}: expected {exp}, got {actual}"
        unmatched.remove(hit)
    assert not unmatched, f"{path.name}: unexpected results {unmatched}"


def test_the_corpus_graph_conforms(union: Graph) -> None:
    result = check(union, "structure", "norms")
    assert result.conforms, result.text[:4000]


def test_shapes_have_targets() -> None:
    from dvo_kb.rules.validate import shapes_graph

    g = shapes_graph("structure")
    shapes = set(g.subjects(RDF.type, SH.NodeShape))
    assert len(shapes) >= 8
    targets = (SH.targetClass, SH.targetSubjectsOf, SH.targetNode, SH.targetObjectsOf)
    for s in shapes:
        assert any(g.value(s, t) is not None for t in targets), s


def test_rdflib_parses_a_constraints_query_once() -> None:
    """rules/validate.ParsedOnce: pySHACL sends a SPARQL-based constraint's text once per focus
    node; rdflib parses it once, and each evaluation still answers for its own bindings."""
    from rdflib import Literal, URIRef

    from dvo_kb.rules import validate as v

    g = Graph()
    for i in range(3):
        g.add((URIRef(f"urn:x:{i}"), URIRef("urn:p"), Literal(i)))
    v._translated.cache_clear()
    text = "SELECT ?o WHERE { $this <urn:p> ?o }"
    got = [[int(r[0]) for r in g.query(text, initBindings={"this": URIRef(f"urn:x:{i}")})] for i in range(3)]
    assert got == [[0], [1], [2]]
    assert v._translated.cache_info().misses == 1 and v._translated.cache_info().hits == 2
