"""Resolving what an edit refers to: slugs, ``id:`` names, IRIs, source URLs and kinds.

Every reference is checked against the graph before anything is written, so that an
unknown subject or a misspelt actor gets an error naming the value and the nearest valid
ones.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

import pyoxigraph as ox
from rdflib import URIRef

from nrgraph.errors import AlreadyExists, InvalidInput, NotFound
from nrgraph.knowledge_graph import KnowledgeGraph
from nrgraph.namespaces import DATA, NRG, did_you_mean, kind_key, resolve_iri, slug_of

__all__ = ["MAX_SLUG_LENGTH", "References", "kebab", "mint", "slug_of"]

MAX_SLUG_LENGTH = 100
"""The longest slug an edit may mint (the longest in data/ has 68 characters)."""
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_DATA = str(DATA)


def kebab(name: str) -> str:
    """``MilitaryLiaisonMission`` -> ``military-liaison-mission``."""
    return re.sub(r"(?<!^)(?=[A-Z])", "-", name).lower()


def mint(slug: str) -> URIRef:
    """The IRI of a new curated resource; :class:`InvalidInput` unless ``slug`` is lower kebab case."""
    slug = slug.removeprefix("id:")
    if len(slug) > MAX_SLUG_LENGTH:
        raise InvalidInput(
            f"the slug {slug[:40]!r}… has {len(slug)} characters; a slug has at most {MAX_SLUG_LENGTH}"
        )
    if not _SLUG.match(slug):
        raise InvalidInput(
            f"{slug!r} is not a valid slug: use lower-case letters, digits and single hyphens, "
            "for example nato-russia-council"
        )
    return DATA[slug]


class References:
    """Lookups against the graph an edit will change."""

    def __init__(self, kg: KnowledgeGraph) -> None:
        self.kg = kg

    @staticmethod
    def iri(text: str) -> URIRef:
        """``nato``, ``id:nato`` or the full IRI -> the IRI (not checked to exist), by
        :func:`nrgraph.namespaces.resolve_iri`; a slug must be lower kebab case here, an IRI valid."""
        iri = resolve_iri(text)
        if iri.startswith(_DATA) and not _SLUG.match(iri[len(_DATA):]):
            raise InvalidInput(f"{text!r} is neither a slug (nato-russia-council), id:slug nor an IRI")
        try:
            ox.NamedNode(iri)
        except ValueError as error:
            raise InvalidInput(f"{text!r} is not a valid IRI ({error}); write it as an RFC 3987 IRI") from None
        return URIRef(iri)

    def is_instance(self, iri: URIRef, cls: URIRef) -> bool:
        """Whether ``iri`` is typed ``cls`` or a subclass of it."""
        return self.kg.ask("edit_instance_of", iri=ox.NamedNode(str(iri)), **{"class": ox.NamedNode(str(cls))})

    def instance(self, text: str, cls: URIRef, what: str) -> URIRef:
        """The IRI ``text`` names, which must be an instance of ``cls``; :class:`NotFound` if not."""
        return self.instance_of_any(text, (cls,), what)[0]

    def instance_of_any(self, text: str, classes: Sequence[URIRef], what: str) -> tuple[URIRef, URIRef]:
        """The IRI ``text`` names and the first of ``classes`` it is an instance of; :class:`NotFound` if none."""
        iri = self.iri(text)
        for cls in classes:
            if self.is_instance(iri, cls):
                return iri, cls
        raise NotFound(what, text, self._suggest(text, *classes))

    def _suggest(self, text: str, *classes: URIRef) -> str:
        slugs = [
            slug_of(row["iri"].value)
            for cls in classes
            for row in self.kg.select("instances", **{"class": ox.NamedNode(str(cls))})
        ]
        close = did_you_mean(text, slugs)
        if close:
            return close
        if not slugs:
            return "none is known yet; add it first"
        listed = ", ".join(slugs[:8]) + (f" and {len(slugs) - 8} more" if len(slugs) > 8 else "")
        return f"known: {listed}"

    def source(self, text: str) -> URIRef:
        """A source named by slug, ``id:``, IRI, or by the URL recorded as its ``nrg:url``."""
        value = text.strip()
        if value.startswith(("http://", "https://")) and not value.startswith(_DATA):
            rows = self.kg.select("edit_source_by_url", url=ox.Literal(value))
            if rows:
                return URIRef(rows[0]["source"].value)
            raise NotFound(
                "source with URL", value, "add it first with 'nrgraph add source SLUG --url URL --title ...'"
            )
        return self.instance(value, NRG.Source, "source")

    def kind(self, base: URIRef, name: str, what: str) -> URIRef:
        """The class ``name`` (``hotline``, ``Hotline``) among ``base`` and its subclasses."""
        rows = self.kg.select("edit_kinds", base=ox.NamedNode(str(base)))
        kinds = {kind_key(slug_of(row["class"].value)): URIRef(row["class"].value) for row in rows}
        if kind_key(name) not in kinds:
            valid = ", ".join(sorted(kebab(slug_of(iri)) for iri in kinds.values()))  # as the editing CLI spells them
            raise InvalidInput(f"{name!r} is not a kind of {what}; valid: {valid}")
        return kinds[kind_key(name)]

    def history_start(self, subject: URIRef) -> dt.date | None:
        """The first day of ``subject``'s status history, else of any dated fact; ``None`` if none."""
        rows = self.kg.select("edit_history_start", subject=ox.NamedNode(str(subject)))
        if not rows or "first" not in rows[0]:
            rows = self.kg.select("date_range")
        first = rows[0].get("first") if rows else None
        return dt.date.fromisoformat(first.value) if first is not None else None

    def cites(self, record: URIRef, source: str, locator: str) -> bool:
        """Whether ``record`` already has a citation of the source IRI ``source`` at ``locator``."""
        return self.kg.ask(
            "edit_cited", record=ox.NamedNode(str(record)), source=ox.NamedNode(source), locator=ox.Literal(locator)
        )

    def unused(self, iri: URIRef) -> URIRef:
        """``iri`` if nothing in the graph mentions it yet; :class:`AlreadyExists` otherwise."""
        if self.kg.ask("edit_mentioned", iri=ox.NamedNode(str(iri))):
            raise AlreadyExists(f"<{iri}> ({slug_of(iri)}) already exists; choose another slug")
        return iri

    def fresh(self, stem: str) -> URIRef:
        """The first unused IRI among ``id:stem``, ``id:stem-2``, ``id:stem-3``, ...

        A stem longer than a slug may be (a change concerning many parties) is cut.
        """
        stem = stem[: MAX_SLUG_LENGTH - 8].rstrip("-")
        number = 1
        while True:
            iri = mint(stem if number == 1 else f"{stem}-{number}")
            if not self.kg.ask("edit_mentioned", iri=ox.NamedNode(str(iri))):
                return iri
            number += 1
