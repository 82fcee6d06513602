"""Running a query in-process (the ``nrgraph query`` command, notebooks, tests)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from nrgraph.config import Settings
from nrgraph.graphql.context import Context
from nrgraph.graphql.errors import format_error
from nrgraph.graphql.schema import build_schema

if TYPE_CHECKING:
    from nrgraph.knowledge_graph import KnowledgeGraph

__all__ = ["execute"]


def execute(
    kg: KnowledgeGraph,
    query: str,
    variables: dict[str, Any] | None = None,
    *,
    operation_name: str | None = None,
    settings: Settings | None = None,
) -> dict[str, Any]:
    """Run a GraphQL query against ``kg``; the response as the HTTP API would send it, except
    that the cost limit counts lists at the defaults of
    :class:`~nrgraph.graphql.limits.ListBounds` (the HTTP API reads the longest lists of the
    data, once per data version: a trusted caller in-process is spared those store queries)."""
    settings = settings or Settings()
    schema = build_schema(settings)
    result = schema.execute_sync(
        query, variable_values=variables, context_value=Context(kg, settings), operation_name=operation_name
    )
    response: dict[str, Any] = {}
    if result.data is not None or not result.errors:
        response["data"] = result.data
    if result.errors:
        response["errors"] = [format_error(e, production=settings.production) for e in result.errors]
    return response
