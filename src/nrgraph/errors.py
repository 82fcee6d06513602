"""The exceptions nrgraph raises, under one root.

::

    NrgraphError
    ├── InvalidInput (ValueError)       a value from a user that cannot be used
    │   ├── InvalidDate                 "2021-13", "21-10-2021", "October"
    │   ├── InvalidPeriod               an empty or inverted period
    │   ├── UnknownFormat               an export format nrgraph does not offer
    │   ├── InvalidQuery                a malformed or forbidden query
    │   │   ├── QuerySyntaxError        a query the SPARQL grammar rejects (line, column)
    │   │   │   └── QueryTooDeep        a query nesting groups, parentheses or brackets past the limit
    │   │   ├── QueryOverMemory         a query that needed more memory than a SPARQL worker may use
    │   │   └── RefusedQuery            an update, SERVICE, LOAD or a remote FROM on a read-only endpoint
    │   ├── NotAcceptable               a result format nobody can produce for that query
    │   ├── QueryTooLarge               a query longer than the endpoint accepts
    │   ├── SlowRequest                 request headers that did not arrive within the time limit (408)
    │   ├── HeadersTooLarge             a request line and headers longer than the server reads (431)
    │   ├── UnreadableDocument          a document to ingest that is empty, binary, too large or has no text
    │   └── EditRejected                an edit that would break the shapes or the history; carries every Problem
    │       └── AlreadyExists           an edit that would mint an IRI already in use
    │           └── AlreadyCited        a citation the record already has (same source, same locator)
    ├── NotFound (LookupError)          an IRI, slug or named query that does not exist
    ├── AccessDenied                    an edit without a valid token
    │   ├── AuthenticationRequired      no (or a malformed) ``Authorization: Bearer`` header
    │   └── EditingDisabled             no edit token is configured: the API is read-only
    ├── LoadError                       files that cannot be parsed; carries every Problem
    │   └── ValidationFailed            data that breaks the shapes or the history rules
    ├── StoreError                      a store that cannot be opened, read or written
    │   └── WriteFailed                 a data file or the audit log could not be written; nothing was acknowledged
    ├── QueryTimeout                    a query stopped at the time limit
    └── TooManyRequests                 every SPARQL worker busy, or a client over its share; retry later

Every message names the offending value and, where it can, says what would be valid.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

__all__ = [
    "AccessDenied",
    "AlreadyCited",
    "AlreadyExists",
    "AuthenticationRequired",
    "EditRejected",
    "EditingDisabled",
    "HeadersTooLarge",
    "InvalidDate",
    "InvalidInput",
    "InvalidPeriod",
    "InvalidQuery",
    "LoadError",
    "NotAcceptable",
    "NotFound",
    "NrgraphError",
    "Problem",
    "QueryOverMemory",
    "QuerySyntaxError",
    "QueryTimeout",
    "QueryTooDeep",
    "QueryTooLarge",
    "RefusedQuery",
    "SlowRequest",
    "StoreError",
    "TooManyRequests",
    "UnknownFormat",
    "UnreadableDocument",
    "ValidationFailed",
    "WriteFailed",
]


class NrgraphError(Exception):
    """Root of every error nrgraph raises on purpose."""

    code = "NRGRAPH_ERROR"


class InvalidInput(NrgraphError, ValueError):
    """A value given by a user cannot be used."""

    code = "BAD_USER_INPUT"


class InvalidDate(InvalidInput):
    """A date that is not ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``."""

    code = "INVALID_DATE"


class InvalidPeriod(InvalidInput):
    """A period that cannot be parsed, or is empty or inverted."""

    code = "INVALID_PERIOD"


class UnknownFormat(InvalidInput):
    """An export format name that is not offered; ``valid`` lists those that are."""

    code = "UNKNOWN_FORMAT"

    def __init__(self, name: str, valid: Sequence[str]) -> None:
        self.name = name
        self.valid = tuple(valid)
        super().__init__(f"export format {name!r} is not known; valid: {', '.join(self.valid)}")


class InvalidQuery(InvalidInput):
    """A query that is malformed or asks for something forbidden."""

    code = "INVALID_QUERY"


class QuerySyntaxError(InvalidQuery):
    """A query that the SPARQL grammar rejects, with the parser's position (1-based)."""

    code = "QUERY_SYNTAX_ERROR"
    headline = "SPARQL syntax error"

    def __init__(self, message: str, line: int | None = None, column: int | None = None) -> None:
        self.message = message
        self.line = line
        self.column = column
        where = f" at line {line}, column {column}" if line is not None and column is not None else ""
        super().__init__(f"{self.headline}{where}: {message}")

    def __reduce__(self) -> tuple[type[QuerySyntaxError], tuple[str, int | None, int | None]]:
        return (type(self), (self.message, self.line, self.column))


class QueryTooDeep(QuerySyntaxError):
    """A query nesting groups, parentheses or brackets deeper than the endpoint's limit; not malformed."""

    code = "QUERY_TOO_DEEP"
    headline = "query nested too deeply"


