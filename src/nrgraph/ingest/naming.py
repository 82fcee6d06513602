"""Naming words: the words of a curated label that single out its resource among all the
others ("Wales" in "NATO summit in Wales", "Panhard" and "VBL" in "Negotiations on 500
Panhard VBL vehicles (2011)"), so that a text that describes a resource instead of giving
its name can still be linked to it.

A word names a resource when few labels hold it: "NATO", "meeting" or "signed" name none.
A text names a resource when it holds enough of its naming words: a proper name (or an
acronym) counts two, another word one, and it takes two; when two resources tie, the text
does not say which, and neither is named.

>>> words = naming_words([["NATO summit in Wales"], ["NATO summit in Riga"], ["NATO meeting"]], most=1)
>>> words
[('Wales',), ('Riga',), ('meeting',)]
>>> found_score(words[1], "the Riga summit"), found_score(words[1], "a summit")
(2, 0)
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from collections.abc import Iterable
from typing import TypeVar

__all__ = ["NAMED", "best", "found_in", "found_score", "naming_words", "places"]

T = TypeVar("T")

NAMED = 2
"""The score a text needs to name a resource."""

_COMMON_WORDS = frozenset({
    "with", "from", "into", "near", "over", "after", "their", "first", "second", "between", "the", "and", "for",
})
_WORD = re.compile(r"[A-Za-z][\w'-]*\w|(?<![\w.,])\d{2,}(?![\w.,]\d)")
_YEAR = re.compile(r"(?:1[89]|20)\d\d")


def _words(label: str) -> list[str]:
    """The words of a label that could name it: four letters or more, an acronym or a model
    name ("UAV", "An-124"), a number ("36") or a year; a compound of names is also taken
    apart; a possessive is dropped ("Obama's" names by "Obama").

    >>> _words("Oboronprom-IAI UAV assembly contract (2010)")
    ['Oboronprom-IAI', 'Oboronprom', 'IAI', 'UAV', 'assembly', 'contract', '2010']
    >>> _words("Obama's speech")
    ['Obama', 'speech']
    """
    found = []
    for word in (re.sub(r"'s$", "", w) for w in _WORD.findall(label.replace("’", "'"))):
        parts = word.split("-") if word[0].isupper() and "-" in word and not re.search(r"-\d", word) else []
        found += [word, *(p for p in parts if p[:1].isupper())]  # "Oboronprom-IAI": "Oboronprom", "IAI" too
    return [w for w in found
            if len(w) >= 4 or w[0].isdigit() or (len(w) == 3 and (w.isupper() or any(c.isdigit() for c in w)))]


def naming_words(names: list[list[str]], most: int = 3) -> list[tuple[str, ...]]:
    """For each resource (given by its names: a label and its aliases), the words of its names
    that are found in the names of at most ``most`` resources, and the years they hold
    (which tell "Purchase of drones (2009)" from "Purchase of drones (2010)"), proper names first.

    >>> naming_words([["Purchase of 36 drones (2010)"], ["Purchase of drones (2009)"]], most=1)
    [('36', '2010'), ('2009',)]
    """
    split = [list(dict.fromkeys(w for name in group for w in _words(name))) for group in names]
    seen: dict[str, int] = defaultdict(int)
    for words in split:
        for word in {w.lower() for w in words}:
            seen[word] += 1
    named = []
    for words in split:
        keep = [w for w in words
                if (seen[w.lower()] <= most or _YEAR.fullmatch(w)) and w.lower() not in _COMMON_WORDS]
        named.append(tuple(sorted(keep, key=lambda w: not w[0].isupper())))
    return named


def found_in(words: Iterable[str], text: str) -> list[tuple[str, int, int]]:
    """The naming ``words`` that ``text`` holds, with where: a proper name as written (with a
    plural or possessive), another word by its first six letters ("annexed" for
    "annexation") or its stem inflected ("train" or "trained" for "training", not "trainees"),
    a number or a year as written; a word spelled the British or American way in either.

    >>> [w for w, _, _ in found_in(["theatre", "defence"], "theater missile defense")]
    ['theatre', 'defence']
    """
    found = []
    starts = _starts(text)
    for word in words:
        if _start(word) not in starts:  # no word of the text begins so: no need to search
            continue
        match = _pattern(word).search(text)
        if match:
            found.append((word, match.start(), match.end()))
    return found


def _start(word: str) -> str:
    """The first four letters or digits of ``word`` ("An-124" gives "an"), in lower case."""
    return re.match(r"[^\W_]*", word.lower())[0][:4]  # type: ignore[index]


@functools.lru_cache(maxsize=512)
def _starts(text: str) -> frozenset[str]:
    """The first two, three and four letters (or digits) of each word of ``text``, in lower case."""
    tokens = re.findall(r"[^\W_]+", text.lower())
    return frozenset(t[:n] for t in tokens for n in (2, 3, 4))


@functools.lru_cache(maxsize=20_000)
def _pattern(word: str) -> re.Pattern[str]:
    if word[0].isdigit():
        return re.compile(rf"(?<![\w.,-]){word}(?![\w]|[.,]\d)")
    if word[0].isupper():
        return re.compile(rf"(?<![\w-]){_spellings(word)}(?![^\W_s])")
    either = _spellings(word)
    if either != re.escape(word):  # "defence", "theatre": the spelling varies in the ending the prefix would cut
        return re.compile(rf"(?<![\w-]){either}", re.IGNORECASE)
    stem = _stem(word)
    inflected = rf"|{re.escape(stem)}(?:ing|ed|es|s)?\b" if stem != word else ""
    return re.compile(rf"(?<![\w-])(?:{_spellings(word[:6])}{inflected})", re.IGNORECASE)


def _stem(word: str) -> str:
    """``word`` without an inflection ("training" gives "train"), when five letters or more remain.

    >>> _stem("training"), _stem("signed"), _stem("launches")
    ('train', 'signed', 'launch')
    """
    stem = re.sub(r"(?:ing|ed|es|s)$", "", word)
    return stem if len(stem) >= 5 else word


_BRITISH = [
    (r"our\b", "o(?:u)?r"), (r"ence\b", "en[cs]e"), (r"tre\b", "t(?:re|er)"), (r"is(e|ed|ing|ation)\b", r"i[sz]\1"),
    (r"amme\b", "am(?:me)?"),
]


def _spellings(word: str) -> str:
    """A pattern for ``word`` in British or American spelling ("Endeavour", "Endeavor";
    "defence", "defense"; "centre", "center").

    >>> bool(re.fullmatch(_spellings("Endeavour"), "Endeavor")), bool(re.fullmatch(_spellings("defence"), "defense"))
    (True, True)
    """
    pattern = re.escape(word)
    for british, either in _BRITISH:
        pattern = re.sub(british, either, pattern)
    return pattern


def found_score(words: Iterable[str], text: str) -> int:
    """How strongly ``text`` names the resource of ``words``: a proper name counts two, another
    word (or a number, or a year) one."""
    return sum(2 if w[0].isupper() else 1 for w, _, _ in found_in(words, text))


def best(scored: Iterable[tuple[int, T]]) -> T | None:
    """The one item with the highest score of at least :data:`NAMED`; None if none or a tie.

    >>> best([(3, "a"), (2, "b")]), best([(3, "a"), (3, "b")]), best([(1, "a")])
    ('a', None, None)
    """
    kept = [(score, item) for score, item in scored if score >= NAMED]
    if not kept:
        return None
    top = max(score for score, _ in kept)
    winners = [item for score, item in kept if score == top]
    return winners[0] if len(winners) == 1 else None


def places(words: tuple[str, ...], text: str) -> int:
    """In how many places apart (more than four characters) ``text`` holds the naming ``words``.

    >>> places(("Gulf", "Aden"), "in the Gulf of Aden"), places(("Antonov", "embassy"), "Antonov said the embassy")
    (1, 2)
    """
    spans = sorted((a, b) for _, a, b in found_in(words, text))
    places, end = 0, -10
    for a, b in spans:
        places += a - end > 4
        end = max(end, b)
    return places
