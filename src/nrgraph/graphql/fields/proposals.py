"""The ``proposals`` root: what new documents suggest, waiting for review. Like the
mutations and the audit log, it needs an edit token."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import strawberry

from nrgraph.errors import AuthenticationRequired, InvalidInput
from nrgraph.graphql.context import Info
from nrgraph.graphql.types.connection import PageInfo
from nrgraph.graphql.types.proposal import Proposal, ProposalConnection, ProposalDocument, ProposalEdge
from nrgraph.ingest.store import ProposalStore

__all__ = ["ProposalsQuery"]

MAX_PAGE = 100


@strawberry.type
class ProposalsQuery:
    @strawberry.field(description="The proposals read from documents, in reading order. Needs an edit token.")
    def proposals(
        self,
        info: Info,
        document: Annotated[str | None, strawberry.argument(description="Only this document's.")] = None,
        relation: Annotated[str | None, strawberry.argument(description="confirms, new or conflicts.")] = None,
        first: Annotated[int, strawberry.argument(description=f"At most this many (1 to {MAX_PAGE}).")] = 20,
        after: Annotated[str | None, strawberry.argument(description="The endCursor of the previous page.")] = None,
    ) -> ProposalConnection:
        context = info.context
        _require_token(info)
        if not 1 <= first <= MAX_PAGE:
            raise InvalidInput(f"first must be from 1 to {MAX_PAGE}, not {first}")
        found = [
            Proposal.of(stored, p)
            for stored in ProposalStore(Path(context.settings.proposals_dir)).documents()
            if document is None or document in (stored.stem, stored.document.name)
            for p in stored.proposals
            if relation is None or p.relation == relation
        ]
        start = 0
        if after is not None:
            ids = [p.id for p in found]
            if after not in ids:
                raise InvalidInput(f"after {after!r} is not the cursor of a waiting proposal; start without it")
            start = ids.index(after) + 1
        page = found[start:start + first]
        edges = [ProposalEdge(cursor=p.id, node=p) for p in page]
        info_ = PageInfo(
            has_next_page=start + first < len(found), has_previous_page=after is not None,
            start_cursor=edges[0].cursor if edges else None, end_cursor=edges[-1].cursor if edges else None,
        )
        return ProposalConnection(edges=edges, page_info=info_, total_count=len(found))

    @strawberry.field(description="The documents with proposals waiting, with their text. Needs an edit token.")
    def proposal_documents(self, info: Info) -> list[ProposalDocument]:
        _require_token(info)
        return [ProposalDocument.of(s) for s in ProposalStore(Path(info.context.settings.proposals_dir)).documents()]


def _require_token(info: Info) -> None:
    if info.context.editor is None:
        raise AuthenticationRequired("proposals need an edit token: send 'Authorization: Bearer <token>'")
