"""Every exporter round-trips through its reader, leaves its input alone, and writes valid files."""

from __future__ import annotations

import copy
import io
import json
from collections.abc import Callable
from xml.etree import ElementTree as ET

import networkx as nx
import pyoxigraph as ox
import pytest

from nrgraph import KnowledgeGraph
from nrgraph.errors import InvalidDate, InvalidPeriod, UnknownFormat
from nrgraph.exports import FORMATS, export, get_format
from nrgraph.exports.cytoscape import cytoscape_data, read_cytoscape, write_cytoscape
from nrgraph.exports.dot import read_dot, write_dot
from nrgraph.exports.gexf import GEXF_NAMESPACE, read_gexf, write_gexf
from nrgraph.exports.graphml import read_graphml, write_graphml
from nrgraph.exports.node_link import read_node_link, write_node_link
from nrgraph.exports.rdf import rdf_quads, read_rdf, write_rdf
from nrgraph.exports.tables import read_csv_tables, write_edges_csv, write_nodes_csv
from nrgraph.namespaces import DATA
from nrgraph.network.projection import to_dynamic_networkx, to_networkx
from nrgraph.temporal.model import Period

NATO, RUSSIA = str(DATA["nato"]), str(DATA["russia"])
NIO = str(DATA["nio"])


def graph_state(G: nx.MultiDiGraph) -> tuple[object, ...]:
    return (
        sorted(G.nodes(data=True)),
        sorted(G.edges(keys=True, data=True), key=lambda e: e[:3]),
        dict(G.graph),
    )


PAIRS: dict[str, tuple[Callable[[nx.MultiDiGraph], bytes], Callable[[bytes], nx.MultiDiGraph]]] = {
    "graphml": (write_graphml, read_graphml),
    "cytoscape": (write_cytoscape, read_cytoscape),
    "dot": (write_dot, read_dot),
    "node-link": (write_node_link, read_node_link),
}


@pytest.fixture(scope="module", params=["as_of", "period", "empty"])
def static_graph(request: pytest.FixtureRequest, network_kg: KnowledgeGraph) -> nx.MultiDiGraph:
    window = {"as_of": {"as_of": "2021-11"}, "period": {"period": "2021-10/2021-11"}, "empty": {"period": "1900"}}
    return to_networkx(network_kg, **window[request.param])


@pytest.mark.parametrize("name", sorted(PAIRS))
def test_static_formats_round_trip_without_mutating_the_input(name: str, static_graph: nx.MultiDiGraph) -> None:
    write, read = PAIRS[name]
    before = copy.deepcopy(static_graph)
    back = read(write(static_graph))
    assert graph_state(static_graph) == graph_state(before)
    assert graph_state(back) == graph_state(static_graph)
    assert back.is_directed()
    assert back.is_multigraph()


def test_csv_tables_round_trip_nodes_and_edges(static_graph: nx.MultiDiGraph) -> None:
    back = read_csv_tables(write_nodes_csv(static_graph), write_edges_csv(static_graph))
    assert graph_state(back)[:2] == graph_state(static_graph)[:2]


def test_csv_edge_list_has_a_header_and_one_row_per_edge(network_kg: KnowledgeGraph) -> None:
    G = to_networkx(network_kg, as_of="2021-11")
    lines = write_edges_csv(G).decode().splitlines()
    assert lines[0].split(",")[:3] == ["source", "target", "key"]
    assert "status" in lines[0].split(",")
    assert len(lines) == 1 + G.number_of_edges()


def test_cytoscape_ids_are_strings_and_unique(network_kg: KnowledgeGraph) -> None:
    data = cytoscape_data(to_networkx(network_kg, as_of="2010"))
    ids = [e["data"]["id"] for group in ("nodes", "edges") for e in data["elements"][group]]
    assert all(isinstance(i, str) for i in ids)
    assert len(ids) == len(set(ids))
    edge = next(e["data"] for e in data["elements"]["edges"] if e["data"]["key"] == NIO)
    assert (edge["source"], edge["target"], edge["status"]) == (NATO, RUSSIA, "Active")


