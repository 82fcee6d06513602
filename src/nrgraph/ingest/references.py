"""References: the link a sentence describes by the words of its names, and the link a
sentence refers back to ("it", "the treaty", "Russian participation") from the one before.
"""

from __future__ import annotations

import re
from dataclasses import replace

from nrgraph.ingest.known import Known
from nrgraph.ingest.mentions import Mention
from nrgraph.ingest.naming import found_in

__all__ = ["LINK_ROLES", "with_described", "with_referred_back"]

LINK_ROLES = frozenset({"channel", "agreement"})
"""The roles of the resources whose status changes: channels and agreements."""


def with_described(mentions: list[Mention], text: str, start: int, end: int, known: Known) -> list[Mention]:
    """The sentence's mentions, and the link it describes by the words of its names when it
    names none ("Russia bought Israeli drones" for "Russian purchase of Israeli UAVs")."""
    if any(m.role in LINK_ROLES for m in mentions):
        return mentions
    described = known.link_described(text[start:end])
    if described is None:
        return mentions
    moved = replace(described, start=described.start + start, end=described.end + start)
    return sorted([*mentions, moved], key=lambda m: m.start)


_LINK_NOUNS = (
    r"(?:treaty|agreement|accord|deal|contract|channel|line|hotline|mission|office|talks|cooperation|programme|"
    r"program|project|arrangement|memorandum|participation|dialogue|operation|exercises?|licence|license|purchase|"
    r"sale)"
)
_REFERENCE = re.compile(
    r"\b(?:[Ii]t|[Tt]his|[Tt]hese|"
    r"(?:[Tt]he|[Tt]his|[Tt]hat|[A-Z][a-z]+(?:ian|an|ese|ish)|[A-Z][A-Za-z]+['’]s)\s+(?:[a-z$][\w$-]*\s+){0,3}?"
    rf"{_LINK_NOUNS})\b"
)
"""A definite reference to a link: "it", "the treaty", "this cooperation", "the new deal", or
with a demonym or a possessive, "Russian participation", "NATO's programme"."""
_INDEFINITE = re.compile(rf"\b(?:[Aa]n?|[Oo]ne)\s+(?:[\w$-]+\s+){{0,3}}?{_LINK_NOUNS}\b")
"""An indefinite one ("an initial deal"): a reference only when a year picks the link."""


def with_referred_back(
    mentions: list[Mention], text: str, start: int, end: int, previous: list[Mention],
) -> list[Mention]:
    """The sentence's mentions, and, when it names no channel or agreement but refers to one
    ("it", "the treaty", "this cooperation", "the new deal", "Russian participation": a
    definite, demonstrative or possessive reference, not "a deal" nor "its", which more often
    means an actor), the last link named in the sentence before it in the same paragraph, at
    the referring words. When the sentence before described several links equally, a year of
    one's label in this sentence picks it, and then "an initial deal" refers to it too."""
    if not previous or any(m.role in LINK_ROLES for m in mentions):
        return mentions
    candidates = previous[-1:]
    equally = len(previous) > 1 and all(m.words for m in previous)
    if equally:  # described equally: a year here may tell
        candidates = [m for m in previous if any(w.isdigit() for w, _, _ in found_in(m.words, text[start:end]))]
    reference = _REFERENCE.search(text, start, end) or (
        _INDEFINITE.search(text, start, end) if equally and len(candidates) == 1 else None
    )
    if reference is None or len(candidates) != 1:
        return mentions
    link = candidates[0]
    back = Mention(reference.start(), reference.end(), reference[0], link.iri, link.role,
                   f"{reference[0]!r}, referring back to {link.text!r} in the sentence before")
    return sorted([*mentions, back], key=lambda m: m.start)
