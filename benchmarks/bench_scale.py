"""Benchmark: the corpus plus synthetic documents at scale, dvo-kb against its peers, in one run.

    python benchmarks/bench_scale.py [--sizes 10k,1m,5m] [--seconds 20] [--clients 8] [--write]

For each size, ``synth.py`` writes that many synthetic quads (seed 1): once alone (dvo-kb adds
them to its built corpus through ``DVO_KB_EXTRA_DATA``) and once after the real corpus's named
graphs (``--with-corpus``, for the peers), so that every engine holds the same dataset. Then,
one engine at a time, each in its own process on 127.0.0.1:

- dvo-kb: ``dvo-kb serve`` (embedded pyoxigraph in memory, cache off: the corpus is built, the
  synthetic quads are added to their named graphs and to the default graph);
- dvo-kb on disk (``--engines dvo-kb-disk``): ``dvo-kb serve --store DIR``, the same graph in an
  embedded RocksDB store that the query workers open read-only;
- rdflib-endpoint: ``rdflib-endpoint serve FILE`` (an rdflib Dataset, default graph the union);
- the Oxigraph server: ``oxigraph load`` into a directory, then ``oxigraph serve
  --union-default-graph`` on it.

Load: seconds from the start of the process(es) until the endpoint answers a query, and the
peak RSS (VmHWM of the server process; for Oxigraph also the ``oxigraph load`` process, from
wait4). Throughput: after a warm-up (every query once, one client), N client threads with one
keep-alive connection each (http.client) send the same fixed mix of SPARQL queries (GET, JSON
results) for the given seconds; requests per second, p50 and p95 latency, errors (any status
other than 200). The row counts of every query are compared between the engines. Engines that
are not feasible at a size (rdflib-endpoint above ``--rdflib-max``) are skipped and the table
says so. Not a unit test.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import os
import platform
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from urllib.parse import urlencode

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))
import loadclient  # noqa: E402
import synth  # noqa: E402
from loadclient import pct  # noqa: E402
from results import write_section  # noqa: E402

BIN = Path(sys.executable).parent
PREFIXES = """PREFIX dvo: <https://w3id.org/dvo-kb/def#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""
# the same queries, with their prefixes, to every engine: joins over norms, lids and articles
QUERIES = {
    "overmacht": """SELECT ?doc ?art ?bearer WHERE {
  ?n dvo:trigger dvo:event-overmacht ; dvo:source ?src ; dvo:bearerText ?bearer .
  ?src dvo:inDocument ?d . ?d dvo:documentId ?doc .
  ?a dvo:hasParagraph ?src ; dvo:number ?art } LIMIT 50""",
    "deadlines": """SELECT ?doc ?deadline ?text WHERE {
  ?n a dvo:Obligation ; dvo:deadline ?d ; dvo:source ?src .
  ?d dvo:deadlineText ?deadline . ?src dvo:text ?text ; dvo:inDocument ?doc_ . ?doc_ dvo:documentId ?doc } LIMIT 50""",
    "document": """SELECT ?num (COUNT(?lid) AS ?lids) WHERE {
  ?doc dvo:documentId "dvo-pwm-2018" ; dvo:hasArticle ?a . ?a dvo:number ?num ; dvo:hasParagraph ?lid
} GROUP BY ?num ORDER BY ?num""",
    "parties": """SELECT ?bearer ?counterparty ?art WHERE {
  ?n a dvo:Obligation ; dvo:bearer ?b ; dvo:counterparty ?c ; dvo:source ?src .
  ?b rdfs:label ?bearer . ?c rdfs:label ?counterparty . FILTER(lang(?bearer) = "nl" && lang(?counterparty) = "nl")
  ?a dvo:hasParagraph ?src ; dvo:number ?art } LIMIT 50""",
    "shares": """SELECT ?key ?party ?pct WHERE {
  ?key a dvo:CostSharingKey ; dvo:hasShare ?s . ?s dvo:shareParty ?p ; dvo:sharePercentage ?pct .
  ?p rdfs:label ?party FILTER(lang(?party) = "nl") } LIMIT 30""",
    # the small query of the safety issue: a label lookup, what researchers' tools send by the thousand
    "label": """SELECT ?s ?label WHERE { ?s rdfs:label ?label } LIMIT 100""",
}
ACCEPT = "application/sparql-results+json"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _hwm_mb(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as f:
            return next(int(line.split()[1]) for line in f if line.startswith("VmHWM")) / 1024
    except (OSError, StopIteration):
        return float("nan")


def _pss_mb(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as f:
            return next(int(line.split()[1]) for line in f if line.startswith("Pss:")) / 1024
    except (OSError, StopIteration):
        return 0.0


@dataclass
class Engine:
    name: str
    path: str  # the query endpoint's path
    port: int = 0
    proc: subprocess.Popen[bytes] | None = None
    load_s: float = float("nan")
    load_mb: float = float("nan")  # peak RSS when ready (the largest process of the load)
    end_mb: float = float("nan")  # peak RSS of the server after the run
    # the memory the engine's processes hold together after the run: the sum of their PSS (pages
    # shared by forked workers counted once, in shares), the server and every worker
    pss_mb: float = float("nan")
    settle_s: float = float("nan")  # from answering until its processes were idle (background warm-up)
    skipped: str | None = None
    notes: list[str] = field(default_factory=list)
    behind: list[Engine] = field(default_factory=list)  # servers this one stands on (stopped with it)

    def url(self, query: str) -> str:
        return f"{self.path}?{urlencode({'query': PREFIXES + query})}"


def get(port: int, path: str, timeout: float = 5) -> tuple[int, bytes]:
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        c.request("GET", path, headers={"Accept": ACCEPT})
        r = c.getresponse()
        return r.status, r.read()
    finally:
        c.close()


def wait_ready(engine: Engine, t0: float, limit: float) -> None:
    probe = engine.url("ASK { ?s ?p ?o }")
    while time.monotonic() - t0 < limit:
        if engine.proc is not None and engine.proc.poll() is not None:
            raise RuntimeError(f"{engine.name} exited with {engine.proc.returncode}")
        try:
            if get(engine.port, probe)[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise TimeoutError(f"{engine.name} was not ready within {limit:.0f} s")


def _popen(cmd: list[str], env: dict[str, str] | None = None) -> subprocess.Popen[bytes]:
    return subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env or dict(os.environ),
                            start_new_session=True)


def stop(engine: Engine) -> None:
    for other in engine.behind:
        stop(other)
    proc = engine.proc
    if proc is None:
        return
    engine.end_mb = max(_hwm_mb(proc.pid), *[_hwm_mb(int(c)) for c in _children(proc.pid)], 0.0)
    engine.pss_mb = sum(_pss_mb(p) for p in _tree(proc.pid))
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)  # its own session: the server and its workers, nothing else
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=30)
    engine.proc = None


