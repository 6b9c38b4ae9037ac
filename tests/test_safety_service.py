"""The service's safety (issue 16), on the real corpus: a verified cache, an honest /healthz,
the body cap enforced while the body streams in, 4xx for every bad parameter (dates out of
range too), 500s that name nothing but an error id, no control characters in HTML, uploads
that never make the service fetch or read anything, and bounds on the size of a draft."""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import re
import select
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import pyoxigraph as ox
import pytest
from conftest import _wait_for
from fastapi.testclient import TestClient

from dvo_kb.store import KnowledgeBase

CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


@pytest.fixture(scope="module")
def app_client(monkeypatch_module: pytest.MonkeyPatch) -> Iterator[TestClient]:
    """The service on the embedded store, with a client that sees 500s as responses."""
    from dvo_kb.api import deps

    monkeypatch_module.delenv("DVO_KB_STORE", raising=False)
    for f in (deps.get_settings, deps.get_kb, deps.get_asker, deps.get_rules):
        f.cache_clear()
    from dvo_kb.api.main import app

    with TestClient(app, raise_server_exceptions=False) as c:
        yield c
    app.dependency_overrides.clear()
    for f in (deps.get_settings, deps.get_kb, deps.get_asker, deps.get_rules):
        f.cache_clear()


# -- 1. the cache carries its checksum and quad count --------------------------------------------
def _cache_files(cache: Path) -> tuple[Path, Path]:
    dumps = list(cache.glob("graph-*.nq"))
    assert len(dumps) == 1, dumps
    return dumps[0], dumps[0].with_suffix(".json")


@pytest.fixture(scope="module")
def built_cache(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, bytes, dict[str, Any], int]:
    """A cache directory with the dump of a build: the dump's bytes, its metadata, the quads."""
    cache = tmp_path_factory.mktemp("cache")
    kb = KnowledgeBase.open(cache=cache)
    assert kb.info.cache_status == "built" and not kb.info.reused
    dump, meta = _cache_files(cache)
    return cache, dump.read_bytes(), json.loads(meta.read_text(encoding="utf-8")), len(kb.store)


def test_the_cache_carries_a_checksum_and_the_quad_count(built_cache: tuple[Path, bytes, dict[str, Any], int]) -> None:
    import hashlib

    cache, data, meta, quads = built_cache
    assert meta["sha256"] == hashlib.sha256(data).hexdigest()
    assert meta["quads"] == quads == data.count(b"\n") > 40000
    again = KnowledgeBase.open(cache=cache)
    assert again.info.reused and again.info.cache_status == "reused"
    assert again.info.quads == len(again.store) == quads


