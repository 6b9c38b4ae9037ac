"""The question language on questions as advisors write them (tests/data/ask_language.yaml):
Dutch separable verbs, names of parties that must not drown the question, definitions, documents
named by kind and year, two-part questions, the grammar's answers listed apart when the
question's words single out a few. Real answers on the real corpus."""

from __future__ import annotations

from typing import Any

import pytest

from dvo_kb.query.ask import Asker
from dvo_kb.query.parser import QuestionError

from .conftest import load_yaml

CASES = load_yaml("ask_language.yaml")


def test_the_collection_is_not_empty() -> None:
    assert len(CASES) >= 10


@pytest.fixture(scope="module")
def asker(kb: Any) -> Asker:
    return Asker(kb)


def _cited(answers: list[dict[str, Any]]) -> list[str]:
    return [f"{a['agreement']} {a['article']}" for a in answers if a.get("agreement") and a.get("article")]


@pytest.mark.parametrize("case", CASES, ids=[c["question"] for c in CASES])
def test_question(asker: Asker, case: dict[str, Any]) -> None:
    ans = asker.ask(case["question"], party=case.get("party")).to_json()
    cited = _cited(ans["answers"])
    assert cited, case["why"]
    if "first" in case:
        assert cited[0] == case["first"], (case["why"], cited)
    for c in case.get("cites", []):
        assert c in cited, (case["why"], cited)
    for c in case.get("not", []):
        assert c not in cited, (case["why"], cited)
    if "only" in case:
        assert set(cited) <= set(case["only"]), (case["why"], cited)
    if "documents" in case:
        assert {a["agreement"] for a in ans["answers"]} <= set(case["documents"]), (case["why"], cited)
    if "more" in case:
        assert bool(ans["more"]) is case["more"], (case["why"], _cited(ans["more"]))
    if "language" in case:
        assert ans["language"] == case["language"], case["why"]


def test_the_notes_are_written_in_each_language_apart(asker: Asker) -> None:
    """The engine's note is in the question's language; note_by_lang has both (the search page
    shows the page's language), never "nl / en" in one string."""
    nl = asker.ask("opzegtermijn sok").to_json()
    assert nl["note"].startswith("9 bepalingen gevonden, de 8 die") and " / " not in nl["note"]
    assert nl["note_by_lang"]["en"].startswith("9 provisions found, the 8 that")
    en = asker.ask("notice period sok").to_json()
    assert en["note"] == en["note_by_lang"]["en"] and "provisions found" in en["note"]


@pytest.mark.parametrize(("question", "language"), [
    ("Does Beek's 2020 DVO have an end date?", "en"),  # function words decide ("does", "have")
    ("Wie betaalt de kosten van de DVO?", "nl"),
    ("opzegtermijn sok", "nl"), ("notice period sok", "en"),  # no function words: simplemma's langdetect
    ('What does "Beschermd wonen" mean?', "en"),  # a quoted term is what is asked about
    ("xq zz qwv", "nl"),  # no word of either: Dutch first
])
def test_the_language_of_a_question(question: str, language: str) -> None:
    from dvo_kb.query.language import question_language

    assert question_language(question) == language


def test_a_number_the_provisions_found_do_not_state_is_said(asker: Asker) -> None:
    """"binnen hoeveel uur ...?": no provision found names a number of hours (the HBEL-DVO has a
    protocol for data breaches, no term): the answer says so; a question whose provision states
    the number (art. 13.1: "binnen twee werkdagen") gets no such note."""
    ans = asker.ask("binnen hoeveel uur moet de verwerker een datalek melden?").to_json()
    assert ans["answers"] and ans["note_by_lang"]["nl"] == "geen van de gevonden bepalingen noemt een aantal uren"
    assert ans["note_by_lang"]["en"] == "none of the provisions found states a number of hours"
    stated = asker.ask("within how many days must Huizen report force majeure?").to_json()
    assert "dvo-hbel-2026 13" in _cited(stated["answers"]) and "number of" not in (stated["note"] or "")


