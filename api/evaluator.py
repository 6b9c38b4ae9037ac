"""SPARQL queries of strangers evaluated in worker processes that can be killed.

pyoxigraph cannot be interrupted: a query that sorts or counts a huge join keeps its thread and
its memory until it is done. So the endpoint's queries (``/sparql``) are evaluated in worker
processes, one query at a time each; a query past its time limit is stopped by killing its
worker, which returns its memory at once, and a new worker takes its place.

    server process ──(control socket)── zygote ──fork──► worker 1 … worker N
          └──────────────(one socket per worker)─────────────┘

- The **zygote** is forked from the server once the graph is loaded, before the server starts any
  thread of its own for queries; it only forks workers, so every worker starts in a split
  second with the graph already in memory (shared copy-on-write with the server). An on-disk
  store is opened read-only in the zygote instead (RocksDB handles do not survive a fork).
- **No network**: the zygote moves itself into a new network namespace (``unshare``) before it
  forks any worker, so a query that reached the engine with a SERVICE call could still not
  connect anywhere, not even to 127.0.0.1 (defence in depth: the guard refuses SERVICE first).
  Where the kernel refuses that, the service says so in its log and in ``/healthz``.
- **A memory ceiling per query**: each worker's address space is limited (``RLIMIT_AS``) to what
  it holds when it starts plus ``memory_limit`` bytes; a query that needs more ends its worker,
  and the request gets a clear error.
- The server keeps ``size`` workers; a request waits for a free one within its time limit.
- The workers run at a lower priority (``nice`` +5) than the server: its event loop, through
  which every request passes, is not put off its core by the worker it has just woken.
"""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import ctypes.util
import gc
import logging
import os
import pickle
import resource
import signal
import socket
import struct
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

log = logging.getLogger("dvo_kb.evaluator")

CLONE_NEWUSER, CLONE_NEWNET = 0x10000000, 0x40000000
PR_SET_PDEATHSIG = 1
_HEADER = struct.Struct("!I")


@dataclass(frozen=True)
class Job:
    """One query for a worker: what ``execute`` needs, all plain data."""
    query: str
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    accept: str = ""
    limit: int | None = None
    max_results: int = 10000
    max_bytes: int = 50_000_000
    base_iri: str | None = None  # against which the query's relative IRIs are resolved


@dataclass(frozen=True)
class Outcome:
    ok: bool
    body: bytes = b""
    media_type: str = ""
    status: int = 200
    code: str = ""
    message: str = ""


class Failed(Exception):
    """The worker answered that the work failed: ``status``, ``code`` and ``message`` for the
    HTTP answer (an internal error's message is for the log only)."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


class Unavailable(Exception):
    """No worker could evaluate the query: ``reason`` is "busy", "timeout" or "died"."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


# -- the wire: length-prefixed pickles between processes of this program only -------------------
def _frame(obj: Any) -> bytes:
    data = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
    return _HEADER.pack(len(data)) + data


def _send(sock: socket.socket, obj: Any) -> None:
    sock.sendall(_frame(obj))


def _recv_exact(sock: socket.socket, n: int) -> bytes:
    parts, got = [], 0
    while got < n:
        chunk = sock.recv(min(n - got, 1 << 20))
        if not chunk:
            raise EOFError
        parts.append(chunk)
        got += len(chunk)
    return b"".join(parts)


def _recv(sock: socket.socket) -> Any:
    (n,) = _HEADER.unpack(_recv_exact(sock, _HEADER.size))
    return pickle.loads(_recv_exact(sock, n))  # noqa: S301 (only from our own worker processes)


# -- in the zygote and the workers ---------------------------------------------------------------
def _libc() -> Any:
    return ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)


def _die_with_parent() -> None:
    with contextlib.suppress(Exception):
        _libc().prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)


def release_free_memory() -> None:
    """Hands the free pages of the heap back to the kernel before a fork (glibc's malloc_trim):
    pages shared copy-on-write with the zygote and its workers that the server would later fill
    with new allocations (and each such write copies a page, in the server and in every worker)
    are then fresh pages instead."""
    with contextlib.suppress(Exception):
        _libc().malloc_trim(0)


