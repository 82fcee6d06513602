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

from graphql import ASTValidationRule, GraphQLError
from nrgraph.config import Settings
from nrgraph.graphql.fast.execution import fast_execution_context
from nrgraph.graphql.fields.audit import AuditQuery
from nrgraph.graphql.fields.catalogue import CatalogueQuery
from nrgraph.graphql.fields.network import NetworkQuery
from nrgraph.graphql.fields.proposals import ProposalsQuery
from nrgraph.graphql.fields.search import SearchQuery
from nrgraph.graphql.fields.temporal import TemporalQuery
from nrgraph.graphql.mutations import EditingMutation, ProposalMutation
from nrgraph.graphql.scalars import SCALAR_MAP
from nrgraph.graphql.types.all import (
    Actor,
    Agreement,
    Channel,
    Citation,
    Event,
    Source,
    StatusChange,
    StatusPeriod,
)

__all__ = ["Mutation", "Query", "Schema", "build_schema", "schema"]

Query = merge_types("Query", (CatalogueQuery, TemporalQuery, NetworkQuery, SearchQuery, AuditQuery, ProposalsQuery))
Mutation = merge_types("Mutation", (EditingMutation, ProposalMutation))
_TYPES = (Actor, Agreement, Channel, Citation, Event, Source, StatusChange, StatusPeriod)


def extensions(settings: Settings) -> list[Callable[[], SchemaExtension]]:
    """The schema extensions for these settings: caches and limits, as per-request factories.

    The depth and alias rules (:mod:`nrgraph.graphql.limits`, linear in the document's size
    where strawberry's own re-walk every fragment spread) are classes made per limit, and
    the validation cache's key includes the rules: so they are made once here and reused
    by every request.
    """
    from nrgraph.graphql.documents import DocumentCache
    from nrgraph.graphql.generation import Budget, ByteLRU
    from nrgraph.graphql.limits import CostLimiter, alias_rule, depth_rule

    documents: ByteLRU[Any] = ByteLRU(Budget(settings.graphql_cache_bytes).documents)

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
    once, by :func:`nrgraph.graphql.errors.format_error`."""

    def process_errors(self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None) -> None:
        return None


def build_schema(settings: Settings | None = None) -> Schema:
    """The schema with the limits of ``settings``."""
    settings = settings or Settings()
    built = Schema(
        query=Query,
        mutation=Mutation,
        types=_TYPES,
        extensions=extensions(settings),
        config=StrawberryConfig(auto_camel_case=True, scalar_map=SCALAR_MAP),
    )
    built.execution_context_class = fast_execution_context(built._schema)
    return built


schema = build_schema()

