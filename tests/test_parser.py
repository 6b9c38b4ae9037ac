"""The structural parser on the real corpus: every article, lid and item, and the text."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from conftest import document_data, documents_under_test, load_yaml

from dvo_kb.clauses.corpus import folders, normative_ids
from dvo_kb.clauses.layout import Layout, normalise
from dvo_kb.clauses.parser import ParseError, StructureParser, read_source

STRUCTURE = {"documents": document_data("structure.yaml")}
TEXT_CASES = load_yaml("text_cases.yaml")


def test_expected_data_is_not_empty() -> None:
    assert len(STRUCTURE["documents"]) >= 6
    assert len(TEXT_CASES) >= 10


def test_every_normative_document_has_its_test_folder() -> None:
    """A document added to clauses/documents/ without its folder under tests/documents/ (or a
    test folder left behind) fails here, not silently."""
    assert documents_under_test() == sorted(normative_ids())
    assert set(STRUCTURE["documents"]) == set(documents_under_test())


def test_146_articles_in_all(corpus: dict[str, Any]) -> None:
    n = sum(len(cd.doc.articles) for cd in corpus.values())
    assert n == sum(len(spec["articles"]) for spec in STRUCTURE["documents"].values()) == 146


@pytest.mark.parametrize("doc_id", sorted(STRUCTURE["documents"]))
def test_article_numbers_as_printed(corpus: dict[str, Any], doc_id: str) -> None:
    expected = STRUCTURE["documents"][doc_id]["articles"]
    assert [a.number for a in corpus[doc_id].doc.articles] == expected


def _lid_cases() -> list[tuple[str, str, list[Any]]]:
    return [(d, art, leden) for d, spec in STRUCTURE["documents"].items()
            for art, leden in (spec.get("leden") or {}).items()]


@pytest.mark.parametrize(("doc_id", "article", "leden"), _lid_cases())
def test_lid_labels(corpus: dict[str, Any], doc_id: str, article: str, leden: list[Any]) -> None:
    art = corpus[doc_id].doc.article(article)
    assert art is not None
    assert [p.label for p in art.paragraphs] == leden


def _item_cases() -> list[tuple[str, str, str | None, list[str]]]:
    out = []
    for d, spec in STRUCTURE["documents"].items():
        for key, items in (spec.get("items") or {}).items():
            art, lid = key.split("/")
            out.append((d, art, None if lid == "0" else lid, items))
    return out


@pytest.mark.parametrize(("doc_id", "article", "lid", "items"), _item_cases())
def test_item_labels(corpus: dict[str, Any], doc_id: str, article: str, lid: str | None, items: list[str]) -> None:
    art = corpus[doc_id].doc.article(article)
    par = next(p for p in art.paragraphs if p.label == lid)
    assert [i.label or i.marker for i in par.items] == items
    assert all(i.text for i in par.items)


def _heading_cases() -> list[tuple[str, str, str]]:
    return [(d, a, h) for d, spec in STRUCTURE["documents"].items() for a, h in (spec.get("headings") or {}).items()]


@pytest.mark.parametrize(("doc_id", "article", "heading"), _heading_cases())
def test_headings(corpus: dict[str, Any], doc_id: str, article: str, heading: str) -> None:
    assert corpus[doc_id].doc.article(article).heading == heading


def test_chapters_of_the_centrumregeling(corpus: dict[str, Any]) -> None:
    chapters = corpus["cr-pwm-2018"].doc.chapters
    assert [c.title for c in chapters] == STRUCTURE["documents"]["cr-pwm-2018"]["chapters"]
    assert [c.number for c in chapters] == ["1", "2", "3", "4", "5", "6"]


@pytest.mark.parametrize("case", TEXT_CASES, ids=[c["why"][:60] for c in TEXT_CASES])
def test_text_after_layout_cleanup(corpus: dict[str, Any], case: dict[str, Any]) -> None:
    art = corpus[case["document"]].doc.article(case["article"])
    par = next(p for p in art.paragraphs if p.label == case["lid"])
    for s in case.get("contains", []):
        assert s in par.text, f"{s!r} not in {par.text!r}"
    for s in case.get("not_contains", []):
        assert s not in par.text


def test_the_last_entry_of_a_list_ends_where_the_lid_goes_on(corpus: dict[str, Any]) -> None:
    """CR art. 7 lid 3: the cost-sharing key's entries, then a sentence of the lid (it once ran
    into Stein's entry)."""
    par = next(p for p in corpus["cr-pwm-2018"].doc.article("7").paragraphs if p.label == "3")
    assert [i.text for i in par.items] == ["Gemeente Sittard-Geleen 82%", "Gemeente Beek 8%", "Gemeente Stein 10%"]
    assert par.text.endswith("Na twee jaar worden deze percentages geëvalueerd door partijen (medio 2020 voor het eerst).")


