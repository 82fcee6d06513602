"""Imports every type module, so that each registers how it is built from a resource."""

from __future__ import annotations

from nrgraph.graphql.types.actor import Actor
from nrgraph.graphql.types.agreement import Agreement
from nrgraph.graphql.types.channel import Channel
from nrgraph.graphql.types.citation import Citation
from nrgraph.graphql.types.event import Event
from nrgraph.graphql.types.source import Source
from nrgraph.graphql.types.status_change import StatusChange
from nrgraph.graphql.types.status_period import StatusPeriod

__all__ = ["Actor", "Agreement", "Channel", "Citation", "Event", "Source", "StatusChange", "StatusPeriod"]
