"""Worker processes that answer the GraphQL network analyses, off the server's interpreter.

A network analysis (``path``, ``neighbours``, ``centrality``, ``components``) projects the
whole graph at its date and runs networkx on it: a few hundred milliseconds of pure Python
(``docs/benchmarks.md``, "GraphQL under attack"). Run in the server's own threads it holds
the interpreter lock in turns with every other request, so one client looping analyses
halves the server for everyone. Here it runs in a worker process forked from the server
once the graph is loaded (sharing it copy on write, as the SPARQL workers do: the same
:class:`~nrgraph.sparql.worker.WorkerPool`), at a lower scheduling priority, with the
SPARQL workers' memory cap, killed at ``graphql_network_timeout``. The thread that asked
waits on a pipe without the interpreter lock. The workers are forked anew when the data
version changes; one answering then finishes first, so its request gets an answer of the
data it began on.

The embedded store only: with a remote store (and with ``graphql_network_workers = 0``),
the server's threads answer, as before.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import anyio.from_thread
from anyio import NoEventLoopError

from nrgraph.config import Settings
from nrgraph.network.questions import Answer, Asker, ask
from nrgraph.sparql.worker import Answerer, WorkerPool

if TYPE_CHECKING:
    from nrgraph.knowledge_graph import KnowledgeGraph

__all__ = ["NetworkWorkers"]

NICE = 10
"""How much lower the workers' scheduling priority is than the server's: a heavy analysis
takes the CPU the server's own requests leave."""


def _answerer(kg: KnowledgeGraph) -> Answerer:
    def start() -> Callable[[tuple[str, Callable[..., Any], tuple[Any, ...], dict[str, Any]]], Answer[Any]]:
        return lambda job: ask(kg, job[0], job[1], *job[2], **job[3])

    return start


def _on_event_loop() -> bool:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


class NetworkWorkers:
    """The worker pool of one server; :meth:`asker` gives what a request's context asks through."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._pool: WorkerPool | None = None
        self._version = ""
        self._waited = threading.local()

    def waited(self) -> float:
        """The seconds this thread has spent waiting for network answers: a request's own time,
        although it is not its thread's CPU time (see ``GraphQLApp``'s quick answers)."""
        seconds: float = getattr(self._waited, "seconds", 0.0)
        return seconds

    def asker(self, kg: KnowledgeGraph) -> Asker | None:
        """How a request on ``kg`` gets its network answers; None: in the thread that asks."""
        if self.settings.graphql_network_workers <= 0 or getattr(kg.store, "oxigraph", None) is None:
            return None

        def asker(as_of: str, question: Callable[..., Any], *args: Any, **kwargs: Any) -> Answer[Any]:
            if not _on_event_loop():
                start = time.perf_counter()
                try:
                    with contextlib.suppress(NoEventLoopError):  # a thread anyio did not start: here
                        return anyio.from_thread.run(self._run, kg, (as_of, question, args, kwargs))
                finally:
                    self._waited.seconds = self.waited() + time.perf_counter() - start
            return ask(kg, as_of, question, *args, **kwargs)  # a quick answer on the event loop: here

        return asker

    def start(self, kg: KnowledgeGraph) -> None:
        """Fork the workers now, once the graph is loaded (otherwise at the first analysis); on the event loop."""
        if self.asker(kg) is not None:
            self._workers(kg).start()

    async def _run(self, kg: KnowledgeGraph, job: tuple[Any, ...]) -> Answer[Any]:
        timeout = self.settings.graphql_network_timeout
        answer: Answer[Any] = await self._workers(kg).run(job, timeout=timeout, queue_wait=timeout)
        return answer

    def _workers(self, kg: KnowledgeGraph) -> WorkerPool:
        """The pool over ``kg``'s current data, forked anew (on the event loop) when it changed."""
        if self._pool is None or self._version != kg.version:
            self.close(finish=True)  # an analysis in flight still gets its answer, of the data it began on
            self._version = kg.version
            self._pool = WorkerPool(
                None,
                size=self.settings.graphql_network_workers,
                memory_mb=self.settings.sparql_worker_memory_mb,
                offline=True,
                answerer=_answerer(kg),
                nice=NICE,
                what="network analysis",
                queue_setting="graphql_network_timeout",
                advice="ask about fewer dates in one request, or try again later",
            )
        return self._pool

    def close(self, *, finish: bool = False) -> None:
        """Stop the workers (they are forked again at the next analysis); with ``finish``, those
        answering stop once they have answered (see :meth:`WorkerPool.close`)."""
        if self._pool is not None:
            with contextlib.suppress(Exception):
                self._pool.close(finish=finish)
            self._pool = None
