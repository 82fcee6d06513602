"""Classifying one history's outcome in a period, shared by the index and the SPARQL paths.

Both fast paths find, with their own means (bisection over arrays, or range filters over
the materialised periods), the change in force on the day before the period and the
relevant later changes; this module turns those into survivor, casualty or uncertain,
exactly as :mod:`nrgraph.temporal.oracle` defines it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence

from nrgraph.temporal.model import SURVIVOR_REASONS, Change, PartySurvival, Period, Reason, Survival

__all__ = ["GRAVITY", "History", "Outcome", "classify", "combine", "gravest"]

Outcome = tuple[str, Survival]
GRAVITY = {"casualty": 0, "uncertain": 1, "survivor": 2}


def classify(
    subject: str,
    party: str | None,
    at_start: Change | None,
    relevant: Sequence[tuple[Change, dt.date]],
    period: Period,
    rival: Callable[[Change], Change | None],
) -> Outcome | None:
    """The outcome of one history, from the change in force before ``period`` and the relevant later ones.

    ``relevant`` holds, in history order, the later changes that may have taken effect or
    were announced by the end of the period, each with its capped last possible day.
    """
    p0, p1 = period.start, period.end
    if at_start is None or not at_start.status.is_active:
        for change, _ in relevant:
            if change.effective.earliest >= p0:
                break
            if change.status.is_active:
                return "uncertain", Survival(subject, change, Reason.UNCERTAIN_START, party)
        return None
    kept, kept_reason = at_start, Reason.ACTIVE_THROUGHOUT
    for change, capped in relevant:
        if change.status.is_active:
            if change.effective.earliest >= p0 and capped <= p1:
                kept, kept_reason = change, Reason.MOVED_WITHIN_ACTIVE
            continue
        took_effect = p0 <= change.effective.earliest and capped <= p1
        announced = change.announced
        if took_effect or (announced is not None and p0 <= announced.earliest and announced.latest <= p1):
            if rival(change) is not None:
                return "uncertain", Survival(subject, change, Reason.CONFLICT, party)
            if change.confidence < 1:
                return "uncertain", Survival(subject, change, Reason.LOW_CONFIDENCE, party)
            reason = Reason.DEPARTED if took_effect else Reason.ANNOUNCED
            return "casualty", Survival(subject, change, reason, party)
        if change.effective.earliest > p1 and announced is not None and announced.latest < p0:
            return "survivor", Survival(subject, kept, Reason.PENDING, party, pending=change)
        return "uncertain", Survival(subject, change, Reason.IMPRECISE_DATE, party)
    return "survivor", Survival(subject, kept, kept_reason, party)


def _rank(outcome: Outcome) -> tuple[int, int]:
    group, entry = outcome
    return (GRAVITY[group], SURVIVOR_REASONS.index(entry.reason) if group == "survivor" else 0)


def gravest(outcomes: Iterable[Outcome | None]) -> Outcome | None:
    """The gravest outcome (casualty, uncertain, then survivor by :data:`SURVIVOR_REASONS`); the first among equals."""
    best: Outcome | None = None
    for outcome in outcomes:
        if outcome is not None and (best is None or _rank(outcome) < _rank(best)):
            best = outcome
    return best


History = tuple[str | None, Change | None, Outcome | None]
"""One history's party (None: the whole), change in force the day before the period, and outcome."""


def combine(subject: str, histories: Sequence[History]) -> Outcome | None:
    """A subject's outcome from those of its histories (the whole first, then the parties by IRI).

    The gravest outcome decides; a calm survivor (moved within Active, or active throughout)
    whose whole-link history was active at the start while a party's was not becomes
    PARTY_NOT_ACTIVE; every party whose start or outcome differs from the whole's is listed.
    """
    best = gravest(outcome for _, _, outcome in histories)
    if best is None:
        return None
    group, entry = best
    whole = next(((start, outcome) for party, start, outcome in histories if party is None), (None, None))
    parties = [h for h in histories if h[0] is not None]
    out = [party for party, start, _ in parties if not _active(start)]
    calm = entry.reason in (Reason.MOVED_WITHIN_ACTIVE, Reason.ACTIVE_THROUGHOUT)
    if group == "survivor" and calm and out and _active(whole[0]):
        entry = Survival(subject, entry.change, Reason.PARTY_NOT_ACTIVE, out[0])
    differing = tuple(
        _party_entry(party or "", start, outcome)
        for party, start, outcome in parties
        if _key(start, outcome) != _key(*whole)
    )
    return group, Survival(entry.subject, entry.change, entry.reason, entry.party, entry.pending, differing)


def _active(change: Change | None) -> bool:
    return change is not None and change.status.is_active


def _iri(change: Change | None) -> str | None:
    return change.iri if change is not None else None


def _key(start: Change | None, outcome: Outcome | None) -> tuple[object, ...]:
    if outcome is None:
        return (_iri(start),)
    group, entry = outcome
    return (_iri(start), group, entry.reason, entry.change.iri, _iri(entry.pending))


def _party_entry(party: str, start: Change | None, outcome: Outcome | None) -> PartySurvival:
    if outcome is None:
        return PartySurvival(party, None, Reason.NOT_ACTIVE_AT_START, start)
    group, entry = outcome
    return PartySurvival(party, group, entry.reason, start, entry.change, entry.pending)
