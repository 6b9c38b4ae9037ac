"""Writes the validation reports of the corpus documents to tests/documents/<id>/ (JSON and text).

    python -m dvo_kb.validate.corpus_reports [--on 2026-11-25]

Each finding in them has been read against the text and judged (tests/documents/VALIDATION.md);
tests/test_validate.py fails when the validator's findings change, so that a change is read too.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
from pathlib import Path

from ..clauses.corpus import normative_ids
from .report import render_text
from .validator import corpus_draft, validate_draft

OUT = Path(__file__).parent.parent / "tests" / "documents"  # a checkout's tests: run from a clone
DEFAULT_ON = dt.date(2026, 11, 25)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--on", default=DEFAULT_ON.isoformat(), help="the date the documents are judged at")
    args = ap.parse_args()
    on = dt.date.fromisoformat(args.on)
    for doc_id in normative_ids():
        r = validate_draft(corpus_draft(doc_id), on=on)
        data = {"document_id": doc_id, "on": on.isoformat(), **r.as_json()}
        (OUT / doc_id).mkdir(parents=True, exist_ok=True)
        (OUT / doc_id / "validation.json").write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        (OUT / doc_id / "validation.txt").write_text(render_text(r, "nl"), encoding="utf-8")
        print(f"{doc_id}: {len(r.findings)} findings")


if __name__ == "__main__":
    main()
