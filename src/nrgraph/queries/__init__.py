"""Named SPARQL queries: one reviewed ``.rq`` file per question.

Queries are read once and cached; values are passed as bindings (SEP-0007 substitutions on
Oxigraph, a ``VALUES`` block on remote stores), never formatted into the text. Every query
is written against the default graph as the union of all named graphs.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from nrgraph.errors import InvalidQuery, NotFound

__all__ = ["QUERY_DIR", "fill", "names", "query_text"]

QUERY_DIR = Path(__file__).resolve().parent


@cache
def query_text(name: str) -> str:
    """The text of the named query ``<name>.rq``; :class:`NotFound` if there is none."""
    path = QUERY_DIR / f"{name}.rq"
    if not path.is_file():
        raise NotFound("named query", name, f"known queries: {', '.join(names())}")
    return path.read_text(encoding="utf-8")


def names() -> list[str]:
    """The names of every query in the registry."""
    return sorted(p.stem for p in QUERY_DIR.glob("*.rq"))


def fill(name: str, clauses: dict[str, str]) -> str:
    """The named query with each marker line ``#@<marker>`` replaced by its clause.

    Markers are SPARQL comments alone on their line, so the ``.rq`` file stays a valid
    query. Only generated clauses (VALUES blocks of validated IRIs, compiled filters) go
    there; every marker must exist exactly once.
    """
    text = query_text(name)
    for marker, clause in clauses.items():
        pattern = re.compile(rf"^[ \t]*#@{re.escape(marker)}[ \t]*$", re.MULTILINE)
        text, replaced = pattern.subn(lambda _match, c=clause: c, text)  # type: ignore[misc]
        if replaced != 1:
            raise InvalidQuery(f"named query {name!r} needs exactly one #@{marker} line, found {replaced}")
    return text
