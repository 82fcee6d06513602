"""The ``nrgraph`` command: a thin click layer over the library.

Library errors become one-line messages (or one line per problem) and a non-zero exit;
users never see a traceback.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import click

from nrgraph import __version__
from nrgraph.config import SETTINGS, Settings
from nrgraph.errors import LoadError, NrgraphError
from nrgraph.fuzzydate import AS_OF_HELP, FuzzyDate
from nrgraph.knowledge_graph import KnowledgeGraph, open_graph
from nrgraph.loading.files import load
from nrgraph.loading.manifest import with_manifest
from nrgraph.status import Family
from nrgraph.store import open_store
from nrgraph.temporal import SCOPES, Change, plain
from nrgraph.temporal.model import Period

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["cli", "main"]


def _settings(ctx: click.Context) -> Settings:
    settings: Settings = ctx.obj
    return settings


def _print_settings(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if not value or ctx.resilient_parsing:
        return
    for setting in SETTINGS:
        click.echo(f"NRGRAPH_{setting.name.upper():<14} {setting.default!r:<12} {setting.help}")
    ctx.exit()


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="nrgraph")
@click.option(
    "--help-settings", is_flag=True, expose_value=False, is_eager=True, callback=_print_settings,
    help="List the settings, their environment variables and defaults, and exit.",
)
@click.pass_context
def cli(ctx: click.Context) -> None:
    """nrgraph: the knowledge graph of the NATO-Russia relationship."""
    try:
        ctx.obj = Settings.from_env()
    except NrgraphError as error:
        raise click.ClickException(str(error)) from None


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.pass_context
def validate(ctx: click.Context, paths: Sequence[Path]) -> None:
    """Parse and validate the ontology and data (or PATHS) and print every problem.

    Syntax errors print as FILE:LINE: MESSAGE, shape and history problems as
    <NODE> (FILE): MESSAGE. Exits 1 if there is any error.
    """
    settings = _settings(ctx)
    ontology, data = settings.source_paths
    chosen = [ontology, *paths] if paths else [ontology, data]
    try:
        loaded = load(chosen)
    except LoadError as error:
        for problem in error.problems:
            click.echo(str(problem), err=problem.severity == "error")
        errors = sum(p.severity == "error" for p in error.problems)
        click.echo(f"{errors} error{'s' if errors != 1 else ''}; nothing loaded", err=True)
        sys.exit(1)
    except NrgraphError as error:
        raise click.ClickException(str(error)) from None
    for warning in loaded.warnings:
        click.echo(str(warning))
    triples = len(loaded)
    click.echo(
        f"valid: {len(loaded.files)} files, {triples} triples, {len(loaded.warnings)} warnings"
    )


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@click.pass_context
def stats(ctx: click.Context, as_json: bool) -> None:
    """Print the class tree with counts (subclasses included), the triples, the sources and the dates covered."""
    try:
        graph = open_graph(settings=_settings(ctx))
        try:
            figures = graph.stats()
        finally:
            graph.store.close()
    except LoadError as error:
        raise click.ClickException(f"cannot load the data; run 'nrgraph validate'.\n{error}") from None
    except NrgraphError as error:
        raise click.ClickException(str(error)) from None
    if as_json:
        import json

        click.echo(json.dumps({
            "classes": dict(figures.classes),
            "direct": dict(figures.direct),
            "parents": dict(figures.parents),
            "triples": figures.triples,
            "sources": figures.sources,
            "first_date": figures.first_date.isoformat() if figures.first_date else None,
            "last_date": figures.last_date.isoformat() if figures.last_date else None,
        }, indent=2))
        return
    tree = figures.tree()
    width = max((2 * depth + len(name) for depth, name in tree), default=7)
    click.echo(f"{'class (with subclasses)':<{width}}  {'count':>6}")
    for depth, name in tree:
        click.echo(f"{'  ' * depth + name:<{width}}  {figures.classes[name]:>6}")
    click.echo(f"{'triples':<{width}}  {figures.triples:>6}")
    click.echo(f"{'sources':<{width}}  {figures.sources:>6}")
    if figures.first_date and figures.last_date:
        click.echo(f"dates covered: {figures.first_date} to {figures.last_date}")


@cli.command()
@click.argument("text")
@click.option(
    "--limit", type=click.IntRange(min=1, max=50), default=20, show_default=True, help="At most this many hits."
)
@click.option("--json", "as_json", is_flag=True, help="Print the hits as JSON.")
@click.pass_context
def search(ctx: click.Context, text: str, limit: int, as_json: bool) -> None:
    """Find resources by label or alias: exact matches first, then prefixes, then substrings."""
    if not text.strip():
        raise click.UsageError("give a TEXT to search for, for example 'council'")
    try:
        hits = _open(ctx).search(text, limit)
    except NrgraphError as error:
        raise click.ClickException(str(error)) from None
    if as_json:
        _echo_json([{"iri": h.iri, "slug": _short(h.iri), "matched": h.matched, "match": h.match} for h in hits])
        return
    for hit in hits:
        click.echo(f"{_short(hit.iri):<40} {hit.match:<9} {hit.matched}")


@cli.command()
@click.option("--host", default=None, help="Interface to listen on (NRGRAPH_HOST; default 127.0.0.1).")
@click.option("--port", type=click.IntRange(1, 65535), default=None,
              help="Port to listen on, 1 to 65535 (NRGRAPH_PORT or PORT; default 8000).")
@click.option("--workers", type=click.IntRange(min=1), default=None,
              help="uvicorn worker processes (NRGRAPH_WORKERS; default 1).")
@click.option("--store", default=None, help="memory, oxigraph:PATH or sparql:URL (NRGRAPH_STORE).")
@click.pass_context
def serve(ctx: click.Context, host: str | None, port: int | None, workers: int | None, store: str | None) -> None:
    """Validate and load the data, then serve the API over HTTP."""
    import uvicorn

    from nrgraph.web.limits import uvicorn_options

    settings = _settings(ctx).replace(
        **{k: v for k, v in {"host": host, "port": port, "workers": workers, "store": store}.items() if v is not None}
    )
    if not 1 <= settings.port <= 65535:  # from NRGRAPH_PORT or PORT
        raise click.ClickException(f"cannot serve: port {settings.port} is not a TCP port; give 1 to 65535")
    _check_free(settings.host, settings.port)  # before the data is loaded, and again before "serving on"
    try:
        # Fail here, with every problem, before binding the port; this also builds a persistent
        # store once, so that workers only reopen it, and checks that a shared store is loaded.
        open_graph(settings=settings).store.close()
    except LoadError as error:
        raise click.ClickException(f"cannot serve: the data does not load.\n{error}") from None
    except NrgraphError as error:
        raise click.ClickException(f"cannot serve: {error}") from None
    from nrgraph.web.tokens import EditTokens

    try:
        EditTokens.from_settings(settings)  # a bad edit token setting fails here too
        limits = uvicorn_options(settings)  # and so does a limit that is not positive
    except NrgraphError as error:
        raise click.ClickException(f"cannot serve: {error}") from None
    # Workers are separate processes: hand them the settings through the environment.
    for setting in SETTINGS:
        os.environ[f"NRGRAPH_{setting.name.upper()}"] = str(getattr(settings, setting.name))
    _check_free(settings.host, settings.port)
    from nrgraph.web.app import ENDPOINTS

    base = f"http://{settings.host}:{settings.port}"
    click.echo(f"nrgraph serving on {base}", err=True)
    for path, what in ENDPOINTS:
        click.echo(f"  {base}{path:<18} {what}", err=True)
    uvicorn.run(
        "nrgraph.web.app:create_app_from_env",
        factory=True,
        host=settings.host,
        port=settings.port,
        workers=settings.workers,
        log_level="warning",
        access_log=False,
        **limits,  # slow headers, header size, connections (README, Deployment)
    )

def _check_free(host: str, port: int) -> None:
    """Refuse a port another process listens on, before anything is announced."""
    import socket

    try:
        with socket.create_server((host, port)):
            pass
    except OSError as error:
        raise click.ClickException(f"cannot serve on {host}:{port}: {error.strerror or error}") from None


# ---- network exports and analysis (nrgraph.exports, nrgraph.network.analysis) ------------------

_AS_OF_HELP = f"The graph at this date ({AS_OF_HELP})."
_PERIOD_HELP = "The graph over this period (2021-10 or 2021-09-15/2021-11-15): statuses at its end."
_KIND_HELP = "Keep only links of this kind (channel, agreement, hotline, treaty, ...); repeat for several."


def _checked(parse: Callable[[str], object]) -> Callable[[click.Context, click.Parameter, str | None], str | None]:
    """An option callback that checks a date or period as it is parsed, before any data is loaded."""

    def check(_ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
        if value is not None:
            try:
                parse(value)
            except NrgraphError as error:
                raise click.ClickException(str(error)) from None
        return value

    return check


_check_date = _checked(FuzzyDate.of)
_check_period = _checked(Period.parse)


def _open(ctx: click.Context) -> KnowledgeGraph:
    try:
        return open_graph(settings=_settings(ctx), cached=True)
    except LoadError as error:
        raise click.ClickException(f"cannot load the data; run 'nrgraph validate'.\n{error}") from None
    except NrgraphError as error:
        raise click.ClickException(str(error)) from None


@cli.command("export")
@click.argument("format_name", metavar="FORMAT", required=False)
@click.option("--as-of", "as_of", default=None, callback=_check_date, help=_AS_OF_HELP)
@click.option("--period", default=None, callback=_check_period, help=_PERIOD_HELP)
@click.option("--kind", "kinds", multiple=True, help=_KIND_HELP)
@click.option("-o", "--out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write to this file instead of standard output.")
@click.option("--list", "list_formats", is_flag=True, help="List the export formats and exit.")
@click.pass_context
def export_command(
    ctx: click.Context, format_name: str | None, as_of: str | None, period: str | None,
    kinds: Sequence[str], out: Path | None, list_formats: bool,
) -> None:
    """Export the relationship graph as FORMAT (see --list), at a date or over a period.

    Without --as-of or --period, the whole history: every link, with its status today.
    """
    from nrgraph.exports import FORMATS, export

    if list_formats:
        width = max(len(name) for name in FORMATS)
        for name, chosen in FORMATS.items():
            click.echo(f"{name:<{width}}  {chosen.media_type:<34} {chosen.description}")
        return
    if format_name is None:
        raise click.UsageError(f"give a FORMAT; valid: {', '.join(FORMATS)} (or --list)")
    if as_of is not None and period is not None:
        raise click.UsageError("give --as-of or --period, not both")
    try:
        from nrgraph.exports import get_format

        get_format(format_name)  # a bad name fails before the data is loaded
        data = export(_open(ctx), format_name, as_of=as_of, period=period, kinds=list(kinds) or None)
    except NrgraphError as error:
        raise click.ClickException(str(error)) from None
    if out is None:
        click.echo(data, nl=False)
    else:
        out.write_bytes(data)
        click.echo(f"wrote {out} ({len(data)} bytes)", err=True)


@cli.command()
@click.argument("what", type=click.Choice(["graph", "timeline"]))
@click.option("--as-of", "as_of", default=None, callback=_check_date, help=_AS_OF_HELP)
@click.option("--period", default=None, callback=_check_period,
              help="Only the links in force during this period (2021 or 2021-10/2021-11).")
@click.option("--kind", "kinds", multiple=True,
              help="Kinds of link to draw (default: channel; agreements with many parties make cliques).")
@click.option("-o", "--out", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="The picture file: FILE.svg or FILE.png.")
@click.pass_context
def picture(
    ctx: click.Context, what: str, as_of: str | None, period: str | None, kinds: Sequence[str], out: Path
) -> None:
    """Draw the graph at a date, or the timeline of every channel's status periods, as SVG or PNG."""
    from nrgraph.network.pictures import DEFAULT_KINDS, PICTURE_FORMATS, graph_picture, timeline_picture

    format = out.suffix.lstrip(".").lower()
    if format not in PICTURE_FORMATS:
        endings = " or ".join("." + f for f in PICTURE_FORMATS)
        raise click.UsageError(f"--out {out}: the file name must end in {endings}")
    try:
        window = Period.window(as_of, period)
        draw = graph_picture if what == "graph" else timeline_picture
        data = draw(_open(ctx), window, tuple(kinds) or DEFAULT_KINDS, format)
    except NrgraphError as error:
        raise click.ClickException(str(error)) from None
    out.write_bytes(data)
    click.echo(f"wrote {out} ({len(data)} bytes)", err=True)