@pytest.mark.parametrize(("question", "unit"), [
    ("binnen hoeveel uur moet een datalek gemeld worden?", "uur"), ("how many working days?", "werkdag"),
    ("welk percentage betaalt Stein?", "procent"), ("within how many days ...?", "dag"),
    ("hoeveel kost het?", None), ("wanneer moet Beek betalen?", None),
])
def test_the_unit_a_question_asks_a_number_of(question: str, unit: str | None) -> None:
    from dvo_kb.query.ask import asked_unit

    assert asked_unit(question) == unit


@pytest.mark.parametrize(("text", "unit", "stated"), [
    ("neemt die partij binnen twee werkdagen contact op", "werkdag", True), ("binnen 72 uur", "uur", True),
    ("40% van de kosten", "procent", True), ("binnen vijf werkdagen", "dag", True),  # working days are days
    ("per jaar", "jaar", False), ("een protocol melding Datalekken", "uur", False),
])
def test_a_text_states_a_number_of_a_unit(text: str, unit: str, stated: bool) -> None:
    from dvo_kb.query.ask import states_quantity

    assert states_quantity(text, unit) is stated


def test_the_cli_prints_one_language(capsys: Any) -> None:
    from dvo_kb.cli import main

    assert main(["ask", "opzegtermijn sok"]) == 0
    out = capsys.readouterr().out
    assert "(9 bepalingen gevonden, de 8 die het best bij de vraag passen eerst)" in out
    assert "provisions found" not in out and "understood as" not in out


def test_particles_join_a_separable_verb(asker: Asker) -> None:
    groups = asker.index.parse("Hoe zeggen wij de overeenkomst op?")
    joined = [t for g in groups for alt in g.alternatives if alt.how == "particle" for t, _ in alt.terms]
    assert joined == [asker.index.analyzer.term("opzeggen", "nl")]
    assert not [a for g in asker.index.parse("Wie zegt wat?") for a in g.alternatives if a.how == "particle"]


@pytest.mark.parametrize(("question", "split"), [
    ("Kunnen we er per 2028 uit?", True),  # a modal, the verb of motion left out: eruit (gaan), leaving
    ("Mag Beek er in 2027 al uit stappen?", True),
    ("Kunnen we er uit?", True),  # "er uit" next to each other
    ("Hoe ziet de kostenverdeling er uit?", False),  # eruitzien: no modal, and an idiom of its own
    ("Wat vloeit er uit voort?", False),  # no modal: part of another verb
    ("Kunnen we zien hoe het er uit ziet?", False),  # a modal, but beside "zien" (lexicon idioms)
])
def test_a_split_pronominal_adverb_is_joined_after_a_modal(asker: Asker, question: str, split: bool) -> None:
    groups = [g for g in asker.index.parse(question) if g.words == ("eruit",)]
    assert bool(groups) is split
    if split:  # what the glossary gives "eruit": uittreding, opzegging
        terms = {t for alt in groups[0].alternatives for t, _ in alt.terms}
        assert asker.index.analyzer.term("uittreding", "nl") in terms


def test_a_joined_eruit_beside_zien_is_not_leaving(asker: Asker) -> None:
    uit = asker.index.analyzer.term("uittreding", "nl")
    def terms(q: str) -> set[str]:
        return {t for g in asker.index.parse(q) for alt in g.alternatives for t, _ in alt.terms}
    assert uit in terms("Hoe snel zijn we eruit?")
    assert uit not in terms("Hoe ziet de kostenverdeling eruit?")


def test_the_answers_listed_apart_are_on_the_search_page(client: Any) -> None:
    page = client.get("/", params={"q": "Wanneer treedt Stein uit de centrumregeling?"}).text
    assert '<details class="more">' in page and "andere bepalingen" in page
    assert page.index("art. 15") < page.index('<details class="more">')


