"""The knowledge graph as a networkx graph: actors are nodes, channels and agreements edges.

:func:`to_networkx` gives the relationship graph of a :class:`~nrgraph.temporal.Period` (a day,
a period, or everything) as a ``MultiDiGraph``; :func:`to_dynamic_networkx` gives the whole
history, each edge carrying its :class:`Spell` list (the status periods). One SPARQL query
(``queries/projection_edges.rq``, once per requested kind) fetches every status period in the
window with its link, actors and sources; one more (``projection_actors.rq``) the actors.

**Nodes** are actor IRIs, with ``label`` and ``kind`` (``State``, ``Body``, …).

**Edges** are keyed by the link's IRI. A link joins its channel endpoints or agreement parties;
a link with more than two is drawn as a **clique**: one edge for every pair of its actors, so
that a forum of NATO, Russia and the United States ties each pair directly (a star would invent
a hub the data does not name). Direction carries no meaning: each edge runs from the actor
whose IRI sorts first. Edge attributes are strings so that every export format keeps them:
``link``, ``label``, ``kind`` (``Hotline``, ``Treaty``, …), ``family`` (``channel`` or
``agreement``), ``status`` (``Active``, ``Terminated``, …), ``status_top`` (``active``,
``suspended``, ``closed`` or ``proposed``), ``since`` and ``until`` (the first and last day of
the status in force, ``until`` empty while open), ``party`` (the actor a party-specific status
concerns, else empty), ``change`` (the status change that opened it) and ``sources`` (the IRIs
of the sources of the link and of that change, space-separated). A period window adds
``status_before``: the status at the window's first day (empty if the link had none yet).

**The status rule.** A status period is in force from the day it has *definitely* begun (its
``startLatest``) up to the day before its successor has definitely begun (its ``endLatest``):
at any day, at most one link-wide period is in force. A party-specific period (an agreement
suspended by one party) overrides the link-wide status on the edges that touch that party;
if several do, the most severe wins (closed, then suspended, proposed, active). An edge is in
a window's graph when a status of its link was in force on some day of the window, and its
``status`` is the one in force at the window's last day (or the last one before it). Closed
links therefore stay in the graph as closed edges; analysis functions look at active ones.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from itertools import combinations

import networkx as nx
import pyoxigraph as ox

from nrgraph.errors import InvalidInput
from nrgraph.fuzzydate import FuzzyDate
from nrgraph.knowledge_graph import KnowledgeGraph
from nrgraph.namespaces import NRG, XSD, kind_key
from nrgraph.status import Status
from nrgraph.store import Row
from nrgraph.temporal.model import Period

__all__ = [
    "EdgeHistory",
    "LinkEvent",
    "LinkHistory",
    "Spell",
    "edge_histories",
    "kind_classes",
    "link_events",
    "link_histories",
    "link_kinds",
    "to_dynamic_networkx",
    "to_networkx",
    "window_graph",
]

_SEVERITY = {Status.CLOSED: 3, Status.SUSPENDED: 2, Status.PROPOSED: 1, Status.ACTIVE: 0}
_XSD_DATE = ox.NamedNode(str(XSD.date))
_ONE_DAY = dt.timedelta(days=1)
_GENERIC_KINDS = frozenset({"Link", "Channel", "Agreement"})
"""Classes a link may also be typed with; the projection reports the most specific one."""


@dataclass(frozen=True)
class Spell:
    """A stretch of days during which an edge had one status: ``start`` to ``end`` inclusive.

    ``end`` is ``None`` while the status is still in force. ``party`` names the actor a
    party-specific status concerns (empty for the whole link); ``change`` is the status change
    that opened the period, ``sources`` the IRIs of its sources. ``since`` and ``until`` are
    the dates as recorded (``2020``, ``2021-10``, ``2021-10-18``) of the changes that brought
    the status and ended it (empty if unknown or open): what people read, where ``start`` and
    ``end`` are the days the status rule derives from them.
    """

    start: dt.date
    end: dt.date | None
    status: Status
    party: str = ""
    change: str = ""
    sources: tuple[str, ...] = ()
    since: str = ""
    until: str = ""

    def covers(self, day: dt.date) -> bool:
        """Whether the status is in force on ``day``."""
        return self.start <= day and (self.end is None or day <= self.end)

    def overlaps(self, window: Period) -> bool:
        """Whether the status is in force on some day of ``window``."""
        return self.start <= window.end and (self.end is None or self.end >= window.start)


@dataclass(frozen=True)
class _Period:
    iri: str
    start: dt.date  # first day in force
    end: dt.date | None  # first day no longer in force
    status: Status
    party: str
    change: str
    sources: tuple[str, ...]
    since: str = ""  # the recorded effective date of the opening change
    until: str = ""  # the recorded effective date of the closing change


@dataclass(frozen=True)
class EdgeHistory:
    """One edge of the projection: a link between two of its actors, with its spells."""

    source: str
    target: str
    link: str
    label: str
    kind: str
    family: str
    sources: tuple[str, ...]
    spells: tuple[Spell, ...]

    def spell_at(self, day: dt.date) -> Spell | None:
        """The spell in force on ``day``, if any."""
        return next((s for s in self.spells if s.covers(day)), None)

    def attributes(self) -> dict[str, str]:
        """The edge's static attributes (those every spell shares)."""
        return {
            "link": self.link,
            "label": self.label,
            "kind": self.kind,
            "family": self.family,
        }