def isolate_network() -> str:
    """Moves this (single-threaded) process into a network namespace of its own, with no
    interface up: nothing it starts can connect anywhere. Returns how, or why not."""
    libc = _libc()
    if libc.unshare(CLONE_NEWNET) == 0:
        return "isolated"
    if libc.unshare(CLONE_NEWUSER | CLONE_NEWNET) == 0:
        return "isolated (user namespace)"
    return f"not isolated: unshare refused ({os.strerror(ctypes.get_errno())})"


def _vm_size() -> int:
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    return 0


M_TRIM_THRESHOLD, M_TOP_PAD, M_MMAP_THRESHOLD = -1, -2, -3  # glibc mallopt parameters


def _keep_freed_memory() -> None:
    """A worker keeps the memory its queries free for the next ones (glibc mallopt): without
    this, each query's buffers are mapped afresh and every page of them faults in again."""
    with contextlib.suppress(Exception):
        libc = _libc()
        libc.mallopt(M_MMAP_THRESHOLD, 32 << 20)
        libc.mallopt(M_TRIM_THRESHOLD, 256 << 20)
        libc.mallopt(M_TOP_PAD, 16 << 20)


def private_memory() -> int:
    """The bytes of this process's memory that are its own (private dirty pages: what it wrote,
    including pages it shared copy-on-write with the zygote and has since written to)."""
    try:
        with open("/proc/self/smaps_rollup", encoding="ascii") as fh:
            return sum(int(line.split()[1]) * 1024 for line in fh if line.startswith("Private_Dirty:"))
    except OSError:
        return 0


CHECK_EVERY = 25  # jobs between two looks at a worker's private memory
# at most this share of a worker's time goes to those looks: reading smaps_rollup walks the page
# tables of the whole graph (about 15 ms at 1M quads), so a busy worker looks less often
CHECK_SHARE = 0.02


def _stack_size() -> int:
    """The stack of a worker's job thread: as large as the main thread's may grow (the stack
    limit), so that a query the guard lets through needs no more stack than it did there."""
    soft, _ = resource.getrlimit(resource.RLIMIT_STACK)
    return soft if 0 < soft < 1 << 30 and soft != resource.RLIM_INFINITY else 64 << 20


def _worker(sock: socket.socket, execute: Callable[[Any], Any], memory_limit: int | None,
            recycle_above: int | None) -> None:
    """A worker's jobs are done in a thread of its own, the main thread waiting for it: glibc
    gives that thread a malloc arena of its own (fresh pages), where the main thread's would
    place each query's allocations in the free gaps of the heap it shares copy-on-write with
    the zygote, so that every query copied pages of it (a page fault each; hundreds per query at
    1M quads, for the life of the worker)."""
    _die_with_parent()
    _keep_freed_memory()
    with contextlib.suppress(ValueError, RuntimeError):
        threading.stack_size(_stack_size())
    jobs = threading.Thread(target=_jobs, args=(sock, execute, memory_limit, recycle_above), name="jobs")
    jobs.start()
    jobs.join()
    os._exit(0)


def _jobs(sock: socket.socket, execute: Callable[[Any], Any], memory_limit: int | None,
          recycle_above: int | None) -> None:
    del _ARENA_PROBE[:]
    _ARENA_PROBE.append(bytearray(1 << 16))  # this thread's malloc arena, before the ceiling is measured
    if memory_limit:
        ceiling = _vm_size() + memory_limit
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_AS, (ceiling, ceiling))
    done = 0
    next_check = 0.0
    while True:
        try:
            job = _recv(sock)
        except (EOFError, OSError):
            os._exit(0)
        outcome: tuple[bool, Any]
        try:
            outcome = (True, execute(job))
        except Failed as exc:
            outcome = (False, (exc.status, exc.code, exc.message))
        except MemoryError:
            outcome = (False, (503, "out_of_memory", "the work needs more memory than it may use"))
        except Exception as exc:  # reported to the server, which logs it with an id
            outcome = (False, (500, "internal_error", f"{type(exc).__name__}: {exc}"))
        done += 1
        # each page shared with the zygote that a worker writes to becomes its own (the job thread's
        # arena keeps most of them apart, but not all: pyoxigraph and the interpreter write to
        # some), so a worker's own memory grows with what its queries touch: past the bound it
        # asks to be replaced
        retire = False
        if recycle_above and done % CHECK_EVERY == 0 and time.monotonic() >= next_check:
            t = time.monotonic()
            retire = private_memory() > recycle_above
            next_check = t + (time.monotonic() - t) / CHECK_SHARE
        try:
            _send(sock, (*outcome, retire))
        except OSError:
            os._exit(0)


