"""The question language on the real corpus: competency questions with expected citations
(tests/data/questions.yaml), the output contract, clean errors, and a property test."""

from __future__ import annotations

import json
from typing import Any

import pytest
import yaml
from conftest import DATA
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dvo_kb.cli import main
from dvo_kb.query.ask import Asker
from dvo_kb.query.parser import QuestionError, examples, parse
from dvo_kb.remote import bind_values

QUESTIONS = yaml.safe_load((DATA / "questions.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def asker(kb: Any) -> Asker:
    return Asker(kb)


def citations(answers: list[dict[str, Any]]) -> set[str]:
    out = set()
    for a in answers:
        out.add(f"{a['agreement']} {a['article']}" if a.get("article") else a["agreement"])
    return out


def test_the_question_suite_is_big_and_bilingual() -> None:
    assert len(QUESTIONS) >= 80
    assert sum(q["lang"] == "nl" for q in QUESTIONS) >= len(QUESTIONS) / 2 - 1
    assert len({q["q"] for q in QUESTIONS}) == len(QUESTIONS)


@pytest.mark.parametrize("case", QUESTIONS, ids=[q["q"][:70] for q in QUESTIONS])
def test_competency_question(asker: Asker, case: dict[str, Any]) -> None:
    ans = asker.ask(case["q"])
    got = citations(ans.answers)
    assert ans.intent == case["intent"], ans.intent
    assert ans.language == case["lang"]
    missing = [c for c in case.get("must", []) if c not in got]
    wrong = [c for c in case.get("must_not", []) if c in got]
    assert not missing and not wrong, f"missing {missing}, wrongly cited {wrong}; got {sorted(got)}"
    if not case.get("must"):
        assert ans.answers == [] or not set(case.get("must_not", [])) & got


def test_recall_and_precision_over_the_suite(asker: Asker) -> None:
    """Recall: expected citations found. Precision: of the checked citations (must and
    must_not), the share the answers got right. Printed with pytest -s."""
    found = expected = wrong = checked = 0
    for case in QUESTIONS:
        got = citations(asker.ask(case["q"]).answers)
        expected += len(case.get("must", []))
        found += sum(c in got for c in case.get("must", []))
        wrong += sum(c in got for c in case.get("must_not", []))
        checked += sum(c in got for c in case.get("must", [])) + sum(c in got for c in case.get("must_not", []))
    recall = found / expected
    precision = (checked - wrong) / checked if checked else 1.0
    print(f"\nquestions: {len(QUESTIONS)}, recall {recall:.3f}, precision {precision:.3f}")
    assert recall == 1.0 and precision == 1.0


def test_every_example_parses(asker: Asker) -> None:
    for form, qs in examples().items():
        for q in qs:
            intent, _ = parse(q, asker.lexicon)
            assert intent.name, (form, q)


def test_json_output_contract(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", "--format", "json", "wie moet wie informeren bij overmacht?"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert {"question", "language", "intent", "sparql", "answers"} <= set(out)
    assert out["language"] == "nl" and out["intent"] == "who_whom"
    assert "SELECT" in out["sparql"]
    for a in out["answers"]:
        for key in ("agreement", "article", "paragraph", "text", "iri", "kind", "bearer", "counterparty",
                    "action", "deadline"):
            assert key in a
    keys = [(a["agreement"], a["article"]) for a in out["answers"]]
    assert keys == sorted(keys, key=lambda k: k[0]), "answers are ordered by document"
    hbel = next(a for a in out["answers"] if a["agreement"] == "dvo-hbel-2026")
    assert hbel["article"] == "13" and hbel["paragraph"] == "1"
    assert "binnen twee werkdagen" in hbel["text"]


def test_user_text_is_bound_never_spliced(asker: Asker) -> None:
    ans = asker.ask("what does 'x } ; DROP ALL ; SELECT * { ?s ?p ?o' mean?")
    assert all(a["kind"] != "Definition" for a in ans.answers)  # no definition of that term
    assert "DROP" not in ans.to_json()["sparql"]
    assert any("dropall" in v for b in ans.to_json()["bindings"] for v in b.values())  # bound as a value


def test_nothing_found_says_so(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", "Wie informeert wie bij overmacht volgens de samenwerkingsovereenkomst?"]) == 0
    assert "Niets gevonden" in capsys.readouterr().out  # (a Dutch question: the answer in Dutch)


@pytest.mark.parametrize("question", ["what is the airspeed of a swallow?", "???", "wie wie wie", "", "xqzv blorp"])
def test_unparseable_questions_exit_2_with_suggestions(capsys: pytest.CaptureFixture[str], question: str) -> None:
    code = main(["ask", question])
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith("dvo-kb: fout:")
    assert "Traceback" not in err


def test_the_error_names_the_unknown_word(asker: Asker) -> None:
    with pytest.raises(QuestionError, match='"airspeed"'):
        asker.ask("what is the airspeed of a swallow?")
    with pytest.raises(QuestionError, match="questions that work look like"):
        asker.ask("what is the airspeed of a swallow?")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=80))
def test_any_input_parses_or_gives_the_clean_error(asker: Asker, text: str) -> None:
    try:
        parse(text, asker.lexicon)
    except QuestionError as exc:
        assert str(exc)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(["wie", "who", "moet", "may", "not", "niet", "overmacht", "Beek", "DVO-2018",
                                 "verplichtingen", "rights", "artikelen", "over", "privacy", "voor", "1 maart",
                                 "compare", "and", "en", "'x'", "mean", "share", "wat", "welke", "bij", "jegens",
                                 "Huizen", "deadlines", "in force", "1 januari 2026", "survives", "court"]),
                max_size=8))
