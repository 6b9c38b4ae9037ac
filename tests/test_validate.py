"""Draft validation (issue #5): the rule catalogue on small drafts written for the tests, the
readers' errors, the output contract, and the reports on the six real documents."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import documents_under_test

from dvo_kb.cli import main
from dvo_kb.validate.reader import DraftError, read_bytes
from dvo_kb.validate.validator import Result, catalogue, corpus_draft, validate_draft

DATA = Path(__file__).parent / "data" / "validate"
CASES: dict[str, Any] = yaml.safe_load((DATA / "cases.yaml").read_text(encoding="utf-8"))
ON = dt.date(2027, 6, 1)
REPORTS = Path(__file__).parent / "documents"  # <id>/validation.json: the report kept for each document


def _draft_text(case: dict[str, Any]) -> str:
    text: str = CASES["bases"][case["base"]]
    for old, new in case.get("replace", []):
        assert text.count(old) == 1, f"case {case['rule']}: {old!r} must occur once in base {case['base']}"
        text = text.replace(old, new)
    return text


def _validate(text: str, name: str = "concept.txt") -> Result:
    return validate_draft(read_bytes(text.encode("utf-8"), name), on=ON)


def test_cases_cover_every_rule_both_ways() -> None:
    assert CASES["cases"], "the case collection is empty"
    ids = {r.id for r in catalogue()}
    present = {c["rule"] for c in CASES["cases"] if c["expect"] == "present"}
    absent = {c["rule"] for c in CASES["cases"] if c["expect"] == "absent"}
    assert ids - present == set(), f"rules without a triggering draft: {sorted(ids - present)}"
    assert ids - absent == set(), f"rules without a draft that does not trigger them: {sorted(ids - absent)}"


@pytest.mark.parametrize("base", ["dvo", "regeling"])
def test_clean_bases_have_no_findings(base: str) -> None:
    r = _validate(CASES["bases"][base])
    assert r.conforms
    assert [(f.rule, f.article, f.message) for f in r.findings if f.severity != "info"] == []


@pytest.mark.parametrize("case", CASES["cases"], ids=lambda c: f"{c['rule']}-{c['expect']}-{c['base']}")
def test_case(case: dict[str, Any]) -> None:
    r = _validate(_draft_text(case))
    hits = [f for f in r.findings if f.rule == case["rule"]]
    if case["expect"] == "absent":
        assert hits == [], [f.message for f in hits]
        return
    assert hits, f"{case['rule']} not reported; findings: {[(f.rule, f.message) for f in r.findings]}"
    if "article" in case:
        assert any(f.article == case["article"] and f.paragraph == case.get("paragraph", f.paragraph)
                   for f in hits), [(f.article, f.paragraph) for f in hits]
    if "message" in case:  # what the message must name ("Altena": the share of a municipality that is no party)
        assert any(case["message"] in f.message for f in hits), [f.message for f in hits]
    for f in hits:
        assert f.message and f.message_en and f.source
        assert f.severity in ("violation", "warning", "info")


def test_kind_title_and_parties_recognised() -> None:
    r = _validate(CASES["bases"]["dvo"])
    assert r.kind == "Dienstverleningsovereenkomst"
    assert r.title == "Dienstverleningsovereenkomst Schoonmaak Gemeentehuizen 2027"
    assert {p["municipality"] for p in r.parties if p["municipality"]} == {"Aalburg", "Bergdorp"}
    assert [a["number"] for a in r.articles] == [str(i) for i in range(1, 9)]
    g = _validate(CASES["bases"]["regeling"])
    assert g.kind == "GemeenschappelijkeRegeling"


def test_json_contract() -> None:
    r = _validate(_draft_text({"rule": "x", "base": "dvo", "replace": [["Aalburg 60%", "Aalburg 70%"]]}))
    out = r.as_json()
    assert set(out) >= {"document", "conforms", "findings", "norms"}
    assert set(out["document"]) >= {"kind", "title", "parties", "articles"}
    assert out["conforms"] is False
    f = next(f for f in out["findings"] if f["rule"] == "COST-SHARE-SUM")
    assert {k: f[k] for k in ("severity", "article", "paragraph")} == {"severity": "violation", "article": "3",
                                                                       "paragraph": "2"}
    assert "110" in f["message"]
    assert all(set(n) >= {"article", "paragraph", "kind", "bearer", "deadline"} for n in out["norms"])
    pay = next(n for n in out["norms"] if n["article"] == "3" and n["paragraph"] == "1")
    assert pay["kind"] == "Obligation" and pay["bearer"] == "opdrachtgever"
    assert pay["deadline"]["kind"] == "FixedDay" and (pay["deadline"]["month"], pay["deadline"]["day"]) == (12, 1)
    json.dumps(out)


def test_docx_draft_with_word_numbering(tmp_path: Path) -> None:
    docx = pytest.importorskip("docx")
    d = docx.Document()
    for line in CASES["bases"]["dvo"].splitlines():
        d.add_paragraph(line)
    buf = io.BytesIO()
    d.save(buf)
    r = validate_draft(read_bytes(buf.getvalue(), "concept.docx"), on=ON)
    assert r.kind == "Dienstverleningsovereenkomst" and len(r.articles) == 8 and r.conforms


@pytest.mark.parametrize("data,name,reason", [
    (b"", "leeg.txt", "empty"),
    (b"   \n\n", "leeg.txt", "empty"),
    (b"abc", "concept.pdf", "PDF is not supported"),
    (b"abc", "concept.odt", "unsupported file type"),
    (b"\x00\x01\x02abc", "concept.txt", "binary"),
    (b"\xff\xfe\x00\xd8", "concept.txt", "UTF-16"),  # a byte order mark, then no UTF-16
    (b"caf\x81\n", "concept.txt", "neither UTF-8 nor Windows-1252"),
    (b"PK\x03\x04 broken", "concept.docx", "not a valid .docx"),
    (b"<a> <b> <c .", "concept.ttl", "concept.ttl:1: malformed turtle"),
    (b"The quick brown fox jumps over the lazy dog. " * 10, "concept.txt", "not look like a Dutch agreement"),
    (b"De partijen komen overeen dat de gemeente het werk doet en zij betalen. " * 5, "c.txt",
     "no article found"),
])
def test_unreadable_drafts(data: bytes, name: str, reason: str) -> None:
    with pytest.raises(DraftError, match=reason.replace(".", r"\.")):
        validate_draft(read_bytes(data, name), on=ON)


def test_a_role_in_brackets_after_a_partys_name() -> None:
    """A drafter's trial: 'hierna: "Beek" (opdrachtgever)' in the list of parties gave both
    parties only the role Partij."""
    text = ("Dienstverleningsovereenkomst Belastingen 2027\nPartijen:\n"
            '1. Het college van burgemeester en wethouders van de gemeente Beek, hierna: "Beek" (opdrachtgever);\n'
            '2. Het college van burgemeester en wethouders van de gemeente Stein, hierna: "Stein" (opdrachtnemer);\n'
            "komen overeen als volgt:\nArtikel 1 Onderwerp\nStein voert voor Beek de heffing van de belastingen uit.\n"
            "Artikel 2 Kosten\nBeek vergoedt Stein de kosten binnen dertig dagen na de factuur.\n")
    r = validate_draft(read_bytes(text.encode(), "concept.txt"), on=ON)
    roles = {p["municipality"]: set(p["roles"]) for p in r.as_json()["document"]["parties"] if p["municipality"]}
    assert "Opdrachtgever" in roles["Beek"] and "Opdrachtnemer" in roles["Stein"], roles


def test_a_windows_1252_text_is_read() -> None:
    """Windows' "ANSI" text (a drafter's trial: "Latin-1 refused"): read, its ë and € as written."""
    text = CASES["bases"]["dvo"].replace("Artikel 3 Kosten", "Artikel 3 Kosten (in €, financiële afspraken)")
    r = validate_draft(read_bytes(text.encode("cp1252"), "concept.txt"), on=ON)
    assert r.kind == "Dienstverleningsovereenkomst" and len(r.articles) == 8
    assert any("€, financiële" in (a.get("heading") or "") for a in r.articles), r.articles


def test_a_utf16_text_is_read() -> None:
    """Notepad's "Unicode" (UTF-16 with its byte order mark) is text (a new user's trial: "a binary file")."""
    text = CASES["bases"]["dvo"]
    for encoding in ("utf-16", "utf-16-be"):
        data = text.encode(encoding) if encoding == "utf-16" else b"\xfe\xff" + text.encode("utf-16-be")
        r = validate_draft(read_bytes(data, "concept.txt"), on=ON)
        assert r.kind == "Dienstverleningsovereenkomst" and len(r.articles) == 8


def test_zip_bomb_refused() -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("word/document.xml", b"<w/>" + b"0" * (150 * 1024 * 1024))
    with pytest.raises(DraftError, match="zip bomb|inflates"):
        read_bytes(buf.getvalue(), "bom.docx")


def test_rdf_draft_is_checked_as_is(tmp_path: Path) -> None:
    r = _validate(CASES["bases"]["dvo"].replace("Aalburg 60%", "Aalburg 70%"))
    again = validate_draft(read_bytes(r.data.serialize(format="turtle").encode(), "concept.ttl"), on=ON)
    assert {(f.rule, f.article, f.paragraph) for f in again.findings} == {
        (f.rule, f.article, f.paragraph) for f in r.findings}


def test_cli_exit_codes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = tmp_path / "goed.txt"
    good.write_text(CASES["bases"]["dvo"], encoding="utf-8")
    bad = tmp_path / "fout.txt"
    bad.write_text(CASES["bases"]["dvo"].replace("op 1 maart 2027", "op [DATUM]"), encoding="utf-8")
    assert main(["validate", str(good), "--on", "2027-06-01"]) == 0
    assert "Geen overtredingen" in capsys.readouterr().out
    assert main(["validate", str(bad), "--format", "json", "--on", "2027-06-01"]) == 1
    out = json.loads(capsys.readouterr().out)
    assert out["conforms"] is False and any(f["rule"] == "PLACEHOLDER" for f in out["findings"])
    assert main(["validate", str(tmp_path / "missing.txt")]) == 2
    with pytest.raises(SystemExit) as exc:  # the argparse type of --on, as for the deadline commands
        main(["validate", str(bad), "--on", "morgen"])
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert "het bestand is niet te lezen" in err and "is geen datum" in err


def test_cli_turtle_report_is_shacl(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from rdflib import SH, Graph

    bad = tmp_path / "fout.txt"
    bad.write_text(CASES["bases"]["dvo"].replace("op 1 maart 2027", "op [DATUM]"), encoding="utf-8")
    assert main(["validate", str(bad), "--format", "turtle", "--on", "2027-06-01"]) == 1
    g = Graph().parse(data=capsys.readouterr().out, format="turtle")
    assert (None, SH.conforms, None) in g
    assert len(list(g.subjects(SH.resultSeverity, SH.Violation))) >= 1
    # every message in Dutch and in English, each with its language tag (a drafter's trial: untagged)
    for res in g.subjects(SH.resultSeverity, None):
        assert {m.language for m in g.objects(res, SH.resultMessage)} == {"nl", "en"}, res


# -- the real documents: the reports kept in tests/documents/<id>/ -----------------------------
@pytest.mark.parametrize("doc_id", documents_under_test())
def test_corpus_reports_are_current(doc_id: str) -> None:
    kept = json.loads((REPORTS / doc_id / "validation.json").read_text(encoding="utf-8"))
    r = validate_draft(corpus_draft(doc_id), on=dt.date.fromisoformat(kept["on"]))
    now = sorted((f.rule, f.severity, f.article or "", f.paragraph or "", f.message) for f in r.findings)
    was = sorted((f["rule"], f["severity"], f["article"] or "", f["paragraph"] or "", f["message"])
                 for f in kept["findings"])
    assert now == was, "the validator's findings changed: re-read them and refresh the reports (tests/documents/VALIDATION.md)"


def test_known_corpus_findings() -> None:
    """Findings read and judged correct against the texts (tests/documents/VALIDATION.md)."""
    found = {}
    for doc_id in ("sok-wm-2025", "dvo-pwm-2020-beek", "cr-pwm-2018"):
        kept = json.loads((REPORTS / doc_id / "validation.json").read_text(encoding="utf-8"))
        found[doc_id] = {(f["rule"], f["article"]) for f in kept["findings"]}
    assert ("DATE-INCONSISTENT", "closing") in found["sok-wm-2025"]  # Beek signs 8-7-2025, decision 21-8-2025
    assert ("NUMBERING-GAP", "23") in found["dvo-pwm-2020-beek"]  # 23 -> 25
    assert ("REF-VERVALLEN-WET", "3") in found["cr-pwm-2018"]  # Wob, repealed 1 May 2022
    assert ("PLACEHOLDER", "preamble") in found["cr-pwm-2018"]  # "[DATUM]"


@pytest.mark.parametrize(("text", "found"), [
    ("binnen 30 na afloop van het kwartaal", ["binnen 30 na afloop"]), ("een opzegtermijn van zes.", ["opzegtermijn van zes"]),
    ("binnen 30 (dertig) dagen", []), ("binnen 6 (zes) weken", []), ("binnen een redelijke termijn", []),
    ("binnen een termijn van 30 dagen", []), ("binnen een periode van drie maanden", []), ("binnen 1,5 jaar", []),
    ("binnen 2-3 weken", []), ("uiterlijk 31-12-2025", []), ("uiterlijk 2025", []), ("taken binnen een gemeente", []),
    ("uiterlijk 1 maart", []), ("binnen 3 % van de begroting", []), ("binnen 14 werkdagen", []),
])
def test_a_term_without_a_unit_and_the_terms_that_have_one(text: str, found: list[str]) -> None:
    """TERM-NO-UNIT's pattern (validate/lexicon/document.yaml, unitless_term): a number with no unit
    of time; not a number in brackets, a decimal, a range, a date, a year, an amount or "een"."""
    from dvo_kb.validate.draft import unitless_terms

    assert unitless_terms(text) == found


PARTIES_UNDER_TITLE = """Dienstverleningsovereenkomst Samenwerking Leerlingenvervoer Gemeenten Beek en Stein 2027

