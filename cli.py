"""The ``dvo-kb`` command line.

    dvo-kb build [--store DIR]              build the graph and print a summary
    dvo-kb show DOC [ARTICLE [LID]]         the text of a document, article or lid, with IRIs
    dvo-kb sparql QUERY | --file F          run a SPARQL 1.1 query on the graph
    dvo-kb export --format ttl|nt|jsonld    the whole graph
    dvo-kb export --format akn|legalruleml [--document ID] [--out DIR]   the documents as AKN, the norms as LegalRuleML

Bad input (an unknown document, malformed SPARQL, an unreadable file) is reported in one line
on stderr with exit code 2, never with a traceback.
"""

from __future__ import annotations

import argparse
import errno
import json
import os
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from . import __version__
from .errors import UserError
from .settings import Settings, cache_setting
from .store import is_remote

FORMATS_RESULTS = {
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
}
FORMATS_RDF = {
    "ttl": ox.RdfFormat.TURTLE, "turtle": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES, "jsonld": ox.RdfFormat.JSON_LD,
    "nq": ox.RdfFormat.N_QUADS, "trig": ox.RdfFormat.TRIG, "xml": ox.RdfFormat.RDF_XML,
}


def _kb(args: argparse.Namespace) -> Any:
    from .clauses.parser import ParseError
    from .store import KnowledgeBase

    try:
        return KnowledgeBase.open(args.store, base=args.base, rebuild=getattr(args, "rebuild", False),
                                  extra=args.extra, cache=args.cache, graph_store=args.graph_store)
    except ParseError as exc:
        raise UserError(f"cannot parse a source text: {exc}") from exc
    except ValueError as exc:
        raise UserError(str(exc)) from exc


# -- build ---------------------------------------------------------------------------------
def cmd_build(args: argparse.Namespace) -> int:
    from .clauses.views import document_view, list_documents

    kb = _kb(args)
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


# -- show ----------------------------------------------------------------------------------
def _print_view(view: dict[str, Any], whole: bool) -> None:
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
                print(f"    - {_provision_line(prov)}")


def _provision_line(p: dict[str, Any]) -> str:
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


def cmd_show(args: argparse.Namespace) -> int:
    from .clauses.views import document_view, select_article

    kb = _kb(args)
    view = select_article(document_view(kb, args.document), args.article, args.lid)
    if args.format == "json":
        json.dump(view, sys.stdout, ensure_ascii=False, indent=2)
        print()
    else:
        _print_view(view, args.article is None)
    return 0


# -- sparql --------------------------------------------------------------------------------
def _read_query(args: argparse.Namespace) -> str:
    if args.file:
        try:
            return Path(args.file).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise UserError(f"cannot read the query file {args.file}: {getattr(exc, 'strerror', None) or exc}") from exc
    if args.query is None:
        raise UserError("give a query, or --file F")
    return str(args.query)


def _term(t: Any) -> str:
    if t is None:
        return ""
    return str(t.value)


def _engine_error(message: str) -> str:
    """pyoxigraph's syntax error in a line a person reads: its position and what it found,
    without the lists of Unicode ranges it expected."""
    where = re.match(r"error at (\d+):(\d+)", message)
    at = f" at line {where.group(1)}, column {where.group(2)}" if where else ""
    if "Prefix not found" in message or "prefix" in message.lower() and "not" in message.lower():
        return (f"malformed SPARQL{at}: a prefix that is not declared (declare it with PREFIX; "
                f"dvo-kb declares {', '.join(sorted(_prefixes()))})")
    first = re.sub(r"\[[^\]]*\\u\{[^\]]*\]", "[…]", message.splitlines()[0])
    return f"malformed SPARQL: {first[:200]}"


