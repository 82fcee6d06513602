"""The floor of the GraphQL benchmark: a bare ASGI app that answers constant JSON.

Served by the same uvicorn stack as nrgraph (uvloop and httptools from uvicorn[standard]),
it measures what the server and the load tool cost on their own.
"""

from __future__ import annotations

from typing import Any

BODY = b'{"data":{"hello":"world"}}'
HEADERS = [(b"content-type", b"application/json"), (b"content-length", str(len(BODY)).encode())]


async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
    if scope["type"] != "http":
        return
    more = True
    while more:  # drain the request body, as a real endpoint must
        message = await receive()
        more = message.get("more_body", False)
    await send({"type": "http.response.start", "status": 200, "headers": HEADERS})
    await send({"type": "http.response.body", "body": BODY})
