"""Writers for SELECT results: SPARQL 1.1 JSON, XML, CSV and TSV, and a text table.

They take the variables and an already cut list of rows (so that the row limit holds
whatever the format) and say in the output itself when rows were cut where the format has
room for it (a top-level ``"truncated"`` member in JSON). The output parses back with
pyoxigraph's own result parsers (``tests/test_sparql_results.py``).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Sequence
from typing import Any
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

__all__ = ["SolutionRow", "write_solutions", "write_table"]

SolutionRow = Sequence["ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple | None"]
"""One solution: a term (or None if unbound) per variable, in the variables' order."""

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
_RESULTS_NS = "http://www.w3.org/2005/sparql-results#"


def _json_term(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> dict[str, Any]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out: dict[str, Any] = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != _XSD_STRING:
            out["datatype"] = term.datatype.value
        return out
    return {
        "type": "triple",
        "value": {
            "subject": _json_term(term.subject),
            "predicate": _json_term(term.predicate),
            "object": _json_term(term.object),
        },
    }


def _json(variables: Sequence[str], rows: Sequence[SolutionRow], truncated: bool) -> str:
    bindings = [
        {name: _json_term(term) for name, term in zip(variables, row, strict=True) if term is not None}
        for row in rows
    ]
    # "truncated" goes before "results": streaming parsers (Oxigraph's) stop reading after the bindings.
    document = {"head": {"vars": list(variables)}, "truncated": truncated, "results": {"bindings": bindings}}
    return json.dumps(document, ensure_ascii=False)


_XML_CONTROL = {"\n": "&#10;", "\r": "&#13;", "\t": "&#9;"}


def _xml_text(value: str) -> str:
    """Escaped element text that survives parsers that trim text (Oxigraph's does).

    Line breaks and tabs become character references, and so do spaces at either end.
    """
    text = escape(value, _XML_CONTROL)
    core = text.strip(" ")
    if core == text:
        return text
    if not core:
        return "&#32;" * len(text)
    head = len(text) - len(text.lstrip(" "))
    tail = len(text) - len(text.rstrip(" "))
    return "&#32;" * head + core + "&#32;" * tail


def _xml_term(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{_xml_text(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{_xml_text(term.value)}</bnode>"
    if isinstance(term, ox.Literal):
        if term.language:
            return f"<literal xml:lang={quoteattr(term.language)}>{_xml_text(term.value)}</literal>"
        if term.datatype.value != _XSD_STRING:
            return f"<literal datatype={quoteattr(term.datatype.value)}>{_xml_text(term.value)}</literal>"
        return f"<literal>{_xml_text(term.value)}</literal>"
    return (
        f"<triple><subject>{_xml_term(term.subject)}</subject><predicate>{_xml_term(term.predicate)}</predicate>"
        f"<object>{_xml_term(term.object)}</object></triple>"
    )


def _xml(variables: Sequence[str], rows: Sequence[SolutionRow], truncated: bool) -> str:
    out = ['<?xml version="1.0"?>', f'<sparql xmlns="{_RESULTS_NS}">', "<head>"]
    out.extend(f"<variable name={quoteattr(name)}/>" for name in variables)
    out.append("</head>")
    out.append("<results>")
    for row in rows:
        out.append("<result>")
        out.extend(
            f"<binding name={quoteattr(name)}>{_xml_term(term)}</binding>"
            for name, term in zip(variables, row, strict=True)
            if term is not None
        )
        out.append("</result>")
    out.append("</results>")
    out.append("</sparql>")
    return "\n".join(out) + "\n"


def _csv_value(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple | None) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.NamedNode | ox.Literal):
        return term.value
    return str(term)


def _csv(variables: Sequence[str], rows: Sequence[SolutionRow], truncated: bool) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(variables)
    for row in rows:
        writer.writerow([_csv_value(term) for term in row])
    return buffer.getvalue()


def _tsv(variables: Sequence[str], rows: Sequence[SolutionRow], truncated: bool) -> str:
    # TSV writes terms in their N-Triples form, which escapes tabs and line breaks.
    lines = ["\t".join(f"?{name}" for name in variables)]
    lines.extend("\t".join("" if term is None else str(term) for term in row) for row in rows)
    return "\n".join(lines) + "\n"


def _table_value(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple | None, prefixes: dict[str, str]) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        for prefix, namespace in prefixes.items():
            local = term.value[len(namespace):]
            if term.value.startswith(namespace) and local and all(c.isalnum() or c in "-_." for c in local):
                return f"{prefix}:{local}"
        return f"<{term.value}>"
    if isinstance(term, ox.Literal):
        if term.language:
            return f"{term.value}@{term.language}"
        return term.value
    return str(term)


def write_table(
    variables: Sequence[str], rows: Sequence[SolutionRow], truncated: bool, prefixes: dict[str, str] | None = None
) -> str:
    """A plain text table for terminals; IRIs shortened with ``prefixes``."""
    names = prefixes or {}
    cells = [[_table_value(term, names).replace("\n", " ") for term in row] for row in rows]
    widths = [max([len(name), *(len(row[i]) for row in cells)]) for i, name in enumerate(variables)]
    lines = ["  ".join(name.ljust(width) for name, width in zip(variables, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * width for width in widths))
    lines.extend("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in cells)
    count = f"{len(rows)} row{'s' if len(rows) != 1 else ''}"
    lines.append(f"({count}; more were cut at the row limit)" if truncated else f"({count})")
    return "\n".join(lines) + "\n"


_WRITERS: dict[str, Callable[[Sequence[str], Sequence[SolutionRow], bool], str]] = {
    "json": _json,
    "xml": _xml,
    "csv": _csv,
    "tsv": _tsv,
}


def write_solutions(
    name: str,
    variables: Sequence[str],
    rows: Sequence[SolutionRow],
    truncated: bool,
    prefixes: dict[str, str] | None = None,
) -> bytes:
    """``rows`` written in the format ``name`` (json, xml, csv, tsv or table), UTF-8."""
    if name == "table":
        return write_table(variables, rows, truncated, prefixes).encode("utf-8")
    return _WRITERS[name](variables, rows, truncated).encode("utf-8")
