"""Classifying one history's outcome in a period, shared by the index and the SPARQL paths.

Both fast paths find, with their own means (bisection over arrays, or range filters over
the materialised periods), the change in force on the day before the period and the
relevant later changes; this module turns those into survivor, casualty or uncertain,
exactly as :mod:`nrgraph.temporal.oracle` defines it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence

from nrgraph.temporal.model import Change, Period, Reason, Survival

__all__ = ["GRAVITY", "Outcome", "classify", "gravest"]

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


def gravest(outcomes: Iterable[Outcome | None]) -> Outcome | None:
    """The gravest outcome (casualty, then uncertain, then survivor); the first among equals."""
    best: Outcome | None = None
    for outcome in outcomes:
        if outcome is not None and (best is None or GRAVITY[outcome[0]] < GRAVITY[best[0]]):
            best = outcome
    return best
