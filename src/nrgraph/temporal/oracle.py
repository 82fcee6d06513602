"""The reference implementation of the temporal semantics: plain loops over plain changes.

This module is the specification in code. It is deliberately naive (no periods, no index,
no store) so that the two fast paths, the interval index (:mod:`nrgraph.temporal.index`)
and the SPARQL path over materialised periods (:mod:`nrgraph.temporal.sparql`), can be
checked against it on random histories (``tests/test_temporal_equivalence.py``).

Definitions (a date ``Q`` covers the days ``q0`` to ``q1``; a period ``P`` the days
``p0`` to ``p1``):

- **History.** The history of a subject for party ``X`` is its changes with no
  ``nrg:concernsParty`` plus those naming ``X``; for ``None`` only the former. It is
  ordered by effective date (earliest day, then latest day), ``nrg:sequence``, IRI. The
  order is taken as true: a change's last possible day is capped by the last possible day
  of every later change (:func:`~nrgraph.temporal.periods.capped_latest`).
- **Status at Q.** ``q0`` is the day ``Q`` stands for as a point in time (its first day,
  :attr:`~nrgraph.fuzzydate.FuzzyDate.as_of_day`). The deciding change is the last change of
  the history that had surely taken effect on ``q0`` (its last possible day is on or before ``q0``); its status is in
  force (None: no status yet). The answer is POSSIBLE, naming the change, when (in this
  order of precedence) the next change may have taken effect by ``q1`` (its first possible
  day is on or before ``q1``); the deciding change conflicts (``nrg:conflictsWith``,
  either way) with a change of the same subject that brings another status; the deciding
  change has ``nrg:confidence`` below 1. Otherwise it is DEFINITE. The pending change is
  the first later change announced by ``q1`` (its announced date's last day) that takes
  effect after ``q1``. Asked for the link as a whole, the answer also carries the answer for
  each party (named by a change of the subject) whose deciding or pending change differs
  from the whole's, by party IRI.
- **Survival in P.** For each history of a subject (the link as a whole and each party
  named by one of its changes), take the change in force on the day before ``p0`` (the
  last change whose last possible day is before ``p0``), and the *relevant* later changes:
  those that may have taken effect by ``p1`` or were announced by ``p1`` (first possible
  day). The *departure* is the first relevant later change whose status is not in the
  Active family (Active, Restricted, Dormant).

  - Not active at the start (no change in force, or its status is not active): if a
    relevant active change may have taken effect before ``p0``, the history is
    **uncertain** (UNCERTAIN_START); otherwise it is left out.
  - Active at the start, and the departure took effect wholly within ``P`` or was
    announced wholly within ``P``: a **casualty** (DEPARTED or ANNOUNCED), unless the
    departure conflicts with a change bringing another status (**uncertain**, CONFLICT) or
    has a confidence below 1 (**uncertain**, LOW_CONFIDENCE).
  - Active at the start, and the departure takes effect after ``p1`` and was announced
    before ``p0``: a **survivor** with that departure as its pending change (PENDING).
  - Active at the start, no departure: a **survivor**; its change is the last move within
    the Active family made wholly within ``P`` (MOVED_WITHIN_ACTIVE), or else the change in
    force at the start (ACTIVE_THROUGHOUT).
  - Active at the start, and the dates do not decide: **uncertain** (IMPRECISE_DATE).

  A subject takes the gravest outcome of its histories (casualty, then uncertain, then
  survivor; among survivors PENDING, then MOVED_WITHIN_ACTIVE, then ACTIVE_THROUGHOUT);
  among equals the whole-link history, then the parties by IRI. A survivor whose chosen
  reason is MOVED_WITHIN_ACTIVE or ACTIVE_THROUGHOUT, whose whole-link history was active at
  the start while a party's history was not (it had suspended or left the link), takes the
  reason PARTY_NOT_ACTIVE, naming the first such party (its change stays the chosen one).

  The entry lists each party whose history differs from the whole's: another change in
  force on the day before ``p0``, or another outcome (group, reason, deciding change,
  pending change). A party's outcome is that of its history, or (not active at the start)
  no group with the reason NOT_ACTIVE_AT_START.
- **Active on Q.** A subject is active when, in one of its histories, the status in force
  on ``q0`` is in the Active family.
- **Changes in a window.** The changes whose effective dates overlap the window; with
  ``announced``, also those whose announced dates overlap it (the 18 October 2021
  announcements are changes of October 2021). :meth:`Change.matched` says which date did.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence

from nrgraph.fuzzydate import FuzzyDate
from nrgraph.status import Status
from nrgraph.temporal.model import (
    SURVIVOR_REASONS,
    Certainty,
    Change,
    PartySurvival,
    Period,
    Reason,
    StatusAt,
    Survival,
    SurvivalReport,
)

__all__ = ["active_on", "changes_between", "history", "status_at", "survival", "survived", "under"]


def under(status: Status, wanted: Status | None) -> bool:
    """Whether ``status`` is ``wanted`` or narrower than it (always, when nothing is wanted)."""
    return wanted is None or status is wanted or status.top is wanted


def history(changes: Iterable[Change], party: str | None) -> list[Change]:
    """The history of ``party`` (None: the link as a whole) among one subject's changes."""
    chosen = [c for c in changes if not c.parties or (party is not None and party in c.parties)]
    return sorted(chosen, key=lambda c: (c.effective.earliest, c.effective.latest, c.sequence, c.iri))


