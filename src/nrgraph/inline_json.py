"""Data inlined in an HTML page: JSON that is safe inside a ``<script>`` element.

Every page that carries data in its HTML (``/explore``, the SPARQL explorer, GraphiQL) puts
it in a ``<script type="application/json">`` element written by :func:`script_json`, and by
nothing else. Inside a script element the HTML parser looks for ``</script`` and, after a
``<!--``, for ``<script`` too (the "script data double escaped" state): a label such as
``<!--<script>`` would swallow the rest of the page and leave it blank. So ``<``, ``>`` and
``&`` are written as ``\\u003c``, ``\\u003e`` and ``\\u0026``; JSON reads them back
unchanged, and the HTML parser never sees a tag. U+2028 and U+2029 are escaped too, as is
customary, for readers that take the text as JavaScript rather than JSON.

>>> script_json({"label": "<!--<script>&"})
'{"label":"\\\\u003c!--\\\\u003cscript\\\\u003e\\\\u0026"}'
"""

from __future__ import annotations

import json
from typing import Any

__all__ = ["script_json"]

_ESCAPES = str.maketrans({
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
})


def script_json(value: Any) -> str:
    """``value`` as compact JSON to place between ``<script type="application/json">`` tags.

    The characters replaced can only occur inside JSON strings, where the escape means the
    same character, so ``json.loads`` of the result equals ``value``.
    """
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).translate(_ESCAPES)
