"""API for spread clusters, checks and debunks (M6)."""
