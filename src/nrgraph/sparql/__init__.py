"""The SPARQL 1.1 endpoint: the protocol (:mod:`~nrgraph.sparql.endpoint`), what it refuses
(:mod:`~nrgraph.sparql.guard`), the worker pool that evaluates (:mod:`~nrgraph.sparql.worker`),
one query's run (:mod:`~nrgraph.sparql.query`), result formats (:mod:`~nrgraph.sparql.formats`,
:mod:`~nrgraph.sparql.results`), the service description and the example gallery."""
