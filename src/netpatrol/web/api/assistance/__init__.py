"""The API of assistance between units (协查) and of what units share about a clue."""
