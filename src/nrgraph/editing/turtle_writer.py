"""Writing one subject's block into a curated Turtle file, leaving everything else as it was.

The curated files are written in a stable layout: prefixes, then one block per subject,
sorted by IRI, blocks separated by one blank line. An edit must show up in a review as just
the new block, so nothing here re-serialises a file. :func:`insert_block` formats the new
block in the layout of ``data/`` (:func:`format_block`, deterministic: the subject on its
own line, then ``a``, then the predicates in the order given, several objects on one line,
each citation as an indented ``[ … ]``), declares any prefix the file lacks, and inserts
the block before the first block whose subject sorts after it (at the end if there is none).
:func:`amend_block` adds statements to a subject's existing block instead (one more citation
of a status change): each goes at the end of the block, as another object of the block's last
predicate when it is the same (``], [ … ]``), else after a ``;``; every other character stays.

>>> from nrgraph.namespaces import DATA, NRG, RDFS
>>> citation = Nested(((NRG.source, DATA["src-a"]), (NRG.locator, Literal("P3"))))
>>> block = Block(DATA["x"], ((RDFS.label, (Literal("X", lang="en"),)), (NRG.citation, (citation,))), NRG.Hotline)
>>> print(format_block(block, {"id": str(DATA), "nrg": str(NRG), "rdfs": str(RDFS)}))
id:x
    a nrg:Hotline ;
    rdfs:label "X"@en ;
    nrg:citation [
        nrg:source id:src-a ;
        nrg:locator "P3"
    ] .
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

from rdflib import Literal, URIRef

from nrgraph.errors import EditRejected
from nrgraph.namespaces import PREFIXES, XSD

__all__ = [
    "Block", "Nested", "Object", "amend_block", "declared_prefixes", "format_block", "insert_block", "iris", "literals",
    "new_file", "triple_count",
]


@dataclass(frozen=True)
class Nested:
    """A blank node written inline: ``[ nrg:source id:s ; nrg:locator "p. 3" ]``."""

    statements: tuple[tuple[URIRef, URIRef | Literal], ...]


Object = URIRef | Literal | Nested


@dataclass(frozen=True)
class Block:
    """One subject with its type and its statements, in the order they are written."""

    subject: URIRef
    statements: tuple[tuple[URIRef, tuple[Object, ...]], ...]
    type: URIRef


_PREFIX_LINE = re.compile(
    r"^\s*(?:@prefix\s+([A-Za-z][\w.-]*)?:\s*<([^>]*)>\s*\.|PREFIX\s+([A-Za-z][\w.-]*)?:\s*<([^>]*)>)", re.IGNORECASE
)
_LOCAL = re.compile(r"^[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_-])?$")
_SUBJECT = re.compile(
    r"^(?:<([^>\s]*)>|([A-Za-z][\w.-]*)?:((?:[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_-])?)?))(?=\s|$)"
)
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}
_SPECIAL = re.compile('[\\\\"\x00-\x1f\x7f-\x9f\u2028\u2029]')
"""What a literal cannot hold as is: the quote, the backslash, control characters, and the
line and paragraph separators (which Python's ``str.splitlines`` and JavaScript take for
line breaks); all but the first few are written as ``\\uXXXX``."""
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_PLAIN_TYPES = {str(XSD.string)}
_INDENT = "    "


def declared_prefixes(text: str) -> dict[str, str]:
    """The prefixes a Turtle text declares: prefix -> namespace (the empty prefix as "")."""
    prefixes: dict[str, str] = {}
    for line in _lines(text):
        match = _PREFIX_LINE.match(line)
        if match:
            name = match[1] if match[2] is not None else match[3]
            prefixes[name or ""] = match[2] if match[2] is not None else match[4]
    return prefixes


def _escape(text: str) -> str:
    return _SPECIAL.sub(lambda m: _ESCAPES.get(m[0]) or f"\\u{ord(m[0]):04X}", text)


def _lines(text: str) -> list[str]:
    """The lines of a Turtle file: split at CR, LF or CRLF only (not at U+2028 and the like)."""
    lines = _LINE_BREAK.split(text)
    if lines[-1] == "":
        lines.pop()
    return lines


def _term(term: URIRef, prefixes: Mapping[str, str]) -> str:
    iri = str(term)
    best: tuple[int, str] | None = None
    for prefix, namespace in prefixes.items():
        if namespace and iri.startswith(namespace) and _LOCAL.match(iri[len(namespace):] or "_"):
            local = iri[len(namespace):]
            if local and (best is None or len(namespace) > best[0]):
                best = (len(namespace), f"{prefix}:{local}")
    return best[1] if best else f"<{iri}>"


def _object(value: Object, prefixes: Mapping[str, str]) -> str:
    if isinstance(value, Nested):
        inner = " ;\n".join(f"{_INDENT * 2}{_term(p, prefixes)} {_object(o, prefixes)}" for p, o in value.statements)
        return f"[\n{inner}\n{_INDENT}]"
    if isinstance(value, Literal):
        text = f'"{_escape(str(value))}"'
        if value.language:
            return f"{text}@{value.language}"
        if value.datatype is not None and str(value.datatype) not in _PLAIN_TYPES:
            return f"{text}^^{_term(value.datatype, prefixes)}"
        return text
    return _term(value, prefixes)


def _pairs(predicate: URIRef, values: Sequence[Object]) -> Iterator[tuple[URIRef, URIRef | Literal]]:
    """The (predicate, object) pairs one statement writes, those of its nested blank nodes included."""
    for value in values:
        yield from value.statements if isinstance(value, Nested) else ((predicate, value),)


def iris(block: Block) -> list[str]:
    """Every IRI the block writes (terms, datatypes and resources), in order."""
    found = [str(block.subject), str(block.type)]
    for predicate, values in block.statements:
        found.append(str(predicate))
        for inner_predicate, inner in _pairs(predicate, values):
            found.append(str(inner_predicate))
            if isinstance(inner, URIRef):
                found.append(str(inner))
            elif isinstance(inner, Literal) and inner.datatype is not None:
                found.append(str(inner.datatype))
    return found


def triple_count(block: Block) -> int:
    """How many triples the block's statements write (its ``a`` line not counted)."""
    return sum(
        1 + (len(value.statements) if isinstance(value, Nested) else 0)
        for _predicate, values in block.statements
        for value in values
    )