@dataclass(frozen=True)
class LinkEvent:
    """An event that caused a status change of ``link`` (or is about it), with its first day."""

    link: str
    event: str
    label: str
    date: dt.date


def link_events(kg: KnowledgeGraph) -> list[LinkEvent]:
    """The events behind every link's status changes, by date (``queries/link_events.rq``)."""
    return [
        LinkEvent(
            link=row["link"].value,
            event=row["event"].value,
            label=row["label"].value if "label" in row else _local(row["event"].value),
            date=dt.date.fromisoformat(row["dateEarliest"].value),
        )
        for row in kg.select("link_events")
    ]


def link_kinds(kg: KnowledgeGraph) -> dict[str, str]:
    """The kinds of link, local name -> class IRI (``Hotline`` -> ``nrg:Hotline``)."""
    return {_local(row["kind"].value): row["kind"].value for row in kg.select("link_kinds")}


def kind_classes(kg: KnowledgeGraph, kinds: Iterable[str] | None) -> list[str]:
    """The class IRIs of ``kinds`` (local names in any spelling, :func:`~nrgraph.namespaces.kind_key`);
    every link if ``None``.

    Raises :class:`~nrgraph.errors.InvalidInput` naming an unknown kind and the valid ones.
    """
    if kinds is None:
        return [str(NRG.Link)]
    known = link_kinds(kg)
    keyed = {kind_key(name): iri for name, iri in known.items()}
    chosen: list[str] = []
    for kind in kinds:
        iri = keyed.get(kind_key(kind))
        if iri is None:
            raise InvalidInput(f"kind {kind!r} is not a kind of link; valid: {', '.join(sorted(known))}")
        if iri not in chosen:
            chosen.append(iri)
    if not chosen:
        raise InvalidInput(f"no kind given; valid: {', '.join(sorted(known))}")
    return chosen


@dataclass(frozen=True)
class LinkHistory:
    """One link with its actors and the spells of its link-wide status (party statuses aside)."""

    link: str
    label: str
    kind: str
    family: str
    actors: tuple[str, ...]
    sources: tuple[str, ...]
    spells: tuple[Spell, ...]


def _fetch(
    kg: KnowledgeGraph, window: Period, kinds: Iterable[str] | None
) -> tuple[dict[str, dict[str, object]], dict[str, dict[str, _Period]]]:
    rows: list[Row] = []
    for iri in kind_classes(kg, kinds):
        rows.extend(
            kg.select(
                "projection_edges",
                kindClass=ox.NamedNode(iri),
                **{"from": _date_literal(window.start), "to": _date_literal(window.end)},
            )
        )
    links: dict[str, dict[str, object]] = {}
    periods: dict[str, dict[str, _Period]] = defaultdict(dict)
    for row in rows:
        link = row["link"].value
        kind = _local(row["kind"].value)
        known = links.get(link)
        if known is None or (known["kind"] in _GENERIC_KINDS and kind not in _GENERIC_KINDS):
            links[link] = {
                "kind": kind,
                "family": _local(row["family"].value).lower(),
                "label": row["label"].value if "label" in row else _local(link),
                "actors": tuple(sorted(set(row["actors"].value.split()))),
                "sources": tuple(sorted(row["linkSources"].value.split())) if "linkSources" in row else (),
            }
        period = _period(row)
        periods[link][period.iri] = period  # a link typed twice gives each period twice
    return dict(sorted(links.items())), periods


