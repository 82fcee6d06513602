"""The rules added to reach issue #20's recall target: inflection and spelling in naming words,
noun cues, references, dates carried from the paragraph or the document, vague dates, the
agreement behind a channel, present activity, suggestions. Every sentence here is made up."""

from __future__ import annotations

from dataclasses import replace

from nrgraph.fuzzydate import FuzzyDate
from nrgraph.ingest.cues import IN_FORCE, find_cues, is_suggestion
from nrgraph.ingest.dates import find_dates
from nrgraph.ingest.document import Document
from nrgraph.ingest.known import Known, KnownEvent
from nrgraph.ingest.mentions import Gazetteer
from nrgraph.ingest.naming import found_in, naming_words
from nrgraph.ingest.proposals import Proposal, propose
from nrgraph.status import Status
from nrgraph.temporal.model import Change

ACTORS = [("id:russia", "actor", "Russia"), ("id:nato", "actor", "NATO"), ("id:norland", "actor", "Norland"),
          ("id:us", "actor", "United States"), ("id:shape", "actor", "SHAPE")]
LINKS = [
    ("id:hotline", "channel", "Baltic Hotline"),
    ("id:liaison", "channel", "Military liaison office at SHAPE"),
    ("id:pjc", "channel", "NATO-Russia Joint Harbour Council"),
    ("id:boundary", "agreement", "Russia-Norland maritime boundary treaty (2010)"),
    ("id:embassy", "channel", "Embassy of the United States in Kestrelgrad"),
    ("id:drones-2009", "agreement", "Purchase of Kestrel drones (2009)"),
    ("id:drones-2010", "agreement", "Purchase of Kestrel drones (2010)"),
]
EVENTS = [KnownEvent(iri, FuzzyDate.parse(date), label, kind=kind) for iri, date, label, kind in (
    ("id:ev-riga", "2012-05-10", "NATO summit in Riga", "summit"),
    ("id:ev-tartu", "2012-09", "NATO summit in Tartu", "summit"),
    ("id:ev-speech", "2012-09-03", "Kerensky's speech in Narva", "event"),
    ("id:ev-forum", "2012-05", "Harbour forum of Lindqvist and Moravec", "meeting"),
    ("id:ev-cuts", "2011-02-01", "Ambassador Orlov reports staff cuts at the embassy", "event"),
    ("id:ev-regatta", "2010", "Exercise Grey Regatta (2010)", "event"),
)]


def _known(*changes: Change, established: dict[str, str] | None = None) -> Known:
    by_subject: dict[str, list[Change]] = {}
    for change in changes:
        by_subject.setdefault(change.subject, []).append(change)
    events = [replace(e, words=w) for e, w in zip(EVENTS, naming_words([[e.label] for e in EVENTS]), strict=True)]
    known = Known(Gazetteer(ACTORS + LINKS), by_subject, events, established=established or {})
    actors = {w.lower() for _, _, name in ACTORS for w in name.split()}
    words = naming_words([[name] for _, _, name in LINKS])
    known.links = [(iri, role, tuple(x.lower() if x.lower() in actors else x for x in w))
                   for (iri, role, _), w in zip(LINKS, words, strict=True)]
    return known


def _propose(text: str, date: str = "2012", *changes: Change, known: Known | None = None) -> list[Proposal]:
    return propose(Document.from_text("a.txt", text, FuzzyDate.parse(date)), known or _known(*changes))


def _changes(proposals: list[Proposal]) -> list[tuple[str | None, str | None, str | None]]:
    return [(p.subject, p.status, p.effective) for p in proposals if p.kind == "statusChange"]


def _events(proposals: list[Proposal]) -> list[tuple[str, ...]]:
    return [p.existing for p in proposals if p.kind == "event" and p.relation == "confirms"]


def _change(subject: str, status: Status, date: str) -> Change:
    return Change(f"id:sc-{subject}-{date}", f"id:{subject}", status, FuzzyDate.parse(date), None, ())