def test_graphml_declares_string_keys_and_keys_edges_by_link(network_kg: KnowledgeGraph) -> None:
    root = ET.fromstring(write_graphml(to_networkx(network_kg, as_of="2021-11")))
    ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
    keys = {(k.get("for"), k.get("attr.name")): k.get("attr.type") for k in root.findall("g:key", ns)}
    assert keys[("edge", "status")] == keys[("node", "label")] == "string"
    graph = root.find("g:graph", ns)
    assert graph is not None
    assert graph.get("edgedefault") == "undirected"
    edge_ids = [e.get("id") for e in graph.findall("g:edge", ns)]
    assert NIO in edge_ids
    # networkx's own reader reads it as a multigraph keyed by link
    assert nx.read_graphml(io.BytesIO(write_graphml(to_networkx(network_kg, as_of="2021-11")))).has_edge(NATO, RUSSIA)


def test_dot_colours_edges_by_status(network_kg: KnowledgeGraph) -> None:
    text = write_dot(to_networkx(network_kg, as_of="2021-11")).decode()
    nio = next(line for line in text.splitlines() if f'"key"="{NIO}"' in line)
    assert '"color"="#d73027"' in nio
    assert '"style"="dashed"' in nio
    assert text.startswith('graph "nrgraph" {')
    assert " -> " not in text
    assert f'"{NATO}" -- "{RUSSIA}"' in text


# ------------------------------------------------------------------ GEXF ----


@pytest.fixture(scope="module")
def dynamic_graph(network_kg: KnowledgeGraph) -> nx.MultiDiGraph:
    return to_dynamic_networkx(network_kg)


def test_gexf_round_trips_the_dynamic_graph_without_mutating_it(dynamic_graph: nx.MultiDiGraph) -> None:
    before = copy.deepcopy(dynamic_graph)
    back = read_gexf(write_gexf(dynamic_graph))
    assert graph_state(dynamic_graph) == graph_state(before)
    assert graph_state(back) == graph_state(dynamic_graph)


def test_gexf_is_dynamic_with_date_spells(dynamic_graph: nx.MultiDiGraph) -> None:
    root = ET.fromstring(write_gexf(dynamic_graph))
    ns = {"g": GEXF_NAMESPACE}
    assert root.tag == f"{{{GEXF_NAMESPACE}}}gexf"
    assert root.get("version") == "1.3"
    graph = root.find("g:graph", ns)
    assert graph is not None
    kind = (graph.get("mode"), graph.get("timeformat"), graph.get("defaultedgetype"))
    assert kind == ("dynamic", "date", "undirected")
    modes = {(a.get("class"), a.get("mode")) for a in graph.findall("g:attributes", ns)}
    assert modes == {("node", "static"), ("edge", "static"), ("edge", "dynamic")}
    edges = graph.findall("g:edges/g:edge", ns)
    assert len(edges) == dynamic_graph.number_of_edges()
    nio = next(e for e in edges if e.get("id", "").startswith(NIO + "|"))
    spells = [(s.get("start"), s.get("end")) for s in nio.findall("g:spells/g:spell", ns)]
    assert spells == [("2001-02-28", "2021-10-31"), ("2021-11-01", None)]
    dynamic_ids = {a.get("id") for a in graph.findall("g:attributes[@mode='dynamic']/g:attribute", ns)}
    timed = [v for v in nio.findall("g:attvalues/g:attvalue", ns) if v.get("for") in dynamic_ids]
    assert all(v.get("start") for v in timed)
    assert {v.get("value") for v in timed} >= {"Active", "Terminated"}
    # every date is ISO, as timeformat="date" promises
    for element in root.iter():
        for attribute in ("start", "end"):
            value = element.get(attribute)
            assert value is None or (len(value) == 10 and value[4] == value[7] == "-")


def test_networkx_reads_the_gexf_with_its_spells_and_dynamic_statuses(dynamic_graph: nx.MultiDiGraph) -> None:
    G = nx.read_gexf(io.BytesIO(write_gexf(dynamic_graph)))
    assert G.graph["mode"] == "dynamic"
    assert G.number_of_edges() == dynamic_graph.number_of_edges()
    (data,) = [d for u, v, d in G.edges(data=True) if d["link"] == NIO]
    assert data["spells"][0] == ("2001-02-28", "2021-10-31")
    assert [s for s, *_ in data["status"]] == ["Active", "Terminated"]


# ------------------------------------------------------------------- RDF ----


@pytest.mark.parametrize("fmt", ["turtle", "nquads", "jsonld"])
def test_rdf_round_trips(network_kg: KnowledgeGraph, fmt: str) -> None:
    quads = rdf_quads(network_kg, Period.window(as_of="2021-11"))
    before = list(quads)
    back = read_rdf(write_rdf(quads, fmt), fmt)
    assert quads == before
    if fmt == "turtle":  # Turtle has no graphs: compare the union
        expected = {ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph()) for q in quads}
        quads = list(expected)
    assert canonical(back) == canonical(quads)


