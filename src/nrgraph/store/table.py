"""Query results as a table of text: SPARQL TSV, read without a term object per cell.

:meth:`~nrgraph.store.base.Store.table` answers a SELECT as the bytes of the SPARQL 1.1
TSV results format, which pyoxigraph writes in Rust (and a remote store's answer is turned
into, also in Rust). :func:`read_table` splits it into rows of cells, each cell a term in
Turtle syntax (``<iri>``, ``_:label``, ``"text"``, ``"text"@en``, ``"1"^^<datatype>``, a
bare ``1`` or ``true``; empty when unbound), and :func:`key` turns a cell into the plain
string the temporal engine keys everything by: an IRI's value, a literal's lexical form, a
blank node as ``_:label``.

The format escapes tab, newline and carriage return inside literals (``\\t``, ``\\n``,
``\\r``), so lines and cells split on the bare characters only; a row with the wrong number
of cells (a store that does not escape them) is refused with :class:`StoreError` rather
than read wrong. Lines split on ``\\n`` alone: ``str.splitlines`` would also split on
U+2028 and friends, which literals may hold as they are.
"""

from __future__ import annotations

import re
from functools import cached_property

import pyarrow as pa
import pyarrow.csv as pacsv

from nrgraph.errors import StoreError

__all__ = ["Table", "key", "literal", "read_table"]

_ESCAPE = re.compile(r"\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))", re.DOTALL)
_XSD = "http://www.w3.org/2001/XMLSchema#"
_BARE = re.compile(r"[+-]?(?:(\d+)|(\d*\.\d+)|((?:\d+\.?\d*|\.\d+)[eE][+-]?\d+))")
_CHARACTERS = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'", "\\": "\\"}


class Table:
    """The columns (variable names, without ``?``) of a SELECT and its rows, read from TSV on demand.

    :attr:`rows` splits the text into lists of cells in Python; :meth:`arrow` parses it in
    C++ into an Arrow table of string columns (pyarrow), for the hundreds of thousands of
    rows the temporal index reads, which it then groups and sorts without a Python object
    per cell.
    """

    def __init__(self, columns: tuple[str, ...], tsv: bytes, source: str) -> None:
        self.columns = columns
        self._tsv = tsv
        self._source = source

    @cached_property
    def _lines(self) -> list[str]:
        lines = self._tsv.decode("utf-8").split("\n")
        if lines and lines[-1] == "":
            lines.pop()
        return lines

    @cached_property
    def rows(self) -> list[list[str]]:
        """The rows as lists of cells; :class:`StoreError` if a row has the wrong number of cells."""
        width = len(self.columns)
        rows = [line.split("\t") for line in self._lines[1:]]
        for number, row in enumerate(rows, start=2):
            if len(row) != width:
                raise self._malformed(number, len(row))
        return rows

    def arrow(self) -> pa.Table:
        """The rows as an Arrow table of string columns named as :attr:`columns` (empty string: unbound)."""
        names = list(self.columns)
        end_of_header = self._tsv.find(b"\n")
        if end_of_header < 0 or end_of_header + 1 >= len(self._tsv):
            return pa.table({name: pa.array([], pa.string()) for name in names})
        try:
            return pacsv.read_csv(
                pa.py_buffer(self._tsv),
                read_options=pacsv.ReadOptions(column_names=names, skip_rows=1),
                parse_options=pacsv.ParseOptions(
                    delimiter="\t", quote_char=False, escape_char=False, ignore_empty_lines=False
                ),
                convert_options=pacsv.ConvertOptions(
                    column_types=dict.fromkeys(names, pa.string()), strings_can_be_null=False
                ),
            )
        except pa.ArrowInvalid:
            for number, line in enumerate(self._lines[1:], start=2):
                if line.count("\t") != len(names) - 1:
                    raise self._malformed(number, line.count("\t") + 1) from None
            raise StoreError(f"{self._source} sent TSV results that could not be read") from None

    def _malformed(self, number: int, cells: int) -> StoreError:
        return StoreError(
            f"{self._source} sent a TSV row (line {number}) with {cells} cells for {len(self.columns)} columns; "
            "a literal with an unescaped tab or newline?"
        )


def read_table(tsv: bytes, source: str = "the store") -> Table:
    """The header of SPARQL TSV results and its lines; :class:`StoreError` if there is no valid header."""
    first = tsv.split(b"\n", 1)[0].decode("utf-8")
    if not first:
        raise StoreError(f"{source} sent empty TSV results (no header line)")
    header = first.split("\t")
    if not all(name.startswith("?") for name in header if name):
        raise StoreError(f"{source} sent TSV results whose header is not a list of ?variables: {first[:100]!r}")
    return Table(tuple(name[1:] for name in header), tsv, source)


def key(cell: str) -> str | None:
    """The plain string of a TSV cell: IRI value, literal lexical form, ``_:label``; None if unbound.

    >>> key("<https://w3id.org/nrgraph/id/nato>")
    'https://w3id.org/nrgraph/id/nato'
    >>> key('"tab\\\\there"@en'), key('"2021-10"^^<http://www.w3.org/2001/XMLSchema#gYearMonth>'), key("0.5")
    ('tab\\there', '2021-10', '0.5')
    """
    if not cell:
        return None
    first = cell[0]
    if first == "<":
        return cell[1:-1]
    if first == '"':
        end = cell.rfind('"')
        lexical = cell[1:end]
        return _unescape(lexical) if "\\" in lexical else lexical
    return cell  # a blank node (_:label) or a bare number or boolean


def literal(cell: str) -> tuple[str, str | None]:
    """A literal cell's lexical form and datatype IRI (``rdf:langString`` for a language tag).

    The datatype is None for a cell that is not a literal (an IRI, a blank node, unbound).

    >>> literal('"2021-10"^^<http://www.w3.org/2001/XMLSchema#gYearMonth>')
    ('2021-10', 'http://www.w3.org/2001/XMLSchema#gYearMonth')
    >>> literal("0.5")
    ('0.5', 'http://www.w3.org/2001/XMLSchema#decimal')
    >>> literal('"word"@en'), literal("<https://w3id.org/nrgraph/id/nato>")
    (('word', 'http://www.w3.org/1999/02/22-rdf-syntax-ns#langString'), ('https://w3id.org/nrgraph/id/nato', None))
    """
    lexical = key(cell) or ""
    if not cell or cell[0] in "<_":
        return lexical, None
    if cell[0] != '"':  # Turtle's bare forms
        if cell in ("true", "false"):
            return lexical, f"{_XSD}boolean"
        bare = _BARE.fullmatch(cell)
        if bare is None:
            return lexical, None
        kind = "integer" if bare.group(1) else "decimal" if bare.group(2) else "double"
        return lexical, f"{_XSD}{kind}"
    suffix = cell[cell.rfind('"') + 1:]
    if suffix.startswith("^^<"):
        return lexical, suffix[3:-1]
    if suffix.startswith("@"):
        return lexical, "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
    return lexical, f"{_XSD}string"


def _unescape(text: str) -> str:
    def one(match: re.Match[str]) -> str:
        code = match.group(1) or match.group(2)
        if code:
            return chr(int(code, 16))
        char = match.group(3)
        if char not in _CHARACTERS:
            raise StoreError(f"unknown escape \\{char} in a TSV literal")
        return _CHARACTERS[char]

    return _ESCAPE.sub(one, text)
