"""The curated norms: every lid classified, at least 200 norms, and the JSON view of them."""

from __future__ import annotations

import json
from typing import Any

import pyoxigraph as ox
import pytest

from dvo_kb.clauses.corpus import normative_ids
from dvo_kb.cli import main
from dvo_kb.rules.check_curated import coverage

DOCS = normative_ids()  # every document with norms, found by glob (clauses/documents/*/)
BASE = "https://w3id.org/dvo-kb/id/"


def test_every_lid_is_classified_and_there_are_200_norms(union: Any) -> None:
    from rdflib import URIRef

    total = 0
    lines = []
    for d in DOCS:
        missing, kinds = coverage(union, URIRef(BASE + d))
        norms = sum(kinds[k] for k in ("Obligation", "Permission", "Prohibition", "Power"))
        total += norms
        lines.append(f"{d:36} {norms:4} norms  " + ", ".join(f"{k} {n}" for k, n in sorted(kinds.items())))
        assert not missing, f"{d}: leden not classified: {missing}"
    print("\n".join(lines))  # shown with pytest -s: the coverage per document
    assert total >= 200


@pytest.mark.parametrize("kind", ["Obligation", "Permission", "Prohibition", "Power"])
def test_each_norm_kind_occurs(kb: Any, kind: str) -> None:
    rows = kb.select("SELECT ?k (COUNT(?n) AS ?c) WHERE { ?n a ?k ; dvo:source ?s } GROUP BY ?k",
                     {"k": ox.NamedNode("https://w3id.org/dvo-kb/def#" + kind)})  # (bound, not spliced)
    assert int(rows[0]["c"]) > 0


def test_show_json_has_the_norms_of_each_lid(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", "dvo-hbel-2026", "13", "1", "--format", "json"]) == 0
    view = json.loads(capsys.readouterr().out)
    [lid] = view["articles"][0]["paragraphs"]
    norms = [p for p in lid["provisions"] if p["kind"] == "Obligation"]
    assert norms, lid
    first = norms[0]
    for key in ("kind", "bearer", "counterparty", "action", "trigger", "condition", "deadline", "survives",
                "topics", "references"):
        assert key in first
    contact = next(n for n in norms if n["deadline"] and n["deadline"]["type"] == "period")
    assert contact["deadline"]["count"] == 2 and contact["deadline"]["unit"] == "werkdag"
    assert contact["condition"]["threshold_count"] == 5
    assert "overmacht" in contact["trigger"]
    assert lid["classification"]


def test_every_condition_and_note_is_shown(kb: Any) -> None:
    """cr-pwm-2018 art. 15 lid 2 has two conditions: the view lists both (not the first alone),
    the lid page shows both and the curators' note."""
    from dvo_kb.clauses.views import document_view, select_article

    view = select_article(document_view(kb, "cr-pwm-2018"), "15", "2")
    provs = [p for par in view["articles"][0]["paragraphs"] for p in par["provisions"]]
    norm = next(p for p in provs if p["iri"].endswith("/art/15/lid/2/norm/1"))
    assert len(norm["conditions"]) == 2 and all(c["text"] for c in norm["conditions"])
    assert norm["condition"] == norm["conditions"][0]
