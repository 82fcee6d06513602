"""The temporal and network root fields, against tests/fixtures/valid.ttl.

In the fixture the office (NATO–Russia, active since 2001-02) is terminated effective
2021-11-01, announced 2021-10-18; the treaty (USA–Russia, active since 1990) is suspended by
Russia alone from 2007-12-12, with a confidence of 0.5.
"""

from __future__ import annotations

import pytest

from .conftest import Run


def test_survived_october_2021(run: Run) -> None:
    report = run(
        """{ survived(period: "2021-10") { period
             survivors { reason subject { slug } change { status effective sources { title } } }
             casualties { reason explanation subject { slug } change { status effective announced causes { slug }
                          citations { locator wording } } }
             uncertain { subject { slug } } } }"""
    )["data"]["survived"]
    assert report["period"] == "2021-10-01/2021-10-31"
    assert report["survivors"] == [
        {"reason": "PARTY_NOT_ACTIVE", "subject": {"slug": "treaty"},  # Russia suspended it in 2007
         "change": {"status": "ACTIVE", "effective": "1990", "sources": [{"title": "A test record"}]}}
    ]
    (casualty,) = report["casualties"]
    assert casualty["subject"] == {"slug": "office"}
    assert casualty["reason"] == "ANNOUNCED"
    assert casualty["explanation"].startswith("a departure from active was announced")
    assert casualty["change"] == {"status": "TERMINATED", "effective": "2021-11-01", "announced": "2021-10-18",
                                  "causes": [{"slug": "ev-expulsion"}],
                                  "citations": [{"locator": "P7", "wording": "closed"}]}
    assert report["uncertain"] == []


def test_survived_with_a_filter_and_a_bad_kind(run: Run) -> None:
    data = run('{ survived(period: "2021-10", filter: { kind: "treaty" }) { survivors { subject { slug } } '
               "casualties { subject { slug } } } }")["data"]["survived"]
    assert data == {"survivors": [{"subject": {"slug": "treaty"}}], "casualties": []}
    error = run('{ survived(period: "2021-10", filter: { kind: "pigeon" }) { period } }', errors=True)["errors"][0]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert "pigeon" in error["message"]


@pytest.mark.parametrize("period", ["2021-13", "2021-11/2021-10", ""])
def test_a_bad_period_is_refused_naming_it(run: Run, period: str) -> None:
    error = run(f'{{ survived(period: "{period}") {{ period }} }}', errors=True)["errors"][0]
    assert error["extensions"]["code"] in {"INVALID_PERIOD", "INVALID_DATE"}


@pytest.mark.parametrize(
    ("as_of", "party", "status", "certainty"),
    [
        ("2010", None, "ACTIVE", "DEFINITE"),
        ("2010", "russia", "SUSPENDED", "POSSIBLE"),  # confidence 0.5
        ("2010", "usa", "ACTIVE", "DEFINITE"),
        ("1989", None, None, "DEFINITE"),
    ],
)
def test_status_as_of_for_a_party_or_the_whole_link(
    run: Run, as_of: str, party: str | None, status: str | None, certainty: str
) -> None:
    party_arg = f', party: "{party}"' if party else ""
    data = run(f'{{ resource(ref: "treaty") {{ ... on Agreement {{ status(asOf: "{as_of}"{party_arg}) '
               "{ status certainty party { slug } } } } }")["data"]["resource"]["status"]
    assert (data["status"], data["certainty"]) == (status, certainty)
    assert data["party"] == ({"slug": party} if party else None)


def test_survival_entries_carry_the_parties_that_differ_from_the_whole(run: Run) -> None:
    (entry,) = run(
        """{ survived(period: "2021-10") { survivors { reason party { slug }
             parties { group reason party { slug } atStart { slug status sources { slug } } change { slug }
                       pendingChange { slug } } } } }"""
    )["data"]["survived"]["survivors"]
    assert entry == {
        "reason": "PARTY_NOT_ACTIVE", "party": {"slug": "russia"},
        "parties": [{"group": None, "reason": "NOT_ACTIVE_AT_START", "party": {"slug": "russia"},
                     "atStart": {"slug": "sc-treaty-2007-suspended", "status": "SUSPENDED",
                                 "sources": [{"slug": "src-test"}]},
                     "change": None, "pendingChange": None}],
    }


def test_status_of_an_agreement_says_how_the_parties_stand_and_the_day_it_used(run: Run) -> None:
    status = run('{ resource(ref: "treaty") { ... on Agreement { status(asOf: "2010") { date asOfDay status '
                 "standing parties { party { slug } status decidingChange { slug } parties { status } } } } } }"
                 )["data"]["resource"]["status"]
    assert status == {
        "date": "2010", "asOfDay": "2010-01-01", "status": "ACTIVE",
        "standing": "in force; suspended by russia since 2007-12-12",
        "parties": [{"party": {"slug": "russia"}, "status": "SUSPENDED",
                     "decidingChange": {"slug": "sc-treaty-2007-suspended"}, "parties": []}],
    }


def test_status_names_the_pending_change_and_its_sources(run: Run) -> None:
    data = run('{ resource(ref: "office") { ... on Channel { status(asOf: "2021-10-20") { status '
               "pendingChange { status effective announced } decidingChange { slug } sources { slug } } } } }")
    status = data["data"]["resource"]["status"]
    assert status == {"status": "ACTIVE",
                      "pendingChange": {"status": "TERMINATED", "effective": "2021-11-01", "announced": "2021-10-18"},
                      "decidingChange": {"slug": "sc-office-2001-active"}, "sources": [{"slug": "src-test"}]}


