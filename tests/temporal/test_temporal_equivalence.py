"""The index path and the SPARQL path both equal the oracle, on random histories with mixed precisions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nrgraph import KnowledgeGraph
from nrgraph.fuzzydate import FuzzyDate, Precision
from nrgraph.loading.derivation import derive
from nrgraph.loading.files import LoadedData, find_files, parse_files
from nrgraph.namespaces import DATA, NRG, RDF, RDFS, XSD
from nrgraph.status import Status
from nrgraph.store import MemoryStore
from nrgraph.temporal import Change, Citation, Period, oracle

from ..conftest import ONTOLOGY

ACTORS = {  # slug -> (class, partOf)
    "nato": ("InternationalOrganization", None),
    "shape-hq": ("Body", "nato"),
    "russia": ("State", None),
    "russian-mfa": ("Body", "russia"),
    "usa": ("State", None),
}
KINDS = {"Hotline": "Channel", "DiplomaticMission": "Channel", "Treaty": "Agreement"}
SOURCE = str(DATA["src-random"])


@dataclass(frozen=True)
class Link:
    iri: str
    kind: str
    sides: tuple[str, ...]


@st.composite
def fuzzy_dates(draw: st.DrawFn, first: int = 2020, last: int = 2022) -> FuzzyDate:
    precision = draw(st.sampled_from([Precision.DAY, Precision.DAY, Precision.MONTH, Precision.YEAR]))
    year = draw(st.integers(first, last))
    if precision is Precision.YEAR:
        return FuzzyDate(dt.date(year, 1, 1), precision)
    month = draw(st.integers(1, 12))
    if precision is Precision.MONTH:
        return FuzzyDate(dt.date(year, month, 1), precision)
    return FuzzyDate(dt.date(year, month, draw(st.integers(1, 28))), precision)


@st.composite
def datasets(draw: st.DrawFn) -> tuple[list[Link], list[Change]]:
    links: list[Link] = []
    changes: list[Change] = []
    for n in range(draw(st.integers(1, 5))):
        kind = draw(st.sampled_from(sorted(KINDS)))
        sides = tuple(sorted(draw(st.sets(st.sampled_from(sorted(ACTORS)), min_size=2, max_size=3))))
        link = Link(str(DATA[f"link-{n}"]), kind, sides)
        links.append(link)
        made: list[Change] = []
        for i in range(draw(st.integers(0, 6))):
            effective = draw(fuzzy_dates())
            announced = draw(st.none() | fuzzy_dates(2019, effective.earliest.year))
            if announced is not None and announced.earliest > effective.earliest:
                announced = None
            parties = tuple(sorted(draw(st.sets(st.sampled_from(["russia", "usa"]), max_size=2))))
            conflicts: tuple[str, ...] = ()
            if made and draw(st.integers(0, 5)) == 0:
                conflicts = (draw(st.sampled_from(made)).iri,)
            made.append(
                Change(
                    iri=str(DATA[f"sc-{n}-{i}"]),
                    subject=link.iri,
                    status=draw(st.sampled_from(list(Status))),
                    effective=effective,
                    announced=announced,
                    parties=tuple(str(DATA[p]) for p in parties),
                    sequence=draw(st.integers(0, 2)),
                    confidence=draw(st.sampled_from([1.0, 1.0, 1.0, 0.5])),
                    conflicts_with=conflicts,
                    citations=(Citation(SOURCE, "Random source", f"P{i}"),),
                )
            )
        # conflictsWith is symmetric: both sides know it
        symmetric = {c.iri: set(c.conflicts_with) for c in made}
        for c in made:
            for other in c.conflicts_with:
                symmetric[other].add(c.iri)
        changes.extend(
            Change(**{**c.__dict__, "conflicts_with": tuple(sorted(symmetric[c.iri]))}) for c in made
        )
    return links, changes


def _n(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


def _lit(date: FuzzyDate) -> ox.Literal:
    return ox.Literal(str(date), datatype=ox.NamedNode(str(date.precision.datatype)))


def to_quads(links: list[Link], changes: list[Change]) -> list[ox.Quad]:
    g = ox.NamedNode(str(DATA["graph-random"]))
    quads: list[ox.Quad] = []

    def add(s: ox.NamedNode | ox.BlankNode, p: object, o: ox.NamedNode | ox.BlankNode | ox.Literal) -> None:
        quads.append(ox.Quad(s, _n(str(p)), o, g))

    add(_n(SOURCE), RDF.type, _n(str(NRG.Source)))
    add(_n(SOURCE), RDFS.label, ox.Literal("Random source"))
    for slug, (cls, parent) in ACTORS.items():
        add(_n(str(DATA[slug])), RDF.type, _n(str(NRG) + cls))
        if parent:
            add(_n(str(DATA[slug])), NRG.partOf, _n(str(DATA[parent])))
    for link in links:
        add(_n(link.iri), RDF.type, _n(str(NRG) + link.kind))
        side = NRG.endpoint if KINDS[link.kind] == "Channel" else NRG.party
        for actor in link.sides:
            add(_n(link.iri), side, _n(str(DATA[actor])))
    for c in changes:
        node = _n(c.iri)
        add(node, RDF.type, _n(str(NRG.StatusChange)))
        add(node, NRG.subject, _n(c.subject))
        add(node, NRG.status, _n(str(c.status.iri)))
        add(node, NRG.effective, _lit(c.effective))
        if c.announced:
            add(node, NRG.announced, _lit(c.announced))
        for party in c.parties:
            add(node, NRG.concernsParty, _n(party))
        if c.sequence:
            add(node, NRG.sequence, ox.Literal(str(c.sequence), datatype=_n(str(XSD.integer))))
        if c.confidence != 1.0:
            add(node, NRG.confidence, ox.Literal(str(c.confidence), datatype=_n(str(XSD.decimal))))
        for other in c.conflicts_with:
            if other > c.iri:  # state it once; the engine reads it both ways
                add(node, NRG.conflictsWith, _n(other))
        for citation in c.citations:
            cite = ox.BlankNode()
            add(node, NRG.citation, cite)
            add(cite, NRG.source, _n(citation.source))
            add(cite, NRG.locator, ox.Literal(citation.locator or ""))
    return quads


@cache
def _ontology() -> tuple[ox.Quad, ...]:
    files, _ = find_files([ONTOLOGY])
    return tuple(parse_files(files))


def graphs(links: list[Link], changes: list[Change]) -> tuple[KnowledgeGraph, KnowledgeGraph]:
    quads = [*_ontology(), *to_quads(links, changes)]
    derived, problems = derive(quads)
    assert not problems
    data = LoadedData.from_quads(quads, derived, digest="random")
    store = MemoryStore()
    store.replace(data.all_quads())
    return KnowledgeGraph(store, data, temporal="index"), KnowledgeGraph(store, data, temporal="sparql")


def _matches(link: Link, kind: str | None, actor: str | None) -> bool:
    ancestors = {a for side in link.sides for a in (side, ACTORS[side][1]) if a}
    return (kind is None or kind in (link.kind, KINDS[link.kind])) and (actor is None or actor in ancestors)


def _by_subject(links: list[Link], changes: list[Change], kind: str | None = None,
                actor: str | None = None) -> dict[str, list[Change]]:
    return {
        link.iri: [c for c in changes if c.subject == link.iri] for link in links if _matches(link, kind, actor)
    }


SETTINGS: Callable[[Callable[..., None]], Callable[..., None]] = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


@pytest.mark.slow
@SETTINGS
@given(
    data=datasets(),
    start=fuzzy_dates(),
    end=fuzzy_dates(),
    kind=st.none() | st.sampled_from(["Channel", "Treaty", "Hotline"]),
    actor=st.none() | st.sampled_from(sorted(ACTORS)),
    status=st.none() | st.sampled_from([Status.ACTIVE, Status.CLOSED, Status.SUSPENDED, Status.DORMANT]),
    limit=st.none() | st.integers(0, 3),
)
def test_survived_agrees(
    data: tuple[list[Link], list[Change]], start: FuzzyDate, end: FuzzyDate, kind: str | None,
    actor: str | None, status: Status | None, limit: int | None,
) -> None:
    links, changes = data
    if end.latest < start.earliest:
        start, end = end, start
    period = Period(min(start.earliest, end.latest), max(start.earliest, end.latest))
    expected = oracle.survived(_by_subject(links, changes, kind, actor), period, status=status, limit=limit)
    for kg in graphs(links, changes):
        got = kg.survived(period, kind=kind, actor=str(DATA[actor]) if actor else None, status=status, limit=limit)
        assert got == expected, kg.temporal_backend


@pytest.mark.slow
@SETTINGS
@given(data=datasets(), date=fuzzy_dates(), window=fuzzy_dates())
def test_status_at_active_on_and_changes_agree(
    data: tuple[list[Link], list[Change]], date: FuzzyDate, window: FuzzyDate
) -> None:
    links, changes = data
    by_subject = _by_subject(links, changes)
    index, sparql = graphs(links, changes)
    for link in links:
        own = by_subject[link.iri]
        for party in [None, str(DATA["russia"]), str(DATA["usa"])]:
            expected = oracle.status_at(own, link.iri, date, party)
            assert index.status_at(link.iri, date, party) == expected
            assert sparql.status_at(link.iri, date, party) == expected
    assert index.active_on(date) == sparql.active_on(date) == oracle.active_on(by_subject, date)
    expected_changes = oracle.changes_between(changes, Period.of(window))
    assert index.changes(window) == sparql.changes(window) == expected_changes
    announced = oracle.changes_between(changes, Period.of(window), announced=True)
    assert index.changes(window, announced=True) == sparql.changes(window, announced=True) == announced
    assert all(c.matched(Period.of(window)) for c in announced)
    assert index.status_periods() == sparql.status_periods()
    for link in links:
        assert index.timeline(link.iri) == sparql.timeline(link.iri)
        assert list(index.timeline(link.iri).changes) == sorted(by_subject[link.iri], key=Change.sort_key)


def test_a_later_change_caps_the_departure_date() -> None:
    """A departure known to the month, followed by a change on 5 October, took effect by 5 October."""
    link = Link(str(DATA["link-capped"]), "Hotline", ("nato", "russia"))

    def change(n: int, status: Status, effective: str) -> Change:
        citation = (Citation(SOURCE, "Random source", f"P{n}"),)
        return Change(str(DATA[f"sc-capped-{n}"]), link.iri, status, FuzzyDate.parse(effective), citations=citation)

    changes = [change(1, Status.ACTIVE, "2020"), change(2, Status.SUSPENDED, "2021-10"),
               change(3, Status.ACTIVE, "2021-10-05")]
    period = Period.parse("2021-10-01/2021-10-20")
    expected = oracle.survived(_by_subject([link], changes), period)
    assert [(e.change.iri, e.reason.name) for e in expected.casualties] == [(changes[1].iri, "DEPARTED")]
    for kg in graphs([link], changes):
        assert kg.survived(period) == expected
