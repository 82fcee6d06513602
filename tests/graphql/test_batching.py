"""No N+1: a nested list query sends the same number of store queries for 2 or 20 items."""

from __future__ import annotations

from collections.abc import Callable

from nrgraph import KnowledgeGraph
from nrgraph.graphql import execute

NESTED = """{ channels(first: 50) { nodes { label endpoints { label memberOf { label } channels { label } }
              sources { title } changes { status citations { locator } } } } }"""


def test_store_queries_do_not_grow_with_the_number_of_items(channel_graphs: Callable[[int], KnowledgeGraph]) -> None:
    counts = {}
    for size in (2, 20):
        kg = channel_graphs(size)
        before = kg.store.query_count
        response = execute(kg, NESTED)
        assert "errors" not in response, response
        assert len(response["data"]["channels"]["nodes"]) == size
        counts[size] = kg.store.query_count - before
    assert counts[2] == counts[20]
    # page, channels, endpoints, memberOf, endpoint referrers, citations (channels), sources,
    # changes (referrers), change resources, change citations, channels of endpoints
    assert counts[20] <= 11


def test_nested_lists_are_complete(channel_graphs: Callable[[int], KnowledgeGraph]) -> None:
    response = execute(channel_graphs(20), NESTED)
    nodes = response["data"]["channels"]["nodes"]
    assert [n["label"] for n in nodes[:2]] == ["Channel 000", "Channel 001"]
    nato = nodes[0]["endpoints"][0]
    assert nato["label"] == "NATO"
    assert len(nato["channels"]) == 20
    assert nodes[5]["endpoints"][1] == {"label": "State 5", "memberOf": [{"label": "NATO"}],
                                        "channels": [{"label": "Channel 005"}]}
    assert nodes[5]["changes"] == [{"status": "ACTIVE", "citations": [{"locator": "x5"}]}]
