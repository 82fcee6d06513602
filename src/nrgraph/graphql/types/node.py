"""The Relay ``Node`` interface and global IDs.

A global ID is ``base64url("<Type>:<key>")`` without padding; the key is the resource's IRI
(or, for a citation, the key :class:`~nrgraph.catalogue.resources.CitationRecord` derives). IDs are
opaque to clients, stable across reloads and workers, and ``node(id:)`` reads them back.
"""

from __future__ import annotations

import base64
import binascii

import strawberry
from strawberry.types.base import StrawberryOptional

from nrgraph.errors import InvalidInput

__all__ = ["Node", "global_id", "parse_global_id"]


@strawberry.interface(description="An object with a global ID, fetchable with node(id:).")
class Node:
    """A node is a value: made from what the store said and never changed afterwards (the
    nodes built from a set of records serve every request those records serve). When one is
    made, its string fields are checked to hold strings (or None, where the field is
    optional), so that the compiled plans (:mod:`nrgraph.graphql.fast.compiler`) give them out
    as they are instead of serialising each one."""

    id: strawberry.ID = strawberry.field(description="Global ID: pass it to node(id:).")

    def __post_init__(self) -> None:
        for name, optional in _string_fields(type(self)).items():
            value = getattr(self, name)
            if value.__class__ is not str and not (optional and value is None):
                wanted = "a string or None" if optional else "a string"
                raise TypeError(f"{type(self).__name__}.{name} must be {wanted}, not {value!r}")

    @classmethod
    def checked_strings(cls) -> frozenset[str]:
        """The attributes (Python names) checked to hold strings when a node is made."""
        return frozenset(_string_fields(cls))


_STRING_FIELDS: dict[type, dict[str, bool]] = {}


def _string_fields(cls: type) -> dict[str, bool]:
    """The plain String and ID fields of a strawberry type, by Python name: whether optional."""
    found = _STRING_FIELDS.get(cls)
    if found is None:
        found = _STRING_FIELDS[cls] = {}
        for field in cls.__strawberry_definition__.fields:  # type: ignore[attr-defined]
            if field.base_resolver is not None:
                continue
            field_type, optional = field.type, False
            if isinstance(field_type, StrawberryOptional):
                field_type, optional = field_type.of_type, True
            if field_type is str or field_type is strawberry.ID:
                found[field.python_name] = optional
    return found


def global_id(type_name: str, key: str) -> strawberry.ID:
    """The global ID of the object of GraphQL type ``type_name`` with ``key``."""
    raw = f"{type_name}:{key}".encode()
    return strawberry.ID(base64.urlsafe_b64encode(raw).decode().rstrip("="))


def parse_global_id(value: str) -> tuple[str, str]:
    """``(type name, key)`` of a global ID; :class:`InvalidInput` if it is not one."""
    try:
        raw = base64.urlsafe_b64decode((value + "=" * (-len(value) % 4)).encode()).decode()
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raw = ""
    type_name, sep, key = raw.partition(":")
    if not sep or not type_name.isidentifier() or not key:
        raise InvalidInput(f"{value!r} is not a global ID; use the id field of an object this API returned")
    return type_name, key
