"""`dvo-kb diff` with drafts given as text: a draft made from a corpus document with known
edits (issue #9), each edit found through the validator's graph of each side."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dvo_kb.cli import main
from dvo_kb.validate.validator import corpus_draft

EDITS = [  # (before, after, article, substantive field or None)
    ("uiterlijk één maand na", "uiterlijk twee maanden na", "12.3", "deadline"),
    ("jaarlijks, uiterlijk op 1 december van het lopende jaar, voor",
     "jaarlijks, uiterlijk op 1 november van het lopende jaar, voor", "17.2", "deadline"),
    ("meer dan tien (10) werkdagen", "meer dan vijf (5) werkdagen", "16.1", None),
]


@pytest.fixture(scope="module")
def drafts(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    d = tmp_path_factory.mktemp("drafts")
    lines = [ln.text for ln in corpus_draft("dvo-pwm-2018").lines]
    edited = list(lines)
    for before, after, _art, _field in EDITS:
        hits = [i for i, t in enumerate(edited) if before in t]
        assert len(hits) == 1, before
        edited[hits[0]] = edited[hits[0]].replace(before, after)
    (d / "dvo-2018.txt").write_text("\n".join(lines), encoding="utf-8")
    (d / "dvo-2018-concept.txt").write_text("\n".join(edited), encoding="utf-8")
    return d / "dvo-2018.txt", d / "dvo-2018-concept.txt"


def test_each_edit_found(drafts: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    a, b = drafts
    assert main(["diff", str(a), str(b), "--format", "json"]) == 0
    d = json.loads(capsys.readouterr().out)
    substantive = {(p["a_article"], c["field"]) for p in d["pairs"] for c in p["changes"]
                   if c.get("level") == "substantive"}
    changed_articles = {p["a_article"] for p in d["pairs"] if p["changes"]}
    for _before, _after, art, field in EDITS:
        assert art in changed_articles
        if field:
            assert (art, field) in substantive, (art, field, substantive)
    assert changed_articles == {art for *_, art, _f in EDITS}, "only the edited articles change"
    assert d["only_a"] == [] and d["only_b"] == []
