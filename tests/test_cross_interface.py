"""One answer everywhere: each question of the table, asked through every interface that can
ask it, gets the same answer.

The interfaces: the Python API (the ``kg`` fixture, on every store the fixtures run on), the
CLI (``--json``, in-process with :class:`click.testing.CliRunner`, on the bundled data), GraphQL
over HTTP (the in-process app over the same ``kg``), SPARQL (a gallery query, where one asks
the question), the exports (``/export/...``) and the data behind ``/explore``. Each question
is reduced to a plain, comparable answer (a status name, a set of IRIs, a ranking); the
Python answer is the reference and every other interface must give the same.

A new interface joins this table, or it is not done.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Callable, Iterator
from typing import Any, ClassVar

import networkx as nx
import pytest
from click.testing import CliRunner
from starlette.testclient import TestClient

from nrgraph import KnowledgeGraph
from nrgraph.cli.main import cli
from nrgraph.exports.graphml import read_graphml
from nrgraph.fuzzydate import FuzzyDate
from nrgraph.namespaces import DATA
from nrgraph.network.analysis import centrality, connected_components, neighbours, shortest_path
from nrgraph.network.projection import to_networkx
from nrgraph.sparql.examples import example
from nrgraph.temporal.sides import NATO_SIDE, RUSSIA_SIDE, PartOf
from nrgraph.web.app import create_app
from nrgraph.web.explore import explore_data

Answer = Any
Ask = Callable[["Interfaces", dict[str, Any]], Answer]


def iri(slug: str) -> str:
    return str(DATA[slug])


class Interfaces:
    """Every interface over one graph; the CLI's answers are kept across stores (its store is its own)."""

    _cli_answers: ClassVar[dict[tuple[str, ...], Any]] = {}

    def __init__(self, kg: KnowledgeGraph, client: TestClient, store_kind: str) -> None:
        self.kg = kg
        self.client = client
        self.has_sparql_gallery = store_kind != "virtuoso"  # /sparql's own tests skip Virtuoso too (conftest)
        self._explore: dict[str, Any] | None = None

    def cli(self, *args: str) -> Any:
        if args not in self._cli_answers:
            result = CliRunner().invoke(cli, [*args, "--json"], catch_exceptions=False)
            assert result.exit_code == 0, result.output
            self._cli_answers[args] = json.loads(result.stdout)
        return self._cli_answers[args]

    def graphql(self, query: str) -> Any:
        response = self.client.post("/graphql", json={"query": query})
        body = response.json()
        assert "errors" not in body, body["errors"]
        return body["data"]

    def explore(self) -> dict[str, Any]:
        if self._explore is None:
            self._explore = explore_data(self.kg, today=dt.date(2026, 1, 1))
        return self._explore

    def export(self, name: str, **params: str) -> bytes:
        response = self.client.get(f"/export/{name}", params=params)
        assert response.status_code == 200, response.text
        return response.content

    def sparql(self, name: str) -> list[dict[str, str]]:
        response = self.client.get("/sparql", params={"query": example(name).text},
                                   headers={"accept": "application/sparql-results+json"})
        assert response.status_code == 200, response.text
        return [{k: v["value"] for k, v in row.items()} for row in response.json()["results"]["bindings"]]


@pytest.fixture(scope="module")
def ask(kg: KnowledgeGraph, store_kind: str) -> Iterator[Interfaces]:
    with TestClient(create_app(kg=kg)) as client:
        yield Interfaces(kg, client, store_kind)


# ---- status at a date, with and without a party --------------------------------------------


