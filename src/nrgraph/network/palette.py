"""The colours of the statuses, shared by the DOT export, the pictures and the explore page."""

from __future__ import annotations

__all__ = ["STATUS_COLOURS", "UNKNOWN_COLOUR"]

STATUS_COLOURS: dict[str, str] = {
    "active": "#1a9850",
    "suspended": "#f28e2b",
    "closed": "#d73027",
    "proposed": "#4e79a7",
}
"""Top status (``status_top``) -> colour: green, orange, red and blue, told apart by most
colour-blind readers too (active and closed also differ in line style)."""

UNKNOWN_COLOUR = "#777777"
"""The colour of an edge with no known status."""
