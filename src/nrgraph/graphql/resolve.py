"""How relation fields are resolved: through the request's loaders, one query per level.

Type modules call these helpers instead of touching the store; :func:`build` turns a
:class:`~nrgraph.catalogue.Resource` into the GraphQL object of its class.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from nrgraph.catalogue import CitationRecord, Resource
from nrgraph.graphql.context import Info

__all__ = ["build", "citations_of", "node_of", "nodes_of", "referrers_of", "register"]

T = TypeVar("T")
_BUILDERS: list[tuple[frozenset[str], Callable[[Resource], Any]]] = []


def register(classes: Sequence[str], builder: Callable[[Resource], Any]) -> None:
    """Build resources of any of ``classes`` (IRIs) with ``builder``; first match wins."""
    _BUILDERS.append((frozenset(classes), builder))


def build(resource: Resource | None) -> Any:
    """The GraphQL object for a resource, or None if no GraphQL type covers its class."""
    if resource is None:
        return None
    _ensure_types()
    for classes, builder in _BUILDERS:
        if not resource.types.isdisjoint(classes):
            return builder(resource)
    return None


def _ensure_types() -> None:
    if not _BUILDERS:
        import nrgraph.graphql.types.all  # noqa: F401  (each module registers its builder)


async def nodes_of(info: Info, iris: Sequence[str], kind: type[T] | None = None) -> list[T]:
    """The objects with these IRIs, in order, skipping misses (and other kinds)."""
    if not iris:
        return []
    found = await info.context.loaders.resource.load_many(list(iris))
    built = [build(resource) for resource in found]
    return [obj for obj in built if obj is not None and (kind is None or isinstance(obj, kind))]


async def node_of(info: Info, iri: str | None, kind: type[T] | None = None) -> T | None:
    """The object with this IRI, or None."""
    if iri is None:
        return None
    found = await nodes_of(info, [iri], kind)
    return found[0] if found else None


async def referrers_of(info: Info, predicate: str, iri: str, kind: type[T] | None = None) -> list[T]:
    """The objects that point to ``iri`` through ``predicate``."""
    iris = await info.context.loaders.referrers(predicate).load(iri)
    return await nodes_of(info, iris, kind)


async def citations_of(info: Info, iri: str) -> tuple[CitationRecord, ...]:
    """The citations of a fact."""
    return await info.context.loaders.citations.load(iri)