def test_a_possessive_in_an_event_label_names_by_the_bare_name() -> None:
    assert ("id:ev-speech",) in _events(_propose("President Kerensky spoke in Narva (3 September 2012)."))


def test_a_lowercase_naming_word_matches_in_british_or_american_spelling() -> None:
    assert [w for w, _, _ in found_in(["theatre", "defence", "centre"], "a theater defense center")] == [
        "theatre", "defence", "centre"]


def test_an_invitation_to_take_part_proposes() -> None:
    assert [c.status for c in find_cues("the allies invited Moscow to participate in the shield")] == [Status.PROPOSED]


def test_a_lowercase_naming_word_matches_its_stem_inflected_but_not_another_word() -> None:
    assert [w for w, _, _ in found_in(["training"], "to train pilots")] == ["training"]
    assert not found_in(["training"], "the trainees")


def test_a_status_noun_needs_no_of_right_after_it() -> None:
    assert [(c.text, c.status) for c in find_cues("the establishment in 2002 of the office")] == [
        ("establishment", Status.ACTIVE)]
    assert [c.status for c in find_cues("its suspension in 2008")] == [Status.SUSPENDED]


def test_a_word_of_an_actors_name_counts_one_in_a_description() -> None:
    text = "In 2010 a long-awaited maritime border treaty with Norland was signed."
    assert _changes(_propose(text, "2011")) == [("id:boundary", "Active", "2010")]


def test_the_words_of_an_actor_the_sentence_names_alone_describe_no_link() -> None:
    assert not _changes(_propose("In 2012 troops from the United States were withdrawn from the region."))


def test_a_named_event_without_a_date_in_its_sentence_takes_the_paragraph_date() -> None:
    assert ("id:ev-riga",) in _events(_propose("Much happened in May 2012. Leaders came to the Riga summit."))


def test_a_date_carried_from_elsewhere_needs_a_stronger_naming() -> None:
    assert not _events(_propose("Much happened in May 2012. Leaders came to Riga."))


def test_a_named_event_with_no_date_in_the_paragraph_takes_the_documents_date() -> None:
    assert ("id:ev-riga",) in _events(_propose("Leaders came to the Riga summit.", "2012-05"))


def test_two_events_named_by_different_words_are_both_named() -> None:
    events = _events(_propose("In May 2012 the Riga summit followed the forum of Lindqvist and Moravec."))
    assert ("id:ev-riga",) in events
    assert ("id:ev-forum",) in events


def test_an_event_strongly_named_in_two_places_is_confirmed_on_its_own_date() -> None:
    (event,) = [p for p in _propose("Ambassador Orlov said that staff at his embassy fell.", "2014")
                if p.kind == "event"]
    assert (event.existing, event.effective, event.confidence) == (("id:ev-cuts",), "2011-02-01", 0.35)
    assert "the event's own date" in event.how


def test_an_event_word_pairs_with_the_sentences_only_date_when_farther() -> None:
    text = "A meeting of the harbour council's many ministers and their deputies is set in June."
    (event,) = [p for p in _propose(text, "2012") if p.kind == "event"]
    assert (event.event_kind, event.effective) == ("meeting", "2012-06")
    assert "the sentence's only date" in event.how


def test_a_name_spelled_out_before_its_acronym_is_read_as_the_acronym() -> None:
    text = "In 2021 the military liaison office at the Supreme Headquarters Allied Powers Europe (SHAPE) was closed."
    assert _changes(_propose(text, "2022")) == [("id:liaison", "Closed", "2021")]


def test_a_name_without_the_parties_before_it_is_still_the_name() -> None:
    assert _changes(_propose("The Joint Harbour Council was suspended in 2008.")) == [("id:pjc", "Suspended", "2008")]


def test_a_reference_back_may_take_a_demonym_or_a_possessive() -> None:
    text = "Russian ships long used the Baltic Hotline. Russian participation was suspended in 2008."
    assert _changes(_propose(text)) == [("id:hotline", "Suspended", "2008")]


