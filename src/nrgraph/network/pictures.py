"""Pictures: the graph at a date, and a Gantt timeline of every link's status periods.

Both are drawn with matplotlib's object API (a ``Figure`` of its own, no pyplot state, so they
are safe in a server thread) and returned as SVG or PNG bytes of an exact size: ``width`` by
``height`` inches at ``dpi`` (PNG pixels = inches x dpi). SVG keeps text as text, so labels
stay selectable and searchable, and the output is deterministic (no date, fixed ids).

- :func:`draw_graph` draws actors as labelled dots and links as lines coloured by status
  (dashed unless active; several links between two actors fan out as arcs), with a legend.
- :func:`draw_timeline` draws one row per link, a bar per status period coloured by status,
  a diamond for each event behind a change, and a dashed line, labelled, for every event that
  changed three or more links at once (so the October 2021 rupture stands out).
"""

from __future__ import annotations

import datetime as dt
import io
import textwrap
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from typing import Literal

import matplotlib
import matplotlib.dates as mdates
import networkx as nx
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import FancyArrowPatch

from nrgraph.errors import InvalidInput
from nrgraph.knowledge_graph import KnowledgeGraph
from nrgraph.network.palette import NARROWER_STYLES, STATUS_COLOURS, status_style
from nrgraph.network.projection import (
    LinkEvent,
    LinkHistory,
    link_events,
    link_histories,
    to_dynamic_networkx,
    window_graph,
)
from nrgraph.network.sides import actor_sides, sides_layout
from nrgraph.temporal.model import Period

__all__ = [
    "DEFAULT_KINDS",
    "MEDIA_TYPES",
    "PICTURE_FORMATS",
    "draw_graph",
    "draw_timeline",
    "graph_layout",
    "graph_picture",
    "timeline_height",
    "timeline_picture",
]

PictureFormat = Literal["svg", "png"]
PICTURE_FORMATS: tuple[PictureFormat, ...] = ("svg", "png")
MEDIA_TYPES: dict[str, str] = {"svg": "image/svg+xml", "png": "image/png"}

DEFAULT_KINDS: tuple[str, ...] = ("channel",)
"""What the pictures show unless told otherwise: channels. Agreements with thirty parties
become thirty-party cliques, which no picture makes readable."""
_NODE_COLOUR = "#3b4a5a"
_LEGEND_TITLE = "Status"
_BIG_EVENT = 3
"""An event that changed at least this many links gets a labelled line across the timeline."""


def _check_format(format: str) -> PictureFormat:
    if format not in PICTURE_FORMATS:
        raise InvalidInput(f"picture format {format!r} is not known; valid: {', '.join(PICTURE_FORMATS)}")
    return format


def _save(figure: Figure, format: PictureFormat) -> bytes:
    buffer = io.BytesIO()
    metadata: dict[str, str | None] = {"Date": None} if format == "svg" else {"Software": None}
    # Text stays text in SVG, ids are stable, and the font is the one matplotlib ships.
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "nrgraph", "font.family": "DejaVu Sans"}):
        figure.savefig(buffer, format=format, dpi=figure.dpi, metadata=metadata)
    return buffer.getvalue()


def _day(day: dt.date) -> float:
    """A date as matplotlib's day number."""
    return float(mdates.date2num(day))  # type: ignore[no-untyped-call]


_DASHES: dict[str, Literal["-", "--", ":"]] = {"solid": "-", "dashed": "--", "dotted": ":"}
_HATCHES = {"solid": "", "dashed": "///", "dotted": "..."}
"""How a bar of the timeline shows a line style: Restricted hatched, Dormant dotted."""


def _status_legend(extra: Sequence[Line2D] = ()) -> list[Line2D]:
    handles = [
        Line2D([0], [0], color=colour, linewidth=3, linestyle="-" if name == "active" else "--", label=name)
        for name, colour in STATUS_COLOURS.items()
    ]
    narrower = [
        Line2D([0], [0], color=colour, linewidth=3, linestyle=_DASHES[line], label=f"active, {name.lower()}")
        for name, (colour, line) in NARROWER_STYLES.items()
    ]
    return [handles[0], *narrower, *handles[1:], *extra]


