"""``dvo-kb diff A B``: the command-line face of :mod:`dvo_kb.diff` (wired in ``cli.py``)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import Graph

from .compare import compare
from .render import render_html, render_text

if TYPE_CHECKING:
    from ..store import KnowledgeBase

DRAFT_SUFFIXES = {".txt", ".docx", ".ttl", ".jsonld", ".nt", ".rdf"}
HELP = "vergelijk twee documenten norm voor norm: wat veranderde van A naar B"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("a", help="het eerdere document: een id (dvo-pwm-2018), een korte titel (DVO-2018) of een "
                             "conceptbestand (.txt, .docx, .ttl)")
    parser.add_argument("b", help="het latere document: een id (dvo-pwm-2020-beek), een korte titel of een conceptbestand")
    parser.add_argument("--format", choices=("text", "json", "html"), default="text",
                        help="uitvoer: text, json of html (standaard text)")
    parser.add_argument("--lang", choices=("nl", "en"), default="nl", help="taal van het rapport (standaard nl)")


def side(arg: str, kb: KnowledgeBase | None = None) -> str | Graph:
    """A corpus id or short title as it is; a draft file (.txt, .docx, .ttl, ...) as the graph
    the validator builds of it (its text, parties and extracted norms; its parent regulation
    read from ``kb``)."""
    path = Path(arg)
    if path.suffix.lower() in DRAFT_SUFFIXES or path.is_file():
        from ..validate.reader import read_draft
        from ..validate.validator import validate_draft

        return validate_draft(read_draft(path), kb=kb).data
    return arg


def run(args: argparse.Namespace, kb: KnowledgeBase) -> int:
    d = compare(kb, side(args.a, kb), side(args.b, kb))
    if args.format == "json":
        json.dump(d.as_json(), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    elif args.format == "html":
        sys.stdout.write(render_html(d, args.lang))
    else:
        sys.stdout.write(render_text(d, args.lang))
    return 0
