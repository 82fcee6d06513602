"""The GraphQL API: the strawberry schema, its resolvers and limits (served over HTTP by :mod:`nrgraph.web.graphql`).

(Absolute imports everywhere, so this package never shadows graphql-core.)
"""

from __future__ import annotations

from nrgraph.graphql.run import execute
from nrgraph.graphql.schema import build_schema, schema

__all__ = ["build_schema", "execute", "schema"]
