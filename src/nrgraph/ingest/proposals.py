"""Proposals: the status changes, events and new resources a document suggests, each with
its evidence and its relation to the graph.

:func:`propose` reads a document sentence by sentence. A status cue ("suspended") with a
channel or agreement named in the same sentence (or described by the naming words of its
label, or referred back to with "it" or "the treaty" from the sentence before) and a date in
that sentence (or, less surely, earlier in the paragraph) makes a status-change proposal for
each link the cue governs; a link with a period ("from 2011 to 2016") makes two. A curated
event named by the words of its label with a date that can agree is confirmed. An event
word ("summit", "expelled") within a few words of a date makes an event proposal. A
capitalised name the graph does not know, ending in a word such as "Treaty" or "Mission", in
a sentence with a cue, makes a new-resource proposal. Every proposal says how
it was found (``how``) and how sure it is (``confidence``), and quotes at most 12 words.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace

from nrgraph.editing.edits import MAX_WORDING_WORDS
from nrgraph.fuzzydate import FuzzyDate
from nrgraph.ingest.cues import (
    HELD,
    IN_FORCE,
    ISSUING,
    SUGGESTING,
    Cue,
    find_cues,
    find_event_cues,
    is_announcement,
    is_suggestion,
)
from nrgraph.ingest.dates import DateMention, find_dates
from nrgraph.ingest.document import Document
from nrgraph.ingest.known import Known, KnownEvent, Relation
from nrgraph.ingest.mentions import Mention, candidate_names
from nrgraph.ingest.naming import NAMED, found_score, places
from nrgraph.ingest.notes import as_of_note, note_dates
from nrgraph.ingest.references import LINK_ROLES, with_described, with_referred_back
from nrgraph.status import Status

__all__ = ["Proposal", "propose", "quote", "sentences"]


@dataclass(frozen=True)
class Proposal:
    """One proposed fact, with the passage that supports it.

    ``kind`` is ``statusChange``, ``event`` or ``newResource``; ``start``/``end`` are the
    supporting sentence's offsets in the document's text; ``relation`` is ``confirms``,
    ``new`` or ``conflicts``, with the curated facts in ``existing`` and their summary.
    """

    id: str
    kind: str
    document: str
    locator: str
    start: int
    end: int
    wording: str
    confidence: float
    how: str
    relation: str = "new"
    existing: tuple[str, ...] = ()
    existing_summary: str = ""
    note: str | None = None
    subject: str | None = None
    status: str | None = None
    effective: str | None = None
    announced: str | None = None
    party: str | None = None
    event_kind: str | None = None
    participants: tuple[str, ...] = ()
    about: tuple[str, ...] = ()
    label: str | None = None
    role: str | None = None
    source: str | None = None

    def summary(self) -> str:
        """One line: what is proposed."""
        if self.kind == "statusChange":
            announced = f" (announced {self.announced})" if self.announced else ""
            party = f" for <{self.party}>" if self.party else ""
            return f"<{self.subject}> {str(self.status).lower()}{party}, effective {self.effective}{announced}"
        if self.kind == "event":
            return f"{self.event_kind} on {self.effective}: {self.label}"
        return f"new {self.role}: {self.label}"


_ABBREVIATION = re.compile(
    r"(?:\b(?:[A-Z]\.)+|\b(?:Mr|Mrs|Ms|Dr|St|Gen|Col|Lt|No|vs|etc|Jan|Feb|Aug|Sept?|Oct|Nov|Dec)\.)$"
)


def sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The sentences of ``text[start:end]``, as offsets in ``text``.

    >>> t = "The U.S. and Russia met. They agreed."
    >>> [t[a:b] for a, b in sentences(t, 0, len(t))]
    ['The U.S. and Russia met.', 'They agreed.']
    """
    spans = []
    begin = start
    for match in re.finditer(r"[.!?][”\"’')\]¹²³⁴⁵⁶⁷⁸⁹⁰]*\s+(?=[A-Z“\"(‘'])", text[start:end]):
        stop = start + match.start() + 1
        if _ABBREVIATION.search(text[begin:stop]):
            continue
        spans.append((begin, start + match.end() - len(match[0]) + len(match[0].rstrip())))
        begin = start + match.end()
    if begin < end:
        spans.append((begin, end))
    return spans


