"""The review store: each document's proposals in a named graph of their own,
``graph:proposals/<doc>``, kept as one TriG file per document in the proposals folder
(``NRGRAPH_PROPOSALS_DIR``), never in the curated data.

A proposal stays there until a curator accepts it (the editor writes it to ``data/``) or
rejects it; either way it is removed, so a rejected proposal leaves nothing behind.
"""

from __future__ import annotations

import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD

from nrgraph.errors import NotFound
from nrgraph.fuzzydate import FuzzyDate
from nrgraph.ingest.document import Document
from nrgraph.ingest.proposals import Proposal
from nrgraph.namespaces import GRAPH, PROPOSAL

__all__ = ["ProposalStore", "StoredDocument", "document_stem"]

_SCALARS = {
    "kind": PROPOSAL.kind, "locator": PROPOSAL.locator, "start": PROPOSAL.start, "end": PROPOSAL.end,
    "wording": PROPOSAL.wording, "confidence": PROPOSAL.confidence, "how": PROPOSAL.how,
    "relation": PROPOSAL.relation, "note": PROPOSAL.note, "status": PROPOSAL.status,
    "effective": PROPOSAL.effective, "announced": PROPOSAL.announced, "event_kind": PROPOSAL.eventKind,
    "label": PROPOSAL.label,
}
_IRIS = {"subject": PROPOSAL.subject, "party": PROPOSAL.party, "source": PROPOSAL.source}
_MANY = {"participants": PROPOSAL.participant, "about": PROPOSAL.about, "existing": PROPOSAL.existing}
_SUMMARY = PROPOSAL.existingSummary


