"""Network analysis: plain functions on the graphs :mod:`nrgraph.network.projection` makes.

Each function takes the ``MultiDiGraph`` of :func:`~nrgraph.network.projection.to_networkx` (the
graph at a date) or, for :func:`isolated_pairs`, of
:func:`~nrgraph.network.projection.to_dynamic_networkx` (the whole history). They look only at
**connected** links (:attr:`nrgraph.status.Family.CONNECTED`: active, restricted or dormant;
``family=Family.ACTIVE_PROPER`` counts Active alone), and treat the
graph as undirected, since a link's direction means nothing. Centrality, components and
neighbours count any connected link; ``shortest_path`` and ``isolated_pairs`` count channels only, because
a treaty in force is not a way to talk.

The examples build a small graph by hand: NATO and Russia joined by a closed office, each
joined to the United States by an active channel.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import defaultdict
from dataclasses import dataclass

import networkx as nx

from nrgraph.errors import NotFound
from nrgraph.network.projection import Spell
from nrgraph.status import Family, Status
from nrgraph.temporal.model import Period

__all__ = [
    "ActorCentrality",
    "Connection",
    "IsolatedPair",
    "active_graph",
    "betweenness_centrality",
    "centrality",
    "connected_components",
    "degree_centrality",
    "isolated_pairs",
    "neighbours",
    "path_hops",
    "shortest_path",
]


def active_graph(
    G: nx.MultiDiGraph, *, channels_only: bool = False, family: Family = Family.CONNECTED
) -> nx.Graph:
    """The undirected simple graph of the connected links of ``G`` (every node kept).

    Parameters
    ----------
    G : networkx.MultiDiGraph
        A graph at a date, from :func:`~nrgraph.network.projection.to_networkx`.
    channels_only : bool
        Keep channels only, leaving agreements out.
    family : Family
        The statuses that count as connected (:attr:`Family.CONNECTED`, the active family, by
        default; :attr:`Family.ACTIVE_PROPER` for Active alone).

    Returns
    -------
    networkx.Graph
        Two actors are adjacent when at least one active link joins them; the edge's
        ``links`` attribute lists those links' IRIs, sorted.

    Examples
    --------
    >>> G = nx.MultiDiGraph([
    ...     ("nato", "russia", "nio", {"family": "channel", "status_top": "closed"}),
    ...     ("russia", "usa", "hotline", {"family": "channel", "status_top": "active"}),
    ...     ("nato", "usa", "nac", {"family": "channel", "status_top": "active"})])
    >>> sorted(active_graph(G).edges(data="links"))
    [('nato', 'usa', ['nac']), ('russia', 'usa', ['hotline'])]
    """
    H = nx.Graph()
    H.add_nodes_from(G.nodes(data=True))
    for u, v, key, data in G.edges(keys=True, data=True):
        if not family.counts(_status(data)) or (channels_only and data.get("family") != "channel"):
            continue
        if H.has_edge(u, v):
            H[u][v]["links"] = sorted({*H[u][v]["links"], key})
        else:
            H.add_edge(u, v, links=[key])
    return H


def _status(data: dict[str, object]) -> Status | None:
    """An edge's status: ``status`` if it has one, else its ``status_top``."""
    name = data.get("status") or data.get("status_top")
    return Status.parse(str(name)) if name else None


def degree_centrality(G: nx.MultiDiGraph, *, family: Family = Family.CONNECTED) -> dict[str, float]:
    """The share of the other actors each actor has an active link with.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        A graph at a date.
    family : Family
        The statuses that count as connected (see :func:`active_graph`).

    Returns
    -------
    dict
        Actor -> degree centrality in [0, 1]. Several links between the same two actors count
        once. An empty graph gives an empty dict; a one-actor graph gives that actor 0.

    Examples
    --------
    >>> G = nx.MultiDiGraph([
    ...     ("nato", "russia", "nio", {"family": "channel", "status_top": "closed"}),
    ...     ("russia", "usa", "hotline", {"family": "channel", "status_top": "active"}),
    ...     ("nato", "usa", "nac", {"family": "channel", "status_top": "active"})])
    >>> degree_centrality(G)
    {'nato': 0.5, 'russia': 0.5, 'usa': 1.0}

    See Also
    --------
    betweenness_centrality
    """
    H = active_graph(G, family=family)
    if len(H) <= 1:
        return dict.fromkeys(H, 0.0)
    return {node: float(value) for node, value in nx.degree_centrality(H).items()}


def betweenness_centrality(G: nx.MultiDiGraph, *, family: Family = Family.CONNECTED) -> dict[str, float]:
    """How often each actor lies on the shortest active paths between two others (normalised).

    Parameters
    ----------
    G : networkx.MultiDiGraph
        A graph at a date.
    family : Family
        The statuses that count as connected (see :func:`active_graph`).

    Returns
    -------
    dict
        Actor -> betweenness centrality in [0, 1].

    Examples
    --------
    >>> G = nx.MultiDiGraph([
    ...     ("nato", "russia", "nio", {"family": "channel", "status_top": "closed"}),
    ...     ("russia", "usa", "hotline", {"family": "channel", "status_top": "active"}),
    ...     ("nato", "usa", "nac", {"family": "channel", "status_top": "active"})])
    >>> betweenness_centrality(G)
    {'nato': 0.0, 'russia': 0.0, 'usa': 1.0}

    See Also
    --------
    degree_centrality
    """
    return {node: float(value) for node, value in nx.betweenness_centrality(active_graph(G, family=family)).items()}


