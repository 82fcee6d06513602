"""Numbered notes: the date of the source each note cites, against which a sentence with a
note marker ("¹") resolves its relative dates ("the last four years").

>>> from nrgraph.fuzzydate import FuzzyDate
>>> doc = Document.from_text("a.txt", "Cuts in the last four years.¹\\n1. A. Writer, Daily, May 2, 2019.")
>>> dates = find_dates(doc.text, FuzzyDate.parse("2023"))
>>> [str(d.date) for d in as_of_note(dates[:1], doc.text, 0, 29, note_dates(doc, dates))]
['2015']
"""

from __future__ import annotations

import re
from dataclasses import replace

from nrgraph.ingest.dates import DateMention, find_dates
from nrgraph.ingest.document import Document

__all__ = ["as_of_note", "note_dates"]

_SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")


def note_dates(document: Document, dates: list[DateMention]) -> dict[str, DateMention]:
    """The date of each numbered note ("1. A. Author, 'Title', Daily, January 26, 2022"): the
    first date of a month or a day in a paragraph that begins with its number."""
    notes: dict[str, DateMention] = {}
    for paragraph in document.paragraphs:
        number = re.match(r"[\s*•–-]*(\d{1,3})[.)]\s", paragraph.text)
        dated = [d for d in dates if paragraph.start <= d.start < paragraph.end and d.precision.value != "year"]
        if number and dated and number[1] not in notes:
            notes[number[1]] = dated[0]
    return notes


def as_of_note(
    dates: list[DateMention], text: str, start: int, end: int, notes: dict[str, DateMention],
) -> list[DateMention]:
    """A sentence's dates, its relative ones ("the last four years") resolved against the date
    of the source its note marker ("¹") cites, rather than the document's, when it has one."""
    marker = re.search(r"[⁰¹²³⁴⁵⁶⁷⁸⁹]+", text[start:end])
    note = notes.get(marker[0].translate(_SUPERSCRIPTS)) if marker else None
    if note is None:
        return dates
    source = f"the date of the source in note {marker[0].translate(_SUPERSCRIPTS)}" if marker else ""
    anchored = [
        replace(d, start=d.start + start, end=d.end + start, note=str(d.note).replace("the document's date", source))
        for d in find_dates(text[start:end], note.date) if d.note and "resolved against" in d.note
    ]
    kept = [d for d in dates if not any(d.start < a.end and a.start < d.end for a in anchored)]
    return sorted(kept + anchored, key=lambda d: d.start)