_ARENA_PROBE: list[bytearray] = []


def _zygote(control: socket.socket, execute: Callable[[Any], Any], memory_limit: int | None,
            prepare: Callable[[], None] | None, recycle_above: int | None = None, nice: int = 0) -> None:
    _die_with_parent()
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # workers are reaped by the kernel
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if nice > 0:  # the workers inherit it
        with contextlib.suppress(OSError):
            os.nice(nice)
    network = isolate_network()
    try:
        if prepare is not None:
            prepare()
        _send(control, ("ready", network))
    except Exception as exc:
        with contextlib.suppress(OSError):
            _send(control, ("failed", f"{type(exc).__name__}: {exc}"))
        os._exit(1)
    while True:
        try:
            _recv(control)  # "spawn"
        except (EOFError, OSError):
            os._exit(0)
        mine, theirs = socket.socketpair()
        pid = os.fork()
        if pid == 0:
            control.close()
            theirs.close()
            try:
                _worker(mine, execute, memory_limit, recycle_above)
            finally:
                os._exit(0)
        mine.close()
        socket.send_fds(control, [_HEADER.pack(pid)], [theirs.fileno()])
        theirs.close()


# -- in the server -------------------------------------------------------------------------------
WORKER_NICE = 5
@dataclass
class _Worker:
    pid: int
    sock: socket.socket
    reader: asyncio.StreamReader | None = None
    writer: asyncio.StreamWriter | None = None

    def kill(self) -> None:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(self.pid, signal.SIGKILL)
        if self.writer is not None:
            with contextlib.suppress(RuntimeError):  # its event loop is closed already
                self.writer.close()
        with contextlib.suppress(OSError):
            self.sock.close()