def cmd_sparql(args: argparse.Namespace) -> int:
    text = _read_query(args)
    if not text.strip():
        raise UserError("the query is empty")
    from .api.sparql_guard import QueryRefused, check

    try:
        check(text)  # parsed first: an update is refused as such, a syntax error says where
    except QueryRefused as exc:
        if exc.code == "updates_refused":
            raise UserError("dvo-kb sparql runs queries only: " + exc.message.split(": ", 1)[-1]) from None
        if exc.code != "service_refused":  # (the CLI is the user's own: a federated query may run)
            raise UserError(exc.message) from None
    kb = _kb(args)
    try:
        res = kb.query(text)
    except SyntaxError as exc:
        raise UserError(_engine_error(str(exc))) from exc
    except OSError as exc:
        raise UserError(f"the query failed: {exc}") from exc
    out = sys.stdout
    if isinstance(res, ox.QueryBoolean):
        if args.format in FORMATS_RESULTS:
            out.write(_bytes(res.serialize(format=FORMATS_RESULTS[args.format])).decode())
        else:
            print("true" if bool(res) else "false")
        return 0
    if isinstance(res, ox.QueryTriples):
        fmt = FORMATS_RDF.get(args.format, ox.RdfFormat.TURTLE)
        triples = list(res)
        out.write(_bytes(ox.serialize(triples, format=fmt, prefixes=_prefixes())).decode())
        return 0
    # SELECT
    if args.format in FORMATS_RESULTS:
        out.write(_bytes(res.serialize(format=FORMATS_RESULTS[args.format])).decode())
        if args.format == "json":
            print()
        return 0
    if args.format in ("turtle", "ttl"):
        raise UserError("--format turtle is for CONSTRUCT and DESCRIBE queries; use table, json, csv or tsv")
    names = [v.value for v in res.variables]
    rows = [[_term(sol[n]) for n in names] for sol in res]
    _table(names, rows)
    return 0


def _bytes(data: bytes | None) -> bytes:
    """pyoxigraph's serialize returns bytes when it writes to no file."""
    return data or b""


def _prefixes() -> dict[str, str]:
    from .store import PREFIXES

    return dict(PREFIXES)


