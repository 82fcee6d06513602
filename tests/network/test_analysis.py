"""Analysis functions on the projected graph, on the network fixture."""

from __future__ import annotations

import datetime as dt
import doctest

import pytest

import nrgraph.network.analysis
from nrgraph import KnowledgeGraph
from nrgraph.errors import NotFound
from nrgraph.namespaces import DATA
from nrgraph.network.analysis import (
    IsolatedPair,
    betweenness_centrality,
    connected_components,
    degree_centrality,
    isolated_pairs,
    shortest_path,
)
from nrgraph.network.projection import to_dynamic_networkx, to_networkx

NATO, RUSSIA, USA, GERMANY, FINLAND = (str(DATA[n]) for n in ("nato", "russia", "usa", "germany", "finland"))


def test_the_docstring_examples_run() -> None:
    result = doctest.testmod(nrgraph.network.analysis)
    assert result.attempted > 5
    assert result.failed == 0


def test_degree_centrality_counts_active_links_once_per_neighbour(network_kg: KnowledgeGraph) -> None:
    before = degree_centrality(to_networkx(network_kg, as_of="2010-12-31"))
    # The end of 2010: five actors; Russia is active with NATO (office, mission, council) and
    # the USA (hotline, council) but not with Germany (CFE suspended by Russia); the USA with
    # NATO, Russia and Germany (CFE); the Berlin line has just started.
    assert before[RUSSIA] == pytest.approx(2 / 4)
    assert before[USA] == pytest.approx(3 / 4)
    assert before[FINLAND] == pytest.approx(1 / 4)
    after = degree_centrality(to_networkx(network_kg, as_of="2021-11"))
    assert after[NATO] == pytest.approx(0.25)  # only the Rome Declaration with Russia remains active
    assert after[FINLAND] == pytest.approx(0.25)


def test_betweenness_shows_who_bridges(network_kg: KnowledgeGraph) -> None:
    values = betweenness_centrality(to_networkx(network_kg, as_of="2021-11"))
    assert max(values, key=values.__getitem__) in {RUSSIA, USA, GERMANY}
    assert values[FINLAND] == 0.0


def test_components_split_when_links_are_suspended(network_kg: KnowledgeGraph) -> None:
    components = connected_components(to_networkx(network_kg, as_of="2021-11", kinds=["channel"]))
    assert components == [[FINLAND, GERMANY], [RUSSIA, USA], [NATO]]


def test_shortest_path_goes_through_active_channels_only(network_kg: KnowledgeGraph) -> None:
    assert shortest_path(to_networkx(network_kg, as_of="2021-10-31"), NATO, RUSSIA) == [NATO, RUSSIA]
    after = to_networkx(network_kg, as_of="2021-11")
    assert shortest_path(after, NATO, RUSSIA) == []  # the Rome Declaration is an agreement, not a channel
    assert shortest_path(after, USA, USA) == [USA]


def test_shortest_path_names_an_unknown_actor(network_kg: KnowledgeGraph) -> None:
    with pytest.raises(NotFound, match=r"actor 'https://example\.org/china' not found"):
        shortest_path(to_networkx(network_kg, as_of="2021-11"), NATO, "https://example.org/china")


def test_isolated_pairs_finds_nato_and_russia_in_the_october_2021_rupture(network_kg: KnowledgeGraph) -> None:
    D = to_dynamic_networkx(network_kg)
    found = isolated_pairs(D, "2021-10/2021-11")
    assert found == [
        IsolatedPair(
            (NATO, RUSSIA),
            dt.date(2021, 11, 1),
            (str(DATA["mlm"]), str(DATA["nio"]), str(DATA["russian-mission"])),
        )
    ]
    # In 2014 the council's suspension cut NATO from the USA (the council was their only
    # channel here) but not from Russia, whose missions went on.
    assert [p.actors for p in isolated_pairs(D, "2014")] == [(NATO, USA)]
    assert isolated_pairs(D, "2015/2020") == []


def test_the_narrower_active_statuses_connect_unless_active_proper_is_asked(kg: KnowledgeGraph) -> None:
    from nrgraph.network.analysis import path_hops
    from nrgraph.status import Family

    G = to_networkx(kg, as_of="2021-10")
    nrc = str(DATA["nato-russia-council"])
    path = shortest_path(G, str(DATA.nato), str(DATA.russia))
    assert path == [str(DATA.nato), str(DATA.russia)]
    assert (nrc, "Dormant") in path_hops(G, path)[0].links
    proper = shortest_path(G, str(DATA.nato), str(DATA.russia), family=Family.ACTIVE_PROPER)
    hops = path_hops(G, proper, family=Family.ACTIVE_PROPER)
    assert all(status == "Active" for hop in hops for _, status in hop.links)
    assert nrc not in {link for hop in hops for link, _ in hop.links}
    assert len(connected_components(G, family=Family.ACTIVE_PROPER)) >= len(connected_components(G))
