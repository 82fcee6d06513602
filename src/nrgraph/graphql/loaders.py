"""DataLoaders: each takes the keys of one level of a query and sends ONE store query.

The resource loader fetches every statement about a batch of IRIs with a ``VALUES`` block
(:meth:`nrgraph.catalogue.Catalogue.resources`); the referrer loaders fetch, per predicate,
who points to a batch (the channels of many actors at once); the citation loader fetches
the citations of a batch of facts. Results come back in key order, ``None`` (or an empty
tuple) for misses. Loaders live for one request, so their caches never outlive the data.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from strawberry.dataloader import DataLoader

from nrgraph.catalogue import Catalogue, CitationRecord, Resource

__all__ = ["Loaders"]


@dataclass
class Loaders:
    """The loaders of one request, over one catalogue."""

    catalogue: Catalogue
    resource: DataLoader[str, Resource | None] = field(init=False)
    citations: DataLoader[str, tuple[CitationRecord, ...]] = field(init=False)
    _referrers: dict[str, DataLoader[str, tuple[str, ...]]] = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        catalogue = self.catalogue

        async def resources(keys: list[str]) -> Sequence[Resource | None]:
            return catalogue.resources(keys)

        async def citations(keys: list[str]) -> Sequence[tuple[CitationRecord, ...]]:
            return catalogue.citations(keys)

        self.resource = DataLoader(load_fn=resources)
        self.citations = DataLoader(load_fn=citations)

    def referrers(self, predicate: str) -> DataLoader[str, tuple[str, ...]]:
        """The loader of the resources pointing to a key through ``predicate``."""
        loader = self._referrers.get(predicate)
        if loader is None:
            catalogue = self.catalogue

            async def load(keys: list[str]) -> Sequence[tuple[str, ...]]:
                return catalogue.referrers(predicate, keys)

            loader = self._referrers[predicate] = DataLoader(load_fn=load)
        return loader
