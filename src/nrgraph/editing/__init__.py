"""Keeping the record current: validated, atomic, serialised and audited edits.

>>> editor = Editor.from_settings(kg, settings)                          # doctest: +SKIP
>>> editor.apply(RecordStatusChange("nato-russia-council", "suspended", "2025-03",
...     CitationInput("https://example.org/statement", "para. 2")), who="cli:me")  # doctest: +SKIP
>>> editor.apply(AddCitation("sc-nato-russia-council-2014-04-01-suspended",
...     CitationInput("src-nrc-2002", "P4", wording="suspended")), who="cli:me")  # doctest: +SKIP

Modules: :mod:`~nrgraph.editing.edits` (what an edit says), :mod:`~nrgraph.editing.references`
(resolving what it names), :mod:`~nrgraph.editing.turtle_writer` (the new block in its
file), :mod:`~nrgraph.editing.checks` (shapes and history rules for an addition),
:mod:`~nrgraph.editing.atomic` (durable writes, the lock), :mod:`~nrgraph.editing.audit`
(the audit log), :mod:`~nrgraph.editing.editor` (all of it, in order),
:mod:`~nrgraph.web.tokens` (who may edit over HTTP), :mod:`~nrgraph.web.freshness`
(server workers follow edits made elsewhere) and :mod:`~nrgraph.cli.editing` (the CLI).
"""

from __future__ import annotations

from nrgraph.editing.audit import AuditLog, AuditRecord
from nrgraph.editing.editor import Editor, EditResult, cli_identity
from nrgraph.editing.edits import (
    EDIT_TYPES,
    AddActor,
    AddAgreement,
    AddChannel,
    AddCitation,
    AddEvent,
    AddSource,
    CitationInput,
    Edit,
    RecordStatusChange,
)

__all__ = [
    "EDIT_TYPES",
    "AddActor",
    "AddAgreement",
    "AddChannel",
    "AddCitation",
    "AddEvent",
    "AddSource",
    "AuditLog",
    "AuditRecord",
    "CitationInput",
    "Edit",
    "EditResult",
    "Editor",
    "RecordStatusChange",
    "cli_identity",
]
