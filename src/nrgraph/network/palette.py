"""The colours and line styles of the statuses, shared by the DOT export, the pictures, the
explore page and the resource pages.

A status is drawn in the colour of its top concept (:data:`STATUS_COLOURS`); the narrower
active statuses, which a reader must not take for Active, also have their own line style and
shade (:data:`NARROWER_STYLES`): Restricted dashed, Dormant dotted. :func:`status_style` gives
both for any status.

>>> status_style("Active", "active")
('#1a9850', 'solid')
>>> status_style("Dormant", "active")
('#8a8f2a', 'dotted')
>>> status_style("Suspended", "suspended")
('#f28e2b', 'dashed')
"""

from __future__ import annotations

__all__ = ["NARROWER_STYLES", "STATUS_COLOURS", "UNKNOWN_COLOUR", "status_style"]

STATUS_COLOURS: dict[str, str] = {
    "active": "#1a9850",
    "suspended": "#f28e2b",
    "closed": "#d73027",
    "proposed": "#4e79a7",
}
"""Top status (``status_top``) -> colour: green, orange, red and blue, told apart by most
colour-blind readers too (active and closed also differ in line style)."""

NARROWER_STYLES: dict[str, tuple[str, str]] = {
    "Restricted": ("#1a9850", "dashed"),
    "Dormant": ("#8a8f2a", "dotted"),
}
"""Narrower active status -> (colour, line style): still in force, but not Active proper."""

UNKNOWN_COLOUR = "#777777"
"""The colour of an edge with no known status."""


def status_style(status: str, top: str) -> tuple[str, str]:
    """The colour and line style (``solid``, ``dashed`` or ``dotted``) of ``status`` under ``top``."""
    if status in NARROWER_STYLES:
        return NARROWER_STYLES[status]
    return STATUS_COLOURS.get(top, UNKNOWN_COLOUR), "solid" if top == "active" else "dashed"