def canonical(quads: list[ox.Quad]) -> set[ox.Quad]:
    dataset = ox.Dataset(quads)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.UNSTABLE)
    return set(dataset)


@pytest.mark.rdf_window_export
def test_rdf_of_a_window_holds_its_links_their_history_and_sources(network_kg: KnowledgeGraph) -> None:
    quads = rdf_quads(network_kg, Period.window(as_of="2021-11"), kinds=["hotline"])
    subjects = {q.subject.value for q in quads if isinstance(q.subject, ox.NamedNode)}
    assert {str(DATA[n]) for n in ("hotline", "usa", "russia", "sc-hotline-active", "src-net", "src-net-2")} <= subjects
    assert NIO not in subjects
    graphs = {q.graph_name.value for q in quads if isinstance(q.graph_name, ox.NamedNode)}
    assert any(g.endswith("/derived") for g in graphs)
    assert any(g.endswith("/network") for g in graphs)


# ---------------------------------------------------------- the registry ----


@pytest.mark.parametrize("name", list(FORMATS))
def test_every_format_exports_an_empty_period_as_a_valid_empty_document(network_kg: KnowledgeGraph, name: str) -> None:
    data = export(network_kg, name, period="1900/1950")
    assert data or name in {"turtle", "nquads"}  # an empty Turtle or N-Quads file is a valid one
    if name in {"graphml", "gexf"}:
        ET.fromstring(data)
    elif name in {"cytoscape", "node-link", "jsonld"}:
        json.loads(data)
    elif name == "dot":
        assert read_dot(data).number_of_edges() == 0
    elif name in {"nodes-csv", "edges-csv"}:
        assert len(data.decode().splitlines()) == 1  # the header
    elif name in {"turtle", "nquads"}:
        assert read_rdf(data, name) == []


@pytest.mark.parametrize("name", list(FORMATS))
def test_every_format_has_a_media_type_and_extension(name: str) -> None:
    chosen = get_format(name.upper())
    assert chosen.name == name
    assert "/" in chosen.media_type
    assert chosen.extension


def test_an_unknown_format_lists_the_valid_ones(network_kg: KnowledgeGraph) -> None:
    with pytest.raises(UnknownFormat, match=r"export format 'gml' is not known; valid: graphml, gexf, cytoscape"):
        export(network_kg, "gml", as_of="2021")


@pytest.mark.parametrize(("kwargs", "error"), [({"as_of": "2021-13"}, InvalidDate), ({"period": "x"}, InvalidPeriod)])
def test_a_bad_date_or_period_is_a_typed_error(
    network_kg: KnowledgeGraph, kwargs: dict[str, str], error: type[Exception]
) -> None:
    with pytest.raises(error):
        export(network_kg, "graphml", **kwargs)


def test_networkx_cytoscape_graph_reads_the_cytoscape_export_back(static_graph: nx.MultiDiGraph) -> None:
    back = nx.cytoscape_graph(json.loads(write_cytoscape(static_graph)))
    assert not back.is_directed()
    assert back.is_multigraph()
    assert set(back.nodes) == set(static_graph.nodes)
    assert {(frozenset((u, v)), k) for u, v, k in back.edges(keys=True)} == {
        (frozenset((u, v)), k) for u, v, k in static_graph.edges(keys=True)
    }
    for node, label in static_graph.nodes(data="label"):
        assert back.nodes[node]["label"] == label


@pytest.mark.parametrize("name", ["graphml", "gexf", "dot", "cytoscape", "node-link"])
def test_every_graph_export_is_undirected(network_kg: KnowledgeGraph, name: str) -> None:
    text = export(network_kg, name, as_of="2021-11").decode()  # one line or indented JSON alike
    marker = {"graphml": 'edgedefault="undirected"', "gexf": 'defaultedgetype="undirected"',
              "dot": 'graph "nrgraph" {', "cytoscape": '"directed": false', "node-link": '"directed": false'}[name]
    assert marker in text


def test_csv_node_and_edge_lists_download_under_different_names() -> None:
    names = {FORMATS[name].file_name("2021-10-31") for name in FORMATS}
    assert len(names) == len(FORMATS)
