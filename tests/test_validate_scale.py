"""Large drafts are checked as small ones are (issue 16, item 4): the catalogue's checks were
reworded so that their cost grows linearly with the number of articles; these tests show that
the findings did not change with them. No timing here: speed is measured by
benchmarks/bench_validate_scale.py.

- The rewritten checks against their plain formulations (tests/data/validate/reference_queries.yaml,
  the queries as first written, comparing every article with every other): the same findings on
  generated drafts of both kinds and on drafts made to stress the document-wide checks.
- A generated 200-article draft against the same articles validated in drafts of 50: every
  article has the same findings in both.
- The facts derived before the check (dvov:nextNumber).
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml
from rdflib import SH, Graph, Literal, URIRef

from dvo_kb.validate import validator
from dvo_kb.validate.reader import read_bytes
from dvo_kb.validate.validator import DVOV, Finding, check, derived_facts, shapes_graph, validate_draft

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).parent / "data" / "validate"
ON = dt.date(2026, 11, 25)
RULE = "https://w3id.org/dvo-kb/def/validation/rule/"
DVO = "https://w3id.org/dvo-kb/def#"


def _load_synth() -> ModuleType:
    spec = importlib.util.spec_from_file_location("draft_synth", ROOT / "benchmarks" / "draft_synth.py")
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    sys.modules["draft_synth"] = mod
    spec.loader.exec_module(mod)
    return mod


synth = _load_synth()


def _key(f: Finding) -> tuple[str, ...]:
    return (f.rule, f.severity, f.article or "", f.paragraph or "", f.message, f.message_en, f.shape)


def _validate(text: str) -> validator.Result:
    return validate_draft(read_bytes(text.encode("utf-8"), "concept.txt"), on=ON)


# -- the plain formulations ---------------------------------------------------------------------
def _reference_shapes() -> Graph:
    """The catalogue with the plain formulation in place of each reworded query."""
    plain: dict[str, str] = yaml.safe_load((DATA / "reference_queries.yaml").read_text(encoding="utf-8"))
    g = Graph()
    for t in shapes_graph():
        g.add(t)
    for name, query in plain.items():
        constraint = g.value(URIRef(RULE + name), SH.sparql)
        assert constraint is not None, f"reference_queries.yaml: no SPARQL check {name} in the catalogue"
        g.set((constraint, SH.select, Literal(query)))
    return g


def _stress_drafts() -> Iterator[tuple[str, str]]:
    """Small drafts with many articles of the kind the document-wide checks compare."""
    cases: dict[str, Any] = yaml.safe_load((DATA / "cases.yaml").read_text(encoding="utf-8"))
    dvo, reg = cases["bases"]["dvo"], cases["bases"]["regeling"]
    head, _, rest = dvo.partition("Artikel 1 ")
    body, _, closing = ("Artikel 1 " + rest).partition("Aldus overeengekomen")
    closing = "Aldus overeengekomen" + closing

    def more(heading: str, text: str, n: int = 25) -> str:
        return "".join(f"Artikel {i} {heading}\n{text.format(i=i)}\n\n" for i in range(9, 9 + n))

    silent = body.replace("stelt de andere partij daarvan onverwijld schriftelijk op de hoogte", "is niet aansprakelijk")
    fm = more("Overmacht", "Bij overmacht is partij {i} niet aansprakelijk.")
    yield "force majeure, nobody notifies", head + silent + fm + closing
    yield "force majeure, one article notifies", head + body + fm + closing
    yield "many dates of entry into force", head + body + "".join(
        f"Artikel {i} Inwerkingtreding\nDeze overeenkomst treedt in werking op {i} {('januari', 'maart')[i % 2]} 2027.\n\n"
        for i in range(9, 29)) + closing
    yield "personal data, no processing on behalf", head + body + more(
        "Gegevens", "Partijen verwerken persoonsgegevens zorgvuldig, zo bepaalt lid {i}.") + closing
    pv = more("Privacy", "Opdrachtnemer verwerkt persoonsgegevens in opdracht van opdrachtgever.")
    yield "processing, no agreement", head + body + pv + closing
    yield "processing and an agreement", head + body + pv + (
        "Artikel 34 Verwerkersovereenkomst\nPartijen sluiten een verwerkersovereenkomst.\n\n") + closing
    arts = [f"Artikel {i + (i // 7) * 2} Diversen\n1. Zie artikel {i * 3}, tweede lid en artikel {i - 1}, derde lid.\n"
            f"2. Opdrachtnemer doet het werk.\nArtikel {i + (i // 7) * 2 - 1} Kopie" for i in range(9, 40)]
    yield "gaps, repeats and references", head + body + "\n\n".join(arts) + "\n\n" + closing
    ut = more("Uittreding", "Een gemeente kan uittreden bij besluit van haar college.")
    yield "withdrawal without consequences", reg.replace(
        "2. De kosten en andere financiële gevolgen van de uittreding komen voor rekening van de uittredende gemeente.\n",
        "") + "\n" + ut
    yield "withdrawal with consequences", reg + "\n" + ut
    for kind in ("dvo", "regeling"):
        for seed in (1, 2, 3):
            yield f"generated {kind}, seed {seed}", synth.synth_draft(120, seed=seed, kind=kind)
    for theme in synth.THEMES:  # every article of one kind: the worst case of a check
        yield f"all {theme}", synth.theme_draft(60, theme)


@pytest.fixture(scope="module")
def reference() -> Graph:
    return _reference_shapes()


@pytest.mark.parametrize("name,text", [pytest.param(n, t, id=n.replace(", ", "-").replace(" ", "-"))
                                       for n, t in _stress_drafts()])
def test_reworded_checks_find_what_the_plain_ones_find(name: str, text: str, reference: Graph,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    r = _validate(text)
    monkeypatch.setattr(validator, "shapes_graph", lambda: reference)
    _, plain = check(r.data)
    got = Counter(_key(f) for f in r.findings)
    assert got == Counter(_key(f) for f in plain), (
        f"{name}: the catalogue and the plain formulations (reference_queries.yaml) disagree")
    assert [f.node for f in sorted(r.findings, key=_key)] == [f.node for f in sorted(plain, key=_key)]


def test_stress_drafts_trigger_the_reworded_checks(reference: Graph) -> None:
    """The comparison above is not idle: between them, the drafts trigger every reworded check."""
    plain: dict[str, str] = yaml.safe_load((DATA / "reference_queries.yaml").read_text(encoding="utf-8"))
    seen = {f.shape for _, text in _stress_drafts() for f in _validate(text).findings}
    # PARENT-CONFLICT-NOTICE needs a parent with a notice period (none in the knowledge base), and
    # PARENT-CONFLICT a parent key without a period of its own (the one there, cr-pwm-2018 art. 7
    # lid 3, is "voor de periode 2018 tot en met 2020": PARENT-CONFLICT-PERIOD)
    assert set(plain) - seen == {"PARENT-CONFLICT-NOTICE", "PARENT-CONFLICT"}


# -- large and small drafts ---------------------------------------------------------------------
@pytest.mark.parametrize("kind,seed", [("dvo", 3), ("regeling", 1)])
def test_an_article_has_the_same_findings_in_a_large_draft_and_in_a_small_one(kind: str, seed: int) -> None:
    """A 200-article draft, and drafts of the same text with 50 of those articles at a time: the
    others are kept as empty stubs ("Vervallen.", as many leden), so that numbers, leden and
    references stay as they were. Every draft keeps the articles whose facts hold for the whole
    document (definitions, the closing articles, force majeure, processing agreements, withdrawal)."""
    preamble, articles, closing = synth.synth_articles(200, seed=seed, kind=kind)
    # the definitions, the closing articles (force majeure with its notice, duration, entry into
    # force, the Wgr topics of a regeling) and the articles that name a processing agreement
    frame = {articles[0].number} | {a.number for a in articles[-8:]}
    frame |= {a.number for a in articles if any("verwerkersovereenkomst" in lid for lid in a.leden)}
    full = _validate(synth.render(preamble, articles, closing))
    assert len(full.articles) == 200 and len(full.findings) >= 10
    body = [a for a in articles if a.number not in frame]
    in_parts: Counter[tuple[str, ...]] = Counter()
    for k in range(0, len(body), 50):
        part = {a.number for a in body[k:k + 50]}
        stubbed = [a if a.number in part | frame else synth.Article(a.number, "", ["Vervallen."] * len(a.leden))
                   for a in articles]
        for f in _validate(synth.render(preamble, stubbed, closing)).findings:
            # each article's findings from the draft that has its text; the frame's and the
            # document's own from the first
            if f.article in part or (k == 0 and (f.article in frame or f.article in (None, "preamble", "closing"))):
                in_parts[_key(f)] += 1
    assert in_parts == Counter(_key(f) for f in full.findings)


# -- derived facts --------------------------------------------------------------------------------
def test_next_number_is_derived_per_document() -> None:
    g = Graph()
    doc, other = URIRef("urn:doc"), URIRef("urn:other")
    for d, numbers in ((doc, [1, 2, 3, 5, 9]), (other, [4, 6])):
        for i in numbers:
            a = URIRef(f"{d}/art/{i}")
            g.add((d, URIRef(DVO + "hasArticle"), a))
            g.add((a, DVOV.lastOfNumber, Literal(i)))
    d = derived_facts(g)
    nxt = {str(s): int(o) for s, o in d.subject_objects(DVOV.nextNumber)}  # type: ignore[call-overload]
    assert nxt == {"urn:doc/art/1": 2, "urn:doc/art/2": 3, "urn:doc/art/3": 5, "urn:doc/art/5": 9,
                   "urn:other/art/4": 6}


def test_a_next_number_stated_in_an_rdf_draft_is_not_used() -> None:
    cases: dict[str, Any] = yaml.safe_load((DATA / "cases.yaml").read_text(encoding="utf-8"))
    r = _validate(cases["bases"]["dvo"])
    assert not any(f.rule == "NUMBERING-GAP" for f in r.findings)
    g = r.data
    art5 = next(a for a in g.subjects(DVOV.lastOfNumber, Literal(5)))
    g.add((art5, DVOV.nextNumber, Literal(8)))  # a gap the draft does not have
    again = validate_draft(read_bytes(g.serialize(format="turtle").encode(), "concept.ttl"), on=ON)
    assert not any(f.rule == "NUMBERING-GAP" for f in again.findings)


# -- pySHACL's SPARQL results, without its quadratic look-up --------------------------------------
def test_sparql_violations_are_pyshacls() -> None:
    """The rows of a SPARQL constraint become the same violations, in the same order, as with
    pySHACL's own code (which finds each row again in the list of the rows before it)."""
    from pyshacl.constraints.sparql.sparql_based_constraints import SPARQLBasedConstraint
    from rdflib import Variable
    from rdflib.query import Result

    from dvo_kb.validate.validator import sparql_violations

    a, b, doc = URIRef("urn:a"), URIRef("urn:b"), URIRef("urn:doc")
    rows: list[dict[str, Any]] = [
        {"this": doc, "value": a, "n": Literal("1")},
        {"this": doc, "value": a, "n": Literal("1")},  # the same again
        {"this": doc, "value": a, "n": Literal("2")},  # another message
        {"this": doc, "value": b},
        {"value": b},
        {"n": Literal("3")},  # neither this, path nor value: no violation
        {"failure": Literal(True), "n": Literal("4")},
        {"failure": Literal(True), "n": Literal("5")},  # one failure only
        {"this": doc, "path": URIRef("urn:p"), "value": a},
        {"this": doc, "value": Literal(1)}, {"this": doc, "value": Literal("1")},  # different literals
        {"this": doc, "value": b},
    ]

    class Graph_:
        def query(self, query: str, initBindings: Any = None) -> Result:  # noqa: N803
            res = Result("SELECT")
            res.vars = [Variable(v) for v in ("this", "path", "value", "failure", "n")]
            res.bindings = [{Variable(k): v for k, v in row.items()} for row in rows]
            return res

    ours = sparql_violations(Graph_().query(""))
    theirs = SPARQLBasedConstraint._validate_sparql_query(None, "", {}, Graph_())  # type: ignore[arg-type]
    assert ours == theirs and len(ours) == 8
    rows.clear()
    assert sparql_violations(Graph_().query("")) == [] == SPARQLBasedConstraint._validate_sparql_query(
        None, "", {}, Graph_())  # type: ignore[arg-type]


def test_pyshacl_runs_the_set_based_component() -> None:
    """If a pySHACL release changes its table of components, this says so (the checks would
    still be right, but slow again with many findings of one check)."""
    from pyshacl.constraints import CONSTRAINT_PARAMETERS_MAP

    cases: dict[str, Any] = yaml.safe_load((DATA / "cases.yaml").read_text(encoding="utf-8"))
    _validate(cases["bases"]["dvo"])
    assert CONSTRAINT_PARAMETERS_MAP[SH.sparql].__name__ == "LinearSPARQLBasedConstraint"
