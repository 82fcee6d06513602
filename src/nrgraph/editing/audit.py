"""The append-only audit log of edits: one JSON line per accepted edit, fsynced.

The log is ``<audit_dir>/edits.jsonl``. Each line records who made the edit (the name of
their token, or ``cli:<user>``), when (UTC), what (the action, the new resource's IRI, the
file written and the edit's fields) and the request id. Lines are only ever appended, each
with one ``write`` on a descriptor opened with ``O_APPEND`` and then fsynced. A line torn by
a crash is skipped when reading (it belonged to an edit that was never acknowledged).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import re
from collections.abc import Iterator, Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from nrgraph.editing.atomic import fsync_folder
from nrgraph.errors import WriteFailed

__all__ = ["LOG_NAME", "REQUEST_ID_RULE", "AuditLog", "AuditRecord", "is_request_id", "utc_now"]

LOG_NAME = "edits.jsonl"

_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")
REQUEST_ID_RULE = "1 to 128 letters, digits, '.', '_', ':' or '-'"
"""What a request id given by a client (``X-Request-Id``, ``--request-id``) may be."""


def is_request_id(text: str) -> bool:
    """Whether ``text`` is a request id a client may give (see :data:`REQUEST_ID_RULE`).

    >>> is_request_id("nrc-2025-03"), is_request_id("two words"), is_request_id("")
    (True, False, False)
    """
    return _REQUEST_ID.fullmatch(text) is not None
_log = logging.getLogger(__name__)


@dataclass(frozen=True)
class AuditRecord:
    """One accepted edit."""

    time: str
    who: str
    action: str
    iri: str
    file: str
    request_id: str
    fields: Mapping[str, Any] = field(default_factory=dict)
    refers_to: tuple[str, ...] = ()
    """The curated IRIs the new block refers to (a change's subject, its parties, sources...)."""

    def to_json(self) -> str:
        """The record as one line of JSON (no newline)."""
        return json.dumps(asdict(self), ensure_ascii=False, sort_keys=True, separators=(",", ":"))

    @classmethod
    def from_json(cls, line: str) -> AuditRecord:
        """Read a line written by :meth:`to_json`; ``ValueError`` if it is not one."""
        raw = json.loads(line)
        if not isinstance(raw, dict):
            raise ValueError("an audit record is a JSON object")
        return cls(
            time=str(raw["time"]),
            who=str(raw["who"]),
            action=str(raw["action"]),
            iri=str(raw["iri"]),
            file=str(raw["file"]),
            request_id=str(raw["request_id"]),
            fields=dict(raw.get("fields") or {}),
            refers_to=tuple(str(i) for i in raw.get("refers_to") or ()),
        )

    @property
    def timestamp(self) -> dt.datetime:
        """:attr:`time` as an aware datetime."""
        return dt.datetime.fromisoformat(self.time)


def utc_now() -> str:
    """The current UTC time as ISO 8601 with microseconds."""
    return dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")


class AuditLog:
    """The audit log in ``folder``; create the folder on first use."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.path = folder / LOG_NAME

    def open(self) -> int:
        """Open the log for appending, creating it if needed; :class:`WriteFailed` if it cannot be.

        The editor opens the log before writing any data file, so that an unwritable log
        refuses the edit before anything changes.
        """
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            created = not self.path.exists()
            fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
            if created:
                fsync_folder(self.folder)
            return fd
        except OSError as error:
            raise WriteFailed(f"cannot open the audit log {self.path}: {error.strerror or error}") from error

    def append(self, fd: int, record: AuditRecord) -> None:
        """Append ``record`` through ``fd`` (from :meth:`open`) and fsync; :class:`WriteFailed` on error."""
        line = (record.to_json() + "\n").encode()
        try:
            written = os.write(fd, line)
            if written != len(line):
                raise OSError(28, f"short write ({written} of {len(line)} bytes)")
            os.fsync(fd)
        except OSError as error:
            raise WriteFailed(f"cannot append to the audit log {self.path}: {error.strerror or error}") from error

    def __iter__(self) -> Iterator[AuditRecord]:
        """Every record, oldest first; unreadable (torn) lines are skipped with a warning."""
        try:
            handle = self.path.open(encoding="utf-8")
        except FileNotFoundError:
            return
        with handle:
            for number, line in enumerate(handle, 1):
                if not line.strip():
                    continue
                try:
                    yield AuditRecord.from_json(line)
                except (ValueError, KeyError) as error:
                    _log.warning("%s:%d: skipping an unreadable audit line (%s)", self.path, number, error)

    def by_request(self, request_id: str) -> list[AuditRecord]:
        """The records of the edits made by the request ``request_id`` (one per mutation), oldest first.

        It reads the whole log (one scan, about a millisecond per thousand edits).
        """
        return [record for record in self if record.request_id == request_id]

    def records(
        self,
        *,
        who: str | None = None,
        iri: str | None = None,
        action: str | None = None,
        since: dt.datetime | None = None,
        until: dt.datetime | None = None,
        limit: int | None = None,
    ) -> list[AuditRecord]:
        """The matching records, newest first, at most ``limit`` of them.

        ``iri`` matches the new resource and any resource it refers to (a status change's
        subject, say); ``since`` and ``until`` are inclusive and must be aware.
        """
        found = []
        for record in self:
            if who is not None and record.who != who:
                continue
            if action is not None and record.action != action:
                continue
            if iri is not None and record.iri != iri and iri not in record.refers_to:
                continue
            if since is not None and record.timestamp < since:
                continue
            if until is not None and record.timestamp > until:
                continue
            found.append(record)
        found.reverse()
        return found[:limit] if limit is not None else found

