"""Equal clauses, equal encoding (issue 23, item 4): the consistency check runs on the real
corpus, finds nothing unexplained, lists every difference it tolerates (as recorded in
tests/data/consistency.yaml), and finds the kind of error the audit found when it is put back."""

from __future__ import annotations

from typing import Any

import pyoxigraph as ox
import pytest
from conftest import load_yaml

from dvo_kb.rules.consistency import check, main, report
from dvo_kb.store import BuildInfo, KnowledgeBase

DVO = "https://w3id.org/dvo-kb/def#"


@pytest.fixture(scope="module")
def diffs(kb: Any) -> list[Any]:
    return check(kb)


def test_nothing_is_unexplained(diffs: list[Any]) -> None:
    print(report(diffs))  # shown with pytest -s: every tolerated difference with its reason
    assert not [d.line() for d in diffs if not d.tolerated_by]


def test_every_tolerated_difference_is_listed_and_judged(diffs: list[Any]) -> None:
    expected = {tuple(x) for x in load_yaml("consistency.yaml")["tolerated"]}
    got = {(*d.key, d.tolerated_by) for d in diffs}
    assert got == expected, f"new: {sorted(got - expected)}; gone: {sorted(expected - got)}"
    assert all(d.reason for d in diffs)


def test_both_tiers_and_the_reasons(diffs: list[Any]) -> None:
    tiers = {d.tier for d in diffs}
    assert tiers == {"equal-text", "recurring-clause"}
    # the DVO-2018 protocol duty that DVO-2020 Beek does not have: a note names the other DVO
    [protocol] = [d for d in diffs if d.field == "norm"]
    assert protocol.tolerated_by == "note" and "DVO-2020 Beek" in (protocol.reason or "")
    # HBEL has no survival clause: its duty of confidentiality need not survive
    assert any(d.field == "survives" and d.tolerated_by == "no-survival-clause" for d in diffs)


def test_the_command(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 0
    out = capsys.readouterr().out
    assert out.startswith("0 unexplained difference(s)")


def _scratch(kb: Any, update: str) -> KnowledgeBase:
    """A copy of the knowledge base's default graph with one SPARQL update applied."""
    store = ox.Store()
    store.extend(kb.quads())
    store.update(update.replace("dvo:", DVO).replace("<id:", "<" + kb.base))
    return KnowledgeBase(store, BuildInfo(len(store), 1, 0.0, False, None), kb.base)


def test_the_audits_errors_are_found_again(kb: Any) -> None:
    """Put back what the audit found: DVO-2020 Beek art. 18 norm 2 as 'informatie aanleveren'
    without survival, and DVO-2018 art. 22 arbitration as an obligation (without the note that
    now compares it with the court clauses)."""
    beek = "<id:dvo-pwm-2020-beek/art/18/lid/0/norm/2>"
    arb = "<id:dvo-pwm-2018/art/22/lid/0/norm/2>"
    scratch = _scratch(kb, f"""
        DELETE DATA {{ {beek} <dvo:action> <dvo:action-bekendmaken> ;
                              <dvo:survivesTermination> true ;
                              <dvo:survivalSource> <id:dvo-pwm-2020-beek/art/21.2/lid/0> .
                       {arb} a <dvo:Permission> }} ;
        INSERT DATA {{ {beek} <dvo:action> <dvo:action-informatie-aanleveren> .
                       {arb} a <dvo:Obligation> }} ;
        DELETE WHERE {{ {arb} <dvo:ambiguityNote> ?note }}""")
    bad = [d for d in check(scratch) if not d.tolerated_by]
    found = {(d.field, d.a, d.b) for d in bad}
    assert ("action", "dvo-pwm-2018", "dvo-pwm-2020-beek") in found
    assert ("action", "dvo-pwm-2020-beek", "sok-wm-2025") in found
    assert ("survives", "dvo-pwm-2018", "dvo-pwm-2020-beek") in found
    assert ("kind", "dvo-hbel-2026", "dvo-pwm-2018") in found  # the court clause of HBEL art. 15.3
    assert ("kind", "dvo-pwm-2018", "sok-wm-2025") in found  # the court clause of SOK art. 14.4
