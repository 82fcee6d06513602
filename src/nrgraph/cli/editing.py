"""The editing commands of the ``nrgraph`` CLI: ``record``, ``cite``, ``add KIND`` and ``log``.

A thin click layer over :class:`~nrgraph.editing.editor.Editor` and
:class:`~nrgraph.editing.audit.AuditLog`; ``nrgraph.cli.main`` registers them. Errors become one
line (or one line per problem) and exit 1.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from nrgraph.config import Settings
from nrgraph.editing.audit import REQUEST_ID_RULE, AuditLog
from nrgraph.editing.editor import Editor, cli_identity
from nrgraph.editing.edits import (
    AddActor,
    AddAgreement,
    AddChannel,
    AddCitation,
    AddEvent,
    AddSource,
    CitationInput,
    Edit,
    RecordStatusChange,
)
from nrgraph.errors import LoadError, NrgraphError
from nrgraph.fuzzydate import FuzzyDate
from nrgraph.knowledge_graph import open_graph

__all__ = ["add", "cite", "log", "record"]

F = TypeVar("F", bound=Callable[..., Any])


def _citation_options(function: F) -> F:
    for option in reversed((
        click.option("--source", required=True,
                     help="The source: its slug (src-nrc-2002), id:slug, IRI, or the URL recorded as its nrg:url."),
        click.option("--locator", required=True, help="Where in the source: paragraph, section or page ('para. 4')."),
        click.option("--wording", default=None,
                     help="The source's own word or short phrase for it (at most 12 words, 80 characters)."),
        click.option("--note", default=None, help="A curator's note on the citation."),
    )):
        function = option(function)
    return _editor_options(function)


def _editor_options(function: F) -> F:
    """The options of every edit command: who makes it, and the request it belongs to."""
    for option in reversed((
        click.option("--who", default=None, envvar="NRGRAPH_EDITOR",
                     help="Who makes the edit, for the audit log (NRGRAPH_EDITOR; default cli:<login>)."),
        click.option("--request-id", default=None,
                     help=f"An id for this edit ({REQUEST_ID_RULE}): run again with the same id and editor, "
                          "an edit already made is not made twice. Default: a new one."),
    )):
        function = option(function)
    return function


def _apply(ctx: click.Context, edit: Edit, who: str | None, request_id: str | None) -> None:
    settings: Settings = ctx.obj
    try:
        kg = open_graph(settings=settings)
        result = Editor.from_settings(kg, settings).apply(edit, who=who or cli_identity(), request_id=request_id)
    except LoadError as error:
        raise click.ClickException(f"cannot load the data; run 'nrgraph validate'.\n{error}") from None
    except NrgraphError as error:
        raise click.ClickException(str(error)) from None
    if result.already_applied:
        click.echo(f"{edit.action}: already made by request {result.record.request_id} at {result.record.time}: "
                   f"<{result.iri}> in {result.file}; nothing written")
        return
    click.echo(f"{edit.action}: wrote <{result.iri}> to {result.file} (request {result.record.request_id})")


def _citation(source: str, locator: str, wording: str | None, note: str | None) -> CitationInput:
    return CitationInput(source=source, locator=locator, wording=wording, note=note)


@click.command()
@click.argument("subject")
@click.option("--status", required=True, help="The new status: active, suspended, terminated, withdrawn, ...")
@click.option("--effective", required=True, help="When it takes effect: YYYY, YYYY-MM or YYYY-MM-DD.")
@click.option("--announced", default=None, help="When it was announced, if earlier: YYYY, YYYY-MM or YYYY-MM-DD.")
@click.option("--party", "parties", multiple=True, help="The party it concerns (repeat for several); default: all.")
@click.option("--actor", default=None, help="The actor who made the change.")
@click.option("--cause", default=None, help="The event that caused it.")
@click.option("--sequence", type=int, default=None, help="Order among changes of the same subject on the same date.")
@click.option("--confidence", default=None, help="How sure the record is, a decimal from 0 to 1.")
@click.option("--allow-unusual-date", is_flag=True,
              help="Accept a date over 100 years before the subject's history starts or over a year ahead.")
@_citation_options
@click.pass_context
def record(
    ctx: click.Context, subject: str, status: str, effective: str, announced: str | None, parties: tuple[str, ...],
    actor: str | None, cause: str | None, sequence: int | None, confidence: str | None, allow_unusual_date: bool,
    source: str, locator: str, wording: str | None, note: str | None, who: str | None, request_id: str | None,
) -> None:
    """Record a status change of SUBJECT (a channel or an agreement: slug, id:slug or IRI).

    The change is checked against the shapes and the subject's history before it is
    written to the data file that holds the subject's other changes.
    """
    edit = RecordStatusChange(
        subject=subject, status=status, effective=effective, announced=announced, parties=parties, actor=actor,
        cause=cause, sequence=sequence, confidence=confidence, allow_unusual_date=allow_unusual_date,
        citation=_citation(source, locator, wording, note),
    )
    _apply(ctx, edit, who, request_id)


@click.command()
@click.argument("record")
@_citation_options
@click.pass_context
def cite(
    ctx: click.Context, record: str, source: str, locator: str, wording: str | None, note: str | None,
    who: str | None, request_id: str | None,
) -> None:
    """Cite one more source for RECORD, a status change or an event (slug, id:slug or IRI).

    The citation is added to the record's block in its data file, beside its other citations.
    A record that already cites the same source at the same locator is left as it is (exit 1,
    nothing written).
    """
    _apply(ctx, AddCitation(record=record, citation=_citation(source, locator, wording, note)), who, request_id)


@click.group()
def add() -> None:
    """Add a channel, an agreement, an actor, an event or a source to data/."""


@add.command("channel")
@click.argument("slug")
@click.option("--kind", required=True, help="hotline, forum, diplomatic-mission, military-liaison-mission, ...")
@click.option("--label", required=True, help="Its English name.")
@click.option("--description", required=True, help="What it is, in your own words.")
@click.option("--endpoint", "endpoints", multiple=True, required=True, help="An actor it connects (repeat, 2 or more).")
@click.option("--established-by", default=None, help="The agreement that established it.")
@click.option("--hosted-by", default=None, help="The actor that hosts it.")
@click.option("--fallback-for", default=None, help="The channel it stands in for.")
@click.option("--part-of", default=None, help="The channel it is part of.")
@_citation_options
@click.pass_context
def add_channel(
    ctx: click.Context, slug: str, kind: str, label: str, description: str, endpoints: tuple[str, ...],
    established_by: str | None, hosted_by: str | None, fallback_for: str | None, part_of: str | None,
    source: str, locator: str, wording: str | None, note: str | None, who: str | None, request_id: str | None,
) -> None:
    """Add the channel id:SLUG."""
    _apply(ctx, AddChannel(
        slug=slug, kind=kind, label=label, description=description, endpoints=endpoints,
        established_by=established_by, hosted_by=hosted_by, fallback_for=fallback_for, part_of=part_of,
        citation=_citation(source, locator, wording, note),
    ), who, request_id)


@add.command("agreement")
@click.argument("slug")
@click.option("--kind", required=True, help="treaty, political-declaration, memorandum-of-understanding, ...")
@click.option("--label", required=True, help="Its English name.")
@click.option("--description", required=True, help="What it is, in your own words.")
@click.option("--party", "parties", multiple=True, required=True, help="A party (repeat, 2 or more).")
@_citation_options
@click.pass_context
def add_agreement(
    ctx: click.Context, slug: str, kind: str, label: str, description: str, parties: tuple[str, ...],
    source: str, locator: str, wording: str | None, note: str | None, who: str | None, request_id: str | None,
) -> None:
    """Add the agreement id:SLUG."""
    _apply(ctx, AddAgreement(
        slug=slug, kind=kind, label=label, description=description, parties=parties,
        citation=_citation(source, locator, wording, note),
    ), who, request_id)


@add.command("actor")
@click.argument("slug")
@click.option("--kind", required=True, help="state, international-organization, body or person.")
@click.option("--label", required=True, help="Its English name.")
@click.option("--part-of", default=None, help="The actor it is part of (a body of a state or organisation).")
@click.option("--member-of", multiple=True, help="An organisation it is a member of (repeat for several).")
@_citation_options
@click.pass_context
def add_actor(
    ctx: click.Context, slug: str, kind: str, label: str, part_of: str | None, member_of: tuple[str, ...],
    source: str, locator: str, wording: str | None, note: str | None, who: str | None, request_id: str | None,
) -> None:
    """Add the actor id:SLUG."""
    _apply(ctx, AddActor(
        slug=slug, kind=kind, label=label, part_of=part_of, member_of=member_of,
        citation=_citation(source, locator, wording, note),
    ), who, request_id)


@add.command("event")
@click.argument("slug")
@click.option("--kind", required=True, help="summit, meeting, war, expulsion, decision or incident.")
@click.option("--label", required=True, help="Its English name.")
@click.option("--description", required=True, help="What happened, in your own words.")
@click.option("--date", required=True, help="When: YYYY, YYYY-MM or YYYY-MM-DD.")
@click.option("--end-date", default=None, help="When it ended, for events that last.")
@click.option("--participant", "participants", multiple=True, help="An actor taking part (repeat for several).")
@click.option("--about", multiple=True, help="A channel or agreement it concerns (repeat for several).")
@_citation_options
@click.pass_context
def add_event(
    ctx: click.Context, slug: str, kind: str, label: str, description: str, date: str, end_date: str | None,
    participants: tuple[str, ...], about: tuple[str, ...],
    source: str, locator: str, wording: str | None, note: str | None, who: str | None, request_id: str | None,
) -> None:
    """Add the event id:SLUG."""
    _apply(ctx, AddEvent(
        slug=slug, kind=kind, label=label, description=description, date=date, end_date=end_date,
        participants=participants, about=about, citation=_citation(source, locator, wording, note),
    ), who, request_id)


@add.command("source")
@click.argument("slug")
@click.option("--label", required=True, help="A short name for it.")
@click.option("--title", required=True, help="Its title.")
@click.option("--publisher", default=None, help="Who published it (this or --creator is required).")
@click.option("--creator", default=None, help="Who wrote it.")
@click.option("--date", default=None, help="When it was published: YYYY, YYYY-MM or YYYY-MM-DD.")
@click.option("--url", default=None, help="Where it is public.")
@_editor_options
@click.pass_context
def add_source(
    ctx: click.Context, slug: str, label: str, title: str, publisher: str | None, creator: str | None,
    date: str | None, url: str | None, who: str | None, request_id: str | None,
) -> None:
    """Add the source id:SLUG."""
    _apply(ctx, AddSource(
        slug=slug, label=label, title=title, publisher=publisher, creator=creator, date=date, url=url,
    ), who, request_id)


def _moment(text: str | None, *, end: bool) -> dt.datetime | None:
    """``2025-03`` -> its first (or, for ``end``, last) moment in UTC."""
    if text is None:
        return None
    try:
        date = FuzzyDate.parse(text)
    except NrgraphError as error:
        raise click.BadParameter(str(error)) from None
    day = date.latest if end else date.earliest
    return dt.datetime.combine(day, dt.time.max if end else dt.time.min, tzinfo=dt.UTC)


@click.command()
@click.option("--who", default=None, help="Only edits by this editor (a token's name, or cli:<login>).")
@click.option("--subject", default=None, help="Only edits of or about this resource (slug, id:slug or IRI).")
@click.option("--action", default=None, help="Only this kind of edit: recordStatusChange, addChannel, ...")
@click.option("--since", default=None, help="Only edits on or after this date (YYYY, YYYY-MM or YYYY-MM-DD).")
@click.option("--until", default=None, help="Only edits on or before this date.")
@click.option("--limit", type=click.IntRange(min=1), default=50, show_default=True, help="At most this many.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON lines, as stored.")
@click.pass_context
def log(
    ctx: click.Context, who: str | None, subject: str | None, action: str | None, since: str | None,
    until: str | None, limit: int, as_json: bool,
) -> None:
    """Print the audit log of edits, newest first."""
    from nrgraph.editing.references import References

    settings: Settings = ctx.obj
    try:
        iri = str(References.iri(subject)) if subject else None
    except NrgraphError as error:
        raise click.ClickException(str(error)) from None
    records = AuditLog(Path(settings.audit_dir)).records(
        who=who, iri=iri, action=action, since=_moment(since, end=False), until=_moment(until, end=True), limit=limit
    )
    for entry in records:
        if as_json:
            click.echo(entry.to_json())
        else:
            click.echo(f"{entry.time}  {entry.who}  {entry.action}  <{entry.iri}>  {entry.file}  {entry.request_id}")
    if not as_json:
        click.echo(f"{len(records)} edit{'s' if len(records) != 1 else ''}", err=True)

