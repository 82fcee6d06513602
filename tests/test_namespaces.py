"""The closed vocabulary class and the ontology agree, term for term."""

from __future__ import annotations

import pytest
from rdflib import Graph, URIRef

from nrgraph.namespaces import NRG, RDFS

from .conftest import ONTOLOGY


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ONTOLOGY / "nrgraph.ttl")


def test_every_ontology_term_is_in_the_namespace_class(ontology: Graph) -> None:
    declared = {str(s) for s in ontology.subjects() if isinstance(s, URIRef) and str(s).startswith(str(NRG))}
    in_class = {str(NRG) + name for name in NRG.__annotations__}
    assert declared == in_class


def test_every_term_has_a_label_and_a_comment(ontology: Graph) -> None:
    for name in NRG.__annotations__:
        term = URIRef(str(NRG) + name)
        assert ontology.value(term, RDFS.label) is not None, name
        assert ontology.value(term, RDFS.comment) is not None, name


def test_a_misspelt_term_raises_instead_of_minting_an_iri() -> None:
    with pytest.raises(AttributeError, match="endpiont"):
        _ = NRG.endpiont
