"""Benchmark: a bounded load test of the service on loopback.

    python benchmarks/bench_load.py [--clients 8] [--seconds 30] [--write]

Starts a real server (`dvo-kb serve` on 127.0.0.1, a free port, one process as the README starts
it), then runs N client threads for the given time, each with one keep-alive connection
(http.client), cycling through a fixed mix of SPARQL queries on /sparql and questions on
/api/ask. Reports requests per second, p50/p95/p99 latency and the errors (any status other
than 200, or a failed connection), per endpoint and overall. Not a unit test.
"""

from __future__ import annotations

import argparse
import http.client
import os
import platform
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))
import loadclient  # noqa: E402
from loadclient import pct  # noqa: E402
from results import write_section  # noqa: E402

SPARQL = [
    "SELECT ?id WHERE { ?d dvo:documentId ?id ; dvo:inCorpus true ; dvo:hasArticle ?a } GROUP BY ?id ORDER BY ?id",
    "SELECT ?id (COUNT(?a) AS ?articles) WHERE { ?d dvo:documentId ?id ; dvo:hasArticle ?a } GROUP BY ?id ORDER BY ?id",
    "SELECT ?doc ?art ?bearer WHERE { ?n dvo:trigger dvo:event-overmacht ; dvo:source ?src ; dvo:bearerText ?bearer . "
    "?src dvo:inDocument/dvo:documentId ?doc . ?a dvo:hasParagraph|dvo:hasParagraph/dvo:hasItem ?src ; "
    "dvo:number ?art } ORDER BY ?doc ?art",
    "CONSTRUCT { ?a dvo:number ?n } WHERE { ?a a dvo:Article ; dvo:number ?n }",
    "ASK { ?a dvo:number '7a' }",
]
QUESTIONS = [
    "wie moet wie informeren bij overmacht?",
    "what share of the costs does Stein pay?",
    "welke termijnen gelden voor betalingen?",
    "wat wordt verstaan onder overmacht?",
    "who must report to whom?",
]
MIX: list[tuple[str, str, dict[str, str]]] = (
    [("/sparql", "/sparql", {"query": q}) for q in SPARQL] + [("/api/ask", "/api/ask", {"q": q}) for q in QUESTIONS])
ACCEPT = {"/sparql": "application/sparql-results+json, text/turtle;q=0.9", "/api/ask": "application/json"}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(port: int) -> subprocess.Popen[bytes]:
    exe = Path(sys.executable).with_name("dvo-kb")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "dvo_kb.cli"]
    proc = subprocess.Popen([*cmd, "serve", "--port", str(port), "--log-level", "warning"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT, env={**os.environ})
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            c.request("GET", "/healthz")
            if c.getresponse().status == 200:
                return proc
        except OSError:
            time.sleep(0.3)
    proc.kill()
    raise SystemExit("the server did not start")


REQUESTS = [(group, f"{path}?{urlencode(params)}", ACCEPT[group]) for group, path, params in MIX]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--clients", type=int, default=8)
    ap.add_argument("--seconds", type=float, default=30.0)
    ap.add_argument("--warmup", type=float, default=3.0, help="seconds of load before the measurement")
    ap.add_argument("--write", action="store_true", help="update benchmarks/RESULTS.md")
    args = ap.parse_args()
    port = _free_port()
    proc = start_server(port)
    try:
        # every query once or more, one client
        loadclient.run(port, REQUESTS, 0, time.monotonic() + args.warmup, [], 60)
        rows, elapsed = loadclient.concurrent(port, REQUESTS, args.clients, args.seconds, 60)
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    lines = [
        f"Measured {time.strftime('%Y-%m-%d')} on {platform.machine()} (CPython {platform.python_version()}, "
        f"{os.cpu_count()} cores shared with the clients), one server process (`dvo-kb serve`), "
        f"{args.clients} client threads with keep-alive connections for {elapsed:.0f} s on 127.0.0.1, "
        f"a fixed mix of {len(SPARQL)} SPARQL queries and {len(QUESTIONS)} questions, in turn.",
        "",
        "| endpoint | requests | requests/s | p50 ms | p95 ms | p99 ms | max ms | errors |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for group in ["/sparql", "/api/ask", "all"]:
        sel = [r for r in rows if group == "all" or r[0] == group]
        if not sel:
            continue
        ms = [r[1] * 1000 for r in sel]
        errors = sum(1 for r in sel if r[2] != 200)
        name = "**all**" if group == "all" else f"`{group}`"
        lines.append(f"| {name} | {len(sel)} | {len(sel) / elapsed:.1f} | {statistics.median(ms):.1f} | "
                     f"{pct(ms, 0.95):.1f} | {pct(ms, 0.99):.1f} | {max(ms):.1f} | {errors} |")
    statuses = sorted({r[2] for r in rows if r[2] != 200})
    lines += ["", f"Errors: {sum(1 for r in rows if r[2] != 200)}" + (f" (statuses {statuses})" if statuses else "")
              + ". Aim (service issue): no errors under 8 concurrent clients."]
    table = "\n".join(lines)
    print(table)
    if args.write:
        write_section("load", "Load on the service (loopback)", "python benchmarks/bench_load.py --write", table)
    return 1 if any(r[2] != 200 for r in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
