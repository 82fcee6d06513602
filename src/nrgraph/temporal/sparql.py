"""The temporal questions as named SPARQL queries over the materialised status periods.

Works on any store that speaks SPARQL 1.1 (the embedded one, an on-disk Oxigraph, a remote
endpoint): every question is a range filter over ``nrg:startLatest``/``nrg:endLatest`` of
the periods in ``graph:derived`` (see ``src/nrgraph/queries/temporal_*.rq``). The store
filters; Python only groups the few rows of each history and applies the rules of
:mod:`nrgraph.temporal.survival`. Changes are read in full (with their citations) only for
what is returned.

Values reach a query as a ``VALUES`` block at the head of its ``WHERE`` group
(:func:`nrgraph.store.values.bind`), each term written by pyoxigraph's own N-Triples serialiser, so that
every filter of the group sees them and no user text is ever spliced into a query. (Oxigraph's
SEP-0007 substitutions would do the same but filter after evaluating the whole pattern: 100
times slower on a bound subject.) Optional filters take a flag (``?anyActor``, ``?anyScope``,
``?anyStatus``, ``?anyKind``) and a value.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence

import pyoxigraph as ox

from nrgraph.errors import InvalidDate
from nrgraph.fuzzydate import FuzzyDate
from nrgraph.namespaces import NATO, NRG, RUSSIA, XSD
from nrgraph.queries import query_text
from nrgraph.status import Status
from nrgraph.store import Row, Store, Term
from nrgraph.store.values import bind
from nrgraph.temporal.corpus import citation_key
from nrgraph.temporal.engine import Filters, TemporalEngine
from nrgraph.temporal.model import (
    Certainty,
    Change,
    Citation,
    Period,
    Reason,
    StatusAt,
    StatusPeriodRecord,
    Survival,
    SurvivalReport,
    Timeline,
)
from nrgraph.temporal.oracle import under
from nrgraph.temporal.periods import period_iri
from nrgraph.temporal.survival import History, classify, combine

__all__ = ["SparqlEngine"]

_TRUE = ox.Literal(True)
_FALSE = ox.Literal(False)
_XSD_DATE = ox.NamedNode(str(XSD.date))
_LINK = ox.NamedNode(str(NRG.Link))
_NOBODY = ox.NamedNode(str(NRG.Actor))  # bound when no actor is wanted; never an endpoint


def _day(day: dt.date) -> ox.Literal:
    return ox.Literal(day.isoformat(), datatype=_XSD_DATE)


def _iri(term: Term | None) -> str | None:
    if term is None:
        return None
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return term.value


def _date(term: Term | None) -> FuzzyDate | None:
    if not isinstance(term, ox.Literal):
        return None
    try:
        return FuzzyDate.from_literal(term.value, term.datatype.value)
    except InvalidDate:
        return None


def _iri_of(change: Change | None) -> str | None:
    return change.iri if change is not None else None


def _node(iri: str) -> ox.NamedNode | ox.BlankNode:
    return ox.BlankNode(iri[2:]) if iri.startswith("_:") else ox.NamedNode(iri)


def _has_rival(rivals: Mapping[str, str]) -> Callable[[Change], Change | None]:
    """What :func:`classify` asks: does a change conflict with a claim of another status?"""

    def rival(change: Change) -> Change | None:
        return change if change.iri in rivals else None

    return rival


def _complete(entry: Survival, change: Callable[[str], Change]) -> Survival:
    """The entry with its changes read in full (citations, parties, actors, causes)."""

    def full(light: Change | None) -> Change | None:
        return change(light.iri) if light is not None else None

    parties = tuple(
        dataclasses.replace(p, at_start=full(p.at_start), change=full(p.change), pending=full(p.pending))
        for p in entry.parties
    )
    return Survival(entry.subject, change(entry.change.iri), entry.reason, entry.party, full(entry.pending), parties)


class SparqlEngine(TemporalEngine):
    """The temporal questions answered by a store, through the named ``temporal_*`` queries."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._classes: dict[str, str] | None = None

    def _select(self, name: str, **bindings: Term) -> list[Row]:
        return self.store.select(bind(query_text(name), bindings))

    # ---- what the store knows ---------------------------------------------------------------
    def link_classes(self) -> Mapping[str, str]:
        if self._classes is None:
            iris = [_iri(row["class"]) or "" for row in self._select("temporal_link_classes")]
            self._classes = {iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]: iri for iri in iris}
        return self._classes

    def is_subject(self, iri: str) -> bool:
        return bool(self._select("temporal_is_link", link=_node(iri)))

    def is_actor(self, iri: str) -> bool:
        return bool(self._select("temporal_is_actor", actor=_node(iri)))

    def known(self, what: str) -> Iterable[str]:
        wanted = NRG.Link if what == "link" else NRG.Actor
        return [row["iri"].value for row in self._select("instances", **{"class": ox.NamedNode(str(wanted))})]

    def _filters(self, filters: Filters) -> dict[str, Term]:
        return {
            "anyKind": _FALSE if filters.kind else _TRUE,
            "kind": ox.NamedNode(filters.kind) if filters.kind else _LINK,
            "anyActor": _FALSE if filters.actor else _TRUE,
            "actor": _node(filters.actor) if filters.actor else _NOBODY,
            "anyScope": _FALSE if filters.scope else _TRUE,
            "scope": ox.Literal(filters.scope or ""),
            "nato": ox.NamedNode(str(NATO)),
            "russia": ox.NamedNode(str(RUSSIA)),
        }

    def _status_filter(self, status: Status | None) -> dict[str, Term]:
        if status is None:
            return {"anyStatus": _TRUE, "wanted": _LINK}
        return {"anyStatus": _FALSE, "wanted": ox.NamedNode(str(status.iri))}

    # ---- changes ------------------------------------------------------------------------------
    def change(self, iri: str) -> Change:
        """One change in full, with its citations."""
        facts: dict[str, list[Term]] = defaultdict(list)
        citations = []
        for row in self._select("temporal_change", change=_node(iri)):
            key = row["key"].value
            if key == "citation":
                label = row.get("label")
                citations.append(
                    Citation(
                        source=_iri(row.get("source")) or "",
                        source_label=label.value if isinstance(label, ox.Literal) else None,
                        locator=row["locator"].value if "locator" in row else None,
                        wording=row["wording"].value if "wording" in row else None,
                        note=row["note"].value if "note" in row else None,
                    )
                )
            else:
                facts[key].append(row["value"])
        effective = _date(facts["effective"][0])
        assert effective is not None, f"{iri} has no readable effective date"
        announced = _date(facts["announced"][0]) if facts["announced"] else None
        return Change(
            iri=iri,
            subject=_iri(facts["subject"][0]) or "",
            status=Status.from_iri(facts["status"][0].value),
            effective=effective,
            announced=announced,
            parties=tuple(sorted({_iri(t) or "" for t in facts["party"]})),
            sequence=int(facts["sequence"][0].value) if facts["sequence"] else 0,
            confidence=float(facts["confidence"][0].value) if facts["confidence"] else 1.0,
            conflicts_with=tuple(sorted({_iri(t) or "" for t in facts["conflict"]})),
            actors=tuple(sorted({_iri(t) or "" for t in facts["actor"]})),
            causes=tuple(sorted({_iri(t) or "" for t in facts["cause"]})),
            citations=tuple(sorted(set(citations), key=citation_key)),
        )

    def _light(self, row: Row, link: str) -> Change:
        """A change built from a query row, without its citations, parties, actors or causes."""
        effective = _date(row.get("effective"))
        assert effective is not None
        return Change(
            iri=_iri(row["open"]) or "",
            subject=link,
            status=Status.from_iri(row["status"].value),
            effective=effective,
            announced=_date(row.get("announced")),
            sequence=int(row["sequence"].value) if "sequence" in row else 0,
            confidence=float(row["confidence"].value) if "confidence" in row else 1.0,
        )

    def _steps(self, rows: Sequence[Row], link: str) -> list[tuple[Change, dt.date]]:
        """The distinct opening changes of ``rows`` in history order, with their capped last possible days."""
        seen: dict[str, tuple[Change, dt.date]] = {}
        for row in rows:
            change = self._light(row, link)
            if change.iri not in seen:
                seen[change.iri] = (change, dt.date.fromisoformat(row["startLatest"].value))
        return sorted(seen.values(), key=lambda step: step[0].sort_key())

    def _rivals(self) -> dict[str, str]:
        """Each change that conflicts with a claim of another status about the same link -> that claim (first IRI)."""
        rivals: dict[str, str] = {}
        for row in self._select("temporal_rivals"):
            change, rival = _iri(row["change"]) or "", _iri(row["rival"]) or ""
            if change not in rivals or rival < rivals[change]:
                rivals[change] = rival
        return rivals

    # ---- status at a date ----------------------------------------------------------------------
    def _status_at(self, subject: str, date: FuzzyDate, party: str | None) -> StatusAt:
        parties = sorted(p for r in self._select("temporal_parties", link=_node(subject)) if (p := _iri(r["party"])))
        rivals = self._rivals()
        complete = functools.cache(self.change)
        answer = self._answer(subject, date, party, party is None or party not in parties, rivals, complete)
        if party is not None:
            return answer
        own = [self._answer(subject, date, p, False, rivals, complete) for p in parties]
        differing = tuple(
            a for a in own
            if _iri_of(a.deciding) != _iri_of(answer.deciding) or _iri_of(a.pending) != _iri_of(answer.pending)
        )
        return dataclasses.replace(answer, parties=differing) if differing else answer

    def _answer(
        self, subject: str, date: FuzzyDate, party: str | None, whole: bool, rivals: Mapping[str, str],
        complete: Callable[[str], Change],
    ) -> StatusAt:
        """The status at ``date`` read from one history: the whole's, or ``party``'s own."""
        rows = self._select(
            "temporal_history",
            link=_node(subject),
            day=_day(date.as_of_day),
            whole=_TRUE if whole else _FALSE,
            party=_node(party) if party is not None and not whole else _NOBODY,
        )
        steps = self._steps(rows, subject)
        q0, q1 = date.as_of_day, date.latest
        deciding: Change | None = None
        later = steps
        if steps and steps[0][1] <= q0:
            deciding, later = steps[0][0], steps[1:]
        because: str | None = None
        if later and later[0][0].effective.earliest <= q1:
            because = later[0][0].iri
        elif deciding is not None:
            because = rivals.get(deciding.iri)
            if because is None and deciding.confidence < 1:
                because = deciding.iri
        pending = next(
            (
                c.iri for c, _ in later
                if c.effective.earliest > q1 and c.announced is not None and c.announced.latest <= q1
            ),
            None,
        )
        return StatusAt(
            subject=subject,
            party=party,
            date=date,
            status=deciding.status if deciding else None,
            certainty=Certainty.POSSIBLE if because else Certainty.DEFINITE,
            deciding=complete(deciding.iri) if deciding else None,
            uncertain_because=complete(because) if because else None,
            pending=complete(pending) if pending else None,
        )

    # ---- survival --------------------------------------------------------------------------
    def _survived(self, period: Period, filters: Filters, limit: int | None) -> SurvivalReport:
        bound = self._filters(filters)
        touched: dict[tuple[str, str | None], list[Row]] = defaultdict(list)
        for row in self._select("temporal_touched", start=_day(period.start), end=_day(period.end), **bound):
            touched[(_iri(row["link"]) or "", _iri(row.get("party")))].append(row)
        starts: dict[tuple[str, str | None], Change] = {}
        untouched: list[Survival] = []
        if period.start > dt.date.min:
            day = _day(period.start - dt.timedelta(days=1))
            for row in self._select("temporal_start_parties", day=day, **bound):
                link = _iri(row["link"]) or ""
                starts[(link, _iri(row.get("party")))] = self._light(row, link)
            worked_out = {link for link, _ in touched} | {link for link, _ in starts}
            last = None
            for row in self._select("temporal_start", day=day, **bound):
                link, party = _iri(row["link"]) or "", _iri(row.get("party"))
                change = self._light(row, link)
                if link in worked_out:
                    starts.setdefault((link, party), change)
                elif link != last and under(change.status, filters.status):
                    untouched.append(Survival(link, change, Reason.ACTIVE_THROUGHOUT, party))
                last = link
        rivals = _has_rival(self._rivals() if touched else {})
        histories: dict[str, list[str | None]] = defaultdict(list)
        for link, party in {*starts, *touched}:
            histories[link].append(party)
        groups: dict[str, list[Survival]] = {"survivor": untouched, "casualty": [], "uncertain": []}
        for link in sorted(histories):
            outcomes: list[History] = []
            for party in sorted(histories[link], key=lambda p: (p is not None, p or "")):
                steps = self._steps(touched.get((link, party), []), link)
                start = starts.get((link, party))
                outcomes.append((party, start, classify(link, party, start, steps, period, rivals)))
            outcome = combine(link, outcomes)
            if outcome is not None and under(outcome[1].change.status, filters.status):
                groups[outcome[0]].append(outcome[1])
        cut = slice(None, limit)
        complete = functools.cache(self.change)
        return SurvivalReport(
            period,
            tuple(_complete(e, complete) for e in sorted(groups["survivor"], key=lambda e: e.subject)[cut]),
            tuple(_complete(e, complete) for e in groups["casualty"][cut]),
            tuple(_complete(e, complete) for e in groups["uncertain"][cut]),
        )

    # ---- the rest ----------------------------------------------------------------------------
    def _timeline(self, subject: str) -> Timeline:
        rows = self._select("temporal_subject_changes", link=_node(subject))
        changes = sorted((self.change(_iri(r["change"]) or "") for r in rows), key=Change.sort_key)
        return Timeline(subject, tuple(changes), tuple(self._status_periods(subject)))

    def _changes(self, window: Period, filters: Filters, announced: bool) -> list[Change]:
        rows = self._select(
            "temporal_changes_between",
            start=_day(window.start),
            end=_day(window.end),
            withAnnounced=_TRUE if announced else _FALSE,
            **self._status_filter(filters.status),
            **self._filters(filters),
        )
        changes = [self.change(_iri(r["change"]) or "") for r in rows]
        return sorted(changes, key=Change.sort_key)

    def _active_on(self, date: FuzzyDate, filters: Filters) -> list[str]:
        rows = self._select(
            "temporal_active_on",
            day=_day(date.as_of_day),
            **self._status_filter(filters.status),
            **self._filters(filters),
        )
        return sorted({_iri(r["link"]) or "" for r in rows})

    def _status_periods(self, subject: str | None) -> list[StatusPeriodRecord]:
        rows = self._select(
            "temporal_periods",
            anyLink=_FALSE if subject else _TRUE,
            subject=_node(subject) if subject else _LINK,
        )
        records = []
        for row in rows:
            start = _date(row["start"])
            assert start is not None
            party = _iri(row.get("party"))
            opened_by = _iri(row["open"]) or ""
            records.append(
                (
                    (start.earliest, start.latest, int(row["sequence"].value) if "sequence" in row else 0, opened_by),
                    StatusPeriodRecord(
                        iri=_iri(row["period"]) or period_iri(opened_by, party),
                        subject=_iri(row["link"]) or "",
                        party=party,
                        status=Status.from_iri(row["status"].value),
                        start=start,
                        end=_date(row.get("end")),
                        opened_by=opened_by,
                        closed_by=_iri(row.get("close")),
                        start_earliest=dt.date.fromisoformat(row["startEarliest"].value),
                        start_latest=dt.date.fromisoformat(row["startLatest"].value),
                        end_earliest=dt.date.fromisoformat(row["endEarliest"].value) if "endEarliest" in row else None,
                        end_latest=dt.date.fromisoformat(row["endLatest"].value) if "endLatest" in row else None,
                    ),
                )
            )
        records.sort(key=lambda item: (item[1].subject, item[1].party is not None, item[1].party or "", item[0]))
        return [record for _, record in records]