@cli.command()
@click.option("--as-of", "as_of", default=None, callback=_check_date,
              help="The month the slider starts at (default: this month).")
@click.option("-o", "--out", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="The HTML file to write; it works offline, with everything inlined.")
@click.pass_context
def explore(ctx: click.Context, as_of: str | None, out: Path) -> None:
    """Write the interactive explore page (as served at /explore) to a self-contained HTML file."""
    from nrgraph.web.explore import explore_page

    try:
        html = explore_page(_open(ctx), as_of)
    except NrgraphError as error:
        raise click.ClickException(str(error)) from None
    out.write_text(html, encoding="utf-8")
    click.echo(f"wrote {out} ({len(html.encode())} bytes)", err=True)


@cli.group()
def network() -> None:
    """Network analysis of the graph at a date: centrality, components, paths, isolation."""


def _graph_at(
    ctx: click.Context, as_of: str | None, kinds: Sequence[str], kg: KnowledgeGraph | None = None
) -> nx.MultiDiGraph:
    from nrgraph.network.projection import to_networkx

    try:
        return to_networkx(kg or _open(ctx), as_of=as_of, kinds=list(kinds) or None)
    except NrgraphError as error:
        raise click.ClickException(str(error)) from None


def _say_day(G: nx.MultiDiGraph) -> None:
    """Every text answer at a date says the day it used (the JSON answers carry it too)."""
    click.echo(f"as of {G.graph['as_of']}: {G.graph['as_of_day']} ({G.graph['certainty']})")


