"""A proposal read from a new document, with its evidence and its relation to the graph."""

from __future__ import annotations

import strawberry

from nrgraph.graphql.types.connection import PageInfo
from nrgraph.ingest.proposals import Proposal as _Proposal
from nrgraph.ingest.store import StoredDocument

__all__ = ["Proposal", "ProposalConnection", "ProposalDocument", "ProposalEdge"]


@strawberry.type(description="A fact a document suggests, waiting for a curator: accept it or reject it.")
class Proposal:
    id: str = strawberry.field(description="Its id, for acceptProposal and rejectProposal.")
    kind: str = strawberry.field(description="statusChange, event or newResource.")
    document: str = strawberry.field(description="The document's file name.")
    source: str | None = strawberry.field(description="The curated source the document is cited as.")
    locator: str = strawberry.field(description="The paragraph, P<n>, counted as the data's locators are.")
    start: int = strawberry.field(description="The supporting sentence's first character in the document.")
    end: int = strawberry.field(description="One past its last character.")
    passage: str = strawberry.field(description="The supporting sentence.")
    wording: str = strawberry.field(description="A quote of at most 12 words, for nrg:wording.")
    confidence: float = strawberry.field(description="0 to 1.")
    how: str = strawberry.field(description="How it was found: the cue, the name matched, the date and where.")
    note: str | None = strawberry.field(description="A date resolved or rounded, an announcement.")
    relation: str = strawberry.field(description="confirms, new or conflicts.")
    existing: list[str] = strawberry.field(description="The curated facts it confirms or conflicts with.")
    existing_summary: str = strawberry.field(description="Those facts in words, to show beside it.")
    summary: str = strawberry.field(description="What is proposed, in one line.")
    subject: str | None = None
    status: str | None = None
    effective: str | None = strawberry.field(default=None, description="The date (the event's date for an event).")
    announced: str | None = None
    party: str | None = None
    event_kind: str | None = None
    participants: list[str] = strawberry.field(default_factory=list)
    about: list[str] = strawberry.field(default_factory=list)
    label: str | None = None
    role: str | None = strawberry.field(default=None, description="For a new resource: actor, channel or agreement.")

    @classmethod
    def of(cls, stored: StoredDocument, p: _Proposal) -> Proposal:
        return cls(
            id=p.id, kind=p.kind, document=p.document, source=stored.source, locator=p.locator, start=p.start,
            end=p.end, passage=stored.document.text[p.start:p.end], wording=p.wording, confidence=p.confidence,
            how=p.how, note=p.note, relation=p.relation, existing=list(p.existing),
            existing_summary=p.existing_summary, summary=p.summary(), subject=p.subject, status=p.status,
            effective=p.effective, announced=p.announced, party=p.party, event_kind=p.event_kind,
            participants=list(p.participants), about=list(p.about), label=p.label, role=p.role,
        )


@strawberry.type(description="One proposal of a page, with its cursor.")
class ProposalEdge:
    cursor: str
    node: Proposal


@strawberry.type(description="A page of the proposals waiting for review (a Relay connection).")
class ProposalConnection:
    edges: list[ProposalEdge]
    page_info: PageInfo
    total_count: int


@strawberry.type(description="A document read for proposals: its text, to show them in place.")
class ProposalDocument:
    id: str = strawberry.field(description="The document's graph name: graph:proposals/<id>.")
    name: str
    date: str | None = strawberry.field(description="The date its relative dates were resolved against.")
    source: str | None
    text: str = strawberry.field(description="The text as read; proposals' start and end are offsets in it.")
    proposals: list[Proposal]

    @classmethod
    def of(cls, stored: StoredDocument) -> ProposalDocument:
        document = stored.document
        return cls(
            id=stored.stem, name=document.name, date=str(document.date) if document.date else None,
            source=stored.source, text=document.text, proposals=[Proposal.of(stored, p) for p in stored.proposals],
        )
