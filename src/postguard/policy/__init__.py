"""The policy: schema, loading with file positions, templates and the handbook."""
