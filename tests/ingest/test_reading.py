"""Reading documents: paragraphs numbered as the data's locators count them, dates with
their precision, and a clear refusal of bad input that writes nothing."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pypdf import PdfWriter
from rdflib import Graph

from nrgraph.errors import UnreadableDocument
from nrgraph.fuzzydate import FuzzyDate, Precision
from nrgraph.ingest.dates import find_dates
from nrgraph.ingest.document import read_document

from ..conftest import ROOT

SEEDS = next(
    (p for p in (ROOT.parent / "shared" / "seeds", ROOT.parent.parent / "shared" / "seeds") if p.is_dir()), None
)
SOURCES = {
    "000": "src-nadtochey-2023", "001": "src-eln-liia-2021", "002": "src-ivanov-2011",
    "003": "src-rmr-blog-2011-2014", "004": "src-hunter-rogov-2004",
}
CITED_WORDING = """
PREFIX nrg: <https://w3id.org/nrgraph/ontology#>
SELECT ?source ?locator ?wording WHERE {
  ?fact nrg:citation ?c . ?c nrg:source ?source ; nrg:locator ?locator ; nrg:wording ?wording .
}"""


@pytest.mark.skipif(SEEDS is None, reason="the seed documents (../shared/seeds/) are not beside the checkout")
@pytest.mark.parametrize("prefix", sorted(SOURCES))
def test_paragraph_numbers_match_the_data_locators_on_every_seed(prefix: str) -> None:
    assert SEEDS is not None
    document = read_document(next(SEEDS.glob(f"{prefix}_*.txt")))
    data = Graph()
    for file in (ROOT / "data").glob("*.ttl"):
        data.parse(file)
    checked = 0
    for row in data.query(CITED_WORDING):
        if not str(row.source).endswith(SOURCES[prefix]):
            continue
        match = re.fullmatch(r"P(\d+)", str(row.locator))
        if match is None:
            continue
        paragraph = document.paragraphs[int(match[1]) - 1]
        assert paragraph.locator == str(row.locator)
        assert str(row.wording).lower() in paragraph.text.lower().replace("’", "'"), (row.locator, row.wording)
        checked += 1
    last = max(
        (int(m[1]) for row in data.query(CITED_WORDING.replace("nrg:wording ?wording", "nrg:locator ?l2"))
         if str(row.source).endswith(SOURCES[prefix]) and (m := re.fullmatch(r"P(\d+)", str(row.locator)))),
        default=0,
    )
    assert checked > 0 or prefix == "004"
    assert last <= len(document.paragraphs)


@pytest.mark.parametrize(("text", "value", "precision", "noted"), [
    ("signed on 18 October 2021 in Paris", "2021-10-18", Precision.DAY, False),
    ("signed on October 18, 2021 in Paris", "2021-10-18", Precision.DAY, False),
    ("in October 2021 the mission", "2021-10", Precision.MONTH, False),
    ("the moratorium of 2007 held", "2007", Precision.YEAR, False),
    ("in late 2010 talks resumed", "2010", Precision.YEAR, True),
    ("since the spring of 2009 goods moved", "2009", Precision.YEAR, True),
])
def test_absolute_dates_keep_their_precision_and_span(text: str, value: str, precision: Precision, noted: bool) -> None:
    (date,) = find_dates(text)
    assert (str(date.date), date.precision) == (value, precision)
    assert text[date.start:date.end] == date.text
    assert (date.note is not None) == noted


@pytest.mark.parametrize(("text", "document_date", "value"), [
    ("this year the council met", "2021-06-04", "2021"),
    ("last year was a success", "2011", "2010"),
    ("last month the office closed", "2021-12-08", "2021-11"),
    ("on Monday Russia said", "2021-10-20", "2021-10-18"),
    ("from 1 November the mission stops", "2021-10-18", "2021-11-01"),
])
def test_relative_dates_are_resolved_against_the_document_date(text: str, document_date: str, value: str) -> None:
    (date,) = find_dates(text, FuzzyDate.parse(document_date))
    assert str(date.date) == value
    assert date.note


def test_relative_dates_are_left_alone_when_the_document_date_is_too_coarse() -> None:
    assert find_dates("last month it closed", FuzzyDate.parse("2021")) == []
    assert find_dates("on Monday it closed", FuzzyDate.parse("2021-10")) == []


def test_html_markdown_and_pdf_are_read_with_their_dates(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(
        "<html><head><meta name='date' content='2021-10-19'><title>t</title></head><body>"
        "<nav>Menu Home About</nav><article><p>Russia suspended its mission to NATO on 1 November 2021, "
        "a long paragraph that makes the article the main text of the page.</p>"
        "<p>The NATO Information Office in Moscow was closed the same day, the ministry said.</p></article>"
        "</body></html>", encoding="utf-8",
    )
    html = read_document(page)
    assert "suspended its mission" in html.text
    assert "Menu" not in html.text
    assert str(html.date) == "2021-10-19"
    note = tmp_path / "note.md"
    note.write_text("---\ndate: 2021-06\n---\n# Title\n\nSome **bold** text.\n", encoding="utf-8")
    markdown = read_document(note)
    assert [p.text for p in markdown.paragraphs] == ["Title", "Some bold text."]
    assert str(markdown.date) == "2021-06"
    assert str(read_document(note, date=FuzzyDate.parse("2020")).date) == "2020"


def _pdf_with_text(path: Path, text: str) -> None:
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    path.write_bytes(bytes(out))


def test_a_pdf_with_text_is_read(tmp_path: Path) -> None:
    path = tmp_path / "statement.pdf"
    _pdf_with_text(path, "The Test Treaty was suspended in 2007.")
    assert read_document(path).paragraphs[0].text == "The Test Treaty was suspended in 2007."


def _blank_pdf(path: Path) -> None:
    writer = PdfWriter()
    writer.add_blank_page(width=612, height=792)
    with path.open("wb") as handle:
        writer.write(handle)


@pytest.mark.parametrize(("name", "make", "message"), [
    ("empty.txt", lambda p: p.write_bytes(b""), "the file is empty"),
    ("blank.txt", lambda p: p.write_bytes(b"  \n\n \t\n"), "the file is empty"),
    ("image.txt", lambda p: p.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), "a binary file"),
    ("latin1.txt", lambda p: p.write_bytes("Caf\xe9".encode("latin-1")), "not UTF-8"),
    ("scan.pdf", _blank_pdf, "no text could be extracted"),
    ("broken.pdf", lambda p: p.write_bytes(b"%PDF-1.4 not really"), "PDF"),
    ("missing.txt", lambda p: None, "no such file"),
])
def test_bad_input_is_refused_with_the_file_named(tmp_path: Path, name: str, make: object, message: str) -> None:
    path = tmp_path / name
    make(path)  # type: ignore[operator]
    with pytest.raises(UnreadableDocument, match=message) as caught:
        read_document(path)
    assert str(path) in str(caught.value)


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    with pytest.raises(UnreadableDocument, match=r"52,428,800 bytes is more than the limit of 20,000,000"):
        read_document(path)