def _table(names: list[str], rows: list[list[str]]) -> None:
    width = [max([len(n)] + [min(len(r[i]), 80) for r in rows]) for i, n in enumerate(names)]
    print("  ".join(n.ljust(width[i]) for i, n in enumerate(names)))
    print("  ".join("-" * w for w in width))
    for r in rows:
        cells = [(c if len(c) <= 80 else c[:77] + "...").replace("\n", " ") for c in r]
        print("  ".join(c.ljust(width[i]) for i, c in enumerate(cells)))
    print(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")


# -- ask ------------------------------------------------------------------------------------
def cmd_ask(args: argparse.Namespace) -> int:
    from .query.ask import Asker, QuestionError

    question = " ".join(args.question).strip()
    if not question:
        raise UserError("give a question, for example: dvo-kb ask \"wie moet wie informeren bij overmacht?\"")
    kb = _kb(args)
    try:
        ans = Asker(kb, index_cache=args.cache).ask(question)
    except QuestionError as exc:
        raise UserError(str(exc)) from exc
    if args.format == "json":
        json.dump(ans.to_json(), sys.stdout, ensure_ascii=False, indent=2)
        print()
        return 0
    _print_answer(ans, show_sparql=args.sparql)
    return 0


def _print_answer(ans: Any, show_sparql: bool) -> None:
    """An answer in the question's language: the words from api/labels.yaml (section cli), the
    kinds of norm by their rdfs:label, how the question was read and the due dates' rules in
    the reader's words."""
    from .api.dutch import dutch, interpretation
    from .api.labels import labels, term

    lang = "en" if ans.language == "en" else "nl"
    t = labels("cli")[lang]
    print(f"{ans.question}  [{ans.intent}, {ans.language}, {ans.how}]")
    if ans.interpretation:
        print(f"({interpretation(ans.interpretation, lang)})")
    if ans.note:
        print(f"({ans.note})")
    if not ans.answers:
        print(t["nothing"])
        for r in ans.related:
            print(f"  {t['related']}: {r['label']} <{r['iri']}>")
    current = None
    for a in ans.answers:
        group = a.get("group") or a["agreement"]
        if group != current:
            current = group
            print(f"\n== {a.get('document') or a['agreement']}")
        where = f"art. {a['article']}" + (f" lid {a['paragraph']}" if a.get("paragraph") else "") if a.get("article") else ""
        kind = a.get("kind") or ""
        if kind == "CostShare":
            line = f"{a['party']}: {a['share']:g} %" + (f" {t['of_the']} {a['costs']}" if a.get("costs") else "")
            line += f" ({a['period']})" if a.get("period") else ""
        elif kind == "InForce":
            line = f"{t['in_force']} {a['in_force_from']}" + (f" {t['until']} {a['until']}" if a.get("until") else "")
        elif kind in ("Obligation", "Permission", "Prohibition", "Power"):
            line = f"{term(kind, lang)}: {a.get('bearer') or '?'}"
            if a.get("counterparty"):
                line += f" -> {a['counterparty']}"
            if a.get("action"):
                line += f": {a['action']}"
            if a.get("deadline"):
                line += f"; {t['deadline']}: {a['deadline']}"
            if a.get("survives"):
                line += f"; {t['survives']}"
        elif kind == "Definition":  # a definition whose term the graph does not name: its heading, or nothing
            line = (t["definition_of"].format(term=a["term"]) if a.get("term")
                    else t["definition"] + (f" ({a['heading']})" if a.get("heading") else ""))
        else:
            line = (term(kind, lang) if kind else "") or (a.get("heading") or "")
        print(f"{where:16} {line}")
        print("                 " + a["text"].replace("\n", "\n                 "))
        for c in a.get("conditions", []):
            print(f"                 {t['condition']}: {c}")
        for n in a.get("norms", []):
            for d in n.get("due_dates", []):
                print(f"                 {t['due']} {d['due']}: {dutch(d['rule']) if lang == 'nl' else d['rule']}")
        for n in a.get("notes", []):
            print(f"                 {t['note']}: {n}")
        print(f"                 <{a['iri']}>")
    if show_sparql:
        for q in ans.queries:
            print("\n-- SPARQL (" + q.template + ".rq), bindings: " + json.dumps(q.bindings_json(), ensure_ascii=False))
            print(q.sparql)


# -- deadlines, events, duties ---------------------------------------------------------------
def _date(text: str) -> Any:
    """A date argument: a day that exists, within the years the date engine answers for
    (settings.CALENDAR_YEARS); else argparse's error (exit 2)."""
    import datetime as dt

    from .rules.calendar import range_text
    from .settings import CALENDAR_YEARS

    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD, a day that exists)") from None
    if not CALENDAR_YEARS[0] <= day.year <= CALENDAR_YEARS[1]:
        raise argparse.ArgumentTypeError(f"{text} is outside the supported range {range_text()}")
    return day


def _year(text: str) -> int:
    from .settings import CALENDAR_YEARS

    first, last = CALENDAR_YEARS
    if not text.strip().isdigit() or not first <= int(text) <= last:
        raise argparse.ArgumentTypeError(f"{text!r} is not a year between {first} and {last}")
    return int(text)


