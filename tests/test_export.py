"""Exchange with the standards of the field (issue 22): every document as Akoma Ntoso 3.0,
valid against the official OASIS schema (tests/data/schemas/), with eIds from the IRIs, FRBR
metadata and Juriconnect references; AKN read back as a draft gives the same text and structure."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from dvo_kb.cli import main
from dvo_kb.export.akn import akn
from dvo_kb.export.eid import eid, iri
from dvo_kb.export.source import exportable
from dvo_kb.validate.reader import DraftError, read_bytes

SCHEMAS = Path(__file__).parent / "data" / "schemas"
DOCS = ["cr-pwm-2018", "dvo-hbel-2026", "dvo-pwm-2018", "dvo-pwm-2020-beek", "dvo-pwm-2020-beek-privacyprotocol",
        "sok-wm-2025"]
NS = {"akn": "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"}


@cache
def akn_schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMAS / "akn" / "akomantoso30.xsd")))


@cache
@cache
def _kb() -> Any:
    """One knowledge base for the exports of this module (opening one costs about 1.5 s)."""
    from dvo_kb.store import KnowledgeBase

    return KnowledgeBase.open()


@cache
def _akn(doc: str) -> bytes:
    return akn(_kb(), doc)


def test_the_six_documents_are_exported(kb: Any) -> None:
    assert exportable(kb) == DOCS


@pytest.mark.parametrize("doc", DOCS)
def test_akn_is_valid_against_the_oasis_schema(doc: str) -> None:
    tree = etree.fromstring(_akn(doc))
    schema = akn_schema()
    assert schema.validate(tree), "\n".join(f"line {e.line}: {e.message}" for e in schema.error_log)


@pytest.mark.parametrize("doc", DOCS)
def test_every_article_lid_and_item_has_the_eid_of_its_iri(kb: Any, doc: str) -> None:
    from dvo_kb.clauses.views import document_view

    view = document_view(kb, doc)
    tree = etree.fromstring(_akn(doc))
    by_guid = {el.get("GUID"): el for el in tree.iter() if el.get("GUID")}
    nodes = [(a["iri"], "article") for a in view["articles"]]
    nodes += [(p["iri"], "paragraph") for a in view["articles"] for p in a["paragraphs"]]
    nodes += [(i["iri"], "point" if i["item"] else "indent") for a in view["articles"] for p in a["paragraphs"]
              for i in p["items"]]
    for node, tag in nodes:
        el = by_guid[node]
        assert etree.QName(el).localname == tag
        assert el.get("eId") == eid(view["iri"], node)
        assert iri(view["iri"], el.get("eId")) == node
    eids = [el.get("eId") for el in tree.iter() if el.get("eId")]
    assert len(eids) == len(set(eids))


def test_eids_follow_the_numbering_of_the_iris() -> None:
    d = "https://w3id.org/dvo-kb/id/dvo-hbel-2026"
    assert eid(d, f"{d}/art/13/lid/1/item/a") == "art_13__para_1__point_a"
    assert eid(d, f"{d}/art/16.1/lid/0") == "art_16.1__para_0"
    assert eid(d, f"{d}/art/3/lid/1/bullet/2") == "art_3__para_1__indent_2"
    assert eid(d, f"{d}/bijlage/1/task/3") == "att_1__item_3"
    assert iri(d, "att_1__item_3") == f"{d}/bijlage/1/task/3"
    with pytest.raises(ValueError):
        eid(d, "https://w3id.org/dvo-kb/id/sok-wm-2025/art/1")


def test_frbr_work_and_expression() -> None:
    tree = etree.fromstring(_akn("dvo-pwm-2018"))
    doc = tree.find("akn:doc", NS)
    assert doc is not None and doc.get("name") == "dienstverleningsovereenkomst"
    work = tree.find(".//akn:FRBRWork", NS)
    assert work.find("akn:FRBRuri", NS).get("value") == "/akn/nl/doc/dienstverleningsovereenkomst/2018-01-01/dvo-pwm-2018"
    assert work.find("akn:FRBRdate", NS).get("date") == "2018-01-01"
    aliases = {a.get("name"): a.get("value") for a in work.findall("akn:FRBRalias", NS)}
    assert aliases["dvo-kb"] == "https://w3id.org/dvo-kb/id/dvo-pwm-2018"
    expr = tree.find(".//akn:FRBRExpression", NS)
    assert expr.find("akn:FRBRlanguage", NS).get("language") == "nld"
    assert expr.find("akn:FRBRuri", NS).get("value").endswith("/dvo-pwm-2018/nld@2018-01-01")
    # the centrumregeling is an act; the privacy protocol is in force with its DVO (its art. 14:
    # "dezelfde looptijd"), a date of its own derived from that (clauses/build.py)
    assert etree.fromstring(_akn("cr-pwm-2018")).find("akn:act", NS) is not None
    protocol = etree.fromstring(_akn("dvo-pwm-2020-beek-privacyprotocol")).find(".//akn:FRBRWork/akn:FRBRdate", NS)
    assert (protocol.get("date"), protocol.get("name")) == ("2020-01-01", "entryIntoForce")


def _refs(doc: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for ref in etree.fromstring(_akn(doc)).iter(f"{{{NS['akn']}}}ref"):
        out.setdefault(ref.get("href"), []).append(ref.text or "")
    return out


def test_references_to_national_law_carry_juriconnect_identifiers(kb: Any) -> None:
    refs = _refs("cr-pwm-2018")
    assert refs["jci1.3:c:BWBR0005537&afdeling=3.6"] == ["Afdeling 3.6 van de Algemene wet bestuursrecht"] * 2
    assert "de Wet gemeenschappelijke regelingen" in refs["jci1.3:c:BWBR0003740"]
    assert _refs("dvo-hbel-2026")["jci1.3:c:BWBR0005289&artikel=75"]  # art. 75 boek 6 BW
    # every cited act with a BWB id is an activeRef with its Juriconnect identifier
    for doc in DOCS:
        cited = {r["jci"] for r in kb.select("""SELECT DISTINCT ?jci WHERE {
            ?d dvo:documentId ?id . ?d dvo:hasArticle/dvo:hasParagraph/dvo:hasItem?/dvo:hasProvision/dvo:refersTo ?t .
            ?t dvo:jci ?jci }""".replace("?d dvo:documentId ?id", f'?d dvo:documentId "{doc}"'))}
        active = {a.get("href") for a in etree.fromstring(_akn(doc)).iter(f"{{{NS['akn']}}}activeRef")}
        assert cited <= active, doc
    # a reference within the document goes to the eId
    assert "#art_2__para_2" in refs


def _structure(doc: Any) -> list[Any]:
    return [(a.number, a.heading if a.own_heading else None,
             [(p.label, p.marker, p.text, [(i.label, i.marker, i.text) for i in p.items]) for p in a.paragraphs])
            for a in doc.articles]


@pytest.mark.parametrize("doc", DOCS)
def test_akn_round_trip_gives_the_same_text_and_structure(kb: Any, doc: str) -> None:
    """An export read back as a draft (the third input format of validate) parses into the
    articles, leden and items of the graph, word for word, with its chapters, signature block
    and annexes."""
    from dvo_kb.clauses.views import document_view
    from dvo_kb.export.source import read
    from dvo_kb.validate.validator import parse_draft

    draft = read_bytes(_akn(doc), f"{doc}.akn.xml")
    assert draft.kind == "akn"
    parsed = parse_draft(draft)
    view = document_view(kb, doc)
    expected = [(a["article"], a["heading"] if a["heading_printed_on_article"] else None,
                 [(p["paragraph"], p["marker"], p["text"], [(i["item"], i["marker"], i["text"]) for i in p["items"]])
                  for p in a["paragraphs"]]) for a in view["articles"]]
    assert _structure(parsed) == expected
    src = read(kb, doc)
    assert [(c.kind, c.number, c.title) for c in parsed.chapters] == [(c.kind, c.number, c.title) for c in src.chapters]
    assert parsed.closing == src.closing
    assert [(a.number, a.text) for a in parsed.annexes] == [(a.number, a.text) for a in src.annexes]
    # the preamble word for word; its paragraphs as well, but in sok-wm-2025, where the front
    # matter's joiner (clauses/parser.py) joins the long title line to the next one
    assert (parsed.preamble or "").split() == (src.preamble or "").split()
    if doc != "sok-wm-2025":
        assert parsed.preamble == src.preamble


def test_akn_draft_is_validated_like_its_text() -> None:
    from dvo_kb.validate.validator import corpus_draft, validate_draft

    from_akn = validate_draft(read_bytes(_akn("dvo-hbel-2026"), "hbel.akn.xml"))
    from_text = validate_draft(corpus_draft("dvo-hbel-2026"))
    assert sorted(f.rule for f in from_akn.findings) == sorted(f.rule for f in from_text.findings)
    assert len(from_akn.norms) == len(from_text.norms)


@pytest.mark.parametrize(("data", "reason"), [
    (b"<html><body>Artikel 1</body></html>", "not Akoma Ntoso 3.0"),
    (b'<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x "y">]><a>&x;</a>', "DOCTYPE"),
    (b"<akomaNtoso xmlns='http://docs.oasis-open.org/legaldocml/ns/akn/3.0'><doc name='x'><meta/></doc></akomaNtoso>",
     "no body or mainBody"),
    (b"<akomaNtoso", "not well-formed"),
])
def test_akn_reader_refuses_what_it_cannot_read(data: bytes, reason: str) -> None:
    with pytest.raises(DraftError, match=reason):
        read_bytes(data, "draft.akn.xml")


# -- the command and the service ------------------------------------------------------------------
def test_cli_export_akn(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["export", "--format", "akn", "--document", "DVO-2018"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("<?xml") and "dvo-pwm-2018" in out
    assert main(["export", "--format", "akn", "--out", str(tmp_path)]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(f"{d}.akn.xml" for d in DOCS)
    assert akn_schema().validate(etree.parse(str(tmp_path / "sok-wm-2025.akn.xml")))
    capsys.readouterr()
    assert main(["export", "--format", "akn"]) == 2
    assert "--document" in capsys.readouterr().err
    assert main(["export", "--format", "akn", "--document", "bedrijfsplan-pwm"]) == 2
    assert "heeft geen artikelen" in capsys.readouterr().err


def test_service_serves_akn(client: Any) -> None:
    r = client.get("/id/dvo-hbel-2026.akn.xml")
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/akn+xml")
    assert akn_schema().validate(etree.fromstring(r.content))
    assert client.get("/id/nope.akn.xml").status_code == 404
    assert client.get("/id/dvo-hbel-2026", headers={"accept": "text/turtle"}).status_code == 200


# -- LegalRuleML ---------------------------------------------------------------------------------
LRML = {"lrml": "http://docs.oasis-open.org/legalruleml/ns/v1.0/", "ruleml": "http://ruleml.org/spec"}


def _lrml_schema_dir() -> Path | None:
    """The folder with the OASIS LegalRuleML schemas (tests/data/schemas/README.md says why
    they are not in the repository and where they are looked for)."""
    import os

    for d in (os.environ.get("DVO_KB_LRML_SCHEMAS"), SCHEMAS / "legalruleml",
              Path(__file__).resolve().parents[1].parent / "shared" / "schemas" / "legalruleml"):
        if d and (Path(d) / "compact" / "lrml-compact.xsd").is_file():
            return Path(d)
    return None


@cache
@cache
def _lrml(doc: str) -> bytes:
    from dvo_kb.export.lrml import lrml

    return lrml(_kb(), doc)


@pytest.mark.parametrize("doc", DOCS)
def test_lrml_is_valid_against_the_oasis_schema(doc: str) -> None:
    folder = _lrml_schema_dir()
    if folder is None:
        pytest.skip("the OASIS LegalRuleML compact schema is not on this machine (see tests/data/schemas/README.md)")
    schema = etree.XMLSchema(etree.parse(str(folder / "compact" / "lrml-compact.xsd")))
    tree = etree.fromstring(_lrml(doc))
    assert schema.validate(tree), "\n".join(f"line {e.line}: {e.message}" for e in schema.error_log)


@pytest.mark.parametrize("doc", DOCS)
def test_lrml_has_a_statement_per_norm_with_its_source(kb: Any, doc: str) -> None:
    from dvo_kb.export.source import read

    tree = etree.fromstring(_lrml(doc))
    norms = [p for a in read(kb, doc).view["articles"] for par in a["paragraphs"]
             for node in [par, *par["items"]] for p in node["provisions"]
             if p["kind"] in ("Obligation", "Permission", "Prohibition", "Power")]
    statements = tree.findall(".//lrml:PrescriptiveStatement", LRML)
    assert len(statements) == len(norms) > 0
    assert [s.find("lrml:Comment", LRML).text for s in statements] == [p["iri"] for p in norms]
    keys = {el.get("key") for el in tree.iter() if el.get("key")}
    refs = [el.get("keyref")[1:] for el in tree.iter() if el.get("keyref")]
    assert set(refs) <= keys  # every appliesSource and toTarget resolves
    targets = [a.find("lrml:toTarget", LRML).get("keyref")[1:] for a in tree.iter(f"{{{LRML['lrml']}}}Association")]
    assert sorted(targets) == sorted(s.get("key") for s in statements)
    # every legal source is an element of the AKN export
    akn_eids = {el.get("eId") for el in etree.fromstring(_akn(doc)).iter() if el.get("eId")}
    for src in tree.iter(f"{{{LRML['lrml']}}}LegalSource"):
        assert src.get("sameAs").split("#", 1)[1] in akn_eids


def test_lrml_norm_with_bearer_counterparty_trigger_and_condition() -> None:
    tree = etree.fromstring(_lrml("dvo-hbel-2026"))
    st = next(s for s in tree.iter(f"{{{LRML['lrml']}}}PrescriptiveStatement")
              if s.find("lrml:Comment", LRML).text.endswith("/art/13/lid/1/item/a/norm/1"))
    obligation = st.find(".//lrml:Obligation", LRML)
    assert obligation.get("type") == "https://w3id.org/dvo-kb/def#Obligation"
    slots = {(etree.QName(s[0]).localname, s[1].get("iri").rsplit("/", 1)[-1]) for s in obligation.findall("ruleml:slot", LRML)}
    assert slots == {("Bearer", "huizen"), ("AuxiliaryParty", "blaricum"), ("AuxiliaryParty", "eemnes"),
                     ("AuxiliaryParty", "laren")}
    assert obligation.find("ruleml:Atom/ruleml:Rel", LRML).get("iri") == "https://w3id.org/dvo-kb/def#action-informeren"
    premises = [r.get("iri").rsplit("#", 1)[-1] for r in st.findall(".//ruleml:if//ruleml:Rel", LRML)]
    assert premises == ["event-overmacht", "event-tekortkoming", "condition"]
    assert "termijn: direct" in st.find(".//lrml:Paraphrase", LRML).text  # the deadline survives in words only


def test_cli_and_service_export_lrml(capsys: pytest.CaptureFixture[str], client: Any) -> None:
    assert main(["export", "--format", "legalruleml", "--document", "SOK-2025"]) == 0
    assert "<lrml:LegalRuleML" in capsys.readouterr().out
    r = client.get("/id/sok-wm-2025.lrml.xml")
    assert r.status_code == 200 and b"PrescriptiveStatement" in r.content
