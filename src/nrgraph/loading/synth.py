"""A realistic synthetic graph of any size, for scale tests and benchmarks; the same per seed.

:func:`synthesize` builds, for ``channels`` channels, a world shaped like the curated data:

- actors: NATO and Russia (the ``nato-russia`` scope), states (most of them NATO members),
  other international organisations, bodies ``partOf`` a state or organisation, and people
  holding roles;
- sources with titles, publishers, dates and URLs, cited with locators, some with the
  source's own wording and a curator's note;
- agreements of every kind with two or three parties, and channels of every kind with two
  or three endpoints, some established by an agreement, hosted by an endpoint or a fallback
  for an older channel; about a third of the channels link a NATO side to a Russian side;
- events with participants, some about a link;
- every link's status history: it opens (sometimes proposed first), then is suspended,
  restricted, made dormant, resumed or closed, with dates known to the day, the month or
  the year, some announced before they took effect, some with a cause, an actor, a
  confidence, or a suspension by one party only.

The output passes the shapes and the history rules (``nrgraph validate``). Triples grow
linearly: about 46 curated triples per channel, about 90 with what the loader derives
(see ``docs/benchmarks.md`` for the sizes used there).

>>> world = synthesize(channels=20, seed=1)
>>> sorted(world)[:3]
['actors', 'agreements', 'channels']
"""

from __future__ import annotations

import datetime as dt
import functools
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from nrgraph.errors import InvalidInput
from nrgraph.fuzzydate import FuzzyDate
from nrgraph.namespaces import DATA, DCTERMS, NRG, PREFIXES, RDF, RDFS, XSD
from nrgraph.status import Status

__all__ = ["FILES", "synthesize", "write_files", "write_turtle"]

FILES = ("actors", "sources", "agreements", "channels", "events", "status-changes")
"""The files (and so the named graphs) of a synthetic graph, in writing order."""

CHANNEL_KINDS = (
    "Hotline", "Forum", "DiplomaticMission", "MilitaryLiaisonMission", "MilitaryDialogue",
    "DeconflictionLine", "CooperationProgramme", "BackChannel",
)
AGREEMENT_KINDS = ("Treaty", "PoliticalDeclaration", "MemorandumOfUnderstanding")
EVENT_KINDS = ("Summit", "Meeting", "War", "Expulsion", "Decision", "Incident")
BODY_KINDS = ("Ministry of Defence", "Ministry of Foreign Affairs", "General Staff", "Mission", "Command")
_CLOSING = (Status.TERMINATED, Status.WITHDRAWN, Status.EXPIRED, Status.REPLACED, Status.CLOSED)
_FIRST_DAY = dt.date(1955, 1, 1)
_LAST_DAY = dt.date(2025, 12, 31)


@functools.cache
def _iri(term: object) -> ox.NamedNode:
    return ox.NamedNode(str(term))


_TYPE = _iri(RDF.type)
_LABEL = _iri(RDFS.label)
_DESCRIPTION = _iri(DCTERMS.description)
_XSD_DECIMAL = _iri(XSD.decimal)
_XSD_ANYURI = _iri(XSD.anyURI)
_DATATYPES = {"day": _iri(XSD.date), "month": _iri(XSD.gYearMonth), "year": _iri(XSD.gYear)}