def quote(text: str, around: int, limit: int = MAX_WORDING_WORDS) -> str:
    """At most ``limit`` words of ``text`` (a sentence), centred on character ``around``.

    >>> quote("one two three four five six", 14, limit=3)
    'three four five'
    """
    words = list(re.finditer(r"\S+", text))
    if len(words) <= limit:
        return text.strip()
    index = next((i for i, w in enumerate(words) if w.end() > around), len(words) - 1)
    first = max(0, min(index - limit // 2, len(words) - limit))
    chosen = words[first:first + limit]
    return text[chosen[0].start():chosen[-1].end()].strip(" ,;:")


@dataclass
class _Sentence:
    start: int
    end: int
    text: str
    locator: str
    mentions: list[Mention] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)
    earlier_dates: list[DateMention] = field(default_factory=list)


def propose(document: Document, known: Known, *, source: str | None = None) -> list[Proposal]:
    """Every proposal the document suggests, in reading order, numbered from 1."""
    mentions = known.gazetteer.find(document.text)
    dates = find_dates(document.text, document.date)
    notes = note_dates(document, dates)
    found: list[Proposal] = []
    for paragraph in document.paragraphs:
        paragraph_dates = [d for d in dates if paragraph.start <= d.start < paragraph.end]
        previous: list[Mention] = []
        for start, end in sentences(document.text, paragraph.start, paragraph.end):
            here = with_described([m for m in mentions if start <= m.start < end], document.text, start, end, known)
            sentence = _Sentence(
                start, end, document.text[start:end], paragraph.locator,
                with_referred_back(here, document.text, start, end, previous),
                as_of_note([d for d in paragraph_dates if start <= d.start < end], document.text, start, end, notes),
                [d for d in paragraph_dates if d.start < start],
            )
            previous = [m for m in sentence.mentions if m.role in LINK_ROLES] or [
                replace(m, start=m.start + start, end=m.end + start) for m in known.links_described(sentence.text)
            ]
            found += _status_changes(document, sentence, known)
            found += _dated_agreements(document, sentence, known)
            found += _still_in_force(document, sentence, known)
            found += _ideas(document, sentence, known)
            found += _since(document, sentence, known)
            found += _periods(document, sentence, known)
            named = _named_events(document, sentence, known)
            found += named + _events(document, sentence, known, named) + _channels_met(document, sentence, known, named)
            found += _new_resources(document, sentence)
    unique: dict[tuple[object, ...], Proposal] = {}
    for proposal in found:
        key = (proposal.kind, proposal.subject, proposal.status, proposal.effective, proposal.label, proposal.locator)
        if key not in unique or unique[key].confidence < proposal.confidence:
            unique[key] = proposal
    ordered = sorted(unique.values(), key=lambda p: (p.start, p.kind))
    stem = re.sub(r"[^a-z0-9]+", "-", document.name.lower()).strip("-")
    return [replace(p, id=f"{stem}-{n}", source=source) for n, p in enumerate(ordered, 1)]


def _status_changes(document: Document, sentence: _Sentence, known: Known) -> list[Proposal]:
    cues = [Cue(c.start + sentence.start, c.end + sentence.start, c.text, c.status) for c in find_cues(sentence.text)]
    links = [m for m in sentence.mentions if m.role in LINK_ROLES]
    if any(ISSUING.match(c.text) for c in cues) and not any(m.role == "agreement" for m in links):
        described = known.links_described(sentence.text, "agreement")
        if len(described) == 1:  # "the two sides issued a statement": the agreement it describes
            links += [replace(described[0], start=described[0].start + sentence.start,
                              end=described[0].end + sentence.start)]
    if not cues or not links:
        return []
    proposals = []
    for link in links:
        fitting = [c for c in cues if link.role == "agreement" or not ISSUING.match(c.text)]
        if not fitting:
            continue
        cue = min(fitting, key=lambda c: _distance(c.start, c.end, link.start, link.end))
        gap = _distance(cue.start, cue.end, link.start, link.end)
        if gap > 160:
            continue
        suggested = cue.status is Status.ACTIVE and is_suggestion(sentence.text, cue.start - sentence.start)
        dated = _dated(document, sentence, cue, link, known, suggested)
        if dated is None:
            continue
        date, announced, date_how = dated
        local = cue.start - sentence.start
        announcing = is_announcement(sentence.text, local)
        if announcing and announced is None:
            announced_note = "announced: the words before the cue report a decision or an intention"
        else:
            announced_note = None
        status = _status_of(cue, link, known)
        if suggested:
            status = _suggested(document.text[max(0, cue.start - 3):cue.end], link, known, date.date)
            announced_note = (f"suggested, not done: {status.value.lower()} (the words before {cue.text!r} put it "
                              "forward as an idea)")
        agent = next((m for m in reversed(sentence.mentions) if m.role == "actor" and m.end <= cue.start), None)
        party = agent.iri if status is Status.WITHDRAWN and agent is not None else None
        relation = known.relate_change(link.iri, status, date.date)
        if relation.status is not None:
            announced_note = (
                f"the text says {cue.text!r}; the graph records {relation.status.value.lower()} "
                "(the actor's own term)"
            )
            status = relation.status
        confidence = 0.45 + (0.2 if gap <= 60 else 0.05) + (0.2 if date_how == "sentence" else 0.0)
        confidence += 0.1 if relation.kind == "confirms" else 0.0
        how = (
            f"status cue {cue.text!r} {gap} characters from {link.text!r} ({link.role}, matched by "
            f"{link.name!r}); date {date.text!r} ({date.precision.value}) {_where(date_how)}"
        )
        notes = [n for n in (date.note, announced_note, announced.note if announced else None) if n]
        proposals.append(_proposal(
            document, sentence, cue.start, confidence, how, relation, "; ".join(notes) or None,
            kind="statusChange", subject=link.iri, status=status.value, effective=str(date.date),
            announced=str(announced.date) if announced else None, party=party,
        ))
        proposals += _establishing(document, sentence, known, proposals[-1], date)
        proposals += _term(document, sentence, known, proposals[-1], link, date)
        proposals += _events_of_change(document, sentence, known, proposals[-1])
    return proposals


def _dated(
    document: Document, sentence: _Sentence, cue: Cue, link: Mention, known: Known, suggested: bool,
) -> tuple[DateMention, DateMention | None, str] | None:
    """The dates of a cue (:func:`_date_for`), the document's for an idea put forward now, and
    for a vague "recently" the one curated change of this link and status it may mean."""
    dated = _date_for(sentence, cue)
    if dated is None and suggested and document.date is not None:
        dated = DateMention(sentence.start, sentence.start, "the document's date", document.date), None, "document"
    if dated is None or dated[0].since is None:
        return dated
    date, announced, date_how = dated
    meant = known.change_within(link.iri, _status_of(cue, link, known), date.since or date.date, date.date)
    if meant is not None:
        date = replace(date, date=meant.effective,
                       note=f"{date.text!r} is vague; read as {meant.effective}, the one curated change it may mean")
    return date, announced, date_how


def _events_of_change(document: Document, sentence: _Sentence, known: Known, change: Proposal) -> list[Proposal]:
    """A proposal that confirms a curated change also confirms the curated events about that
    link on the change's own date (the signing of a treaty, the meeting that suspended a
    channel), less surely."""
    if change.relation != "confirms" or change.subject is None:
        return []
    dates = [c.effective for c in known.changes.get(change.subject, []) if c.iri in change.existing]
    proposals = []
    for event in known.events:
        if change.subject in event.involves and any(event.date == d for d in dates):
            how = (f"the curated event {event.label!r} ({event.date}) is about <{change.subject}> on the date of "
                   f"the change this passage confirms: {change.how}")
            relation = Relation("confirms", (event.iri,), f"{event.label}, {event.date}")
            proposal = _proposal(document, sentence, change.start, 0.3, how, relation, None, kind="event",
                                 event_kind=event.kind, effective=str(event.date), label=event.label,
                                 participants=tuple(sorted(event.involves)))
            proposals.append(replace(proposal, wording=change.wording))
    return proposals


def _status_of(cue: Cue, link: Mention, known: Known) -> Status:
    """The status a cue gives a link: a treaty signed is not yet in force, but proposed."""
    if cue.status is Status.ACTIVE and cue.text.lower().startswith("sign") and link.iri in known.treaties:
        return Status.PROPOSED
    return cue.status


def _suggested(cue: str, link: Mention, known: Known, date: FuzzyDate) -> Status:
    """The status of a link whose opening or reopening is only suggested ("suggested the
    re-establishment of the liaison"): dormant, if it is a reopening (``cue``, with the three
    characters before it, says "re") of a link the graph says was active before; proposed
    otherwise."""
    again = re.search(r"(?:^|\W)re-?[a-z]", cue.lower()) is not None
    held = any(c.status.is_active for c in known.changes.get(link.iri, []) if c.effective.earliest <= date.latest)
    return Status.DORMANT if again and held else Status.PROPOSED


_YEARS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}
_TERM = re.compile(r"\b(one|two|three|four|five|six|seven|eight|nine|ten|\d{1,2})[- ]year\b", re.IGNORECASE)


