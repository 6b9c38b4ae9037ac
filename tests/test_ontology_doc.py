"""The ontology served as one document (issue 18): the RDF of /ontology, /def and /ontology.ttl
has one owl:Ontology, the hub, whose parts are the modules (each still its own owl:Ontology on disk
and at /def/{module}); its HTML documentation (pyLODE) says pyLODE's own words in Dutch by default,
in English with lang=en, on the real pages the service serves."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from lxml import html as lxml_html
from rdflib import DCTERMS, OWL, RDF, RDFS, Graph, Literal, URIRef

EMBEDDED = pytest.mark.parametrize("client", ["embedded"], indirect=True)  # the ontology does not depend on the store
HUB = URIRef("https://w3id.org/dvo-kb/def")
MODULES = {URIRef(f"{HUB}/{m}") for m in ("document", "party", "norm", "time", "topic", "review", "alignment")}
RDF_TYPES = {"text/turtle": "turtle", "application/ld+json": "json-ld", "application/rdf+xml": "xml",
             "application/n-triples": "nt"}

# pyLODE's own words (what pyLODE 3.4 writes) and the Dutch the page says instead
WORDS = {
    "Metadata": "Metagegevens", "Classes": "Klassen", "Object Properties": "Objecteigenschappen",
    "Datatype Properties": "Datatype-eigenschappen", "Annotation Properties": "Annotatie-eigenschappen",
    "Functional Properties": "Functionele eigenschappen", "Namespaces": "Naamruimten", "Legend": "Legenda",
    "Table of Contents": "Inhoudsopgave", "Description": "Beschrijving", "Is Defined By": "Gedefinieerd in",
    "Sub Class Of": "Subklasse van", "Super Class Of": "Superklasse van", "In Domain Of": "In domein van",
    "In Range Of": "In bereik van", "Domain": "Domein", "Range": "Bereik", "Sub Property Of": "Subeigenschap van",
    "Super Property Of": "Supereigenschap van", "Scope Note": "Toelichting bij gebruik", "Title": "Titel",
    "License": "Licentie", "Version Info": "Versie", "Preferred Namespace Prefix": "Voorkeursprefix",
    "Preferred Namespace Uri": "Voorkeursnaamruimte", "Has Part": "Onderdelen",
}
TYPE_MARKS = {"OWL/RDFS Class": "OWL/RDFS-klasse", "OWL Object Property": "OWL-objecteigenschap",
              "OWL Datatype Property": "OWL-datatype-eigenschap"}
# pyLODE's phrases that are nowhere in the ontology's own text: on the Dutch page not at all
PHRASES = ["Object Properties", "Datatype Properties", "Annotation Properties", "Functional Properties",
           "Table of Contents", "Is Defined By", "Sub Class Of", "Super Class Of", "In Domain Of", "In Range Of",
           "Sub Property Of", "Super Property Of", "Preferred Namespace", "OWL/RDFS Class",
           "Defined in The RDF Schema"]


def _served(client: TestClient, path: str, mt: str) -> Graph:
    r = client.get(path, headers={"Accept": mt})
    assert r.status_code == 200 and r.headers["content-type"].startswith(mt), (path, mt, r.status_code)
    return Graph().parse(data=r.text, format=RDF_TYPES[mt])


@EMBEDDED
@pytest.mark.parametrize("mt", sorted(RDF_TYPES))
def test_the_served_ontology_is_one_document(client: TestClient, mt: str) -> None:
    g = _served(client, "/ontology", mt)
    assert len(g) > 1000
    assert set(g.subjects(RDF.type, OWL.Ontology)) == {HUB}
    assert set(g.objects(HUB, DCTERMS.hasPart)) == MODULES and not set(g.objects(HUB, OWL.imports))
    assert (DCTERMS.hasPart, RDF.type, OWL.AnnotationProperty) in g  # an annotation of the ontology: OWL 2 DL
    for m in MODULES:  # a part keeps its title and description, nothing of an ontology's header
        assert {t.language for t in g.objects(m, DCTERMS.title) if isinstance(t, Literal)} == {"nl", "en"}, m
        assert g.value(m, DCTERMS.description) is not None and g.value(m, OWL.versionInfo) is None, m
    # a term is defined by the hub or one of its parts, both in this document
    defined_by = {o for s, o in g.subject_objects(RDFS.isDefinedBy) if str(s).startswith(f"{HUB}#")}
    assert defined_by and defined_by <= MODULES | {HUB}
    assert g.value(URIRef(f"{HUB}#Obligation"), RDFS.isDefinedBy) == URIRef(f"{HUB}/norm")


@EMBEDDED
def test_every_address_of_the_ontology_serves_the_same_one_document(client: TestClient) -> None:
    whole = _served(client, "/ontology", "text/turtle")
    for path in ("/def", "/ontology.ttl"):
        g = _served(client, path, "text/turtle")
        assert set(g.subjects(RDF.type, OWL.Ontology)) == {HUB} and len(g) == len(whole), path
    # the modules stay what they are: each its own owl:Ontology on disk and at its IRI
    from dvo_kb.ontology.load import ontology_graph

    assert set(ontology_graph().subjects(RDF.type, OWL.Ontology)) == MODULES | {HUB}
    norm = _served(client, "/def/norm", "text/turtle")
    assert set(norm.subjects(RDF.type, OWL.Ontology)) == {URIRef(f"{HUB}/norm")}


def _chrome(page: str) -> dict[str, list[str]]:
    """pyLODE's words on a page, by where pyLODE puts them (not the ontology's own text)."""
    root = lxml_html.document_fromstring(page)

    def texts(xpath: str) -> list[str]:
        return [" ".join(e.text_content().split()) for e in root.xpath(xpath)]

    return {"headings": texts("//h2 | //nav/h3 | //nav//h4"), "legend": texts("//*[@id='legend']//td"),
            "properties": texts("//a[@class='hover_property']"), "marks": [str(t) for t in root.xpath("//sup/@title")],
            "footer": texts("//footer"), "lang": [str(root.get("lang"))], "title": texts("//title"),
            "landmarks": [e.tag for e in root.xpath("/html/body/*")]}


@EMBEDDED
def test_the_ontology_documentation_is_dutch_by_default(client: TestClient) -> None:
    for path, headers in (("/ontology.html", {}), ("/ontology", {"Accept": "text/html"}),
                          ("/def", {"Accept": "text/html"})):
        page = client.get(path, headers=headers)
        assert page.status_code == 200 and page.headers["content-type"].startswith("text/html"), path
        chrome = _chrome(page.text)
        assert chrome["lang"] == ["nl"] and '<html lang="nl">' in page.text
        assert chrome["title"][0].startswith("dvo-kb: ontologie van")
        words = {w for k in ("headings", "legend", "properties") for w in chrome[k]}
        assert not words & set(WORDS), (path, sorted(words & set(WORDS)))
        assert {"Metagegevens", "Klassen", "Objecteigenschappen", "Datatype-eigenschappen", "Naamruimten",
                "Legenda", "Inhoudsopgave", "Beschrijving", "Gedefinieerd in", "Subklasse van", "Domein", "Bereik",
                "Onderdelen"} <= words, path
        assert set(chrome["marks"]) and not set(chrome["marks"]) & set(TYPE_MARKS)
        assert set(TYPE_MARKS.values()) <= set(chrome["marks"])
        assert chrome["footer"][0].startswith("gemaakt met") and "profiel" in chrome["footer"][0]
        assert chrome["landmarks"] == ["main", "footer", "nav"] and 'aria-label="inhoud"' in page.text
        visible = re.sub(r"<[^>]+>", " ", page.text.split("</head>", 1)[1])
        assert [p for p in PHRASES if p in visible or f'title="{p}' in page.text] == [], path


@EMBEDDED
def test_the_ontology_documentation_in_english_with_lang_en(client: TestClient) -> None:
    page = client.get("/ontology.html", params={"lang": "en"})
    assert page.status_code == 200
    chrome = _chrome(page.text)
    assert chrome["lang"] == ["en"] and chrome["title"][0].startswith("dvo-kb: ontology of")
    words = {w for k in ("headings", "legend", "properties") for w in chrome[k]}
    assert set(WORDS) <= words and not words & set(WORDS.values())
    assert set(TYPE_MARKS) <= set(chrome["marks"]) and chrome["footer"][0].startswith("made by")
    assert "obligation (verplichting)" in page.text and 'id="Obligation"' in page.text  # the same anchors
    assert 'aria-label="contents"' in page.text
    negotiated = client.get("/ontology", params={"lang": "en"}, headers={"Accept": "text/html"})
    assert negotiated.text == page.text
    assert _chrome(client.get("/def/norm", params={"lang": "en"}, headers={"Accept": "text/html"}).text)["lang"] == ["en"]


@EMBEDDED
def test_the_documentation_lists_the_parts_and_one_header(client: TestClient) -> None:
    """The metadata are the hub's alone (pyLODE would take every concept scheme's title and IRI),
    with its parts by their titles, linked to their IRIs; a term says which part defines it; the
    head's schema.org JSON-LD describes the hub alone."""
    root = lxml_html.document_fromstring(client.get("/ontology.html").text)
    metadata = root.get_element_by_id("metadata")
    assert [h.text_content() for h in metadata.iter("h1")] == [
        "dvo-kb: ontologie van intergemeentelijke regelingen en dienstverleningsovereenkomsten"]
    assert metadata.xpath(".//dd/code/text()")[0] == str(HUB)
    parts = {a.get("href"): a.text_content() for a in metadata.xpath(".//a[@href]") if a.get("href") in
             {str(m) for m in MODULES}}
    assert set(parts) == {str(m) for m in MODULES} and parts[f"{HUB}/norm"] == "dvo-kb: bepalingen en normen"
    obligation = root.get_element_by_id("Obligation")
    assert obligation.xpath(".//a[@href='https://w3id.org/dvo-kb/def/norm']/text()") == ["dvo-kb: bepalingen en normen"]
    schema_org = json.loads(root.get_element_by_id("schema.org").text)  # the head's JSON-LD: one term set
    assert [x["@id"] for x in schema_org] == [str(HUB)]