def test_any_word_salad_answers_or_gives_the_clean_error(asker: Asker, words: list[str]) -> None:
    try:
        asker.ask(" ".join(words))
    except QuestionError as exc:
        assert str(exc)


def test_templates_render_the_parts_the_question_binds() -> None:
    """# if / # unless in the query templates: a named document is where the query starts (a
    triple pattern on the bound ?wantDoc, no filter); a deadline question requires the deadline."""
    from dvo_kb.query.ask import render

    doc = render("norms", frozenset({"wantDoc"}))
    assert "?src dvo:inDocument ?wantDoc . ?n dvo:source ?src" in doc and "FILTER(?wantDoc" not in doc
    plain = render("norms", frozenset())
    assert "SELECT DISTINCT ?n" not in plain and "OPTIONAL { ?n dvo:deadline/dvo:deadlineText" in plain
    due = render("norms", frozenset({"wantDeadline"}))
    assert "SELECT DISTINCT ?n" in due and "OPTIONAL { ?n dvo:deadline/dvo:deadlineText" not in due


@pytest.mark.parametrize("case", QUESTIONS[::6], ids=lambda c: c["q"][:40])
def test_a_values_block_gives_the_same_answers_as_substitution(kb: Any, asker: Asker, case: dict[str, Any]) -> None:
    """What a remote SPARQL store gets: the bindings as a VALUES block at the start of the WHERE
    group. Every template must answer the same as with pyoxigraph's substitution."""
    intent, _ = parse(case["q"], asker.lexicon)
    for c in asker.compile(intent)[1]:
        subs = c.substitutions()
        rows = kb.select(c.sparql, subs)
        values = kb.select(bind_values(c.sparql, subs))  # the VALUES block the remote store sends
        assert sorted(map(repr, rows)) == sorted(map(repr, values))


@pytest.mark.parametrize(("question", "cited"), [
    ("Artikel 16.1 lid 1", None),  # not a question the grammar reads: the text index answers
    ("compare force majeure", "dvo-pwm-2018 16.1"),
    ("wat zijn de bewaartermijnen?", "dvo-pwm-2020-beek-privacyprotocol 9"),
    ("Who is the processor under the privacy protocol?", None),
])
def test_questions_the_grammar_cannot_read_are_answered_from_the_text(asker: Asker, question: str,
                                                                    cited: str | None) -> None:
    ans = asker.ask(question).to_json()
    assert ans["answers"] and ans["how"] in ("text", "both", "grammar")
    assert len({a["iri"] for a in ans["answers"]}) == len(ans["answers"])  # no lid twice
    if cited:
        assert cited in citations(ans["answers"])
    assert ans["interpretation"]


def test_answers_carry_conditions_and_notes(asker: Asker) -> None:
    """Every norm of an answer with all its conditions and the curators' ambiguity notes."""
    ans = asker.ask("wat zijn de bewaartermijnen?").to_json()
    lid = next(a for a in ans["answers"] if a["iri"].endswith("privacyprotocol/art/9/lid/9.2"))
    assert lid["conditions"] and lid["norms"] and "bewaartermijn" in lid["conditions"][0]


