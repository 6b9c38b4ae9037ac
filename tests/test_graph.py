"""The corpus as a graph: complete, deterministic, with stable IRIs and sourced facts."""

from __future__ import annotations

from typing import Any

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic, to_isomorphic

from dvo_kb.clauses.build import build
from dvo_kb.clauses.iris import Minter

BASE = "https://w3id.org/dvo-kb/id/"


def _nt_lines(g: Graph) -> list[str]:
    return sorted(g.serialize(format="nt").splitlines())


def test_two_builds_give_identical_sorted_ntriples(built: Any) -> None:
    again = build()
    assert _nt_lines(built.union()) == _nt_lines(again.union())
    assert isomorphic(built.union(), again.union())


def test_the_base_iri_is_a_setting() -> None:
    other = build("https://example.org/kb/", with_ontology=False)
    subjects = {str(s) for s in other.union().subjects()}
    assert "https://example.org/kb/dvo-pwm-2018/art/16.1" in subjects
    assert not any(s.startswith(BASE) for s in subjects)


def test_146_articles_in_the_store(kb: Any) -> None:
    rows = kb.select("SELECT (COUNT(?a) AS ?n) WHERE { ?a a dvo:Article }")
    assert rows[0]["n"] == "146"
    rows = kb.select("""SELECT ?id (COUNT(?a) AS ?n) WHERE { ?d dvo:documentId ?id ; dvo:hasArticle ?a }
                        GROUP BY ?id ORDER BY ?id""")
    assert {r["id"]: int(r["n"]) for r in rows} == {
        "cr-pwm-2018": 24, "dvo-pwm-2018": 35, "dvo-pwm-2020-beek": 37,
        "dvo-pwm-2020-beek-privacyprotocol": 16, "dvo-hbel-2026": 16, "sok-wm-2025": 18}


def test_readable_stable_iris(kb: Any) -> None:
    m = Minter(BASE)
    expected = {
        m.article("dvo-pwm-2018", "16.1"): "16.1",
        m.article("cr-pwm-2018", "7a"): "7a",
        m.article("dvo-hbel-2026", "13"): "13",
    }
    for iri, number in expected.items():
        assert kb.select("SELECT ?a ?n WHERE { ?a dvo:number ?n }", {"a": ox.NamedNode(str(iri))})[0]["n"] == number
    lid = kb.select("SELECT ?p ?t WHERE { ?p dvo:text ?t }",
                    {"p": ox.NamedNode(f"{BASE}sok-wm-2025/art/6/lid/6.2")})[0]["t"]
    assert "Voor de gemeente Sittard-Geleen is het aandeel 69%" in lid
    item = kb.select("SELECT ?p ?t WHERE { ?p dvo:text ?t }",
                     {"p": ox.NamedNode(f"{BASE}dvo-hbel-2026/art/13/lid/1/item/a")})[0]["t"]
    assert item.startswith("Overmacht en wanprestatie bij de Centrumgemeente")


def test_every_lid_has_dutch_text(kb: Any) -> None:
    rows = kb.select("""SELECT ?p WHERE { ?p a dvo:Paragraph .
                        FILTER NOT EXISTS { ?p dvo:text ?t FILTER(LANG(?t) = "nl" && STRLEN(?t) > 0) } }""")
    assert rows == []


def test_parties_and_roles_as_the_text_names_them(kb: Any) -> None:
    rows = kb.select("""SELECT ?doc ?name ?pid WHERE {
        ?r a dvo:Opdrachtnemer ; dvo:roleIn ?d ; dvo:nameInText ?name ; dvo:playedBy ?p .
        ?d dvo:documentId ?doc . ?p dvo:partyId ?pid } ORDER BY ?doc""")
    assert [(r["doc"], r["name"], r["pid"]) for r in rows] == [
        ("dvo-pwm-2018", "de opdrachtnemer", "sittard-geleen"),
        ("dvo-pwm-2020-beek", "opdrachtnemer", "sittard-geleen")]
    gast = kb.select("""SELECT ?pid WHERE { ?r a dvo:Gastgemeente ; dvo:roleIn ?d ; dvo:playedBy ?p .
        ?d dvo:documentId "dvo-hbel-2026" . ?p dvo:partyId ?pid } ORDER BY ?pid""")
    assert [r["pid"] for r in gast] == ["blaricum", "eemnes", "laren"]