def _term(
    document: Document, sentence: _Sentence, known: Known, change: Proposal, link: Mention, date: DateMention,
) -> list[Proposal]:
    """An agreement concluded for a term ("a three-year contract", signed in October 2010)
    expires when the term ends (October 2013), less surely."""
    term = _TERM.search(sentence.text)
    if term is None or change.status != Status.ACTIVE.value or link.role != "agreement":
        return []
    years = _YEARS.get(term[1].lower()) or int(term[1])
    start = date.date.earliest
    end = FuzzyDate(dt.date(start.year + years, start.month, min(start.day, 28)), date.date.precision)
    relation = known.relate_change(link.iri, Status.EXPIRED, end)
    how = f"{term[0]!r} from {date.text!r}: expired {years} years later, at {end} ({change.how})"
    proposal = _proposal(
        document, sentence, change.start, 0.3 + (0.2 if relation.kind == "confirms" else 0), how, relation,
        f"the end of a {years}-year term counted from {date.date}", kind="statusChange", subject=link.iri,
        status=Status.EXPIRED.value, effective=str(end),
    )
    return [replace(proposal, wording=change.wording)]


_ENDING = frozenset({Status.SUSPENDED, Status.TERMINATED, Status.CLOSED, Status.WITHDRAWN})


def _establishing(
    document: Document, sentence: _Sentence, known: Known, change: Proposal, date: DateMention,
) -> list[Proposal]:
    """A channel suspended or ended: the agreement or memorandum that established it
    (``nrg:establishedBy``), suspended or ended with it, less surely."""
    agreement = known.established.get(change.subject or "")
    status = Status(change.status) if change.status else None
    if agreement is None or status not in _ENDING:
        return []
    if status is Status.CLOSED:
        status = Status.SUSPENDED  # the agreement behind a closed office is suspended, not closed
    relation = known.relate_change(agreement, status, date.date)
    how = (f"the agreement that established <{change.subject}> (nrg:establishedBy), "
           f"{status.value.lower()} with it: {change.how}")
    proposal = _proposal(
        document, sentence, change.start, 0.3 + (0.2 if relation.kind == "confirms" else 0), how, relation,
        change.note, kind="statusChange", subject=agreement, status=status.value, effective=str(date.date),
        announced=change.announced,
    )
    return [replace(proposal, wording=change.wording)]


