"""The worked GraphQL examples: the ``*.graphql`` files beside this module (package data).

Each file is one named operation (``query SurvivedOctober2021 { ... }``), so GraphiQL titles
its tab with the operation's name; the first line is a comment saying what it answers. The
file names order them (the survived-October-2021 query comes first). The docs, the tests
(every example runs on the bundled data) and GraphiQL share them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

__all__ = ["EXAMPLES_DIR", "Example", "examples"]

EXAMPLES_DIR = Path(__file__).resolve().parent
_OPERATION = re.compile(r"^(?:query|mutation)\s+([A-Za-z_][A-Za-z0-9_]*)", re.MULTILINE)


@dataclass(frozen=True)
class Example:
    """A worked query: its file name, title (the first comment line), text and operation name."""

    name: str
    title: str
    query: str
    operation: str = ""

    @classmethod
    def from_file(cls, path: Path) -> Example:
        """Read one ``NN-name.graphql`` file."""
        text = path.read_text(encoding="utf-8")
        first = text.splitlines()[0] if text else ""
        title = first.lstrip("#").strip() if first.startswith("#") else path.stem
        found = _OPERATION.search(text)
        return cls(path.stem, title, text, found.group(1) if found else "")


def examples() -> list[Example]:
    """The worked example queries, in order."""
    return [Example.from_file(path) for path in sorted(EXAMPLES_DIR.glob("*.graphql"))]
