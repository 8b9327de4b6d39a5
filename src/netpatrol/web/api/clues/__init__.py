"""API for clue work and measures (M4, M5)."""
