"""One error shape for the GraphQL API: ``{message, locations, path, extensions: {code}}``.

``extensions.code`` is the ``code`` of an nrgraph error (``NOT_FOUND``, ``INVALID_DATE``…),
or says which stage refused the query: ``GRAPHQL_PARSE_FAILED``,
``GRAPHQL_VALIDATION_FAILED``, ``QUERY_TOO_DEEP``, ``TOO_MANY_ALIASES``, ``TOO_MANY_TOKENS``,
``QUERY_TOO_COSTLY``, ``QUERY_TOO_COMPLEX`` (graphql-core gave up validating: see
:data:`ABORTED`); anything unexpected is ``INTERNAL_SERVER_ERROR``. In production,
unexpected errors are masked (no exception text, no traceback, no file paths) and
validation messages lose their "Did you mean …?" suggestions.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from graphql.language.parser import MAX_NESTING_DEPTH
from graphql.validation.rules.overlapping_fields_can_be_merged import MAX_COMPLEXITY_BUDGET
from graphql.validation.validate import ValidationAbortedError

from graphql import GraphQLError, GraphQLSyntaxError
from nrgraph.errors import NrgraphError

__all__ = ["ABORTED", "error_code", "format_error"]

logger = logging.getLogger("nrgraph.graphql")


_SUGGESTION = re.compile(r"\s*Did you mean [^?]*\?")
_LIMITS = (
    (re.compile(r"exceeds maximum operation depth"), "QUERY_TOO_DEEP"),
    (re.compile(r"aliases found\. Allowed"), "TOO_MANY_ALIASES"),
    (re.compile(r"contains more than \d+ tokens"), "TOO_MANY_TOKENS"),
)


ABORTED = (
    "Validation aborted: graphql-core stopped checking the query, because checking that its fields can be "
    f"merged took more than its budget of {MAX_COMPLEXITY_BUDGET:,} comparisons (fields of the same name in one "
    "selection are compared pairwise: about 700 of them exhaust it), or because its fragments spread one another "
    f"more than {MAX_NESTING_DEPTH} levels deep. Ask for each field once, and nest fewer fragments."
)
"""What a client is told when graphql-core aborts the validation (it says only "Validation aborted.")."""


def error_code(error: GraphQLError) -> str:
    """The ``extensions.code`` of an error."""
    given = (error.extensions or {}).get("code")
    if isinstance(given, str):
        return given
    if isinstance(error, ValidationAbortedError):
        return "QUERY_TOO_COMPLEX"
    original = error.original_error
    if isinstance(original, NrgraphError):
        return original.code
    for pattern, code in _LIMITS:
        if pattern.search(error.message):
            return code
    if isinstance(error, GraphQLSyntaxError):
        return "GRAPHQL_PARSE_FAILED"
    if original is None and error.path is None:
        return "GRAPHQL_VALIDATION_FAILED"
    if error.path is None:  # a variable's value that cannot be coerced (say, a value outside an enum)
        return "BAD_USER_INPUT"
    return "INTERNAL_SERVER_ERROR"


def format_error(error: GraphQLError, *, production: bool) -> dict[str, Any]:
    """The error as the API shows it."""
    code = error_code(error)
    message = ABORTED if code == "QUERY_TOO_COMPLEX" and error.message == "Validation aborted." else error.message
    if code == "INTERNAL_SERVER_ERROR":
        logger.error("unexpected error in a GraphQL resolver", exc_info=error.original_error or error)
        if production:
            message = "Internal server error."
    elif production:
        message = _SUGGESTION.sub("", message)
    formatted: dict[str, Any] = {"message": message}
    if error.locations:
        formatted["locations"] = [{"line": loc.line, "column": loc.column} for loc in error.locations]
    if error.path:
        formatted["path"] = list(error.path)
    extensions = {k: v for k, v in (error.extensions or {}).items() if k != "code"}
    formatted["extensions"] = {**extensions, "code": code}
    return formatted