def literals(block: Block) -> list[tuple[URIRef, Literal]]:
    """Every literal the block writes, with its predicate, in order."""
    return [
        (inner_predicate, inner)
        for predicate, values in block.statements
        for inner_predicate, inner in _pairs(predicate, values)
        if isinstance(inner, Literal)
    ]


def format_block(block: Block, prefixes: Mapping[str, str]) -> str:
    """The block as Turtle, without a trailing newline, using ``prefixes`` where they fit."""
    lines = [f"{_INDENT}a {_term(block.type, prefixes)}"]
    for predicate, values in block.statements:
        objects = ", ".join(_object(v, prefixes) for v in values)
        lines.append(f"{_INDENT}{_term(predicate, prefixes)} {objects}")
    return f"{_term(block.subject, prefixes)}\n" + " ;\n".join(lines) + " ."


def _missing_prefixes(block: Block, declared: Mapping[str, str]) -> dict[str, str]:
    """The standard prefixes the block would use that the file does not declare (and can)."""
    namespaces = set(declared.values())
    missing: dict[str, str] = {}
    for iri in iris(block):
        for prefix, namespace in PREFIXES.items():
            if (
                iri.startswith(namespace)
                and namespace not in namespaces
                and prefix not in declared
                and _LOCAL.match(iri[len(namespace):] or "_")
            ):
                missing[prefix] = namespace
    return missing


