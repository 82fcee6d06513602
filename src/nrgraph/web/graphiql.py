"""GraphiQL, preloaded with the worked examples of :mod:`nrgraph.graphql.examples` as tabs."""

from __future__ import annotations

from functools import cache

from nrgraph.graphql.examples import examples
from nrgraph.inline_json import script_json

__all__ = ["graphiql_html"]

_PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>nrgraph GraphQL</title>
<style>body { margin: 0; } #graphiql { height: 100vh; }</style>
<link rel="stylesheet" href="https://unpkg.com/graphiql@3.8.3/graphiql.min.css"
  integrity="sha384-Mq3vbRBY71jfjQAt/DcjxUIYY33ksal4cgdRt9U/hNPvHBCaT2JfJ/PTRiPKf0aM" crossorigin>
</head>
<body>
<div id="graphiql">Loading GraphiQL…</div>
<script src="https://unpkg.com/react@18.2.0/umd/react.production.min.js"
  integrity="sha384-tMH8h3BGESGckSAVGZ82T9n90ztNXxvdwvdM6UoR56cYcf+0iGXBliJ29D+wZ/x8" crossorigin></script>
<script src="https://unpkg.com/react-dom@18.2.0/umd/react-dom.production.min.js"
  integrity="sha384-bm7MnzvK++ykSwVJ2tynSE5TRdN+xL418osEVF2DE/L/gfWHj91J2Sphe582B1Bh" crossorigin></script>
<script src="https://unpkg.com/graphiql@3.8.3/graphiql.min.js"
  integrity="sha384-HbRVEFG0JGJZeAHCJ9Xm2+tpknBQ7QZmNlO/DgZtkZ0aJSypT96YYGRNod99l9Ie" crossorigin></script>
<script id="examples" type="application/json">__EXAMPLES__</script>
<script>
  const examples = JSON.parse(document.getElementById("examples").textContent);
  const fetcher = GraphiQL.createFetcher({ url: window.location.href.split("?")[0] });
  ReactDOM.createRoot(document.getElementById("graphiql")).render(
    React.createElement(GraphiQL, {
      fetcher: fetcher,
      defaultEditorToolsVisibility: true,
      defaultQuery: examples.length ? examples[0].query : "{ stats { triples } }",
      defaultTabs: examples.map(function (e) { return { query: e.query }; }),
    })
  );
</script>
</body>
</html>
"""


@cache
def graphiql_html() -> bytes:
    """The GraphiQL page with the examples embedded as JSON (safe inside a script element)."""
    data = [{"title": e.title, "query": e.query} for e in examples()]
    return _PAGE.replace("__EXAMPLES__", script_json(data)).encode()
