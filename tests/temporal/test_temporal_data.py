"""The temporal engine on the bundled data: the question the product exists for."""

from __future__ import annotations

import pytest

from nrgraph import KnowledgeGraph
from nrgraph.namespaces import DATA
from nrgraph.temporal import Period, Reason, Survival, TemporalEngine
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


@pytest.fixture(scope="module", params=["index", "sparql"])
def engine(kg: KnowledgeGraph, request: pytest.FixtureRequest) -> TemporalEngine:
    return SparqlEngine(kg.store) if request.param == "sparql" else kg.temporal


def _entry(engine: TemporalEngine, period: str, slug: str) -> tuple[str, Survival]:
    report = engine.survived(period)
    for group, entries in (("survivor", report.survivors), ("casualty", report.casualties),
                           ("uncertain", report.uncertain)):
        for entry in entries:
            if entry.subject == str(DATA[slug]):
                return group, entry
    raise AssertionError(f"{slug} is not in the report of {period}")


def test_open_skies_survived_october_2021_with_russias_withdrawal_pending(engine: TemporalEngine) -> None:
    group, entry = _entry(engine, "2021-10", "open-skies-treaty")
    assert (group, entry.reason, entry.party) == ("survivor", Reason.PENDING, str(DATA["russia"]))
    assert entry.pending is not None
    assert str(entry.pending.effective) == "2021-12-18"
    russia = {p.party: p for p in entry.parties}[str(DATA["russia"])]
    assert russia.pending == entry.pending
    assert russia.sources
    us = {p.party: p for p in entry.parties}[str(DATA["united-states"])]
    assert (us.group, us.reason) == (None, Reason.NOT_ACTIVE_AT_START)
    assert us.at_start is not None
    assert str(us.at_start.effective) == "2020-11-22"


def test_cfe_is_not_active_throughout_2021_russia_had_suspended_it(engine: TemporalEngine) -> None:
    group, entry = _entry(engine, "2021", "cfe-treaty")
    assert (group, entry.reason, entry.party) == ("survivor", Reason.PARTY_NOT_ACTIVE, str(DATA["russia"]))
    russia = {p.party: p for p in entry.parties}[str(DATA["russia"])]
    assert (russia.group, russia.reason) == (None, Reason.NOT_ACTIVE_AT_START)
    assert russia.at_start is not None
    assert str(russia.at_start.effective) == "2007-12-12"


def test_cfe_in_2025_says_how_the_parties_stand(engine: TemporalEngine) -> None:
    answer = engine.status_at("cfe-treaty", "2025")
    assert answer.standing.startswith("in force; ")
    assert "withdrawn by russia since 2023-11-07" in answer.standing
    assert {_slug(p.party) for p in answer.parties} >= {"russia", "united-states", "germany"}
    assert all(p.status is not None and not p.status.is_active for p in answer.parties)  # every party stepped out
    assert "suspended by russia since 2007-12-12" in engine.status_at("cfe-treaty", "2021-10").standing
    assert engine.status_at("cfe-treaty", "2021-10", "russia").parties == ()


def _slug(iri: str | None) -> str:
    return (iri or "").rsplit("/", 1)[-1]


def test_the_announcements_of_18_october_2021_are_changes_of_october_when_asked(engine: TemporalEngine) -> None:
    october = Period.parse("2021-10")
    effective = engine.changes(october)
    announced = engine.changes(october, announced=True)
    office = [c for c in announced if c.subject == str(DATA["nato-information-office-moscow"])]
    assert office
    assert [c.matched(october) for c in office] == [("announced",)]
    assert not any(c.subject == str(DATA["nato-information-office-moscow"]) for c in effective)
    assert set(effective) < set(announced)
