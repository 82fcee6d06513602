"""Accepting and rejecting proposals.

An accepted status change becomes the :class:`~nrgraph.editing.RecordStatusChange` that
``nrgraph record`` would build from the same values, citation included (the document's
source, the paragraph locator, the quote as ``nrg:wording`` and the proposal's note), and is
applied by the editor: validated, written atomically and audited. A curator may change the
status or the dates first. A proposal that confirms a curated fact is not recorded again:
accepting it unchanged cites the document on the record it confirms, with the
:class:`~nrgraph.editing.AddCitation` that ``nrgraph cite`` would build from the same values
(a confirmation of several records cites each, one edit per record; a record that already
cites the document at that paragraph is left as it is, and if all do, the acceptance is
refused as :class:`~nrgraph.errors.AlreadyCited`). A proposal that conflicts with a curated
fact is accepted as the status change it proposes, beside the fact it conflicts with, as
``nrgraph record`` would write it (the history rules still apply). Events and new resources
need words a curator writes (a slug, a label, a description), so they are accepted with
those given. An accepted proposal is removed from the store; a rejected one too, and nothing
is written to the data.
"""

from __future__ import annotations

from dataclasses import dataclass

from nrgraph.editing import AddCitation, AddEvent, CitationInput, Edit, Editor, EditResult, RecordStatusChange
from nrgraph.errors import AlreadyCited, InvalidInput
from nrgraph.ingest.proposals import Proposal
from nrgraph.ingest.store import ProposalStore

__all__ = ["Changes", "accept", "reject", "to_edits"]


@dataclass(frozen=True)
class Changes:
    """What a curator changes before accepting: status, dates, and the words of an event."""

    status: str | None = None
    effective: str | None = None
    announced: str | None = None
    slug: str | None = None
    label: str | None = None
    description: str | None = None


def to_edits(proposal: Proposal, source: str | None, changes: Changes = Changes()) -> tuple[Edit, ...]:
    """The edits that accepting ``proposal`` (with ``changes``) applies: one, or one citation per
    record a confirmation confirms."""
    if not source:
        raise InvalidInput(
            f"proposal {proposal.id} has no source to cite: add the document with 'nrgraph add source' "
            "and ingest it again with --source SLUG"
        )
    citation = CitationInput(source=source, locator=proposal.locator, wording=proposal.wording, note=proposal.note)
    if proposal.relation == "confirms" and proposal.existing and not (changes.status or changes.effective):
        return tuple(AddCitation(record=record, citation=citation) for record in proposal.existing)
    return (_new_fact(proposal, source, citation, changes),)


def _new_fact(proposal: Proposal, source: str, citation: CitationInput, changes: Changes) -> Edit:
    """The edit recording what ``proposal`` proposes as a new fact."""
    if proposal.kind == "statusChange":
        assert proposal.subject is not None
        assert proposal.status is not None
        assert proposal.effective is not None
        return RecordStatusChange(
            subject=proposal.subject,
            status=(changes.status or proposal.status).lower(),
            effective=changes.effective or proposal.effective,
            announced=changes.announced or proposal.announced,
            parties=(proposal.party,) if proposal.party else (),
            citation=citation,
        )
    if proposal.kind == "event":
        if not (changes.slug and changes.label and changes.description):
            raise InvalidInput(
                f"accepting event proposal {proposal.id} needs a slug, a label and a description in your own words"
            )
        return AddEvent(
            slug=changes.slug, kind=proposal.event_kind or "event", label=changes.label,
            description=changes.description, date=changes.effective or proposal.effective or "",
            citation=citation, participants=proposal.participants, about=proposal.about,
        )
    raise InvalidInput(
        f"proposal {proposal.id} is a candidate new {proposal.role} ({proposal.label!r}): add it with "
        f"'nrgraph add {proposal.role}', citing {source} {proposal.locator}, then reject the proposal"
    )


def accept(
    store: ProposalStore, editor: Editor, proposal_id: str, *, who: str, changes: Changes = Changes(),
    request_id: str | None = None,
) -> EditResult:
    """Apply the proposal through ``editor`` and remove it from the store.

    Returns the result of its first edit that wrote something (a confirmation's records that
    already cite the document are passed over; :class:`AlreadyCited` if every one does).
    """
    stored, proposal = store.find(proposal_id)
    results: list[EditResult] = []
    refusals: list[AlreadyCited] = []
    for edit in to_edits(proposal, stored.source, changes):
        try:
            results.append(editor.apply(edit, who=who, request_id=request_id))
        except AlreadyCited as error:
            refusals.append(error)
    if not results:
        raise AlreadyCited(
            f"proposal {proposal_id} adds nothing: {'; '.join(str(e) for e in refusals)}. "
            "Reject the proposal to clear it"
        )
    store.remove(proposal_id)
    return results[0]


def reject(store: ProposalStore, proposal_id: str) -> Proposal:
    """Remove the proposal; nothing is written to the data."""
    _stored, proposal = store.find(proposal_id)
    store.remove(proposal_id)
    return proposal