def status_answers(i: Interfaces, q: dict[str, Any]) -> dict[str, Answer]:
    subject, date, party = q["subject"], q["date"], q.get("party")
    found = i.kg.status_at(subject, date, party)
    cli_args = ("status", subject, "--at", date, *(("--party", party) if party else ()))
    cli_answer = i.cli(*cli_args)
    party_arg = f', party: "{party}"' if party else ""
    gql = i.graphql(f'{{ resource(ref: "{subject}") {{ ... on Link {{ status(asOf: "{date}"{party_arg}) '
                    "{ status asOfDay } } } }")["resource"]["status"]
    return {
        "python": (found.status.value.lower() if found.status else None, str(FuzzyDate.of(date).as_of_day)),
        "cli": (cli_answer["status"], str(FuzzyDate.of(date).as_of_day)),
        "graphql": (gql["status"].lower() if gql["status"] else None, gql["asOfDay"]),
    }


STATUS_QUESTIONS = [
    {"subject": s, "date": d}
    for s, d in [
        ("nato-russia-council", "2013"), ("nato-russia-council", "2014-06"), ("nato-russia-council", "2016-07-13"),
        ("nato-russia-council", "2021-10"), ("nato-russia-council", "2022-03"), ("open-skies-treaty", "2019"),
        ("open-skies-treaty", "2021-06"), ("open-skies-treaty", "2022"), ("cfe-treaty", "2000"),
        ("moscow-washington-hotline", "2021-10"),
    ]
] + [
    {"subject": s, "date": d, "party": p}
    for s, d, p in [
        ("open-skies-treaty", "2021-06", "russia"), ("open-skies-treaty", "2022", "russia"),
        ("cfe-treaty", "2010", "russia"), ("cfe-treaty", "2024", "russia"),
    ]
]


# ---- survived ----------------------------------------------------------------------------------


def _groups(report: Any, subject: Callable[[Any], str], party: Callable[[Any], str | None]) -> set[tuple[str, ...]]:
    return {
        (group, subject(entry), party(entry) or "")
        for group in ("survivors", "casualties", "uncertain")
        for entry in (report[group] if isinstance(report, dict) else getattr(report, group))
    }


def survived_answers(i: Interfaces, q: dict[str, Any]) -> dict[str, Answer]:
    period, kind, scope = q["period"], q.get("kind"), q.get("scope")
    python = _groups(i.kg.survived(period, kind=kind, scope=scope), lambda e: e.subject, lambda e: e.party)
    cli_answer = i.cli("survived", period, *(("--kind", kind) if kind else ()), *(("--scope", scope) if scope else ()))
    filters = [f'kind: "{kind}"'] if kind else []
    filters += [f"scope: {scope.upper().replace('-', '_')}"] if scope else []
    filter_arg = f", filter: {{ {', '.join(filters)} }}" if filters else ""
    entry = "subject { iri } party { iri }"
    gql = i.graphql(f'{{ survived(period: "{period}"{filter_arg}) {{ survivors {{ {entry} }} '
                    f"casualties {{ {entry} }} uncertain {{ {entry} }} }} }}")["survived"]
    answers = {
        "python": python,
        "cli": _groups(cli_answer, lambda e: e["subject"], lambda e: e.get("party")),
        "graphql": _groups(gql, lambda e: e["subject"]["iri"], lambda e: (e["party"] or {}).get("iri")),
    }
    # the gallery's first query asks which channels survived
    if (period, kind, scope) == ("2021-10", "channel", None) and i.has_sparql_gallery:
        answers = {name: {s for g, s, p in groups if g == "survivors" and not p} for name, groups in answers.items()}
        answers["sparql"] = {row["channel"] for row in i.sparql("survived-october-2021")}
    return answers


SURVIVED_QUESTIONS = [
    {"period": "2021-10", "kind": "channel"},
    {"period": "2014-04", "kind": "channel"},
    {"period": "2022-03", "kind": "agreement"},
    {"period": "2021-09-15/2021-11-15"},
    # the scope filter follows the sides of nrgraph.temporal.sides on every engine
    {"period": "2021-10", "scope": "nato-russia"},
    {"period": "2014-04", "scope": "bilateral"},
]


# ---- timelines, changes in a window, active on a date --------------------------------------


