"""The temporal engine's interface: coerce and check the caller's input, then ask a backend.

:class:`TemporalEngine` is what :class:`~nrgraph.knowledge_graph.KnowledgeGraph` delegates
to. Its public methods accept subjects as IRIs or slugs, dates as
:class:`~nrgraph.fuzzydate.FuzzyDate`, ``datetime.date`` or strings, and filters by name;
they raise :class:`~nrgraph.errors.NotFound`, :class:`~nrgraph.errors.InvalidDate`,
:class:`~nrgraph.errors.InvalidPeriod` or :class:`~nrgraph.errors.InvalidInput` for bad
input. Two backends answer the resolved questions identically:
:class:`~nrgraph.temporal.index.IndexEngine` (in-memory interval index, the default for
the embedded store) and :class:`~nrgraph.temporal.sparql.SparqlEngine` (named SPARQL over
the materialised periods, for any store).
"""

from __future__ import annotations

import abc
import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from nrgraph.errors import InvalidInput, NotFound
from nrgraph.fuzzydate import FuzzyDate
from nrgraph.namespaces import did_you_mean, kind_key, resolve_iri
from nrgraph.status import Status
from nrgraph.temporal.model import (
    Change,
    Period,
    StatusAt,
    StatusPeriodRecord,
    SurvivalReport,
    Timeline,
)
from nrgraph.temporal.sides import SCOPES

__all__ = ["DateLike", "Filters", "PeriodLike", "TemporalEngine", "resolve_iri"]

DateLike = FuzzyDate | dt.date | str
PeriodLike = Period | FuzzyDate | dt.date | str


@dataclass(frozen=True)
class Filters:
    """Resolved filters: a class IRI (subclasses included), an actor IRI, a scope, a status."""

    kind: str | None = None
    actor: str | None = None
    scope: str | None = None
    status: Status | None = None


class TemporalEngine(abc.ABC):
    """Answers the temporal questions; subclasses implement the ``_`` methods on resolved input."""

    # ---- what a backend knows about the data --------------------------------------------
    @abc.abstractmethod
    def link_classes(self) -> Mapping[str, str]:
        """Local name -> IRI of nrg:Link and its subclasses."""

    @abc.abstractmethod
    def is_subject(self, iri: str) -> bool:
        """Whether ``iri`` is a link (a channel or an agreement)."""

    @abc.abstractmethod
    def is_actor(self, iri: str) -> bool:
        """Whether ``iri`` is an actor."""

    @abc.abstractmethod
    def known(self, what: str) -> Iterable[str]:
        """The IRIs of every link (``what="link"``) or actor (``"actor"``): the candidates of a
        "did you mean" (asked only when a reference names none, so it may be slow)."""

    # ---- the questions, on resolved input ----------------------------------------------
    @abc.abstractmethod
    def _status_at(self, subject: str, date: FuzzyDate, party: str | None) -> StatusAt: ...

    @abc.abstractmethod
    def _survived(self, period: Period, filters: Filters, limit: int | None) -> SurvivalReport: ...

    @abc.abstractmethod
    def _timeline(self, subject: str) -> Timeline: ...

    @abc.abstractmethod
    def _changes(self, window: Period, filters: Filters, announced: bool) -> list[Change]: ...

    @abc.abstractmethod
    def _active_on(self, date: FuzzyDate, filters: Filters) -> list[str]: ...

    @abc.abstractmethod
    def _status_periods(self, subject: str | None) -> list[StatusPeriodRecord]: ...

    # ---- the public methods ---------------------------------------------------------------
    def status_at(self, subject: str, date: DateLike, party: str | None = None) -> StatusAt:
        """The status of ``subject`` (for ``party``; None: the link as a whole) at ``date``."""
        return self._status_at(self.subject(subject), FuzzyDate.of(date), self.actor(party))

    def survived(
        self,
        period: PeriodLike,
        *,
        kind: str | None = None,
        actor: str | None = None,
        scope: str | None = None,
        status: Status | str | None = None,
        limit: int | None = None,
    ) -> SurvivalReport:
        """What was active at the start of ``period``: survivors, casualties and uncertain subjects."""
        if limit is not None and (not isinstance(limit, int) or limit < 0):
            raise InvalidInput(f"limit {limit!r} is not a count; give a whole number of 0 or more")
        return self._survived(Period.of(period), self.filters(kind, actor, scope, status), limit)

    def timeline(self, subject: str) -> Timeline:
        """The ordered status changes of ``subject`` and its status periods."""
        return self._timeline(self.subject(subject))

    def changes(
        self,
        between: PeriodLike,
        *,
        kind: str | None = None,
        actor: str | None = None,
        scope: str | None = None,
        status: Status | str | None = None,
        announced: bool = False,
    ) -> list[Change]:
        """The changes (openings, closures, suspensions, resumptions...) whose effective dates overlap ``between``.

        With ``announced``, also the changes announced within it; ``Change.matched(period)``
        says which of a change's dates fell in the window.
        """
        if not isinstance(announced, bool):
            raise InvalidInput(f"announced {announced!r} is not a flag; give True or False")
        return self._changes(Period.of(between), self.filters(kind, actor, scope, status), announced)

    def active_on(
        self,
        date: DateLike,
        *,
        kind: str | None = None,
        actor: str | None = None,
        scope: str | None = None,
        status: Status | str | None = None,
    ) -> list[str]:
        """The IRIs of the subjects active on ``date`` (the status in force on its first day)."""
        return self._active_on(FuzzyDate.of(date), self.filters(kind, actor, scope, status))

    def status_periods(self, subject: str | None = None) -> list[StatusPeriodRecord]:
        """The derived status periods, of one subject or of all, by subject, party and order."""
        return self._status_periods(self.subject(subject) if subject is not None else None)

    # ---- resolution ---------------------------------------------------------------------
    def subject(self, value: str) -> str:
        """The IRI of a link given as IRI or slug; :class:`NotFound` if there is none."""
        iri = resolve_iri(value)
        if not self.is_subject(iri):
            raise NotFound("channel or agreement", value, did_you_mean(
                value, self.known("link"), "give the IRI or slug of an nrg:Channel or nrg:Agreement"))
        return iri

    def actor(self, value: str | None) -> str | None:
        """The IRI of an actor given as IRI or slug (None stays None); :class:`NotFound` if there is none."""
        if value is None:
            return None
        iri = resolve_iri(value)
        if not self.is_actor(iri):
            raise NotFound("actor", value, did_you_mean(value, self.known("actor"),
                                                        "give the IRI or slug of an nrg:Actor, e.g. 'russia'"))
        return iri

    def kind(self, value: str | None) -> str | None:
        """The IRI of a link class given by local name (case-insensitive), ``nrg:Name`` or IRI."""
        if value is None:
            return None
        classes = self.link_classes()
        name = kind_key(value)
        for local, iri in classes.items():
            if kind_key(local) == name:
                return iri
        raise InvalidInput(f"kind {value!r} is not known; valid: {', '.join(sorted(classes))}")

    def filters(
        self, kind: str | None, actor: str | None, scope: str | None, status: Status | str | None
    ) -> Filters:
        """Resolve and check the filters."""
        if scope is not None and scope not in SCOPES:
            raise InvalidInput(f"scope {scope!r} is not known; valid: {', '.join(SCOPES)}")
        wanted = Status.parse(status) if isinstance(status, str) else status
        return Filters(self.kind(kind), self.actor(actor), scope, wanted)
