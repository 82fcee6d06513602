"""The committed SDL is the schema the code builds."""

from __future__ import annotations

from nrgraph.config import Settings
from nrgraph.graphql import build_schema, schema

from ..conftest import ROOT

REGENERATE = (
    ".venv/bin/python -c 'from nrgraph.graphql import schema; print(schema.as_str())' > schema.graphql"
)


def test_schema_graphql_matches_the_code() -> None:
    committed = (ROOT / "schema.graphql").read_text(encoding="utf-8")
    assert committed.strip() == schema.as_str().strip(), f"schema.graphql is out of date; regenerate it: {REGENERATE}"


def test_the_schema_does_not_depend_on_the_limits() -> None:
    strict = Settings(graphql_max_depth=3, graphql_max_cost=10, graphql_introspection=False)
    assert build_schema(strict).as_str() == schema.as_str()


def test_every_object_type_has_iri_and_slug_and_implements_node() -> None:
    for name in ("Actor", "Channel", "Agreement", "StatusChange", "Event", "Source", "Citation"):
        definition = schema._schema.get_type(name)
        assert definition is not None, name
        assert {"id", "iri", "slug"} <= set(definition.fields), name
        assert "Node" in [i.name for i in definition.interfaces], name