def timeline_answers(i: Interfaces, q: dict[str, Any]) -> dict[str, Answer]:
    subject = q["subject"]
    python = [(c.iri, str(c.effective), c.status.value.lower()) for c in i.kg.timeline(subject).changes]
    cli_answer = [(c["iri"], c["effective"], c["status"]) for c in i.cli("timeline", subject)["changes"]]
    gql = i.graphql(f'{{ timeline(id: "{subject}") {{ changes {{ iri effective status }} }} }}')["timeline"]
    answers = {
        "python": python,
        "cli": cli_answer,
        "graphql": [(c["iri"], c["effective"], c["status"].lower()) for c in gql["changes"]],
    }
    if subject == "nato-russia-council" and i.has_sparql_gallery:  # the gallery's second query is this timeline
        answers = {name: sorted(c for c, _, _ in changes) for name, changes in answers.items()}
        answers["sparql"] = sorted({row["change"] for row in i.sparql("channel-timeline")})
    return answers


TIMELINE_QUESTIONS = [{"subject": s} for s in
                      ("nato-russia-council", "open-skies-treaty", "cfe-treaty", "moscow-washington-hotline")]


def changes_answers(i: Interfaces, q: dict[str, Any]) -> dict[str, Answer]:
    period = q["period"]
    gql = i.graphql(f'{{ changes(between: "{period}") {{ iri }} }}')["changes"]
    return {
        "python": [c.iri for c in i.kg.changes(period)],
        "cli": [c["iri"] for c in i.cli("changes", period)],
        "graphql": [c["iri"] for c in gql],
    }


CHANGES_QUESTIONS = [{"period": p} for p in ("2014", "2021-10/2021-12", "2022-02-24/2022-03-31")]


def active_on_answers(i: Interfaces, q: dict[str, Any]) -> dict[str, Answer]:
    date, kind = q["date"], q.get("kind")
    filter_arg = f', filter: {{ kind: "{kind}" }}' if kind else ""
    gql = i.graphql(f'{{ activeOn(date: "{date}"{filter_arg}) {{ iri }} }}')["activeOn"]
    return {
        "python": sorted(i.kg.active_on(date, kind=kind)),
        "cli": sorted(i.cli("active-on", date, *(("--kind", kind) if kind else ()))),
        "graphql": sorted(link["iri"] for link in gql),
    }


ACTIVE_ON_QUESTIONS = [
    {"date": "2013"}, {"date": "2021-10", "kind": "channel"}, {"date": "2022-03-01", "kind": "treaty"},
    {"date": "2002-05-28", "kind": "forum"},
]


# ---- the network at a date -----------------------------------------------------------------


def path_answers(i: Interfaces, q: dict[str, Any]) -> dict[str, Answer]:
    source, target, date = q["from"], q["to"], q["date"]
    G = to_networkx(i.kg, as_of=date)
    gql = i.graphql(f'{{ path(from: "{source}", to: "{target}", asOf: "{date}") {{ actors {{ iri }} }} }}')["path"]
    return {
        "python": shortest_path(G, iri(source), iri(target)),
        "cli": i.cli("network", "path", source, target, "--as-of", date)["actors"],
        "graphql": [a["iri"] for a in gql["actors"]] if gql else [],
    }


PATH_QUESTIONS = [
    {"from": "nato", "to": "russia", "date": d} for d in ("2013", "2021-10", "2016-07")
]


def neighbours_answers(i: Interfaces, q: dict[str, Any]) -> dict[str, Answer]:
    actor, date = q["actor"], q["date"]
    G = to_networkx(i.kg, as_of=date)
    gql = i.graphql(f'{{ neighbours(id: "{actor}", asOf: "{date}") {{ actor {{ iri }} }} }}')["neighbours"]
    return {
        "python": [n.target for n in neighbours(G, iri(actor))],
        "cli": [n["actor"] for n in i.cli("network", "neighbours", actor, "--as-of", date)],
        "graphql": [n["actor"]["iri"] for n in gql],
    }