def _items_out(items: list[Any], undated: list[Any], fmt: str, name: str, steps: bool = False,
               lang: str = "nl") -> None:
    """The items as json, ics or a table; the table in the reader's language (words from
    api/labels.yaml, the kinds of norm by their rdfs:label, the engine's words through api/dutch.py)."""
    from .api.dutch import dutch_item
    from .api.labels import labels, term
    from .rules.deadlines import to_ics

    if fmt == "json":
        json.dump({"items": [i.to_json() for i in items], "not_computable": [i.to_json() for i in undated]},
                  sys.stdout, ensure_ascii=False, indent=2)
        print()
        return
    if fmt == "ics":
        sys.stdout.write(to_ics([dutch_item(i, skipped_in_steps=True) for i in items], name))
        return
    t = labels("cli")[lang]
    if not items and not undated:
        print(t["none"])
    for i in items:
        if lang == "nl":
            i = dutch_item(i)
        where = i.where
        due = i.due.isoformat() if i.due else t["no_date"]
        if i.due and i.date_kind == "arises":
            due = f"{t['from']} {i.due.isoformat()}"
        kind = term(i.kind, lang) or i.kind
        print(f"{due:15} {i.agreement} {where:14} {kind:13} {i.bearer or '?'} -> {i.counterparty or '-'}: {i.action}")
        rolled = i.rolled and "rolled forward" not in i.rule and "verschoven" not in i.rule
        print(f"{'':15} {t['rule']}: {i.rule}" + (f" [{t['rolled']}]" if rolled else ""))
        for step in i.steps if steps else []:
            print(f"{'':15} - {step}")
        if i.skipped:
            print(f"{'':15} {t['skipped']}: {'; '.join(i.skipped)}")
        for note in [] if steps else i.calendar_notes:  # (with steps, the notes are among them)
            print(f"{'':15} {t['note']}: {note}")
    if undated:
        print(f"\n{t['undated']}")
        for i in undated:
            print(f"  {i.agreement} {i.where}: {i.action} ({i.deadline_text})")


def cmd_deadlines(args: argparse.Namespace) -> int:
    import datetime as dt

    from .rules.deadlines import Rules

    if args.year is None and (args.date_from is None or args.date_to is None):
        raise UserError("give --year Y, or --from D and --to D")
    if args.year is not None and (args.date_from or args.date_to):
        raise UserError("give either --year or --from/--to, not both")
    start = args.date_from or dt.date(args.year, 1, 1)
    end = args.date_to or dt.date(args.year, 12, 31)
    rules = Rules(_kb(args))
    items, undated = rules.calendar(args.agreement, start, end, args.party, args.roll_forward)
    _items_out(items, undated, args.format, f"{args.agreement} {start}..{end}", lang=args.lang)
    return 0


def cmd_events(args: argparse.Namespace) -> int:
    from .rules.deadlines import Rules

    events = Rules(_kb(args)).events(args.agreement)
    if args.format == "json":
        json.dump({"events": events}, sys.stdout, ensure_ascii=False, indent=2)
        print()
    else:
        for e in events:
            print(f"{e['id']:32} {', '.join(e['labels'])}")
    return 0


def cmd_duties(args: argparse.Namespace) -> int:
    from .rules.deadlines import Rules

    items = Rules(_kb(args)).duties(args.agreement, args.event, args.on, args.party, args.roll_forward)
    _items_out(items, [], args.format, f"{args.agreement} {args.event} {args.on}", steps=True, lang=args.lang)
    return 0


# -- serve ----------------------------------------------------------------------------------
def cmd_validate(args: argparse.Namespace) -> int:
    from .validate.reader import read_draft
    from .validate.report import render_text
    from .validate.validator import catalogue, corpus_draft, validate_draft

    if args.rules:
        rules = catalogue()
        if args.format == "json":
            print(json.dumps([r.__dict__ for r in rules], ensure_ascii=False, indent=2))
        else:
            for r in rules:
                print(f"{r.id:32} {r.severity:9} {r.applies_to:28} {r.message.get(args.lang, '')}")
                print(f"{'':32} {r.source.get(args.lang, '')}")
        return 0
    if bool(args.draft) == bool(args.corpus):
        raise UserError("give a draft file (.txt, .docx, .ttl, .jsonld), or --corpus ID for a document of the corpus")
    draft = corpus_draft(args.corpus) if args.corpus else read_draft(Path(args.draft))
    result = validate_draft(draft, on=args.on)
    if args.format == "json":
        print(json.dumps(result.as_json(), ensure_ascii=False, indent=2))
    elif args.format == "turtle":
        print(result.turtle())
    else:
        print(render_text(result, args.lang), end="")
    return 0 if result.conforms else 1


def cmd_diff(args: argparse.Namespace) -> int:
    from .diff import cli as diff_cli

    return diff_cli.run(args, _kb(args))


