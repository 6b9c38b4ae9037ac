"""Benchmark: the full-text index of the lids (query/textindex.py).

    python benchmarks/bench_textindex.py [--runs 5]

Prints, each a median over --runs fresh subprocesses (imports included, as a process pays them):

- what building the index adds to a cold build (the graph built from the sources, no cache);
- what loading the index from its cache adds to a cached start (the graph from its cached dump);
- the latency of a search over the development half of the advisor questions
  (tests/data/advisors/dev.yaml), after ``warm()``, and of a first search without it;
- recall@5 and recall@8 of the must-cite articles on that half, searching with the raw question
  text (article level: a hit's "<doc> <article>" in must_cite), and recall and precision of
  ``select()`` (answers within must ∪ may).

Aims (issue 17): < 1 s added to a cold build, < 0.2 s to a cached start, a search < 5 ms.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent
DEV = HERE.parent / "tests" / "data" / "advisors" / "dev.yaml"

COLD = """
import time, json
t0 = time.perf_counter()
from dvo_kb.store import KnowledgeBase
kb = KnowledgeBase.open()
t1 = time.perf_counter()
from dvo_kb.query.textindex import TextIndex
index = TextIndex.build(kb)
t2 = time.perf_counter()
print(json.dumps({"graph": t1 - t0, "index": t2 - t1}))
"""

CACHED = """
import time, json
CACHE = {cache!r}
t0 = time.perf_counter()
from dvo_kb.store import KnowledgeBase
kb = KnowledgeBase.open(cache=CACHE)
t1 = time.perf_counter()
import numpy, bm25s  # nothing else in dvo-kb imports them
from dvo_kb.query.textindex import TextIndex
ti = time.perf_counter()
index = TextIndex.load_or_build(kb, CACHE)
t2 = time.perf_counter()
assert index.info["cache"] == "reused", index.info
index.search("overmacht")
t3 = time.perf_counter()
print(json.dumps({{"graph": t1 - t0, "index": t2 - t1, "imports": ti - t1, "load": t2 - ti, "first search": t3 - t2}}))
"""


def run(code: str) -> dict[str, float]:
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=600)
    return json.loads(out.stdout.strip().splitlines()[-1])


def medians(rows: list[dict[str, float]]) -> dict[str, float]:
    return {k: statistics.median(r[k] for r in rows) for k in rows[0]}


def recall(index: Any, questions: list[dict[str, Any]], k: int) -> float:
    got = total = 0
    for q in questions:
        cites = {h.citation for h in index.search(q["question"], k=k)}
        total += len(q["must_cite"])
        got += sum(m in cites for m in q["must_cite"])
    return got / total


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()

    import time

    import yaml

    from dvo_kb.query.textindex import TextIndex, select
    from dvo_kb.store import KnowledgeBase

    with tempfile.TemporaryDirectory() as cache:
        cold = medians([run(COLD) for _ in range(args.runs)])
        kb = KnowledgeBase.open(cache=cache)
        TextIndex.load_or_build(kb, cache)  # writes the index's cache
        cached = medians([run(CACHED.format(cache=cache)) for _ in range(args.runs)])
        index = TextIndex.load_or_build(kb, cache)

    print(f"cold build: graph {cold['graph']:.3f} s, the text index adds {cold['index']:.3f} s (aim < 1 s)")
    print(f"cached start: graph {cached['graph']:.3f} s, the text index adds {cached['index']:.3f} s (aim < 0.2 s: "
          f"importing numpy and bm25s {cached['imports']:.3f} s, loading {cached['load']:.3f} s); "
          f"a first search without warm() {cached['first search'] * 1000:.0f} ms")

    with DEV.open(encoding="utf-8") as fh:
        questions = yaml.safe_load(fh)
    t = time.perf_counter()
    index.warm()
    warm = time.perf_counter() - t
    times = []
    for _ in range(3):
        for q in questions:
            t = time.perf_counter()
            index.search(q["question"], k=10)
            times.append(time.perf_counter() - t)
    times.sort()
    print(f"search ({len(times)} searches of the dev questions, after warm() {warm:.2f} s): "
          f"median {statistics.median(times) * 1000:.2f} ms, p95 {times[int(0.95 * len(times))] * 1000:.2f} ms, "
          f"max {times[-1] * 1000:.2f} ms (aim < 5 ms)")

    by_lang = {lang: [q for q in questions if q["lang"] == lang] for lang in ("nl", "en")}
    for k in (5, 8):
        parts = ", ".join(f"{lang} {recall(index, qs, k):.3f}" for lang, qs in by_lang.items())
        print(f"dev recall@{k} of must-cite articles: {recall(index, questions, k):.3f} ({parts}; "
              f"{len(questions)} questions)")
    found = total = answers = within = 0
    for q in questions:
        hits = select(index.search(q["question"], k=20))
        cites = {h.citation for h in hits}
        ok = set(q["must_cite"]) | set(q.get("may_cite") or [])
        total += len(q["must_cite"])
        found += sum(m in cites for m in q["must_cite"])
        answers += len(hits)
        within += sum(h.citation in ok for h in hits)
    print(f"dev select(): recall {found / total:.3f}, precision {within / max(answers, 1):.3f} "
          f"({answers / len(questions):.1f} lids an answer)")


if __name__ == "__main__":
    main()