def _children(pid: int) -> list[str]:
    try:
        return Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return []


def _tree(pid: int) -> list[int]:
    """The process and all its descendants (children of any of its threads)."""
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        try:
            tasks = os.listdir(f"/proc/{p}/task")
        except OSError:
            continue
        for t in tasks:
            with contextlib.suppress(OSError):
                todo += [int(c) for c in Path(f"/proc/{p}/task/{t}/children").read_text().split()]
    return out


def _cpu_ticks(pids: list[int]) -> dict[int, int]:
    ticks = {}
    for p in pids:
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rpartition(")")[2].split()
        except OSError:
            continue
        ticks[p] = int(fields[11]) + int(fields[12])  # utime + stime
    return ticks


def wait_idle(engine: Engine, limit: float, share: float = 0.05, interval: float = 1.0) -> float:
    """Seconds until the engine's processes use less than ``share`` of a core over ``interval``
    (dvo-kb builds its text index and rules in a background thread once it answers): the load
    test measures the service, not its warm-up. Returns the seconds waited (``limit`` if never)."""
    if engine.proc is None:
        return float("nan")
    hz = os.sysconf("SC_CLK_TCK")
    t0 = time.monotonic()
    prev = _cpu_ticks(_tree(engine.proc.pid))
    while time.monotonic() - t0 < limit:
        time.sleep(interval)
        cur = _cpu_ticks(_tree(engine.proc.pid))
        busy = sum(v - prev.get(p, 0) for p, v in cur.items()) / hz
        prev = cur
        if busy < share * interval:
            return time.monotonic() - t0
    return limit