def test_text_between_two_items_goes_on_with_the_item_before_it(corpus: dict[str, Any]) -> None:
    """SOK-2025 art. 3 lid 3.2: the paragraphs after items b and c ("Hierin worden de operationele
    zaken besproken ...", "De vertegenwoordigers van het ambtelijk overleg hebben geen inspraak ...")
    are those items' (a researcher's trial: the norm of the second cited item c, whose text lacked
    it); the lid's text keeps everything once."""
    par = next(p for p in corpus["sok-wm-2025"].doc.article("3").paragraphs if p.label == "3.2")
    items = {i.label: i.text for i in par.items}
    assert items["b"].endswith("Hierin worden de operationele zaken besproken. Naar aanleiding daarvan worden "
                               "indien nodig operationele handelingen bijgesteld.")
    assert "hebben geen inspraak op de inhoud van de evaluatie" in items["c"]
    assert par.text.count("hebben geen inspraak") == 1


def test_an_item_of_words_goes_on_on_a_line_with_a_capital(tmp_path: Path) -> None:
    """Only a list of figures ends before a sentence that begins with a capital: an item of
    words wrapped before a name keeps its next line (a reviewer's case)."""
    text = """DIENSTVERLENINGSOVEREENKOMST TEST
Artikel 1 Uitvoering
1. De taken worden uitgevoerd door:
a. de gemeente Sittard-Geleen
b. de gemeenten Beek en
Stein gezamenlijk voor de regio.
2. De kosten worden verdeeld:
• Gemeente Aa 40%
• Gemeente Bee 60%
Deze verdeling geldt tot 2030.
"""
    f = tmp_path / "draft.txt"
    f.write_text(text, encoding="utf-8")
    doc = StructureParser().parse_lines("draft", str(f), read_source(f))
    first, second = doc.articles[0].paragraphs
    assert [i.text for i in first.items] == ["de gemeente Sittard-Geleen", "de gemeenten Beek en Stein gezamenlijk voor de regio."]
    assert [i.text for i in second.items] == ["Gemeente Aa 40%", "Gemeente Bee 60%"]
    assert second.text.endswith("\nDeze verdeling geldt tot 2030.")


# -- completeness: the leden put together are the article's source text ------------------------
def _strip_marker(line: str, marker: str, layout: Layout) -> str:
    s = line.strip()
    if marker == "•":
        b = layout.bullet(s)
        assert b is not None, line
        return b[1]
    assert s.startswith(marker), (line, marker)
    return s[len(marker):]


def _article_source(lines: list[str], art: Any, skip: set[int], layout: Layout) -> str:
    """The article's source lines, with its number and the printed lid and item labels taken off."""
    markers: dict[int, str] = {}
    for p in art.paragraphs:
        if p.marker:
            markers[p.start] = p.marker
        for it in p.items:
            markers[it.label_line] = it.marker
    out = []
    for no in range(art.start, art.end + 1):
        if no in skip:
            continue
        text = lines[no - 1]
        if no == art.start:
            text = re.sub(r"^\s*Artikel\s+\d+[a-z]?(\.\d+)?\.?", "", text)  # keep the heading
        elif no in markers:
            text = _strip_marker(text, markers[no], layout)
        out.append(text)
    return normalise(" ".join(out))


