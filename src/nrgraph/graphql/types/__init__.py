"""The GraphQL object types, one per module; cross references are lazy."""
