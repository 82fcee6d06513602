"""A persistent store: pyoxigraph (RocksDB) on disk, reopened as it is after the first load.

``oxigraph:PATH`` keeps its data under the folder ``PATH``::

    PATH/current -> gen-3f9a…      symlink to the generation in use
    PATH/gen-3f9a…/                a complete Oxigraph database, never written once in use
    PATH/gen-81c0…/                the previous generation, kept for readers that still use it
    PATH/.lock                     held while a generation is being built

:meth:`OxigraphStore.replace` bulk-loads the new content into a fresh generation, then
switches the symlink (an atomic rename) and this process to it: a load that fails leaves the
previous generation in use, and no reader ever sees half a load. Generations in use are
opened read-only, so any number of processes (uvicorn workers) can serve the same ``PATH``,
and ``oxigraph serve --location PATH/current`` can serve it too.
"""

from __future__ import annotations

import contextlib
import fcntl
import itertools
import os
import shutil
import uuid
from collections.abc import Iterable, Iterator
from pathlib import Path

import pyoxigraph as ox

from nrgraph.errors import StoreError
from nrgraph.store.base import Progress, counted
from nrgraph.store.memory import MemoryStore

__all__ = ["OxigraphStore"]

_CURRENT = "current"
_SLICE = 200_000
_PREFIX = "gen-"


class OxigraphStore(MemoryStore):
    """pyoxigraph on disk at ``path``; see the module docstring for the layout."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        try:
            self.path.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise StoreError(f"cannot create the store folder {str(self.path)!r}: {error.strerror}") from None
        self._store = self._open_current()

    def _open_current(self) -> ox.Store:
        current = self.path / _CURRENT
        if not current.exists():
            return ox.Store()  # nothing loaded yet: empty until the first replace
        try:
            return ox.Store.read_only(str(current.resolve()))
        except OSError as error:
            raise StoreError(f"cannot open the Oxigraph store at {str(current)!r}: {error}") from None

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        with open(self.path / ".lock", "w") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def replace(self, quads: Iterable[ox.Quad] | ox.Store, progress: Progress | None = None) -> None:
        with self._locked():
            generation = self.path / f"{_PREFIX}{uuid.uuid4().hex[:12]}"
            try:
                building = ox.Store(str(generation))
                # In slices: RocksDB's bulk loader buffers what it is given, about 0.7 GB for
                # a million quads at once; slices of 200k quads keep it near a tenth of that.
                remaining = iter(counted(quads, progress))
                while chunk := list(itertools.islice(remaining, _SLICE)):
                    building.bulk_extend(chunk)
                building.flush()
                del building  # closes the database before it is reopened read-only
                fresh = ox.Store.read_only(str(generation))
            except OSError as error:
                shutil.rmtree(generation, ignore_errors=True)
                raise StoreError(f"cannot write the Oxigraph store at {str(generation)!r}: {error}") from None
            except BaseException:
                shutil.rmtree(generation, ignore_errors=True)
                raise
            previous = self._generation()
            link = self.path / f"{_CURRENT}.{generation.name}"
            os.symlink(generation.name, link)
            os.replace(link, self.path / _CURRENT)
            self._store = fresh
            self._prune(keep={generation.name, previous})

    def _generation(self) -> str:
        current = self.path / _CURRENT
        return os.readlink(current) if current.is_symlink() else ""

    def _prune(self, keep: set[str]) -> None:
        """Delete generations older than the previous one (other processes may still read that)."""
        for child in self.path.iterdir():
            if child.name.startswith(_PREFIX) and child.name not in keep:
                shutil.rmtree(child, ignore_errors=True)

    def close(self) -> None:
        self._store = ox.Store()  # drops the last reference, which closes the database
