"""Applying edits: validate first, then write atomically, audit, and swap the graph.

:meth:`Editor.apply` runs one edit under the data folder's lock:

1. catch up with edits other processes made (:meth:`KnowledgeGraph.refresh`);
2. resolve the edit into a Turtle block (unknown references, bad dates and statuses are
   refused here) and choose its file: for a new subject, where such resources are kept; for
   an edit that amends a record (:class:`~nrgraph.editing.edits.AddCitation`), the file
   that holds the record;
3. insert the block into the file's text (or add its statements to the record's block) and
   load the whole dataset with that text in place of the file; the addition must pass the
   SHACL shapes and the history rules and raise no new warning
   (:mod:`nrgraph.editing.checks`); an amendment must add exactly its own triples;
4. open the audit log (an unwritable log refuses the edit now), write the file atomically,
   append the audit record; if the audit append fails, the file is put back;
5. install the validated data in the graph, so that the store and everything derived from
   it reflect the edit before :meth:`apply` returns.

An edit sent again by the same editor with the same request id (a client retrying after a
lost answer or a crash) is not applied twice: if the audit log holds that edit under that
request id, :meth:`apply` returns its result, marked :attr:`EditResult.already_applied`.
The log is on disk, so this holds across restarts. A request may make several edits (several
mutations); each is matched on its own.

Any failure before the audit record is fsynced leaves the files as they were and raises; an
edit is acknowledged only by :meth:`apply` returning.
"""

from __future__ import annotations

import dataclasses
import getpass
import json
import os
import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import URIRef

from nrgraph.config import Settings
from nrgraph.editing.atomic import FolderLock, atomic_write, remove_stale_temporaries
from nrgraph.editing.audit import REQUEST_ID_RULE, AuditLog, AuditRecord, is_request_id, utc_now
from nrgraph.editing.checks import check_addition, check_text
from nrgraph.editing.edits import Edit, RecordStatusChange
from nrgraph.editing.references import References, slug_of
from nrgraph.editing.turtle_writer import Block, amend_block, insert_block, iris, new_file, triple_count
from nrgraph.errors import EditRejected, InvalidInput, LoadError, Problem, ValidationFailed, WriteFailed
from nrgraph.fuzzydate import FuzzyDate
from nrgraph.knowledge_graph import KnowledgeGraph
from nrgraph.loading.files import LoadedData, find_files, graph_name, load, parse_files
from nrgraph.namespaces import DATA, NRG

__all__ = ["EditResult", "Editor", "cli_identity"]


@dataclass(frozen=True)
class EditResult:
    """An acknowledged edit: the new resource, the file written and the audit record."""

    iri: str
    file: Path
    record: AuditRecord
    already_applied: bool = False
    """The request id was already in the audit log: this is the first result, nothing new was written."""


def cli_identity() -> str:
    """Who edits from the command line: ``cli:<login>``."""
    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = str(os.getuid())
    return f"cli:{user}"


