"""The temporal engine on the bundled data: the question the product exists for."""

from __future__ import annotations

import pytest

from nrgraph import KnowledgeGraph
from nrgraph.namespaces import DATA
from nrgraph.temporal.sparql import SparqlEngine


@pytest.fixture(scope="module", params=["index", "sparql"])
def report_groups(kg: KnowledgeGraph, request: pytest.FixtureRequest) -> dict[str, set[str]]:
    engine = SparqlEngine(kg.store) if request.param == "sparql" else kg.temporal
    report = engine.survived("2021-10")
    return {
        "survivors": {e.subject for e in report.survivors},
        "casualties": {e.subject for e in report.casualties},
        "uncertain": {e.subject for e in report.uncertain},
    }


@pytest.mark.parametrize(
    "slug", ["russian-mission-to-nato", "nato-military-liaison-mission-moscow", "nato-information-office-moscow"]
)
def test_october_2021_casualties(report_groups: dict[str, set[str]], slug: str) -> None:
    assert str(DATA[slug]) in report_groups["casualties"]


def test_the_hotline_survived_october_2021(report_groups: dict[str, set[str]]) -> None:
    assert str(DATA["moscow-washington-hotline"]) in report_groups["survivors"]


def test_the_closures_of_october_2021_were_announced_within_it(kg: KnowledgeGraph) -> None:
    office = str(DATA["nato-information-office-moscow"])
    (entry,) = [e for e in kg.survived("2021-10").casualties if e.subject == office]
    assert entry.change.announced is not None
    assert entry.change.announced.earliest.isoformat().startswith("2021-10")
    assert entry.change.citations
