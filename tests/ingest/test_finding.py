"""What a sentence names (mentions, tolerant of case and inflection), what changed (status
cues, announced or effective) and what a curator is told about it."""

from __future__ import annotations

import pytest

from nrgraph.fuzzydate import FuzzyDate
from nrgraph.ingest.cues import find_cues, find_event_cues
from nrgraph.ingest.document import Document
from nrgraph.ingest.known import Known
from nrgraph.ingest.mentions import Gazetteer, candidate_names
from nrgraph.ingest.proposals import propose, quote
from nrgraph.status import Status
from nrgraph.temporal.model import Change

NAMES = Gazetteer([
    ("id:nrc", "channel", "NATO-Russia Council"),
    ("id:nrc", "channel", "NRC"),
    ("id:us", "actor", "US"),
    ("id:russia", "actor", "Russia"),
    ("id:nmlm", "channel", "NATO Military Liaison Mission Moscow"),
    ("id:embassy", "channel", "Embassy of Russia in Washington"),
    ("id:incsea", "agreement", "INCSEA"),
    ("id:syria-mou", "agreement", "US-Russia Memorandum on Prevention of Flight Safety Incidents in Syria (2015)"),
])


@pytest.mark.parametrize(("text", "found"), [
    ("the NATO–Russia Council met", ["id:nrc"]),
    ("the nato-russia council met", ["id:nrc"]),
    ("the NATO Russia Council's meeting", ["id:nrc"]),
    ("the NRC's work", ["id:nrc"]),
    ("Russia's mission", ["id:russia"]),
    ("two INCSEAs were signed", ["id:incsea"]),
    ("the U.S. said", ["id:us"]),
    ("let us meet", []),
    ("the NATO military liaison mission in Moscow closed", ["id:nmlm"]),
    ("staff of the Russian Embassy in Washington", ["id:embassy"]),
    ("the U.S.-Russia MoU on Prevention of Flight Safety Incidents in Syria was signed", ["id:syria-mou"]),
    ("The NATO-Russia Council met; later the Council was frozen.", ["id:nrc", "id:nrc"]),
])
def test_mentions_tolerate_case_dashes_possessives_plurals_and_references_back(text: str, found: list[str]) -> None:
    assert [m.iri for m in NAMES.find(text)] == found


def test_the_council_refers_back_only_after_the_full_name() -> None:
    assert NAMES.find("The Council met before the NATO-Russia Council did.")[0].text == "NATO-Russia Council"


def test_unknown_names_near_cues_become_candidates() -> None:
    text = "Both sides signed the Baltic Air Safety Agreement and the Riga Contact Group was set up."
    names = [(name, role) for _start, _end, name, role in candidate_names(text, NAMES.find(text))]
    assert names == [("Baltic Air Safety Agreement", "agreement"), ("Riga Contact Group", "channel")]


@pytest.mark.parametrize(("text", "status"), [
    ("the treaty entered into force", Status.ACTIVE),
    ("it was signed", Status.ACTIVE),
    ("Moscow froze the contacts", Status.SUSPENDED),
    ("Russia suspended its mission", Status.SUSPENDED),
    ("access was restricted", Status.RESTRICTED),
    ("the US withdrew from the treaty", Status.WITHDRAWN),
    ("the office was terminated", Status.TERMINATED),
    ("the office was closed", Status.CLOSED),
    ("the PJC was replaced by the NRC", Status.REPLACED),
    ("the treaty expired", Status.EXPIRED),
    ("talks resumed", Status.ACTIVE),
    ("the line was restored", Status.ACTIVE),
    ("the channel was established", Status.ACTIVE),
    ("the hotline opened", Status.ACTIVE),
])
def test_status_cues(text: str, status: Status) -> None:
    assert [c.status for c in find_cues(text)] == [status]


def test_expulsions_and_summits_are_event_cues() -> None:
    assert [c.event_kind for c in find_event_cues("NATO expelled eight officials before the summit")] == [
        "expulsion", "summit"
    ]


def _known(*changes: Change) -> Known:
    by_subject: dict[str, list[Change]] = {}
    for change in changes:
        by_subject.setdefault(change.subject, []).append(change)
    return Known(NAMES, by_subject)


def test_announced_and_effective_dates_are_told_apart() -> None:
    text = "On 18 October 2021 Russia announced that from 1 November 2021 it would suspend the NATO-Russia Council."
    (proposal,) = [p for p in propose(Document.from_text("a.txt", text), _known()) if p.kind == "statusChange"]
    assert (proposal.status, proposal.effective, proposal.announced) == ("Suspended", "2021-11-01", "2021-10-18")


def test_a_reporters_closed_confirms_the_actors_suspended() -> None:
    curated = Change("id:sc-1", "id:nmlm", Status.SUSPENDED, FuzzyDate.parse("2021-11-01"),
                          FuzzyDate.parse("2021-10-18"))
    text = "In October 2021 the NATO military liaison mission in Moscow was closed."
    (proposal,) = propose(Document.from_text("a.txt", text), _known(curated))
    assert (proposal.relation, proposal.status, proposal.existing) == ("confirms", "Suspended", ("id:sc-1",))
    assert "the text says 'closed'" in (proposal.note or "")


def test_a_relative_date_is_resolved_and_noted() -> None:
    text = "Last year the NATO-Russia Council was frozen."
    (proposal,) = propose(Document.from_text("a.txt", text, FuzzyDate.parse("2009-03")), _known())
    assert (proposal.effective, proposal.status) == ("2008", "Suspended")
    assert "resolved against the document's date, 2009-03" in (proposal.note or "")


def test_a_quote_is_at_most_twelve_words_of_the_sentence() -> None:
    sentence = " ".join(f"w{i}" for i in range(40))
    words = quote(sentence, sentence.index("w20")).split()
    assert len(words) == 12
    assert "w20" in words


def test_evidence_that_a_link_still_holds_confirms_the_change_that_opened_its_period() -> None:
    opened = Change("id:sc-open", "id:nrc", Status.ACTIVE, FuzzyDate.parse("2002-05-28"))
    ended = Change("id:sc-end", "id:nrc", Status.SUSPENDED, FuzzyDate.parse("2022"))
    text = "Officials should build on the existing NATO-Russia Council."
    (held,) = propose(Document.from_text("a.txt", text, FuzzyDate.parse("2021-06")), _known(opened, ended))
    assert (held.relation, held.existing, held.effective) == ("confirms", ("id:sc-open",), "2021-06")
    (late,) = propose(Document.from_text("a.txt", text, FuzzyDate.parse("2023")), _known(opened, ended))
    assert (late.relation, late.existing) == ("conflicts", ("id:sc-end",))