def test_in_force_dates_point_to_the_lid_that_states_them(kb: Any) -> None:
    rows = kb.select("""SELECT ?id ?date ?src WHERE {
        ?d dvo:documentId ?id ; dvo:inForceFrom ?date .
        ?st rdf:subject ?d ; rdf:predicate dvo:inForceFrom ; rdf:object ?date ; prov:wasDerivedFrom ?src
        } ORDER BY ?id""")
    got = {r["id"]: (r["date"], r["src"]) for r in rows}
    assert got["cr-pwm-2018"] == ("2018-01-01", f"{BASE}cr-pwm-2018/art/22/lid/1")
    assert got["dvo-pwm-2018"] == ("2018-01-01", f"{BASE}dvo-pwm-2018/art/20")
    assert got["sok-wm-2025"] == ("2025-04-01", f"{BASE}sok-wm-2025/art/15/lid/15.1")
    assert got["dvo-hbel-2026"][0] == "2026-01-01"
    # the ambiguity of dvo-hbel-2026 (art. 2 lid 1 against art. 16) is recorded, not resolved
    amb = kb.select("SELECT ?a WHERE { ?d dvo:documentId 'dvo-hbel-2026' ; dvo:ambiguityNote ?a }")
    assert "op datum" in amb[0]["a"]


def test_every_duration_points_to_the_lid_that_states_it(kb: Any) -> None:
    """The duration of each document (indefinite or not; its words) is derived from the division
    that states it, as the entry into force is (a researcher's trial: these had no source)."""
    for prop in ("indefiniteDuration", "durationText"):
        bound = {"p": ox.NamedNode(f"https://w3id.org/dvo-kb/def#{prop}")}  # (a bound value, no text in the query)
        facts = kb.select("SELECT ?d ?o WHERE { ?d ?p ?o }", bound)
        sourced = kb.select("""SELECT DISTINCT ?d ?o WHERE { ?d ?p ?o .
            ?st rdf:subject ?d ; rdf:predicate ?p ; rdf:object ?o ; prov:wasDerivedFrom ?src }""", bound)
        assert facts and len(sourced) == len(facts), prop
    rows = kb.select("""SELECT ?src WHERE { ?d dvo:documentId 'sok-wm-2025' .
        ?st rdf:subject ?d ; rdf:predicate dvo:indefiniteDuration ; prov:wasDerivedFrom ?src }""")
    assert [r["src"] for r in rows] == [f"{BASE}sok-wm-2025/art/15/lid/15.1"]


def test_relations_between_documents(kb: Any) -> None:
    rows = kb.select("""SELECT ?a ?rel ?b WHERE { VALUES ?rel { dvo:basedOn dvo:replaces dvo:cites }
        ?x ?rel ?y . ?x dvo:documentId ?a . ?y dvo:documentId ?b } ORDER BY ?a ?b""")
    got = {(r["a"], r["rel"].rsplit("#")[-1], r["b"]) for r in rows}
    assert ("dvo-pwm-2018", "basedOn", "cr-pwm-2018") in got
    assert ("sok-wm-2025", "replaces", "sok-wm-2023") in got
    assert ("cr-pwm-2018", "basedOn", "wgr") in got
    assert ("avg", "replaces", "wbp") in got
    # the laws the DVOs' preambles name (a researcher's trial found them without a link)
    assert {("dvo-pwm-2018", "cites", "gemeentewet"), ("dvo-pwm-2018", "cites", "participatiewet"),
            ("dvo-pwm-2020-beek", "cites", "wsw")} <= got
    annex = kb.select("""SELECT ?p WHERE { ?d dvo:documentId 'dvo-pwm-2020-beek-privacyprotocol' ;
                         dvo:isPartOf ?x . ?x dvo:documentId ?p }""")
    assert annex[0]["p"] == "dvo-pwm-2020-beek"


def test_a_document_in_force_with_another_has_its_date_from_its_own_article(kb: Any) -> None:
    """The privacy protocol has "dezelfde looptijd als de Dienstverleningsovereenkomst" (its art.
    14): in force from the DVO-2020 Beek's date (its art. 20), a statement derived from both (a researcher's
    trial: no date, so a query of what is in force on a day missed it)."""
    rows = kb.select("""SELECT ?from ?src WHERE { ?d dvo:documentId 'dvo-pwm-2020-beek-privacyprotocol' ;
        dvo:inForceFrom ?from . ?st rdf:subject ?d ; rdf:predicate dvo:inForceFrom ; prov:wasDerivedFrom ?src }""")
    assert sorted((str(r["from"]), r["src"].rsplit("/id/", 1)[-1]) for r in rows) == [
        ("2020-01-01", "dvo-pwm-2020-beek-privacyprotocol/art/14"), ("2020-01-01", "dvo-pwm-2020-beek/art/20")]


