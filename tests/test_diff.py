"""The norm-level comparison (dvo_kb.diff): DVO-2018 against DVO-2020 Beek as checked by hand
(tests/data/diff/), a draft made from a corpus graph with known edits, and bad input."""

from __future__ import annotations

import html
import json
import re
from typing import Any

import pytest
from conftest import load_yaml
from rdflib import Graph, Literal, URIRef

from dvo_kb.diff import Change, Diff, UnknownDocumentError, compare, graph_of, render_html, render_text
from dvo_kb.errors import UserError

DVO = "https://w3id.org/dvo-kb/def#"
EXPECTED = "diff/dvo-pwm-2018--dvo-pwm-2020-beek.yaml"


@pytest.fixture(scope="module")
def dvo_diff(kb: Any) -> Diff:
    return compare(kb, "dvo-pwm-2018", "dvo-pwm-2020-beek")


def _tail(iri: str | None) -> str | None:
    return iri.rsplit("/", 2)[-2] + "/" + iri.rsplit("/", 1)[-1] if iri else None


def _matches(c: Change, e: dict[str, Any]) -> bool:
    if f"{c.kind} {c.field}" != e["change"]:
        return False
    for key, val in (("a", c.a_article), ("b", c.b_article), ("a_article", c.a_article), ("b_article", c.b_article),
                     ("a_norm", _tail(c.a_norm)), ("b_norm", _tail(c.b_norm))):
        if key in e and e[key] != val:
            return False
    return all(k not in e or e[k] in str(v) for k, v in (("before", c.before), ("after", c.after)))


# -- DVO-2018 / DVO-2020 Beek, checked by hand ----------------------------------------------------
def test_alignment_as_checked(dvo_diff: Diff) -> None:
    exp = load_yaml(EXPECTED)
    pairs = {(tuple(a.number for a in p.a_articles), tuple(b.number for b in p.b_articles)): p.how
             for p in dvo_diff.pairs}
    for e in exp["alignment"]:
        assert pairs.get((tuple(e["a"]), tuple(e["b"]))) == e["how"], e
    for p in dvo_diff.pairs:  # every other pair keeps its number
        if len(p.a_articles) == len(p.b_articles) == 1 and p.how != "renumbered":
            assert p.a_article == p.b_article
    assert [a.number for a in dvo_diff.only_a] == exp["only_a"]
    assert [b.number for b in dvo_diff.only_b] == exp["only_b"]


def test_document_changes_as_checked(dvo_diff: Diff) -> None:
    for e in load_yaml(EXPECTED)["document"]:
        assert any(_matches(c, e) for c in dvo_diff.document_changes), e


@pytest.mark.parametrize("level", ["substantive", "consequential"])
def test_every_substantive_change_found_and_nothing_else(dvo_diff: Diff, level: str) -> None:
    expected = load_yaml(EXPECTED)[level]
    found = [c for p in dvo_diff.pairs for c in p.changes if c.level == level]
    missing = [e for e in expected if not any(_matches(c, e) for c in found)]
    assert not missing, f"not found: {missing}"
    extra = [c.as_json() for c in found if not any(_matches(c, e) for e in expected)]
    assert not extra, f"not in {EXPECTED}: {extra}"
    assert len(found) == len(expected)


def test_the_examples_of_the_issue(dvo_diff: Diff) -> None:
    pair = {p.a_article: p for p in dvo_diff.pairs}
    dl = next(c for c in pair["12.3"].changes if c.field == "deadline")
    assert dl.level == "substantive" and dl.a_article == dl.b_article == "12.3"
    assert "één maand na" in dl.before and "de tweede maand na" in dl.after
    assert dl.a_text is not None and "uiterlijk één maand" in dl.a_text
    assert dl.b_text is not None and "uiterlijk de tweede maand" in dl.b_text
    cond = next(c for c in pair["16.1"].changes if c.field == "condition")
    assert "meer dan tien (10) werkdagen" in cond.before and "tien" not in cond.after
    assert cond.a_norm is not None and cond.a_norm.endswith("dvo-pwm-2018/art/16.1/lid/0/norm/3")
    # the word-level change it accounts for is marked so, and comes after the substantive ones
    words = [c for c in pair["16.1"].changes if c.field == "text"]
    assert any(c.covered_by == "condition" and "tien (10) werkdagen" in (c.before or "") for c in words)
    levels = [c.level for c in pair["16.1"].changes]
    assert levels == sorted(levels, key=["substantive", "consequential", "wording", "text"].index)


def test_every_change_points_to_both_sides(dvo_diff: Diff) -> None:
    a_base, b_base = dvo_diff.a.iri + "/art/", dvo_diff.b.iri + "/art/"
    for p in dvo_diff.pairs:
        for c in p.changes:
            # a side with no counterpart still names the aligned lid of the other article
            assert c.a_iri is not None and c.a_iri.startswith(a_base), c
            assert c.b_iri is not None and c.b_iri.startswith(b_base), c
            if c.kind != "moved":  # a moved definition points to where it was
                assert c.a_article in [a.number for a in p.a_articles]
                assert c.b_article in [b.number for b in p.b_articles]
            assert c.a_text and c.b_text
            if c.a_norm:
                assert c.a_norm.startswith(c.a_iri)
            if c.b_norm:
                assert c.b_norm.startswith(c.b_iri)


