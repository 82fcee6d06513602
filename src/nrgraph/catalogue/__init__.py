"""Curated resources read in batches (:mod:`~nrgraph.catalogue.resources`) and the
Hasura-style listing of them, compiled to SPARQL (:mod:`~nrgraph.catalogue.listing`)."""