def graph_layout(G: nx.MultiDiGraph, seed: int = 7) -> dict[str, tuple[float, float]]:
    """Positions for the actors of ``G``: each group of linked actors gets a spring layout
    (fixed seed) in a square sized by its number of actors, squares packed in rows, largest
    first, so that small groups do not fly off to the edges and squeeze the large one."""
    simple = nx.Graph()
    simple.add_nodes_from(sorted(G.nodes))
    simple.add_edges_from(sorted((u, v) for u, v in G.edges() if u != v))
    groups = sorted((sorted(c) for c in nx.connected_components(simple)), key=lambda c: (-len(c), c[0]))
    if not groups:
        return {}
    sides = [max(len(group), 2) ** 0.5 for group in groups]
    row_width = max(sides[0], sum(side * side for side in sides) ** 0.5 * 1.25)
    positions: dict[str, tuple[float, float]] = {}
    x = y = row_height = 0.0
    for group, side in zip(groups, sides, strict=True):
        if x > 0 and x + side > row_width:
            x, y, row_height = 0.0, y - row_height, 0.0
        centre = (x + side / 2, y - side / 2)
        if len(group) == 1:
            placed = {group[0]: centre}
        else:
            sub = simple.subgraph(group)
            placed = _spread(nx.spring_layout(sub, seed=seed, center=centre, scale=side * 0.42, iterations=300))
        positions.update({str(n): (float(px), float(py)) for n, (px, py) in placed.items()})
        x += side
        row_height = max(row_height, side)
    return positions


def _spread(
    positions: Mapping[object, Sequence[float]], gap: float = 0.6, rounds: int = 60
) -> dict[object, tuple[float, float]]:
    """Push apart actors closer than ``gap`` (each actor has about one unit square), so that a hub
    with many partners does not pile their labels on top of each other."""
    place = {node: [float(x), float(y)] for node, (x, y) in positions.items()}
    nodes = sorted(place, key=str)
    for _ in range(rounds):
        moved = False
        for i, a in enumerate(nodes):
            for b in nodes[i + 1:]:
                dx, dy = place[b][0] - place[a][0], place[b][1] - place[a][1]
                distance = (dx * dx + dy * dy) ** 0.5
                if distance >= gap:
                    continue
                if distance == 0:
                    dx, dy, distance = 1.0, 0.0, 1.0
                push = (gap - distance) / 2 / distance
                place[a][0] -= dx * push
                place[a][1] -= dy * push
                place[b][0] += dx * push
                place[b][1] += dy * push
                moved = True
        if not moved:
            break
    return {node: (x, y) for node, (x, y) in place.items()}


