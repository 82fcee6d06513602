"""Warm worker processes that evaluate SPARQL queries and are killed at the time limit.

Neither rdflib nor pyoxigraph can cancel a running query from Python, so the endpoint never
evaluates one in the server process. A :class:`WorkerPool` forks a few workers *after* the
store is loaded, so that each child shares the loaded store (copy on write) and starts in
milliseconds. A query goes to an idle worker through a pipe; the server waits for the answer
in a thread, so its event loop keeps answering other requests. At the deadline the worker is
killed (SIGKILL, so a query stuck in Rust stops at once) and a fresh one is forked in its
place.

A worker vets, evaluates and serialises (:func:`nrgraph.sparql.query.execute`) and sends back
the finished body, or the :class:`~nrgraph.errors.NrgraphError` it raised.
"""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import logging
import multiprocessing
import os
import signal
import stat
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess

import anyio.to_thread
import pyoxigraph as ox

from nrgraph.errors import NrgraphError, QueryTimeout, StoreError
from nrgraph.sparql.query import QueryAnswer, QueryRequest, execute, graph_names

__all__ = ["WorkerPool"]

log = logging.getLogger(__name__)

_PR_SET_PDEATHSIG = 1


def _detach_from_server(keep: int) -> None:
    """In a fresh child: drop the server's sockets, signals and fate, keep only the pipe ``keep``."""
    for name in os.listdir("/proc/self/fd") if os.path.isdir("/proc/self/fd") else []:
        fd = int(name)
        if fd <= 2 or fd == keep:
            continue
        with contextlib.suppress(OSError):
            if stat.S_ISSOCK(os.fstat(fd).st_mode):
                os.close(fd)  # the listening socket and client connections belong to the server
    with contextlib.suppress(ValueError, OSError):
        signal.set_wakeup_fd(-1)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C stops the server, which then stops us
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)  # die with the server


def _serve(store: ox.Store, conn: Connection) -> None:
    """A worker's life: answer requests from ``conn`` until the server closes it."""
    _detach_from_server(conn.fileno())
    graphs = graph_names(store)
    while True:
        try:
            request: QueryRequest = conn.recv()
        except (EOFError, OSError):
            return
        outcome: QueryAnswer | NrgraphError
        try:
            outcome = execute(store, request, graphs)
        except NrgraphError as error:
            outcome = error
        except Exception as error:  # anything else is reported, never allowed to kill the worker silently
            outcome = StoreError(f"the query failed: {type(error).__name__}: {error}")
        try:
            conn.send(outcome)
        except (BrokenPipeError, OSError):
            return


@dataclass
class _Worker:
    process: BaseProcess
    conn: Connection


class WorkerPool:
    """``size`` forked workers over ``store``; :meth:`run` answers within a deadline or kills.

    >>> pool = WorkerPool(store, size=2)                 # doctest: +SKIP
    >>> answer = await pool.run(QueryRequest("ASK {}"), timeout=10)  # doctest: +SKIP
    """

    def __init__(self, store: ox.Store, size: int = 2) -> None:
        if size < 1:
            raise StoreError(f"a SPARQL worker pool needs at least one worker, not {size}")
        self.store = store
        self.size = size
        self.killed = 0
        self._context = multiprocessing.get_context("fork")
        self._workers: list[_Worker] = []
        self._idle: asyncio.Queue[_Worker] | None = None
        self._closed = False

    def _fork(self) -> _Worker:
        parent, child = self._context.Pipe(duplex=True)
        process = self._context.Process(target=_serve, args=(self.store, child), daemon=True, name="nrgraph-sparql")
        process.start()
        child.close()
        worker = _Worker(process, parent)
        self._workers.append(worker)
        return worker

    def _queue(self) -> asyncio.Queue[_Worker]:
        if self._idle is None:
            self._idle = asyncio.Queue()
            for _ in range(self.size):
                self._idle.put_nowait(self._fork())
        return self._idle

    def start(self) -> None:
        """Fork the workers now (otherwise at the first query); call it from the event loop."""
        self._queue()

    def _retire(self, worker: _Worker) -> None:
        worker.process.kill()
        worker.process.join(timeout=5)
        worker.conn.close()
        with contextlib.suppress(ValueError):
            self._workers.remove(worker)

    async def run(self, request: QueryRequest, timeout: float) -> QueryAnswer:
        """The answer to ``request``; :class:`QueryTimeout` if it runs more than ``timeout`` s.

        A query waits at most ``timeout`` s for a free worker, then may run ``timeout`` s.
        """
        if self._closed:
            raise StoreError("the SPARQL worker pool is closed")
        idle = self._queue()
        try:
            worker = await asyncio.wait_for(idle.get(), timeout=max(timeout, 0.0))
        except TimeoutError:
            raise QueryTimeout(
                f"every SPARQL worker stayed busy for the whole time limit ({timeout:g} s); try again later"
            ) from None
        deadline = time.monotonic() + timeout
        healthy = False
        try:
            worker.conn.send(request)
            remaining = max(deadline - time.monotonic(), 0.0)
            ready = await anyio.to_thread.run_sync(worker.conn.poll, remaining)
            if not ready:
                raise QueryTimeout(
                    f"the query ran longer than the time limit ({timeout:g} s) and was stopped; "
                    f"narrow it (a LIMIT, more specific patterns) and try again"
                )
            outcome: QueryAnswer | NrgraphError = await anyio.to_thread.run_sync(worker.conn.recv)
            healthy = True
        except (EOFError, OSError) as error:
            raise StoreError(f"the SPARQL worker died while answering ({error or 'no answer'})") from None
        finally:
            if healthy:
                idle.put_nowait(worker)
            else:
                self._retire(worker)
                self.killed += 1
                if not self._closed:
                    idle.put_nowait(self._fork())
        if isinstance(outcome, NrgraphError):
            raise outcome
        return outcome

    @property
    def pids(self) -> list[int]:
        """The process ids of the live workers."""
        return [w.process.pid for w in self._workers if w.process.pid is not None]

    def close(self) -> None:
        """Kill every worker; the pool answers no more queries."""
        self._closed = True
        for worker in list(self._workers):
            self._retire(worker)
