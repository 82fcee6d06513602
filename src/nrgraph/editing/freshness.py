"""Keeping every server worker current when another process edits the files.

The worker that applies an edit installs it at once. Other workers (``--workers N``, or a
curator's ``nrgraph record`` next to a running server) notice through
:class:`FreshnessMiddleware`: before each HTTP request it compares a stat stamp of the
loaded folders and files (one ``stat`` each: an atomic rename changes the folder's mtime
and the file's inode) with the one of the data in place. When it differs, the request that
noticed waits while the files are reloaded and validated in a worker thread; requests
arriving meanwhile are answered from the data in place. A reload that fails (a hand edit that
does not validate) is logged once and the data in place is kept.
"""

from __future__ import annotations

import contextlib
import logging
import os
import threading
from collections.abc import Callable
from pathlib import Path

import anyio.to_thread
from starlette.types import ASGIApp, Receive, Scope, Send

from nrgraph.editing.atomic import FolderLock
from nrgraph.errors import LoadError, WriteFailed
from nrgraph.knowledge_graph import KnowledgeGraph

__all__ = ["FreshnessMiddleware", "stamp"]

_log = logging.getLogger(__name__)
Stamp = tuple[tuple[str, int, int, int], ...]


def stamp(paths: tuple[Path, ...]) -> Stamp:
    """(path, mtime_ns, size, inode) of each folder and each ``.ttl`` file directly in it."""
    found: list[tuple[str, int, int, int]] = []
    for path in paths:
        try:
            info = os.stat(path)
        except OSError:
            continue
        found.append((str(path), info.st_mtime_ns, info.st_size, info.st_ino))
        if path.is_dir():
            with os.scandir(path) as entries:
                for entry in entries:
                    if entry.name.endswith(".ttl"):
                        info = entry.stat()
                        found.append((entry.path, info.st_mtime_ns, info.st_size, info.st_ino))
    return tuple(sorted(found))


class FreshnessMiddleware:
    """Reload the graph ``graph()`` returns when its files changed on disk."""

    def __init__(self, app: ASGIApp, graph: Callable[[], KnowledgeGraph | None]) -> None:
        self.app = app
        self.graph = graph
        self._seen: Stamp | None = None
        self._reloading = threading.Lock()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        kg = self.graph() if scope["type"] == "http" else None
        if kg is not None:
            current = stamp(kg.paths)
            if self._seen is None:
                self._seen = current
            elif current != self._seen and self._reloading.acquire(blocking=False):
                self._seen = current
                try:
                    await anyio.to_thread.run_sync(self._refresh, kg)
                finally:
                    self._reloading.release()
        await self.app(scope, receive, send)

    @staticmethod
    def _refresh(kg: KnowledgeGraph) -> None:
        # under the editors' lock: an edit being applied in this process must not be
        # overwritten by files read just before it was written
        folders = sorted(path for path in kg.paths if path.is_dir())
        try:
            with contextlib.ExitStack() as locks:
                for folder in folders:
                    locks.enter_context(FolderLock(folder))
                reloaded = kg.refresh()
            if reloaded:
                _log.info("the data changed on disk; reloaded version %s", kg.version[:12])
        except (LoadError, WriteFailed) as error:
            _log.warning("the data changed on disk but does not load; serving the previous version:\n%s", error)
