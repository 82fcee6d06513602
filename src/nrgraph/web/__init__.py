"""Everything HTTP: the ASGI app (:mod:`~nrgraph.web.app`), GraphQL over HTTP and GraphiQL,
the export routes, the explore page, bearer tokens, freshness watching, and the HTTP
server's own limits (:mod:`~nrgraph.web.limits`)."""
