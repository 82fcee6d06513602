"""GraphiQL, served by nrgraph itself, preloaded with the worked examples as titled tabs.

React, ReactDOM, GraphiQL and its explorer plugin come from npm (``package.json``) and
``make assets`` copies their UMD builds to ``static/graphiql/``; the page loads nothing from
anywhere else (a browser test blocks every other request). The examples are the named
operations of :mod:`nrgraph.graphql.examples`, so each tab carries its operation's name.
IRIs of resources in the answers open their pages (``static/site/site.js``).
"""

from __future__ import annotations

from functools import cache

from nrgraph.config import STATIC_DIR
from nrgraph.graphql.examples import examples
from nrgraph.inline_json import script_json
from nrgraph.web.html import page_attributes, site_header

__all__ = ["GRAPHIQL_DIR", "graphiql_html"]

GRAPHIQL_DIR = STATIC_DIR / "graphiql"
"""Where ``make assets`` copies GraphiQL, React and the explorer plugin (build output, not in git)."""

_PAGE = """<!doctype html>
<html lang="en" __ATTRIBUTES__>
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>nrgraph GraphQL (GraphiQL)</title>
<link rel="icon" href="static/site/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="static/site/site.css">
<link rel="stylesheet" href="static/graphiql/graphiql.min.css">
<link rel="stylesheet" href="static/graphiql/plugin-explorer.css">
<style>
  html, body { height: 100%; margin: 0; }
  body { display: flex; flex-direction: column; }
  #graphiql { flex: 1; min-height: 0; }
</style>
</head>
<body class="tool">
__HEADER__
<main id="graphiql" aria-label="GraphiQL">Loading GraphiQL…</main>
<script id="examples" type="application/json">__EXAMPLES__</script>
<script src="static/graphiql/react.production.min.js"></script>
<script src="static/graphiql/react-dom.production.min.js"></script>
<script src="static/graphiql/graphiql.min.js"></script>
<script src="static/graphiql/plugin-explorer.umd.js"></script>
<script src="static/site/site.js"></script>
<script>
(function () {
  "use strict";
  var examples = JSON.parse(document.getElementById("examples").textContent);
  var fetcher = GraphiQL.createFetcher({ url: new URL("graphql", window.location.href).href });
  var explorer = GraphiQLPluginExplorer.explorerPlugin();
  ReactDOM.createRoot(document.getElementById("graphiql")).render(
    React.createElement(GraphiQL, {
      fetcher: fetcher,
      plugins: [explorer],
      defaultEditorToolsVisibility: true,
      storage: null,
      defaultQuery: examples.length ? examples[0].query : "query Stats { stats { triples } }",
      defaultTabs: examples.map(function (e) { return { query: e.query }; }),
    })
  );
})();
</script>
</body>
</html>
"""

_MISSING = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>nrgraph GraphQL</title></head>
<body><main><h1>GraphiQL is not built</h1><p>The GraphQL endpoint works (POST a query to this URL);
the in-browser editor needs its files from npm: run <code>make assets</code>.</p></main></body></html>
"""


@cache
def graphiql_html() -> bytes:
    """The GraphiQL page with the examples embedded as JSON (or a page saying how to build it)."""
    if not (GRAPHIQL_DIR / "graphiql.min.js").is_file():
        return _MISSING.encode()
    data = [{"title": e.title, "name": e.operation, "query": e.query} for e in examples()]
    return (
        _PAGE.replace("__ATTRIBUTES__", page_attributes(""))
        .replace("__HEADER__", site_header("", current="graphql"))
        .replace("__EXAMPLES__", script_json(data))
        .encode()
    )
