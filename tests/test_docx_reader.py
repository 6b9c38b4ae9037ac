""".docx drafts as municipal templates make them (issue 20): paragraphs inside content controls
(w:sdt), numbering that comes from a paragraph style ("List Number"), and lists restarted or
redefined by w:lvlOverride / w:startOverride; an embedded document (w:altChunk) is refused with
a clear message. The fixtures are made with python-docx."""

from __future__ import annotations

import io
from typing import Any

import docx
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

from dvo_kb.validate.reader import DraftError, read_bytes


def _bytes(document: Any) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _wrap_in_sdt(elements: list[Any], alias: str) -> Any:
    """Moves the elements (paragraphs, tables, content controls) into a new block content control."""
    sdt = parse_xml(f'<w:sdt {nsdecls("w")}><w:sdtPr><w:alias w:val="{alias}"/></w:sdtPr><w:sdtContent/></w:sdt>')
    elements[0].addprevious(sdt)
    content = sdt.find(qn("w:sdtContent"))
    for el in elements:
        content.append(el)
    return sdt


def _lines(document: Any) -> list[str]:
    return [line.text for line in read_bytes(_bytes(document), "concept.docx").lines if line.text.strip()]


def _add_num(document: Any, abstract_id: str, override: str) -> str:
    """A new list (w:num) of an abstract definition, with the given w:lvlOverride XML."""
    numbering = document.part.numbering_part.element
    ids = [int(n.get(qn("w:numId"))) for n in numbering.findall(qn("w:num"))]
    num_id = str(max(ids) + 1)
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/>'
                               f'{override}</w:num>'))
    return num_id


def _list_number_abstract(document: Any) -> str:
    numbering = document.part.numbering_part.element
    for an in numbering.findall(qn("w:abstractNum")):
        if any(s.get(qn("w:val")) == "ListNumber" for s in an.iter(qn("w:pStyle"))):
            return str(an.get(qn("w:abstractNumId")))
    raise AssertionError("python-docx's template has no List Number list")


