"""A scratch copy of the editing fixtures for tests that write: folders, snapshots, graphs."""

from __future__ import annotations

import array
import contextlib
import fcntl
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from nrgraph import KnowledgeGraph, Settings, open_graph
from nrgraph.editing import Editor

from .conftest import FIXTURES, ONTOLOGY

EDITING_FIXTURES = FIXTURES / "editing"


@dataclass
class Workspace:
    """A data folder and an audit folder under a test's tmp_path."""

    root: Path

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def audit(self) -> Path:
        return self.root / "audit"

    @property
    def settings(self) -> Settings:
        return Settings(ontology_dir=str(ONTOLOGY), data_dir=str(self.data), audit_dir=str(self.audit))

    def snapshot(self) -> dict[str, bytes]:
        """Every file of the data folder by name, with its bytes."""
        return {p.name: p.read_bytes() for p in sorted(self.data.iterdir()) if p.is_file()}

    def graph(self) -> KnowledgeGraph:
        return open_graph(settings=self.settings)

    def editor(self, kg: KnowledgeGraph | None = None) -> Editor:
        return Editor.from_settings(kg or self.graph(), self.settings)


def make_workspace(root: Path) -> Workspace:
    """Copy the editing fixtures into ``root/data``."""
    workspace = Workspace(root)
    shutil.copytree(EDITING_FIXTURES, workspace.data)
    return workspace


_FS_IOC_GETFLAGS = 0x80086601
_FS_IOC_SETFLAGS = 0x40086602
_FS_IMMUTABLE_FL = 0x10


def _set_immutable(folder: Path, on: bool) -> None:
    """Set or clear the immutable attribute (chattr +i): nobody, root included, may add files."""
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        flags = array.array("i", [0])
        fcntl.ioctl(fd, _FS_IOC_GETFLAGS, flags, True)
        flags[0] = flags[0] | _FS_IMMUTABLE_FL if on else flags[0] & ~_FS_IMMUTABLE_FL
        fcntl.ioctl(fd, _FS_IOC_SETFLAGS, flags)
    finally:
        os.close(fd)


@contextlib.contextmanager
def read_only(folder: Path) -> Iterator[None]:
    """Make ``folder`` read-only for this process: chmod for a user, the immutable flag for root."""
    if os.geteuid() != 0:
        folder.chmod(0o555)
        try:
            yield
        finally:
            folder.chmod(0o755)
        return
    try:
        _set_immutable(folder, True)
    except OSError as error:
        pytest.skip(f"running as root, and this file system cannot mark {folder} immutable: {error}")
    try:
        yield
    finally:
        _set_immutable(folder, False)