def _actor(kg: KnowledgeGraph, name: str) -> str:
    try:
        return kg.temporal.actor(name) or name
    except NrgraphError as error:
        raise click.ClickException(str(error)) from None


def _label(G: nx.MultiDiGraph, node: str) -> str:
    return str(G.nodes[node].get("label", node)) if node in G else node


def _connected_option(command: Callable[..., None]) -> Callable[..., None]:
    return click.option(
        "--connected", "family_name", type=click.Choice(["active", "active-proper"]), default="active",
        show_default=True,
        help="Which statuses join two actors: active (Active, Restricted, Dormant) or active-proper (Active alone).",
    )(command)


def _family(name: str) -> Family:
    return Family.ACTIVE_PROPER if name == "active-proper" else Family.CONNECTED


def _named(G: nx.MultiDiGraph, node: str) -> str:
    """``Label (slug)`` of an actor."""
    return f"{_label(G, node)} ({_short(node)})"


@network.command()
@click.option("--as-of", "as_of", required=True, callback=_check_date, help=_AS_OF_HELP)
@click.option("--kind", "kinds", multiple=True, help=_KIND_HELP)
@click.option("--top", type=click.IntRange(min=0, max=100), default=20, show_default=True,
              help="How many actors to list.")
@_connected_option
@click.option("--json", "as_json", is_flag=True, help="Print the ranking as JSON.")
@click.pass_context
def centrality(
    ctx: click.Context, as_of: str, kinds: Sequence[str], top: int, family_name: str, as_json: bool
) -> None:
    """Degree and betweenness centrality of each actor through connected links, by degree then betweenness."""
    from nrgraph.network.analysis import centrality as rank

    G = _graph_at(ctx, as_of, kinds)
    ranked = rank(G, top=top, family=_family(family_name))
    if as_json:
        _echo_json([{"actor": c.actor, "slug": _short(c.actor), "label": _label(G, c.actor), "degree": c.degree,
                     "betweenness": c.betweenness} for c in ranked])
        return
    _say_day(G)
    click.echo(f"{'actor':<60} {'degree':>7} {'betweenness':>11}")
    for c in ranked:
        click.echo(f"{_named(G, c.actor)[:60]:<60} {c.degree:>7.3f} {c.betweenness:>11.3f}")


