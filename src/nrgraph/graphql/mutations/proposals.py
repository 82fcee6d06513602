"""``acceptProposal`` and ``rejectProposal``: reviewing what new documents suggest, under the
same token rules as the other edits. An accepted proposal is applied by the editor exactly as
``recordStatusChange`` (or ``addEvent``; for a confirmation of a curated fact, ``addCitation``)
would apply it; a rejected one leaves nothing behind."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import strawberry

from nrgraph.catalogue.resources import Catalogue
from nrgraph.editing import Editor
from nrgraph.errors import AccessDenied, AuthenticationRequired, NrgraphError
from nrgraph.graphql.context import Info
from nrgraph.graphql.loaders import Records
from nrgraph.graphql.mutations.editing import EditError, EditReceipt, receipt, refusal
from nrgraph.ingest.review import Changes, accept, reject
from nrgraph.ingest.store import ProposalStore

__all__ = ["ProposalMutation"]


@strawberry.input(description="What to change before accepting: the status, the dates, an event's own words.")
class ProposalChanges:
    status: str | None = None
    effective: str | None = None
    announced: str | None = None
    slug: str | None = strawberry.field(default=None, description="For an event: its slug.")
    label: str | None = strawberry.field(default=None, description="For an event: its label.")
    description: str | None = strawberry.field(default=None, description="For an event: what happened.")


@strawberry.type(description="An accepted proposal: what the editor wrote.")
class ProposalAccepted:
    id: str
    iri: str
    receipt: EditReceipt


@strawberry.type(description="A rejected proposal: removed, nothing written.")
class ProposalRejected:
    id: str


AcceptProposalResult = Annotated[ProposalAccepted | EditError, strawberry.union("AcceptProposalResult")]
RejectProposalResult = Annotated[ProposalRejected | EditError, strawberry.union("RejectProposalResult")]


def _store(info: Info) -> ProposalStore:
    if info.context.editor is None:
        raise AuthenticationRequired("reviewing proposals needs an edit token: send 'Authorization: Bearer <token>'")
    return ProposalStore(Path(info.context.settings.proposals_dir))


@strawberry.type
class ProposalMutation:
    @strawberry.mutation(
        description="Accept a proposal: the editor writes it, citing its document and paragraph "
        "(a confirmation: the citation is added to the fact it confirms; iri is that fact's)."
    )
    def accept_proposal(self, info: Info, id: str, changes: ProposalChanges | None = None) -> AcceptProposalResult:
        store = _store(info)
        context = info.context
        given = Changes(**vars(changes)) if changes is not None else Changes()
        try:
            editor = Editor.from_settings(context.kg, context.settings)
            result = accept(store, editor, id, who=context.editor or "", changes=given, request_id=context.request_id)
        except AccessDenied:
            raise
        except NrgraphError as error:
            return refusal(error)
        context.records = Records(Catalogue(context.kg.store))
        return ProposalAccepted(id=id, iri=result.iri, receipt=receipt(result))

    @strawberry.mutation(description="Reject a proposal: it is removed and nothing is written to the data.")
    def reject_proposal(self, info: Info, id: str) -> RejectProposalResult:
        store = _store(info)
        try:
            reject(store, id)
        except NrgraphError as error:
            return refusal(error)
        return ProposalRejected(id=id)