def test_json_shape(dvo_diff: Diff) -> None:
    j = json.loads(json.dumps(dvo_diff.as_json()))
    assert j["a"] == "dvo-pwm-2018" and j["b"] == "dvo-pwm-2020-beek"
    assert {"pairs", "only_a", "only_b", "document_changes"} <= set(j)
    for p in j["pairs"]:
        assert {"a_article", "b_article", "changes", "match"} <= set(p)
        for c in p["changes"]:
            assert {"kind", "field", "before", "after", "a_text", "b_text", "a_paragraph", "b_paragraph"} <= set(c)
    assert [o["article"] for o in j["only_b"]] == ["1", "14.3", "17.4", "22.1", "22.2"]
    assert any(n["iri"].endswith("/art/22.2/lid/0/norm/1") for o in j["only_b"] for n in o["norms"])


def test_text_report(dvo_diff: Diff) -> None:
    en = render_text(dvo_diff)
    assert "art. 12.3 -> art. 12.3" in en and "uiterlijk de tweede maand na" in en
    assert en.index("Substantive") < en.index("Wording") < en.rindex("Text")
    assert "art. 22 -> art. 23 (renumbered" in en and "Only in B" in en
    nl = render_text(dvo_diff, lang="nl")
    assert "Inhoudelijk" in nl and "termijn" in nl and "Alleen in A" in nl
    with pytest.raises(UserError):
        render_text(dvo_diff, lang="fr")


def test_html_fragment(dvo_diff: Diff) -> None:
    out = render_html(dvo_diff)
    assert out.startswith('<section class="dvo-diff"') and out.rstrip().endswith("</section>")
    assert "<script" not in out and "onclick" not in out
    assert "uiterlijk <del>één</del> maand" in out and "uiterlijk <ins>de tweede</ins> maand" in out
    # every text is escaped: only our own tags remain
    assert set(re.findall(r"</?([a-z0-9]+)", out)) <= {"section", "h2", "h3", "h4", "p", "br", "ul", "li", "strong",
                                                        "del", "ins", "em", "small", "table", "thead", "tbody",
                                                        "tr", "th", "td", "article"}
    assert html.escape("planning & control") in out and "planning & control" not in out


def test_html_escapes_the_text(kb: Any) -> None:
    g = graph_of(kb, "dvo-pwm-2018")
    lid = URIRef(kb.base + "dvo-pwm-2018/art/11/lid/0")
    old = str(g.value(lid, URIRef(DVO + "text")))
    g.set((lid, URIRef(DVO + "text"), Literal(old + " <script>alert(1)</script> & co", lang="nl")))
    out = render_html(compare(kb, "dvo-pwm-2018", g))
    assert "<script>" not in out and "&lt;script&gt;" in out and "&amp; co" in out


# -- a draft with known edits -------------------------------------------------------------------
def _edited(kb: Any) -> Graph:
    """DVO-2018 with four edits: the deadline of 12.3 norm 1 (one -> three months), the bearer of
    10 norm 1 (Sittard-Geleen -> Beek), norm 3 of art. 22 removed, art. 23 renumbered 24."""
    g = graph_of(kb, "dvo-pwm-2018")
    base = kb.base + "dvo-pwm-2018/"
    d = lambda x: URIRef(DVO + x)  # noqa: E731
    dl = g.value(URIRef(base + "art/12.3/lid/0/norm/1"), d("deadline"))
    g.set((dl, d("count"), Literal(3)))
    g.set((dl, d("deadlineText"), Literal("uiterlijk drie maanden na het verstrijken van het betreffende kwartaal",
                                          lang="nl")))
    n10 = URIRef(base + "art/10/lid/0/norm/1")
    g.set((n10, d("bearer"), URIRef(kb.base + "party/beek")))
    g.set((n10, d("bearerRole"), URIRef(base + "role/opdrachtgever/beek")))
    g.set((n10, d("bearerText"), Literal("opdrachtgever Beek", lang="nl")))
    gone = URIRef(base + "art/22/lid/0/norm/3")
    for t in list(g.triples((gone, None, None))) + list(g.triples((None, None, gone))):
        g.remove(t)
    old, new = base + "art/23", base + "art/24"

    def move(t: Any) -> Any:
        if isinstance(t, URIRef) and (str(t) == old or str(t).startswith(old + "/")):
            return URIRef(new + str(t)[len(old):])
        return t

    moved = Graph()
    for s, p, o in g:
        moved.add((move(s), p, move(o)))
    moved.set((URIRef(new), d("number"), Literal("24")))
    return moved


