"""Every IRI nrgraph uses, spelled once.

``NRG`` is the closed vocabulary of ``ontology/nrgraph.ttl``: a misspelt term raises
``AttributeError`` instead of minting a new IRI. ``tests/test_namespaces.py`` holds the class
and the ontology in agreement; ``tools/gen_namespace.py`` prints the attribute list.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from rdflib import Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SDO, SKOS, VOID, XSD, DefinedNamespace

from nrgraph.errors import InvalidInput

__all__ = [
    "DATA",
    "DCTERMS",
    "DERIVED_GRAPH",
    "FORMATS",
    "GRAPH",
    "META_GRAPH",
    "NATO",
    "NRG",
    "ONTOLOGY_IRI",
    "OWL",
    "PREFIXES",
    "PROPOSAL",
    "PROV",
    "RDF",
    "RDFS",
    "RUSSIA",
    "SD",
    "SDO",
    "SKOS",
    "VOID",
    "XSD",
    "did_you_mean",
    "kind_key",
    "resolve_iri",
    "slug_of",
]

DATA = Namespace("https://w3id.org/nrgraph/id/")
"""Namespace of curated resources: ``DATA["nato-russia-council"]``."""

GRAPH = Namespace("https://w3id.org/nrgraph/graph/")
"""Named graphs: one per data file (``GRAPH["data/channels"]``), the ontology and the derived graph."""

DERIVED_GRAPH = GRAPH["derived"]
"""The named graph of everything derived at load time: date bounds, slugs, status periods."""

META_GRAPH = GRAPH["meta"]
"""The named graph in which a store records what it holds: the data digest and the graphs loaded."""

ONTOLOGY_IRI = URIRef("https://w3id.org/nrgraph/ontology")

NATO = DATA["nato"]
"""The North Atlantic Treaty Organization: one side of the ``nato-russia`` scope (with its bodies)."""

RUSSIA = DATA["russia"]
"""The Russian Federation: the other side of the ``nato-russia`` scope (with its bodies)."""

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
"""SPARQL 1.1 Service Description, for the description the SPARQL endpoint serves."""

FORMATS = Namespace("http://www.w3.org/ns/formats/")
"""W3C unique URIs for formats (``FORMATS.Turtle``, ``FORMATS.SPARQL_Results_JSON``)."""


class NRG(DefinedNamespace):
    """The nrgraph ontology (https://w3id.org/nrgraph/ontology#)."""

    _NS = Namespace("https://w3id.org/nrgraph/ontology#")
    _fail = True

    Active: URIRef
    Actor: URIRef
    Agreement: URIRef
    BackChannel: URIRef
    Body: URIRef
    Channel: URIRef
    Citation: URIRef
    Closed: URIRef
    CooperationProgramme: URIRef
    Decision: URIRef
    DeconflictionLine: URIRef
    DiplomaticMission: URIRef
    Dormant: URIRef
    Event: URIRef
    Expired: URIRef
    Expulsion: URIRef
    Forum: URIRef
    Hotline: URIRef
    Incident: URIRef
    InternationalOrganization: URIRef
    Link: URIRef
    Meeting: URIRef
    MemorandumOfUnderstanding: URIRef
    MilitaryDialogue: URIRef
    MilitaryLiaisonMission: URIRef
    NonGovernmentalOrganization: URIRef
    Person: URIRef
    PoliticalDeclaration: URIRef
    Proposed: URIRef
    Replaced: URIRef
    Restricted: URIRef
    Role: URIRef
    Source: URIRef
    State: URIRef
    StatusChange: URIRef
    StatusPeriod: URIRef
    StatusScheme: URIRef
    Summit: URIRef
    Suspended: URIRef
    Terminated: URIRef
    Treaty: URIRef
    War: URIRef
    Withdrawn: URIRef
    about: URIRef
    actor: URIRef
    announced: URIRef
    announcedEarliest: URIRef
    announcedLatest: URIRef
    cause: URIRef
    citation: URIRef
    closedBy: URIRef
    concernsParty: URIRef
    confidence: URIRef
    conflictsWith: URIRef
    date: URIRef
    dateEarliest: URIRef
    dateLatest: URIRef
    earliest: URIRef
    effective: URIRef
    effectiveEarliest: URIRef
    effectiveLatest: URIRef
    endDate: URIRef
    endEarliest: URIRef
    endLatest: URIRef
    endpoint: URIRef
    establishedBy: URIRef
    fallbackFor: URIRef
    hostedBy: URIRef
    latest: URIRef
    locator: URIRef
    memberOf: URIRef
    note: URIRef
    openedBy: URIRef
    partOf: URIRef
    participant: URIRef
    party: URIRef
    replacedBy: URIRef
    role: URIRef
    roleEnd: URIRef
    roleIn: URIRef
    roleStart: URIRef
    roleTitle: URIRef
    sequence: URIRef
    slug: URIRef
    source: URIRef
    startEarliest: URIRef
    startLatest: URIRef
    status: URIRef
    subject: URIRef
    url: URIRef
    wording: URIRef


class PROPOSAL(DefinedNamespace):
    """The terms of a proposal read from a new document (``nrgraph ingest``), closed like ``NRG``.

    Proposals live in their own named graphs (``graph:proposals/<doc>``), never in the
    curated data; these terms are not part of the ontology.
    """

    _NS = Namespace("https://w3id.org/nrgraph/proposal#")
    _fail = True

    Document: URIRef  # the document read: its name, text, date and source
    Proposal: URIRef  # one proposed fact with its evidence
    name: URIRef  # the document's file name
    text: URIRef  # the document's text, as read
    documentDate: URIRef  # the date the document's relative dates were resolved against
    source: URIRef  # the curated source the document is cited as (an id: IRI)
    document: URIRef  # the document a proposal was read from
    kind: URIRef  # statusChange, event or newResource
    subject: URIRef  # the channel or agreement whose status changes
    status: URIRef  # the proposed status (an nrg: status concept)
    effective: URIRef  # when it takes effect (a FuzzyDate string)
    announced: URIRef  # when it was announced, if the text says so
    party: URIRef  # the party a change concerns, when one is named
    eventKind: URIRef  # summit, meeting, war, expulsion, decision or incident
    participant: URIRef  # an actor named in an event's sentence
    about: URIRef  # a channel or agreement named in an event's sentence
    label: URIRef  # the name of a candidate new resource
    locator: URIRef  # the paragraph, P<n>
    start: URIRef  # the supporting sentence's first character in the document text
    end: URIRef  # one past its last character
    wording: URIRef  # a quote of at most 12 words, for nrg:wording
    confidence: URIRef  # 0 to 1
    how: URIRef  # how it was found, in words
    note: URIRef  # what a curator should know: a date resolved, a precision kept
    relation: URIRef  # confirms, new or conflicts
    existing: URIRef  # the curated fact it confirms or conflicts with
    existingSummary: URIRef  # those facts in words, to show beside the proposal
    role: URIRef  # what a candidate new resource would be: actor, channel or agreement
    sequence: URIRef  # the proposal's number in its document


PREFIXES: dict[str, str] = {
    "nrg": str(NRG),
    "id": str(DATA),
    "graph": str(GRAPH),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "xsd": str(XSD),
    "skos": str(SKOS),
    "prov": str(PROV),
    "dcterms": str(DCTERMS),
    "schema": str(SDO),
}
"""Prefixes declared for every SPARQL query, the SPARQL explorer and serialisations."""


# ---- references: the one reading of a slug, ``id:slug``, ``<IRI>`` or IRI, for every interface ----


def resolve_iri(value: str) -> str:
    """The full IRI a reference names: a full IRI, ``<IRI>``, ``id:slug`` or a bare slug.

    This is the one rule every interface applies (the temporal engine, editing, GraphQL and
    the CLI); whether the resource exists is for the caller to check, with
    :func:`did_you_mean` for its message.

    >>> resolve_iri("nato-russia-council")
    'https://w3id.org/nrgraph/id/nato-russia-council'
    >>> resolve_iri("id:nato") == resolve_iri("<https://w3id.org/nrgraph/id/nato>") == str(NATO)
    True
    >>> resolve_iri(" ")
    Traceback (most recent call last):
    ...
    nrgraph.errors.InvalidInput: ' ' is not an IRI or a slug; give e.g. 'nato-russia-council'
    """
    if not isinstance(value, str) or not value.strip():
        raise InvalidInput(f"{value!r} is not an IRI or a slug; give e.g. 'nato-russia-council'")
    text = value.strip()
    if text.startswith("<") and text.endswith(">"):
        return text[1:-1]
    if text.startswith(("http://", "https://", "urn:")):
        return text
    return str(DATA[text.removeprefix("id:")])


def slug_of(iri: str) -> str:
    """The readable slug of a curated IRI (``…/id/nato`` -> ``nato``), else its last segment.

    >>> slug_of("https://w3id.org/nrgraph/id/nato"), slug_of("https://example.org/a/b#c")
    ('nato', 'c')
    """
    text = str(iri)
    if text.startswith(str(DATA)):
        return text[len(str(DATA)):]
    return text.rstrip("/#").replace("#", "/").rsplit("/", 1)[-1]


def kind_key(name: str) -> str:
    """The one reading of a kind's name: every interface names a kind by its class's local name
    (``MilitaryLiaisonMission``, as ``stats`` and the exports print it) and accepts any
    spelling of it, which this folds to one key.

    >>> {kind_key(n) for n in ("MilitaryLiaisonMission", "military-liaison-mission", "MILITARY_LIAISON_MISSION",
    ...                        "nrg:MilitaryLiaisonMission", str(NRG.MilitaryLiaisonMission))}
    {'militaryliaisonmission'}
    """
    text = name.strip()
    text = text[len(str(NRG)):] if text.startswith(str(NRG)) else text.removeprefix("nrg:")
    return "".join(c for c in text if c not in "-_ ").lower()


def did_you_mean(value: str, known: Iterable[str], hint: str = "") -> str:
    """The end of a not-found message: the known slugs closest to ``value``, else ``hint``.

    >>> did_you_mean("nato-russia-counsil", ["https://w3id.org/nrgraph/id/nato-russia-council", "nato"])
    'did you mean nato-russia-council?'
    >>> did_you_mean("zzz", ["nato"], "give the slug of an actor")
    'give the slug of an actor'
    """
    slugs = sorted({slug_of(iri) for iri in known})
    close = difflib.get_close_matches(slug_of(resolve_iri(value)) if value.strip() else value, slugs, n=3, cutoff=0.6)
    if close:
        return f"did you mean {', '.join(close)}?"
    return hint