def _damage(how: str, data: bytes) -> bytes:
    lines = data.splitlines(keepends=True)
    if how == "empty":
        return b""
    if how == "truncated at a line boundary":
        return b"".join(lines[: len(lines) // 2])
    if how == "a line appended":
        return data + b'<https://w3id.org/dvo-kb/id/x> <https://w3id.org/dvo-kb/def#title> "injected" .\n'
    if how == "a line changed":
        return data.replace(b"Artikel", b"Artikal", 1)
    raise AssertionError(how)


@pytest.mark.parametrize("how", ["empty", "truncated at a line boundary", "a line appended", "a line changed"])
def test_a_damaged_cache_is_rebuilt_and_said(how: str, built_cache: tuple[Path, bytes, dict[str, Any], int],
                                             caplog: pytest.LogCaptureFixture) -> None:
    cache, data, _, quads = built_cache
    dump, _ = _cache_files(cache)
    dump.write_bytes(_damage(how, data))
    with caplog.at_level(logging.WARNING, logger="dvo_kb.store"):
        kb = KnowledgeBase.open(cache=cache)
    assert kb.info.cache_status == "rebuilt: checksum mismatch" and not kb.info.reused
    assert any("rebuilt" in r.getMessage() and "checksum" in r.getMessage() for r in caplog.records)
    assert len(kb.store) == kb.info.quads == quads
    assert not kb.select("SELECT ?t WHERE { ?s dvo:title 'injected' }")
    # the rebuild wrote a good cache again
    assert KnowledgeBase.open(cache=cache).info.cache_status == "reused"


def test_a_cache_whose_quad_count_differs_is_rebuilt(built_cache: tuple[Path, bytes, dict[str, Any], int]) -> None:
    cache, _, _, quads = built_cache
    _, meta_file = _cache_files(cache)
    meta = json.loads(meta_file.read_text(encoding="utf-8"))
    meta_file.write_text(json.dumps({**meta, "quads": meta["quads"] + 1}), encoding="utf-8")
    kb = KnowledgeBase.open(cache=cache)
    assert kb.info.cache_status.startswith("rebuilt: quad count mismatch") and len(kb.store) == quads


def test_a_cache_without_a_checksum_is_rebuilt(built_cache: tuple[Path, bytes, dict[str, Any], int]) -> None:
    cache, _, _, quads = built_cache
    _, meta_file = _cache_files(cache)
    meta = json.loads(meta_file.read_text(encoding="utf-8"))
    meta_file.write_text(json.dumps({k: meta[k] for k in ("fingerprint", "triples", "graphs")}), encoding="utf-8")
    kb = KnowledgeBase.open(cache=cache)
    assert kb.info.cache_status.startswith("rebuilt: no checksum") and len(kb.store) == quads
    assert KnowledgeBase.open(cache=cache).info.cache_status == "reused"


# -- 2. /healthz says what the store holds ---------------------------------------------------------
def test_healthz_is_ok_with_the_corpus(app_client: TestClient) -> None:
    from dvo_kb.api.deps import get_kb

    r = app_client.get("/healthz")
    body = r.json()
    assert r.status_code == 200 and body["status"] == "ok"
    assert body["quads"] == len(get_kb().store) > 40000 and body["triples"] > 20000


@pytest.mark.parametrize(("quads", "status"), [([], "empty"), (
    [ox.Quad(ox.NamedNode("http://example.org/a"), ox.NamedNode("http://example.org/b"), ox.Literal("c"))], "degraded")])
def test_healthz_is_503_when_the_store_does_not_hold_the_corpus(app_client: TestClient, quads: list[ox.Quad],
                                                                  status: str) -> None:
    from dvo_kb.api import deps
    from dvo_kb.api.main import app
    from dvo_kb.store import BuildInfo

    store = ox.Store()
    store.extend(quads)
    # what the store said it held when it was loaded is not trusted: the store is asked
    kb = KnowledgeBase(store, BuildInfo(20823, 9, 0.0, True, None, quads=41618), deps.get_kb().base)

    async def fake() -> KnowledgeBase:
        return kb

    app.dependency_overrides[deps.kb_dep] = fake
    try:
        r = app_client.get("/healthz")
    finally:
        del app.dependency_overrides[deps.kb_dep]
    assert r.status_code == 503 and r.json()["status"] == status


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _serve(env: dict[str, str], port: int) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "dvo_kb.cli", "serve", "--port", str(port), "--log-level",
                             "warning"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env)


def test_a_server_on_an_on_disk_store_starts_its_query_processes(tmp_path: Path) -> None:
    """`dvo-kb serve --store DIR`: the zygote of the query processes opens the store again,
    read-only, keeping the parent's handle (closing it in a forked process aborted the process,
    and the service never started)."""
    import httpx

    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("DVO_KB_")}
    proc = subprocess.Popen([sys.executable, "-m", "dvo_kb.cli", "serve", "--port", str(port), "--log-level",
                             "warning", "--store", str(tmp_path / "kb")], stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, env=env)
    try:
        _wait_for(f"http://127.0.0.1:{port}/healthz", proc, "the server on an on-disk store", seconds=120)
        r = httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=10)
        assert r.status_code == 200 and r.json()["store"] == "disk"
        q = httpx.get(f"http://127.0.0.1:{port}/sparql", params={"query": "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"},
                      timeout=30)
        assert q.status_code == 200 and int(q.json()["results"]["bindings"][0]["n"]["value"]) > 10000
    finally:
        proc.terminate()
        proc.communicate(timeout=20)


def test_a_server_started_on_an_emptied_cache_rebuilds_and_says_so(tmp_path: Path) -> None:
    """The issue's case: an empty cache file served 0 quads while /healthz said "ok"."""
    import httpx

    KnowledgeBase.open(cache=tmp_path)
    dump, _ = _cache_files(tmp_path)
    dump.write_bytes(b"")
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("DVO_KB_")}
    proc = _serve({**env, "DVO_KB_CACHE": str(tmp_path)}, port)
    try:
        _wait_for(f"http://127.0.0.1:{port}/healthz", proc, "the server on an emptied cache")
        r = httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=10)
        assert r.status_code == 200 and r.json()["status"] == "ok"
        assert r.json()["cache"] == "rebuilt: checksum mismatch" and r.json()["quads"] > 40000
        docs = httpx.get(f"http://127.0.0.1:{port}/api/documents", timeout=10).json()["documents"]
        assert len(docs) >= 6
    finally:
        proc.terminate()
        out = proc.communicate(timeout=20)[0].decode()
    assert "rebuilt: checksum mismatch" in out  # the warning, in the log


# -- 3. the body cap, while the body streams in ----------------------------------------------------
async def _run_capped(path: str, chunks: int, chunk: bytes, headers: list[tuple[bytes, bytes]]) -> tuple[int, int]:
    """BodyCap around an application that reads the whole body: the status sent and the
    number of chunks the application was given."""
    from dvo_kb.api.main import BodyCap
    from dvo_kb.settings import Settings

    given = 0
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        nonlocal given
        given += 1
        return {"type": "http.request", "body": chunk, "more_body": given < chunks}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    async def app(scope: Any, receive: Any, send: Any) -> None:
        while (await receive()).get("more_body"):
            pass
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"read it all"})

    settings = Settings(max_body_bytes=100_000, max_upload_bytes=1_000_000)
    scope = {"type": "http", "method": "POST", "path": path, "headers": headers}
    await BodyCap(app, settings)(scope, receive, send)
    starts = [m for m in sent if m["type"] == "http.response.start"]
    assert len(starts) == 1
    return starts[0]["status"], given


@pytest.mark.parametrize(("path", "cap"), [("/sparql", 100_000), ("/api/validate", 1_000_000 + 64 * 1024),
                                           ("/validate", 1_000_000 + 64 * 1024)])
