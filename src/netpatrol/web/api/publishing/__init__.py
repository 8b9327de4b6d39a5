"""API for publications (M8)."""
