"""``dvo-kb ask``: a question in Dutch or English, answered with the provisions that answer it."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from ..errors import UserError
from .common import open_kb, say


def add(sub: Any, common: argparse.ArgumentParser) -> None:
    a = sub.add_parser("ask", parents=[common], help="stel een vraag in het Nederlands of Engels",
                       description="Beantwoordt een vraag in het Nederlands of Engels met de bepalingen die haar "
                                   "beantwoorden: per document het artikel, het lid, de drager, de wederpartij, de "
                                   "termijn en de letterlijke tekst. Voorbeelden: \"wie moet wie informeren bij "
                                   "overmacht?\", \"welke termijnen gelden voor Huizen?\", \"welk deel van de kosten "
                                   "betaalt Stein?\".")
    a.add_argument("question", nargs="+", help="de vraag (tussen aanhalingstekens in de shell)")
    a.add_argument("--format", choices=["text", "json"], default="text", help="uitvoer (standaard text)")
    a.add_argument("--sparql", action="store_true", help="toon ook de SPARQL-query en haar bindingen")
    a.add_argument("--party", metavar="PARTIJ", help="de partij waarvoor u werkt (bijvoorbeeld stein): een vraag die "
                                                      "geen document noemt, wordt beantwoord uit de documenten van die partij")
    a.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..query.ask import Asker, QuestionError, UnknownParty

    question = " ".join(args.question).strip()
    if not question:
        raise UserError(say("give_question"))
    kb = open_kb(args)
    try:
        ans = Asker(kb, index_cache=args.cache).ask(question, party=args.party)
    except UnknownParty as exc:
        raise UserError(say("unknown_party", party=exc.party, parties=", ".join(exc.known))) from None
    except QuestionError as exc:  # in one language: the question's (api/dutch.py refusal)
        from ..api.dutch import refusal
        from ..query.language import question_language

        raise UserError(refusal(str(exc), question_language(question))) from exc
    if args.format == "json":
        from ..api.dutch import answer_json

        json.dump(answer_json(ans), sys.stdout, ensure_ascii=False, indent=2)
        print()
        return 0
    print_answer(ans, show_sparql=args.sparql)
    return 0


def print_answer(ans: Any, show_sparql: bool) -> None:
    """An answer in the question's language: the words from api/labels.yaml (section cli), the
    kinds of norm by their rdfs:label, how the question was read and the due dates' rules in
    the reader's words."""
    from ..api.dutch import interpretation
    from ..api.labels import labels, where

    lang = "en" if ans.language == "en" else "nl"
    t = labels("cli")[lang]
    how = labels("pages")[lang].get(f"how_{ans.how}", ans.how)  # "Begrepen als vraag", "Gevonden in de tekst"
    intent = labels("interpretation")[lang].get(ans.intent, ans.intent)
    print(f"{ans.question}  [{intent}, {ans.language}, {how[:1].lower() + how[1:]}]")
    if ans.interpretation:
        print(f"({interpretation(ans.interpretation, lang)})")
    if ans.note:
        print(f"({ans.note})")
    if not ans.answers:
        print(t["nothing"])
        for r in ans.related:
            print(f"  {t['related']}: {r['label']} <{r['iri']}>")
    from ..api.labels import answer_line, merged_shares

    current = None
    best = [a for a in ans.answers if a.get("best", True)]  # the best handful in full
    for a in merged_shares(best):  # a lid's cost shares on one line
        group = a.get("group") or a["agreement"]
        if group != current:
            current = group
            print(f"\n== {a.get('document') or a['agreement']}")
        _print_one(a, t, lang)
    rest = [a for a in ans.answers if not a.get("best", True)]
    if rest:  # the others found, one line each (listed, not dropped; --format json has them in full)
        print("\n" + labels("pages")[lang]["rest"].format(n=len({a["iri"] for a in rest})) + ":")
        for a in merged_shares(rest):
            print(f"  {a.get('document') or a['agreement']} {where(a, lang)}: {answer_line(a, lang)} <{a['iri']}>")
    if ans.more:  # the grammar's further answers, ranked far below (listed, not dropped)
        print("\n" + labels("pages")[lang]["more"].format(n=len(ans.more)) + ":")
        for a in ans.more:
            print(f"  {a.get('document') or a['agreement']} {where(a, lang)}: {answer_line(a, lang)} <{a['iri']}>")
    if ans.answers and ans.related:  # a text answer's next articles (the search page lists them too)
        print("\n" + labels("pages")[lang]["related_next"] + ":")
        for r in ans.related:
            print(f"  {r['label']} <{r['iri']}>")
    if show_sparql:
        for q in ans.queries:
            print("\n-- SPARQL (" + q.template + ".rq), bindings: " + json.dumps(q.bindings_json(), ensure_ascii=False))
            print(q.sparql)


def _print_one(a: dict[str, Any], t: dict[str, str], lang: str) -> None:
    """One answer: where, what, the verbatim text, its conditions, due dates, notes and IRI."""
    from ..api.labels import answer_line, norms_apart, term, where

    pad = " " * 17
    apart = norms_apart(a, lang)  # a lid of several norms: each on a line of its own, with its own details
    # an answer that rests on a norm dvo-kb add extracted and no person checked: marked on its own line
    unreviewed = f" [{term('Unreviewed', lang)}]" if a.get("reviewed") is False else ""
    print(f"{where(a, lang):16} {a.get('heading') or '' if apart else answer_line(a, lang)}".rstrip() + unreviewed)
    print(pad + a["text"].replace("\n", "\n" + pad))
    for n in apart:
        print(f"{pad}• {answer_line(n, lang)}")
        _print_details([n], n["conditions"], (n.get("notes_by_lang") or {}).get(lang, n.get("notes", [])),
                       pad + "  ", t, lang)
    if not apart:
        _print_details(a.get("norms", []), a.get("conditions", []), a.get("notes", []), pad, t, lang)
    print(f"{pad}<{a['iri']}>")


def _print_details(norms: list[dict[str, Any]], conditions: list[str], notes: list[str], pad: str,
                   t: dict[str, str], lang: str) -> None:
    """The conditions, due dates and ambiguity notes under an answer or one of its norms."""
    from ..api.dutch import dutch, english

    for c in conditions:
        print(f"{pad}{t['condition']}: {c}")
    for n in norms:
        for d in n.get("due_dates", []):
            print(f"{pad}{t['due']} {d['due']}: {dutch(d['rule']) if lang == 'nl' else english(d['rule'])}")
    for x in notes:
        print(f"{pad}{t['note']}: {x}")
