"""Status periods: the spans between consecutive changes of a history, derived at load.

Each change of a history opens a period with its status; the next change of the history
closes it; the last period stays open. Whole-link histories give periods without a party;
a party's history (the whole-link changes plus the changes naming it) gives periods with
``nrg:concernsParty``.

Bounds: a period starts between the first and the last day of its opening change's
effective date and ends between those of its closing change's. The order of the history is
taken as true, so a change's last possible day is capped by the last possible day of every
change after it (:func:`capped_latest`): ``2021`` followed by ``2021-03-01`` took effect
by 1 March 2021. With that cap the periods of a history form a chain, and the period in
force on a day ``d`` is the one period with ``startLatest <= d < endLatest`` (or no end):
a plain range filter.

In RDF (named graph ``graph:derived``)::

    id:period-<change-slug>[--<party-slug>] a nrg:StatusPeriod ;
        nrg:subject ?link ; nrg:concernsParty ?party ; nrg:status ?status ;
        nrg:startEarliest ?d ; nrg:startLatest ?d ; nrg:endEarliest ?d ; nrg:endLatest ?d ;
        nrg:openedBy ?change ; nrg:closedBy ?change .
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Sequence

import pyoxigraph as ox

from nrgraph.namespaces import DATA, DERIVED_GRAPH, NRG, RDF, XSD
from nrgraph.status import Status
from nrgraph.temporal.corpus import Corpus
from nrgraph.temporal.model import Change, StatusPeriodRecord

__all__ = ["capped_latest", "derive_periods", "period_iri", "period_quads", "write_periods"]

_DATA = str(DATA)


def _slug(iri: str) -> str:
    if iri.startswith(_DATA) and len(iri) > len(_DATA):
        return iri[len(_DATA):]
    return hashlib.sha1(iri.encode()).hexdigest()[:16]


def period_iri(opened_by: str, party: str | None) -> str:
    """The IRI of the period a change opens: ``id:period-<change-slug>`` (``--<party-slug>`` for a party)."""
    suffix = f"--{_slug(party)}" if party is not None else ""
    return f"{_DATA}period-{_slug(opened_by)}{suffix}"


def capped_latest(history: Sequence[Change]) -> list[dt.date]:
    """Each change's last possible effective day, capped by the last possible day of every later change."""
    if len(history) == 1:
        return [history[0].effective.latest]
    capped: list[dt.date] = []
    bound = dt.date.max
    for change in reversed(history):
        latest = change.effective.latest
        if latest < bound:
            bound = latest
        capped.append(bound)
    capped.reverse()
    return capped


def history_periods(subject: str, party: str | None, history: Sequence[Change]) -> list[StatusPeriodRecord]:
    """The periods of one history (in history order)."""
    latest = capped_latest(history)
    records = []
    for i, change in enumerate(history):
        following = history[i + 1] if i + 1 < len(history) else None
        records.append(
            StatusPeriodRecord(
                iri=period_iri(change.iri, party),
                subject=subject,
                party=party,
                status=change.status,
                start=change.effective,
                end=following.effective if following else None,
                opened_by=change.iri,
                closed_by=following.iri if following else None,
                start_earliest=change.effective.earliest,
                start_latest=latest[i],
                end_earliest=following.effective.earliest if following else None,
                end_latest=latest[i + 1] if following else None,
            )
        )
    return records


def derive_periods(corpus: Corpus, subject: str | None = None) -> list[StatusPeriodRecord]:
    """Every status period (of one subject, if given): whole-link periods, then each party's."""
    subjects = [subject] if subject is not None else sorted(corpus.histories)
    records: list[StatusPeriodRecord] = []
    for iri in subjects:
        for party, history in corpus.histories_of(iri).items():
            records.extend(history_periods(iri, party, history))
    return records


_GRAPH = ox.NamedNode(str(DERIVED_GRAPH))
_XSD_DATE = ox.NamedNode(str(XSD.date))
_N = {name: ox.NamedNode(str(getattr(NRG, name))) for name in (
    "StatusPeriod", "subject", "concernsParty", "status", "startEarliest", "startLatest",
    "endEarliest", "endLatest", "openedBy", "closedBy",
)}
_TYPE = ox.NamedNode(str(RDF.type))
_DATE = f"<{XSD.date}>"


