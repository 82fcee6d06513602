"""Everything HTTP: the ASGI app (:mod:`~nrgraph.web.app`), GraphQL over HTTP and GraphiQL,
the export routes, the explore page, bearer tokens and freshness watching."""
