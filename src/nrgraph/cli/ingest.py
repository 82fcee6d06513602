"""``nrgraph ingest FILE…`` and ``nrgraph review``: reading new documents into proposals, and
reviewing them on the terminal. A thin click layer over :mod:`nrgraph.ingest`."""

from __future__ import annotations

from pathlib import Path

import click

from nrgraph.config import Settings
from nrgraph.editing.editor import Editor, cli_identity
from nrgraph.errors import LoadError, NrgraphError
from nrgraph.fuzzydate import FuzzyDate
from nrgraph.ingest import Known, propose, read_document
from nrgraph.ingest.proposals import Proposal
from nrgraph.ingest.review import Changes, accept, reject
from nrgraph.ingest.store import ProposalStore, StoredDocument
from nrgraph.knowledge_graph import open_graph

__all__ = ["ingest", "review"]


def _store(settings: Settings) -> ProposalStore:
    return ProposalStore(Path(settings.proposals_dir))


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--date", default=None, help="The documents' date (YYYY, YYYY-MM or YYYY-MM-DD), for relative dates.")
@click.option("--source", default=None, help="The curated source the documents are cited as (its slug).")
@click.pass_context
def ingest(ctx: click.Context, files: tuple[Path, ...], date: str | None, source: str | None) -> None:
    """Read FILES (text, Markdown, HTML, PDF) and keep what they propose for review.

    Every file is read before anything is written: one unreadable file stops the run.
    """
    settings: Settings = ctx.obj
    try:
        when = FuzzyDate.parse(date) if date else None
        documents = [read_document(f, date=when, max_bytes=settings.ingest_max_bytes) for f in files]
        kg = open_graph(settings=settings)
        known = Known.from_graph(kg)
        store = _store(settings)
        for document in documents:
            proposals = propose(document, known, source=source)
            path = store.save(document, proposals, source)
            counts = {r: sum(1 for p in proposals if p.relation == r) for r in ("new", "confirms", "conflicts")}
            click.echo(
                f"{document.name}: {len(document.paragraphs)} paragraphs, {len(proposals)} proposals "
                f"({counts['new']} new, {counts['confirms']} confirm, {counts['conflicts']} conflict) in {path}"
            )
    except LoadError as error:
        raise click.ClickException(f"cannot load the data; run 'nrgraph validate'.\n{error}") from None
    except NrgraphError as error:
        raise click.ClickException(str(error)) from None


def show(stored: StoredDocument, proposal: Proposal) -> str:
    """A proposal as the terminal shows it: what, where, the passage, how, and the graph beside it."""
    lines = [
        f"[{proposal.id}] {proposal.kind}: {proposal.summary()}",
        f"  {stored.document.name} {proposal.locator}, characters {proposal.start}-{proposal.end}",
        f"  quote: \u201c{proposal.wording}\u201d",
        f"  found: {proposal.how} (confidence {proposal.confidence})",
    ]
    if proposal.note:
        lines.append(f"  note: {proposal.note}")
    if proposal.relation == "conflicts":
        lines.append(f"  CONFLICTS  proposed: {proposal.summary()}")
        lines.append(f"             in graph: {proposal.existing_summary}  ({', '.join(proposal.existing)})")
    elif proposal.relation == "confirms":
        lines.append(f"  confirms: {proposal.existing_summary} (accepting cites the document on {_records(proposal)})")
    else:
        lines.append("  new: the graph holds nothing like it")
    return "\n".join(lines)


def _records(proposal: Proposal) -> str:
    return ", ".join(f"<{iri}>" for iri in proposal.existing)


@click.command()
@click.option("--list", "listing", is_flag=True, help="List the proposals waiting, without asking.")
@click.option("--who", default=None, envvar="NRGRAPH_EDITOR",
              help="Who accepts, for the audit log (NRGRAPH_EDITOR; default cli:<login>).")
@click.pass_context
def review(ctx: click.Context, listing: bool, who: str | None) -> None:
    """Review the proposals read from documents: accept, reject, edit the date or status, or skip.

    An accepted proposal is written by the editor exactly as 'nrgraph record' would write it;
    one that confirms a curated fact, as 'nrgraph cite' would add the document's citation to it.
    """
    settings: Settings = ctx.obj
    store = _store(settings)
    editor: Editor | None = None
    try:
        for stored in store.documents():
            for proposal in stored.proposals:
                click.echo(show(stored, proposal))
                if listing:
                    continue
                changes = Changes()
                while True:
                    choice = click.prompt(
                        "  [a]ccept, [r]eject, [d]ate, [s]tatus, s[k]ip, [q]uit",
                        type=click.Choice(["a", "r", "d", "s", "k", "q"]), show_choices=False,
                    )
                    if choice == "d":
                        changes = Changes(**{**changes.__dict__, "effective": click.prompt("  effective date")})
                    elif choice == "s":
                        changes = Changes(**{**changes.__dict__, "status": click.prompt("  status")})
                    else:
                        break
                if choice == "q":
                    return
                if choice == "r":
                    reject(store, proposal.id)
                    click.echo(f"  rejected {proposal.id}")
                elif choice == "a":
                    if proposal.kind == "event" and proposal.relation != "confirms":
                        changes = Changes(**{**changes.__dict__, "slug": click.prompt("  slug"),
                                             "label": click.prompt("  label"),
                                             "description": click.prompt("  description")})
                    editor = editor or Editor.from_settings(open_graph(settings=settings), settings)
                    try:
                        result = accept(store, editor, proposal.id, who=who or cli_identity(), changes=changes)
                    except NrgraphError as error:
                        click.echo(f"  not accepted: {error}", err=True)
                        continue
                    click.echo(f"  accepted {proposal.id}: wrote <{result.iri}> to {result.file}")
    except LoadError as error:
        raise click.ClickException(f"cannot load the data; run 'nrgraph validate'.\n{error}") from None
    except NrgraphError as error:
        raise click.ClickException(str(error)) from None