@network.command()
@click.option("--as-of", "as_of", required=True, callback=_check_date, help=_AS_OF_HELP)
@click.option("--kind", "kinds", multiple=True, help=_KIND_HELP)
@_connected_option
@click.option("--json", "as_json", is_flag=True, help="Print the groups as JSON.")
@click.pass_context
def components(ctx: click.Context, as_of: str, kinds: Sequence[str], family_name: str, as_json: bool) -> None:
    """The groups of actors joined by connected links, largest first."""
    from nrgraph.network.analysis import connected_components

    G = _graph_at(ctx, as_of, kinds)
    groups = connected_components(G, family=_family(family_name))
    if as_json:
        _echo_json(groups)
        return
    _say_day(G)
    for index, group in enumerate(groups, start=1):
        click.echo(f"{index}. " + ", ".join(_named(G, n) for n in group))


@network.command()
@click.argument("source")
@click.argument("target")
@click.option("--as-of", "as_of", required=True, callback=_check_date, help=_AS_OF_HELP)
@_connected_option
@click.option("--json", "as_json", is_flag=True, help="Print the hops as JSON.")
@click.pass_context
def path(ctx: click.Context, source: str, target: str, as_of: str, family_name: str, as_json: bool) -> None:
    """The shortest chain from SOURCE to TARGET (slugs or IRIs) through connected channels, with each
    hop's channels and their statuses."""
    from nrgraph.network.analysis import path_hops, shortest_path

    kg = _open(ctx)
    G = _graph_at(ctx, as_of, (), kg)
    family = _family(family_name)
    try:
        found = shortest_path(G, _actor(kg, source), _actor(kg, target), family=family)
    except NrgraphError as error:
        raise click.ClickException(str(error)) from None
    hops = path_hops(G, found, family=family)
    if as_json:
        _echo_json({"actors": found, "hops": [{"from": h.source, "to": h.target,
                    "links": [{"link": k, "status": st} for k, st in h.links]} for h in hops]})
        return
    if not found:
        raise click.ClickException(f"no chain of {family_name} channels joins {source} and {target} on {as_of}")
    _say_day(G)
    click.echo(" -> ".join(_named(G, n) for n in found))
    labels = _link_labels(G)
    for hop in hops:
        via = "; ".join(f"{labels.get(k, k)} ({_short(k)}): {st}" for k, st in hop.links)
        click.echo(f"  {_short(hop.source)} - {_short(hop.target)}: {via}")


