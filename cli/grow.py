"""``dvo-kb add`` and ``dvo-kb review``: a new agreement into the knowledge base, its extracted
norms marked "niet gecontroleerd", and a person's review of them (validate/intake.py, review.py)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from .common import date_argument, open_kb, settings_of, words


def add(sub: Any, common: argparse.ArgumentParser) -> None:
    ad = sub.add_parser(
        "add", parents=[common], help="neem een nieuwe overeenkomst op in de kennisbank (normen niet gecontroleerd)",
        description="Neemt een overeenkomst (.txt of .docx) op in de kennisbank: de tekst wordt ingedeeld in "
                    "artikelen en leden, de feiten (soort, titel, partijen en hun rollen, inwerkingtreding) "
                    "herkend en de normen afgeleid. Het document komt als map in de gegevensmap van de gebruiker "
                    "(DVO_KB_DATA/documents/ID/) en staat bij de volgende start in de graaf. Elke afgeleide norm is "
                    "'niet gecontroleerd' tot iemand het lid heeft nagelezen: dvo-kb review ID.")
    ad.add_argument("file", help="de tekst van de overeenkomst: .txt (UTF-8) of .docx")
    ad.add_argument("--id", dest="doc_id", metavar="ID",
                    help="de id van het document (kleine letters, cijfers en streepjes; standaard uit de bestandsnaam)")
    ad.add_argument("--short-title", metavar="NAAM",
                    help="een korte naam waarmee vragen het document noemen (bv. 'DVO Beek 2027')")
    ad.add_argument("--replace", action="store_true", help="vervang een eerder opgenomen document met deze id")
    ad.add_argument("--format", choices=["text", "json"], default="text", help="uitvoer (standaard text)")
    ad.set_defaults(func=run_add)

    rv = sub.add_parser(
        "review", parents=[common], help="de niet gecontroleerde leden van een opgenomen document, en aanvaarden",
        description="Toont de leden van een met dvo-kb add opgenomen document waarvan de afgeleide normen nog niet "
                    "zijn gecontroleerd, de minst zekere eerst (daarna de leden waarin niets is gevonden), met hun "
                    "tekst en de afgeleide codering. Verbeter "
                    "norms.ttl in de map van het document waar nodig en aanvaard daarna het lid met --accept.")
    rv.add_argument("doc_id", metavar="ID", help="de id van het opgenomen document")
    rv.add_argument("--accept", metavar="ARTIKEL[/LID]", action="append", default=[],
                    help="aanvaard een lid (13/1), een artikel (16.1: al zijn leden) of alles (all); herhaalbaar")
    rv.add_argument("--note", help="een opmerking bij wat u aanvaardt")
    rv.add_argument("--on", metavar="DATUM", type=date_argument, help="de datum van de controle (standaard vandaag)")
    rv.add_argument("--limit", type=int, default=20, help="toon hoogstens zoveel leden (standaard 20; 0: alle)")
    rv.add_argument("--format", choices=["text", "json"], default="text", help="uitvoer (standaard text)")
    rv.add_argument("--lang", choices=["nl", "en"], default="nl", help="taal (standaard nl)")
    rv.set_defaults(func=run_review)


def run_add(args: argparse.Namespace) -> int:
    from ..validate.intake import add_document

    settings = settings_of(args)
    r = add_document(Path(args.file), settings.data, settings.base_iri, doc_id=args.doc_id, replace=args.replace,
                     short_title=args.short_title, limits=settings.draft_limits)
    if args.format == "json":
        json.dump(r.as_json(), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0
    t = words()
    print(t["add_done"].format(id=r.id, verb=t["replaced" if r.replaced else "added"], folder=r.folder))
    print("  " + t["add_facts"].format(title=r.title, kind=r.kind, articles=r.articles,
                                       parties=", ".join(r.parties.values()) or t["no_parties"]))
    print("  " + t["add_norms"].format(norms=r.norms, lids=r.lids_without_norm))
    print("  " + t["add_next"].format(id=r.id))
    if r.same_text_as:
        print("  " + t["add_same"].format(ids=", ".join(r.same_text_as)))
    if r.check:
        print("  " + t["add_check"].format(file=args.file, **r.check))
        for v in r.violations:
            print("    " + t["add_violation"].format(text=v))
    return 0


def run_review(args: argparse.Namespace) -> int:
    from ..validate import review

    kb = open_kb(args)
    t = words(args.lang)
    if args.accept:
        done = review.accept(kb, args.doc_id, args.accept, on=args.on, note=args.note)
        if args.format == "json":
            json.dump({"accepted": done}, sys.stdout, ensure_ascii=False, indent=2)
            sys.stdout.write("\n")
        else:
            print(t["accepted"].format(doc=args.doc_id, n=len(done), lids=", ".join(done)) if done
                  else t["accepted_none"].format(doc=args.doc_id))
        return 0
    items = review.pending(kb, args.doc_id)
    shown = items if args.limit <= 0 else items[: args.limit]
    if args.format == "json":
        json.dump({"document": args.doc_id, "not_reviewed": len(items), "lids": [x.as_json() for x in shown]},
                  sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0
    sys.stdout.write(review_text(shown, args.doc_id, args.lang, total=len(items)))
    if len(shown) < len(items):
        print(t["review_more"].format(n=len(items) - len(shown)))
    return 0


def review_text(items: list[Any], doc_id: str, lang: str = "nl", total: int | None = None) -> str:
    """The lids to review (validate.review.LidToReview), the least certain first: where, how
    certain, the text and the extracted norms (their kinds by the ontology's rdfs:label), then
    how to accept them; the words from api/labels.yaml (section cli)."""
    from ..api.labels import term

    t = words(lang)
    if not items:
        return t["review_done"].format(doc=doc_id) + "\n"
    out = [t["review_head"].format(doc=doc_id, n=total if total is not None else len(items))]
    for x in items:
        out.append("")
        out.append(f"{x.where}  ({t['confidence']} {x.confidence})  [{x.path}]")
        out.append("  " + " ".join(x.text.split())[:600])
        if not x.provisions:
            out.append("  - " + t["no_provision"])
        for p in x.provisions:
            line = f"  - {term(p['kind'], lang)}: {p['bearer_text'] or p['bearer'] or t['not_named']}"
            if p["counterparty_text"]:
                line += f" -> {p['counterparty_text']}"
            if p["deadline"]:
                line += f"; {t['deadline']}: {p['deadline']}"
            if p["confidence"]:
                line += f"  ({p['confidence']})"
            out.append(line)
    out.append("")
    out.append(t["review_how"].format(doc=doc_id))
    return "\n".join(out) + "\n"
