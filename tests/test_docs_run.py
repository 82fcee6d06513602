"""The docs run: every fenced code block of the README and docs/, and every GraphiQL example,
is executed against the bundled data (the SPARQL gallery is, in ``tests/sparql/test_examples.py``).

Blocks are found by their language:

- ``python``: the blocks of one page run in order in one namespace (a page may use the ``kg``
  an earlier block made); ``open_graph()`` gives the session's bundled graph, so that each
  page does not load the data again;
- ``graphql``: each query of a block executed in-process; no errors, and some data (a block
  may hold several operations; mutations are left to the editing tests, which hold tokens);
- ``sh``: each ``nrgraph`` command (``.venv/bin/nrgraph`` too) runs through the CLI and must exit
  0; commands that start a server or need one (``serve``, ``curl``), build (``make``, ``pip``)
  or write to a store other than the embedded one (``load``, ``record``, ``add``, ``cite``) are
  left to the tests of those features, and so are lines with a placeholder (``URL``, ``PATH``); a
  synopsis runs without its ``[optional]`` parts.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import nrgraph
from graphql import (
    DocumentNode,
    FragmentDefinitionNode,
    OperationDefinitionNode,
    OperationType,
    parse,
    print_ast,
)
from nrgraph import KnowledgeGraph
from nrgraph.cli.main import cli
from nrgraph.graphql import schema
from nrgraph.graphql.context import Context
from nrgraph.graphql.examples import examples

from .conftest import ROOT

PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
_FENCE = re.compile(r"^```(\w*)\n(.*?)^```", re.DOTALL | re.MULTILINE)
_NOT_RUN = ("serve", "load", "record", "add", "cite", "synth")
_PLACEHOLDERS = ("URL", "PATH", "FILE", "FOLDER", "TOKEN", "SLUG", "...")


def blocks(language: str) -> list[tuple[Path, str]]:
    return [
        (page, body)
        for page in PAGES
        for lang, body in _FENCE.findall(page.read_text(encoding="utf-8"))
        if lang == language
    ]


def nrgraph_commands() -> list[tuple[Path, list[str]]]:
    found = []
    for page, body in blocks("sh"):
        for line in body.replace("\\\n", " ").splitlines():
            text = re.sub(r"\s\[[^\]]*\]", "", line.split(" #", 1)[0]).strip()  # a synopsis' [optional] parts
            if not re.match(r"^(\.venv/bin/)?nrgraph\s", text) or any(p in text for p in _PLACEHOLDERS):
                continue
            args = shlex.split(text)[1:]
            if args and args[0] not in _NOT_RUN and "-o" not in args and "--out" not in args:
                found.append((page, args))
    return found


@pytest.fixture(scope="module")
def bundled(kg: KnowledgeGraph, store_kind: str) -> KnowledgeGraph:
    if store_kind != "memory":
        pytest.skip("the docs run once, on the embedded store")
    return kg


def test_every_language_the_docs_use_is_run() -> None:
    languages = {lang for page in PAGES for lang, _ in _FENCE.findall(page.read_text(encoding="utf-8"))}
    # "apache": a deployment's redirect rule for another server (docs/web.md), shown, not run here
    assert languages <= {"", "python", "graphql", "sh", "sparql", "turtle", "text", "apache"}
    assert blocks("python")
    assert blocks("graphql")
    assert nrgraph_commands()


@pytest.mark.parametrize("page", sorted({p for p, _ in blocks("python")}), ids=lambda p: p.name)
def test_python_blocks_run(bundled: KnowledgeGraph, page: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(nrgraph, "open_graph", lambda *args, **kwargs: bundled)
    namespace: dict[str, Any] = {"kg": bundled}
    for where, body in blocks("python"):
        if where == page:
            exec(compile(body, f"{page.name} (python block)", "exec"), namespace)  # the docs' own code


def graphql_queries() -> list[tuple[str, str]]:
    """(id, query) for every query operation of the docs' graphql blocks and the GraphiQL examples."""
    found = []
    documents = [(f"{p.name}-{n}", body) for n, (p, body) in enumerate(blocks("graphql"))]
    for name, text in [*documents, *((e.name, e.query) for e in examples())]:
        definitions = parse(text).definitions
        fragments = [d for d in definitions if isinstance(d, FragmentDefinitionNode)]
        for index, operation in enumerate(d for d in definitions if isinstance(d, OperationDefinitionNode)):
            if operation.operation is OperationType.QUERY:
                found.append((f"{name}-{index}", print_ast(DocumentNode(definitions=(operation, *fragments)))))
    return found


@pytest.mark.parametrize("query", [q for _, q in graphql_queries()], ids=[n for n, _ in graphql_queries()])
def test_graphql_blocks_and_graphiql_examples_run_on_the_bundled_data(bundled: KnowledgeGraph, query: str) -> None:
    result = schema.execute_sync(query, context_value=Context(bundled, editor="docs"))  # as an editor: proposals too
    assert not result.errors, result.errors
    assert result.data is not None
    assert any(value not in (None, [], {}) for value in result.data.values())


@pytest.mark.parametrize(
    "args", [args for _, args in nrgraph_commands()], ids=[" ".join(a) for _, a in nrgraph_commands()]
)
def test_nrgraph_commands_in_the_docs_run(bundled: KnowledgeGraph, args: list[str]) -> None:
    result = CliRunner().invoke(cli, args, catch_exceptions=False)
    assert result.exit_code == 0, result.output
