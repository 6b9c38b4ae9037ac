"""Benchmark: building the knowledge base from the sources (time and peak memory).

    python benchmarks/bench_build.py [--runs 5] [--write]

Each measurement runs in a fresh subprocess (so peak RSS is its own), several times; the
median is reported. Peers are measured side by side in the same run: loading the same
N-Triples with rdflib and with pyoxigraph. With --write the table replaces the "build"
section of benchmarks/RESULTS.md.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))
from results import write_section  # noqa: E402

TASKS = {
    "parse": """
from dvo_kb.clauses.corpus import parse_corpus
t = time.perf_counter(); docs = parse_corpus(); dt = time.perf_counter() - t
""",
    "build (parse + RDF)": """
from dvo_kb.clauses.build import build
t = time.perf_counter(); res = build(); dt = time.perf_counter() - t
""",
    "build + load in memory (dvo-kb build)": """
from dvo_kb.store import KnowledgeBase
t = time.perf_counter(); kb = KnowledgeBase.open(); dt = time.perf_counter() - t
""",
    "startup, reusing the on-disk store": """
from dvo_kb.store import KnowledgeBase
t = time.perf_counter(); kb = KnowledgeBase.open(STORE); kb.select('SELECT * WHERE { ?s ?p ?o } LIMIT 1'); dt = time.perf_counter() - t
""",
    "startup, in memory from the cached build (the default)": """
from dvo_kb.store import KnowledgeBase
t = time.perf_counter(); kb = KnowledgeBase.open(cache=CACHE); kb.select('SELECT * WHERE { ?s ?p ?o } LIMIT 1'); dt = time.perf_counter() - t
""",
    "peer: rdflib parses the N-Triples": """
from rdflib import Graph
t = time.perf_counter(); g = Graph(); g.parse(NT, format='nt'); dt = time.perf_counter() - t
""",
    "peer: pyoxigraph loads the N-Triples": """
import pyoxigraph as ox
t = time.perf_counter(); s = ox.Store(); s.load(path=NT, format=ox.RdfFormat.N_TRIPLES); dt = time.perf_counter() - t
""",
}

PRELUDE = """
import time, json
STORE = {store!r}; NT = {nt!r}; CACHE = {cache!r}
"""
# peak RSS from VmHWM: ru_maxrss would carry over the parent's peak across exec
EPILOGUE = """
hwm = next(int(l.split()[1]) for l in open('/proc/self/status') if l.startswith('VmHWM'))
print(json.dumps({"seconds": dt, "peak_mb": hwm / 1024}))
"""


def measure(code: str, store: str, nt: str, cache: str) -> dict[str, float]:
    src = PRELUDE.format(store=store, nt=nt, cache=cache) + code + EPILOGUE
    out = subprocess.run([sys.executable, "-c", src], capture_output=True, text=True, check=True, timeout=600)
    return json.loads(out.stdout.strip().splitlines()[-1])


def serve_startup(cache: str) -> dict[str, float]:
    """Seconds from starting `dvo-kb serve` to its first answers: /healthz, a SPARQL query, a question."""
    import os
    import socket
    import urllib.request

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"http://127.0.0.1:{port}"
    env = {**os.environ, "DVO_KB_CACHE": cache}
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "dvo_kb.cli", "serve", "--port", str(port), "--log-level",
                             "warning"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    out: dict[str, float] = {}
    try:
        for name, path in (("`/healthz` answers (graph loaded)", "/healthz"),
                           ("first `/sparql` answer", "/sparql?query=SELECT%20*%20%7B%3Fs%20%3Fp%20%3Fo%7D%20LIMIT%201"),
                           ("first `/api/ask` answer", "/api/ask?q=who%20notifies%20whom%20on%20force%20majeure%3F")):
            while True:
                try:
                    urllib.request.urlopen(url + path, timeout=30).read()
                    break
                except OSError:
                    if time.perf_counter() - t0 > 60:
                        raise
                    time.sleep(0.02)
            out[name] = time.perf_counter() - t0
    finally:
        proc.terminate()
        proc.wait(timeout=20)
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--write", action="store_true", help="update benchmarks/RESULTS.md")
    args = ap.parse_args()
    from dvo_kb.store import KnowledgeBase

    with tempfile.TemporaryDirectory() as tmp:
        store = str(Path(tmp) / "store")
        kb = KnowledgeBase.open(store)  # prepare the on-disk store for the startup measurement
        cache = str(Path(tmp) / "cache")
        KnowledgeBase.open(cache=cache)  # and the cached build
        triples = kb.info.triples
        nt = str(Path(tmp) / "kb.nt")
        from dvo_kb.clauses.build import build

        build().union().serialize(nt, format="nt", encoding="utf-8")
        del kb
        service = [serve_startup(cache) for _ in range(args.runs)]
        rows = []
        for name, code in TASKS.items():
            runs = [measure(code, store, nt, cache) for _ in range(args.runs)]
            rows.append((name, statistics.median(x["seconds"] for x in runs) * 1000,
                         statistics.median(x["peak_mb"] for x in runs)))
    rdf = next(r for r in rows if r[0].startswith("peer: rdflib"))[1]
    ox_ = next(r for r in rows if r[0].startswith("peer: pyoxigraph"))[1]
    lines = [
        f"Measured {time.strftime('%Y-%m-%d')} on {platform.machine()} ({platform.python_implementation()} "
        f"{platform.python_version()}), {triples} triples, median of {args.runs} runs, each in a fresh process.",
        "",
        "| task | median ms | peak RSS MB |",
        "|---|---:|---:|",
        *[f"| {n} | {ms:.0f} | {mb:.0f} |" for n, ms, mb in rows],
        "",
        f"Ratio rdflib / pyoxigraph loading the same N-Triples: {rdf / ox_:.1f}x.",
        "Aim (foundation issue): the whole corpus builds in under 5 s and 300 MB.",
        "",
        "The service, `dvo-kb serve` with the cached build, from the start of the process (median of "
        f"{args.runs}):",
        "",
        "| ready | median ms |",
        "|---|---:|",
        *[f"| {k} | {statistics.median(s[k] for s in service) * 1000:.0f} |" for k in service[0]],
        "",
        "Aim (performance issue): the graph ready to answer in under 2 s on the real corpus.",
    ]
    table = "\n".join(lines)
    print(table)
    if args.write:
        write_section("build", "Build", "python benchmarks/bench_build.py --write", table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
