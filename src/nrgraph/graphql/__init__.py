"""The GraphQL API: the strawberry schema and the ASGI app that serves it over HTTP.

(Absolute imports everywhere, so this package never shadows graphql-core.)
"""

from __future__ import annotations

from nrgraph.graphql.http import GraphQLApp
from nrgraph.graphql.run import execute
from nrgraph.graphql.schema import build_schema, schema

__all__ = ["GraphQLApp", "build_schema", "execute", "schema"]
