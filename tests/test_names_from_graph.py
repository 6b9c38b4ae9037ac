"""The names by which a question refers to documents and parties come from the built graph
(query/names.py), not from a hand-kept list (issue 19: "a document added as extra data cannot be
named in a question"): a document added as extra data under a new id, with a new title, short
title, kind, year and party, is named in a question by each of them, and its lid answers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from dvo_kb.query.ask import Asker
from dvo_kb.query.tagger import tag

DEF = "https://w3id.org/dvo-kb/def#"
ID = "https://w3id.org/dvo-kb/id/"
DOC = "dvo-proef-zuiderzee-2031"

EXTRA = f"""
@prefix dvo: <{DEF}> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<{ID}graph/{DOC}> {{
  <{ID}doc/{DOC}> a dvo:Dienstverleningsovereenkomst ;
      dvo:documentId "{DOC}" ;
      dvo:title "Dienstverleningsovereenkomst Proefregio Zuiderzee 2031" ;
      dvo:shortTitle "ZZ-DVO", "Kwelder-overeenkomst" ;
      dvo:inForceFrom "2031-01-01"^^xsd:date ;
      dvo:party <{ID}party/urk> ;
      dvo:hasArticle <{ID}doc/{DOC}/art/1> .
  <{ID}party/urk> a dvo:Municipality ; dvo:partyId "urk" ; rdfs:label "gemeente Urk" .
  <{ID}doc/{DOC}/art/1> dvo:number "1" ; dvo:position 1 ; dvo:heading "Kwelderbeheer" ;
      dvo:hasParagraph <{ID}doc/{DOC}/art/1/lid/1> .
  <{ID}doc/{DOC}/art/1/lid/1> dvo:position 1 ; dvo:paragraphLabel "1" ;
      dvo:text "De opdrachtnemer draagt zorg voor het beheer van de kwelders langs de dijk." .
}}
"""


@pytest.fixture(scope="module")
def asker(tmp_path_factory: pytest.TempPathFactory) -> Asker:
    from dvo_kb.store import KnowledgeBase

    path = Path(tmp_path_factory.mktemp("extra")) / "zuiderzee.trig"
    path.write_text(EXTRA, encoding="utf-8")
    return Asker(KnowledgeBase.open(extra=[path]))


def _docs(asker: Asker, question: str) -> set[Any]:
    return {t.value for t in tag(question, asker.lexicon) if t.type == "DOC"}


@pytest.mark.parametrize("name", [
    "de Dienstverleningsovereenkomst Proefregio Zuiderzee 2031",  # the title
    "de ZZ-DVO", "de zz dvo",  # the short title, with a hyphen or a space
    "de DVO uit 2031", "the 2031 service agreement", "DVO 2031",  # its kind with its year
    "de DVO met Urk", "the Urk DVO", "de dvo van de gemeente Urk",  # its kind with its party
    "de Kwelder-overeenkomst", "de kwelder overeenkomst",  # another short title
    "de Kwelder",  # a word of its short titles that no other document's names have
])
def test_a_new_document_is_named_by_what_the_graph_says(asker: Asker, name: str) -> None:
    assert _docs(asker, f"Wat regelt {name} over het beheer?") == {DOC}, name


def test_a_word_of_the_long_title_or_the_id_alone_is_no_name(asker: Asker) -> None:
    """"Zuiderzee" (in the title and the id) may be what a question is about, not the document."""
    assert DOC not in _docs(asker, "Wat staat er over de Zuiderzee?")


def test_a_new_party_is_named_by_its_label(asker: Asker) -> None:
    tags = [(t.type, t.value) for t in tag("Wat moet de gemeente Urk doen?", asker.lexicon)]
    assert ("PARTY", "urk") in tags


def test_the_new_document_answers_a_question_that_names_it(asker: Asker) -> None:
    ans = asker.ask("Wie zorgt volgens de ZZ-DVO voor het beheer van de kwelder?")
    assert ans.answers and {a["agreement"] for a in ans.answers} == {DOC}
    assert ans.answers[0]["article"] == "1"


def test_the_corpus_names_still_resolve(asker: Asker) -> None:
    """The corpus's documents keep the names they had in the hand-kept list, now from the graph."""
    for name, doc in [("de HBEL-DVO", "dvo-hbel-2026"), ("de DVO van Beek", "dvo-pwm-2020-beek"),
                      ("de dvo van Huizen", "dvo-hbel-2026"), ("de DVO uit 2018", "dvo-pwm-2018"),
                      ("het privacyprotocol", "dvo-pwm-2020-beek-privacyprotocol"),
                      ("Bijlage 2", "dvo-pwm-2020-beek-privacyprotocol"),
                      ("de gemeenschappelijke regeling", "cr-pwm-2018"),
                      ("the cooperation agreement", "sok-wm-2025"), ("de SOK", "sok-wm-2025")]:
        assert _docs(asker, f"Wat zegt {name} over geheimhouding?") == {doc}, name


