"""Benchmark: draft validation time against the number of articles (issue 16, item 4).

    python benchmarks/bench_validate_scale.py [--sizes 30,100,250,500,1000] [--repeat 3] [--write]
    python benchmarks/bench_validate_scale.py --save-before   # measure the code as it is, keep it

Two series, both written by ``draft_synth.py`` (seed 1):

- realistic drafts: a dienstverleningsovereenkomst of N articles in the style of the corpus,
  made under a centrumregeling of the knowledge base, with the faults real drafts have;
- worst cases (``--theme-sizes``): drafts whose articles all carry one theme (all references,
  all on personal data, all force majeure, ...), so that the check of that theme has as much
  to compare as a draft of that size can give it.

Each draft is validated ``--repeat`` times in one process (after a warm-up that loads the
shapes, lexicons and ontology); the tables give the medians of the phases of
``Result.seconds`` (parse, recognition and extraction, graph, SHACL), the total, and a digest of
the findings (rule, severity, article, lid, message), so that a run after a change shows whether
any finding changed. ``--save-before`` writes the measurement to
``bench_validate_scale.before.json`` beside this script (merged with what it holds, so that the
slow sizes of slow code can be run apart); later runs put it beside their own.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))
from draft_synth import THEMES, synth_draft, theme_draft  # noqa: E402
from results import write_section  # noqa: E402

HERE = Path(__file__).parent
BEFORE = HERE / "bench_validate_scale.before.json"
ON = dt.date(2026, 11, 25)
PHASES = ("parse", "extract", "graph", "shacl")


def digest(findings: list[Any]) -> str:
    rows = sorted((f.rule, f.severity, f.article or "", f.paragraph or "", f.message) for f in findings)
    return hashlib.sha256(json.dumps(rows, ensure_ascii=False).encode()).hexdigest()[:12]


def run(text: str, name: str, repeat: int) -> dict[str, Any]:
    from dvo_kb.validate.reader import read_bytes
    from dvo_kb.validate.validator import validate_draft

    runs: list[dict[str, float]] = []
    result = None
    for _ in range(repeat):
        draft = read_bytes(text.encode(), name)
        t, c = time.perf_counter(), time.process_time()
        result = validate_draft(draft, on=ON)
        runs.append({**result.seconds, "total": time.perf_counter() - t, "cpu": time.process_time() - c})
    assert result is not None
    return {"repeat": repeat, "articles": len(result.articles), "kb": round(len(text.encode()) / 1024, 1),
            "triples": len(result.data), "findings": len(result.findings), "digest": digest(result.findings),
            **{k: statistics.median(r[k] for r in runs) for k in (*PHASES, "total", "cpu")}}


def measure(sizes: list[int], theme_sizes: list[int], repeat: int) -> dict[str, Any]:
    from dvo_kb.validate.reader import read_bytes
    from dvo_kb.validate.validator import validate_draft

    validate_draft(read_bytes(synth_draft(30, seed=2).encode(), "warm-up.txt"), on=ON)
    rows, themes = [], []
    for n in sizes:
        row = {"n": n, **run(synth_draft(n, seed=1), f"concept-{n}.txt", repeat)}
        rows.append(row)
        print(f"{n:5d} articles: {row['total']:.2f} s (shacl {row['shacl']:.2f} s), "
              f"{row['findings']} findings, {row['digest']}", flush=True)
    for theme in THEMES if theme_sizes else []:
        for n in theme_sizes:
            row = {"theme": theme, "n": n, **run(theme_draft(n, theme), f"{theme}-{n}.txt", repeat)}
            themes.append(row)
            print(f"{theme:>16s}, {n:5d} articles: {row['total']:.2f} s (shacl {row['shacl']:.2f} s), "
                  f"{row['findings']} findings, {row['digest']}", flush=True)
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=HERE, capture_output=True, text=True).stdout.strip()
    return {"commit": commit, "date": dt.date.today().isoformat(), "repeat": repeat,
            "machine": f"{platform.machine()}, {platform.python_implementation()} {platform.python_version()}",
            "rows": rows, "themes": themes}


def _same(b: dict[str, Any] | None, r: dict[str, Any]) -> str:
    return "–" if b is None else ("yes" if b["digest"] == r["digest"] else "NO")


CAUSES = """What grew faster than the number of articles, and what was done (commits of issue 16, item 4):
NUMBERING-GAP paired every article with every other and tested each pair again with a NOT EXISTS over all
articles (cubic: 111 of the 114 s at 500 articles); the validator now derives the next main number of each
article in one sort (`dvov:nextNumber`) and the shape compares two numbers. Other checks walked all articles
once per reference, per repeated heading, per article on personal data or withdrawal (a FILTER NOT EXISTS is
evaluated per row, and Oxigraph takes `$this dvo:hasArticle ?a` for a small pattern); they compute what they need
of the whole document once, in sub-selects joined by value. pySHACL counted all triples of the store for every
result (the truth of a graph is its length), found each result row again in the list of those before it, and put
every namespace of a result into rdflib's trie; the store it is given is always true and names nodes in full, and
its SPARQL component keeps the rows seen in a set. Findings unchanged: `tests/test_validate_scale.py` holds the
catalogue to the plain formulations of its checks (`tests/data/validate/reference_queries.yaml`)."""


def table(now: dict[str, Any], before: dict[str, Any] | None) -> str:
    before = before or {}
    old = {r["n"]: r for r in before.get("rows", [])}
    head = ("| articles | KB | triples | findings | parse | recognise + extract | graph | SHACL | total, s | CPU, s | "
            "ms per article | before: SHACL | before: total, s | speed-up | same findings |")
    out = [head, "|" + "---|" * (head.count("|") - 1)]
    for r in now["rows"]:
        b = old.get(r["n"])
        before_cols = (f"{b['shacl']:.2f} | {b['total']:.2f} | {b['total'] / r['total']:.0f}x" if b else "– | – | –")
        out.append(f"| {r['articles']} | {r['kb']} | {r['triples']} | {r['findings']} | {r['parse']:.2f} | "
                   f"{r['extract']:.2f} | {r['graph']:.2f} | {r['shacl']:.2f} | **{r['total']:.2f}** | {r['cpu']:.2f} | "
                   f"{r['total'] / r['articles'] * 1000:.1f} | {before_cols} | {_same(b, r)} |")
    text = "\n".join(out)
    text += (f"\n\nSeconds, medians of {now['repeat']} runs in one process after a warm-up ({now['machine']}, 2 cores "
             f"shared with other work, commit {now['commit']}, {now['date']}). Drafts: `draft_synth.synth_draft(N, "
             "seed=1)`. Target: a 500-article draft in under 5 s. Times are wall-clock seconds; 'CPU' is the process's "
             "CPU time, which other work on the machine changes less. 'same findings': the digest of the findings "
             "(rule, severity, article, lid, message) equals the one measured before the change.")
    if before:
        runs = ", ".join(f"{r['n']}: {r['repeat']}" for r in before["rows"])
        text += (f" Before: commit {before['commit']} ({before['date']}; runs per size {runs}), kept in "
                 "`benchmarks/bench_validate_scale.before.json`.")
    if now.get("themes"):
        sizes = sorted({r["n"] for r in now["themes"]})
        oldt = {(r["theme"], r["n"]): r for r in before.get("themes", [])}
        head = ("| every article is about | " + " | ".join(f"{n} articles: total, s (SHACL)" for n in sizes) +
                f" | {sizes[-1]} / {sizes[0]} | findings | " +
                " | ".join(f"before, {n}: total, s" for n in sizes if any((t, n) in oldt for t in THEMES)) +
                " | same findings |")
        out = [head, "|" + "---|" * (head.count("|") - 1)]
        for theme in THEMES:
            rs = {r["n"]: r for r in now["themes"] if r["theme"] == theme}
            if not rs:
                continue
            cells = [f"{rs[n]['total']:.2f} ({rs[n]['shacl']:.2f})" if n in rs else "–" for n in sizes]
            ratio = rs[sizes[-1]]["total"] / rs[sizes[0]]["total"] if sizes[-1] in rs and sizes[0] in rs else 0
            olds = [oldt.get((theme, n)) for n in sizes if any((t, n) in oldt for t in THEMES)]
            same = [_same(oldt.get((theme, n)), rs[n]) for n in sizes if (theme, n) in oldt and n in rs]
            out.append(f"| {theme} | " + " | ".join(cells) + f" | {ratio:.1f} | "
                       f"{' / '.join(str(rs[n]['findings']) for n in sizes if n in rs)} | " +
                       "".join(f"{o['total']:.2f} | " if o else "– | " for o in olds) +
                       f"{', '.join(same) or '–'} |")
        text += ("\n\nWorst cases, one check at a time: drafts whose articles all carry one theme "
                 "(`draft_synth.theme_draft`), so that the check of that theme compares as much as a draft of that size "
                 f"can give it. With a cost linear in the number of articles, {sizes[-1]} / {sizes[0]} is about "
                 f"{sizes[-1] / sizes[0]:.0f}.\n\n" + "\n".join(out))
    return text + "\n\n" + CAUSES


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="30,100,250,500,1000")
    ap.add_argument("--theme-sizes", default="250,1000", help="sizes of the worst cases ('' for none)")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--save-before", action="store_true", help=f"write the measurement to {BEFORE.name}")
    ap.add_argument("--write", action="store_true", help="write the section of benchmarks/RESULTS.md")
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s]
    now = measure(sizes, [int(s) for s in args.theme_sizes.split(",") if s], args.repeat)
    if args.save_before:  # merged with what was measured before (the slow sizes may be run apart)
        if BEFORE.exists():
            kept = json.loads(BEFORE.read_text(encoding="utf-8"))
            done = {r["n"] for r in now["rows"]}
            now["rows"] = sorted([r for r in kept["rows"] if r["n"] not in done] + now["rows"], key=lambda r: r["n"])
            done_t = {(r["theme"], r["n"]) for r in now["themes"]}
            now["themes"] = [r for r in kept.get("themes", []) if (r["theme"], r["n"]) not in done_t] + now["themes"]
            for k in ("commit", "note"):
                if k in kept:
                    now[k] = kept[k]
        BEFORE.write_text(json.dumps(now, indent=1) + "\n", encoding="utf-8")
        return
    before = json.loads(BEFORE.read_text(encoding="utf-8")) if BEFORE.exists() else None
    text = table(now, before)
    print(text)
    if args.write:
        write_section("validate-scale", "Draft validation against the number of articles (issue 16)",
                      "python benchmarks/bench_validate_scale.py --write", text)


if __name__ == "__main__":
    main()
