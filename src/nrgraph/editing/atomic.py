"""Durable file writes and the lock that serialises edits.

:func:`atomic_write` writes a temporary file in the target's folder, fsyncs it, renames it
over the target and fsyncs the folder: after a crash at any moment the target holds either
its old or its new content, never a mix. :class:`FolderLock` takes an exclusive
``flock`` on a folder, so that edits from several threads, processes and server workers
are applied one at a time.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import threading
from pathlib import Path
from types import TracebackType
from typing import ClassVar

from nrgraph.errors import WriteFailed

__all__ = ["TEMP_SUFFIX", "FolderLock", "atomic_write", "fsync_folder", "remove_stale_temporaries"]

TEMP_SUFFIX = ".nrgraph-tmp"
"""Temporary files end with this (never ``.ttl``), so a crashed write is never loaded."""


def fsync_folder(folder: Path) -> None:
    """Flush a folder's entries (a rename, a new file) to disk."""
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def atomic_write(path: Path, content: bytes) -> None:
    """Replace ``path`` by ``content`` atomically and durably.

    Raises :class:`~nrgraph.errors.WriteFailed` (the file unchanged) if the folder is
    read-only, the disk is full or any other OS error occurs.
    """
    folder = path.parent
    temporary = folder / f".{path.name}.{os.getpid()}.{threading.get_ident()}{TEMP_SUFFIX}"
    try:
        mode = path.stat().st_mode & 0o7777 if path.exists() else 0o644
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
        try:
            view = memoryview(content)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(temporary, path)
        fsync_folder(folder)
    except OSError as error:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise WriteFailed(f"cannot write {path}: {error.strerror or error}; nothing was changed") from error


def remove_stale_temporaries(folder: Path) -> list[Path]:
    """Delete temporary files left by writers that crashed; call it holding the lock."""
    removed = []
    for stale in folder.glob(f".*{TEMP_SUFFIX}"):
        with contextlib.suppress(OSError):
            stale.unlink()
            removed.append(stale)
    return removed


class FolderLock:
    """An exclusive lock on a folder, held by one thread of one process at a time.

    ``flock`` serialises processes; a process-wide mutex serialises the threads of one
    process (``flock`` locks belong to open file descriptions, so two threads of one
    process opening the folder separately would otherwise exclude each other only by luck
    of the implementation).

    >>> with FolderLock(Path("/tmp")):                      # doctest: +SKIP
    ...     ...
    """

    _mutexes: ClassVar[dict[str, threading.Lock]] = {}
    _guard: ClassVar[threading.Lock] = threading.Lock()

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        key = str(folder.resolve())
        with FolderLock._guard:
            self._mutex = FolderLock._mutexes.setdefault(key, threading.Lock())
        self._fd: int | None = None

    def __enter__(self) -> FolderLock:
        self._mutex.acquire()
        try:
            self._fd = os.open(self.folder, os.O_RDONLY | os.O_DIRECTORY)
            fcntl.flock(self._fd, fcntl.LOCK_EX)
        except OSError as error:
            if self._fd is not None:
                os.close(self._fd)
                self._fd = None
            self._mutex.release()
            raise WriteFailed(f"cannot lock {self.folder}: {error.strerror or error}") from error
        return self

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, traceback: TracebackType | None
    ) -> None:
        try:
            if self._fd is not None:
                fcntl.flock(self._fd, fcntl.LOCK_UN)
                os.close(self._fd)
                self._fd = None
        finally:
            self._mutex.release()