def test_a_document_of_a_definite_duration_has_its_last_day_in_force(kb: Any) -> None:
    """A researcher's trial: "in force on 2030-06-01" still listed the HBEL-DVO, entered into as of
    1 January 2026 for four years (art. 2 lid 1). Its last day, computed from the two, with its source;
    the documents of an indefinite duration have none."""
    rows = kb.select("""SELECT ?id ?until ?src WHERE { ?d dvo:documentId ?id ; dvo:inForceUntil ?until .
        ?st rdf:subject ?d ; rdf:predicate dvo:inForceUntil ; prov:wasDerivedFrom ?src }""")
    assert [(r["id"], str(r["until"]), r["src"].rsplit("/id/", 1)[-1]) for r in rows] == [
        ("dvo-hbel-2026", "2029-12-31", "dvo-hbel-2026/art/2/lid/1")]
    in_force = kb.select("""SELECT ?id WHERE { ?d dvo:documentId ?id ; dvo:inForceFrom ?f .
        FILTER(?f <= "2030-06-01"^^xsd:date)
        FILTER NOT EXISTS { ?d dvo:inForceUntil ?u FILTER(?u < "2030-06-01"^^xsd:date) } }""")
    assert "dvo-hbel-2026" not in {r["id"] for r in in_force} and "cr-pwm-2018" in {r["id"] for r in in_force}


def test_external_acts_are_identified_by_bwb_or_celex(kb: Any) -> None:
    rows = kb.select("""SELECT ?id ?bwb ?celex WHERE { ?a dvo:documentId ?id ; dvo:inCorpus false .
        OPTIONAL { ?a dvo:bwbId ?bwb } OPTIONAL { ?a dvo:celexId ?celex } }""")
    got = {r["id"]: (r["bwb"], r["celex"]) for r in rows}
    assert got["wgr"] == ("BWBR0003740", None)
    assert got["avg"][1] == "32016R0679"
    assert "cr-pwm-2020" in got and "gr-hbel" in got and "mandaatbesluit-sok-wm-2025" in got


def test_productenlijst_is_a_list_of_tasks(kb: Any) -> None:
    rows = kb.select("""SELECT ?t WHERE { ?d dvo:documentId 'dvo-pwm-2018' ; dvo:hasAnnex ?x .
                        ?x dvo:hasTask ?task . ?task dvo:text ?t }""")
    texts = {r["t"] for r in rows}
    assert len(texts) > 50
    assert "uitvoering en besluiten bijzondere bijstand" in texts
    assert "Uitoefening poortwachtersfunctie (preventie/handhaving)" in texts


def test_signatures_as_printed(kb: Any) -> None:
    rows = kb.select("""SELECT ?pid ?on ?decision WHERE { ?d dvo:documentId 'sok-wm-2025' ; dvo:hasSignature ?s .
        ?s dvo:signatory ?b ; dvo:signedOnText ?on ; dvo:decisionDateText ?decision .
        ?b dvo:burgemeesterOf ?m . ?m dvo:partyId ?pid } ORDER BY ?pid""")
    assert [(r["pid"], r["on"], r["decision"]) for r in rows] == [
        ("beek", "8-7-2025", "21-8-2025"), ("sittard-geleen", "10-7-2025", "10-7-2025"),
        ("stein", "21-8-2025", "8-7-2025")]


def test_footnote_leaves_the_text(kb: Any) -> None:
    rows = kb.select("""SELECT ?t WHERE { ?d dvo:documentId 'dvo-pwm-2020-beek' ; dvo:hasFootnote ?f . ?f dvo:text ?t }""")
    assert rows[0]["t"] == "Statuten en naam worden in de loop van 2020 gewijzigd."
    pre = kb.select("""SELECT ?t WHERE { ?d dvo:documentId 'dvo-pwm-2020-beek' ; dvo:hasPreamble ?p . ?p dvo:text ?t }""")
    assert "VIXIA B.V. en Gemeenschappelijke Regeling" in pre[0]["t"]


def test_text_literals_are_dutch(union: Graph) -> None:
    from dvo_kb.ontology.namespace import DVO

    texts = list(union.objects(None, DVO.text))
    assert len(texts) > 800
    assert all(isinstance(t, Literal) and t.language == "nl" for t in texts)


def test_canonical_form_is_stable(built: Any) -> None:
    """Graphs compared as graphs: the canonical form of the union does not change across builds."""
    a = to_isomorphic(built.graphs[URIRef(f"{BASE}graph/dvo-pwm-2018")])
    b = to_isomorphic(build(with_ontology=False).graphs[URIRef(f"{BASE}graph/dvo-pwm-2018")])
    assert a == b
