"""Keeping every server worker current when another process edits the files.

The worker that applies an edit installs it at once. Other workers (``--workers N``, or a
curator's ``nrgraph record`` next to a running server) notice through :class:`Freshness`,
which runs before each HTTP request: it compares a stat stamp of the loaded folders and
files (one ``stat`` each: an atomic rename changes the folder's mtime and the file's inode;
a hand edit in place changes the file's mtime or size) with the one of the data in place;
a folder is listed again only when its own stamp changes (see :class:`Stamper`). On Linux
the stamp is taken only when the kernel reported a change under the loaded folders since
the last request (inotify, see :class:`Watcher`), and at least once a second for changes
it does not report (another machine's edit over a network file system), so a request
costs one ``poll`` instead of a ``stat`` per file; elsewhere it is taken before every
request. When the stamp differs, the request that noticed waits while the files are
reloaded and validated in a worker thread; requests arriving meanwhile are answered from
the data in place. A reload that fails (a hand edit that does not validate) is logged once
and the data in place is kept.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import logging
import os
import select
import sys
import threading
import time
import weakref
from collections.abc import Callable
from pathlib import Path
from stat import S_ISDIR

import anyio.to_thread
from starlette.types import ASGIApp, Receive, Scope, Send

from nrgraph.editing.atomic import FolderLock
from nrgraph.errors import LoadError, WriteFailed
from nrgraph.knowledge_graph import KnowledgeGraph

__all__ = ["Freshness", "FreshnessMiddleware", "Stamper", "Watcher", "stamp"]

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


class Watcher:
    """Whether the files under a set of paths may have changed since the last call.

    On Linux it asks the kernel (inotify) to note every change to the entries of the loaded
    folders, of the folders holding the loaded files and of the folders holding the loaded
    folders (a folder replaced by a rename); a call then costs one ``poll`` of that queue
    instead of a ``stat`` per file. It also answers True at least once every
    ``interval`` seconds, for changes the kernel does not report (files edited over a
    network file system by another machine), and after every change it watches the paths
    again (a replaced folder is a new one). Where inotify is not available (not Linux, or
    the limit of inotify instances reached), every call answers True.
    """

    def __init__(self, paths: tuple[Path, ...], interval: float = 1.0) -> None:
        self.paths = paths
        self.interval = interval
        self._due = time.monotonic() + interval
        self._inotify = _Inotify.open()
        self._watch()

    @property
    def notified(self) -> bool:
        """Whether the kernel reports the changes (else every call answers True)."""
        return self._inotify is not None

    def _watch(self) -> None:
        if self._inotify is not None and not self._inotify.watch(_watched(self.paths)):
            self.close()

    def __call__(self) -> bool:
        inotify = self._inotify
        if inotify is None:
            return True
        now = time.monotonic()
        if inotify.pending():
            inotify.drain()
            self._watch()  # before the caller's stat, so that no later change goes unnoticed
        elif now < self._due:
            return False
        self._due = now + self.interval
        return True

    def close(self) -> None:
        """Stop watching (every later call answers True)."""
        if self._inotify is not None:
            self._inotify.close()
            self._inotify = None


_ENTRY_CHANGES = 0x2 | 0x4 | 0x8 | 0x40 | 0x80 | 0x100 | 0x200
"""IN_MODIFY, IN_ATTRIB, IN_CLOSE_WRITE, IN_MOVED_FROM, IN_MOVED_TO, IN_CREATE, IN_DELETE:
any change to an entry of a watched folder (an edit in place, an atomic rename, an addition
or removal)."""
_SELF_CHANGES = 0x400 | 0x800  # IN_DELETE_SELF, IN_MOVE_SELF: the watched folder itself went


def _watched(paths: tuple[Path, ...]) -> dict[str, int]:
    """The folders to watch for ``paths``: each folder given and the folder of each path."""
    folders: dict[str, int] = {}
    for path in paths:
        if path.is_dir():
            folders[str(path)] = folders.get(str(path), 0) | _ENTRY_CHANGES | _SELF_CHANGES
        parent = str(path.parent)
        folders[parent] = folders.get(parent, 0) | _ENTRY_CHANGES | _SELF_CHANGES
    return folders


class _Inotify:
    """A non-blocking inotify queue (Linux), through the C library's own functions."""

    def __init__(self, libc: ctypes.CDLL, fd: int) -> None:
        self._libc = libc
        self.fd = fd
        self._poll = select.poll()
        self._poll.register(fd, select.POLLIN)
        self._finalizer = weakref.finalize(self, os.close, fd)

    @classmethod
    def open(cls) -> _Inotify | None:
        """A new queue, or None where inotify is not available."""
        if not sys.platform.startswith("linux"):
            return None
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            fd = libc.inotify_init1(os.O_NONBLOCK | os.O_CLOEXEC)
        except (OSError, AttributeError):
            return None
        if fd < 0:  # EMFILE: the limit of inotify instances (fs.inotify.max_user_instances)
            reason = os.strerror(ctypes.get_errno())
            _log.info("inotify is not available (%s); the data files are checked by stat", reason)
            return None
        return cls(libc, fd)

    def watch(self, folders: dict[str, int]) -> bool:
        """Watch ``folders`` (path: event mask), those that exist; False if the kernel refuses."""
        for folder, mask in folders.items():
            if self._libc.inotify_add_watch(self.fd, os.fsencode(folder), ctypes.c_uint32(mask)) < 0:
                error = ctypes.get_errno()
                if error not in {errno.ENOENT, errno.ENOTDIR}:  # gone: its parent is watched
                    _log.info("cannot watch %s (%s); the data files are checked by stat", folder, os.strerror(error))
                    return False
        return True

    def pending(self) -> bool:
        return bool(self._poll.poll(0))

    def drain(self) -> None:
        with contextlib.suppress(BlockingIOError):
            while os.read(self.fd, 65536):
                pass

    def close(self) -> None:
        self._poll.unregister(self.fd)
        self._finalizer()


class Freshness:
    """Reload the graph ``graph()`` returns when its files changed on disk (see the module).

    :meth:`check` runs before a request: when the :class:`Watcher` says the files may have
    changed, it compares their stat stamp with the one of the data in place.
    """

    def __init__(self, graph: Callable[[], KnowledgeGraph | None]) -> None:
        self.graph = graph
        self._seen: Stamp | None = None
        self._stamper: Stamper | None = None
        self._watcher: Watcher | None = None
        self._reloading = threading.Lock()

    async def check(self) -> None:
        kg = self.graph()
        if kg is None:
            return
        stamper = self._stamper
        if stamper is None or stamper.source != kg.paths:
            self.close()
            stamper = self._stamper = Stamper(kg.paths)
            self._watcher = Watcher(kg.paths)
            self._seen = None
        elif self._watcher is not None and not self._watcher():
            return
        current = stamper()
        if self._seen is None:
            self._seen = current
        elif current != self._seen and self._reloading.acquire(blocking=False):
            self._seen = current
            try:
                await anyio.to_thread.run_sync(self._refresh, kg)
            finally:
                self._reloading.release()

    def close(self) -> None:
        """Stop watching the files (the app's shutdown)."""
        if self._watcher is not None:
            self._watcher.close()
            self._watcher = None

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


class FreshnessMiddleware:
    """Run a :class:`Freshness` check before each HTTP request."""

    def __init__(self, app: ASGIApp, freshness: Freshness) -> None:
        self.app = app
        self.freshness = freshness

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            await self.freshness.check()
        await self.app(scope, receive, send)
