"""The gallery of worked SPARQL examples: the ``*.rq`` files beside this module (package data).

Each file is named ``NN-name.rq``: ``NN`` orders the gallery and ``name`` is what
``nrgraph sparql --example NAME`` takes. It opens with a comment block: the first line is
the title (the question it answers), the following lines say what it answers and how to
read it. The files declare their prefixes, so any SPARQL client can run them as they are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from nrgraph.errors import NotFound

__all__ = ["EXAMPLES_DIR", "Example", "example", "examples"]

EXAMPLES_DIR = Path(__file__).resolve().parent
_NAME = re.compile(r"^(\d+)-([a-z0-9][a-z0-9-]*)$")


@dataclass(frozen=True)
class Example:
    """A gallery query: its name, title, description and text."""

    name: str
    title: str
    description: str
    text: str

    @classmethod
    def from_file(cls, path: Path) -> Example:
        """Read one ``NN-name.rq`` file."""
        found = _NAME.match(path.stem)
        name = found.group(2) if found else path.stem
        text = path.read_text(encoding="utf-8")
        comments: list[str] = []
        for line in text.splitlines():
            if not line.startswith("#"):
                break
            comments.append(line.lstrip("#").strip())
        title = comments[0] if comments else name.replace("-", " ")
        description = " ".join(line for line in comments[1:] if line)
        return cls(name=name, title=title, description=description, text=text)


def examples(folder: Path | None = None) -> list[Example]:
    """Every gallery query, in gallery order."""
    root = folder or EXAMPLES_DIR
    return [Example.from_file(path) for path in sorted(root.glob("*.rq"))]


def example(name: str, folder: Path | None = None) -> Example:
    """The gallery query called ``name``; :class:`NotFound` names the known ones."""
    gallery = examples(folder)
    for item in gallery:
        if item.name == name:
            return item
    raise NotFound("example", name, f"known examples: {', '.join(e.name for e in gallery) or '(none)'}")