def _capped(h: Sequence[Change]) -> list[dt.date]:
    return [min(c.effective.latest for c in h[i:]) for i in range(len(h))]


def _rival(change: Change, all_changes: Sequence[Change]) -> Change | None:
    rivals = [
        c for c in all_changes
        if c.iri != change.iri
        and (c.iri in change.conflicts_with or change.iri in c.conflicts_with)
        and c.status is not change.status
    ]
    return min(rivals, key=lambda c: c.iri) if rivals else None


def status_at(changes: Sequence[Change], subject: str, date: FuzzyDate, party: str | None = None) -> StatusAt:
    """The status of ``subject`` at ``date`` from all of its ``changes``."""
    h = history(changes, party)
    q0, q1 = date.as_of_day, date.latest
    k = max((i for i, c in enumerate(h) if c.effective.latest <= q0), default=-1)
    deciding = h[k] if k >= 0 else None
    later = h[k + 1:]
    because: Change | None = None
    overlapping = [c for c in later if c.effective.earliest <= q1]
    if overlapping:
        because = overlapping[0]
    elif deciding is not None:
        because = _rival(deciding, changes)
        if because is None and deciding.confidence < 1:
            because = deciding
    pending = next(
        (c for c in later if c.effective.earliest > q1 and c.announced is not None and c.announced.latest <= q1),
        None,
    )
    parties: list[StatusAt] = []
    if party is None:
        for other in sorted({p for c in changes for p in c.parties}):
            answer = status_at(changes, subject, date, other)
            if _iri(answer.deciding) != _iri(deciding) or _iri(answer.pending) != _iri(pending):
                parties.append(answer)
    return StatusAt(
        subject=subject,
        party=party,
        date=date,
        status=deciding.status if deciding else None,
        certainty=Certainty.POSSIBLE if because else Certainty.DEFINITE,
        deciding=deciding,
        uncertain_because=because,
        pending=pending,
        parties=tuple(parties),
    )


def _iri(change: Change | None) -> str | None:
    return change.iri if change is not None else None


_GRAVITY = {"casualty": 0, "uncertain": 1, "survivor": 2}


def _history_survival(
    h: Sequence[Change], all_changes: Sequence[Change], subject: str, party: str | None, period: Period
) -> tuple[str, Survival] | None:
    p0, p1 = period.start, period.end
    capped = _capped(h)
    k = max((i for i, c in enumerate(h) if c.effective.latest < p0), default=-1)
    relevant = [
        (c, capped[i]) for i, c in enumerate(h)
        if i > k
        and (c.effective.earliest <= p1 or (c.announced is not None and c.announced.earliest <= p1))
    ]
    at_start = h[k] if k >= 0 else None
    if at_start is None or not at_start.status.is_active:
        maybe = [c for c, _ in relevant if c.effective.earliest < p0 and c.status.is_active]
        if maybe:
            return "uncertain", Survival(subject, maybe[0], Reason.UNCERTAIN_START, party)
        return None
    departure = next(((c, cap) for c, cap in relevant if not c.status.is_active), None)
    before = relevant if departure is None else relevant[: relevant.index(departure)]
    moves = [c for c, cap in before if c.effective.earliest >= p0 and cap <= p1]
    kept = moves[-1] if moves else at_start
    kept_reason = Reason.MOVED_WITHIN_ACTIVE if moves else Reason.ACTIVE_THROUGHOUT
    if departure is None:
        return "survivor", Survival(subject, kept, kept_reason, party)
    d, cap = departure
    took_effect = p0 <= d.effective.earliest and cap <= p1
    announced = d.announced is not None and p0 <= d.announced.earliest and d.announced.latest <= p1
    if took_effect or announced:
        if _rival(d, all_changes) is not None:
            return "uncertain", Survival(subject, d, Reason.CONFLICT, party)
        if d.confidence < 1:
            return "uncertain", Survival(subject, d, Reason.LOW_CONFIDENCE, party)
        return "casualty", Survival(subject, d, Reason.DEPARTED if took_effect else Reason.ANNOUNCED, party)
    if d.effective.earliest > p1 and d.announced is not None and d.announced.latest < p0:
        return "survivor", Survival(subject, kept, Reason.PENDING, party, pending=d)
    return "uncertain", Survival(subject, d, Reason.IMPRECISE_DATE, party)


