"""The ``nrgraph`` command: click commands, thin (parse, call the facade, print)."""

from __future__ import annotations

from nrgraph.cli.main import main

__all__ = ["main"]
