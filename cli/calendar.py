"""``dvo-kb deadlines``, ``events`` and ``duties``: the dated deadlines of an agreement, the
events it knows, and the duties an event triggers."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from typing import Any

from ..errors import UserError
from .common import date_argument, open_kb, say, year_argument

AGREEMENT = "document-id of korte titel"
FORMAT = "uitvoer (standaard table)"
LANG = "taal van de tabel (standaard nl)"


def add(sub: Any, common: argparse.ArgumentParser) -> None:
    d = sub.add_parser("deadlines", parents=[common], help="de gedateerde termijnen van een overeenkomst in een periode",
                       description="De vaste en terugkerende termijnen van een overeenkomst in een jaar of een "
                                   "periode, berekend uit de normen (werkdagen: maandag tot en met vrijdag, behalve "
                                   "Nederlandse feestdagen). Terugkerende termijnen zonder dag staan erbij als niet "
                                   "berekenbaar.")
    d.add_argument("--agreement", required=True, help=AGREEMENT)
    d.add_argument("--party", help="alleen termijnen van normen waarbij deze partij betrokken is (id, bv. beek)")
    d.add_argument("--year", type=year_argument, help="een kalenderjaar")
    d.add_argument("--from", dest="date_from", type=date_argument, help="begin van de periode (JJJJ-MM-DD)")
    d.add_argument("--to", dest="date_to", type=date_argument, help="einde van de periode (JJJJ-MM-DD)")
    d.add_argument("--format", choices=["table", "json", "ics"], default="table", help=FORMAT)
    d.add_argument("--roll-forward", action="store_true",
                   help="verschuif een uiterste datum in het weekend of op een feestdag naar de volgende werkdag "
                        "(zoals de Algemene termijnenwet doet voor wettelijke termijnen); elke verschoven datum "
                        "zegt dat")
    d.add_argument("--lang", choices=["nl", "en"], default="nl", help=LANG)
    d.set_defaults(func=deadlines)

    ev = sub.add_parser("events", parents=[common], help="de gebeurtenissen die een overeenkomst kent",
                        description="De gebeurtenissen die normen van een overeenkomst in werking zetten of waaraan "
                                    "hun termijnen vastzitten.")
    ev.add_argument("--agreement", required=True, help=AGREEMENT)
    ev.add_argument("--format", choices=["table", "json"], default="table", help=FORMAT)
    ev.set_defaults(func=events)

    du = sub.add_parser("duties", parents=[common], help="de plichten en rechten die een gebeurtenis meebrengt, met data",
                        description="De plichten en rechten die een gebeurtenis onder een overeenkomst meebrengt, "
                                    "met hun berekende data; met --party voor die partij, als de gebeurtenis haar "
                                    "treft.")
    du.add_argument("--agreement", required=True, help=AGREEMENT)
    du.add_argument("--event", required=True,
                    help="id of naam van de gebeurtenis, Nederlands of Engels (zie dvo-kb events)")
    du.add_argument("--on", required=True, type=date_argument, help="de datum van de gebeurtenis (JJJJ-MM-DD)")
    du.add_argument("--party", help="de partij die de gebeurtenis treft (id, bv. huizen)")
    du.add_argument("--format", choices=["table", "json"], default="table", help=FORMAT)
    du.add_argument("--roll-forward", action="store_true", help="zoals bij deadlines")
    du.add_argument("--lang", choices=["nl", "en"], default="nl", help=LANG)
    du.set_defaults(func=duties)


def deadlines(args: argparse.Namespace) -> int:
    from ..rules.deadlines import Rules

    if args.year is None and (args.date_from is None or args.date_to is None):
        raise UserError(say("give_period", args.lang))
    if args.year is not None and (args.date_from or args.date_to):
        raise UserError(say("year_or_period", args.lang))
    start = args.date_from or dt.date(args.year, 1, 1)
    end = args.date_to or dt.date(args.year, 12, 31)
    rules = Rules(open_kb(args))
    items, undated = rules.calendar(args.agreement, start, end, args.party, args.roll_forward)
    items_out(items, undated, args.format, f"{args.agreement} {start}..{end}", lang=args.lang, kb=rules.kb)
    if not items and args.format == "table" and (found := rules.events(args.agreement)):
        from ..api.labels import labels, term  # periods that run from an event: where to find them

        names = ", ".join(dict.fromkeys(term(e["id"], args.lang) or e["labels"][0] for e in found))
        print(labels("cli")[args.lang]["none_events"].format(events=names, agreement=args.agreement))
    return 0


def events(args: argparse.Namespace) -> int:
    from ..rules.deadlines import Rules

    found = Rules(open_kb(args)).events(args.agreement)
    if args.format == "json":
        json.dump({"events": found}, sys.stdout, ensure_ascii=False, indent=2)
        print()
    else:  # each event by its name in Dutch (the ontology's rdfs:label@nl); --event takes the English too
        from ..api.labels import labels, term

        if not found:  # say so, rather than print nothing
            print(labels("cli")["nl"]["no_events"].format(agreement=args.agreement))
        for e in found:
            name = term(e["id"], "nl")
            print(f"{e['id']:32} {name if name != e['id'] else ', '.join(e['labels'])}")
    return 0


def duties(args: argparse.Namespace) -> int:
    from ..rules.deadlines import Rules

    rules = Rules(open_kb(args))
    items = rules.duties(args.agreement, args.event, args.on, args.party, args.roll_forward)
    items_out(items, [], args.format, f"{args.agreement} {args.event} {args.on}", steps=True, lang=args.lang,
              kb=rules.kb)
    return 0


def items_out(items: list[Any], undated: list[Any], fmt: str, name: str, steps: bool = False,
              lang: str = "nl", kb: Any = None) -> None:
    """The items as json, ics or a table; the table in the reader's language (words from
    api/labels.yaml, the kinds of norm by their rdfs:label, the engine's words through api/dutch.py)."""
    from ..api.dutch import dutch_item
    from ..api.labels import labels
    from ..rules.deadlines import to_ics

    if fmt == "json":
        json.dump({"items": [i.to_json() for i in items], "not_computable": [i.to_json() for i in undated]},
                  sys.stdout, ensure_ascii=False, indent=2)
        print()
        return
    if fmt == "ics":  # each event names its agreement by its short title, as the service's .ics does
        if kb is not None:
            from dataclasses import replace

            from ..clauses.views import document_names

            names = document_names(kb, by_id=True)
            items = [replace(i, agreement=names.get(i.agreement, i.agreement)) for i in items]
        sys.stdout.write(to_ics([dutch_item(i, skipped_in_steps=True) for i in items], name))
        return
    t = labels("cli")[lang]
    if not items and not undated:
        print(t["none"])
    for i in items:
        _print_item(dutch_item(i, lang=lang), t, steps, lang)  # in English with English units
    if undated:
        print(f"\n{t['undated']}")
        for i in undated:
            print(f"  {i.agreement} {i.where}: {i.action} ({i.deadline_text})")


