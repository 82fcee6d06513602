"""Stores, chosen by one setting: ``memory`` (the embedded default)."""

from __future__ import annotations

from nrgraph.errors import InvalidInput
from nrgraph.store.base import Row, Store, Term
from nrgraph.store.memory import MemoryStore

__all__ = ["MemoryStore", "Row", "Store", "Term", "open_store"]


def open_store(url: str = "memory") -> Store:
    """The store a ``--store`` value names."""
    if url == "memory":
        return MemoryStore()
    raise InvalidInput(f"store {url!r} is not known; valid: memory")