@pytest.mark.parametrize("content_length", [None, b"10"])
def test_the_body_cap_stops_a_body_as_soon_as_it_passes(path: str, cap: int, content_length: bytes | None) -> None:
    """A chunked body (no Content-Length), or one longer than its Content-Length: 413 once the
    bytes received pass the cap, with the rest never asked for."""
    import asyncio

    headers = [(b"content-length", content_length)] if content_length else []
    status, given = asyncio.run(_run_capped(path, 10_000, b"x" * 10_000, headers))
    assert status == 413
    assert given == cap // 10_000 + 1


def test_a_body_within_the_cap_is_read_as_before() -> None:
    import asyncio

    status, given = asyncio.run(_run_capped("/sparql", 9, b"x" * 10_000, []))
    assert (status, given) == (200, 9)


def _stream_until_answered(url: str, path: str, preamble: bytes, total: int, content_type: str) -> tuple[int, bytes]:
    """Sends a chunked body of ``total`` bytes in 64 KB chunks, stopping as soon as the server
    answers; the bytes sent and the answer."""
    u = urlsplit(url)
    s = socket.create_connection((u.hostname or "127.0.0.1", u.port or 80), timeout=10)
    head = (f"POST {path} HTTP/1.1\r\nHost: {u.netloc}\r\nContent-Type: {content_type}\r\n"
            f"Transfer-Encoding: chunked\r\n\r\n").encode()
    s.sendall(head + f"{len(preamble):x}\r\n".encode() + preamble + b"\r\n")
    block = b"x" * 65536
    frame = f"{len(block):x}\r\n".encode() + block + b"\r\n"
    sent, answer = 0, b""
    try:
        while sent < total:
            if select.select([s], [], [], 0)[0]:
                break
            s.sendall(frame)
            sent += len(block)
    except (BrokenPipeError, ConnectionResetError):
        pass
    s.settimeout(30)
    try:
        while chunk := s.recv(65536):  # the answer, to its end (the server closes the connection)
            answer += chunk
    except OSError:
        pass
    finally:
        s.close()
    return sent, answer


@pytest.mark.parametrize(("path", "content_type", "preamble", "code"), [
    ("/sparql", "application/sparql-query", b"SELECT * WHERE { ?s ?p ?o } #", b"body_too_large"),
    ("/sparql", "application/x-www-form-urlencoded", b"query=", b"body_too_large"),
    ("/validate", "multipart/form-data; boundary=XX",
     b'--XX\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\nContent-Type: text/plain\r\n\r\n',
     b"upload_too_large"),
    ("/api/validate", "multipart/form-data; boundary=XX",
     b'--XX\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\nContent-Type: text/plain\r\n\r\n',
     b"upload_too_large"),
])
def test_a_chunked_body_is_refused_by_a_real_server_while_it_streams(server: str, path: str, content_type: str,
                                                                    preamble: bytes, code: bytes) -> None:
    """200 MB chunked: the 413 comes after a few MB (the cap and the sockets' buffers), not at
    the end of a body read whole."""
    total = 200 * 1024 * 1024
    sent, answer = _stream_until_answered(server, path, preamble, total, content_type)
    assert answer.startswith(b"HTTP/1.1 413") and code in answer, answer[:300]
    assert sent < 40 * 1024 * 1024, f"{sent} bytes sent before the answer"


# -- 4. dates out of range and other bad parameters: 4xx with a message -----------------------------
@pytest.mark.parametrize(("url", "params", "name"), [
    ("/api/duties", {"agreement": "dvo-hbel-2026", "event": "overmacht", "on": "9999-12-31"}, "on"),
    ("/api/duties", {"agreement": "dvo-hbel-2026", "event": "overmacht", "on": "0001-01-01"}, "on"),
    ("/api/deadlines", {"agreement": "dvo-pwm-2018", "from": "0001-01-01", "to": "0001-12-31"}, "from"),
    ("/api/deadlines", {"agreement": "dvo-pwm-2018", "from": "2026-01-01", "to": "9999-12-31"}, "to"),
    ("/api/deadlines", {"agreement": "dvo-pwm-2018", "from": "9999-01-01", "to": "9999-12-31", "format": "ics"}, "from"),
    ("/deadlines.ics", {"agreement": "dvo-pwm-2018", "from": "0001-01-01", "to": "0001-12-31"}, "from"),
])
def test_a_date_out_of_range_is_a_400_naming_the_parameter_and_the_range(app_client: TestClient, url: str,
                                                                          params: dict[str, str], name: str) -> None:
    r = app_client.get(url, params=params)
    assert r.status_code == 400, r.text
    message = r.json()["error"]["message"]
    assert message.startswith(f"{name}: ") and "1900-01-01" in message and "2200-12-31" in message


@pytest.mark.parametrize("url", ["/api/deadlines", "/deadlines.ics"])
def test_a_year_out_of_range_is_a_400(app_client: TestClient, url: str) -> None:
    r = app_client.get(url, params={"agreement": "dvo-pwm-2018", "year": "9999"})
    assert r.status_code == 400 and r.json()["error"]["message"].startswith("query.year")