def _check_port(host: str, port: int) -> None:
    """That the address can be bound (as uvicorn binds it, with SO_REUSEADDR), else a UserError
    naming it: a busy port is said in one line before anything is built or announced."""
    import socket

    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise UserError(f"cannot serve on {host}:{port}: {exc.strerror}") from None
    family, _, _, _, address = infos[0]
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(address)
        except OSError as exc:
            why = "the port is in use" if exc.errno == errno.EADDRINUSE else exc.strerror
            raise UserError(f"cannot serve on http://{host}:{port}/: {why} (choose another with --port)") from None


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    # the settings travel to the workers in the environment
    for key, value in (("STORE", args.store), ("GRAPH_STORE", args.graph_store),
                       ("EXTRA_DATA", os.pathsep.join(args.extra)), ("CACHE", args.cache or "off"),
                       ("BASE_IRI", args.base)):
        if value:
            os.environ["DVO_KB_" + key] = value
    if args.workers > 1 and args.store and not is_remote(args.store):
        raise UserError("several workers cannot share an on-disk store: use the in-memory store (each worker loads "
                        "the cached build) or a SPARQL server (--store URL); see the README")
    _check_port(args.host, args.port)  # before building the graph and before saying "serving on"
    from .api.deps import get_kb

    kb = get_kb()  # build (or reuse) the graph before the first request; the workers then load the cache
    where = f"the SPARQL server at {args.store}" if kb.info.kind == "remote" else f"the {kb.info.kind} store"
    print(f"dvo-kb {__version__}: {kb.info.triples} triples on {where} ({kb.info.seconds:.2f} s"
          f"{', reused' if kb.info.reused else ''}); serving on http://{args.host}:{args.port}/ with "
          f"{args.workers} worker{'s' if args.workers > 1 else ''} (SPARQL at /sparql, API docs at /docs)", flush=True)
    uvicorn.run("dvo_kb.api.main:app", host=args.host, port=args.port, workers=args.workers,
                log_level=args.log_level)
    return 0


# -- publish -------------------------------------------------------------------------------
def cmd_publish(args: argparse.Namespace) -> int:
    from .publish import publish

    if args.store and is_remote(args.store):
        raise UserError("publish sends the graph built here to a server: leave out --store URL (or DVO_KB_STORE)")
    report = publish(_kb(args), args.to, query_endpoint=args.query_endpoint, prune=not args.keep_others)
    if args.format == "json":
        print(json.dumps(report.to_json(), indent=2))
    else:
        print(f"published {report.graphs} graphs ({report.triples} triples) to {report.graph_store} in "
              f"{report.seconds:.1f} s" + (f"; deleted {len(report.deleted)} graphs no longer built: "
                                            + ", ".join(report.deleted) if report.deleted else ""))
    return 0



