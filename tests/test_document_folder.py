"""Adding a document is adding a folder (issue 19): one document folder of the corpus, copied
under a new id into the user's data directory (a temporary one), is built, named in a question,
listed on the pages, validated and diffed, with no other file changed. And a folder with a
mistake is refused with the file and the line."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest

from dvo_kb.clauses import corpus
from dvo_kb.clauses.corpus import DOCUMENTS, CorpusError

NEW = "dvo-zevenhuizen-2027"
TITLE = "Dienstverleningsovereenkomst Zevenhuizen Samenwerking 2027"
SHORT = "DVO Zevenhuizen"
ORIGINAL = "dvo-hbel-2026"


def _tree_hash(root: Path) -> str:
    h = hashlib.sha256()
    for f in sorted(root.rglob("*")):
        if f.is_file():
            h.update(str(f.relative_to(root)).encode())
            h.update(f.read_bytes())
    return h.hexdigest()


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory, monkeypatch_module: pytest.MonkeyPatch) -> Iterator[Path]:
    """A data directory with one document: the folder of dvo-hbel-2026 copied under a new id,
    with its own title (in its document.yaml) and its norms under its own IRIs (in its norms.ttl);
    nothing outside the new folder is written."""
    before = _tree_hash(DOCUMENTS)
    root = tmp_path_factory.mktemp("data")
    new = root / "documents" / NEW
    shutil.copytree(DOCUMENTS / ORIGINAL, new)
    facts = new / "document.yaml"
    text = facts.read_text(encoding="utf-8").splitlines()
    text = [f"title: {TITLE}" if ln.startswith("title: ") else
            f"short_titles: [{SHORT}]" if ln.startswith("short_titles: ") else ln for ln in text]
    facts.write_text("\n".join(text) + "\n", encoding="utf-8")
    norms = new / "norms.ttl"
    norms.write_text(norms.read_text(encoding="utf-8").replace(f"<{ORIGINAL}/", f"<{NEW}/")
                     .replace(f"<{ORIGINAL}>", f"<{NEW}>"), encoding="utf-8")
    monkeypatch_module.setenv("DVO_KB_DATA", str(root))
    monkeypatch_module.setenv("DVO_KB_CACHE", "off")
    corpus.refresh()
    yield root
    corpus.refresh()
    assert _tree_hash(DOCUMENTS) == before, "the corpus of the package was changed"


@pytest.fixture(scope="module")
def kb(data: Path) -> Any:
    from dvo_kb.settings import load_settings

    return load_settings().open_kb()


def test_the_copy_is_found_by_glob(data: Path) -> None:
    assert NEW in corpus.document_ids() and ORIGINAL in corpus.document_ids()
    assert corpus.folder(NEW).path == data / "documents" / NEW


def test_it_is_built_with_its_articles_and_norms(kb: Any) -> None:
    rows = kb.select("SELECT ?id ?title (COUNT(DISTINCT ?a) AS ?articles) WHERE { ?d dvo:documentId ?id ; "
                     "dvo:title ?title ; dvo:hasArticle ?a } GROUP BY ?id ?title", {"id": ox.Literal(NEW)})
    assert [str(r["title"]) for r in rows] == [TITLE]
    original = kb.select("SELECT ?id (COUNT(DISTINCT ?a) AS ?articles) WHERE { ?d dvo:documentId ?id ; "
                         "dvo:hasArticle ?a } GROUP BY ?id", {"id": ox.Literal(ORIGINAL)})
    assert int(rows[0]["articles"]) == int(original[0]["articles"]) > 10
    norms = kb.select("SELECT ?id (COUNT(DISTINCT ?n) AS ?c) WHERE { ?n a dvo:Obligation ; dvo:source ?s . "
                      "?s dvo:inDocument ?d . ?d dvo:documentId ?id } GROUP BY ?id", {"id": ox.Literal(NEW)})
    assert int(norms[0]["c"]) > 20


def test_it_is_named_in_a_question(kb: Any) -> None:
    from dvo_kb.query.ask import Asker

    answer = Asker(kb).ask(f"Wie moet wie informeren bij overmacht volgens de {SHORT}?")
    cited = {(a.get("agreement"), a.get("article")) for a in answer.answers}
    assert (NEW, "13") in cited and {d for d, _ in cited} == {NEW}


def test_it_is_listed_on_the_pages(data: Path, kb: Any) -> None:
    from fastapi.testclient import TestClient

    from dvo_kb.api.main import create_app
    from dvo_kb.settings import load_settings

    with TestClient(create_app(load_settings())) as client:
        docs = client.get("/api/documents").json()
        ids = [d["id"] for d in (docs["documents"] if isinstance(docs, dict) else docs)]
        assert NEW in ids and ORIGINAL in ids
        page = client.get(f"/id/{NEW}", headers={"Accept": "text/html"})
        assert page.status_code == 200 and TITLE in page.text
        lid = client.get(f"/id/{NEW}/art/13/lid/1", headers={"Accept": "text/html"})
        assert lid.status_code == 200 and "binnen twee werkdagen" in lid.text
        form = client.get("/deadlines")
        assert f'value="{NEW}"' in form.text


def test_it_is_validated(data: Path) -> None:
    from dvo_kb.validate.validator import corpus_draft, validate_draft

    kept = json.loads((Path(__file__).parent / "documents" / ORIGINAL / "validation.json").read_text(encoding="utf-8"))
    r = validate_draft(corpus_draft(NEW), on=dt.date.fromisoformat(kept["on"]))
    assert sorted(f.rule for f in r.findings) == sorted(f["rule"] for f in kept["findings"])


def test_it_is_diffed(data: Path, kb: Any, capsys: pytest.CaptureFixture[str]) -> None:
    from dvo_kb.cli import main

    assert main(["diff", ORIGINAL, NEW, "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert (out["a"], out["b"]) == (ORIGINAL, NEW)
    assert len(out["pairs"]) >= 16 and not out["only_a"] and not out["only_b"]
    assert not [p for p in out["pairs"] if p["changes"]], "a copy has the same articles and norms as its original"
    assert {c["field"] for c in out["document_changes"]} == {"title", "short_titles"} or \
        {c["field"] for c in out["document_changes"]} <= {"title", "short_titles", "citation_title"}


# -- a folder with a mistake is refused, with the file and the line --------------------------------
@pytest.mark.parametrize(("edit", "message"), [
    (lambda t: t.replace("kind: Dienstverleningsovereenkomst", "kind: Convenant"), "kind"),
    (lambda t: t.replace("  huizen: Huizen\n", ""), "not among the document's parties"),
    (lambda t: t + "mandaat: ja\n", "mandaat"),
    (lambda t: t.replace("date: 2026-01-01", "date: 2026-02-30"), "in_force.date"),
])
def test_a_broken_folder_names_file_and_line(tmp_path: Path, edit: Any, message: str) -> None:
    folder = tmp_path / "documents" / "dvo-kapot-2027"
    shutil.copytree(DOCUMENTS / ORIGINAL, folder)
    facts = folder / "document.yaml"
    facts.write_text(edit(facts.read_text(encoding="utf-8")), encoding="utf-8")
    with pytest.raises(CorpusError) as exc:
        corpus.folders([tmp_path / "documents"])
    assert f"{facts}:" in str(exc.value) and message in str(exc.value)
    line = int(str(exc.value).split(f"{facts}:", 1)[1].split(":", 1)[0])
    assert line > 1


def test_two_folders_with_one_id_are_refused(tmp_path: Path) -> None:
    shutil.copytree(DOCUMENTS / ORIGINAL, tmp_path / ORIGINAL)
    with pytest.raises(CorpusError, match="exists already"):
        corpus.folders([DOCUMENTS, tmp_path])
