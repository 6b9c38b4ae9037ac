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
