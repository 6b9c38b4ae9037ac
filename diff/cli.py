"""``dvo-kb diff A B``: the command-line face of :mod:`dvo_kb.diff` (wired in ``cli.py``)."""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING

from .compare import compare
from .render import render_html, render_text

if TYPE_CHECKING:
    from ..store import KnowledgeBase

HELP = "compare two documents norm by norm: what changed from A to B"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("a", help="the earlier document: an id (dvo-pwm-2018) or short title (DVO-2018)")
    parser.add_argument("b", help="the later document: an id (dvo-pwm-2020-beek) or short title")
    parser.add_argument("--format", choices=("text", "json", "html"), default="text",
                        help="output format (default text)")
    parser.add_argument("--lang", choices=("en", "nl"), default="en", help="language of the text report")


def run(args: argparse.Namespace, kb: KnowledgeBase) -> int:
    d = compare(kb, args.a, args.b)
    if args.format == "json":
        json.dump(d.as_json(), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    elif args.format == "html":
        sys.stdout.write(render_html(d, args.lang))
    else:
        sys.stdout.write(render_text(d, args.lang))
    return 0
