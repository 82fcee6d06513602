"""The sides of the relationship (nrgraph.temporal.sides), one rule for the scope filter and the layout.

An actor is on NATO's side if it is NATO or part of it (``nrg:partOf``, any number of steps),
on Russia's likewise; membership does not count; a joint body is on both sides. The scope
filter of both temporal engines and the columns of pictures and /explore follow it.
"""

from __future__ import annotations

import pytest

from nrgraph import KnowledgeGraph, open_graph
from nrgraph.namespaces import DATA
from nrgraph.network.sides import actor_sides
from nrgraph.temporal.sides import NATO_SIDE, RUSSIA_SIDE, PartOf

from ..conftest import FIXTURES, ONTOLOGY

NATO, RUSSIA, BOTH, NONE = {NATO_SIDE}, {RUSSIA_SIDE}, {NATO_SIDE, RUSSIA_SIDE}, set()


@pytest.fixture(scope="module", params=["index", "sparql"])
def skg(request: pytest.FixtureRequest) -> KnowledgeGraph:
    return open_graph([ONTOLOGY, FIXTURES / "sides.ttl"], temporal=request.param)


SIDES = [
    ("nato", NATO),
    ("military-committee", NATO),  # a NATO body
    ("shape", NATO),  # a body of a NATO body
    ("usa", NONE),  # a member state is not a body of NATO
    ("russia", RUSSIA),
    ("russian-mod", RUSSIA),
    ("general-staff", RUSSIA),
    ("finland", NONE),
    ("finnish-mfa", NONE),  # a body of a third party
    ("joint-body", BOTH),
]


@pytest.mark.parametrize(("slug", "sides"), SIDES)
def test_an_actor_is_on_the_sides_it_is_part_of(skg: KnowledgeGraph, slug: str, sides: set[str]) -> None:
    assert PartOf.read(skg.store).sides(str(DATA[slug])) == sides


def test_the_layout_puts_each_side_in_its_column_and_a_joint_body_in_the_middle(skg: KnowledgeGraph) -> None:
    names = {frozenset(NATO): "nato", frozenset(RUSSIA): "russia"}
    expected = {str(DATA[slug]): names[frozenset(sides)] for slug, sides in SIDES if frozenset(sides) in names}
    assert actor_sides(skg) == expected


@pytest.mark.parametrize(
    ("scope", "links"),
    [
        ("nato-russia", {"shape-staff-line", "joint-russia-line"}),
        # a joint body needs a different actor on the other side: with the US it is bilateral
        ("bilateral", {"usa-russia-line", "nato-finland-line", "joint-usa-line"}),
    ],
)
def test_a_link_is_nato_russia_when_one_actor_is_on_each_side(skg: KnowledgeGraph, scope: str, links: set[str]) -> None:
    assert set(skg.active_on("2001", scope=scope)) == {str(DATA[slug]) for slug in links}


@pytest.mark.parametrize(
    ("slug", "sides"),
    [
        ("nato", NATO),
        ("north-atlantic-council", NATO),
        ("nato-aircom", NATO),  # part of SHAPE, part of NATO
        ("united-states", NONE),  # a member state
        ("us-european-command", NONE),  # a body of a member state
        ("russia", RUSSIA),
        ("russian-mod-gumvs", RUSSIA),  # part of the Russian MoD, part of Russia
        ("soviet-union", NONE),  # a state of its own in the data, not a body of Russia
        ("finland", NONE),
        ("china-ministry-of-national-defense", NONE),
    ],
)
def test_the_bundled_actors_are_on_the_sides_the_data_gives_them(
    kg: KnowledgeGraph, slug: str, sides: set[str]
) -> None:
    assert PartOf.read(kg.store).sides(str(DATA[slug])) == sides