def _dated_agreements(document: Document, sentence: _Sentence, known: Known) -> list[Proposal]:
    """An agreement named with its year ("the North Atlantic Treaty of 1949", "the MoU (2015)",
    "the 2014 MoU") proposes that it was in force from that year, when no cue says otherwise."""
    if find_cues(sentence.text):
        return []
    proposals = []
    for link in (m for m in sentence.mentions if m.role == "agreement"):
        for date in (d for d in sentence.dates if any(c.isdigit() for c in d.text)):
            named_after = link.end <= date.start and re.fullmatch(
                r"\s*(?:of|,|\()?\s*", document.text[link.end:date.start]
            )
            named_before = date.end <= link.start and re.fullmatch(r"\s*", document.text[date.end:link.start])
            if not (named_after or named_before):
                continue
            status = Status.ACTIVE
            relation = known.relate_change(link.iri, status, date.date)
            how = f"agreement {link.text!r} named with the year {date.text!r}, read as in force by then"
            proposals.append(_proposal(
                document, sentence, link.start, 0.35 + (0.2 if relation.kind == "confirms" else 0), how, relation,
                date.note, kind="statusChange", subject=link.iri, status=status.value, effective=str(date.date),
            ))
    return proposals


def _periods(document: Document, sentence: _Sentence, known: Known) -> list[Proposal]:
    """A link named with a period ("the licence runs from 2011 to 2016", "between 2003 and
    2008"): in force from the first date, expired (an agreement) or closed (a channel) at the
    second."""
    proposals = []
    for first, second in zip(sentence.dates, sentence.dates[1:], strict=False):
        between = document.text[first.end:second.start]
        before = document.text[max(sentence.start, first.start - 9):first.start]
        ranged = re.fullmatch(r"\s*(?:to|until|till|through|-|–)\s*", between) and re.search(r"\bfrom\s+$", before)
        paired = re.fullmatch(r"\s*and\s*", between) and re.search(r"\bbetween\s+$", before)
        if not (ranged or paired):
            continue
        for link in (m for m in sentence.mentions if m.role in LINK_ROLES):
            gap = _distance(first.start, second.end, link.start, link.end)
            if gap > 160:
                continue
            ending = Status.EXPIRED if link.role == "agreement" else Status.CLOSED
            for date, status in ((first, Status.ACTIVE), (second, ending)):
                relation = known.relate_change(link.iri, status, date.date)
                how = (f"period {document.text[first.start:second.end]!r} {gap} characters from {link.text!r} "
                       f"({link.role}, matched by {link.name!r}): {status.value.lower()} at {date.text!r}")
                proposals.append(_proposal(
                    document, sentence, date.start, 0.4 + (0.2 if relation.kind == "confirms" else 0), how,
                    relation, date.note, kind="statusChange", subject=link.iri, status=status.value,
                    effective=str(date.date),
                ))
    return proposals