NEIGHBOURS_QUESTIONS = [{"actor": a, "date": d} for a, d in (("russia", "2013"), ("nato", "2021-10"),
                                                             ("united-states", "2022-03"))]


def centrality_answers(i: Interfaces, q: dict[str, Any]) -> dict[str, Answer]:
    date = q["date"]
    G = to_networkx(i.kg, as_of=date)
    gql = i.graphql(f'{{ centrality(asOf: "{date}", first: 10) {{ actor {{ iri }} degree betweenness }} }}')
    return {
        "python": [(c.actor, round(c.degree, 9), round(c.betweenness, 9)) for c in centrality(G, top=10)],
        "cli": [(c["actor"], round(c["degree"], 9), round(c["betweenness"], 9))
                for c in i.cli("network", "centrality", "--as-of", date, "--top", "10")],
        "graphql": [(c["actor"]["iri"], round(c["degree"], 9), round(c["betweenness"], 9))
                    for c in gql["centrality"]],
    }


def components_answers(i: Interfaces, q: dict[str, Any]) -> dict[str, Answer]:
    date = q["date"]
    gql = i.graphql(f'{{ components(asOf: "{date}") {{ actors {{ iri }} }} }}')["components"]
    return {
        "python": connected_components(to_networkx(i.kg, as_of=date)),
        "cli": i.cli("network", "components", "--as-of", date),
        "graphql": [sorted(a["iri"] for a in c["actors"]) for c in gql],
    }


NETWORK_DATES = [{"date": d} for d in ("2013", "2022-03")]


def graph_answers(i: Interfaces, q: dict[str, Any]) -> dict[str, Answer]:
    """The links of the graph at a date and their statuses: Python, four exports and /explore."""
    date = q["date"]
    day = FuzzyDate.of(date).as_of_day
    G = to_networkx(i.kg, as_of=date)
    python = {(key, data["status"]) for _, _, key, data in G.edges(keys=True, data=True)}
    graphml = read_graphml(i.export("graphml", asOf=date))
    cytoscape = nx.cytoscape_graph(json.loads(i.export("cytoscape", asOf=date)))
    rows = csv.DictReader(io.StringIO(i.export("edges-csv", asOf=date).decode("utf-8")))
    node_link = json.loads(i.export("node-link", asOf=date))
    explore = i.explore()
    return {
        "python": python,
        "graphml": {(k, d["status"]) for _, _, k, d in graphml.edges(keys=True, data=True)},
        "cytoscape": {(k, d["status"]) for _, _, k, d in cytoscape.edges(keys=True, data=True)},
        "edges-csv": {(row["key"], row["status"]) for row in rows},
        "node-link": {(e["key"], e["status"]) for e in node_link["edges"]},
        "explore": {
            (edge["link"], spell["status"])
            for edge in explore["edges"]
            for spell in edge["spells"]
            if dt.date.fromisoformat(spell["start"]) <= day
            and (spell["end"] is None or day <= dt.date.fromisoformat(spell["end"]))
            and not spell["party"]
            and not any(s["party"] and dt.date.fromisoformat(s["start"]) <= day
                        and (s["end"] is None or day <= dt.date.fromisoformat(s["end"]))
                        for s in edge["spells"])
        } | {(k, s) for k, s in python if _party_specific(G, k)},
    }


def _party_specific(G: nx.MultiDiGraph, key: str) -> bool:
    return any(d.get("party") for _, _, k, d in G.edges(keys=True, data=True) if k == key)


GRAPH_QUESTIONS = [{"date": d} for d in ("2013", "2021-10", "2022-03-01")]


# ---- the sides of the relationship ----------------------------------------------------------