class Editor:
    """Edits the files in ``data_dir`` that ``kg`` was loaded from, and keeps ``kg`` current."""

    def __init__(self, kg: KnowledgeGraph, data_dir: Path, audit_dir: Path) -> None:
        self.kg = kg
        self.data_dir = Path(data_dir)
        if self.data_dir not in kg.paths:
            loaded = ", ".join(str(p) for p in kg.paths)
            raise InvalidInput(f"the data folder {self.data_dir} is not among the loaded paths ({loaded})")
        self.audit = AuditLog(Path(audit_dir))
        self.refs = References(kg)

    @classmethod
    def from_settings(cls, kg: KnowledgeGraph, settings: Settings) -> Editor:
        """The editor of the configured data folder, auditing into the configured folder."""
        return cls(kg, Path(settings.data_dir), Path(settings.audit_dir))

    def apply(self, edit: Edit, *, who: str, request_id: str | None = None) -> EditResult:
        """Validate, write, audit and install ``edit``; see the module docstring."""
        if request_id is not None and not is_request_id(request_id):
            shown = request_id if len(request_id) <= 40 else request_id[:40] + "…"
            raise InvalidInput(f"request id {shown!r} is not valid; give {REQUEST_ID_RULE}")
        request = request_id or uuid.uuid4().hex
        with FolderLock(self.data_dir):
            remove_stale_temporaries(self.data_dir)
            self.kg.refresh()
            earlier = self._applied(edit, who, request_id) if request_id is not None else None
            if earlier is not None:
                return EditResult(earlier.iri, self.data_dir / earlier.file, earlier, already_applied=True)
            block = edit.block(self.refs)
            check_text(block)
            old: bytes | None
            if edit.amends:
                target = self._home(block.subject)
                old = target.read_bytes()
                text = amend_block(old.decode("utf-8"), block)
            else:
                target = self._target(edit, block)
                old = target.read_bytes() if target.exists() else None
                text = (
                    insert_block(old.decode("utf-8"), block)
                    if old is not None
                    else new_file(block, f"{slug_of(edit.base)} resources, one block per subject, sorted by IRI.")
                )
            content = text.encode("utf-8")
            data = self._check(target, content, block)
            if edit.amends:
                self._check_amendment(target, data, block)
            audit_fd = self.audit.open()
            try:
                atomic_write(target, content)
                record = AuditRecord(
                    time=utc_now(),
                    who=who,
                    action=edit.action,
                    iri=str(block.subject),
                    file=target.name,
                    request_id=request,
                    fields=edit.fields(),
                    refers_to=_references(block),
                )
                try:
                    self.audit.append(audit_fd, record)
                except WriteFailed:
                    self._restore(target, old)
                    raise
            finally:
                os.close(audit_fd)
            self.kg.install(data)
            return EditResult(str(block.subject), target, record)

    def _applied(self, edit: Edit, who: str, request_id: str) -> AuditRecord | None:
        """The audit record of ``edit`` by ``who`` in the request ``request_id``, if it was applied."""
        fields = json.loads(json.dumps(edit.fields()))  # as the log stores them: tuples are lists
        return next(
            (
                record for record in self.audit.by_request(request_id)
                if (record.action, record.who, dict(record.fields)) == (edit.action, who, fields)
            ),
            None,
        )

    def _restore(self, target: Path, old: bytes | None) -> None:
        """Put a file back as it was before an edit that could not be audited."""
        if old is None:
            target.unlink(missing_ok=True)
        else:
            atomic_write(target, old)

    def _files(self) -> dict[str, Path]:
        """The loaded data files by their named graph."""
        files = self.kg.data.files if self.kg.data is not None else ()
        return {graph_name(f).value: f for f in files if self._in_data_dir(f)}

    def _in_data_dir(self, file: Path) -> bool:
        return file.parent == self.data_dir

    def _home(self, subject: URIRef) -> Path:
        """The data file holding ``subject``'s block (where it is typed), for an edit that adds to it."""
        files = self._files()
        for row in self.kg.select("edit_home_files", iri=ox.NamedNode(str(subject))):
            if row["graph"].value in files:
                return files[row["graph"].value]
        raise EditRejected(
            f"<{subject}> is not defined in a file of {self.data_dir}, so nothing can be added to it there; "
            "nothing was written"
        )

    def _check_amendment(self, target: Path, data: LoadedData, block: Block) -> None:
        """Refuse an amendment whose file gained other triples than the block's (a layout the writer misread)."""
        graph = graph_name(target)
        before = self.kg.data.dataset if self.kg.data is not None else ox.Store()
        gained = len(list(data.dataset.quads_for_pattern(None, None, None, graph))) - len(
            list(before.quads_for_pattern(None, None, None, graph))
        )
        if gained != triple_count(block):
            raise EditRejected(
                f"adding to the block of <{block.subject}> in {target.name} would change {gained} triples instead of "
                f"{triple_count(block)}; nothing was written (check the block's layout)"
            )

    def _target(self, edit: Edit, block: Block) -> Path:
        """Where the new block goes.

        A status change goes to the file of its era when the changes are filed by era
        (``status-changes-2014-2026.ttl``), else next to its subject's other changes, else
        with the most changes. Anything else goes to the file with the most resources of
        its own class (``nrg:Person`` -> ``people.ttl``), else of its kind (``nrg:Actor``).
        With none, :attr:`Edit.default_file` is created.
        """
        files = self._files()
        candidates: list[str] = []
        if isinstance(edit, RecordStatusChange):
            all_changes = [r["graph"].value for r in self.kg.select("edit_change_files")]
            era = _era_file([files[g] for g in all_changes if g in files], _year(block))
            if era is not None:
                return era
            subject = next(values[0] for predicate, values in block.statements if predicate == NRG.subject)
            by_subject = self.kg.select("edit_subject_change_files", subject=ox.NamedNode(str(subject)))
            candidates += [r["graph"].value for r in by_subject]
            candidates += all_changes
        else:
            for cls in (block.type, edit.base):
                by_kind = self.kg.select("edit_kind_files", base=ox.NamedNode(str(cls)))
                candidates += [r["graph"].value for r in by_kind]
        for graph in candidates:
            if graph in files:
                return files[graph]
        return self.data_dir / edit.default_file

    def _check(self, target: Path, content: bytes, block: Block) -> LoadedData:
        """Load every file with ``content`` as ``target`` and check the addition (see :mod:`.checks`).

        Raises :class:`EditRejected` listing every problem; returns the data to install.
        """
        try:
            data = load(self.kg.paths, check=False, overrides={target: content})
        except ValidationFailed as error:  # a date or term the loader refuses
            raise _rejected(error.problems) from None
        except LoadError as error:  # the new text does not parse: a value the writer cannot express
            raise EditRejected("the edit cannot be written as Turtle; nothing was written:", error.problems) from None
        _data_files, shape_files = find_files(self.kg.paths)
        shapes = parse_files(shape_files, into_graphs=False)
        before = self.kg.data.quads if self.kg.data is not None else ()
        before_derived = self.kg.data.derived if self.kg.data is not None else ()
        problems = check_addition(before, data.quads, data.derived, shapes, str(block.subject), before_derived)
        if problems:
            raise _rejected(problems)
        return dataclasses.replace(data, warnings=self.kg.data.warnings if self.kg.data is not None else ())


def _rejected(problems: Sequence[Problem]) -> EditRejected:
    count = len(problems)
    return EditRejected(
        f"the edit is refused ({count} problem{'s' if count != 1 else ''}); nothing was written:", problems
    )


def _references(block: Block) -> tuple[str, ...]:
    """The curated resources the block refers to, each once, in order."""
    subject = str(block.subject)
    found = [i for i in iris(block) if i.startswith(str(DATA)) and i != subject]
    return tuple(dict.fromkeys(found))


_ERA = re.compile(r"-(\d{4})-(\d{4})$")


def _year(block: Block) -> int:
    """The year a status change takes effect."""
    effective = next(values[0] for predicate, values in block.statements if predicate == NRG.effective)
    return FuzzyDate.parse(str(effective)).earliest.year


def _era_file(files: list[Path], year: int) -> Path | None:
    """Among files named ``...-FROM-TO.ttl``, the one whose years hold ``year`` (else the nearest)."""
    eras = []
    for file in files:
        match = _ERA.search(file.stem)
        if match:
            start, end = int(match[1]), int(match[2])
            eras.append((0 if start <= year <= end else min(abs(year - start), abs(year - end)), file.name, file))
    return min(eras)[2] if eras else None