def test_nothing_found_offers_related_lids(asker: Asker) -> None:
    """Understood, nothing found in the SOK: the closest lids as related reading. (The SOK has no
    force majeure clause at all: the related lids are then those of the documents that have one,
    and the note says so; test_a_topic_the_named_document_does_not_have_... below.)"""
    ans = asker.ask("Wie informeert wie bij toetreding volgens de samenwerkingsovereenkomst?").to_json()
    assert ans["answers"] == [] and ans["related"] and all(r["agreement"] == "sok-wm-2025" for r in ans["related"])
    other = asker.ask("Wie informeert wie bij overmacht volgens de samenwerkingsovereenkomst?").to_json()
    assert other["answers"] == [] and "SOK-2025 gebruikt het woord overmacht niet" in other["note"]
    # the SOK names it in other words: 'al dan niet toerekenbare tekortkoming' (art. 9.3), first among the related
    assert (other["related"][0]["agreement"], other["related"][0]["article"]) == ("sok-wm-2025", "9")


def test_a_deadline_question_with_a_year_gets_the_computed_dates(asker: Asker) -> None:
    """DVO-2018 art. 12.3: the quarterly reports of 2019, computed by the deadline rules beside the rule's text."""
    ans = asker.ask("Wanneer moet de kwartaalrapportage over het tweede kwartaal van 2019 bij Beek en Stein binnen zijn?")
    a = next(x for x in ans.answers if x["agreement"] == "dvo-pwm-2018" and x["article"] == "12.3")
    dues = [d for n in a["norms"] for d in n.get("due_dates", [])]
    assert dues and all(d["year"] == 2019 and d["due"].startswith("2019-") for d in dues)
    assert any("kwartaal" in d["rule"] for d in dues)


def test_a_question_of_two_parts_answers_both(asker: Asker) -> None:
    ans = asker.ask("Wie moet wie informeren bij overmacht en wanneer moet de jaarrapportage binnen zijn?").to_json()
    assert len(ans["parts"]) == 2 and all(p["answers"] for p in ans["parts"]) and ans["unanswered"] is None
    got = citations(ans["answers"])
    assert "dvo-pwm-2018 16.1" in got and "dvo-pwm-2018 12.3" in got


def test_a_part_without_an_answer_is_named(asker: Asker) -> None:
    ans = asker.ask("Wie informeert wie bij overmacht volgens de samenwerkingsovereenkomst? "
                    "En wie moet zich verzekeren?").to_json()
    assert ans["unanswered"] and "overmacht" in ans["unanswered"]
    assert "sok-wm-2025 9" in citations(ans["answers"])


def test_a_remark_after_the_question_is_not_a_part(asker: Asker) -> None:
    ans = asker.ask("When does the HBEL agreement enter into force? The last article leaves the date open.").to_json()
    assert ans["parts"] == []


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=120))
def test_any_input_is_answered_or_refused_cleanly(asker: Asker, text: str) -> None:
    """Hostile input (any text) gets an answer or the clean refusal, never another exception."""
    try:
        ans = asker.ask(text).to_json()
    except QuestionError as exc:
        assert str(exc)
    else:
        assert ans["how"] in ("grammar", "text", "both")


@pytest.mark.parametrize(("question", "doc"), [
    ("Wat staat er in Bijlage 2 over bewaartermijnen?", "dvo-pwm-2020-beek-privacyprotocol"),
    ("wat zegt de DVO 2020 over geheimhouding?", "dvo-pwm-2020-beek"),
    ("wat regelt de HBEL-DVO over overmacht?", "dvo-hbel-2026"),
    ("wat zegt de centrumregling over uittreding?", "cr-pwm-2018"),  # a typo in the name
    ("what does the privacy protocol say about retention?", "dvo-pwm-2020-beek-privacyprotocol"),
])
def test_documents_are_recognised_as_people_name_them(asker: Asker, question: str, doc: str) -> None:
    ans = asker.ask(question).to_json()
    assert ans["answers"] and all(a["agreement"].startswith(doc) for a in ans["answers"]), citations(ans["answers"])


