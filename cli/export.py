"""``dvo-kb export``: the whole graph (ttl, nt, jsonld, nq, trig), or the documents as Akoma
Ntoso and their norms as LegalRuleML."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from ..errors import UserError
from .common import FORMATS_RDF, as_bytes, open_kb, prefixes, say, write_output

STANDARDS = ("akn", "legalruleml")


def add(sub: Any, common: argparse.ArgumentParser) -> None:
    e = sub.add_parser("export", parents=[common], help="exporteer de hele graaf, of de documenten als AKN of LegalRuleML",
                       description="Exporteert de hele graaf (ttl, nt, jsonld: de vereniging van alle grafen; nq, "
                                   "trig: met de benoemde grafen), of de documenten in de standaarden van het vak "
                                   "(akn: Akoma Ntoso 3.0-XML; legalruleml: de normen als LegalRuleML; zie "
                                   "export/README.md).")
    e.add_argument("--format", choices=sorted(FORMATS_RDF) + list(STANDARDS), default="ttl",
                   help="serialisatie (standaard ttl)")
    e.add_argument("--output", "-o", metavar="FILE", help="schrijf naar FILE in plaats van naar stdout")
    e.add_argument("--document", metavar="ID",
                   help="akn, legalruleml: één document (id of korte titel; standaard alle)")
    e.add_argument("--out", metavar="DIR",
                   help="akn, legalruleml: schrijf elk document naar DIR/{id}.akn.xml of .lrml.xml")
    e.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    return export_standard(args) if args.format in STANDARDS else export_graph(args)


def export_graph(args: argparse.Namespace) -> int:
    kb = open_kb(args)
    fmt = FORMATS_RDF[args.format]
    if args.format in ("nq", "trig"):
        # the named graphs (the default graph repeats their union)
        data = as_bytes(ox.serialize(kb.named_quads(), format=fmt))
    else:
        # every triple once: the named graphs' triples without their graph names
        triples = list({ox.Triple(q.subject, q.predicate, q.object) for q in kb.named_quads()})
        if args.format == "nt":
            lines = sorted(set(as_bytes(ox.serialize(triples, format=fmt)).decode().splitlines()))
            data = ("\n".join(lines) + "\n").encode()
        else:
            data = as_bytes(ox.serialize(triples, format=fmt, prefixes=prefixes()))
    write_output(data, args.output)
    return 0


def export_standard(args: argparse.Namespace) -> int:
    """dvo-kb export --format akn|legalruleml: one document to stdout or --output, or each to --out DIR."""
    from ..export.write import export

    if not args.out and not args.document:
        raise UserError(say("give_document_or_out", fmt=args.format))
    if args.out and args.output:
        raise UserError(say("out_or_output"))
    result = export(open_kb(args), args.format, args.document, Path(args.out) if args.out else None)
    if args.out:
        print(say("wrote_one" if len(result) == 1 else "wrote", n=len(result), dir=args.out, ids=", ".join(result)),
              file=sys.stderr)
        return 0
    write_output(next(iter(result.values())), args.output)
    return 0