def start_dvo_kb(synthetic: Path, limit: float, workers: int, disk: Path | None = None, keep: bool = True) -> Engine:
    name = ("dvo-kb" + (" (on disk)" if disk else "") + (f" ({workers} workers)" if workers > 1 else "")
            + ("" if keep else " (answers not kept)"))
    e = Engine(name, "/sparql", _free_port())
    env = {**os.environ, "DVO_KB_EXTRA_DATA": str(synthetic), "DVO_KB_CACHE": "off"}
    if not keep:  # every query evaluated each time (api/result_cache.py off)
        env["DVO_KB_QUERY_CACHE_BYTES"] = "0"
    exe = BIN / "dvo-kb"
    if disk is not None:
        shutil.rmtree(disk, ignore_errors=True)
    cmd = [str(exe) if exe.exists() else sys.executable, *([] if exe.exists() else ["-m", "dvo_kb.cli"]),
           "serve", "--port", str(e.port), "--log-level", "warning", *(["--workers", str(workers)] if workers > 1 else []),
           *(["--store", str(disk)] if disk else [])]
    t0 = time.monotonic()
    e.proc = _popen(cmd, env)
    wait_ready(e, t0, limit)
    e.load_s = time.monotonic() - t0
    e.load_mb = max(_hwm_mb(e.proc.pid), *[_hwm_mb(int(c)) for c in _children(e.proc.pid)], 0.0)
    status, body = get(e.port, e.url('ASK { ?d dvo:documentId "synth-00001" }'))
    if status != 200 or not json.loads(body)["boolean"]:
        stop(e)
        raise RuntimeError("dvo-kb did not load DVO_KB_EXTRA_DATA (the synthetic documents are not in its graph)")
    return e


def start_dvo_kb_remote(full: Path, workdir: Path, limit: float, workers: int) -> Engine:
    """dvo-kb serve with its graph on the Oxigraph server (the same data, loaded by `oxigraph load`)."""
    t0 = time.monotonic()
    server = start_oxigraph(full, workdir, limit)
    e = Engine(f"dvo-kb on the Oxigraph server ({workers} workers)", "/sparql", _free_port(), behind=[server])
    exe = BIN / "dvo-kb"
    cmd = [str(exe) if exe.exists() else sys.executable, *([] if exe.exists() else ["-m", "dvo_kb.cli"]),
           "serve", "--port", str(e.port), "--log-level", "warning", "--workers", str(workers),
           "--store", f"http://127.0.0.1:{server.port}/query"]
    e.proc = _popen(cmd)
    try:
        wait_ready(e, t0, limit)
    except (RuntimeError, TimeoutError):
        stop(e)
        raise
    e.load_s = time.monotonic() - t0
    e.load_mb = max(_hwm_mb(e.proc.pid), *[_hwm_mb(int(c)) for c in _children(e.proc.pid)], 0.0)
    e.notes.append(f"the Oxigraph server {server.load_mb:.0f} MB")
    return e


def start_rdflib(full: Path, limit: float) -> Engine:
    e = Engine("rdflib-endpoint", "/", _free_port())  # its SPARQL endpoint is at the root
    t0 = time.monotonic()
    e.proc = _popen([str(BIN / "rdflib-endpoint"), "serve", str(full), "--host", "127.0.0.1", "--port", str(e.port)])
    wait_ready(e, t0, limit)
    e.load_s = time.monotonic() - t0
    e.load_mb = _hwm_mb(e.proc.pid)
    return e