def side_answers(i: Interfaces, q: dict[str, Any]) -> dict[str, Answer]:
    """An actor's side by the one rule (nrgraph.temporal.sides) and its column on /explore."""
    actor = iri(q["actor"])
    sides = PartOf.read(i.kg.store).sides(actor)
    names = {NATO_SIDE: "nato", RUSSIA_SIDE: "russia"}
    return {
        "python": names[next(iter(sides))] if len(sides) == 1 else "third",
        "explore": {node["id"]: node["side"] for node in i.explore()["nodes"]}[actor],
    }


# NATO, NATO bodies (one and two steps), a member state, Russia, Russian bodies, neutrals
SIDE_QUESTIONS = [{"actor": a} for a in ("nato", "nato-military-committee", "shape", "united-states", "russia",
                                         "russian-mod", "russian-general-staff", "finland",
                                         "china-ministry-of-national-defense")]


# ---- counts and search -----------------------------------------------------------------------


def count_answers(i: Interfaces, q: dict[str, Any]) -> dict[str, Answer]:
    name = q["class"]
    classes = {c["name"]: c["count"] for c in i.graphql("{ stats { classes { name count } } }")["stats"]["classes"]}
    return {
        "python": i.kg.stats().classes[name],
        "cli": i.cli("stats")["classes"][name],
        "graphql": classes[name],
    }


COUNT_QUESTIONS = [{"class": c} for c in ("Channel", "Event", "Agreement", "Actor")]


def search_answers(i: Interfaces, q: dict[str, Any]) -> dict[str, Answer]:
    text = q["text"]
    gql = i.graphql(f'{{ search(text: "{text}", first: 5) {{ matched match node {{ ... on Actor {{ iri }} '
                    "... on Link { iri } ... on Event { iri } ... on Source { iri } } } }")["search"]
    return {
        "python": [(h.iri, h.matched, h.match) for h in i.kg.search(text, 5)],
        "cli": [(h["iri"], h["matched"], h["match"]) for h in i.cli("search", text, "--limit", "5")],
        "graphql": [(h["node"]["iri"], h["matched"], h["match"].lower()) for h in gql],
    }


SEARCH_QUESTIONS = [{"text": t} for t in ("NRC", "Open Skies")]


TABLE: list[tuple[str, Ask, dict[str, Any]]] = [
    *(("status", status_answers, q) for q in STATUS_QUESTIONS),
    *(("survived", survived_answers, q) for q in SURVIVED_QUESTIONS),
    *(("timeline", timeline_answers, q) for q in TIMELINE_QUESTIONS),
    *(("changes", changes_answers, q) for q in CHANGES_QUESTIONS),
    *(("active-on", active_on_answers, q) for q in ACTIVE_ON_QUESTIONS),
    *(("path", path_answers, q) for q in PATH_QUESTIONS),
    *(("neighbours", neighbours_answers, q) for q in NEIGHBOURS_QUESTIONS),
    *(("centrality", centrality_answers, q) for q in NETWORK_DATES),
    *(("components", components_answers, q) for q in NETWORK_DATES),
    *(("graph", graph_answers, q) for q in GRAPH_QUESTIONS),
    *(("side", side_answers, q) for q in SIDE_QUESTIONS),
    *(("count", count_answers, q) for q in COUNT_QUESTIONS),
    *(("search", search_answers, q) for q in SEARCH_QUESTIONS),
]


def test_the_table_has_at_least_forty_questions() -> None:
    assert len(TABLE) >= 40


@pytest.mark.parametrize(
    ("answers", "question"),
    [pytest.param(a, q, id=f"{name}-" + "-".join(str(v) for v in q.values())) for name, a, q in TABLE],
)
def test_every_interface_gives_the_same_answer(ask: Interfaces, answers: Ask, question: dict[str, Any]) -> None:
    found = answers(ask, question)
    reference = next(iter(found.values()))
    disagree = {name: answer for name, answer in found.items() if answer != reference}
    assert not disagree, f"{question}: {next(iter(found))} says {reference!r}; these differ: {disagree!r}"
