"""Batch reads and pages through the KnowledgeGraph."""

from __future__ import annotations

import pytest

from nrgraph import KnowledgeGraph
from nrgraph.catalogue.listing import AnyOf, Condition, Not, Order
from nrgraph.errors import InvalidInput
from nrgraph.namespaces import DATA, NRG
from nrgraph.store.values import with_values


def test_resources_in_one_query_in_order_with_misses(fixture_kg: KnowledgeGraph) -> None:
    before = fixture_kg.store.query_count
    office, missing, nato = fixture_kg.resources([str(DATA.office), str(DATA.nowhere), str(DATA.nato)])
    assert fixture_kg.store.query_count == before + 1
    assert missing is None
    assert office is not None
    assert nato is not None
    assert office.label == "Test Office"
    assert office.iris(str(NRG.endpoint)) == (str(DATA.nato), str(DATA.russia))
    assert nato.slug == "nato"


def test_a_values_block_only_takes_iris() -> None:
    with pytest.raises(InvalidInput, match="not a valid IRI"):
        with_values("resources_by_iri", "s", ["https://example.org/a> } ?s ?p ?o {"])


def test_pages_filter_sort_and_continue(fixture_kg: KnowledgeGraph) -> None:
    where = AnyOf((Condition("kind", "_eq", str(NRG.Person)), Not(Condition("memberOf", "_eq", str(DATA.nato)))))
    first = fixture_kg.page(str(NRG.Actor), where, order=Order.SLUG, first=2)
    rest = fixture_kg.page(str(NRG.Actor), where, order=Order.SLUG, first=2, after=first.end_cursor)
    assert [i.rsplit("/", 1)[-1] for i in first.iris + rest.iris] == ["nato", "russia", "shape-hq", "someone"]
    assert first.has_next
    assert not rest.has_next


def test_search(fixture_kg: KnowledgeGraph) -> None:
    assert [hit.matched for hit in fixture_kg.search("office")] == ["Test Office"]


def test_search_puts_the_exact_alias_first_and_says_what_matched(kg: KnowledgeGraph) -> None:
    hits = kg.search("NRC")
    assert (hits[0].iri, hits[0].matched, hits[0].match) == (str(DATA["nato-russia-council"]), "NRC", "exact")
    order = ("exact", "prefix", "substring")
    assert [hit.match for hit in hits] == sorted((hit.match for hit in hits), key=order.index)


@pytest.mark.parametrize(
    ("text", "first", "match"),
    [
        ("open skies treaty", "open-skies-treaty", "exact"),
        ("nato-russia council", "nato-russia-council", "exact"),
        ("Open Skies", "open-skies-treaty", "prefix"),
    ],
)
def test_search_ranks_exact_then_prefix_then_substring(kg: KnowledgeGraph, text: str, first: str, match: str) -> None:
    hit = kg.search(text)[0]
    assert (hit.iri, hit.match) == (str(DATA[first]), match)
    assert text.lower() in hit.matched.lower()


def test_stats_count_each_class_with_its_subclasses(kg: KnowledgeGraph) -> None:
    figures = kg.stats()
    channels = ("BackChannel", "CooperationProgramme", "DeconflictionLine", "DiplomaticMission", "Forum", "Hotline",
                "MilitaryDialogue", "MilitaryLiaisonMission")
    assert figures.classes["Channel"] == sum(figures.classes[name] for name in channels) + figures.direct["Channel"]
    assert figures.classes["Link"] == figures.classes["Channel"] + figures.classes["Agreement"]
    assert figures.classes["Event"] > figures.direct["Event"]
    assert figures.parents["Hotline"] == "Channel"
    assert (1, "Channel") in figures.tree()
