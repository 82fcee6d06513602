"""The values the temporal engine returns: periods, changes, statuses at a date, survival.

All are frozen dataclasses holding plain Python values (IRIs as ``str``), so that the
GraphQL types, the exporters and the CLI can read them without touching RDF.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import re
from dataclasses import dataclass, field
from typing import Any

from nrgraph.errors import InvalidDate, InvalidInput, InvalidPeriod
from nrgraph.fuzzydate import FuzzyDate
from nrgraph.status import Status

__all__ = [
    "SURVIVOR_REASONS",
    "Certainty",
    "Change",
    "Citation",
    "PartySurvival",
    "Period",
    "Reason",
    "StatusAt",
    "StatusPeriodRecord",
    "Survival",
    "SurvivalReport",
    "Timeline",
    "plain",
]

_PERIOD_HELP = (
    "give a date (2021, 2021-10, 2021-10-18) for the days it covers, or two dates joined by '/' "
    "(2021-09-15/2021-11-15), the first not after the second"
)


@dataclass(frozen=True)
class Period:
    """A span of whole days, ``start`` to ``end`` inclusive: a period, one day, or everything.

    What the lists, the projections, the exports and the pictures look at: a date used as a
    point in time gives the one day it stands for (:meth:`at`: its first day, see
    :mod:`nrgraph.fuzzydate`), a period the days it covers (:meth:`parse`), and nothing at all
    every day there is (:meth:`everything`); :meth:`window` chooses among the three.

    >>> Period.parse("2021-10")
    Period(start=datetime.date(2021, 10, 1), end=datetime.date(2021, 10, 31))
    >>> Period.parse("2021-09-15/2021-11")
    Period(start=datetime.date(2021, 9, 15), end=datetime.date(2021, 11, 30))
    >>> str(Period.window(as_of="2021-11")), str(Period.window(period="2021-10/2021-11")), str(Period.window())
    ('2021-11-01', '2021-10-01/2021-11-30', 'all')
    """

    start: dt.date
    end: dt.date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise InvalidPeriod(
                f"the period {self.start.isoformat()}/{self.end.isoformat()} ends before it starts; {_PERIOD_HELP}"
            )

    @classmethod
    def parse(cls, text: str) -> Period:
        """Parse ``DATE`` or ``DATE/DATE`` (each ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``)."""
        if not isinstance(text, str) or not text.strip():
            raise InvalidPeriod(f"{text!r} is not a period: {_PERIOD_HELP}")
        parts = [p.strip() for p in re.split(r"/|\.\.", text.strip())]
        if len(parts) > 2 or not all(parts):
            raise InvalidPeriod(f"{text!r} is not a period: {_PERIOD_HELP}")
        try:
            dates = [FuzzyDate.parse(p) for p in parts]
        except InvalidDate as error:
            raise InvalidPeriod(f"{text!r} is not a period: {error}") from None
        start, end = dates[0].earliest, dates[-1].latest
        if end < start:
            raise InvalidPeriod(f"{text!r} is not a period: it ends before it starts; {_PERIOD_HELP}")
        return cls(start, end)

    @classmethod
    def of(cls, value: Period | FuzzyDate | dt.date | str) -> Period:
        """Coerce a Period, a FuzzyDate (the days it covers), a ``date`` (that day) or a string."""
        if isinstance(value, Period):
            return value
        if isinstance(value, FuzzyDate):
            return cls(value.earliest, value.latest)
        if isinstance(value, dt.datetime):
            raise InvalidPeriod(f"{value!r} is a datetime; give a date or a period without a time of day")
        if isinstance(value, dt.date):
            return cls(value, value)
        return cls.parse(value)

    @classmethod
    def at(cls, as_of: FuzzyDate | dt.date | str) -> Period:
        """The one day a date used as a point in time stands for (its first day).

        >>> Period.at("2021-11")
        Period(start=datetime.date(2021, 11, 1), end=datetime.date(2021, 11, 1))
        """
        day = FuzzyDate.of(as_of).as_of_day
        return cls(day, day)

    @classmethod
    def everything(cls) -> Period:
        """Every day there is: the whole history, with statuses as they stand at its end."""
        return cls(dt.date.min, dt.date.max)

    @classmethod
    def window(cls, as_of: FuzzyDate | dt.date | str | None = None, period: str | None = None) -> Period:
        """The day of ``as_of`` (:meth:`at`) or the days of ``period`` (at most one), or everything."""
        if as_of is not None and period is not None:
            raise InvalidInput(f"give a date (asOf={str(as_of)!r}) or a period (period={period!r}), not both")
        if as_of is not None:
            return cls.at(as_of)
        if period is not None:
            return cls.parse(period)
        return cls.everything()

    @property
    def is_day(self) -> bool:
        """Whether the period is a single day."""
        return self.start == self.end

    @property
    def is_everything(self) -> bool:
        """Whether the period covers every day."""
        return self.start == dt.date.min and self.end == dt.date.max

    def __str__(self) -> str:
        if self.is_everything:
            return "all"
        if self.start == self.end:
            return self.start.isoformat()
        return f"{self.start.isoformat()}/{self.end.isoformat()}"

    def __contains__(self, day: object) -> bool:
        return isinstance(day, dt.date) and self.start <= day <= self.end


class Certainty(enum.Enum):
    """How sure an answer is: DEFINITE, or POSSIBLE when precision, confidence or a conflict leaves it open."""

    DEFINITE = "definite"
    POSSIBLE = "possible"


@dataclass(frozen=True)
class Citation:
    """Where a fact stands in a source, with the source's own wording and a curator's note."""

    source: str
    source_label: str | None = None
    locator: str | None = None
    wording: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class Change:
    """A status change: ``subject`` takes ``status`` from ``effective`` (for ``parties``, or as a whole).

    ``sequence`` orders changes of one subject that share an effective date; ``confidence``
    below 1 marks a doubtful claim; ``conflicts_with`` lists the changes that disagree with it.
    """

    iri: str
    subject: str
    status: Status
    effective: FuzzyDate
    announced: FuzzyDate | None = None
    parties: tuple[str, ...] = ()
    sequence: int = 0
    confidence: float = 1.0
    conflicts_with: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()
    causes: tuple[str, ...] = ()
    citations: tuple[Citation, ...] = ()

    @property
    def sources(self) -> tuple[str, ...]:
        """The IRIs of the sources cited, in citation order, without repeats."""
        return tuple(dict.fromkeys(c.source for c in self.citations))

    def matched(self, window: Period) -> tuple[str, ...]:
        """Which of its dates share a day with ``window``: ``effective``, ``announced``, both or neither.

        >>> change = Change("c", "s", Status.CLOSED, FuzzyDate.parse("2021-11-01"), FuzzyDate.parse("2021-10-18"))
        >>> change.matched(Period.parse("2021-10")), change.matched(Period.parse("2021"))
        (('announced',), ('effective', 'announced'))
        """
        dates = (("effective", self.effective), ("announced", self.announced))
        return tuple(name for name, date in dates if date is not None and window.start <= date.latest
                     and date.earliest <= window.end)

    def sort_key(self) -> tuple[dt.date, dt.date, int, str]:
        """History order: effective date (FuzzyDate order), then sequence, then IRI."""
        return (self.effective.earliest, self.effective.latest, self.sequence, self.iri)


@dataclass(frozen=True)
class StatusAt:
    """The status of ``subject`` (for ``party``, or as a whole) at ``date``.

    ``status`` is None when no change had taken effect yet. ``deciding`` is the change whose
    status is in force. ``certainty`` is POSSIBLE when a change's effective dates overlap
    ``date``, when the deciding change has a confidence below 1, or when it conflicts with a
    change that brings another status; ``uncertain_because`` names that change. ``pending``
    is a change announced on or before the date and effective after it. ``as_of_day`` is the
    day the date stands for (its first day: :attr:`~nrgraph.fuzzydate.FuzzyDate.as_of_day`).

    For the link as a whole (``party`` None), ``parties`` holds the answer for each party
    whose history differs from the whole's (another deciding change, or a pending change), by
    party IRI; :attr:`standing` says in words how the parties stand.
    """

    subject: str
    party: str | None
    date: FuzzyDate
    status: Status | None
    certainty: Certainty
    deciding: Change | None = None
    uncertain_because: Change | None = None
    pending: Change | None = None
    parties: tuple[StatusAt, ...] = ()
    as_of_day: dt.date = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "as_of_day", self.date.as_of_day)

    @property
    def standing(self) -> str:
        """The status and how the parties stand, in words (parties by slug).

        ``in force; suspended by russia since 2007-12-12``: the family of the status of the
        whole (in force, proposed, closed: :class:`~nrgraph.status.Family`), then each
        party's own status with the effective date of the change that brought it, then the
        parties' pending changes.
        """
        if self.status is None:
            head = "no status yet"
        else:
            head = "in force" if self.status is Status.ACTIVE else self.status.value.lower()
        clauses = [head]
        own: dict[tuple[str, str], list[str]] = {}
        pending: dict[tuple[str, str], list[str]] = {}
        for answer in self.parties:
            name = _slug(answer.party or "")
            pairs = ((self.deciding, answer.deciding, own), (self.pending, answer.pending, pending))
            for mine, theirs, clauses_of in pairs:
                if theirs is not None and (mine is None or theirs.iri != mine.iri):
                    clauses_of.setdefault((theirs.status.value.lower(), str(theirs.effective)), []).append(name)
        for (status, since), names in own.items():
            clauses.append(f"{status} by {_names(names)} since {since}")
        for (status, when), names in pending.items():
            clauses.append(f"{status} by {_names(names)} from {when} (pending)")
        return "; ".join(clauses)


class Reason(enum.Enum):
    """Why a subject is a survivor, a casualty or uncertain in a :class:`SurvivalReport`."""

    ACTIVE_THROUGHOUT = "active throughout"
    MOVED_WITHIN_ACTIVE = "moved to another active status (restricted or dormant)"
    PENDING = "a departure was announced before the period and takes effect after it"
    DEPARTED = "a departure from active took effect within the period"
    ANNOUNCED = "a departure from active was announced within the period"
    IMPRECISE_DATE = "the precision of a date does not decide whether the departure fell within the period"
    UNCERTAIN_START = "the precision of a date does not decide whether it was active at the start"
    LOW_CONFIDENCE = "the departure is a claim with a confidence below 1"
    CONFLICT = "the departure conflicts with another claim that brings a different status"
    PARTY_NOT_ACTIVE = "active as a whole, but a party had suspended or left it before the period began"
    NOT_ACTIVE_AT_START = "not active when the period began"


SURVIVOR_REASONS = (
    Reason.PENDING,
    Reason.PARTY_NOT_ACTIVE,
    Reason.MOVED_WITHIN_ACTIVE,
    Reason.ACTIVE_THROUGHOUT,
)
"""The reasons of a survivor, gravest first: a departure pending outranks a party already out,
which outranks a move within the Active family, which outranks nothing happening."""


@dataclass(frozen=True)
class PartySurvival:
    """How one party's history of a link fared in a period, where it differs from the link as a whole.

    ``at_start`` is the change in force for the party on the day before the period (None: no
    status yet). ``group`` is ``survivor``, ``casualty`` or ``uncertain`` as for an entry, or
    None when the party's history was not active at the start (``reason``
    NOT_ACTIVE_AT_START). ``change`` is the change that decided the group (the departure of
    a casualty), ``pending`` a departure announced before the period and effective after it.
    """

    party: str
    group: str | None
    reason: Reason
    at_start: Change | None = None
    change: Change | None = None
    pending: Change | None = None

    @property
    def sources(self) -> tuple[str, ...]:
        """The IRIs of the sources of its changes (at the start, deciding, pending), without repeats."""
        changes = (self.at_start, self.change, self.pending)
        return tuple(dict.fromkeys(s for c in changes if c is not None for s in c.sources))


@dataclass(frozen=True)
class Survival:
    """One subject in a survival report: which ``change`` decided its group, and why.

    For survivors ``change`` is the change in force at the start (or the move within the
    Active family made in the period); for casualties and uncertain subjects it is the
    departure from Active (or, for an uncertain start, the change that may have opened it).
    ``party`` is the party whose history decided (None: the link as a whole).

    The reason is the gravest of the link's histories (the whole and each party's): a
    casualty over uncertain over a survivor, and among survivors in the order of
    :data:`SURVIVOR_REASONS`. A survivor whose whole-link history is active while a party had
    already suspended or left it is PARTY_NOT_ACTIVE (``change`` the whole's change in force,
    ``party`` that party). ``parties`` holds every party whose history differs from the
    whole's (see :class:`PartySurvival`), by party IRI.
    """

    subject: str
    change: Change
    reason: Reason
    party: str | None = None
    pending: Change | None = None
    parties: tuple[PartySurvival, ...] = ()


@dataclass(frozen=True)
class SurvivalReport:
    """What was active at the start of ``period`` and what became of it, each group ordered by subject IRI."""

    period: Period
    survivors: tuple[Survival, ...] = ()
    casualties: tuple[Survival, ...] = ()
    uncertain: tuple[Survival, ...] = ()


@dataclass(frozen=True)
class StatusPeriodRecord:
    """A span during which ``subject`` (for ``party``, or as a whole) had one ``status``.

    ``start`` and ``end`` are the effective dates of the changes that opened and closed it
    (``end`` is None while it is open). The bounds are those dates' first and last days, the
    last days capped by the order of the history: a change cannot take effect after a
    change that follows it (``2021`` followed by ``2021-03-01`` took effect by 1 March).
    """

    iri: str
    subject: str
    party: str | None
    status: Status
    start: FuzzyDate
    end: FuzzyDate | None
    opened_by: str
    closed_by: str | None
    start_earliest: dt.date
    start_latest: dt.date
    end_earliest: dt.date | None = None
    end_latest: dt.date | None = None


@dataclass(frozen=True)
class Timeline:
    """A subject's status changes in history order and its derived status periods."""

    subject: str
    changes: tuple[Change, ...] = ()
    periods: tuple[StatusPeriodRecord, ...] = field(default=())


def _slug(iri: str) -> str:
    return iri.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def _names(names: list[str]) -> str:
    if len(names) <= 3:
        return ", ".join(names)
    return f"{len(names)} parties ({', '.join(names[:3])}, ...)"


def plain(value: Any) -> Any:
    """A model value as JSON-ready Python: dataclasses as dicts, enums by value, dates as ISO text.

    A :class:`FuzzyDate` is given as recorded (``2021-10``); in a dataclass its first and last
    days follow as ``<name>_earliest`` and ``<name>_latest``.

    >>> plain(Period.parse("2021-10"))
    {'start': '2021-10-01', 'end': '2021-10-31'}
    """
    if isinstance(value, FuzzyDate):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value.lower() if isinstance(value, Status) else value.name.lower()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        found: dict[str, Any] = {}
        for f in dataclasses.fields(value):
            item = getattr(value, f.name)
            found[f.name] = plain(item)
            if isinstance(item, FuzzyDate):  # machines get the bounds beside the date as recorded
                found[f"{f.name}_earliest"], found[f"{f.name}_latest"] = plain(item.earliest), plain(item.latest)
        return found
    if isinstance(value, tuple | list):
        return [plain(v) for v in value]
    return value
