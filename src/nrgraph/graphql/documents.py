"""Parsed and validated documents, kept across requests within their share of the byte budget.

:class:`DocumentCache` takes the place of strawberry's ``ParserCache`` and
``ValidationCache`` (an LRU of a number of entries each, whatever their size): a query's
document and its validation errors are kept together under the query's text and the
parse options, counted at :data:`~nrgraph.graphql.generation.DOCUMENT_BYTES_PER_CHARACTER`
bytes per character of the query against the documents' share of ``graphql_cache_bytes``.
A query that does not parse is not kept (the parser refuses it again, as fast).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from strawberry.extensions import SchemaExtension
from strawberry.schema.schema import validate_document

from graphql import DocumentNode, GraphQLError, parse
from nrgraph.graphql.generation import DOCUMENT_BYTES_PER_CHARACTER, ByteLRU

__all__ = ["DocumentCache", "document_key"]

_Kept = tuple[DocumentNode, list[list[GraphQLError]]]
"""A document and, once validated, its validation errors (in a one-item list)."""


def document_key(query: str, options: dict[str, Any]) -> tuple[str, tuple[tuple[str, Any], ...]]:
    """The key of a query's document: its text and the parse options."""
    return query, tuple(sorted(options.items()))


class DocumentCache(SchemaExtension):
    """Parse and validate each distinct query once, while it stays in ``kept``."""

    def __init__(self, kept: ByteLRU[_Kept]) -> None:
        self.kept = kept
        self._entry: _Kept | None = None

    def on_parse(self) -> Iterator[None]:
        context = self.execution_context
        options: dict[str, Any] = dict(context.parse_options)
        key = document_key(context.query or "", options)
        entry = self.kept.get(key)
        if entry is None:
            entry = (parse(context.query or "", **options), [])
            self.kept.put(key, entry, DOCUMENT_BYTES_PER_CHARACTER * len(context.query or ""))
        self._entry = entry
        context.graphql_document = entry[0]
        yield

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        entry = self._entry
        if entry is not None and context.graphql_document is entry[0]:
            if not entry[1]:
                entry[1].append(
                    validate_document(context.schema._schema, entry[0], tuple(context.validation_rules))
                )
            context.pre_execution_errors = entry[1][0]
        yield
