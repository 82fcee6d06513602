"""The ``auditLog`` root: the accepted edits, newest first, for holders of an edit token."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Annotated

import strawberry

from nrgraph.editing import AuditLog, AuditRecord
from nrgraph.editing.references import References
from nrgraph.errors import AuthenticationRequired, InvalidInput
from nrgraph.fuzzydate import FuzzyDate as _FuzzyDate
from nrgraph.graphql.context import Info
from nrgraph.graphql.resolve import direct
from nrgraph.graphql.scalars import FuzzyDate

__all__ = ["AuditEntry", "AuditQuery"]

MAX_ENTRIES = 100


@strawberry.type(description="One accepted edit, as the audit log recorded it.")
class AuditEntry:
    time: str = strawberry.field(description="When the edit was accepted (UTC, ISO 8601).")
    who: str = strawberry.field(description="The name of the edit token (cli:<login> for the command line).")
    action: str = strawberry.field(description="recordStatusChange, addChannel, addAgreement, addActor, ...")
    iri: str = strawberry.field(description="The new resource.")
    file: str = strawberry.field(description="The data file written.")
    request_id: str
    refers_to: list[str] = strawberry.field(description="The resources the new one refers to.")
    fields: str = strawberry.field(description="The edit's input, as a JSON object.")

    @classmethod
    def from_record(cls, record: AuditRecord) -> AuditEntry:
        return cls(
            time=record.time, who=record.who, action=record.action, iri=record.iri, file=record.file,
            request_id=record.request_id, refers_to=list(record.refers_to),
            fields=json.dumps(record.fields, ensure_ascii=False, sort_keys=True),
        )


def _moment(date: _FuzzyDate | None, *, end: bool) -> dt.datetime | None:
    if date is None:
        return None
    day = date.latest if end else date.earliest
    return dt.datetime.combine(day, dt.time.max if end else dt.time.min, tzinfo=dt.UTC)


@strawberry.type
class AuditQuery:
    @strawberry.field(description="The audit log of edits, newest first. Needs an edit token, like the mutations.")
    @direct
    def audit_log(
        self,
        info: Info,
        who: str | None = None,
        subject: Annotated[str | None, strawberry.argument(description="Edits of or about this resource.")] = None,
        action: str | None = None,
        since: FuzzyDate | None = None,
        until: FuzzyDate | None = None,
        first: Annotated[int, strawberry.argument(description=f"At most this many (1 to {MAX_ENTRIES}).")] = 20,
    ) -> list[AuditEntry]:
        context = info.context
        if context.editor is None:
            raise AuthenticationRequired("the audit log needs an edit token: send 'Authorization: Bearer <token>'")
        if not 1 <= first <= MAX_ENTRIES:
            raise InvalidInput(f"first must be from 1 to {MAX_ENTRIES}, not {first}")
        records = AuditLog(Path(context.settings.audit_dir)).records(
            who=who,
            iri=str(References.iri(subject)) if subject else None,
            action=action,
            since=_moment(since, end=False),
            until=_moment(until, end=True),
            limit=first,
        )
        return [AuditEntry.from_record(r) for r in records]
