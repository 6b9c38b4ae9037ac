"""One load-test client (shared by bench_load.py and bench_scale.py): a keep-alive connection
that sends a fixed mix of GET requests in turn until a moment, timing each one."""

from __future__ import annotations

import http.client
import threading
import time
from collections.abc import Sequence


def run(port: int, mix: Sequence[tuple[str, str, str]], offset: int, stop_at: float,
        out: list[tuple[str, float, int]], timeout: float) -> None:
    """``mix``: (label, path with query string, Accept) requests, sent in turn from ``offset``
    until ``stop_at`` (time.monotonic); appends (label, seconds, status) to ``out``, status 0
    for a connection error (the connection is then opened anew)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    i = offset
    while time.monotonic() < stop_at:
        label, path, accept = mix[i % len(mix)]
        i += 1
        t = time.perf_counter()
        try:
            conn.request("GET", path, headers={"Accept": accept})
            resp = conn.getresponse()
            resp.read()
            status = resp.status
        except (OSError, http.client.HTTPException):
            status = 0
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
        out.append((label, time.perf_counter() - t, status))
    conn.close()


def concurrent(port: int, mix: Sequence[tuple[str, str, str]], clients: int, seconds: float,
               timeout: float) -> tuple[list[tuple[str, float, int]], float]:
    """``clients`` clients (threads) at once for ``seconds``, each starting at another place in
    the mix: every request's (label, seconds, status), and the seconds the run took."""
    results: list[list[tuple[str, float, int]]] = [[] for _ in range(clients)]
    stop_at = time.monotonic() + seconds
    threads = [threading.Thread(target=run, args=(port, mix, k, stop_at, results[k], timeout)) for k in range(clients)]
    t0 = time.monotonic()
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    return [r for rs in results for r in rs], time.monotonic() - t0


def pct(values: list[float], p: float) -> float:
    """The p-quantile (0..1) of the values, nearest rank."""
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p * (len(values) - 1))))]
