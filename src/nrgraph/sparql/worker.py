"""Warm worker processes that evaluate SPARQL queries (or other heavy requests), killed at the time limit.

Neither rdflib nor pyoxigraph can cancel a running query from Python, so the endpoint never
evaluates one in the server process. A :class:`WorkerPool` forks a few workers *after* the
store is loaded, so that each child shares the loaded store (copy on write) and starts in
milliseconds. A query goes to an idle worker through a pipe; the server waits for the answer
in a thread, so its event loop keeps answering other requests. At the deadline the worker is
killed (SIGKILL, so a query stuck in Rust stops at once) and a fresh one is forked in its
place.

A worker vets, evaluates and serialises (:func:`nrgraph.sparql.query.execute`) and sends back
the finished body, or the :class:`~nrgraph.errors.NrgraphError` it raised. The same pool,
given another ``answerer``, runs the server's network analyses
(:mod:`nrgraph.web.network_workers`): pure-Python work that would otherwise share the
server's interpreter with every request.

Limits a worker sets on itself when it starts:

- memory: its address space may grow by ``memory_mb`` beyond what it shares with the server
  (``RLIMIT_AS``). An allocation past it fails: Oxigraph then aborts the worker, Python raises
  ``MemoryError``; either way the query is answered :class:`~nrgraph.errors.QueryOverMemory`
  and a fresh worker is forked;
- network, when ``offline``: the worker moves into a network namespace of its own, which has
  no interface at all (``unshare(CLONE_NEWUSER | CLONE_NEWNET)``), so that a ``SERVICE`` the
  guard missed could reach nothing. Where the kernel refuses (user namespaces disabled), a
  warning is logged and the guard alone keeps ``SERVICE`` out.

A query waits at most ``queue_wait`` seconds for a free worker, then is refused with
:class:`~nrgraph.errors.TooManyRequests` (retry later) rather than left hanging.
"""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import logging
import math
import multiprocessing
import os
import resource
import signal
import stat
import time
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any

import anyio.to_thread
import pyoxigraph as ox

from nrgraph.errors import NrgraphError, QueryOverMemory, QueryTimeout, StoreError, TooManyRequests
from nrgraph.sparql.query import QueryAnswer, QueryRequest, execute, graph_names

__all__ = ["WorkerPool"]

log = logging.getLogger(__name__)

_PR_SET_PDEATHSIG = 1
_CLONE_NEWUSER = 0x10000000
_CLONE_NEWNET = 0x40000000
_MB = 1 << 20


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


def _address_space() -> int:
    """This process's virtual memory size in bytes (``VmSize``), 0 where /proc does not say."""
    with contextlib.suppress(OSError), open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    return 0


def _limit_memory(memory_mb: int) -> None:
    """Let this process's address space grow by at most ``memory_mb`` MB from now (0: no limit)."""
    current = _address_space()
    if memory_mb <= 0 or current == 0:
        return
    ceiling = current + memory_mb * _MB
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_AS, (ceiling, ceiling))


def _go_offline() -> bool:
    """Move this (single-threaded) process into a network namespace with no interface; False if refused."""
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.unshare(_CLONE_NEWUSER | _CLONE_NEWNET) == 0:
        return True
    log.warning(
        "a SPARQL worker could not leave the network (unshare: %s); the guard alone keeps SERVICE out",
        os.strerror(ctypes.get_errno()),
    )
    return False


Answerer = Callable[[], Callable[[Any], Any]]
"""Called once in a fresh worker, it gives the function that answers each request sent."""


def sparql_answerer(store: ox.Store) -> Answerer:
    """The answerer of SPARQL workers: :func:`~nrgraph.sparql.query.execute` over ``store``."""

    def start() -> Callable[[QueryRequest], QueryAnswer]:
        graphs = graph_names(store)
        return lambda request: execute(store, request, graphs)

    return start


def _serve(answerer: Answerer, conn: Connection, memory_mb: int, offline: bool, nice: int, what: str) -> None:
    """A worker's life: answer requests from ``conn`` until the server closes it."""
    _detach_from_server(conn.fileno())
    if offline:
        _go_offline()
    if nice:
        with contextlib.suppress(OSError):
            os.nice(nice)
    answer = answerer()
    _limit_memory(memory_mb)
    while True:
        try:
            request = conn.recv()
        except (EOFError, OSError):
            return
        outcome: Any
        try:
            outcome = answer(request)
        except NrgraphError as error:
            outcome = error
        except MemoryError:
            outcome = _over_memory(memory_mb)
        except Exception as error:  # anything else is reported, never allowed to kill the worker silently
            outcome = StoreError(f"the {what} failed: {type(error).__name__}: {error}")
        try:
            conn.send(outcome)
        except (BrokenPipeError, OSError):
            return


def _over_memory(memory_mb: int) -> QueryOverMemory:
    return QueryOverMemory(
        f"the query needed more than the {memory_mb} MB of memory a query may take (setting "
        f"sparql_worker_memory_mb) and was stopped; narrow it (more specific patterns, a LIMIT "
        f"without ORDER BY over a large result) and try again"
    )