@pytest.mark.parametrize(("question", "first"), [
    ("wie is de centrumgemeente?", "cr-pwm-2018 2"),
    ("who is the processor in the DVO 2020?", "dvo-pwm-2020-beek-privacyprotocol 2"),
])
def test_a_role_question_ranks_the_lid_that_assigns_the_role_first(asker: Asker, question: str, first: str) -> None:
    ans = asker.ask(question).to_json()
    assert ans["answers"] and f"{ans['answers'][0]['agreement']} {ans['answers'][0]['article']}" == first


def test_a_kind_named_without_a_document_weighs_its_documents_first(asker: Asker) -> None:
    """"de DVO" names no one document, but the three service agreements before the others."""
    ans = asker.ask("wat zegt de DVO over geheimhouding?").to_json()
    assert ans["answers"] and all(a["agreement"] in ("dvo-pwm-2018", "dvo-pwm-2020-beek", "dvo-hbel-2026")
                                  for a in ans["answers"]), citations(ans["answers"])


def test_a_document_named_year_first(asker: Asker) -> None:
    ans = asker.ask("Can Beek terminate its 2020 service agreement?").to_json()
    assert ans["answers"] and {a["agreement"] for a in ans["answers"]} <= {"dvo-pwm-2020-beek",
                                                                          "dvo-pwm-2020-beek-privacyprotocol"}


def test_who_plays_a_role_is_answered_by_the_lids_that_assign_it(asker: Asker) -> None:
    """"wie is verwerker?" asks who plays the role, not for the norms it bears (issue 17: such
    questions flooded 50-78 norms): the lids that assign the role, a handful."""
    ans = asker.ask("wie is verwerker?").to_json()
    assert ans["intent"] == "role" and 0 < len(ans["answers"]) <= 5
    assert all(a["found_by"] == "role" for a in ans["answers"])
    both = asker.ask("Who are the controller and the processor under the 2018 centrumregeling?").to_json()
    assert citations(both["answers"]) == {"cr-pwm-2018 20"}


def test_a_question_which_documents_say_something_answers_from_each(asker: Asker) -> None:
    """"Which agreements ...": the best lid of each document that answers, not one document's."""
    ans = asker.ask("Which agreements contain a force majeure clause?").to_json()
    got = citations(ans["answers"])
    assert "dvo-hbel-2026 13" in got
    # the DVOs' force majeure clause is two articles under one heading (16.1 the duty to inform,
    # 16.2 what counts as overmacht): either is the document's best lid
    for doc in ("dvo-pwm-2018", "dvo-pwm-2020-beek"):
        assert {f"{doc} 16.1", f"{doc} 16.2"} & got, doc
    assert {c.split()[0] for c in got} >= {"dvo-pwm-2018", "dvo-pwm-2020-beek", "dvo-hbel-2026"}


def test_a_question_naming_two_documents_answers_from_both(asker: Asker) -> None:
    ans = asker.ask("Wat zeggen de HBEL-DVO en de SOK over aansprakelijkheid?").to_json()
    assert {"dvo-hbel-2026 12", "sok-wm-2025 9"} <= citations(ans["answers"])


def test_a_question_what_a_term_means_answers_with_the_lid_that_defines_it(asker: Asker) -> None:
    """A term the graph defines (dvo:definedTerm), asked about with "define"/"mean": its
    definition's lid is among the answers, also when the term is written without its abbreviation
    in brackets (without the weight of the definition it was not: the article on when a PIA is
    carried out scored higher)."""
    ans = asker.ask("How does the privacy protocol define a Privacy Impact Assessment?").to_json()
    assert "dvo-pwm-2020-beek-privacyprotocol 1" in citations(ans["answers"])