@pytest.mark.parametrize("params", [
    {"agreement": "dvo-hbel-2026", "event": "overmacht", "on": "9999-12-31"},
    {"agreement": "dvo-hbel-2026", "event": "besluit", "on": "0001-01-01"},
    {"agreement": "dvo-hbel-2026", "year": "9999"},
    {"agreement": "dvo-hbel-2026", "year": "0"},
    {"agreement": "dvo-hbel-2026", "event": "overmacht", "on": "2026-02-30"},
])
def test_the_deadlines_page_answers_a_bad_date_with_400_and_says_why(app_client: TestClient,
                                                                     params: dict[str, str]) -> None:
    r = app_client.get("/deadlines", params=params)
    assert r.status_code == 400 and 'role="alert"' in r.text
    alert = r.text.split('role="alert"', 1)[1].split("</p>", 1)[0]
    # the range of days the engine answers for; a day that does not exist is said to be none
    assert ("1900" in alert) if params.get("on") != "2026-02-30" else ("die dag bestaat niet" in alert)
    assert "<form" in r.text  # the form again, to correct it


def test_the_deadlines_page_with_good_dates_is_200(app_client: TestClient) -> None:
    r = app_client.get("/deadlines", params={"agreement": "dvo-pwm-2018", "event": "overmacht",
                                             "on": "2200-12-31", "year": "2200"})
    assert r.status_code == 200 and 'role="alert"' not in r.text
    # the HBEL-DVO ran for four years from 2026 (art. 2 lid 1): 2200 is said to lie after it, not a 500
    r = app_client.get("/deadlines", params={"agreement": "dvo-hbel-2026", "event": "overmacht",
                                             "on": "2200-12-31", "year": "2200"})
    assert r.status_code == 400 and "was van kracht tot en met 2029-12-31" in r.text
    # the first supported year is a good date, but before the agreement: said so (400), not a 500
    r = app_client.get("/deadlines", params={"agreement": "dvo-hbel-2026", "year": "1900"})
    assert r.status_code == 400 and "HBEL-DVO is van kracht vanaf 2026-" in r.text.split('role="alert"', 1)[1]


def test_the_rules_refuse_a_date_out_of_range() -> None:
    from dvo_kb.api.deps import get_rules
    from dvo_kb.errors import UserError

    rules = get_rules()
    with pytest.raises(UserError, match=r"^on: 9999-12-31 is outside the supported range 1900-01-01 to 2200-12-31"):
        rules.duties("dvo-hbel-2026", "overmacht", dt.date(9999, 12, 31))
    with pytest.raises(UserError, match=r"^from: 0001-01-01 is outside"):
        rules.calendar("dvo-pwm-2018", dt.date(1, 1, 1), dt.date(1, 12, 31))


@pytest.mark.parametrize("argv", [
    ["duties", "--agreement", "dvo-hbel-2026", "--event", "overmacht", "--on", "9999-12-31"],
    ["deadlines", "--agreement", "dvo-pwm-2018", "--from", "0001-01-01", "--to", "0001-12-31"],
    ["deadlines", "--agreement", "dvo-pwm-2018", "--year", "9999"],
])
def test_the_cli_refuses_a_date_out_of_range_with_exit_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    from dvo_kb.cli import main

    with pytest.raises(SystemExit) as exc:
        main(argv)
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert "1900" in err and "2200" in err and ("--on" in err or "--from" in err or "--year" in err)


HOSTILE = ["", " ", "\x00", "\x1b[31m", "%FF", "9" * 40, "-1", "1e309", "nan", "9999-12-31", "0001-01-01",
           "2026-02-30", "../../etc/passwd", "<script>", "a" * 3000, "DVO-2018"]
GOOD = {"agreement": "dvo-hbel-2026", "event": "overmacht", "on": "2026-01-05", "year": "2026", "from": "2026-01-01",
        "to": "2026-12-31", "party": "huizen", "a": "dvo-pwm-2018", "b": "dvo-pwm-2020-beek", "q": "overmacht",
        "lang": "en", "format": "json", "roll_forward": "true"}


def test_no_parameter_of_a_get_endpoint_makes_a_500(app_client: TestClient) -> None:
    """Every query parameter of every GET endpoint (but /sparql) with hostile values, the others
    good: never a 500."""
    spec = app_client.get("/openapi.json").json()
    failures = []
    for path, ops in spec["paths"].items():
        op = ops.get("get")
        if op is None or path.startswith("/sparql") or "{" in path:
            continue
        names = [p["name"] for p in op.get("parameters", []) if p["in"] == "query"]
        for name in names:
            for value in HOSTILE:
                query = {k: GOOD.get(k, "x") for k in names} | {name: value}
                qs = "&".join(f"{k}={v if v.startswith('%') else quote(v)}" for k, v in query.items())
                r = app_client.get(f"{path}?{qs}")
                if r.status_code >= 500:
                    failures.append((path, name, value[:20], r.status_code))
    assert not failures


# -- 5. a 500 names nothing but an error id ------------------------------------------------------------
@contextmanager
def _broken_rules(secret: str) -> Iterator[None]:
    """The service's deadline rules replaced by ones whose calendar fails with ``secret`` in the
    exception (what a 500 must never show)."""
    from dvo_kb.api import deps
    from dvo_kb.api.main import app

    class Broken:
        def calendar(self, *args: Any, **kwargs: Any) -> Any:
            raise OverflowError(secret)

    async def broken() -> Any:
        return Broken()

    app.dependency_overrides[deps.rules_dep] = broken
    try:
        yield
    finally:
        del app.dependency_overrides[deps.rules_dep]


