"""A hard time limit for work that cannot be interrupted (a SPARQL query in pyoxigraph).

The work runs in one of ``workers`` daemon threads (kept between queries); the request waits for it
at most ``timeout`` seconds (the wait for a free slot included) and then answers 503, whatever
the thread is doing. The event loop and the other requests are never blocked: pyoxigraph
releases the GIL while it evaluates a query.

What this cannot do: stop pyoxigraph in the middle of an evaluation step. pyoxigraph 0.5 has no
cancellation; a query that streams its results is stopped at its next row (``Cancelled.check``),
but a query that sorts, groups or counts a huge join keeps its thread and one core busy until
pyoxigraph is done with that step. Such threads keep their slot, so at most ``workers`` of them
run at once; further queries then get 503 ("busy") after the time limit instead of piling up.
"""

from __future__ import annotations

import asyncio
import contextlib
import queue
import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")


class Cancelled(Exception):
    """Raised inside the worker when the request has given up waiting."""

    def __init__(self, event: threading.Event | None = None) -> None:
        super().__init__("cancelled")
        self.event = event

    @staticmethod
    def check(event: threading.Event) -> None:
        if event.is_set():
            raise Cancelled(event)


class TimeLimitExceeded(Exception):
    def __init__(self, busy: bool) -> None:
        super().__init__("busy" if busy else "timeout")
        self.busy = busy


_slots: dict[int, threading.BoundedSemaphore] = {}
_pools: dict[int, _Pool] = {}
_slots_lock = threading.Lock()
_running = [0]  # threads still working (for the tests and /healthz)
_running_lock = threading.Lock()


def running() -> int:
    """How many worker threads are still working (including those whose request gave up)."""
    return _running[0]


class _Pool:
    """``size`` daemon threads that run the work put in a queue; started when first needed.
    Daemon threads: a query still running does not keep the process from exiting."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.work: queue.SimpleQueue[Callable[[], None]] = queue.SimpleQueue()
        self.threads: list[threading.Thread] = []
        self.lock = threading.Lock()

    def submit(self, fn: Callable[[], None]) -> None:
        with self.lock:
            if len(self.threads) < self.size:
                t = threading.Thread(target=self._run, name=f"sparql-query-{len(self.threads)}", daemon=True)
                self.threads.append(t)
                t.start()
        self.work.put(fn)

    def _run(self) -> None:
        while True:
            self.work.get()()  # the work catches its own exceptions


def _semaphore(workers: int) -> tuple[threading.BoundedSemaphore, _Pool]:
    """The slots and the threads for ``workers`` queries at once (threads are kept, not started
    per query: a thread start costs more than a small query)."""
    with _slots_lock:
        if workers not in _slots:
            _slots[workers] = threading.BoundedSemaphore(workers)
            _pools[workers] = _Pool(workers)
        return _slots[workers], _pools[workers]


def _detach(exc: BaseException | None) -> None:
    """Drop the tracebacks of an exception (and its causes): their frames hold the worker's
    objects, and pyoxigraph's result iterators must be dropped on the thread that made them."""
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        exc.__traceback__ = None
        exc = exc.__cause__ or exc.__context__


async def run_limited(fn: Callable[[threading.Event], T], timeout: float, workers: int) -> T:
    """``fn(cancel)`` in a worker thread; its result, or TimeLimitExceeded after ``timeout`` s
    (then ``cancel`` is set, for ``fn`` to stop at its next check)."""
    loop = asyncio.get_running_loop()
    deadline = time.monotonic() + timeout
    slots, pool = _semaphore(workers)
    while not slots.acquire(blocking=False):
        if time.monotonic() >= deadline:
            raise TimeLimitExceeded(busy=True)
        await asyncio.sleep(0.02)
    cancel = threading.Event()
    future: asyncio.Future[Any] = loop.create_future()

    def deliver(ok: bool, value: Any) -> None:
        if not future.done():
            if ok:
                future.set_result(value)
            else:
                future.set_exception(value)

    def work() -> None:
        with _running_lock:
            _running[0] += 1
        try:
            result: tuple[bool, Any] = (True, fn(cancel))
        except BaseException as exc:  # handed to the request, which raises it
            _detach(exc)
            result = (False, exc)
        finally:
            with _running_lock:
                _running[0] -= 1
            slots.release()
        with contextlib.suppress(RuntimeError):  # the loop is gone (shutdown)
            loop.call_soon_threadsafe(deliver, *result)

    pool.submit(work)
    try:
        return await asyncio.wait_for(future, max(0.0, deadline - time.monotonic()))  # type: ignore[no-any-return]
    except TimeoutError:
        cancel.set()
        raise TimeLimitExceeded(busy=False) from None
