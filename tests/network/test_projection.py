"""The projection: actors as nodes, links as edges keyed by IRI, statuses by the status rule."""

from __future__ import annotations

import datetime as dt
import itertools
from pathlib import Path

import networkx as nx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from nrgraph import KnowledgeGraph
from nrgraph.errors import InvalidDate, InvalidInput, InvalidPeriod
from nrgraph.namespaces import DATA
from nrgraph.network.projection import _Period, _spells, to_dynamic_networkx, to_networkx
from nrgraph.status import Status
from nrgraph.temporal.model import Period

NATO, RUSSIA, USA, GERMANY = (str(DATA[n]) for n in ("nato", "russia", "usa", "germany"))
NIO, MLM, NRC, CFE, HOTLINE = (str(DATA[n]) for n in ("nio", "mlm", "nrc", "cfe", "hotline"))


def status(G: nx.MultiDiGraph, u: str, v: str, link: str) -> str:
    return str(G.edges[u, v, link]["status"])


@pytest.mark.parametrize(
    ("as_of", "link", "expected"),
    [
        ("2021-10-31", NIO, "Active"),
        ("2021-11-01", NIO, "Terminated"),
        ("2021-11", NIO, "Terminated"),  # a month means its first day: terminated on 1 November
        ("2021-10", NIO, "Active"),
        ("2014", NRC, "Active"),  # 1 January 2014: the suspension of April is not yet in force
        ("2014-03-31", NRC, "Active"),
        ("2014-04-01", NRC, "Suspended"),
        ("2001-02-28", NIO, "Active"),  # the day its month-precise start has definitely come
    ],
)
def test_status_at_a_date_follows_the_status_rule(
    network_kg: KnowledgeGraph, as_of: str, link: str, expected: str
) -> None:
    G = to_networkx(network_kg, as_of=as_of)
    assert status(G, NATO, RUSSIA, link) == expected


@pytest.mark.parametrize(
    ("as_of", "day", "certainty"),
    [
        ("2021-11-01", "2021-11-01", "definite"),
        ("2021-11", "2021-11-01", "definite"),
        ("2021", "2021-01-01", "possible"),  # the information office closed later in 2021
    ],
)
def test_the_graph_says_the_day_it_stands_for_and_how_sure(
    network_kg: KnowledgeGraph, as_of: str, day: str, certainty: str
) -> None:
    G = to_networkx(network_kg, as_of=as_of)
    assert (G.graph["as_of"], G.graph["as_of_day"], G.graph["certainty"]) == (as_of, day, certainty)


def test_a_link_not_yet_definitely_started_is_absent(network_kg: KnowledgeGraph) -> None:
    G = to_networkx(network_kg, as_of="2001-02-27")
    assert not G.has_edge(NATO, RUSSIA, NIO)
    assert G.has_edge(RUSSIA, USA, HOTLINE)


def test_edges_carry_kind_family_dates_and_sources(network_kg: KnowledgeGraph) -> None:
    G = to_networkx(network_kg, as_of="2021-11-30")
    data = G.edges[NATO, RUSSIA, NIO]
    assert data["kind"] == "DiplomaticMission"
    assert data["family"] == "channel"
    assert data["status_top"] == "closed"
    assert data["since"] == "2021-11-01"
    assert data["until"] == ""
    assert data["label"] == "NATO Information Office in Moscow"
    assert data["change"] == str(DATA["sc-nio-closed"])
    assert data["sources"].split() == [str(DATA["src-net"]), str(DATA["src-net-2"])]
    assert G.nodes[RUSSIA] == {"label": "Russia", "kind": "State"}
    assert G.nodes[NATO]["kind"] == "InternationalOrganization"


def test_a_link_with_three_actors_is_a_clique(network_kg: KnowledgeGraph) -> None:
    G = to_networkx(network_kg, as_of="2010")
    pairs = {(u, v) for u, v, k in G.edges(keys=True) if k == NRC}
    assert pairs == {(NATO, RUSSIA), (NATO, USA), (RUSSIA, USA)}


def test_a_party_specific_status_overrides_on_the_edges_touching_that_party(network_kg: KnowledgeGraph) -> None:
    G = to_networkx(network_kg, as_of="2010")
    assert status(G, RUSSIA, USA, CFE) == "Suspended"
    assert G.edges[RUSSIA, USA, CFE]["party"] == RUSSIA
    assert status(G, GERMANY, RUSSIA, CFE) == "Suspended"
    assert status(G, GERMANY, USA, CFE) == "Active"
    assert G.edges[GERMANY, USA, CFE]["party"] == ""
    assert status(to_networkx(network_kg, as_of="2024"), RUSSIA, USA, CFE) == "Withdrawn"


def test_kinds_filter_by_class_case_insensitively(network_kg: KnowledgeGraph) -> None:
    G = to_networkx(network_kg, as_of="2021-11", kinds=["Agreement"])
    assert {d["family"] for *_, d in G.edges(data=True)} == {"agreement"}
    hotlines = to_networkx(network_kg, as_of="2021-11", kinds=["hotline"])
    assert list(hotlines.edges(keys=True)) == [(RUSSIA, USA, HOTLINE)]
    assert set(hotlines.nodes) == {RUSSIA, USA}


def test_an_unknown_kind_names_the_valid_ones(network_kg: KnowledgeGraph) -> None:
    with pytest.raises(InvalidInput, match=r"kind 'hotlines' is not a kind of link; valid: .*Hotline"):
        to_networkx(network_kg, kinds=["hotlines"])


def test_a_period_graph_has_the_status_at_both_ends(network_kg: KnowledgeGraph) -> None:
    G = to_networkx(network_kg, period="2021-10/2021-11", kinds=["channel"])
    assert G.edges[NATO, RUSSIA, NIO]["status_before"] == "Active"
    assert G.edges[NATO, RUSSIA, NIO]["status"] == "Terminated"
    assert G.graph["window"] == "2021-10-01/2021-11-30"