def _still_in_force(document: Document, sentence: _Sentence, known: Known) -> list[Proposal]:
    """ "The existing INCSEA agreements", "the channel still operates": evidence that a link
    held at the sentence's date (or the document's), for the change that opened its period."""
    now = list(IN_FORCE.finditer(sentence.text))
    words = now or list(HELD.finditer(sentence.text))
    if not words or find_cues(sentence.text):
        return []
    proposals = []
    for link in (m for m in sentence.mentions if m.role in LINK_ROLES):
        if link.words and found_score(link.words, sentence.text) < CARRIED:  # described: more strongly
            continue
        word = min(words, key=lambda w: _distance(w.start() + sentence.start, w.end() + sentence.start,
                                                  link.start, link.end))
        gap = _distance(word.start() + sentence.start, word.end() + sentence.start, link.start, link.end)
        if gap > 80:
            continue
        if sentence.dates:
            date, where = sentence.dates[0].date, f"the date {sentence.dates[0].text!r} in the sentence"
        elif document.date is not None:  # present tense: now, not the paragraph's earlier date
            date, where = document.date, f"the document's date, {document.date}"
        else:
            continue
        if now:
            relation = known.relate_in_force(link.iri, date)
            how = (f"{word[0]!r} {gap} characters from {link.text!r} ({link.role}): in force at {where}; "
                   "evidence for the change that opened the period")
        else:
            relation = known.relate_held_before(link.iri, date)
            how = (f"{word[0]!r} {gap} characters from {link.text!r} ({link.role}): in force some time before "
                   f"{where}; evidence for the change that opened the last such period")
            opened = [c.effective for c in known.changes.get(link.iri, []) if c.iri in relation.existing]
            date = opened[0] if opened else date
        proposals.append(_proposal(
            document, sentence, link.start, 0.3 + (0.2 if relation.kind == "confirms" else 0), how, relation,
            "still in force: cite it on the change that opened the period (a repeat would be refused)",
            kind="statusChange", subject=link.iri, status=Status.ACTIVE.value, effective=str(date),
        ))
    return proposals


