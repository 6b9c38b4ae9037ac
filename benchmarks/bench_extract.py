"""Benchmark: extraction of norms from draft text, against the curated encoding, per document.

    python benchmarks/bench_extract.py [--loo] [--runs 5] [--json FILE] [--write]

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


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--loo", action="store_true", help="learned parts trained without the measured document")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--json", type=Path, help="write the scores as JSON")
    ap.add_argument("--write", action="store_true", help="update benchmarks/RESULTS.md (needs --loo)")
    args = ap.parse_args()
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
