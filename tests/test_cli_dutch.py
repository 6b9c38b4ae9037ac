"""The command line in Dutch (issue 18): every command run on the real corpus prints Dutch by
default (the words of api/labels.yaml, sections cli and norm_line; the kinds of norm and the
roles by the ontology's rdfs:label@nl), with its real answers, and none of the English phrases
it printed before; English stays where a command has --lang en. Machine-readable output (JSON)
keeps its fields and values."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from .conftest import run_cli

DATA = Path(__file__).parent / "data"


run = run_cli  # (conftest: the command in process; the module's store is conftest's ``store``)


def english(text: str, phrases: list[str]) -> list[str]:
    """The English phrases (as the commands printed them before) that ``text`` still holds."""
    return [p for p in phrases if p in text]


# -- build -----------------------------------------------------------------------------------------
BUILD_ENGLISH = ["triples in", "graphs on", "reused", "built in", "disk store", "memory store", "kind ", "articles",
                 "items", "total"]


def test_build_summary_is_dutch(capsys: pytest.CaptureFixture[str], store: str) -> None:
    code, out, err = run(capsys, "build", "--store", store)
    lines = out.splitlines()
    assert code == 0 and not err
    assert "tripels in 9 grafen in de opslag op schijf in" in lines[0] and "(hergebruikt in " in lines[0]
    assert lines[0].rstrip().endswith(" s)") and "," in lines[0].rsplit("in ", 1)[-1]  # 0,09 s: a Dutch decimal
    assert lines[1].split() == ["document", "soort", "artikelen", "leden", "onderdelen"]
    assert any(ln.startswith("dvo-pwm-2018") and "Dienstverleningsovereenkomst" in ln for ln in lines)
    assert lines[-1].split() == ["totaal", "146"]
    assert english(out, BUILD_ENGLISH) == []


def test_build_in_memory_says_gebouwd_then_hergebruikt(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, _ = run(capsys, "build", "--cache", str(tmp_path))
    assert code == 0 and "de opslag in het geheugen" in out and "(gebouwd in " in out.splitlines()[0]
    code, out, _ = run(capsys, "build", "--cache", str(tmp_path))
    assert code == 0 and "(hergebruikt in " in out.splitlines()[0] and english(out, BUILD_ENGLISH) == []


# -- show ------------------------------------------------------------------------------------------
SHOW_ENGLISH = ["in force from", "for an indefinite period", "party:", "[Obligation]", "[Permission]", "[Power]",
                "[Prohibition]", "[Definition]", "[Declaration]", "; on ", "; if ", "deadline:",
                "survives termination", "DeelnemendeGemeente", "Article "]


def test_show_a_document_is_dutch(capsys: pytest.CaptureFixture[str], store: str) -> None:
    code, out, _ = run(capsys, "show", "cr-pwm-2018", "--store", store)
    assert code == 0
    assert out.startswith("Centrumregeling Participatiebedrijf Westelijke Mijnstreek 2018  [cr-pwm-2018]")
    assert "in werking vanaf 2018-01-01 voor onbepaalde tijd" in out
    assert '  partij: gemeente Stein: deelnemende gemeente ("deelnemende gemeenten")' in out  # the role's label@nl
    assert "Artikel 1  Begripsbepalingen" in out and "- [begripsbepaling] 'AVG'" in out
    assert english(out, SHOW_ENGLISH) == []


def test_show_an_article_names_its_norms_in_dutch(capsys: pytest.CaptureFixture[str], store: str) -> None:
    code, out, _ = run(capsys, "show", "dvo-hbel-2026", "13", "--store", store)
    assert code == 0 and "Artikel 13  Overmacht en wanprestatie" in out
    norm = next(ln for ln in out.splitlines() if "contact opnemen" in ln)
    assert norm.strip().startswith("- [verplichting] één van de partijen (die partij) -> de andere partij: informeren")
    assert "; bij overmacht; voorwaarde: indien één van de partijen" in norm and "; termijn: binnen twee werkdagen" in norm
    assert "[bevoegdheid] de andere partij" in out and "[toestemming] de andere partij" in out
    assert english(out, SHOW_ENGLISH) == []


def test_show_one_lid(capsys: pytest.CaptureFixture[str], store: str) -> None:
    code, out, _ = run(capsys, "show", "dvo-pwm-2018", "5.2", "--store", store)
    assert code == 0 and "Artikel 5.2  Opdrachtnemerschap" in out
    assert "[bevoegdheid] de colleges van Beek, Sittard-Geleen en Stein: vaststellen" in out
    assert "voorwaarde: gehoord het bestuurlijk overleg" in out and english(out, SHOW_ENGLISH) == []


def test_show_json_is_unchanged(capsys: pytest.CaptureFixture[str], store: str) -> None:
    code, out, _ = run(capsys, "show", "dvo-hbel-2026", "13", "1", "--format", "json", "--store", store)
    [art] = json.loads(out)["articles"]
    assert code == 0 and art["paragraphs"][0]["provisions"][0]["kind"] == "Obligation"  # the field's value stays


# -- diff ------------------------------------------------------------------------------------------
DIFF_ENGLISH = ["Obligation of", "Permission of", "towards ", "; to ", "; on ", "; if ", "; deadline ",
                "not computable", "on or before", "[before ", "threshold:", "a number of the text",
                "follows from the parties", "no longer a party", "new party", "(quarters", " after einde",
                "the second", "survives termination", "(this document)", "Opdrachtgever “", "Comparison of",
                "before:", "after:"]


def test_diff_is_dutch(capsys: pytest.CaptureFixture[str], store: str) -> None:
    code, out, _ = run(capsys, "diff", "dvo-pwm-2018", "dvo-pwm-2020-beek", "--store", store)
    assert code == 0 and out.startswith("Vergelijking van dvo-pwm-2018 (A) en dvo-pwm-2020-beek (B)")
    assert "voor: stein (opdrachtgever “opdrachtgevers”, partij “partijen”)" in out
    assert "(een getal in de tekst dat geen gecodeerde wijziging verklaart)" in out
    assert "[1 maand na einde kwartaal (kwartalen 1, 2, 3)]" in out
    assert "[de tweede maand na einde kwartaal (kwartalen 1, 2, 3)]" in out
    assert "[uiterlijk op 1-12]" in out and "[vóór 1-3]" in out and "[niet te berekenen]" in out
    assert "[drempel: 10 werkdagen]" in out and "10 werkdag]" not in out
    assert ("voor: toestemming van alle partijen [beek, sittard-geleen, stein]; handeling: voorleggen: het geschil "
            "beslechten middels arbitrage; bij geschil; voorwaarde: In het geval overleg") in out
    assert "* verplichting van opdrachtnemer [sittard-geleen]; handeling: kosten dragen" in out  # only in B
    assert "termijn: per maand en vooraf [maandelijks]" in out
    assert english(out, DIFF_ENGLISH) == []


def test_diff_in_english_and_as_json_keeps_the_english_values(capsys: pytest.CaptureFixture[str], store: str) -> None:
    code, out, _ = run(capsys, "diff", "dvo-pwm-2018", "dvo-pwm-2020-beek", "--lang", "en", "--store", store)
    assert code == 0 and out.startswith("Comparison of") and "before: Permission of alle partijen" in out
    assert "[on or before 1-12]" in out and "(a number of the text that no encoded change accounts for)" in out
    code, out, _ = run(capsys, "diff", "dvo-pwm-2018", "dvo-pwm-2020-beek", "--format", "json", "--store", store)
    data = json.loads(out)
    values = [c["before"] for p in data["pairs"] for c in p["changes"] if c["field"] == "norm" and c["before"]]
    assert code == 0 and any(v.startswith("Permission of alle partijen") for v in values)
    assert "shown" not in json.dumps(data)


# -- sparql ----------------------------------------------------------------------------------------
def test_sparql_table_and_ask_are_dutch(capsys: pytest.CaptureFixture[str], store: str) -> None:
    q = "SELECT ?id WHERE { ?d dvo:documentId ?id ; dvo:inCorpus true } ORDER BY ?id"
    code, out, _ = run(capsys, "sparql", q, "--store", store)
    assert code == 0 and "dvo-hbel-2026" in out and out.rstrip().endswith("(7 rijen)") and "rows" not in out
    code, out, _ = run(capsys, "sparql", "SELECT ?id WHERE { ?d dvo:documentId 'dvo-pwm-2018' ; dvo:documentId ?id }",
                       "--store", store)
    assert out.rstrip().endswith("(1 rij)")
    assert run(capsys, "sparql", "ASK { ?a dvo:number '7a' }", "--store", store)[1].strip() == "ja"
    assert run(capsys, "sparql", "ASK { ?a dvo:number 'x7' }", "--store", store)[1].strip() == "nee"
    assert run(capsys, "sparql", "ASK { ?a dvo:number '7a' }", "--format", "json", "--store", store)[1].strip() \
        .endswith("true}")  # a standard format is unchanged


ERROR_ENGLISH = ["dvo-kb: error:", "unknown document", "has no article", "its articles are", "has no lid",
                 "its leden are", "is not a date", "is not a year", "is outside the supported", "give --year",
                 "give either", "give a query", "give a draft", "cannot read", "No such file or directory",
                 "usage:", "the following arguments are required", "invalid choice", "choose from", "knows no event",
                 "is not a party", "malformed SPARQL", "line 1, column", "runs queries only", "is refused",
                 "a prefix that is not declared", "unexpected", "the query is empty", "has no articles",
                 "longer than", "its norms are curated by hand"]


@pytest.mark.parametrize(("argv", "dutch"), [
    (["show", "dvo-1999"], "dvo-kb: fout: onbekend document 'dvo-1999'; de documenten zijn: bedrijfsplan-pwm"),
    (["show", "dvo-pwm-2018", "24"], "dvo-pwm-2018 heeft geen artikel '24'; de artikelen zijn: 1, 2, 3, 4, 5.1"),
    (["show", "dvo-hbel-2026", "13", "9"], "dvo-hbel-2026 art. 13 heeft geen lid '9'; de leden zijn: 1, 2, 3, 4"),
    (["diff", "nope", "dvo-pwm-2018"], "onbekend document 'nope'; de documenten zijn: "),
    (["diff", "/nonexistent/concept.txt", "dvo-pwm-2018"], "het bestand is niet te lezen: bestand of map bestaat niet"),
    (["validate", "/nonexistent/concept.txt"], "/nonexistent/concept.txt: het bestand is niet te lezen"),
    (["validate"], "geef een conceptbestand (.txt, .docx, .ttl, .jsonld), of --corpus ID"),
    (["deadlines", "--agreement", "dvo-pwm-2018"], "geef --year J, of --from D en --to D"),
    (["deadlines", "--agreement", "dvo-pwm-2018", "--year", "2027", "--from", "2027-01-01"], "niet allebei"),
    (["deadlines", "--agreement", "dvo-pwm-2018", "--from", "2020-01-01", "--to", "2035-01-01"],
     "de periode is langer dan 10 jaar"),
    (["deadlines", "--agreement", "dvo-pwm-2018", "--year", "2027", "--party", "huizen"],
     "'huizen' is geen partij van dvo-pwm-2018; de partijen zijn: beek"),
    (["deadlines", "--agreement", "dvo-pwm-2018", "--year", "1800"],
     "fout: argument --year: '1800' is geen jaar van 1900 tot en met 2200"),
    (["deadlines", "--agreement", "dvo-pwm-2018", "--from", "1850-01-01", "--to", "1851-01-01"],
     "valt buiten de ondersteunde periode (1900-01-01 tot en met 2200-12-31)"),
    (["duties", "--agreement", "dvo-pwm-2018", "--event", "overmacht", "--on", "2027-02-30"],
     "'2027-02-30' is geen datum (JJJJ-MM-DD, een dag die bestaat)"),
    (["duties", "--agreement", "dvo-pwm-2018", "--event", "aardbeving", "--on", "2027-01-01"],
     "dvo-pwm-2018 kent geen gebeurtenis 'aardbeving'; de gebeurtenissen zijn: "),
    (["deadlines"], "gebruik: dvo-kb deadlines"),
    (["deadlines"], "fout: deze argumenten zijn verplicht: --agreement"),
    (["export", "--format", "xx"], "argument --format: ongeldige keuze: 'xx' (kies uit "),
    (["export", "--format", "akn"], "--format akn: geef --document ID (naar stdout of --output FILE) of --out DIR"),
    (["export", "--format", "akn", "--document", "bedrijfsplan-pwm"], "bedrijfsplan-pwm heeft geen artikelen"),
    (["review", "dvo-pwm-2018"], "dvo-pwm-2018: de normen zijn met de hand gecodeerd"),
    (["sparql"], "geef een query, of --file F"),
    (["sparql", " "], "de query is leeg"),
    (["sparql", "--file", "/nonexistent/q.rq"], "het querybestand /nonexistent/q.rq is niet te lezen: bestand of map"),
    (["sparql", "SELECT * WHERE { ?s ?p }"], "onjuiste SPARQL op regel 1, kolom 24: onverwacht '}'"),
    (["sparql", "SELECT * WHERE { ?s foo:bar ?o }"], "het prefix 'foo:' is niet gedeclareerd (declareer het met PREFIX"),
    (["sparql", "DELETE WHERE { ?s ?p ?o }"], "dvo-kb sparql voert alleen queries uit: DELETE (een SPARQL-update)"),
    (["ask", " "], "geef een vraag, bijvoorbeeld: dvo-kb ask"),
    (["ask", "xq zz qwv"], "de vraag is niet te begrijpen: "),  # no word of either language: Dutch
])
def test_bad_input_is_said_in_dutch(capsys: pytest.CaptureFixture[str], store: str, argv: list[str],
                                    dutch: str) -> None:
    code, out, err = run(capsys, *argv, "--store", store)
    assert code == 2 and dutch in err and "Traceback" not in err
    assert english(err, ERROR_ENGLISH) == [], err


# -- the calendar commands -------------------------------------------------------------------------
def test_events_by_their_dutch_names(capsys: pytest.CaptureFixture[str], store: str) -> None:
    code, out, _ = run(capsys, "events", "--agreement", "dvo-hbel-2026", "--store", store)
    assert code == 0 and "event-overmacht                  overmacht" in out
    assert "wijziging van de overeenkomst" in out
    assert english(out, ["force majeure", "decision", "notice of default", "dispute", "amendment"]) == []


def test_duties_in_dutch_and_in_english(capsys: pytest.CaptureFixture[str], store: str) -> None:
    argv = ["duties", "--agreement", "dvo-hbel-2026", "--event", "overmacht", "--on", "2026-03-02", "--store", store]
    code, out, _ = run(capsys, *argv)
    assert code == 0 and "2026-03-04      dvo-hbel-2026 art. 13 lid 1  verplichting" in out
    assert "berekening: 2 werkdagen na de gebeurtenis: binnen twee werkdagen" in out and "(geen datum)" in out
    assert english(out, ["obligation", "rule:", "after the event", "(no date)"]) == []
    code, out, _ = run(capsys, *argv, "--lang", "en")
    assert code == 0 and "rule: 2 working days after the event" in out and "obligation" in out  # --lang en
    assert "werkdag after" not in out


# -- export, validate, ask -------------------------------------------------------------------------
def test_export_says_what_it_wrote_in_dutch(capsys: pytest.CaptureFixture[str], store: str, tmp_path: Path) -> None:
    code, _, err = run(capsys, "export", "--format", "akn", "--out", str(tmp_path), "--store", store)
    assert code == 0 and err.startswith(f"6 documenten geschreven naar {tmp_path}: cr-pwm-2018, dvo-hbel-2026")
    assert (tmp_path / "dvo-pwm-2018.akn.xml").is_file() and english(err, ["wrote 6", "documents to"]) == []


def test_validate_rules_in_dutch(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "validate", "--rules")
    first = out.splitlines()[0]
    assert code == 0 and first.startswith("AVG-28-VERWERKERSOVEREENKOMST    overtreding")
    assert "juridisch document" in out or "overeenkomst" in out
    assert english(out, ["violation ", "warning ", "LegalDocument"]) == []
    code, out, _ = run(capsys, "validate", "--rules", "--lang", "en")
    assert "violation" in out.splitlines()[0]


def test_ask_says_how_it_read_the_question_in_dutch(capsys: pytest.CaptureFixture[str], store: str) -> None:
    code, out, _ = run(capsys, "ask", "wie moet wie informeren bij overmacht?", "--store", store)
    first = out.splitlines()[0]
    assert code == 0 and first == ("wie moet wie informeren bij overmacht?  [wie jegens wie, nl, begrepen als vraag "
                                   "en gerangschikt op de tekst]")
    assert "verplichting: " in out and english(first, ["who_whom", "both", "grammar"]) == []


# -- add and review --------------------------------------------------------------------------------
def test_add_and_review_in_dutch_and_english(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DVO_KB_DATA", str(tmp_path / "data"))
    monkeypatch.setenv("DVO_KB_CACHE", "off")
    draft = tmp_path / "schoonmaak.txt"
    draft.write_text(yaml.safe_load((DATA / "validate" / "cases.yaml").read_text(encoding="utf-8"))["bases"]["dvo"],
                     encoding="utf-8")
    code, out, _ = run(capsys, "add", str(draft), "--id", "schoon-2027")
    assert code == 0 and out.startswith("schoon-2027: opgenomen in ")
    assert "Dienstverleningsovereenkomst Schoonmaak Gemeentehuizen 2027 (Dienstverleningsovereenkomst); 8 artikelen" in out
    assert "normen afgeleid, niet gecontroleerd" in out and "nalezen: dvo-kb review schoon-2027" in out
    code, out, _ = run(capsys, "review", "schoon-2027", "--limit", "0")
    assert code == 0 and "leden niet gecontroleerd, de minst zekere eerst" in out and "(zekerheid " in out
    assert "  - verplichting: Opdrachtnemer -> opdrachtgever; termijn: binnen twee weken" in out
    assert "aanvaard een lid met: dvo-kb review schoon-2027 --accept ARTIKEL/LID" in out
    assert english(out, ["Obligation", "Power", "lids not reviewed", "confidence", "deadline:", "(not named)"]) == []
    code, out, _ = run(capsys, "review", "schoon-2027", "--limit", "1", "--lang", "en")
    assert "lids not reviewed" in out and "... and " in out and "(--limit 0: all)" in out and "zekerheid" not in out
    code, out, _ = run(capsys, "review", "schoon-2027", "--accept", "2/2")
    assert code == 0 and out.strip() == "schoon-2027: 1 leden aanvaard: art/2/lid/2"
    code, out, _ = run(capsys, "review", "schoon-2027", "--accept", "2/2")
    assert out.strip() == "schoon-2027: 0 leden aanvaard (waren al aanvaard)"
