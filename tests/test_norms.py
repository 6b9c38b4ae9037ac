"""The curated norms: every lid classified, at least 200 norms, and the JSON view of them."""

from __future__ import annotations

import json
from typing import Any

import pytest

from dvo_kb.cli import main
from dvo_kb.rules.check_curated import coverage

DOCS = ["cr-pwm-2018", "dvo-pwm-2018", "dvo-pwm-2020-beek", "dvo-pwm-2020-beek-privacyprotocol",
        "dvo-hbel-2026", "sok-wm-2025"]
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
    rows = kb.select(f"SELECT (COUNT(?n) AS ?c) WHERE {{ ?n a dvo:{kind} ; dvo:source ?s }}")
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
