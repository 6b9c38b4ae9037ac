"""OPTIONALs looked up per answer (query/ask.py: lift_optionals, fill) give the rows the
OPTIONALs give, on the real corpus; an OPTIONAL whose variable a filter uses stays in the query."""

from __future__ import annotations

import json
from typing import Any

import pytest

from dvo_kb.query.ask import Asker, fill, lift_optionals, render
from dvo_kb.query.parser import parse

from .conftest import load_yaml


@pytest.fixture(scope="module")
def asker(kb: Any) -> Asker:
    return Asker(kb)


def _rows(rows: list[dict[str, Any]]) -> list[str]:
    return sorted(json.dumps(r, sort_keys=True) for r in rows)


def test_lookups_give_the_rows_of_the_optionals(asker: Asker, kb: Any) -> None:
    questions = [q["q"] for q in load_yaml("questions.yaml")]
    lifted_any = 0
    for q in questions:
        intent, _ = parse(q, asker.lexicon)
        for c in asker.compile(intent)[1]:
            whole = render(c.template, frozenset(c.bindings))
            if not c.lookups:
                continue
            lifted_any += 1
            subs = c.substitutions()
            assert _rows(fill(kb, kb.select(c.sparql, subs), c.lookups)) == _rows(kb.select(whole, subs)), q
    assert lifted_any > 50


def test_an_optional_a_filter_needs_stays() -> None:
    text = """SELECT ?n ?a ?b WHERE {
  ?n a <http://e/N> .
  OPTIONAL { ?n dvo:actionObject ?a }
  OPTIONAL { ?n dvo:deadline/dvo:deadlineText ?b }
  FILTER(CONTAINS(COALESCE(?a, ""), "x"))
}"""
    query, lookups = lift_optionals(text)
    assert "OPTIONAL { ?n dvo:actionObject ?a }" in query.split("# then")[0]
    assert [(lk.subject, lk.path, lk.obj) for lk in lookups] == [("n", ("dvo:deadline", "dvo:deadlineText"), "b")]
    assert "# then per answer, from the store: OPTIONAL { ?n dvo:deadline/dvo:deadlineText ?b }" in query