def _numbered(paragraph: Any, num_id: str, ilvl: int = 0) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    ppr.append(parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>'))


def test_paragraphs_inside_content_controls_are_read_in_place() -> None:
    d = docx.Document()
    d.add_paragraph("Artikel 1 Begrippen")
    inside = [d.add_paragraph("Artikel 2 Taken")._p, d.add_paragraph("1. De opdrachtnemer voert de taken uit.")._p]
    nested = d.add_paragraph("2. De opdrachtgever betaalt binnen dertig dagen.")._p
    outer = _wrap_in_sdt(inside, "Artikel")
    outer.find(qn("w:sdtContent")).append(_wrap_in_sdt([nested], "Lid"))
    table = d.add_table(rows=1, cols=1)
    cell_p = table.cell(0, 0).paragraphs[0]
    cell_p.text = "Artikel 3 Duur"
    _wrap_in_sdt([cell_p._p], "Cel")
    last = d.add_paragraph("Deze overeenkomst heet ")
    last._p.append(parse_xml(f'<w:sdt {nsdecls("w")}><w:sdtContent><w:r><w:t>DVO Test 2027</w:t></w:r>'
                             f'</w:sdtContent></w:sdt>'))
    assert _lines(d) == ["Artikel 1 Begrippen", "Artikel 2 Taken", "1. De opdrachtnemer voert de taken uit.",
                         "2. De opdrachtgever betaalt binnen dertig dagen.", "Artikel 3 Duur",
                         "Deze overeenkomst heet DVO Test 2027"]


def test_numbering_from_a_paragraph_style() -> None:
    d = docx.Document()
    d.add_paragraph("Artikel 4 Betaling")
    for text in ("De opdrachtgever betaalt per maand.", "Het bedrag staat in de begroting.", "Rente is niet verschuldigd."):
        d.add_paragraph(text, style="List Number")
    assert _lines(d) == ["Artikel 4 Betaling", "1. De opdrachtgever betaalt per maand.",
                         "2. Het bedrag staat in de begroting.", "3. Rente is niet verschuldigd."]


def test_start_override_restarts_and_lvl_override_redefines() -> None:
    d = docx.Document()
    abstract = _list_number_abstract(d)
    d.add_paragraph("Artikel 5 Opzegging")
    d.add_paragraph("Een partij kan opzeggen.", style="List Number")
    d.add_paragraph("De opzegging is schriftelijk.", style="List Number")
    d.add_paragraph("Artikel 6 Geschillen")
    restarted = _add_num(d, abstract, '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride>')
    for text in ("Partijen overleggen eerst.", "Daarna beslist de rechter."):
        _numbered(d.add_paragraph(text, style="List Number"), restarted)
    from_five = _add_num(d, abstract, '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="5"/></w:lvlOverride>')
    _numbered(d.add_paragraph("Het vijfde lid.", style="List Number"), from_five)
    roman = _add_num(d, abstract, '<w:lvlOverride w:ilvl="0"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
                                  '<w:numFmt w:val="upperRoman"/><w:lvlText w:val="%1."/></w:lvl></w:lvlOverride>')
    _numbered(d.add_paragraph("Eerste hoofdstuk", style="List Number"), roman)
    none = d.add_paragraph("Geen nummer", style="List Number")
    _numbered(none, "0")  # numId 0: the style's numbering switched off
    assert _lines(d) == ["Artikel 5 Opzegging", "1. Een partij kan opzeggen.", "2. De opzegging is schriftelijk.",
                         "Artikel 6 Geschillen", "1. Partijen overleggen eerst.", "2. Daarna beslist de rechter.",
                         "5. Het vijfde lid.", "I. Eerste hoofdstuk", "Geen nummer"]


def test_an_embedded_document_is_refused_clearly() -> None:
    d = docx.Document()
    d.add_paragraph("Artikel 1 Begrippen")
    d.element.body.insert(1, parse_xml(f'<w:altChunk {nsdecls("w", "r")} r:id="rId99"/>'))
    with pytest.raises(DraftError, match="embeds another document.*altChunk.*paste its text"):
        read_bytes(_bytes(d), "concept.docx")


def _template_draft() -> bytes:
    """A short DVO as a municipal template writes it: every article in a content control, the
    leden numbered by the List Number style, restarted per article."""
    d = docx.Document()
    abstract = _list_number_abstract(d)
    d.add_paragraph("Dienstverleningsovereenkomst Testgemeente 2027")
    d.add_paragraph("Partijen: de gemeente Beek en de gemeente Sittard-Geleen.")
    articles = [("Artikel 1 Taken", ["De gemeente Sittard-Geleen voert de taken uit voor de gemeente Beek.",
                                     "De gemeente Beek levert de gegevens aan."]),
                ("Artikel 2 Betaling", ["De gemeente Beek betaalt de kosten per kwartaal.",
                                        "De gemeente Sittard-Geleen zendt daartoe uiterlijk op 1 maart een factuur."])]
    for i, (heading, leden) in enumerate(articles):
        block = [d.add_paragraph(heading)._p]
        num = _add_num(d, abstract, '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride>')
        for text in leden:
            p = d.add_paragraph(text, style="List Number")
            if i:
                _numbered(p, num)
            block.append(p._p)
        _wrap_in_sdt(block, f"Artikel {i + 1}")
    return _bytes(d)


def test_a_template_draft_through_the_service(client: Any) -> None:
    r = client.post("/api/validate", files={"file": ("concept.docx", _template_draft(),
                                                     "application/vnd.openxmlformats-officedocument."
                                                     "wordprocessingml.document")})
    assert r.status_code == 200, r.text
    articles = r.json()["document"]["articles"]
    assert [a["number"] for a in articles] == ["1", "2"]
    lines = [line.text for line in read_bytes(_template_draft(), "concept.docx").lines]
    assert "1. De gemeente Beek betaalt de kosten per kwartaal." in lines
    assert "2. De gemeente Sittard-Geleen zendt daartoe uiterlijk op 1 maart een factuur." in lines