def test_an_indefinite_reference_refers_back_when_a_year_picks_the_link() -> None:
    text = "Russia concluded several purchases of Kestrel drones. An initial deal was signed in 2009."
    assert _changes(_propose(text, "2011")) == [("id:drones-2009", "Active", "2009")]
    assert not _changes(_propose("The Baltic Hotline was busy. A new line was cut off in 2013."))


def test_a_channel_suspended_suspends_the_agreement_that_established_it() -> None:
    known = _known(established={"id:hotline": "id:hotline-letters"})
    proposals = _propose("The Baltic Hotline was suspended in 2008.", known=known)
    assert _changes(proposals) == [("id:hotline", "Suspended", "2008"), ("id:hotline-letters", "Suspended", "2008")]
    assert "nrg:establishedBy" in proposals[-1].how
    assert proposals[-1].confidence == 0.3


def test_present_activity_is_evidence_that_a_link_holds() -> None:
    assert IN_FORCE.search("the navies cooperate closely")
    assert not IN_FORCE.search("invited to participate in")
    proposals = _propose("The two navies work closely with the Baltic Hotline.", "2012",
                         _change("hotline", Status.ACTIVE, "2010"))
    assert [(p.relation, p.existing) for p in proposals] == [("confirms", ("id:sc-hotline-2010",))]


def test_more_than_a_number_is_not_a_year() -> None:
    assert [d.text for d in find_dates("more than 2000 officers, in 2002")] == ["2002"]


def test_recently_may_mean_one_of_the_three_years_before_the_document() -> None:
    (date,) = find_dates("the recent regatta", FuzzyDate.parse("2012"))
    assert (str(date.date), str(date.since)) == ("2012", "2009")
    assert ("id:ev-regatta",) in _events(_propose("Ships sailed in the recent Grey Regatta exercise.", "2012"))
    text = "Recently the Baltic Hotline was suspended."
    assert _changes(_propose(text, "2012", _change("hotline", Status.SUSPENDED, "2010"))) == [
        ("id:hotline", "Suspended", "2010")]


def test_a_suggested_reopening_is_dormant_and_a_suggested_opening_proposed() -> None:
    assert is_suggestion("Experts suggested the reopening of the office.", 24)
    text = "Experts suggested the re-establishment of the Baltic Hotline."
    assert _changes(_propose(text, "2021-06", _change("hotline", Status.ACTIVE, "2004"))) == [
        ("id:hotline", "Dormant", "2021-06")]
    assert _changes(_propose("Experts suggested the establishment of the Baltic Hotline.", "2021-06")) == [
        ("id:hotline", "Proposed", "2021-06")]


def test_a_change_confirmed_also_confirms_the_curated_event_about_it_that_day() -> None:
    known = _known(_change("boundary", Status.PROPOSED, "2010-04-08"))
    known.events = [KnownEvent("id:ev-signing", FuzzyDate.parse("2010-04-08"), "Signing in Tromsø",
                               frozenset({"id:boundary"}), "summit")]
    known.treaties = frozenset({"id:boundary"})  # signed, not yet in force
    proposals = _propose("In 2010 the Russia-Norland maritime boundary treaty was signed.", known=known)
    assert sorted((p.kind, p.existing) for p in proposals) == [
        ("event", ("id:ev-signing",)), ("statusChange", ("id:sc-boundary-2010-04-08",))]


def test_the_last_few_years_count_back_to_the_year_they_began() -> None:
    (date,) = find_dates("within the last four years", FuzzyDate.parse("2022-01-26"))
    assert str(date.date) == "2018"


def test_a_note_marker_resolves_relative_dates_against_the_cited_sources_date() -> None:
    text = ("Over the last four years the Baltic Hotline was reduced by half.¹\n"
            "1. A. Writer, 'Cuts', The Daily, January 26, 2019.\n")
    (change,) = [p for p in _propose(text, "2023") if p.kind == "statusChange"]
    assert (change.subject, change.status, change.effective) == ("id:hotline", "Restricted", "2015")
    assert "the date of the source in note 1" in str(change.note)