def _chunks(lines: Sequence[str]) -> list[tuple[int, int]]:
    """(start, end) line ranges of the runs of non-blank lines."""
    chunks: list[tuple[int, int]] = []
    start: int | None = None
    for number, line in enumerate(lines):
        if line.strip():
            if start is None:
                start = number
        elif start is not None:
            chunks.append((start, number))
            start = None
    if start is not None:
        chunks.append((start, len(lines)))
    return chunks


def _subject_of(lines: Sequence[str], prefixes: Mapping[str, str]) -> str | None:
    """The subject IRI of a chunk that starts a subject block, else None (prefixes, comments)."""
    for line in lines:
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if _PREFIX_LINE.match(line) or line[:1].isspace():
            return None
        match = _SUBJECT.match(line)
        if match is None:
            return None
        if match[1] is not None:
            return match[1]
        namespace = prefixes.get(match[2] or "")
        return namespace + match[3] if namespace is not None else None
    return None


def insert_block(text: str, block: Block) -> str:
    """``text`` with ``block`` inserted at its sorted place and any missing prefix declared.

    Every other line is kept byte for byte; blocks stay separated by one blank line.
    """
    declared = declared_prefixes(text)
    missing = _missing_prefixes(block, declared)
    prefixes = {**declared, **missing}
    new = format_block(block, prefixes).split("\n")
    lines = _lines(text)
    key = str(block.subject)

    chunks = _chunks(lines)
    position = len(lines)
    last_prefix_line = _last_prefix_line(lines)
    for start, end in chunks:
        subject = _subject_of(lines[start:end], prefixes)
        if subject is not None and subject > key and (last_prefix_line is None or start > last_prefix_line):
            position = start
            break
    if position == len(lines):
        while lines and not lines[-1].strip():
            lines.pop()
        position = len(lines)
        inserted = ["", *new] if lines else new
    else:
        inserted = [*new, ""]
    lines[position:position] = inserted
    return _declare(lines, missing, last_prefix_line)


def _last_prefix_line(lines: Sequence[str]) -> int | None:
    return max((number for number, line in enumerate(lines) if _PREFIX_LINE.match(line)), default=None)


def _declare(lines: list[str], missing: Mapping[str, str], last_prefix_line: int | None) -> str:
    """The file's text, with the ``missing`` prefixes declared after its last prefix line."""
    if missing:
        declarations = [f"@prefix {p}: <{ns}> ." for p, ns in sorted(missing.items())]
        if last_prefix_line is not None:
            at = last_prefix_line + 1
        else:  # after the file's opening comment, followed by a blank line
            at = next((n for n, line in enumerate(lines) if not line.lstrip().startswith("#")), len(lines))
            if at >= len(lines) or lines[at].strip():
                declarations.append("")
        lines[at:at] = declarations
    return "\n".join(lines) + "\n"


def _statement(text: str, start: int) -> tuple[int, int | None, int]:
    """Where the statement starting at ``start`` ends: the index of its final ``.``, of its last
    top-level ``;`` (None if it has none) and just after its last object.

    Strings, IRIs, comments and bracketed objects are skipped whole; a ``.`` ends the
    statement only at the top level and before a space, a comment or the end (not in ``0.5``).
    """
    depth, index, semicolon, last = 0, start, None, start
    while index < len(text):
        char = text[index]
        if char.isspace():
            index += 1
            continue
        if char == "#":
            index = text.find("\n", index)
            index = len(text) if index < 0 else index
            continue
        after = text[index + 1:index + 2]
        if char == "." and depth == 0 and (after in ("", "#") or after.isspace()):
            return index, semicolon, last
        if char == "<":
            index = text.index(">", index) + 1
        elif char in "\"'":
            quote = char * 3 if text.startswith(char * 3, index) else char
            index += len(quote)
            while not text.startswith(quote, index):
                index += 2 if text[index] == "\\" else 1
            index += len(quote)
            while index < len(text) and text[index] == char:  # """a"""" ends with a quote inside
                index += 1
        else:
            depth += char in "[("
            depth -= char in "])"
            if char == ";" and depth == 0:
                semicolon = index
            index += 1
        last = index
    raise ValueError("the statement has no final '.'")