def test_a_further_article_must_match_nearly_as_many_words() -> None:
    """ask._best: an article scored close to the best, but matching two words fewer of the
    question, is not listed (COVER); one word fewer is."""
    from dvo_kb.query import ask
    from dvo_kb.query.textindex import Hit

    def hit(doc: str, art: str, score: float, asked: tuple[str, ...]) -> Hit:
        return Hit(f"x/{doc}/{art}", doc, art, None, art, None, score, ("w",), asked, "tekst")

    best = hit("a", "1", 10.0, ("kosten", "uittreding", "deskundige", "Beek"))
    near = hit("b", "2", 9.5, ("kosten", "uittreding", "deskundige"))
    far = hit("c", "3", 9.4, ("kosten", "Beek"))
    assert [h.article for h in ask._best([best, near, far])] == ["1", "2"]


def test_the_leden_of_an_article_are_in_their_order(asker: Asker) -> None:
    ans = asker.ask("Hoe kan een gemeente uittreden uit de centrumregeling en wie betaalt de kosten daarvan?").to_json()
    leden = [a["paragraph"] for a in ans["answers"] if a["agreement"] == "cr-pwm-2018" and a["article"] == "15"]
    assert len(leden) >= 3 and leden == sorted(leden, key=int)


@pytest.mark.parametrize(("question", "made"), [
    ("Wie moet instemmen met een wijziging van het contract tussen Beek en het werkbedrijf uit 2020?", {2020}),
    ("Wie is in de afspraken van 2018 de opdrachtgever?", {2018}),
    ("Who may terminate the contract from 2025?", {2025}),
    ("Who may terminate the agreement of 2025?", set()),  # a name of the SOK already (names.py): no year left
    ("Welke afspraken gelden in 2027 over de begroting?", set()),  # a year in which they apply
    ("Wanneer moet de jaarrekening van 2026 er zijn?", set()),  # no noun for a document
    # "van" only right after the noun: the jaarrekening's year, though "de overeenkomst" is named
    ("Wanneer moet volgens de overeenkomst de jaarrekening van 2026 er zijn?", set()),
    ("Wat zegt het contract uit ²?", set()),  # a digit to str.isdigit, no year (was a 500)
])
def test_a_year_after_a_word_of_origin_is_when_a_document_was_made(asker: Asker, question: str, made: set[int]) -> None:
    from dvo_kb.query.ask import _made_in

    assert _made_in(question, asker._tags(question)) == made


def test_the_documents_made_in_a_year_come_from_the_graph(asker: Asker) -> None:
    assert asker._made_in_year(2020) == {"dvo-pwm-2020-beek", "dvo-pwm-2020-beek-privacyprotocol"}
    assert asker._made_in_year(2018) == {"cr-pwm-2018", "dvo-pwm-2018"}
    assert asker._made_in_year(2019) == set()


@pytest.mark.parametrize(("question", "light", "not_light"), [
    ("Ik ben griffier in Stein. Hoe wordt onze raad betrokken bij het Participatiebedrijf?", {"griffier"}, {"raad"}),
    ("We are preparing Stein's budget for next year. By when are the execution costs fixed?", {"budget", "preparing"},
     {"costs"}),
    # a sentence about something else may be what is asked about: it keeps its weight
    ("Stel dat Beek extra werk wil. Moet daar iets voor op papier?", set(), {"werk"}),
    ("A housing corporation asks for client data. Can they share it?", set(), {"housing"}),
    ("Wie betaalt de kosten?", set(), {"kosten"}),
    # a first-person sentence that says what is asked is no self-description: it keeps its weight
    ("Ik zoek de regels over geheimhouding. Welke artikelen?", set(), {"geheimhouding"}),
    ("I’m a policy officer in Beek. What about force majeure?", {"officer"}, {"force"}),  # a typographic apostrophe
    ("Ik ben griffier in Stein. Wat regelt de centrumregeling daarover?", set(), {"griffier"}),  # points back
])
def test_a_sentence_about_the_one_who_asks_weighs_less(question: str, light: set[str], not_light: set[str]) -> None:
    from dvo_kb.query.ask import _setting

    found = _setting(question)
    assert light <= found and not (not_light & found), found


