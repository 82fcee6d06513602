"""How relation fields are resolved: a whole level at a time, one store query per level.

A resolver asks for the relation of one object; the helpers here answer it for every
object of that object's :class:`~nrgraph.graphql.context.Level` at once (the siblings it
was resolved with), remember the answer, and register the children as the next level. The
first sibling pays one store query; the others find their answer ready. Type modules call
these helpers instead of touching the store; :func:`nrgraph.graphql.builders.build` turns a
:class:`~nrgraph.catalogue.resources.Resource` into the GraphQL object of its class.

The ``*_level`` helpers give a relation's answers for a whole level, by member id; a
resolver that returns its object's entry says so with :func:`by_level`, and the compiled
plans then read a list's answers from that mapping instead of calling the resolver per object.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from typing import Any, TypeVar, cast

from nrgraph.catalogue.resources import Resource
from nrgraph.graphql.context import Info, Level

__all__ = [
    "Answers",
    "by_level",
    "citations",
    "citations_level",
    "direct",
    "nodes",
    "objects",
    "per_level",
    "referrers",
    "related",
    "related_level",
    "related_one",
    "resource_of",
    "roots",
    "sources",
    "sources_level",
]

T = TypeVar("T")


def _iris(value: object) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    return [str(item) for item in cast("Iterable[object]", value)]


def _built(info: Info, iris: Iterable[str]) -> dict[str, Any]:
    """The GraphQL objects of these IRIs (None for unknown ones), built once per set of records."""
    from nrgraph.graphql.builders import build  # here: the type modules it names import this one

    wanted = list(dict.fromkeys(iris))
    records = info.context.records
    objects = records.objects
    missing = [iri for iri in wanted if iri not in objects]
    if missing:
        found = records.resources(missing)
        for iri in missing:
            objects[iri] = build(found[iri])
    return {iri: objects[iri] for iri in wanted}


def _keep(found: Iterable[Any], kind: type[T] | None) -> list[T]:
    return [obj for obj in found if obj is not None and (kind is None or isinstance(obj, kind))]


def roots(info: Info, objects: list[T]) -> list[T]:
    """Register objects a root field made as one level, so their relations are batched."""
    info.context.level(objects)
    return objects


def objects(info: Info, iris: Sequence[str], kind: type[T] | None = None) -> list[T]:
    """The objects with these IRIs (one store query), in order; misses skipped."""
    found = _built(info, iris)
    return _keep((found[iri] for iri in iris), kind)


def nodes(info: Info, iris: Sequence[str], kind: type[T] | None = None) -> list[T]:
    """The objects with these IRIs (one store query), in order, as one level; misses skipped."""
    return roots(info, objects(info, iris, kind))


def _answer(
    info: Info, level: Level, relation: Hashable, compute: Callable[[], tuple[dict[int, Any], list[Any] | None]]
) -> dict[int, Any]:
    """The answer of ``relation`` for every member of ``level`` (by member id), computed once
    per level by ``compute`` (which also returns the next level, if any, registered here).

    When every member is an object shared by the requests the records serve (and the relation
    reads nothing but the records), the answer is kept with the records under the ids of the
    members: the next request resolving the same level finds it there, with its next level."""
    done = level.done.get(relation)
    if done is not None:
        return done
    context = info.context
    if not level.keyed:
        from nrgraph.graphql.builders import SHARED_CLASSES

        level.keyed = True
        if SHARED_CLASSES.issuperset(map(type, level.members)):
            level.key = tuple(map(id, level.members))
    records = context.records
    key = (relation, level.key) if level.key is not None else None
    entry = records.levels.get(key) if key is not None else None
    if entry is None:
        done, children = compute()
        if key is not None:
            records.keep_level(key, (tuple(level.members), done, children))
    else:
        _, done, children = entry
    if children is not None:
        context.level(children)
    level.done[relation] = done
    return done


def _resolve_level(
    info: Info, obj: Any, relation: Hashable, iris_of: Callable[[Any], list[str]]
) -> dict[int, list[Any]]:
    level = info.context.level_of(obj)

    def compute() -> tuple[dict[int, Any], list[Any] | None]:
        wanted = {id(member): iris_of(member) for member in level.members}
        built = _built(info, (iri for iris in wanted.values() for iri in iris))
        children = [obj for obj in built.values() if obj is not None]
        return {key: [built[iri] for iri in iris] for key, iris in wanted.items()}, children

    return _answer(info, level, relation, compute)


def per_level(info: Info, obj: Any, relation: str, compute: Callable[[Any], T]) -> T:
    """``compute(obj)``, computed for every object of ``obj``'s level at once; the results
    (objects or lists of objects) become the next level, so their relations batch too."""
    level = info.context.level_of(obj)
    done = level.done.get(relation)
    if done is None:
        done = {id(member): [compute(member)] for member in level.members}
        children: list[Any] = []
        for (value,) in done.values():
            children.extend(value if isinstance(value, list) else [value] if value is not None else [])
        info.context.level(children)
        level.done[relation] = done
    return done[id(obj)][0]  # type: ignore[no-any-return]


Answers = Callable[[Any, Info], Mapping[int, T]]
"""The answers of a relation for every member of an object's level, by the members' ids."""

R = TypeVar("R", bound=Callable[..., Any])


def direct(resolver: R) -> R:
    """Mark a resolver the query plans (:mod:`nrgraph.graphql.fast`) may call directly.

    Such a resolver is synchronous, reads nothing from ``info`` but ``info.context``, and does
    not change its arguments: a plan calls it with an ``info`` that carries only the context,
    its arguments converted once per request. An unmarked resolver is called as strawberry
    calls it, through graphql-core, with a real resolve info."""
    resolver.direct = True  # type: ignore[attr-defined]
    return resolver


def by_level(answers: Answers[Any]) -> Callable[[R], R]:
    """Mark a resolver ``(self, info)`` that returns ``answers(self, info)[id(self)]`` (and
    may be called :func:`direct`).

    ``answers`` gives the answers of every member of the object's level at once, and an
    object's answer must not depend on the level it was resolved in (a relation's answer
    depends on the records only; the level decides what is fetched together). The compiled
    plans (:mod:`nrgraph.graphql.fast.compiler`) then read a whole list's answers from the mapping
    its first object got, instead of calling the resolver for each object."""

    def mark(resolver: R) -> R:
        resolver.by_level = answers  # type: ignore[attr-defined]
        return direct(resolver)

    return mark


def _by_relation(
    relation: Hashable, compute: Callable[[Info, Level], tuple[dict[int, Any], list[Any] | None]]
) -> Answers[Any]:
    """The answers of ``relation`` for an object's level, computed once per level by
    ``compute(info, level)`` (see :func:`_answer`)."""

    def answers(obj: Any, info: Info) -> dict[int, Any]:
        context = info.context
        level = context.levels.get(id(obj)) or context.level_of(obj)
        return _answer(info, level, relation, lambda: compute(info, level))

    return answers


def related_level(attribute: str, kind: type[T] | None = None) -> Answers[list[T]]:
    """The answers of the relation to the objects whose IRIs ``obj.<attribute>`` holds (of
    class ``kind``), resolved for ``obj``'s whole level at once."""

    def compute(info: Info, level: Level) -> tuple[dict[int, Any], list[Any] | None]:
        wanted = {id(member): _iris(getattr(member, attribute, None)) for member in level.members}
        built = _built(info, (iri for iris in wanted.values() for iri in iris))
        kept = {key: _keep((built[iri] for iri in iris), kind) for key, iris in wanted.items()}
        return kept, [obj for obj in built.values() if obj is not None]

    return _by_relation((attribute, kind), compute)


