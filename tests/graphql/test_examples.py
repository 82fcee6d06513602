"""The README's GraphQL examples and GraphiQL's worked examples run without errors."""

from __future__ import annotations

import re

import pytest

from nrgraph.web.graphiql import examples

from ..conftest import ROOT
from .conftest import Run

README_BLOCKS = re.findall(r"```graphql\n(.*?)```", (ROOT / "README.md").read_text(encoding="utf-8"), re.DOTALL)


def test_the_readme_has_graphql_examples() -> None:
    assert len(README_BLOCKS) >= 2


@pytest.mark.parametrize("query", README_BLOCKS)
def test_readme_example_runs(run: Run, query: str) -> None:
    assert run(query)["data"]


@pytest.mark.parametrize("example", examples(), ids=lambda e: e.name)
def test_graphiql_example_runs(run: Run, example: object) -> None:
    assert run(example.query)["data"]  # type: ignore[attr-defined]
