"""Read views of the knowledge base (documents, articles, leden) for the CLI and the API.

The SPARQL lives in ``queries/*.rq`` beside this module; values from the user (a document
name, an IRI) reach a query only as bound variables (pyoxigraph ``substitutions``).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from ..errors import UserError

if TYPE_CHECKING:
    from ..store import KnowledgeBase

QUERIES = Path(__file__).with_name("queries")
DVO_NS = "https://w3id.org/dvo-kb/def#"


@cache
def query_text(name: str) -> str:
    return (QUERIES / f"{name}.rq").read_text(encoding="utf-8")


def _local(iri: str | None) -> str | None:
    return iri[len(DVO_NS):] if iri and iri.startswith(DVO_NS) else iri


def list_documents(kb: KnowledgeBase) -> list[dict[str, Any]]:
    docs: dict[str, dict[str, Any]] = {}
    for r in kb.select(query_text("documents")):
        d = docs.setdefault(r["id"], {"id": r["id"], "iri": r["doc"], "title": r["title"],
                                      "kind": _local(r["kind"]), "short_titles": [],
                                      "in_force_from": r["inForce"]})
        if r["short"] and r["short"] not in d["short_titles"]:
            d["short_titles"].append(r["short"])
    return list(docs.values())


def resolve_document(kb: KnowledgeBase, name: str) -> tuple[str, str]:
    """(IRI, id) of the document a user names by id or short title ("DVO-2018")."""
    rows = kb.select(query_text("resolve"), {"name": ox.Literal(name.strip())})
    if len(rows) == 1:
        return rows[0]["doc"], rows[0]["id"]
    known = ", ".join(d["id"] for d in list_documents(kb))
    if not rows:
        raise UserError(f"unknown document {name!r}; the documents are: {known}")
    raise UserError(f"{name!r} names several documents ({', '.join(r['id'] for r in rows)}); use an id")


def document_view(kb: KnowledgeBase, name: str) -> dict[str, Any]:
    """A document's metadata, parties and roles, and its articles with their leden and items."""
    iri, doc_id = resolve_document(kb, name)
    doc = ox.NamedNode(iri)
    meta_rows = kb.select(query_text("document"), {"doc": doc})
    m = meta_rows[0]
    view: dict[str, Any] = {
        "id": doc_id, "iri": iri, "title": m["title"], "kind": _local(m["kind"]),
        "citation_title": m["citation"],
        "in_force_from": m["inForce"], "in_force_text": m["inForceText"],
        "indefinite": None if m["indefinite"] is None else m["indefinite"] == "true",
        "duration": m["duration"], "ambiguity": m["ambiguity"], "source_file": m["sourceFile"],
    }
    parties: dict[str, dict[str, Any]] = {}
    for r in kb.select(query_text("roles"), {"doc": doc}):
        p = parties.setdefault(r["partyId"], {"party": r["partyId"], "label": r["partyLabel"],
                                              "iri": r["party"], "roles": []})
        p["roles"].append({"role": _local(r["roleClass"]), "name_in_text": r["name"],
                           "iri": r["role"], "source": r["source"]})
    view["parties"] = list(parties.values())
    rel: dict[str, list[str]] = {}
    for r in kb.select(query_text("relations"), {"doc": doc}):
        rel.setdefault(_local(r["rel"]) or "", []).append(r["targetId"])
    view["based_on"] = rel.get("basedOn", [])
    view["replaces"] = rel.get("replaces", [])
    view["cites"] = rel.get("cites", [])
    view["annexes"] = rel.get("hasAnnex", [])
    part_of = rel.get("isPartOf") or []
    view["annex_of"] = part_of[0] if part_of else None
    items: dict[str, list[dict[str, Any]]] = {}
    for r in kb.select(query_text("items"), {"doc": doc}):
        items.setdefault(r["par"], []).append(
            {"item": r["label"], "marker": r["marker"], "text": r["text"], "iri": r["item"],
             "position": int(r["pos"])})
    for lst in items.values():
        lst.sort(key=lambda x: x["position"])
        for x in lst:
            del x["position"]
    articles: list[dict[str, Any]] = []
    for r in kb.select(query_text("articles"), {"doc": doc}):
        if not articles or articles[-1]["iri"] != r["art"]:
            articles.append({"article": r["number"], "heading": r["heading"] or r["section"],
                             "heading_printed_on_article": r["heading"] is not None,
                             "iri": r["art"], "paragraphs": []})
        articles[-1]["paragraphs"].append({"paragraph": r["label"], "marker": r["marker"],
                                           "text": r["text"], "iri": r["par"],
                                           "items": items.get(r["par"], [])})
    view["articles"] = articles
    return view


def select_article(view: dict[str, Any], article: str | None, lid: str | None) -> dict[str, Any]:
    """Narrows a document view to one article (and one lid), with clear errors."""
    if article is None:
        return view
    wanted = article.strip().removeprefix("art.").removeprefix("artikel").strip()
    arts = [a for a in view["articles"] if a["article"].lower() == wanted.lower()]
    if not arts:
        numbers = ", ".join(a["article"] for a in view["articles"])
        raise UserError(f"{view['id']} has no article {article!r}; its articles are: {numbers}")
    art = dict(arts[0])
    if lid is not None:
        want = lid.strip().rstrip(".)")
        pars = [p for p in art["paragraphs"] if (p["paragraph"] or "") == want
                or (p["paragraph"] or "").split(".")[-1] == want]
        if not pars:
            labels = ", ".join(p["paragraph"] or "(unnumbered)" for p in art["paragraphs"])
            raise UserError(f"{view['id']} art. {art['article']} has no lid {lid!r}; its leden are: {labels}")
        art["paragraphs"] = pars
    out = dict(view)
    out["articles"] = [art]
    return out