@dataclass
class _Worker:
    process: BaseProcess
    conn: Connection


class WorkerPool:
    """``size`` forked workers over ``store``; :meth:`run` answers within a deadline or kills.

    ``memory_mb`` bounds the memory a query may take in its worker (0: no bound); ``offline``
    cuts the workers off the network (for an endpoint without federation). Another
    ``answerer`` makes the workers answer other requests than SPARQL queries over ``store``
    (``what`` they are, the ``queue_setting`` that says how long one waits and the ``advice``
    on a timeout go into the errors); ``nice`` lowers their scheduling priority.

    >>> pool = WorkerPool(store, size=2, memory_mb=1024, offline=True)  # doctest: +SKIP
    >>> answer = await pool.run(QueryRequest("ASK {}"), timeout=10, queue_wait=1)  # doctest: +SKIP
    """

    def __init__(
        self,
        store: ox.Store | None,
        size: int = 2,
        *,
        memory_mb: int = 0,
        offline: bool = False,
        answerer: Answerer | None = None,
        nice: int = 0,
        what: str = "SPARQL query",
        queue_setting: str = "sparql_queue_wait",
        advice: str = "narrow it (a LIMIT, more specific patterns) and try again",
    ) -> None:
        if size < 1:
            raise StoreError(f"a worker pool needs at least one worker, not {size}")
        if answerer is None:
            if store is None:
                raise StoreError("a SPARQL worker pool needs a store")
            answerer = sparql_answerer(store)
        self.store = store
        self.answerer = answerer
        self.nice = nice
        self.what = what
        self.queue_setting = queue_setting
        self.advice = advice
        self.size = size
        self.memory_mb = memory_mb
        self.offline = offline
        self.killed = 0
        self._context = multiprocessing.get_context("fork")
        self._workers: list[_Worker] = []
        self._idle: asyncio.Queue[_Worker] | None = None
        self._closed = False

    def _fork(self) -> _Worker:
        parent, child = self._context.Pipe(duplex=True)
        process = self._context.Process(
            target=_serve,
            args=(self.answerer, child, self.memory_mb, self.offline, self.nice, self.what),
            daemon=True,
            name="nrgraph-worker",
        )
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

    async def run(self, request: Any, timeout: float, queue_wait: float | None = None) -> Any:
        """The answer to ``request``; :class:`QueryTimeout` if it runs more than ``timeout`` s.

        A query waits at most ``queue_wait`` s (default: ``timeout``) for a free worker, else
        :class:`TooManyRequests`; then it may run ``timeout`` s. :class:`QueryOverMemory` if
        its worker ran out of the memory it may take.
        """
        if self._closed:
            raise StoreError(f"the {self.what} worker pool is closed")
        idle = self._queue()
        wait = timeout if queue_wait is None else queue_wait
        try:
            worker = await asyncio.wait_for(idle.get(), timeout=max(wait, 0.0))
        except TimeoutError:
            raise TooManyRequests(
                f"all {self.size} {self.what} workers stayed busy for {wait:g} s (setting {self.queue_setting}); "
                f"try again in a moment",
                retry_after=max(1, math.ceil(wait)),
            ) from None
        deadline = time.monotonic() + timeout
        healthy = False
        try:
            worker.conn.send(request)
            remaining = max(deadline - time.monotonic(), 0.0)
            ready = await anyio.to_thread.run_sync(worker.conn.poll, remaining)
            if not ready:
                raise QueryTimeout(
                    f"the {self.what} ran longer than the time limit ({timeout:g} s) and was stopped; {self.advice}"
                )
            outcome = await anyio.to_thread.run_sync(worker.conn.recv)
            healthy = True
        except (EOFError, OSError) as error:
            worker.process.join(timeout=1)
            if worker.process.exitcode == -signal.SIGABRT and self.memory_mb > 0:  # Rust aborts when malloc fails
                raise _over_memory(self.memory_mb) from None
            raise StoreError(
                f"the {self.what} worker died while answering ({error or 'no answer'}, "
                f"exit code {worker.process.exitcode})"
            ) from None
        finally:
            if healthy and not self._closed:
                idle.put_nowait(worker)
            else:  # dead or killed, or its pool closed while it answered (see close's ``finish``)
                self._retire(worker)
                self.killed += not healthy
                if not self._closed:
                    idle.put_nowait(self._fork())
        if isinstance(outcome, NrgraphError):
            raise outcome
        return outcome

    @property
    def pids(self) -> list[int]:
        """The process ids of the live workers."""
        return [w.process.pid for w in self._workers if w.process.pid is not None]

    def close(self, *, finish: bool = False) -> None:
        """Kill every worker; the pool answers no more queries. With ``finish``, a worker
        answering one is stopped once it has answered (the idle ones at once)."""
        self._closed = True
        retiring = list(self._workers)
        if finish:
            idle = self._idle
            retiring = [] if idle is None else [idle.get_nowait() for _ in range(idle.qsize())]
        for worker in retiring:
            self._retire(worker)
