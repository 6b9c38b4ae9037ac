"""``dvo-kb validate`` (a draft against the rule catalogue) and ``dvo-kb diff`` (two documents
norm by norm). Both take the common options (``--store``, ...): the knowledge base they name
holds the parent regulation a draft is checked against and the documents to compare."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from ..errors import UserError
from ..kb import KnowledgeBase
from .common import date_argument, open_kb, say


def add(sub: Any, common: argparse.ArgumentParser) -> None:
    va = sub.add_parser("validate", parents=[common], help="toets een conceptovereenkomst aan de regelcatalogus",
                        description="Toetst een concept (.txt, .docx, of RDF: .ttl, .jsonld) aan de regelcatalogus "
                                    "(Wgr, AVG, verwijzingen, invulplekken, nummering, data, kostenverdeelsleutels, "
                                    "goede regelgevingspraktijk, de moederregeling). Exit 0 zonder overtredingen, 1 "
                                    "met overtredingen, 2 als het concept niet te lezen is.")
    va.add_argument("draft", nargs="?", help="het conceptbestand")
    va.add_argument("--corpus", metavar="ID",
                    help="toets een document van het corpus vanuit zijn tekst (bv. sok-wm-2025)")
    va.add_argument("--format", choices=["text", "json", "turtle"], default="text",
                    help="text: een rapport per artikel; json: de bevindingen en de gevonden normen; turtle: het "
                         "SHACL-validatierapport (standaard text)")
    va.add_argument("--lang", choices=["nl", "en"], default="nl", help="taal van de meldingen (standaard nl)")
    va.add_argument("--on", metavar="DATE", type=date_argument,
                    help="beoordeel het concept op deze datum (verwijzingen naar ingetrokken regelingen); "
                         "standaard vandaag")
    va.add_argument("--rules", action="store_true", help="toon de regels van de catalogus en stop")
    va.set_defaults(func=validate)

    from ..diff import cli as diff_cli

    df = sub.add_parser("diff", parents=[common], help="vergelijk twee documenten norm voor norm: wat veranderde van "
                                                       "A naar B",
                        description="Vergelijkt twee documenten (of een concept met een document) norm voor norm: "
                                    "de artikelen naast elkaar, de gewijzigde normen (drager, wederpartij, termijn, "
                                    "voorwaarde, ...), daarna de wijzigingen per woord.")
    diff_cli.add_arguments(df)
    df.set_defaults(func=diff)


def validate(args: argparse.Namespace) -> int:
    from ..validate.reader import read_draft
    from ..validate.report import render_text
    from ..validate.validator import corpus_draft, validate_draft

    if args.rules:
        return _rules(args)
    if bool(args.draft) == bool(args.corpus):
        raise UserError(say("give_draft", args.lang))
    draft = corpus_draft(args.corpus) if args.corpus else read_draft(Path(args.draft))
    # the parent regulation and its cost-sharing keys from the knowledge base of --store
    result = validate_draft(draft, on=args.on, kb=open_kb(args))
    if args.format == "json":
        print(json.dumps(result.as_json(), ensure_ascii=False, indent=2))
    elif args.format == "turtle":
        print(result.turtle())
    else:
        print(render_text(result, args.lang), end="")
    return 0 if result.conforms else 1


def _rules(args: argparse.Namespace) -> int:
    from ..validate.validator import catalogue

    rules = catalogue()
    if args.format == "json":
        print(json.dumps([r.__dict__ for r in rules], ensure_ascii=False, indent=2))
        return 0
    from ..api.labels import labels, term

    severity = labels("validate")[args.lang]  # violation: overtreding, warning: waarschuwing, info: opmerking
    for r in rules:
        applies = term(r.applies_to, args.lang) or r.applies_to
        print(f"{r.id:32} {severity.get(r.severity, r.severity):12} {applies:28} {r.message.get(args.lang, '')}")
        print(f"{'':32} {r.source.get(args.lang, '')}")
    return 0


def diff(args: argparse.Namespace) -> int:
    from ..diff import cli as diff_cli

    kb: KnowledgeBase = open_kb(args)
    return int(diff_cli.run(args, kb))