@network.command()
@click.argument("actor")
@click.option("--as-of", "as_of", required=True, callback=_check_date, help=_AS_OF_HELP)
@click.option("--channels-only", is_flag=True, help="Count channels only, leaving agreements out.")
@_connected_option
@click.option("--json", "as_json", is_flag=True, help="Print the neighbours as JSON.")
@click.pass_context
def neighbours(
    ctx: click.Context, actor: str, as_of: str, channels_only: bool, family_name: str, as_json: bool
) -> None:
    """The actors joined to ACTOR (slug or IRI) by connected links, with those links and their statuses."""
    from nrgraph.network.analysis import neighbours as adjacent

    kg = _open(ctx)
    G = _graph_at(ctx, as_of, (), kg)
    try:
        found = adjacent(G, _actor(kg, actor), channels_only=channels_only, family=_family(family_name))
    except NrgraphError as error:
        raise click.ClickException(str(error)) from None
    if as_json:
        _echo_json([{"actor": n.target, "links": [{"link": k, "status": st} for k, st in n.links]} for n in found])
        return
    _say_day(G)
    labels = _link_labels(G)
    for n in found:
        via = "; ".join(f"{labels.get(k, k)} ({_short(k)}): {st}" for k, st in n.links)
        click.echo(f"{_named(G, n.target)}: {via}")


def _link_labels(G: nx.MultiDiGraph) -> dict[str, str]:
    return {str(key): str(data.get("label", key)) for _, _, key, data in G.edges(keys=True, data=True)}


@network.command()
@click.option("--period", required=True, callback=_check_period, help="The period (2021-10 or 2021-10/2021-11).")
@click.pass_context
def isolated(ctx: click.Context, period: str) -> None:
    """The actor pairs that lost their last active channel within PERIOD."""
    from nrgraph.network.analysis import isolated_pairs
    from nrgraph.network.projection import to_dynamic_networkx

    try:
        D = to_dynamic_networkx(_open(ctx))
        found = isolated_pairs(D, period)
    except NrgraphError as error:
        raise click.ClickException(str(error)) from None
    if not found:
        click.echo(f"no pair of actors lost its last active channel in {period}")
    labels = {key: str(data.get("label", key)) for _, _, key, data in D.edges(keys=True, data=True)}
    for pair in found:
        lost = ", ".join(labels.get(c, c) for c in pair.channels)
        click.echo(f"{pair.lost_on}  {_label(D, pair.actors[0])} - {_label(D, pair.actors[1])}: lost {lost}")


@cli.command()
@click.argument("graphql")
@click.option("--var", "variables", multiple=True, metavar="NAME=VALUE",
              help="A variable; VALUE is read as JSON if it parses (3, true, [\"a\"]), else as a string.")
@click.option("--operation", default=None, help="The operation to run, if GRAPHQL defines several.")
@click.pass_context
def query(ctx: click.Context, graphql: str, variables: Sequence[str], operation: str | None) -> None:
    """Run the GraphQL query GRAPHQL in-process and print the JSON response.

    Exits 1 if the response has errors (they are printed in the JSON as well).
    """
    import json

    from nrgraph.graphql import execute

    values: dict[str, object] = {}
    for item in variables:
        name, sep, raw = item.partition("=")
        if not sep or not name.strip():
            raise click.ClickException(f"--var {item!r} is not NAME=VALUE, for example --var first=5")
        try:
            values[name.strip()] = json.loads(raw)
        except ValueError:
            values[name.strip()] = raw
    try:
        graph = open_graph(settings=_settings(ctx))
    except LoadError as error:
        raise click.ClickException(f"cannot load the data; run 'nrgraph validate'.\n{error}") from None
    except NrgraphError as error:
        raise click.ClickException(str(error)) from None
    response = execute(graph, graphql, values or None, operation_name=operation, settings=_settings(ctx))
    click.echo(json.dumps(response, indent=2, ensure_ascii=False))
    if response.get("errors"):
        sys.exit(1)


# ---- the temporal questions (nrgraph.temporal) ------------------------------------------


def _short(iri: str | None) -> str:
    return iri.rsplit("/", 1)[-1] if iri else "-"


def _names(kg: KnowledgeGraph, iris: Sequence[str | None]) -> dict[str, str]:
    """``Label (slug)`` for each IRI, read in one query (the slug alone if it has no label)."""
    wanted = sorted({i for i in iris if i})
    found = dict(zip(wanted, kg.resources(wanted), strict=True))
    return {i: f"{r.label} ({_short(i)})" if r is not None and r.label else _short(i) for i, r in found.items()}


def _describe(change: Change | None, *, parties: bool = True) -> str:
    if change is None:
        return "-"
    announced = f", announced {change.announced}" if change.announced else ""
    named = f", for {', '.join(_short(p) for p in change.parties)}" if change.parties and parties else ""
    return f"{change.status.value.lower()} from {change.effective}{announced}{named} ({_short(change.iri)})"


def _echo_json(value: object) -> None:
    import json

    click.echo(json.dumps(plain(value), indent=2, ensure_ascii=False))


