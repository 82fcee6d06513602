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
- **Status at Q.** The deciding change is the last change of the history that had surely
  taken effect on ``q0`` (its last possible day is on or before ``q0``); its status is in
  force (None: no status yet). The answer is POSSIBLE, naming the change, when (in this
  order of precedence) the next change may have taken effect by ``q1`` (its first possible
  day is on or before ``q1``); the deciding change conflicts (``nrg:conflictsWith``,
  either way) with a change of the same subject that brings another status; the deciding
  change has ``nrg:confidence`` below 1. Otherwise it is DEFINITE. The pending change is
  the first later change announced by ``q1`` (its announced date's last day) that takes
  effect after ``q1``.
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
  survivor); among equals the whole-link history, then the parties by IRI.
- **Active on Q.** A subject is active when, in one of its histories, the status in force
  on ``q0`` is in the Active family.
- **Changes in a window.** The changes whose effective dates overlap the window.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence

from nrgraph.fuzzydate import FuzzyDate
from nrgraph.status import Status
from nrgraph.temporal.model import (
    Certainty,
    Change,
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
    q0, q1 = date.earliest, date.latest
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


def survival(changes: Sequence[Change], subject: str, period: Period) -> tuple[str, Survival] | None:
    """The group (``survivor``, ``casualty`` or ``uncertain``) and entry of one subject, or None."""
    parties = sorted({p for c in changes for p in c.parties})
    outcomes = [
        outcome
        for party in [None, *parties]
        if (outcome := _history_survival(history(changes, party), changes, subject, party, period)) is not None
    ]
    if not outcomes:
        return None
    return min(outcomes, key=lambda o: _GRAVITY[o[0]])  # min is stable: the first of the gravest


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


def changes_between(changes: Iterable[Change], window: Period, *, status: Status | None = None) -> list[Change]:
    """The changes whose effective dates overlap ``window``, in history order across subjects."""
    chosen = [
        c for c in changes
        if c.effective.earliest <= window.end and c.effective.latest >= window.start and under(c.status, status)
    ]
    return sorted(chosen, key=Change.sort_key)