def _at_start(h: Sequence[Change], period: Period) -> Change | None:
    """The change of a history in force on the day before ``period``."""
    before = [c for c in h if c.effective.latest < period.start]
    return before[-1] if before else None


def _rank(outcome: tuple[str, Survival]) -> tuple[int, int]:
    group, entry = outcome
    return (_GRAVITY[group], SURVIVOR_REASONS.index(entry.reason) if group == "survivor" else 0)


def survival(changes: Sequence[Change], subject: str, period: Period) -> tuple[str, Survival] | None:
    """The group (``survivor``, ``casualty`` or ``uncertain``) and entry of one subject, or None."""
    parties = sorted({p for c in changes for p in c.parties})
    histories = {party: history(changes, party) for party in [None, *parties]}
    outcomes = {
        party: _history_survival(h, changes, subject, party, period) for party, h in histories.items()
    }
    found = [o for o in outcomes.values() if o is not None]
    if not found:
        return None
    group, entry = min(found, key=_rank)  # min is stable: the first of the gravest
    starts = {party: _at_start(h, period) for party, h in histories.items()}
    out = [p for p in parties if not _active(starts[p])]
    calm = entry.reason in (Reason.MOVED_WITHIN_ACTIVE, Reason.ACTIVE_THROUGHOUT)
    if group == "survivor" and calm and out and _active(starts[None]):
        entry = Survival(subject, entry.change, Reason.PARTY_NOT_ACTIVE, out[0])
    whole = _key(starts[None], outcomes[None])
    differing = tuple(
        _party_entry(p, starts[p], outcomes[p]) for p in parties if _key(starts[p], outcomes[p]) != whole
    )
    return group, Survival(entry.subject, entry.change, entry.reason, entry.party, entry.pending, differing)


def _active(change: Change | None) -> bool:
    return change is not None and change.status.is_active


def _key(at_start: Change | None, outcome: tuple[str, Survival] | None) -> tuple[object, ...]:
    if outcome is None:
        return (_iri(at_start),)
    group, entry = outcome
    return (_iri(at_start), group, entry.reason, entry.change.iri, _iri(entry.pending))


def _party_entry(party: str, at_start: Change | None, outcome: tuple[str, Survival] | None) -> PartySurvival:
    if outcome is None:
        return PartySurvival(party, None, Reason.NOT_ACTIVE_AT_START, at_start)
    group, entry = outcome
    return PartySurvival(party, group, entry.reason, at_start, entry.change, entry.pending)


def survived(
    changes_by_subject: Mapping[str, Sequence[Change]],
    period: Period,
    *,
    status: Status | None = None,
    limit: int | None = None,
) -> SurvivalReport:
    """Survivors, casualties and uncertain subjects of ``period`` among the given subjects."""
    groups: dict[str, list[Survival]] = {"survivor": [], "casualty": [], "uncertain": []}
    for subject in sorted(changes_by_subject):
        outcome = survival(changes_by_subject[subject], subject, period)
        if outcome is not None and under(outcome[1].change.status, status):
            groups[outcome[0]].append(outcome[1])
    cut = slice(None, limit)
    return SurvivalReport(
        period,
        tuple(groups["survivor"][cut]),
        tuple(groups["casualty"][cut]),
        tuple(groups["uncertain"][cut]),
    )


def active_on(
    changes_by_subject: Mapping[str, Sequence[Change]], date: FuzzyDate, *, status: Status | None = None
) -> list[str]:
    """The subjects active on ``date`` (in one of their histories), by IRI."""
    found = []
    for subject in sorted(changes_by_subject):
        changes = changes_by_subject[subject]
        for party in [None, *sorted({p for c in changes for p in c.parties})]:
            in_force = status_at(changes, subject, date, party).status
            if in_force is not None and in_force.is_active and under(in_force, status):
                found.append(subject)
                break
    return found


def changes_between(
    changes: Iterable[Change], window: Period, *, status: Status | None = None, announced: bool = False
) -> list[Change]:
    """The changes whose effective (or, with ``announced``, announced) dates overlap ``window``, in history order."""
    chosen = []
    for c in changes:
        in_window = c.effective.earliest <= window.end and c.effective.latest >= window.start
        if announced and c.announced is not None:
            in_window = in_window or (c.announced.earliest <= window.end and c.announced.latest >= window.start)
        if in_window and under(c.status, status):
            chosen.append(c)
    return sorted(chosen, key=Change.sort_key)