def related(info: Info, obj: Any, attribute: str, kind: type[T] | None = None) -> list[T]:
    """The objects whose IRIs ``obj.<attribute>`` holds, resolved for its whole level."""
    return related_level(attribute, kind)(obj, info)[id(obj)]


def related_one(info: Info, obj: Any, attribute: str, kind: type[T] | None = None) -> T | None:
    """The object whose IRI ``obj.<attribute>`` holds, or None."""
    found = related(info, obj, attribute, kind)
    return found[0] if found else None


def referrers(info: Info, obj: Any, predicate: str, kind: type[T] | None = None) -> list[T]:
    """The objects pointing to ``obj`` through ``predicate``, resolved for its whole level."""
    records = info.context.records
    level = info.context.level_of(obj)
    relation = f"referrers {predicate}"
    if relation not in level.done:
        records.referrers(predicate, [member.iri for member in level.members])
    found = records.referrers(predicate, [])
    done = _resolve_level(info, obj, relation, lambda member: list(found[(predicate, member.iri)]))
    return _keep(done[id(obj)], kind)


def resource_of(info: Info, obj: Any) -> Resource | None:
    """The record ``obj`` was built from (read with those of its whole level: one query)."""
    records = info.context.records
    level = info.context.level_of(obj)
    if "record" not in level.done:
        records.resources(m.iri for m in level.members if isinstance(getattr(m, "iri", None), str))
        level.done["record"] = {}
    return records.resources([obj.iri])[obj.iri]


