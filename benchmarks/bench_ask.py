"""Benchmark: the question language, in process.

    python benchmarks/bench_ask.py [--runs 5] [--extra FILE.nq ...] [--write]

For every question of tests/data/questions.yaml: the median latency of `ask` (parse + compile
+ query + answer assembly) and, side by side in the same run, of running the same SPARQL with
the same bindings directly on the store. The ratio shows the overhead of the language. The
SPARQL time is also given per template (norms, provisions, definitions, shares, in_force), and
the slowest questions are listed. ``--extra`` adds N-Quads files to the corpus (for example a
synthetic corpus of benchmarks/synth.py) to see how the questions scale; with --write such a run
goes to its own section of RESULTS.md ("ask-scale"), a run on the real corpus to "ask".
"""

from __future__ import annotations

import argparse
import platform
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

import yaml

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))
from results import write_section  # noqa: E402

QUESTIONS = HERE.parent / "tests" / "data" / "questions.yaml"


def p95(values: list[float]) -> float:
    return sorted(values)[int(0.95 * (len(values) - 1))]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--extra", action="append", default=[], metavar="FILE.nq",
                    help="add the quads of an N-Quads/TriG file to the corpus (repeatable)")
    ap.add_argument("--slowest", type=int, default=5, help="list the N slowest questions")
    ap.add_argument("--write", action="store_true", help="update benchmarks/RESULTS.md")
    args = ap.parse_args()
    from dvo_kb.query.ask import Asker
    from dvo_kb.query.parser import QuestionError, parse
    from dvo_kb.store import KnowledgeBase

    t0 = time.perf_counter()
    kb = KnowledgeBase.open(extra=args.extra)
    load_s = time.perf_counter() - t0
    asker = Asker(kb)
    questions = [q["q"] for q in yaml.safe_load(QUESTIONS.read_text(encoding="utf-8"))]
    ask_ms, sparql_ms = [], []
    per_template: dict[str, list[float]] = defaultdict(list)
    slow: list[tuple[float, str, str]] = []
    beside: list[str] = []  # questions the grammar does not read at this size (answered by the text index)
    for q in questions:
        asker.ask(q)  # warm up
        try:
            intent, _ = parse(q, asker.lexicon)
            _, compiled = asker.compile(intent)
        except QuestionError:  # a name that several synthetic documents share ("DVO 2018"): no grammar
            beside.append(q)
            continue
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
        per_template[compiled[0].template].append(sparql_ms[-1])
        slow.append((ask_ms[-1], compiled[0].template, q))
    med_ask, med_sparql = statistics.median(ask_ms), statistics.median(sparql_ms)
    corpus = "the real corpus" if not args.extra else "the corpus plus " + ", ".join(Path(e).name for e in args.extra)
    lines = [
        f"Measured {time.strftime('%Y-%m-%d')} on {platform.machine()} (CPython {platform.python_version()}), "
        f"{corpus}: {kb.info.triples} triples, {len(questions) - len(beside)} questions, median of {args.runs} runs each"
        + (f" (loaded in {load_s:.0f} s)" if args.extra else "") + "."
        + (f" Left out, because the grammar does not read them at this size (a name the synthetic documents share; "
           f"`ask` answers them from the text index): {'; '.join(repr(q) for q in beside)}." if beside else ""),
        "",
        "| | median ms | p95 ms |",
        "|---|---:|---:|",
        f"| `ask` (parse + compile + query + answers) | {med_ask:.1f} | {p95(ask_ms):.1f} |",
        f"| the same SPARQL with the same bindings, directly | {med_sparql:.1f} | {p95(sparql_ms):.1f} |",
        "",
        "| template | questions | median SPARQL ms | max ms |",
        "|---|---:|---:|---:|",
    ]
    for name, ms in sorted(per_template.items(), key=lambda kv: -statistics.median(kv[1])):
        lines.append(f"| {name} | {len(ms)} | {statistics.median(ms):.1f} | {max(ms):.1f} |")
    lines += ["", "Slowest questions (`ask` ms): " + "; ".join(
        f"{q!r} ({name}) {ms:.1f}" for ms, name, q in sorted(slow, reverse=True)[: args.slowest]) + ".", ""]
    lines += [
        f"Overhead of the language (median ask / median SPARQL): {med_ask / med_sparql:.2f}x.",
        "Aims (issues #8 and the question issue): median under 10 ms on the real corpus and under 100 ms "
        "at 1M triples; overhead under 1.5x.",
    ]
    table = "\n".join(lines)
    print(table)
    if args.write and args.extra:
        write_section("ask-scale", "Questions (`ask`) at scale",
                      "python benchmarks/synth.py --triples 1000000 --seed 1 --out /tmp/synth-1m.nq && "
                      "python benchmarks/bench_ask.py --extra /tmp/synth-1m.nq --write", table)
    elif args.write:
        write_section("ask", "Questions (`ask`)", "python benchmarks/bench_ask.py --write", table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
