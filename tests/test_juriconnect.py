"""Juriconnect identifiers (dvo:jci) of the national law the corpus cites (issue 22, item 3)."""

from __future__ import annotations

import pytest

from dvo_kb.clauses.juriconnect import jci


@pytest.mark.parametrize(("bwb", "path", "expected"), [
    ("BWBR0003740", "", "jci1.3:c:BWBR0003740"),
    ("BWBR0003740", "art/9", "jci1.3:c:BWBR0003740&artikel=9"),
    ("BWBR0003740", "art/3/lid/5", "jci1.3:c:BWBR0003740&artikel=3&lid=5"),
    ("BWBR0005537", "afdeling/3.6", "jci1.3:c:BWBR0005537&afdeling=3.6"),
    ("BWBR0035362", "art/2.3.1", "jci1.3:c:BWBR0035362&artikel=2.3.1"),
    ("32016R0679", "art/4", None),  # a CELEX number is no BWB id
    ("BWBR0011468", "art/4/punt/8", None),  # Juriconnect has no level "punt"
    ("BWBR0011468", "art", None),
    ("BWBR0011468", "art/1 lid 2", None),
])
def test_jci(bwb: str, path: str, expected: str | None) -> None:
    assert jci(bwb, path) == expected


def test_every_act_with_a_bwb_id_has_its_jci(kb) -> None:
    rows = kb.select("SELECT ?id ?bwb ?jci WHERE { ?a dvo:documentId ?id ; dvo:bwbId ?bwb . OPTIONAL { ?a dvo:jci ?jci } }")
    assert rows
    for r in rows:
        assert r["jci"] == f"jci1.3:c:{r['bwb']}", r["id"]


def test_every_cited_part_of_national_law_has_its_jci(kb) -> None:
    rows = kb.select("""SELECT ?part ?bwb ?jci WHERE {
        ?part a dvo:Division ; dvo:inDocument ?act . ?act dvo:bwbId ?bwb .
        OPTIONAL { ?part dvo:jci ?jci } }""")
    got = {r["part"].rsplit("/id/", 1)[1]: r["jci"] for r in rows}
    assert got["wgr/art/28"] == "jci1.3:c:BWBR0003740&artikel=28"
    assert got["bw6/art/75"] == "jci1.3:c:BWBR0005289&artikel=75"
    assert got["awb/afdeling/3.6"] == "jci1.3:c:BWBR0005537&afdeling=3.6"
    assert got["wmo-2015/art/2.2.1"] == "jci1.3:c:BWBR0035362&artikel=2.2.1"
    assert all(got.values()), [p for p, j in got.items() if not j]
    # and only national law: the articles of the AVG (EU) and of cr-pwm-2020 (not BWB) have none
    assert not kb.select("SELECT ?p WHERE { ?p dvo:jci ?j ; dvo:inDocument ?d . FILTER NOT EXISTS { ?d dvo:bwbId ?b } }")


def test_a_cited_part_of_a_law_is_part_of_it(kb) -> None:
    """A researcher's trial: "?t dvo:isPartOf* ?law" lost every reference to an article of a law
    (the parts of a law had dvo:inDocument only): the HBEL-DVO's art. 13 lid 4 refers to BW 6:75."""
    rows = kb.select("""SELECT DISTINCT ?doc ?bwb WHERE {
        ?x dvo:refersTo ?t ; dvo:source ?lid . ?lid dvo:inDocument/dvo:documentId ?doc .
        ?t dvo:isPartOf* ?law . ?law a dvo:NationalLaw ; dvo:bwbId ?bwb }""")
    assert {"doc": "dvo-hbel-2026", "bwb": "BWBR0005289"} in [{"doc": r["doc"], "bwb": r["bwb"]} for r in rows]
    orphans = kb.select("""SELECT ?part WHERE { ?part dvo:inDocument ?act . ?act a dvo:NationalLaw .
        FILTER NOT EXISTS { ?part dvo:isPartOf ?any } }""")
    assert not orphans


def test_norms_items_and_tasks_have_labels_in_nl_and_en(kb) -> None:
    """A researcher's trial: 0 labels for the norms, items and tasks; generic RDF tools showed IRIs."""
    missing = kb.select("""SELECT ?s WHERE { ?s a ?t . FILTER(?t IN (dvo:Obligation, dvo:Power, dvo:Permission,
        dvo:Prohibition, dvo:Declaration, dvo:Definition, dvo:Item, dvo:Task)) FILTER(!isBlank(?s))
        FILTER(NOT EXISTS { ?s rdfs:label ?nl FILTER(LANG(?nl) = "nl") }
               || NOT EXISTS { ?s rdfs:label ?en FILTER(LANG(?en) = "en") }) }""")
    assert not missing, missing[:3]
    labels = {r["l"] for r in kb.select("""SELECT ?l WHERE {
        <https://w3id.org/dvo-kb/id/dvo-pwm-2018/art/12.3/lid/0/norm/1> rdfs:label ?l }""")}
    assert labels == {"verplichting 1, DVO-2018 art. 12.3", "obligation 1, DVO-2018 art. 12.3"}
