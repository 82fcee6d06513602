"""The per-request context: the graph, the settings, the records read and the levels resolved."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import InitVar, dataclass, field
from typing import TYPE_CHECKING, Any

from nrgraph.catalogue.resources import Catalogue
from nrgraph.config import Settings
from nrgraph.graphql.limits import ListBounds
from nrgraph.graphql.loaders import Records
from nrgraph.network.questions import Answer, Asker, ask

if TYPE_CHECKING:
    from strawberry.types import Info as _Info

    from nrgraph.knowledge_graph import KnowledgeGraph

__all__ = ["Context", "Info", "Level"]


@dataclass(eq=False)
class Level:
    """Objects resolved together (the items of a list, or the children of a level), so that
    their relations are fetched together; ``done`` keeps each relation's answer per member."""

    members: list[Any]
    done: dict[Hashable, dict[int, Any]] = field(default_factory=dict)
    key: tuple[int, ...] | None = None
    """The ids of the members when they are all objects shared by the requests the records
    serve (see :data:`nrgraph.graphql.builders.SHARED_CLASSES`): the level's answers are then
    kept with the records under this key. None otherwise (or not yet worked out)."""
    keyed: bool = False


@dataclass
class Context:
    """What every resolver reaches through ``info.context``."""

    kg: KnowledgeGraph
    settings: Settings = field(default_factory=Settings)
    shared: InitVar[Records | None] = None
    """Records kept across requests for the same data version (see GraphQLApp); None: fresh ones."""
    editor: str | None = None
    """The name of the edit token the request authenticated with (None: it may not edit)."""
    request_id: str | None = None
    """The request's id (``X-Request-Id``, or one made up), recorded in the audit log."""
    list_bounds: Callable[[], ListBounds] | None = None
    """What gives the longest list of each field in the data, for the cost limit (None: the
    defaults of :class:`ListBounds`); called only when a query is costed, so a query refused
    earlier reads nothing."""

    network: Asker | None = None
    """Who answers the network questions (worker processes of the server); None: this process."""

    @property
    def bounds(self) -> ListBounds | None:
        """The longest list of each field in the data (see :attr:`list_bounds`)."""
        return None if self.list_bounds is None else self.list_bounds()
    records: Records = field(init=False)
    levels: dict[int, Level] = field(init=False, default_factory=dict)
    """The level of each object by id, for the levels indexed so far (see :meth:`level`)."""
    pending: list[list[Any]] = field(init=False, default_factory=list)
    """The levels registered since, in order: indexed when an object no level indexed is looked up."""

    def __post_init__(self, shared: Records | None) -> None:
        self.records = shared if shared is not None else Records(Catalogue(self.kg.store))

    def ask(self, as_of: str, question: Callable[..., Any], *args: Any, **kwargs: Any) -> Answer[Any]:
        """``question`` of the graph at ``as_of`` (:func:`~nrgraph.network.questions.ask`), by :attr:`network`."""
        if self.network is None:
            return ask(self.kg, as_of, question, *args, **kwargs)
        return self.network(as_of, question, *args, **kwargs)

    def level(self, members: list[Any]) -> list[Any]:
        """Register ``members`` as one level (they stay referenced, so their ids stay unique).

        Most levels of an answer are never asked for a relation (the last of each branch), so
        a level is indexed by its members' ids only when :meth:`level_of` looks up an object
        that no indexed level holds. An object of two levels may then be found in the earlier
        one: either batches its relations, and an object's answers do not depend on its level."""
        self.pending.append(members)
        return members

    def level_of(self, member: Any) -> Level:
        """The level ``member`` was resolved in (a level of its own if none)."""
        found = self.levels.get(id(member))
        if found is None and self.pending:
            for members in self.pending:
                self.levels.update(dict.fromkeys(map(id, members), Level(members)))
            self.pending.clear()
            found = self.levels.get(id(member))
        if found is None:
            found = self.levels[id(member)] = Level([member])
        return found


if TYPE_CHECKING:
    Info = _Info[Context, None]
else:
    from strawberry.types import Info as _Info

    Info = _Info[Context, None]