Partijen:
1. Het college van burgemeester en wethouders van de gemeente Beek, hierna te noemen: opdrachtgever;
2. Het college van burgemeester en wethouders van de gemeente Stein, hierna te noemen: opdrachtnemer;

Artikel 1 Taken van opdrachtnemer
1. Opdrachtnemer voert het leerlingenvervoer uit namens opdrachtgever.
2. Opdrachtnemer meldt een inbreuk in verband met persoonsgegevens binnen 24 uur aan opdrachtgever.

Artikel 2 Rapportage
De opdrachtnemer zendt binnen 6 weken na afloop van elk kwartaal een rapportage aan de opdrachtgever.
"""


def test_parties_listed_under_partijen_right_after_the_title_are_found() -> None:
    """A new user's trial: a draft whose 'Partijen:' followed the title (read as one paragraph
    with it) had no parties, and every norm of 'Opdrachtnemer' was warned of as no party."""
    r = _validate(PARTIES_UNDER_TITLE)
    assert {p["municipality"] for p in r.parties if p["municipality"]} == {"Beek", "Stein"}
    assert not [f for f in r.findings if "geen partij" in f.message or "not a party" in f.message]


def test_a_draft_without_parties_is_told_so(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    draft = tmp_path / "concept.txt"
    draft.write_text("Overeenkomst leerlingenvervoer 2027\n\nArtikel 1 Taken\nDe opdrachtnemer voert het "
                     "leerlingenvervoer uit voor de gemeenten en zij betalen de kosten van het vervoer.\n\n"
                     "Artikel 2 Opzegging\nIeder der partijen kan deze overeenkomst opzeggen met een opzegtermijn "
                     "van zes maanden.\n", encoding="utf-8")
    assert main(["validate", str(draft)]) in (0, 1)
    out = capsys.readouterr().out
    assert "partijen: geen gemeenten gevonden (noem ze vóór artikel 1" in out


def test_the_kind_is_named_in_the_reader_s_language(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """The report said 'soort: Agreement' in Dutch (the class's local name): the ontology's label."""
    draft = tmp_path / "concept.txt"
    draft.write_text(PARTIES_UNDER_TITLE, encoding="utf-8")
    main(["validate", str(draft)])
    assert "  soort: dienstverleningsovereenkomst; artikelen: 2" in capsys.readouterr().out
    main(["validate", str(draft), "--lang", "en"])
    assert "  kind: service agreement; articles: 2" in capsys.readouterr().out


def test_the_report_words_are_data_in_both_languages() -> None:
    from dvo_kb.validate.report import labels

    words = labels()
    assert set(words) == {"nl", "en"} and set(words["nl"]) == set(words["en"]) and len(words["nl"]) >= 15
    assert words["nl"]["violation"] == "OVERTREDING" and "{n}" in words["en"]["fails"]


@pytest.mark.parametrize(("text", "title"), [
    ('Deze overeenkomst treedt in werking op 1 januari 2025 en kan worden aangehaald als "Samenwerkingsovereenkomst '
     'Jeugdhulp Drechtsteden 2025". Iedere Partij draagt zorg voor de openbaarmaking.',
     "Samenwerkingsovereenkomst Jeugdhulp Drechtsteden 2025"),  # a sentence goes on after the quoted title
    ("Deze regeling wordt aangehaald als: Centrumregeling Proef 2026.", "Centrumregeling Proef 2026"),
])
def test_the_citation_title_is_read_where_a_sentence_goes_on(text: str, title: str) -> None:
    """A new user's trial of dvo-kb add: the citation title was missed when the sentence went on."""
    from dvo_kb.clauses.layout import Layout
    from dvo_kb.clauses.parser import Line, StructureParser
    from dvo_kb.validate.draft import citation_title

    lines = ["OVEREENKOMST PROEF", "Partijen:", "1. De gemeente Aa;", "2. De gemeente Bee;",
             "komen het volgende overeen:", "Artikel 1 Slot", text]
    doc = StructureParser(Layout()).parse_lines("t", "t.txt", [Line(i + 1, x) for i, x in enumerate(lines)])
    found = citation_title(doc)
    assert found is not None and found[0] == title


def test_a_share_given_to_a_municipality_that_is_no_party_is_named() -> None:
    """"gemeente Cadzand 10%" in a key of Aalburg and Bergdorp: the finding names Cadzand as no party
    (a drafter's trial: only "add up to 90%" was said)."""
    text = CASES["bases"]["dvo"].replace("Aalburg 60%, Bergdorp 40%", "Aalburg 60%, Bergdorp 30%, gemeente Cadzand 10%")
    assert text != CASES["bases"]["dvo"]
    r = validate_draft(read_bytes(text.encode(), "concept.txt"), on=ON)
    messages = [f.message for f in r.findings if f.rule == "COST-SHARE-SUM"]
    assert any("Cadzand" in m and "geen partij" in m for m in messages), messages
    assert not any("tellen op tot" in m for m in messages), messages  # 60 + 30 + 10: the text's shares make 100%


def test_the_sum_of_a_key_with_a_share_of_no_party_is_that_of_the_text() -> None:
    """60% + 30% to the parties and 20% to a municipality that is no party: the text's shares add up
    to 110%, the parties' to 90% (a new user's trial: only "tellen op tot 90%" was said)."""
    text = CASES["bases"]["dvo"].replace("Aalburg 60%, Bergdorp 40%", "Aalburg 60%, Bergdorp 30%, gemeente Cadzand 20%")
    r = validate_draft(read_bytes(text.encode(), "concept.txt"), on=ON)
    messages = [f.message for f in r.findings if f.rule == "COST-SHARE-SUM"]
    assert "De aandelen van de verdeelsleutel tellen op tot 110%, niet tot 100% (die van de partijen samen 90%)." \
        in messages, messages
    assert any("Cadzand" in m and "geen partij" in m for m in messages), messages


def test_a_parent_key_for_a_period_of_its_own_is_a_warning() -> None:
    """The centrumregeling's key (82/8/10) is "voor de periode 2018 tot en met 2020": a draft that
    gives other shares is warned to check whether it still applies, not told it breaks it (a
    drafter's trial: three violations against a key of 2018-2020 in a draft of 2027)."""
    text = (CASES["bases"]["dvo"]
            .replace("komen het volgende overeen:", "gelet op de Centrumregeling Participatiebedrijf Westelijke "
                     "Mijnstreek 2018 van de gemeenten Sittard-Geleen, Beek en Stein,\n\nkomen het volgende overeen:")
            .replace("Aalburg 60%, Bergdorp 40%", "Sittard-Geleen 80%, Beek 8%, Stein 12%"))
    r = validate_draft(read_bytes(text.encode(), "concept.txt"), on=ON)
    found = [f for f in r.findings if f.rule == "PARENT-CONFLICT"]
    assert found and all(f.severity == "warning" and "2018 tot en met 2020" in f.message for f in found)
