"""The kind enums: the most specific class of an actor, channel, agreement or event.

Each member's value is the local name of its class in the ontology (``HOTLINE`` is
``nrg:Hotline``); :func:`kind_of` picks a resource's kind, :func:`class_iri` maps back.
"""

from __future__ import annotations

import enum
import functools
from typing import TypeVar

import strawberry

from nrgraph.namespaces import NRG

__all__ = ["ActorKind", "AgreementKind", "ChannelKind", "EventKind", "class_iri", "classes", "kind_of"]

E = TypeVar("E", bound=enum.Enum)


@strawberry.enum(description="What an actor is.")
class ActorKind(enum.Enum):
    ACTOR = "Actor"
    STATE = "State"
    INTERNATIONAL_ORGANIZATION = "InternationalOrganization"
    BODY = "Body"
    NON_GOVERNMENTAL_ORGANIZATION = "NonGovernmentalOrganization"
    PERSON = "Person"


@strawberry.enum(description="What a channel is.")
class ChannelKind(enum.Enum):
    CHANNEL = "Channel"
    HOTLINE = "Hotline"
    FORUM = "Forum"
    DIPLOMATIC_MISSION = "DiplomaticMission"
    MILITARY_LIAISON_MISSION = "MilitaryLiaisonMission"
    MILITARY_DIALOGUE = "MilitaryDialogue"
    DECONFLICTION_LINE = "DeconflictionLine"
    COOPERATION_PROGRAMME = "CooperationProgramme"
    BACK_CHANNEL = "BackChannel"


@strawberry.enum(description="What an agreement is.")
class AgreementKind(enum.Enum):
    AGREEMENT = "Agreement"
    TREATY = "Treaty"
    POLITICAL_DECLARATION = "PoliticalDeclaration"
    MEMORANDUM_OF_UNDERSTANDING = "MemorandumOfUnderstanding"


@strawberry.enum(description="What an event is.")
class EventKind(enum.Enum):
    EVENT = "Event"
    SUMMIT = "Summit"
    MEETING = "Meeting"
    WAR = "War"
    EXPULSION = "Expulsion"
    DECISION = "Decision"
    INCIDENT = "Incident"


@functools.cache
def class_iri(kind: enum.Enum) -> str:
    """The ontology class of a kind."""
    return str(getattr(NRG, kind.value))


def classes(kind_enum: type[enum.Enum]) -> list[str]:
    """The class IRIs of every member of a kind enum."""
    return [class_iri(member) for member in kind_enum]


@functools.cache
def _by_class(kind_enum: type[E]) -> tuple[E, dict[str, E]]:
    members = list(kind_enum)
    return members[0], {class_iri(m): m for m in members[1:]}


@functools.lru_cache(maxsize=1024)
def kind_of(kind_enum: type[E], types: frozenset[str]) -> E:
    """The most specific kind among ``types`` (the generic kind, first member, if none)."""
    generic, specific = _by_class(kind_enum)
    found: list[E] = sorted((specific[t] for t in types if t in specific), key=lambda m: m.name)
    return found[0] if found else generic