def link_histories(
    kg: KnowledgeGraph, window: Period | None = None, kinds: Iterable[str] | None = None
) -> list[LinkHistory]:
    """Every link with a status in force during ``window`` (everything if ``None``), with the
    spells of its link-wide status, sorted by IRI."""
    window = window or Period.everything()
    links, periods = _fetch(kg, window, kinds)
    histories = []
    for link, info in links.items():
        spells = tuple(s for s in _spells(periods[link].values(), set()) if s.overlaps(window))
        histories.append(LinkHistory(
            link=link,
            label=str(info["label"]),
            kind=str(info["kind"]),
            family=str(info["family"]),
            actors=info["actors"],  # type: ignore[arg-type]
            sources=info["sources"],  # type: ignore[arg-type]
            spells=spells,
        ))
    return histories


def edge_histories(
    kg: KnowledgeGraph, window: Period | None = None, kinds: Iterable[str] | None = None
) -> list[EdgeHistory]:
    """Every edge with a status in force during ``window`` (everything if ``None``), with spells.

    The spells are limited to the periods the store returned for the window, so within the
    window they are exact; use the everything window for whole histories.
    """
    window = window or Period.everything()
    links, periods = _fetch(kg, window, kinds)
    histories: list[EdgeHistory] = []
    for link, info in links.items():
        actors: tuple[str, ...] = info["actors"]  # type: ignore[assignment]
        for source, target in combinations(actors, 2):
            spells = tuple(s for s in _spells(periods[link].values(), {source, target}) if s.overlaps(window))
            if spells:
                histories.append(
                    EdgeHistory(
                        source=source,
                        target=target,
                        link=link,
                        label=str(info["label"]),
                        kind=str(info["kind"]),
                        family=str(info["family"]),
                        sources=info["sources"],  # type: ignore[arg-type]
                        spells=spells,
                    )
                )
    return histories


def to_networkx(
    kg: KnowledgeGraph,
    as_of: FuzzyDate | dt.date | str | None = None,
    period: str | None = None,
    kinds: Sequence[str] | None = None,
) -> nx.MultiDiGraph:
    """The relationship graph at a date, over a period, or (neither given) over all time.

    Parameters
    ----------
    kg : KnowledgeGraph
        The graph to project.
    as_of : date, FuzzyDate or str, optional
        A day, month or year (``"2021-11"``); a month or a year stands for its first day
        (:attr:`~nrgraph.fuzzydate.FuzzyDate.as_of_day`).
    period : str, optional
        ``"2021-10"`` or ``"2021-09-15/2021-11-15"``; give ``as_of`` or ``period``, not both.
    kinds : sequence of str, optional
        Kinds of link to keep: ``channel``, ``agreement`` or any subclass (``hotline``,
        ``treaty``, …), case-insensitive. Every kind by default.

    Returns
    -------
    networkx.MultiDiGraph
        Actors as nodes, links as edges keyed by link IRI (see the module docstring for the
        attributes). The graph attributes ``window`` and ``name`` say what it shows; at a
        date, ``as_of`` (the date as given), ``as_of_day`` (the day it stands for) and
        ``certainty`` (``possible`` when a link's status changes on a later day of a coarse
        date, else ``definite``) say which day was used.

    Raises
    ------
    InvalidDate, InvalidPeriod, InvalidInput
        For an unreadable date or period, both given, or an unknown kind.
    """
    window = Period.window(as_of, period)
    graph = window_graph(kg, window, kinds)
    if as_of is not None:
        date = FuzzyDate.of(as_of)
        graph.graph.update(
            as_of=str(date), as_of_day=date.as_of_day.isoformat(), certainty=_certainty(kg, date, kinds)
        )
    return graph


def _certainty(kg: KnowledgeGraph, date: FuzzyDate, kinds: Sequence[str] | None) -> str:
    """``possible`` when some edge's status on a later day of ``date`` differs from its status on the first."""
    if date.is_exact:
        return "definite"
    day = date.as_of_day
    for edge in edge_histories(kg, Period.of(date), kinds):
        if len(edge.spells) > 1 or not edge.spells[0].covers(day):
            return "possible"
    return "definite"


def window_graph(kg: KnowledgeGraph, window: Period, kinds: Sequence[str] | None = None) -> nx.MultiDiGraph:
    """The graph of :func:`to_networkx` for a :class:`~nrgraph.temporal.Period`."""
    histories = edge_histories(kg, window, kinds)
    graph = nx.MultiDiGraph(name="nrgraph", window=str(window))
    _add_nodes(kg, graph, histories)
    for edge in histories:
        spell = edge.spell_at(window.end) or edge.spells[-1]
        data = edge.attributes()
        data.update(
            status=spell.status.value,
            status_top=spell.status.top.value.lower(),
            since=_iso(spell.start),
            until=_iso(spell.end),
            party=spell.party,
            change=spell.change,
            sources=" ".join(sorted({*edge.sources, *spell.sources})),
        )
        if not window.is_day:
            before = edge.spell_at(window.start)
            data["status_before"] = before.status.value if before is not None else ""
        graph.add_edge(edge.source, edge.target, key=edge.link, **data)
    return graph


