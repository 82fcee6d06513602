"""Keeping every server worker current when another process edits the files.

The worker that applies an edit installs it at once. Other workers (``--workers N``, or a
curator's ``nrgraph record`` next to a running server) notice through
:class:`FreshnessMiddleware`: before each HTTP request it compares a stat stamp of the
loaded folders and files (one ``stat`` each: an atomic rename changes the folder's mtime
and the file's inode; a hand edit in place changes the file's mtime or size) with the one
of the data in place; a folder is listed again only when its own stamp changes (see
:class:`Stamper`), so the check costs a ``stat`` per file and no directory read. When it differs, the request that
noticed waits while the files are reloaded and validated in a worker thread; requests
arriving meanwhile are answered from the data in place. A reload that fails (a hand edit that
does not validate) is logged once and the data in place is kept.
"""

from __future__ import annotations

import contextlib
import logging
import os
import threading
import time
from collections.abc import Callable
from pathlib import Path
from stat import S_ISDIR

import anyio.to_thread
from starlette.types import ASGIApp, Receive, Scope, Send

from nrgraph.editing.atomic import FolderLock
from nrgraph.errors import LoadError, WriteFailed
from nrgraph.knowledge_graph import KnowledgeGraph

__all__ = ["FreshnessMiddleware", "Stamper", "stamp"]

_log = logging.getLogger(__name__)
Stamp = tuple[int, ...]

_RACY_NS = 2_000_000_000
"""A folder listing is trusted only while the folder's mtime is older than this before the
listing was read: a file added in the same tick of the file system's (coarse) clock as the
listing leaves the folder's mtime as it was (as git's "racily clean" index entries)."""


class Stamper:
    """The stat stamp of a set of loaded folders and files: (mtime_ns, size, inode) of each
    folder, of each file given, and of each ``.ttl`` file directly in a folder.

    Every call stats each of them, as a full listing would, so an edit in place (the
    same inode) is seen at once; but a folder is listed again only when its own stamp
    changed (adding, removing or renaming a file changes it) or was too recent to trust,
    and the stamp is a flat tuple of integers, compared without sorting.
    """

    def __init__(self, paths: tuple[Path, ...]) -> None:
        self.source = paths
        self.paths = tuple(str(path) for path in paths)
        self._listings: dict[str, tuple[int, int, tuple[str, ...]]] = {}

    def _listing(self, folder: str, info: os.stat_result) -> tuple[str, ...]:
        listed = self._listings.get(folder)
        if listed is not None and listed[0] == info.st_mtime_ns and listed[1] == info.st_ino:
            return listed[2]
        read_at = time.time_ns()
        with os.scandir(folder) as entries:
            names = tuple(sorted(entry.path for entry in entries if entry.name.endswith(".ttl")))
        if read_at - info.st_mtime_ns > _RACY_NS:
            self._listings[folder] = (info.st_mtime_ns, info.st_ino, names)
        else:
            self._listings.pop(folder, None)
        return names

    def __call__(self) -> Stamp:
        found: list[int] = []
        for path in self.paths:
            info = _stat(path, found)
            if info is not None and S_ISDIR(info.st_mode):
                names = self._listing(path, info)
                found.append(len(names))
                for name in names:
                    _stat(name, found)
        return tuple(found)


def _stat(path: str, found: list[int]) -> os.stat_result | None:
    """Add the (mtime_ns, size, inode) of ``path`` to ``found`` (-1 if it is gone)."""
    try:
        info = os.stat(path)
    except OSError:
        found.append(-1)
        return None
    found += (info.st_mtime_ns, info.st_size, info.st_ino)
    return info


def stamp(paths: tuple[Path, ...]) -> Stamp:
    """The stat stamp of ``paths`` (see :class:`Stamper`)."""
    return Stamper(paths)()


class FreshnessMiddleware:
    """Reload the graph ``graph()`` returns when its files changed on disk."""

    def __init__(self, app: ASGIApp, graph: Callable[[], KnowledgeGraph | None]) -> None:
        self.app = app
        self.graph = graph
        self._seen: Stamp | None = None
        self._stamper: Stamper | None = None
        self._reloading = threading.Lock()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        kg = self.graph() if scope["type"] == "http" else None
        if kg is not None:
            stamper = self._stamper
            if stamper is None or stamper.source != kg.paths:
                stamper = self._stamper = Stamper(kg.paths)
            current = stamper()
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
