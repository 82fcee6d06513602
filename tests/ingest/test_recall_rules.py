"""The rules that widen what ingestion finds: curated events named by the words of their
label, and the rules added with them. Every sentence here is made up."""

from __future__ import annotations

from dataclasses import replace

from nrgraph.fuzzydate import FuzzyDate
from nrgraph.ingest.document import Document
from nrgraph.ingest.known import Known, KnownEvent, naming_words
from nrgraph.ingest.mentions import Gazetteer
from nrgraph.ingest.proposals import Proposal, propose
from nrgraph.temporal.model import Change

NAMES = Gazetteer([
    ("id:nrc", "channel", "NATO-Russia Council"),
    ("id:russia", "actor", "Russia"),
    ("id:nato", "actor", "NATO"),
    ("id:oats", "agreement", "Treaty on Open Airspace Transit"),
    ("id:hotline", "channel", "Baltic Hotline"),
])
EVENTS = [
    KnownEvent("id:ev-riga", FuzzyDate.parse("2012-05-10"), "NATO summit in Riga", kind="summit"),
    KnownEvent("id:ev-tartu", FuzzyDate.parse("2012-09"), "NATO summit in Tartu", kind="summit"),
    KnownEvent("id:ev-drill", FuzzyDate.parse("2013"), "Exercise Amber Gull 2013", kind="event"),
    KnownEvent("id:ev-drill-2", FuzzyDate.parse("2013"), "Exercise Amber Crane 2013", kind="event"),
]


def _known(*changes: Change) -> Known:
    by_subject: dict[str, list[Change]] = {}
    for change in changes:
        by_subject.setdefault(change.subject, []).append(change)
    words = naming_words([e.label for e in EVENTS])
    events = [replace(e, words=w) for e, w in zip(EVENTS, words, strict=True)]
    return Known(NAMES, by_subject, events)


def _propose(text: str, date: str = "2014", *changes: Change) -> list[Proposal]:
    return propose(Document.from_text("a.txt", text, FuzzyDate.parse(date)), _known(*changes))


def test_a_curated_event_named_by_a_place_in_its_label_is_confirmed() -> None:
    (event,) = [p for p in _propose("Leaders gathered at the Riga summit in May 2012.") if p.kind == "event"]
    assert (event.relation, event.existing, event.event_kind) == ("confirms", ("id:ev-riga",), "summit")
    assert "'Riga'" in event.how


def test_a_named_event_needs_a_date_that_can_agree() -> None:
    assert not [p for p in _propose("Leaders remembered Riga in 2019.") if "curated event" in p.how]


def test_a_named_event_is_not_confirmed_when_two_events_tie() -> None:
    assert not [p for p in _propose("Ships trained in the exercise named Amber in 2013.") if "curated event" in p.how]
    (gull,) = [p for p in _propose("Ships trained in Amber Gull in 2013.") if "curated event" in p.how]
    assert gull.existing == ("id:ev-drill",)


def test_a_date_after_the_documents_is_a_plan_not_an_event() -> None:
    assert not [p for p in _propose("Leaders will meet in Riga next year.", "2012-01") if "curated event" in p.how]
