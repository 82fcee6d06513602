"""The GraphQL examples of the README and docs/, and GraphiQL's worked examples, run without errors."""

from __future__ import annotations

import re

from ..conftest import ROOT

PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
DOC_BLOCKS = [
    block
    for page in PAGES
    for block in re.findall(r"```graphql\n(.*?)```", page.read_text(encoding="utf-8"), re.DOTALL)
]


def test_the_docs_have_graphql_examples() -> None:
    assert len(DOC_BLOCKS) >= 2


# Every block and example runs on the bundled data in tests/test_docs_run.py.


def test_every_graphiql_example_is_a_named_operation() -> None:
    from nrgraph.graphql.examples import examples

    for example in examples():
        assert example.operation, f"{example.name} is not a named operation (GraphiQL titles its tab with the name)"
