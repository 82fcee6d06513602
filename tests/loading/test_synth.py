"""The synthetic graph: valid under the shapes, realistic in its mix, the same for a seed."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from nrgraph.cli.main import cli
from nrgraph.errors import InvalidInput
from nrgraph.loading.files import load
from nrgraph.loading.synth import CHANNEL_KINDS, FILES, synthesize, write_files, write_turtle
from nrgraph.namespaces import NRG, RDF, XSD

from ..conftest import ONTOLOGY


@pytest.fixture(scope="module")
def world() -> dict[str, list[ox.Quad]]:
    return synthesize(channels=120, seed=7)


def _count(world: dict[str, list[ox.Quad]], predicate: object) -> Counter[str]:
    return Counter(
        q.object.value for part in world.values() for q in part
        if q.predicate.value == str(predicate) and isinstance(q.object, ox.NamedNode | ox.Literal)
    )


@pytest.mark.slow
def test_the_synthetic_graph_passes_the_shapes_and_history_rules(
    world: dict[str, list[ox.Quad]], tmp_path: Path
) -> None:
    write_files(world, tmp_path)
    loaded = load([ONTOLOGY, tmp_path])  # raises ValidationFailed listing any problem
    assert loaded.warnings == ()
    assert len(loaded.derived) > 0


def test_the_same_seed_gives_the_same_graph_and_another_seed_another() -> None:
    first = write_turtle([q for part in synthesize(25, seed=3).values() for q in part])
    again = write_turtle([q for part in synthesize(25, seed=3).values() for q in part])
    other = write_turtle([q for part in synthesize(25, seed=4).values() for q in part])
    assert first == again
    assert first != other


def test_it_has_every_kind_of_actor_channel_and_agreement(world: dict[str, list[ox.Quad]]) -> None:
    types = {iri.rsplit("#", 1)[-1] for iri in _count(world, RDF.type)}
    assert set(CHANNEL_KINDS) <= types
    assert {"Treaty", "PoliticalDeclaration", "MemorandumOfUnderstanding"} <= types
    assert {"State", "InternationalOrganization", "Body", "Person", "Role", "Source", "StatusChange"} <= types
    assert sum(_count(world, NRG.partOf).values()) > 10
    assert sum(_count(world, NRG.memberOf).values()) > 5


def test_histories_mix_precisions_statuses_announcements_and_parties(world: dict[str, list[ox.Quad]]) -> None:
    dates = [q.object for q in world["status-changes"] if q.predicate.value == str(NRG.effective)]
    precisions = Counter(d.datatype.value for d in dates if isinstance(d, ox.Literal))
    assert set(precisions) == {str(XSD.date), str(XSD.gYearMonth), str(XSD.gYear)}
    statuses = {iri.rsplit("#", 1)[-1] for iri in _count(world, NRG.status)}
    assert {"Active", "Suspended", "Proposed"} <= statuses
    assert statuses & {"Terminated", "Withdrawn", "Expired", "Replaced", "Closed"}
    assert sum(_count(world, NRG.announced).values()) > 20
    assert sum(_count(world, NRG.concernsParty).values()) > 0
    assert sum(_count(world, NRG.cause).values()) > 0


def test_a_third_of_the_channels_link_nato_and_russia_sides(world: dict[str, list[ox.Quad]]) -> None:
    nato, russia = "https://w3id.org/nrgraph/id/nato", "https://w3id.org/nrgraph/id/russia"
    parents = {q.subject.value: q.object.value for q in world["actors"] if q.predicate.value == str(NRG.partOf)}
    sides: dict[str, set[str]] = {}
    for quad in world["channels"]:
        if quad.predicate.value == str(NRG.endpoint) and isinstance(quad.object, ox.NamedNode):
            end = quad.object.value
            sides.setdefault(quad.subject.value, set()).add(parents.get(end, end))
    crossing = sum(1 for ends in sides.values() if {nato, russia} <= ends)
    assert 0.2 * len(sides) < crossing < 0.6 * len(sides)


def test_sources_are_cited_with_locators(world: dict[str, list[ox.Quad]]) -> None:
    quads = [q for part in world.values() for q in part]
    citations = [q.object for q in quads if q.predicate.value == str(NRG.citation)]
    located = {q.subject for q in quads if q.predicate.value == str(NRG.locator)}
    assert len(citations) > 100
    assert set(citations) == located


def test_triples_grow_linearly_with_channels() -> None:
    small = sum(len(part) for part in synthesize(100, seed=1).values())
    large = sum(len(part) for part in synthesize(400, seed=1).values())
    assert 3.5 < large / small < 4.5


def test_no_channels_is_an_error() -> None:
    with pytest.raises(InvalidInput, match="channels must be at least 1, not 0"):
        synthesize(0)


def test_cli_writes_one_file_per_part(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["synth", "--channels", "10", "--seed", "2", "--out", str(tmp_path / "syn")])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("wrote 6 files, ")
    assert sorted(p.stem for p in (tmp_path / "syn").iterdir()) == sorted(FILES)


def test_cli_writes_turtle_to_stdout_by_default() -> None:
    result = CliRunner().invoke(cli, ["synth", "--channels", "5"])
    assert result.exit_code == 0
    triples = list(ox.parse(result.stdout_bytes, format=ox.RdfFormat.TURTLE))
    assert len(triples) == sum(len(part) for part in synthesize(5, seed=0).values())


def test_cli_refuses_a_bad_count() -> None:
    result = CliRunner().invoke(cli, ["synth", "--channels", "0"])
    assert result.exit_code == 2
    assert "0 is not in the range x>=1" in result.stderr
