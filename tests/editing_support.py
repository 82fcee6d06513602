"""A scratch copy of the editing fixtures for tests that write: folders, snapshots, graphs."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

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