@pytest.mark.parametrize(("part", "back"), [
    ("which does Sittard-Geleen take care of?", True),  # no noun after "which": the part before's
    ("welke doet Sittard-Geleen zelf?", True),
    ("welke moet Beek zelf regelen?", True),
    ("which reports does Sittard-Geleen write?", False),  # a noun of its own
    ("welke kosten draagt Beek?", False),
    ("wie betaalt de kosten?", False),
])
def test_a_part_that_leaves_out_what_it_asks_about_points_back(asker: Asker, part: str, back: bool) -> None:
    assert asker._elliptic(part) is back


def test_a_comparison_means_each_document_it_names(asker: Asker) -> None:
    """Beside the DVO 2018, "de gemeenschappelijke regeling" is the centrumregeling when the question
    compares them; in a clause about something else it is spoken of in general (ask_language.yaml)."""
    assert asker._documents("Verschilt de DVO 2018 van de gemeenschappelijke regeling?") == {"dvo-pwm-2018", "cr-pwm-2018"}
    assert asker._documents("Wat gebeurt er met de HBEL-DVO als de gemeenschappelijke regeling wordt opgeheven?") == {
        "dvo-hbel-2026"}


def test_a_party_that_is_no_party_to_an_answers_document_is_said(asker: Asker) -> None:
    """"Wat moet Sittard-Geleen doen bij een datalek?": the HBEL-DVO's data breach duties are
    Huizen's (a new user's trial read them as Sittard-Geleen's); the answer says whose they are."""
    ans = asker.ask("Wat moet Sittard-Geleen doen bij een datalek?").to_json()
    assert "dvo-hbel-2026" in {a["agreement"] for a in ans["answers"]}
    assert "Gemeente Sittard-Geleen is geen partij bij HBEL-DVO" in ans["note_by_lang"]["nl"]
    assert "not a party to HBEL-DVO" in ans["note_by_lang"]["en"]
    own = asker.ask("Wat moet Huizen doen bij een datalek?").to_json()
    assert own["note"] is None or "geen partij" not in own["note"]


@pytest.mark.parametrize(("question", "cited"), [
    ("artikel 15 centrumregeling", {"cr-pwm-2018 15"}),
    ("art. 7 lid 3 van de centrumregeling", {"cr-pwm-2018 7"}),
    ("SOK 6.2", {"sok-wm-2025 6"}),  # a lid numbered 6.2 of article 6
    ("article 16.2 of the DVO-2018", {"dvo-pwm-2018 16.2"}),
    ("16.2", {"dvo-pwm-2018 16.2", "dvo-pwm-2020-beek 16.2", "dvo-pwm-2020-beek-privacyprotocol 16", "sok-wm-2025 16"}),
    # (a review) a full stop after the number, a lid by its ordinal, a list of numbers, "7 A"
    ("artikel 16.2.", {"dvo-pwm-2018 16.2", "dvo-pwm-2020-beek 16.2", "dvo-pwm-2020-beek-privacyprotocol 16", "sok-wm-2025 16"}),
    ("artikel 7, derde lid van de centrumregeling", {"cr-pwm-2018 7"}),
    ("artikel 15 en 16 van de centrumregeling", {"cr-pwm-2018 15", "cr-pwm-2018 16"}),
    ("artikel 7 A centrumregeling", {"cr-pwm-2018 7a"}),
    # (a second trial) an item after the lid; a kind of document ("dvo") for the documents of that kind
    ("art 13 lid 1 sub a dvo 2018", {"dvo-pwm-2018 13"}),
    ("artikel 16.1 van de dienstverleningsovereenkomst", {"dvo-pwm-2018 16.1", "dvo-pwm-2020-beek 16.1"}),
])
def test_an_article_named_by_its_number_is_that_article(asker: Asker, question: str, cited: set[str]) -> None:
    """An advisor types the citation ("artikel 15 centrumregeling"); a new user's trial got the
    articles that contain the word "artikel", and "16.2" was refused as words not in the texts."""
    ans = asker.ask(question).to_json()
    assert set(_cited(ans["answers"])) == cited and ans["intent"] == "citation"
    assert ans["interpretation"].startswith("het artikel met dat nummer:")


