"""The vocabulary's IRIs as plain strings, read once from :mod:`nrgraph.namespaces`.

Resolvers compare and look up IRIs as ``str`` thousands of times per request; reading them
here once avoids rdflib's ``DefinedNamespace`` attribute machinery on the hot path. A typo
still raises ``AttributeError``.
"""

from __future__ import annotations

from types import SimpleNamespace

from nrgraph.namespaces import DCTERMS, NRG

__all__ = ["DC", "N"]

N = SimpleNamespace(**{name: str(getattr(NRG, name)) for name in NRG.__annotations__})
"""``N.endpoint`` is ``str(NRG.endpoint)``."""

DC = SimpleNamespace(**{name: str(DCTERMS[name]) for name in ("title", "creator", "publisher", "description")})
"""The Dublin Core terms the API reads."""
