"""The editing mutations: ``recordStatusChange``, ``addChannel``, ``addAgreement``,
``addActor``, ``addEvent``, ``addSource`` and ``addCitation``.

Thin resolvers over :class:`nrgraph.editing.Editor`: each turns its input into an edit,
applies it as the editor the HTTP layer authenticated (``info.context.editor``), and returns
the new object with a receipt, or an :class:`EditError` naming what was refused (expected
failures are part of the schema). The HTTP layer has already refused a request without a
valid token (401/403) before any resolver runs; the resolvers check again, for in-process
callers.
"""

from __future__ import annotations

from typing import Annotated, Any, TypeVar

import strawberry

from nrgraph.catalogue.resources import Catalogue
from nrgraph.editing import (
    AddActor,
    AddAgreement,
    AddChannel,
    AddCitation,
    AddEvent,
    AddSource,
    Edit,
    Editor,
    EditResult,
    RecordStatusChange,
)
from nrgraph.editing import CitationInput as _Citation
from nrgraph.errors import AccessDenied, AuthenticationRequired, EditRejected, NrgraphError
from nrgraph.graphql.context import Info
from nrgraph.graphql.loaders import Records
from nrgraph.graphql.resolve import nodes
from nrgraph.graphql.scalars import FuzzyDate
from nrgraph.graphql.types.actor import Actor
from nrgraph.graphql.types.agreement import Agreement
from nrgraph.graphql.types.channel import Channel
from nrgraph.graphql.types.cited import Cited
from nrgraph.graphql.types.event import Event
from nrgraph.graphql.types.kinds import ActorKind, AgreementKind, ChannelKind, EventKind
from nrgraph.graphql.types.source import Source
from nrgraph.graphql.types.status import Status
from nrgraph.graphql.types.status_change import StatusChange

__all__ = ["EditError", "EditReceipt", "EditingMutation", "receipt", "refusal"]

T = TypeVar("T")


@strawberry.input(description="Where a fact comes from.")
class CitationInput:
    source: str = strawberry.field(description="The source: slug, id:slug, IRI, or the URL recorded as its nrg:url.")
    locator: str = strawberry.field(description="Where in the source: paragraph, section or page.")
    wording: str | None = strawberry.field(
        default=None, description="The source's own word or short phrase (at most 12 words, 80 characters)."
    )
    note: str | None = strawberry.field(default=None, description="A curator's note on the citation.")

    def to_edit(self) -> _Citation:
        return _Citation(self.source, self.locator, self.wording, self.note)


@strawberry.input(description="A new dated status of a channel or an agreement.")
class RecordStatusChangeInput:
    subject: str = strawberry.field(description="The channel or agreement: slug, id:slug or IRI.")
    status: Status
    effective: FuzzyDate
    citation: CitationInput
    announced: FuzzyDate | None = None
    parties: list[str] = strawberry.field(default_factory=list, description="The parties it concerns (default: all).")
    actor: str | None = strawberry.field(default=None, description="The actor who made the change.")
    cause: str | None = strawberry.field(default=None, description="The event that caused it.")
    sequence: int | None = strawberry.field(default=None, description="Order among changes on the same date.")
    confidence: float | None = strawberry.field(default=None, description="How sure the record is, 0 to 1.")
    allow_unusual_date: bool = strawberry.field(
        default=False,
        description="Accept a date more than 100 years before the subject's history starts or over a year ahead.",
    )


@strawberry.input(description="A new channel between two or more actors.")
class AddChannelInput:
    slug: str
    kind: ChannelKind
    label: str
    description: str
    endpoints: list[str]
    citation: CitationInput
    established_by: str | None = None
    hosted_by: str | None = None
    fallback_for: str | None = None
    part_of: str | None = None


@strawberry.input(description="A new agreement between two or more parties.")
class AddAgreementInput:
    slug: str
    kind: AgreementKind
    label: str
    description: str
    parties: list[str]
    citation: CitationInput


@strawberry.input(description="A new actor: a state, an organisation, a body or a person.")
class AddActorInput:
    slug: str
    kind: ActorKind
    label: str
    citation: CitationInput
    part_of: str | None = None
    member_of: list[str] = strawberry.field(default_factory=list)


