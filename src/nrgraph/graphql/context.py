"""The per-request context: the graph, the settings and fresh DataLoaders."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from nrgraph.catalogue import Catalogue
from nrgraph.config import Settings
from nrgraph.graphql.loaders import Loaders

if TYPE_CHECKING:
    from strawberry.types import Info as _Info

    from nrgraph.knowledge_graph import KnowledgeGraph

__all__ = ["Context", "Info"]


@dataclass
class Context:
    """What every resolver reaches through ``info.context``."""

    kg: KnowledgeGraph
    settings: Settings = field(default_factory=Settings)
    loaders: Loaders = field(init=False)

    def __post_init__(self) -> None:
        self.loaders = Loaders(Catalogue(self.kg.store))


if TYPE_CHECKING:
    Info = _Info[Context, None]
else:
    from strawberry.types import Info as _Info

    Info = _Info[Context, None]