@dataclass
class Evaluator:
    """``size`` worker processes evaluating ``execute(job)`` (which returns a value to pickle, or
    raises Failed); see the module's docstring."""
    execute: Callable[[Any], Any]
    size: int = 4
    memory_limit: int | None = 1 << 30
    prepare: Callable[[], None] | None = None  # run in the zygote before any worker is forked
    recycle_above: int | None = 256 << 20  # a worker whose private memory passes this is replaced
    # the workers' niceness above the server's: every request passes through the server's one
    # event loop, and a worker it wakes (a job sent) would otherwise often take its core from it
    nice: int = WORKER_NICE
    recycled: int = 0
    network: str = "unknown"
    killed: int = 0
    _control: socket.socket | None = None
    _zygote_pid: int = 0
    _idle: asyncio.Queue[_Worker] | None = None
    _spawn_lock: threading.Lock = field(default_factory=threading.Lock)
    _loop: asyncio.AbstractEventLoop | None = None

    def start(self) -> None:
        """Forks the zygote (call it from the server's main thread, before queries run)."""
        release_free_memory()
        # the objects of the server so far into the permanent generation: the collector of the
        # zygote and its workers never walks (and so never copies) the pages they share with it
        gc.freeze()
        parent, child = socket.socketpair()
        pid = os.fork()
        if pid == 0:
            parent.close()
            try:
                _zygote(child, self.execute, self.memory_limit, self.prepare, self.recycle_above, self.nice)
            finally:
                os._exit(0)
        child.close()
        self._control, self._zygote_pid = parent, pid
        status, detail = _recv(parent)
        if status != "ready":
            raise RuntimeError(f"the query processes could not start: {detail}")
        self.network = detail
        if not detail.startswith("isolated"):
            log.warning("SPARQL worker processes can reach the network (%s): only the query guard's ban on "
                        "SERVICE applies", detail)

    def _spawn(self) -> _Worker:
        assert self._control is not None
        with self._spawn_lock:
            _send(self._control, "spawn")
            msg, fds, _, _ = socket.recv_fds(self._control, _HEADER.size, 1)
        (pid,) = _HEADER.unpack(msg)
        return _Worker(pid, socket.socket(fileno=fds[0]))

    async def _ready(self, w: _Worker) -> _Worker:
        w.sock.setblocking(False)
        w.reader, w.writer = await asyncio.open_unix_connection(sock=w.sock, limit=1 << 26)
        return w

    async def open(self) -> None:
        """The workers, connected on the running event loop."""
        self._loop = asyncio.get_running_loop()
        self._idle = asyncio.Queue()
        for _ in range(self.size):
            self._idle.put_nowait(await self._ready(await asyncio.to_thread(self._spawn)))

    async def _replace(self, dead: _Worker, recycled: bool = False) -> None:
        """A worker ended (killed at the limit, died, or recycled) and a new one in its place."""
        dead.kill()
        if recycled:
            self.recycled += 1
        else:
            self.killed += 1
        assert self._idle is not None
        try:
            self._idle.put_nowait(await self._ready(await asyncio.to_thread(self._spawn)))
        except (OSError, EOFError) as exc:
            log.error("could not start a SPARQL worker process: %s", exc)

    async def run(self, job: Any, timeout: float) -> Any:
        """What ``execute(job)`` returned in a worker; Failed, as it raised it; or Unavailable:
        "busy" (no worker free within ``timeout``),
        "timeout" (its worker was killed at the limit) or "died" (its worker ended, e.g. out of
        memory; a new one takes its place)."""
        assert self._idle is not None
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout  # the loop's clock is time.monotonic
        # a free worker at once, or within the limit (asyncio.timeout and get_nowait: no task of
        # their own per request, as wait_for would start)
        if self._idle.empty():
            try:
                async with asyncio.timeout_at(deadline):
                    w = await self._idle.get()
            except TimeoutError:
                raise Unavailable("busy") from None
        else:
            w = self._idle.get_nowait()
        assert w.reader is not None and w.writer is not None
        try:
            w.writer.write(_frame(job))
            async with asyncio.timeout_at(deadline):
                await w.writer.drain()
                header = await w.reader.readexactly(_HEADER.size)
            (n,) = _HEADER.unpack(header)
            async with asyncio.timeout(max(1.0, deadline - loop.time())):
                payload = await w.reader.readexactly(n)
        except TimeoutError:
            asyncio.ensure_future(self._replace(w))
            raise Unavailable("timeout") from None
        except (asyncio.IncompleteReadError, ConnectionError, OSError):
            asyncio.ensure_future(self._replace(w))
            raise Unavailable("died") from None
        except asyncio.CancelledError:  # the client went away: the worker may still be busy
            asyncio.ensure_future(self._replace(w))
            raise
        ok, value, retire = pickle.loads(payload)  # noqa: S301 (from our own worker process)
        if retire:
            asyncio.ensure_future(self._replace(w, recycled=True))
        else:
            self._idle.put_nowait(w)
        if not ok:
            raise Failed(*value)
        return value

    def status(self) -> dict[str, Any]:
        return {"processes": self.size, "idle": self._idle.qsize() if self._idle is not None else 0,
                "network": self.network, "killed": self.killed, "recycled": self.recycled}

    def close(self) -> None:
        if self._idle is not None:
            while not self._idle.empty():
                self._idle.get_nowait().kill()
        if self._control is not None:
            self._control.close()
        with contextlib.suppress(ProcessLookupError, ChildProcessError):
            os.kill(self._zygote_pid, signal.SIGKILL)
            os.waitpid(self._zygote_pid, 0)