def start_oxigraph(full: Path, workdir: Path, limit: float) -> Engine:
    e = Engine("Oxigraph server", "/query", _free_port())
    location = workdir / "oxigraph"
    shutil.rmtree(location, ignore_errors=True)
    exe = str(BIN / "oxigraph") if (BIN / "oxigraph").exists() else "oxigraph"
    t0 = time.monotonic()
    loader = subprocess.Popen([exe, "load", "--location", str(location), "--file", str(full)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(loader.pid, 0)
    loader.returncode = os.waitstatus_to_exitcode(status)
    if loader.returncode != 0:
        raise RuntimeError(f"oxigraph load exited with {loader.returncode}")
    load_mb = usage.ru_maxrss / 1024
    e.proc = _popen([exe, "serve", "--location", str(location), "--bind", f"127.0.0.1:{e.port}",
                     "--union-default-graph"])
    wait_ready(e, t0, limit)
    e.load_s = time.monotonic() - t0
    e.load_mb = max(load_mb, _hwm_mb(e.proc.pid))
    e.notes.append(f"oxigraph load {load_mb:.0f} MB")
    return e


def row_counts(engine: Engine) -> dict[str, int]:
    counts = {}
    for name, q in QUERIES.items():
        status, body = get(engine.port, engine.url(q), timeout=300)
        counts[name] = len(json.loads(body)["results"]["bindings"]) if status == 200 else -status
    return counts


DISTINCT = [1]  # variants of each query in the mix (--distinct)


def mix(engine: Engine) -> list[tuple[str, str, str]]:
    """The requests the clients send in turn: each query once, or (``--distinct N``) in N
    variants that differ by a comment at the end: the same work for the engine, but no answer
    and no check of a query text seen before can be reused (researchers' tools send queries that
    differ in an IRI or a literal)."""
    n = DISTINCT[0]
    if n <= 1:
        return [(name, engine.url(q), ACCEPT) for name, q in QUERIES.items()]
    return [(name, engine.url(f"{q}\n# variant {k}"), ACCEPT) for k in range(n) for name, q in QUERIES.items()]


@dataclass
class Run:
    requests: int
    rps: float
    p50: float
    p95: float
    errors: int
    per_query: dict[str, float]  # median ms


def load_test(engine: Engine, clients: int, seconds: float, timeout: float) -> Run:
    rows, elapsed = loadclient.concurrent(engine.port, mix(engine), clients, seconds, timeout)
    ms = [r[1] * 1000 for r in rows] or [float("nan")]
    per_query = {n: statistics.median([r[1] * 1000 for r in rows if r[0] == n] or [float("nan")]) for n in QUERIES}
    return Run(len(rows), len(rows) / elapsed, statistics.median(ms), pct(ms, 0.95),
               sum(1 for r in rows if r[2] != 200), per_query)


def make_data(size: int, seed: int, workdir: Path, templates: synth.Templates) -> tuple[Path, Path, int, int]:
    """The synthetic quads alone, and after the corpus: (synthetic file, full file, synthetic, total)."""
    synthetic, full = workdir / f"synth-{size}.nq", workdir / f"full-{size}.nq"
    with synthetic.open("w", encoding="utf-8", newline="\n") as f:
        stats = synth.write(f, size, seed, templates=templates)
    corpus = synth.corpus_lines(templates)
    with full.open("w", encoding="utf-8", newline="\n") as f:
        f.writelines(corpus)
        with synthetic.open(encoding="utf-8") as src:
            shutil.copyfileobj(src, f, 1 << 20)
    return synthetic, full, stats["triples"], stats["triples"] + len(list(corpus))


def label(n: int) -> str:
    return f"{n / 1_000_000:.2f}M" if n >= 1_000_000 else f"{n / 1000:.0f}k"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="10k,1m,5m", help="synthetic quads per run, e.g. 10k,1m,5m")
    ap.add_argument("--seconds", type=float, default=20.0, help="load per engine and size")
    ap.add_argument("--clients", type=int, default=8)
    ap.add_argument("--warmup", type=float, default=3.0)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--rdflib-max", type=synth.parse_size, default=synth.parse_size("1m"),
                    help="largest size rdflib-endpoint is run at (above: skipped, and said so)")
    ap.add_argument("--dvo-workers", type=int, default=1, help="also run dvo-kb serve --workers N (N > 1)")
    ap.add_argument("--engines", default="dvo-kb,rdflib-endpoint,oxigraph,dvo-kb-remote",
                    help="of dvo-kb, dvo-kb-nokeep (no answer kept for a query asked again), dvo-kb-disk (its store "
                         "on disk), rdflib-endpoint, oxigraph, dvo-kb-remote "
                         "(dvo-kb serve on the Oxigraph server)")
    ap.add_argument("--timeout", type=float, default=120.0, help="seconds a single request may take")
    ap.add_argument("--workdir", help="keep the data files here (default: a temporary directory)")
    ap.add_argument("--note", default="", help="a sentence added to the results (e.g. other load on the machine)")
    ap.add_argument("--write", action="store_true", help="update benchmarks/RESULTS.md")
    ap.add_argument("--queries", default="", help="only these queries of the mix, e.g. label (default: all)")
    ap.add_argument("--distinct", type=int, default=1,
                    help="send each query in N variants that differ by a trailing comment (no kept answer or "
                         "check reused; default 1: the same text each time)")
    args = ap.parse_args()
    DISTINCT[0] = max(1, args.distinct)
    if args.queries:  # only these queries of the mix (e.g. --queries label: the small query alone)
        for name in [n for n in QUERIES if n not in args.queries.split(",")]:
            del QUERIES[name]
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # stop the servers on the way out (finally)
    sizes = [synth.parse_size(s) for s in args.sizes.split(",")]
    wanted = set(args.engines.split(","))
    tmp = tempfile.TemporaryDirectory(prefix="bench-scale-")
    workdir = Path(args.workdir or tmp.name)
    workdir.mkdir(parents=True, exist_ok=True)
    templates = synth.load_templates()
    table: list[tuple[int, int, Engine, Run | None, dict[str, int]]] = []
    try:
        for size in sizes:
            t = time.perf_counter()
            synthetic, full, n_synth, n_total = make_data(size, args.seed, workdir, templates)
            print(f"== {label(size)}: {n_synth} synthetic + corpus = {n_total} quads, written in "
                  f"{time.perf_counter() - t:.1f} s", file=sys.stderr)
            starters: list[tuple[str, Callable[[], Engine]]] = []
            if "dvo-kb" in wanted:
                starters.append(("dvo-kb", partial(start_dvo_kb, synthetic, 1800, 1)))
                if args.dvo_workers > 1:
                    starters.append(("dvo-kb", partial(start_dvo_kb, synthetic, 1800, args.dvo_workers)))
            if "dvo-kb-nokeep" in wanted:
                starters.append(("dvo-kb", partial(start_dvo_kb, synthetic, 1800, 1, keep=False)))
            if "dvo-kb-disk" in wanted:
                starters.append(("dvo-kb", partial(start_dvo_kb, synthetic, 1800, 1, workdir / "dvo-kb-store")))
            if "rdflib-endpoint" in wanted:
                starters.append(("rdflib-endpoint", partial(start_rdflib, full, 3600)))
            if "oxigraph" in wanted:
                starters.append(("oxigraph", partial(start_oxigraph, full, workdir, 1800)))
            if "dvo-kb-remote" in wanted:
                starters.append(("dvo-kb-remote", partial(start_dvo_kb_remote, full, workdir, 1800,
                                                          max(2, args.dvo_workers))))
            for name, start in starters:
                if name == "rdflib-endpoint" and size > args.rdflib_max:
                    done = [(t, en) for _, t, en, r, _ in table if en.name == "rdflib-endpoint" and r is not None]
                    guess = ""
                    if done:  # rdflib's load is linear in the quads: say what this size would take
                        t_done, en = done[-1]
                        scale = n_total / t_done
                        guess = (f"; linear from its {label(t_done)} row it would take about {en.load_s * scale / 60:.0f} "
                                 f"min and {en.load_mb * scale / 1024:.0f} GB to load, on a machine shared with others")
                    e = Engine("rdflib-endpoint", "/", skipped=(
                        f"skipped above {label(args.rdflib_max)} synthetic quads (--rdflib-max){guess}"))
                    table.append((size, n_total, e, None, {}))
                    continue
                e = Engine(name, "")
                run = None
                counts: dict[str, int] = {}
                try:
                    e = start()
                    e.settle_s = wait_idle(e, 600)
                    counts = row_counts(e)  # also the warm-up: every query once
                    loadclient.run(e.port, mix(e), 0, time.monotonic() + args.warmup, [], args.timeout)
                    run = load_test(e, args.clients, args.seconds, args.timeout)
                except (RuntimeError, TimeoutError, OSError) as exc:
                    e.skipped = f"failed: {exc}"
                finally:
                    stop(e)
                print(f"   {e.name}: load {e.load_s:.1f} s, {e.load_mb:.0f} MB, idle {e.settle_s:.0f} s later; "
                      + (f"{run.rps:.1f} req/s, p50 {run.p50:.1f} ms, p95 {run.p95:.1f} ms, errors {run.errors}; "
                         f"rows {counts}; median ms per query {({k: round(v, 1) for k, v in run.per_query.items()})}"
                         if run else str(e.skipped)), file=sys.stderr)
                table.append((size, n_total, e, run, counts))
            for f in (synthetic, full):
                f.unlink(missing_ok=True)
            shutil.rmtree(workdir / "oxigraph", ignore_errors=True)
            shutil.rmtree(workdir / "dvo-kb-store", ignore_errors=True)
    finally:
        tmp.cleanup()
    text = report(table, args)
    print(text)
    if args.write:
        key = "scale" + (f"-{args.queries.replace(',', '-')}" if args.queries else "") + (
            f"-distinct{args.distinct}" if args.distinct > 1 else "")
        title = "Scale: the corpus plus synthetic documents, dvo-kb and its peers" + (
            f" (only: {args.queries})" if args.queries else "")
        command = " ".join(["python benchmarks/bench_scale.py", *sys.argv[1:]])
        write_section(key, title, command, text)
    return 0