def test_a_lid_named_by_its_number_is_that_lid(asker: Asker) -> None:
    ans = asker.ask("art. 7 lid 3 van de centrumregeling").to_json()
    assert [a["paragraph"] for a in ans["answers"]] == ["3"]


def test_an_article_that_is_not_there_is_said(asker: Asker) -> None:
    with pytest.raises(QuestionError, match=r"geen artikel 99 gevonden; de artikelen zijn: centrumregeling: 1, 2, 3"):
        asker.ask("artikel 99 van de centrumregeling")
    # a lid the article does not have (a review: the whole article was answered without a word)
    with pytest.raises(QuestionError, match=r"geen artikel 99 gevonden; de artikelen zijn: HBEL-DVO: 1, .*; DVO-2018: 1, "):
        asker.ask("artikel 99 DVO")  # the DVOs' articles, not every document's
    with pytest.raises(QuestionError, match=r"geen artikel 15 lid 9 gevonden"):
        asker.ask("artikel 15 lid 9 centrumregeling")
    assert [a["paragraph"] for a in asker.ask("art. 7 lid 3.").to_json()["answers"]] == ["3", "3"]  # cr and HBEL


@pytest.mark.parametrize("question", [
    "Wat zegt de centrumregeling over artikel 8 lid 4 Wgr?",  # an article of a law without text
    "Wie is verwerker in de zin van artikel 4 AVG volgens het privacyprotocol?",
    "kosten 2.5 fte", "overleg om 9.30",  # a number alone is a citation only when it is all the query says
])
def test_an_article_of_a_law_or_a_number_is_no_citation_of_the_agreements(asker: Asker, question: str) -> None:
    assert asker._cited_lids(question) == set() and asker.ask(question).to_json()["intent"] != "citation"


def test_a_question_about_a_cited_article_has_it_first(asker: Asker) -> None:
    """"Wat zegt artikel 15 ...?": the search, with the article named weighing more (SLOT_CITED);
    an article of a law the knowledge base has no text of ("artikel 8 lid 4 Wgr") is no citation of
    its own articles."""
    ans = asker.ask("Wat zegt artikel 15 van de centrumregeling over de kosten?").to_json()
    assert _cited(ans["answers"])[0] == "cr-pwm-2018 15"
    assert asker.ask("artikel 8 lid 4 Wgr").to_json()["intent"] != "citation"


def test_what_is_due_in_a_month_is_computed(asker: Asker) -> None:
    """"Wat moet Beek in december 2027 doen?": the deadlines of Beek's documents that fall in that
    month, computed by the deadlines' rules (a new user's trial: the month was ignored); each lid
    with its dates."""
    ans = asker.ask("Wat moet Beek in december 2027 doen?").to_json()
    assert ans["interpretation"].startswith("wat er moet in de maand 2027-12") and ans["intent"] == "deadlines"
    cited = _cited(ans["answers"])
    assert "dvo-pwm-2020-beek 17.2" in cited and "dvo-hbel-2026 13" not in cited
    dues = {d["due"] for a in ans["answers"] for n in a.get("norms", []) for d in n.get("due_dates", [])}
    assert dues and all(d.startswith("2027-12") for d in dues)


@pytest.mark.parametrize("question", [
    "Als Beek per 31 december 2024 uit de centrumregeling wil, wanneer moet het voornemen dan bij Stein liggen?",
    "What may Beek do in case of force majeure?",  # "may" the verb, not the month
    "Welke termijnen gelden voor de jaarrapportage?",  # no month at all
])
def test_a_date_or_may_is_no_month_to_list(asker: Asker, question: str) -> None:
    assert asker._month_asked(question) is None