@dataclass
class _World:
    """The quads of each file, and what later parts refer to."""

    rng: random.Random
    files: dict[str, list[ox.Quad]] = field(default_factory=lambda: {name: [] for name in FILES})
    nato_side: list[ox.NamedNode] = field(default_factory=list)
    russia_side: list[ox.NamedNode] = field(default_factory=list)
    actors: list[ox.NamedNode] = field(default_factory=list)
    parties: list[ox.NamedNode] = field(default_factory=list)
    labels: dict[str, str] = field(default_factory=dict)
    parties_of: dict[str, list[ox.NamedNode]] = field(default_factory=dict)
    sources: list[ox.NamedNode] = field(default_factory=list)
    agreements: list[ox.NamedNode] = field(default_factory=list)
    channels: list[ox.NamedNode] = field(default_factory=list)
    events: list[ox.NamedNode] = field(default_factory=list)
    citations: int = 0

    def add(self, file: str, subject: ox.NamedNode | ox.BlankNode, predicate: object, obj: object) -> None:
        term = obj if isinstance(obj, ox.NamedNode | ox.BlankNode | ox.Literal) else _iri(obj)
        self.files[file].append(ox.Quad(subject, _iri(predicate), term))

    def resource(self, file: str, slug: str, kind: str, label: str) -> ox.NamedNode:
        node = _iri(DATA[slug])
        self.add(file, node, RDF.type, NRG[kind])
        self.add(file, node, RDFS.label, ox.Literal(label, language="en"))
        self.labels[node.value] = label
        return node

    def describe(self, file: str, node: ox.NamedNode, text: str) -> None:
        self.add(file, node, DCTERMS.description, ox.Literal(text, language="en"))

    def cite(self, file: str, node: ox.NamedNode, locator: str | None = None) -> None:
        self.citations += 1
        citation = ox.BlankNode(f"c{self.citations}")
        self.add(file, node, NRG.citation, citation)
        self.add(file, citation, NRG.source, self.rng.choice(self.sources))
        self.add(file, citation, NRG.locator, ox.Literal(locator or f"para. {self.rng.randint(1, 120)}"))
        if self.rng.random() < 0.1:
            self.add(file, citation, NRG.wording, ox.Literal(self.rng.choice(("halted", "frozen", "put on ice"))))
            self.add(file, citation, NRG.note, ox.Literal("The source words the status otherwise."))

    def fuzzy(self, day: dt.date, after: dt.date | None = None) -> tuple[ox.Literal, FuzzyDate]:
        """``day`` at a random precision whose first day is after ``after`` (else to the day)."""
        precision = self.rng.choices(("day", "month", "year"), weights=(6, 3, 1))[0]
        text = {"day": day.isoformat(), "month": day.isoformat()[:7], "year": day.isoformat()[:4]}[precision]
        date = FuzzyDate.parse(text)
        if after is not None and date.earliest <= after:
            precision, text, date = "day", day.isoformat(), FuzzyDate.parse(day.isoformat())
        return ox.Literal(text, datatype=_DATATYPES[precision]), date

    def day(self, start: dt.date = _FIRST_DAY, end: dt.date = _LAST_DAY) -> dt.date:
        return start + dt.timedelta(days=self.rng.randint(0, (end - start).days))


