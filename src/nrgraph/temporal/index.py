"""The in-memory interval index: the temporal questions answered by bisection, in microseconds.

Built from a :class:`~nrgraph.temporal.corpus.Corpus` when the data is loaded (and again on
every reload), it holds for each history the changes in order with two sorted arrays, the
first possible days and the capped last possible days, so that the change in force on a
day is one bisection away. A global list of *influence intervals* (from the earliest of a
change's announced and effective dates to its capped last possible day) finds, for a
period, the few histories where something happens; every other history's outcome is
decided by the change in force at the start alone.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property

from nrgraph.fuzzydate import FuzzyDate
from nrgraph.temporal.corpus import Corpus, SubjectFacts, collection_paused
from nrgraph.temporal.engine import Filters, TemporalEngine
from nrgraph.temporal.model import (
    Certainty,
    Change,
    Period,
    Reason,
    StatusAt,
    StatusPeriodRecord,
    Survival,
    SurvivalReport,
    Timeline,
)
from nrgraph.temporal.oracle import under
from nrgraph.temporal.periods import capped_latest, derive_periods
from nrgraph.temporal.survival import Outcome, classify, gravest

__all__ = ["IndexEngine", "IntervalList"]

_LONG = 400  # days: intervals longer than this are kept aside and scanned


class IntervalList:
    """Closed intervals of day ordinals with a payload; finds those overlapping a query span."""

    def __init__(self, intervals: Sequence[tuple[int, int, int]]) -> None:
        short = sorted(i for i in intervals if i[1] - i[0] <= _LONG)
        self._starts = [i[0] for i in short]
        self._short = short
        self._long = [i for i in intervals if i[1] - i[0] > _LONG]

    def overlapping(self, start: int, end: int) -> Iterator[int]:
        """The payloads of the intervals that share a day with ``start..end``."""
        lo = bisect.bisect_left(self._starts, start - _LONG)
        hi = bisect.bisect_right(self._starts, end)
        for _, last, payload in self._short[lo:hi]:
            if last >= start:
                yield payload
        for first, last, payload in self._long:
            if first <= end and last >= start:
                yield payload


@dataclass(frozen=True)
class _History:
    party: str | None
    changes: tuple[Change, ...]
    earliest: list[int]
    capped: list[int]
    capped_dates: list[dt.date]


class IndexEngine(TemporalEngine):
    """The temporal questions over an in-memory index of a :class:`Corpus`."""

    def __init__(self, corpus: Corpus) -> None:
        with collection_paused():
            self._build(corpus)

    def _build(self, corpus: Corpus) -> None:
        self.corpus = corpus
        self._histories: dict[str, list[_History]] = {}
        influence: list[tuple[int, int, int]] = []
        add = influence.append
        self._order = sorted(corpus.subjects)
        self._number = {s: i for i, s in enumerate(self._order)}
        for number, subject in enumerate(self._order):
            histories = []
            for party, changes in corpus.histories.get(subject, {}).items():
                capped = capped_latest(changes)
                capped_days = [d.toordinal() for d in capped]
                earliest = [c.effective.earliest.toordinal() for c in changes]
                histories.append(_History(party, changes, earliest, capped_days, capped))
                for change, first, last in zip(changes, earliest, capped_days, strict=True):
                    announced = change.announced
                    if announced is not None and announced.earliest.toordinal() < first:
                        first = announced.earliest.toordinal()
                    add((first, last, number))
            self._histories[subject] = histories
        self._influence = IntervalList(influence)
        self._changes_of = corpus.ordered
        self._rivals: dict[str, Change] = {}
        for change in corpus.changes.values():
            if not change.conflicts_with:
                continue
            known = corpus.changes
            rivals = [
                known[r] for r in change.conflicts_with
                if r in known and known[r].subject == change.subject and known[r].status is not change.status
            ]
            if rivals:
                self._rivals[change.iri] = min(rivals, key=lambda c: c.iri)

    @cached_property
    def _all_changes(self) -> list[Change]:
        """Every change in history order (built on first use: only ``changes()`` needs it)."""
        return sorted(self.corpus.changes.values(), key=Change.sort_key)

    @cached_property
    def _effective(self) -> IntervalList:
        """The changes' effective spans, for ``changes()`` (built on first use)."""
        return IntervalList(
            [(c.effective.earliest.toordinal(), c.effective.latest.toordinal(), i)
             for i, c in enumerate(self._all_changes)]
        )

    # ---- what the index knows ---------------------------------------------------------------
    def link_classes(self) -> Mapping[str, str]:
        return self.corpus.link_classes

    def is_subject(self, iri: str) -> bool:
        return iri in self.corpus.subjects

    def is_actor(self, iri: str) -> bool:
        return iri in self.corpus.actors

    def _matches(self, facts: SubjectFacts, filters: Filters) -> bool:
        return (
            (filters.kind is None or filters.kind in facts.classes)
            and (filters.actor is None or filters.actor in facts.actors)
            and (filters.scope is None or filters.scope == facts.scope)
        )

    def _rival(self, change: Change) -> Change | None:
        return self._rivals.get(change.iri)

    # ---- status at a date ----------------------------------------------------------------------
    def _history(self, subject: str, party: str | None) -> _History | None:
        histories = self._histories.get(subject, [])
        for h in histories:
            if h.party == party:
                return h
        return histories[0] if histories and histories[0].party is None else None

    def _status_at(self, subject: str, date: FuzzyDate, party: str | None) -> StatusAt:
        h = self._history(subject, party)
        changes = h.changes if h else ()
        q0, q1 = date.earliest.toordinal(), date.latest.toordinal()
        k = bisect.bisect_right(h.capped, q0) - 1 if h else -1
        deciding = changes[k] if k >= 0 else None
        because: Change | None = None
        if k + 1 < len(changes) and changes[k + 1].effective.earliest.toordinal() <= q1:
            because = changes[k + 1]
        elif deciding is not None:
            because = self._rival(deciding)
            if because is None and deciding.confidence < 1:
                because = deciding
        pending = None
        if h:
            for change in changes[bisect.bisect_right(h.earliest, q1):]:
                if change.announced is not None and change.announced.latest.toordinal() <= q1:
                    pending = change
                    break
        return StatusAt(
            subject=subject,
            party=party,
            date=date,
            status=deciding.status if deciding else None,
            certainty=Certainty.POSSIBLE if because else Certainty.DEFINITE,
            deciding=deciding,
            uncertain_because=because,
            pending=pending,
        )

    # ---- survival --------------------------------------------------------------------------
    def _outcome(self, subject: str, period: Period) -> Outcome | None:
        p0 = period.start.toordinal()
        p1 = period.end
        outcomes = []
        for h in self._histories[subject]:
            k = bisect.bisect_left(h.capped, p0) - 1
            relevant = [
                (c, h.capped_dates[i])
                for i, c in enumerate(h.changes[k + 1:], start=k + 1)
                if c.effective.earliest <= p1 or (c.announced is not None and c.announced.earliest <= p1)
            ]
            outcomes.append(
                classify(subject, h.party, h.changes[k] if k >= 0 else None, relevant, period, self._rival)
            )
        return gravest(outcomes)

    def _untouched(self, subject: str, p0: int) -> Survival | None:
        for h in self._histories[subject]:
            k = bisect.bisect_left(h.capped, p0) - 1
            if k >= 0 and h.changes[k].status.is_active:
                return Survival(subject, h.changes[k], Reason.ACTIVE_THROUGHOUT, h.party)
        return None

    def _survived(self, period: Period, filters: Filters, limit: int | None) -> SurvivalReport:
        p0, p1 = period.start.toordinal(), period.end.toordinal()
        subjects = self.corpus.subjects
        touched = {self._order[n] for n in self._influence.overlapping(p0, p1)}
        outcomes: dict[str, Outcome | None] = {}

        def outcome(subject: str) -> Outcome | None:
            """The outcome of a touched subject, worked out once and only when needed."""
            if subject not in outcomes:
                found = None
                if self._matches(subjects[subject], filters):
                    found = self._outcome(subject, period)
                    if found is not None and not under(found[1].change.status, filters.status):
                        found = None
                outcomes[subject] = found
            return outcomes[subject]

        wanted = limit if limit is not None else len(self._order)
        groups: dict[str, list[Survival]] = {"casualty": [], "uncertain": []}
        for subject in sorted(touched):
            if len(groups["casualty"]) >= wanted and len(groups["uncertain"]) >= wanted:
                break
            found = outcome(subject)
            if found is not None and found[0] in groups:
                groups[found[0]].append(found[1])
        survivors: list[Survival] = []
        for subject in self._order:
            if len(survivors) >= wanted:
                break
            if subject in touched:
                found = outcome(subject)
                if found is not None and found[0] == "survivor":
                    survivors.append(found[1])
                continue
            if not self._matches(subjects[subject], filters):
                continue
            kept = self._untouched(subject, p0)
            if kept is not None and under(kept.change.status, filters.status):
                survivors.append(kept)
        cut = slice(None, limit)
        return SurvivalReport(period, tuple(survivors), tuple(groups["casualty"][cut]), tuple(groups["uncertain"][cut]))

    # ---- the rest ----------------------------------------------------------------------------
    def _timeline(self, subject: str) -> Timeline:
        return Timeline(subject, tuple(self._changes_of.get(subject, ())), tuple(self._status_periods(subject)))

    def _changes(self, window: Period, filters: Filters) -> list[Change]:
        found = sorted(self._effective.overlapping(window.start.toordinal(), window.end.toordinal()))
        subjects = self.corpus.subjects
        return [
            change
            for change in (self._all_changes[i] for i in found)
            if change.subject in subjects
            and self._matches(subjects[change.subject], filters)
            and under(change.status, filters.status)
        ]

    def _active_on(self, date: FuzzyDate, filters: Filters) -> list[str]:
        q0 = date.earliest.toordinal()
        found = []
        for subject in self._order:
            if not self._matches(self.corpus.subjects[subject], filters):
                continue
            for h in self._histories[subject]:
                k = bisect.bisect_right(h.capped, q0) - 1
                if k >= 0 and h.changes[k].status.is_active and under(h.changes[k].status, filters.status):
                    found.append(subject)
                    break
        return found

    @cached_property
    def _periods(self) -> list[StatusPeriodRecord]:
        """Every status period, derived on first use (the survival questions do not need them)."""
        return derive_periods(self.corpus)

    @cached_property
    def _periods_of(self) -> dict[str, list[StatusPeriodRecord]]:
        found: dict[str, list[StatusPeriodRecord]] = {}
        for record in self._periods:
            found.setdefault(record.subject, []).append(record)
        return found

    def _status_periods(self, subject: str | None) -> list[StatusPeriodRecord]:
        if subject is None:
            return list(self._periods)
        return list(self._periods_of.get(subject, ()))