def _since(document: Document, sentence: _Sentence, known: Known) -> list[Proposal]:
    """ "Since 2008, the navy has patrolled the Gulf of Aden": a link named (or described with
    a score of 3) in a sentence that opens with "since" and a date, without a status cue, is in
    force from that date."""
    opening = re.match(r"\s*[Ss]ince\s+", sentence.text)
    dates = [d for d in sentence.dates if opening and d.start - sentence.start == opening.end()]
    if not dates or find_cues(sentence.text):
        return []
    date = dates[0]
    proposals = []
    for link in (m for m in sentence.mentions if m.role in LINK_ROLES):
        if link.words and found_score(link.words, sentence.text) < CARRIED:
            continue
        relation = known.relate_change(link.iri, Status.ACTIVE, date.date)
        how = (f"'since {date.text}' opens a sentence about {link.text!r} ({link.role}, matched by {link.name!r}): "
               "in force from then")
        proposals.append(_proposal(
            document, sentence, link.start, 0.35 + (0.2 if relation.kind == "confirms" else 0), how, relation,
            date.note, kind="statusChange", subject=link.iri, status=Status.ACTIVE.value, effective=str(date.date),
        ))
    return proposals


def _ideas(document: Document, sentence: _Sentence, known: Known) -> list[Proposal]:
    """A link the graph holds only as an idea (every change of it proposes it), named or
    described in a sentence that suggests it ("back channels could help") without a status
    cue: proposed again at the sentence's date, the paragraph's or the document's."""
    suggestion = SUGGESTING.search(sentence.text)
    if suggestion is None or find_cues(sentence.text):
        return []
    proposals = []
    for link in (m for m in sentence.mentions if m.role in LINK_ROLES):
        changes = known.changes.get(link.iri, [])
        if not changes or any(c.status is not Status.PROPOSED for c in changes):
            continue
        if link.words and found_score(link.words, sentence.text) < CARRIED:  # described: more strongly
            continue
        dates = _dates_of(document, sentence)
        if not dates:
            continue
        date, where = dates[0]
        relation = known.relate_change(link.iri, Status.PROPOSED, date)
        how = (f"{suggestion[0]!r} suggests {link.text!r} ({link.role}, matched by {link.name!r}), which the graph "
               f"holds only as proposed; {where}")
        proposals.append(_proposal(
            document, sentence, link.start, 0.3 + (0.2 if relation.kind == "confirms" else 0), how, relation, None,
            kind="statusChange", subject=link.iri, status=Status.PROPOSED.value, effective=str(date),
        ))
    return proposals


def _date_for(sentence: _Sentence, cue: Cue) -> tuple[DateMention, DateMention | None, str] | None:
    """The effective date for a cue, the announcement date if the sentence gives both, and where it was found."""
    if sentence.dates:
        if len(sentence.dates) >= 2 and is_announcement(sentence.text, cue.start - sentence.start):
            starts = [d for d in sentence.dates
                      if re.search(r"\b(?:from|as of|effective|starting|on)\s*$",
                                   sentence.text[: d.start - sentence.start])]
            if starts:
                effective = starts[-1]
                announced = next((d for d in sentence.dates if d is not effective and d.date < effective.date), None)
                return effective, announced, "sentence"
        return min(sentence.dates, key=lambda d: _distance(d.start, d.end, cue.start, cue.end)), None, "sentence"
    if sentence.earlier_dates:
        return sentence.earlier_dates[-1], None, "paragraph"
    return None


def _where(how: str) -> str:
    places = {"sentence": "in the same sentence", "document": "(none in the paragraph)"}
    return places.get(how, "earlier in the paragraph")