def test_a_500_carries_an_error_id_and_not_the_exception(app_client: TestClient,
                                                         caplog: pytest.LogCaptureFixture) -> None:
    with _broken_rules("secret: /etc/passwd exists, 10.0.0.7 answers"), \
            caplog.at_level(logging.ERROR, logger="dvo_kb.api.errors"):
        r = app_client.get("/api/deadlines", params={"agreement": "dvo-pwm-2018", "year": "2026"})
    assert r.status_code == 500
    body = r.json()["error"]
    assert body["code"] == "internal_error" and re.fullmatch(r"[0-9a-f]{12}", body["error_id"])
    assert body["message"].startswith("Interne fout") and body["error_id"] in body["message"]
    assert "OverflowError" not in r.text and "secret" not in r.text and "passwd" not in r.text
    assert r.headers["x-error-id"] == body["error_id"]
    logged = [rec for rec in caplog.records if body["error_id"] in rec.getMessage()]
    assert logged and logged[0].exc_info and "secret" in str(logged[0].exc_info[1])


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_500_for_a_browser_is_a_page_with_the_error_id(app_client: TestClient, lang: str) -> None:
    """A browser (Accept: text/html) gets the 500 as a page in the reader's language (one main,
    one h1, the error id), naming nothing of the exception."""
    from lxml import html as lxml_html

    with _broken_rules("secret: /etc/passwd exists"):
        r = app_client.get("/deadlines", params={"agreement": "dvo-pwm-2018", "year": "2026", "lang": lang},
                           headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert r.status_code == 500 and r.headers["content-type"].startswith("text/html")
    root = lxml_html.document_fromstring(r.text)
    assert len(root.xpath("//main")) == 1 and len(root.xpath("//h1")) == 1 and root.get("lang") == lang
    assert root.xpath("string(//h1)") == {"nl": "Interne fout", "en": "Internal error"}[lang]
    assert r.headers["x-error-id"] in root.xpath("string(//main)")
    assert "OverflowError" not in r.text and "secret" not in r.text


# -- 6. no control characters in HTML -------------------------------------------------------------------
EVIL = "overmacht\x00\x07\x1b[31m\x85\x9f\x7f\r\x0b"


@pytest.mark.parametrize(("url", "params"), [
    ("/", {"q": EVIL}),
    ("/", {"q": "wie moet wie informeren bij " + EVIL}),
    ("/deadlines", {"agreement": EVIL}),
    ("/deadlines", {"agreement": "dvo-hbel-2026", "year": EVIL}),
    ("/deadlines", {"agreement": "dvo-hbel-2026", "event": EVIL, "on": "2026-01-05"}),
    ("/deadlines", {"agreement": "dvo-hbel-2026", "event": "overmacht", "on": EVIL}),
    ("/deadlines", {"agreement": "dvo-hbel-2026", "party": EVIL}),
    ("/diff", {"a": EVIL, "b": "dvo-pwm-2018"}),
    ("/id/" + quote(EVIL), {}),
])
def test_control_characters_never_reach_html(app_client: TestClient, url: str, params: dict[str, str]) -> None:
    r = app_client.get(url, params=params, headers={"Accept": "text/html"})
    assert r.status_code < 500
    if "text/html" in r.headers["content-type"]:
        assert not CONTROL.search(r.text), CONTROL.findall(r.text)
    if url == "/":
        assert "overmacht[31m" in r.text  # the question is echoed, without its control characters


def test_control_characters_of_an_upload_never_reach_html(app_client: TestClient) -> None:
    base = (Path(__file__).parent / "data").glob("*.txt")
    draft = next((p for p in base if p.stat().st_size > 2000), None)
    text = draft.read_text(encoding="utf-8") if draft else "Artikel 1\nDe partijen \x07melden\x1b dit."
    for name, data in [("con\x07cept\x1b\x85.txt", text.replace("Artikel 2", "Artikel 2\x07\x1b[0m")),
                       ("x\x00.pdf", "%PDF"), ("lege\x9b.txt", "\x07")]:
        r = app_client.post("/validate", files={"file": (name, data.encode(), "text/plain")}, data={"lang": "nl"})
        assert r.status_code < 500 and "text/html" in r.headers["content-type"]
        assert not CONTROL.search(r.text), (name, CONTROL.findall(r.text))


# -- 7. uploads never make the service fetch or read a document ------------------------------------------
class Canary:
    """A listener on loopback that records every connection made to it (nothing may reach it)."""

    def __init__(self) -> None:
        import threading

        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.2)
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        self.hits: list[bytes] = []
        self.running = True
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while self.running:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            conn.settimeout(1)
            try:
                self.hits.append(conn.recv(4096) or b"(connected)")
            except OSError:
                self.hits.append(b"(connected)")
            conn.close()

    def close(self) -> None:
        self.running = False
        self.thread.join(2)
        self.sock.close()


@pytest.fixture()
def canary() -> Iterator[Canary]:
    c = Canary()
    yield c
    time.sleep(0.1)
    c.close()
    assert not c.hits, f"something reached the canary: {c.hits[:3]}"


AGREEMENT = ('"@id": "http://example.org/draft", "@type": "https://w3id.org/dvo-kb/def#Agreement", '
             '"https://w3id.org/dvo-kb/def#hasArticle": {"@id": "http://example.org/draft/art/1", '
             '"@type": "https://w3id.org/dvo-kb/def#Article"}')