@pytest.mark.parametrize("name, doc", [
    ("de DVO van Beek uit 2020", "dvo-pwm-2020-beek"),  # kind, joiner, party, joiner, year
    ("Beek's DVO", "dvo-pwm-2020-beek"), ("the Beek DVO 2020", "dvo-pwm-2020-beek"),
    ("the DVO of the municipality of Huizen", "dvo-hbel-2026"),  # a joiner of several words
    ("de DVO-2018", "dvo-pwm-2018"), ("the 2018 DVO", "dvo-pwm-2018"),
    ("de HBEL overeenkomst", "dvo-hbel-2026"),  # a word of its own with a broader kind
])
def test_a_name_made_of_parts_is_read_by_its_parts(asker: Asker, name: str, doc: str) -> None:
    assert _docs(asker, f"Wat zegt {name} over geheimhouding?") == {doc}, name


def test_parts_that_name_no_document_together_name_none(asker: Asker) -> None:
    """Urk's DVO takes effect in 2031: "de DVO van Urk" names it, "de DVO van Urk uit 2018" no
    document at all (not the DVO of 2018, not Urk's); nor does "de SOK van Urk"."""
    from dvo_kb.query.names import graph_names

    composer = graph_names(asker.kb.select).composer
    assert composer(("dvo", "van", "urk")) == [("DOC", DOC)]
    assert composer(("dvo", "van", "urk", "uit", "2018")) == []
    assert composer(("samenwerkingsovereenkomst", "van", "urk")) == []


def test_names_made_of_parts_are_not_listed_beforehand(asker: Asker) -> None:
    """Every kind x joiner x party x year was once listed: 47 thousand phrases for six documents
    and two million for the corpus with a few hundred synthetic ones (2 GB, 35 s at 1M quads).
    The phrases that are names in themselves stay few; the rest is read by its parts."""
    from dvo_kb.query.names import graph_names

    names = graph_names(asker.kb.select)
    assert 20 < len(names.phrases) < 500
    assert names.composer(("dvo", "van", "beek", "uit", "2020")) == [("DOC", "dvo-pwm-2020-beek")]
    assert names.composer(("wat", "zegt")) == []


def test_a_composer_reads_names_without_their_remark_and_in_any_unicode_form() -> None:
    """A party's name with a remark in brackets also names it without ("de DVO van gemeente
    Stein"), and a name stored decomposed (e + combining diaeresis) is read as a question folds it
    (a reviewer's cases)."""
    import unicodedata

    from dvo_kb.query.names import Composer

    composer = Composer(kinds={"dvo": {"d1"}}, broader={}, years={"d1": "2021"},
                        party_docs={"stein": {"d1"}, "geel": {"d1"}},
                        bare={"stein": {"gemeente stein (limburg)"}, "geel": {unicodedata.normalize("NFD", "geërfd")}},
                        doc_words={"d1": {"dvo"}}, own_words={}, doc_kinds={"d1": {"dvo"}})
    assert composer(("dvo", "van", "gemeente", "stein")) == [("DOC", "d1")]
    assert composer(("dvo", "van", "gemeente", "stein", "limburg", "uit", "2021")) == [("DOC", "d1")]
    assert composer(("dvo", "van", unicodedata.normalize("NFC", "geërfd"))) == [("DOC", "d1")]


@pytest.mark.parametrize(("question", "docs"), [
    # a kind said once, then "the 2018 one", "the 2020 Beek one": each is that kind's document
    ("Comparing the two Participatiebedrijf service agreements: under the 2018 one reports were due "
     "after a month; does the 2020 Beek one give more time?", {"dvo-pwm-2018", "dvo-pwm-2020-beek"}),
    ("Wat zeggen de DVO's over rapportage, en wijkt die van 2018 af?", {"dvo-pwm-2018"}),
    # Dutch "die" before a party is a pronoun of something else
    ("Wat zijn frictiekosten in de DVO van 2018, en hoe worden die met Beek verrekend?", {"dvo-pwm-2018"}),
])
def test_a_kind_said_once_then_the_year_one(asker: Asker, question: str, docs: set[str]) -> None:
    got = asker._documents(question) or set()
    assert docs <= got and not (got - docs) - {"dvo-pwm-2020-beek-privacyprotocol"}


def test_a_word_the_ids_of_several_documents_share_names_them_together(asker: Asker) -> None:
    """"PWM" is in the ids of the four documents of the Participatiebedrijf Westelijke Mijnstreek
    and in no title or party: a family name. "dvo" (a kind), "beek" (a party) and years are not."""
    pwm = frozenset({"cr-pwm-2018", "dvo-pwm-2018", "dvo-pwm-2020-beek", "dvo-pwm-2020-beek-privacyprotocol"})
    assert asker.names.id_families == {"pwm": pwm}
    # and the words of the titles of several documents, not of all, that the dictionary does not know
    # (a name; an annex with its document): "participatiebedrijf" (not the SOK); not "deelnemers" or
    # "westelijke" (common words; a review: "wat moeten de deelnemers doen?" was kept to one DVO)
    assert asker.names.families == {"pwm": pwm, "participatiebedrijf": pwm}
