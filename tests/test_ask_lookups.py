"""OPTIONALs looked up per answer (a template's "# lookup" marks, query/ask.py: rendered, fill)
give the rows the OPTIONALs give, on the real corpus; an OPTIONAL whose variable a filter of the
question uses stays in the query ("# lookup unless ?var")."""

from __future__ import annotations

import json
from typing import Any

import pytest

from dvo_kb.query.ask import Asker, fill, render, rendered
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
    """norms.rq: the action's object is looked up per answer unless the question names an
    object, whose filter reads it."""
    plain = rendered("norms", frozenset({"c1a"}))
    assert ("n", ("dvo:actionObject",), "actionObject") in [(lk.subject, lk.path, lk.obj) for lk in plain.lookups]
    assert "OPTIONAL { ?n dvo:actionObject ?actionObject }" not in plain.text.split("# then")[0]
    assert "# then per answer, from the store: OPTIONAL { ?n dvo:actionObject ?actionObject }" in plain.text
    obj = rendered("norms", frozenset({"wantObject1"}))
    assert "OPTIONAL { ?n dvo:actionObject ?actionObject }" in obj.text.split("# then")[0]
    assert "actionObject" not in [lk.obj for lk in obj.lookups]
    assert "} # lookup" not in obj.text and "} # lookup" not in render("norms", frozenset())


def test_no_value_enters_the_query_text(asker: Asker) -> None:
    """The text of a compiled query is the template's: the question's values are bound."""
    for q in ("wie moet wie informeren bij overmacht in de DVO van Beek?", "wat betekent 'programmakosten'?"):
        intent, _ = parse(q, asker.lexicon)
        for c in asker.compile(intent)[1]:
            for value in c.bindings.values():
                assert str(getattr(value, "value", value)) not in c.sparql
            assert set(c.substitutions()) >= set(c.bindings) - {"wantDoc"} or "wantDoc" in c.substitutions()


def test_the_count_of_provisions_found_is_the_count_listed(asker: Asker) -> None:
    """"16 provisions found" where a lid of the text was added after the count and 17 were listed
    (a new user's trial): the note counts the lids the answer lists."""
    ans = asker.ask("what are the obligations of Beek in the DVO 2020?")
    found = [n for n in ans.said if n.key == "found_many"]
    assert found and found[0].values["n"] == len({a["iri"] for a in ans.answers if a.get("iri")})
