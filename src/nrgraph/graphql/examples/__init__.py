"""The worked GraphQL examples: the ``*.graphql`` files beside this module (package data).

The examples are files so that the docs, the tests and GraphiQL share them; their file
names order them (the survived-October-2021 query comes first).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

__all__ = ["EXAMPLES_DIR", "Example", "examples"]

EXAMPLES_DIR = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Example:
    """A worked query: its file name, title (the first comment line) and text."""

    name: str
    title: str
    query: str


def examples() -> list[Example]:
    """The worked example queries, in order."""
    found = []
    for path in sorted(EXAMPLES_DIR.glob("*.graphql")):
        text = path.read_text(encoding="utf-8")
        first = text.splitlines()[0] if text else ""
        title = first.lstrip("#").strip() if first.startswith("#") else path.stem
        found.append(Example(path.stem, title, text))
    return found
