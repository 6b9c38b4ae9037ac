"""Rule-based extraction of parties and norms from draft text (validate/parties.py,
validate/extract.py), with the cases of tests/data/extract.yaml and floors on the evaluation
against the curated encoding of the corpus."""

from __future__ import annotations

import time
from typing import Any

import pytest

from dvo_kb.clauses.layout import Layout, Line
from dvo_kb.clauses.model import Document
from dvo_kb.clauses.parser import StructureParser
from dvo_kb.validate.evaluate import evaluate
from dvo_kb.validate.extract import extract, sentences
from dvo_kb.validate.model import DraftParty, ExtractedNorm
from dvo_kb.validate.parties import find_parties

from .conftest import load_yaml

DATA = load_yaml("extract.yaml")
CASES: list[dict[str, Any]] = DATA["cases"]

# Floors just under the figures measured on the corpus (benchmarks/RESULTS.md, "Extraction"):
# a change that lowers one of them is a regression.
FLOORS = {
    "kind": (0.78, 0.78),
    "kind_bearer": (0.56, 0.57),
    "deadline": (0.90, 0.74),
}


def draft(name: str, body: str) -> Document:
    text = DATA["drafts"][name].replace("{body}", body)
    lines = [Line(i + 1, t) for i, t in enumerate(text.split("\n"))]
    return StructureParser(Layout()).parse_lines(f"test-{name}", "test.txt", lines)


def test_cases_are_not_empty() -> None:
    assert len(CASES) >= 20
    assert any(c["norms"] == [] for c in CASES), "negatives"
    assert sum(c["origin"] == "own" for c in CASES) >= 15, "sentences not from the corpus"
    assert {n["kind"] for c in CASES for n in c["norms"]} == {"Obligation", "Permission", "Prohibition", "Power"}


@pytest.mark.parametrize("name", sorted(DATA["parties"]))
def test_parties(name: str) -> None:
    parties = {p.key: p for p in find_parties(draft(name, "Partijen werken samen."))}
    for want in DATA["parties"][name]:
        p = parties.get(want["key"])
        assert p is not None, f"{want['key']} not found in {sorted(parties)}"
        assert p.municipality == want.get("municipality")
        assert sorted(p.roles) == sorted(want["roles"])
        assert sorted(p.members) == sorted(want.get("members", []))


def _check(n: ExtractedNorm, want: dict[str, Any]) -> None:
    assert n.kind == want["kind"], n.as_dict()
    if "bearer" in want:
        assert n.bearer == want["bearer"], n.as_dict()
    if "bearers" in want:
        assert sorted(n.bearers) == sorted(want["bearers"]), n.as_dict()
    if "variable" in want:
        assert n.variable == want["variable"], n.as_dict()
    if "counterparty" in want:
        assert n.counterparty == want["counterparty"], n.as_dict()
    if "deadline" in want:
        if want["deadline"] is None:
            assert n.deadline is None, n.as_dict()
        else:
            assert n.deadline is not None, n.as_dict()
            got = n.deadline.as_dict()
            for k, v in want["deadline"].items():
                assert got.get(k) == v, (k, got)


@pytest.mark.parametrize("case", CASES, ids=[c["text"][:50] for c in CASES])
def test_case(case: dict[str, Any]) -> None:
    _, norms = extract(draft(case["draft"], case["text"]))
    got = [n for n in norms if n.place.article == "1"]
    assert len(got) == len(case["norms"]), [n.as_dict() for n in got]
    for n, want in zip(got, case["norms"], strict=True):
        _check(n, want)
        assert n.sentence and n.cue
        assert n.place.paragraph is None


def test_sentences_keep_abbreviations() -> None:
    text = "Het college besluit d.d. 1 mei over art. 3. De raad stemt in; de colleges voeren uit."
    assert sentences(text) == ["Het college besluit d.d. 1 mei over art. 3.", "De raad stemt in;",
                               "de colleges voeren uit."]


def test_items_are_their_own_places() -> None:
    body = ("1. Bestuurlijk overleg:\na. Partijen overleggen minimaal twee keer per jaar.\n"
            "b. Opdrachtnemer stelt jaarlijks een verslag op.")
    _, norms = extract(draft("dvo", body))
    places = [(n.place.paragraph, n.place.item) for n in norms if n.place.article == "1"]
    assert places == [("1", "a"), ("1", "b")]


def test_role_members_resolve_to_municipalities() -> None:
    parties = find_parties(draft("regeling", "Partijen werken samen."))
    by_key = {p.key: p for p in parties}
    assert by_key["deelnemende-gemeenten"].municipalities(parties) == {"Kampen", "Dalfsen"}
    assert by_key["zwolle"].municipalities(parties) == {"Zwolle"}
    assert isinstance(by_key["zwolle"], DraftParty)


def test_fast_on_a_long_draft() -> None:
    body = "\n".join(
        f"Artikel {i} Bepaling {i}\n1. Opdrachtnemer stelt opdrachtgever binnen twee werkdagen op de hoogte.\n"
        f"2. Partijen kunnen in overleg nadere afspraken maken.\n3. Geen van de partijen mag informatie aan derden verstrekken."
        for i in range(3, 203))
    doc = draft("dvo", "Partijen werken samen.\n" + body)
    assert len(doc.articles) >= 200
    extract(doc)  # warm the lexicons
    t = time.perf_counter()
    _, norms = extract(doc)
    assert time.perf_counter() - t < 1.0
    assert len(norms) >= 600


@pytest.fixture(scope="module")
def evaluation(union: Any) -> Any:
    return evaluate(union)


def test_corpus_floors(evaluation: Any) -> None:
    total = evaluation.total()
    assert total.lids > 300 and total.curated_norms > 350
    for name, (p, r) in FLOORS.items():
        score = getattr(total, name)
        assert score.precision >= p, (name, score.as_dict())
        assert score.recall >= r, (name, score.as_dict())


def test_corpus_every_document_finds_norms(evaluation: Any) -> None:
    for d in evaluation.documents:
        assert d.extracted_norms > 0 and d.kind.tp > 0, d.as_dict()