class QueryOverMemory(InvalidQuery):
    """A query stopped because evaluating it needed more memory than a SPARQL worker may use."""

    code = "QUERY_MEMORY_LIMIT"


class RefusedQuery(InvalidQuery):
    """A well-formed request that a read-only, offline endpoint will not run."""

    code = "REFUSED_QUERY"


class NotAcceptable(InvalidInput):
    """A result format that cannot be produced for the query asked."""

    code = "NOT_ACCEPTABLE"


class QueryTooLarge(InvalidInput):
    """A query longer than the configured limit."""

    code = "QUERY_TOO_LARGE"


# ---- HTTP server limits (nrgraph.web.limits) ----
class SlowRequest(InvalidInput):
    """A request whose line and headers, or whose body, did not all arrive within the time limit (408)."""

    code = "REQUEST_TIMEOUT"


class HeadersTooLarge(InvalidInput):
    """A request line and headers longer than the server reads (431)."""

    code = "REQUEST_HEADERS_TOO_LARGE"


class UnreadableDocument(InvalidInput):
    """A document ``nrgraph ingest`` cannot read: empty, binary, too large, or without text."""

    code = "UNREADABLE_DOCUMENT"


class EditRejected(InvalidInput):
    """An edit that would break the shapes or the history rules; nothing was written.

    ``problems`` lists what is wrong, each naming its node.
    """

    code = "EDIT_REJECTED"

    def __init__(self, message: str, problems: Sequence[Problem] = ()) -> None:
        self.problems = tuple(problems)
        details = "".join(f"\n{p}" for p in self.problems[:20])
        super().__init__(f"{message}{details}")


class AlreadyExists(EditRejected):
    """An edit would mint an IRI that is already in use."""

    code = "ALREADY_EXISTS"


class AlreadyCited(AlreadyExists):
    """A citation the record already has (the same source at the same locator); nothing is written."""

    code = "ALREADY_CITED"


class AccessDenied(NrgraphError):
    """A request to edit without a valid edit token."""

    code = "FORBIDDEN"


class AuthenticationRequired(AccessDenied):
    """No ``Authorization: Bearer <token>`` header, or a malformed one."""

    code = "UNAUTHENTICATED"


class EditingDisabled(AccessDenied):
    """No edit token is configured, so the API is read-only."""

    code = "EDITING_DISABLED"


class NotFound(NrgraphError, LookupError):
    """A resource or named query that does not exist."""

    code = "NOT_FOUND"

    def __init__(self, what: str, key: str, hint: str = "") -> None:
        self.what = what
        self.key = key
        message = f"{what} {key!r} not found"
        super().__init__(f"{message}; {hint}" if hint else message)


class StoreError(NrgraphError):
    """A store cannot be opened, read or written."""

    code = "STORE_ERROR"


class QueryTimeout(NrgraphError):
    """A query that ran past the time limit and was stopped."""

    code = "QUERY_TIMEOUT"


class TooManyRequests(NrgraphError):
    """A query not started: every worker stayed busy, or its client already runs its share.

    ``retry_after`` is the number of seconds after which trying again makes sense.
    """

    code = "TOO_MANY_REQUESTS"

    def __init__(self, message: str, retry_after: int = 1) -> None:
        self.retry_after = retry_after
        super().__init__(message)

    def __reduce__(self) -> tuple[type[TooManyRequests], tuple[str, int]]:
        return (type(self), (str(self), self.retry_after))


class WriteFailed(StoreError):
    """A data file or the audit log could not be written (read-only folder, full disk).

    The edit was not acknowledged, and the files are as they were.
    """

    code = "WRITE_FAILED"


@dataclass(frozen=True)
class Problem:
    """One problem found while loading: where it is and what is wrong.

    ``file`` and ``line`` locate syntax errors; ``node`` names the offending resource of a
    shape or history violation.
    """

    message: str
    file: str | None = None
    line: int | None = None
    node: str | None = None
    severity: str = "error"

    def __str__(self) -> str:
        where = ""
        if self.node is not None:
            where = f"<{self.node}>" + (f" ({self.file})" if self.file else "")
        elif self.file is not None:
            where = f"{self.file}:{self.line}" if self.line is not None else self.file
        prefix = f"{where}: " if where else ""
        tag = "" if self.severity == "error" else f"{self.severity}: "
        return f"{prefix}{tag}{self.message}"


class LoadError(NrgraphError):
    """Files could not be loaded; nothing was loaded. ``problems`` lists every one."""

    code = "LOAD_ERROR"

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = tuple(problems)
        count = len(self.problems)
        head = "\n".join(str(p) for p in self.problems[:20])
        more = f"\n… and {count - 20} more" if count > 20 else ""
        super().__init__(f"{count} problem{'s' if count != 1 else ''}:\n{head}{more}")


class ValidationFailed(LoadError):
    """The data breaks the SHACL shapes or the status-history rules."""

    code = "VALIDATION_FAILED"