def _print_item(i: Any, t: dict[str, str], steps: bool, lang: str) -> None:
    """One dated item of the table: due date, where, kind, who to whom, then its rule and notes."""
    from ..api.labels import term

    due = i.due.isoformat() if i.due else t["no_date"]
    if i.due and i.date_kind in ("arises", "earliest"):
        due = f"{t['from'] if i.date_kind == 'arises' else t['earliest']} {i.due.isoformat()}"
    kind = term(i.kind, lang) or i.kind
    unreviewed = "" if i.reviewed else f" [{term('Unreviewed', lang)}]"  # extracted by dvo-kb add, not checked yet
    print(f"{due:15} {i.agreement} {i.where:14} {kind:13} {i.bearer or '?'} -> {i.counterparty or '-'}: {i.action}"
          + unreviewed)
    rolled = i.rolled and "rolled forward" not in i.rule and "verschoven" not in i.rule
    print(f"{'':15} {t['rule']}: {i.rule}" + (f" [{t['rolled']}]" if rolled else ""))
    for step in i.steps if steps else []:
        print(f"{'':15} - {step}")
    if i.skipped:
        print(f"{'':15} {t['skipped']}: {'; '.join(i.skipped)}")
    for note in [] if steps else i.calendar_notes:  # (with steps, the notes are among them)
        print(f"{'':15} {t['note']}: {note}")
    for c in i.conditions:  # what the date does not say: the norm's conditions and the curators' notes
        print(f"{'':15} {t['condition']}: {c}")
    for note in i.notes_in(lang):
        print(f"{'':15} {t['ambiguity']}: {note}")