def _node(iri: str) -> ox.NamedNode | ox.BlankNode:
    if iri.startswith("_:"):
        return ox.BlankNode(iri[2:])
    return ox.NamedNode(iri)


def period_quads(records: Iterable[StatusPeriodRecord]) -> list[ox.Quad]:
    """The periods as quads in ``graph:derived``."""
    dataset = ox.Store()
    write_periods(dataset, records)
    return list(dataset)


def write_periods(dataset: ox.Store, records: Iterable[StatusPeriodRecord]) -> None:
    """Add the periods to ``graph:derived`` of ``dataset``, written as N-Triples and parsed in Rust.

    A period that involves a blank node goes in as quads (an N-Triples label would name a new node).
    """
    lines: list[str] = []
    add = lines.append
    n = {name: f"<{term.value}>" for name, term in _N.items()}
    kind = f"<{_TYPE.value}> {n['StatusPeriod']} .\n"
    statuses: dict[Status, str] = {}
    blank: list[StatusPeriodRecord] = []
    for r in records:
        if r.subject.startswith("_:") or r.opened_by.startswith("_:") or (r.party or "").startswith("_:") or (
            r.closed_by or ""
        ).startswith("_:"):
            blank.append(r)
            continue
        if r.status not in statuses:
            statuses[r.status] = f"<{r.status.iri}>"
        period = f"<{r.iri}> "
        add(period + kind)
        add(f"{period}{n['subject']} <{r.subject}> .\n")
        if r.party is not None:
            add(f"{period}{n['concernsParty']} <{r.party}> .\n")
        add(f"{period}{n['status']} {statuses[r.status]} .\n")
        add(f'{period}{n["startEarliest"]} "{r.start_earliest.isoformat()}"^^{_DATE} .\n')
        add(f'{period}{n["startLatest"]} "{r.start_latest.isoformat()}"^^{_DATE} .\n')
        add(f"{period}{n['openedBy']} <{r.opened_by}> .\n")
        if r.closed_by is not None and r.end_earliest is not None and r.end_latest is not None:
            add(f'{period}{n["endEarliest"]} "{r.end_earliest.isoformat()}"^^{_DATE} .\n')
            add(f'{period}{n["endLatest"]} "{r.end_latest.isoformat()}"^^{_DATE} .\n')
            add(f"{period}{n['closedBy']} <{r.closed_by}> .\n")
    if lines:
        dataset.bulk_load("".join(lines).encode(), format=ox.RdfFormat.N_TRIPLES, to_graph=_GRAPH)
    dataset.bulk_extend(_quads(blank))


def _quads(records: Iterable[StatusPeriodRecord]) -> list[ox.Quad]:
    quads: list[ox.Quad] = []
    add = quads.append
    g = _GRAPH
    n = _N
    for r in records:
        period = ox.NamedNode(r.iri)
        add(ox.Quad(period, _TYPE, n["StatusPeriod"], g))
        add(ox.Quad(period, n["subject"], _node(r.subject), g))
        if r.party is not None:
            add(ox.Quad(period, n["concernsParty"], _node(r.party), g))
        add(ox.Quad(period, n["status"], ox.NamedNode(str(r.status.iri)), g))
        add(ox.Quad(period, n["startEarliest"], ox.Literal(r.start_earliest.isoformat(), datatype=_XSD_DATE), g))
        add(ox.Quad(period, n["startLatest"], ox.Literal(r.start_latest.isoformat(), datatype=_XSD_DATE), g))
        add(ox.Quad(period, n["openedBy"], _node(r.opened_by), g))
        if r.closed_by is not None and r.end_earliest is not None and r.end_latest is not None:
            add(ox.Quad(period, n["endEarliest"], ox.Literal(r.end_earliest.isoformat(), datatype=_XSD_DATE), g))
            add(ox.Quad(period, n["endLatest"], ox.Literal(r.end_latest.isoformat(), datatype=_XSD_DATE), g))
            add(ox.Quad(period, n["closedBy"], _node(r.closed_by), g))
    return quads
