"""What the graph already holds, read once through the facade for a run of ingestion: the
names of its actors, channels and agreements, its status changes and its events.

Proposals are compared with it to say whether they **confirm** a curated fact, are **new**,
or **conflict** with one (a different status, or a different date, for the same subject and
time).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field, replace

from nrgraph.errors import InvalidDate
from nrgraph.fuzzydate import FuzzyDate
from nrgraph.ingest.mentions import Gazetteer, Mention
from nrgraph.ingest.naming import NAMED, found_in, found_score, naming_words
from nrgraph.knowledge_graph import KnowledgeGraph
from nrgraph.status import Status
from nrgraph.temporal.model import Change, Period

__all__ = ["Known", "KnownEvent", "Relation", "describe"]


def describe(change: Change) -> str:
    """A curated change in words, to show beside a proposal.

    >>> day = FuzzyDate.parse
    >>> describe(Change("id:sc", "id:cfe", Status.SUSPENDED, day("2007-12-12"), day("2007-07-14"), ("id/russia",)))
    'suspended for russia, effective 2007-12-12 (announced 2007-07-14)'
    """
    announced = f" (announced {change.announced})" if change.announced else ""
    parties = f" for {', '.join(p.rsplit('/', 1)[-1] for p in change.parties)}" if change.parties else ""
    return f"{change.status.value.lower()}{parties}, effective {change.effective}{announced}"


@dataclass(frozen=True)
class KnownEvent:
    """A curated event, with the actors and links it involves."""

    iri: str
    date: FuzzyDate
    label: str
    involves: frozenset[str] = frozenset()
    kind: str = "event"
    """Its class in lower case: ``meeting``, ``war``, ``event``..."""
    words: tuple[str, ...] = ()
    """The words of its label that name it (:mod:`nrgraph.ingest.naming`)."""


@dataclass(frozen=True)
class Relation:
    """How a proposal stands to the graph: ``confirms``, ``new`` or ``conflicts``, and with what."""

    kind: str
    existing: tuple[str, ...] = ()
    summary: str = ""
    status: Status | None = None
    """The graph's status, when the text's word ("closed") is a reporter's word for it."""


def overlaps(a: FuzzyDate, b: FuzzyDate) -> bool:
    """Whether two dates can mean the same day (``2008`` and ``2008-08`` can).

    >>> overlaps(FuzzyDate.parse("2008"), FuzzyDate.parse("2008-08"))
    True
    >>> overlaps(FuzzyDate.parse("2008-07"), FuzzyDate.parse("2008-08"))
    False
    """
    return a.earliest <= b.latest and b.earliest <= a.latest


