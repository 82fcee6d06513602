"""The ``Status`` enum: the concepts of the status scheme."""

from __future__ import annotations

import strawberry

from nrgraph.status import Status

__all__ = ["Status", "StatusValue"]

StatusValue = strawberry.enum(
    Status,
    name="Status",
    description=(
        "A status of nrg:StatusScheme. ACTIVE, SUSPENDED and CLOSED are top concepts with PROPOSED; "
        "RESTRICTED and DORMANT are narrower than ACTIVE; TERMINATED, WITHDRAWN, EXPIRED and "
        "REPLACED are narrower than CLOSED."
    ),
)
"""Registers :class:`nrgraph.status.Status` in place (it is the same class); annotate with ``Status``."""
