"""The GraphQL examples of the README and docs/, and GraphiQL's worked examples, run without errors."""

from __future__ import annotations

import re

import pytest

from nrgraph.graphql.examples import examples

from ..conftest import ROOT
from .conftest import Run

PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
DOC_BLOCKS = [
    block
    for page in PAGES
    for block in re.findall(r"```graphql\n(.*?)```", page.read_text(encoding="utf-8"), re.DOTALL)
]


def test_the_docs_have_graphql_examples() -> None:
    assert len(DOC_BLOCKS) >= 2


@pytest.mark.parametrize("query", DOC_BLOCKS)
def test_docs_example_runs(run: Run, query: str) -> None:
    assert run(query)["data"]


@pytest.mark.parametrize("example", examples(), ids=lambda e: e.name)
def test_graphiql_example_runs(run: Run, example: object) -> None:
    assert run(example.query)["data"]  # type: ignore[attr-defined]
