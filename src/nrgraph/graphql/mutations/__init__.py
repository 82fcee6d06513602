"""The mutation roots, one module per feature, merged into ``Mutation`` by the schema."""

from __future__ import annotations

from nrgraph.graphql.mutations.editing import EditingMutation
from nrgraph.graphql.mutations.proposals import ProposalMutation

__all__ = ["EditingMutation", "ProposalMutation"]