def test_a_period_before_any_link_gives_an_empty_graph(network_kg: KnowledgeGraph) -> None:
    G = to_networkx(network_kg, period="1900/1950")
    assert isinstance(G, nx.MultiDiGraph)
    assert G.number_of_nodes() == G.number_of_edges() == 0


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"as_of": "2021-13"}, InvalidDate),
        ({"as_of": "October"}, InvalidDate),
        ({"period": "2021-11/2021-10"}, InvalidPeriod),
        ({"period": ""}, InvalidPeriod),
        ({"period": "2021/2022/2023"}, InvalidPeriod),
        ({"as_of": "2021", "period": "2021"}, InvalidInput),
    ],
)
def test_bad_dates_and_periods_raise_typed_errors(
    network_kg: KnowledgeGraph, kwargs: dict[str, str], error: type[Exception]
) -> None:
    with pytest.raises(error, match=r"2021|period|date"):
        to_networkx(network_kg, **kwargs)


def test_the_dynamic_graph_has_every_status_period_as_a_spell(network_kg: KnowledgeGraph) -> None:
    D = to_dynamic_networkx(network_kg)
    spells = D.edges[NATO, RUSSIA, NIO]["spells"]
    assert [(s.start, s.end, s.status) for s in spells] == [
        (dt.date(2001, 2, 28), dt.date(2021, 10, 31), Status.ACTIVE),
        (dt.date(2021, 11, 1), None, Status.TERMINATED),
    ]
    assert D.graph["mode"] == "dynamic"


def test_the_dynamic_graph_of_a_period_keeps_whole_histories_of_the_links_in_force(network_kg: KnowledgeGraph) -> None:
    D = to_dynamic_networkx(network_kg, period="2005")
    assert D.has_edge(NATO, RUSSIA, NIO)
    assert len(D.edges[NATO, RUSSIA, NIO]["spells"]) == 2
    assert to_dynamic_networkx(network_kg, period="1900").number_of_edges() == 0


def test_the_static_graph_agrees_with_the_dynamic_spells_on_every_day(network_kg: KnowledgeGraph) -> None:
    D = to_dynamic_networkx(network_kg)
    for day in ("1963-08-30", "2002-05-28", "2007-12-12", "2014-04-01", "2021-11-01", "2023-11-07"):
        G = to_networkx(network_kg, as_of=day)
        date = dt.date.fromisoformat(day)
        expected = {
            (u, v, k): next(s.status.value for s in d["spells"] if s.covers(date))
            for u, v, k, d in D.edges(keys=True, data=True)
            if any(s.covers(date) for s in d["spells"])
        }
        assert {(u, v, k): d["status"] for u, v, k, d in G.edges(keys=True, data=True)} == expected


_DAYS = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2030, 12, 31))


@st.composite
def histories(draw: st.DrawFn) -> list[_Period]:
    """A link-wide history and a party's, each of contiguous periods, as the temporal engine derives."""
    periods: list[_Period] = []
    for party in ("", RUSSIA):
        starts = sorted(set(draw(st.lists(_DAYS, min_size=0 if party else 1, max_size=4))))
        statuses = draw(st.lists(st.sampled_from(list(Status)), min_size=len(starts), max_size=len(starts)))
        for i, (start, state) in enumerate(zip(starts, statuses, strict=True)):
            end = starts[i + 1] if i + 1 < len(starts) else None
            periods.append(_Period(f"p{party}{i}", start, end, state, party, f"c{party}{i}", ()))
    return periods


@given(histories(), _DAYS)
def test_spells_never_overlap_and_follow_the_party_override(periods: list[_Period], day: dt.date) -> None:
    spells = _spells(periods, {NATO, RUSSIA})
    for first, second in itertools.pairwise(spells):
        assert first.end is not None
        assert first.end < second.start
    covering = [s for s in spells if s.covers(day)]
    party = [p for p in periods if p.party and p.start <= day and (p.end is None or day < p.end)]
    whole = [p for p in periods if not p.party and p.start <= day and (p.end is None or day < p.end)]
    expected = party[0] if party else (whole[0] if whole else None)
    assert [s.status for s in covering] == ([expected.status] if expected else [])
    # an edge that does not touch the party sees only the link-wide history
    other = [s for s in _spells(periods, {NATO, USA}) if s.covers(day)]
    assert [s.status for s in other] == ([whole[0].status] if whole else [])


def test_window_of_everything_prints_as_all() -> None:
    assert str(Period.everything()) == "all"
    assert Period.window() == Period.everything()


def test_the_period_docstring_examples_run() -> None:
    import doctest

    import nrgraph.temporal.model

    result = doctest.testmod(nrgraph.temporal.model)
    assert result.attempted >= 3
    assert result.failed == 0


def test_a_link_typed_with_a_generic_class_too_reports_its_most_specific_kind(tmp_path: Path) -> None:
    from nrgraph import open_graph

    from ..conftest import FIXTURES, ONTOLOGY

    extra = tmp_path / "extra.ttl"
    extra.write_text(
        "@prefix nrg: <https://w3id.org/nrgraph/ontology#> .\n"
        "@prefix id: <https://w3id.org/nrgraph/id/> .\n"
        "id:hotline a nrg:Channel .\n",
        encoding="utf-8",
    )
    G = to_networkx(open_graph([ONTOLOGY, FIXTURES / "network.ttl", extra]), as_of="2021-11")
    assert G.edges[RUSSIA, USA, HOTLINE]["kind"] == "Hotline"
    assert G.edges[RUSSIA, USA, HOTLINE]["status"] == "Active"
