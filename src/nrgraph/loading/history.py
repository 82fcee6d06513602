"""The status-history rules that SHACL cannot express.

A subject's changes are grouped by the party they concern (no party: the link as a whole;
a change naming several parties belongs to each party's group). Within a group:

- two changes with the same effective date and different statuses must be ordered by
  distinct ``nrg:sequence`` values;
- nothing follows a closed-family status (closed, terminated, withdrawn, expired, replaced),
  unless one of the two changes is marked ``nrg:conflictsWith`` another claim;
- a change that repeats the status already in force is reported as a warning.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import pyoxigraph as ox

from nrgraph.errors import InvalidDate, InvalidInput, Problem
from nrgraph.fuzzydate import FuzzyDate
from nrgraph.loading.derivation import file_of
from nrgraph.namespaces import NRG
from nrgraph.status import Status

__all__ = ["check_histories"]

_SUBJECT = str(NRG.subject)
_STATUS = str(NRG.status)
_EFFECTIVE = str(NRG.effective)
_PARTY = str(NRG.concernsParty)
_SEQUENCE = str(NRG.sequence)
_CONFLICTS = str(NRG.conflictsWith)


@dataclass
class _Change:
    iri: str
    file: str | None = None
    subject: str | None = None
    status: Status | None = None
    effective: FuzzyDate | None = None
    sequence: int = 0
    parties: list[str] = field(default_factory=list)
    disputed: bool = False

    def key(self) -> tuple[FuzzyDate, int]:
        assert self.effective is not None
        return (self.effective, self.sequence)


def check_histories(quads: Sequence[ox.Quad]) -> list[Problem]:
    """Problems with the order of every subject's status changes."""
    problems: list[Problem] = []
    for group in _groups(_changes(quads)):
        problems.extend(_check_group(group))
    return problems


def _changes(quads: Iterable[ox.Quad]) -> list[_Change]:
    changes: dict[str, _Change] = {}
    disputed: set[str] = set()

    def get(quad: ox.Quad) -> _Change:
        iri = quad.subject.value if isinstance(quad.subject, ox.NamedNode) else str(quad.subject)
        change = changes.setdefault(iri, _Change(iri))
        change.file = change.file or file_of(quad.graph_name)
        return change

    for quad in quads:
        predicate = quad.predicate.value
        value = quad.object
        if predicate == _SUBJECT and isinstance(value, ox.NamedNode):
            get(quad).subject = value.value
        elif predicate == _STATUS and isinstance(value, ox.NamedNode):
            try:
                get(quad).status = Status.from_iri(value.value)
            except InvalidInput:
                pass  # the shapes report a status outside the scheme
        elif predicate == _EFFECTIVE and isinstance(value, ox.Literal):
            try:
                get(quad).effective = FuzzyDate.from_literal(value.value, value.datatype.value)
            except InvalidDate:
                pass  # the derivation reports unreadable dates
        elif predicate == _PARTY and isinstance(value, ox.NamedNode):
            get(quad).parties.append(value.value)
        elif predicate == _SEQUENCE and isinstance(value, ox.Literal):
            try:
                get(quad).sequence = int(value.value)
            except ValueError:
                pass  # the shapes report a non-integer sequence
        elif predicate == _CONFLICTS:
            disputed.add(quad.subject.value if isinstance(quad.subject, ox.NamedNode) else str(quad.subject))
            if isinstance(value, ox.NamedNode):
                disputed.add(value.value)
    complete = [c for c in changes.values() if c.subject and c.status and c.effective]
    for change in complete:
        change.disputed = change.iri in disputed
    return complete


def _groups(changes: list[_Change]) -> Iterable[list[_Change]]:
    groups: dict[tuple[str, str | None], list[_Change]] = defaultdict(list)
    for change in changes:
        assert change.subject is not None
        parties: list[str | None] = [*change.parties] or [None]
        for party in parties:
            groups[(change.subject, party)].append(change)
    for group in groups.values():
        group.sort(key=_Change.key)
        yield group


def _check_group(group: list[_Change]) -> Iterable[Problem]:
    for before, after in itertools.pairwise(group):
        assert before.status is not None
        assert after.status is not None
        if before.effective == after.effective and before.sequence == after.sequence and before.status != after.status:
            yield Problem(
                f"shares its effective date {before.effective} with <{before.iri}> and brings another status; "
                "give both an nrg:sequence (1, 2, ...) to order them",
                node=after.iri,
                file=after.file,
            )
        elif before.status.is_closed and not (before.disputed or after.disputed):
            yield Problem(
                f"follows <{before.iri}>, which closed the subject ({before.status.value.lower()}, "
                f"{before.effective}); a closed link cannot change again. Mark conflicting claims "
                "with nrg:conflictsWith, or model a reopening as a new link",
                node=after.iri,
                file=after.file,
            )
        elif before.status == after.status and not (before.disputed or after.disputed):
            yield Problem(
                f"repeats the status {after.status.value.lower()} already in force since <{before.iri}>; "
                "cite it on that change instead",
                node=after.iri,
                file=after.file,
                severity="warning",
            )