def draw_graph(
    G: nx.MultiDiGraph,
    *,
    format: str = "svg",
    title: str | None = None,
    positions: Mapping[str, tuple[float, float]] | None = None,
    width: float = 12.0,
    height: float = 9.0,
    dpi: int = 100,
) -> bytes:
    """The graph ``G`` (from :func:`~nrgraph.network.projection.to_networkx`) as an SVG or PNG picture.

    ``positions`` (actor -> x, y) keeps actors in place across pictures at several dates; by
    default they come from :func:`graph_layout`. An empty graph gives a picture that says so.
    """
    chosen = _check_format(format)
    figure = Figure(figsize=(width, height), dpi=dpi)
    parallel = sum(n for n in Counter(tuple(sorted((u, v))) for u, v in G.edges()).values() if n > 1)
    key_height = 0.012 * ((parallel + 2) // 3) + (0.01 if parallel else 0.0)
    axes = figure.add_axes((0.01, 0.01 + key_height, 0.98, 0.87 - key_height))
    axes.set_axis_off()
    figure.suptitle(title or f"NATO–Russia relationship graph, {G.graph.get('window', '')}", fontsize=14, y=0.99)
    place = dict(positions) if positions is not None else graph_layout(G)
    missing = graph_layout(G.subgraph([n for n in G.nodes if n not in place]))
    place.update(missing)
    if G.number_of_nodes() == 0:
        axes.text(0.5, 0.5, "No link in force", ha="center", va="center", fontsize=16, color="#555555",
                  transform=axes.transAxes)
    by_pair: dict[tuple[str, str], list[dict[str, str]]] = defaultdict(list)
    for u, v, _key, data in sorted(G.edges(keys=True, data=True), key=lambda e: e[:3]):
        by_pair[(u, v) if u <= v else (v, u)].append(data)
    key: list[str] = []  # parallel links are numbered on their line and named in a key below
    for (u, v), edges in by_pair.items():
        for index, data in enumerate(edges):
            rad = 0.0 if len(edges) == 1 else 0.5 * (index / (len(edges) - 1) - 0.5)
            if len(edges) > 1:
                key.append(f"{len(key) + 1}  {textwrap.shorten(str(data.get('label', '')), 46)} "
                           f"({data.get('status', '')})")
                (x1, y1), (x2, y2) = place[u], place[v]
                mid = ((x1 + x2) / 2 + rad / 2 * (y2 - y1), (y1 + y2) / 2 - rad / 2 * (x2 - x1))
                axes.annotate(str(len(key)), mid, ha="center", va="center", fontsize=8, zorder=5,
                              bbox={"boxstyle": "circle,pad=0.15", "facecolor": "white", "edgecolor": "#555555",
                                    "linewidth": 0.6})
            top = str(data.get("status_top", ""))
            colour, line = status_style(str(data.get("status", "")), top)
            axes.add_patch(FancyArrowPatch(
                place[u], place[v],
                arrowstyle="-",
                connectionstyle=f"arc3,rad={rad:.3f}",
                color=colour,
                linewidth=2.2 if line == "solid" else 1.8,
                linestyle=_DASHES[line],
                alpha=0.85,
                shrinkA=0,
                shrinkB=0,
                zorder=1,
            ))
    if place:
        xs, ys = zip(*(place[n] for n in G.nodes), strict=True)
        axes.scatter(xs, ys, s=160, color=_NODE_COLOUR, edgecolors="white", linewidths=1.5, zorder=3)
        for node, data in G.nodes(data=True):
            x, y = place[node]
            label = textwrap.fill(str(data.get("label", node)), 24)
            axes.annotate(label, (x, y), xytext=(0, 6), textcoords="offset points", ha="center", va="bottom",
                          fontsize=10, zorder=4, annotation_clip=False,
                      bbox={"boxstyle": "round,pad=0.2", "facecolor": "white", "edgecolor": "none", "alpha": 0.8})
        span = max(max(xs) - min(xs), max(ys) - min(ys), 1.0)
        # room for the names: half a label's width beside the outermost actors, a label's height above
        axes.set_xlim(min(xs) - 0.14 * span, max(xs) + 0.14 * span)
        axes.set_ylim(min(ys) - 0.08 * span, max(ys) + 0.14 * span)
    if key:
        rows = (len(key) + 2) // 3
        for column in range(3):
            figure.text(0.02 + column * 0.33, 0.005, "\n".join(key[column * rows:(column + 1) * rows]),
                        fontsize=7.5, va="bottom", ha="left", family="DejaVu Sans")
    figure.legend(handles=_status_legend(), title=_LEGEND_TITLE, loc="upper center", bbox_to_anchor=(0.5, 0.955),
                  ncols=len(STATUS_COLOURS) + len(NARROWER_STYLES), frameon=False, fontsize=9, title_fontsize=9)
    return _save(figure, chosen)


def timeline_height(rows: int) -> float:
    """The height in inches of a timeline with ``rows`` links."""
    return max(4.0, 0.3 * rows + 2.2)


def draw_timeline(
    links: Sequence[LinkHistory],
    events: Sequence[LinkEvent] = (),
    *,
    format: str = "svg",
    title: str = "NATO–Russia channels: status over time",
    today: dt.date | None = None,
    width: float = 14.0,
    dpi: int = 100,
    span: tuple[dt.date, dt.date] | None = None,
) -> bytes:
    """A Gantt chart of every link's status periods, with markers for the events behind them.

    ``span`` (first and last day) narrows the time axis to a period.

    Rows run from the link that started first (top) to the last; an open period runs to
    ``today`` (default: the current date). The picture is ``width`` by
    :func:`timeline_height` inches.
    """
    chosen = _check_format(format)
    rows = sorted((link for link in links if link.spells), key=lambda h: (h.spells[0].start, h.label))
    end = today or dt.date.today()
    figure = Figure(figsize=(width, timeline_height(len(rows))), dpi=dpi)
    inches = timeline_height(len(rows))
    axes = figure.add_axes((0.3, 0.5 / inches, 0.68, 1 - (2.2 if events else 1.2) / inches))
    figure.suptitle(title, fontsize=14)
    index = {row.link: position for position, row in enumerate(rows)}
    for position, row in enumerate(rows):
        for spell in row.spells:
            last = spell.end or end
            start = _day(spell.start)
            length = max(_day(last) - start, 1.0)
            colour, line = status_style(spell.status.value, spell.status.top.value.lower())
            hatch = _HATCHES[line] if spell.status.value in NARROWER_STYLES else ""
            axes.broken_barh([(start, length)], (position - 0.35, 0.7), facecolors=colour,
                             hatch=hatch, edgecolor="white" if hatch else colour, linewidth=0)
    mine = [e for e in events if e.link in index]
    if mine:
        axes.plot([_day(e.date) for e in mine], [index[e.link] for e in mine],
                  linestyle="none", marker="D", markersize=4, color="black", zorder=3)
    per_event: dict[tuple[str, dt.date, str], set[str]] = defaultdict(set)
    for event in mine:
        per_event[(event.event, event.date, event.label)].add(event.link)
    for (_, date, label), changed in sorted(per_event.items(), key=lambda item: item[0][1]):
        if len(changed) >= _BIG_EVENT:
            x = _day(date)
            axes.axvline(x, color="#444444", linestyle=":", linewidth=1, zorder=2)
            # the label stands above the plot, slanted, so that it never covers a bar
            axes.text(x, 1.005, f"{date.isoformat()}: {textwrap.shorten(label, 40)}", rotation=-20,
                      va="bottom", ha="right", rotation_mode="anchor", fontsize=7,
                      color="#222222", transform=axes.get_xaxis_transform(), clip_on=False)
    axes.set_yticks(range(len(rows)), [textwrap.shorten(r.label, 52) for r in rows], fontsize=8)
    axes.set_ylim(len(rows) - 0.5 if rows else 0.5, -1.0)
    if span is not None:
        axes.set_xlim(_day(span[0]), _day(span[1]) + 1)
    axes.xaxis_date()
    if span is not None and (span[1] - span[0]).days <= 3 * 366:
        axes.xaxis.set_major_locator(mdates.MonthLocator(bymonth=(1, 4, 7, 10)))  # type: ignore[no-untyped-call]
        axes.xaxis.set_minor_locator(mdates.MonthLocator())  # type: ignore[no-untyped-call]
        axes.xaxis.set_major_formatter(mdates.DateFormatter("%Y-%m"))  # type: ignore[no-untyped-call]
    else:
        axes.xaxis.set_major_locator(mdates.YearLocator(5))  # type: ignore[no-untyped-call]
        axes.xaxis.set_minor_locator(mdates.YearLocator(1))  # type: ignore[no-untyped-call]
        axes.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))  # type: ignore[no-untyped-call]
    axes.grid(axis="x", color="#dddddd", linewidth=0.6)
    axes.set_axisbelow(True)
    if not rows:
        axes.text(0.5, 0.5, "No link in force", ha="center", va="center", transform=axes.transAxes, fontsize=14)
    event_handle = Line2D([0], [0], linestyle="none", marker="D", markersize=5, color="black", label="event")
    # the legend sits in the top margin, above the names of the links, never over a bar
    figure.legend(handles=_status_legend([event_handle]), title=_LEGEND_TITLE, loc="upper left",
                  bbox_to_anchor=(0.01, 1 - 0.45 / inches), ncols=2, fontsize=8, title_fontsize=8, frameon=False)
    return _save(figure, chosen)


