"""The embedded store: in memory, on disk, reused while the sources are unchanged."""

from __future__ import annotations

from pathlib import Path

import pytest

from dvo_kb import store as store_mod
from dvo_kb.store import KnowledgeBase


def test_on_disk_store_is_reused_until_the_sources_change(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = KnowledgeBase.open(tmp_path)
    assert not first.info.reused and first.info.triples > 10000
    del first
    second = KnowledgeBase.open(tmp_path)
    assert second.info.reused
    assert second.select("SELECT (COUNT(*) AS ?n) WHERE { ?a a dvo:Article }")[0]["n"] == "146"
    del second
    monkeypatch.setattr(store_mod, "fingerprint", lambda base, extra=(): "changed")
    third = KnowledgeBase.open(tmp_path)
    assert not third.info.reused


def test_substitutions_bind_values_never_splice(tmp_path: Path) -> None:
    import pyoxigraph as ox

    kb = KnowledgeBase.open()
    evil = '" } ; DROP ALL ; SELECT * { "'
    rows = kb.select("SELECT ?id ?d WHERE { ?d dvo:documentId ?id }", {"id": ox.Literal(evil)})
    assert rows == []
    rows = kb.select("SELECT ?id ?d WHERE { ?d dvo:documentId ?id }", {"id": ox.Literal("dvo-pwm-2018")})
    assert rows[0]["d"].endswith("/dvo-pwm-2018")


def test_bound_values_answer_as_pyoxigraph_substitutions_do() -> None:
    """The embedded store binds IRIs and literals as a VALUES block placed by the parser (so the
    engine plans with them: a lid's norms through dvo:hasItem? at 1M quads 120 ms -> 0.5 ms),
    and keeps pyoxigraph's substitutions for a query with a sub-SELECT, which a VALUES block
    outside it does not reach (norms.rq, provisions.rq: 50 ms -> 12 s at 1M quads). Either
    way, the answers are pyoxigraph's own for the same values, on every lid with norms."""
    import pyoxigraph as ox

    from dvo_kb import sparql
    from dvo_kb.binding import has_subquery
    from dvo_kb.store import PREFIXES

    kb = KnowledgeBase.open()
    q = sparql.load("query/templates/lid_norms.rq")
    assert not has_subquery(q)
    assert has_subquery(sparql.load("query/templates/norms.rq"))
    assert has_subquery(sparql.load("query/templates/provisions.rq"))
    lids = {r["lid"] for r in kb.select("SELECT DISTINCT ?lid WHERE { ?n dvo:source ?s . ?lid dvo:hasItem? ?s }")}
    assert len(lids) > 300

    def rows(solutions: ox.QuerySolutions) -> list[str]:
        return sorted(str([(v.value, str(s[v])) for v in solutions.variables if s[v] is not None]) for s in solutions)

    for lid in sorted(lids):
        bound = kb.query(q, {"wantLid": ox.NamedNode(lid)})
        own = kb.store.query(q, prefixes=PREFIXES, substitutions={ox.Variable("wantLid"): ox.NamedNode(lid)})
        assert isinstance(bound, ox.QuerySolutions) and isinstance(own, ox.QuerySolutions)
        assert rows(bound) == rows(own), lid


def test_a_bad_base_iri_is_refused() -> None:
    with pytest.raises(ValueError, match="base IRI"):
        KnowledgeBase.open(base="not an iri")


def test_extra_data_on_disk_is_in_the_union_with_its_blank_nodes(tmp_path: Path) -> None:
    """On disk the union is copied per named graph by the bulk loader (an update held all its
    solutions at once: 5.6 GB at 5M quads); a blank node stays the same node in both."""
    import pyoxigraph as ox

    extra = tmp_path / "extra.trig"
    extra.write_text('<http://e/g1> { <http://e/a> <http://e/p> _:b . _:b <http://e/q> "x" . }\n'
                     '<http://e/g2> { <http://e/c> <http://e/p> "y" . }\n', encoding="utf-8")
    kb = KnowledgeBase.open(tmp_path / "store", extra=[extra])
    rows = kb.select('SELECT ?v WHERE { <http://e/a> <http://e/p> ?b . ?b <http://e/q> ?v }')  # the default graph
    assert [r["v"] for r in rows] == ["x"]
    named = kb.select('SELECT ?v WHERE { GRAPH <http://e/g1> { <http://e/a> <http://e/p> ?b } ?b <http://e/q> ?v }')
    assert [r["v"] for r in named] == ["x"]
    assert len(kb.quads(None, ox.NamedNode("http://e/p"))) == 2


def test_select_each_answers_as_one_select_per_value() -> None:
    """The norms of every lid in a few queries (rows of a VALUES block, 500 at a time) are the
    norms each lid's own query finds."""
    import pyoxigraph as ox

    from dvo_kb import sparql
    from dvo_kb.binding import select_each

    kb = KnowledgeBase.open()
    q = sparql.load("query/templates/lid_norms.rq")
    lids = sorted({r["lid"] for r in kb.select("SELECT DISTINCT ?lid WHERE { ?n dvo:source ?s . ?lid dvo:hasItem? ?s }")})
    each = select_each(kb, q, "wantLid", [ox.NamedNode(x) for x in lids], chunk=97)
    assert set(each) == set(lids)
    for lid in lids:
        one = kb.select(q, {"wantLid": ox.NamedNode(lid)})
        assert sorted(map(str, each[lid])) == sorted(map(str, one)), lid
    assert sum(1 for rows in each.values() if rows) > 300


def test_queries_the_values_block_cannot_take_are_bound_by_substitutions() -> None:
    """A BIND to the bound variable (a VALUES block before it would make the query invalid) and a
    codepoint escape (read differently by the block's parser and by pyoxigraph) still answer as
    with pyoxigraph's substitutions (a reviewer's cases)."""
    import pyoxigraph as ox

    kb = KnowledgeBase.open()
    doc = ox.NamedNode(kb.base + "dvo-pwm-2018")
    q = 'SELECT ?d ?id WHERE { BIND("dvo-pwm-2018" AS ?id) ?d dvo:documentId ?id }'
    assert [r["d"] for r in kb.select(q, {"id": ox.Literal("dvo-pwm-2018")})] == [doc.value]
    rows = kb.select('SELECT ?d ?id WHERE { ?d dvo:documentId ?id FILTER(!STRSTARTS(?id, "C:\\\\u00e9")) }', {"d": doc})
    assert [r["id"] for r in rows] == ["dvo-pwm-2018"]


def test_a_store_built_with_extra_data_is_not_thrown_away_by_a_command_without_it(tmp_path: Path) -> None:
    """`dvo-kb ask --store DIR` without the --extra the store was built with once rebuilt it from
    the corpus alone, silently, throwing away a graph of a million quads (a new user's trial):
    now refused with what to do; the same extra data reuses it, --rebuild builds anew."""
    from dvo_kb.kb import StoreError

    extra = tmp_path / "extra.trig"
    extra.write_text('<http://e/g1> { <http://e/a> <http://e/p> "x" . }\n', encoding="utf-8")
    store = tmp_path / "store"
    first = KnowledgeBase.open(store, extra=[extra])
    assert not first.info.reused
    del first
    with pytest.raises(StoreError, match="built with extra data .*--rebuild"):
        KnowledgeBase.open(store)
    again = KnowledgeBase.open(store, extra=[extra])
    assert again.info.reused and again.select('SELECT ?o WHERE { <http://e/a> <http://e/p> ?o }') == [{"o": "x"}]
    del again
    anew = KnowledgeBase.open(store, rebuild=True)
    assert not anew.info.reused
