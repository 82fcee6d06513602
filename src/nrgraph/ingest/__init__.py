"""Reading new documents: proposed facts with their evidence, reviewed and accepted through
the editor.

:func:`~nrgraph.ingest.document.read_document` reads plain text, Markdown, HTML or PDF into
numbered paragraphs; :mod:`~nrgraph.ingest.mentions`, :mod:`~nrgraph.ingest.dates` and
:mod:`~nrgraph.ingest.cues` find what it names, when and what changed;
:func:`~nrgraph.ingest.proposals.propose` turns them into proposals matched against the
graph (:mod:`~nrgraph.ingest.known`); :mod:`~nrgraph.ingest.store` keeps them in a named
graph per document; :mod:`~nrgraph.ingest.review` accepts one through the editor or rejects it.
"""

from __future__ import annotations

from nrgraph.ingest.document import Document, Paragraph, read_document
from nrgraph.ingest.known import Known
from nrgraph.ingest.proposals import Proposal, propose

__all__ = ["Document", "Known", "Paragraph", "Proposal", "propose", "read_document"]
