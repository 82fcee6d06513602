"""The schema: the feature roots merged into one ``Query``, with the limits as extensions.

:func:`build_schema` takes the settings (limits, production masking, introspection);
:data:`schema` is the default one, printed into ``schema.graphql`` at the repository root.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import strawberry
from strawberry.extensions import (
    AddValidationRules,
    DisableIntrospection,
    MaxTokensLimiter,
    SchemaExtension,
)
from strawberry.schema.config import StrawberryConfig
from strawberry.tools import merge_types
from strawberry.types import ExecutionContext

from graphql import ASTValidationRule, DocumentNode, GraphQLError
from nrgraph.config import Settings
from nrgraph.graphql.builders import TYPES
from nrgraph.graphql.documents import DocumentCache, document_key
from nrgraph.graphql.fields.audit import AuditQuery
from nrgraph.graphql.fields.catalogue import CatalogueQuery
from nrgraph.graphql.fields.network import NetworkQuery
from nrgraph.graphql.fields.proposals import ProposalsQuery
from nrgraph.graphql.fields.search import SearchQuery
from nrgraph.graphql.fields.temporal import TemporalQuery
from nrgraph.graphql.generation import Budget, ByteLRU
from nrgraph.graphql.limits import CostLimiter, alias_rule, depth_rule
from nrgraph.graphql.mutations import EditingMutation, ProposalMutation
from nrgraph.graphql.scalars import SCALAR_MAP

__all__ = ["Mutation", "Query", "Schema", "build_schema", "schema"]

Query = merge_types("Query", (CatalogueQuery, TemporalQuery, NetworkQuery, SearchQuery, AuditQuery, ProposalsQuery))
Mutation = merge_types("Mutation", (EditingMutation, ProposalMutation))


def extensions(settings: Settings, documents: ByteLRU[Any]) -> list[Callable[[], SchemaExtension]]:
    """The schema extensions for these settings: caches and limits, as per-request factories.

    The depth and alias rules (:mod:`nrgraph.graphql.limits`, linear in the document's size
    where strawberry's own re-walk every fragment spread) are classes made per limit, and
    the validation cache's key includes the rules: so they are made once here and reused
    by every request. Parsed and validated documents are kept in ``documents``.
    """
    rules: list[type[ASTValidationRule]] = [
        depth_rule(settings.graphql_max_depth),
        alias_rule(settings.graphql_max_aliases),
    ]
    if not settings.graphql_introspection:
        rules.extend(DisableIntrospection().validation_rules)
    return [
        lambda: MaxTokensLimiter(max_token_count=settings.graphql_max_tokens),
        lambda: AddValidationRules(rules),
        lambda: DocumentCache(documents),
        lambda: CostLimiter(max_cost=settings.graphql_max_cost),
    ]


class Schema(strawberry.Schema):
    """strawberry's Schema, without logging every error with a traceback: expected errors
    (bad input, not found, limits) are the client's business, and unexpected ones are logged
    once, by :func:`nrgraph.graphql.errors.format_error`; with the documents it parsed."""

    documents: ByteLRU[Any]
    parse_options: dict[str, Any]

    def process_errors(self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None) -> None:
        return None

    def parsed(self, query: str) -> DocumentNode | None:
        """The document of ``query`` as a request parsed it, if it is still kept."""
        entry = self.documents.get(document_key(query, self.parse_options))
        return None if entry is None else entry[0]


def build_schema(settings: Settings | None = None) -> Schema:
    """The schema with the limits of ``settings``."""
    settings = settings or Settings()
    documents: ByteLRU[Any] = ByteLRU(Budget(settings.graphql_cache_bytes).documents)
    built = Schema(
        query=Query,
        mutation=Mutation,
        types=TYPES,
        extensions=extensions(settings, documents),
        config=StrawberryConfig(auto_camel_case=True, scalar_map=SCALAR_MAP),
    )
    built.documents = documents
    built.parse_options = {"max_tokens": settings.graphql_max_tokens}
    return built


schema = build_schema()
