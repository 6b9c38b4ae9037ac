"""Benchmark: rule-based extraction of norms from draft text, against the curated encoding.

    python benchmarks/bench_extract.py [--runs 5] [--write]

Per document (the six normative documents of the corpus) and over all: precision and recall of
the deontic kind per lid, of kind + bearer per lid, and of the structured deadlines
(validate/evaluate.py says how they are compared), and the time to extract the norms of each
document from its parsed structure (median of --runs).
"""

from __future__ import annotations

import argparse
import platform
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))
from results import write_section  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--write", action="store_true", help="update benchmarks/RESULTS.md")
    args = ap.parse_args()
    from dvo_kb.clauses.build import build
    from dvo_kb.clauses.corpus import parse_document
    from dvo_kb.validate.evaluate import SKIP, evaluate, table
    from dvo_kb.validate.extract import extract

    ev = evaluate(build().union())
    ms: list[float] = []
    for d in ev.documents:
        if d.doc_id in SKIP:
            continue
        doc = parse_document(d.doc_id).doc
        extract(doc)
        runs = []
        for _ in range(args.runs):
            t = time.perf_counter()
            extract(doc)
            runs.append(time.perf_counter() - t)
        ms.append(statistics.median(runs) * 1000)
    total = ev.total()
    lines = [
        f"Measured {time.strftime('%Y-%m-%d')} on {platform.machine()} (CPython {platform.python_version()}), "
        f"against the curated encoding in the built graph; P / R = precision / recall, per lid.",
        "",
        table(ev),
        "",
        f"F1 over all: kind {total.kind.f1:.2f}, kind+bearer {total.kind_bearer.f1:.2f}, "
        f"deadline {total.deadline.f1:.2f}. Extraction time per document (parsed): median "
        f"{statistics.median(ms):.0f} ms, max {max(ms):.0f} ms.",
        "Bearer key: the set of municipalities the bearer denotes (a variable role or no bearer: the "
        "empty set). Floors in tests/test_extract.py sit just under these figures.",
    ]
    text = "\n".join(lines)
    print(text)
    if args.write:
        write_section("extract", "Extraction of norms from draft text",
                      "python benchmarks/bench_extract.py --write", text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
