"""Checks the curated encoding of one or more documents: SHACL (structure and norm shapes)
and coverage (every lid classified; every annex entry that has the words of a norm, a date or a
deadline classified too), with a count of the norms by kind.

    python -m dvo_kb.rules.check_curated dvo-pwm-2018 [more ids]   # or: all

Exit code 0 when the encoding conforms and covers every lid, 1 otherwise.
"""

from __future__ import annotations

import re
import sys
from collections import Counter

from rdflib import Graph, URIRef

from ..clauses.build import GraphBuilder
from ..clauses.corpus import CorpusError, document_ids, normative_ids, parse_document
from ..ontology.load import ontology_graph
from ..ontology.namespace import DVO
from .validate import check

KINDS = ("Obligation", "Permission", "Prohibition", "Power", "Definition", "Declaration", "Recital",
         "CitationTitle", "SignatureClause")
MONTHS = "januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december"
# Words that make an annex entry more than the name of a task: a duty or right (zal, dient, mag,
# verplicht), a decision (gemandateerd, adviseert), a date or a term ("met ingang van", "voor
# 1 juli", "binnen twee weken"). An entry with one of them must carry a provision.
ANNEX_CUES = re.compile(
    r"\b(zal|zullen|dient|dienen|moet|moeten|verplicht\w*|mag|mogen|is bevoegd|verstrekt|gemandateerd|"
    r"adviseert|adviseren|met ingang van|uiterlijk|binnen \w+ (?:dagen|werkdagen|weken|maanden)|"
    r"(?:vóór|voor) \d{1,2} (?:" + MONTHS + r"))\b", re.IGNORECASE)


def coverage(g: Graph, doc: URIRef) -> tuple[list[str], Counter[str]]:
    """The leden of `doc` that have no provision (on the lid or on one of its items), and
    the provisions by kind."""
    missing = []
    for art in sorted(g.objects(doc, DVO.hasArticle), key=str):
        for lid in g.objects(art, DVO.hasParagraph):
            own = set(g.subjects(DVO.source, lid))
            for item in g.objects(lid, DVO.hasItem):
                own |= set(g.subjects(DVO.source, item))
            if not own:
                missing.append(str(lid))
    kinds: Counter[str] = Counter()
    for k in KINDS:
        for p in g.subjects(None, DVO[k]):
            if (p, DVO.source, None) in g and any(
                    str(s).startswith(str(doc) + "/") for s in g.objects(p, DVO.source)):
                kinds[k] += 1
    return sorted(missing), kinds


def annex_coverage(g: Graph, doc: URIRef) -> list[str]:
    """The entries (tasks) of `doc`'s annexes whose words are those of a norm, a date or a term
    (ANNEX_CUES) and that have no provision. The other entries name tasks of the productenlijst,
    whose duty to perform them is the document's own (art. 3); they need none."""
    missing = []
    for annex in g.objects(doc, DVO.hasAnnex):
        for task in g.objects(annex, DVO.hasTask):
            text = str(g.value(task, DVO.text) or "")
            if ANNEX_CUES.search(text) and (None, DVO.source, task) not in g:
                missing.append(str(task))
    return sorted(missing)


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args == ["all"]:
        args = normative_ids()
    builder = GraphBuilder()
    ok = True
    data = ontology_graph()
    data += builder.shared_graph()
    docs = {}
    for d in args:
        try:
            cd = parse_document(d)
        except CorpusError as exc:
            print(exc, file=sys.stderr)
            return 2
        g = builder.document_graph(cd)
        docs[d] = g
        data += g
    # documents the curated files may point to (annex parents, references)
    for d in document_ids():
        if d not in docs:
            data += builder.document_graph(parse_document(d))
    report = check(data, "structure", "norms")
    if not report.conforms:
        ok = False
        print(report.text[:20000])
    for d in args:
        missing, kinds = coverage(data, builder.m.document(d))
        entries = annex_coverage(data, builder.m.document(d))
        total = sum(kinds[k] for k in ("Obligation", "Permission", "Prohibition", "Power"))
        provisions = set(docs[d].subjects(DVO.source, None))
        unreviewed = sum(1 for p in provisions if (p, DVO.reviewStatus, DVO.Unreviewed) in data)
        reviewed = (f"{len(provisions) - unreviewed} of {len(provisions)} provisions reviewed" if unreviewed
                    else "all reviewed")
        print(f"{d}: {total} norms ({', '.join(f'{k} {n}' for k, n in kinds.items() if n)}); "
              f"{len(missing)} leden not classified" + (f", {len(entries)} annex entries not classified" if entries else "")
              + f"; {reviewed}")
        for m in missing + entries:
            print(f"  not classified: {m}")
        ok = ok and not missing and not entries
    print("OK" if ok else "NOT OK")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