JSONLD_REFUSED = {
    "context by IRI": '{"@context": "@URL@/ctx", ' + AGREEMENT + "}",
    "context in an array": '{"@context": [{"dvo": "https://w3id.org/dvo-kb/def#"}, "@URL@/ctx"], ' + AGREEMENT + "}",
    "scoped context": '{"@context": {"dvo": "https://w3id.org/dvo-kb/def#", "dvo:hasArticle": {"@context": '
                      '"@URL@/scoped"}}, ' + AGREEMENT + "}",
    "nested context": '{"@context": {"dvo": "https://w3id.org/dvo-kb/def#"}, "@graph": [{"x": [{"@context": '
                      '["@URL@/deep"]}]}], ' + AGREEMENT + "}",
    "@import": '{"@context": {"@version": 1.1, "@import": "@URL@/imported"}, ' + AGREEMENT + "}",
    "duplicate @context": '{"@context": "@URL@/first", "@context": {}, ' + AGREEMENT + "}",
    "relative context on disk": '{"@context": "ctx.jsonld", ' + AGREEMENT + "}",
}


@pytest.mark.parametrize("case", sorted(JSONLD_REFUSED))
def test_jsonld_naming_a_document_to_load_is_refused_unread(case: str, canary: Canary, tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    from dvo_kb.validate.reader import DraftError, read_bytes

    monkeypatch.chdir(tmp_path)
    (tmp_path / "ctx.jsonld").write_text('{"@context": {"dvo": "https://w3id.org/dvo-kb/def#"}}', encoding="utf-8")
    data = JSONLD_REFUSED[case].replace("@URL@", canary.url).encode()
    with pytest.raises(DraftError, match="@import" if case == "@import" else "@context given by IRI"):
        read_bytes(data, "concept.jsonld")


def test_a_file_context_is_refused_without_telling_whether_the_file_exists(app_client: TestClient) -> None:
    answers = []
    for path in ("file:///etc/passwd", "file:///etc/no-such-file-dvo-kb"):
        data = ('{"@context": "' + path + '", ' + AGREEMENT + "}").encode()
        r = app_client.post("/api/validate", files={"file": ("local.jsonld", data, "application/ld+json")})
        assert r.status_code == 400
        answers.append(r.json()["error"]["message"].replace(path, "PATH"))
    assert answers[0] == answers[1] and "root:" not in answers[0]


def test_jsonld_with_its_context_inline_is_read(canary: Canary) -> None:
    from dvo_kb.validate.reader import read_bytes

    data = ('{"@context": {"dvo": "https://w3id.org/dvo-kb/def#", "@base": "' + canary.url + '/", "@vocab": "'
            + canary.url + '/vocab#"}, "@id": "draft", "@type": "dvo:Agreement", "dvo:hasArticle": {"@id": "art/1"}}')
    g = read_bytes(data.encode(), "concept.jsonld").graph
    assert g is not None and len(g) == 2


def test_an_upload_with_a_remote_context_reaches_nothing(app_client: TestClient, canary: Canary) -> None:
    data = ('{"@context": "' + canary.url + '/ctx", ' + AGREEMENT + "}").encode()
    r = app_client.post("/api/validate", files={"file": ("remote.jsonld", data, "application/ld+json")})
    assert r.status_code == 400 and "@context" in r.json()["error"]["message"]
    assert canary.url in r.json()["error"]["message"]  # it names what was refused


RDF_BODY = """<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:dvo="https://w3id.org/dvo-kb/def#"
  xmlns:xi="http://www.w3.org/2001/XInclude">
  <dvo:Agreement rdf:about="http://example.org/draft"><dvo:title>Concept @TITLE@</dvo:title>@EXTRA@
    <dvo:hasArticle><dvo:Article rdf:about="http://example.org/draft/art/1"/></dvo:hasArticle></dvo:Agreement>
</rdf:RDF>"""
LAUGHS = ('<!DOCTYPE rdf:RDF [<!ENTITY lol "lol">'
          + "".join(f'<!ENTITY lol{i} "{("&lol" + str(i - 1 or "") + ";") * 10}">' for i in range(1, 10)) + "]>")
XML_REFUSED = {
    "internal entity": ('<!DOCTYPE rdf:RDF [<!ENTITY x "y">]>', "&x;", "", "DOCTYPE"),
    "file entity": ('<!DOCTYPE rdf:RDF [<!ENTITY x SYSTEM "file:///etc/passwd">]>', "&x;", "", "DOCTYPE"),
    "remote entity": ('<!DOCTYPE rdf:RDF [<!ENTITY x SYSTEM "@URL@/entity">]>', "&x;", "", "DOCTYPE"),
    "external DTD": ('<!DOCTYPE rdf:RDF SYSTEM "@URL@/external.dtd">', "", "", "DOCTYPE"),
    "parameter entity": ('<!DOCTYPE rdf:RDF [<!ENTITY % p SYSTEM "@URL@/p.dtd"> %p;]>', "", "", "DOCTYPE"),
    "billion laughs": (LAUGHS, "&lol9;", "", "DOCTYPE"),
    "XInclude": ("", "", '<xi:include href="@URL@/included.xml" parse="xml"/>', "XInclude"),
}


@pytest.mark.parametrize("case", sorted(XML_REFUSED))
def test_rdf_xml_with_a_dtd_entities_or_xinclude_is_refused_at_once(case: str, canary: Canary) -> None:
    from dvo_kb.validate.reader import DraftError, read_bytes

    doctype, title, extra, reason = XML_REFUSED[case]
    data = ('<?xml version="1.0"?>\n' + doctype + "\n" + RDF_BODY.replace("@TITLE@", title).replace("@EXTRA@", extra))
    t0 = time.perf_counter()
    with pytest.raises(DraftError, match=reason):
        read_bytes(data.replace("@URL@", canary.url).encode(), "concept.rdf")
    assert time.perf_counter() - t0 < 0.5


def test_the_billion_laughs_upload_is_refused_in_milliseconds(app_client: TestClient) -> None:
    data = ('<?xml version="1.0"?>\n' + LAUGHS + "\n" + RDF_BODY.replace("@TITLE@", "&lol9;").replace("@EXTRA@", ""))
    assert len(data) < 1200
    t0 = time.perf_counter()
    r = app_client.post("/api/validate", files={"file": ("laughs.rdf", data.encode(), "application/rdf+xml")})
    assert r.status_code == 400 and "DOCTYPE" in r.json()["error"]["message"]
    assert time.perf_counter() - t0 < 2


def test_rdf_xml_without_them_is_read() -> None:
    from dvo_kb.validate.reader import read_bytes

    data = '<?xml version="1.0"?>\n' + RDF_BODY.replace("@TITLE@", "").replace("@EXTRA@", "")
    g = read_bytes(data.encode(), "concept.rdf").graph
    assert g is not None and len(g) == 4


def _docx(parts: dict[str, bytes] | None = None) -> bytes:
    """A real .docx (python-docx) with some of its parts replaced or added."""
    import io
    import zipfile

    docx = pytest.importorskip("docx")
    d = docx.Document()
    d.add_paragraph("Artikel 1 Begrippen")
    d.add_paragraph("De partijen melden dit.")
    raw = io.BytesIO()
    d.save(raw)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(raw.getvalue())) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, (parts or {}).get(info.filename, src.read(info.filename)))
        for name, data in (parts or {}).items():
            if name not in src.namelist():
                dst.writestr(name, data)
    return out.getvalue()


