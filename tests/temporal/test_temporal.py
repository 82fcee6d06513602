"""The temporal engine on hand-written histories (tests/fixtures/temporal.ttl), table-driven."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from nrgraph import KnowledgeGraph, Status, open_graph
from nrgraph.errors import InvalidDate, InvalidInput, InvalidPeriod, NotFound
from nrgraph.fuzzydate import FuzzyDate
from nrgraph.namespaces import DATA
from nrgraph.temporal import Certainty, Period, Reason, oracle

from ..conftest import FIXTURES, ONTOLOGY


@pytest.fixture(scope="module", params=["index", "sparql"])
def tkg(request: pytest.FixtureRequest) -> KnowledgeGraph:
    return open_graph([ONTOLOGY, FIXTURES / "temporal.ttl"], temporal=request.param)


def _slug(iri: str | None) -> str | None:
    return iri.rsplit("/", 1)[-1] if iri else None


OCTOBER_2021 = {
    "nato-information-office-moscow": ("casualty", Reason.ANNOUNCED, "sc-nio-2021"),
    "nato-military-liaison-mission-moscow": ("casualty", Reason.ANNOUNCED, "sc-mlm-2021"),
    "russia-mission-to-nato": ("casualty", Reason.ANNOUNCED, "sc-rmn-2021"),
    "moscow-washington-hotline": ("survivor", Reason.ACTIVE_THROUGHOUT, "sc-hotline-1963"),
    "nato-russia-council": ("survivor", Reason.ACTIVE_THROUGHOUT, "sc-nrc-2014"),
    "berlin-back-channel": ("survivor", Reason.MOVED_WITHIN_ACTIVE, "sc-bbc-2021"),
    "syria-deconfliction-line": ("survivor", Reason.PENDING, "sc-sdl-2015"),
    "cfe-treaty": ("survivor", Reason.PARTY_NOT_ACTIVE, "sc-cfe-1992"),  # Russia suspended it in 2007
    "arctic-line": ("uncertain", Reason.IMPRECISE_DATE, "sc-arctic-2021"),
    "black-sea-line": ("uncertain", Reason.CONFLICT, "sc-bsl-2021-suspended"),
    "new-year-channel": ("uncertain", Reason.UNCERTAIN_START, "sc-nyc-2021"),
}


def _groups(kg: KnowledgeGraph, period: str, **filters: object) -> dict[str, tuple[str, Reason, str | None]]:
    report = kg.survived(period, **filters)  # type: ignore[arg-type]
    found: dict[str, tuple[str, Reason, str | None]] = {}
    for group, entries in (("survivor", report.survivors), ("casualty", report.casualties),
                           ("uncertain", report.uncertain)):
        for entry in entries:
            found[_slug(entry.subject) or ""] = (group, entry.reason, _slug(entry.change.iri))
    return found


def test_october_2021(tkg: KnowledgeGraph) -> None:
    assert _groups(tkg, "2021-10") == OCTOBER_2021


def test_a_casualty_carries_its_change_dates_and_sources(tkg: KnowledgeGraph) -> None:
    office = str(DATA["nato-information-office-moscow"])
    (entry,) = [e for e in tkg.survived("2021-10").casualties if e.subject == office]
    assert entry.change.announced == FuzzyDate.parse("2021-10-18")
    assert entry.change.effective == FuzzyDate.parse("2021-11-01")
    assert entry.change.sources == (str(DATA["src-t"]), str(DATA["src-u"]))
    assert [c.locator for c in entry.change.citations] == ["C6", "p. 3"]


def test_the_pending_change_is_reported(tkg: KnowledgeGraph) -> None:
    (entry,) = [e for e in tkg.survived("2021-10").survivors if e.subject == str(DATA["syria-deconfliction-line"])]
    assert entry.pending is not None
    assert _slug(entry.pending.iri) == "sc-sdl-2021"


@pytest.mark.parametrize(
    ("period", "subject", "expected"),
    [
        # effective within a custom window: a casualty by its effective date
        ("2021-10-15/2021-11-15", "russia-mission-to-nato", ("casualty", Reason.DEPARTED, "sc-rmn-2021")),
        # the window ends before the announcement: a survivor, nothing pending yet
        ("2021-10-01/2021-10-17", "russia-mission-to-nato", ("survivor", Reason.ACTIVE_THROUGHOUT, "sc-rmn-1998")),
        # after the closure: left out
        ("2021-12", "russia-mission-to-nato", None),
        # a change effective on the first day of the period falls within it
        ("2021-11-01/2021-11-30", "nato-information-office-moscow", ("casualty", Reason.DEPARTED, "sc-nio-2021")),
        # party-specific: Russia's suspension of the treaty in December 2007
        ("2007-12", "cfe-treaty", ("casualty", Reason.DEPARTED, "sc-cfe-2007-russia")),
        ("2007-07", "cfe-treaty", ("casualty", Reason.ANNOUNCED, "sc-cfe-2007-russia")),
        # the allies' suspension has confidence 0.8: uncertain, not a casualty
        ("2023-11", "cfe-treaty", ("uncertain", Reason.LOW_CONFIDENCE, "sc-cfe-2023-allies")),
        # a month-precise suspension and a window inside that month: the precision does not decide
        ("2023-11-01/2023-11-06", "cfe-treaty", ("uncertain", Reason.IMPRECISE_DATE, "sc-cfe-2023-allies")),
        # opened within the period: not active at its start
        ("2021-10", "october-programme", None),
        ("2019", "old-office", ("casualty", Reason.DEPARTED, "sc-old-2019")),
        ("2020", "old-office", None),
        ("2018", "old-office", ("survivor", Reason.ACTIVE_THROUGHOUT, "sc-old-2000")),
        # the restriction of April 2014 is a move within the Active family
        ("2014-04", "nato-russia-council", ("survivor", Reason.MOVED_WITHIN_ACTIVE, "sc-nrc-2014")),
        # a departure known to the year, asked about the whole year: it took effect within it
        ("2021", "arctic-line", ("casualty", Reason.DEPARTED, "sc-arctic-2021")),
    ],
)
def test_survival_cases(
    tkg: KnowledgeGraph, period: str, subject: str, expected: tuple[str, Reason, str] | None
) -> None:
    assert _groups(tkg, period).get(subject) == expected


@pytest.mark.parametrize(
    ("subject", "date", "party", "status", "certainty", "because", "pending"),
    [
        ("russia-mission-to-nato", "2021-10-20", None, Status.ACTIVE, Certainty.DEFINITE, None, "sc-rmn-2021"),
        ("russia-mission-to-nato", "2021-10-17", None, Status.ACTIVE, Certainty.DEFINITE, None, None),
        ("russia-mission-to-nato", "2021-11-01", None, Status.TERMINATED, Certainty.DEFINITE, None, None),
        # a month that contains the closure: possible, naming it
        ("russia-mission-to-nato", "2021-11", None, Status.TERMINATED, Certainty.DEFINITE, None, None),
        ("russia-mission-to-nato", "2021", None, Status.ACTIVE, Certainty.POSSIBLE, "sc-rmn-2021", None),
        ("russia-mission-to-nato", "1998-03-15", None, None, Certainty.POSSIBLE, "sc-rmn-1998", None),
        ("russia-mission-to-nato", "1998-02", None, None, Certainty.DEFINITE, None, None),
        ("arctic-line", "2021-06-30", None, Status.ACTIVE, Certainty.POSSIBLE, "sc-arctic-2021", None),
        ("arctic-line", "2022-01-01", None, Status.SUSPENDED, Certainty.DEFINITE, None, None),
        ("black-sea-line", "2021-10-21", None, Status.TERMINATED, Certainty.POSSIBLE, "sc-bsl-2021-suspended", None),
        ("cfe-treaty", "2010", None, Status.ACTIVE, Certainty.DEFINITE, None, None),
        ("cfe-treaty", "2010", "russia", Status.SUSPENDED, Certainty.DEFINITE, None, None),
        ("cfe-treaty", "2007-10", "russia", Status.ACTIVE, Certainty.DEFINITE, None, "sc-cfe-2007-russia"),
        ("cfe-treaty", "2024", "usa", Status.SUSPENDED, Certainty.POSSIBLE, "sc-cfe-2023-allies", None),
        ("cfe-treaty", "2024", "russia", Status.WITHDRAWN, Certainty.DEFINITE, None, None),
        # a party no change names has the whole-link history
        ("cfe-treaty", "2024", "nato", Status.ACTIVE, Certainty.DEFINITE, None, None),
    ],
)
def test_status_at(
    tkg: KnowledgeGraph, subject: str, date: str, party: str | None, status: Status | None,
    certainty: Certainty, because: str | None, pending: str | None,
) -> None:
    answer = tkg.status_at(subject, date, party)
    got = (answer.status, answer.certainty, _slug(answer.uncertain_because and answer.uncertain_because.iri),
           _slug(answer.pending and answer.pending.iri))
    assert got == (status, certainty, because, pending)


def test_dates_and_subjects_in_any_form(tkg: KnowledgeGraph) -> None:
    by_slug = tkg.status_at("russia-mission-to-nato", dt.date(2021, 10, 20))
    by_iri = tkg.status_at(str(DATA["russia-mission-to-nato"]), FuzzyDate.parse("2021-10-20"))
    assert by_slug == by_iri
    assert by_slug.subject == str(DATA["russia-mission-to-nato"])


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        (lambda kg: kg.status_at("no-such-channel", "2021"), NotFound, "no-such-channel"),
        (lambda kg: kg.status_at("russia", "2021"), NotFound, "russia"),
        (lambda kg: kg.status_at("cfe-treaty", "2021", party="nobody"), NotFound, "nobody"),
        (lambda kg: kg.status_at("cfe-treaty", "2021-13"), InvalidDate, "2021-13"),
        (lambda kg: kg.status_at("cfe-treaty", "October"), InvalidDate, "October"),
        (lambda kg: kg.survived("2021-11/2021-10"), InvalidPeriod, "ends before it starts"),
        (lambda kg: kg.survived(""), InvalidPeriod, "not a period"),
        (lambda kg: kg.survived("2021-10/"), InvalidPeriod, "not a period"),
        (lambda kg: kg.survived("2021-1O"), InvalidPeriod, "2021-1O"),
        (lambda kg: kg.survived("2021", kind="Boat"), InvalidInput, "valid: Agreement"),
        (lambda kg: kg.survived("2021", scope="global"), InvalidInput, "nato-russia, bilateral"),
        (lambda kg: kg.survived("2021", status="frozen"), InvalidInput, "frozen"),
        (lambda kg: kg.survived("2021", limit=-1), InvalidInput, "limit"),
        (lambda kg: kg.timeline("nowhere"), NotFound, "nowhere"),
        (lambda kg: kg.changes("2021-02-30"), InvalidPeriod, "2021-02-30"),
    ],
)
def test_bad_input_raises_typed_errors(
    tkg: KnowledgeGraph, call: object, error: type[Exception], match: str
) -> None:
    with pytest.raises(error, match=match):
        call(tkg)  # type: ignore[operator]


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"kind": "DiplomaticMission"}, {"nato-information-office-moscow", "russia-mission-to-nato"}),
        ({"kind": "channel", "scope": "bilateral"},
         {"moscow-washington-hotline", "syria-deconfliction-line", "berlin-back-channel"}),
        ({"kind": "Agreement"}, {"cfe-treaty"}),
        # a body counts for its partOf ancestors: the liaison mission's endpoints are SHAPE and the Russian MFA
        ({"actor": "nato", "status": "closed"},
         {"nato-information-office-moscow", "nato-military-liaison-mission-moscow", "russia-mission-to-nato"}),
        ({"actor": "shape-hq"}, {"nato-military-liaison-mission-moscow", "new-year-channel"}),
        ({"actor": "germany"}, {"berlin-back-channel", "cfe-treaty"}),
        ({"scope": "nato-russia", "status": Status.ACTIVE},
         {"nato-russia-council", "new-year-channel"}),
        ({"status": "restricted"}, {"nato-russia-council"}),
        ({"status": "dormant"}, {"berlin-back-channel"}),
    ],
)
def test_filters(tkg: KnowledgeGraph, filters: dict[str, object], expected: set[str]) -> None:
    assert set(_groups(tkg, "2021-10", **filters)) == expected


def test_limit_caps_each_group_in_subject_order(tkg: KnowledgeGraph) -> None:
    report = tkg.survived("2021-10", limit=2)
    full = tkg.survived("2021-10")
    assert report.survivors == full.survivors[:2]
    assert report.casualties == full.casualties[:2]
    assert report.uncertain == full.uncertain[:2]
    assert [e.subject for e in full.survivors] == sorted(e.subject for e in full.survivors)


def test_timeline_orders_changes_and_lists_periods(tkg: KnowledgeGraph) -> None:
    timeline = tkg.timeline("cfe-treaty")
    assert [_slug(c.iri) for c in timeline.changes] == [
        "sc-cfe-1992", "sc-cfe-2007-russia", "sc-cfe-2023-allies", "sc-cfe-2023-russia",
    ]
    periods = [(_slug(p.party), p.status, _slug(p.opened_by), _slug(p.closed_by)) for p in timeline.periods]
    assert periods == [
        (None, Status.ACTIVE, "sc-cfe-1992", None),
        ("germany", Status.ACTIVE, "sc-cfe-1992", "sc-cfe-2023-allies"),
        ("germany", Status.SUSPENDED, "sc-cfe-2023-allies", None),
        ("russia", Status.ACTIVE, "sc-cfe-1992", "sc-cfe-2007-russia"),
        ("russia", Status.SUSPENDED, "sc-cfe-2007-russia", "sc-cfe-2023-russia"),
        ("russia", Status.WITHDRAWN, "sc-cfe-2023-russia", None),
        ("usa", Status.ACTIVE, "sc-cfe-1992", "sc-cfe-2023-allies"),
        ("usa", Status.SUSPENDED, "sc-cfe-2023-allies", None),
    ]
    assert timeline.periods[3].iri == str(DATA["period-sc-cfe-1992--russia"])
    assert timeline.periods[0].iri == str(DATA["period-sc-cfe-1992"])


def test_period_bounds_are_capped_by_the_order(tkg: KnowledgeGraph) -> None:
    # "2021" (arctic suspension) is the last change: nothing caps it
    (first, second) = tkg.status_periods("arctic-line")
    assert (first.end_earliest, first.end_latest) == (dt.date(2021, 1, 1), dt.date(2021, 12, 31))
    assert (second.start_earliest, second.start_latest) == (dt.date(2021, 1, 1), dt.date(2021, 12, 31))
    assert second.end is None
    assert second.closed_by is None


def test_periods_are_materialised_in_the_derived_graph(tkg: KnowledgeGraph) -> None:
    rows = tkg.store.select(
        "SELECT ?link ?p ?status ?se ?sl ?el ?party WHERE { GRAPH graph:derived { ?p a nrg:StatusPeriod ; "
        "nrg:subject ?link ; nrg:status ?status ; nrg:startEarliest ?se ; nrg:startLatest ?sl . "
        "OPTIONAL { ?p nrg:endLatest ?el } OPTIONAL { ?p nrg:concernsParty ?party } } }",
        {"link": _node(DATA["cfe-treaty"])},
    )
    in_rdf = {(r["p"].value, r["sl"].value, r["el"].value if "el" in r else None) for r in rows}
    records = {(p.iri, p.start_latest.isoformat(), p.end_latest.isoformat() if p.end_latest else None)
               for p in tkg.status_periods("cfe-treaty")}
    assert in_rdf == records
    assert len(records) == 8


def _node(iri: str) -> object:
    import pyoxigraph as ox

    return ox.NamedNode(iri)


@pytest.mark.parametrize(
    ("window", "filters", "expected"),
    [
        # FuzzyDate order: the year 2021 starts on 1 January, before any day of October
        ("2021-10", {}, ["sc-arctic-2021", "sc-nyc-2021", "sc-op-2021", "sc-bbc-2021", "sc-bsl-2021-suspended",
                        "sc-bsl-2021-terminated"]),
        ("2021-11-01", {}, ["sc-arctic-2021", "sc-nyc-2021", "sc-mlm-2021", "sc-nio-2021", "sc-rmn-2021"]),
        ("2021-11-01", {"status": "terminated", "kind": "DiplomaticMission"}, ["sc-nio-2021", "sc-rmn-2021"]),
        ("2023", {"actor": "usa"}, ["sc-cfe-2023-allies", "sc-cfe-2023-russia"]),
    ],
)
def test_changes_in_a_window(tkg: KnowledgeGraph, window: str, filters: dict[str, str], expected: list[str]) -> None:
    assert [_slug(c.iri) for c in tkg.changes(window, **filters)] == expected  # type: ignore[arg-type]


def test_active_on(tkg: KnowledgeGraph) -> None:
    active = {_slug(s) for s in tkg.active_on("2021-10-20")}
    assert active == {
        "arctic-line", "berlin-back-channel", "cfe-treaty", "moscow-washington-hotline",
        "nato-information-office-moscow", "nato-military-liaison-mission-moscow", "nato-russia-council",
        "october-programme", "russia-mission-to-nato", "syria-deconfliction-line",
    }
    assert {_slug(s) for s in tkg.active_on("2021-12", kind="Hotline")} == {"moscow-washington-hotline"}
    assert {_slug(s) for s in tkg.active_on("2021-12", status="dormant")} == {"berlin-back-channel"}


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("2021-10", "2021-10-01", "2021-10-31"),
        ("2021", "2021-01-01", "2021-12-31"),
        ("2021-09-15/2021-11-15", "2021-09-15", "2021-11-15"),
        ("2021-09/2021-11", "2021-09-01", "2021-11-30"),
        (" 2020-02-29 ", "2020-02-29", "2020-02-29"),
        ("2021-10-31/2021-10", "2021-10-31", "2021-10-31"),
    ],
)
def test_period_parse(text: str, start: str, end: str) -> None:
    period = Period.parse(text)
    assert (period.start.isoformat(), period.end.isoformat()) == (start, end)


def test_the_index_agrees_with_the_oracle_on_the_fixture(tkg: KnowledgeGraph) -> None:
    subjects = sorted({p.subject for p in tkg.status_periods()})
    by_subject = {s: list(tkg.timeline(s).changes) for s in subjects}
    for period in ["2021-10", "2021", "2007-12", "2014-04", "2023-11-01/2023-11-06", "1998-03-10/2002-05-28"]:
        assert tkg.survived(period) == oracle.survived(by_subject, Period.parse(period))
    for date in ["1998-03", "2007-12-12", "2021-10-18", "2021", "2023-11"]:
        day = FuzzyDate.parse(date)
        for subject, changes in by_subject.items():
            assert tkg.status_at(subject, date) == oracle.status_at(changes, subject, day)
        assert tkg.active_on(date) == oracle.active_on(by_subject, day)


@pytest.mark.parametrize("backend", ["index", "sparql"])
def test_reload_rebuilds_the_answers(tmp_path: Path, backend: str) -> None:
    data = tmp_path / "temporal.ttl"
    text = (FIXTURES / "temporal.ttl").read_text(encoding="utf-8")
    data.write_text(text, encoding="utf-8")
    kg = open_graph([ONTOLOGY, data], temporal=backend)
    assert kg.status_at("moscow-washington-hotline", "2022").status is Status.ACTIVE
    data.write_text(text + """
