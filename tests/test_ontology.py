"""The ontology: modules and hub, annotations of every term, generated constants, and
consistency of the ontology with the whole graph under HermiT (owlready2)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from rdflib import RDF, RDFS, Graph, Literal, Namespace, URIRef
from rdflib.namespace import OWL, SKOS

from dvo_kb.ontology import generate
from dvo_kb.ontology.load import ontology_graph

DVO = Namespace("https://w3id.org/dvo-kb/def#")
ONTOLOGY = Path(generate.__file__).parent


def test_hub_imports_every_module() -> None:
    hub = Graph().parse(ONTOLOGY / "dvo.ttl")
    imports = {str(o) for o in hub.objects(URIRef("https://w3id.org/dvo-kb/def"), OWL.imports)}
    modules = {f"https://w3id.org/dvo-kb/def/{p.stem}" for p in (ONTOLOGY / "modules").glob("*.ttl")}
    assert modules <= imports
    assert "https://w3id.org/dvo-kb/def/alignment" in imports
    assert len(modules) >= 5


def test_every_term_is_labelled_defined_and_attributed() -> None:
    g = ontology_graph()
    terms = {s for s in g.subjects() if isinstance(s, URIRef) and str(s).startswith(str(DVO))}
    assert len(terms) > 200
    for t in terms:
        labels = {lbl.language for lbl in g.objects(t, RDFS.label) if isinstance(lbl, Literal)}
        assert {"nl", "en"} <= labels, f"{t}: rdfs:label in nl and en"
        defs = {d.language for d in g.objects(t, SKOS.definition) if isinstance(d, Literal)}
        assert {"nl", "en"} <= defs, f"{t}: skos:definition in nl and en"
        assert g.value(t, RDFS.isDefinedBy) is not None, f"{t}: rdfs:isDefinedBy"


def test_classes_named_by_the_design_exist() -> None:
    g = ontology_graph()
    for name in ("Centrumregeling", "GemeenschappelijkeRegeling", "Dienstverleningsovereenkomst",
                 "Samenwerkingsovereenkomst", "Protocol", "Annex", "Bedrijfsplan", "NationalLaw", "Article",
                 "Paragraph", "Item", "Party", "Municipality", "College", "Burgemeester", "OrganisationalUnit",
                 "Official", "Role", "Opdrachtgever", "Opdrachtnemer", "Centrumgemeente", "DeelnemendeGemeente",
                 "Gastgemeente", "CoordinerendeGemeente", "Verwerker", "Verwerkingsverantwoordelijke", "Norm",
                 "Obligation", "Permission", "Prohibition", "Power", "Definition", "Declaration", "Recital",
                 "Condition", "Deadline"):
        assert (DVO[name], RDF.type, OWL.Class) in g, name
    assert (DVO.Centrumregeling, RDFS.subClassOf, DVO.GemeenschappelijkeRegeling) in g
    topics = set(g.subjects(SKOS.inScheme, DVO.TopicScheme))
    assert {DVO["topic-overmacht"], DVO["topic-geheimhouding"], DVO["topic-privacy"]} <= topics


def test_alignments_are_in_their_own_file() -> None:
    al = Graph().parse(ONTOLOGY / "alignment.ttl")
    targets = {str(o) for _, p, o in al if p in (RDFS.subClassOf, RDFS.subPropertyOf)}
    for ns in ("http://data.europa.eu/eli/ontology#", "http://www.w3.org/ns/odrl/2/", "http://www.w3.org/ns/prov#"):
        assert any(t.startswith(ns) for t in targets), ns
    modules = Graph()
    for p in (ONTOLOGY / "modules").glob("*.ttl"):
        modules.parse(p)
    assert not any(str(o).startswith("http://data.europa.eu/eli/") for o in modules.objects())


def test_generated_constants_match_the_turtle() -> None:
    """namespace.py is generated from the Turtle: this fails when they drift apart."""
    assert generate.main(["--check"]) == 0
    from dvo_kb.ontology.namespace import DVO as GENERATED

    with pytest.raises(AttributeError):
        _ = GENERATED.Artcle  # a typo is an error, not a new IRI
    assert GENERATED.Article == DVO.Article


# -- the reasoner ------------------------------------------------------------------------------
def _reason(graph: Graph, tmp: Path) -> None:
    from owlready2 import World, sync_reasoner

    g = Graph()
    g += graph
    g.remove((None, OWL.imports, None))  # the modules are all in the graph; the IRIs do not resolve yet
    path = tmp / "kb.nt"
    g.serialize(path, format="nt", encoding="utf-8")
    world = World()
    onto = world.get_ontology(path.as_uri()).load()
    with onto:
        # owlready2's HermiT does not know xsd:date: those values are ignored, not rejected
        sync_reasoner(world, infer_property_values=False, debug=0, ignore_unsupported_datatypes=True)


needs_java = pytest.mark.skipif(shutil.which("java") is None, reason="HermiT needs Java")


@pytest.mark.slow
@needs_java
def test_ontology_and_whole_graph_are_consistent_under_hermit(union: Graph, tmp_path: Path) -> None:
    _reason(union, tmp_path)


@pytest.mark.slow
@needs_java
def test_hermit_finds_an_inconsistency(tmp_path: Path) -> None:
    """The reasoner test can fail: a lid that is also an article contradicts the ontology."""
    from owlready2 import OwlReadyInconsistentOntologyError

    g = ontology_graph()
    x = URIRef("https://example.org/x")
    g.add((x, RDF.type, DVO.Article))
    g.add((x, RDF.type, DVO.Paragraph))
    with pytest.raises(OwlReadyInconsistentOntologyError):
        _reason(g, tmp_path)