def _citations(info: Info, level: Level, attribute: str) -> dict[int, list[Any]]:
    """The citations of every member of ``level`` (one store query), as the next level."""

    def compute() -> tuple[dict[int, Any], list[Any] | None]:
        from nrgraph.graphql.types.citation import Citation

        keys = {id(member): _iris(getattr(member, attribute, None)) for member in level.members}
        found = info.context.records.citations(iri for iris in keys.values() for iri in iris)
        objects = info.context.records.objects
        for iris in keys.values():
            for iri in iris:
                for record in found[iri]:
                    if ("citation", record.key) not in objects:
                        objects["citation", record.key] = Citation.from_record(record)
        done = {key: [objects["citation", r.key] for iri in iris for r in found[iri]] for key, iris in keys.items()}
        return done, [c for cs in done.values() for c in cs]

    return _answer(info, level, ("citations", attribute), compute)


def citations_level(attribute: str = "iri") -> Answers[list[Any]]:
    """The answers of the relation to the citations of the fact whose IRI ``obj.<attribute>``
    holds, resolved for ``obj``'s whole level at once."""

    def answers(obj: Any, info: Info) -> dict[int, list[Any]]:
        context = info.context
        return _citations(info, context.levels.get(id(obj)) or context.level_of(obj), attribute)

    return answers


def citations(info: Info, obj: Any, attribute: str = "iri") -> list[Any]:
    """The citations of the fact whose IRI ``obj.<attribute>`` holds, for its whole level."""
    return citations_level(attribute)(obj, info)[id(obj)]


def sources_level(attribute: str = "iri") -> Answers[list[Any]]:
    """The answers of the relation to the distinct sources cited for the fact whose IRI
    ``obj.<attribute>`` holds, resolved for ``obj``'s whole level at once."""

    def compute(info: Info, level: Level) -> tuple[dict[int, Any], list[Any] | None]:
        from nrgraph.graphql.types.source import Source

        cited = _citations(info, level, attribute)
        built = _built(info, (c.source_iri for cs in cited.values() for c in cs))
        done: dict[int, Any] = {}
        for key, found in cited.items():
            seen: dict[str, Any] = {}
            for citation in found:
                source = built[citation.source_iri]
                if isinstance(source, Source) and source.iri not in seen:
                    seen[source.iri] = source
            done[key] = list(seen.values())
        return done, list({id(s): s for found in done.values() for s in found}.values())

    return _by_relation(("sources", attribute), compute)


def sources(info: Info, obj: Any, attribute: str = "iri") -> list[Any]:
    """The distinct sources cited for the fact whose IRI ``obj.<attribute>`` holds, for its whole level."""
    return sources_level(attribute)(obj, info)[id(obj)]
