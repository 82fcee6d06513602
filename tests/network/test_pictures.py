"""Pictures: non-empty, of the expected size, with a legend, from Python and the CLI."""

from __future__ import annotations

import datetime as dt
import struct
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

from nrgraph import KnowledgeGraph
from nrgraph.cli.main import cli
from nrgraph.errors import InvalidInput
from nrgraph.network.pictures import draw_graph, graph_picture, timeline_height, timeline_picture
from nrgraph.network.projection import to_networkx
from nrgraph.temporal.model import Period

from ..conftest import FIXTURES, ONTOLOGY

LEGEND = ("Status", "active", "suspended", "closed", "proposed")


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def svg_texts(data: bytes) -> str:
    text = data.decode("utf-8")
    assert text.lstrip().startswith("<?xml")
    assert "<svg" in text
    return text


def test_the_graph_picture_is_a_png_of_the_expected_size(network_kg: KnowledgeGraph) -> None:
    data = graph_picture(network_kg, Period.window(as_of="2021-11"), format="png")
    assert len(data) > 10_000
    assert png_size(data) == (1200, 900)


def test_the_graph_svg_has_labels_a_legend_and_status_colours(network_kg: KnowledgeGraph) -> None:
    svg = svg_texts(graph_picture(network_kg, Period.window(as_of="2021-11"), format="svg"))
    for word in (*LEGEND, "NATO", "Russia", "United States", "Finland"):
        assert f">{word}<" in svg
    assert "#d73027" in svg  # a closed edge (the information office)
    assert "#1a9850" in svg  # an active edge (the hotline)
    assert 'width="864pt" height="648pt"' in svg


def test_pictures_are_deterministic(network_kg: KnowledgeGraph) -> None:
    window = Period.window(as_of="2010")
    assert graph_picture(network_kg, window) == graph_picture(network_kg, window)


def test_an_empty_graph_gives_a_picture_that_says_so() -> None:
    import networkx as nx

    svg = svg_texts(draw_graph(nx.MultiDiGraph(window="1900-12-31")))
    assert ">No link in force" in svg
    assert ">active" in svg


def test_the_timeline_has_a_row_per_link_bars_by_status_and_event_markers(network_kg: KnowledgeGraph) -> None:
    svg = svg_texts(timeline_picture(network_kg, format="svg", today=dt.date(2025, 1, 1)))
    for label in ("Moscow-Washington hotline", "NATO Information Office in Moscow", "NATO-Russia Council", *LEGEND):
        assert f">{label}" in svg
    assert ">event" in svg
    assert "#d73027" in svg
    assert "#f28e2b" in svg
    png = timeline_picture(network_kg, format="png", today=dt.date(2025, 1, 1))
    assert png_size(png) == (1400, round(timeline_height(6) * 100))


def test_the_timeline_over_a_period_leaves_out_links_not_in_force(network_kg: KnowledgeGraph) -> None:
    svg = svg_texts(timeline_picture(network_kg, Period.parse("2022"), format="svg", today=dt.date(2025, 1, 1)))
    assert ">NATO-Russia Council" in svg  # suspended: still in force
    assert ">NATO Information Office in Moscow" not in svg  # terminated in 2021: closed


def test_the_timeline_marks_an_event_that_changed_three_links(network_kg: KnowledgeGraph) -> None:
    svg = svg_texts(timeline_picture(network_kg, format="svg", today=dt.date(2025, 1, 1)))
    assert "2021-10-06: Expulsion of eight Russian officials" in svg


def test_a_bad_picture_format_names_the_valid_ones(network_kg: KnowledgeGraph) -> None:
    with pytest.raises(InvalidInput, match="picture format 'gif' is not known; valid: svg, png"):
        draw_graph(to_networkx(network_kg, as_of="2021"), format="gif")


def test_cli_draws_pictures(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "network.ttl").write_bytes((FIXTURES / "network.ttl").read_bytes())
    env = {"NRGRAPH_DATA_DIR": str(data), "NRGRAPH_ONTOLOGY_DIR": str(ONTOLOGY)}
    runner = CliRunner()
    out = tmp_path / "graph.png"
    result = runner.invoke(cli, ["picture", "graph", "--as-of", "2021-11", "--out", str(out)], env=env)
    assert result.exit_code == 0, result.output
    assert png_size(out.read_bytes()) == (1200, 900)
    out = tmp_path / "timeline.svg"
    result = runner.invoke(cli, ["picture", "timeline", "--out", str(out)], env=env)
    assert result.exit_code == 0, result.output
    assert ">NATO Information Office in Moscow" in out.read_text()
    bad = runner.invoke(cli, ["picture", "graph", "--out", str(tmp_path / "x.gif")], env=env)
    assert bad.exit_code != 0
    assert "must end in .svg or .png" in bad.output
    bad = runner.invoke(cli, ["picture", "graph", "--as-of", "2021-13", "--out", str(tmp_path / "x.svg")], env=env)
    assert bad.exit_code == 1
    assert "'2021-13' is not a date" in bad.output


def test_the_timeline_over_a_period_narrows_its_axis_to_the_period(network_kg: KnowledgeGraph) -> None:
    svg = svg_texts(timeline_picture(network_kg, Period.parse("2021"), format="svg", today=dt.date(2025, 1, 1)))
    assert ">2021-04" in svg  # months on the axis, not decades
    assert ">2000" not in svg
    assert "channels: status over time (in force 2021" in svg


def test_the_graph_picture_numbers_parallel_links_and_draws_narrower_statuses_apart() -> None:
    G = nx.MultiDiGraph(window="2021-11-01")
    G.add_node("nato", label="NATO")
    G.add_node("russia", label="Russia")
    G.add_edge("nato", "russia", key="a", label="Council", status="Dormant", status_top="active")
    G.add_edge("nato", "russia", key="b", label="Mission", status="Restricted", status_top="active")
    svg = svg_texts(draw_graph(G, format="svg"))
    assert "1  Council (Dormant)" in svg
    assert "2  Mission (Restricted)" in svg
    assert ">active, dormant" in svg