def _expand(token: str, prefixes: Mapping[str, str]) -> str:
    """A predicate as written (``nrg:citation``, ``<…>``, ``a``) -> its IRI (``a`` stays ``a``)."""
    if token.startswith("<"):
        return token[1:-1]
    prefix, colon, local = token.partition(":")
    return prefixes[prefix] + local if colon and prefix in prefixes else token


def _last_predicate(statement: str, semicolon: int | None, prefixes: Mapping[str, str]) -> str | None:
    """The IRI of the last predicate of ``statement`` (a subject's block up to its last object)."""
    if semicolon is None:  # "subject predicate objects": the second token
        tokens = re.findall(r"<[^>]*>|[^\s<]+", statement)
        return _expand(tokens[1], prefixes) if len(tokens) > 1 else None
    rest = re.sub(r"^(?:\s|#[^\n]*)*", "", statement[semicolon + 1:])
    match = re.match(r"<[^>]*>|[^\s<\[(\"']+", rest)
    return _expand(match[0], prefixes) if match else None


def amend_block(text: str, block: Block) -> str:
    r"""``text`` with ``block``'s statements added to the block of ``block.subject`` already in it.

    Each statement goes after the block's last object: as another object of the last predicate
    when it is the same one (``, [ … ]``), else as a new ``; predicate objects``. Missing
    prefixes are declared; every other character is kept. :class:`EditRejected` if the text
    holds no block of that subject.

    >>> from nrgraph.namespaces import DATA, NRG
    >>> text = '@prefix nrg: <https://w3id.org/nrgraph/ontology#> .\n@prefix id: <https://w3id.org/nrgraph/id/> .\n\n'
    >>> text += 'id:x a nrg:Event ;\n    nrg:citation [ nrg:source id:a ; nrg:locator "P1" ] .\n'
    >>> cite = Nested(((NRG.source, DATA["b"]), (NRG.locator, Literal("P2"))))
    >>> print(amend_block(text, Block(DATA["x"], ((NRG.citation, (cite,)),), NRG.Event)).split("\n\n")[1])
    id:x a nrg:Event ;
        nrg:citation [ nrg:source id:a ; nrg:locator "P1" ], [
            nrg:source id:b ;
            nrg:locator "P2"
        ] .
    <BLANKLINE>
    """
    declared = declared_prefixes(text)
    missing = _missing_prefixes(block, declared)
    prefixes = {**declared, **missing}
    lines = _lines(text)
    key = str(block.subject)
    first = next(
        (start for start, end in _chunks(lines) if _subject_of(lines[start:end], prefixes) == key), None
    )
    if first is None:
        raise EditRejected(f"the file holds no block of <{key}> to add to; nothing was written")
    while not lines[first].strip() or lines[first].lstrip().startswith("#"):
        first += 1
    body = "\n".join(lines)
    start = sum(len(line) + 1 for line in lines[:first])
    try:
        _end, semicolon, last = _statement(body, start)
    except (ValueError, IndexError):
        raise EditRejected(f"the block of <{key}> does not end with '.'; nothing was written") from None
    predicate = _last_predicate(body[start:last], None if semicolon is None else semicolon - start, prefixes)
    added = ""
    for new_predicate, values in block.statements:
        objects = ", ".join(_object(v, prefixes) for v in values)
        if str(new_predicate) == predicate:
            added += f", {objects}"
        else:
            added += f" ;\n{_INDENT}{_term(new_predicate, prefixes)} {objects}"
        predicate = str(new_predicate)
    amended = _lines(body[:last] + added + body[last:])
    return _declare(amended, missing, _last_prefix_line(amended))


def new_file(block: Block, comment: str) -> str:
    """A new file holding just ``block``, with a comment line and the prefixes it needs."""
    return insert_block(f"# {comment}\n", block)