@strawberry.input(description="A new dated event.")
class AddEventInput:
    slug: str
    kind: EventKind
    label: str
    description: str
    date: FuzzyDate
    citation: CitationInput
    end_date: FuzzyDate | None = None
    participants: list[str] = strawberry.field(default_factory=list)
    about: list[str] = strawberry.field(default_factory=list)


@strawberry.input(description="A new bibliographic record, with a creator or a publisher.")
class AddSourceInput:
    slug: str
    label: str
    title: str
    publisher: str | None = None
    creator: str | None = None
    date: FuzzyDate | None = None
    url: str | None = None


@strawberry.input(description="One more citation of an existing status change or event.")
class AddCitationInput:
    record: str = strawberry.field(description="The status change or event: slug, id:slug or IRI.")
    citation: CitationInput


@strawberry.type(description="What was written, by whom, when: the edit's audit record.")
class EditReceipt:
    iri: str
    file: str = strawberry.field(description="The data file the new block was written to.")
    who: str = strawberry.field(description="The name of the edit token.")
    time: str = strawberry.field(description="When the edit was accepted (UTC, ISO 8601).")
    request_id: str
    already_applied: bool = strawberry.field(
        description="This edit was already made under this X-Request-Id: its first receipt; nothing new was written."
    )


@strawberry.type(description="One thing wrong with a refused edit.")
class EditProblem:
    message: str
    node: str | None = None
    file: str | None = None
    severity: str = "error"


@strawberry.type(description="A refused edit: nothing was written. `code` is an nrgraph error code.")
class EditError:
    code: str = strawberry.field(
        description="EDIT_REJECTED, ALREADY_EXISTS, ALREADY_CITED, NOT_FOUND, BAD_USER_INPUT, WRITE_FAILED."
    )
    message: str
    problems: list[EditProblem]


@strawberry.type
class StatusChangeRecorded:
    status_change: StatusChange
    receipt: EditReceipt


@strawberry.type
class ChannelAdded:
    channel: Channel
    receipt: EditReceipt


@strawberry.type
class AgreementAdded:
    agreement: Agreement
    receipt: EditReceipt


@strawberry.type
class ActorAdded:
    actor: Actor
    receipt: EditReceipt


@strawberry.type
class EventAdded:
    event: Event
    receipt: EditReceipt


@strawberry.type
class SourceAdded:
    source: Source
    receipt: EditReceipt


@strawberry.type(description="A citation added to a record: the record with all its citations, and the receipt.")
class CitationAdded:
    record: Cited
    receipt: EditReceipt


RecordStatusChangeResult = Annotated[StatusChangeRecorded | EditError, strawberry.union("RecordStatusChangeResult")]
AddChannelResult = Annotated[ChannelAdded | EditError, strawberry.union("AddChannelResult")]
AddAgreementResult = Annotated[AgreementAdded | EditError, strawberry.union("AddAgreementResult")]
AddActorResult = Annotated[ActorAdded | EditError, strawberry.union("AddActorResult")]
AddEventResult = Annotated[EventAdded | EditError, strawberry.union("AddEventResult")]
AddSourceResult = Annotated[SourceAdded | EditError, strawberry.union("AddSourceResult")]
AddCitationResult = Annotated[CitationAdded | EditError, strawberry.union("AddCitationResult")]


def _apply(info: Info, edit: Edit) -> EditResult | EditError:
    """Apply ``edit`` as the authenticated editor; a refusal becomes an :class:`EditError`."""
    context = info.context
    if context.editor is None:
        raise AuthenticationRequired("editing needs an edit token: send 'Authorization: Bearer <token>'")
    try:
        result = Editor.from_settings(context.kg, context.settings).apply(
            edit, who=context.editor, request_id=context.request_id
        )
    except AccessDenied:
        raise
    except NrgraphError as error:
        return refusal(error)
    context.records = Records(Catalogue(context.kg.store))  # read the new object from the new data
    return result


def refusal(error: NrgraphError) -> EditError:
    """A refused edit as the schema's :class:`EditError`, every problem listed."""
    if isinstance(error, EditRejected):
        problems = [
            EditProblem(message=p.message, node=p.node, file=p.file, severity=p.severity) for p in error.problems
        ]
        return EditError(code=error.code, message=str(error).split("\n", 1)[0], problems=problems)
    return EditError(code=error.code, message=str(error), problems=[])


