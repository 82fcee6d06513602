"""The result formats of the SPARQL endpoint, and content negotiation between them.

SELECT and ASK answer in the SPARQL 1.1 results formats (JSON, XML, CSV, TSV) plus a plain
text table for terminals; CONSTRUCT and DESCRIBE answer in RDF (Turtle, N-Triples, JSON-LD,
RDF/XML). :func:`choose` picks one from a ``format`` parameter (a short name or a media
type) or else from the ``Accept`` header, and raises :class:`~nrgraph.errors.NotAcceptable`
naming the formats that would do.

>>> choose("SELECT", accept="text/csv").name
'csv'
>>> choose("CONSTRUCT", format_names=["json"]).media_type
'application/ld+json'
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pyoxigraph as ox

from nrgraph.errors import NotAcceptable
from nrgraph.namespaces import FORMATS

__all__ = [
    "GRAPH_FORMATS",
    "GRAPH_FORMS",
    "RESULT_FORMATS",
    "Format",
    "choose",
    "formats_for",
    "parse_accept",
]

GRAPH_FORMS = frozenset({"CONSTRUCT", "DESCRIBE"})
"""Query forms whose answer is an RDF graph; SELECT and ASK answer with result sets."""


@dataclass(frozen=True)
class Format:
    """One response format: its short name, media type and the other names it answers to."""

    name: str
    media_type: str
    aliases: tuple[str, ...] = ()
    rdf: ox.RdfFormat | None = None
    iri: str | None = None
    negotiable: bool = True
    """False for formats given only by name (the text table), never picked by ``Accept``."""

    def answers_to(self, name: str) -> bool:
        """True if ``name`` (a short name, alias or media type, any case) means this format."""
        lowered = name.strip().lower()
        return lowered == self.name or lowered == self.media_type or lowered in self.aliases


RESULT_FORMATS: tuple[Format, ...] = (
    Format("json", "application/sparql-results+json", ("srj", "application/json"),
           iri=str(FORMATS.SPARQL_Results_JSON)),
    Format("xml", "application/sparql-results+xml", ("srx", "application/xml", "text/xml"),
           iri=str(FORMATS.SPARQL_Results_XML)),
    Format("csv", "text/csv", (), iri=str(FORMATS.SPARQL_Results_CSV)),
    Format("tsv", "text/tab-separated-values", (), iri=str(FORMATS.SPARQL_Results_TSV)),
    Format("table", "text/plain", ("text",), negotiable=False),
)
"""Formats of SELECT and ASK answers; the first is the default."""

GRAPH_FORMATS: tuple[Format, ...] = (
    Format("turtle", "text/turtle", ("ttl", "n3", "text/n3", "application/x-turtle"), ox.RdfFormat.TURTLE,
           iri=str(FORMATS.Turtle)),
    Format("ntriples", "application/n-triples", ("nt", "n-triples", "text/plain"), ox.RdfFormat.N_TRIPLES,
           iri=str(FORMATS["N-Triples"])),
    # Clients that ask every query for "the JSON (or XML) results" get the JSON (XML) flavour of RDF for graphs.
    Format("jsonld", "application/ld+json", ("json-ld", "json", "application/json", "application/sparql-results+json"),
           ox.RdfFormat.JSON_LD,
           iri=str(FORMATS["JSON-LD"])),
    Format("rdfxml", "application/rdf+xml",
           ("rdf", "xml", "rdf+xml", "application/xml", "text/xml", "application/sparql-results+xml"),
           ox.RdfFormat.RDF_XML, iri=str(FORMATS.RDF_XML)),
)
"""Formats of CONSTRUCT and DESCRIBE answers (and of the service description); the first is the default."""


def formats_for(form: str) -> tuple[Format, ...]:
    """The formats a query form (SELECT, ASK, CONSTRUCT, DESCRIBE) can answer in."""
    return GRAPH_FORMATS if form in GRAPH_FORMS else RESULT_FORMATS


def parse_accept(accept: str | None) -> list[tuple[str, float]]:
    """The media ranges of an ``Accept`` header with their weights, best first (stable)."""
    ranges: list[tuple[str, float, int]] = []
    for index, part in enumerate((accept or "").split(",")):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if not media:
            continue
        weight = 1.0
        for field in fields[1:]:
            key, _, value = field.partition("=")
            if key.strip().lower() == "q":
                try:
                    weight = float(value)
                except ValueError:
                    weight = 0.0
        if weight > 0:
            ranges.append((media, weight, index))
    # Higher weight first; at equal weight a specific type beats a wildcard, then header order.
    ranges.sort(key=lambda r: (-r[1], r[0].count("*"), r[2]))
    return [(media, weight) for media, weight, _ in ranges]


def _matches(media_range: str, fmt: Format) -> bool:
    if media_range == "*/*":
        return True
    if media_range.endswith("/*"):
        return fmt.media_type.startswith(media_range[:-1])
    return fmt.answers_to(media_range)


def choose(form: str, accept: str | None = None, format_names: Sequence[str] = ()) -> Format:
    """The format to answer a query of ``form`` in: the first of ``format_names`` that fits, else by ``accept``.

    (Some clients, SPARQLWrapper among them, send ``format`` twice: a short name and a media type.)
    """
    candidates: Sequence[Format] = formats_for(form)
    wanted = [name for name in format_names if name.strip()]
    if wanted:
        for name in wanted:
            for fmt in candidates:
                if fmt.answers_to(name):
                    return fmt
        valid = ", ".join(f.name for f in candidates)
        raise NotAcceptable(f"format {wanted[0]!r} is not available for a {form} query; valid: {valid}")
    ranges = parse_accept(accept)
    if not ranges:
        return candidates[0]
    negotiable = [f for f in candidates if f.negotiable]
    for media_range, _ in ranges:
        for fmt in negotiable:
            if _matches(media_range, fmt):
                return fmt
    # An explicit text/plain asks for something readable: the table, or N-Triples for graphs.
    for media_range, _ in ranges:
        for fmt in candidates:
            if fmt.answers_to(media_range):
                return fmt
    valid = ", ".join(f.media_type for f in negotiable)
    raise NotAcceptable(f"cannot answer a {form} query in {accept!r}; acceptable: {valid}")
