"""Accepting and rejecting proposals.

An accepted status change becomes the :class:`~nrgraph.editing.RecordStatusChange` that
``nrgraph record`` would build from the same values, citation included (the document's
source, the paragraph locator, the quote as ``nrg:wording`` and the proposal's note), and is
applied by the editor: validated, written atomically and audited. A curator may change the
status or the dates first. A proposal that confirms a curated fact is not recorded again (the
data cites such evidence on the existing record; the editor does not add citations to
existing records yet), so accepting one unchanged is refused with that advice. Events and
new resources need words a curator writes (a slug, a label, a description), so they are
accepted with those given. A rejected proposal is removed
and nothing is written to the data.
"""

from __future__ import annotations

from dataclasses import dataclass

from nrgraph.editing import AddEvent, CitationInput, Edit, Editor, EditResult, RecordStatusChange
from nrgraph.errors import InvalidInput
from nrgraph.ingest.proposals import Proposal
from nrgraph.ingest.store import ProposalStore

__all__ = ["Changes", "accept", "reject", "to_edit"]


@dataclass(frozen=True)
class Changes:
    """What a curator changes before accepting: status, dates, and the words of an event."""

    status: str | None = None
    effective: str | None = None
    announced: str | None = None
    slug: str | None = None
    label: str | None = None
    description: str | None = None


def to_edit(proposal: Proposal, source: str | None, changes: Changes = Changes()) -> Edit:
    """The edit that accepting ``proposal`` (with ``changes``) applies."""
    if not source:
        raise InvalidInput(
            f"proposal {proposal.id} has no source to cite: add the document with 'nrgraph add source' "
            "and ingest it again with --source SLUG"
        )
    if proposal.relation == "confirms" and not (changes.status or changes.effective):
        raise InvalidInput(
            f"proposal {proposal.id} confirms what the graph holds ({', '.join(proposal.existing)}): recording it "
            f"again would repeat it; cite {source} {proposal.locator} on that record, then reject the proposal"
        )
    citation = CitationInput(source=source, locator=proposal.locator, wording=proposal.wording, note=proposal.note)
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
    """Apply the proposal through ``editor`` and remove it from the store."""
    stored, proposal = store.find(proposal_id)
    result = editor.apply(to_edit(proposal, stored.source, changes), who=who, request_id=request_id)
    store.remove(proposal_id)
    return result


def reject(store: ProposalStore, proposal_id: str) -> Proposal:
    """Remove the proposal; nothing is written to the data."""
    _stored, proposal = store.find(proposal_id)
    store.remove(proposal_id)
    return proposal