def test_a_month_is_what_the_named_party_must_do_in_the_coming_one(asker: Asker) -> None:
    """(a second trial) "in maart" asked in December is next March, not the past one; "wat moet
    Stein doen?" lists what Stein bears, not what is owed to it (DVO-2018 12.3: Sittard-Geleen's
    reports); a month in which nothing falls due is said."""
    import datetime as dt

    assert asker._month_asked("wat moet Stein in maart doen?") == (
        dt.date.today().year + (dt.date.today().month > 3), 3)
    ans = asker.ask("wat moet Stein in februari 2027 doen?").to_json()
    cited = _cited(ans["answers"])
    assert cited and "dvo-pwm-2018 12.3" not in cited and "dvo-pwm-2018 17.3" in cited
    none = asker.ask("wat moet Huizen in maart 2026 doen?").to_json()
    assert none["answers"] == [] and none["note_by_lang"]["nl"].startswith("in 2026-03 valt geen termijn voor gemeente Huizen")


def test_a_fixed_stem_keeps_controller_apart_from_accountability(asker: Asker) -> None:
    """lexicon/stems.yaml: Snowball stems "verantwoordelijke" and "verantwoording" alike."""
    term = asker.index.analyzer.term
    assert term("verantwoordelijke", "nl") == term("verantwoordelijk", "nl") != term("verantwoording", "nl")
    ans = asker.ask("Wie is de verwerkingsverantwoordelijke volgens het privacyprotocol?").to_json()
    assert "cr-pwm-2018 12" not in {f"{a['agreement']} {a['article']}" for a in ans["answers"]}


def test_then_points_back_to_the_part_before(asker: Asker) -> None:
    from dvo_kb.query.ask import _refers_back

    assert _refers_back("and what must it then do?")
    assert not _refers_back("and what must it do?")


def test_a_text_answer_names_the_next_articles_as_related(asker: Asker) -> None:
    """The list of a text answer does not stop unsaid: the next articles ranked that say the
    question's words are related reading (a privacy officer's trial), none of them an answer."""
    ans = asker.ask("welke categorieën persoonsgegevens worden verwerkt").to_json()
    assert ans["how"] == "text" and ans["related"]
    shown = {(a["agreement"], a["article"]) for a in ans["answers"]}
    assert not shown & {(r["agreement"], r["article"]) for r in ans["related"]}
    assert len(ans["related"]) <= 4


def test_the_search_page_lists_the_related_articles_after_a_text_answer(client: Any) -> None:
    page = client.get("/", params={"q": "welke categorieën persoonsgegevens worden verwerkt"}).text
    assert "Ook deze bepalingen bevatten woorden van de vraag" in page


def test_the_cli_lists_the_related_articles_after_a_text_answer(capsys: Any) -> None:
    from dvo_kb.cli import main

    assert main(["ask", "welke categorieën persoonsgegevens worden verwerkt"]) == 0
    out = capsys.readouterr().out
    assert "Ook deze bepalingen bevatten woorden van de vraag:" in out and "privacyprotocol art. 3" in out


def test_the_frame_of_a_pasted_e_mail_is_no_part_of_the_question(asker: Asker) -> None:
    """A blind set's e-mails ("Hoi Anne, ... Groet, Lotte"): the salutation and the closing, with
    the names in them, were said to be words not found (query/lexicon/letter.yaml); the answer keeps
    the question as it was asked."""
    asked = "Hoi Anne, wat is de opzegtermijn van de samenwerkingsovereenkomst? Groet, Lotte"
    ans = asker.ask(asked).to_json()
    assert ans["question"] == asked and _cited(ans["answers"])[0] == "sok-wm-2025 16"
    said = str(ans.get("note") or "")
    assert "Anne" not in said and "Lotte" not in said and "Groet" not in said
    bare = asker.ask("Dear colleague, can a party leave the SOK early? Best regards, Ellen").to_json()
    assert "Ellen" not in str(bare.get("note") or "") and _cited(bare["answers"])[0] == "sok-wm-2025 16"
