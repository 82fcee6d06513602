"""The edits a curator can make: record a status change, add a channel, agreement, actor,
event or source, and cite one more source on a status change or an event.

Each edit is a frozen dataclass of plain values, as typed on the command line or sent in a
GraphQL mutation. :meth:`Edit.block` checks every value and reference against the graph
(through :class:`~nrgraph.editing.references.References`) and returns the Turtle block to
write; the editor then validates the whole dataset with the block before writing it.
"""

from __future__ import annotations

import abc
import dataclasses
import datetime as dt
from dataclasses import dataclass
from typing import Any, ClassVar

from rdflib import Literal, URIRef

from nrgraph.editing.references import References, mint, slug_of
from nrgraph.editing.turtle_writer import Block, Nested, Object
from nrgraph.errors import AlreadyCited, EditRejected, InvalidInput
from nrgraph.fuzzydate import FuzzyDate
from nrgraph.namespaces import DCTERMS, NRG, RDFS, XSD
from nrgraph.status import Status

__all__ = [
    "EDIT_TYPES",
    "FUTURE_MARGIN",
    "HISTORY_SPAN_YEARS",
    "MAX_WORDING_WORDS",
    "AddActor",
    "AddAgreement",
    "AddChannel",
    "AddCitation",
    "AddEvent",
    "AddSource",
    "CitationInput",
    "Edit",
    "RecordStatusChange",
]


HISTORY_SPAN_YEARS = 100
"""A status change may take effect at most this many years before its subject's history starts."""
FUTURE_MARGIN = dt.timedelta(days=366)
"""... and at most this long after today; either bound yields to ``allow_unusual_date``."""
MAX_WORDING_WORDS = 12
"""A citation's ``nrg:wording`` is the source's own word or short phrase: at most this many words
(and, by the shapes, 80 characters)."""
_OVERRIDE = "if the date is right, repeat the edit allowing an unusual date (allowUnusualDate, --allow-unusual-date)"


@dataclass(frozen=True)
class CitationInput:
    """Where a fact comes from: a source (slug, ``id:``, IRI or its URL), a locator, and
    optionally the source's own wording and a curator's note. Every edit builds its citation here.
    """

    source: str
    locator: str
    wording: str | None = None
    note: str | None = None

    def nested(self, refs: References) -> Nested:
        """The citation as an inline blank node."""
        if not self.locator.strip():
            raise InvalidInput("a citation needs a locator (paragraph, section or page), for example 'para. 4'")
        statements: list[tuple[URIRef, URIRef | Literal]] = [
            (NRG.source, refs.source(self.source)),
            (NRG.locator, Literal(self.locator.strip())),
        ]
        if self.wording:
            words = len(self.wording.split())
            if words > MAX_WORDING_WORDS:
                raise InvalidInput(
                    f"the wording {self.wording[:40]!r}… has {words} words; a wording is the source's own word or "
                    f"short phrase, at most {MAX_WORDING_WORDS} words"
                )
            statements.append((NRG.wording, Literal(self.wording)))
        if self.note:
            statements.append((NRG.note, Literal(self.note)))
        return Nested(tuple(statements))


class Edit(abc.ABC):
    """An edit that adds one subject's block to one data file."""

    action: ClassVar[str]
    """The name of the edit in the audit log and the GraphQL API (``recordStatusChange``)."""
    base: ClassVar[URIRef]
    """The class whose instances share a file with the new one."""
    default_file: ClassVar[str]
    """The file to create in ``data/`` when no file holds such resources yet."""
    amends: ClassVar[bool] = False
    """The block's statements are added to an existing subject's block (in its file), not written as a new one."""

    @abc.abstractmethod
    def block(self, refs: References) -> Block:
        """Check the edit against the graph and return the block to write."""

    def fields(self) -> dict[str, Any]:
        """The edit's values, for the audit log."""
        return dataclasses.asdict(self)  # type: ignore[call-overload, no-any-return]


def _label(text: str, what: str) -> Literal:
    if not text.strip():
        raise InvalidInput(f"a {what} needs a non-empty label")
    return Literal(text.strip(), lang="en")


def _english(text: str) -> Literal:
    return Literal(text.strip(), lang="en")


Statements = tuple[tuple[URIRef, tuple[Object, ...]], ...]


def _statements(*pairs: tuple[URIRef, tuple[Object, ...] | Object | None]) -> Statements:
    """Statements without the empty ones; single objects become 1-tuples."""
    kept = []
    for predicate, value in pairs:
        values = value if isinstance(value, tuple) else (() if value is None else (value,))
        if values:
            kept.append((predicate, values))
    return tuple(kept)


