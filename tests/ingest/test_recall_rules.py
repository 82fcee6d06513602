"""The rules that widen what ingestion finds: curated events named by the words of their
label, and the rules added with them. Every sentence here is made up."""

from __future__ import annotations

from dataclasses import replace

import pytest

from nrgraph.fuzzydate import FuzzyDate
from nrgraph.ingest.cues import find_cues, find_event_cues
from nrgraph.ingest.dates import find_dates
from nrgraph.ingest.document import Document
from nrgraph.ingest.known import Known, KnownEvent
from nrgraph.ingest.mentions import Gazetteer
from nrgraph.ingest.naming import naming_words
from nrgraph.ingest.proposals import Proposal, propose
from nrgraph.status import Status
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
    words = naming_words([[e.label] for e in EVENTS])
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


def _known_links(*changes: Change) -> Known:
    known = _known(*changes)
    groups = [
        ["Treaty on Open Airspace Transit"], ["Baltic Hotline"], ["Purchase of Kestrel drones from Norland (2010)"],
        ["Purchase of Kestrel drones from Norland (2012)"], ["Lease of Heron-7 tankers"],
    ]
    iris = ["id:oats", "id:hotline", "id:kestrel-2010", "id:kestrel-2012", "id:heron"]
    known.links = [(iri, "agreement", words) for iri, words in zip(iris, naming_words(groups), strict=True)]
    return known


def test_a_link_described_by_the_words_of_its_label_takes_a_status_cue() -> None:
    doc = Document.from_text("a.txt", "In 2015 the navy leased Heron-7 tankers.", FuzzyDate.parse("2016"))
    assert not [p for p in propose(doc, _known_links()) if p.kind == "statusChange"]
    doc = Document.from_text("a.txt", "In 2015 the navy purchased Heron-7 tankers.", FuzzyDate.parse("2016"))
    (change,) = [p for p in propose(doc, _known_links()) if p.kind == "statusChange"]
    assert (change.subject, change.status, change.effective) == ("id:heron", "Active", "2015")
    assert "described by Heron-7" in change.how


def test_a_description_that_fits_two_links_equally_names_neither() -> None:
    doc = Document.from_text("a.txt", "In 2011 Russia bought Kestrel drones from Norland.", FuzzyDate.parse("2016"))
    assert not [p for p in propose(doc, _known_links()) if p.kind == "statusChange"]


@pytest.mark.parametrize(("text", "status"), [
    ("the two sides are negotiating", Status.PROPOSED),
    ("the deal has not yet been signed", Status.PROPOSED),
    ("Moscow bought the ships", Status.ACTIVE),
    ("the consulate reopened", Status.ACTIVE),
    ("Russia signed up to the code", Status.ACTIVE),
    ("the talks were broken off", Status.SUSPENDED),
    ("contacts were cut off", Status.SUSPENDED),
    ("the allies freezes nothing; they halted the drills", Status.SUSPENDED),
    ("the contract was cancelled", Status.TERMINATED),
    ("the licence ran out", Status.EXPIRED),
])
def test_status_cues_in_more_inflections_and_synonyms(text: str, status: Status) -> None:
    assert find_cues(text)[-1].status is status


def test_a_cue_sentence_that_refers_back_takes_the_link_of_the_sentence_before() -> None:
    text = "The Baltic Hotline was busy for years. It was suspended in March 2013. Then it rained in 2014."
    changes = [p for p in _propose(text) if p.kind == "statusChange"]
    assert [(p.subject, p.status, p.effective) for p in changes] == [("id:hotline", "Suspended", "2013-03")]
    assert "referring back to 'Baltic Hotline'" in changes[0].how


def test_a_reference_back_reaches_only_the_sentence_before() -> None:
    text = "The Baltic Hotline was busy. Ships sailed. It was suspended in March 2013."
    assert not [p for p in _propose(text) if p.kind == "statusChange"]


def test_a_negated_cue_proposes_nothing() -> None:
    assert not find_cues("Russia has never joined the programme and has not signed it.")
    assert not [p for p in _propose("In 2012 Russia did not suspend the Baltic Hotline.") if p.kind == "statusChange"]