def _parsed(art: Any) -> str:
    """The article as parsed: heading (if printed on its line), then each lid's text without labels."""
    parts = [art.heading or ""] if art.own_heading else []
    for p in art.paragraphs:
        item_lines = {f"{it.marker} {it.text}".rstrip(): it.text for it in p.items}
        parts.extend(item_lines.get(line, line) for line in p.text.split("\n"))
    return normalise(" ".join(parts))


@pytest.mark.parametrize("doc_id", sorted(STRUCTURE["documents"]))
def test_no_sentence_lost_or_duplicated(corpus: dict[str, Any], doc_id: str) -> None:
    """For every article, the normalised text of its leden put together equals the normalised
    source text of the article (its lines, without the printed labels, page headers and footers)."""
    layout = Layout()
    cd = corpus[doc_id]
    lines = cd.folder.source.read_text(encoding="utf-8").split("\n")
    doc = cd.doc
    skip = set(doc.noise_lines) | {f.line for f in doc.footnotes} | {c.line for c in doc.chapters}
    arts = doc.articles
    for k, art in enumerate(arts):
        nxt = arts[k + 1].start - 1 if k + 1 < len(arts) else art.end
        # between an article's last line and the next article there are only headings
        for no in range(art.end + 1, nxt + 1):
            assert no in skip or not lines[no - 1].strip(), f"{doc_id} art. {art.number}: line {no} is in no article"
        assert _parsed(art) == _article_source(lines, art, skip, layout), f"{doc_id} art. {art.number}"


def test_the_body_is_covered_without_gaps(corpus: dict[str, Any]) -> None:
    for doc_id in STRUCTURE["documents"]:
        arts = corpus[doc_id].doc.articles
        for a, b in zip(arts, arts[1:], strict=False):
            assert a.end < b.start


# -- errors ------------------------------------------------------------------------------------
def test_unreadable_source_names_the_file(tmp_path: Path) -> None:
    with pytest.raises(ParseError, match="cannot read the file"):
        read_source(tmp_path / "missing.txt")


def test_non_utf8_source_names_file_and_line(tmp_path: Path) -> None:
    f = tmp_path / "latin1.txt"
    f.write_bytes("Artikel 1\nDe gemeente\ncaf\xe9\n".encode("latin-1"))
    with pytest.raises(ParseError, match=r"latin1.txt:3: the file is not UTF-8"):
        read_source(f)


def test_text_without_articles_is_refused(tmp_path: Path) -> None:
    f = tmp_path / "letter.txt"
    f.write_text("Beste collega,\nHierbij de stukken.\n", encoding="utf-8")
    with pytest.raises(ParseError, match="no article found"):
        StructureParser().parse_lines("x", str(f), read_source(f))


def test_a_new_draft_parses(tmp_path: Path) -> None:
    """A text the parser has never seen, in yet another mix of styles."""
    text = """DIENSTVERLENINGSOVEREENKOMST TEST
Partijen
1. De gemeente Aa, hierna te noemen "opdrachtgever";
2. De gemeente Bee, hierna te noemen "opdrachtnemer";
Komen het volgende overeen:
Looptijd
Artikel 1
Deze overeenkomst treedt in werking op 1 januari 2027.
Artikel 2 Overmacht
1) De partij die door overmacht niet kan nakomen, informeert de andere partij
binnen twee werkdagen. Dit geldt ook voor de ge-
meenten die later toetreden.
2) Onder overmacht wordt verstaan:
a) brand;
b) storing.
Artikel 3. Geheimhouding
3.1 Partijen bewaren geheimhouding.
3.2 Deze verplichting blijft na het einde van de overeenkomst bestaan.
Aldus overeengekomen:
Gemeente Aa
"""
    f = tmp_path / "draft.txt"
    f.write_text(text, encoding="utf-8")
    doc = StructureParser().parse_lines("draft", str(f), read_source(f))
    assert [a.number for a in doc.articles] == ["1", "2", "3"]
    assert doc.articles[0].heading == "Looptijd"
    assert [p.label for p in doc.articles[1].paragraphs] == ["1", "2"]
    assert "Dit geldt ook voor de gemeenten die later toetreden." in doc.articles[1].paragraphs[0].text
    assert [i.label for i in doc.articles[1].paragraphs[1].items] == ["a", "b"]
    assert [p.label for p in doc.articles[2].paragraphs] == ["3.1", "3.2"]
    assert doc.closing is not None and doc.closing.startswith("Aldus overeengekomen")
    assert doc.preamble is not None and "hierna te noemen \"opdrachtnemer\"" in doc.preamble