def report(table: list[tuple[int, int, Engine, Run | None, dict[str, int]]], args: argparse.Namespace) -> str:
    lines = [
        f"Measured {time.strftime('%Y-%m-%d')} on {platform.machine()} (CPython {platform.python_version()}, "
        f"{os.cpu_count()} cores shared with the clients and other work), in one run: per size the synthetic "
        f"quads of `synth.py --seed {args.seed}` plus the corpus, the same data in every engine, one engine at a "
        f"time; {args.clients} client threads with keep-alive connections for {args.seconds:.0f} s per engine on "
        f"127.0.0.1, the same mix of {len(QUERIES)} SPARQL queries ({', '.join(QUERIES)}; joins over norms, lids "
        f"and articles, with LIMITs), JSON results"
        + (f", each query in {args.distinct} variants that differ by a trailing comment (no answer or check of a "
           f"query text seen before reused)" if args.distinct > 1 else "") + ". Load: until the endpoint answers (dvo-kb: build of the corpus "
        "+ the extra data, cache off; Oxigraph: `oxigraph load` + `serve`); RSS: peak (VmHWM) of the server, for "
        "Oxigraph the larger of `load` and `serve`. 'Idle after': seconds from answering until the server's "
        "processes used less than 5 % of a core over 1 s (dvo-kb builds its text index and rules in a background "
        "thread once it answers); the load test starts then. One load per engine and size; latencies are "
        "medians (p50) and p95 over all requests.",
        "",
        "| quads | engine | load s | idle after s | peak RSS MB | RSS after the run MB | PSS of all its processes "
        "after the run MB | requests/s | p50 ms | p95 ms | errors |",
        "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for _size, total, e, run, _ in table:
        if run is None:
            lines.append(f"| {label(total)} | {e.name} | - | - | - | - | - | - | - | - | {e.skipped} |")
            continue
        lines.append(f"| {label(total)} | {e.name} | {e.load_s:.1f} | {e.settle_s:.0f} | {e.load_mb:.0f} | {e.end_mb:.0f} | "
                     f"{e.pss_mb:.0f} | "
                     f"{run.rps:.1f} | {run.p50:.1f} | {run.p95:.1f} | {run.errors} |")
    lines += ["", "Ratios in the same run (dvo-kb over the peer; above 1: dvo-kb is better):", "",
              "| quads | peer | requests/s | p50 | load time | peak RSS |", "|---:|---|---:|---:|---:|---:|"]
    for size in dict.fromkeys(s for s, *_ in table):
        rows = {e.name: (e, run, total) for s, total, e, run, _ in table if s == size}
        for mine in ("dvo-kb", "dvo-kb (answers not kept)", "dvo-kb (on disk)"):
            dvo = rows.get(mine)
            if dvo is None or dvo[1] is None:
                continue
            for peer in ("rdflib-endpoint", "Oxigraph server"):
                if peer not in rows or rows[peer][1] is None:
                    continue
                pe, pr, total = rows[peer]
                de, dr = dvo[0], dvo[1]
                assert pr is not None and dr is not None
                lines.append(f"| {label(total)} | {mine} / {peer} | {dr.rps / pr.rps:.2f}x | {pr.p50 / dr.p50:.2f}x | "
                             f"{pe.load_s / de.load_s:.2f}x | {pe.load_mb / de.load_mb:.2f}x |")
    lines += ["", "Median latency per query, ms (under load):", "",
              "| quads | engine | " + " | ".join(QUERIES) + " |", "|---:|---|" + "---:|" * len(QUERIES)]
    for _, total, e, run, _ in table:
        if run is not None:
            lines.append(f"| {label(total)} | {e.name} | " + " | ".join(f"{run.per_query[q]:.1f}" for q in QUERIES) + " |")
    mismatch = []
    for size in dict.fromkeys(s for s, *_ in table):
        counted = {e.name: c for s, _, e, run, c in table if s == size and c}
        if len({json.dumps(c, sort_keys=True) for c in counted.values()}) > 1:
            mismatch.append(f"{label(size)}: {counted}")
    lines += ["", "Rows per query: the same in every engine." if not mismatch
              else "Rows per query differ between engines: " + "; ".join(mismatch)]
    skipped = [f"{e.name} at {label(t)} quads: {e.skipped}" for _, t, e, run, _ in table if run is None]
    if skipped:
        lines += ["", "Not measured: " + "; ".join(skipped) + "."]
    if args.note:
        lines += ["", args.note]
    lines += ["", "Aims (issue #8): dvo-kb's /sparql at least 10x the throughput of rdflib-endpoint and 0.8x that "
                  "of the Oxigraph server."]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