def to_dynamic_networkx(
    kg: KnowledgeGraph, period: str | None = None, kinds: Sequence[str] | None = None
) -> nx.MultiDiGraph:
    """The whole history as a dynamic graph: each edge's ``spells`` are its status periods.

    Parameters
    ----------
    kg : KnowledgeGraph
        The graph to project.
    period : str, optional
        Keep only the links with a status in force during this period (their spells stay whole).
    kinds : sequence of str, optional
        Kinds of link to keep, as for :func:`to_networkx`.

    Returns
    -------
    networkx.MultiDiGraph
        Nodes as in :func:`to_networkx`; edges keyed by link IRI with ``link``, ``label``,
        ``kind``, ``family``, ``sources`` and ``spells``, a tuple of :class:`Spell`.
    """
    window = Period.window(period=period)
    histories = edge_histories(kg, None, kinds)
    if not window.is_everything:
        histories = [e for e in histories if any(s.overlaps(window) for s in e.spells)]
    graph = nx.MultiDiGraph(name="nrgraph", window=str(window), mode="dynamic")
    _add_nodes(kg, graph, histories)
    for edge in histories:
        graph.add_edge(
            edge.source, edge.target, key=edge.link,
            **edge.attributes(), sources=" ".join(edge.sources), spells=edge.spells,
        )
    return graph


def _add_nodes(kg: KnowledgeGraph, graph: nx.MultiDiGraph, histories: Sequence[EdgeHistory]) -> None:
    wanted = {e.source for e in histories} | {e.target for e in histories}
    if not wanted:
        return
    for row in kg.select("projection_actors"):
        actor = row["actor"].value
        if actor in wanted:
            graph.add_node(
                actor,
                label=row["label"].value if "label" in row else _local(actor),
                kind=_local(row["kind"].value),
            )
    for actor in wanted - set(graph.nodes):  # an endpoint with no actor type: keep it, by its name
        graph.add_node(actor, label=_local(actor), kind="Actor")


def _period(row: Row) -> _Period:
    end = dt.date.fromisoformat(row["endLatest"].value) if "endLatest" in row else None
    return _Period(
        iri=row["period"].value,
        start=dt.date.fromisoformat(row["startLatest"].value),
        end=end,
        status=Status.from_iri(row["status"].value),
        party=row["party"].value if "party" in row else "",
        change=row["change"].value if "change" in row else "",
        sources=tuple(sorted(row["changeSources"].value.split())) if "changeSources" in row else (),
        since=row["effective"].value if "effective" in row else "",
        until=row["endEffective"].value if "endEffective" in row else "",
    )


def _spells(periods: Iterable[_Period], pair: set[str]) -> list[Spell]:
    """The spells of an edge between ``pair`` from its link's periods (see the status rule)."""
    relevant = [p for p in periods if (not p.party or p.party in pair) and (p.end is None or p.start < p.end)]
    cuts = sorted({p.start for p in relevant} | {p.end for p in relevant if p.end is not None})
    spells: list[Spell] = []
    chosen_before: _Period | None = None
    for day in cuts:
        in_force = [p for p in relevant if p.start <= day and (p.end is None or day < p.end)]
        by_party = [p for p in in_force if p.party]
        pool = by_party or in_force
        chosen = max(pool, key=lambda p: (_SEVERITY[p.status.top], p.start, p.iri)) if pool else None
        if chosen is not None and chosen == chosen_before:
            continue  # the same period goes on past this cut
        if spells and spells[-1].end is None:
            ended = chosen_before is not None and chosen_before.end == day
            until = chosen_before.until if ended and chosen_before is not None else (chosen.since if chosen else "")
            spells[-1] = replace(spells[-1], end=day - _ONE_DAY, until=until)
        if chosen is not None:
            spells.append(
                Spell(day, None, chosen.status, chosen.party, chosen.change, chosen.sources, since=chosen.since)
            )
        chosen_before = chosen
    return spells


def _date_literal(day: dt.date) -> ox.Literal:
    return ox.Literal(day.isoformat(), datatype=_XSD_DATE)


def _iso(day: dt.date | None) -> str:
    return day.isoformat() if day is not None else ""


def _local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]
