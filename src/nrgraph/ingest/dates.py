"""Dates in a text, each with its precision, its character span and, when it was resolved or
rounded, a note saying how.

Absolute dates keep the precision the text gives ("18 October 2021" a day, "October 2021" a
month, "2007" a year); "in late 2010" or "the spring of 2009" are kept as the year, with a
note. Relative dates ("this year", "last month", "on Monday", "1 November" without a year)
are resolved against the document's date, with a note, and only when that date is precise
enough: "last month" needs a month, "on Monday" a day; "recent", "recently" (not "in recent
years"), "earlier this year" and "this week" are read as the document's year, "the last four
years" as the year they began; "recent" and
"recently" are vague, and may also mean any of the three years before (``since``).

>>> [(str(d.date), d.text) for d in find_dates("Signed on 27 May 1997, in force in 1998.")]
[('1997-05-27', '27 May 1997'), ('1998', '1998')]
>>> d, = find_dates("it happened last year", FuzzyDate.parse("2011-02"))
>>> str(d.date), d.note
('2010', "'last year' resolved against the document's date, 2011-02")
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass

from nrgraph.fuzzydate import FuzzyDate, Precision

__all__ = ["DateMention", "find_dates"]

_MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): number for number, name in enumerate(calendar.month_abbr) if name})
_MONTHS["sept"] = 9
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_YEAR = r"(?P<year>1[89]\d\d|20\d\d)(?![\d\-–]?\d)(?!s\b)"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_WEEKDAYS = {name.lower(): number for number, name in enumerate(calendar.day_name)}
_SEASON = r"(?:spring|summer|autumn|fall|winter)"
_PART = rf"(?P<part>early|mid|late|the (?:end|beginning|start|middle|{_SEASON}) of|{_SEASON}(?: of)?)"


@dataclass(frozen=True)
class DateMention:
    """A date found in a text: ``text[start:end]`` means ``date``."""

    start: int
    end: int
    text: str
    date: FuzzyDate
    note: str | None = None
    since: FuzzyDate | None = None
    """For a vague date ("recently"), the earliest it may mean: ``date`` is then its latest."""

    @property
    def precision(self) -> Precision:
        """Day, month or year."""
        return self.date.precision


_ABSOLUTE: list[tuple[str, re.Pattern[str]]] = [
    ("day-month-year", re.compile(rf"\b{_DAY}\s+{_MONTH},?\s+{_YEAR}", re.IGNORECASE)),
    ("month-day-year", re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}", re.IGNORECASE)),
    ("part-year", re.compile(rf"\b{_PART}\s+{_YEAR}", re.IGNORECASE)),
    ("month-year", re.compile(rf"\b{_MONTH},?\s+(?:of\s+)?{_YEAR}", re.IGNORECASE)),
    ("day-month", re.compile(rf"\b{_DAY}\s+{_MONTH}\b(?!,?\s+\d)", re.IGNORECASE)),
    ("month-day", re.compile(rf"\b{_MONTH}\s+{_DAY}\b(?!,?\s+\d)(?![\d:])", re.IGNORECASE)),
    ("year", re.compile(rf"(?<![\d$£€.,/-])(?<!than )(?<!some )(?<!nearly )(?<!almost ){_YEAR}", re.IGNORECASE)),
]
_RELATIVE = re.compile(
    r"\b(?P<which>[Tt]his|[Ll]ast|[Nn]ext|[Pp]revious|[Pp]ast)\s+(?P<unit>year|month)\b"
    r"|\b(?P<near>today|yesterday)\b"
    r"|\b(?P<recent>[Rr]ecent(?:ly)?(?!\s+(?:years|decades|months|times))|[Ee]arlier this year"
    r"|(?:[Tt]his|[Ll]ast) week)\b"
    r"|\b[Oo]n\s+(?P<weekday>" + "|".join(d.capitalize() for d in _WEEKDAYS) + r")\b"
    r"|\b[Tt]he\s+(?:last|past)\s+(?P<count>two|three|four|five|six|seven|eight|nine|ten|\d{1,2})\s+years\b"
)
_COUNTS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}
_MONTH_ONLY = re.compile(rf"\b(?:[Ii]n|[Tt]he|at|by|since|until)\s+(?i:{_MONTH})\b(?!,?\s+(?:of\s+)?\d)")


def find_dates(text: str, document_date: FuzzyDate | None = None) -> list[DateMention]:
    """Every date in ``text``, in order, without overlaps (the longer reading wins)."""
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    for mention in _candidates(text, document_date):
        if any(mention.start < end and start < mention.end for start, end in taken):
            continue
        found.append(mention)
        taken.append((mention.start, mention.end))
    return sorted(found, key=lambda m: m.start)


def _candidates(text: str, document_date: FuzzyDate | None) -> Iterator[DateMention]:
    for form, pattern in _ABSOLUTE:
        for match in pattern.finditer(text):
            mention = _absolute(form, match, text, document_date)
            if mention is not None:
                yield mention
    if document_date is None:
        return
    for match in _RELATIVE.finditer(text):
        mention = _relative(match, document_date)
        if mention is not None:
            yield mention
    for match in _MONTH_ONLY.finditer(text):
        month = _MONTHS[match["month"].lower()]
        if match["month"][0].isupper() and month:
            named = _year_before(text, match.start())
            year = named or document_date.earliest.year
            date = FuzzyDate(dt.date(year, month, 1), Precision.MONTH)
            whose = "the year last named before it" if named else "the document's year"
            note = f"{match['month']!r} has no year; read as {date} ({whose})"
            yield DateMention(match.start("month"), match.end("month"), match["month"], date, note)


def _absolute(form: str, match: re.Match[str], text: str, document_date: FuzzyDate | None) -> DateMention | None:
    groups = match.groupdict()
    if groups.get("month") and not groups["month"][0].isupper():
        return None  # "may", "march" as verbs
    year = int(groups["year"]) if groups.get("year") else _year_before(text, match.start())
    note = None
    if year is None:
        if document_date is None:
            return None
        year = document_date.earliest.year
        note = f"{match[0]!r} has no year; the document's year ({year}) is assumed"
    elif not groups.get("year"):
        note = f"{match[0]!r} has no year; {year}, the year last named before it, is assumed"
    month = _MONTHS[groups["month"].lower()] if groups.get("month") else None
    try:
        if form == "part-year":
            date = FuzzyDate(dt.date(year, 1, 1), Precision.YEAR)
            note = f"{match[0]!r}: kept as the year {year}"
        elif month is not None and groups.get("day"):
            date = FuzzyDate(dt.date(year, month, int(groups["day"])), Precision.DAY)
        elif month is not None:
            date = FuzzyDate(dt.date(year, month, 1), Precision.MONTH)
        else:
            date = FuzzyDate(dt.date(year, 1, 1), Precision.YEAR)
    except ValueError:
        return None  # "31 February"
    return DateMention(match.start(), match.end(), match[0], date, note)


def _year_before(text: str, offset: int) -> int | None:
    """The last year written in the 400 characters before ``offset``, if any."""
    years = re.findall(r"(?<!\d)(1[89]\d\d|20\d\d)(?!\d)", text[max(0, offset - 400):offset])
    return int(years[-1]) if years else None


def _relative(match: re.Match[str], document_date: FuzzyDate) -> DateMention | None:
    anchor = document_date.earliest
    phrase = match[0]
    date: FuzzyDate | None = None
    if match["unit"] == "year":
        shift = {"this": 0, "next": 1}.get(match["which"].lower(), -1)
        date = FuzzyDate(dt.date(anchor.year + shift, 1, 1), Precision.YEAR)
    elif match["unit"] == "month" and document_date.precision is not Precision.YEAR:
        shift = {"this": 0, "next": 1}.get(match["which"].lower(), -1)
        index = anchor.year * 12 + anchor.month - 1 + shift
        date = FuzzyDate(dt.date(index // 12, index % 12 + 1, 1), Precision.MONTH)
    elif match["count"]:  # "the last four years": when they began
        count = _COUNTS.get(match["count"].lower()) or int(match["count"])
        date = FuzzyDate(dt.date(anchor.year - count, 1, 1), Precision.YEAR)
    elif match["recent"]:
        date = FuzzyDate(dt.date(anchor.year, 1, 1), Precision.YEAR)
    elif document_date.precision is Precision.DAY and match["near"]:
        date = FuzzyDate(anchor - dt.timedelta(days=0 if match["near"].lower() == "today" else 1), Precision.DAY)
    elif document_date.precision is Precision.DAY and match["weekday"]:
        back = (anchor.weekday() - _WEEKDAYS[match["weekday"].lower()]) % 7
        date = FuzzyDate(anchor - dt.timedelta(days=back), Precision.DAY)
    if date is None:
        return None
    note = f"{phrase!r} resolved against the document's date, {document_date}"
    since = None
    if match["recent"] and phrase.lower().startswith("recent"):
        since = FuzzyDate(dt.date(anchor.year - RECENT_YEARS, 1, 1), Precision.YEAR)
        note += f"; vague: any year from {since} may be meant"
    return DateMention(match.start(), match.end(), phrase, date, note, since)


RECENT_YEARS = 3
"""How many years before the document's "recent" and "recently" may reach."""
