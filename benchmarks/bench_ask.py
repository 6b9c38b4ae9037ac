"""Benchmark: the question language, in process.

    python benchmarks/bench_ask.py [--runs 5] [--write]

For every question of tests/data/questions.yaml: the median latency of `ask` (parse + compile
+ query + answer assembly) and, side by side in the same run, of running the same SPARQL with
the same bindings directly on the store. The ratio shows the overhead of the language.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import sys
import time
from pathlib import Path

import yaml

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))
from results import write_section  # noqa: E402

QUESTIONS = HERE.parent / "tests" / "data" / "questions.yaml"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--write", action="store_true", help="update benchmarks/RESULTS.md")
    args = ap.parse_args()
    from dvo_kb.query.ask import Asker
    from dvo_kb.query.parser import parse
    from dvo_kb.store import KnowledgeBase

    kb = KnowledgeBase.open()
    asker = Asker(kb)
    questions = [q["q"] for q in yaml.safe_load(QUESTIONS.read_text(encoding="utf-8"))]
    ask_ms, sparql_ms = [], []
    for q in questions:
        asker.ask(q)  # warm up
        intent, _ = parse(q, asker.lexicon)
        _, compiled, _ = asker.compile(intent)
        a, s = [], []
        for _ in range(args.runs):
            t = time.perf_counter()
            asker.ask(q)
            a.append(time.perf_counter() - t)
            t = time.perf_counter()
            for c in compiled:
                kb.select(c.sparql, c.substitutions())
            s.append(time.perf_counter() - t)
        ask_ms.append(statistics.median(a) * 1000)
        sparql_ms.append(statistics.median(s) * 1000)
    med_ask, med_sparql = statistics.median(ask_ms), statistics.median(sparql_ms)
    p95 = sorted(ask_ms)[int(0.95 * (len(ask_ms) - 1))]
    lines = [
        f"Measured {time.strftime('%Y-%m-%d')} on {platform.machine()} (CPython {platform.python_version()}), "
        f"{kb.info.triples} triples, {len(questions)} questions, median of {args.runs} runs each.",
        "",
        "| | median ms | p95 ms |",
        "|---|---:|---:|",
        f"| `ask` (parse + compile + query + answers) | {med_ask:.1f} | {p95:.1f} |",
        f"| the same SPARQL with the same bindings, directly | {med_sparql:.1f} | "
        f"{sorted(sparql_ms)[int(0.95 * (len(sparql_ms) - 1))]:.1f} |",
        "",
        f"Overhead of the language (median ask / median SPARQL): {med_ask / med_sparql:.2f}x.",
        "Aims (question issue): median under 10 ms on the real corpus; overhead under 1.5x.",
    ]
    table = "\n".join(lines)
    print(table)
    if args.write:
        write_section("ask", "Questions (`ask`)", "python benchmarks/bench_ask.py --write", table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