@cli.command()
@click.argument("subject")
@click.option("--at", "at", required=True, callback=_check_date, help=f"The date ({AS_OF_HELP}).")
@click.option("--party", default=None, help="The party whose history to read (slug or IRI); default: the whole link.")
@click.option("--json", "as_json", is_flag=True, help="Print the answer as JSON.")
@click.pass_context
def status(ctx: click.Context, subject: str, at: str, party: str | None, as_json: bool) -> None:
    """Print the status of SUBJECT (a channel or agreement, slug or IRI) at a date, with its certainty."""
    try:
        kg = _open(ctx)
        answer = kg.status_at(subject, at, party)
    except NrgraphError as error:
        raise click.ClickException(str(error)) from None
    if as_json:
        _echo_json({**plain(answer), "standing": answer.standing})
        return
    state = answer.status.value.lower() if answer.status else "no status yet"
    if answer.parties:
        state = answer.standing
    day = "" if answer.date.is_exact else f" (as of {answer.as_of_day})"
    names = _names(kg, [answer.subject, answer.party])
    whose = f" for {names[answer.party]}" if answer.party else ""
    click.echo(f"{names[answer.subject]}{whose} at {answer.date}{day}: {state} ({answer.certainty.value})")
    click.echo(f"  in force:  {_describe(answer.deciding)}")
    if answer.uncertain_because is not None:
        click.echo(f"  uncertain: {_describe(answer.uncertain_because)}")
    if answer.pending is not None:
        click.echo(f"  pending:   {_describe(answer.pending)}")
    alike: dict[tuple[str, str, str], list[str]] = {}
    for own in answer.parties:
        said = (_describe(own.deciding, parties=False), _describe(own.pending, parties=False), own.certainty.value)
        alike.setdefault(said, []).append(_short(own.party))
    for (deciding, pending, certainty), slugs in alike.items():
        who = f"parties {', '.join(slugs)}" if len(slugs) > 1 else f"party {slugs[0]}"
        click.echo(f"  {who}: {deciding} ({certainty})" + (f"; pending: {pending}" if pending != "-" else ""))


