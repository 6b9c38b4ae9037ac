"""``dvo-kb build`` (the graph and a summary per document) and ``dvo-kb show`` (the text of a
document, article or lid, with its IRIs)."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from .. import __version__
from .common import open_kb


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
    where = f"the {info.kind} store" + (f" in {info.path}" if info.path else "")
    how = "reused" if info.reused else "built"
    print(f"dvo-kb {__version__}: {info.triples} triples in {info.graphs} graphs on {where}"
          f" ({how} in {info.seconds:.2f} s)")
    print(f"{'document':36} {'kind':30} {'articles':>8} {'leden':>6} {'items':>6}")
    total = 0
    for d in list_documents(kb):
        v = document_view(kb, d["id"])
        arts = v["articles"]
        total += len(arts)
        leden = sum(len(a["paragraphs"]) for a in arts)
        items = sum(len(p["items"]) for a in arts for p in a["paragraphs"])
        print(f"{d['id']:36} {d['kind']:30} {len(arts):>8} {leden:>6} {items:>6}")
    print(f"{'total':36} {'':30} {total:>8}")
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
    print(f"{view['title']}  [{view['id']}]")
    print(f"<{view['iri']}>")
    if whole:
        if view.get("in_force_from"):
            print(f"in force from {view['in_force_from']}" + (" for an indefinite period" if view.get("indefinite") else ""))
        for p in view["parties"]:
            roles = ", ".join(f"{r['role']} (\"{r['name_in_text']}\")" for r in p["roles"])
            print(f"  party: {p['label']}: {roles}")
    for art in view["articles"]:
        print()
        head = f"Artikel {art['article']}" + (f"  {art['heading']}" if art["heading"] else "")
        print(head)
        print(f"<{art['iri']}>")
        for par in art["paragraphs"]:
            label = f"{par['marker']} " if par["marker"] else ""
            print(f"  {label}{par['text'].replace(chr(10), chr(10) + '    ')}")
            print(f"    <{par['iri']}>")
            for prov in par.get("provisions", []) + [p for it in par["items"] for p in it.get("provisions", [])]:
                print(f"    - {provision_line(prov)}")


def provision_line(p: dict[str, Any]) -> str:
    """One line for a provision: kind, bearer -> counterparty: action (object); trigger; deadline."""
    kind = p["kind"] or "?"
    if "bearer" not in p:
        extra = f" '{p['defined_term']}'" if p.get("defined_term") else ""
        return f"[{kind}]{extra}"
    parts = [f"[{kind}] {p['bearer']['text']}"]
    if p.get("counterparty") and p["counterparty"]["text"]:
        parts[0] += f" -> {p['counterparty']['text']}"
    parts[0] += ": " + ", ".join(p["action"]) + (f" ({p['action_object']})" if p.get("action_object") else "")
    if p.get("trigger"):
        parts.append("on " + ", ".join(p["trigger"]))
    for c in p.get("conditions") or ([p["condition"]] if p.get("condition") else []):
        parts.append(f"if {c['text']}")
    if p.get("deadline"):
        parts.append(f"deadline: {p['deadline']['text']}")
    if p.get("survives"):
        parts.append("survives termination")
    return "; ".join(parts)