def test_timeline_by_slug_iri_or_global_id(run: Run) -> None:
    by_slug = run('{ timeline(id: "treaty") { subject { id } changes { slug certainty parties { slug } } '
                  "periods { id status party { slug } openedBy { slug } closedBy { slug } endLatest } } }")
    timeline = by_slug["data"]["timeline"]
    assert [c["slug"] for c in timeline["changes"]] == ["sc-treaty-1990-active", "sc-treaty-2007-suspended"]
    assert timeline["changes"][1] == {"slug": "sc-treaty-2007-suspended", "certainty": "POSSIBLE",
                                      "parties": [{"slug": "russia"}]}
    statuses = {(p["status"], (p["party"] or {}).get("slug")) for p in timeline["periods"]}
    assert ("SUSPENDED", "russia") in statuses
    assert ("ACTIVE", None) in statuses
    global_id = timeline["subject"]["id"]
    by_id = run("query($id: ID!) { timeline(id: $id) { changes { slug } } }", {"id": global_id})["data"]["timeline"]
    assert [c["slug"] for c in by_id["changes"]] == [c["slug"] for c in timeline["changes"]]
    period_id = timeline["periods"][0]["id"]
    node = run("query($id: ID!) { node(id: $id) { ... on StatusPeriod { id status subject { slug } } } }",
               {"id": period_id})["data"]["node"]
    assert node["id"] == period_id
    assert node["subject"] == {"slug": "treaty"}


def test_timeline_of_something_that_is_not_a_link(run: Run) -> None:
    error = run('{ timeline(id: "nato") { changes { slug } } }', errors=True)["errors"][0]
    assert error["extensions"]["code"] == "NOT_FOUND"


def test_changes_between_and_active_on(run: Run) -> None:
    data = run('{ changes(between: "2021-09-15/2021-11-15") { slug subject { slug } } '
               'activeOn(date: "2021-11-02") { slug } }')["data"]
    assert data["changes"] == [{"slug": "sc-office-2021-terminated", "subject": {"slug": "office"}}]
    assert data["activeOn"] == [{"slug": "treaty"}]


def test_changes_between_can_include_announcements_and_say_which_date_matched(run: Run) -> None:
    data = run('{ effective: changes(between: "2021-10") { slug matched } '
               'announced: changes(between: "2021-10", announced: true) { slug matched } '
               'timeline(id: "office") { changes { slug matched } } }')["data"]
    assert data["effective"] == []
    assert data["announced"] == [{"slug": "sc-office-2021-terminated", "matched": ["ANNOUNCED"]}]
    assert {c["matched"] for c in data["timeline"]["changes"]} == {None}


def test_path_and_neighbours_follow_active_links_at_the_date(run: Run) -> None:
    data = run('{ before: path(from: "nato", to: "russia", asOf: "2021-10") { length actors { slug } '
               "hops { from { slug } to { slug } links { slug } } } "
               'after: path(from: "nato", to: "russia", asOf: "2021-12") { length } '
               'neighbours(id: "russia", asOf: "2021-10") { actor { slug } links { slug } } '
               'later: neighbours(id: "usa", asOf: "2000") { actor { slug } } }')["data"]
    hop = {"from": {"slug": "nato"}, "to": {"slug": "russia"}, "links": [{"slug": "office"}]}
    assert data["before"] == {"length": 1, "actors": [{"slug": "nato"}, {"slug": "russia"}], "hops": [hop]}
    assert data["after"] is None
    assert data["neighbours"] == [{"actor": {"slug": "nato"}, "links": [{"slug": "office"}]}]
    assert data["later"] == [{"actor": {"slug": "russia"}}]  # through the treaty, before its suspension


def test_neighbours_of_an_unknown_actor_is_not_found(run: Run) -> None:
    error = run('{ neighbours(id: "atlantis", asOf: "2021") { actor { slug } } }', errors=True)["errors"][0]
    assert error["extensions"]["code"] == "NOT_FOUND"
    assert "atlantis" in error["message"]


def test_network_answers_say_the_day_a_coarse_date_stands_for(run: Run) -> None:
    data = run('{ path(from: "nato", to: "russia", asOf: "2021-10") { asOfDay certainty } '
               'components(asOf: "2021-10-20") { asOfDay certainty } '
               'centrality(asOf: "2021", first: 1) { asOfDay certainty } }')["data"]
    assert data["path"] == {"asOfDay": "2021-10-01", "certainty": "DEFINITE"}
    assert {(c["asOfDay"], c["certainty"]) for c in data["components"]} == {("2021-10-20", "DEFINITE")}
    assert data["centrality"] == [{"asOfDay": "2021-01-01", "certainty": "POSSIBLE"}]  # the office closed in 2021


def test_a_list_says_the_day_its_status_filter_used(run: Run) -> None:
    data = run('{ channels(asOf: "2021-10", filter: { status: { _eq: ACTIVE } }, first: 1) { asOfDay } '
               "actors(first: 1) { asOfDay } }")["data"]
    assert data == {"channels": {"asOfDay": "2021-10-01"}, "actors": {"asOfDay": None}}