def test_a_topic_the_named_document_does_not_have_is_said_and_found_elsewhere(asker: Asker) -> None:
    """The SOK does not use the word overmacht, but has the concept's other name ('al dan niet
    toerekenbare tekortkoming', art. 9.3): that answers, not its art. 4.6 (which matches only
    'regelt'), in Dutch as in English. The centrumregeling has no confidentiality clause at all
    (checked in its text): the answer says so, in the reader's words, and points to the documents
    that have one. A document that has the topic answers as before."""
    ans = asker.ask("Wat regelt de SOK 2025 over overmacht?").to_json()
    assert citations(ans["answers"]) == {"sok-wm-2025 9"}
    assert "SOK-2025 gebruikt het woord overmacht niet; het onderwerp staat er in andere woorden" in ans["note"]
    assert "sok-wm-2025 9" in citations(asker.ask("What does the SOK say about force majeure?").to_json()["answers"])
    nl = asker.ask("Wat zegt de centrumregeling over geheimhouding?").to_json()
    assert nl["answers"] == [] and "centrumregeling gebruikt het woord geheimhouding niet en heeft geen norm" in nl["note"]
    en = asker.ask("What does the centrumregeling say about confidentiality?").to_json()
    assert en["answers"] == [] and "does not use the word confidentiality" in en["note_by_lang"]["en"]
    assert "geheimhouding" in en["note_by_lang"]["nl"]  # each language its own name of the concept
    related = {f"{r['agreement']} {r['article']}" for r in en["related"]}
    assert "dvo-pwm-2018 18" in related and not any(r.startswith("cr-pwm-2018") for r in related)
    has = asker.ask("Wat regelt de HBEL-DVO over overmacht?").to_json()
    assert "dvo-hbel-2026 13" in citations(has["answers"]) and "geen bepaling" not in (has["note"] or "")


def test_a_word_the_documents_do_not_have_is_said_not_dropped(asker: Asker) -> None:
    """A new user's trial (sixteenth session): "boete" is in no article of the HBEL-DVO (the
    DVOs' product lists have it): the answer by the question's other words says so, instead of
    leaving the word out unsaid; a word no document has at all likewise. "opzegtermijn" asked
    of the HBEL-DVO, which has no opzegging at all (checked in its text; art. 13.2 has only "een
    redelijke termijn"), and of the centrumregeling, whose art. 15 gives the year's notice of an
    uittreding without the word: the closest provision answers, with a note that the word is not
    used and that the reader should check whether it answers (which of the two it does, a
    compound's part cannot tell)."""
    fine = asker.ask("Is er een boete als de centrumgemeente in de HBEL-DVO te laat is?").to_json()
    assert "niet gevonden in HBEL-DVO: boete" in fine["note"]
    assert "boete" not in (asker.ask("Is er een boete in de DVO 2018?").to_json()["note"] or "")
    assert "niet gevonden in de documenten: appeltaart" in asker.ask("appeltaart recept").to_json()["note"]
    parts = asker.ask("Wat zeggen de afspraken over zorgkosten?").to_json()["note"]  # "zorg" and "kosten" apart
    assert "zorgkosten staat niet als geheel in de documenten, alleen de delen ervan los" in parts
    assert "staat niet als geheel" not in (asker.ask("bewaartermijnen persoonsgegevens").to_json()["note"] or "")
    ordinary = asker.ask("Wat zegt de centrumregeling over nieuwe boetes?").to_json()["note"]
    assert "niet gevonden in centrumregeling: boetes;" in ordinary  # not "nieuwe" (lexicon/unremarkable.yaml)
    none = asker.ask("Wat is de opzegtermijn van de HBEL-DVO?").to_json()
    assert "HBEL-DVO gebruikt het woord opzegtermijn niet; hieronder wat er het dichtst bij komt" in none["note"]
    cr = asker.ask("Wat is de opzegtermijn als je uit de centrumregeling participatiebedrijf wil stappen?").to_json()
    # (nineteenth session: the glossary reads "opzegtermijn" as the centrumregeling's "van tevoren" of an
    # uittreding, art. 15 lid 2, so the word is found by its meaning and no longer said to be missing)
    assert "cr-pwm-2018 15" in citations(cr["answers"]) and cr["answers"][0]["agreement"] == "cr-pwm-2018"


def test_the_lid_that_assigns_a_role_follows_the_answers(asker: Asker) -> None:
    """A new user's trial: "Moet de centrumgemeente zich verzekeren tegen aansprakelijkheid?"
    listed the centrumregeling's art. 2 (Sittard-Geleen is centrumgemeente) before the
    HBEL-DVO's art. 12.2 (its centrumgemeente insures), as if Sittard-Geleen had to insure."""
    ans = asker.ask("Moet de centrumgemeente zich verzekeren tegen aansprakelijkheid?").to_json()
    assert f"{ans['answers'][0]['agreement']} {ans['answers'][0]['article']}" == "dvo-hbel-2026 12"