def _with_doctype(xml: bytes, doctype: bytes) -> bytes:
    head, sep, rest = xml.partition(b"?>")
    return head + sep + doctype + rest if sep else doctype + xml


@pytest.mark.parametrize(("part", "doctype", "reason"), [
    ("word/document.xml", b'<!DOCTYPE w:document [<!ENTITY x SYSTEM "file:///etc/passwd">]>', "DOCTYPE"),
    ("word/styles.xml", LAUGHS.replace("rdf:RDF", "w:styles").encode(), "DOCTYPE"),
    ("[Content_Types].xml", b'<!DOCTYPE Types SYSTEM "http://127.0.0.1:9/x.dtd">', "DOCTYPE"),
    ("word/_rels/document.xml.rels", b'<!DOCTYPE Relationships [<!ENTITY x "y">]>', "DOCTYPE"),
    ("customXml/item1.bin", b'<!DOCTYPE x [<!ENTITY x "y">]>', "DOCTYPE"),  # XML under another name
])
def test_docx_parts_with_a_dtd_are_refused_before_parsing(part: str, doctype: bytes, reason: str) -> None:
    import io
    import zipfile

    from dvo_kb.validate.reader import DraftError, read_bytes

    good = _docx()
    with zipfile.ZipFile(io.BytesIO(good)) as zf:
        xml = zf.read(part) if part in zf.namelist() else b"<x/>"
    t0 = time.perf_counter()
    with pytest.raises(DraftError, match=f"{re.escape(part)}: .*{reason}"):
        read_bytes(_docx({part: _with_doctype(xml, doctype)}), "concept.docx")
    assert time.perf_counter() - t0 < 1
    assert read_bytes(good, "concept.docx").lines  # the same file without it is read


def test_docx_with_an_xinclude_is_refused() -> None:
    import io
    import zipfile

    from dvo_kb.validate.reader import DraftError, read_bytes

    good = _docx()
    with zipfile.ZipFile(io.BytesIO(good)) as zf:
        xml = zf.read("word/document.xml")
    xml = xml.replace(b"<w:body>", b'<w:body><xi:include xmlns:xi="http://www.w3.org/2001/XInclude" '
                                   b'href="file:///etc/passwd" parse="text"/>', 1)
    with pytest.raises(DraftError, match="XInclude"):
        read_bytes(_docx({"word/document.xml": xml}), "concept.docx")


def test_owl_imports_in_an_rdf_draft_are_refused_never_followed(canary: Canary) -> None:
    from dvo_kb.validate.reader import DraftError, read_bytes

    ttl = f"""@prefix dvo: <https://w3id.org/dvo-kb/def#> . @prefix owl: <http://www.w3.org/2002/07/owl#> .
<http://example.org/draft> a dvo:Agreement ; owl:imports <{canary.url}/ontology.ttl> ;
    dvo:hasArticle <http://example.org/draft/art/1> ."""
    with pytest.raises(DraftError, match="owl:imports"):
        read_bytes(ttl.encode(), "concept.ttl")