def document_stem(name: str) -> str:
    """The document's name as a graph name: ``Report 2021.pdf`` -> ``report-2021-pdf``."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "document"


@dataclass(frozen=True)
class StoredDocument:
    """A document waiting for review: its text and date, and its remaining proposals."""

    stem: str
    document: Document
    source: str | None
    proposals: tuple[Proposal, ...]


class ProposalStore:
    """Proposals in ``folder``, one TriG file (one named graph) per document."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)

    def _path(self, stem: str) -> Path:
        return self.folder / f"{stem}.trig"

    def save(self, document: Document, proposals: list[Proposal], source: str | None = None) -> Path:
        """Write the document's graph, replacing any earlier reading of the same document."""
        stem = document_stem(document.name)
        graph_iri = GRAPH[f"proposals/{stem}"]
        graph = Graph(identifier=graph_iri)
        doc = URIRef(str(graph_iri) + "#document")
        graph.add((doc, RDF.type, PROPOSAL.Document))
        graph.add((doc, PROPOSAL.name, Literal(document.name)))
        graph.add((doc, PROPOSAL.text, Literal(document.text)))
        if document.date is not None:
            graph.add((doc, PROPOSAL.documentDate, Literal(str(document.date))))
        if source:
            graph.add((doc, PROPOSAL.source, Literal(source)))
        for number, proposal in enumerate(proposals, 1):
            node = URIRef(f"{graph_iri}#{proposal.id}")
            graph.add((node, RDF.type, PROPOSAL.Proposal))
            graph.add((node, PROPOSAL.document, doc))
            graph.add((node, PROPOSAL.sequence, Literal(number, datatype=XSD.integer)))
            for name, predicate in _SCALARS.items():
                value = getattr(proposal, name)
                if value is not None:
                    graph.add((node, predicate, Literal(value)))
            if proposal.existing_summary:
                graph.add((node, _SUMMARY, Literal(proposal.existing_summary)))
            for name, predicate in _IRIS.items():
                value = getattr(proposal, name)
                if value:
                    graph.add((node, predicate, URIRef(value) if "://" in value else Literal(value)))
            for name, predicate in _MANY.items():
                for value in getattr(proposal, name):
                    graph.add((node, predicate, URIRef(value)))
            if proposal.role:
                graph.add((node, PROPOSAL.role, Literal(proposal.role)))
        self.folder.mkdir(parents=True, exist_ok=True)
        target = self._path(stem)
        content = f"<{graph_iri}> {{\n{graph.serialize(format='nt')}}}\n"  # TriG: one named graph
        fd, temporary = tempfile.mkstemp(dir=self.folder, prefix=f".{stem}.", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(content)
        os.replace(temporary, target)
        return target

    def documents(self) -> list[StoredDocument]:
        """Every document with proposals left, by name."""
        return [self.load(p.stem) for p in sorted(self.folder.glob("*.trig"))] if self.folder.is_dir() else []

    def load(self, stem: str) -> StoredDocument:
        """The stored reading of one document; :class:`NotFound` if there is none."""
        path = self._path(stem)
        if not path.is_file():
            raise NotFound("document with proposals", stem, f"documents: {', '.join(self.stems()) or 'none'}")
        lines = path.read_text(encoding="utf-8").split("\n")
        if not lines[0].startswith(f"<{GRAPH[f'proposals/{stem}']}>"):
            raise NotFound("document with proposals", stem, f"{path} does not hold graph:proposals/{stem}")
        graph = Graph().parse(data="\n".join(lines[1:-2]), format="nt")
        doc = next(graph.subjects(RDF.type, PROPOSAL.Document))
        date = graph.value(doc, PROPOSAL.documentDate)
        document = Document.from_text(
            str(graph.value(doc, PROPOSAL.name)), str(graph.value(doc, PROPOSAL.text)),
            FuzzyDate.parse(str(date)) if date is not None else None,
        )
        source = graph.value(doc, PROPOSAL.source)
        found = []
        for node in graph.subjects(RDF.type, PROPOSAL.Proposal):
            values: dict[str, object] = {}
            for name, predicate in _SCALARS.items():
                value = graph.value(node, predicate)
                if value is not None:
                    values[name] = _python(value) if name in {"start", "end", "confidence"} else str(value)
            role = graph.value(node, PROPOSAL.role)
            values["role"] = str(role) if role is not None else None
            for name, predicate in _IRIS.items():
                value = graph.value(node, predicate)
                values[name] = str(value) if value is not None else None
            for name, predicate in _MANY.items():
                values[name] = tuple(sorted(str(v) for v in graph.objects(node, predicate)))
            summary = graph.value(node, _SUMMARY)
            values["existing_summary"] = str(summary) if summary is not None else ""
            values["id"] = str(node).rsplit("#", 1)[1]
            values["document"] = document.name
            sequence = graph.value(node, PROPOSAL.sequence)
            found.append((int(str(sequence)) if sequence is not None else 0, Proposal(**values)))  # type: ignore[arg-type]
        proposals = tuple(p for _n, p in sorted(found, key=lambda pair: pair[0]))
        return StoredDocument(stem, document, str(source) if source is not None else None, proposals)

    def stems(self) -> list[str]:
        """The documents with proposals, by stem."""
        return sorted(p.stem for p in self.folder.glob("*.trig")) if self.folder.is_dir() else []

    def find(self, proposal_id: str) -> tuple[StoredDocument, Proposal]:
        """The proposal ``proposal_id`` and its document; :class:`NotFound` if none has it."""
        for stored in self.documents():
            for proposal in stored.proposals:
                if proposal.id == proposal_id:
                    return stored, proposal
        raise NotFound("proposal", proposal_id, "list them with 'nrgraph review --list'")

    def remove(self, proposal_id: str) -> None:
        """Drop one proposal (accepted or rejected); the document's file goes with its last one."""
        stored, proposal = self.find(proposal_id)
        left = [p for p in stored.proposals if p.id != proposal.id]
        if not left:
            self._path(stored.stem).unlink()
            return
        self.save(stored.document, left, stored.source)


def _python(value: object) -> object:
    """A literal's Python value (an int for offsets, a float for a confidence)."""
    return value.toPython() if isinstance(value, Literal) else str(value)