def synthesize(channels: int, seed: int = 0) -> dict[str, list[ox.Quad]]:
    """The quads of a synthetic graph with ``channels`` channels, per file (see :data:`FILES`)."""
    if channels < 1:
        raise InvalidInput(f"channels must be at least 1, not {channels}")
    world = _World(random.Random(seed))
    _sources(world, 10 + channels // 20)
    _actors(world, states=12 + channels // 60, bodies=10 + channels // 8, people=3 + channels // 100)
    _agreements(world, 5 + channels // 4)
    _channels(world, channels)
    _events(world, 5 + channels // 10)
    for link in (*world.agreements, *world.channels):
        _history(world, link)
    return world.files


def _sources(world: _World, count: int) -> None:
    publishers = ("NATO", "Ministry of Foreign Affairs of the Russian Federation", "Synthetic Gazette", "Archive")
    for n in range(1, count + 1):
        node = world.resource("sources", f"syn-src-{n:05d}", "Source", f"Synthetic source {n}")
        world.add("sources", node, DCTERMS.title, ox.Literal(f"Record number {n}"))
        world.add("sources", node, DCTERMS.publisher, ox.Literal(world.rng.choice(publishers)))
        world.add("sources", node, NRG.date, world.fuzzy(world.day())[0])
        world.add("sources", node, NRG.url, ox.Literal(f"https://example.org/records/{n}", datatype=_XSD_ANYURI))
        world.sources.append(node)


def _actors(world: _World, states: int, bodies: int, people: int) -> None:
    rng = world.rng
    nato = world.resource("actors", "nato", "InternationalOrganization", "North Atlantic Treaty Organization")
    russia = world.resource("actors", "russia", "State", "Russian Federation")
    world.nato_side.append(nato)
    world.russia_side.append(russia)
    organisations = [
        world.resource("actors", f"syn-org-{n}", "InternationalOrganization", f"Organisation {n}") for n in range(1, 4)
    ]
    state_nodes = [world.resource("actors", f"syn-state-{n:04d}", "State", f"State {n}") for n in range(1, states + 1)]
    for state in state_nodes:
        if rng.random() < 0.7:
            world.add("actors", state, NRG.memberOf, nato)
    world.parties.extend([nato, russia, *organisations, *state_nodes])
    created = list(world.parties)
    for n in range(1, bodies + 1):
        parent = rng.choice([nato, russia, rng.choice(state_nodes), *organisations])
        label = f"{rng.choice(BODY_KINDS)} {n} of {world.labels[parent.value]}"
        body = world.resource("actors", f"syn-body-{n:05d}", "Body", label)
        world.add("actors", body, NRG.partOf, parent)
        (world.nato_side if parent == nato else world.russia_side if parent == russia else world.actors).append(body)
        created.append(body)
    for n in range(1, people + 1):
        person = world.resource("actors", f"syn-person-{n:04d}", "Person", f"Person {n}")
        role = world.resource("actors", f"syn-role-{n:04d}", "Role", f"Person {n} as envoy")
        world.add("actors", person, NRG.role, role)
        world.add("actors", role, NRG.roleTitle, ox.Literal("Envoy"))
        world.add("actors", role, NRG.roleIn, rng.choice(world.parties))
        world.add("actors", role, NRG.roleStart, world.fuzzy(world.day())[0])
        world.actors.append(person)
        created.extend((person, role))
    world.actors.extend(world.parties)
    for node in created:
        world.cite("actors", node)


def _agreements(world: _World, count: int) -> None:
    for n in range(1, count + 1):
        kind = world.rng.choice(AGREEMENT_KINDS)
        parties = world.rng.sample(world.parties, world.rng.choice((2, 2, 3)))
        names = " and ".join(world.labels[p.value] for p in parties)
        node = world.resource("agreements", f"syn-agreement-{n:05d}", kind, f"{_spaced(kind)} {n} between {names}")
        world.describe("agreements", node, f"A synthetic {_spaced(kind).lower()}.")
        world.parties_of[node.value] = parties
        for party in parties:
            world.add("agreements", node, NRG.party, party)
        world.cite("agreements", node)
        world.agreements.append(node)


def _channels(world: _World, count: int) -> None:
    rng = world.rng
    for n in range(1, count + 1):
        kind = rng.choice(CHANNEL_KINDS)
        if rng.random() < 0.35:
            ends = [rng.choice(world.nato_side), rng.choice(world.russia_side)]
        else:
            ends = rng.sample(world.actors, rng.choice((2, 2, 2, 3)))
        names = " and ".join(world.labels[e.value] for e in ends)
        node = world.resource("channels", f"syn-channel-{n:06d}", kind, f"{_spaced(kind)} {n} between {names}")
        world.describe("channels", node, f"A synthetic {_spaced(kind).lower()}.")
        for end in ends:
            world.add("channels", node, NRG.endpoint, end)
        if rng.random() < 0.5:
            world.add("channels", node, NRG.establishedBy, rng.choice(world.agreements))
        if kind == "DiplomaticMission":
            world.add("channels", node, NRG.hostedBy, ends[-1])
        if world.channels and rng.random() < 0.05:
            world.add("channels", node, NRG.fallbackFor, rng.choice(world.channels))
        world.cite("channels", node)
        world.channels.append(node)


def _events(world: _World, count: int) -> None:
    for n in range(1, count + 1):
        kind = world.rng.choice(EVENT_KINDS)
        node = world.resource("events", f"syn-event-{n:05d}", kind, f"{kind} {n}")
        world.describe("events", node, f"A synthetic {kind.lower()}.")
        world.add("events", node, NRG.date, world.fuzzy(world.day())[0])
        for actor in world.rng.sample(world.parties, 2):
            world.add("events", node, NRG.participant, actor)
        if world.rng.random() < 0.5:
            world.add("events", node, NRG.about, world.rng.choice(world.channels))
        world.cite("events", node)
        world.events.append(node)


def _history(world: _World, link: ox.NamedNode) -> None:
    """One to six changes in date order; nothing follows a closing status."""
    rng = world.rng
    slug = link.value[len(str(DATA)):]
    day = world.day(_FIRST_DAY, dt.date(2015, 12, 31))
    previous: dt.date | None = None
    status: Status | None = None
    plan = [Status.PROPOSED] if rng.random() < 0.1 else []
    plan.append(Status.ACTIVE)
    for _ in range(rng.randint(0, 5)):
        plan.append(_next_status(rng, plan[-1]))
        if plan[-1].is_closed:
            break
    for number, status in enumerate(plan, start=1):
        literal, date = world.fuzzy(day, after=previous)
        change = world.resource("status-changes", f"syn-sc-{slug[4:]}-{number}", "StatusChange", f"{slug} {number}")
        world.add("status-changes", change, NRG.subject, link)
        world.add("status-changes", change, NRG.status, NRG[status.value])
        world.add("status-changes", change, NRG.effective, literal)
        if rng.random() < 0.3:
            announced = date.earliest - dt.timedelta(days=rng.randint(0, 60))
            announcement = ox.Literal(announced.isoformat(), datatype=_DATATYPES["day"])
            world.add("status-changes", change, NRG.announced, announcement)
        if world.events and rng.random() < 0.2:
            world.add("status-changes", change, NRG.cause, rng.choice(world.events))
        if rng.random() < 0.2:
            world.add("status-changes", change, NRG.actor, rng.choice(world.parties))
        if rng.random() < 0.1:
            confidence = ox.Literal(f"0.{rng.randint(5, 9)}", datatype=_XSD_DECIMAL)
            world.add("status-changes", change, NRG.confidence, confidence)
        world.cite("status-changes", change)
        previous = date.latest
        day = date.latest + dt.timedelta(days=rng.randint(30, 3000))
        if day > _LAST_DAY:
            break
    if status is Status.ACTIVE and link.value in world.parties_of and rng.random() < 0.3 and day <= _LAST_DAY:
        _party_suspension(world, link, slug, day, previous)


def _party_suspension(world: _World, link: ox.NamedNode, slug: str, day: dt.date, after: dt.date | None) -> None:
    """One party suspends its part of an agreement that stays in force for the others."""
    literal, _ = world.fuzzy(day, after=after)
    label = f"{slug} suspended by one party"
    change = world.resource("status-changes", f"syn-sc-{slug[4:]}-party", "StatusChange", label)
    world.add("status-changes", change, NRG.subject, link)
    world.add("status-changes", change, NRG.status, NRG.Suspended)
    world.add("status-changes", change, NRG.effective, literal)
    world.add("status-changes", change, NRG.concernsParty, world.parties_of[link.value][0])
    world.cite("status-changes", change)


def _next_status(rng: random.Random, current: Status) -> Status:
    if current.top is Status.ACTIVE:
        options = [Status.SUSPENDED, Status.RESTRICTED, Status.DORMANT, rng.choice(_CLOSING)]
        options = [s for s in options if s is not current] + ([Status.ACTIVE] if current is not Status.ACTIVE else [])
        return rng.choice(options)
    if current is Status.SUSPENDED:
        return rng.choice((Status.ACTIVE, Status.ACTIVE, rng.choice(_CLOSING)))
    return Status.ACTIVE  # from proposed


def _spaced(kind: str) -> str:
    """``MemorandumOfUnderstanding`` -> ``Memorandum of understanding``."""
    words = "".join(f" {c.lower()}" if c.isupper() else c for c in kind).split()
    return " ".join([words[0].capitalize(), *words[1:]])


def write_turtle(quads: Sequence[ox.Quad]) -> bytes:
    """``quads`` as Turtle with nrgraph's prefixes, each subject's triples together."""
    triples = sorted((q.triple for q in quads), key=lambda t: str(t.subject))  # stable: a subject's triples together
    data = ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES)
    if data is None:  # pyoxigraph returns None only when given an output file
        raise TypeError("pyoxigraph.serialize returned nothing")
    return data


def write_files(world: dict[str, list[ox.Quad]], folder: Path) -> list[Path]:
    """Write each part of ``world`` to ``folder/<part>.ttl``; the paths written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name in FILES:
        path = folder / f"{name}.ttl"
        path.write_bytes(write_turtle(world[name]))
        written.append(path)
    return written
