"""Measures the question language on a set of blind advisor questions (tests/data/advisors/).

    python benchmarks/eval_questions.py --set dev      (tune on this half)
    python benchmarks/eval_questions.py --set test     (the frozen half: report, never tune)
    python benchmarks/eval_questions.py --set round2-dev / --set round2-test   (the second blind set)

A set is a file of tests/data/advisors/ by its name. ``--show`` is refused for a frozen set (a
name ending in "test"): only its totals are printed, its questions are never shown.

Per question: refused (the answer is an error), recall (share of its must-cite articles among
the answers' articles) and precision (share of the answers' articles within must ∪ may). Means
over the questions that have must-cite articles; a refused question counts recall 0 and is left
out of precision.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import yaml

DATA = Path(__file__).resolve().parent.parent / "tests" / "data" / "advisors"


def cited(answer: dict[str, Any]) -> set[str]:
    out = set()
    for a in answer.get("answers", []):
        if a.get("agreement") and a.get("article"):
            out.add(f"{a['agreement']} {a['article']}")
    return out


def normalise(citations: list[str] | None, articles: set[str] | None) -> set[str]:
    """The citations of a question as articles: a set's writer may cite a lid by its printed
    number ("sok-wm-2025 6.9", "dvo-pwm-2020-beek-privacyprotocol 13.1": leden of articles 6
    and 13), which counts as its article when the document has no article of that number (the
    DVOs' articles 16.1, 16.2 are articles and stay as they are). ``articles``: the citations of
    every article of the corpus ("doc article"); None: taken as written."""
    out = set()
    for c in citations or []:
        doc, _, number = c.partition(" ")
        if articles is not None and c not in articles and "." in number:
            head = f"{doc} {number.split('.', 1)[0]}"
            if head in articles:
                c = head
        out.add(c)
    return out


def score(questions: list[dict[str, Any]], ask: Any, articles: set[str] | None = None) -> dict[str, Any]:
    rows = []
    for q in questions:
        t0 = time.perf_counter()
        try:
            ans = ask(q["question"])
            refused = False
        except Exception as exc:  # a refusal (QuestionError) or worse: both count as refused
            ans, refused = {"error": f"{type(exc).__name__}: {exc}"}, True
        ms = (time.perf_counter() - t0) * 1000
        must, may = normalise(q.get("must_cite"), articles), normalise(q.get("may_cite"), articles)
        got = set() if refused else cited(ans)
        recall = len(got & must) / len(must) if must else None
        precision = len(got & (must | may)) / len(got) if got else None
        rows.append({"id": q["id"], "lang": q["lang"], "question": q["question"], "refused": refused,
                     "recall": recall, "precision": precision, "ms": ms, "got": sorted(got),
                     "must": sorted(must), "how": None if refused else ans.get("how"),
                     "error": ans.get("error")})
    recalls = [r["recall"] for r in rows if r["recall"] is not None]
    precisions = [r["precision"] for r in rows if r["precision"] is not None]
    times = sorted(r["ms"] for r in rows)
    return {"questions": len(rows), "refused": sum(r["refused"] for r in rows),
            "recall": round(statistics.mean(recalls), 3) if recalls else None,
            "precision": round(statistics.mean(precisions), 3) if precisions else None,
            "answered_empty": sum(1 for r in rows if not r["refused"] and not r["got"]),
            "median_ms": round(statistics.median(times), 1), "p95_ms": round(times[int(0.95 * (len(times) - 1))], 1),
            "rows": rows}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sets = sorted(p.stem for p in DATA.glob("*.yaml"))
    ap.add_argument("--set", choices=sets, default="dev")
    ap.add_argument("--show", action="store_true", help="print every question with what it got")
    ap.add_argument("--json", help="write the rows to this file")
    a = ap.parse_args(argv)
    if a.set.endswith("test") and (a.show or a.json):
        ap.error(f"{a.set} is a frozen set: its totals only (no --show, no --json)")
    import os
    import tempfile

    # the corpus, not the documents this machine's user has added (DVO_KB_DATA): they would answer too
    os.environ["DVO_KB_DATA"] = tempfile.mkdtemp(prefix="dvo-kb-eval-data-")
    from dvo_kb.query.ask import Asker
    from dvo_kb.store import KnowledgeBase

    asker = Asker(KnowledgeBase.open())
    questions = yaml.safe_load((DATA / f"{a.set}.yaml").read_text(encoding="utf-8"))
    articles = {f"{u.doc} {u.article}" for u in asker.index.units}
    result = score(questions, lambda q: asker.ask(q).to_json(), articles)
    if a.show:
        for r in result["rows"]:
            flag = "REFUSED" if r["refused"] else f"R={r['recall']} P={r['precision']}"
            print(f"{r['id']} [{r['lang']}] {flag} how={r['how']}\n   {r['question']}\n   must={r['must']}\n"
                  f"   got={r['got'][:10]}{' ' + str(r['error'])[:120] if r['error'] else ''}")
    if a.json:
        Path(a.json).write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    print(json.dumps({k: v for k, v in result.items() if k != "rows"}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