@cli.command()
@click.argument("period", callback=_check_period)
@click.option("--kind", default=None, help="Only links of this kind (channel, agreement, hotline, treaty, ...).")
@click.option("--actor", default=None, help="Only links with this endpoint or party (slug or IRI; bodies count too).")
@click.option("--scope", type=click.Choice(SCOPES), default=None, help="Only NATO-Russia or only bilateral links.")
@click.option("--status", "status_name", default=None, help="Only entries whose change has this status (or narrower).")
@click.option("--limit", type=click.IntRange(min=0), default=None, help="At most this many entries per group.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.pass_context
def survived(
    ctx: click.Context, period: str, kind: str | None, actor: str | None, scope: str | None,
    status_name: str | None, limit: int | None, as_json: bool,
) -> None:
    """Print what was active at the start of PERIOD (2021-10, 2021-09-15/2021-11-15) and what became of it."""
    try:
        kg = _open(ctx)
        report = kg.survived(period, kind=kind, actor=actor, scope=scope, status=status_name, limit=limit)
    except NrgraphError as error:
        raise click.ClickException(str(error)) from None
    if as_json:
        _echo_json(report)
        return
    groups = (("casualties", report.casualties), ("uncertain", report.uncertain), ("survivors", report.survivors))
    names = _names(kg, [i for _, entries in groups for e in entries for i in (e.subject, e.party)])
    click.echo(f"{report.period}: " + ", ".join(f"{len(entries)} {name}" for name, entries in groups))
    for name, entries in groups:
        if not entries:
            continue
        click.echo(f"{name}:")
        for entry in entries:
            party = f" [{names[entry.party]}]" if entry.party else ""
            click.echo(f"  {names[entry.subject]}{party}: {_describe(entry.change)}; {entry.reason.value}")
            if entry.pending is not None:
                click.echo(f"    pending: {_describe(entry.pending)}")
            for own in entry.parties:
                group = own.group or "not active at the start"
                decided = own.change if own.change is not None else own.at_start
                said = f"{group}, {_describe(decided, parties=False)}; {own.reason.value}"
                click.echo(f"    party {_short(own.party)}: {said}")
                if own.pending is not None and own.pending != entry.pending:
                    click.echo(f"      pending: {_describe(own.pending, parties=False)}")


@cli.command()
@click.argument("period", callback=_check_period)
@click.option("--announced", is_flag=True, help="Also the changes announced in PERIOD, not only those effective in it.")
@click.option("--kind", default=None, help="Only links of this kind (channel, agreement, hotline, treaty, ...).")
@click.option("--actor", default=None, help="Only links with this endpoint or party (slug or IRI; bodies count too).")
@click.option("--scope", type=click.Choice(SCOPES), default=None, help="Only NATO-Russia or only bilateral links.")
@click.option("--status", "status_name", default=None, help="Only changes to this status (or narrower).")
@click.option("--json", "as_json", is_flag=True, help="Print the changes as JSON, each with the dates that matched.")
@click.pass_context
def changes(
    ctx: click.Context, period: str, announced: bool, kind: str | None, actor: str | None, scope: str | None,
    status_name: str | None, as_json: bool,
) -> None:
    """Print the status changes effective (with --announced, also announced) in PERIOD, saying which date matched."""
    from nrgraph.temporal import Period

    try:
        window = Period.of(period)
        found = _open(ctx).changes(
            window, kind=kind, actor=actor, scope=scope, status=status_name, announced=announced
        )
    except NrgraphError as error:
        raise click.ClickException(str(error)) from None
    if as_json:
        _echo_json([{**plain(change), "matched": list(change.matched(window))} for change in found])
        return
    click.echo(f"{window}: {len(found)} change{'' if len(found) == 1 else 's'}")
    for change in found:
        matched = " and ".join(change.matched(window))
        click.echo(f"  {_short(change.subject)}: {_describe(change)} [{matched} in the period]")


@cli.command()
@click.argument("subject")
@click.option("--json", "as_json", is_flag=True, help="Print the timeline as JSON.")
@click.pass_context
def timeline(ctx: click.Context, subject: str, as_json: bool) -> None:
    """Print the status changes of SUBJECT in order, and its status periods."""
    try:
        kg = _open(ctx)
        found = kg.timeline(subject)
    except NrgraphError as error:
        raise click.ClickException(str(error)) from None
    if as_json:
        _echo_json(found)
        return
    click.echo(f"{_names(kg, [found.subject])[found.subject]}: {len(found.changes)} changes")
    for change in found.changes:
        sources = ", ".join(_short(s) for s in change.sources)
        click.echo(f"  {_describe(change)}" + (f" [{sources}]" if sources else ""))
    click.echo("periods:")
    for record in found.periods:
        party = f" [{_short(record.party)}]" if record.party else ""
        end = f"until {record.end}" if record.end else "open"
        click.echo(f"  {record.status.value.lower()}{party} from {record.start}, {end}")


@cli.command("active-on")
@click.argument("date", callback=_check_date)
@click.option("--kind", default=None, help="Only links of this kind (channel, agreement, hotline, treaty, ...).")
@click.option("--actor", default=None, help="Only links with this endpoint or party (slug or IRI; bodies count too).")
@click.option("--json", "as_json", is_flag=True, help="Print the links as JSON.")
@click.pass_context
def active_on(ctx: click.Context, date: str, kind: str | None, actor: str | None, as_json: bool) -> None:
    """Print the channels and agreements active on DATE (a month or a year stands for its first day)."""
    try:
        kg = _open(ctx)
        found = kg.active_on(date, kind=kind, actor=actor)
    except NrgraphError as error:
        raise click.ClickException(str(error)) from None
    if as_json:
        _echo_json(found)
        return
    names = _names(kg, found)
    for iri in found:
        click.echo(names[iri])


SPARQL_FORMATS = ("table", "csv", "json", "tsv", "xml", "turtle", "ntriples", "jsonld", "rdfxml")


@cli.command()
@click.argument("query", required=False)
@click.option("--example", "example_name", metavar="NAME", help="Run the gallery query NAME (see --list-examples).")
@click.option("--list-examples", is_flag=True, help="List the gallery queries (nrgraph/sparql/examples/*.rq) and exit.")
@click.option(
    "--format", "format_name", type=click.Choice(SPARQL_FORMATS), default=None,
    help="Output format (default: table for SELECT/ASK, turtle for CONSTRUCT/DESCRIBE).",
)
@click.pass_context
def sparql(
    ctx: click.Context, query: str | None, example_name: str | None, list_examples: bool, format_name: str | None
) -> None:
    """Run a read-only SPARQL QUERY (or a gallery --example) on the embedded store.

    The default graph is the union of all named graphs; the project's prefixes (nrg:, id:,
    graph:, ...) need no declaration. Updates, SERVICE and remote FROM are refused, and at
    most NRGRAPH_SPARQL_MAX_ROWS rows are printed. Relative IRIs resolve against
    NRGRAPH_SPARQL_BASE_IRI, else the URL 'nrgraph serve' answers /sparql at.
    """
    from nrgraph.sparql.examples import example, examples
    from nrgraph.sparql.query import QueryRequest, execute

    if list_examples:
        for item in examples():
            click.echo(f"{item.name:<30} {item.title}")
        return
    if (query is None) == (example_name is None):
        raise click.UsageError("give either a QUERY or --example NAME (or --list-examples)")
    settings = _settings(ctx)
    try:
        text = example(example_name).text if example_name is not None else query or ""
        if len(text.encode("utf-8")) > settings.sparql_max_query_bytes:
            raise click.ClickException(
                f"the query has {len(text.encode('utf-8'))} bytes; "
                f"at most {settings.sparql_max_query_bytes} are accepted"
            )
        kg = open_graph(settings=settings)
        store = getattr(kg.store, "oxigraph", None)
        if store is None:
            raise click.ClickException(f"nrgraph sparql needs the embedded store, not {settings.store!r}")
        answer = execute(store, QueryRequest(
            text,
            accept="text/turtle, text/plain;q=0.9",
            formats=(format_name,) if format_name else (),
            max_rows=settings.sparql_max_rows,
            federation=settings.sparql_federation,
            base_iri=settings.sparql_base,
            max_depth=settings.sparql_max_depth,
        ))
    except LoadError as error:
        raise click.ClickException(f"cannot load the data; run 'nrgraph validate'.\n{error}") from None
    except NrgraphError as error:
        raise click.ClickException(str(error)) from None
    click.echo(answer.body.decode("utf-8"), nl=not answer.body.endswith(b"\n"))
    if answer.truncated:
        click.echo(f"note: the answer was cut at {settings.sparql_max_rows} rows (NRGRAPH_SPARQL_MAX_ROWS)", err=True)


@cli.command("load")
@click.option(
    "--store", "url", envvar="NRGRAPH_STORE", required=True,
    help="Where to load: oxigraph:PATH or sparql:QUERY_URL,UPDATE_URL (NRGRAPH_STORE).",
)
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.pass_context
def load_command(ctx: click.Context, url: str, paths: Sequence[Path]) -> None:
    """Load the ontology and data (or PATHS, with the ontology) into a store.

    Validates first and touches the store only if the files load. Replaces the named graphs
    nrgraph loaded before (running it twice changes nothing); a load that fails leaves the
    store as it was. Shows a progress bar on a terminal.
    """
    if url == "memory":
        raise click.ClickException("the memory store keeps nothing after the command; give oxigraph:PATH or sparql:URL")
    ontology, data = _settings(ctx).source_paths
    chosen = [ontology, *paths] if paths else [ontology, data]
    try:
        store = open_store(url)  # a bad URL fails before the files are read
        try:
            loaded = load(chosen)
            triples = len(loaded)
            quads = with_manifest(loaded)
            total = len(quads)
            if sys.stderr.isatty():
                with click.progressbar(length=total, label="loading", file=sys.stderr) as bar:
                    store.replace(quads, bar.update)
            else:
                store.replace(quads)
        finally:
            store.close()
    except LoadError as error:
        raise click.ClickException(f"nothing loaded: the files do not load.\n{error}") from None
    except NrgraphError as error:
        raise click.ClickException(f"nothing loaded: {error}") from None
    click.echo(f"loaded {len(loaded.files)} files, {triples} triples into {url} (digest {loaded.digest[:12]})")


@cli.command()
@click.option(
    "--channels", type=click.IntRange(min=1), required=True,
    help="How many channels; everything else scales with it (about 90 triples a channel once loaded).",
)
@click.option("--seed", type=int, default=0, show_default=True, help="The same seed gives the same graph.")
@click.option(
    "--out", type=click.Path(path_type=Path, file_okay=False), default=None,
    help="Write one Turtle file per part into this folder (default: one Turtle document to stdout).",
)
def synth(channels: int, seed: int, out: Path | None) -> None:
    """Generate a realistic synthetic graph that passes the shapes (for scale tests and benchmarks).

    Load it with: nrgraph load --store URL FOLDER (or nrgraph validate FOLDER).
    """
    from nrgraph.loading import synth as synthetic

    world = synthetic.synthesize(channels, seed)
    if out is None:
        click.echo(synthetic.write_turtle([q for part in world.values() for q in part]), nl=False)
        return
    try:
        written = synthetic.write_files(world, out)
    except OSError as error:
        raise click.ClickException(f"cannot write to {out}: {error.strerror}") from None
    triples = sum(len(part) for part in world.values())
    click.echo(f"wrote {len(written)} files, {triples} triples, to {out}")


from nrgraph.cli import editing as editing_commands  # noqa: E402 - registered after the group exists

cli.add_command(editing_commands.record)
cli.add_command(editing_commands.cite)
cli.add_command(editing_commands.add)
cli.add_command(editing_commands.log)

from nrgraph.cli import ingest as ingest_commands  # noqa: E402 - registered after the group exists

cli.add_command(ingest_commands.ingest)
cli.add_command(ingest_commands.review)


def main(argv: Sequence[str] | None = None) -> None:
    """Entry point of the ``nrgraph`` console script."""
    cli.main(args=list(argv) if argv is not None else None, prog_name="nrgraph")
