"""Root fields per feature, merged into one ``Query`` by :mod:`nrgraph.graphql.schema`."""
