"""Writes the validation reports of the corpus documents to docs/validation/ (JSON and text).

    python -m dvo_kb.validate.corpus_reports [--on 2026-11-25]

Each finding in them has been read against the text and judged (docs/validation/README.md);
tests/test_validate.py fails when the validator's findings change, so that a change is read too.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
from pathlib import Path

from .report import render_text
from .validator import corpus_draft, validate_draft

OUT = Path(__file__).parent.parent / "docs" / "validation"
DOCUMENTS = ["cr-pwm-2018", "dvo-pwm-2018", "dvo-pwm-2020-beek", "dvo-pwm-2020-beek-privacyprotocol",
             "dvo-hbel-2026", "sok-wm-2025"]
DEFAULT_ON = dt.date(2026, 11, 25)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--on", default=DEFAULT_ON.isoformat(), help="the date the documents are judged at")
    args = ap.parse_args()
    on = dt.date.fromisoformat(args.on)
    OUT.mkdir(parents=True, exist_ok=True)
    for doc_id in DOCUMENTS:
        r = validate_draft(corpus_draft(doc_id), on=on)
        data = {"document_id": doc_id, "on": on.isoformat(), **r.as_json()}
        (OUT / f"{doc_id}.json").write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        (OUT / f"{doc_id}.txt").write_text(render_text(r, "nl"), encoding="utf-8")
        print(f"{doc_id}: {len(r.findings)} findings")


if __name__ == "__main__":
    main()
