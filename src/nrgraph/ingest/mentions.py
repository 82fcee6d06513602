"""Mentions of the graph's actors, channels and agreements in a text, by label and alias.

Matching tolerates case (for names of several words), dashes ("NATO–Russia" for
"NATO-Russia"), curly apostrophes, possessives and plurals ("the Council's", "INCSEAs").
Acronyms and one-word names match only as written, so "US" is not "us". After a name of
several words, "the" and its last word ("the Council" after "the NATO–Russia Council")
refer back to it until another name with that last word appears.

>>> names = Gazetteer([("id:nrc", "channel", "NATO-Russia Council"), ("id:us", "actor", "US")])
>>> [(m.text, m.iri) for m in names.find("The NATO–Russia Council's work; the Council met us.")]
[("NATO–Russia Council's", 'id:nrc'), ('the Council', 'id:nrc')]
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

__all__ = ["Gazetteer", "Mention", "candidate_names"]

_DASHES = str.maketrans({"–": "-", "—": "-", "‑": "-", "‐": "-", "’": "'", "‘": "'", "\u00a0": " "})
_SUFFIX = r"(?:'s|s'|'|s|es)?"


def normalise(text: str) -> str:
    """``text`` with dashes, apostrophes and no-break spaces made plain, same length."""
    return text.translate(_DASHES)


@dataclass(frozen=True)
class Mention:
    """``text[start:end]`` names the resource ``iri`` (an actor, a channel or an agreement)."""

    start: int
    end: int
    text: str
    iri: str
    role: str
    name: str
    """The label or alias that matched (or "the <word>" for a reference back)."""
    words: tuple[str, ...] = ()
    """For a link described rather than named, its naming words (:mod:`nrgraph.ingest.naming`)."""


_PLACE_HEADS = ("Mission", "Office", "Embassy", "Representation", "Bureau", "Centre", "Center")
_DEMONYMS = {"Russia": "Russian", "the United States": "US", "the Soviet Union": "Soviet", "NATO": "NATO"}


def variants(name: str) -> set[str]:
    """Other ways a text writes ``name``: without a trailing "(2015)", with or without "in"
    before a place, "Russian Embassy" for "Embassy of Russia", "MoU" for "Memorandum", and
    without the parties before a name of two capitalised words or more ("Permanent Joint
    Council" for "NATO-Russia Permanent Joint Council"), without the word "Office" or
    "Mission" before a place ("Liaison at SHAPE" for "Liaison Office at SHAPE").

    >>> sorted(variants("Embassy of Russia in Washington"))  # doctest: +NORMALIZE_WHITESPACE
    ['Embassy of Russia Washington', 'Embassy of Russia in Washington',
     'Russian Embassy Washington', 'Russian Embassy in Washington']
    >>> sorted(variants("NATO-Russia Permanent Joint Council"))
    ['NATO-Russia Permanent Joint Council', 'Permanent Joint Council']
    """
    found = {name, re.sub(r"\s*\([^)]*\)$", "", name)}
    for text in list(found):
        words = text.split()
        if len(words) > 2 and words[-2] == "in":
            found.add(" ".join(words[:-2] + words[-1:]))
        elif len(words) > 1 and words[-2] in _PLACE_HEADS and words[-1][:1].isupper():
            found.add(" ".join([*words[:-1], "in", words[-1]]))
    for text in list(found):
        words = text.split()
        if len(words) > 2 and re.fullmatch(r"[A-Z][\w.]*-[A-Z][\w.]*", words[0]) and words[1][:1].isupper():
            found.add(" ".join(words[1:]))  # "Permanent Joint Council" for "NATO-Russia Permanent Joint Council"
        office = re.fullmatch(rf"(\S+(?: \S+)+) (?:{'|'.join(_PLACE_HEADS)}) ((?:at|in) .+)", text, re.IGNORECASE)
        if office:  # "Russian Military Liaison at SHAPE" for "Russian Military Liaison Office at SHAPE"
            found.add(f"{office[1]} {office[2]}")
        for country, adjective in _DEMONYMS.items():
            match = re.match(rf"^(\w+) of {country}\b(.*)$", text)
            if match:
                found.add(f"{adjective} {match[1]}{match[2]}")
        if "Memorandum" in text:
            found.add(text.replace("Memorandum of Understanding", "MoU").replace("Memorandum", "MoU"))
    return {v for v in found if v}


def _is_exact(name: str) -> bool:
    """One-word names and acronyms match only as written."""
    return " " not in name.strip() or name.replace(" ", "").isupper()


def _pattern(names: Iterable[str]) -> re.Pattern[str] | None:
    ordered = sorted({n for n in names if n}, key=len, reverse=True)
    if not ordered:
        return None
    alternatives = "|".join(
        re.sub(r"(?<![\w\\])(US)(?!\w)", r"U\\.?S\\.?", re.escape(normalise(n)).replace(r"\ ", r"\s+"))
        for n in ordered
    )
    return re.compile(rf"(?<![\w-])(?:{alternatives}){_SUFFIX}(?![\w-])")


_TOKEN = {"mou": r"(?:mou|memorandum(?:\s+of\s+understanding)?)", "us": r"u\.?s\.?"}
_BETWEEN = r"(?:\s*\([^)]{1,15}\))?(?:\s+|\s*-\s*)(?:the\s+)?"


def canonical(text: str) -> str:
    """A name of several words as it is compared: lower case, without "the", a short
    parenthesis ("(MOU)", "(2015)") or dashes, "US" for "U.S.", "mou" for "Memorandum".

    >>> canonical("the U.S.-Russia Memorandum of Understanding (MOU) on Syria")
    'us russia mou on syria'
    """
    plain = re.sub(r"\s*\([^)]{1,15}\)", " ", normalise(text).lower())
    plain = re.sub(r"u\.s\.?", "us", plain)
    plain = plain.replace("memorandum of understanding", "mou").replace("memorandum", "mou")
    return " ".join(w for w in re.split(r"[\s-]+", plain) if w and w != "the")


def _loose_pattern(names: Iterable[str]) -> re.Pattern[str] | None:
    ordered = sorted({n for n in names if n}, key=len, reverse=True)
    if not ordered:
        return None
    alternatives = "|".join(_BETWEEN.join(_TOKEN.get(t, re.escape(t)) for t in n.split()) for n in ordered)
    return re.compile(rf"(?<![\w-])(?:{alternatives}){_SUFFIX}(?![\w-])")


_SPELLED_OUT = re.compile(r"((?:[A-Z][\w'-]*\s+(?:(?:of|in|for|and|on|the)\s+)*){2,10})\(([A-Z]{2,8})\)")


def abbreviated(text: str) -> str:
    """``text`` with each name spelled out before its acronym blanked, leaving the acronym
    (same length): the acronym's letters must be the initials of the name's capitalised words.

    >>> text = "in the Supreme Headquarters Allied Powers Europe (SHAPE) today"
    >>> " ".join(abbreviated(text).split()), len(abbreviated(text)) == len(text)
    ('in the SHAPE today', True)
    >>> abbreviated("the Council of Europe (NRC)")
    'the Council of Europe (NRC)'
    """
    def blank(match: re.Match[str]) -> str:
        words = match[1].split()
        for first in range(len(words)):
            initials = "".join(w[0] for w in words[first:] if w[0].isupper())
            if words[first][0].isupper() and initials == match[2]:
                kept = " ".join(words[:first])
                kept += " " if kept else ""
                return kept + " " * (len(match[0]) - len(kept) - len(match[2]) - 1) + match[2] + " "
        return match[0]

    return _SPELLED_OUT.sub(blank, text)


def _changed(a: str, b: str) -> list[tuple[int, int]]:
    """The spans where two texts of the same length differ, one per run."""
    spans: list[tuple[int, int]] = []
    for i in (i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y):
        if spans and i - spans[-1][1] <= 1:
            spans[-1] = (spans[-1][0], i + 1)
        else:
            spans.append((i, i + 1))
    return spans


class Gazetteer:
    """The names of the graph's resources, compiled for matching.

    ``entries`` are ``(iri, role, name)``: role is ``actor``, ``channel`` or ``agreement``.
    """

    def __init__(self, entries: Iterable[tuple[str, str, str]]) -> None:
        self.by_name: dict[str, tuple[str, str]] = {}
        exact: list[str] = []
        loose: list[str] = []
        for iri, role, label in entries:
            for name in variants(label.strip()):
                if len(name) < 2:
                    continue
                key = normalise(name) if _is_exact(name) else canonical(name)
                self.by_name.setdefault(key, (iri, role))
                (exact if _is_exact(name) else loose).append(key)
        self._exact = _pattern(exact)
        self._loose = _loose_pattern(loose)

    def _lookup(self, matched: str, exact: bool) -> tuple[str, tuple[str, str]] | None:
        text = re.sub(r"U\.S\.?", "US", re.sub(r"\s+", " ", normalise(matched))) if exact else canonical(matched)
        for key in (text, re.sub(r"(?:'s|s'|'|es|s)$", "", text), re.sub(r"(?:'s|s'|'|s)$", "", text)):
            if key in self.by_name:
                return key, self.by_name[key]
        return None

    def find(self, text: str) -> list[Mention]:
        """Every mention in ``text``, in order, without overlaps (the longer name wins). A name
        spelled out before its acronym ("the Supreme Headquarters Allied Powers Europe (SHAPE)")
        is also read as the acronym, so that a name holding the acronym matches it."""
        plain = normalise(text)
        short = abbreviated(plain)
        windows = [(max(0, a - 200), b + 200) for a, b in _changed(plain, short)]
        whole = [(0, len(plain))]
        found: list[Mention] = []
        passes = [(self._loose, False, short, windows), (self._loose, False, plain, whole),
                  (self._exact, True, short, windows), (self._exact, True, plain, whole)]
        for pattern, exact, read, spans in passes:
            if pattern is None:
                continue
            haystack = read.lower() if not exact else read
            for match in (m for a, b in spans for m in pattern.finditer(haystack, a, b)):
                hit = self._lookup(read[match.start():match.end()], exact)
                if hit is None or any(match.start() < m.end and m.start < match.end() for m in found):
                    continue
                name, (iri, role) = hit
                found.append(Mention(match.start(), match.end(), text[match.start():match.end()], iri, role, name))
        found.sort(key=lambda m: m.start)
        return self._references_back(text, found)

    def _references_back(self, text: str, found: list[Mention]) -> list[Mention]:
        """Add "the Council" for the last mention whose name ends in "Council"."""
        heads: list[tuple[int, str, Mention]] = []
        for mention in found:
            words = mention.name.split()
            if len(words) > 1 and words[-1].capitalize() in _HEAD_WORDS:
                heads.append((mention.end, words[-1].lower(), mention))
        if not heads:
            return found
        added = []
        for match in re.finditer(r"\b[Tt]he\s+([A-Z][a-z]+)(?:'s)?\b", text):
            head = match[1].lower()
            earlier = [m for end, h, m in heads if h == head and end <= match.start()]
            if earlier and not any(match.start() < m.end and m.start < match.end() for m in found):
                back = earlier[-1]
                added.append(Mention(match.start(), match.end(), match[0], back.iri, back.role, f"the {match[1]}"))
        return sorted(found + added, key=lambda m: m.start)


_HEADS = {
    "agreement": ("Treaty", "Agreement", "Memorandum", "Accord", "Protocol", "Convention", "Declaration", "Act",
                  "Charter", "Statement"),
    "channel": ("Council", "Mission", "Office", "Line", "Hotline", "Channel", "Committee", "Group", "Forum",
                "Commission", "Dialogue", "Centre", "Center", "Programme", "Program", "Initiative"),
}
_HEAD_WORDS = frozenset(word for heads in _HEADS.values() for word in heads) | {"Embassy", "Alliance", "Bureau"}
_CAPITALISED = re.compile(
    r"(?<![\w-])(?:[A-Z][\w'’.-]*|of|the|on|for|and|in|between)(?:\s+(?:[A-Z][\w'’.-]*|of|the|on|for|and|in|between))+"
)


def candidate_names(text: str, known: list[Mention]) -> list[tuple[int, int, str, str]]:
    """Capitalised names in ``text`` that the graph does not know and that look like a link.

    Returns ``(start, end, name, role)``: a name ending in a word such as "Treaty" or
    "Agreement" is a candidate agreement, one ending in "Council" or "Mission" a candidate
    channel.
    """
    found = []
    for match in _CAPITALISED.finditer(text):
        for piece in re.finditer(r"\S.*?(?=\s+and\s+(?:the\s+)?[A-Z]|$)", match[0]):
            words = piece[0].split()
            if words and words[0] == "and":
                words.pop(0)
            while words and not words[-1][:1].isupper():
                words.pop()
            while words and not words[0][:1].isupper():
                words.pop(0)
            if len(words) < 2:
                continue
            name = " ".join(words)
            start = match.start() + piece.start() + piece[0].index(words[0])
            end = start + len(name)
            role = next((r for r, heads in _HEADS.items() if words[-1].rstrip("s") in heads), None)
            if role is None or text[start:end] != name or any(start < m.end and m.start < end for m in known):
                continue
            found.append((start, end, name, role))
    return found
