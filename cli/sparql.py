"""``dvo-kb sparql``: a SPARQL 1.1 query on the graph, as a table or in a standard format."""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from ..errors import UserError
from .common import FORMATS_RDF, FORMATS_RESULTS, as_bytes, open_kb, prefixes, say, table, words


def add(sub: Any, common: argparse.ArgumentParser) -> None:
    q = sub.add_parser("sparql", parents=[common], help="voer een SPARQL 1.1-query uit op de graaf",
                       description="Voert een SPARQL 1.1-query uit op de vereniging van alle grafen. De prefixen "
                                   "dvo, rdf, rdfs, owl, xsd, skos, prov, dcterms en eli zijn al gedeclareerd. "
                                   "Alleen queries: een update (INSERT, DELETE, ...) wordt geweigerd.")
    q.add_argument("query", nargs="?", help="de tekst van de query (of gebruik --file)")
    q.add_argument("--file", "-f", metavar="F", help="lees de query uit bestand F")
    q.add_argument("--format", choices=["table", "json", "csv", "tsv", "xml", "turtle", "ttl", "nt", "jsonld"],
                   default="table", help="resultaatformaat (standaard table; turtle, nt, jsonld voor CONSTRUCT "
                                         "en DESCRIBE)")
    q.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    text = _read_query(args)
    if not text.strip():
        raise UserError(say("empty_query"))
    _check(text)
    kb = open_kb(args)
    try:
        res = kb.query(text)
    except SyntaxError as exc:
        raise UserError(engine_error(str(exc))) from exc
    except OSError as exc:
        raise UserError(say("query_failed", error=exc)) from exc
    _write(res, args.format)
    return 0


def _read_query(args: argparse.Namespace) -> str:
    if args.file:
        try:
            return Path(args.file).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            why = getattr(exc, "strerror", None) or exc
            raise UserError(say("cannot_read_query", file=args.file, why=why)) from exc
    if args.query is None:
        raise UserError(say("give_query"))
    return str(args.query)


def _check(text: str) -> None:
    """The query parsed first: an update is refused as such, a syntax error says where."""
    from ..api.sparql_guard import QueryRefused, check

    try:
        check(text)
    except QueryRefused as exc:
        if exc.code == "updates_refused":
            update = exc.message.split(": ", 1)[-1].split(" ", 1)[0]  # "DELETE (a SPARQL update) is refused"
            raise UserError(say("queries_only", what=update)) from None
        if exc.code != "service_refused":  # (the CLI is the user's own: a federated query may run)
            raise UserError(exc.message) from None


def engine_error(message: str) -> str:
    """pyoxigraph's syntax error in a line a person reads: its position and what it found,
    without the lists of Unicode ranges it expected."""
    where = re.match(r"error at (\d+):(\d+)", message)
    at = say("malformed_at", line=where.group(1), column=where.group(2)) if where else ""
    if "Prefix not found" in message or "prefix" in message.lower() and "not" in message.lower():
        return say("malformed", at=at, error=say("undeclared_prefix", prefixes=", ".join(sorted(prefixes()))))
    first = re.sub(r"\[[^\]]*\\u\{[^\]]*\]", "[…]", message.splitlines()[0])
    return say("malformed", at="", error=first[:200])


def _write(res: Any, fmt: str) -> None:
    """The result of the query in ``fmt``: a boolean, a graph, or solutions (a table by default)."""
    out = sys.stdout
    if isinstance(res, ox.QueryBoolean):
        if fmt in FORMATS_RESULTS:
            out.write(as_bytes(res.serialize(format=FORMATS_RESULTS[fmt])).decode())
        else:
            print(words()["yes" if bool(res) else "no"])
        return
    if isinstance(res, ox.QueryTriples):
        triples = list(res)
        out.write(as_bytes(ox.serialize(triples, format=FORMATS_RDF.get(fmt, ox.RdfFormat.TURTLE),
                                        prefixes=prefixes())).decode())
        return
    if fmt in FORMATS_RESULTS:
        out.write(as_bytes(res.serialize(format=FORMATS_RESULTS[fmt])).decode())
        if fmt == "json":
            print()
        return
    if fmt in ("turtle", "ttl"):
        raise UserError(say("turtle_only"))
    names = [v.value for v in res.variables]
    table(names, [[_term(sol[n]) for n in names] for sol in res])


def _term(t: Any) -> str:
    return "" if t is None else str(t.value)
