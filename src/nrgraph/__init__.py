"""nrgraph: the knowledge graph of the NATO–Russia relationship.

Actors, the agreements between them and the channels through which they talk, with each
one's sourced status over time, served as a Python API, GraphQL, SPARQL and graph exports.
"""

from __future__ import annotations

from nrgraph.config import Settings
from nrgraph.errors import LoadError, NotFound, NrgraphError, ValidationFailed
from nrgraph.fuzzydate import FuzzyDate, Precision
from nrgraph.knowledge_graph import KnowledgeGraph, Stats, open_graph
from nrgraph.namespaces import NRG
from nrgraph.status import Status

__version__ = "0.1.0"

__all__ = [
    "NRG",
    "FuzzyDate",
    "KnowledgeGraph",
    "LoadError",
    "NotFound",
    "NrgraphError",
    "Precision",
    "Settings",
    "Stats",
    "Status",
    "ValidationFailed",
    "__version__",
    "open_graph",
]