@dataclass(frozen=True)
class RecordStatusChange(Edit):
    """A new dated status of a channel or an agreement (optionally for one party)."""

    action: ClassVar[str] = "recordStatusChange"
    base: ClassVar[URIRef] = NRG.StatusChange
    default_file: ClassVar[str] = "status-changes.ttl"

    subject: str
    status: str
    effective: str
    citation: CitationInput
    announced: str | None = None
    parties: tuple[str, ...] = ()
    actor: str | None = None
    cause: str | None = None
    sequence: int | None = None
    confidence: str | None = None
    allow_unusual_date: bool = False
    """Accept a date centuries before the subject's history or more than a year ahead."""

    def block(self, refs: References) -> Block:
        subject = refs.instance(self.subject, NRG.Link, "channel or agreement")
        status = Status.parse(self.status)
        effective = FuzzyDate.parse(self.effective)
        announced = FuzzyDate.parse(self.announced) if self.announced else None
        if announced is not None and announced.earliest > effective.latest:
            raise EditRejected(
                f"the change is announced ({announced}) after it takes effect ({effective}); "
                "the announcement must not come after the effective date"
            )
        if not self.allow_unusual_date:
            start, today = refs.history_start(subject), dt.date.today()
            _plausible(effective, "takes effect", start, today)
            if announced is not None:
                _plausible(announced, "is announced", start, today)
        parties = tuple(refs.instance(p, NRG.Actor, "actor") for p in self.parties)
        stem = "-".join(["sc", slug_of(subject), *(slug_of(p) for p in parties), str(effective), status.value.lower()])
        return Block(
            refs.fresh(stem),
            _statements(
                (NRG.subject, subject),
                (NRG.status, status.iri),
                (NRG.effective, effective.to_literal()),
                (NRG.announced, announced.to_literal() if announced else None),
                (NRG.concernsParty, parties),
                (NRG.sequence, Literal(self.sequence, datatype=XSD.integer) if self.sequence is not None else None),
                (NRG.actor, refs.instance(self.actor, NRG.Actor, "actor") if self.actor else None),
                (NRG.cause, refs.instance(self.cause, NRG.Event, "event") if self.cause else None),
                (NRG.confidence, _confidence(self.confidence)),
                (NRG.citation, self.citation.nested(refs)),
            ),
            NRG.StatusChange,
        )


def _plausible(date: FuzzyDate, what: str, start: dt.date | None, today: dt.date) -> None:
    """Refuse a date more than :data:`FUTURE_MARGIN` after ``today`` or centuries before ``start``."""
    if date.earliest > today + FUTURE_MARGIN:
        raise EditRejected(
            f"the change {what} in {date}, more than a year after today ({today}): "
            f"is the year mistyped? {_OVERRIDE}"
        )
    if start is not None and date.latest.year < start.year - HISTORY_SPAN_YEARS:
        raise EditRejected(
            f"the change {what} in {date}, more than {HISTORY_SPAN_YEARS} years before the subject's recorded "
            f"history starts ({start}): is the year mistyped? {_OVERRIDE}"
        )


def _confidence(text: str | None) -> Literal | None:
    if text is None:
        return None
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 <= value <= 1:
        raise InvalidInput(f"confidence {text!r} is not a decimal from 0 to 1, for example 0.5")
    return Literal(str(text).strip(), datatype=XSD.decimal)


@dataclass(frozen=True)
class AddChannel(Edit):
    """A new channel between two or more actors."""

    action: ClassVar[str] = "addChannel"
    base: ClassVar[URIRef] = NRG.Channel
    default_file: ClassVar[str] = "channels.ttl"

    slug: str
    kind: str
    label: str
    description: str
    endpoints: tuple[str, ...]
    citation: CitationInput
    established_by: str | None = None
    hosted_by: str | None = None
    fallback_for: str | None = None
    part_of: str | None = None

    def block(self, refs: References) -> Block:
        return Block(
            refs.unused(mint(self.slug)),
            _statements(
                (RDFS.label, _label(self.label, "channel")),
                (DCTERMS.description, _english(self.description)),
                (NRG.endpoint, tuple(refs.instance(e, NRG.Actor, "actor") for e in self.endpoints)),
                (NRG.hostedBy, refs.instance(self.hosted_by, NRG.Actor, "actor") if self.hosted_by else None),
                (NRG.establishedBy,
                 refs.instance(self.established_by, NRG.Agreement, "agreement") if self.established_by else None),
                (NRG.fallbackFor,
                 refs.instance(self.fallback_for, NRG.Channel, "channel") if self.fallback_for else None),
                (NRG.partOf, refs.instance(self.part_of, NRG.Channel, "channel") if self.part_of else None),
                (NRG.citation, self.citation.nested(refs)),
            ),
            refs.kind(NRG.Channel, self.kind, "channel"),
        )


@dataclass(frozen=True)
class AddAgreement(Edit):
    """A new agreement between two or more parties."""

    action: ClassVar[str] = "addAgreement"
    base: ClassVar[URIRef] = NRG.Agreement
    default_file: ClassVar[str] = "agreements.ttl"

    slug: str
    kind: str
    label: str
    description: str
    parties: tuple[str, ...]
    citation: CitationInput

    def block(self, refs: References) -> Block:
        return Block(
            refs.unused(mint(self.slug)),
            _statements(
                (RDFS.label, _label(self.label, "agreement")),
                (DCTERMS.description, _english(self.description)),
                (NRG.party, tuple(refs.instance(p, NRG.Actor, "actor") for p in self.parties)),
                (NRG.citation, self.citation.nested(refs)),
            ),
            refs.kind(NRG.Agreement, self.kind, "agreement"),
        )