id:sc-hotline-2022 a nrg:StatusChange ; nrg:subject id:moscow-washington-hotline ; nrg:status nrg:Suspended ;
    nrg:effective "2022-01-10"^^xsd:date ; nrg:citation [ nrg:source id:src-t ; nrg:locator "C99" ] .
""", encoding="utf-8")
    kg.reload()
    answer = kg.status_at("moscow-washington-hotline", "2022")
    assert (answer.status, answer.uncertain_because and _slug(answer.uncertain_because.iri)) == (
        Status.ACTIVE, "sc-hotline-2022"
    )
    assert kg.status_at("moscow-washington-hotline", "2022-02").status is Status.SUSPENDED


@pytest.mark.parametrize(
    ("date", "standing"),
    [
        ("2000", "in force"),
        ("2007-11", "in force; suspended by russia from 2007-12-12 (pending)"),
        ("2021-10", "in force; suspended by russia since 2007-12-12"),
        ("2024", "in force; suspended by germany, usa since 2023-11; withdrawn by russia since 2023-11-07"),
    ],
)
def test_the_status_of_an_agreement_says_how_its_parties_stand(tkg: KnowledgeGraph, date: str, standing: str) -> None:
    answer = tkg.status_at("cfe-treaty", date)
    assert answer.status is Status.ACTIVE
    assert answer.standing == standing
    assert all(p.party is not None for p in answer.parties)
    assert all(p.parties == () for p in answer.parties)


def test_a_survival_entry_lists_the_parties_that_differ_from_the_whole(tkg: KnowledgeGraph) -> None:
    # Russia had suspended it since 2007; the allies' suspension in 2023 is a doubtful claim
    (entry,) = [e for e in tkg.survived("2023").uncertain if _slug(e.subject) == "cfe-treaty"]
    assert entry.reason is Reason.LOW_CONFIDENCE
    assert _slug(entry.party) == "germany"
    assert [(_slug(p.party), p.group, p.reason) for p in entry.parties] == [
        ("germany", "uncertain", Reason.LOW_CONFIDENCE),
        ("russia", None, Reason.NOT_ACTIVE_AT_START),
        ("usa", "uncertain", Reason.LOW_CONFIDENCE),
    ]
    russia = entry.parties[1]
    assert russia.at_start is not None
    assert _slug(russia.at_start.iri) == "sc-cfe-2007-russia"
    assert russia.sources == (str(DATA["src-t"]),)
