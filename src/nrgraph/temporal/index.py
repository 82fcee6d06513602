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
import dataclasses
import datetime as dt
from collections.abc import Iterable, Iterator, Mapping, Sequence
from functools import cached_property
from typing import NamedTuple

import numpy as np
import numpy.typing as npt

from nrgraph.fuzzydate import FuzzyDate
from nrgraph.temporal.corpus import Corpus, collection_paused
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
from nrgraph.temporal.survival import History, Outcome, classify, combine

__all__ = ["IndexEngine", "IntervalList"]

_LONG = 400  # days: intervals longer than this are kept aside and scanned
_Days = npt.NDArray[np.int64]


class IntervalList:
    """Closed intervals of day ordinals with a payload; finds those overlapping a query span.

    The intervals are NumPy arrays sorted by their first day: the short ones are found by two
    binary searches and a comparison over the slice between them; the few longer than
    ``_LONG`` days are kept aside and compared whole.
    """

    def __init__(self, first: _Days, last: _Days, payload: _Days) -> None:
        short = last - first <= _LONG
        order = np.argsort(first[short], kind="stable")
        self._first = first[short][order]
        self._last = last[short][order]
        self._payload = payload[short][order]
        self._long = (first[~short], last[~short], payload[~short])

    @classmethod
    def of(cls, intervals: Sequence[tuple[int, int, int]]) -> IntervalList:
        """The list of ``(first, last, payload)`` tuples."""
        columns = np.array(intervals, np.int64).reshape(-1, 3)
        return cls(columns[:, 0], columns[:, 1], columns[:, 2])

    def overlapping(self, start: int, end: int) -> Iterator[int]:
        """The payloads of the intervals that share a day with ``start..end``."""
        lo = int(np.searchsorted(self._first, start - _LONG, side="left"))
        hi = int(np.searchsorted(self._first, end, side="right"))
        yield from self._payload[lo:hi][self._last[lo:hi] >= start].tolist()
        first, last, payload = self._long
        yield from payload[(first <= end) & (last >= start)].tolist()


class _History(NamedTuple):
    """One history of a subject with its days as ordinals: first possible, and capped last possible."""

    party: str | None
    changes: tuple[Change, ...]
    earliest: list[int]
    capped: list[int]


def _history(party: str | None, changes: tuple[Change, ...]) -> _History:
    """The arrays of one history, as day ordinals (the last days capped: :func:`capped_latest`)."""
    earliest = [c.effective.days[0] for c in changes]
    return _History(party, changes, earliest, [day.toordinal() for day in capped_latest(changes)])


def _iri(change: Change | None) -> str | None:
    return change.iri if change is not None else None


