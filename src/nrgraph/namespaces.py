"""Every IRI nrgraph uses, spelled once.

``NRG`` is the closed vocabulary of ``ontology/nrgraph.ttl``: a misspelt term raises
``AttributeError`` instead of minting a new IRI. ``tests/test_namespaces.py`` holds the class
and the ontology in agreement; ``tools/gen_namespace.py`` prints the attribute list.
"""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SDO, SKOS, VOID, XSD, DefinedNamespace

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
    "PROV",
    "RDF",
    "RDFS",
    "RUSSIA",
    "SD",
    "SDO",
    "SKOS",
    "VOID",
    "XSD",
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
