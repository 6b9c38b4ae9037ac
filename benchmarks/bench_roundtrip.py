"""The round trip of issue 21: each of the six corpus texts added with ``dvo-kb add`` into a
temporary knowledge base, compared with the curated graph: the structure must be identical
(articles, leden, items, their text), the norms are scored per lid as the extractor is
(validate/evaluate.py), here with the stored model trained on all six documents, so these are
in-sample figures; the leave-one-document-out ones are in the section extract-loo.

    python benchmarks/bench_roundtrip.py [--write]
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
from pathlib import Path

from dvo_kb.clauses import corpus
from dvo_kb.clauses.curated import load_curated
from dvo_kb.clauses.iris import DEFAULT_BASE
from dvo_kb.validate.evaluate import Evaluation, compare, curated
from dvo_kb.validate.intake import add_document
from dvo_kb.validate.validator import corpus_draft

RESULTS = Path(__file__).with_name("RESULTS.md")


def structure(doc):  # type: ignore[no-untyped-def]
    return [(a.number, a.heading, [(p.label, p.text, [(i.label, i.text) for i in p.items]) for p in a.paragraphs])
            for a in doc.articles]


def run() -> tuple[Evaluation, dict[str, bool]]:
    scores, same = [], {}
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        for doc_id in corpus.normative_ids([corpus.DOCUMENTS]):
            src = Path(tmp) / f"{doc_id}.txt"
            src.write_text("\n".join(ln.text for ln in corpus_draft(doc_id).lines) + "\n", encoding="utf-8")
            new = f"rt-{doc_id}"
            r = add_document(src, data, DEFAULT_BASE, doc_id=new, on=dt.date(2026, 12, 6))
            roots = [corpus.DOCUMENTS, data / "documents"]
            same[doc_id] = structure(corpus.parse_document(new, roots).doc) == \
                structure(corpus.parse_document(doc_id, [corpus.DOCUMENTS]).doc)
            pred = curated(new, load_curated(r.folder / "norms.ttl", DEFAULT_BASE))
            scores.append(compare(doc_id, curated(doc_id), pred))
            corpus.refresh()
    return Evaluation(scores), same


def table(ev: Evaluation, same: dict[str, bool]) -> str:
    rows = ["| document | structure | kind F1 | kind+bearer F1 | counterparty F1 | action F1 | deadline F1 |",
            "|---|---|---|---|---|---|---|"]
    for d in [*ev.documents, ev.total()]:
        s = "identical" if same.get(d.doc_id, all(same.values())) else "DIFFERENT"
        rows.append(f"| {d.doc_id} | {s} | {d.kind.f1:.2f} | {d.kind_bearer.f1:.2f} | {d.counterparty.f1:.2f} | "
                    f"{d.action.f1:.2f} | {d.deadline.f1:.2f} |")
    return "\n".join(rows)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--write", action="store_true", help="write the table into RESULTS.md (section roundtrip)")
    args = ap.parse_args()
    ev, same = run()
    text = table(ev, same)
    print(text)
    if args.write:
        section = ("<!-- roundtrip -->\n## Round trip: the six corpus texts through dvo-kb add (issue 21)\n\n"
                   f"`python benchmarks/bench_roundtrip.py --write`, {dt.date.today().isoformat()}. Each text is added "
                   "into a temporary data directory and compared with the curated graph. Structure: the parsed "
                   "articles, leden, items and their text. Norms: per lid as in extract-loo, but with the stored "
                   "model trained on all six documents (in-sample: the leave-one-out figures above are the honest "
                   "ones for a new agreement).\n\n" + text + "\n<!-- /roundtrip -->\n")
        old = RESULTS.read_text(encoding="utf-8")
        if "<!-- roundtrip -->" in old:
            head, rest = old.split("<!-- roundtrip -->", 1)
            old = head + rest.split("<!-- /roundtrip -->", 1)[1].lstrip("\n")
        RESULTS.write_text(old.rstrip("\n") + "\n\n" + section, encoding="utf-8")
    return 0 if all(same.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
