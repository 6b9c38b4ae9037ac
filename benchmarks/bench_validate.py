"""Benchmark: validation time of each corpus document, of a typical 30-article draft and of a
generated 200-article draft; pySHACL (on a pyoxigraph store, as dvo-kb runs it) against
pyshacl-turbo (a Rust SHACL engine with the pySHACL API) on the same shapes and data.

    python benchmarks/bench_validate.py [--repeat 5] [--write]
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).parent))
from results import write_section  # noqa: E402

ROOT = Path(__file__).parent.parent
ON = dt.date(2026, 11, 25)


def generated(n_articles: int) -> str:
    """A draft of n articles built from the articles of the test base draft, renumbered."""
    base = yaml.safe_load((ROOT / "tests" / "data" / "validate" / "cases.yaml").read_text(encoding="utf-8"))
    text = base["bases"]["dvo"]
    head, _, rest = text.partition("Artikel 1 ")
    body, _, closing = ("Artikel 1 " + rest).partition("Aldus overeengekomen")
    articles = [a for a in body.split("\n\n") if a.strip().startswith("Artikel")]
    out = [head.rstrip()]
    for i in range(n_articles):
        art = articles[i % len(articles)]
        first, _, tail = art.partition("\n")
        heading = first.split(" ", 2)[2] if first.count(" ") >= 2 else ""
        out.append(f"Artikel {i + 1} {heading}\n{tail}")
    return "\n\n".join(out) + "\n\nAldus overeengekomen" + closing


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--write", action="store_true", help="write the section of benchmarks/RESULTS.md")
    args = ap.parse_args()
    from dvo_kb.validate.corpus_reports import DOCUMENTS
    from dvo_kb.validate.reader import read_bytes
    from dvo_kb.validate.validator import check, corpus_draft, validate_draft

    drafts = [(d, corpus_draft(d)) for d in DOCUMENTS]
    drafts += [(f"generated, {n} articles", read_bytes(generated(n).encode(), f"gen-{n}.txt")) for n in (30, 200)]
    validate_draft(drafts[0][1], on=ON)  # warm caches (shapes, lexicons, ontology)
    rows = []
    for name, draft in drafts:
        totals, shacl, turbo = [], [], []
        result = None
        for _ in range(args.repeat):
            t = time.perf_counter()
            result = validate_draft(draft, on=ON)
            totals.append(time.perf_counter() - t)
            shacl.append(result.seconds["shacl"])
        assert result is not None
        for _ in range(args.repeat):
            t = time.perf_counter()
            _, f2 = check(result.data, "pyshacl-turbo")
            turbo.append(time.perf_counter() - t)
        same = sorted((f.rule, f.article or "", f.paragraph or "") for f in f2) == sorted(
            (f.rule, f.article or "", f.paragraph or "") for f in result.findings)
        p, tt = statistics.median(shacl), statistics.median(turbo)
        rows.append(f"| {name} | {len(result.articles)} | {len(result.data)} | {statistics.median(totals) * 1000:.0f} | "
                    f"{p * 1000:.0f} | {tt * 1000:.0f} | {p / tt:.2f}x | {'yes' if same else 'NO'} |")
        print(rows[-1], flush=True)
    table = ("| draft | articles | triples | validate total, ms | pySHACL (oxigraph store), ms | pyshacl-turbo, ms | "
             "pySHACL / turbo | same findings |\n|---|---|---|---|---|---|---|---|\n" + "\n".join(rows))
    table += (f"\n\nMedians of {args.repeat} runs, in one process. The total is reading aside: parse, recognition, extraction, "
              "graph and SHACL. Aim: a typical 30-article draft in under 1 s.")
    if args.write:
        write_section("validate", "Draft validation", "python benchmarks/bench_validate.py --write", table)


if __name__ == "__main__":
    main()
