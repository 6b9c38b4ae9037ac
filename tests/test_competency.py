"""Competency tests of the norms: SPARQL queries with the rows they must return, as data
(tests/documents/*/competency.yaml), run on the real graph.

A case: `id`, `question` (what an advisor asks), `source` (document and article), `sparql`,
and `expect` (exactly these rows, in any order) or `expect_contains` (at least these rows).
Row values are compared in short form: IRIs of the ontology as `dvo:Local`, IRIs below the base
IRI relative to it (`dvo-pwm-2018/art/16.1/lid/0`), literals as their text.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from dvo_kb.clauses.iris import DEFAULT_BASE

CASES_DIR = Path(__file__).parent / "documents"
DVO_NS = "https://w3id.org/dvo-kb/def#"


def _cases() -> list[dict[str, Any]]:
    out = []
    for f in sorted(CASES_DIR.glob("*/competency.yaml")):
        for case in yaml.safe_load(f.read_text(encoding="utf-8")) or []:
            case["_file"] = f"{f.parent.name}/{f.name}"
            out.append(case)
    return out


CASES = _cases()


def short(value: str | None) -> str | None:
    if value is None:
        return None
    if value.startswith(DVO_NS):
        return "dvo:" + value[len(DVO_NS):]
    if value.startswith(DEFAULT_BASE):
        return value[len(DEFAULT_BASE):]
    return value


def _norm(row: dict[str, Any]) -> dict[str, str | None]:
    return {k: (None if v is None else str(v)) for k, v in row.items()}


def test_competency_collection_is_not_empty() -> None:
    assert len(CASES) >= 20
    docs = {c["source"].split()[0] for c in CASES}
    assert {"cr-pwm-2018", "dvo-pwm-2018", "dvo-pwm-2020-beek", "dvo-pwm-2020-beek-privacyprotocol",
            "dvo-hbel-2026", "sok-wm-2025"} <= docs
    ids = [c["id"] for c in CASES]
    assert len(ids) == len(set(ids)), "competency ids are unique"


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_competency(kb: Any, case: dict[str, Any]) -> None:
    rows = [{k: short(v) for k, v in r.items()} for r in kb.select(case["sparql"])]
    got = [_norm(r) for r in rows]
    if "expect" in case:
        expected = [_norm(r) for r in case["expect"] or []]
        key = lambda r: sorted((k, v or "") for k, v in r.items())  # noqa: E731
        assert sorted(got, key=key) == sorted(expected, key=key), f"{case['_file']}: {case['id']}"
    else:
        for exp in case["expect_contains"]:
            e = _norm(exp)
            assert any(all(r.get(k) == v for k, v in e.items()) for r in got), \
                f"{case['_file']}: {case['id']}: {e} not in {got}"