def _events(document: Document, sentence: _Sentence, known: Known, named: list[Proposal]) -> list[Proposal]:
    """An event word within 40 characters of a date (or within 100 of the sentence's only
    date, less surely), unless it only repeats an event the
    sentence names (``named``): a new event on the same date, or a confirmation of the same."""
    dates = {p.effective for p in named}
    iris = {iri for p in named for iri in p.existing}
    proposals = []
    for cue in find_event_cues(sentence.text):
        start, end = cue.start + sentence.start, cue.end + sentence.start
        near = [d for d in sentence.dates if _distance(d.start, d.end, start, end) <= 40]
        if not near and len(sentence.dates) == 1:  # the sentence's one date, less surely, within 100 characters
            near = [d for d in sentence.dates if _distance(d.start, d.end, start, end) <= 100]
        for date in near:
            event = _event(document, sentence, known, cue.text, cue.event_kind, start, end, date)
            if (event.relation == "confirms" and not set(event.existing) <= iris) or (
                event.relation != "confirms" and event.effective not in dates
            ):
                proposals.append(event)
    return proposals


def _event(
    document: Document, sentence: _Sentence, known: Known, word: str, kind: str, start: int, end: int,
    date: DateMention,
) -> Proposal:
    """An event of ``kind`` on ``date``, the word at ``start``-``end`` of the text."""
    participants = tuple(sorted({m.iri for m in sentence.mentions if m.role == "actor"}))
    about = tuple(sorted({m.iri for m in sentence.mentions if m.role in LINK_ROLES}))
    relation = known.relate_event(date.date, set(participants) | set(about), word, kind)
    gap = _distance(date.start, date.end, start, end)
    confidence = 0.4 + (0.2 if date.precision.value == "day" else 0) + (0.2 if relation.kind == "confirms" else 0)
    confidence -= 0.1 if gap > 40 else 0
    how = f"event word {word!r} {gap} characters from {date.text!r}" + (
        ", the sentence's only date" if gap > 40 else "")
    label = f"{kind.capitalize()}, {date.date}"
    return _proposal(
        document, sentence, start, confidence, how, relation, date.note, kind="event",
        event_kind=kind, effective=str(date.date), participants=participants, about=about, label=label,
    )


def _named_events(document: Document, sentence: _Sentence, known: Known) -> list[Proposal]:
    """A curated event the sentence names by words of its label ("the Wales summit"), with a
    date in the sentence that can agree with it and is not after the document's: a proposal
    that confirms that event."""
    proposals = []
    named: list[tuple[KnownEvent, tuple[str, ...], FuzzyDate, str]] = []
    for date, where in _dates_of(document, sentence):
        if document.date is not None and date.earliest > document.date.latest:
            continue  # "next year": a plan, not an event that happened
        least = NAMED if sentence.dates else CARRIED  # a date carried from elsewhere: named more strongly
        named += [(event, words, date, where) for event, words in known.events_named(sentence.text, date, least=least)]
    for vague in (d for d in sentence.dates if d.since is not None):
        named += [
            (event, words, event.date, f"the vague {vague.text!r} in the same sentence, which may mean {event.date}")
            for event, words in known.events_named(sentence.text, None, since=vague.since, until=vague.date)
            if not any(event is e for e, *_ in named)
        ]
    if not named and not sentence.dates and not sentence.earlier_dates and document.date is not None:
        named = [  # more strongly still, on no date at all: the event's own, if not after the document
            (event, words, event.date, "no date in the paragraph; the event's own date, not after the document's")
            for event, words in known.events_named(sentence.text, None, until=document.date, least=UNDATED)
            if places(event.words, sentence.text) >= 2  # "Antonov ... staff ... embassy", not "Gulf of Aden"
        ]
    for event, words, date, where in named:
        relation = Relation("confirms", (event.iri,), f"{event.label}, {event.date}")
        how = (f"the words {', '.join(map(repr, words))} of the curated event {event.label!r} "
               f"({event.date}), with {where}")
        at = sentence.text.find(words[0])
        sure = 0.5 if sentence.dates and "vague" not in where else 0.35 if date is not event.date else 0.25
        proposals.append(_proposal(
            document, sentence, sentence.start + at if at >= 0 else sentence.start,
            sure + (0.1 if date.precision.value == "day" else 0), how, relation, None, kind="event",
            event_kind=event.kind, effective=str(date), label=event.label,
            participants=tuple(sorted(event.involves)),
        ))
    return proposals