def test_the_grammars_answers_carry_their_label_and_heading(asker: Asker) -> None:
    """A new user's trial: the norms the grammar found had "label": null and "heading": null
    in /api/ask, the lids the text found had both."""
    answers = asker.ask("wie moet wie informeren bij overmacht?").to_json()["answers"]
    assert answers and all(a.get("norm") for a in answers[:3])
    assert all(a["label"] and a["heading"] for a in answers), [(a["label"], a["heading"]) for a in answers]
    assert "HBEL-DVO art. 13 lid 1" in {a["label"] for a in answers}
    shares = asker.ask("wat is de verdeelsleutel?").to_json()["answers"]
    assert shares and all(a["label"] for a in shares if a.get("kind") == "CostShare")


def test_a_lid_that_answers_far_better_leads_its_article(asker: Asker) -> None:
    """A new user's trial: the centrumregeling's art. 4 lid 2 (mandating) was listed above lid 4
    ("toegestaan ondermandaat te verlenen"), which the search scored 27.6 against 20.4; the leden
    of an article keep their order otherwise (art. 15's leden: test_ask_language)."""
    ans = asker.ask("Can the centre municipality sub-delegate its mandate to its own staff?").to_json()
    first = ans["answers"][0]
    assert (first["agreement"], first["article"], first["paragraph"]) == ("cr-pwm-2018", "4", "4")


def test_a_long_question_says_that_asking_in_parts_helps(asker: Asker) -> None:
    """A new user's trial pasted 1,578 characters of four questions without question marks: the
    answer ranks on all its words at once, and now says that asking each part helps."""
    long = ("Wij overwegen als gemeente Beek om uit de samenwerking te stappen omdat de kosten te hoog zijn "
            "en wij willen weten wat de opzegtermijn is, welke kosten wij dan nog moeten betalen, wat er met "
            "het personeel gebeurt dat bij het participatiebedrijf werkt, en of de afspraken over geheimhouding "
            "na het einde blijven gelden, want onze wethouder wil dit graag volgende week in het college "
            "bespreken en wij moeten daarover een advies schrijven")
    ans = asker.ask(long).to_json()
    assert ans["answers"] and "stel elk onderdeel apart" in ans["note_by_lang"]["nl"]
    assert "stel elk onderdeel apart" not in (asker.ask("Wat is de opzegtermijn van de SOK?").to_json()["note"] or "")


def test_a_question_too_long_is_refused_in_the_reader_s_language(asker: Asker) -> None:
    """A new user's trial: 3,000 words took 12 s to read, and 'opzegging' said 1,000 times was listed
    1,000 times in the reading. A text over MAX_QUESTION_CHARS is refused (Dutch and English), and
    the reading names each thing once."""
    from dvo_kb.api.dutch import refusal
    from dvo_kb.query.ask import MAX_QUESTION_CHARS

    with pytest.raises(QuestionError) as exc:
        asker.ask("opzegging " * (MAX_QUESTION_CHARS // 10 + 1))
    assert refusal(str(exc.value), "nl").startswith("de vraag is te lang: ")
    assert refusal(str(exc.value), "en").startswith("the question is too long: ")
    ans = asker.ask("opzegging " * 150)
    assert (ans.interpretation or "").count("opzegging") == 1


def test_a_declaration_in_an_answer_says_what_it_declares(asker: Asker) -> None:
    """A new user's trial: the answers listed bare "verklaring" lines; a declaration shows its
    comment or the words by which it refers to a law."""
    from dvo_kb.api.labels import answer_line

    ans = asker.ask("wie is verwerkingsverantwoordelijke voor toezicht Wmo in de SOK?")
    lines = [answer_line(n, "nl") for a in ans.answers for n in a.get("norms", []) if n["kind"] == "Declaration"]
    assert "verklaring: verwerkingsverantwoordelijke in de zin van de AVG" in lines, lines


@pytest.mark.parametrize(("question", "survives"), [
    ("after the end of a quarter the report is due", False), ("na het einde van het kwartaal", False),
    ("binnen een maand na het einde van ieder kalenderjaar", False),
    ("what still applies after the end of the agreement?", True), ("wat blijft gelden na het einde?", True),
    ("Does the confidentiality still apply after the end of the term?", True),  # the agreement's term (a review)
    ("na het einde van het lopende kwartaal", False),
])
def test_the_end_of_a_period_is_no_question_of_survival(asker: Asker, question: str, survives: bool) -> None:
    """"na het einde van het kwartaal": a deadline's anchor, not the agreement's end (lexicon/survival.yaml)."""
    assert any(t.type == "SURVIVE" for t in asker._tags(question)) is survives
