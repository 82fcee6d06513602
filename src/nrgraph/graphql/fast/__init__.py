"""The GraphQL fast path: code that exists only for speed, kept apart from the schema."""
