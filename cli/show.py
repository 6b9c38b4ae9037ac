"""``dvo-kb build`` (the graph and a summary per document) and ``dvo-kb show`` (the text of a
document, article or lid, with its IRIs)."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from .. import __version__
from .common import decimal, open_kb, words


def add(sub: Any, common: argparse.ArgumentParser) -> None:
    b = sub.add_parser("build", parents=[common], help="bouw de graaf uit de bronnen en toon een overzicht",
                       description="Leest het corpus, bouwt de RDF-graaf, laadt die in de opslag en toont per "
                                   "document het aantal artikelen, leden en onderdelen.")
    b.add_argument("--rebuild", action="store_true", help="bouw opnieuw, ook als de opslag op schijf actueel is")
    b.set_defaults(func=build)

    s = sub.add_parser("show", parents=[common], help="toon een document, artikel of lid met zijn IRI's",
                       description="Toont de letterlijke tekst van een document, een artikel of een lid, met de "
                                   "IRI's en de normen die erin staan.")
    s.add_argument("document", help="document-id (bv. dvo-pwm-2018) of korte titel (bv. DVO-2018)")
    s.add_argument("article", nargs="?", help="artikelnummer zoals afgedrukt (bv. 16.1, 13, 7a)")
    s.add_argument("lid", nargs="?", help="lid zoals afgedrukt (bv. 3, 6.2)")
    s.add_argument("--format", choices=["text", "json"], default="text", help="uitvoer (standaard text)")
    s.set_defaults(func=show)


# -- build -----------------------------------------------------------------------------------------
def build(args: argparse.Namespace) -> int:
    from ..clauses.views import document_view, list_documents

    kb = open_kb(args)
    info = kb.info
    t = words()
    where = t[f"store_{info.kind}"] + (" " + t["store_at"].format(path=info.path) if info.path else "")
    print(t["build"].format(version=__version__, triples=info.triples, graphs=info.graphs, where=where,
                            how=t["reused" if info.reused else "built"], seconds=decimal(info.seconds)))
    print(f"{t['col_document']:36} {t['col_kind']:30} {t['col_articles']:>9} {t['col_leden']:>6} {t['col_items']:>10}")
    total = 0
    for d in list_documents(kb):
        v = document_view(kb, d["id"])
        arts = v["articles"]
        total += len(arts)
        leden = sum(len(a["paragraphs"]) for a in arts)
        items = sum(len(p["items"]) for a in arts for p in a["paragraphs"])
        print(f"{d['id']:36} {d['kind']:30} {len(arts):>9} {leden:>6} {items:>10}")
    print(f"{t['total']:36} {'':30} {total:>9}")
    return 0


# -- show ------------------------------------------------------------------------------------------
def show(args: argparse.Namespace) -> int:
    from ..clauses.views import document_view, select_article

    kb = open_kb(args)
    view = select_article(document_view(kb, args.document), args.article, args.lid)
    if args.format == "json":
        json.dump(view, sys.stdout, ensure_ascii=False, indent=2)
        print()
    else:
        print_view(view, args.article is None)
    return 0


def print_view(view: dict[str, Any], whole: bool) -> None:
    """A document, article or lid in Dutch: its title and IRI, (whole) its entry into force and
    parties with their roles by the ontology's rdfs:label@nl, then each lid and its norms."""
    from ..api.labels import term

    t = words()
    print(f"{view['title']}  [{view['id']}]")
    print(f"<{view['iri']}>")
    if whole:
        if view.get("in_force_from"):
            print(t["in_force_from"].format(date=view["in_force_from"])
                  + (" " + t["indefinite"] if view.get("indefinite") else ""))
        for p in view["parties"]:
            roles = ", ".join(f"{term(r['role'])} (\"{r['name_in_text']}\")" for r in p["roles"])
            print(f"  {t['party']}: {p['label']}: {roles}")
    for art in view["articles"]:
        print()
        print(f"{t['article']} {art['article']}" + (f"  {art['heading']}" if art["heading"] else ""))
        print(f"<{art['iri']}>")
        for par in art["paragraphs"]:
            label = f"{par['marker']} " if par["marker"] else ""
            print(f"  {label}{par['text'].replace(chr(10), chr(10) + '    ')}")
            print(f"    <{par['iri']}>")
            for prov in par.get("provisions", []) + [p for it in par["items"] for p in it.get("provisions", [])]:
                print(f"    - {provision_line(prov)}")


def provision_line(p: dict[str, Any], lang: str = "nl") -> str:
    """One line for a provision: [kind] bearer -> counterparty: action (object); trigger;
    conditions; deadline; survival. The kind by the ontology's rdfs:label, the other words from
    api/labels.yaml (section norm_line; the deadline's word from section cli)."""
    from ..api.labels import labels, term

    w = labels("norm_line")[lang]
    kind = term(p["kind"], lang) or "?"
    if "bearer" not in p:
        extra = f" '{p['defined_term']}'" if p.get("defined_term") else ""
        return f"[{kind}]{extra}"
    parts = [f"[{kind}] {p['bearer']['text']}"]
    if p.get("counterparty") and p["counterparty"]["text"]:
        parts[0] += f" -> {p['counterparty']['text']}"
    parts[0] += ": " + ", ".join(p["action"]) + (f" ({p['action_object']})" if p.get("action_object") else "")
    if p.get("trigger"):
        parts.append(w["on"].format(what=", ".join(p["trigger"])))
    for c in p.get("conditions") or ([p["condition"]] if p.get("condition") else []):
        parts.append(w["if"].format(what=c["text"]))
    if p.get("deadline"):
        parts.append(f"{words(lang)['deadline']}: {p['deadline']['text']}")
    if p.get("survives"):
        parts.append(w["survives"])
    return "; ".join(parts)