def test_a_heading_on_its_own_line_or_after_a_dash(tmp_path: Path) -> None:
    """"Artikel 2" with its heading on the next line (the twelfth session's blind texts: it was read
    as an unnumbered lid), "Artikel 3 – Kop" (the dash is no part of the heading); a short first
    sentence of an article without a heading stays its text."""
    text = """SAMENWERKINGSOVEREENKOMST TEST
Partijen
1. De gemeente Aa, hierna te noemen "Aa";
2. De gemeente Bee, hierna te noemen "Bee";
Komen het volgende overeen:
Artikel 1
Begripsbepalingen
1.1 In deze overeenkomst wordt verstaan onder Partijen: Aa en Bee.
1.2 Dagen zijn kalenderdagen.
Artikel 2
Doel en reikwijdte
Doel van deze overeenkomst is het gezamenlijk inkopen van jeugdhulp.
Artikel 3 – Geheimhouding
1) Partijen bewaren geheimhouding.
Artikel 4
Deze overeenkomst treedt in werking op 1 januari 2027.
Aldus overeengekomen:
Gemeente Aa
"""
    f = tmp_path / "draft.txt"
    f.write_text(text, encoding="utf-8")
    doc = StructureParser().parse_lines("draft", str(f), read_source(f))
    assert [(a.number, a.heading) for a in doc.articles] == [
        ("1", "Begripsbepalingen"), ("2", "Doel en reikwijdte"), ("3", "Geheimhouding"), ("4", None)]
    assert [p.label for p in doc.articles[0].paragraphs] == ["1.1", "1.2"]
    assert [p.label for p in doc.articles[1].paragraphs] == [None]
    assert doc.articles[1].paragraphs[0].text.startswith("Doel van deze overeenkomst")
    assert doc.articles[3].paragraphs[0].text.startswith("Deze overeenkomst treedt in werking")


def test_source_files_in_the_repository_are_the_corpus() -> None:
    """The sources are copied into the repository unchanged."""
    shared = Path(__file__).resolve().parents[2] / "shared" / "corpus"
    if not shared.exists():
        pytest.skip("../shared/corpus is not beside this checkout")
    sources = {f.source for f in folders().values()}
    assert len(sources) == 5
    for f in sources:
        assert f.read_bytes() == (shared / f.name).read_bytes(), f.name


def test_article_headings_as_drafters_write_them(tmp_path: Path) -> None:
    """"Artikel 2: Taken", "ARTIKEL 1 BEGRIPPEN", "Art. 3 Overmacht" (a new user's trial: such an
    article was read as text of the one before, and its clause was reported missing); "artikel 15
    van de ..." in lower case at the start of a line stays running text."""
    text = """DIENSTVERLENINGSOVEREENKOMST TEST
De ondergetekenden:
1. De gemeente Aa, hierna te noemen: "opdrachtgever";
2. De gemeente Bee, hierna te noemen: "opdrachtnemer";
komen het volgende overeen:
ARTIKEL 1 BEGRIPPEN
In deze overeenkomst wordt verstaan onder dienst: de uitvoering van de taken.
Artikel 2: Taken
1. Opdrachtnemer voert de taken uit als bedoeld in
artikel 15 van de centrumregeling.
2. Opdrachtnemer rapporteert jaarlijks aan opdrachtgever.
Art. 3 Overmacht
Geen van partijen is gehouden tot nakoming indien sprake is van overmacht.
"""
    f = tmp_path / "draft.txt"
    f.write_text(text, encoding="utf-8")
    doc = StructureParser().parse_lines("draft", str(f), read_source(f))
    assert [(a.number, a.heading) for a in doc.articles] == [("1", "BEGRIPPEN"), ("2", "Taken"), ("3", "Overmacht")]
    assert [p.label for p in doc.articles[1].paragraphs] == ["1", "2"]
    assert "artikel 15 van de centrumregeling" in doc.articles[1].paragraphs[0].text