@dataclass(frozen=True)
class ActorCentrality:
    """An actor's two centralities in the graph at a date."""

    actor: str
    degree: float
    betweenness: float


def centrality(
    G: nx.MultiDiGraph, *, top: int | None = None, family: Family = Family.CONNECTED
) -> list[ActorCentrality]:
    """Every actor's degree and betweenness centrality, most central first: the one ranking
    the CLI (``nrgraph network centrality``), GraphQL (``centrality``) and Python share.

    Actors are ranked by degree (how many others they are connected to), then betweenness
    (how often they lie between two others), then IRI.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        A graph at a date.
    top : int, optional
        At most this many actors (all if None).
    family : Family
        The statuses that count as connected (see :func:`active_graph`).

    Examples
    --------
    >>> G = nx.MultiDiGraph([("a", "hub", "k", {"status": "Active"}), ("b", "hub", "l", {"status": "Dormant"})])
    >>> [(c.actor, c.degree, c.betweenness) for c in centrality(G, top=2)]
    [('hub', 1.0, 1.0), ('a', 0.5, 0.0)]
    >>> [(c.actor, c.degree) for c in centrality(G, family=Family.ACTIVE_PROPER)]
    [('a', 0.5), ('hub', 0.5), ('b', 0.0)]
    """
    degree = degree_centrality(G, family=family)
    betweenness = betweenness_centrality(G, family=family)
    ranked = sorted(degree, key=lambda actor: (-degree[actor], -betweenness[actor], actor))
    return [ActorCentrality(a, degree[a], betweenness[a]) for a in ranked[:top]]


def connected_components(G: nx.MultiDiGraph, *, family: Family = Family.CONNECTED) -> list[list[str]]:
    """The groups of actors joined by connected links, each sorted, largest first (ties by first member).

    ``family`` says which statuses count as connected (see :func:`active_graph`).

    Examples
    --------
    >>> G = nx.MultiDiGraph([
    ...     ("nato", "russia", "nio", {"family": "channel", "status_top": "closed"}),
    ...     ("russia", "usa", "hotline", {"family": "channel", "status_top": "active"}),
    ...     ("nato", "usa", "nac", {"family": "channel", "status_top": "active"})])
    >>> connected_components(G)
    [['nato', 'russia', 'usa']]
    >>> G2 = G.copy(); G2.remove_edge("nato", "usa", key="nac")
    >>> connected_components(G2)
    [['russia', 'usa'], ['nato']]

    Notes
    -----
    An actor whose links are all suspended or closed forms a component of its own.
    """
    components = [sorted(c) for c in nx.connected_components(active_graph(G, family=family))]
    return sorted(components, key=lambda c: (-len(c), c[0]))


def shortest_path(
    G: nx.MultiDiGraph, source: str, target: str, *, family: Family = Family.CONNECTED
) -> list[str]:
    """The shortest chain of actors from ``source`` to ``target`` through connected channels.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        A graph at a date.
    source, target : str
        Actor IRIs.
    family : Family
        The statuses that count as connected (see :func:`active_graph`).

    Returns
    -------
    list of str
        The actors from ``source`` to ``target`` inclusive (``[source]`` if they are the same);
        an empty list if no chain of active channels joins them.

    Raises
    ------
    NotFound
        If ``source`` or ``target`` is not an actor of ``G``.

    Examples
    --------
    >>> G = nx.MultiDiGraph([
    ...     ("nato", "russia", "nio", {"family": "channel", "status_top": "closed"}),
    ...     ("russia", "usa", "hotline", {"family": "channel", "status_top": "active"}),
    ...     ("nato", "usa", "nac", {"family": "channel", "status_top": "active"})])
    >>> shortest_path(G, "nato", "russia")
    ['nato', 'usa', 'russia']
    >>> shortest_path(G, "nato", "china")
    Traceback (most recent call last):
    ...
    nrgraph.errors.NotFound: actor 'china' not found; it has no link in this graph (3 actors)
    """
    for actor in (source, target):
        if actor not in G:
            raise NotFound("actor", actor, f"it has no link in this graph ({len(G)} actors)")
    try:
        path: list[str] = nx.shortest_path(active_graph(G, channels_only=True, family=family), source, target)
    except nx.NetworkXNoPath:
        return []
    return path


@dataclass(frozen=True)
class Connection:
    """What joins two actors at a date: the connected links between them and each one's status."""

    source: str
    target: str
    links: tuple[tuple[str, str], ...]
    """(link IRI, status name) pairs, by IRI."""