def test_a_named_meeting_held_in_a_channel_is_evidence_the_channel_held() -> None:
    known = _known(_change("hotline", Status.ACTIVE, "2010"))
    held = frozenset({"id:hotline"})
    known.events = [replace(e, involves=held) if e.iri == "id:ev-riga" else e for e in known.events]
    proposals = _propose("Leaders came to the Riga summit in May 2012.", known=known)
    assert _changes(proposals) == [("id:hotline", "Active", "2012-05-10")]
    assert [p.existing for p in proposals if p.kind == "statusChange"] == [("id:sc-hotline-2010",)]
    assert not _changes(_propose("Leaders came to the Riga summit in May 2012.", known=replace(known, changes={})))


def test_past_activity_is_evidence_for_the_last_period_the_link_held_before() -> None:
    changes = (_change("hotline", Status.ACTIVE, "2006"), _change("hotline", Status.SUSPENDED, "2008"))
    proposals = _propose("Russian ships have repeatedly participated in the Baltic Hotline.", "2014", *changes)
    assert [(p.relation, p.existing, p.effective) for p in proposals] == [
        ("confirms", ("id:sc-hotline-2006",), "2006")]


def test_a_link_held_only_as_an_idea_and_suggested_again_is_proposed() -> None:
    idea = _change("hotline", Status.PROPOSED, "2019")
    proposals = _propose("A Baltic Hotline could help the two navies.", "2019", idea)
    assert [(p.subject, p.status, p.relation) for p in proposals] == [("id:hotline", "Proposed", "confirms")]
    held = _change("hotline", Status.ACTIVE, "2004")
    assert not _propose("A Baltic Hotline could help the two navies.", "2019", held)


def test_a_sentence_opening_with_since_and_a_date_puts_the_link_in_force_from_then() -> None:
    assert _changes(_propose("Since 2008, the navies have kept the Baltic Hotline busy.", "2014")) == [
        ("id:hotline", "Active", "2008")]
    assert not _changes(_propose("The navies have kept the Baltic Hotline busy since 2008.", "2014"))


def test_an_agreement_for_a_term_expires_when_the_term_ends() -> None:
    text = "In October 2010 Norland and Russia agreed to a three-year maritime boundary treaty."
    assert _changes(_propose(text, "2014")) == [("id:boundary", "Active", "2010-10"),
                                                ("id:boundary", "Expired", "2013-10")]


def test_a_name_without_office_before_a_place_is_still_the_name() -> None:
    text = "In 2021 the military liaison at SHAPE was closed."
    assert _changes(_propose(text, "2022")) == [("id:liaison", "Closed", "2021")]


def test_the_year_of_an_event_label_does_not_name_it_on_its_own() -> None:
    known = _known()
    known.events = [replace(e, words=("crisis", "2014")) for e in [
        KnownEvent("id:ev-crisis", FuzzyDate.parse("2014-03"), "Council meeting on the harbour crisis (2014)")]]
    assert not _events(_propose("Crisis tools like the 2014 memorandum help.", "2015", known=known))


def test_an_event_word_far_from_the_sentences_only_date_makes_no_event() -> None:
    text = ("The war-style rules were long kept by the navies, the air forces and the coast guards of many states "
            "around the seas of the north, and they were written down in 2015.")
    assert not [p for p in _propose(text, "2016") if p.kind == "event"]


def test_issued_is_a_cue_for_the_agreement_the_sentence_describes_not_for_a_channel() -> None:
    known = _known()
    words = naming_words([["Harbour Joint Statement, Tallinn (2010)"], ["Baltic Hotline"]])
    known.links = [("id:statement", "agreement", words[0]), ("id:hotline", "channel", words[1])]
    text = "At the Baltic Hotline's session in Tallinn in May 2010 the sides issued a statement."
    assert _changes(_propose(text, "2011", known=known)) == [("id:statement", "Active", "2010-05")]