# -- export --------------------------------------------------------------------------------
def cmd_export(args: argparse.Namespace) -> int:
    kb = _kb(args)
    fmt = FORMATS_RDF[args.format]
    if args.format in ("nq", "trig"):
        # the named graphs (the default graph repeats their union)
        quads = kb.named_quads()
        data = _bytes(ox.serialize(quads, format=fmt))
    else:
        triples = list(kb.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"))
        if args.format == "nt":
            lines = sorted(set(_bytes(ox.serialize(triples, format=fmt)).decode().splitlines()))
            data = ("\n".join(lines) + "\n").encode()
        else:
            data = _bytes(ox.serialize(triples, format=fmt, prefixes=_prefixes()))
    _write_output(data, args.output)
    return 0


def _write_output(data: bytes, output: str | None) -> None:
    """An export's bytes to --output FILE, or to stdout."""
    if not output:
        sys.stdout.buffer.write(data)
        return
    try:
        Path(output).write_bytes(data)
    except OSError as exc:
        raise UserError(f"cannot write {output}: {exc.strerror}") from exc


def cmd_export_standard(args: argparse.Namespace) -> int:
    """dvo-kb export --format akn|legalruleml: one document to stdout or --output, or each to --out DIR."""
    from .export.write import export

    if not args.out and not args.document:
        raise UserError(f"--format {args.format}: give --document ID (to stdout or --output FILE) or --out DIR")
    if args.out and args.output:
        raise UserError("give --out DIR (a file per document) or --output FILE, not both")
    result = export(_kb(args), args.format, args.document, Path(args.out) if args.out else None)
    if args.out:
        print(f"wrote {len(result)} document{'s' if len(result) != 1 else ''} to {args.out}: " + ", ".join(result),
              file=sys.stderr)
        return 0
    data = next(iter(result.values()))
    _write_output(data, args.output)
    return 0


# -- parser --------------------------------------------------------------------------------
def parser() -> argparse.ArgumentParser:
    env = Settings.from_env()
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--store", metavar="DIR|URL", default=env.store,
                        help="keep the graph in an on-disk store in DIR and reuse it while the sources are "
                             "unchanged, or use the graph on the SPARQL server whose query endpoint is URL "
                             "(see publish); default: in memory, loaded from the cache; env DVO_KB_STORE")
    common.add_argument("--graph-store", metavar="URL", default=env.graph_store,
                        help="the server's Graph Store Protocol endpoint (default: derived from --store; "
                             "env DVO_KB_GRAPH_STORE)")
    common.add_argument("--extra", metavar="FILE", action="append", default=list(env.extra_data),
                        help="an N-Quads or TriG file to add to the corpus (repeatable; env DVO_KB_EXTRA_DATA)")
    common.add_argument("--cache", metavar="DIR", default=env.cache, type=cache_setting,
                        help=f"where an in-memory store keeps the dump of its build, reused while the sources "
                             f"are unchanged ('off': nowhere; default {env.cache}; env DVO_KB_CACHE)")
    common.add_argument("--base", metavar="IRI", default=env.base_iri,
                        help=f"base IRI of the graph (default {env.base_iri}; env DVO_KB_BASE_IRI)")
    ap = argparse.ArgumentParser(prog="dvo-kb", description="dvo-kb: a rules-as-code knowledge base of Dutch "
                                 "intergovernmental agreements (centrumregelingen and DVOs).")
    ap.add_argument("--version", action="version", version=f"dvo-kb {__version__}")
    sub = ap.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True

    b = sub.add_parser("build", parents=[common], help="build the graph from the sources and print a summary",
                       description="Parse the corpus, build the RDF graph, load it into the embedded store "
                                   "and print a summary per document.")
    b.add_argument("--rebuild", action="store_true", help="rebuild even if an on-disk store is up to date")
    b.set_defaults(func=cmd_build)

    s = sub.add_parser("show", parents=[common], help="print a document, article or lid with its IRIs",
                       description="Print the verbatim text of a document, an article or a lid, with IRIs.")
    s.add_argument("document", help="document id (e.g. dvo-pwm-2018) or short title (e.g. DVO-2018)")
    s.add_argument("article", nargs="?", help="article number as printed (e.g. 16.1, 13, 7a)")
    s.add_argument("lid", nargs="?", help="lid label as printed (e.g. 3, 6.2)")
    s.add_argument("--format", choices=["text", "json"], default="text", help="output format (default text)")
    s.set_defaults(func=cmd_show)

    q = sub.add_parser("sparql", parents=[common], help="run a SPARQL 1.1 query on the graph",
                       description="Run a SPARQL 1.1 query over the union of all graphs. The prefixes "
                                   "dvo, rdf, rdfs, owl, xsd, skos, prov, dcterms and eli are predeclared.")
    q.add_argument("query", nargs="?", help="the query text (or use --file)")
    q.add_argument("--file", "-f", metavar="F", help="read the query from file F")
    q.add_argument("--format", choices=["table", "json", "csv", "tsv", "xml", "turtle", "ttl", "nt", "jsonld"],
                   default="table", help="results format (default table; turtle/nt/jsonld for CONSTRUCT)")
    q.set_defaults(func=cmd_sparql)

    a = sub.add_parser("ask", parents=[common], help="ask a question in Dutch or English",
                       description="Answer a question in Dutch or English with the provisions that answer it: "
                                   "per document the article, lid, bearer, counterparty, deadline and the verbatim "
                                   "text. Examples: \"wie moet wie informeren bij overmacht?\", \"which deadlines "
                                   "apply to Huizen?\", \"what share of the costs does Stein pay?\".")
    a.add_argument("question", nargs="+", help="the question (quote it in the shell)")
    a.add_argument("--format", choices=["text", "json"], default="text", help="output format (default text)")
    a.add_argument("--sparql", action="store_true", help="also print the SPARQL query and its bindings")
    a.set_defaults(func=cmd_ask)

    d = sub.add_parser("deadlines", parents=[common], help="the dated deadlines of an agreement in a window",
                       description="The fixed and recurring deadlines of an agreement in a year or a window, "
                                   "computed from the norms (working days: Monday-Friday except Dutch public "
                                   "holidays). Recurrences without a day are listed as not computable.")
    d.add_argument("--agreement", required=True, help="document id or short title")
    d.add_argument("--party", help="only deadlines of norms that involve this party (id, e.g. beek)")
    d.add_argument("--year", type=_year, help="a calendar year")
    d.add_argument("--from", dest="date_from", type=_date, help="start of the window (YYYY-MM-DD)")
    d.add_argument("--to", dest="date_to", type=_date, help="end of the window (YYYY-MM-DD)")
    d.add_argument("--format", choices=["table", "json", "ics"], default="table", help="output (default table)")
    d.add_argument("--roll-forward", action="store_true",
                   help="move a due date on a weekend or holiday to the next working day (as the Algemene "
                        "termijnenwet does for statutory terms); every date it moves says so")
    d.add_argument("--lang", choices=["nl", "en"], default="nl", help="language of the table (default nl)")
    d.set_defaults(func=cmd_deadlines)

    ev = sub.add_parser("events", parents=[common], help="the trigger events an agreement knows",
                        description="The events that trigger norms of an agreement or anchor their deadlines.")
    ev.add_argument("--agreement", required=True, help="document id or short title")
    ev.add_argument("--format", choices=["table", "json"], default="table")
    ev.set_defaults(func=cmd_events)

    du = sub.add_parser("duties", parents=[common], help="the duties and rights an event triggers, with dates",
                        description="The duties and rights an event triggers under an agreement, with their "
                                    "computed dates; with --party, for that party suffering the event.")
    du.add_argument("--agreement", required=True, help="document id or short title")
    du.add_argument("--event", required=True, help="event id or label, Dutch or English (see dvo-kb events)")
    du.add_argument("--on", required=True, type=_date, help="the date of the event (YYYY-MM-DD)")
    du.add_argument("--party", help="the party that suffers the event (id, e.g. huizen)")
    du.add_argument("--format", choices=["table", "json"], default="table")
    du.add_argument("--roll-forward", action="store_true", help="as for deadlines")
    du.add_argument("--lang", choices=["nl", "en"], default="nl", help="language of the table (default nl)")
    du.set_defaults(func=cmd_duties)

    va = sub.add_parser("validate", help="check a draft agreement against the rule catalogue",
                        description="Check a draft (.txt, .docx, or RDF: .ttl, .jsonld) against the rule catalogue "
                                    "(Wgr, AVG, references, placeholders, numbering, dates, cost keys, good drafting "
                                    "practice, the parent regulation). Exit 0 without violations, 1 with, 2 when the "
                                    "draft cannot be read.")
    va.add_argument("draft", nargs="?", help="the draft file")
    va.add_argument("--corpus", metavar="ID", help="validate a document of the corpus from its text (e.g. sok-wm-2025)")
    va.add_argument("--format", choices=["text", "json", "turtle"], default="text",
                    help="text: a report by article; json: the findings and extracted norms; turtle: the SHACL "
                         "validation report (default text)")
    va.add_argument("--lang", choices=["nl", "en"], default="nl", help="language of the messages (default nl)")
    va.add_argument("--on", metavar="DATE", type=_date, help="judge the draft at this date (references to repealed acts); "
                                                 "default today")
    va.add_argument("--rules", action="store_true", help="list the rules of the catalogue and exit")
    va.set_defaults(func=cmd_validate)

    from .diff import cli as diff_cli

    df = sub.add_parser("diff", parents=[common], help=diff_cli.HELP,
                        description="Compare two documents norm by norm: aligned articles, changed norms "
                                    "(bearer, counterparty, deadline, condition, ...), then the word-level changes.")
    diff_cli.add_arguments(df)
    df.set_defaults(func=cmd_diff)

    sv = sub.add_parser("serve", parents=[common], help="serve the web app, the API and the SPARQL endpoint",
                        description="Serve the web pages, the JSON API and the SPARQL 1.1 endpoint on the embedded "
                                    "store (settings from DVO_KB_* environment variables; see README).")
    sv.add_argument("--host", default=os.environ.get("DVO_KB_HOST", "127.0.0.1"), help="default 127.0.0.1")
    sv.add_argument("--port", type=int, default=int(os.environ.get("DVO_KB_PORT", "8000")), help="default 8000")
    sv.add_argument("--log-level", default="info", choices=["critical", "error", "warning", "info", "debug"])
    sv.add_argument("--workers", type=int, default=int(os.environ.get("DVO_KB_WORKERS", "1")),
                    help="worker processes (default 1; more need the in-memory store or a SPARQL server)")
    sv.set_defaults(func=cmd_serve)

    pb = sub.add_parser("publish", parents=[common], help="load the built graph into a SPARQL server",
                        description="Put every named graph of the build (one per document) into a SPARQL server "
                                    "with the Graph Store Protocol, replacing each graph in one step; graphs of "
                                    "this knowledge base that are no longer built are deleted. Then serve from the "
                                    "server with --store http://HOST/query.")
    pb.add_argument("--to", required=True, metavar="URL",
                    help="the Graph Store Protocol endpoint (Oxigraph: http://HOST:7878/store; Fuseki: .../DATASET/data)")
    pb.add_argument("--query-endpoint", metavar="URL",
                    help="the server's query endpoint, to find graphs to delete (default: derived from --to)")
    pb.add_argument("--keep-others", action="store_true",
                    help="do not delete this knowledge base's graphs that the build no longer has")
    pb.add_argument("--format", choices=["text", "json"], default="text")
    pb.set_defaults(func=cmd_publish)

    e = sub.add_parser("export", parents=[common], help="export the whole graph, or the documents as AKN or LegalRuleML",
                       description="Export the whole graph (ttl, nt, jsonld: the union of all graphs; "
                                   "nq, trig: with the named graphs), or the documents in the standards of the field "
                                   "(akn: Akoma Ntoso 3.0 XML; legalruleml: the norms as LegalRuleML; see export/README.md).")
    e.add_argument("--format", choices=sorted(FORMATS_RDF) + ["akn", "legalruleml"], default="ttl",
                   help="serialisation (default ttl)")
    e.add_argument("--output", "-o", metavar="FILE", help="write to FILE instead of stdout")
    e.add_argument("--document", metavar="ID", help="akn, legalruleml: one document (id or short title; default all)")
    e.add_argument("--out", metavar="DIR", help="akn, legalruleml: write each document to DIR/{id}.akn.xml or .lrml.xml")
    e.set_defaults(func=lambda a: (cmd_export_standard if a.format in ("akn", "legalruleml") else cmd_export)(a))
    return ap


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return int(args.func(args))
    except UserError as exc:
        print(f"dvo-kb: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except BrokenPipeError:
        return 0
    except Exception as exc:  # a bug, not bad input: one line, no traceback, unless asked
        if os.environ.get("DVO_KB_DEBUG"):
            raise
        print(f"dvo-kb: internal error: {type(exc).__name__}: {exc} (set DVO_KB_DEBUG=1 for a traceback)",
              file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
