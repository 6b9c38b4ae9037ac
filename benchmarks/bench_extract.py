"""Benchmark: extraction of norms from draft text, against the curated encoding, per document.

    python benchmarks/bench_extract.py [--loo] [--runs 5] [--json FILE] [--write]
    python benchmarks/bench_extract.py --errors DOC  (the lids where kind + bearer differs, LOO)

Per document (the six normative documents of the corpus) and micro-averaged over all: P / R /
F1 per lid of the deontic kind, of kind + bearer, of kind + counterparty, of kind + action and
of the structured deadlines (validate/evaluate.py says how they are compared), and the time to
extract the norms of a document from its parsed structure (median of --runs).

``--loo`` (leave one document out): the learned parts of the extractor (validate/learn.py: the
bearer of a norm whose sentence names none, and the action) are trained, for each document,
on the other five only. Without it the stored model (validate/lexicon/learned.json, trained on
all six) is used, which is in-sample for every document. The cue lexicons
(validate/lexicon/*.yaml) are hand-written and cannot be left out; TUNED names the documents
whose errors were looked at while they were written or changed (see benchmarks/RESULTS.md):
the others are held out from the changes of issue 21 item 4.
"""

from __future__ import annotations

import argparse
import json
import platform
import re
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))
from results import write_section  # noqa: E402

# Documents whose extraction errors were read while the lexicons and rules were changed for
# issue 21 item 4; the other documents were not looked at (held out).
TUNED = ("cr-pwm-2018", "dvo-pwm-2018", "dvo-pwm-2020-beek", "dvo-pwm-2020-beek-privacyprotocol")
TARGET = 0.85  # kind + bearer F1 on every document (issue 21 item 4)

# F1 (kind, kind+bearer, counterparty, action, deadline) of the extractor before issue 21 item 4
# (commit 831df97: lexicons only, no learned part, no action), scored the same way.
BEFORE = {
    "cr-pwm-2018": (0.77, 0.59, 0.46, 0.0, 0.86),
    "dvo-pwm-2018": (0.87, 0.67, 0.44, 0.0, 0.92),
    "dvo-pwm-2020-beek": (0.89, 0.70, 0.67, 0.0, 0.91),
    "dvo-pwm-2020-beek-privacyprotocol": (0.72, 0.11, 0.0, 0.0, 0.67),
    "dvo-hbel-2026": (0.83, 0.73, 0.41, 0.0, 0.80),
    "sok-wm-2025": (0.83, 0.58, 0.17, 0.0, 0.73),
    "all": (0.81, 0.59, 0.41, 0.0, 0.84),
}


NOTES = """\
How it is measured. Per lid, the set of kinds, of (kind, bearer), (kind, counterparty),
(kind, action) and of deadlines of the extracted norms against those of the curated encoding
(validate/evaluate.py); a bearer or counterparty is the set of municipalities it denotes (a
variable role or none: the empty set). With `--loo` the three learned parts (validate/learn.py:
the bearer of a norm whose sentence names none, the counterparty where the sentence names none,
the action; naive Bayes over the words, trained in a second from the curated encoding of the
other five documents) never saw the measured document. What cannot be left out: the cue
lexicons (validate/lexicon/*.yaml) and the rules of validate/extract.py and parties.py are
written by hand. They were written before issue 21 with all six documents in view, so no
document is blind to them. For this issue the errors of the four *tuned* documents were read
and the lexicons, rules and the three thresholds of learn.py (chosen leave one document out on
the tuned documents only) were changed; the errors of the two *held-out* documents
(dvo-hbel-2026, sok-wm-2025) were not read, and no change was made or undone because of
them. Their totals were printed along with the others after each change, and while the action
threshold was chosen, so that one choice is not fully blind. The held-out figures did move
against a change once: the last one (statements of purpose no norm; "kunnen" with no party no
permission) gained 0.002 kind + bearer F1 on the tuned documents and cost dvo-hbel-2026 0.02; it
was kept, as every change was judged on the tuned documents alone. The action rules use the labels
of dvo:ActionScheme (ontology/modules/topic.ttl), written by hand. The in-sample figures
(stored model, trained on all six) are much higher for the action (F1 0.70 against 0.37):
only the leave-one-out figures above say how the extractor does on a new agreement.

The target of kind + bearer F1 ≥ 0.85 on every document is **not met**: two of the six
documents (the two DVOs of Participatiebedrijf Westelijke Mijnstreek) reach it leave one
document out; the regeling, the privacy protocol and the two held-out documents do not. The
ceiling is the kind: kind + bearer can be no better than the kind, and the kind stays at
{kind_range} per document. No pretrained model was used: spaCy's Dutch pipelines are not on the
package index (`pip download nl_core_news_sm`: no matching distribution; they are release
downloads from GitHub) and Stanza downloads its weights at run time; neither may be used here.
"""


def _names(pairs: set[tuple[str, frozenset[str]]]) -> str:
    return ", ".join(f"{k}:{'+'.join(sorted(m)) or '-'}" for k, m in sorted(pairs, key=lambda p: (p[0], sorted(p[1]))))