def test_turtle_base_and_prefix_iris_are_names_not_fetched(canary: Canary) -> None:
    from dvo_kb.validate.reader import read_bytes

    ttl = f"""@base <{canary.url}/base/> . @prefix x: <{canary.url}/x#> . @prefix dvo: <https://w3id.org/dvo-kb/def#> .
<draft> a dvo:Agreement ; x:p x:o ; dvo:hasArticle <draft/art/1> ."""
    g = read_bytes(ttl.encode(), "concept.ttl").graph
    assert g is not None and len(g) == 3


def test_relative_iris_of_an_rdf_draft_do_not_show_where_the_service_runs(app_client: TestClient) -> None:
    from dvo_kb.validate.reader import read_bytes

    ttl = b"@prefix dvo: <https://w3id.org/dvo-kb/def#> . <d> a dvo:Agreement ; dvo:hasArticle <a1> ."
    g = read_bytes(ttl, "concept.ttl").graph
    assert g is not None and {str(s) for s in g.subjects()} == {"https://w3id.org/dvo-kb/id/draft/d"}
    r = app_client.post("/api/validate", files={"file": ("concept.ttl", ttl, "text/turtle")})
    assert r.status_code < 500 and "file:" not in r.text and os.getcwd() not in r.text


# -- 8. bounds on the size of a draft ------------------------------------------------------------------------
def test_a_docx_with_a_96_mb_document_xml_is_refused_at_once() -> None:
    import io
    import zipfile

    from dvo_kb.validate.reader import MAX_INFLATED, DraftError, read_bytes

    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    body = "".join(f"<w:p><w:r><w:t>Artikel {i} De partij meldt dit binnen {i % 97} dagen.</w:t></w:r></w:p>"
                   for i in range(1_150_000))
    xml = f'<?xml version="1.0"?><w:document {w}><w:body>{body}</w:body></w:document>'.encode()
    assert 90 * 2**20 < len(xml) < MAX_INFLATED  # within the zip checks of before
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("word/document.xml", xml)
    data = buf.getvalue()
    assert len(data) < 5 * 2**20  # an upload within the service's cap
    t0 = time.perf_counter()
    with pytest.raises(DraftError, match=r"word/document\.xml inflates to [\d,]+ bytes; refused \(at most "
                                         r"16,777,216, setting DVO_KB_MAX_DRAFT_XML_BYTES\)"):
        read_bytes(data, "groot.docx")
    assert time.perf_counter() - t0 < 0.5


def _articles(n: int, sentence: str = "De partij meldt dit binnen tien dagen aan de andere partijen.") -> str:
    return "\n".join(f"Artikel {i}\n{sentence}" for i in range(1, n + 1))


def test_a_text_draft_of_45000_articles_is_refused_at_once(app_client: TestClient) -> None:
    text = _articles(45000, "De partij meldt dit binnen tien dagen aan de andere partijen, schriftelijk en tijdig.")
    assert 4 * 2**20 < len(text) < 5 * 2**20
    t0 = time.perf_counter()
    r = app_client.post("/api/validate", files={"file": ("groot.txt", text.encode(), "text/plain")})
    assert time.perf_counter() - t0 < 2
    assert r.status_code == 400
    assert re.search(r"has [\d,]+ characters; refused \(at most 2,000,000, setting DVO_KB_MAX_DRAFT_CHARS\)",
                     r.json()["error"]["message"])


def test_the_article_bound_is_said_and_configurable(monkeypatch: pytest.MonkeyPatch) -> None:
    from dvo_kb.settings import DraftLimits
    from dvo_kb.validate.reader import DraftError, read_bytes

    t0 = time.perf_counter()
    with pytest.raises(DraftError, match=r"has 3,000 articles; refused \(at most 2,000, setting "
                                         r"DVO_KB_MAX_DRAFT_ARTICLES\)"):
        read_bytes(_articles(3000, "Zij melden.").encode(), "veel.txt")
    assert time.perf_counter() - t0 < 0.5
    monkeypatch.setenv("DVO_KB_MAX_DRAFT_ARTICLES", "10")
    with pytest.raises(DraftError, match="has 11 articles; refused"):
        read_bytes(_articles(11).encode(), "elf.txt")
    assert read_bytes(_articles(10).encode(), "tien.txt").lines
    monkeypatch.setenv("DVO_KB_MAX_DRAFT_CHARS", "1000")
    with pytest.raises(DraftError, match="characters; refused"):
        read_bytes(_articles(10, "x" * 200).encode(), "lang.txt")
    with pytest.raises(DraftError, match="has 3 articles"):  # RDF: dvo:hasArticle, with limits given
        read_bytes(b"@prefix dvo: <https://w3id.org/dvo-kb/def#> . <d> dvo:hasArticle <a1>, <a2>, <a3> .",
                   "c.ttl", DraftLimits(max_articles=2))


def test_real_drafts_are_within_the_bounds() -> None:
    """The default bounds accept every document of the corpus and the benchmark's 500 articles."""
    sys.path.insert(0, str(Path(__file__).parent.parent / "benchmarks"))
    from bench_validate import generated

    from dvo_kb.clauses.parser import read_source
    from dvo_kb.validate.reader import read_bytes

    sources = Path(__file__).parent.parent / "clauses" / "sources"
    for f in sorted(sources.glob("*.txt")):
        text = "\n".join(line.text for line in read_source(f))
        assert read_bytes(text.encode(), f.name).lines
    assert len(read_bytes(generated(500).encode(), "gen-500.txt").lines) > 1000
