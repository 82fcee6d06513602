"""What the temporal corpus counts as a change, and how it reads a change that states a fact twice."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from nrgraph.fuzzydate import FuzzyDate
from nrgraph.namespaces import PREFIXES
from nrgraph.status import Status
from nrgraph.temporal.corpus import Corpus
from nrgraph.temporal.index import IndexEngine

from ..conftest import ONTOLOGY

_PREFIXES = "".join(f"@prefix {name}: <{iri}> .\n" for name, iri in PREFIXES.items())
_LINKS = """
id:line a nrg:Hotline ; nrg:endpoint id:nato, id:russia .
id:other a nrg:Hotline ; nrg:endpoint id:nato, id:russia .
id:nato a nrg:InternationalOrganization .
id:russia a nrg:State .
"""


def _corpus(turtle: str) -> Corpus:
    store = ox.Store()
    for path in sorted(ONTOLOGY.glob("*.ttl")):
        store.bulk_load(path=str(path), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(f"urn:test:{path.name}"))
    store.bulk_load((_PREFIXES + _LINKS + turtle).encode(), format=ox.RdfFormat.TURTLE,
                    to_graph=ox.NamedNode("urn:test:data"))
    return Corpus.from_quads(store)


def _iri(slug: str) -> str:
    return PREFIXES["id"] + slug


def test_only_typed_complete_changes_count() -> None:
    corpus = _corpus("""
    id:typed a nrg:StatusChange ; nrg:subject id:line ; nrg:status nrg:Active ;
        nrg:effective "2001-05"^^xsd:gYearMonth .
    id:untyped nrg:subject id:line ; nrg:status nrg:Suspended ; nrg:effective "2002"^^xsd:gYear .
    id:unknown-status a nrg:StatusChange ; nrg:subject id:line ; nrg:status id:nato ;
        nrg:effective "2003"^^xsd:gYear .
    id:bad-date a nrg:StatusChange ; nrg:subject id:line ; nrg:status nrg:Closed ;
        nrg:effective "2004-13"^^xsd:gYearMonth .
    id:literal-subject a nrg:StatusChange ; nrg:subject "line" ; nrg:status nrg:Closed ;
        nrg:effective "2005"^^xsd:gYear .
    """)
    assert list(corpus.changes) == [_iri("typed")]
    assert corpus.changes_of(_iri("line"))[0].effective == FuzzyDate.parse("2001-05")
    assert corpus.changes_of(_iri("other")) == ()
    assert corpus.histories[_iri("other")] == {None: ()}


def test_a_change_stating_its_date_twice_is_one_change() -> None:
    corpus = _corpus("""
    id:twice a nrg:StatusChange ; nrg:subject id:line ; nrg:status nrg:Active ;
        nrg:effective "2001"^^xsd:gYear, "2001-05-02"^^xsd:date .
    """)
    (change,) = corpus.changes_of(_iri("line"))
    assert change.iri == _iri("twice")
    assert change.effective in (FuzzyDate.parse("2001"), FuzzyDate.parse("2001-05-02"))


def test_history_order_breaks_ties_by_sequence_then_iri() -> None:
    corpus = _corpus("""
    id:c a nrg:StatusChange ; nrg:subject id:line ; nrg:status nrg:Active ; nrg:effective "2001-01-01"^^xsd:date .
    id:a a nrg:StatusChange ; nrg:subject id:line ; nrg:status nrg:Suspended ; nrg:effective "2001-01-01"^^xsd:date .
    id:b a nrg:StatusChange ; nrg:subject id:line ; nrg:status nrg:Closed ; nrg:effective "2001-01-01"^^xsd:date ;
        nrg:sequence 2 .
    id:z a nrg:StatusChange ; nrg:subject id:line ; nrg:status nrg:Active ; nrg:effective "2001-01"^^xsd:gYearMonth ;
        nrg:sequence 9 .
    id:y a nrg:StatusChange ; nrg:subject id:line ; nrg:status nrg:Active ; nrg:effective "2001"^^xsd:gYear .
    """)
    order = [c.iri.rsplit("/", 1)[1] for c in corpus.changes_of(_iri("line"))]
    assert order == ["a", "c", "b", "z", "y"]  # same first day: the shorter date first; then sequence, IRI
    assert [c.sequence for c in corpus.changes_of(_iri("line"))] == [0, 0, 2, 9, 0]


def test_facts_and_citations_reach_the_change_they_belong_to() -> None:
    corpus = _corpus("""
    id:open a nrg:StatusChange ; nrg:subject id:line ; nrg:status nrg:Active ; nrg:effective "2001"^^xsd:gYear .
    id:shut a nrg:StatusChange ; nrg:subject id:line ; nrg:status nrg:Suspended ; nrg:effective "2021-10-31"^^xsd:date ;
        nrg:announced "2021-10-18"^^xsd:date ; nrg:concernsParty id:russia ; nrg:confidence 0.5 ;
        nrg:conflictsWith id:open ;
        nrg:citation [ nrg:source id:src ; nrg:locator "p. 2" ] .
    id:src a nrg:WebPage ; rdfs:label "A page"@en .
    """)
    opened, shut = corpus.changes_of(_iri("line"))
    assert (opened.announced, opened.parties, opened.confidence, opened.citations) == (None, (), 1.0, ())
    assert opened.conflicts_with == (_iri("shut"),)  # conflictsWith is read both ways
    assert shut.announced == FuzzyDate.parse("2021-10-18")
    assert (shut.parties, shut.confidence, shut.status) == ((_iri("russia"),), 0.5, Status.SUSPENDED)
    assert [(c.source, c.source_label, c.locator) for c in shut.citations] == [(_iri("src"), "A page", "p. 2")]
    assert corpus.histories_of(_iri("line"))[_iri("russia")] == (opened, shut)


@pytest.mark.parametrize("filtered", [False, True])
def test_the_index_makes_objects_only_for_the_links_a_question_touches(filtered: bool) -> None:
    links = "".join(f"id:l{i} a nrg:Hotline ; nrg:endpoint id:nato, id:russia .\n" for i in range(300))
    changes = "".join(
        f'id:c{i} a nrg:StatusChange ; nrg:subject id:l{i} ; nrg:status nrg:Active ; '
        f'nrg:effective "{1990 + i % 30}"^^xsd:gYear .\n'
        for i in range(300)
    )
    corpus = _corpus(links + changes)
    index = IndexEngine(corpus)
    report = index.survived("2021-10", limit=5, scope="nato-russia" if filtered else None)
    assert len(report.survivors) == 5
    assert len(corpus._changes_of) < 20
    assert len(index.survived("2021-10").survivors) == 300