def test_each_known_edit_is_found(kb: Any) -> None:
    d = compare(kb, "dvo-pwm-2018", _edited(kb))
    assert d.b.origin == "graph" and not d.document_changes
    found = [(p.a_article, p.b_article, c) for p, c in d.substantive() if p is not None]
    keys = sorted((a, b, c.kind, c.field) for a, b, c in found)
    assert keys == [("10", "10", "changed", "bearer"), ("12.3", "12.3", "changed", "deadline"),
                    ("22", "22", "removed", "norm")]
    by = {c.field: c for _, _, c in found}
    assert "één maand" in by["deadline"].before and "drie maanden" in by["deadline"].after
    assert "[sittard-geleen]" in by["bearer"].before and "[beek]" in by["bearer"].after
    assert by["norm"].a_norm == kb.base + "dvo-pwm-2018/art/22/lid/0/norm/3" and "arbitrage" in by["norm"].before
    assert by["norm"].b_iri == kb.base + "dvo-pwm-2018/art/22/lid/0"  # where it was, in B
    renum = [p for p in d.pairs if p.a_article == "23"]
    assert [(p.b_article, p.how, p.changes) for p in renum] == [("24", "renumbered", [])]
    assert not d.only_a and not d.only_b
    # nothing else changed: the text is the same
    assert all(not p.changes for p in d.pairs if p.a_article not in ("10", "12.3", "22"))


def test_a_changed_cost_share_is_found(kb: Any) -> None:
    g = graph_of(kb, "cr-pwm-2018")
    key = URIRef(kb.base + "cr-pwm-2018/art/7/lid/3/key")
    share = next(s for s in g.objects(key, URIRef(DVO + "hasShare"))
                 if g.value(s, URIRef(DVO + "shareParty")) == URIRef(kb.base + "party/beek"))
    g.set((share, URIRef(DVO + "sharePercentage"), Literal(9.5)))
    d = compare(kb, "cr-pwm-2018", g)
    [(p, c)] = d.substantive()
    assert p is not None and (p.a_article, c.kind, c.field) == ("7", "changed", "share")
    assert c.before == "beek: 8.0%" and c.after == "beek: 9.5%" and c.a_paragraph == c.b_paragraph == "3"


def test_graphs_compare_like_corpus_documents(kb: Any, dvo_diff: Diff) -> None:
    d = compare(kb, graph_of(kb, "dvo-pwm-2018"), graph_of(kb, "dvo-pwm-2020-beek"))
    assert d.as_json() == dvo_diff.as_json()
    same = compare(kb, "DVO-2018", graph_of(kb, "dvo-pwm-2018"))  # short titles work too
    assert not same.document_changes and not same.only_a and not same.only_b
    assert all(not p.changes and p.how == "same-number" for p in same.pairs)


# -- bad input ----------------------------------------------------------------------------------
def test_unknown_document(kb: Any) -> None:
    with pytest.raises(UnknownDocumentError) as err:
        compare(kb, "dvo-pwm-2019", "dvo-pwm-2020-beek")
    assert isinstance(err.value, UserError) and err.value.exit_code == 2
    msg = str(err.value)
    assert "dvo-pwm-2019" in msg and "dvo-pwm-2018" in msg and "dvo-pwm-2020-beek" in msg and "cr-pwm-2018" in msg
    with pytest.raises(UnknownDocumentError):
        compare(kb, "dvo-pwm-2018", "")


def test_a_graph_without_one_document(kb: Any) -> None:
    with pytest.raises(UserError, match="exactly one document"):
        compare(kb, "dvo-pwm-2018", Graph())


def test_cli_functions(kb: Any, capsys: pytest.CaptureFixture[str]) -> None:
    import argparse

    from dvo_kb.diff import cli

    p = argparse.ArgumentParser()
    cli.add_arguments(p)
    assert cli.run(p.parse_args(["DVO-2018", "DVO-2020 Beek", "--format", "json"]), kb) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["a"] == "dvo-pwm-2018" and out["pairs"]
    assert cli.run(p.parse_args(["dvo-pwm-2018", "dvo-pwm-2020-beek", "--lang", "nl"]), kb) == 0
    assert "Vergelijking van dvo-pwm-2018" in capsys.readouterr().out


@pytest.mark.parametrize("doc", ["cr-pwm-2018", "dvo-hbel-2026", "dvo-pwm-2020-beek-privacyprotocol", "sok-wm-2025",
                                 "bedrijfsplan-pwm"])
def test_a_document_against_itself_has_no_changes(kb: Any, doc: str) -> None:
    d = compare(kb, doc, doc)
    assert not d.document_changes and not d.only_a and not d.only_b
    assert all(not p.changes and p.how == "same-number" for p in d.pairs)


def test_unrelated_documents(kb: Any) -> None:
    d = compare(kb, "dvo-pwm-2018", "dvo-hbel-2026")  # a different agreement: mostly unaligned, no crash
    assert d.only_a and d.only_b
    assert render_text(d) and render_html(d)
