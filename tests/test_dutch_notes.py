"""The curators' ambiguity notes in Dutch (issue 18): every dvo:ambiguityNote "..."@en in
clauses/documents/*/norms.ttl has a Dutch "..."@nl beside it, and every reader shows the note in
the reader's language (the other where a note has none): the answers of /api/ask and of the CLI
in the question's, the search page and the article and lid pages in the page's; the RDF of a
norm keeps both."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path
from typing import Any

import pytest
import yaml
from fastapi.testclient import TestClient

NOTE_NL = "de tekst zegt niet of, wanneer twee partijen niet getroffen zijn"  # DVO-2018 art. 16.1, in Dutch
NOTE_EN = "the text does not say whether, where two parties are not affected"  # and in English


HISTORY = re.compile(r"eerder (wel|was)|\bbefore\)|was (an obligation|a declaration) before|clauses/|acts\.yaml|issue \d+")


def test_every_english_ambiguity_note_has_a_dutch_one() -> None:
    """Each subject of clauses/documents/*/norms.ttl with a dvo:ambiguityNote @en has exactly as
    many @nl beside it, and no note of another language or none."""
    from rdflib import Graph, URIRef

    from dvo_kb.ontology.namespace import DVO_NS

    note = URIRef(DVO_NS + "ambiguityNote")
    files = sorted((Path(__file__).parents[1] / "clauses" / "documents").glob("*/norms.ttl"))
    assert files
    total = 0
    for f in files:
        g = Graph().parse(f, format="turtle")
        by: dict[Any, dict[str | None, int]] = {}
        for s, o in g.subject_objects(note):
            langs = by.setdefault(s, {})
            langs[getattr(o, "language", None)] = langs.get(getattr(o, "language", None), 0) + 1
        for s, langs in by.items():
            assert set(langs) == {"en", "nl"} and langs["en"] == langs["nl"], (f.parent.name, str(s), langs)
        # an advisor reads the Dutch note: no names of the ontology's terms in it (dvo:CostSharingKey)
        jargon = [str(o)[:80] for o in g.objects(None, note) if getattr(o, "language", None) == "nl" and "dvo:" in str(o)]
        assert not jargon, (f.parent.name, jargon)
        # nor the curators' history or files, in either language (a new user's trial, eighth session)
        history = [str(o)[:80] for o in g.objects(None, note) if HISTORY.search(str(o))]
        assert not history, (f.parent.name, history)
        total += sum(langs["en"] for langs in by.values())
    assert total >= 240
    for f in sorted(files[0].parents[1].glob("*/document.yaml")):  # a document's own note (in_force)
        in_force = (yaml.safe_load(f.read_text(encoding="utf-8")) or {}).get("in_force") or {}
        assert bool(in_force.get("ambiguity")) == bool(in_force.get("ambiguity_nl")), f.parent.name


def test_a_dutch_answer_shows_the_dutch_note_an_english_one_the_english(
        client: TestClient, capsys: pytest.CaptureFixture[str]) -> None:
    """/api/ask's notes in the question's language; the search page's in the page's; the CLI's in the question's."""
    from dvo_kb.cli import main

    nl = client.get("/api/ask", params={"q": "wie moet wie informeren bij overmacht?"}).json()
    lid = next(a for a in nl["answers"] if a["agreement"] == "dvo-pwm-2018" and a["article"] == "16.1")
    assert any(NOTE_NL in n for n in lid["notes"]) and not any(NOTE_EN in n for n in lid["notes"])
    en = client.get("/api/ask", params={"q": "who notifies whom on force majeure?"}).json()
    lid = next(a for a in en["answers"] if a["agreement"] == "dvo-pwm-2018" and a["article"] == "16.1")
    assert any(NOTE_EN in n for n in lid["notes"]) and not any(NOTE_NL in n for n in lid["notes"])
    page = client.get("/", params={"q": "wie moet wie informeren bij overmacht?"}).text
    assert NOTE_NL in unescape(page) and NOTE_EN not in unescape(page) and '<span lang="nl">' in page
    page = client.get("/", params={"q": "wie moet wie informeren bij overmacht?", "lang": "en"}).text
    assert NOTE_EN in unescape(page) and NOTE_NL not in unescape(page) and '<span lang="en">' in page
    assert main(["ask", "wie moet wie informeren bij overmacht?"]) == 0
    out = capsys.readouterr().out
    assert NOTE_NL in out and NOTE_EN not in out
    assert main(["ask", "who notifies whom on force majeure?"]) == 0
    out = capsys.readouterr().out
    assert NOTE_EN in out and NOTE_NL not in out


def test_a_lid_page_shows_the_note_in_the_pages_language(client: TestClient) -> None:
    """The article page in the page's language; the norm's RDF keeps both literals."""
    nl = client.get("/id/dvo-pwm-2018/art/16.1", headers={"Accept": "text/html"}).text
    assert NOTE_NL in unescape(nl) and NOTE_EN not in unescape(nl) and '<span lang="nl">' in nl
    en = client.get("/id/dvo-pwm-2018/art/16.1", params={"lang": "en"}, headers={"Accept": "text/html"}).text
    assert NOTE_EN in unescape(en) and NOTE_NL not in unescape(en) and '<span lang="en">' in en
    ttl = client.get("/id/dvo-pwm-2018/art/16.1/lid/0/norm/3", params={"format": "ttl"}).text
    assert "@en" in ttl and "@nl" in ttl and NOTE_EN[:30] in ttl and NOTE_NL[:30] in ttl