CARRIED = 3
"""The score (:mod:`nrgraph.ingest.naming`) that names an event at a date carried from earlier
in the paragraph or from the document: two words, one of them a proper name."""
UNDATED = 4
"""The score that names an event in a paragraph without a date: two proper names, say."""


def _channels_met(document: Document, sentence: _Sentence, known: Known, named: list[Proposal]) -> list[Proposal]:
    """A curated meeting the sentence names, held in a channel (``nrg:about``): evidence that
    the channel held on that date, proposed only when it confirms the change that opened the
    period then."""
    channels = {iri for iri, role, _ in known.links if role == "channel"}
    proposals = []
    for meeting in (p for p in named if p.event_kind in _MEETING_KINDS and p.effective):
        event = next(e for e in known.events if e.iri in meeting.existing)
        for channel in sorted(event.involves & channels):
            relation = known.relate_in_force(channel, event.date)
            if relation.kind != "confirms":
                continue
            how = (f"the curated {event.kind} {event.label!r} ({event.date}) was held in <{channel}>: in force then; "
                   f"evidence for the change that opened the period ({meeting.how})")
            proposal = _proposal(
                document, sentence, meeting.start, 0.35, how, relation,
                "still in force: cite it on the change that opened the period (a repeat would be refused)",
                kind="statusChange", subject=channel, status=Status.ACTIVE.value, effective=str(event.date),
            )
            proposals.append(replace(proposal, wording=meeting.wording))
    return proposals


_MEETING_KINDS = frozenset({"meeting", "summit"})


def _dates_of(document: Document, sentence: _Sentence) -> list[tuple[FuzzyDate, str]]:
    """The dates a sentence is read at, with where each was found: its own; if it has none,
    the last date earlier in the paragraph, or else the document's date (less surely)."""
    if sentence.dates:
        return [(d.date, f"the date {d.text!r} in the same sentence") for d in sentence.dates]
    if sentence.earlier_dates:
        date = sentence.earlier_dates[-1]
        return [(date.date, f"no date in the sentence; the date {date.text!r} earlier in the paragraph")]
    if document.date is not None:
        return [(document.date, f"no date in the paragraph; the document's date, {document.date}")]
    return []


def _new_resources(document: Document, sentence: _Sentence) -> list[Proposal]:
    cues = find_cues(sentence.text)
    if not cues:
        return []
    local = [Mention(m.start - sentence.start, m.end - sentence.start, m.text, m.iri, m.role, m.name)
             for m in sentence.mentions]
    proposals = []
    for start, _end, name, role in candidate_names(sentence.text, local):
        cue = min(cues, key=lambda c: _distance(c.start, c.end, start, _end))
        if _distance(cue.start, cue.end, start, _end) > 80:
            continue
        how = f"capitalised name {name!r} the graph does not know, near the status cue {cue.text!r}"
        proposals.append(_proposal(
            document, sentence, sentence.start + start, 0.3, how, Relation("new"), None,
            kind="newResource", label=name, role=role,
        ))
    return proposals


def _proposal(
    document: Document, sentence: _Sentence, around: int, confidence: float, how: str, relation: Relation,
    note: str | None, **facts: object,
) -> Proposal:
    return Proposal(
        id="", document=document.name, locator=sentence.locator, start=sentence.start, end=sentence.end,
        wording=quote(sentence.text, around - sentence.start), confidence=round(min(confidence, 0.95), 2), how=how,
        relation=relation.kind, existing=tuple(sorted(relation.existing)), existing_summary=relation.summary, note=note,
        **facts,  # type: ignore[arg-type]
    )


def _distance(a_start: int, a_end: int, b_start: int, b_end: int) -> int:
    """Characters between two spans (0 when they touch or overlap)."""
    return max(0, b_start - a_end, a_start - b_end)


def effective_date(proposal: Proposal) -> FuzzyDate | None:
    """The proposal's date as a :class:`FuzzyDate`."""
    return FuzzyDate.parse(proposal.effective) if proposal.effective else None
