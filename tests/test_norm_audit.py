"""The cases of the blind audit of the norms (issue 23, item 1), each on the real graph: the
encoding as corrected, with the note that says why where the text leaves room."""

from __future__ import annotations

from typing import Any

import pyoxigraph as ox
import pytest

B = "https://w3id.org/dvo-kb/id/"
DVO = "https://w3id.org/dvo-kb/def#"


def _norm(kb: Any, iri: str) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for r in kb.select("SELECT ?x ?p ?o WHERE { ?x ?p ?o }", {"x": ox.NamedNode(B + iri)}):  # (bound, not spliced)
        out.setdefault(r["p"].removeprefix(DVO).rsplit("#", 1)[-1], set()).add(r["o"].removeprefix(DVO))
    assert out, f"{iri} is not in the graph"
    return out


def _kind(n: dict[str, set[str]]) -> str:
    [kind] = n["type"] & {"Obligation", "Permission", "Prohibition", "Power", "Declaration", "Definition"}
    return kind


@pytest.mark.parametrize(("iri", "source"), [
    ("dvo-pwm-2018/art/18/lid/0/norm/2", "dvo-pwm-2018/art/21.2/lid/0"),
    ("dvo-pwm-2020-beek/art/18/lid/0/norm/2", "dvo-pwm-2020-beek/art/21.2/lid/0"),
    ("sok-wm-2025/art/10/lid/10.2/norm/2", "sok-wm-2025/art/16/lid/16.9"),
])
def test_the_ban_on_disclosure_survives_and_is_disclosure(kb: Any, iri: str, source: str) -> None:
    n = _norm(kb, iri)
    assert _kind(n) == "Prohibition"
    assert n["survivesTermination"] == {"true"} and n["survivalSource"] == {B + source}
    assert n["action"] == {"action-bekendmaken"}


@pytest.mark.parametrize("iri", ["dvo-hbel-2026/art/13/lid/2/norm/1", "dvo-hbel-2026/art/13/lid/3/norm/1"])
def test_the_notice_of_default_is_the_creditors_step(kb: Any, iri: str) -> None:
    n = _norm(kb, iri)
    assert _kind(n) == "Power" and n["action"] == {"action-in-gebreke-stellen"}
    assert any("6:82 BW" in x or "6:74" in x for x in n["ambiguityNote"])


def test_the_remedy_is_conditional_on_the_notice(kb: Any) -> None:
    rows = kb.select("SELECT ?n ?t WHERE { ?n dvo:condition/dvo:conditionText ?t }",
                     {"n": ox.NamedNode(B + "dvo-hbel-2026/art/13/lid/2/norm/3")})
    texts = {r["t"] for r in rows}
    assert any("per aangetekende brief in gebreke stellen" in t for t in texts)
    assert any("ook na deze termijn" in t for t in texts)


@pytest.mark.parametrize(("iri", "action"), [
    ("cr-pwm-2018/art/9/lid/1/norm/1", "action-betalen"),
    ("cr-pwm-2018/art/9/lid/3/norm/1", "action-afrekenen"),
    ("dvo-pwm-2018/art/17.5/lid/0/norm/1", "action-kosten-dragen"),
    ("cr-pwm-2018/art/19/lid/0/norm/1", "action-uitvoeren"),
])
def test_duties_hidden_as_non_norms_are_obligations(kb: Any, iri: str, action: str) -> None:
    n = _norm(kb, iri)
    assert _kind(n) == "Obligation" and action in n["action"]
    assert n.get("ambiguityNote"), "a note says why the lid is read as a duty"


def test_cost_bearing_is_encoded_alike(kb: Any) -> None:
    a = _norm(kb, "dvo-pwm-2018/art/17.5/lid/0/norm/1")
    b = _norm(kb, "cr-pwm-2018/art/8/lid/4/norm/1")
    assert _kind(a) == _kind(b) == "Obligation" and a["action"] == b["action"] == {"action-kosten-dragen"}
    assert a["bearer"] == {B + "party/sittard-geleen"}


def test_the_privacy_duties_of_art_19_are_alike_in_both_dvos(kb: Any) -> None:
    # the protection itself survives; the duties to lay arrangements down in a document do not
    for iri in ("dvo-pwm-2018/art/19/lid/0/norm/1", "dvo-pwm-2020-beek/art/19/lid/0/norm/1"):
        assert _norm(kb, iri)["survivesTermination"] == {"true"}
    for iri in ("dvo-pwm-2018/art/19/lid/0/norm/2", "dvo-pwm-2018/art/19/lid/0/norm/3",
                "dvo-pwm-2020-beek/art/19/lid/0/norm/2"):
        n = _norm(kb, iri)
        assert "survivesTermination" not in n
        assert any("done once" in x for x in n["ambiguityNote"])


def test_arbitration_and_the_courts_are_alike(kb: Any) -> None:
    rows = kb.select("""SELECT ?n ?k WHERE { ?n dvo:action dvo:action-voorleggen ; dvo:trigger dvo:event-geschil ; a ?k .
        FILTER(?k IN (dvo:Obligation, dvo:Permission)) }""")
    kinds = {r["n"].removeprefix(B): r["k"].removeprefix(DVO) for r in rows}
    assert kinds["dvo-pwm-2018/art/22/lid/0/norm/2"] == "Permission"
    assert {kinds[k] for k in kinds if k.startswith(("dvo-hbel-2026/art/15", "sok-wm-2025/art/14"))} == {"Permission"}


def test_the_ambtelijk_opdrachtnemer_of_item_a_is_huizen(kb: Any) -> None:
    n = _norm(kb, "dvo-hbel-2026/art/13/lid/1/item/a/norm/1")
    assert n["bearer"] == {B + "party/huizen"}
    assert n["counterparty"] == {B + p for p in ("party/blaricum", "party/eemnes", "party/laren")}
    roles = kb.select("SELECT ?r ?c WHERE { ?r dvo:candidate ?c }",
                      {"r": ox.NamedNode(B + "dvo-hbel-2026/role/var/ambtelijk-opdrachtnemer")})
    assert [r["c"] for r in roles] == [B + "party/huizen"]


def test_the_annual_report_of_the_beek_annex_is_encoded(kb: Any) -> None:
    n = _norm(kb, "dvo-pwm-2020-beek/bijlage/1/task/11/norm/1")
    assert _kind(n) == "Obligation" and n["counterparty"] == {B + "party/beek"}