def test_british_and_american_spellings_describe_the_same_link() -> None:
    known = _known()
    words = naming_words([["Operation Active Endeavour patrols"], ["Defence Centre of Excellence"]])
    known.links = [("id:oae", "channel", words[0]), ("id:coe", "channel", words[1])]
    doc = Document.from_text("a.txt", "In 2008 Russia halted the Endeavor patrols.", FuzzyDate.parse("2011"))
    (change,) = [p for p in propose(doc, known) if p.kind == "statusChange"]
    assert (change.subject, change.status) == ("id:oae", "Suspended")


def test_the_year_of_a_label_tells_two_described_links_apart() -> None:
    doc = Document.from_text("a.txt", "In May 2012 Russia bought Kestrel drones from Norland.", FuzzyDate.parse("2016"))
    (change,) = [p for p in propose(doc, _known_links()) if p.kind == "statusChange"]
    assert (change.subject, change.effective) == ("id:kestrel-2012", "2012-05")


def test_agreed_to_a_deal_is_an_active_cue() -> None:
    assert [c.status for c in find_cues("the sides agreed to a deal")] == [Status.ACTIVE]


def test_calls_visits_and_talks_are_meetings() -> None:
    text = "After a phone call and talks, he visited Riga; NATO calls for calm."
    kinds = [c.event_kind for c in find_event_cues(text)]
    assert kinds == ["meeting", "meeting", "meeting"]


def test_a_meeting_confirms_a_curated_summit_of_the_same_actors_in_the_same_month() -> None:
    known = _known()
    known.events = [KnownEvent("id:ev-s", FuzzyDate.parse("2012-05-10"), "Leaders' gathering", frozenset({"id:russia"}),
                               kind="summit")]
    doc = Document.from_text("a.txt", "Russia held talks in May 2012.", FuzzyDate.parse("2013"))
    (event,) = [p for p in propose(doc, known) if p.kind == "event"]
    assert (event.relation, event.existing) == ("confirms", ("id:ev-s",))


def test_a_period_names_when_a_link_came_into_force_and_when_it_expired() -> None:
    text = "The Treaty on Open Airspace Transit applied from 2003 to 2008."
    changes = [(p.status, p.effective) for p in _propose(text) if p.kind == "statusChange"]
    assert changes == [("Active", "2003"), ("Expired", "2008")]
    assert not [p for p in _propose("The Treaty on Open Airspace Transit: 2003, 2008.") if "period" in p.how]


def test_a_definite_reference_back_may_carry_modifiers_but_an_indefinite_one_does_not_refer() -> None:
    first = "The Baltic Hotline was busy for years."
    (change,) = [p for p in _propose(first + " The old military line was cut off in 2013.") if p.kind == "statusChange"]
    assert change.subject == "id:hotline"
    assert not [p for p in _propose(first + " A new line was cut off in 2013.") if p.kind == "statusChange"]
    assert not [p for p in _propose(first + " The NATO line was cut off in 2013.") if p.kind == "statusChange"]


def test_a_year_picks_one_of_two_links_the_sentence_before_described_equally() -> None:
    text = "Russia wanted Kestrel drones from Norland. The deal was signed in 2012."
    doc = Document.from_text("a.txt", text, FuzzyDate.parse("2016"))
    (change,) = [p for p in propose(doc, _known_links()) if p.kind == "statusChange"]
    assert (change.subject, change.effective) == ("id:kestrel-2012", "2012")


@pytest.mark.parametrize(("text", "found"), [
    ("the recent summit", ["2012"]),
    ("Russia recently froze it", ["2012"]),
    ("earlier this year", ["2012"]),
    ("in recent years", []),
])
def test_recent_is_read_as_the_documents_year(text: str, found: list[str]) -> None:
    assert [str(d.date) for d in find_dates(text, FuzzyDate.parse("2012-06-03"))] == found


def test_a_recent_agreement_is_not_named_with_a_year() -> None:
    text = "The recent Treaty on Open Airspace Transit pleased everyone."
    assert not [p for p in _propose(text, "2012") if p.kind == "statusChange"]
