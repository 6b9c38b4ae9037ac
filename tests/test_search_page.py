"""The search page as a Dutch legal advisor reads it: answers grouped per document under its
short title, kinds of norm in Dutch, how the question was understood."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient


def test_answers_are_grouped_per_document_under_its_short_title(client: TestClient) -> None:
    r = client.get("/", params={"q": "wie moet wie informeren bij overmacht?"})
    groups = re.findall(r'<h2 class="document">(.*?)</h2>', r.text)
    assert r.status_code == 200 and "DVO-2018" in groups and len(groups) == len(set(groups)) >= 3


def test_kinds_of_norm_are_dutch_on_a_dutch_page(client: TestClient) -> None:
    page = client.get("/", params={"q": "wie moet zich verzekeren?"}).text
    visible = re.sub(r"<pre>.*?</pre>", "", page, flags=re.S)  # (the SPARQL shown is SPARQL)
    assert "verplichting" in visible and "Obligation" not in visible
    english = client.get("/", params={"q": "who must take out insurance?", "lang": "en"}).text
    assert "obligation" in re.sub(r"<pre>.*?</pre>", "", english, flags=re.S)


def test_a_typo_is_shown_with_the_word_it_was_read_as(client: TestClient) -> None:
    """A new user's trial: 'Gevonden in de tekst: overmagt' named a word that is in no text."""
    page = client.get("/", params={"q": "overmagt"}).text
    how = re.search(r'<p class="how">(.*?)</p>', page, re.S)
    assert how and "overmacht (overmagt)" in how[1]


def test_an_empty_question_asks_for_one(client: TestClient) -> None:
    """A new user's trial: the button pressed on an empty box gave the home page without a word."""
    for blank in ("", "   "):
        page = client.get("/", params={"q": blank}).text
        assert 'role="alert">Typ eerst een vraag' in page
    assert "Type a question first" in client.get("/", params={"q": "", "lang": "en"}).text
    assert 'role="alert"' not in client.get("/").text


def test_an_article_page_is_titled_with_its_heading(client: TestClient) -> None:
    """A new user's trial: the page of an article said 'HBEL-DVO art. 13', not what it is about."""
    page = client.get("/doc/dvo-hbel-2026/art/13").text
    assert re.search(r"<h1>HBEL-DVO art\. 13 <span[^>]*>Overmacht en wanprestatie</span></h1>", page)
    assert "<title>HBEL-DVO art. 13 Overmacht en wanprestatie</title>" in page


def test_a_topic_the_document_lacks_is_the_answer_on_the_page(client: TestClient) -> None:
    """The centrumregeling has no confidentiality clause: the page says so and lists where the
    other documents provide for it, without 'nothing found, ask it another way' (which would undo
    that the absence is the answer)."""
    page = client.get("/", params={"q": "Wat zegt de centrumregeling over geheimhouding?"}).text
    assert "centrumregeling gebruikt het woord geheimhouding niet en heeft geen norm van dat onderwerp" in page
    assert "Waar de andere documenten het regelen:" in page and "stel de vraag anders" not in page
    assert "gezocht naar het onderwerp: geheimhouding (in centrumregeling)" in page


def test_the_query_page_leads_to_the_vocabulary_and_the_party_page_says_what_it_counts(client: TestClient) -> None:
    """A researcher's trial: the /query page did not link to the ontology, and the party page's
    counts could not be reproduced in SPARQL without knowing what they count."""
    page = client.get("/query").text
    assert 'href="/ontology.html"' in page and 'href="/void.ttl"' in page
    party = client.get("/doc/party/sittard-geleen").text
    assert "dvo:bearer" in party and "dvo:bearerRole" in party  # for researchers, folded away
    # an advisor's trial: the sentence itself says it without the vocabulary's terms
    sentence = next(p for p in party.split('<p class="note">')[1:] if "in de rol die zij in dat document vervult" in p)
    assert "dvo:" not in sentence.split("</p>")[0]


def test_the_sparql_shown_is_the_query_without_the_developers_notes(client: TestClient) -> None:
    """A new user's trial: "Toon SPARQL" opened on the templates' English notes for developers;
    the page shows the query with its bound values, which still runs."""
    page = client.get("/", params={"q": "wie moet wie informeren bij overmacht?"}).text
    shown = re.findall(r"<pre>(.*?)</pre>", page, re.S)
    assert shown and all("SELECT" in s for s in shown)
    lines = [line.strip() for s in shown for line in s.splitlines()]
    assert all(not line.startswith("#") or "gebonden" in line or "bound" in line for line in lines), \
        [line for line in lines if line.startswith("#")][:3]


def test_the_search_page_lists_the_parties(client: TestClient) -> None:
    """A new user's trial reached Beek's page only through a document: the search page lists the
    parties to the corpus's documents, each linking its page."""
    page = client.get("/").text
    assert '<h2>Partijen</h2>' in page and '<a href="/id/party/beek">gemeente Beek</a>' in page
    assert client.get("/id/party/beek", headers={"Accept": "text/html"}).status_code == 200


def test_a_question_in_parts_says_how_each_part_was_read_once(client: TestClient) -> None:
    """A new user's trial: "Gezocht in de tekst: '...': gezocht in de tekst naar: ..." for a
    question of two parts; the page now says it was read in parts, each part how."""
    page = client.get("/", params={"q": "Wanneer treedt de HBEL-DVO in werking en hoe lang loopt die?"}).text
    how = re.search(r'<p class="how">(.*?)</p>', page, re.S)
    assert how and how[1].startswith("<strong>Gelezen in delen:</strong>") and how[1].count("|") == 1


def test_no_bullet_says_only_the_kind_of_a_provision(client: TestClient) -> None:
    """A new user's trial: bullets "verklaring" with nothing after them under a lid whose text
    says it all; a provision's line is shown when it says more than its kind, or has a condition,
    a due date or a note."""
    for q in ("Bij welke rechter komt een geschil over de HBEL-DVO?", "liability cap damages", "btw SOK",
              "How long does the HBEL agreement run?", "wie is verwerker in de SOK?"):
        page = client.get("/", params={"q": q}).text
        assert not re.findall(r'<li><span class="norm">(?:verklaring|begripsbepaling)</span></li>', page), q
