"""JSON REST under /api/v1."""