def _connection(
    G: nx.MultiDiGraph, source: str, target: str, *, channels_only: bool, family: Family
) -> Connection:
    found = {}
    for u, v in ((source, target), (target, source)):
        for key, data in (G.get_edge_data(u, v) or {}).items():
            if family.counts(_status(data)) and (not channels_only or data.get("family") == "channel"):
                found[str(key)] = str(data.get("status") or data.get("status_top") or "")
    return Connection(source, target, tuple(sorted(found.items())))


def path_hops(G: nx.MultiDiGraph, actors: list[str], *, family: Family = Family.CONNECTED) -> list[Connection]:
    """The hops of a path from :func:`shortest_path`: each step's connected channels and their statuses.

    Examples
    --------
    >>> G = nx.MultiDiGraph([
    ...     ("nato", "russia", "nio", {"family": "channel", "status": "Terminated"}),
    ...     ("russia", "usa", "hotline", {"family": "channel", "status": "Dormant"}),
    ...     ("nato", "usa", "nac", {"family": "channel", "status": "Active"})])
    >>> [(h.source, h.target, h.links) for h in path_hops(G, shortest_path(G, "nato", "russia"))]
    [('nato', 'usa', (('nac', 'Active'),)), ('usa', 'russia', (('hotline', 'Dormant'),))]
    >>> shortest_path(G, "nato", "russia", family=Family.ACTIVE_PROPER)
    []
    """
    return [
        _connection(G, a, b, channels_only=True, family=family) for a, b in itertools.pairwise(actors)
    ]


def neighbours(
    G: nx.MultiDiGraph, actor: str, *, channels_only: bool = False, family: Family = Family.CONNECTED
) -> list[Connection]:
    """The actors joined to ``actor`` by connected links (channels only if asked), by IRI.

    Raises :class:`~nrgraph.errors.NotFound` if ``actor`` is not in ``G``.

    Examples
    --------
    >>> G = nx.MultiDiGraph([
    ...     ("nato", "russia", "nio", {"family": "channel", "status": "Terminated"}),
    ...     ("nato", "usa", "nac", {"family": "channel", "status": "Restricted"})])
    >>> [(n.target, n.links) for n in neighbours(G, "nato")]
    [('usa', (('nac', 'Restricted'),))]
    """
    if actor not in G:
        raise NotFound("actor", actor, f"it has no link in this graph ({len(G)} actors)")
    H = active_graph(G, channels_only=channels_only, family=family)
    return [
        _connection(G, actor, other, channels_only=channels_only, family=family)
        for other in sorted(H.neighbors(actor))
    ]


@dataclass(frozen=True)
class IsolatedPair:
    """Two actors that lost their last active channel on ``lost_on``, and the channels lost."""

    actors: tuple[str, str]
    lost_on: dt.date
    channels: tuple[str, ...]


def isolated_pairs(D: nx.MultiDiGraph, period: Period | str) -> list[IsolatedPair]:
    """The actor pairs that had an active channel when ``period`` began and none when it ended.

    Parameters
    ----------
    D : networkx.MultiDiGraph
        A dynamic graph from :func:`~nrgraph.network.projection.to_dynamic_networkx`, whose edges
        carry ``spells``.
    period : Period or str
        The period (``"2021-10/2021-11"``).

    Returns
    -------
    list of IsolatedPair
        Sorted by the day the pair lost its last active channel, then by actors. ``lost_on``
        is the first day with no active channel; ``channels`` are those whose active spell
        ended within the period.

    Examples
    --------
    >>> import datetime as dt
    >>> from nrgraph.network.projection import Spell
    >>> from nrgraph.status import Status
    >>> D = nx.MultiDiGraph()
    >>> D.add_edge("nato", "russia", key="nio", family="channel", spells=(
    ...     Spell(dt.date(2001, 2, 28), dt.date(2021, 10, 31), Status.ACTIVE),
    ...     Spell(dt.date(2021, 11, 1), None, Status.TERMINATED)))
    'nio'
    >>> isolated_pairs(D, "2021-10/2021-11")
    [IsolatedPair(actors=('nato', 'russia'), lost_on=datetime.date(2021, 11, 1), channels=('nio',))]
    >>> isolated_pairs(D, "2021-12")
    []
    """
    window = period if isinstance(period, Period) else Period.parse(period)
    active: dict[tuple[str, str], list[tuple[str, Spell]]] = defaultdict(list)
    for u, v, key, data in D.edges(keys=True, data=True):
        if data.get("family") != "channel":
            continue
        pair = (u, v) if u <= v else (v, u)
        active[pair].extend((key, s) for s in data.get("spells", ()) if s.status.is_active)
    found: list[IsolatedPair] = []
    for pair, spells in active.items():
        at_start = [s for _, s in spells if s.covers(window.start)]
        at_end = [s for _, s in spells if s.covers(window.end)]
        if not at_start or at_end:
            continue
        ended = [(key, s) for key, s in spells if s.end is not None and window.start <= s.end < window.end]
        last = max(s.end for _, s in ended if s.end is not None)
        found.append(IsolatedPair(pair, last + dt.timedelta(days=1), tuple(sorted({k for k, _ in ended}))))
    return sorted(found, key=lambda p: (p.lost_on, p.actors))