def receipt(result: EditResult) -> EditReceipt:
    record = result.record
    return EditReceipt(
        iri=result.iri, file=record.file, who=record.who, time=record.time, request_id=record.request_id,
        already_applied=result.already_applied,
    )


def _new(info: Info, result: EditResult, kind: type[T]) -> T:
    (found,) = nodes(info, [result.iri], kind)
    return found


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


@strawberry.type
class EditingMutation:
    @strawberry.mutation(description="Record a status change of a channel or an agreement.")
    def record_status_change(self, info: Info, input: RecordStatusChangeInput) -> RecordStatusChangeResult:
        result = _apply(info, RecordStatusChange(
            subject=input.subject, status=input.status.value, effective=str(input.effective),
            citation=input.citation.to_edit(), announced=_text(input.announced), parties=tuple(input.parties),
            actor=input.actor, cause=input.cause, sequence=input.sequence, confidence=_text(input.confidence),
            allow_unusual_date=input.allow_unusual_date,
        ))
        if isinstance(result, EditError):
            return result
        return StatusChangeRecorded(status_change=_new(info, result, StatusChange), receipt=receipt(result))

    @strawberry.mutation(description="Add a channel.")
    def add_channel(self, info: Info, input: AddChannelInput) -> AddChannelResult:
        result = _apply(info, AddChannel(
            slug=input.slug, kind=input.kind.value, label=input.label, description=input.description,
            endpoints=tuple(input.endpoints), citation=input.citation.to_edit(), established_by=input.established_by,
            hosted_by=input.hosted_by, fallback_for=input.fallback_for, part_of=input.part_of,
        ))
        if isinstance(result, EditError):
            return result
        return ChannelAdded(channel=_new(info, result, Channel), receipt=receipt(result))

    @strawberry.mutation(description="Add an agreement.")
    def add_agreement(self, info: Info, input: AddAgreementInput) -> AddAgreementResult:
        result = _apply(info, AddAgreement(
            slug=input.slug, kind=input.kind.value, label=input.label, description=input.description,
            parties=tuple(input.parties), citation=input.citation.to_edit(),
        ))
        if isinstance(result, EditError):
            return result
        return AgreementAdded(agreement=_new(info, result, Agreement), receipt=receipt(result))

    @strawberry.mutation(description="Add an actor.")
    def add_actor(self, info: Info, input: AddActorInput) -> AddActorResult:
        result = _apply(info, AddActor(
            slug=input.slug, kind=input.kind.value, label=input.label, citation=input.citation.to_edit(),
            part_of=input.part_of, member_of=tuple(input.member_of),
        ))
        if isinstance(result, EditError):
            return result
        return ActorAdded(actor=_new(info, result, Actor), receipt=receipt(result))

    @strawberry.mutation(description="Add an event.")
    def add_event(self, info: Info, input: AddEventInput) -> AddEventResult:
        result = _apply(info, AddEvent(
            slug=input.slug, kind=input.kind.value, label=input.label, description=input.description,
            date=str(input.date), citation=input.citation.to_edit(), end_date=_text(input.end_date),
            participants=tuple(input.participants), about=tuple(input.about),
        ))
        if isinstance(result, EditError):
            return result
        return EventAdded(event=_new(info, result, Event), receipt=receipt(result))

    @strawberry.mutation(description="Add a source.")
    def add_source(self, info: Info, input: AddSourceInput) -> AddSourceResult:
        result = _apply(info, AddSource(
            slug=input.slug, label=input.label, title=input.title, publisher=input.publisher,
            creator=input.creator, date=_text(input.date), url=input.url,
        ))
        if isinstance(result, EditError):
            return result
        return SourceAdded(source=_new(info, result, Source), receipt=receipt(result))

    @strawberry.mutation(description="Cite one more source for a status change or an event (not the same one twice).")
    def add_citation(self, info: Info, input: AddCitationInput) -> AddCitationResult:
        result = _apply(info, AddCitation(record=input.record, citation=input.citation.to_edit()))
        if isinstance(result, EditError):
            return result
        return CitationAdded(record=_new(info, result, Cited), receipt=receipt(result))
