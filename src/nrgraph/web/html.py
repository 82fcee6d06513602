"""The pieces every page of the site shares: escaping, the layout, the header with search.

Pages are written as Python strings (no template engine): every value that comes from the
data goes through :func:`text` (HTML-escaped) and every JSON island through
:func:`nrgraph.inline_json.script_json`, the one writer of data into a ``<script>``. Links
between pages are relative to ``base`` (``""`` at the top level, ``"../"`` under ``/id/``),
so the site works behind a proxy that mounts it under a path.

>>> text('<a href="x">')
'&lt;a href=&quot;x&quot;&gt;'
"""

from __future__ import annotations

import html

from nrgraph.namespaces import DATA

__all__ = ["NAV", "document", "local_href", "page_attributes", "site_header", "text"]

NAV: tuple[tuple[str, str, str], ...] = (
    ("home", "./", "Home"),
    ("graphql", "graphql", "GraphQL"),
    ("sparql", "sparql", "SPARQL"),
    ("explore", "explore", "Explore"),
    ("export", "export", "Exports"),
)
"""The site's sections: key, path relative to the site's root, name shown."""


def text(value: object) -> str:
    """``value`` as HTML text, safe in an element or a quoted attribute."""
    return html.escape(str(value), quote=True)


def local_href(iri: str, base: str) -> str | None:
    """The site's page for a resource IRI of the data namespace, or None for any other IRI.

    >>> local_href("https://w3id.org/nrgraph/id/nato", "../")
    '../id/nato'
    >>> local_href("https://example.org/x", "") is None
    True
    """
    namespace = str(DATA)
    if not iri.startswith(namespace) or len(iri) == len(namespace):
        return None
    return f"{base}id/{iri[len(namespace):]}"


def page_attributes(base: str) -> str:
    """Attributes of ``<html>`` that ``static/site/site.js`` reads to link IRIs to local pages."""
    return f'data-nrgraph-ids="{text(DATA)}" data-nrgraph-base="{text(base or "./")}"'


def site_header(base: str, current: str = "", query: str = "") -> str:
    """The banner every page opens with: the site's name, its sections and a search box."""
    links = "".join(
        f'<li><a href="{text(base + path)}"{" aria-current=page" if key == current else ""}>{text(name)}</a></li>'
        for key, path, name in NAV
    )
    return (
        '<header class="site"><a class="brand" href="' + text(base or "./") + '">nrgraph</a>'
        f'<nav aria-label="Sections"><ul>{links}</ul></nav>'
        f'<form class="search" role="search" action="{text(base)}search" method="get">'
        '<label for="site-search" class="visually-hidden">Search the graph</label>'
        '<input id="site-search" name="q" type="search" placeholder="Search actors, links, events…"'
        f' value="{text(query)}">'
        '<button type="submit">Search</button></form></header>'
    )


def document(title: str, body: str, *, base: str, current: str = "", query: str = "", head: str = "") -> str:
    """A whole page of the site: head (title, favicon, style), the header and ``body``."""
    return (
        f'<!doctype html>\n<html lang="en" {page_attributes(base)}>\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{text(title)} · nrgraph</title>\n"
        f'<link rel="icon" href="{text(base)}static/site/favicon.svg" type="image/svg+xml">\n'
        f'<link rel="stylesheet" href="{text(base)}static/site/site.css">\n{head}</head>\n<body>\n'
        f"{site_header(base, current, query)}\n<main class=\"page\">\n{body}\n</main>\n"
        f'<script src="{text(base)}static/site/site.js"></script>\n</body>\n</html>\n'
    )