class IndexEngine(TemporalEngine):
    """The temporal questions over an in-memory index of a :class:`Corpus`."""

    def __init__(self, corpus: Corpus) -> None:
        with collection_paused():
            self._build(corpus)

    def _build(self, corpus: Corpus) -> None:
        """The influence intervals of every change of a link, from the corpus's columns.

        A change influences a period from its first possible day of announcement or effect to
        its last possible day of effect (not capped: a superset of what it decides, so a link
        found here is worked out in full, and a link not found is decided by the change in
        force at the start). The per-link arrays are made the first time a link is asked about.
        """
        self.corpus = corpus
        self._order = corpus.links
        self._number = {s: i for i, s in enumerate(self._order)}
        table = corpus.table
        number_of_code = np.array([self._number.get(s, -1) for s in table.subjects] or [-1], np.int64)
        numbers = number_of_code[table.subject_codes] if len(table) else np.zeros(0, np.int64)
        of_links = numbers >= 0
        self._influence = IntervalList(table.announced[of_links], table.last[of_links], numbers[of_links])
        self._histories: dict[str, list[_History]] = {}
        self._rivals: dict[str, Change | None] = {}

    def _histories_of(self, subject: str) -> list[_History]:
        """The arrays of each history of a link (none for anything else), made on first use."""
        found = self._histories.get(subject)
        if found is None:
            if subject not in self.corpus.link_set:
                return []
            found = self._histories[subject] = [
                _history(party, changes) for party, changes in self.corpus.histories_of(subject).items()
            ]
        return found

    @cached_property
    def _all_changes(self) -> list[Change]:
        """Every change in history order (built on first use: only ``changes()`` needs it)."""
        return sorted(self.corpus.changes.values(), key=Change.sort_key)

    @cached_property
    def _effective(self) -> IntervalList:
        """The changes' effective spans, for ``changes()`` (built on first use)."""
        return IntervalList.of([(*c.effective.days, i) for i, c in enumerate(self._all_changes)])

    # ---- what the index knows ---------------------------------------------------------------
    def link_classes(self) -> Mapping[str, str]:
        return self.corpus.link_classes

    def is_subject(self, iri: str) -> bool:
        return iri in self.corpus.link_set

    def is_actor(self, iri: str) -> bool:
        return iri in self.corpus.actors

    def known(self, what: str) -> Iterable[str]:
        return self.corpus.link_set if what == "link" else self.corpus.actors

    def _matches(self, subject: str, filters: Filters) -> bool:
        if filters.kind is None and filters.actor is None and filters.scope is None:
            return True
        facts = self.corpus.facts_of(subject)
        return facts is not None and (
            (filters.kind is None or filters.kind in facts.classes)
            and (filters.actor is None or filters.actor in facts.actors)
            and (filters.scope is None or filters.scope == facts.scope)
        )

    def _rival(self, change: Change) -> Change | None:
        """The first (by IRI) change of the same subject that ``change`` conflicts with, bringing another status."""
        if not change.conflicts_with:
            return None
        if change.iri not in self._rivals:
            same = {c.iri: c for c in self.corpus.changes_of(change.subject)}
            rivals = [same[r] for r in change.conflicts_with if r in same and same[r].status is not change.status]
            self._rivals[change.iri] = min(rivals, key=lambda c: c.iri) if rivals else None
        return self._rivals[change.iri]

    # ---- status at a date ----------------------------------------------------------------------
    def _history(self, subject: str, party: str | None) -> _History | None:
        histories = self._histories_of(subject)
        for h in histories:
            if h.party == party:
                return h
        return histories[0] if histories and histories[0].party is None else None

    def _status_at(self, subject: str, date: FuzzyDate, party: str | None) -> StatusAt:
        answer = self._answer(subject, date, party, self._history(subject, party))
        if party is not None:
            return answer
        parties = []
        for h in self._histories_of(subject):
            if h.party is not None:
                own = self._answer(subject, date, h.party, h)
                if _iri(own.deciding) != _iri(answer.deciding) or _iri(own.pending) != _iri(answer.pending):
                    parties.append(own)
        return dataclasses.replace(answer, parties=tuple(parties)) if parties else answer

    def _answer(self, subject: str, date: FuzzyDate, party: str | None, h: _History | None) -> StatusAt:
        """The status at ``date`` read from one history (None: no change yet)."""
        changes = h.changes if h else ()
        q0, q1 = date.as_of_day.toordinal(), date.latest.toordinal()
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
        histories: list[History] = []
        for h in self._histories_of(subject):
            k = bisect.bisect_left(h.capped, p0) - 1
            relevant = [
                (c, dt.date.fromordinal(h.capped[i]))
                for i, c in enumerate(h.changes[k + 1:], start=k + 1)
                if c.effective.earliest <= p1 or (c.announced is not None and c.announced.earliest <= p1)
            ]
            at_start = h.changes[k] if k >= 0 else None
            histories.append((h.party, at_start, classify(subject, h.party, at_start, relevant, period, self._rival)))
        return combine(subject, histories)

    def _untouched(self, subject: str, period: Period) -> Survival | None:
        """The entry of a subject nothing happens to in ``period``: decided by the change in force at the start."""
        histories = self._histories_of(subject)
        if len(histories) > 1:  # parties: their standing at the start is reported on the entry
            found = self._outcome(subject, period)
            return found[1] if found is not None and found[0] == "survivor" else None
        p0 = period.start.toordinal()
        for h in histories:
            k = bisect.bisect_left(h.capped, p0) - 1
            if k >= 0 and h.changes[k].status.is_active:
                return Survival(subject, h.changes[k], Reason.ACTIVE_THROUGHOUT, h.party)
        return None

    def _survived(self, period: Period, filters: Filters, limit: int | None) -> SurvivalReport:
        p0, p1 = period.start.toordinal(), period.end.toordinal()
        touched = {self._order[n] for n in self._influence.overlapping(p0, p1)}
        outcomes: dict[str, Outcome | None] = {}

        def outcome(subject: str) -> Outcome | None:
            """The outcome of a touched subject, worked out once and only when needed."""
            if subject not in outcomes:
                found = None
                if self._matches(subject, filters):
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
            if not self._matches(subject, filters):
                continue
            kept = self._untouched(subject, period)
            if kept is not None and under(kept.change.status, filters.status):
                survivors.append(kept)
        cut = slice(None, limit)
        return SurvivalReport(period, tuple(survivors), tuple(groups["casualty"][cut]), tuple(groups["uncertain"][cut]))

    # ---- the rest ----------------------------------------------------------------------------
    def _timeline(self, subject: str) -> Timeline:
        return Timeline(subject, self.corpus.changes_of(subject), tuple(self._status_periods(subject)))

    @cached_property
    def _announced(self) -> IntervalList:
        """The changes' announced spans, for ``changes(announced=True)`` (built on first use)."""
        return IntervalList.of(
            [(*c.announced.days, i) for i, c in enumerate(self._all_changes) if c.announced is not None]
        )

    def _changes(self, window: Period, filters: Filters, announced: bool) -> list[Change]:
        start, end = window.start.toordinal(), window.end.toordinal()
        hits = set(self._effective.overlapping(start, end))
        if announced:
            hits.update(self._announced.overlapping(start, end))
        found = sorted(hits)
        links = self.corpus.link_set
        return [
            change
            for change in (self._all_changes[i] for i in found)
            if change.subject in links
            and self._matches(change.subject, filters)
            and under(change.status, filters.status)
        ]

    def _active_on(self, date: FuzzyDate, filters: Filters) -> list[str]:
        q0 = date.as_of_day.toordinal()
        found = []
        for subject in self._order:
            if not self._matches(subject, filters):
                continue
            for h in self._histories_of(subject):
                k = bisect.bisect_right(h.capped, q0) - 1
                if k >= 0 and h.changes[k].status.is_active and under(h.changes[k].status, filters.status):
                    found.append(subject)
                    break
        return found

    def _status_periods(self, subject: str | None) -> list[StatusPeriodRecord]:
        """The status periods of ``subject`` (None: of every subject), derived when asked for."""
        return derive_periods(self.corpus, subject)