@dataclass
class Known:
    """The graph's names, status changes (by subject) and events."""

    gazetteer: Gazetteer
    changes: dict[str, list[Change]] = field(default_factory=dict)
    events: list[KnownEvent] = field(default_factory=list)
    treaties: frozenset[str] = frozenset()
    links: list[tuple[str, str, tuple[str, ...]]] = field(default_factory=list)
    """Each channel and agreement as ``(iri, role, naming words)``, to find one a text describes;
    a word of an actor's name ("Norway", "Active" of "Operation Active Endeavour") is kept in
    lower case, so that it counts one, like a common word, not two like a proper name."""
    established: dict[str, str] = field(default_factory=dict)
    _actors: dict[str, list[Mention]] = field(default_factory=dict, repr=False, compare=False)
    """Each channel's establishing agreement or memorandum (not a political declaration)."""

    @classmethod
    def from_graph(cls, kg: KnowledgeGraph) -> Known:
        """Read the names and the events of ``kg`` (two queries) and its changes (the temporal model)."""
        rows = kg.select("ingest_names")
        names = [(r["s"].value, r["role"].value, r["name"].value) for r in rows]
        treaties = frozenset(r["s"].value for r in rows if r["treaty"].value == "true")
        changes: dict[str, list[Change]] = defaultdict(list)
        for change in kg.changes(Period.everything()):
            changes[change.subject].append(change)
        events = []
        for row in kg.select("ingest_events"):
            try:
                date = FuzzyDate.parse(row["date"].value)
            except InvalidDate:
                continue
            involves = frozenset(row["involves"].value.split()) if "involves" in row else frozenset()
            label = row["label"].value if "label" in row else row["event"].value
            kind = row["kind"].value if "kind" in row else "event"
            events.append(KnownEvent(row["event"].value, date, label, involves, kind))
        words = naming_words([[e.label] for e in events])
        events = [replace(e, words=w) for e, w in zip(events, words, strict=True)]
        grouped: dict[tuple[str, str], list[str]] = defaultdict(list)
        for iri, role, name in names:
            if role != "actor":
                grouped[(iri, role)].append(name)
        actors = {w.lower() for _, role, name in names if role == "actor" for w in name.split()}
        links = [
            (iri, role, tuple(x.lower() if re.sub(r"['’]s?$", "", x.lower()) in actors else x for x in w))
            for (iri, role), w in zip(grouped, naming_words(list(grouped.values())), strict=True)
        ]
        established = {r["channel"].value: r["agreement"].value for r in kg.select("ingest_established")}
        return cls(Gazetteer(names), dict(changes), events, treaties, links, established)

    def relate_change(self, subject: str, status: Status, effective: FuzzyDate) -> Relation:
        """Confirms (same status, dates that can agree), conflicts, or new.

        A conflict is a curated change of the same subject whose date can agree but whose
        status differs in kind (active against suspended or closed), or one with the same
        status dated differently within a year.
        """
        known = self.changes.get(subject, [])
        same = [c for c in known if c.status is status and _agrees(c, effective)]
        if same:
            return Relation("confirms", tuple(c.iri for c in same), "; ".join(describe(c) for c in same))
        if status is Status.CLOSED:  # a reporter's "closed" for the actor's suspended, terminated, withdrawn
            ended = [c for c in known if _agrees(c, effective) and not c.status.is_active and
                     c.status is not Status.PROPOSED]
            if ended:
                summary = "; ".join(describe(c) for c in ended)
                return Relation("confirms", tuple(c.iri for c in ended), summary, ended[0].status)
        clashing = [c for c in known if _agrees(c, effective) and c.status.top is not status.top]
        clashing += [
            c for c in known
            if c.status is status and abs((c.effective.earliest - effective.earliest).days) <= 366
        ]
        if clashing:
            return Relation("conflicts", tuple(c.iri for c in clashing), "; ".join(describe(c) for c in clashing))
        return Relation("new")

    def change_within(self, subject: str, status: Status, since: FuzzyDate, until: FuzzyDate) -> Change | None:
        """The one curated change of ``subject`` to ``status`` that can fall between ``since``
        and ``until`` (what a vague "recently" may mean), or None if none or several."""
        found = [c for c in self.changes.get(subject, []) if c.status is status and _within(c.effective, since, until)]
        return found[0] if len(found) == 1 else None

    def relate_held_before(self, subject: str, date: FuzzyDate) -> Relation:
        """Evidence that a link held at some time before ``date``: it confirms the change of
        the whole link that opened the last period in force before then."""
        opened = [c for c in self.changes.get(subject, [])
                  if not c.parties and c.status.is_active and c.effective.earliest <= date.latest]
        if not opened:
            return Relation("new")
        opening = max(opened, key=lambda c: (c.effective.earliest, c.iri))
        return Relation("confirms", (opening.iri,), describe(opening))

    def relate_in_force(self, subject: str, date: FuzzyDate) -> Relation:
        """Evidence that a link still held on ``date``: it confirms the change of the whole
        link that opened the period in force then (the data cites such evidence there), or
        conflicts with a change that had ended or suspended it."""
        before = [c for c in self.changes.get(subject, []) if not c.parties and c.effective.earliest <= date.latest]
        if not before:
            return Relation("new")
        opening = max(before, key=lambda c: (c.effective.earliest, c.iri))
        kind = "confirms" if opening.status.is_active else "conflicts"
        return Relation(kind, (opening.iri,), describe(opening))

    def link_described(self, text: str) -> Mention | None:
        """The one channel or agreement ``text`` describes by the words of its names ("the
        purchase of Israeli UAVs" for "Russian purchase of 36 Israeli UAVs (2010)"), as a mention
        from the first of those words to the last; None if none, or two tie."""
        found = self.links_described(text)
        return found[0] if len(found) == 1 else None

    def links_described(self, text: str, role: str | None = None) -> list[Mention]:
        """The channels and agreements ``text`` describes best, all of them when they tie; the
        words of an actor's name the text names ("the United States") alone describe none;
        ``role`` keeps only channels or only agreements."""
        if text not in self._actors:
            self._actors = {text: [m for m in self.gazetteer.find(text) if m.role == "actor"]}  # the last sentence
        actors = self._actors[text]

        def own(word: str, start: int, end: int) -> bool:  # not a word of an actor the text names
            return not any((m.start <= start and end <= m.end) or word.lower() in m.text.lower() for m in actors)

        scored = [
            (found_score(words, text) if any(own(*found) for found in found_in(words, text)) else 0, iri, kind, words)
            for iri, kind, words in self.links if words and role in (None, kind)
        ]
        top = max((score for score, *_ in scored), default=0)
        if top < NAMED:
            return []
        mentions = []
        for score, iri, kind, words in scored:
            if score == top:
                found = found_in(words, text)
                start, end = min(a for _, a, _ in found), max(b for _, _, b in found)
                name = "described by " + ", ".join(w for w, _, _ in found)
                mentions.append(Mention(start, end, text[start:end], iri, kind, name, words))
        return mentions

    def events_named(
        self, text: str, date: FuzzyDate | None, *, since: FuzzyDate | None = None, until: FuzzyDate | None = None,
        least: int = NAMED,
    ) -> list[tuple[KnownEvent, tuple[str, ...]]]:
        """The curated event ``text`` names by the words of its label (:mod:`nrgraph.ingest.naming`),
        on a date that can agree with ``date``, with those words ("the Wales summit" in 2014
        names the NATO summit in Wales of 4 September 2014). Of two events named by the same
        words of the text, neither when they tie, and only the one named more strongly
        otherwise; two events named by different words ("the Riga summit and the Baltic
        exercise") are both named. Without a date, any event not before ``since`` nor after
        ``until`` may be named, by a score of at least ``least``, not counting the numbers and
        years of its label (they only rank events the words name)."""
        scored = []
        for event in self.events:
            agrees = overlaps(event.date, date) if date is not None else _within(event.date, since, until)
            if not event.words or not agrees:
                continue
            found = found_in(event.words, text)
            score = found_score(event.words, text)
            if score - sum(1 for w, _, _ in found if w.isdigit()) >= least:  # the date already agrees: not its digits
                scored.append((score, {(a, b) for _, a, b in found}, event, tuple(w for w, _, _ in found)))
        return [
            (event, words) for score, spans, event, words in scored
            if not any(other is not event and other_score >= score and spans & other_spans
                       for other_score, other_spans, other, _ in scored)
        ]

    def relate_event(self, date: FuzzyDate, involves: set[str], word: str, kind: str = "event") -> Relation:
        """Confirms an event on the same date that shares an actor or a link, one of the same
        kind ("meeting" for a summit, a meeting, a call or a visit) whose date can agree and
        that shares an actor or a link, or one whose date can agree and whose label has the
        event word ("summit", "attacks")."""
        stem = word.lower()[:5]
        kinds = _MEETINGS if kind in _MEETINGS else {kind}
        same = [
            e for e in self.events
            if overlaps(e.date, date) and (
                (e.date == date and involves & e.involves) or stem in e.label.lower()
                or (e.kind in kinds and kind != "event" and involves & e.involves)
            )
        ]
        shared = [e for e in same if involves & e.involves]
        same = shared or same  # of several, those that share an actor or a link
        if same:
            return Relation("confirms", tuple(e.iri for e in same), "; ".join(f"{e.label}, {e.date}" for e in same))
        return Relation("new")


_MEETINGS = frozenset({"meeting", "summit"})


def _within(date: FuzzyDate, since: FuzzyDate | None, until: FuzzyDate | None) -> bool:
    """Whether ``date`` can fall between ``since`` and ``until`` (either open)."""
    return (since is None or date.latest >= since.earliest) and (until is None or date.earliest <= until.latest)


def _agrees(change: Change, date: FuzzyDate) -> bool:
    return overlaps(change.effective, date) or (change.announced is not None and overlaps(change.announced, date))
