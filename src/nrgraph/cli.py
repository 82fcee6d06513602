"""The ``nrgraph`` command: a thin click layer over the library.

Library errors become one-line messages (or one line per problem) and a non-zero exit;
users never see a traceback.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path

import click

from nrgraph import __version__
from nrgraph.config import SETTINGS, Settings
from nrgraph.errors import LoadError, NrgraphError
from nrgraph.knowledge_graph import open_graph
from nrgraph.loading import load

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
    triples = len(loaded.quads) + len(loaded.derived)
    click.echo(
        f"valid: {len(loaded.files)} files, {triples} triples, {len(loaded.warnings)} warnings"
    )


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@click.pass_context
def stats(ctx: click.Context, as_json: bool) -> None:
    """Print counts per class, the triples, the sources and the date range covered."""
    try:
        figures = open_graph(settings=_settings(ctx)).stats()
    except LoadError as error:
        raise click.ClickException(f"cannot load the data; run 'nrgraph validate'.\n{error}") from None
    except NrgraphError as error:
        raise click.ClickException(str(error)) from None
    if as_json:
        import json

        click.echo(json.dumps({
            "classes": dict(figures.classes),
            "triples": figures.triples,
            "sources": figures.sources,
            "first_date": figures.first_date.isoformat() if figures.first_date else None,
            "last_date": figures.last_date.isoformat() if figures.last_date else None,
        }, indent=2))
        return
    width = max((len(name) for name in figures.classes), default=5)
    for name, count in sorted(figures.classes.items()):
        click.echo(f"{name:<{width}}  {count:>6}")
    click.echo(f"{'triples':<{width}}  {figures.triples:>6}")
    click.echo(f"{'sources':<{width}}  {figures.sources:>6}")
    if figures.first_date and figures.last_date:
        click.echo(f"dates covered: {figures.first_date} to {figures.last_date}")


@cli.command()
@click.option("--host", default=None, help="Interface to listen on (NRGRAPH_HOST; default 127.0.0.1).")
@click.option("--port", type=int, default=None, help="Port to listen on (NRGRAPH_PORT or PORT; default 8000).")
@click.option("--workers", type=int, default=None, help="uvicorn worker processes (NRGRAPH_WORKERS; default 1).")
@click.option("--store", default=None, help="memory, oxigraph:PATH or sparql:URL (NRGRAPH_STORE).")
@click.pass_context
def serve(ctx: click.Context, host: str | None, port: int | None, workers: int | None, store: str | None) -> None:
    """Validate and load the data, then serve the API over HTTP."""
    import uvicorn

    settings = _settings(ctx).replace(
        **{k: v for k, v in {"host": host, "port": port, "workers": workers, "store": store}.items() if v is not None}
    )
    try:
        load(list(settings.source_paths))  # fail here, with every problem, before binding the port
    except LoadError as error:
        raise click.ClickException(f"cannot serve: the data does not load.\n{error}") from None
    # Workers are separate processes: hand them the settings through the environment.
    for setting in SETTINGS:
        os.environ[f"NRGRAPH_{setting.name.upper()}"] = str(getattr(settings, setting.name))
    click.echo(f"nrgraph serving on http://{settings.host}:{settings.port}", err=True)
    uvicorn.run(
        "nrgraph.server:create_app_from_env",
        factory=True,
        host=settings.host,
        port=settings.port,
        workers=settings.workers,
        log_level="warning",
        access_log=False,
    )


def main(argv: Sequence[str] | None = None) -> None:
    """Entry point of the ``nrgraph`` console script."""
    cli.main(args=list(argv) if argv is not None else None, prog_name="nrgraph")
