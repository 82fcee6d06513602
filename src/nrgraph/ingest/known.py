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
from nrgraph.ingest.mentions import Gazetteer
from nrgraph.knowledge_graph import KnowledgeGraph
from nrgraph.status import Status
from nrgraph.temporal.model import Change, Period

__all__ = ["Known", "KnownEvent", "Relation", "describe", "naming_words"]


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
    """The words of its label that name it: see :func:`naming_words`."""

    def named_in(self, text: str) -> tuple[str, ...]:
        """Its naming words that ``text`` holds ("Wales", "annexation"): a proper name as
        written, another word by its first six letters ("annexed" for "annexation")."""
        found = []
        for word in self.words:
            proper = word[0].isupper()
            stem = word if proper else word[:6]
            if re.search(rf"(?<![\w-]){re.escape(stem)}", text, 0 if proper else re.IGNORECASE):
                found.append(word)
        return tuple(found)


_COMMON_WORDS = frozenset({"with", "from", "into", "near", "over", "after", "their", "first", "second", "between"})


def naming_words(labels: list[str], most: int = 3) -> list[tuple[str, ...]]:
    """For each label, its words that name that event among all of them: words of four
    letters or more found in at most ``most`` labels ("Wales", "Monarch", "annexation", not
    "NATO", "meeting" or "signed"), proper names first.

    >>> naming_words(["NATO summit in Wales", "NATO summit in Riga", "NATO meeting"], most=1)
    [('Wales',), ('Riga',), ('meeting',)]
    """
    split = [[w for w in re.findall(r"[A-Za-z][\w'-]*[A-Za-z]", label) if len(w) >= 4] for label in labels]
    seen: dict[str, int] = defaultdict(int)
    for words in split:
        for word in {w.lower() for w in words}:
            seen[word] += 1
    named = []
    for words in split:
        keep = [w for w in dict.fromkeys(words) if seen[w.lower()] <= most and w.lower() not in _COMMON_WORDS]
        named.append(tuple(sorted(keep, key=lambda w: not w[0].isupper())))
    return named


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
        words = naming_words([e.label for e in events])
        events = [replace(e, words=w) for e, w in zip(events, words, strict=True)]
        return cls(Gazetteer(names), dict(changes), events, treaties)

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

    def events_named(self, text: str, date: FuzzyDate) -> list[tuple[KnownEvent, tuple[str, ...]]]:
        """The curated event ``text`` names by the words of its label, on a date that can
        agree with ``date``, with those words ("the Wales summit" in 2014 names the NATO summit
        in Wales of 4 September 2014). A proper name counts two, another word one; it takes
        two. Empty when two events tie: the text does not say which.
        """
        scored = []
        for event in self.events:
            if overlaps(event.date, date):
                words = event.named_in(text)
                score = sum(2 if w[0].isupper() else 1 for w in words)
                if score >= 2:
                    scored.append((score, event, words))
        if not scored:
            return []
        best = max(score for score, _, _ in scored)
        top = [(event, words) for score, event, words in scored if score == best]
        return top if len(top) == 1 else []

    def relate_event(self, date: FuzzyDate, involves: set[str], word: str) -> Relation:
        """Confirms an event on the same date that shares an actor or a link, or whose
        date can agree and whose label has the event word ("summit", "attacks")."""
        stem = word.lower()[:5]
        same = [
            e for e in self.events
            if overlaps(e.date, date) and (
                (e.date == date and involves & e.involves) or stem in e.label.lower()
            )
        ]
        shared = [e for e in same if involves & e.involves]
        same = shared or same  # of several, those that share an actor or a link
        if same:
            return Relation("confirms", tuple(e.iri for e in same), "; ".join(f"{e.label}, {e.date}" for e in same))
        return Relation("new")


def _agrees(change: Change, date: FuzzyDate) -> bool:
    return overlaps(change.effective, date) or (change.announced is not None and overlaps(change.announced, date))
