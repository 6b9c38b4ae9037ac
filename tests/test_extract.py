"""Rule-based extraction of parties and norms from draft text (validate/parties.py,
validate/extract.py), with the cases of tests/data/extract.yaml and floors on the evaluation
against the curated encoding of the corpus."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest

from dvo_kb.clauses.layout import Layout, Line
from dvo_kb.clauses.model import Document
from dvo_kb.clauses.parser import StructureParser
from dvo_kb.validate.evaluate import documents, evaluate
from dvo_kb.validate.extract import extract, sentences
from dvo_kb.validate.learn import Model, cue_feature, train
from dvo_kb.validate.model import DraftParty, ExtractedNorm
from dvo_kb.validate.parties import find_parties

from .conftest import load_yaml

DATA = load_yaml("extract.yaml")
CASES: list[dict[str, Any]] = DATA["cases"]

# Floors just under the figures measured on the corpus with the stored model (in-sample: it was
# trained on all six documents): a change that lowers one of them is a regression.
FLOORS = {
    "kind": (0.90, 0.90),
    "kind_bearer": (0.88, 0.84),
    "counterparty": (0.72, 0.46),
    "action": (0.88, 0.65),
    "deadline": (0.93, 0.78),
}
# Leave one document out (benchmarks/RESULTS.md, "Extraction of norms, leave one document out"):
# the learned parts trained without the measured document. Totals (precision, recall) and the
# kind + bearer F1 of each document, just under the measured figures (2026-12-06, second round of
# issue 21 item 4; dvo-hbel-2026 is lower than before issue 21's rules of that day: see RESULTS.md).
LOO_FLOORS = {
    "kind": (0.90, 0.90),
    "kind_bearer": (0.83, 0.80),
    "counterparty": (0.69, 0.41),  # 0.71 -> 0.697 precision (twelfth session: the learned counterparty moves with the rules)
    "action": (0.46, 0.35),
    "deadline": (0.93, 0.78),
}
LOO_KIND_BEARER_F1 = {
    "cr-pwm-2018": 0.83,  # 0.852 -> 0.834 (fourteenth session: items take their lead's bearer, text between items is the item's: the learned model, trained on other examples, reads two lids outside any list otherwise)
    "dvo-pwm-2018": 0.95,
    "dvo-pwm-2020-beek": 0.95,
    "dvo-pwm-2020-beek-privacyprotocol": 0.89,
    "dvo-hbel-2026": 0.72,
    "sok-wm-2025": 0.64,  # 0.682 -> 0.651 -> 0.667 (twelfth session: "wordt ... verstaan", "a number word is no verb",
}                         # judged on the tuned and the blind texts, cost a pair each, a review gave one back)


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
    if "bearer_text" in want:
        assert n.bearer_text == want["bearer_text"], n.as_dict()
    if "survives" in want:
        assert n.survives == want["survives"], n.as_dict()
    if "named_other" in want:
        assert n.named_other == want["named_other"], n.as_dict()
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


def test_a_task_named_in_a_list_item_is_no_power() -> None:
    """ "beslissen op bezwaar" as an item of a list of tasks names a task; an item with a party
    and a verb of its own is still a norm (issue 21 item 4)."""
    body = ("1. Opdrachtnemer voert de volgende taken uit:\na. de inning van de aanslagen;\nb. beslissen op bezwaar;\n"
            "c. opdrachtgever beslist over de kwijtschelding.")
    _, norms = extract(draft("dvo", body), model=None)
    got = [(n.place.item, n.kind) for n in norms if n.place.article == "1"]
    assert ("b", "Power") not in got and ("c", "Power") in got, got


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


@pytest.fixture(scope="module")
def loo_evaluation(union: Any) -> Any:
    return evaluate(union, loo=True)


def test_corpus_floors_leave_one_document_out(loo_evaluation: Any) -> None:
    total = loo_evaluation.total()
    for name, (p, r) in LOO_FLOORS.items():
        score = getattr(total, name)
        assert score.precision >= p, (name, score.as_dict())
        assert score.recall >= r, (name, score.as_dict())
    by_doc = {d.doc_id: d for d in loo_evaluation.documents}
    assert set(by_doc) == set(LOO_KIND_BEARER_F1)
    for doc_id, floor in LOO_KIND_BEARER_F1.items():
        # (a plain number and the totals: a failure must not print the held-out documents' lids)
        f1, totals = by_doc[doc_id].kind_bearer.f1, by_doc[doc_id].kind_bearer.as_dict()
        assert f1 >= floor, (doc_id, totals)


def test_learned_parts_never_see_the_measured_document(union: Any) -> None:
    docs = documents()
    model = train([d for d in docs if d != "sok-wm-2025"], union)
    assert "sok-wm-2025" not in model.trained_on and len(model.trained_on) == len(docs) - 1
    again = Model.from_dict(json.loads(json.dumps(model.as_dict())))
    assert again.bearer_label("Persoonsgegevens worden verwerkt.", "Obligation") == \
        model.bearer_label("Persoonsgegevens worden verwerkt.", "Obligation")


def test_the_learned_bearer_sees_how_the_norm_was_found() -> None:
    assert cue_feature("present-tense passive") == ["CUE=present-tense passive"]
    assert cue_feature("door ... (passive with an agent)") == ["CUE=passive with an agent"]
    assert cue_feature("stelt (present tense after a party)") == ["CUE=present tense after a party"]
    assert cue_feature("zal|zullen") == ["CUE=cue word"] and cue_feature(None) == []


def test_extraction_without_a_model_has_no_learned_bearer() -> None:
    text = "De kosten worden jaarlijks geëvalueerd."
    _, with_model = extract(draft("dvo", text))
    _, without = extract(draft("dvo", text), model=None)
    assert [n.kind for n in without if n.place.article == "1"] == ["Obligation"]
    assert all(not n.bearers for n in without if n.place.article == "1")
    assert len(with_model) == len(without)


def test_an_agent_inside_the_subject_noun_is_not_the_agent_of_a_passive() -> None:
    """ "De gegevensverwerking door opdrachtnemer zal ... worden uitgewerkt": who works it out is
    not said (issue 21 item 4)."""
    text = "De gegevensverwerking door opdrachtnemer zal nader worden uitgewerkt in een werkinstructie."
    _, norms = extract(draft("dvo", text), model=None)
    got = [n for n in norms if n.place.article == "1"]
    assert [n.kind for n in got] == ["Obligation"] and got[0].bearers == []
    _, norms = extract(draft("dvo", "De werkinstructie wordt door opdrachtnemer nader uitgewerkt."), model=None)
    assert [n.bearers for n in norms if n.place.article == "1"] == [["opdrachtnemer"]]


PROTOCOL = """Privacyprotocol
Het samenwerkingsverband voert taken uit. Daartoe zullen persoonsgegevens worden verwerkt door het samenwerkingsverband.
Artikel 1 Begrippen
a. Centrumgemeente: de gemeente Zwolle;
b. Deelnemende gemeenten: de gemeenten Kampen en Dalfsen;
c. Verantwoordelijke: de verantwoordelijke voor de gegevensverwerking;
d. Samenwerkingsverband: de uitvoeringsorganisatie van de centrumgemeente.
Artikel 2 Rollen
2.1 Op grond van de regeling is de verantwoordelijke het college van burgemeester en wethouders van de deelnemende gemeenten.
2.2 De centrumgemeente treedt op als verwerker.
Artikel 3 Verwerking
3.1 Persoonsgegevens worden uitsluitend verkregen bij de betrokkene.
3.2 Het samenwerkingsverband stelt geen persoonsgegevens ter beschikking aan derden.
3.3 Dit protocol wordt jaarlijks geëvalueerd."""


def test_roles_and_default_agent_of_a_protocol() -> None:
    lines = [Line(i + 1, t) for i, t in enumerate(PROTOCOL.split("\n"))]
    doc = StructureParser(Layout()).parse_lines("test-protocol", "test.txt", lines)
    parties, norms = extract(doc, model=None)
    by_key = {p.key: p for p in parties}
    role = next(p for p in parties if "Verwerkingsverantwoordelijke" in p.roles and not p.municipality)
    assert role.municipalities(parties) == {"Kampen", "Dalfsen"}  # "is de verantwoordelijke ... van de deelnemende gemeenten"
    assert by_key["samenwerkingsverband"].municipalities(parties) == {"Zwolle"}  # the verwerker's body
    got = {(n.place.paragraph, n.kind): n for n in norms if n.place.article == "3"}
    assert got[("3.1", "Obligation")].bearers == ["samenwerkingsverband"]  # the preamble's agent
    assert got[("3.2", "Prohibition")].bearers == ["samenwerkingsverband"]
    # the preamble's agent acts on persoonsgegevens, not on the protocol (issue 21 item 4)
    assert got[("3.3", "Obligation")].bearers == []


def _parse(text: str) -> Document:
    lines = [Line(i + 1, t) for i, t in enumerate(text.split("\n"))]
    return StructureParser(Layout()).parse_lines("test-roles", "test.txt", lines)


@pytest.mark.parametrize("sentence", [
    "De penvoerder is de gemeente Raalte.",
    "Als penvoerder treedt op de gemeente Raalte.",
    "De gemeente Raalte, hierna te noemen “Penvoerder”, voert de administratie.",
    "De gemeente Raalte vervult de rol van penvoerder.",
    "De gemeente Raalte is aangewezen als penvoerder.",
])
def test_a_role_designated_in_the_articles(sentence: str) -> None:
    """The party of a role named in an article, the role before or after it (issue 21 item 4)."""
    doc = _parse("Samenwerkingsovereenkomst\nOndergetekenden:\n1. De gemeente Deventer;\n2. De gemeente Raalte;\n"
                 "komen het volgende overeen:\nArtikel 1 Rollen\n" + sentence +
                 "\nArtikel 2 Verslag\nDe penvoerder stelt jaarlijks een verslag op.")
    parties, norms = extract(doc, model=None)
    role = next(p for p in parties if "CoordinerendeGemeente" in p.roles and not p.municipality)
    assert role.municipalities(parties) == {"Raalte"}
    assert [(n.kind, n.bearers) for n in norms if n.place.article == "2"] == [("Obligation", [role.key])]


def test_a_later_sentence_is_merged_only_when_it_elaborates_the_same_duty() -> None:
    """A sentence with no bearer is merged into the earlier norm of its lid only when it names
    what that norm is about again ("Het jaarverslag ...") or points back ("Deze ..."); otherwise it
    is a norm of its own (issue 21 item 4)."""
    same = "Opdrachtnemer stelt een jaarverslag op. Het jaarverslag wordt jaarlijks aan opdrachtgever toegezonden."
    other = "Opdrachtnemer voert de controle uit. De kosten van de certificering worden apart in rekening gebracht."
    pointing = "Opdrachtnemer stelt een plan op. Deze wordt jaarlijks geactualiseerd."
    for text, want in ((same, [["opdrachtnemer"]]), (other, [["opdrachtnemer"], []]), (pointing, [["opdrachtnemer"]])):
        _, norms = extract(draft("dvo", text), model=None)
        assert [n.bearers for n in norms if n.place.article == "1"] == want, text


def test_officials_are_organs_of_their_party() -> None:
    """ "de archiefinspecteur van", "de gemeentesecretaris van": an official of the party after
    "van" (roles.yaml official_suffixes; issue 21 item 4)."""
    from dvo_kb.validate.parties import role_lexicon

    organs = role_lexicon().organs
    assert "college" in organs and "archiefinspecteur" in organs and "gemeentesecretaris" in organs
    assert "opdrachtnemer" not in organs and "gemeente" not in organs


def test_the_learned_counterparty_is_read_given_the_bearer_the_rules_found() -> None:
    """The counterparty model was trained with the bearer as the rules found it (none where the
    rules found none); a bearer the model itself gave is not fed to it (issue 21 item 4)."""
    from dvo_kb.validate.extract import _learned_parts
    from dvo_kb.validate.model import Place

    class Stub:
        def __init__(self) -> None:
            self.seen: list[str | None] = []

        def bearer_label(self, sentence: str, kind: str, cue: str | None = None) -> tuple[str | None, float]:
            return "EXEC", 0.9

        def counterparty_label(self, sentence: str, kind: str, bearer: str | None) -> str | None:
            self.seen.append(bearer)
            return "NOCP"

    parties = find_parties(draft("dvo", "Partijen werken samen."))
    norm = ExtractedNorm(place=Place("1"), kind="Obligation", bearer=None, bearer_text="",
                         cue="present-tense passive", sentence="De rapportage wordt jaarlijks opgesteld.")
    stub = Stub()
    _learned_parts([norm], parties, stub)  # type: ignore[arg-type]
    assert norm.bearers == ["opdrachtnemer"]  # the learned bearer
    assert stub.seen == ["NONE"]  # ... but the counterparty is read as for a norm with no bearer



def test_a_list_introduced_by_a_party_alone_has_that_party_as_subject() -> None:
    """ "De opdrachtnemer:" followed by items "a. voert de heffing uit;": each item is a sentence
    of that party (issue 21 item 4); a lead with words of its own is no subject of the items."""
    body = ("1. De opdrachtnemer:\na. voert de heffing uit;\nb. informeert opdrachtgever over de voortgang.\n"
            "2. De volgende taken vallen onder deze overeenkomst:\na. de heffing;\nb. de invordering.")
    _, norms = extract(draft("dvo", body), model=None)
    got = [(n.place.paragraph, n.place.item, n.kind, n.bearers) for n in norms if n.place.article == "1"]
    assert got == [("1", "a", "Obligation", ["opdrachtnemer"]), ("1", "b", "Obligation", ["opdrachtnemer"])]


BLIND = Path(__file__).parent / "data" / "extract-blind"
# kind + bearer F1 of the texts written blind (tests/data/extract-blind/README.md), just under
# the figures last measured (the fourteenth session)
BLIND_KIND_BEARER_F1 = {"dvo-zaan": 0.81, "sok-heuvelrug": 0.79, "sok-drechtsteden": 0.77, "dvo-gooi-archief": 0.77,
                        # held out: scored, never read (their first and so far only figures: 0.77 and 0.85)
                        "cr-peel-sociaal": 0.75, "vwo-breda-privacy": 0.83,
                        # the fourth pair (thirteenth session; first figures 0.70 and 0.60): dvo-achterhoek-belasting
                        # then tuned (0.77), gr-regio-rivierenland held out
                        "dvo-achterhoek-belasting": 0.80, "gr-regio-rivierenland": 0.63,
                        # the fifth pair (fourteenth session), held out: scored once with the session's start
                        # (0.747, 0.697) and end (0.774, 0.750) extractor, never read
                        "dvo-inkoop-midden-twente": 0.75, "cr-leerplicht-walcheren": 0.72}


def test_the_blind_texts_have_a_gold_file_for_every_lid() -> None:
    from dvo_kb.validate.evaluate import gold_file

    names = sorted(p.name.removesuffix(".gold.yaml") for p in BLIND.glob("*.gold.yaml"))
    assert names == sorted(BLIND_KIND_BEARER_F1)
    for name in names:
        gold = gold_file(BLIND / f"{name}.gold.yaml")
        assert len(gold.lids) >= 50 and gold.norms >= 45


@pytest.mark.parametrize("name", sorted(BLIND_KIND_BEARER_F1))
def test_the_blind_texts_are_read_as_their_gold_files_say(name: str) -> None:
    """Parties read from a draft whose entries share one paragraph ("...; het college van de gemeente
    Oostzaan, ...;"), with names of two words ("Utrechtse Heuvelrug"): kind + bearer per lid."""
    from dvo_kb.validate.evaluate import evaluate_text

    score = evaluate_text(BLIND / f"{name}.txt", BLIND / f"{name}.gold.yaml")
    f1, totals = score.kind_bearer.f1, score.kind_bearer.as_dict()  # (totals only: some are held out)
    assert f1 >= BLIND_KIND_BEARER_F1[name], (name, totals)


def test_the_items_of_a_list_take_the_bearer_its_lead_names() -> None:
    """"De Stuurgroep is bevoegd te besluiten over: ... b. instemming met een verbeterplan": the
    item's Power is the Stuurgroep's, not a party's the learned model guesses (the blind texts)."""
    body = ("1. Opdrachtnemer is jegens opdrachtgever gehouden:\na. passende maatregelen te treffen;\n"
            "b. de gegevens terug te geven.\n2. De Stuurgroep is bevoegd te besluiten over:\n"
            "a. de vaststelling van de begroting;\nb. instemming met een verbeterplan.")
    _, norms = extract(draft("dvo", body))
    got = [(n.place.paragraph, n.place.item, n.kind, n.bearers, n.bearer_text, n.named_other)
           for n in norms if n.place.article == "1"]
    assert ("2", "b", "Power", [], "De Stuurgroep", True) in got, got
    assert all(b == ["opdrachtnemer"] for p, _, _, b, _, _ in got if p == "1"), got
