"""The fast execution path answers exactly as graphql-core's own path does."""

from __future__ import annotations

import pytest
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

from nrgraph import KnowledgeGraph, Settings
from nrgraph.graphql.context import Context
from nrgraph.graphql.fast.execution import _plain_fields
from nrgraph.graphql.schema import build_schema

QUERIES = [
    """{ channels { totalCount edges { cursor node { id iri slug label aliases description kind
         endpoints { id label kind aliases } hostedBy { slug } sources { title url date }
         citations { id iri locator wording note source { slug } }
         changes { status effective announced confidence sequence certainty } } }
         pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }""",
    """{ survived(period: "2021-10") { period survivors { reason explanation change { status effective } }
         casualties { reason change { status announced sources { title } } } uncertain { reason } } }""",
    """{ timeline(id: "treaty") { changes { slug status parties { slug } } periods { status startEarliest
         startLatest endEarliest endLatest party { slug } } } }""",
    """{ stats { triples sources firstDate lastDate classes { name count } }
         search(text: "t") { matched node { __typename id ... on Actor { kind } } } }""",
]


@pytest.mark.parametrize("query", QUERIES)
def test_the_fast_path_gives_the_same_answers(fixture_kg: KnowledgeGraph, query: str) -> None:
    settings = Settings()
    fast = build_schema(settings)
    slow = build_schema(settings)
    slow.execution_context_class = StrawberryGraphQLCoreExecutionContext
    expected = slow.execute_sync(query, context_value=Context(fixture_kg, settings))
    got = fast.execute_sync(query, context_value=Context(fixture_kg, settings))
    assert expected.errors is None
    assert got.errors is None
    assert got.data == expected.data


def test_only_plain_fields_take_the_fast_path() -> None:
    plain = _plain_fields(build_schema()._schema)
    assert {"id", "iri", "slug", "label", "kind", "aliases"} <= set(plain["Channel"])
    assert plain["Channel"]["endpoints"].resolver is not None  # nrgraph's own (self, info) resolver
    assert plain["Channel"]["label"].resolver is None  # an attribute
    assert "status" not in plain["Channel"]  # arguments
    assert "node" not in plain["SearchHit"]  # an interface
    assert "edges" in plain["ChannelConnection"]
