"""The dvo-kb command line: real answers on the real corpus, and clean errors (exit 2)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from .conftest import run_cli

run = run_cli  # (conftest: the command in process; the module's store is conftest's ``store``)


def test_build_prints_a_summary(capsys: pytest.CaptureFixture[str], store: str) -> None:
    code, out, _ = run(capsys, "build", "--store", store)
    assert code == 0
    assert "hergebruikt" in out  # the sources have not changed since the fixture built it
    assert "dvo-pwm-2018" in out and "146" in out.splitlines()[-1]


def test_show_article_text_with_iri(capsys: pytest.CaptureFixture[str], store: str) -> None:
    code, out, _ = run(capsys, "show", "DVO-2018", "16.1", "--store", store)
    assert code == 0
    assert "Artikel 16.1  Overmacht bij de naleving" in out
    assert "<https://w3id.org/dvo-kb/id/dvo-pwm-2018/art/16.1>" in out
    assert "stelt de andere partijen onverwijld op de hoogte" in out


def test_show_json_contract(capsys: pytest.CaptureFixture[str], store: str) -> None:
    code, out, _ = run(capsys, "show", "dvo-hbel-2026", "13", "--format", "json", "--store", store)
    assert code == 0
    view = json.loads(out)
    assert view["id"] == "dvo-hbel-2026"
    assert view["title"].startswith("Dienstverleningsovereenkomst")
    [art] = view["articles"]
    assert art["article"] == "13" and art["heading"] == "Overmacht en wanprestatie"
    assert art["iri"].endswith("/dvo-hbel-2026/art/13")
    assert [p["paragraph"] for p in art["paragraphs"]] == ["1", "2", "3", "4"]
    first = art["paragraphs"][0]
    assert "binnen twee werkdagen contact op met de andere partij" in first["text"]
    assert first["iri"].endswith("/art/13/lid/1")
    assert [i["item"] for i in first["items"]] == ["a", "b"]


def test_show_whole_document_json(capsys: pytest.CaptureFixture[str], store: str) -> None:
    code, out, _ = run(capsys, "show", "cr-pwm-2018", "--format", "json", "--store", store)
    view = json.loads(out)
    assert len(view["articles"]) == 24
    assert view["in_force_from"] == "2018-01-01" and view["indefinite"] is True
    roles = {(p["party"], r["role"]) for p in view["parties"] for r in p["roles"]}
    assert ("sittard-geleen", "Centrumgemeente") in roles and ("stein", "DeelnemendeGemeente") in roles
    unnumbered = next(a for a in view["articles"] if a["article"] == "18")
    assert unnumbered["paragraphs"][0]["paragraph"] is None


def test_show_one_lid(capsys: pytest.CaptureFixture[str], store: str) -> None:
    code, out, _ = run(capsys, "show", "cr-pwm-2018", "7", "3", "--format", "json", "--store", store)
    [art] = json.loads(out)["articles"]
    [lid] = art["paragraphs"]
    assert lid["paragraph"] == "3" and "82%" in lid["text"]


@pytest.mark.parametrize(("argv", "message"), [
    (["show", "dvo-1999"], "onbekend document 'dvo-1999'"),
    (["show", "dvo-pwm-2018", "24"], "heeft geen artikel '24'; de artikelen zijn: 1, 2, 3, 4, 5.1"),
    (["show", "dvo-hbel-2026", "13", "9"], "heeft geen lid '9'; de leden zijn: 1, 2, 3, 4"),
    (["sparql", "SELECT ?x WHERE { ?x ?y }"], "onjuiste SPARQL"),
    (["sparql"], "geef een query, of --file F"),
    (["sparql", "--file", "/nonexistent/q.rq"], "het querybestand /nonexistent/q.rq is niet te lezen"),
])
def test_bad_input_exits_2_with_a_message(capsys: pytest.CaptureFixture[str], store: str,
                                          argv: list[str], message: str) -> None:
    code, out, err = run(capsys, *argv, "--store", store)
    assert code == 2
    assert message in err
    assert "Traceback" not in err


def test_malformed_sparql_names_the_position(capsys: pytest.CaptureFixture[str], store: str) -> None:
    code, _, err = run(capsys, "sparql", "SELECT ?x WHERE { ?x ?y }", "--store", store)
    assert code == 2
    assert "regel 1, kolom 25" in err  # where the error is


def test_sparql_table_and_formats(capsys: pytest.CaptureFixture[str], store: str) -> None:
    q = "SELECT ?id WHERE { ?d dvo:documentId ?id ; dvo:inCorpus true } ORDER BY ?id"
    code, out, _ = run(capsys, "sparql", q, "--store", store)
    assert code == 0 and "cr-pwm-2018" in out and "(7 rijen)" in out
    code, out, _ = run(capsys, "sparql", q, "--format", "json", "--store", store)
    ids = [b["id"]["value"] for b in json.loads(out)["results"]["bindings"]]
    assert ids[0] == "bedrijfsplan-pwm" and len(ids) == 7
    code, out, _ = run(capsys, "sparql", q, "--format", "csv", "--store", store)
    assert out.splitlines()[0].strip() == "id" and "sok-wm-2025" in out
    code, out, _ = run(capsys, "sparql", "ASK { ?a dvo:number '7a' }", "--store", store)
    assert out.strip() == "ja"
    code, out, _ = run(capsys, "sparql", "CONSTRUCT { ?a dvo:number ?n } WHERE { ?a a dvo:Article ; dvo:number ?n }",
                       "--format", "turtle", "--store", store)
    g = Graph().parse(data=out, format="turtle")
    assert len(g) == 146


def test_sparql_from_file(capsys: pytest.CaptureFixture[str], store: str, tmp_path: Path) -> None:
    f = tmp_path / "q.rq"
    f.write_text("SELECT (COUNT(*) AS ?n) WHERE { ?p a dvo:Paragraph }", encoding="utf-8")
    code, out, _ = run(capsys, "sparql", "--file", str(f), "--format", "csv", "--store", store)
    assert code == 0 and int(out.splitlines()[1]) > 300


@pytest.mark.parametrize("fmt", ["ttl", "nt", "jsonld"])
def test_export_round_trips(capsys: pytest.CaptureFixture[str], store: str, tmp_path: Path, built: Any,
                            fmt: str) -> None:
    out = tmp_path / f"kb.{fmt}"
    code, _, _ = run(capsys, "export", "--format", fmt, "--output", str(out), "--store", store)
    assert code == 0
    g = Graph().parse(out, format={"ttl": "turtle", "nt": "nt", "jsonld": "json-ld"}[fmt])
    assert isomorphic(g, built.union())


def test_export_nt_is_sorted(capsys: pytest.CaptureFixture[str], store: str) -> None:
    code, out, _ = run(capsys, "export", "--format", "nt", "--store", store)
    lines = out.splitlines()
    assert lines == sorted(lines) and len(lines) > 10000


def test_console_script_runs_with_help() -> None:
    """The installed entry point itself (not only main()): --help everywhere, exit 0."""
    exe = Path(sys.executable).with_name("dvo-kb")
    if not exe.exists():
        pytest.skip("dvo-kb is not installed in this environment")
    for cmd in ([], ["build"], ["show"], ["sparql"], ["export"]):
        res = subprocess.run([str(exe), *cmd, "--help"], capture_output=True, text=True, timeout=60,
                             env={**os.environ, "DVO_KB_DEBUG": ""})
        assert res.returncode == 0, res.stderr
        assert "usage: dvo-kb" in res.stdout
        assert "opties:" in res.stdout and "toon deze hulp en stop" in res.stdout  # argparse's words in Dutch too
        assert "show this help" not in res.stdout and "options:" not in res.stdout
    res = subprocess.run([str(exe), "show", "nope"], capture_output=True, text=True, timeout=120)
    assert res.returncode == 2 and res.stderr.startswith("dvo-kb: fout: onbekend document")


def test_build_with_the_cache_reused_prints_a_summary(capsys: pytest.CaptureFixture[str], tmp_path: Any) -> None:
    """The in-memory store from its cached dump (as after the quick start): no crash on the
    'hergebruikt' line (issue 18: it concatenated a None path)."""
    assert run(capsys, "build", "--cache", str(tmp_path))[0] == 0
    code, out, err = run(capsys, "build", "--cache", str(tmp_path))
    assert code == 0 and "hergebruikt" in out.splitlines()[0] and "opslag in het geheugen" in out and not err


@pytest.mark.parametrize(("query", "says"), [
    ("SELECT * WHERE { ?s foo:bar ?o } LIMIT 1", "het prefix 'foo:' is niet gedeclareerd"),
    ("DELETE WHERE { ?s ?p ?o }", "voert alleen queries uit: DELETE"),
    ("SELECT * WHERE { ?s ?p }", "regel 1, kolom 24"),
])
def test_sparql_errors_are_one_clear_line(capsys: pytest.CaptureFixture[str], query: str, says: str) -> None:
    code, _, err = run(capsys, "sparql", query)
    assert code == 2 and says in err and "\\u{" not in err and len(err.splitlines()) == 1


# -- issue 18, item 8 ---------------------------------------------------------------------------
def test_ask_a_definition_without_a_named_term(capsys: pytest.CaptureFixture[str], store: str) -> None:
    code, out, _ = run(capsys, "ask", "compare force majeure in DVO-2018 and DVO-2020", "--store", store)
    assert code == 0 and "art. 16.2" in out and "'None'" not in out and "Begripsbepaling van 'None'" not in out


def test_serve_on_a_busy_port_says_so_before_serving(capsys: pytest.CaptureFixture[str]) -> None:
    import socket

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        code, out, err = run(capsys, "serve", "--host", "127.0.0.1", "--port", str(port))
    assert code == 2 and "de dienst draait" not in out and out == ""
    assert f"kan niet serveren op http://127.0.0.1:{port}/: de poort is bezet" in err and "Traceback" not in err


def test_validate_keeps_a_title_of_several_lines(capsys: pytest.CaptureFixture[str]) -> None:
    for lang in ("en", "nl"):
        code, out, _ = run(capsys, "validate", "--corpus", "sok-wm-2025", "--lang", lang)
        assert out.splitlines()[0].endswith("uitvoering van beschermd wonen en toezicht Wmo"), lang


def test_ask_prints_the_best_handful_in_full_and_the_rest_one_line_each(capsys: pytest.CaptureFixture[str],
                                                                         store: str) -> None:
    code, out, _ = run(capsys, "ask", "welke verplichtingen heeft de verwerker?", "--store", store)
    assert code == 0
    found = int(re.search(r"\((\d+) bepalingen gevonden, de 8 die", out)[1])
    head, _, rest = out.partition(" andere gevonden bepalingen, lager gerangschikt:\n")
    assert rest, out[-2000:]
    lines = [x for x in rest.splitlines() if x.startswith("  ")]
    folded = int(head.rsplit("\n", 1)[-1])
    assert folded > 20 and len({x.rsplit("<", 1)[-1] for x in lines}) == folded
    assert head.count("<https://w3id.org/dvo-kb/id/") <= 9 and found == folded + head.count("\n                 <https://")