@dataclass(frozen=True)
class AddActor(Edit):
    """A new actor: a state, an organisation, a body or a person."""

    action: ClassVar[str] = "addActor"
    base: ClassVar[URIRef] = NRG.Actor
    default_file: ClassVar[str] = "actors.ttl"

    slug: str
    kind: str
    label: str
    citation: CitationInput
    part_of: str | None = None
    member_of: tuple[str, ...] = ()

    def block(self, refs: References) -> Block:
        return Block(
            refs.unused(mint(self.slug)),
            _statements(
                (RDFS.label, _label(self.label, "actor")),
                (NRG.partOf, refs.instance(self.part_of, NRG.Actor, "actor") if self.part_of else None),
                (NRG.memberOf,
                 tuple(refs.instance(m, NRG.InternationalOrganization, "organisation") for m in self.member_of)),
                (NRG.citation, self.citation.nested(refs)),
            ),
            refs.kind(NRG.Actor, self.kind, "actor"),
        )


@dataclass(frozen=True)
class AddEvent(Edit):
    """A new dated event: a summit, a meeting, an expulsion, a decision, ..."""

    action: ClassVar[str] = "addEvent"
    base: ClassVar[URIRef] = NRG.Event
    default_file: ClassVar[str] = "events.ttl"

    slug: str
    kind: str
    label: str
    description: str
    date: str
    citation: CitationInput
    end_date: str | None = None
    participants: tuple[str, ...] = ()
    about: tuple[str, ...] = ()

    def block(self, refs: References) -> Block:
        date = FuzzyDate.parse(self.date)
        end = FuzzyDate.parse(self.end_date) if self.end_date else None
        if end is not None and end.latest < date.earliest:
            raise EditRejected(f"the event ends ({end}) before it starts ({date})")
        return Block(
            refs.unused(mint(self.slug)),
            _statements(
                (RDFS.label, _label(self.label, "event")),
                (DCTERMS.description, _english(self.description)),
                (NRG.date, date.to_literal()),
                (NRG.endDate, end.to_literal() if end else None),
                (NRG.participant, tuple(refs.instance(p, NRG.Actor, "actor") for p in self.participants)),
                (NRG.about, tuple(refs.instance(a, NRG.Link, "channel or agreement") for a in self.about)),
                (NRG.citation, self.citation.nested(refs)),
            ),
            refs.kind(NRG.Event, self.kind, "event"),
        )


@dataclass(frozen=True)
class AddSource(Edit):
    """A new bibliographic record, with a title and a creator or a publisher."""

    action: ClassVar[str] = "addSource"
    base: ClassVar[URIRef] = NRG.Source
    default_file: ClassVar[str] = "sources.ttl"

    slug: str
    label: str
    title: str
    publisher: str | None = None
    creator: str | None = None
    date: str | None = None
    url: str | None = None

    def block(self, refs: References) -> Block:
        if not (self.publisher or self.creator):
            raise InvalidInput("a source needs a creator or a publisher")
        return Block(
            refs.unused(mint(self.slug)),
            _statements(
                (RDFS.label, _label(self.label, "source")),
                (DCTERMS.title, Literal(self.title.strip())),
                (DCTERMS.creator, Literal(self.creator.strip()) if self.creator else None),
                (DCTERMS.publisher, Literal(self.publisher.strip()) if self.publisher else None),
                (NRG.date, FuzzyDate.parse(self.date).to_literal() if self.date else None),
                (NRG.url, Literal(self.url, datatype=XSD.anyURI) if self.url else None),
            ),
            NRG.Source,
        )


@dataclass(frozen=True)
class AddCitation(Edit):
    """One more citation of an existing status change or event: the same fact, found in another place.

    The block holds the record's IRI and just the new ``nrg:citation``; the editor adds it to
    the record's block, in the file that holds it. A record that already cites the same source
    at the same locator is refused (:class:`~nrgraph.errors.AlreadyCited`), so adding a citation
    twice writes it once.
    """

    action: ClassVar[str] = "addCitation"
    base: ClassVar[URIRef] = NRG.Citation
    default_file: ClassVar[str] = ""
    amends: ClassVar[bool] = True

    record: str
    citation: CitationInput

    def block(self, refs: References) -> Block:
        record, kind = refs.instance_of_any(self.record, (NRG.StatusChange, NRG.Event), "status change or event")
        citation = self.citation.nested(refs)
        values = dict(citation.statements)
        source, locator = str(values[NRG.source]), str(values[NRG.locator])
        if refs.cites(record, source, locator):
            raise AlreadyCited(
                f"<{record}> ({slug_of(record)}) already cites {slug_of(source)} at {locator!r}: "
                "the citation is there once; nothing was written"
            )
        return Block(record, ((NRG.citation, (citation,)),), kind)


EDIT_TYPES: dict[str, type[Edit]] = {
    kind.action: kind
    for kind in (RecordStatusChange, AddChannel, AddAgreement, AddActor, AddEvent, AddSource, AddCitation)
}
"""Every edit by its action name."""
