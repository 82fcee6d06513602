"""The relationship as a network: the projection to networkx at a date
(:mod:`~nrgraph.network.projection`), analysis as plain functions on it
(:mod:`~nrgraph.network.analysis`), pictures (:mod:`~nrgraph.network.pictures`) and the
status colours they share (:mod:`~nrgraph.network.palette`)."""