def errors(doc_id: str) -> int:
    """Print, lid by lid, where the extracted (kind, bearer) pairs of `doc_id` differ from the
    curated ones (learned parts trained without it), with the sentences and the cues that decided."""
    from collections import defaultdict

    from dvo_kb.clauses.build import build
    from dvo_kb.clauses.corpus import parse_document
    from dvo_kb.validate.evaluate import curated, documents
    from dvo_kb.validate.extract import extract, units
    from dvo_kb.validate.learn import train

    if doc_id not in TUNED:
        print(f"warning: {doc_id} is held out; reading its errors makes it a tuned document", file=sys.stderr)
    graph = build().union()
    gold = curated(doc_id, graph)
    doc = parse_document(doc_id).doc
    parties, norms = extract(doc, model=train([d for d in documents() if d != doc_id], graph))
    by_key = {p.key: p for p in parties}
    pred: dict[tuple[str, str | None], set[tuple[str, frozenset[str]]]] = defaultdict(set)
    for n in norms:
        munis: set[str] = set()
        for k in n.bearers:
            if k in by_key:
                munis |= by_key[k].municipalities(parties)
        pred[(n.place.article, n.place.paragraph)].add((n.kind, frozenset(munis)))
    text = defaultdict(list)
    for place, t, _ in units(doc):
        text[(place.article, place.paragraph)].append(t)
    fp = fn = 0
    for lid in sorted(gold.lids | set(pred), key=lambda x: (x[0], x[1] or "")):
        g, p = gold.kind_bearers.get(lid, set()), pred.get(lid, set())
        if g == p:
            continue
        fp += len(p - g)
        fn += len(g - p)
        print(f"== {lid[0]}.{lid[1] or 0}  missed [{_names(g - p)}]  wrong [{_names(p - g)}]  right [{_names(g & p)}]")
        for t in text.get(lid, []):
            print("   |", re.sub(r"\s+", " ", t)[:400])
        for n in norms:
            if (n.place.article, n.place.paragraph) == lid:
                print(f"   -> {n.kind} bearer={n.bearers or '-'}{' var' if n.variable else ''} "
                      f"text={n.bearer_text!r} cue={n.cue!r}")
    print(f"{doc_id}: {fp} false (kind, bearer) pairs, {fn} missed")
    return 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--loo", action="store_true", help="learned parts trained without the measured document")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--json", type=Path, help="write the scores as JSON")
    ap.add_argument("--write", action="store_true", help="update benchmarks/RESULTS.md (needs --loo)")
    ap.add_argument("--errors", metavar="DOC", help="print the kind + bearer errors of one document (LOO) and stop")
    args = ap.parse_args()
    if args.errors:
        return errors(args.errors)
    from dvo_kb.clauses.build import build
    from dvo_kb.clauses.corpus import parse_document
    from dvo_kb.validate.evaluate import evaluate, table
    from dvo_kb.validate.extract import extract

    graph = build().union()
    t0 = time.perf_counter()
    ev = evaluate(graph, loo=args.loo)
    t_eval = time.perf_counter() - t0
    ms: list[float] = []
    for d in ev.documents:
        doc = parse_document(d.doc_id).doc
        extract(doc)
        runs = []
        for _ in range(args.runs):
            t = time.perf_counter()
            extract(doc)
            runs.append(time.perf_counter() - t)
        ms.append(statistics.median(runs) * 1000)
    total = ev.total()
    compare = ["| document | kind | kind+bearer | counterparty | action | deadline | kind+bearer ≥ 0.85 |",
               "|---|---:|---:|---:|---:|---:|:---:|"]
    for d in [*ev.documents, total]:
        now = (d.kind.f1, d.kind_bearer.f1, d.counterparty.f1, d.action.f1, d.deadline.f1)
        before = BEFORE.get(d.doc_id)
        cells = [f"{b:.2f} → {n:.2f}" if before else f"{n:.2f}" for b, n in zip(before or now, now, strict=True)]
        name = "**all**" if d.doc_id == "all" else f"`{d.doc_id}` ({'tuned' if d.doc_id in TUNED else 'held out'})"
        compare.append(f"| {name} | " + " | ".join(cells) + f" | {'yes' if d.kind_bearer.f1 >= TARGET else 'no'} |")
    for d in ev.documents:
        d.doc_id = f"{d.doc_id} ({'tuned' if d.doc_id in TUNED else 'held out'})"
    mode = ("leave one document out: the learned parts trained on the other five documents"
            if args.loo else "in-sample: the stored model trained on all six documents")
    lines = [
        f"Measured {time.strftime('%Y-%m-%d')} on {platform.machine()} (CPython {platform.python_version()}), "
        f"against the curated encoding in the built graph, {mode}. P / R / F1 per lid, micro-averaged.",
        "",
        table(ev),
        "",
        f"F1 over all: kind {total.kind.f1:.2f}, kind+bearer {total.kind_bearer.f1:.2f}, counterparty "
        f"{total.counterparty.f1:.2f}, action {total.action.f1:.2f}, deadline {total.deadline.f1:.2f}. "
        f"Extraction time per document (parsed): median {statistics.median(ms):.0f} ms, max {max(ms):.0f} ms; "
        f"the whole evaluation {t_eval:.1f} s.",
        "",
        "F1 before (commit 831df97, the lexicons alone) → now:",
        "",
        "\n".join(compare),
        "",
        NOTES.format(kind_range=f"{min(d.kind.f1 for d in ev.documents):.2f}-"
                                f"{max(d.kind.f1 for d in ev.documents):.2f}"),
    ]
    text = "\n".join(lines)
    print(text)
    if args.json:
        args.json.write_text(json.dumps(ev.as_dict(), indent=1), encoding="utf-8")
    if args.write:
        if not args.loo:
            ap.error("--write records the leave-one-document-out figures: add --loo")
        write_section("extract-loo", "Extraction of norms, leave one document out (issue 21 item 4)",
                      "python benchmarks/bench_extract.py --loo --write", text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
