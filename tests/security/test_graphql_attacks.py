"""Attacks on the GraphQL API, against a real server (``nrgraph serve`` on a loopback port, the
bundled data, default settings): each is refused fast with a clear 4xx and an
``extensions.code``, or answered, while ``/healthz`` and cheap queries keep being served."""

from __future__ import annotations

import statistics
import threading
import time
from collections.abc import Iterator
from typing import Any

import httpx2
import pytest

from ..servers import nrgraph_serve

GQL = "application/graphql-response+json"
WORST_EXAMPLE = (
    '{ changes(between: "1900/2100") { subject { ... on Agreement { parties { agreements { parties { agreements '
    "{ label } } } } } } } }"
)


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    """``nrgraph serve`` on a free loopback port with the default settings, its list bounds read."""
    with nrgraph_serve() as base:
        httpx2.post(f"{base}/graphql", json={"query": "{ stats { sources } }"}, timeout=30)
        yield base


def _post(base: str, query: str, variables: dict[str, Any] | None = None, timeout: float = 30) -> httpx2.Response:
    body: dict[str, Any] = {"query": query}
    if variables is not None:
        body["variables"] = variables
    return httpx2.post(f"{base}/graphql", json=body, headers={"accept": GQL}, timeout=timeout)


class _Probe:
    """Times requests to ``url`` in a thread, every 20 ms, until stopped."""

    def __init__(self, base: str, query: str | None = None) -> None:
        self.base, self.query = base, query
        self.times: list[float] = []
        self.failures: list[str] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        with httpx2.Client(timeout=10) as client:
            while not self._stop.is_set():
                start = time.perf_counter()
                try:
                    if self.query is None:
                        response = client.get(f"{self.base}/healthz")
                    else:
                        response = client.post(f"{self.base}/graphql", json={"query": self.query})
                    if response.status_code != 200:
                        self.failures.append(f"{response.status_code}: {response.text[:200]}")
                except httpx2.TransportError as error:
                    self.failures.append(repr(error))
                self.times.append(time.perf_counter() - start)
                time.sleep(0.02)

    def __enter__(self) -> _Probe:
        self._thread.start()
        time.sleep(0.1)
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join(timeout=15)

    def assert_served_within(self, seconds: float) -> None:
        assert not self.failures, self.failures[:3]
        assert self.times, "no probe request completed"
        typical = statistics.quantiles(self.times, n=10)[8] if len(self.times) >= 10 else max(self.times)
        assert typical < seconds, f"the 90th percentile of {len(self.times)} probes took {typical:.3f} s"


def _fan_out(levels: int, leaf: str) -> str:
    """``fragment F0 on Query { ...F1 ...F1 }`` and so on: 2**levels spreads of the last fragment."""
    fragments = " ".join(f"fragment F{n} on Query {{ ...F{n + 1} ...F{n + 1} }}" for n in range(levels))
    return f"query {{ ...F0 }} {fragments} fragment F{levels} on Query {{ {leaf} }}"


@pytest.mark.parametrize(
    ("leaf", "code"),
    [
        ("__typename", None),  # answered: a spread repeated is merged into one field
        ("a: stats { sources }", "TOO_MANY_ALIASES"),
        ('changes(between: "1900/2100") { id }', "QUERY_TOO_COSTLY"),
        ("channels(first: 100) { nodes { label } }", "QUERY_TOO_COSTLY"),
    ],
)
def test_a_fragment_fan_out_is_refused_or_answered_fast_while_healthz_answers(
    server: str, leaf: str, code: str | None
) -> None:
    query = _fan_out(30, leaf)
    assert len(query) < 2000
    with _Probe(server) as health:
        start = time.perf_counter()
        for _ in range(3):
            response = _post(server, query)
        took = (time.perf_counter() - start) / 3
        time.sleep(0.2)
    assert took < 1.0, f"a 30-level fan-out took {took:.2f} s"
    health.assert_served_within(0.2)
    body = response.json()
    if code is None:
        assert response.status_code == 200
        assert body == {"data": {"__typename": "Query"}}
    else:
        assert response.status_code == 400
        assert body["errors"][0]["extensions"]["code"] == code


def test_the_cost_estimate_bounds_the_real_data_so_the_worst_nesting_is_refused(server: str) -> None:
    response = _post(server, WORST_EXAMPLE)
    assert response.status_code == 400
    error = response.json()["errors"][0]
    assert error["extensions"]["code"] == "QUERY_TOO_COSTLY"
    assert error["extensions"]["cost"] > 1_000_000  # the lists as long as the data has them, not 5
    assert "longest such list in the data" in error["message"]