def test_every_word_pylode_writes_has_a_dutch_one() -> None:
    """The words come from api/labels.yaml (section ontology_doc), the same keys in both languages;
    the names of the properties cover every property pyLODE can show."""
    from rdflib import DCTERMS as DCT

    from dvo_kb.api.labels import labels
    from dvo_kb.api.ontology_doc import _import_ontpub

    _import_ontpub()
    from pylode.rdf_elements import CLASS_PROPS, ONT_PROPS, PROP_PROPS

    words = labels("ontology_doc")
    assert set(words["nl"]) == set(words["en"])
    for prop in {*ONT_PROPS, *CLASS_PROPS, *PROP_PROPS, DCT.hasPart}:
        local = re.split(r"[#/]", str(prop))[-1]
        assert f"prop_{local}" in words["nl"] and f"tip_{local}" in words["nl"], prop
    assert all(words["en"][k] == en for k, en in (("metadata", "Metadata"), ("prop_isDefinedBy", "Is Defined By")))


def test_the_documentation_neither_writes_nor_reads_pylodes_pickles() -> None:
    """pyLODE would keep its background vocabularies as pickles written into its own installed
    folder, not atomically (a second process read one half written: "pickle data was truncated",
    the page answered 500 on CI's fresh environment). The documentation is made without opening
    any file there but pyLODE's Turtle files, read only; the tooltips still name the vocabulary a
    property comes from (the background's titles)."""
    script = textwrap.dedent("""
        import os, sys
        from pathlib import Path
        opened = []
        def hook(event, args):
            if event == "open" and isinstance(args[0], (str, bytes, os.PathLike)):
                opened.append((os.fsdecode(args[0]), args[1]))
        sys.addaudithook(hook)
        from dvo_kb.api.ontology_doc import ontology_html
        html = ontology_html("en")
        import pylode.utils
        folder = str(Path(pylode.utils.RDF_FOLDER).resolve())
        there = [(p, m) for p, m in opened if str(Path(p).resolve()).startswith(folder)]
        print(sorted({Path(p).suffix for p, m in there}), sorted({str(m) for p, m in there}))
        print("Defined in DCMI Metadata Terms" in html, "Defined in The RDF Schema vocabulary" in html)
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    suffixes, rest = done.stdout.splitlines()[-2:]
    assert suffixes.startswith("['.ttl'] ['r']"), suffixes
    assert rest == "True True", rest


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("java") is None, reason="HermiT needs Java")
def test_the_served_document_is_consistent_under_hermit(tmp_path: Path) -> None:
    """owlready2 loads the one document (no imports to follow) and HermiT finds it consistent."""
    from owlready2 import World, sync_reasoner

    from dvo_kb.api.ontology_doc import ontology_document

    path = tmp_path / "ontology.nt"
    ontology_document().serialize(path, format="nt", encoding="utf-8")
    world = World()
    onto = world.get_ontology(path.as_uri()).load()
    with onto:
        sync_reasoner(world, infer_property_values=False, debug=0, ignore_unsupported_datatypes=True)
    assert onto.imported_ontologies == []


@EMBEDDED
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_terms_of_other_vocabularies_that_share_a_label_are_told_apart(client: TestClient, lang: str) -> None:
    """'Permission' of odrl, lkif and lrml (and 'Obligation', 'Prohibition', lkif's 'Norm' beside
    the ontology's 'norm', eli's and dcterms' 'title') by their prefixed names in the table of
    contents and in their headings ('odrl:Permission'); their anchors stay; no two entries of
    the contents for other vocabularies' terms read the same."""
    root = lxml_html.document_fromstring(client.get("/ontology.html", params={"lang": lang}).text)
    toc = {a.get("href"): " ".join(a.text_content().split()) for a in root.xpath("//nav[@id='toc']//ul//ul//a")}
    for fid in ("odrl-Permission", "lkif-Permission", "lrmlmm-Permission", "odrl-Prohibition", "lkif-Obligation",
                "lkif-Norm", "eli-title", "dcterms-title"):
        name = fid.replace("-", ":", 1)
        assert toc[f"#{fid}"] == name, (fid, toc.get(f"#{fid}"))
        heading = root.get_element_by_id(fid).find("h3")
        assert heading.text.strip() == name, fid
    assert toc["#Norm"] == "norm" and toc["#Permission"].startswith(("toestemming", "permission"))  # its own: by label
    external = [text.lower() for href, text in toc.items() if "-" in href]
    assert len(external) == len(set(external)), sorted(t for t in external if external.count(t) > 1)
