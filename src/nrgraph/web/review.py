"""The review page, ``/review``: each document's text with the passages behind its proposals
highlighted, and the proposals beside it to accept or reject.

The page is static: it carries no data. The curator types an edit token, kept in the tab's
session storage, and the page asks GraphQL for ``proposalDocuments`` and calls
``acceptProposal`` / ``rejectProposal`` with it, under the same token rules as every edit.
The document text and the proposals are put in the page as text nodes (never as HTML), so
nothing a document says can become markup.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

from nrgraph.config import TEMPLATES_DIR
from nrgraph.web.html import site_header

__all__ = ["TEMPLATE", "routes"]

TEMPLATE = TEMPLATES_DIR / "review.html"


async def review_endpoint(request: Request) -> Response:
    """``GET /review``: the page."""
    del request
    page = TEMPLATE.read_text(encoding="utf-8").replace("{{ site_header }}", site_header(""))
    return HTMLResponse(page, headers={"cache-control": "no-store"})


def routes() -> list[Route]:
    """The review route, for :func:`nrgraph.web.app.create_app`."""
    return [Route("/review", review_endpoint, methods=["GET"])]