def test_a_variable_default_is_costed_at_its_value(server: str) -> None:
    query = "query($n: Int! = 100) { actors(first: $n) { nodes { agreements { parties { label } } } } }"
    by_default = _post(server, query).json()["errors"][0]["extensions"]
    given = _post(server, query, {"n": 100}).json()["errors"][0]["extensions"]
    assert by_default["code"] == given["code"] == "QUERY_TOO_COSTLY"
    assert by_default["cost"] == given["cost"]
    assert "errors" not in _post(server, query, {"n": 1}).json()


def heavy_query(year: int, analyses: int = 3) -> str:
    """The worst query the limits accept: network analyses at other dates, as many as the cost allows."""
    return "{ " + " ".join(
        f'p{n}: path(from: "nato", to: "russia", asOf: "{year - n}") {{ length }}' for n in range(analyses)
    ) + " }"


def test_network_analyses_are_priced_at_the_edges_they_project(server: str) -> None:
    """Each analysis projects the whole graph, so the cost limit counts its edges: three are
    accepted, a fourth (or 15 centralities at 15 dates, the attack before) is refused."""
    assert "errors" not in _post(server, heavy_query(2025)).json()
    for query in (heavy_query(2025, 4), heavy_query_before(2025)):
        error = _post(server, query).json()["errors"][0]
        assert error["extensions"]["code"] == "QUERY_TOO_COSTLY"
        assert "network analysis" in error["message"]


def heavy_query_before(year: int) -> str:
    """The worst query the limits accepted before network analyses were priced (2.3 s of work)."""
    return "{ " + " ".join(
        f'c{n}: centrality(asOf: "{year - n}", first: 100) {{ betweenness actor {{ label }} }}' for n in range(15)
    ) + " }"


def test_cheap_queries_and_healthz_are_served_while_a_heavy_accepted_query_runs(server: str) -> None:
    first = _post(server, heavy_query(2025))
    assert first.status_code == 200, first.text[:300]
    assert "errors" not in first.json()
    stop = threading.Event()

    def attack() -> None:
        with httpx2.Client(timeout=60) as client:
            year = 2024
            while not stop.is_set():  # another year each time, so that no cached answer serves it
                client.post(f"{server}/graphql", json={"query": heavy_query(year)})
                year -= 1

    attacker = threading.Thread(target=attack, daemon=True)
    attacker.start()
    try:
        time.sleep(0.3)
        with _Probe(server) as health, _Probe(server, "{ stats { sources } }") as cheap:
            time.sleep(3)
    finally:
        stop.set()
        attacker.join(timeout=60)
    health.assert_served_within(0.1)
    cheap.assert_served_within(0.1)


@pytest.mark.parametrize(
    ("body", "code"),
    [
        (b'{"query": "{ __typename }", "variables": ' + b"[" * 2000 + b"]" * 2000 + b"}", "BAD_REQUEST"),
        (b'{"query": "query($t: String!) { search(text: $t) { matched } }", "variables": {"t": "a\\ud800b"}}',
         "BAD_USER_INPUT"),
        (b'{"query": "{ __typename }", "variables": {"a": ' + b"{\"b\": " * 100 + b"1" + b"}" * 100 + b"}}",
         "BAD_REQUEST"),
    ],
    ids=["json-nested-2000-deep", "lone-surrogate-in-a-variable", "variables-nested-100-deep"],
)
def test_malformed_json_gets_a_clear_400_never_a_500(server: str, body: bytes, code: str) -> None:
    response = httpx2.post(
        f"{server}/graphql", content=body, headers={"content-type": "application/json", "accept": GQL}, timeout=30
    )
    assert response.status_code == 400, response.text[:300]
    error = response.json()["errors"][0]
    assert error["extensions"]["code"] == code
    assert "INTERNAL" not in response.text


def test_a_field_repeated_2000_times_says_which_limit_was_hit(server: str) -> None:
    response = _post(server, "{ " + "__typename " * 1990 + "}")
    assert response.status_code == 400
    error = response.json()["errors"][0]
    assert error["extensions"]["code"] == "QUERY_TOO_COMPLEX"
    assert "500,000 comparisons" in error["message"]
