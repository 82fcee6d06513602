"""The Relay ``Node`` interface and global IDs.

A global ID is ``base64url("<Type>:<key>")`` without padding; the key is the resource's IRI
(or, for a citation, the key :class:`~nrgraph.catalogue.CitationRecord` derives). IDs are
opaque to clients, stable across reloads and workers, and ``node(id:)`` reads them back.
"""

from __future__ import annotations

import base64
import binascii

import strawberry

from nrgraph.errors import InvalidInput

__all__ = ["Node", "global_id", "parse_global_id"]


@strawberry.interface(description="An object with a global ID, fetchable with node(id:).")
class Node:
    id: strawberry.ID = strawberry.field(description="Global ID: pass it to node(id:).")


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
