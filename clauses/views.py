"""Read views of the knowledge base (documents, articles, leden) for the CLI and the API.

The SPARQL lives in ``queries/*.rq`` beside this module; values from the user (a document
name, an IRI) reach a query only as bound variables (pyoxigraph ``substitutions``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from .. import sparql
from ..binding import select_each
from ..errors import NotFound, UserError

if TYPE_CHECKING:
    from ..store import KnowledgeBase

from ..ontology.namespace import DVO_NS


def query_text(name: str) -> str:
    return sparql.load(f"clauses/queries/{name}.rq")


def _local(iri: str | None) -> str | None:
    return iri[len(DVO_NS):] if iri and iri.startswith(DVO_NS) else iri


def list_documents(kb: KnowledgeBase) -> list[dict[str, Any]]:
    docs: dict[str, dict[str, Any]] = {}
    for r in kb.select(query_text("documents")):
        d = docs.setdefault(r["id"], {"id": r["id"], "iri": r["doc"], "title": r["title"],
                                      "kind": _local(r["kind"]), "short_titles": [],
                                      "in_force_from": r["inForce"],
                                      # False: added with dvo-kb add, not checked by a person ("niet gecontroleerd")
                                      "reviewed": _local(r.get("status")) != "Unreviewed"})
        if r["short"] and r["short"] not in d["short_titles"]:
            d["short_titles"].append(r["short"])
    return list(docs.values())


def document_names(kb: KnowledgeBase, by_id: bool = False) -> dict[str, str]:
    """What every surface calls each document, by IRI (``by_id``: by the id of a document of the
    knowledge base): its short title, the one its articles' labels begin with where it has two
    ("centrumregeling" beside "CR-2018": the curators' first, which the build names the divisions
    by; else the least), else its title, else its id. Two queries and the article labels of the
    documents with two short titles only (an EXISTS per document in one query took 40 s at 1M
    quads)."""
    names: dict[str, str] = {}
    shorts: dict[str, set[str]] = {}
    titles: dict[str, set[str]] = {}
    for r in kb.select(query_text("document_names")):
        names.setdefault(r["d"], r["id"])
        if r["s"]:
            shorts.setdefault(r["d"], set()).add(r["s"])
        if r["title"]:
            titles.setdefault(r["d"], set()).add(r["title"])
    for d, ts in titles.items():
        names[d] = min(ts)
    several = [ox.NamedNode(d) for d in sorted(d for d, s in shorts.items() if len(s) > 1)]
    labels = select_each(kb, query_text("article_labels"), "d", several) if several else {}
    for d, ss in shorts.items():
        used = {x for x in ss if any(row["l"].startswith(x + " art.") for row in labels.get(d, []))}
        names[d] = min(used or ss)
    if by_id:
        return {iri[len(kb.base):]: name for iri, name in names.items() if iri.startswith(kb.base)}
    return names


def resolve_document(kb: KnowledgeBase, name: str) -> tuple[str, str]:
    """(IRI, id) of the document a user names by id or short title ("DVO-2018")."""
    rows = kb.select(query_text("resolve"), {"name": ox.Literal(name.strip())})
    if len(rows) == 1:
        return rows[0]["doc"], rows[0]["id"]
    known = ", ".join(d["id"] for d in list_documents(kb))
    if not rows:
        raise NotFound(f"unknown document {name!r}; the documents are: {known}")
    raise UserError(f"{name!r} names several documents ({', '.join(r['id'] for r in rows)}); use an id")


def _parties(kb: KnowledgeBase, doc: ox.NamedNode) -> list[dict[str, Any]]:
    parties: dict[str, dict[str, Any]] = {}
    for r in kb.select(query_text("roles"), {"doc": doc}):
        p = parties.setdefault(r["partyId"], {"party": r["partyId"], "label": r["partyLabel"],
                                              "iri": r["party"], "roles": []})
        p["roles"].append({"role": _local(r["roleClass"]), "name_in_text": r["name"],
                           "iri": r["role"], "source": r["source"]})
    return list(parties.values())


def document_parties(kb: KnowledgeBase, iri: str) -> list[dict[str, Any]]:
    """The parties and their roles of the document ``iri`` (``document_view(...)["parties"]``
    without the rest: a page that lists the parties of every document need not build every
    document's view, nor resolve the ids its own query already gave with their IRIs)."""
    return _parties(kb, ox.NamedNode(iri))


def document_view(kb: KnowledgeBase, name: str, lang: str = "nl") -> dict[str, Any]:
    """A document's metadata, parties and roles, and its articles with their leden and items; the
    curators' ambiguity notes in ``lang`` (the other language where a note has none)."""
    iri, doc_id = resolve_document(kb, name)
    doc = ox.NamedNode(iri)
    meta_rows = kb.select(query_text("document"), {"doc": doc})
    # a row per language of the ambiguity note: the reader's, else the other one (Dutch first)
    notes = {r.get("ambiguityLang") or "": [r["ambiguity"]] for r in meta_rows if r.get("ambiguity")}
    note_lang = in_language(notes, lang)[1] or ""
    m = next((r for r in meta_rows if (r.get("ambiguityLang") or "") == note_lang), meta_rows[0])
    view: dict[str, Any] = {
        "id": doc_id, "iri": iri, "title": m["title"], "kind": _local(m["kind"]),
        "citation_title": m["citation"],
        "in_force_from": m["inForce"], "in_force_text": m["inForceText"],
        "indefinite": None if m["indefinite"] is None else m["indefinite"] == "true",
        "duration": m["duration"], "ambiguity": m["ambiguity"], "source_file": m["sourceFile"],
        "reviewed": _local(m.get("status")) != "Unreviewed",  # False: added with dvo-kb add, not checked
    }
    view["parties"] = _parties(kb, doc)
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
    provisions = provisions_by_division(kb, iri, lang)
    for art in articles:
        for par in art["paragraphs"]:
            par["provisions"] = provisions.get(par["iri"], [])
            for it in par["items"]:
                it["provisions"] = provisions.get(it["iri"], [])
            par["classification"] = sorted({p["kind"] for p in par["provisions"]}
                                           | {p["kind"] for it in par["items"] for p in it["provisions"]})
    view["articles"] = articles
    # the annexes that are lists (a product list): each entry with the provisions it holds
    lists: dict[str, dict[str, Any]] = {}
    for r in kb.select(query_text("annex_lists"), {"doc": doc}):
        annex = lists.setdefault(r["annex"], {"annex": r["number"], "title": r["title"], "label": r["label"],
                                               "iri": r["annex"], "entries": []})
        if r.get("task"):
            annex["entries"].append({"position": int(r["pos"]), "text": r["text"], "iri": r["task"],
                                     "provisions": provisions.get(r["task"], [])})
    for annex in lists.values():
        annex["entries"].sort(key=lambda e: e["position"])
    view["annex_lists"] = list(lists.values())
    return view


def select_article(view: dict[str, Any], article: str | None, lid: str | None) -> dict[str, Any]:
    """Narrows a document view to one article (and one lid), with clear errors."""
    if article is None:
        return view
    wanted = article.strip().removeprefix("art.").removeprefix("artikel").strip()
    arts = [a for a in view["articles"] if a["article"].lower() == wanted.lower()]
    if not arts:
        numbers = ", ".join(a["article"] for a in view["articles"])
        raise NotFound(f"{view['id']} has no article {article!r}; its articles are: {numbers}")
    art = dict(arts[0])
    if lid is not None:
        want = lid.strip().rstrip(".)")
        pars = [p for p in art["paragraphs"] if (p["paragraph"] or "") == want
                or (p["paragraph"] or "").split(".")[-1] == want]
        if not pars:
            labels = ", ".join(p["paragraph"] or "(unnumbered)" for p in art["paragraphs"])
            raise NotFound(f"{view['id']} art. {art['article']} has no lid {lid!r}; its leden are: {labels}")
        art["paragraphs"] = pars
    out = dict(view)
    out["articles"] = [art]
    return out


# -- provisions (the curated deontic encoding) ---------------------------------------------------
KIND_NAMES = ("Obligation", "Permission", "Prohibition", "Power", "Definition", "Declaration", "Recital",
              "CitationTitle", "SignatureClause")
DEADLINE_KINDS = {"FixedDayDeadline": "fixed-day", "PeriodDeadline": "period",
                  "RecurringDeadline": "recurring", "VagueDeadline": "vague"}


def _concept(iri: str, labels: dict[str, dict[str, str | None]]) -> str:
    local = _local(iri) or iri
    return str(labels.get(iri, {}).get("name") or local)


def in_language(by_lang: dict[str, list[str]], lang: str) -> tuple[list[str], str | None]:
    """The texts in the reader's language, else in the other one (Dutch first), else untagged
    (sorted), and their language: the curators' ambiguity notes are written in English and Dutch,
    as dvo:ambiguityNote literals tagged @en and @nl, and a reader sees those of one language."""
    order = [lang, *(x for x in ("nl", "en") if x != lang), *sorted(x for x in by_lang if x not in (lang, "nl", "en"))]
    for x in order:
        if by_lang.get(x):
            return sorted(by_lang[x]), x or None
    return [], None


def provisions_by_division(kb: KnowledgeBase, doc_iri: str, lang: str = "nl") -> dict[str, list[dict[str, Any]]]:
    """The provisions of a document, keyed by the IRI of the lid or item they come from; their
    ambiguity notes in ``lang`` (see in_language)."""
    doc = ox.NamedNode(doc_iri)
    labels: dict[str, dict[str, str | None]] = {}
    for r in kb.select(query_text("labels"), {"doc": doc}):
        entry = labels.setdefault(r["x"], {"id": None, "name": None})
        entry["id"] = entry["id"] or r["id"]
        entry["name"] = entry["name"] or r["name"]
    props: dict[str, dict[str, list[str]]] = {}
    source_of: dict[str, str] = {}
    nodes: dict[str, dict[str, list[str]]] = {}
    notes: dict[str, dict[str, list[str]]] = {}  # a provision's ambiguity notes by language
    for r in kb.select(query_text("provisions"), {"doc": doc}):
        source_of[r["prov"]] = r["src"]
        key = r["p"].rsplit("#", 1)[-1]
        if key == "ambiguityNote" and r["node"] == r["prov"]:
            notes.setdefault(r["prov"], {}).setdefault(r.get("lang") or "", []).append(r["o"])
        target = props if r["node"] == r["prov"] else nodes
        target.setdefault(r["node"], {}).setdefault(key, []).append(r["o"])
    out: dict[str, list[dict[str, Any]]] = {}
    for prov, p in props.items():
        out.setdefault(source_of[prov], []).append(_provision(prov, p, nodes, labels, notes.get(prov, {}), lang))
    for lst in out.values():
        lst.sort(key=lambda x: (0 if "/norm/" in x["iri"] else 1, _num(x["iri"])))
    return out


def _num(iri: str) -> int:
    tail = iri.rsplit("/", 1)[-1]
    return int(tail) if tail.isdigit() else 0


def _party(iri: str, labels: dict[str, dict[str, str | None]]) -> str:
    return str(labels.get(iri, {}).get("id") or iri)


def _role(iri: str, labels: dict[str, dict[str, str | None]]) -> dict[str, Any]:
    lab = labels.get(iri, {})
    return {"iri": iri, "name": lab.get("name"), "party": lab.get("id"), "variable": "/role/var/" in iri}


def _first(p: dict[str, list[str]], key: str) -> str | None:
    vals = p.get(key) or []
    return sorted(vals)[0] if vals else None


def _all(p: dict[str, list[str]], key: str, sep: str = "; ") -> str | None:
    """Every value of a field, in a fixed order (a norm may have two bearer texts or notes: both
    are shown, not the first alone)."""
    vals = p.get(key) or []
    return sep.join(sorted(vals)) if vals else None


def _int(v: str | None) -> int | None:
    return int(v) if v is not None else None


def _provision(iri: str, p: dict[str, list[str]], nodes: dict[str, dict[str, list[str]]],
               labels: dict[str, dict[str, str | None]], notes: dict[str, list[str]] | None = None,
               lang: str = "nl") -> dict[str, Any]:
    types = [_local(t) for t in p.get("type", [])]
    kind = next((t for t in types if t in KIND_NAMES), None)
    out: dict[str, Any] = {"iri": iri, "kind": kind}
    if kind in ("Obligation", "Permission", "Prohibition", "Power"):
        out["bearer"] = {"text": _all(p, "bearerText"),
                         "parties": sorted(_party(x, labels) for x in p.get("bearer", [])),
                         "roles": [_role(x, labels) for x in sorted(p.get("bearerRole", []))]}
        has_cp = any(k in p for k in ("counterpartyText", "counterparty", "counterpartyRole"))
        out["counterparty"] = {"text": _all(p, "counterpartyText"),
                               "parties": sorted(_party(x, labels) for x in p.get("counterparty", [])),
                               "roles": [_role(x, labels) for x in sorted(p.get("counterpartyRole", []))]
                               } if has_cp else None
        out["action"] = sorted(_concept(a, labels) for a in p.get("action", []))
        out["action_object"] = _all(p, "actionObject")
        out["trigger"] = sorted(_concept(t, labels) for t in p.get("trigger", []))
        out["trigger_ids"] = sorted(_local(t) or t for t in p.get("trigger", []))
        conds = sorted(p.get("condition", []))
        out["conditions"] = [_condition(nodes.get(c, {}), labels) for c in conds]  # every one of them
        out["condition"] = out["conditions"][0] if conds else None  # (the first, for older clients)
        dl = _first(p, "deadline")
        out["deadline"] = _deadline(nodes.get(dl, {}), labels) if dl else None
        out["survives"] = _first(p, "survivesTermination") == "true"
    if kind == "Definition":
        out["defined_term"] = _first(p, "definedTerm")
    out["topics"] = sorted(_concept(t, labels) for t in p.get("topic", []))
    out["references"] = [{"iri": r, "target": labels.get(r, {}).get("id") or labels.get(r, {}).get("name")}
                         for r in sorted(p.get("refersTo", []))]
    if p.get("referenceText"):
        out["reference_text"] = sorted(p["referenceText"])
    chosen, note_lang = in_language(notes or {}, lang)
    if chosen:  # the notes in the reader's language (the other where there is none), with that language
        out["ambiguity"] = "\n".join(chosen)
        out["ambiguity_notes"] = chosen
        out["ambiguity_lang"] = note_lang
    # curated by hand (no status) or accepted by a person; False: extracted by dvo-kb add, "niet gecontroleerd"
    out["reviewed"] = _local(_first(p, "reviewStatus")) != "Unreviewed"
    if p.get("confidence"):
        out["confidence"] = float(_first(p, "confidence") or 0)
    return out


def _condition(n: dict[str, list[str]], labels: dict[str, dict[str, str | None]]) -> dict[str, Any]:
    unit = _first(n, "thresholdUnit")
    return {"text": _first(n, "conditionText"), "threshold_count": _int(_first(n, "thresholdCount")),
            "threshold_unit": _concept(unit, labels) if unit else None, "first_date": _first(n, "firstDate"),
            # the only day of a year the norm's event can take effect ("uitsluitend met ingang van 31 december")
            "only_on": ((_int(_first(n, "onlyOnMonth")), _int(_first(n, "onlyOnDay")))
                        if _first(n, "onlyOnMonth") and _first(n, "onlyOnDay") else None)}


def _deadline(n: dict[str, list[str]], labels: dict[str, dict[str, str | None]]) -> dict[str, Any]:
    kind = next((DEADLINE_KINDS[_local(t) or ""] for t in n.get("type", []) if _local(t) in DEADLINE_KINDS), None)
    out: dict[str, Any] = {"type": kind, "text": _first(n, "deadlineText")}
    if kind == "fixed-day":
        out.update(month=_int(_first(n, "month")), day=_int(_first(n, "day")),
                   inclusive=_first(n, "inclusive") == "true")
    elif kind == "period":
        unit, anchor = _first(n, "unit"), _first(n, "anchor")
        out.update(count=_int(_first(n, "count")), unit=_concept(unit, labels) if unit else None,
                   anchor=_concept(anchor, labels) if anchor else None, ordinal=_int(_first(n, "ordinal")),
                   anchor_id=(_local(anchor) if anchor else None), before_anchor=_first(n, "beforeAnchor") == "true",
                   quarters=sorted(int(q) for q in n.get("inQuarter", [])))
    elif kind == "recurring":
        freq = _first(n, "frequency")
        out.update(frequency=_concept(freq, labels) if freq else None, frequency_id=_local(freq) if freq else None,
                   minimum_per_year=_int(_first(n, "minimumPerYear")),
                   quarters=sorted(int(q) for q in n.get("inQuarter", [])))
    return out
