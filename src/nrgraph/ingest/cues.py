"""Status cues and event cues: the words that say a link changed, or that something happened.

A status cue ("suspended", "entered into force", "froze") names the status it points to in
the project's status scheme; the data keeps the actor's own term, so "closed" proposes
``Closed`` and "froze" ``Suspended``. Whether the sentence reports an announcement ("announced
that from 1 November ...") is read from the words before the cue.

>>> [(c.text, c.status.value) for c in find_cues("Russia froze and later restored the NRC.")]
[('froze', 'Suspended'), ('restored', 'Active')]
>>> cue, = find_event_cues("The summit was held in Lisbon.")
>>> cue.text, cue.event_kind
('summit', 'summit')
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from nrgraph.status import Status

__all__ = [
    "ANNOUNCING", "HELD", "IN_FORCE", "ISSUING", "SUGGESTING", "Cue", "EventCue", "find_cues", "find_event_cues",
    "is_announcement", "is_suggestion",
]


@dataclass(frozen=True)
class Cue:
    """A status word in a text: ``text[start:end]`` points to ``status``."""

    start: int
    end: int
    text: str
    status: Status


@dataclass(frozen=True)
class EventCue:
    """An event word in a text: ``text[start:end]`` names an event of ``event_kind``."""

    start: int
    end: int
    text: str
    event_kind: str


_STATUS_WORDS: dict[Status, tuple[str, ...]] = {
    Status.PROPOSED: (
        r"negotiat(?:ing|ed|es|ions? (?:on|for|over|with))", r"propos(?:ed|al (?:of|for))", r"not yet (?:been )?signed",
        r"under (?:discussion|negotiation)",
        r"invit(?:ed|es|ing|ations?) (?:\w+ ){0,3}?to (?:participate|join|take part)",
    ),
    Status.ACTIVE: (
        r"establish(?:ed|es|ing|ment)", r"(?:re)?open(?:ed|s|ing of)", r"sign(?:ed|ing)", r"signed up to",
        r"(?:entered|came|enter|enters|come|comes|entry) into force", r"resum(?:ed|es|ption)",
        r"restor(?:ed|es|ation)", r"concluded", r"set up", r"launch(?:ed|es|ing of)", r"creat(?:ed|ion)",
        r"bought", r"purchas(?:ed|es)", r"acquired", r"join(?:ed|s)", r"inaugurat(?:ed|ion)",
        r"agreed (?:to|on|upon)", r"issu(?:ed|es)", r"adopt(?:ed|s)",
    ),
    Status.SUSPENDED: (
        r"suspend(?:ed|s|ing)?", r"suspension", r"fr(?:oze|ozen|eez(?:e|es|ing)(?: of)?)", r"halt(?:ed|s|ing)",
        r"deep freeze", r"broke off", r"broken off", r"cut off", r"put on hold",
    ),
    Status.RESTRICTED: (r"restrict(?:ed|ion of|ions on)", r"(?:was|were|been) (?:reduced|cut)(?! off)", r"reduced by"),
    Status.WITHDRAWN: (r"withdr(?:ew|awn|awal|aw|aws) from", r"pull(?:ed|s)? out of"),
    Status.TERMINATED: (
        r"terminat(?:e|ed|es|ion)", r"scrapped", r"cancell?(?:ed|ation of)", r"abrogat(?:ed|ion of)",
    ),
    Status.CLOSED: (r"clos(?:ed|es|ure of|ing of)", r"shut down"),
    Status.REPLACED: (r"replaced", r"superseded"),
    Status.EXPIRED: (r"expir(?:ed|es|y of)", r"lapsed", r"ran out"),
}
_STATUS_PATTERN = re.compile(
    "|".join(rf"(?P<{s.name}>\b(?:{'|'.join(words)})\b)" for s, words in _STATUS_WORDS.items()),
    re.IGNORECASE,
)

_EVENT_WORDS: dict[str, tuple[str, ...]] = {
    "summit": (r"summits?",),
    "meeting": (
        r"meetings?", r"met", r"meets", r"talks", r"(?:phone|telephone) calls?", r"spoke (?:by phone )?with",
        r"visit(?:ed|s)?", r"consultations", r"round tables?",
    ),
    "war": (r"wars?", r"invasion", r"invaded", r"attacks"),
    "expulsion": (r"expell?(?:ed|ing)", r"expulsions?"),
    "decision": (r"decided", r"decision"),
    "incident": (r"incidents?", r"collided", r"collision", r"shot down", r"protests"),
    "event": (r"exercises?", r"drills?", r"manoeuvres", r"maneuvers"),
}
_EVENT_PATTERN = re.compile(
    "|".join(rf"(?P<{kind}>\b(?:{'|'.join(words)})\b)" for kind, words in _EVENT_WORDS.items()),
    re.IGNORECASE,
)

IN_FORCE = re.compile(
    r"\b(?:(?:long[ -])?existing|still (?:in force|in place|active|operat\w+|function\w*)|"
    r"remain(?:s|ed)? (?:in force|in place|active|open)|continu(?:es|ed) to (?:operate|function|work|meet)|"
    r"(?:currently|now) (?:active|operat\w+|in place)|cooperate(?:s)? (?:closely|regularly|actively)?|"
    r"(?<!to )(?:work|works|participate|participates) (?:closely |regularly |actively )?(?:with|in))\b",
    re.IGNORECASE,
)
"""Words that say a link still holds, or works now ("cooperate closely", "participates in"):
evidence for the change that opened its period."""

HELD = re.compile(
    r"\b(?:(?:has|have|had) (?:also |repeatedly |regularly |often |long )?(?:worked|cooperated|participated|taken part)"
    r"|(?:participated|took part|cooperated) (?:\w+ )?(?:in|with))\b",
    re.IGNORECASE,
)
"""Words that say a link worked at some time before ("have repeatedly participated in"):
evidence for the last period it was in force before the date."""

ANNOUNCING = re.compile(
    r"\b(?:announc(?:ed|ing|ement)|declared|said (?:it|that|they) would|decided|notified|stated that|"
    r"would|will|plans? to|intends? to)\b",
    re.IGNORECASE,
)
"""Words that make what follows an announcement rather than a change in effect."""


_NEGATED = re.compile(r"\b(?:not|never|no longer|n't)(?:\s+\w+){0,2}\s*$", re.IGNORECASE)
"""A cue with "not", "never" or "no longer" in the three words before it did not happen."""


ISSUING = re.compile(r"issu|adopt", re.IGNORECASE)
"""Cues that only an agreement takes ("issued a statement", "adopted a declaration"): a
channel is not issued."""


def find_cues(text: str) -> list[Cue]:
    """Every status cue in ``text`` that is not negated ("have not joined"), in order.

    >>> [c.text for c in find_cues("They have not formally joined; the deal was not yet signed.")]
    ['not yet signed']
    """
    cues = []
    for match in _STATUS_PATTERN.finditer(text):
        if _NEGATED.search(text[max(0, match.start() - 40):match.start()]):
            continue
        status = Status[next(name for name, value in match.groupdict().items() if value)]
        cues.append(Cue(match.start(), match.end(), match[0], status))
    return cues


def find_event_cues(text: str) -> list[EventCue]:
    """Every event cue in ``text``, in order."""
    cues = []
    for match in _EVENT_PATTERN.finditer(text):
        kind = next(name for name, value in match.groupdict().items() if value)
        cues.append(EventCue(match.start(), match.end(), match[0], kind))
    return cues


SUGGESTING = re.compile(
    r"\b(?:suggest(?:ed|s|ing|ions?)?|propos(?:ed|es|ing|als?)|recommend(?:ed|s|ations?)?|call(?:ed|s)? for|"
    r"urg(?:ed|es)|should|could|ought to|options? for|ideas? for)\b",
    re.IGNORECASE,
)
"""Words that make what follows an idea put forward, not a change that happened."""


def is_suggestion(sentence: str, cue_start: int) -> bool:
    """Whether the words before the cue (at ``cue_start`` in ``sentence``) only suggest it.

    >>> is_suggestion("Experts suggested the reopening of the office.", 24)
    True
    """
    return SUGGESTING.search(sentence[:cue_start]) is not None


def is_announcement(sentence: str, cue_start: int) -> bool:
    """Whether the words before the cue (at ``cue_start`` in ``sentence``) announce it."""
    return ANNOUNCING.search(sentence[:cue_start]) is not None