def graph_picture(
    kg: KnowledgeGraph,
    window: Period | None = None,
    kinds: Sequence[str] | None = DEFAULT_KINDS,
    format: str = "svg",
) -> bytes:
    """The picture of ``kg`` at the end of ``window`` (everything, that is today, if ``None``).

    Actors keep the place the whole history's layout gives them, so pictures at several dates
    can be compared side by side.
    """
    window = window or Period.everything()
    chosen = _check_format(format)
    history = to_dynamic_networkx(kg, kinds=kinds)
    positions = sides_layout(nx.Graph(history.to_undirected()), actor_sides(kg))
    G = window_graph(kg, window, kinds)
    what = "links" if kinds is None else ", ".join(f"{kind}s" for kind in kinds)
    day = dt.date.today() if window.is_everything else window.end
    label = "today" if window.is_everything else f"{window}"
    title = f"NATO–Russia {what} and their status on {day.isoformat()}" + (
        "" if label == day.isoformat() else f" ({label})"
    )
    return draw_graph(G, format=chosen, positions=positions, title=title)


def timeline_picture(
    kg: KnowledgeGraph,
    window: Period | None = None,
    kinds: Sequence[str] | None = DEFAULT_KINDS,
    format: str = "svg",
    today: dt.date | None = None,
) -> bytes:
    """The Gantt timeline of the links of ``kg`` in force during ``window`` (all if ``None``).

    In force is :attr:`nrgraph.status.Family.IN_FORCE` (active, narrower, or suspended) on
    some day of the window: a link only proposed or already closed then is left out.
    """
    chosen = _check_format(format)
    window = window or Period.everything()
    everything = {h.link: h for h in link_histories(kg, None, kinds)}
    shown = [
        everything[h.link]
        for h in link_histories(kg, window, kinds)
        if window.is_everything or any(s.status.is_in_force for s in h.spells)
    ]
    what = "links" if kinds is None else ", ".join(f"{kind}s" for kind in kinds)
    title = f"NATO–Russia {what}: status over time" + ("" if window.is_everything else f" (in force {window})")
    span = None if window.is_everything else (window.start, window.end)
    return draw_timeline(shown, link_events(kg), format=chosen, title=title, today=today, span=span)
