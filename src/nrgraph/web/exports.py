"""HTTP: ``GET /export/{format}?asOf=DATE | period=P [&kind=K ...]``.

The body is the export with its format's media type and a ``Content-Disposition`` naming a
file; a bad format, date, period or kind is a 400 with the JSON error envelope
``{"error": {"code", "message", "valid_formats"}}``.
"""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from nrgraph.errors import InvalidInput, NrgraphError
from nrgraph.exports import FORMATS, export, get_format
from nrgraph.knowledge_graph import KnowledgeGraph
from nrgraph.temporal.model import Period

__all__ = ["error_response", "routes"]


def error_response(error: NrgraphError, status: int = 400) -> JSONResponse:
    """The JSON error envelope, with the export formats listed for the caller's next try."""
    body = {"error": {"code": error.code, "message": str(error), "valid_formats": list(FORMATS)}}
    return JSONResponse(body, status_code=status)


async def export_endpoint(request: Request) -> Response:
    """One export of the graph, at ``asOf``, over ``period`` or (neither) over all time."""
    kg: KnowledgeGraph = request.app.state.kg
    params = request.query_params
    as_of, period = params.get("asOf"), params.get("period")
    kinds = params.getlist("kind") or None
    unknown = sorted(set(params) - {"asOf", "period", "kind"})
    try:
        if unknown:
            raise InvalidInput(f"unknown parameter {unknown[0]!r}; valid: asOf, period, kind")
        if as_of is not None and period is not None:
            raise InvalidInput(f"give asOf ({as_of!r}) or period ({period!r}), not both")
        chosen = get_format(request.path_params["format"])
        window = Period.window(as_of, period)
        data = await run_in_threadpool(export, kg, chosen.name, as_of=as_of, period=period, kinds=kinds)
    except InvalidInput as error:
        return error_response(error)
    filename = chosen.file_name(str(window))
    return Response(
        data,
        media_type=chosen.media_type,
        headers={"Content-Disposition": f'inline; filename="{filename}"'},
    )


def routes() -> list[Route]:
    """The export routes, for :func:`nrgraph.web.app.create_app`."""
    return [Route("/export/{format}", export_endpoint, methods=["GET"])]
